"""`cache info` and `cache clear`: the result cache (see accordctl.cli.replay)."""

from __future__ import annotations

import os

import typer

from accordctl.cli.app import Out, app

cache_app = typer.Typer(
    name="cache",
    help="The result cache: where it is, how big, and emptying it.\n\n"
    "Example: accordctl cache info",
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(cache_app, name="cache")


def _size(n: int) -> str:
    return f"{n / 2**20:.1f} MiB" if n >= 2**20 else f"{n / 2**10:.1f} KiB"


def _state(ctx: typer.Context, problem: str | None, root: str, day: str) -> str:
    """Whether the runs of this command line would use the cache, and if not, why: today's
    answers go to the day's folder where it is there, else to a new one in `root`."""
    from accordctl.cli.replay import enabled

    if ctx.find_root().params.get("no_cache"):
        return "off for this command line (--no-cache)"
    if not enabled():
        return "off (ACCORDCTL_NO_CACHE is set)"
    if problem is not None:
        return f"unusable: {problem} (every run is computed, none stored)"
    folder = os.path.join(root, day)
    writable = os.path.isdir(root) and os.access(root, os.W_OK | os.X_OK)
    if os.path.isdir(folder) and not os.access(folder, os.W_OK | os.X_OK):
        where = folder if writable else root  # today's folder, or the whole store
        return f"read-only: {where} cannot be written (answers are read, none stored)"
    if os.path.isdir(root) and not writable:
        if not os.path.isdir(folder):
            return f"read-only: {root} cannot be written (answers are read, none stored)"
        return f"on for today; {root} cannot be written (no folder for another day's answers)"
    return "on"


@cache_app.command(name="info")
def info(ctx: typer.Context) -> Out:
    """Where the result cache is, whether it is on, how many answers it holds and how big.

    Example: accordctl cache info
    """
    from accordctl.cli.replay import today_key
    from accordctl.core.text import visible
    from accordctl.store import cache

    store = cache.Store(cache.directory())
    problem = store.problem()
    found = store.entries()
    count = sum(n for n, _ in found.values())
    size = sum(s for _, s in found.values())
    day = today_key().decode()
    today = found.get(day, (0, 0))[0]
    return Out(
        f"directory: {visible(store.root)}\n"
        f"cache:     {visible(_state(ctx, problem, store.root, day))}\n"
        f"entries:   {count} ({_size(size)}): {today} of today, {count - today} of other days\n"
        f"limit:     {_size(cache.MAX_BYTES)} (other days' entries go first, then today's "
        "oldest)\n"
    )


@cache_app.command(name="clear")
def clear() -> Out:
    """Remove every stored answer (the next run of each command computes it again).

    Only accordctl's own files are removed: its folder in the cache directory is marked as
    its own, and nothing else there is touched.

    Example: accordctl cache clear
    """
    from accordctl.core.text import visible
    from accordctl.store import cache

    store = cache.Store(cache.directory())
    count, total = store.clear()
    problem = store.problem()
    note = f" ({problem})" if problem is not None and count == 0 else ""
    return Out(visible(f"removed {count} entries ({_size(total)}) from {store.root}{note}\n", "\n"))

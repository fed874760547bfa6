"""`cache info` and `cache clear`: the result cache (see accordctl.cli.replay)."""

from __future__ import annotations

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


@cache_app.command(name="info")
def info() -> Out:
    """Where the result cache is, how many answers it holds and how big it is.

    Example: accordctl cache info
    """
    from accordctl.cli.replay import enabled
    from accordctl.store import cache

    store = cache.Store(cache.directory())
    found = [e for e in store.entries() if not e[0].startswith(".tmp-")]
    state = "on" if enabled() else "off (ACCORDCTL_NO_CACHE is set)"
    return Out(
        f"directory: {store.path}\n"
        f"entries:   {len(found)} ({_size(sum(e[1] for e in found))}; at most "
        f"{_size(cache.MAX_BYTES)}, the least recently used pruned first)\n"
        f"cache:     {state}\n"
    )


@cache_app.command(name="clear")
def clear() -> Out:
    """Remove every stored answer (the next run of each command computes it again).

    Example: accordctl cache clear
    """
    from accordctl.store import cache

    store = cache.Store(cache.directory())
    count, total = store.clear()
    return Out(f"removed {count} entries ({_size(total)}) from {store.path}\n")

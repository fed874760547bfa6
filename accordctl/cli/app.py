"""The typer app, and which module holds each command: a run imports only the module of
the command it runs (typer inspects every registered command when it builds the command
line, and a run needs one)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Annotated, Any

import typer
from typer._click import _textwrap

from accordctl import __version__

SETTINGS: dict[str, Any] = {
    "name": "accordctl",
    "help": "Exact, explainable due dates for the 2008 Mexican security accord.\n\n"
    "Example: accordctl due --branch state",
    "rich_markup_mode": None,
    "pretty_exceptions_enable": False,
    "no_args_is_help": True,
    "add_completion": True,
}
app = typer.Typer(**SETTINGS)


def _usage_name(self: typer.core.TyperArgument) -> str:
    name = self.display_name_raw if self.required else f"[{self.display_name_raw}]"
    return name + ("..." if self.nargs != 1 else "")


# Help names an argument by its metavar alone: `ID`, `[PATH]...`, not typer's `{ID}` with a
# Python type beside it (`<str>`, `<list[Path]>`); tests/test_insight.py holds this. typer
# has no public hook for it: these two methods are private, hence typer's upper bound in
# pyproject.toml (a new major may rename them; the tests would say so).
typer.core.TyperArgument._usage_display_name = _usage_name  # type: ignore[method-assign]
typer.core.TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]


class _WholeWords(_textwrap.TextWrapper):
    """Help wrapped between words only, never at a hyphen inside one: `--as-of`,
    `general-law=2009-01-02` and `in-progress` stay whole, to be copied (click's wrapper
    breaks at hyphens; tests/test_messages.py holds this)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **{**kwargs, "break_on_hyphens": False})


_textwrap.TextWrapper = _WholeWords  # type: ignore[misc]

# command -> the module of accordctl.cli that registers it, in the order help lists them
COMMANDS = {
    "due": "due",
    "status": "due",
    "record": "record",
    "explain": "explain",
    "calc": "explain",
    "timeline": "explain",
    "diff": "diff",
    "ics": "calendar",
    "report": "report",
    "done": "edit",
    "drop": "edit",
    "mark": "edit",
    "reopen": "edit",
    "check": "check",
    "schema": "check",
    "cache": "cache",
}

# What the top-level help says of each command: a whole phrase on one line at 80 columns
# (click cuts a longer first sentence with "...").
SHORT_HELP = {
    "due": "List deadlines, their due dates and where each stands.",
    "status": "Count, per branch, the deadlines done, overdue and upcoming.",
    "record": "List the record: dated facts of what happened, and sources.",
    "explain": "Show how a date was reached, step by step, to the signing.",
    "calc": "Compute one phrase's date (the grammar on its own).",
    "timeline": "Draw the deadlines month by month, a lane per branch.",
    "diff": "Show which deadlines moved between two versions, and why.",
    "ics": "Export the dated deadlines to calendar and task programs.",
    "report": "Write the status page: one self-contained HTML file.",
    "done": "Record a commitment as done, and the fact it rests on.",
    "drop": "Record a commitment as dropped: it will not be done.",
    "mark": "Record a commitment's progress, or clear it (pending).",
    "reopen": "Clear the progress recorded for a commitment.",
    "check": "Validate a commitments file: every problem at once.",
    "schema": "Print the JSON Schema of the data file or of an output.",
}


@dataclass(frozen=True)
class Out:
    """What a command prints on stdout, and its exit code; `main` writes it.

    Text for machines (`machine`: JSON, CSV, a calendar) is UTF-8 whatever the locale;
    text for people is in the terminal's encoding, a character it lacks shown as `?`.
    A large document comes as `parts`, written as they are made, never whole in memory."""

    text: str = ""
    code: int = 0
    err: str = ""  # diagnostics, for stderr
    machine: bool = False
    parts: Iterable[str] | None = None  # instead of `text`

    def data(self) -> bytes:
        """The bytes to write on stdout (of `text`)."""
        if self.machine:  # a file name from the command line may not be UTF-8
            return self.text.encode("utf-8", errors="backslashreplace")
        encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
        return self.text.encode(encoding, errors="replace")

    def blocks(self) -> Iterator[bytes]:
        """The bytes to write on stdout, in blocks of about BLOCK bytes."""
        if self.parts is None:
            yield self.data()
            return
        block: list[str] = []
        size = 0
        for part in self.parts:
            block.append(part)
            size += len(part)
            if size >= BLOCK:
                yield replace(self, text="".join(block), parts=None).data()
                block, size = [], 0
        if block:
            yield replace(self, text="".join(block), parts=None).data()


BLOCK = 1 << 16  # a write of stdout, a part of a cached answer


def _version(value: bool) -> None:
    if value:
        from accordctl.store.files import write_stdout

        write_stdout(f"accordctl {__version__}\n".encode())
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Run the command even if its answer is in the result cache, and do not "
            "store it (as ACCORDCTL_NO_CACHE=1 does). Example: accordctl --no-cache due",
        ),
    ] = False,
) -> None:
    """Exact, explainable due dates for the 2008 Mexican security accord.

    Example: accordctl due --branch state
    """


def _register(modules: set[str]) -> None:
    for module in sorted(modules):
        importlib.import_module(f"accordctl.cli.{module}")


def full_app() -> typer.Typer:
    """The app with every command (for help, completion and the docs tests)."""
    _register(set(COMMANDS.values()))
    order = list(COMMANDS)
    app.registered_commands.sort(key=lambda c: order.index(c.name or ""))
    for command in app.registered_commands:
        command.short_help = SHORT_HELP[command.name or ""]
    return app


def app_for(argv: list[str]) -> typer.Typer:
    """The app with only the command being run; the whole app for help, --version,
    completion or a mistake."""
    start = 0
    while start < len(argv) and argv[start] == "--no-cache":  # a root option before it
        start += 1
    name = argv[start] if start < len(argv) else None
    if name not in COMMANDS:
        return full_app()
    _register({COMMANDS[name]})
    # A Typer of the one command, from the registry typer keeps of the big one (its
    # attributes, which typer documents nowhere: see the upper bound in pyproject.toml).
    # typer builds every registered command of a module at every run, and their options'
    # validators: the module's whole app cost 19% more cpu for `due --branch state` (two
    # commands) and 24% for `explain 1` (three) (farm-bench -n 20, paired; issue #23).
    small = typer.Typer(**SETTINGS)
    small.registered_callback = app.registered_callback
    small.registered_commands = [c for c in app.registered_commands if c.name == name]
    small.registered_groups = [g for g in app.registered_groups if g.name == name]
    return small

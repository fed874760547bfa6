"""The typer app, and which module holds each command: a run imports only the module of
the command it runs (typer inspects every registered command when it builds the command
line, and a run needs one)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Annotated, Any

import typer

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

# command -> the module of accordctl.cli that registers it
COMMANDS = {
    "due": "due",
    "status": "due",
    "check": "check",
    "schema": "check",
    "ics": "calendar",
    "explain": "explain",
    "calc": "explain",
    "timeline": "explain",
    "diff": "diff",
    "cache": "cache",
}


@dataclass(frozen=True)
class Out:
    """What a command prints on stdout, and its exit code; `main` writes it."""

    text: str = ""
    code: int = 0
    err: str = ""  # diagnostics, for stderr


def _version(value: bool) -> None:
    if value:
        print(f"accordctl {__version__}")
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
    small = typer.Typer(**SETTINGS)
    small.registered_callback = app.registered_callback
    small.registered_commands = [c for c in app.registered_commands if c.name == name]
    small.registered_groups = [g for g in app.registered_groups if g.name == name]
    return small

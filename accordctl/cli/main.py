"""The top-level handler: build the command line for the command being run, run it, write
its output, and turn every error into one line on stderr and its exit code (see
`errors.EXIT_CODES`)."""

from __future__ import annotations

import gc
import os
import sys
from typing import Any

import typer

from accordctl.cli.app import Out, app_for
from accordctl.errors import EXIT, AccordError


def say(message: str) -> None:
    """One line on stderr."""
    sys.stderr.write(message.rstrip("\n").replace("\n", " ") + "\n")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (see README, "Exit codes")."""
    args = sys.argv[1:] if argv is None else argv
    command = typer.main.get_command(app_for(args))
    # A run builds one large, acyclic object graph and exits: the cyclic garbage collector
    # would only rescan it again and again (half the time on a 100,000-entry file).
    gc.disable()
    try:
        rv: Any = command.main(args=args, prog_name="accordctl", standalone_mode=False)
        if isinstance(rv, Out):
            sys.stderr.write(rv.err)
            sys.stdout.write(rv.text)
            sys.stdout.flush()
            return rv.code
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as coreutils do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT["pipe"]
    except AccordError as e:
        say(str(e) if e.located else f"accordctl: {e}")
        return e.exit_code
    except typer.TyperException as e:  # usage errors of the command line itself
        say(f"accordctl: {e.format_message()}")
        return e.exit_code
    except typer.Abort:
        say("accordctl: aborted")
        return EXIT["interrupted"]
    except Exception as e:  # a bug: one line, unless asked for the traceback
        if os.environ.get("ACCORDCTL_DEBUG"):
            raise
        hint = "ACCORDCTL_DEBUG=1 shows the traceback; please report it"
        say(f"accordctl: internal error: {type(e).__name__}: {e} ({hint})")
        return EXIT["internal"]
    finally:
        gc.enable()
    return rv if isinstance(rv, int) else EXIT["ok"]


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())

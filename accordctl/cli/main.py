"""The top-level handler: answer from the result cache when this exact question was
answered before (see `replay`), else build the command line for the command being run, run
it, write its output, and turn every error into one line on stderr and its exit code (see
`errors.EXIT_CODES`).

Nothing heavy is imported at the top: a cached answer is written without typer, yaml or
rich ever being loaded."""

from __future__ import annotations

import gc
import os
import sys

from accordctl.cache import PINS
from accordctl.cli import replay

# Exit codes used before accordctl.errors is imported (tests hold them to errors.EXIT).
OK, PIPE, INTERRUPTED = 0, 141, 130


def say(message: str) -> None:
    """One line on stderr."""
    sys.stderr.write(message.rstrip("\n").replace("\n", " ") + "\n")


def emit(out: str, err: str) -> int:
    """Write a result: diagnostics to stderr, data to stdout; 141 when the reader of stdout
    went away (`| head`): stop quietly, as coreutils do."""
    try:
        sys.stderr.write(err)
        sys.stdout.write(out)
        sys.stdout.flush()
    except BrokenPipeError:
        return _pipe_closed()
    return OK


def _pipe_closed() -> int:
    # Point stdout at /dev/null, so that the interpreter's last flush does not fail too.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return PIPE


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (see README, "Exit codes")."""
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        question = replay.ask(args)
        hit = question.answer() if question is not None else None
        if hit is not None:
            return emit(*hit)
        return _run(args, question)
    except KeyboardInterrupt:
        say("accordctl: aborted")
        return INTERRUPTED
    finally:
        PINS.release()


def _run(args: list[str], question: replay.Question | None) -> int:
    """Run the command with typer; store its output when the question is cacheable."""
    import typer

    from accordctl.cli.app import Out, app_for
    from accordctl.errors import EXIT, AccordError

    command = typer.main.get_command(app_for(args))
    # A run builds one large, acyclic object graph and exits: the cyclic garbage collector
    # would only rescan it again and again (half the time on a 100,000-entry file). It is
    # switched back on only if it was on (in-process callers); the console script leaves
    # it off to the end.
    collecting = gc.isenabled()
    gc.disable()
    try:
        rv: object = command.main(args=args, prog_name="accordctl", standalone_mode=False)
        if isinstance(rv, Out):
            code = emit(rv.text, rv.err)
            if code == OK and rv.code == OK and question is not None:
                question.remember(rv.text, rv.err)
            return code or rv.code
    except BrokenPipeError:
        return _pipe_closed()
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
        if collecting:
            gc.enable()
    return rv if isinstance(rv, int) else EXIT["ok"]


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())

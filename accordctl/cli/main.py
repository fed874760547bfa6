"""The top-level handler: build the command line for the command being run, run it, write
its output, and turn every error into one line on stderr and its exit code (see
`errors.EXIT_CODES`)."""

from __future__ import annotations

import errno
import gc
import os
import signal
import sys
from typing import Any

from accordctl.errors import EXIT, AccordError, Interrupted
from accordctl.text import one_line

_WRITE_ERRORS = {errno.ENOSPC, errno.EIO, errno.EBADF, errno.EDQUOT, errno.EFBIG}


def say(message: str) -> None:
    """One line on stderr, control characters made visible; a closed or full stderr only
    loses the message."""
    try:
        if sys.stderr is not None:
            sys.stderr.write(one_line(message.rstrip("\n")) + "\n")
            sys.stderr.flush()
    except (OSError, ValueError):
        pass


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (see README, "Exit codes")."""
    args = sys.argv[1:] if argv is None else argv
    # A run builds one large, acyclic object graph and exits: the cyclic garbage collector
    # would only rescan it again and again (half the time on a 100,000-entry file).
    gc.disable()
    try:
        return _run(args)
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as coreutils do.
        from accordctl.files import discard_stdout

        discard_stdout()
        return EXIT["pipe"]
    except AccordError as e:
        say(str(e) if e.located else f"accordctl: {e}")
        return e.exit_code
    except OSError as e:  # files.py turns its own I/O errors into AccordErrors: this is
        if e.errno not in _WRITE_ERRORS:  # typer writing help or a message on stdout
            raise
        from accordctl.files import discard_stdout

        discard_stdout()
        say(f"accordctl: stdout: cannot write: {e.strerror}")
        return EXIT["output"]
    except (Interrupted, KeyboardInterrupt) as e:
        term = isinstance(e, Interrupted) and e.signum == signal.SIGTERM
        say(f"accordctl: interrupted ({'SIGTERM' if term else 'SIGINT'})")
        return EXIT["terminated"] if term else EXIT["interrupted"]
    except Exception as e:  # a bug: one line, unless asked for the traceback
        import typer

        if isinstance(e, typer.TyperException):  # usage errors of the command line itself
            if type(e).__name__ == "NoArgsIsHelpError":  # no arguments: the whole help
                sys.stderr.write(e.format_message().rstrip("\n") + "\n")
                return EXIT["usage"]
            say(f"accordctl: {e.format_message()}")
            return e.exit_code
        if os.environ.get("ACCORDCTL_DEBUG"):
            raise
        hint = "ACCORDCTL_DEBUG=1 shows the traceback; please report it"
        say(f"accordctl: internal error: {type(e).__name__}: {e} ({hint})")
        return EXIT["internal"]
    finally:
        gc.enable()


def _run(args: list[str]) -> int:
    import typer

    from accordctl.cli.app import Out, app_for
    from accordctl.files import write_stdout

    command = typer.main.get_command(app_for(args))
    try:
        rv: Any = command.main(args=args, prog_name="accordctl", standalone_mode=False)
    except typer.Abort:
        raise KeyboardInterrupt from None  # click's word for Ctrl-C
    if isinstance(rv, Out):
        if rv.err:
            say(rv.err)
        write_stdout(rv.data())
        return rv.code
    if sys.stdout is not None:
        sys.stdout.flush()  # what --help or --version printed
    return rv if isinstance(rv, int) else EXIT["ok"]


def run() -> None:
    """Console-script entry point (see accordctl._entry for the process-level set-up)."""
    sys.exit(main())

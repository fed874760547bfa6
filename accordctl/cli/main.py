"""The top-level handler: answer from the result cache when this exact question was
answered before (see `replay`), else build the command line for the command being run, run
it, write its output, and turn every error into one line on stderr and its exit code (see
`errors.EXIT_CODES`).

Nothing heavy is imported at the top: a cached answer is written without typer, yaml or
rich, and without the error classes, ever being loaded."""

from __future__ import annotations

import errno
import gc
import os
import sys

from accordctl.cli import replay
from accordctl.process.streams import write_out
from accordctl.store.pins import PINS

TYPE_CHECKING = False  # the typing machinery is not imported on a cached run
if TYPE_CHECKING:
    from collections.abc import Iterable

# Exit codes used before accordctl.core.errors is imported (tests hold them to errors.EXIT).
OK, OUTPUT, INTERNAL, HANGUP, INTERRUPTED, PIPE, TERMINATED = 0, 6, 70, 129, 130, 141, 143
_SIGNALS = {HANGUP: "SIGHUP", INTERRUPTED: "SIGINT", TERMINATED: "SIGTERM"}
# What writing to a full, closed or failing stdout raises (typer writing help, say).
_WRITE_ERRORS = {errno.ENOSPC, errno.EIO, errno.EBADF, errno.EDQUOT, errno.EFBIG}


PREFIX = "accordctl: "


def say(message: str) -> None:
    """One line on stderr, beginning `accordctl: ` (every message does, whoever wrote it:
    a grep or a log names the program), control characters made visible; a closed or full
    stderr only loses the message."""
    from accordctl.core.text import one_line

    line = one_line(message.rstrip("\n"))
    if not line.startswith(PREFIX):
        line = PREFIX + line
    try:
        if sys.stderr is not None:
            sys.stderr.write(line + "\n")
            sys.stderr.flush()
    except (OSError, ValueError):
        pass


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (see the manual, "Exit codes")."""
    args = sys.argv[1:] if argv is None else list(argv)
    # A run builds one large, acyclic object graph and exits: the cyclic garbage collector
    # would only rescan it again and again (half the time on a 100,000-entry file). It is
    # switched back on only if it was on (in-process callers); the console script leaves
    # it off to the end.
    collecting = gc.isenabled()
    gc.disable()
    try:
        question = replay.ask(args)
        hit = question.answer() if question is not None else None
        if hit is not None:
            return _emit(*hit)
        return _run(args, question)
    except BaseException as e:  # Ctrl-C, SIGTERM (accordctl._entry), click's Abort
        code = _interrupted(e)  # first: whatever was raised while the interruption unwound
        if code is not None:
            say(f"accordctl: interrupted ({_SIGNALS[code]})")
            return code
        if isinstance(e, BrokenPipeError):
            return _pipe_closed()
        # files.py turns its own I/O errors into AccordErrors: this is typer writing help
        # or a message on stdout
        if not isinstance(e, OSError) or e.errno not in _WRITE_ERRORS:
            raise
        _discard_stdout()
        say(f"accordctl: stdout: cannot write: {e.strerror}")
        return OUTPUT
    finally:
        PINS.release()
        if collecting:
            gc.enable()


def _interrupted(e: BaseException) -> int | None:
    """The exit code of an interruption, or None when `e` is none and wraps none."""
    from accordctl.process.stop import cause

    signum = cause(e)
    return None if signum is None else 128 + signum  # 129, 130, 143: see accordctl._entry


def _emit(out: bytes | Iterable[bytes], err: str, kept: list[bytes] | None = None) -> int:
    """Write a result: data to stdout, then diagnostics to stderr, so that a count or a
    summary ends the answer on a terminal (streams.write_out, with nothing else imported:
    a cached answer is all this run does). `out` may come in blocks, each written as it
    is made (and added to `kept`, for the cache)."""
    failed = None
    for block in [out] if isinstance(out, bytes) else out:  # made outside the `try`
        if not block:  # nothing to write: a closed stdout is no error
            continue
        try:
            write_out(block)
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as e:
            _discard_stdout()
            failed = f"accordctl: stdout: cannot write: {getattr(e, 'strerror', None) or e}"
            break
        if kept is not None:
            kept.append(block)
    for line in err.splitlines():
        say(line)
    if failed is not None:
        say(failed)
        return OUTPUT
    return OK


def _pipe_closed() -> int:
    """The reader went away (`| head`): stop quietly, as coreutils do."""
    _discard_stdout()
    return PIPE


def _discard_stdout() -> None:
    from accordctl.store.files import discard_stdout

    discard_stdout()


class _ClosedStdout:
    """Stands for a stdout that was closed when the run began, so that what typer would
    print there (help, --version) fails as our own output does, instead of vanishing."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "it is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def _run(args: list[str], question: replay.Question | None) -> int:
    """Run the command with typer; store its output when the question is cacheable."""
    import typer

    if sys.stdout is None:
        sys.stdout = _ClosedStdout()  # type: ignore[assignment,unused-ignore]

    from accordctl.cli.app import Out, app_for
    from accordctl.core.errors import EXIT, AccordError

    try:
        command = typer.main.get_command(app_for(args))
        from accordctl.cli.once import check_once

        check_once(command, args)  # an option given twice is refused, not resolved
        try:
            rv: object = command.main(args=args, prog_name="accordctl", standalone_mode=False)
        except typer.Abort:
            raise KeyboardInterrupt from None  # click's word for Ctrl-C
        except SystemExit as e:  # click exits 1 itself when a pipe it writes to breaks
            if isinstance(e.__context__, BrokenPipeError):
                return _pipe_closed()
            raise
        if isinstance(rv, Out):
            kept: list[bytes] | None = [] if question is not None else None
            code = _emit(rv.blocks(), rv.err, kept)
            if code == OK and rv.code == OK and question is not None and kept is not None:
                question.remember(kept, rv.err)
            return code or rv.code
    except AccordError as e:
        if _interrupted(e) is not None:  # an error raised while an interruption unwound
            raise
        say(str(e))
        return e.exit_code
    except typer.TyperException as e:  # usage errors of the command line itself
        if type(e).__name__ == "NoArgsIsHelpError":  # no arguments: the whole help
            sys.stderr.write(e.format_message().rstrip("\n") + "\n")
            return EXIT["usage"]
        say(f"accordctl: {e.format_message()}")
        return e.exit_code
    except (BrokenPipeError, KeyboardInterrupt):
        raise
    except OSError as e:
        if e.errno in _WRITE_ERRORS or _interrupted(e) is not None:
            raise
        return _bug(e)
    except Exception as e:
        if _interrupted(e) is not None:  # a signal, wrapped (a RuntimeError, say): no bug
            raise
        return _bug(e)
    if sys.stdout is not None:
        sys.stdout.flush()  # what --help or --version printed
    return rv if isinstance(rv, int) else EXIT["ok"]


def _bug(e: Exception) -> int:
    """A bug: one line, unless asked for the traceback."""
    if os.environ.get("ACCORDCTL_DEBUG"):
        raise e
    hint = "ACCORDCTL_DEBUG=1 shows the traceback; please report it"
    say(f"accordctl: internal error: {type(e).__name__}: {e} ({hint})")
    return INTERNAL


def run() -> None:
    """Console-script entry point (see accordctl._entry for the process-level set-up)."""
    sys.exit(main())

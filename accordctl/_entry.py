"""The console script's entry point: what a whole process needs around the command line.

The cyclic garbage collector is off (a short run builds an acyclic object graph and
exits); SIGINT, SIGTERM and SIGHUP end the run with one line and 130, 143 or 129 at any
moment from the first line of this module on (its first act is to take them: before it,
the interpreter and the console script's wrapper have Python's defaults), and no temporary
file is left; closed standard streams are held open on /dev/null, so that no file opened
later takes their place (writing to a closed stdout is then an error); and the run leaves
without the interpreter's teardown, once everything is written."""

import signal

STOPS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
_early: list[int] = []  # the stopping signal that came while this module was imported


def _early_stop(signum: int, frame: object) -> None:
    """Until `run` raises for it: remember the signal, and ignore the next ones."""
    for sig in STOPS:
        signal.signal(sig, signal.SIG_IGN)
    _early.append(signum)


# Taken before anything else is imported (even accordctl's own exception): a signal that
# comes meanwhile waits for `run`, which raises it where every interruption is handled.
for _sig in STOPS:
    try:
        if signal.getsignal(_sig) is not signal.SIG_IGN:  # as `nohup` or `cmd &` set it
            signal.signal(_sig, _early_stop)
    except ValueError:  # not the main thread (an embedding program's import): left alone
        break

import gc  # noqa: E402 - after the handlers, on purpose
import os  # noqa: E402
import sys  # noqa: E402

from accordctl.process import stop  # noqa: E402


def _stop(signum: int, frame: object) -> None:
    for sig in STOPS:  # one interruption; cleanup runs in peace
        signal.signal(sig, signal.SIG_IGN)
    stop.received = signum
    raise stop.Interrupted(signum)


def _hold_closed_streams() -> None:
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            held = os.open(os.devnull, os.O_RDWR)  # the lowest free descriptor: this one
            if held != fd:
                os.dup2(held, fd)
                os.close(held)


def _say_stopped(signum: int) -> int:
    """The one line, and the exit code: 130 (SIGINT), 143 (SIGTERM), 129 (SIGHUP)."""
    try:
        if sys.stderr is not None:
            sys.stderr.write(f"accordctl: interrupted ({signal.Signals(signum).name})\n")
    except OSError:
        pass
    return 128 + signum


def run() -> None:
    """`accordctl` on the command line."""
    code = 0
    try:
        for sig in STOPS:
            if signal.getsignal(sig) is _early_stop:  # not ignored (nohup, `cmd &`, a signal)
                signal.signal(sig, _stop)
        if _early:  # a signal came while this module was imported
            stop.received = _early[0]
            raise stop.Interrupted(_early[0])
        gc.disable()
        _hold_closed_streams()
        from accordctl.cli.main import main
        from accordctl.process import lifetime

        lifetime.exiting = True  # large graphs are kept, not freed, till the os._exit below
        code = main()
    except BaseException as e:  # an interruption before or after `main` handles its own
        signum = stop.cause(e)  # an Interrupted, or one wrapped (a RuntimeError, say)
        if signum is None:
            raise
        code = _say_stopped(signum)
    finally:
        for sig in STOPS:  # the run is over: exit quietly
            signal.signal(sig, signal.SIG_IGN)
    if stop.received is not None and code < 128:  # raised where Python ignores exceptions
        code = _say_stopped(stop.received)
    # Everything is written: flush, then skip the interpreter's teardown (a full garbage
    # collection and the freeing of every module's objects, 10% of a short run). Nothing
    # of ours waits for it: outputs are written and renamed into place before main returns.
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except BrokenPipeError:
        code = code or 141  # the reader went away (`| head`); see errors.EXIT["pipe"]
    except (OSError, ValueError):
        sys.exit(code)  # let the interpreter report it, as it would have
    os._exit(code)

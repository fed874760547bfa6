"""The exception a stopping signal (SIGINT, SIGTERM, SIGHUP) raises in a run, and the signal
received, if any. Only the standard library: the console script imports this before it
installs its handlers, so that a handler never imports while the run is importing."""

from __future__ import annotations

import signal

STOPS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
received: int | None = None  # the first stopping signal this process received


class Interrupted(BaseException):
    """SIGINT, SIGTERM or SIGHUP arrived: the run stops (cleanup runs) and exits 128 + the
    signal's number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def cause(e: BaseException | None) -> int | None:
    """The stopping signal behind `e`: `e` itself (an Interrupted, or KeyboardInterrupt for
    SIGINT) or what it wraps, followed through `__cause__` and `__context__` (Python 3.11
    wraps an exception raised in `__set_name__` in a RuntimeError, so a signal that arrives
    while a module defines a class arrives so wrapped); None when there is none."""
    seen: set[int] = set()
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        if isinstance(e, Interrupted):
            return e.signum
        if isinstance(e, KeyboardInterrupt):
            return 2  # SIGINT, whose number is 2 everywhere
        e = e.__cause__ or e.__context__
    return None


class deferred:
    """SIGINT, SIGTERM and SIGHUP held back while the body runs, and delivered as it ends:
    around the creation of a file and the keeping of its name, so that an interruption,
    which comes only once the name is kept, finds the file to remove. (A signal arriving
    inside `mkstemp`, after it made the file but before it returned the name, left it.)"""

    def __enter__(self) -> None:
        block = getattr(signal, "pthread_sigmask", None)  # not on Windows: nothing held
        self.mask = block(signal.SIG_BLOCK, STOPS) if block is not None else None

    def __exit__(self, *exc: object) -> None:
        if self.mask is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, self.mask)

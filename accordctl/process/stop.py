"""The exception a stopping signal (SIGINT, SIGTERM, SIGHUP) raises in a run, and the signal
received, if any. Only the standard library: the console script imports this before it
installs its handlers, so that a handler never imports while the run is importing."""

from __future__ import annotations

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

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

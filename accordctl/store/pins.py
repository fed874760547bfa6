"""The bytes of the data files a result's key covers (see accordctl.cli.replay).

While `PINS` is active, the loader reads those files from it rather than from disk, so that
a result is computed from exactly the bytes in its key even if a file changes meanwhile,
and it counts every other file read: a result that read a file outside its key is not
stored. Only the standard library is imported here: this runs before anything else.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # the typing machinery is not imported on a cached run
if TYPE_CHECKING:
    from pathlib import Path


class Pins:
    """The bytes of the files a result's key was computed over (see the module's doc)."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.active = False
        self.strays = 0  # files read while active that were not pinned

    def pin(self, files: dict[str, bytes]) -> None:
        """Serve these files (real path -> bytes) from now on, and count others."""
        self.files, self.active, self.strays = dict(files), True, 0

    def release(self) -> None:
        """Read from disk again."""
        self.files, self.active = {}, False

    def outside(self) -> None:
        """Note a read of something no key covers (a git revision, say)."""
        self.strays += self.active

    def read(self, path: Path) -> bytes:
        """A file's bytes: pinned ones from memory, others from disk (and counted)."""
        if self.active:
            raw = self.files.get(os.path.realpath(path))
            if raw is not None:
                return raw
            self.strays += 1
        return path.read_bytes()


PINS = Pins()

"""A store of command results on disk, and the file bytes a result was computed from.

The store keeps bytes only (never pickle or marshal): an entry is a header, the key it
answers, the lengths and a hash of its two parts, then the parts. `get` returns them only
when every check passes, and anything odd (a foreign, truncated, corrupt or unowned entry, a
directory we cannot read or write) is a miss, never an error. Entries are written to a
temporary file and renamed into place, so concurrent writers and readers see a whole entry
or none; the store is pruned, oldest first, to `MAX_BYTES`.

`PINS` holds the bytes of the data files a result's key covers: while it is active the
loader reads those files from it rather than from disk (so the result is computed from
exactly the bytes in its key, even if a file changes meanwhile), and counts every other
file it reads (a result that read a file outside its key is not stored).

Only the standard library is imported here: this runs before anything else on every run.
"""

from __future__ import annotations

import os
import stat
import sys

TYPE_CHECKING = False  # the typing machinery is not imported on a cached run
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

try:  # the built-in module, without hashlib's OpenSSL start-up (a few ms a run)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

APP = "accordctl"
MAGIC = b"accordctl-result\x00v1\n"  # the format of an entry; a change of layout changes it
DIGEST = 32  # bytes of each blake2b digest
_LENGTHS = 16  # two 8-byte big-endian lengths
HEADER = len(MAGIC) + DIGEST + _LENGTHS + DIGEST
MAX_BYTES = 256 << 20  # the whole store; oldest entries are pruned beyond it
MAX_ENTRY = 64 << 20  # a larger result is not stored
STALE_TEMP = 3600  # seconds after which a left-over temporary file is removed


def digest(*parts: bytes) -> bytes:
    """A blake2b-256 digest of several byte strings, each length-prefixed (so that no two
    different lists of parts give the same input)."""
    h = blake2b(digest_size=DIGEST)
    for part in parts:
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.digest()


def directory() -> str:
    """Where the store lives: `ACCORDCTL_CACHE_DIR`, else the platform's user cache
    directory (platformdirs; on Linux the XDG rule, `$XDG_CACHE_HOME/accordctl` or
    `~/.cache/accordctl`, is applied here without importing platformdirs, which costs more
    than a whole cached run)."""
    given = os.environ.get("ACCORDCTL_CACHE_DIR")
    if given:
        return os.path.abspath(given)
    if sys.platform == "linux":
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        if os.path.isabs(xdg):
            return os.path.join(xdg, APP)
        home = os.environ.get("HOME", "")
        if os.path.isabs(home):
            return os.path.join(home, ".cache", APP)
    import platformdirs

    return str(platformdirs.user_cache_dir(APP, appauthor=False))


def _owned(info: os.stat_result) -> bool:
    """Whether a file or directory belongs to the user running us."""
    getuid = getattr(os, "getuid", None)
    return getuid is None or info.st_uid == getuid()


class Store:
    """Results on disk, one file an entry, named by the hex of its key."""

    def __init__(self, path: str) -> None:
        self.path = path

    def _entry(self, key: bytes) -> str:
        return os.path.join(self.path, key.hex())

    def _usable_dir(self) -> bool:
        try:
            info = os.stat(self.path)
        except OSError:
            return False
        return stat.S_ISDIR(info.st_mode) and _owned(info)

    def get(self, key: bytes) -> tuple[bytes, bytes] | None:
        """The stored (stdout, stderr) of `key`, or None when there is no sound entry."""
        if len(key) != DIGEST or not self._usable_dir():
            return None
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            fd = os.open(self._entry(key), flags | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            size = info.st_size
            if not stat.S_ISREG(info.st_mode) or not _owned(info):
                return None
            if size < HEADER or size > HEADER + MAX_ENTRY:
                return None
            data = _read_all(fd, size + 1)  # one byte more: a file that grew is refused
        except OSError:
            return None
        finally:
            os.close(fd)
        entry = _parse(data, key)
        if entry is not None:
            _quietly(os.utime, self._entry(key))  # recently used entries are pruned last
        return entry

    def put(self, key: bytes, out: bytes, err: bytes) -> bool:
        """Store a result; False (and nothing on disk) when it cannot be stored."""
        if len(key) != DIGEST or len(out) + len(err) > MAX_ENTRY:
            return False
        try:
            os.makedirs(self.path, mode=0o700, exist_ok=True)
        except OSError:
            return False
        if not self._usable_dir():
            return False
        import tempfile

        data = b"".join(
            [
                MAGIC,
                key,
                len(out).to_bytes(8, "big"),
                len(err).to_bytes(8, "big"),
                digest(out, err),
                out,
                err,
            ]
        )
        try:
            fd, tmp = tempfile.mkstemp(dir=self.path, prefix=".tmp-")
        except OSError:
            return False
        stored = False
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, self._entry(key))
            stored = True
        except OSError:
            return False
        finally:
            if not stored:  # failed or interrupted: no temporary file left
                _quietly(os.unlink, tmp)
        self.prune()
        return True

    def entries(self) -> list[tuple[str, int, float]]:
        """(name, size, mtime) of every entry and left-over temporary file we own."""
        out = []
        try:
            with os.scandir(self.path) as it:
                for e in it:
                    try:
                        info = e.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    if stat.S_ISREG(info.st_mode) and _owned(info) and _ours(e.name):
                        out.append((e.name, info.st_size, info.st_mtime))
        except OSError:
            return []
        return out

    def prune(self, limit: int | None = None) -> None:
        """Remove the oldest entries until the store holds at most `limit` bytes (default
        `MAX_BYTES`), and temporary files left by runs that died."""
        import time

        cap = MAX_BYTES if limit is None else limit
        now = time.time()
        found = sorted(self.entries(), key=lambda e: e[2])
        total = sum(size for _, size, _ in found)
        for name, size, mtime in found:
            temp = name.startswith(".tmp-")
            if temp and now - mtime <= STALE_TEMP:
                continue  # another run is writing it
            if (temp or total > cap) and _quietly(os.unlink, os.path.join(self.path, name)):
                total -= size

    def clear(self) -> tuple[int, int]:
        """Remove every entry; return how many and how many bytes."""
        count = total = 0
        for name, size, _ in self.entries():
            if _quietly(os.unlink, os.path.join(self.path, name)):
                count, total = count + (not name.startswith(".tmp-")), total + size
        return count, total


def _quietly(call: Callable[[str], object], path: str) -> bool:
    """Whether `call(path)` worked; an OSError only means no."""
    try:
        call(path)
    except OSError:
        return False
    return True


def _ours(name: str) -> bool:
    """An entry's name (the hex of a key) or one of our temporary files."""
    if name.startswith(".tmp-"):
        return True
    return len(name) == 2 * DIGEST and all(c in "0123456789abcdef" for c in name)


def _read_all(fd: int, limit: int) -> bytes:
    chunks = []
    left = limit
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 24))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _parse(data: bytes, key: bytes) -> tuple[bytes, bytes] | None:
    """An entry's (stdout, stderr) if its header, key, lengths and hash all check out."""
    if len(data) < HEADER or not data.startswith(MAGIC):
        return None
    at = len(MAGIC)
    if data[at : at + DIGEST] != key:
        return None
    at += DIGEST
    n_out = int.from_bytes(data[at : at + 8], "big")
    n_err = int.from_bytes(data[at + 8 : at + 16], "big")
    at += _LENGTHS
    check = data[at : at + DIGEST]
    at += DIGEST
    if len(data) != at + n_out + n_err:
        return None
    out, err = data[at : at + n_out], data[at + n_out :]
    if digest(out, err) != check:
        return None
    return out, err


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

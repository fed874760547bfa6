"""A store of command results on disk, and the file bytes a result was computed from.

The store keeps bytes only (never pickle or marshal): an entry is a header, the key it
answers, the lengths and a hash of the key and the two parts, then the parts. `get` returns
them only when every check passes, and anything odd (a foreign, truncated, corrupt or
unowned entry, a folder we cannot read or write) is a miss, never an error. Entries are
written to a temporary file and renamed into place, so concurrent writers and readers see a
whole entry or none.

The store keeps to a folder of its own inside the cache directory, marked as ours, and
counts, prunes and removes nothing there but its own names, so that the cache directory may
be shared with other programs (`ACCORDCTL_CACHE_DIR=~/.cache`):

    DIR/accordctl-results/CACHEDIR.TAG                    the mark (bford.info/cachedir)
    DIR/accordctl-results/2031-01-01/accordctl-usage      what the day stored: a ledger
    DIR/accordctl-results/2031-01-01/9c/accordctl-9c4f...  an entry, by its key's hex
    DIR/accordctl-results/2031-01-01/9c/.accordctl-tmp-*  an entry being written

Every key holds the day it was asked on, so an entry of another day is never asked for
again: each store removes up to SWEEP files of other days, and when the store is full, the
other days go whole, then today's oldest entries. No store scans the store to decide: each
day's ledger (a byte appended per KiB stored, so that concurrent runs need no lock) says
what it holds.

Only the standard library is imported here: this runs before anything else on every run.
"""

from __future__ import annotations

import os
import stat
import sys

TYPE_CHECKING = False  # the typing machinery is not imported on a cached run
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

try:  # the built-in module (hashlib's own): hashlib would load OpenSSL, 2.6 ms of cpu
    from _blake2 import blake2b  # in a 19 ms cached run (docs/maintainers/benchmarks.md)
except ImportError:  # pragma: no cover - a Python built without it, or a later one
    from hashlib import blake2b

APP = "accordctl"
ROOT = "accordctl-results"  # our folder inside the cache directory
TAG_NAME = "CACHEDIR.TAG"
TAG = (  # the Cache Directory Tagging signature (backup tools skip the folder), and ours
    b"Signature: 8a477f597d28d172789f06886806bc55\n"
    b"# accordctl's result cache: written and pruned by accordctl alone (accordctl cache info)\n"
)
ENTRY, TEMP, USAGE = "accordctl-", ".accordctl-tmp-", "accordctl-usage"
MAGIC = b"accordctl-result\x00v2\n"  # the format of an entry; a change of layout changes it
OLDER = MAGIC[:17]  # any version's (v1's hash left out the key: an entry renamed was served)
DIGEST = 32  # bytes of each blake2b digest
_LENGTHS = 16  # two 8-byte big-endian lengths
HEADER = len(MAGIC) + DIGEST + _LENGTHS + DIGEST
MAX_BYTES = 256 << 20  # the whole store: beyond it, other days, then today's oldest go
MAX_ENTRY = 64 << 20  # a larger result is not stored
SWEEP = 128  # files of other days removed per store (the work of a store stays bounded)
STALE_TEMP = 3600  # seconds after which a temporary file is taken for a dead run's
_HEX = frozenset("0123456789abcdef")


def digest(*parts: bytes | list[bytes]) -> bytes:
    """A blake2b-256 digest of several byte strings (or lists of blocks, taken as joined),
    each length-prefixed (so that no two different lists of parts give the same input)."""
    h = blake2b(digest_size=DIGEST)
    for part in parts:
        blocks = [part] if isinstance(part, bytes) else part
        h.update(sum(map(len, blocks)).to_bytes(8, "big"))
        for block in blocks:
            h.update(block)
    return h.digest()


def directory() -> str:
    """The cache directory: `ACCORDCTL_CACHE_DIR`, else the platform's user cache
    directory (platformdirs; on Linux the XDG rule, `$XDG_CACHE_HOME/accordctl` or
    `~/.cache/accordctl`, is applied here without importing platformdirs, which costs more
    than a whole cached run). The store is the folder `ROOT` inside it."""
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


def is_day(name: str) -> bool:
    """Whether `name` is a day's folder name, `YYYY-MM-DD`."""
    digits = name[:4] + name[5:7] + name[8:]
    return len(name) == 10 and name[4] == name[7] == "-" and digits.isdigit() and name.isascii()


def _is_hex(name: str, length: int) -> bool:
    return len(name) == length and not set(name) - _HEX


class Store:
    """Results on disk, one file an entry, in a folder of the day and of its key's hex."""

    def __init__(self, path: str) -> None:
        self.path = path  # the cache directory
        self.root = os.path.join(path, ROOT)  # the store: ours alone

    def _entry(self, key: bytes, day: str) -> str:
        name = key.hex()
        return os.path.join(self.root, day, name[:2], ENTRY + name)

    def get(self, key: bytes, day: str) -> tuple[bytes, bytes] | None:
        """The stored (stdout, stderr) of `key`, asked on `day`, or None when there is no
        sound entry. A hit writes nothing."""
        if len(key) != DIGEST or not is_day(day):
            return None
        try:
            info = os.lstat(self.root)
        except OSError:
            return None
        if not stat.S_ISDIR(info.st_mode) or not _owned(info):
            return None
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            fd = os.open(self._entry(key, day), flags | getattr(os, "O_CLOEXEC", 0))
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
        return _parse(data, key)

    def put(self, key: bytes, day: str, out: bytes | list[bytes], err: bytes) -> bool:
        """Store a result asked on `day` (its stdout whole, or in the blocks it was
        written in: never joined, for a large answer); False (and nothing on disk) when
        it cannot be stored. Then prune, a bounded amount of work (see the module's doc)."""
        blocks = [out] if isinstance(out, bytes) else out
        size = sum(map(len, blocks))
        if len(key) != DIGEST or not is_day(day) or size + len(err) > MAX_ENTRY:
            return False
        if self.problem(create=True) is not None:
            return False
        entry = self._entry(key, day)
        for folder in (os.path.dirname(os.path.dirname(entry)), os.path.dirname(entry)):
            try:
                os.mkdir(folder, 0o700)
            except FileExistsError:
                pass
            except OSError:
                return False
            if not _folder(folder):  # a link, or not ours: not written through
                return False
        lengths = size.to_bytes(8, "big") + len(err).to_bytes(8, "big")
        data = [MAGIC, key, lengths, digest(key, blocks, err), *blocks, err]
        if not _write_atomically(entry, data):
            return False
        self._account(day, sum(map(len, data)))
        return True

    def problem(self, create: bool = False) -> str | None:
        """Why the store cannot be used, or None when it can. With `create`, a missing
        store is made (marked as ours), and an older accordctl's entries beside it go."""
        try:
            info = os.lstat(self.root)
        except FileNotFoundError:
            return self._create() if create else _creatable(self.root)
        except NotADirectoryError:
            return _creatable(self.root)
        except OSError as e:
            return f"cannot look into {self.path}: {e.strerror}"
        if not stat.S_ISDIR(info.st_mode):
            return f"{self.root} is not a folder"
        if not _owned(info):
            return f"{self.root} belongs to another user (uid {info.st_uid})"
        if not os.access(self.root, os.R_OK | os.X_OK):
            return f"{self.root} cannot be read (permission denied)"
        if _read_small(os.path.join(self.root, TAG_NAME)) != TAG:
            return f"{self.root} is not marked as accordctl's ({TAG_NAME}): left alone"
        return None

    def _create(self) -> str | None:
        try:
            os.makedirs(self.path, mode=0o700, exist_ok=True)
            os.mkdir(self.root, 0o700)
        except FileExistsError:  # another run made it meanwhile, or something is in the way
            return self.problem() if os.path.isdir(self.path) else _creatable(self.root)
        except OSError:
            return _creatable(self.root)
        if not _write_atomically(os.path.join(self.root, TAG_NAME), TAG):
            return f"cannot write in {self.root}"
        self.clear_older()
        return self.problem()

    def _account(self, day: str, size: int) -> None:
        """Add `size` bytes to the day's ledger; remove up to SWEEP files of other days;
        and when the days hold more than MAX_BYTES, empty the other days, then remove
        today's oldest entries."""
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(os.path.join(self.root, day, USAGE), flags, 0o600)
            try:
                os.write(fd, b"." * -(-size // 1024))
            finally:
                os.close(fd)
        except OSError:
            pass
        budget, others = SWEEP, [d for d in _listdir(self.root) if is_day(d) and d != day]
        for other in sorted(others):
            if budget <= 0:
                break
            budget -= self._empty(other, budget)[0]
        if sum(map(self._usage, [day, *others])) > MAX_BYTES:
            for other in others:
                self._empty(other)
            if self._usage(day) > MAX_BYTES:
                self._shrink(day)

    def _usage(self, day: str) -> int:
        try:
            return os.lstat(os.path.join(self.root, day, USAGE)).st_size * 1024
        except OSError:
            return 0

    def _shrink(self, day: str) -> None:
        """Remove the day's oldest entries (and dead runs' temporary files) down to three
        quarters of MAX_BYTES, and set the day's ledger to what is left."""
        import time

        now = time.time()
        found = sorted(self._files(day), key=lambda f: f[1].st_mtime)
        total = sum(info.st_size for _, info in found)
        for path, info in found:
            if total <= MAX_BYTES * 3 // 4:
                break
            temp = os.path.basename(path).startswith(TEMP)
            if (not temp or now - info.st_mtime > STALE_TEMP) and _quietly(os.unlink, path):
                total -= info.st_size
        _write_atomically(os.path.join(self.root, day, USAGE), b"." * (total // 1024))

    def _files(self, day: str) -> Iterator[tuple[str, os.stat_result]]:
        """Our entries and temporary files of a day: regular files we own, by our names."""
        folder = os.path.join(self.root, day)
        for shard in _listdir(folder) if _folder(folder) else []:
            if not _is_hex(shard, 2) or not _folder(os.path.join(folder, shard)):
                continue
            for name in _listdir(os.path.join(folder, shard)):
                ours = name.startswith(TEMP) or (
                    name.startswith(ENTRY) and _is_hex(name[len(ENTRY) :], 2 * DIGEST)
                )
                path = os.path.join(folder, shard, name)
                info = _mine(path) if ours else None
                if info is not None:
                    yield path, info

    def _empty(self, day: str, budget: int | None = None) -> tuple[int, int, int]:
        """Remove a day's files, at most `budget` of them (None: all), then its folders if
        that left them empty; return how many files, how many entries and their bytes."""
        files = entries = size = 0
        for path, info in self._files(day):
            if budget is not None and files >= budget:
                return files, entries, size
            if _quietly(os.unlink, path):
                files += 1
                if not os.path.basename(path).startswith(TEMP):
                    entries, size = entries + 1, size + info.st_size
        folder = os.path.join(self.root, day)
        for name in _listdir(folder) if _folder(folder) else []:
            path = os.path.join(folder, name)
            if _is_hex(name, 2):
                _quietly(os.rmdir, path)  # only an empty one goes
            elif (name == USAGE or name.startswith(TEMP)) and _mine(path):
                _quietly(os.unlink, path)
        _quietly(os.rmdir, folder)
        return files, entries, size

    def entries(self) -> dict[str, tuple[int, int]]:
        """Per day: how many entries, and their bytes (temporary files left out)."""
        out: dict[str, tuple[int, int]] = {}
        if self.problem() is not None:
            return out
        for day in filter(is_day, _listdir(self.root)):
            found = [i for p, i in self._files(day) if not os.path.basename(p).startswith(TEMP)]
            if found:
                out[day] = len(found), sum(info.st_size for info in found)
        return out

    def clear(self) -> tuple[int, int]:
        """Remove every entry, and an older accordctl's beside the store; return how many
        and how many bytes."""
        count, total = self.clear_older()
        if self.problem() is None:
            for day in filter(is_day, _listdir(self.root)):
                _, n, size = self._empty(day)
                count, total = count + n, total + size
        return count, total

    def clear_older(self) -> tuple[int, int]:
        """Remove the entries an older accordctl kept in the cache directory itself (named
        by the key's hex, told from other files by their first bytes); return how many and
        how many bytes."""
        count = total = 0
        for name in _listdir(self.path):
            path = os.path.join(self.path, name)
            if not _is_hex(name, 2 * DIGEST) and not (name[:5] == ".tmp-" and len(name) == 13):
                continue
            info = _mine(path)
            if info and _read_small(path, len(OLDER)) == OLDER and _quietly(os.unlink, path):
                count, total = count + (name[0] != "."), total + info.st_size
        return count, total


def _creatable(root: str) -> str | None:
    """None when `root` could be created, else why not (what is in the way)."""
    parent = os.path.dirname(root)
    while not os.path.lexists(parent) and os.path.dirname(parent) != parent:
        parent = os.path.dirname(parent)
    if not os.path.isdir(parent):
        return f"{parent} is not a folder"
    if os.access(parent, os.W_OK | os.X_OK):
        return None
    info = os.stat(parent)
    if not _owned(info):
        return f"{parent} belongs to another user (uid {info.st_uid})"
    return f"{parent} is read-only"


def _write_atomically(path: str, data: bytes | list[bytes]) -> bool:
    """Write `path` whole or not at all (a temporary file beside it, renamed into place)."""
    import tempfile

    from accordctl.process.stop import deferred

    tmp = None
    try:
        with deferred():  # a stop waits until the name is kept, for the `finally`
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=TEMP)
        with os.fdopen(fd, "wb") as f:
            f.writelines([data] if isinstance(data, bytes) else data)
        os.replace(tmp, path)
        tmp = None
    except OSError:
        return False
    finally:
        if tmp is not None:  # failed or interrupted: no temporary file left
            _quietly(os.unlink, tmp)
    return True


def _quietly(call: Callable[[str], object], path: str) -> bool:
    """Whether `call(path)` worked; an OSError only means no."""
    try:
        call(path)
    except OSError:
        return False
    return True


def _listdir(path: str) -> list[str]:
    try:
        return os.listdir(path)
    except OSError:
        return []


def _folder(path: str) -> bool:
    """Whether `path` is a folder we own (not a link to one)."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and _owned(info)


def _mine(path: str) -> os.stat_result | None:
    """The status of a regular file we own (not a link to one), else None."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return info if stat.S_ISREG(info.st_mode) and _owned(info) else None


def _read_small(path: str, limit: int = 4096) -> bytes | None:
    """The first `limit` bytes of a regular file we own (not through a link), or None."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not _owned(info):
            return None
        return os.read(fd, limit)
    except OSError:
        return None
    finally:
        os.close(fd)


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
    if digest(key, out, err) != check:  # the key too: another key's entry is no answer
        return None
    return out, err

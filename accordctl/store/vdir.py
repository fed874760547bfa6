"""Write a vdir collection: a folder of one iCalendar item a file, as khal, todoman and
vdirsyncer read it (the vdir storage format: one event or task a file, `.ics`, named like
its UID; `.tmp` files and dotfiles are not items). No `displayname`: todoman refuses two
lists of one name, and the folder's own name is unique.

Writing is safe to repeat and safe to share the folder: an item is written only when its
bytes changed (so a syncing program sees no change that is not one); every changed item is
written in full to a temporary file before any replaces its old one, so an error leaves the
folder as it was; and only files accordctl wrote there before, named in its own list
(`MANIFEST`) and holding one of its UIDs, are removed when no longer exported. A file
accordctl did not write is never changed or removed, but for an item of the same UID,
which is the same event (as `khal import` of an earlier export leaves it)."""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from accordctl.core.errors import OutputError, UsageError
from accordctl.core.text import visible
from accordctl.process.stop import deferred
from accordctl.store.files import may_write

MANIFEST = ".accordctl"  # the files accordctl wrote here, one a line: a dotfile, no item
_HEAD = "# written by accordctl ics --vdir: the files it wrote here (it removes only these)\n"
_TEMP = ".accordctl-"  # temporary files: `.accordctl-XXXX.tmp`, which readers skip
_UID = re.compile(rb"^UID:(.*?)\r?$", re.MULTILINE)


@dataclass(frozen=True)
class Synced:
    """What a write did: files new, changed, left as they were, and removed."""

    new: int
    changed: int
    same: int
    removed: int


def uids(data: bytes) -> set[str]:
    """The UIDs an iCalendar file holds (its lines unfolded)."""
    text = re.sub(rb"\r?\n[ \t]", b"", data)
    return {m.decode("utf-8", "replace") for m in _UID.findall(text)}


def write_vdir(
    folder: Path,
    files: Sequence[tuple[str, bytes]],
    ours: Callable[[str], bool],
    inputs: Sequence[Path] = (),
    force: bool = False,
) -> Synced:
    """Make `folder` hold `files` (name, bytes): created if missing, each file written
    atomically when its bytes changed, and the files of an earlier write that `files` no
    longer names removed if they still hold a UID that `ours` accepts. Refused before
    anything is written: a folder that is a file, a name in the way that is not a regular
    file, a file accordctl did not write whose UID differs, a read-only file (unless
    `force`), one of the `inputs`."""
    where = visible(str(folder))
    created = _make(folder)
    try:
        before = _manifest(folder)
        todo: list[tuple[str, bytes]] = []
        same = 0
        names = [name for name, _ in files]
        for name, data in files:
            old = _check(folder / name, name in before, data, inputs, force)
            if old == data:
                same += 1
            else:
                todo.append((name, data))
        staged = _stage(folder, todo)
    except BaseException:
        for path in reversed(created):  # a folder made for this write, still empty
            try:
                path.rmdir()
            except OSError:
                break
        raise
    # Every file about to be written is listed before it appears, and every file listed
    # until it is gone: a write stopped at any point leaves nothing it cannot clean up.
    _write_manifest(folder, sorted(before | set(names)))
    new = sum(1 for name, _ in todo if not (folder / name).exists())
    try:
        for tmp, name in staged:
            os.replace(tmp, folder / name)
    except OSError as e:
        raise OutputError(f"{where}: cannot write: {e.strerror or e}") from None
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
    removed, kept = 0, set(names)
    for name in sorted(before - kept):
        path = folder / name
        if _stale(path, ours):
            path.unlink()
            removed += 1
    _write_manifest(folder, sorted(kept))
    _sync(folder)
    return Synced(new, len(todo) - new, same, removed)


def _make(folder: Path) -> list[Path]:
    """Create `folder` and its missing parents; the folders made, outermost first."""
    try:  # exists() itself raises on a name too long (Python 3.11)
        missing = [p for p in [folder, *folder.parents] if not p.exists()][::-1]
        info = os.stat(folder) if not missing else None
        if info is not None and not stat.S_ISDIR(info.st_mode):
            raise UsageError(f"--vdir {visible(str(folder))}: not a folder")
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"{visible(str(folder))}: cannot write: {e.strerror or e}") from None
    return missing


def _manifest(folder: Path) -> set[str]:
    """The names an earlier write listed (none: no list, or one not of ours)."""
    try:
        text = (folder / MANIFEST).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return set()
    if not text.startswith(_HEAD):
        return set()
    return {x for x in text[len(_HEAD) :].splitlines() if x and "/" not in x and x[0] != "."}


def _check(
    path: Path, listed: bool, data: bytes, inputs: Sequence[Path], force: bool
) -> bytes | None:
    """What `path` holds now (None: nothing), or the refusal to replace it: not a regular
    file, an input, read-only, or another item than the one to write there (its UID
    differs; a file of no UID only if accordctl listed it)."""
    name = visible(str(path))
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as e:
        raise OutputError(f"{name}: cannot write: {e.strerror or e}") from None
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(f"{name}: in the way, and not a regular file: remove it first")
    if any(_same(info, p) for p in inputs):
        raise UsageError(f"{name}: refusing to overwrite the input file")
    if not force and (not info.st_mode & 0o222 or not may_write(path)):
        whose = "read-only file" if not info.st_mode & 0o222 else "file you cannot write"
        raise UsageError(f"{name}: refusing to replace a {whose} (--force to do so)")
    try:
        old = path.read_bytes()
    except OSError as e:
        raise OutputError(f"{name}: cannot write: {e.strerror or e}") from None
    found = uids(old)
    if found != uids(data) and (found or not listed):  # another item, or not ours at all
        raise UsageError(
            f"{name}: a file accordctl did not write is in the way: move it, or write to "
            "another folder"
        )
    return old


def _same(info: os.stat_result, path: Path) -> bool:
    try:
        return os.path.samestat(info, os.stat(path))
    except OSError:
        return False


def _stage(folder: Path, todo: Sequence[tuple[str, bytes]]) -> list[tuple[Path, str]]:
    """Each file written in full to a temporary file beside its place; on any failure,
    or a stop, none left behind."""
    staged: list[tuple[Path, str]] = []
    umask = os.umask(0)
    os.umask(umask)
    try:
        for name, data in todo:
            with deferred():  # a stop waits until the name is kept, for the `except`
                fd, made = tempfile.mkstemp(dir=folder, prefix=_TEMP, suffix=".tmp")
                staged.append((Path(made), name))
            with os.fdopen(fd, "wb") as f:
                os.fchmod(f.fileno(), 0o666 & ~umask)
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
    except BaseException as e:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        if isinstance(e, OSError):
            where = visible(str(folder))
            raise OutputError(f"{where}: cannot write: {e.strerror or e}") from None
        raise
    return staged


def _stale(path: Path, ours: Callable[[str], bool]) -> bool:
    """Whether a file of an earlier write may go: a regular file whose UIDs are all ours."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        found = uids(path.read_bytes())
    except OSError:
        return False
    return bool(found) and all(ours(u) for u in found)


def _write_manifest(folder: Path, names: Sequence[str]) -> None:
    """The list of the files accordctl wrote, replaced atomically when it changed."""
    from accordctl.store.files import write_output

    data = (_HEAD + "".join(f"{n}\n" for n in names)).encode()
    try:
        if (folder / MANIFEST).read_bytes() == data:
            return
    except OSError:
        pass
    write_output(data, folder / MANIFEST)


def _sync(folder: Path) -> None:
    """Flush the folder's entries (the renames) to disk, where the system allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

"""The lock an edit holds on its data file from before it reads the file until after it has
replaced it, so that two edits of one file run one after the other and neither loses the
other's change; and the temporary files of edits that were killed.

The lock is an exclusive `flock` on the data file itself (not on its folder, which an edit
need not be able to read: a folder of mode 0300 is enough to edit a file in it). An edit
replaces the file by renaming a new one over it, so a lock taken on the old file is checked
to be on the file the name still names, and taken again on the new one if not. Where the
filesystem has no `flock` (ENOLCK: NFS without its lock daemon; some FUSE mounts), the lock
is a file beside the data file instead, created exclusively (O_CREAT | O_EXCL), holding the
process id, host and start time of the edit that holds it, and removed when the edit ends;
one left by a killed edit on this host is removed by the next edit (its process is gone, or
its id is now another process's, which started later), one from another host is named in
the message, to be removed by hand; and what stands there and is no regular file (a folder,
a FIFO, a link) is refused, never read or removed.

Waiting for another edit says so on stderr after a second (the caller's `waiting`), and
gives up after ACCORDCTL_LOCK_WAIT seconds (60 by default) with an OutputError (exit 6).
"""

from __future__ import annotations

import errno
import os
import socket
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from accordctl.core.errors import InputError, OutputError, UsageError
from accordctl.core.text import one_line, quote
from accordctl.process.stop import deferred
from accordctl.store.cache import digest
from accordctl.store.files import read_bytes

WAIT_VARIABLE = "ACCORDCTL_LOCK_WAIT"
WAIT = 60.0  # seconds an edit waits for another edit of the file, by default
NOTICE_AFTER = 1.0  # seconds of waiting before saying so
POLL = 0.05  # seconds between attempts
# flock's answers on a filesystem that has no such locks
UNSUPPORTED = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EINVAL}
TEMP_SUFFIX = ".tmp"

Waiting = Callable[[str], None]


def wait_limit() -> float:
    """How long to wait for another edit: ACCORDCTL_LOCK_WAIT seconds (0: not at all)."""
    given = os.environ.get(WAIT_VARIABLE)
    if given is None or given == "":
        return WAIT
    try:
        seconds = float(given)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < 1e9:  # nan and inf fail too
        raise UsageError(f"{WAIT_VARIABLE}={quote(given)}: expected a number of seconds")
    return seconds


def _tag(path: Path) -> str:
    """A short name for a data file, unique in its folder: the name of its lock file and
    of its edits' temporary files (a file name of any legal length fits)."""
    name = os.path.basename(os.path.realpath(path))
    return digest(name.encode("utf-8", "surrogateescape"))[:6].hex()


def lock_path(path: Path) -> str:
    """The lock file of `path`, where the filesystem has no flock."""
    folder = os.path.dirname(os.path.realpath(path))
    return os.path.join(folder, f".accordctl-edit-{_tag(path)}.lock")


def temp_prefix(path: Path) -> str:
    """The start of the name of an edit's temporary file beside `path` (see clean_up)."""
    return f".accordctl-edit-{_tag(path)}-"


def clean_up(path: Path) -> None:
    """Remove the temporary files that edits of `path` killed before their rename left
    beside it. Only files named as an edit of this very file names them, and only while
    its lock is held (so no edit of it is writing one); a folder that cannot be listed is
    left alone."""
    folder, prefix = os.path.dirname(os.path.realpath(path)), temp_prefix(path)
    try:
        with os.scandir(folder) as entries:
            stale = [
                e.path
                for e in entries
                if e.name.startswith(prefix)
                and e.name.endswith(TEMP_SUFFIX)
                and e.is_file(follow_symlinks=False)
            ]
    except OSError:
        return
    for name in stale:
        with suppress(OSError):
            os.unlink(name)


@contextmanager
def edit_lock(path: Path, waiting: Waiting | None = None) -> Iterator[None]:
    """Hold the lock of the data file `path` (see the module's doc) while the body runs.
    `waiting` is called once, with the message, if the lock is not free within a second.
    Raises InputError when the file cannot be opened (as reading it would), OutputError
    when the lock cannot be had."""
    clock = _Clock(path, wait_limit(), waiting)
    fd, why = _flock(path, clock)
    if fd is not None:
        try:
            yield
        finally:
            os.close(fd)
        return
    with _lock_file(path, clock, why):
        yield


class _Clock:
    """The time an edit has left to get its lock, and the notice that it is waiting."""

    def __init__(self, path: Path, limit: float, waiting: Waiting | None) -> None:
        self.path, self.limit, self.waiting = path, limit, waiting
        self.start = time.monotonic()
        self.told = False

    def wait(self, who: str = "another edit", lock: str | None = None) -> None:
        """Wait a little for `who` to let go of the lock (the lock file `lock`, where there
        is one), or give up once the limit is reached."""
        spent = time.monotonic() - self.start
        name = one_line(str(self.path))
        held = f"the lock file {one_line(lock)}" if lock else "its lock"
        if spent >= self.limit:
            hint = "remove that file if no edit is running" if lock else "run the command again"
            raise OutputError(
                f"{name}: not changed: {who} held {held} for {self.limit:g} s; {hint}, "
                f"or wait longer with {WAIT_VARIABLE}=SECONDS"
            )
        if not self.told and spent >= min(NOTICE_AFTER, self.limit / 2) and self.waiting:
            self.told = True
            holds = f" ({who} holds {held})" if lock else ""
            self.waiting(f"waiting for another edit of {name} to finish{holds}")
        time.sleep(min(POLL, max(self.limit - spent, 0)))


def _open(path: Path) -> int:
    """The data file, opened to be locked; a file that cannot be opened is reported as
    reading it would report it."""
    try:
        if stat.S_ISREG(os.stat(path).st_mode):
            return os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as e:
        read_bytes(path)  # says what is wrong, in the words every command uses
        raise InputError(f"{one_line(str(path))}: cannot read: {e.strerror or e}") from None
    except ValueError:
        pass
    read_bytes(path)  # a directory, a device, a pipe: refused there
    name = one_line(str(path))
    raise InputError(f"{name}: not a regular file")  # pragma: no cover - read_bytes raised


def _same(fd: int, path: Path) -> bool:
    """Whether `fd` is still the file `path` names (an edit may have replaced it)."""
    try:
        a, b = os.fstat(fd), os.stat(path)
    except OSError:
        return True  # gone: reading it says so
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _flock(path: Path, clock: _Clock) -> tuple[int | None, str]:
    """The open, locked data file; or None and why, where the filesystem has no flock."""
    import fcntl

    fd = _open(path)
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                clock.wait()
                continue
            except OSError as e:
                if e.errno in UNSUPPORTED:
                    os.close(fd)
                    return None, e.strerror or str(e)
                name = one_line(str(path))
                raise OutputError(f"{name}: cannot lock it to edit it: {e.strerror}") from None
            if _same(fd, path):
                return fd, ""
            os.close(fd)  # replaced while we waited: lock the file that is there now
            fd = -1
            fd = _open(path)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        raise


def _holder(lock: str) -> tuple[int, str, str] | None:
    """The process id, host and start time (`-`: not known) written in a lock file; None
    if unreadable or unfinished. Only a regular file is read: never through a link, never
    a FIFO (which would block)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(lock, flags)
        with open(fd, encoding="utf-8", errors="replace") as f:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            pid, host, *started = f.read(4096).split()  # an older accordctl wrote two
        return int(pid), host, started[0] if len(started) == 1 else "-"
    except (OSError, ValueError):
        return None


def _started(pid: int) -> str:
    """When process `pid` started, in clock ticks since the boot (Linux's /proc), or `-`
    where that is not known: a lock whose process id was taken by a later process (a
    reboot, or ids wrapping around) is told from a live one by it."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read(4096).rpartition(b")")[2].split()  # the name may hold anything
        return fields[19].decode("ascii") if len(fields) > 19 else "-"
    except (OSError, UnicodeDecodeError):
        return "-"


def _in_the_way(path: Path, lock: str) -> OutputError | None:
    """The refusal when what stands where the lock file goes is no regular file (a folder,
    a FIFO, a link): it is none of ours, so it is never read, waited for or removed."""
    try:
        mode = os.lstat(lock).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return None
    kind = (
        "a folder" if stat.S_ISDIR(mode)
        else "a symbolic link" if stat.S_ISLNK(mode)
        else "a FIFO" if stat.S_ISFIFO(mode)
        else "a socket or a device"
    )  # fmt: skip
    return OutputError(
        f"{one_line(str(path))}: cannot lock it to edit it: {one_line(lock)} is {kind}, not "
        "a lock file (remove it if no edit is running); not changed"
    )


def _stale(lock: str) -> bool:
    """Whether a lock file was left by an edit that is gone: one of this host whose process
    no longer runs, or runs no more under that id (a process of that id started at another
    time than the lock file says), or one never finished (empty) for a few seconds."""
    holder = _holder(lock)
    if holder is None:
        try:
            return time.time() - os.lstat(lock).st_mtime > 5
        except OSError:
            return True
    pid, host, started = holder
    if host != socket.gethostname():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        pass  # another user's process: it runs, but is it the one that took the lock?
    return started != "-" and _started(pid) not in (started, "-")  # its id, reused


@contextmanager
def _lock_file(path: Path, clock: _Clock, why: str) -> Iterator[None]:
    """A lock file beside the data file, created exclusively, removed at the end."""
    lock = lock_path(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
    mine: os.stat_result | None = None  # the lock file, once this edit has made it
    try:
        while mine is None:
            try:
                with deferred():  # a stop waits until the file is known as ours
                    fd = os.open(lock, flags, 0o644)
                    mine = os.fstat(fd)
            except FileExistsError:
                refusal = _in_the_way(path, lock)
                if refusal is not None:
                    raise refusal from None
                if _stale(lock):
                    _remove_stale(lock)
                    continue
                holder = _holder(lock)
                who = f"process {holder[0]} on {holder[1]}" if holder else "an edit"
                clock.wait(who, lock)
            except OSError as e:
                raise OutputError(
                    f"{one_line(str(path))}: cannot lock it to edit it: flock: {why}, and a "
                    f"lock file {one_line(lock)}: {e.strerror}; not changed"
                ) from None
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(f"{os.getpid()} {socket.gethostname()} {_started(os.getpid())}\n")
        except OSError as e:
            name, why = one_line(str(path)), one_line(lock)
            raise OutputError(f"{name}: cannot lock it to edit it: {why}: {e}") from None
        yield
    finally:
        with suppress(OSError):
            if mine is not None and os.path.samestat(os.lstat(lock), mine):
                os.unlink(lock)


def _remove_stale(lock: str) -> None:
    """Move a stale lock file aside, then remove it (two edits that find it stale at once
    cannot both remove it: one rename fails). A live lock taken since we looked goes back,
    and so does what is no regular file (swapped in since `_in_the_way` looked)."""
    aside = f"{lock}.{os.getpid()}.stale"
    try:
        os.rename(lock, aside)
    except OSError:
        return
    with suppress(OSError):
        if not stat.S_ISREG(os.lstat(aside).st_mode):
            if not os.path.lexists(lock):
                os.rename(aside, lock)
            return
        if not _stale(aside):
            os.link(aside, lock)
    with suppress(OSError):
        os.unlink(aside)

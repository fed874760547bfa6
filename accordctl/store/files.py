"""File and process I/O, in one place: read a data file (and load or check it), read a git
revision of it, write an output file atomically. Every problem becomes one AccordError
naming the path."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from accordctl.core.errors import InputError, OutputError, StdoutError, UsageError
from accordctl.core.text import quote, visible
from accordctl.process.stop import deferred
from accordctl.store.pins import PINS

if TYPE_CHECKING:
    from datetime import date

    from accordctl.core.errors import Finding
    from accordctl.core.model import Accord

MAX_BYTES = 1 << 30  # a commitments file of a billion bytes is a mistake, not data


def _why(e: OSError | ValueError) -> str:
    return (e.strerror if isinstance(e, OSError) else None) or str(e) or type(e).__name__


def read_text(path: Path) -> str:
    """Read a data file as UTF-8 (a BOM is dropped); I/O problems become InputError."""
    return decode(read_bytes(path), visible(str(path)))


def read_bytes(path: Path) -> bytes:
    """A data file's bytes, as they are on disk (an edit keeps its BOM and line ends, and
    compares them before writing); I/O problems become InputError."""
    name = visible(str(path))  # in messages: control characters shown escaped
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except OSError as e:
        raise InputError(f"{name}: cannot read: {_why(e)}") from None
    except ValueError:  # an embedded NUL in the path
        raise InputError(f"{name!r}: not a valid path") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{name}: is a directory, not a commitments file")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{name}: not a regular file (a device or a pipe?)")
    if info.st_size > MAX_BYTES:
        raise InputError(f"{name}: larger than {MAX_BYTES >> 20} MiB, not read")
    try:
        raw = PINS.read(path)  # the bytes the result cache's key covers, when it has them
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except OSError as e:
        raise InputError(f"{name}: cannot read: {_why(e)}") from None
    return raw


def decode(raw: bytes, name: str) -> str:
    """A data file's bytes as text: UTF-8, a BOM dropped, binary refused."""
    if b"\0" in raw[:8192]:
        raise InputError(f"{name}: binary file, not YAML")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise InputError(f"{name}:{line}: not UTF-8 text (byte {e.start})") from None


def git_show(path: Path, rev: str) -> tuple[str, str]:
    """The text of `path` at git revision `rev`, and a name for messages (`path@rev`)."""
    import subprocess

    if not rev or rev.startswith("-"):
        raise UsageError(
            f'bad --rev value {quote(rev)}: a revision cannot be empty or start with "-"'
        )
    peeled = rev.removesuffix("^{commit}")  # a commit, said twice, is still a commit
    if ":" in rev or "^{" in peeled or ".." in rev or not rev.isprintable() or " " in rev:
        raise UsageError(  # `:/text` and `^{/text}` search history, `REV:path` is a file
            f"bad --rev value {quote(rev)}: name a commit (a hash, a branch or tag, HEAD~2), "
            "not a search, a path or a range"
        )
    folder = path.resolve().parent
    PINS.outside()  # a repository's history is in no result's key

    def git(*args: str) -> bytes:
        return subprocess.run(["git", *args], capture_output=True, check=True).stdout

    try:
        top = git("-C", str(folder), "rev-parse", "--show-toplevel").decode().strip()
        rel = path.resolve().relative_to(Path(top).resolve()).as_posix()
        try:  # a commit, and nothing else (not a range, a path or a search)
            commit = git(
                "-C",
                top,
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                f"{rev}^{{commit}}",
            )
        except subprocess.CalledProcessError:
            shown = quote(rev)[1:-1]
            why = "not a commit of this repository"
            raise InputError(f"{visible(str(path))}: cannot read revision {shown}: {why}") from None
        # the commit found, by its hash: git reads the revision once, here
        raw = git("-C", top, "show", "--end-of-options", f"{commit.decode().strip()}:{rel}")
    except FileNotFoundError:
        raise InputError("git is not installed") from None
    except subprocess.CalledProcessError as e:
        detail = e.stderr.decode(errors="replace").strip()
        last = detail.splitlines()[-1] if detail else "git failed"
        where = visible(str(path))
        raise InputError(f"{where}: cannot read revision {quote(rev)[1:-1]}: {last}") from None
    except ValueError:
        raise InputError(f"{visible(str(path))}: not inside a git repository") from None
    name = f"{path}@{rev}"
    return decode(raw, name), name


def write_output(
    data: bytes,
    target: Path,
    inputs: Sequence[Path] = (),
    force: bool = False,
    temp_prefix: str = ".accordctl-",
    last_check: Callable[[], None] | None = None,
) -> None:
    """Write `data` to an output target, the way each kind of target wants it:

    - `-`: standard output;
    - a device, a FIFO or a socket (`/dev/null`, a named pipe): written straight to it;
    - a symbolic link: written through to the file it points at (the link stays);
    - a regular file: replaced atomically (a temporary file beside it, renamed into
      place), keeping its mode; one that is read-only, or that this user may not write
      (another's), is refused unless `force`; one of the `inputs` (the data file being
      read) is always refused;
    - a new file: created atomically with the usual mode (0666 less the umask).

    Nothing is left behind when writing fails or is interrupted. A file replaced atomically
    is written first to `temp_prefix` + random + `.tmp` beside it, and `last_check`, if
    given, runs just before the rename (raising stops it, and nothing is written).
    """
    if str(target) == "-":
        write_stdout(data)
        return
    info = check_output(target, inputs, force)
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_straight(data, target)
        return
    _replace(data, Path(os.path.realpath(target)), info, temp_prefix, last_check)


def check_output(
    target: Path, inputs: Sequence[Path] = (), force: bool = False
) -> os.stat_result | None:
    """Whether `write_output` would write `target` (see there), without writing: raises
    what it would refuse with; returns what is at `target` now (None: nothing). A command
    that writes several files checks them all first, so that a refusal writes none."""
    if str(target) == "-":
        return None
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    except (OSError, ValueError) as e:
        raise OutputError(f"{visible(str(target))}: cannot write: {_why(e)}") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{visible(str(target))}: cannot write: is a directory")
    if info is not None and stat.S_ISREG(info.st_mode):
        for path in [*inputs, default_path()]:  # the shipped annex is always an input
            try:
                if os.path.samestat(info, os.stat(path)):
                    where = visible(str(target))
                    raise UsageError(f"{where}: refusing to overwrite the input file")
            except OSError:
                continue
        if not force and (not info.st_mode & 0o222 or not may_write(target)):
            where = visible(str(target))
            whose = "read-only file" if not info.st_mode & 0o222 else "file you cannot write"
            raise UsageError(f"{where}: refusing to replace a {whose} (--force to do so)")
    return info


def may_write(path: Path) -> bool:
    """Whether this user may write `path` itself (its mode, owner and ACL; root may write
    anything). Renaming a new file over it needs only its folder, so this is asked."""
    effective = os.access in os.supports_effective_ids  # the set-uid case: the effective user
    return os.access(path, os.W_OK, effective_ids=effective)


def _write_straight(data: bytes, target: Path) -> None:
    try:
        with open(target, "wb") as f:
            f.write(data)
    except OSError as e:
        raise OutputError(f"{visible(str(target))}: cannot write: {_why(e)}") from None


def _replace(
    data: bytes,
    target: Path,
    info: os.stat_result | None,
    prefix: str = ".accordctl-",
    last_check: Callable[[], None] | None = None,
) -> None:
    """Write a temporary file in `target`'s folder and rename it over `target`."""
    tmp: str | None = None
    try:
        with deferred():  # a stop waits until the name is kept, for the `finally`
            # a short name of our own, so that a target name of any legal length still works
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=prefix, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            if info is None:
                umask = os.umask(0)
                os.umask(umask)
                os.fchmod(f.fileno(), 0o666 & ~umask)  # mkstemp's 0600 is for the temporary
            else:
                os.fchmod(f.fileno(), stat.S_IMODE(info.st_mode) & 0o1777)  # no set-id bits
                if os.geteuid() == 0 and (info.st_uid, info.st_gid) != (0, 0):
                    os.fchown(f.fileno(), info.st_uid, info.st_gid)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if last_check is not None:
            last_check()
        os.replace(tmp, target)
        tmp = None
    except OSError as e:
        raise OutputError(f"{visible(str(target))}: cannot write: {_why(e)}") from None
    finally:
        if tmp is not None:  # failed or interrupted (SIGINT, SIGTERM): leave nothing behind
            Path(tmp).unlink(missing_ok=True)


def write_stdout(data: bytes) -> None:
    """Write bytes to standard output and flush; a closed or full stream is an
    OutputError, a reader gone away a BrokenPipeError."""
    from accordctl.process.streams import write_out

    if sys.stdout is None and not data:
        return
    try:
        write_out(data)
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as e:
        discard_stdout()
        raise StdoutError(f"stdout: cannot write: {_why(e)}") from None


def discard_stdout() -> None:
    """Point file descriptor 1 at /dev/null, so that what is still buffered for it goes
    nowhere at exit instead of failing a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:
        pass


def load(path: Path, name: str | None = None) -> Accord:
    """Load a commitments file; raise InputError or DataErrors naming the file and line."""
    from accordctl.core.loader import load_text

    return load_text(read_text(path), name or str(path))


def default_path() -> Path:
    """The shipped data file: inside the installed package, or in a source checkout."""
    here = Path(__file__).resolve().parent.parent  # the package, two folders up
    shipped = here / "data" / "commitments.yaml"
    return shipped if shipped.is_file() else here.parent / "data" / "commitments.yaml"


def check_file(path: Path, as_of: date | None = None, today: date | None = None) -> list[Finding]:
    """Every finding in a file, sorted by position; a file that cannot be read is one
    finding (ACC018), so that the other files of a run are still checked."""
    from accordctl.core.check import check_text
    from accordctl.core.errors import Pos, finding

    try:
        text = read_text(path)
    except InputError as e:
        why = str(e).removeprefix(f"{visible(str(path))}: ")
        return [finding(Pos(str(path)), "ACC018", why)]
    return check_text(text, str(path), as_of, today)

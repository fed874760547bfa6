"""File and process I/O, in one place: read a data file, read a git revision of it, write
an output file atomically. Every problem becomes one AccordError naming the path."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from accordctl.cache import PINS
from accordctl.errors import InputError, OutputError

MAX_BYTES = 1 << 30  # a commitments file of a billion bytes is a mistake, not data


def _why(e: OSError) -> str:
    return e.strerror or type(e).__name__


def read_text(path: Path) -> str:
    """Read a data file as UTF-8 (a BOM is dropped); I/O problems become InputError."""
    name = str(path)
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
    return decode(raw, name)


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
        raise InputError(f'{path}: bad revision "{rev}" (a revision cannot start with "-")')
    folder = path.resolve().parent
    PINS.outside()  # a repository's history is in no result's key

    def git(*args: str) -> bytes:
        return subprocess.run(["git", *args], capture_output=True, check=True).stdout

    try:
        top = git("-C", str(folder), "rev-parse", "--show-toplevel").decode().strip()
        rel = path.resolve().relative_to(Path(top).resolve()).as_posix()
        raw = git("-C", top, "show", "--end-of-options", f"{rev}:{rel}")
    except FileNotFoundError:
        raise InputError("git is not installed") from None
    except subprocess.CalledProcessError as e:
        detail = e.stderr.decode(errors="replace").strip()
        last = detail.splitlines()[-1] if detail else "git failed"
        raise InputError(f"{path}: cannot read revision {rev}: {last}") from None
    except ValueError:
        raise InputError(f"{path}: not inside a git repository") from None
    name = f"{path}@{rev}"
    return decode(raw, name), name


def write_atomic(data: bytes, output: Path) -> None:
    """Write a file atomically: a temporary file beside it, renamed into place."""
    folder = output.parent if str(output.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{output.name}.", suffix=".tmp")
    except OSError as e:
        raise OutputError(f"{output}: cannot write: {_why(e)}") from None
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)  # mkstemp's 0600 is for the temporary name only
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, output)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{output}: cannot write: {_why(e)}") from None

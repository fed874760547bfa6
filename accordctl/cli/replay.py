"""Answer a repeated question from the result cache, before typer or anything heavy is
imported.

A question is one run: the command line as given, and everything else its output depends
on. Its key covers

- the arguments, exactly as given;
- the bytes (not the names, sizes or times) of every data file the run may read: the files
  named on the command line, `ACCORDCTL_FILE`'s, and the shipped one;
- the environment that changes output (`ENV_NAMES`, `ENV_PREFIXES`: ACCORDCTL_*, COLUMNS,
  LINES, NO_COLOR, TERM, the locale, TZ, PYTHON*, ...), whether stdout is a terminal, its
  size and its encoding;
- today's date;
- a fingerprint of the program: accordctl's own files (their bytes) and version, the Python
  running it, and the installed distributions beside it (their names carry the versions).

Only pure runs are cached, and purity is an allow-list (`pure.PURE`): a command, and each
of its options, is cached only once declared there. A run is stored only when it succeeded
(exit 0), read no file outside its key (see `accordctl.store.pins.PINS`) and ended on the day it
began.
"""

from __future__ import annotations

import os
import stat
import sys

from accordctl.cli.pure import files_named
from accordctl.store import cache
from accordctl.store.pins import PINS

TYPE_CHECKING = False  # the typing machinery is not imported on a cached run
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TypeVar

    T = TypeVar("T")

# Environment variables that change what a run prints (read by accordctl, typer, rich or
# the locale machinery); tests/test_cache.py checks that the dependencies read no other.
ENV_NAMES = frozenset(
    {"COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "PY_COLORS", "COLORTERM", "TZ"}
    | {"LANG", "LANGUAGE", "UNICODE_VERSION", "GITHUB_ACTIONS", "DATABRICKS_RUNTIME_VERSION"}
)
ENV_PREFIXES = (
    *("ACCORDCTL_", "LC_", "TERM", "TTY_", "JUPYTER_", "PYTHON", "TYPER_", "_TYPER"),
    *("CLICOLOR", "PYDANTIC_"),
)
# Set while a shell asks for completions: such a run is never answered from the cache.
COMPLETION = ("_ACCORDCTL_COMPLETE", "_TYPER_COMPLETE", "COMP_WORDS", "COMP_CWORD")
KEY_VERSION = b"accordctl-question-v1"

last = "off"  # what the last `main` did with the cache (for tests): see `Question`


def enabled() -> bool:
    """Whether the cache is on: `ACCORDCTL_NO_CACHE` set (to anything but 0) turns it off."""
    return os.environ.get("ACCORDCTL_NO_CACHE", "") in ("", "0")


def _package() -> str:
    return os.path.dirname(os.path.dirname(os.path.realpath(__file__)))


def default_file() -> str:
    """The shipped data file, found as `files.default_path` finds it (a test holds the two
    together; were they ever to differ, the loader's read of an unpinned file would only
    keep the result from being stored)."""
    here = _package()
    shipped = os.path.join(here, "data", "commitments.yaml")
    checkout = os.path.join(os.path.dirname(here), "data", "commitments.yaml")
    return shipped if os.path.isfile(shipped) else checkout


def fingerprint() -> bytes:
    """The program: accordctl's files and version, the Python running it, and the names
    and times of the installed distributions on sys.path."""
    from accordctl import __version__

    parts = [__version__.encode(), sys.version.encode(), sys.platform.encode()]
    parts += [os.fsencode(sys.executable), os.fsencode(sys.prefix)]
    root = _package()
    sources = len(parts)
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            if not name.endswith((".pyc", ".pyo")):  # sources, data, templates, styles
                path = os.path.join(folder, name)
                read = read_file(path)  # never opens a FIFO or a device
                data = read[1] if read is not None else b"not a regular file: its name counts"
                parts += [os.fsencode(os.path.relpath(path, root)), cache.digest(data)]
    if len(parts) == sources:
        raise FileNotFoundError(f"no source files in {root}")  # a zip, say: no fingerprint
    cwd = os.getcwd()
    for entry in dict.fromkeys(sys.path):
        if not entry or entry == cwd or not os.path.isdir(entry):
            continue
        parts.append(os.fsencode(entry))
        try:
            with os.scandir(entry) as it:
                found = sorted(
                    (e.name, e.stat().st_mtime_ns)
                    for e in it
                    if e.name.endswith((".dist-info", ".egg-info", ".egg-link", ".pth", ".egg"))
                )
        except OSError:
            continue
        parts += [f"{name}@{mtime}".encode() for name, mtime in found]
    return cache.digest(*parts)


def environment() -> bytes:
    """The environment variables that change output, sorted."""
    names = sorted(n for n in os.environ if n in ENV_NAMES or n.startswith(ENV_PREFIXES))
    return b"\0".join(os.fsencode(n) + b"=" + os.fsencode(os.environ[n]) for n in names)


def terminal() -> bytes | None:
    """Whether stdout is a terminal, its size if it is, and its encoding; None when there
    is no stdout to ask."""
    out = sys.stdout
    if out is None:
        return None
    tty = out.isatty()
    size = "-"
    if tty:
        try:  # where shutil.get_terminal_size looks when COLUMNS and LINES are unset
            size = "{}x{}".format(*os.get_terminal_size(sys.__stdout__.fileno()))  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            size = "?"
    return f"{tty}|{size}|{getattr(out, 'encoding', None)}|{getattr(out, 'errors', None)}".encode()


def today_key() -> bytes:
    """Today's date, as `date.today()` reads it (local time): YYYY-MM-DD."""
    import time

    return "{:04d}-{:02d}-{:02d}".format(*time.localtime()[:3]).encode()


def read_file(path: str) -> tuple[bool, bytes] | None:
    """(True, bytes) for a regular file; (False, b"") for one that does not exist; None
    for anything a run is not cached with (a directory, a pipe, a device, a dangling link,
    an unreadable or huge file). Only a regular file is opened: opening a FIFO blocks, and
    opening a device may act."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None if os.path.lexists(path) else (False, b"")
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size > 1 << 30:
        return None
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)  # what was opened, if it changed since
        if not stat.S_ISREG(info.st_mode) or info.st_size > 1 << 30:
            return None
        with os.fdopen(os.dup(fd), "rb") as f:
            return True, f.read()
    except OSError:
        return None
    finally:
        os.close(fd)


class Question:
    """One cacheable run: its key, its store, and the file bytes its key covers."""

    def __init__(self, key: bytes, store: cache.Store, day: bytes, files: dict[str, bytes]):
        self.key, self.store, self.day, self.files = key, store, day, files

    def answer(self) -> tuple[bytes, str] | None:
        """The stored stdout bytes and stderr text, or None. On a miss the files of the key
        are pinned, so that the run computes from exactly the bytes in its key."""
        global last
        got = _safely(self.store.get, self.key, self.day.decode())
        if got is not None:
            out, raw_err = got
            try:
                err = raw_err.decode("utf-8", "surrogatepass")
            except UnicodeDecodeError:
                got = None
            else:
                last = "hit"
                return out, err
        last = "miss"
        PINS.pin(self.files)
        return None

    def remember(self, out: bytes | list[bytes], err: str) -> None:
        """Store a successful run's output (the bytes written on stdout, whole or in the
        blocks written, and the text on stderr), unless it read a file outside its key or
        the date changed while it ran."""
        global last
        if PINS.strays or today_key() != self.day:
            last = "not stored"
            return
        data = out, err.encode("utf-8", "surrogatepass")
        last = (
            "stored"
            if _safely(self.store.put, self.key, self.day.decode(), *data)
            else "not stored"
        )


def _safely(call: Callable[..., T], *args: object) -> T | None:
    """`call(*args)`, or None if it fails: the cache never fails a run (ACCORDCTL_DEBUG=1
    lets the error through, for a bug report)."""
    try:
        return call(*args)
    except Exception:
        if os.environ.get("ACCORDCTL_DEBUG"):
            raise
        return None


def ask(argv: list[str]) -> Question | None:
    """The question this run asks, or None when it is not to be answered from the cache
    (turned off, not pure, completion, or anything odd: a miss is always safe)."""
    global last
    last = "off"
    if not enabled() or any(n.startswith(COMPLETION) for n in os.environ):
        return None
    return _safely(_ask, argv)


def _ask(argv: list[str]) -> Question | None:
    global last
    named = files_named(argv)
    screen = terminal() if named is not None else None
    if named is None or screen is None:
        last = "uncacheable"
        return None
    env_file = os.environ.get("ACCORDCTL_FILE", "")
    paths = [default_file(), *([env_file] if env_file else []), *named]
    parts = [KEY_VERSION, fingerprint(), environment(), screen]
    day = today_key()
    parts += [day, str(len(argv)).encode(), *map(os.fsencode, argv)]
    files: dict[str, bytes] = {}
    for path in paths:
        found = read_file(path)
        if found is None:
            last = "uncacheable"
            return None
        exists, data = found
        parts += [os.fsencode(path), cache.digest(data) if exists else b"no such file"]
        if exists:  # by the file's real path: `a/link/../x` may be another file than `a/x`
            real = os.path.realpath(path)
            if files.get(real, data) != data:  # changed between two reads: compute, not keep
                last = "uncacheable"
                return None
            files[real] = data
    return Question(cache.digest(*parts), cache.Store(cache.directory()), day, files)

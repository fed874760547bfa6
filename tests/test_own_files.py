"""The result cache touches only its own: in a cache directory shared with other programs,
nothing but accordctl's marked folder and its own names there is counted, pruned or
removed; fingerprinting the program never opens a FIFO, a device or a socket; and `cache
info` says whether the cache is used, and if not, why. Through the real entry point (see
README, "Reliability")."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from accordctl.store import cache
from tests.conftest import Result

Cli = Callable[..., Result]
HEX = "ab" * 32  # a name of 64 hex digits, as an older accordctl named its entries


@pytest.fixture(autouse=True)
def cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about the cache: on, whatever the suite's mode."""
    monkeypatch.delenv("ACCORDCTL_NO_CACHE", raising=False)


def other_programs_files(folder: Path) -> dict[str, bytes]:
    """Files another program keeps in a shared cache directory, some of them old, some
    named as accordctl names its own; written, and returned by name with their bytes."""
    files = {
        ".tmp-x": b"a download in progress",
        ".tmp-abcdefgh": b"another program's temporary file",
        HEX: b"pip's or another tool's entry",
        "accordctl-" + HEX: b"not in accordctl's folder",
        f"{cache.ROOT}-notes.txt": b"mine",
        "pip/http/" + HEX: b"a nested entry",
    }
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
        os.utime(folder / name, (time.time() - 86400 * 30,) * 2)  # a month old
    return files


def contents(folder: Path, names: dict[str, bytes]) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in names if (folder / name).exists()}


def test_a_shared_cache_directory_keeps_every_other_file(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCORDCTL_CACHE_DIR", str(tmp_path))  # as ACCORDCTL_CACHE_DIR=~/.cache
    theirs = other_programs_files(tmp_path)
    assert cli("due", "--branch", "state").cache == "stored"
    assert cli("status").cache == "stored"
    info = cli("cache", "info")
    assert "entries:   2 (" in info.out  # theirs are not counted
    assert cli("cache", "clear").out.startswith("removed 2 entries (")
    assert contents(tmp_path, theirs) == theirs


def test_files_in_accordctl_s_own_folder_that_are_not_its_own_stay(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCORDCTL_CACHE_DIR", str(tmp_path))
    assert cli("due", "--branch", "state").cache == "stored"
    (stored,) = (tmp_path / cache.ROOT).glob("*/*/accordctl-*")
    strays = {
        f"{cache.ROOT}/notes.txt": b"x",
        f"{cache.ROOT}/2001-01-01/notes.txt": b"x",  # a day gone by, holding a user's file
        f"{cache.ROOT}/2001-01-01/ab/{HEX}": b"x",
        str(stored.parent.relative_to(tmp_path) / "notes.txt"): b"x",
    }
    for name, data in strays.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    assert cli("status").cache == "stored"  # a store sweeps days gone by
    assert cli("cache", "clear").code == 0
    assert contents(tmp_path, strays) == strays
    assert not list(tmp_path.glob(f"{cache.ROOT}/*/*/accordctl-*"))


def test_links_inside_accordctl_s_folder_are_never_followed(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_dir, elsewhere = tmp_path / "cache", tmp_path / "elsewhere"
    monkeypatch.setenv("ACCORDCTL_CACHE_DIR", str(cache_dir))
    assert cli("schema").cache == "stored"
    theirs = elsewhere / "ab" / ("accordctl-" + HEX)
    theirs.parent.mkdir(parents=True)
    theirs.write_bytes(b"not accordctl's, though named so")
    (elsewhere / cache.USAGE).write_bytes(b"x")
    (cache_dir / cache.ROOT / "2001-01-01").symlink_to(elsewhere)  # a day gone by, a link
    assert cli("status").cache == "stored"
    assert cli("cache", "clear").out.startswith("removed 2 entries")
    assert theirs.read_bytes().startswith(b"not") and (elsewhere / cache.USAGE).exists()


def test_a_folder_of_that_name_not_marked_as_accordctl_s_is_left_alone(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCORDCTL_CACHE_DIR", str(tmp_path))
    day = tmp_path / cache.ROOT / "2001-01-01" / "ab"
    day.mkdir(parents=True)
    (day / ("accordctl-" + HEX)).write_bytes(b"someone's")
    assert cli("due", "--branch", "state").cache == "not stored"
    assert "is not marked as accordctl's (CACHEDIR.TAG): left alone" in cli("cache", "info").out
    assert cli("cache", "clear").out.startswith("removed 0 entries")
    assert (day / ("accordctl-" + HEX)).read_bytes() == b"someone's"


def test_an_older_accordctl_s_entries_go_and_nothing_else(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCORDCTL_CACHE_DIR", str(tmp_path))
    theirs = other_programs_files(tmp_path)
    older = [tmp_path / ("cd" * 32), tmp_path / ".tmp-k2j4h5g6"]  # the old layout's names
    for path in older:
        path.write_bytes(cache.MAGIC + b"\0" * 100)
    assert cli("status").cache == "stored"  # the store is made: the old entries go
    assert not any(p.exists() for p in older)
    older[0].write_bytes(cache.MAGIC + b"\0" * 100)  # written by an older accordctl since
    assert cli("cache", "clear").out.startswith("removed 2 entries")
    assert not older[0].exists() and contents(tmp_path, theirs) == theirs


@pytest.mark.parametrize("kind", ["fifo", "device", "socket"])
def test_fingerprinting_the_program_never_blocks(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    package = tmp_path / "accordctl"
    package.mkdir()
    (package / "__init__.py").write_text("__version__ = '0'\n")
    odd = package / "odd"
    if kind == "fifo":
        os.mkfifo(odd)
    elif kind == "device":
        odd.symlink_to("/dev/zero")  # reading it never ends
    else:
        server = socket.socket(socket.AF_UNIX)
        request.addfinalizer(server.close)
        server.bind(str(odd))
    script = (
        "import sys\n"
        "from accordctl.cli import main, replay\n"
        "shipped = replay.default_file()\n"
        "replay.default_file = lambda: shipped\n"
        f"replay._package = lambda: {str(package)!r}\n"
        "code = main.main(['due', '--branch', 'state', '--format', 'csv', '-q'])\n"
        "print(code, replay.last, file=sys.stderr)\n"
    )
    env = {**os.environ, "ACCORDCTL_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.stderr == "0 stored\n" and done.stdout.startswith("row_id,")
    odd.unlink()  # the odd file's name is in the key: without it, another question
    again = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert again.stderr == "0 stored\n" and again.stdout == done.stdout


@pytest.mark.parametrize(
    ("setup", "state"),
    [
        ("on", "cache:     on\n"),
        ("--no-cache", "cache:     off for this command line (--no-cache)\n"),
        ("ACCORDCTL_NO_CACHE", "cache:     off (ACCORDCTL_NO_CACHE is set)\n"),
        ("a file", "cache:     unusable: {dir} is not a folder (every run is computed, "),
        ("inside a file", "cache:     unusable: {dir} is not a folder (every run is computed"),
        ("another user's", "cache:     unusable: {root} belongs to another user (uid "),
        ("read-only", "cache:     unusable: {dir} is read-only (every run is computed"),
        ("a read-only store", "cache:     read-only: {root} cannot be written (answers are"),
    ],
)
def test_cache_info_tells_the_truth(
    setup: str, state: str, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ACCORDCTL_CACHE_DIR", str(folder))
    args = ["cache", "info"]
    if setup == "--no-cache":
        args.insert(0, "--no-cache")
    elif setup == "ACCORDCTL_NO_CACHE":
        monkeypatch.setenv("ACCORDCTL_NO_CACHE", "1")
    elif setup == "a file":
        folder.write_text("x")
    elif setup == "inside a file":
        folder.write_text("x")
        monkeypatch.setenv("ACCORDCTL_CACHE_DIR", str(folder / "sub"))
    elif setup == "another user's":
        assert cli("schema").cache == "stored"
        monkeypatch.setattr(cache.os, "getuid", lambda: os.geteuid() + 1)
    elif setup == "read-only":
        if os.geteuid() == 0:
            pytest.skip("root writes anywhere")
        folder.mkdir(mode=0o500)
    elif setup == "a read-only store":
        assert cli("schema").cache == "stored"
        # as on a read-only mount: everything can be read, nothing written
        monkeypatch.setattr(os, "access", lambda path, mode, **kw: not mode & os.W_OK)
    r = cli(*args)
    assert r.code == 0
    assert state.format(dir=folder, root=folder / cache.ROOT) in r.out
    if setup in ("a file", "inside a file", "another user's"):
        assert cli("schema").cache == "not stored"  # and it is so

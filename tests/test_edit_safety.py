"""Edits never lose a change (issue 22): the lock is held or the edit refused, another
program's save is never overwritten, what the loader reads the editor edits (or refuses,
leaving the file as it was), every comment is kept, the text written reads back as text in
every YAML reader, and a killed edit's temporary file is cleaned up by the next one.
Faults are injected where a fault is needed; the catalogue (tests/test_reliability.py)
counts these tables and tests."""

from __future__ import annotations

import errno
import fcntl
import os
import re
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from accordctl.core.loader import load_text
from accordctl.store import edit, lock
from accordctl.store.files import default_path
from accordctl.store.yamltext import scalar
from tests.conftest import ANNEX_PLAN, DATA, HEADER, Result

Cli = Callable[..., Result]
ENTRY = '  - id: "1"\n    number: 1\n    branch: one\n    title: T1\n    deadlines:\n'


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("accordctl.cli.options.today", lambda: date(2009, 3, 1))


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    path = tmp_path / "commitments.yaml"
    path.write_bytes(ANNEX_PLAN.read_bytes())
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".accordctl-"))


def script(*args: str) -> list[str]:
    exe = Path(sys.executable).with_name("accordctl")
    return [str(exe), *args] if exe.exists() else [sys.executable, "-m", "accordctl", *args]


def comments_of(text: str) -> list[str]:
    """Every comment of a file, in order (PyYAML's scanner skips them; this is a reader of
    its own for the test: `#` at a line's start or after a blank, outside quotes)."""
    found = []
    for line in re.split("\r\n|\r|\n|\u2028", text):
        quote = None
        for k, c in enumerate(line):
            if quote is None and c in "'\"":
                quote = c
            elif c == quote:
                quote = None
            elif c == "#" and quote is None and (k == 0 or line[k - 1] in " \t"):
                found.append(line[k:].rstrip())
                break
    return found


# -- the lock: held, or the edit is refused --------------------------------------------


@pytest.fixture
def held(copy: Path) -> Iterator[Path]:
    """Another edit holds the lock of `copy` (an flock on the file, as an edit takes it)."""
    with copy.open("rb") as f:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX)
        yield copy


def test_an_edit_waits_says_so_and_gives_up(
    cli: Cli, held: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCORDCTL_LOCK_WAIT", "0.4")
    r = cli("done", "26", "--file", str(held))
    assert r.code == 6
    assert r.err == (
        f"accordctl: waiting for another edit of {held} to finish...\n"
        f"accordctl: {held}: not changed: another edit held its lock for 0.4 s; run the command "
        "again, or wait longer with ACCORDCTL_LOCK_WAIT=SECONDS\n"
    )
    assert held.read_bytes() == ANNEX_PLAN.read_bytes() and leftovers(held.parent) == []


def test_a_folder_that_cannot_be_read_still_gets_its_lock(
    cli: Cli, copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Mode 0300: the folder can be entered and written, not listed or opened. The tests
    run as root, whom modes do not stop, so the refusal a user gets is injected. With
    another edit holding the lock, this one waits; without, it edits."""
    folder = copy.parent
    real_open, real_scandir = os.open, os.scandir

    def refused(path: object) -> bool:
        return os.path.realpath(str(path)) == str(folder.resolve())

    def fake_open(path: str, *args: object, **kwargs: object) -> int:
        if refused(path):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    def fake_scandir(path: str = ".") -> object:
        if refused(path):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    folder.chmod(0o300)
    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "scandir", fake_scandir)
    monkeypatch.setenv("ACCORDCTL_LOCK_WAIT", "0")
    try:
        with copy.open("rb") as other:
            fcntl.flock(other.fileno(), fcntl.LOCK_EX)
            r = cli("done", "26", "--file", str(copy))
        assert r.code == 6 and "another edit held its lock" in r.err
        assert copy.read_bytes() == ANNEX_PLAN.read_bytes()
        assert cli("done", "26", "--on", "2008-12-01", "--file", str(copy)).code == 0
        assert "completed: 2008-12-01" in copy.read_text(encoding="utf-8")
    finally:
        folder.chmod(0o700)


def test_the_lock_is_taken_on_the_file_an_edit_reads(cli: Cli, copy: Path) -> None:
    """An edit replaces the file, so a lock on the replaced one means nothing: an edit
    locks the file its path names when it holds the lock."""
    old = copy.open("rb")
    fcntl.flock(old.fileno(), fcntl.LOCK_EX)
    replacement = copy.with_name("new.yaml")
    replacement.write_bytes(ANNEX_PLAN.read_bytes())
    replacement.replace(copy)  # another edit renamed its result over the file
    try:
        assert cli("done", "26", "--file", str(copy)).code == 0  # the new file is not held
    finally:
        old.close()


@pytest.mark.parametrize("value", ["x", "-1", "nan", "inf", "1e99"])
def test_a_bad_lock_wait_is_a_usage_error(
    cli: Cli, copy: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("ACCORDCTL_LOCK_WAIT", value)
    r = cli("done", "26", "--file", str(copy))
    assert (r.code, r.err) == (
        2,
        f'accordctl: ACCORDCTL_LOCK_WAIT="{value}": expected a number of seconds\n',
    )


@pytest.fixture
def no_flock(monkeypatch: pytest.MonkeyPatch) -> None:
    """A filesystem without flock: NFS without its lock daemon, some FUSE mounts."""

    def flock(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", flock)


@pytest.mark.usefixtures("no_flock")
def test_without_flock_a_lock_file_beside_the_data_file(cli: Cli, copy: Path) -> None:
    assert cli("done", "26", "--on", "2008-12-01", "--file", str(copy)).code == 0
    assert "completed: 2008-12-01" in copy.read_text(encoding="utf-8")
    assert leftovers(copy.parent) == []  # the lock file is gone with the edit


@pytest.mark.usefixtures("no_flock")
@pytest.mark.parametrize(
    ("holder", "said"),
    [
        (f"{os.getpid()} {socket.gethostname()}", f"process {os.getpid()} on"),  # running
        ("1234 another-host", "process 1234 on another-host"),  # cannot be checked
        ("", "an edit"),  # being written
    ],
)
def test_a_lock_file_held_by_another_edit_is_waited_for(
    cli: Cli, copy: Path, monkeypatch: pytest.MonkeyPatch, holder: str, said: str
) -> None:
    monkeypatch.setenv("ACCORDCTL_LOCK_WAIT", "0.2")
    path = Path(lock.lock_path(copy))
    path.write_text(holder + "\n" if holder else "", encoding="utf-8")
    r = cli("done", "26", "--file", str(copy))
    assert r.code == 6 and r.err.count("\n") == 2
    assert f"({said}" in r.err.splitlines()[0] and "holds the lock file" in r.err
    assert r.err.splitlines()[1].startswith(f"accordctl: {copy}: not changed: {said}")
    assert "remove that file if no edit is running" in r.err
    assert copy.read_bytes() == ANNEX_PLAN.read_bytes() and path.exists()


@pytest.mark.usefixtures("no_flock")
def test_a_lock_file_left_by_a_killed_edit_is_removed(cli: Cli, copy: Path) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                          capture_output=True, text=True)  # fmt: skip
    path = Path(lock.lock_path(copy))
    path.write_text(f"{gone.stdout.strip()} {socket.gethostname()}\n", encoding="utf-8")
    assert cli("done", "26", "--file", str(copy)).code == 0
    assert leftovers(copy.parent) == []


@pytest.mark.usefixtures("no_flock")
def test_no_flock_and_no_lock_file_is_a_clear_refusal(
    cli: Cli, copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open

    def fake_open(path: str, flags: int, *args: object) -> int:
        if flags & os.O_EXCL:
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", fake_open)
    r = cli("done", "26", "--file", str(copy))
    assert (r.code, r.err.count("\n")) == (6, 1)
    assert r.err.startswith(
        f"accordctl: {copy}: cannot lock it to edit it: flock: No locks available, "
    )
    assert r.err.endswith(": Permission denied; not changed\n")
    assert copy.read_bytes() == ANNEX_PLAN.read_bytes()


FLOCKLESS = """\
import errno, fcntl
def flock(fd, operation):
    raise OSError(errno.ENOLCK, "No locks available")
fcntl.flock = flock
"""


@pytest.mark.parametrize("filesystem", ["flock", "no flock"])
def test_concurrent_edits_all_land(tmp_path: Path, filesystem: str) -> None:
    """Six processes edit one file at once: every change is there, nothing is left."""
    data = tmp_path / "data" / "c.yaml"
    data.parent.mkdir()
    data.write_bytes(ANNEX_PLAN.read_bytes())
    env = {**os.environ, "ACCORDCTL_NO_CACHE": "1"}
    if filesystem == "no flock":
        (tmp_path / "site").mkdir()
        (tmp_path / "site" / "sitecustomize.py").write_text(FLOCKLESS, encoding="utf-8")
        env["PYTHONPATH"] = str(tmp_path / "site")
    ids = ("26", "1a", "39", "46d", "62", "70")
    runs = [
        subprocess.Popen(script("done", i, "--on", "2008-12-01", "--file", str(data)), env=env,
                         stderr=subprocess.PIPE)
        for i in ids
    ]  # fmt: skip
    said = [p.communicate(timeout=120)[1] for p in runs]
    assert [p.returncode for p in runs] == [0] * len(ids), said
    assert data.read_text(encoding="utf-8").count("completed: 2008-12-01") == len(ids)
    assert leftovers(data.parent) == []


# -- another program's save is never overwritten --------------------------------------


def test_a_save_in_the_last_moment_before_the_rename_is_kept(
    cli: Cli, copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program saves the file after the new one is written and synced, just before
    the rename: the bytes are compared again as the last step, and its save wins."""
    real_fsync = os.fsync

    def fsync_then_save(fd: int) -> None:
        real_fsync(fd)
        with copy.open("ab") as f:
            f.write(b"# saved by an editor\n")

    monkeypatch.setattr(os, "fsync", fsync_then_save)
    r = cli("done", "26", "--file", str(copy))
    assert (r.code, r.err) == (
        6,
        f"accordctl: {copy}: changed by another program while being edited; not written "
        "(run the command again)\n",
    )
    assert copy.read_bytes() == ANNEX_PLAN.read_bytes() + b"# saved by an editor\n"
    assert leftovers(copy.parent) == []


# -- what the loader reads, the editor edits (or refuses, leaving the file as it was) ----

BLOCK = "      - source: x\n        deadline: 6 months\n"
DONE = "        status: done\n        completed: 2009-01-01\n"
LAYOUTS = [
    # name, the deadline as written, the command, the deadline after it
    ("tab before a comment, flow", "      - {source: x, deadline: 6 months}\t# as written\n",
     ["done", "1", "--on", "2009-01-01"],
     "      - {source: x, deadline: 6 months, status: done, completed: 2009-01-01}"
     "\t# as written\n"),
    ("tabs before comments, block", "      - source: x\t# a\n        deadline: 6 months\t# b\n",
     ["done", "1", "--on", "2009-01-01"],
     "      - source: x\t# a\n        deadline: 6 months\t# b\n" + DONE),
    ("a flow mapping over three lines, comments inside",
     "      - {source: x,  # the cable's\n         deadline: 6 months  # the grammar's\n"
     "        }\n",
     ["done", "1", "--on", "2009-01-01"],
     "      - {source: x,  # the cable's\n         deadline: 6 months, status: done, "
     "completed: 2009-01-01  # the grammar's\n        }\n"),
    ("a comment line inside a flow mapping",
     "      - {source: x,\n         # its own line\n         deadline: 6 months}\n",
     ["drop", "1", "--on", "2009-01-01"],
     "      - {source: x,\n         # its own line\n"
     "         deadline: 6 months, status: dropped, since: 2009-01-01}\n"),
    ("comments after keys reopen removes, block",
     BLOCK + "        status: done  # checked\n        completed: 2008-12-01  # minutes\n",
     ["reopen", "1"], BLOCK + "        # checked\n        # minutes\n"),
    ("comments after keys reopen removes, flow",
     "      - {source: x, deadline: 6 months,\n         status: done,  # checked\n"
     "         completed: 2008-12-01}  # minutes\n",
     ["reopen", "1"], "      - {source: x, deadline: 6 months # checked\n         }  # minutes\n"),
    ("a comment after a key on the dash's line",
     "      - status: done  # first\n        completed: 2008-12-01\n        source: x\n"
     "        deadline: 6 months\n",
     ["reopen", "1"], "      - # first\n        source: x\n        deadline: 6 months\n"),
    ("a comment after the one key drop removes",
     BLOCK + "        completed: 2008-12-01  # when\n", ["drop", "1", "--on", "2009-01-01"],
     BLOCK + "        status: dropped\n        since: 2009-01-01\n        # when\n"),
    ("an empty value with a comment", BLOCK + "        evidence:  # none yet\n",
     ["done", "1", "--on", "2009-01-01", "--evidence", "minutes"],
     BLOCK + "        evidence: minutes  # none yet\n" + DONE),
    ("a block scalar with a header comment",
     BLOCK + "        evidence: |  # long\n          first\n          second\n",
     ["drop", "1", "--on", "2009-01-01", "--evidence", "cut"],
     BLOCK + "        evidence: cut # long\n        status: dropped\n        since: 2009-01-01\n"),
    ("an explicit key", BLOCK + "        ? status\n        : done\n", ["reopen", "1"], BLOCK),
    ("explicit keys, keys added", "      - ? source\n        : x\n        ? deadline\n"
     "        : 6 months\n", ["done", "1", "--on", "2009-01-01"],
     "      - ? source\n        : x\n        ? deadline\n        : 6 months\n" + DONE),
    ("a block scalar that keeps its blank lines, keys added",
     BLOCK + "        evidence: |+\n          kept\n\n", ["done", "1", "--on", "2009-01-01"],
     BLOCK + "        evidence: |+\n          kept\n\n" + DONE),
    ("a block scalar that keeps its blank lines, removed",
     BLOCK + "        evidence: |+\n          kept\n\n" + DONE, ["reopen", "1"], BLOCK),
    ("a trailing comma", "      - {source: x, deadline: 6 months,}\n",
     ["drop", "1", "--on", "2009-01-01"],
     "      - {source: x, deadline: 6 months, status: dropped, since: 2009-01-01,}\n"),
    ("quoted keys", "      - {\"source\": x, 'deadline': 6 months, \"status\": done}\n",
     ["reopen", "1"], "      - {\"source\": x, 'deadline': 6 months}\n"),
    ("a key with no value in a flow mapping", "      - {source: x, deadline: 6 months, evidence}\n",
     ["done", "1", "--on", "2009-01-01", "--evidence", "minutes"],
     "      - {source: x, deadline: 6 months, evidence: minutes, status: done, "
     "completed: 2009-01-01}\n"),
    ("a comment between a key and its value", BLOCK + "        status:  # why\n          done\n",
     ["reopen", "1"], BLOCK + "        # why\n"),
    ("a value on the line after its key", BLOCK + "        evidence:\n          some text\n",
     ["done", "1", "--on", "2009-01-01", "--evidence", "minutes"],
     BLOCK + "        evidence:\n          minutes\n" + DONE),
    ("an anchor and a tag", "      - &d {source: x, deadline: 6 months, status: !!str done}\n",
     ["drop", "1", "--on", "2009-01-01"],
     "      - &d {source: x, deadline: 6 months, status: dropped, since: 2009-01-01}\n"),
    ("no line break at the end", BLOCK[:-1], ["done", "1", "--on", "2009-01-01"],
     BLOCK + DONE[:-1]),
    ("a flow list of deadlines", "      [{scope: a, source: x, deadline: 1 year},\n"
     "       {scope: b, source: y, deadline: 2 years, status: done}]  # both\n",
     ["reopen", "1/b"], "      [{scope: a, source: x, deadline: 1 year},\n"
     "       {scope: b, source: y, deadline: 2 years}]  # both\n"),
]  # fmt: skip
BREAKS = {"LF": "\n", "CR LF": "\r\n", "CR": "\r"}


def with_breaks(text: str, style: str) -> str:
    """`text` with its line breaks as `style` says; "mixed" alternates LF and CR LF."""
    if style != "mixed":
        return text.replace("\n", BREAKS[style])
    lines = text.split("\n")
    ends = ["\r\n" if k % 2 else "\n" for k in range(len(lines) - 1)] + [""]
    return "".join(map(str.__add__, lines, ends))


def lines_and_breaks(text: str) -> list[tuple[str, str]]:
    parts = re.split("(\r\n|\r|\n)", text)
    return list(zip(parts[::2], [*parts[1::2], ""], strict=True))


@pytest.mark.parametrize("style", ["LF", "CR LF", "CR", "mixed"])
@pytest.mark.parametrize(("name", "before", "args", "after"), LAYOUTS, ids=[c[0] for c in LAYOUTS])
def test_every_layout_the_loader_reads_is_edited_in_place(
    cli: Cli,
    tmp_path: Path,
    style: str,
    name: str,
    before: str,
    args: list[str],
    after: str,
) -> None:
    """The file changes exactly as written here, every comment kept, and it passes
    `check`. Its line breaks stay as they were, and a new line takes the break of the line
    it follows (in a file of mixed breaks, a line that stays keeps its own)."""
    text, wanted = HEADER + ENTRY + before, HEADER + ENTRY + after
    path = tmp_path / "c.yaml"
    path.write_bytes(with_breaks(text, style).encode("utf-8"))
    r = cli(*args, "--file", str(path))
    assert r.code == 0, r.err
    got = path.read_bytes().decode("utf-8")
    if style != "mixed":
        assert got == with_breaks(wanted, style)
    else:  # the lines before the deadline as they were; in it, only breaks it had
        assert re.sub("\r\n?", "\n", got) == wanted
        head = len(lines_and_breaks(HEADER + ENTRY)) - 1
        was = lines_and_breaks(with_breaks(text, style))
        assert lines_and_breaks(got)[:head] == was[:head]
        assert {b for _, b in lines_and_breaks(got)[head:]} <= {b for _, b in was[head:]}
    assert sorted(comments_of(got)) == sorted(comments_of(text))
    assert cli("check", "--file", str(path)).code == 0


def test_a_line_added_in_a_file_of_mixed_breaks_takes_the_break_of_the_line_before(
    cli: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "c.yaml"
    path.write_bytes(
        (
            HEADER + ENTRY + "      - source: x\r\n        deadline: 6 months\r\n"
            '  - id: "2"\n    number: 2\n    branch: one\n    title: T2\n'
        ).encode()
    )
    assert cli("done", "1", "--on", "2009-01-01", "--file", str(path)).code == 0
    assert b"6 months\r\n        status: done\r\n        completed: 2009-01-01\r\n  - id" in (
        path.read_bytes()
    )


def test_the_layout_table_has_no_duplicate_cases() -> None:
    assert len({c[1] for c in LAYOUTS}) == len({c[0] for c in LAYOUTS}) == len(LAYOUTS)


def test_done_then_reopen_gives_back_every_entry_of_the_annex(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    original = ANNEX_PLAN.read_bytes()
    accord = load_text(original.decode("utf-8"), str(path))
    entries = [c.id for c in accord.commitments if c.deadlines]
    assert len(entries) >= 65
    for ident in entries:
        path.write_bytes(original)
        asked = edit.Asked("done", evidence="minutes, p. 3")
        done = edit.plan(path, ident, asked, date(2009, 3, 1), "done")
        assert done.changed and done.after != original
        path.write_bytes(done.after)
        back = edit.plan(path, ident, edit.Asked("pending"), date(2009, 3, 1), "reopen")
        assert back.after == original, ident


FAULTY = HEADER + "# the annex\n" + ENTRY + BLOCK + "        evidence: e  # where\n"


@pytest.mark.parametrize(
    ("spoil", "said"),
    [
        (("# the annex", "# The annex"),
         "the result would change the file outside the deadlines edited"),
        (("        status: done", "      - status: done"), "the result would change other values"),
        (("status: done", "status: [don"), "the result would not read back"),
        (("status: done", "status: Done"), "the result would not read back as the change"),
        (("# where", "# Where"), "a comment would be lost or moved"),
    ],
)  # fmt: skip
def test_a_result_that_reads_otherwise_is_refused(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spoil: tuple[str, str], said: str
) -> None:
    """A fault in the splice, injected: the same number of characters changed, in the
    edited deadline or outside it, each caught by its own check before anything is
    written."""
    path = tmp_path / "c.yaml"
    path.write_text(FAULTY, encoding="utf-8")
    real = edit.apply
    monkeypatch.setattr(edit, "apply", lambda text, splices: real(text, splices).replace(*spoil))
    r = cli("done", "1", "--file", str(path))
    assert (r.code, r.err) == (
        3,
        f"accordctl: {path}: cannot edit in place ({said}); not written: record the "
        "progress by hand\n",
    )
    assert path.read_text(encoding="utf-8") == FAULTY and leftovers(tmp_path) == []


# -- text an edit writes reads back as text in every YAML reader ----------------------

EVIDENCE = [
    "yes", "No", "on", "OFF", "y", "n", "true", "null", "Null", "~", "", "1.0", "0x10", "0o10",
    "1e5", ".inf", ".NaN", "2008-01-01", "12:30", "1_000", "a: b", "a:b", " padded", "padded ",
    "#", "a #b", "a#b", "it's", "'", '"quoted"', "-", "- x", "? x", ": x", "[x]", "{x}", "a, b",
    "*x", "&x", "!x", "%x", "@x", "`x", "|", ">", "=", "<<", "según el acta", "日本語",
    "https://example.org/a?b=c#d", "minutes", "state budgets cut",
]  # fmt: skip


def readers() -> dict[str, Callable[[str], object]]:
    """Every YAML reader at hand, each with the YAML version it reads by default."""
    rt, safe, eleven = YAML(typ="rt"), YAML(typ="safe", pure=True), YAML(typ="safe", pure=True)
    eleven.version = (1, 1)
    return {
        "PyYAML": lambda t: yaml.load(t, Loader=yaml.SafeLoader),
        "PyYAML (libyaml)": lambda t: yaml.load(t, Loader=yaml.CSafeLoader),
        "ruamel round trip": rt.load,
        "ruamel safe": safe.load,
        "ruamel YAML 1.1": eleven.load,
    }


@pytest.mark.parametrize("text", [e for e in EVIDENCE if e], ids=repr)
def test_evidence_reads_back_as_text_in_every_reader(cli: Cli, tmp_path: Path, text: str) -> None:
    """Written into a flow deadline and a block one at once, by the real command."""
    path = tmp_path / "c.yaml"
    path.write_text(HEADER + ENTRY + "      - {scope: a, source: x, deadline: 1 year}\n"
                    "      - scope: b\n        source: y\n        deadline: 2 years\n",
                    encoding="utf-8")  # fmt: skip
    assert cli("done", "1", "--evidence", text, "--file", str(path)).code == 0
    written = path.read_text(encoding="utf-8")
    for reader, read in readers().items():
        doc = read(written)
        got = [d["evidence"] for d in doc["commitments"][0]["deadlines"]]  # type: ignore[index]
        assert got == [text, text], reader
    assert [d.evidence for d in load_text(written, "c").commitments[0].deadlines] == [text] * 2


def test_the_evidence_table_has_no_duplicate_cases() -> None:
    assert len(set(EVIDENCE)) == len(EVIDENCE)


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=0, max_size=12))
def test_any_text_is_written_so_that_every_reader_reads_it_back(value: str) -> None:
    """The writer beyond what the command line lets through (line breaks, controls, lone
    surrogates), in a flow and a block mapping: the value, or refused as no text can be
    (a surrogate, which no UTF-8 file holds)."""
    written = scalar(value)
    assert "\n" not in written and "\r" not in written
    for text in (f"k: {written}\n", f"- {{k: {written}, j: 1}}\n"):
        for reader, read in readers().items():
            doc = read(text)
            got = doc["k"] if isinstance(doc, dict) else doc[0]["k"]  # type: ignore[index]
            if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
                continue  # escaped as \\udcxx: each reader decides what to make of it
            assert got == value, (reader, text)


@pytest.mark.parametrize(
    ("evidence", "said"),
    [("a\nb", "one line of text, without controls"), ("a\udcffb", "not UTF-8 text")],
)
def test_evidence_that_is_no_line_of_text_is_refused(
    cli: Cli, copy: Path, evidence: str, said: str
) -> None:
    r = cli("done", "26", "--evidence", evidence, "--file", str(copy))
    assert r.code == 2 and said in r.err and r.err.count("\n") == 1
    assert copy.read_bytes() == ANNEX_PLAN.read_bytes()


# -- a killed edit's temporary file is cleaned up by the next one ----------------------

KILLED = """\
import os, signal, sys
os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)
from accordctl.cli.main import main
main(sys.argv[1:])
"""


def test_a_killed_edits_temporary_file_is_removed_by_the_next_edit(tmp_path: Path) -> None:
    data = tmp_path / "c.yaml"
    data.write_bytes(ANNEX_PLAN.read_bytes())
    env = {**os.environ, "ACCORDCTL_NO_CACHE": "1"}
    killed = subprocess.run([sys.executable, "-c", KILLED, "done", "26", "--file", str(data)],
                            env=env, capture_output=True, check=False)  # fmt: skip
    assert killed.returncode == -9
    left = leftovers(tmp_path)
    assert len(left) == 1 and left[0].startswith(lock.temp_prefix(data))
    others = [
        ".accordctl-x1y2z3.tmp",  # `ics -o` or `report -o` writing here right now
        ".tmp-mine",
        lock.temp_prefix(tmp_path / "other.yaml") + "abc.tmp",  # another data file's edit
        lock.temp_prefix(data) + "notes.txt",  # not named as an edit names its files
    ]
    for name in others:
        (tmp_path / name).write_text("not ours to remove", encoding="utf-8")
    (tmp_path / (lock.temp_prefix(data) + "dir.tmp")).mkdir()
    r = subprocess.run(script("done", "26", "--file", str(data)), env=env, capture_output=True,
                       check=False)  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert sorted(set(leftovers(tmp_path)) | {".tmp-mine"}) == sorted(
        [*others, lock.temp_prefix(data) + "dir.tmp"]
    )


def test_the_shipped_file_is_refused_before_any_lock(cli: Cli) -> None:
    r = cli("done", "26", "--file", str(default_path()))
    assert r.code == 2 and "refusing to edit the data file inside the installed" in r.err


def test_reopen_takes_back_the_record_of_the_shipped_file(tmp_path: Path) -> None:
    """An entry whose progress cites the record: reopen removes every progress key (status,
    completed or since, facts, judgement) and leaves the record's facts where they are."""
    path = tmp_path / "c.yaml"
    original = DATA.read_bytes()
    path.write_bytes(original)
    back = edit.plan(path, "26", edit.Asked("pending"), date(2026, 1, 1), "reopen")
    assert back.changed
    text = back.after.decode("utf-8")
    (d,) = next(c for c in load_text(text, "x").commitments if c.id == "26").deadlines
    assert (d.status, d.completed, d.facts, d.judgement) == (None, None, (), None)
    assert text.count("id: observatorio-founded") == 1  # the fact stays in the record
    assert len(back.after) < len(original) and text.replace(" ", "") != ""

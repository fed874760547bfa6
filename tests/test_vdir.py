"""`accordctl ics --vdir`: a folder of one .ics file an entry, as khal, todoman and
vdirsyncer read it; written safely, again and again, beside files that are not ours; and
read back by the real khal and todoman."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest

from accordctl.outputs import ical
from accordctl.store import vdir as vdir_store
from tests.conftest import DATA, Result

Cli = Callable[..., Result]
META = {".accordctl"}


def folder_state(path: Path) -> dict[str, tuple[bytes, int]]:
    """Every file in a folder: its bytes and its inode (a rewrite changes the inode)."""
    return {p.name: (p.read_bytes(), p.stat().st_ino) for p in sorted(path.iterdir())}


def one_component(data: bytes) -> icalendar.Component:
    (item,) = [c for c in icalendar.Calendar.from_ical(data).subcomponents]
    return item


@pytest.mark.parametrize("todo", [False, True], ids=["events", "tasks"])
def test_one_file_an_entry_named_by_its_uid(cli: Cli, tmp_path: Path, todo: bool) -> None:
    """The vdir holds what the single file holds, one entry a file named `UID.ics`, with
    the same bytes for each entry."""
    cal = tmp_path / "cal" / "accord"  # its parent is created too
    flag = ["--todo"] if todo else []
    r = cli("ics", *flag, "--vdir", str(cal))
    assert r.code == 0 and r.out == ""
    count, what = (82, "82 deadlines") if todo else (92, "82 deadlines and 10 events")
    assert r.err.endswith(
        f"accordctl: {cal}: {count} new, 0 changed, 0 unchanged, 0 removed ({what})\n"
    )  # tasks come without the events
    single = icalendar.Calendar.from_ical(cli("ics", *flag).out).subcomponents
    items = {p.name: one_component(p.read_bytes()) for p in cal.glob("*.ics")}
    assert {f"{c['uid']}.ics" for c in single} == set(items)
    assert {p.name for p in cal.iterdir()} - set(items) == META
    for c in single:
        assert items[f"{c['uid']}.ics"].to_ical() == c.to_ical()
    assert {c.name for c in items.values()} == {"VTODO" if todo else "VEVENT"}


def test_uids_are_file_names(cli: Cli) -> None:
    """No UID holds a `/` (khal would store it under a hash); each is a name khal and
    vdirsyncer keep as it is."""
    safe = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-+@")
    for args in ([], ["--todo"]):
        uids = [str(c["uid"]) for c in icalendar.Calendar.from_ical(cli("ics", *args).out).walk()
                if "UID" in c]  # fmt: skip
        assert uids and all(set(u) <= safe for u in uids) and len(set(uids)) == len(uids)


# The UIDs that changed when they became file names: the six scoped rows, `/` -> `+`.
CHANGED_UIDS = [
    ("1e/federal-prosecutors@accordctl", "1e+federal-prosecutors@accordctl"),
    ("1e/general@accordctl", "1e+general@accordctl"),
    ("54a/other-municipalities@accordctl", "54a+other-municipalities@accordctl"),
    ("54a/subsemun@accordctl", "54a+subsemun@accordctl"),
    ("55/other-municipalities@accordctl", "55+other-municipalities@accordctl"),
    ("55/subsemun@accordctl", "55+subsemun@accordctl"),
]


def test_the_uids_that_changed_are_the_six_scoped_rows(cli: Cli) -> None:
    rows = cli("due", "--format", "json").json()["rows"]
    was = {f"{r['row_id']}@accordctl" for r in rows if r["due"]}  # the UIDs before
    now = {str(c["uid"]) for c in icalendar.Calendar.from_ical(cli("ics").out).walk("VEVENT")}
    assert sorted(was - now) == [old for old, _ in CHANGED_UIDS]
    assert sorted(now - was - {u for u in now if "@events." in u}) == [n for _, n in CHANGED_UIDS]
    assert [ical.uid(old.split("@")[0]) for old, _ in CHANGED_UIDS] == [n for _, n in CHANGED_UIDS]


def test_a_second_run_changes_nothing_and_a_third_only_what_changed(
    cli: Cli, tmp_path: Path
) -> None:
    cal = tmp_path / "accord"
    cli("ics", "--vdir", str(cal))
    before = folder_state(cal)
    r = cli("ics", "--vdir", str(cal))
    assert r.err.endswith(
        "0 new, 0 changed, 92 unchanged, 0 removed (82 deadlines and 10 events)\n"
    )
    assert folder_state(cal) == before  # not even rewritten: a sync sees no change
    edited = tmp_path / "c.yaml"
    text = DATA.read_text(encoding="utf-8")
    edited.write_text(text.replace("title: Ensure a speedy trial.", "title: Ensure a fast trial."))
    r = cli("ics", "--vdir", str(cal), "--file", str(edited))
    assert r.err.endswith(
        "0 new, 1 changed, 91 unchanged, 0 removed (82 deadlines and 10 events)\n"
    )
    after = folder_state(cal)
    assert [n for n in after if after[n] != before[n]] == ["39@accordctl.ics"]


def test_only_files_it_wrote_are_removed(cli: Cli, tmp_path: Path) -> None:
    """Entries no longer exported go; files of other programs (an item of another UID, a
    note, a displayname) and an item of ours whose file someone else now holds stay."""
    cal = tmp_path / "accord"
    cal.mkdir()
    theirs = {
        "mine.ics": b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:mine@example.org\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR\r\n",
        "notes.txt": b"mine\n",
        "displayname": b"My accord",
    }
    for name, data in theirs.items():
        (cal / name).write_bytes(data)
    cli("ics", "--vdir", str(cal))
    (cal / "27@accordctl.ics").write_bytes(theirs["mine.ics"])  # now holds another's item
    r = cli("ics", "--vdir", str(cal), "--branch", "state")
    said = "0 new, 0 changed, 22 unchanged, 69 removed (12 deadlines and 10 events)\n"
    assert r.code == 0 and r.err.endswith(said)
    cli("ics", "--vdir", str(tmp_path / "fresh"), "--branch", "state")
    state = sorted(p.name for p in (tmp_path / "fresh").glob("*.ics"))  # and the 10 events
    assert len(state) == 22 and "27@accordctl.ics" not in state
    assert {p.name for p in cal.iterdir()} == {*theirs, "27@accordctl.ics", ".accordctl", *state}
    for name, data in theirs.items():
        assert (cal / name).read_bytes() == data
    listed = (cal / ".accordctl").read_text(encoding="utf-8").splitlines()[1:]
    assert listed == state


@pytest.mark.parametrize(
    ("setup", "message"),
    [(lambda d: (d / "27@accordctl.ics").write_bytes(b"BEGIN:VCALENDAR\r\nUID:x@y\r\n"),
      "27@accordctl.ics: a file accordctl did not write is in the way: move it, or write to "
      "another folder"),
     (lambda d: (d / "27@accordctl.ics").mkdir(),
      "27@accordctl.ics: in the way, and not a regular file: remove it first"),
     (lambda d: (d / "27@accordctl.ics").symlink_to(d / "elsewhere.ics"),
      "27@accordctl.ics: in the way, and not a regular file: remove it first")],
    ids=["another-uid", "a-folder", "a-link"],
)  # fmt: skip
def test_a_file_in_the_way_is_refused_before_anything_is_written(
    cli: Cli, tmp_path: Path, setup: Callable[[Path], object], message: str
) -> None:
    cal = tmp_path / "accord"
    cli("ics", "--vdir", str(cal), "--branch", "legislative")
    setup(cal)
    before = {p.name: p.read_bytes() for p in cal.iterdir() if p.is_file()}
    r = cli("ics", "--vdir", str(cal))
    assert (r.code, r.out) == (2, "") and r.err.splitlines()[-1].endswith(message)
    assert {p.name: p.read_bytes() for p in cal.iterdir() if p.is_file()} == before


def test_a_folder_that_is_a_file_and_vdir_with_output_are_refused(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    r = cli("ics", "--vdir", str(tmp_path / "f"))
    assert (r.code, r.err) == (2, f"accordctl: --vdir {tmp_path / 'f'}: not a folder\n")
    r = cli("ics", "--vdir", str(tmp_path / "d"), "-o", str(tmp_path / "a.ics"))
    assert (r.code, r.err) == (2, "accordctl: --vdir writes a folder, -o a file: give one\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f"]


@pytest.mark.parametrize("stop", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_failure_while_writing_leaves_the_folder_as_it_was(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stop: BaseException
) -> None:
    """Every changed file is written in full before any replaces its old one: a disk
    that fills (or a stop) on the tenth leaves the folder as it was, and a folder made for
    the write is removed."""
    cal = tmp_path / "accord"
    cli("ics", "--vdir", str(cal), "--branch", "state")
    before = folder_state(cal)
    calls = []
    real = os.fsync

    def fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 10:
            raise stop
        real(fd)

    monkeypatch.setattr(vdir_store.os, "fsync", fsync)
    code, said = (6, f"accordctl: {cal}: cannot write: No space left on device") if isinstance(
        stop, OSError
    ) else (130, "")  # fmt: skip
    r = cli("ics", "--vdir", str(cal))
    assert (r.code, r.err.splitlines()[-1:]) == (code, [said] if said else [])
    assert folder_state(cal) == before and len(calls) == 10
    calls.clear()
    r = cli("ics", "--vdir", str(tmp_path / "new" / "accord"))
    assert r.code == code and sorted(p.name for p in tmp_path.iterdir()) == ["accord"]


def test_refused_on_a_terminal_like_gzip(tmp_path: Path) -> None:
    """A calendar on a terminal is bytes nobody reads: refused, exit 2; -o FILE, --vdir
    and a pipe are the ways to have it."""
    script = [sys.executable, "-m", "accordctl"]
    env = {**os.environ, "ACCORDCTL_NO_CACHE": "1"}
    for args, code in ((["ics"], 2), (["ics", "-o", "-"], 2),
                       (["ics", "-o", str(tmp_path / "a.ics")], 0)):  # fmt: skip
        leader, follower = pty.openpty()
        try:
            p = subprocess.run([*script, *args], stdout=follower, stderr=subprocess.PIPE,
                               env=env, check=False)  # fmt: skip
        finally:
            os.close(follower)
            os.close(leader)
        assert p.returncode == code, p.stderr
        if code == 2:
            assert p.stderr == (
                b"accordctl: ics: a calendar is not written to a terminal: give -o FILE or "
                b"--vdir DIR, or pipe it (accordctl ics ... | less)\n"
            )
    assert (tmp_path / "a.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")


# -- read back by the real programs ----------------------------------------------------


def run(*args: str, env: dict[str, str]) -> str:
    p = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    assert p.returncode == 0, p.stderr
    return p.stdout


def khal_list(cal: Path, home: Path) -> set[tuple[str, str]]:
    """(start date, UID) of every event khal lists from the folder, as a calendar."""
    config = home / "khal.conf"
    config.write_text(
        f"[calendars]\n[[accord]]\npath = {cal}\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        f"[sqlite]\npath = {home / 'khal.db'}\n",
        encoding="utf-8",
    )
    env = {**os.environ, "HOME": str(home), "TZ": "UTC"}
    khal = Path(sys.executable).parent / "khal"
    out = run(str(khal), "-c", str(config), "list", "--day-format", "",
              "--format", "{start-date} {uid}", "2008-01-01", "2000d", env=env)  # fmt: skip
    return {tuple(line.split()) for line in out.splitlines() if line.strip()}  # type: ignore[misc]


def todo_list(root: Path, home: Path) -> dict[str, tuple[str, str]]:
    """Each task todoman lists from the folders under `root`: summary -> (due, list)."""
    config = home / "todoman.py"
    config.write_text(
        f'path = "{root}/*"\ncache_path = "{home / "todoman.sqlite3"}"\n'
        'date_format = "%Y-%m-%d"\ntime_format = "%H:%M"\n',
        encoding="utf-8",
    )
    env = {**os.environ, "HOME": str(home), "TZ": "UTC"}
    todo = Path(sys.executable).parent / "todo"
    out = run(str(todo), "--config", str(config), "--porcelain", "list", "--status", "ANY",
              env=env)  # fmt: skip
    return {
        t["summary"]: (datetime.fromtimestamp(t["due"], UTC).date().isoformat(), t["list"])
        for t in json.loads(out)
    }


def test_khal_and_todoman_read_what_is_written(cli: Cli, tmp_path: Path) -> None:
    """khal lists every event, todoman every task, each on its date; after an edit of the
    data and a second export, the moved date and only it (and the entry gone) change."""
    root, home = tmp_path / "calendars", tmp_path / "home"
    home.mkdir()
    cli("ics", "--vdir", str(root / "accord"))
    cli("ics", "--todo", "--vdir", str(root / "accord-tasks"))
    single = icalendar.Calendar.from_ical(cli("ics").out)
    expected = {(c.decoded("dtstart").isoformat(), str(c["uid"])) for c in single.walk("VEVENT")}
    assert len(expected) == 92 and khal_list(root / "accord", home) == expected

    tasks = icalendar.Calendar.from_ical(cli("ics", "--todo").out).walk("VTODO")
    listed = todo_list(root, home)
    assert len(listed) == 82  # one list, named by its folder: the events' holds no task
    assert listed == {
        str(t["summary"]): (t.decoded("due").isoformat(), "accord-tasks") for t in tasks
    }

    edited = tmp_path / "c.yaml"  # 39 moves a day; and only the judicial branch is kept
    text = DATA.read_text(encoding="utf-8")
    assert text.count("{source: 30 days, deadline: 30 days}") == 1
    edited.write_text(text.replace("deadline: 30 days}", "deadline: 31 days}"))
    cli("ics", "--vdir", str(root / "accord"), "--file", str(edited), "--branch", "judicial")
    judicial = {
        (c.decoded("dtstart").isoformat(), str(c["uid"]))
        for c in icalendar.Calendar.from_ical(cli("ics", "--branch", "judicial").out).walk("VEVENT")
    }
    after = khal_list(root / "accord", home)
    assert judicial - after == {("2008-09-20", "39@accordctl")}
    assert after - judicial == {("2008-09-21", "39@accordctl")}


def test_a_read_only_entry_is_replaced_only_with_force(cli: Cli, tmp_path: Path) -> None:
    cal = tmp_path / "accord"
    cli("ics", "--vdir", str(cal), "--branch", "judicial")
    item = cal / "39@accordctl.ics"
    item.chmod(0o444)
    edited = tmp_path / "c.yaml"
    edited.write_text(
        DATA.read_text(encoding="utf-8").replace("deadline: 30 days}", "deadline: 31 days}")
    )
    args = ("ics", "--vdir", str(cal), "--branch", "judicial", "--file", str(edited))
    r = cli(*args)
    assert (r.code, r.err.splitlines()[-1]) == (
        2, f"accordctl: {item}: refusing to replace a read-only file (--force to do so)"
    )  # fmt: skip
    assert b"20080920" in item.read_bytes()
    r = cli(*args, "--force")
    assert r.code == 0 and b"20080921" in item.read_bytes()


def test_a_folder_name_too_long_is_exit_6(cli: Cli, tmp_path: Path) -> None:
    r = cli("ics", "--vdir", str(tmp_path / ("x" * 300)))
    assert r.code == 6 and r.err.endswith(": cannot write: File name too long\n")

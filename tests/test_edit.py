"""done, drop and reopen: progress recorded in the data file in place; and diff's causes
for status, completion and evidence."""

from __future__ import annotations

import stat
import subprocess
import textwrap
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from accordctl.core.diff import progress_causes
from accordctl.core.model import Deadline
from accordctl.store import edit
from tests.conftest import ANNEX_PLAN, HEADER, Result

Cli = Callable[..., Result]
TODAY = date(2009, 3, 1)
T26 = "      - {source: 3 months, deadline: 3 months}"  # 26's deadline in the shipped file
T1E_GENERAL = "      - {scope: general, source: 2 years, deadline: 2 years}"
T1E_FEDERAL = (
    '      - {scope: federal-prosecutors, source: "1 year for federal prosecutors at the '
    "Attorney General's office\", deadline: 1 year}"
)
T46D = "      - {source: 1 year, deadline: 1 year}"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pin the clock the command line reads (the core never reads it)."""
    monkeypatch.setattr("accordctl.cli.options.today", lambda: TODAY)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the annex's plan (tests/annex_plan.yaml)."""
    path = tmp_path / "commitments.yaml"
    path.write_bytes(ANNEX_PLAN.read_bytes())
    return path


def changed_lines(before: bytes, after: bytes) -> list[tuple[str, str]]:
    """The lines that differ, as (old, new) pairs; every other line must be byte-identical
    and in place (a flow-style edit changes lines, it never adds or removes one)."""
    old, new = before.split(b"\n"), after.split(b"\n")
    assert len(old) == len(new)
    return [(a.decode(), b.decode()) for a, b in zip(old, new, strict=True) if a != b]


def leftovers(folder: Path) -> list[str]:
    """Temporary files an edit left behind (there must be none)."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".accordctl-"))


# -- done, drop and reopen on the shipped data -------------------------------------------

EDITS = [
    (
        ["done", "26", "--on", "2008-12-01"],
        "26: status: pending -> done, completed 2008-12-01",
        [(T26, T26[:-1] + ", status: done, completed: 2008-12-01}")],
    ),
    (
        ["done", "26", "--on", "2008-12-01", "--evidence", "https://example.org/a, b: #c"],
        "26: status: pending -> done, completed 2008-12-01, evidence added",
        [
            (
                T26,
                T26[:-1] + ", status: done, completed: 2008-12-01, "
                "evidence: 'https://example.org/a, b: #c'}",
            )
        ],
    ),
    (
        ["done", "26"],  # today, from the (pinned) clock
        "26: status: pending -> done, completed 2009-03-01",
        [(T26, T26[:-1] + ", status: done, completed: 2009-03-01}")],
    ),
    (
        ["done", "1e", "--on", "2009-01-05"],  # an entry: all its scoped deadlines
        "1e/general: status: pending -> done, completed 2009-01-05; "
        "1e/federal-prosecutors: status: pending -> done, completed 2009-01-05",
        [
            (T1E_GENERAL, T1E_GENERAL[:-1] + ", status: done, completed: 2009-01-05}"),
            (T1E_FEDERAL, T1E_FEDERAL[:-1] + ", status: done, completed: 2009-01-05}"),
        ],
    ),
    (
        ["done", "1e/federal-prosecutors", "--on", "yesterday"],  # one scope
        "1e/federal-prosecutors: status: pending -> done, completed 2009-02-28",
        [(T1E_FEDERAL, T1E_FEDERAL[:-1] + ", status: done, completed: 2009-02-28}")],
    ),
    (
        ["drop", "46d", "--evidence", "state budgets cut"],
        "46d: status: pending -> dropped, since 2009-03-01, evidence added",
        [(T46D, T46D[:-1] + ", status: dropped, since: 2009-03-01, evidence: state budgets cut}")],
    ),
    (
        ["mark", "46d", "in-progress", "--on", "2009-01-05", "--judgement", "a first step"],
        "46d: status: pending -> in-progress, since 2009-01-05, judgement added",
        [(T46D, T46D[:-1] + ", status: in-progress, since: 2009-01-05, judgement: a first step}")],
    ),
]


@pytest.mark.parametrize(("args", "said", "lines"), EDITS, ids=lambda x: None)
def test_an_edit_changes_only_the_deadlines_it_names(
    cli: Cli, copy: Path, args: list[str], said: str, lines: list[tuple[str, str]]
) -> None:
    before = copy.read_bytes()
    r = cli(*args, "--file", str(copy))
    assert (r.code, r.out, r.err) == (0, "", f"accordctl: {copy}: {said}\n")
    assert changed_lines(before, copy.read_bytes()) == lines
    assert cli("check", "--file", str(copy)).code == 0
    assert leftovers(copy.parent) == []


def test_the_edit_table_has_no_duplicate_cases() -> None:
    keys = [tuple(args) for args, _, _ in EDITS]
    assert len(keys) == len(set(keys))


def test_reopen_gives_back_the_file_as_it_was(cli: Cli, copy: Path) -> None:
    before = copy.read_bytes()
    cli("done", "1e", "--on", "2009-01-05", "--evidence", "minutes", "--file", str(copy))
    cli("drop", "26", "--file", str(copy))
    r = cli("reopen", "1e", "--file", str(copy))
    assert r.err == (
        f"accordctl: {copy}: 1e/general: status: done -> pending, completion removed (was "
        "2009-01-05), evidence removed; 1e/federal-prosecutors: status: done -> pending, "
        "completion removed (was 2009-01-05), evidence removed\n"
    )
    assert cli("reopen", "26", "--file", str(copy)).code == 0
    assert copy.read_bytes() == before


def test_recording_26_done_moves_27(cli: Cli, copy: Path) -> None:
    cli("done", "26", "--on", "2008-12-01", "--file", str(copy))
    rows = {
        r["row_id"]: r for r in cli("due", "--file", str(copy), "--format", "json").json()["rows"]
    }
    assert (rows["26"]["status"], rows["26"]["completed"]) == ("done", "2008-12-01")
    assert rows["27"]["due"] == "2009-02-01"


# -- the same again: a no-op that says so ------------------------------------------------


@pytest.mark.parametrize(
    ("first", "again", "said"),
    [
        (["done", "26", "--on", "2008-12-01"], ["done", "26", "--on", "2008-12-01"],
         "26 is already done (completed 2008-12-01); nothing changed"),
        # without --on, a date already recorded is kept
        (["done", "26", "--on", "2008-12-01"], ["done", "26"],
         "26 is already done (completed 2008-12-01); nothing changed"),
        (["done", "1e", "--on", "2009-01-05"], ["done", "1e/general"],
         "1e/general is already done (completed 2009-01-05); nothing changed"),
        (["drop", "46d"], ["drop", "46d"],
         "46d is already dropped (since 2009-03-01); nothing changed"),
        (["reopen", "26"], ["reopen", "26"], "26 is already pending; nothing changed"),
    ],
)  # fmt: skip
def test_the_same_edit_twice_is_a_no_op(
    cli: Cli, copy: Path, first: list[str], again: list[str], said: str
) -> None:
    assert cli(*first, "--file", str(copy)).code == 0
    before, mtime = copy.read_bytes(), copy.stat().st_mtime_ns
    r = cli(*again, "--file", str(copy))
    assert (r.code, r.out, r.err) == (0, "", f"accordctl: {copy}: {said}\n")
    assert copy.read_bytes() == before and copy.stat().st_mtime_ns == mtime


def test_done_with_another_date_moves_the_completion(cli: Cli, copy: Path) -> None:
    cli("done", "26", "--on", "2008-12-01", "--file", str(copy))
    r = cli("done", "26", "--on", "2008-12-05", "--file", str(copy))
    assert r.err == f"accordctl: {copy}: 26: completed 2008-12-01 -> 2008-12-05\n"


# -- what is refused, leaving the file untouched -----------------------------------------

REFUSED = [
    (["done", "277"], 2, 'accordctl: done: unknown id "277" (did you mean 27?)'),
    (["done", "1"], 2, 'accordctl: done: unknown id "1" (did you mean 1a, 1b, 1c, 1d, 1e?)'),
    (["drop", "1e/generel"], 2, 'unknown id "1e/generel" (did you mean 1e/general?)'),
    (["done", "signing"], 2, "done: signing is an event, not a commitment"),
    (["done", "53"], 2, "53 has no deadline to record progress on (the cable gives it none"),
    (["reopen", "23"], 2, "23 has no deadline to record progress on (it is missing"),
    (["done", "26", "--on", "2009-02-30"], 2, 'bad --on value "2009-02-30"'),
    (["done", "26", "--evidence", " "], 2, "--evidence must not be empty"),
    # 27 counts from 26's completion: two months after 9999-12-01 is past year 9999
    (
        ["done", "26", "--on", "9999-12-01"],
        4,
        "not changed: done 26 --on 9999-12-01 would make the file invalid: "
        '"2 months after 26" gives a date out of range (27) [ACC006 bad-phrase]',
    ),
]


@pytest.mark.parametrize(("args", "code", "message"), REFUSED, ids=lambda x: None)
def test_refused_edits_leave_the_file_untouched(
    cli: Cli, copy: Path, args: list[str], code: int, message: str
) -> None:
    before = copy.read_bytes()
    r = cli(*args, "--file", str(copy))
    assert (r.code, r.out) == (code, "") and message in r.err
    assert r.err.count("\n") == 1 and "Traceback" not in r.err
    assert copy.read_bytes() == before and leftovers(copy.parent) == []


def test_an_edit_needs_a_named_file(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    r = cli("done", "26")
    assert r.code == 2
    assert "done: name the file to edit with --file PATH or ACCORDCTL_FILE" in r.err


def test_acccordctl_file_names_the_file_to_edit(
    cli: Cli, copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCORDCTL_FILE", str(copy))
    assert cli("done", "26", "--on", "2008-12-01").code == 0
    assert "status: done, completed: 2008-12-01}" in copy.read_text(encoding="utf-8")


def test_the_installed_package_file_is_never_edited(cli: Cli) -> None:
    inside = Path(edit.__file__).resolve().parent.parent / "data" / "commitments.yaml"
    r = cli("done", "26", "--file", str(inside))
    assert r.code == 2 and "refusing to edit the data file inside the installed" in r.err


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        (None, 3, "no such file"),
        (HEADER + "  - id: x\n", 3, 'commitment has no "branch"'),
    ],
)
def test_a_file_that_cannot_be_read_is_not_edited(
    cli: Cli, tmp_path: Path, text: str | None, code: int, message: str
) -> None:
    path = tmp_path / "c.yaml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    r = cli("done", "x", "--file", str(path))
    assert r.code == code and message in r.err
    assert (path.read_text(encoding="utf-8") if text is not None else None) == text


def test_a_read_only_file_is_refused_unless_forced(cli: Cli, copy: Path) -> None:
    copy.chmod(0o444)
    before = copy.read_bytes()
    r = cli("done", "26", "--file", str(copy))
    assert r.code == 2 and "refusing to replace a read-only file (--force to do so)" in r.err
    assert copy.read_bytes() == before
    assert cli("done", "26", "--force", "--file", str(copy)).code == 0
    assert copy.read_bytes() != before
    assert stat.S_IMODE(copy.stat().st_mode) == 0o444  # the mode is kept
    assert leftovers(copy.parent) == []


def test_an_edit_racing_another_writer_is_refused(
    cli: Cli, copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program writes the file between our read and our write: its bytes win."""
    real = edit.apply

    def racing(*args: object) -> str:
        out = real(*args)  # type: ignore[arg-type]
        with copy.open("a", encoding="utf-8") as f:
            f.write("# written by another program\n")
        return out

    monkeypatch.setattr(edit, "apply", racing)
    r = cli("done", "26", "--file", str(copy))
    assert r.code == 6
    assert r.err == (
        f"accordctl: {copy}: changed by another program while being edited; not written "
        "(run the command again)\n"
    )
    assert copy.read_bytes() == ANNEX_PLAN.read_bytes() + b"# written by another program\n"
    assert leftovers(copy.parent) == []


def test_an_edit_through_a_symbolic_link_edits_its_target(cli: Cli, copy: Path) -> None:
    link = copy.parent / "link.yaml"
    link.symlink_to(copy.name)
    assert cli("done", "26", "--on", "2008-12-01", "--file", str(link)).code == 0
    assert link.is_symlink() and "completed: 2008-12-01" in copy.read_text(encoding="utf-8")


# -- block style, comments, BOM and CRLF -------------------------------------------------

# the shipped file's layout; COMPACT has the entries at the list's column (`- id:`)
BLOCK = HEADER + textwrap.indent(
    textwrap.dedent(
        """\
        - id: "1"
          number: 1
          branch: one
          title: T1  # a title
          deadlines:
            - source: 6 months
              deadline: 6 months  # as the cable says

        # the next entry
        - id: "2"
          number: 2
          branch: one
          title: T2
          deadlines:
            - scope: a
              source: x
              deadline: 2 months after 1
              # a comment inside
            - scope: b
              source: 'y'
              deadline: "1 year"
              status: done
              # between
              completed: 2008-09-01
              extensions:
                - {to: 2010-01-01, agreed: 2009-01-10}

        # the end
        """
    ),
    "  ",
)
COMPACT = HEADER + "\n".join(line[2:] for line in BLOCK[len(HEADER) :].split("\n"))
BLOCK_EDITS = [
    (
        ["done", "1", "--on", "2009-01-01", "--evidence", "e"],
        ["deadline: 6 months  # as the cable says", ""],
        ["deadline: 6 months  # as the cable says", "status: done", "completed: 2009-01-01",
         "evidence: e", ""],
    ),
    (
        ["drop", "2/a"],
        ["deadline: 2 months after 1", "# a comment inside"],
        ["deadline: 2 months after 1", "status: dropped", "since: 2009-03-01",
         "# a comment inside"],
    ),
    (
        ["reopen", "2/b"],
        ['deadline: "1 year"', "status: done", "# between", "completed: 2008-09-01"],
        ['deadline: "1 year"', "# between"],
    ),
    (
        ["done", "2/b", "--on", "2009-02-01", "--evidence", "minutes"],
        ["completed: 2008-09-01", "extensions:"],
        ["completed: 2009-02-01", "evidence: minutes", "extensions:"],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "column"), [(BLOCK, 8), (COMPACT, 6)], ids=["block", "compact"])
@pytest.mark.parametrize(("args", "old", "new"), BLOCK_EDITS, ids=lambda x: None)
def test_block_style_deadlines_keep_their_comments(
    cli: Cli,
    tmp_path: Path,
    text: str,
    column: int,
    args: list[str],
    old: list[str],
    new: list[str],
) -> None:
    def lines(items: list[str]) -> str:
        return "".join((" " * column + x if x else "") + "\n" for x in items)

    path = tmp_path / "block.yaml"
    path.write_text(text, encoding="utf-8")
    assert text.count(lines(old)) == 1
    r = cli(*args, "--file", str(path))
    assert r.code == 0, r.err
    assert path.read_text(encoding="utf-8") == text.replace(lines(old), lines(new))


def test_a_flow_list_of_deadlines_stays_on_its_line(cli: Cli, tmp_path: Path) -> None:
    line = (
        "    deadlines: [{scope: a, source: x, deadline: 1 year}, "
        "{scope: b, source: y, deadline: 2 years}]  # two"
    )
    text = HEADER + '  - id: "1"\n    number: 1\n    branch: one\n    title: T1\n' + line + "\n"
    path = tmp_path / "flow.yaml"
    path.write_text(text, encoding="utf-8")
    assert cli("drop", "1/b", "--file", str(path)).code == 0
    assert path.read_text(encoding="utf-8") == text.replace(
        "2 years}", "2 years, status: dropped, since: 2009-03-01}"
    )


@pytest.mark.parametrize("style", ["bom", "crlf", "bom+crlf"])
def test_a_bom_and_crlf_line_ends_are_kept(cli: Cli, tmp_path: Path, style: str) -> None:
    text = BLOCK.replace("\n", "\r\n") if "crlf" in style else BLOCK
    raw = (b"\xef\xbb\xbf" if "bom" in style else b"") + text.encode("utf-8")
    path = tmp_path / "c.yaml"
    path.write_bytes(raw)
    assert cli("done", "1", "--on", "2009-01-01", "--file", str(path)).code == 0
    after = path.read_bytes()
    assert after.startswith(raw[:3]) and after.count(b"\r\n") == after.count(b"\n") * (
        "crlf" in style
    )
    assert b"  status: done" in after
    assert cli("reopen", "1", "--file", str(path)).code == 0
    assert path.read_bytes() == raw


# -- the core: what each action records --------------------------------------------------

D = Deadline(None, "3 months", "3 months")
DONE = Deadline(None, "3 months", "3 months", status="done", completed=date(2008, 12, 1))
PROGRESS = [
    # status asked, before, --on, --evidence -> (status, completed, since, evidence)
    ("done", D, None, None, ("done", TODAY, None, None)),
    ("done", D, date(2008, 12, 1), "url", ("done", date(2008, 12, 1), None, "url")),
    ("done", DONE, None, None, ("done", date(2008, 12, 1), None, None)),
    ("done", DONE, date(2008, 12, 5), None, ("done", date(2008, 12, 5), None, None)),
    ("done", Deadline(None, "x", "x", status="done"), None, None, ("done", None, None, None)),
    ("done", Deadline(None, "x", "x", evidence="old"), None, None, ("done", TODAY, None, "old")),
    ("dropped", DONE, None, None, ("dropped", None, TODAY, None)),
    ("dropped", Deadline(None, "x", "x", evidence="old"), None, "new",
     ("dropped", None, TODAY, "new")),
    ("dropped", Deadline(None, "x", "x", status="dropped", since=date(2009, 1, 1)), None, None,
     ("dropped", None, date(2009, 1, 1), None)),  # a day already recorded stays
    ("not-kept", DONE, date(2010, 1, 1), None, ("not-kept", None, date(2010, 1, 1), None)),
    ("in-progress", Deadline(None, "x", "x", status="not-kept", since=date(2010, 1, 1)), None,
     None, ("in-progress", None, TODAY, None)),  # another status's day does not
    ("pending", Deadline(None, "x", "x", "done", date(2008, 1, 1), evidence="e"), None, None,
     (None, None, None, None)),
]  # fmt: skip


@pytest.mark.parametrize(("status", "before", "on", "evidence", "after"), PROGRESS)
def test_what_each_status_records(
    status: str,
    before: Deadline,
    on: date | None,
    evidence: str | None,
    after: tuple[str | None, date | None, date | None, str | None],
) -> None:
    d = edit.progress(edit.Asked(status, on, evidence), before, TODAY)
    assert (d.status, d.completed, d.since, d.evidence) == after


def test_the_progress_table_has_no_duplicate_cases() -> None:
    keys = [(a, b, on, e) for a, b, on, e, _ in PROGRESS]
    assert len(keys) == len(set(keys))


# -- diff: status, completion and evidence are causes of their own -----------------------

CAUSES = [
    (D, DONE, ["status: pending -> done", "completed 2008-12-01"]),
    (DONE, D, ["status: done -> pending", "completion removed (was 2008-12-01)"]),
    (DONE, Deadline(None, "3 months", "3 months", status="done", completed=date(2008, 12, 5)),
     ["completed 2008-12-01 -> 2008-12-05"]),
    (D, Deadline(None, "3 months", "3 months", evidence="url"), ["evidence added"]),
    (Deadline(None, "x", "x", evidence="a"), Deadline(None, "x", "x", evidence="b"),
     ["evidence changed"]),
    (Deadline(None, "x", "x", evidence="a"), Deadline(None, "x", "x"), ["evidence removed"]),
    (D, Deadline(None, "3 months", "3 months", status="pending"), []),  # pending is the default
    (Deadline(None, "x", "x", status="in-progress"), Deadline(None, "x", "x", status="dropped"),
     ["status: in-progress -> dropped"]),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "causes"), CAUSES)
def test_progress_causes(old: Deadline, new: Deadline, causes: list[str]) -> None:
    assert progress_causes(old, new) == causes


def test_the_causes_table_has_no_duplicate_cases() -> None:
    keys = [(old, new) for old, new, _ in CAUSES]
    assert len(keys) == len(set(keys))


def test_diff_reports_progress_even_when_no_date_moved(cli: Cli, copy: Path) -> None:
    cli("drop", "46d", "--evidence", "cut", "--file", str(copy))
    args = ["diff", str(ANNEX_PLAN), str(copy)]
    doc = cli(*args, "--format", "json").json()
    assert doc["changed"] == [
        {
            "id": "46d",
            "old_due": "2009-08-21",
            "new_due": "2009-08-21",
            "shift_days": 0,
            "causes": ["status: pending -> dropped", "since 2009-03-01", "evidence added"],
        }
    ]
    assert "\n    status: pending -> dropped\n    since 2009-03-01\n" in cli(*args).out
    # --exit-code is about due dates: a change of progress alone is not a move
    assert cli(*args, "--exit-code").code == 0


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Path]:
    """A git repository holding a copy of the shipped data, committed."""
    folder = tmp_path / "repo"
    folder.mkdir()
    path = folder / "commitments.yaml"
    path.write_bytes(ANNEX_PLAN.read_bytes())
    who = ["-c", "user.name=t", "-c", "user.email=t@example.org"]
    for args in (["init", "-q"], ["add", path.name], [*who, "commit", "-qm", "the annex"]):
        subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)
    yield path


MOVE = "2008-11-21 -> 2008-12-01"


def test_the_walk_through_done_then_diff_due_and_ics(cli: Cli, repo: Path) -> None:
    """The issue's walk-through: 26 done on 2008-12-01 moves 27 to 2009-02-01 in `diff`,
    `due` and the calendar."""
    assert cli("done", "26", "--on", "2008-12-01", "--file", str(repo)).code == 0
    r = cli("diff", "--rev", "HEAD", "--file", str(repo), "--format", "json", "--exit-code")
    changed = {c["id"]: (c["old_due"], c["new_due"], c["causes"]) for c in r.json()["changed"]}
    assert r.code == 1  # 27 moved
    assert changed == {
        "26": ("2008-11-21", "2008-11-21", ["status: pending -> done", "completed 2008-12-01"]),
        "27": ("2009-01-21", "2009-02-01", [f"26, which it counts from, moved: {MOVE}"]),
    }  # fmt: skip
    due = cli("due", "--file", str(repo), "--format", "json").json()["rows"]
    assert next(r["due"] for r in due if r["row_id"] == "27") == "2009-02-01"
    ics = cli("ics", "--file", str(repo)).out.replace("\r\n ", "")
    event = ics.split("UID:27@accordctl")[0].rsplit("BEGIN:VEVENT", 1)[1]
    assert "DTSTART;VALUE=DATE:20090201" in event


def test_two_edits_of_one_file_at_once_both_land(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    data = tmp_path / "c.yaml"
    data.write_bytes(ANNEX_PLAN.read_bytes())
    exe = Path(sys.executable).with_name("accordctl")
    base = [str(exe)] if exe.exists() else [sys.executable, "-m", "accordctl"]
    env = {**os.environ, "ACCORDCTL_NO_CACHE": "1"}
    runs = [
        subprocess.Popen([*base, "done", ident, "--on", "2008-12-01", "--file", str(data)], env=env)
        for ident in ("26", "1a", "39")
    ]
    assert [p.wait(timeout=120) for p in runs] == [0, 0, 0]
    assert data.read_text(encoding="utf-8").count("completed: 2008-12-01") == 3

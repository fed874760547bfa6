"""Hostile input to the editing commands (issue 22's second attack): a record before the
deadlines, a fact for one row, ids and text that look like numbers, dates or booleans,
line breaks only some YAML reads, an entry of thousands of rows, a lock path taken by
something else, a file the user cannot write. Each case goes through the real entry point
and is read back by every YAML reader at hand."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from accordctl.core.loader import load_text
from accordctl.core.model import NOWHERE
from accordctl.core.reader import ID
from accordctl.store import yamledit, yamltext
from accordctl.store.yamledit import Splice
from tests.conftest import ANNEX_PLAN, DATA, HEADER, Result
from tests.test_edit_safety import EVIDENCE, leftovers, readers, script

Cli = Callable[..., Result]
ENTRY = '  - id: "1"\n    number: 1\n    branch: one\n    title: T1\n    deadlines:\n'
FACT = ["--source", "https://example.org/acta", "--quote", "Se aprobó"]
RECORD = (
    "record:\n  - id: f1\n    date: 2008-09-01\n    precision: day\n    what: w\n"
    '    bears_on: ["1"]\n    source: s\n    quote: q\n    confidence: high\n'
)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("accordctl.cli.options.today", lambda: date(2009, 3, 1))


def one_line(r: Result, code: int, said: str) -> None:
    assert (r.code, r.err.count("\n")) == (code, 1), r.err
    assert said in r.err and "Traceback" not in r.err, r.err


# -- F1: a record that stands before the deadlines ---------------------------------------

PLACES = {  # where `record:` stands -> the file
    "first": HEADER.replace("schema_version: 1\n", "schema_version: 1\n" + RECORD)
    + ENTRY
    + "      - {source: x, deadline: 6 months}\n",
    "before commitments": HEADER.replace("commitments:\n", RECORD + "commitments:\n")
    + ENTRY
    + "      - {source: x, deadline: 6 months}\n",
    "last": HEADER + ENTRY + "      - {source: x, deadline: 6 months}\n" + RECORD,
}


@pytest.mark.parametrize("place", PLACES)
def test_a_fact_is_added_wherever_the_record_stands(cli: Cli, tmp_path: Path, place: str) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(PLACES[place], encoding="utf-8")
    r = cli("done", "1", "--on", "2009-01-01", *FACT, "--file", str(path))
    assert r.code == 0, r.err
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert [f["id"] for f in doc["record"]] == ["f1", "1-done-2009-01-01"]
    assert doc["commitments"][0]["deadlines"][0]["facts"] == ["1-done-2009-01-01"]
    assert cli("check", "--file", str(path)).code == 0


# -- F2: a fact for one row of a split entry ---------------------------------------------

SPLIT = (
    HEADER
    + ENTRY
    + (
        "      - {scope: general, source: x, deadline: 6 months}\n"
        "      - {scope: states, source: x, deadline: 1 year}\n"
    )
)


@pytest.mark.parametrize(("ident", "bears"), [("1/general", "1/general"), ("1", "1")])
def test_a_fact_bears_on_the_row_or_the_entry_it_was_recorded_for(
    cli: Cli, tmp_path: Path, ident: str, bears: str
) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(SPLIT, encoding="utf-8")
    r = cli("mark", ident, "in-progress", "--on", "2009-01-01", *FACT, "--file", str(path))
    assert r.code == 0, r.err
    fact = yaml.safe_load(path.read_text(encoding="utf-8"))["record"][-1]
    assert fact["bears_on"] == [bears]
    listed = cli("record", "1/general", "--format", "json", "--file", str(path))
    assert [f["id"] for f in listed.json()["record"]] == [fact["id"]]


def test_a_fact_bearing_on_an_unknown_row_is_a_finding(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(SPLIT + RECORD.replace('["1"]', '["1/nosuch"]'), encoding="utf-8")
    r = cli("check", "--file", str(path))
    assert r.code == 1 and 'fact f1 bears on unknown id "1/nosuch"' in r.out


# -- F3, F18: every value written reads back as the same text, in every reader -----------

TRICKY = [
    "0123", "yes", "no", "on", "null", "~", "2009-01-01", "1e3", "#x", ": ", " lead",
    "trail ", "it's", 'say "so"', "back\\slash", "3a", "0x1F", "26", "1_000", "NO", "1.5",
    "12:30", "a, b", "[x]",
]  # fmt: skip


def test_the_tricky_table_has_no_duplicate_cases() -> None:
    assert len(set(TRICKY)) == len(TRICKY)


@pytest.mark.parametrize("value", TRICKY, ids=repr)
def test_every_value_an_edit_writes_reads_back_as_that_text(
    cli: Cli, tmp_path: Path, value: str
) -> None:
    """The same value as evidence, judgement, and the fact's what, source, quote and (when
    it is a valid id) id, written by the real command and read by every reader."""
    path = tmp_path / "c.yaml"
    path.write_text(HEADER + ENTRY + "      - {source: x, deadline: 6 months}\n", encoding="utf-8")
    said = ["--evidence", value, "--judgement", value, "--what", value]
    said += ["--source", value, "--quote", value]
    fid = ["--fact-id", value] if ID.fullmatch(value) else []
    r = cli("done", "1", "--on", "2009-01-01", *said, *fid, "--file", str(path))
    assert r.code == 0, r.err
    written = path.read_text(encoding="utf-8")
    for reader, read in readers().items():
        doc = read(written)
        (d,) = doc["commitments"][0]["deadlines"]  # type: ignore[index]
        fact = doc["record"][-1]  # type: ignore[index]
        assert (d["evidence"], d["judgement"]) == (value, value), reader
        assert [fact[k] for k in ("what", "source", "quote")] == [value] * 3, reader
        assert d["facts"] == [fact["id"]], reader
        assert fact["id"] == (value if fid else "1-done-2009-01-01"), reader
        assert fact["bears_on"] == ["1"] and fact["precision"] == "day", reader
    (d,) = load_text(written, "c").commitments[0].deadlines
    assert (d.evidence, d.judgement) == (value, value)


def test_a_tab_is_refused_before_the_file_is_read(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_bytes(ANNEX_PLAN.read_bytes())
    for option in ("--evidence", "--judgement", "--what", "--source", "--quote"):
        extra = [] if option in ("--source", "--quote") else FACT
        r = cli("done", "26", option, "a\tb", *extra, "--file", str(path))
        one_line(r, 2, f'{option} "a\\x09b": one line of text, without controls')
    assert path.read_bytes() == ANNEX_PLAN.read_bytes()


# -- F6: an entry of thousands of rows -----------------------------------------------------


class Counted(list[Splice]):
    """A list of splices that counts how often it is read through."""

    reads = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        Counted.reads += 1
        return super().__iter__()


def test_where_each_stretch_moves_is_found_in_one_pass_over_the_splices() -> None:
    splices = Counted(Splice(10 * k, 10 * k + 2, "abc") for k in range(1000))
    spans = [(10 * k + 5, 10 * k + 8) for k in range(1000)]
    Counted.reads = 0
    got = yamledit.moved(spans, splices)
    assert Counted.reads <= 2
    assert got == [(a + k + 1, b + k + 1) for k, (a, b) in enumerate(spans)]


MOVES = [  # splices, a stretch -> where it stands after them
    ([], (5, 8), (5, 8)),
    ([Splice(0, 2, "")], (5, 8), (3, 6)),
    ([Splice(5, 5, "xx")], (5, 8), (7, 10)),  # an insertion where it starts is before it
    ([Splice(6, 7, "xyz")], (5, 8), (5, 10)),  # inside it
    ([Splice(8, 8, "xx")], (5, 8), (5, 10)),  # where it ends: inside it
    ([Splice(9, 12, "")], (5, 8), (5, 8)),  # after it
]


@pytest.mark.parametrize(("splices", "span", "after"), MOVES)
def test_where_a_stretch_stands_after_the_splices(
    splices: list[Splice], span: tuple[int, int], after: tuple[int, int]
) -> None:
    assert yamledit.moved([span], splices) == [after]


def test_an_entry_of_thousands_of_rows_is_edited_whole(cli: Cli, tmp_path: Path) -> None:
    rows = "".join(f"      - {{scope: s{k}, source: x, deadline: 6 months}}\n" for k in range(3000))
    path = tmp_path / "c.yaml"
    path.write_text(HEADER + ENTRY + rows, encoding="utf-8")
    r = cli("done", "1", "--on", "2009-01-01", "--file", str(path))
    assert r.code == 0, r.err
    deadlines = load_text(path.read_text(encoding="utf-8"), "c").commitments[0].deadlines
    assert {d.completed for d in deadlines} == {date(2009, 1, 1)} and len(deadlines) == 3000
    assert leftovers(tmp_path) == [] and len(r.err) < 1000  # F17: the summary is bounded


# -- the shipped file, as a user copies it --------------------------------------------------


def test_a_scoped_row_of_the_shipped_file_takes_a_fact(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_bytes(DATA.read_bytes())
    r = cli("done", "54a/subsemun", "--on", "2009-01-01", *FACT, "--file", str(path))
    assert r.code == 0, r.err
    assert cli("check", "--file", str(path)).code == 0
    assert os.path.getsize(path) > len(DATA.read_bytes())


# -- F17: an edit's summary is one bounded line, whatever it echoes -------------------------


def test_the_summary_of_an_edit_is_bounded(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_bytes(ANNEX_PLAN.read_bytes())
    long_id = "x" * 5000
    for args in (
        ["done", "26", *FACT, "--fact-id", long_id, "--what", "w" * 5000],
        ["reopen", "26"],  # no longer cites the long id
    ):
        r = cli(*args, "--file", str(path))
        assert r.code == 0 and r.err.count("\n") == 1 and len(r.err) < 700, r.err
        assert "x" * 20 in r.err and "x" * 240 not in r.err and "…" in r.err


def test_the_summary_names_each_fact_whole(cli: Cli, tmp_path: Path) -> None:
    """`reopen 29` no longer cites five facts: each named whole, none cut in half."""
    path = tmp_path / "c.yaml"
    path.write_bytes(DATA.read_bytes())
    cited = load_text(DATA.read_text(encoding="utf-8"), "c").commitments
    facts = next(c for c in cited if c.id == "29").deadlines[0].facts
    r = cli("reopen", "29", "--file", str(path))
    assert len(facts) >= 5 and r.err.endswith(f"no longer cites {', '.join(facts)}\n"), r.err


# -- F5: where the lock file goes, something that is no lock file ---------------------------

FLOCKLESS = """\
import errno, fcntl
def flock(fd, operation):
    raise OSError(errno.ENOLCK, "No locks available")
fcntl.flock = flock
"""


def make_folder(where: Path) -> None:
    where.mkdir()
    (where / "inside").write_text("kept", encoding="utf-8")


IN_THE_WAY = [  # what stands where the lock file goes, made by -> what the message calls it
    ("folder", make_folder, "a folder"),
    ("FIFO", os.mkfifo, "a FIFO"),
    ("link to a folder", lambda p: p.symlink_to(p.parent), "a symbolic link"),
    ("dangling link", lambda p: p.symlink_to(p.parent / "nowhere"), "a symbolic link"),
]


@pytest.mark.parametrize(("name", "make", "kind"), IN_THE_WAY, ids=[c[0] for c in IN_THE_WAY])
def test_a_lock_path_taken_by_something_else_is_a_clear_refusal(
    tmp_path: Path, name: str, make: Callable[[Path], None], kind: str
) -> None:
    """On a filesystem without flock, an hour old (so that it would pass for stale): never
    opened (a FIFO would block), removed or waited for; exit 6 and one line."""
    from accordctl.store import lock

    data = tmp_path / "c.yaml"
    data.write_bytes(ANNEX_PLAN.read_bytes())
    where = Path(lock.lock_path(data))
    make(where)
    os.utime(where, (0, 0), follow_symlinks=False)
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "sitecustomize.py").write_text(FLOCKLESS, encoding="utf-8")
    env = {**os.environ, "ACCORDCTL_NO_CACHE": "1", "PYTHONPATH": str(tmp_path / "site")}
    env["ACCORDCTL_LOCK_WAIT"] = "1"
    p = subprocess.run(
        script("done", "26", "--file", str(data)),
        env=env, capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    assert (p.returncode, p.stderr.decode()) == (
        6,
        f"accordctl: {data}: cannot lock it to edit it: {where} is {kind}, not a lock file "
        "(remove it if no edit is running); not changed\n",
    )
    assert data.read_bytes() == ANNEX_PLAN.read_bytes()
    assert sorted(os.listdir(tmp_path)) == sorted(["c.yaml", "site", where.name])


# -- F7: a file this user may not write (another user's, mode 0644) ------------------------


@pytest.mark.parametrize(
    "args", [["done", "26"], ["reopen", "26"], ["ics", "-o", "{path}"]], ids=lambda a: a[0]
)
def test_a_file_the_user_may_not_write_is_refused_unless_forced(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """The tests run as root, whom modes do not stop: the answer a user gets for a file of
    another user's (mode 0644, in a folder the user may write) is injected."""
    path = tmp_path / "c.yaml"
    path.write_bytes(ANNEX_PLAN.read_bytes())
    out = tmp_path / "out.ics"
    out.write_text("theirs", encoding="utf-8")
    target = out if args[0] == "ics" else path
    real = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode, **kw: False if Path(p) == target else real(p, mode, **kw)
    )
    if args[0] == "reopen":
        assert cli("done", "26", "--file", str(path), "--force").code == 0
    before = target.read_bytes()
    argv = [a.replace("{path}", str(out)) for a in args]
    r = cli(*argv, "--file", str(path))
    one_line(r, 2, f"{target}: refusing to replace a file you cannot write (--force to do so)")
    assert target.read_bytes() == before and leftovers(tmp_path) == []
    assert cli(*argv, "--file", str(path), "--force").code == 0
    assert target.read_bytes() != before


# -- F8: a line break only YAML 1.1 reads (NEL, U+2028, U+2029) is never written -----------

LOOSE = {"NEL": "\x85", "LS": "\u2028", "PS": "\u2029"}
BLOCK1 = HEADER + ENTRY + "      - source: x\n        deadline: 6 months # c{b}\n"
LOOSE_CASES = [  # the file, with {b} for the break -> the command
    (BLOCK1, ["mark", "1", "in-progress", "--on", "2009-01-02"]),
    (BLOCK1, ["done", "1", "--on", "2009-01-02", *FACT]),  # the record added at the end
    (BLOCK1.rstrip("\n"), ["done", "1", "--on", "2009-01-02", *FACT]),  # {b} ends the file
    (BLOCK1 + RECORD.replace("confidence: high", "confidence: high # c{b}"),
     ["done", "1", "--on", "2009-01-02", *FACT]),  # after the record's last line
    (BLOCK1 + "record: # none yet{b}\n", ["done", "1", "--on", "2009-01-02", *FACT]),
]  # fmt: skip


@pytest.mark.parametrize("brk", LOOSE)
@pytest.mark.parametrize(("text", "args"), LOOSE_CASES)
def test_a_line_that_only_yaml_1_1_ends_gets_lines_every_reader_reads(
    cli: Cli, tmp_path: Path, text: str, args: list[str], brk: str
) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(text.replace("{b}", LOOSE[brk]), encoding="utf-8", newline="")
    r = cli(*args, "--file", str(path))
    assert r.code == 0, r.err
    written = path.read_bytes().decode("utf-8")
    status = "in-progress" if args[0] == "mark" else "done"
    for reader, read in readers().items():
        doc = read(written)
        (d,) = doc["commitments"][0]["deadlines"]  # type: ignore[index]
        assert d["status"] == status, reader
        if args[0] == "done":
            assert doc["record"][-1]["quote"] == "Se aprobó", reader  # type: ignore[index]
    assert written.count(LOOSE[brk]) == text.count("{b}")  # kept, never copied


def test_a_line_break_only_yaml_1_1_reads_followed_by_text_is_refused(
    cli: Cli, tmp_path: Path
) -> None:
    """`# c<U+2028>  status: x` is two lines to YAML 1.1 and one to 1.2: no line can be
    added after it that both read alike, so the edit is refused and the file left."""
    path = tmp_path / "c.yaml"
    text = HEADER + ENTRY + "      - source: x\n        deadline: 6 months # c\u2028  # d\n"
    path.write_text(text, encoding="utf-8", newline="")
    r = cli("mark", "1", "in-progress", "--file", str(path))
    one_line(r, 3, "cannot edit in place (a line that only YAML 1.1 ends (NEL, U+2028 or U+2029))")
    assert path.read_bytes().decode("utf-8") == text


# -- F16: a lock file whose process id another process has taken since -------------------


@pytest.mark.parametrize(
    ("started", "code"),
    [("1", 0), ("{mine}", 6), ("-", 6), ("", 6)],
    ids=["another process now", "the holder itself", "not known", "an older accordctl's"],
)
def test_a_lock_file_whose_process_id_was_reused_is_stale(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started: str, code: int
) -> None:
    """The lock file names a live process of this host (this one): when it started after
    the lock was taken (its start time differs), the id was reused and the lock is stale;
    when the start time is this process's, or not known, the edit waits for it."""
    import errno
    import fcntl
    import socket

    from accordctl.store import lock

    def flock(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", flock)
    monkeypatch.setenv("ACCORDCTL_LOCK_WAIT", "0.2")
    path = tmp_path / "c.yaml"
    path.write_bytes(ANNEX_PLAN.read_bytes())
    held = Path(lock.lock_path(path))
    mine = lock._started(os.getpid())
    assert mine != "-"  # Linux: /proc
    held.write_text(f"{os.getpid()} {socket.gethostname()} {started}".replace("{mine}", mine))
    r = cli("done", "26", "--file", str(path))
    assert r.code == code, r.err
    assert held.exists() == (code == 6) and (path.read_bytes() == ANNEX_PLAN.read_bytes()) == (
        code == 6
    )


# -- F15: a data file of several names (hard links) ----------------------------------------


def test_an_edit_of_a_hard_linked_file_says_the_other_names_keep_the_old_text(
    cli: Cli, tmp_path: Path
) -> None:
    """An edit replaces the file by a rename (so that a crash leaves the old file or the
    new one, never half of one): the name edited takes the new file, and the other names
    the old one. Said, with -q too (a warning, not a summary)."""
    path = tmp_path / "c.yaml"
    path.write_bytes(ANNEX_PLAN.read_bytes())
    os.link(path, tmp_path / "backup.yaml")
    r = cli("done", "26", "-q", "--file", str(path))
    assert (r.code, r.err) == (
        0,
        f"accordctl: warning: {path} had 2 names (hard links): this one now names the "
        "edited file, the others still the file as it was\n",
    )
    assert (tmp_path / "backup.yaml").read_bytes() == ANNEX_PLAN.read_bytes()
    assert path.read_bytes() != ANNEX_PLAN.read_bytes() and os.stat(path).st_nlink == 1
    assert cli("reopen", "26", "-q", "--file", str(path)).err == ""  # one name now: quiet


# -- F10: record layouts the loader reads, each taking a fact -------------------------------

ONE = HEADER + ENTRY + "      - {source: x, deadline: 6 months}\n"
RECORD_LAYOUTS = {  # name -> the file
    "wide indent after the dash": ONE
    + RECORD.replace("  - id: f1\n", "  -   id: f1\n").replace("\n    ", "\n      "),
    "a comment after the dash": ONE
    + RECORD.replace("  - id: f1\n", "  - # the first\n    id: f1\n"),
    "a dash alone": ONE + RECORD.replace("  - id: f1\n", "  -\n    id: f1\n"),
    "a last value that keeps its blank lines": ONE
    + RECORD.replace("    quote: q\n", "").replace(
        "confidence: high\n", "confidence: high\n    quote: |+\n      q\n\n\n"
    ),
    "a document end": "---\n" + ONE + "...\n",
    "a record, then a document end": ONE + RECORD + "...\n",
    "a document end with a comment": ONE + "... # the end\n",
    "two byte order marks": "\ufeff\ufeff" + ONE + RECORD,
    "explicit keys in the deadline": ONE.replace(
        "      - {source: x, deadline: 6 months}\n",
        "      - ? source\n        : x\n        ? deadline\n        : 6 months\n",
    ),
    "facts listed at their key's column": ONE.replace(
        "      - {source: x, deadline: 6 months}\n",
        "      - source: x\n        deadline: 6 months\n        facts:\n        - f1\n",
    )
    + RECORD,
    "a record in flow style": ONE
    + "record: [{id: f1, date: 2008-09-01, precision: day, what: w, bears_on: ['1'],\n"
    "  source: s, quote: q, confidence: high},  # the first\n]\n",
    "an empty record in flow style": ONE + "record: [ ]  # none yet\n",
    "a top level in flow style (JSON)": json.dumps(
        yaml.safe_load(ONE + RECORD), indent=2, default=str
    )
    + "\n",
    "a top level in flow style, no record": json.dumps(yaml.safe_load(ONE)) + "\n",
    "a top level in flow style, a null record": json.dumps(yaml.safe_load(ONE))[:-1]
    + ', "record": null}\n',
    "an empty flow record holding a comment": ONE + "record: [ # none yet\n  ]\n",
    "an empty flow record, a comment on a line of its own": ONE + "record: [\n  # none yet\n  ]\n",
    "a record of !!null": ONE + "record: !!null\n",
    "a record of Null": ONE + "record: Null\n",
    "an anchored empty record, in flow style": json.dumps(yaml.safe_load(ONE))[:-1]
    + ', "record": &r []}\n',
    "a tagged empty record, in flow style": json.dumps(yaml.safe_load(ONE))[:-1]
    + ', "record": !!seq []}\n',
    "a record of NULL, in flow style": json.dumps(yaml.safe_load(ONE))[:-1] + ', "record": NULL}\n',
}


@pytest.mark.parametrize("value", [e for e in EVIDENCE if e] + ['a "b" \\ c', "ñandú 😀 \u00a0"])
def test_a_json_file_stays_json(cli: Cli, tmp_path: Path, value: str) -> None:
    """What an edit adds to a JSON file is JSON: keys and values in double quotes, a
    date as a string; and `reopen` takes the deadline's part out again."""
    path = tmp_path / "c.json"
    text = json.dumps(yaml.safe_load(ONE + RECORD), indent=2, default=str, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
    given = ["--evidence", value, "--judgement", value, "--quote", value]
    r = cli("done", "1", "--on", "2009-01-01", *given, "--source", "https://x?a=1&b=2",
            "--file", str(path))  # fmt: skip
    assert r.code == 0, r.err
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["commitments"][0]["deadlines"][0] == {
        "source": "x", "deadline": "6 months", "status": "done", "completed": "2009-01-01",
        "facts": ["1-done-2009-01-01"], "judgement": value, "evidence": value,
    }  # fmt: skip
    assert doc["record"][-1]["quote"] == value and doc["record"][-1]["date"] == "2009-01-01"
    assert cli("reopen", "1", "--file", str(path)).code == 0
    reopened = json.loads(path.read_text(encoding="utf-8"))
    assert reopened["commitments"] == json.loads(text)["commitments"]


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("name", RECORD_LAYOUTS)
def test_every_record_layout_the_loader_reads_takes_a_fact(
    cli: Cli, tmp_path: Path, name: str
) -> None:
    text = RECORD_LAYOUTS[name]
    path = tmp_path / "c.yaml"
    path.write_bytes(text.encode("utf-8"))
    assert cli("check", "--file", str(path)).code == 0
    before = load_text(text.lstrip("\ufeff"), "c").record
    r = cli("done", "1", "--on", "2009-01-01", *FACT, "--file", str(path))
    assert r.code == 0, r.err
    written = path.read_bytes().decode("utf-8")
    assert written.startswith(text[: text.index("schema_version")])  # BOMs, `---` kept
    for comment in re.findall(r"#.*", text):  # every comment kept
        assert comment in written, comment
    if _is_json(text):  # a JSON file stays JSON
        assert json.loads(written)["record"][-1]["id"] == "1-done-2009-01-01"
    assert written.endswith("...\n") == text.endswith("...\n")
    for reader, read in readers().items():
        doc = read(written.lstrip("\ufeff"))
        assert doc["record"][-1]["id"] == "1-done-2009-01-01", reader  # type: ignore[index]
        assert doc["commitments"][0]["deadlines"][0]["status"] == "done", reader  # type: ignore[index]
    record = load_text(written.lstrip("\ufeff"), "c").record
    assert [f.id for f in record] == [*(f.id for f in before), "1-done-2009-01-01"]
    assert [replace(f, pos=NOWHERE) for f in record[:-1]] == [
        replace(f, pos=NOWHERE) for f in before
    ]  # the facts there before are read as they were: `|+` keeps its blank lines
    assert cli("check", "--file", str(path)).code == 0


# -- F11 (documented): an empty progress key does not come back ----------------------------


@pytest.mark.parametrize(
    "empty", ["evidence: ", "evidence: ~", "evidence: null", "evidence"], ids=repr
)
def test_done_then_reopen_of_an_empty_key_reads_the_same(
    cli: Cli, tmp_path: Path, empty: str
) -> None:
    """docs/maintainers/reliability.md: reopen removes the key done filled; the file reads
    as it did, and only that key's text is gone."""
    text = HEADER + ENTRY + "      - {source: x, deadline: 6 months, " + empty + "}\n"
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    assert cli("done", "1", "--on", "2009-01-01", "--evidence", "x", "--file", str(path)).code == 0
    assert cli("reopen", "1", "--file", str(path)).code == 0
    after = path.read_text(encoding="utf-8")
    assert after == text.replace(", " + empty, "")
    assert load_text(after, "c") == load_text(text, "c")


def test_a_calendar_file_the_user_may_not_write_is_refused_unless_forced(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same refusal for a vdir's files (`ics --vdir`), injected as above."""
    path = tmp_path / "c.yaml"
    path.write_bytes(ANNEX_PLAN.read_bytes())
    folder = tmp_path / "cal"
    assert cli("ics", "--vdir", str(folder), "--file", str(path)).code == 0
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert cli("done", "26", "--on", "2008-12-01", "--file", str(path)).code == 0
    real = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode, **kw: Path(p).parent != folder and real(p, mode, **kw)
    )
    r = cli("ics", "--vdir", str(folder), "--file", str(path))
    one_line(r, 2, "refusing to replace a file you cannot write (--force to do so)")
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert cli("ics", "--vdir", str(folder), "--force", "--file", str(path)).code == 0
    assert {p.name: p.read_bytes() for p in folder.iterdir()} != before


NUMBERISH = r"[0-9][0-9a-fA-FxXoObBeE._-]{0,6}|[A-Za-z0-9][A-Za-z0-9._-]{0,6}"


@settings(max_examples=400, deadline=None)
@given(st.from_regex(NUMBERISH, fullmatch=True))
def test_any_id_is_written_so_that_every_reader_reads_it_back(value: str) -> None:
    """Ids that look most like numbers (digits, hex letters, `x`, `o`, `b`, `e`, dots,
    underscores), plain where every reader reads them as text, quoted otherwise."""
    written = yamltext.ident(value)
    for text in (f"k: {written}\n", f"- {{k: {written}, j: [{written}]}}\n"):
        for reader, read in readers().items():
            doc = read(text)
            got = doc["k"] if isinstance(doc, dict) else doc[0]["k"]  # type: ignore[index]
            assert got == value, (reader, text)

"""Recording progress with the fact it rests on (issue 18): `done`, `drop` and `mark` with
--source and --quote add a fact to the file's `record` and cite it, in the same edit; `mark`
records every status; what is asked is checked before the file is read."""

from __future__ import annotations

import difflib
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ANNEX_PLAN, DATA, Result

Cli = Callable[..., Result]
TODAY = date(2009, 3, 1)
T26 = "      - {source: 3 months, deadline: 3 months}"  # 26's deadline in the annex's plan
FACT = ["--source", "https://example.org/acta", "--quote", "Se instaló el Observatorio"]


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("accordctl.cli.options.today", lambda: TODAY)


def annex_with(tmp_path: Path, tail: str = "", source: Path = ANNEX_PLAN) -> Path:
    path = tmp_path / "c.yaml"
    path.write_bytes(source.read_bytes() + tail.encode("utf-8"))
    return path


def row(cli: Cli, path: Path, rid: str = "26", as_of: str = "2010-01-01") -> dict[str, Any]:
    """A row of `due --format json`."""
    doc = cli("due", "--as-of", as_of, "--format", "json", "--file", str(path)).json()
    return next(r for r in doc["rows"] if r["row_id"] == rid)


def record_of(path: Path) -> list[dict[str, object]]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(doc.get("record") or [])


# -- the record the fact goes to: absent, empty, null, a block list ---------------------

RECORDS = [
    # what ends the file -> the text the record is left with, before the new item
    ("", "record:\n  - id: 26-done-2009-02-26\n"),
    ("record: []\n", "record:\n  - id: 26-done-2009-02-26\n"),
    ("record: ~\n", "record:\n  - id: 26-done-2009-02-26\n"),
    ("record:\n", "record:\n  - id: 26-done-2009-02-26\n"),
    ("record: []  # none yet\n", "record:  # none yet\n  - id: 26-done-2009-02-26\n"),
    ("record:\n  - id: x\n    date: 2009-01-01\n    what: w\n    source: s\n    quote: q\n"
     "    confidence: low\n",
     "    confidence: low\n  - id: 26-done-2009-02-26\n"),
    ("record:\n- id: x\n  date: 2009-01-01\n  what: w\n  source: s\n  quote: q\n"
     "  confidence: low\n# the end\n",
     "  confidence: low\n- id: 26-done-2009-02-26\n"),
]  # fmt: skip


@pytest.mark.parametrize(("tail", "expected"), RECORDS)
def test_done_adds_the_fact_to_the_record_in_its_own_layout(
    cli: Cli, tmp_path: Path, tail: str, expected: str
) -> None:
    path = annex_with(tmp_path, tail)
    before = path.read_text(encoding="utf-8")
    r = cli("done", "26", "--on", "2009-02-26", *FACT, "--file", str(path))
    assert r.code == 0, r.err
    after = path.read_text(encoding="utf-8")
    assert expected in after
    assert "fact 26-done-2009-02-26 added to the record" in r.err
    # lines are only added, but for 26's deadline and the record's `[]`
    gone = [x[2:] for x in difflib.ndiff(before.splitlines(), after.splitlines()) if x[0] == "-"]
    assert [x for x in gone if not x.startswith("record:")] == [T26]
    fact = record_of(path)[-1]
    assert fact == {
        "id": "26-done-2009-02-26",
        "date": date(2009, 2, 26),
        "precision": "day",
        "what": "26: done on 2009-02-26",
        "bears_on": ["26"],
        "source": "https://example.org/acta",
        "quote": "Se instaló el Observatorio",
        "confidence": "medium",
    }
    r26 = row(cli, path)
    assert (r26["state"], r26["completed"]) == ("late", "2009-02-26")
    assert r26["facts"] == ["26-done-2009-02-26"]


def test_the_record_cases_are_all_different() -> None:
    assert len({t for t, _ in RECORDS}) == len(RECORDS)


def test_a_record_in_flow_style_takes_the_fact_in_flow_style(cli: Cli, tmp_path: Path) -> None:
    first = "{id: a, date: 2009-01-01, what: w, source: s, quote: q, confidence: low}"
    path = annex_with(tmp_path, f"record: [{first}]\n")
    r = cli("done", "26", "--on", "2009-02-26", *FACT, "--file", str(path))
    assert r.code == 0, r.err
    assert path.read_text(encoding="utf-8").endswith(
        f"record: [{first}, {{id: 26-done-2009-02-26, date: 2009-02-26, precision: day, "
        "what: '26: done on 2009-02-26', bears_on: [\"26\"], source: 'https://example.org/acta', "
        "quote: Se instaló el Observatorio, confidence: medium}]\n"
    )
    assert [f["id"] for f in record_of(path)] == ["a", "26-done-2009-02-26"]


def test_a_record_that_is_no_list_is_refused_and_left_as_it_was(cli: Cli, tmp_path: Path) -> None:
    path = annex_with(tmp_path, "record: {a: 1}\n")
    before = path.read_bytes()
    r = cli("done", "26", *FACT, "--file", str(path))
    assert r.code == 3 and r.err.count("\n") == 1, r.err
    assert path.read_bytes() == before


def test_a_second_fact_of_the_same_day_gets_an_id_of_its_own(cli: Cli, tmp_path: Path) -> None:
    path = annex_with(tmp_path)
    for _ in range(3):
        assert cli("done", "26", "--on", "2009-02-26", *FACT, "--file", str(path)).code == 0
    ids = [f["id"] for f in record_of(path)]
    assert ids == ["26-done-2009-02-26", "26-done-2009-02-26-2", "26-done-2009-02-26-3"]
    assert row(cli, path)["facts"] == ids


def test_a_fact_id_given_is_used_and_a_taken_one_refused(cli: Cli, tmp_path: Path) -> None:
    path = annex_with(tmp_path)
    args = ["--fact-id", "observatorio", "--what", "The observatory met", "--confidence", "high"]
    assert cli("done", "26", *FACT, *args, "--file", str(path)).code == 0
    fact = record_of(path)[-1]
    assert (fact["id"], fact["what"], fact["confidence"]) == (
        "observatorio",
        "The observatory met",
        "high",
    )
    before = path.read_bytes()
    r = cli("mark", "27", "in-progress", *FACT, "--fact-id", "observatorio", "--file", str(path))
    assert (r.code, path.read_bytes()) == (2, before)
    assert "already has a fact of that id" in r.err


def test_the_shipped_record_takes_one_more_fact_and_nothing_else_moves(
    cli: Cli, tmp_path: Path
) -> None:
    path = annex_with(tmp_path, source=DATA)
    before = path.read_text(encoding="utf-8").splitlines()
    r = cli("mark", "31", "not-kept", "--on", "2013-07-29", *FACT, "--file", str(path))
    assert r.code == 0, r.err
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=False) if a != b]
    assert len(changed) == 1 and "31-not-kept-2013-07-29" in changed[0][1]  # 31's facts
    assert len(after) == len(before) + 8  # the fact, at the end of the record
    assert after[-8] == "  - id: 31-not-kept-2013-07-29"


# -- mark: every status -----------------------------------------------------------------

MARKS = [
    # args -> (state at 2010-01-01, completed, since)
    (["mark", "26", "done", "--on", "2008-11-01"], ("kept", "2008-11-01", None)),
    (["mark", "26", "done", "--on", "2009-02-26"], ("late", "2009-02-26", None)),
    (["mark", "26", "in-progress", "--on", "2008-10-01"], ("in-progress", None, "2008-10-01")),
    (["mark", "26", "not-kept", "--on", "2009-01-15"], ("not-kept", None, "2009-01-15")),
    (["mark", "26", "dropped", "--on", "2009-01-15"], ("dropped", None, "2009-01-15")),
    (["mark", "26", "pending"], ("overdue", None, None)),
    (["drop", "26", "--on", "2009-01-15"], ("dropped", None, "2009-01-15")),
    (["done", "26"], ("late", "2009-03-01", None)),  # today, pinned
]


@pytest.mark.parametrize(("args", "expected"), MARKS)
def test_mark_records_each_status(
    cli: Cli, tmp_path: Path, args: list[str], expected: tuple[str, str | None, str | None]
) -> None:
    path = annex_with(tmp_path)
    assert cli(*args, "--file", str(path)).code == 0
    r26 = row(cli, path)
    assert (r26["state"], r26["completed"], r26["since"]) == expected


# -- what is asked is checked first: the file is never read, never changed --------------

REFUSED = [
    (["done", "26", "--source", "s"], "--source and --quote go together"),
    (["done", "26", "--quote", "q"], "--source and --quote go together"),
    (["done", "26", "--what", "w"], "--what describes a fact: give --source too"),
    (["done", "26", "--fact-id", "f"], "--fact-id describes a fact: give --source too"),
    (["done", "26", "--confidence", "high"], "--confidence describes a fact"),
    (["done", "26", *FACT, "--fact-id", "a b"], '--fact-id "a b" is not a valid id'),
    (["done", "26", *FACT, "--confidence", "sure"], "--confidence"),
    (["done", "26", "--evidence", " "], "--evidence must not be empty"),
    (["done", "26", "--source", "a\nb", "--quote", "q"], "--source"),
    (["done", "26", "--on", "2008-08-20"], "is before the signing (2008-08-21)"),
    (["done", "26", "--on", "2009-02-30"], "--on"),
    (["mark", "26", "kept"], "mark STATUS"),
    (["mark", "26", "pending", "--evidence", "e"], "it takes no other option (--evidence given)"),
    (["mark", "26", "pending", "--on", "2009-01-01"], "it takes no other option (--on given)"),
    (["mark", "26", "pending", "--confidence", "medium"], "option (--confidence given)"),
    (["mark", "26", "pending", *FACT], "it takes no other option (--source given)"),
    (["done", "26", "--confidence", "medium"], "--confidence describes a fact"),  # said
    (["mark", "signing", "done"], "signing is an event, not a commitment"),
    (["drop", "nope"], "nope"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "message"), REFUSED)
def test_what_cannot_be_recorded_is_a_usage_error(
    cli: Cli, tmp_path: Path, args: list[str], message: str
) -> None:
    path = annex_with(tmp_path)
    before = path.read_bytes()
    r = cli(*args, "--file", str(path))
    assert (r.code, r.out) == (2, "")
    assert message in r.err and r.err.count("\n") == 1 and r.err.startswith("accordctl: ")
    assert path.read_bytes() == before


def test_a_day_after_today_is_recorded_with_a_warning(cli: Cli, tmp_path: Path) -> None:
    path = annex_with(tmp_path)
    r = cli("done", "26", "--on", "2009-03-02", "--file", str(path))
    assert r.code == 0
    lines = r.err.splitlines()
    assert len(lines) == 2 and "completed 2009-03-02" in lines[0]
    assert lines[1] == (
        "accordctl: warning: 2009-03-02 is after today: record progress once it happens"
    )
    assert "completed: 2009-03-02" in path.read_text(encoding="utf-8")


def test_reopen_stops_citing_the_fact_and_the_record_keeps_it(cli: Cli, tmp_path: Path) -> None:
    path = annex_with(tmp_path)
    assert cli("done", "26", "--on", "2009-02-26", *FACT, "--file", str(path)).code == 0
    r = cli("reopen", "26", "--file", str(path))
    assert "no longer cites 26-done-2009-02-26" in r.err
    assert [f["id"] for f in record_of(path)] == ["26-done-2009-02-26"]
    assert (row(cli, path)["completed"], row(cli, path)["facts"]) == (None, [])


@pytest.mark.parametrize(
    ("args", "warned"),
    [
        (["done", "29", "--on", "2008-12-09"], True),  # judged "kept late" of 2009-05-29
        (["done", "29", "--on", "2008-12-09", "--judgement", "on time"], False),
        (["mark", "29", "not-kept", "--on", "2009-06-01"], True),
        (["reopen", "29"], False),  # the judgement goes with the progress
        (["done", "29", "--on", "2009-05-29"], False),  # nothing changed
    ],
)
def test_a_judgement_left_under_changed_progress_is_warned_of(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], warned: bool
) -> None:
    monkeypatch.setattr("accordctl.cli.options.today", lambda: date(2026, 12, 3))
    copy = tmp_path / "c.yaml"
    shutil.copy(DATA, copy)
    r = cli(*args, "--file", str(copy), "-q")
    assert r.code == 0, r.err
    said = "accordctl: warning: 29: its judgement was written when it said completed 2009-05-29"
    assert r.err.startswith(said) is warned, r.err

"""The record: facts with their sources, progress that cites them, and states that are true at
any date, through the real entry point and in every output."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import icalendar
import pytest

from accordctl import load_text, resolve
from accordctl.core.progress import STATES, state
from tests.conftest import HEADER, Result

Cli = Callable[..., Result]
DUE = "2009-02-21"  # "6 months" from the signing, 2008-08-21
FACT = "  - {id: x, date: 2009-02-01, what: W, source: S, quote: Q, confidence: high}\n"

FACTS = """\
record:
  - id: law
    date: 2009-03-10
    what: The law was passed
    bears_on: ["1", later]
    source: https://example.org/gaceta/2009-03-10
    quote: "El pleno aprobó la ley"
    confidence: high
    also: [{source: a second paper, quote: "aprobada el 10 de marzo"}]
    conflicts:
      - {source: a third paper, quote: "aprobada el 9 de marzo", date: 2009-03-09, note: early}
  - id: spring
    date: "2009-04"
    what: Something in April
    bears_on: ["2"]
    source: a report
    quote: "en abril"
    confidence: medium
"""


def one(progress: str = "", phrase: str = "6 months", facts: str = "") -> str:
    """A file with commitment 1 (and its progress as flow keys), 2, and the given record."""
    extra = f", {progress}" if progress else ""
    return (
        HEADER
        + (
            f'  - id: "1"\n    number: 1\n    branch: one\n    title: First\n    deadlines:\n'
            f'      - {{source: "{phrase}", deadline: "{phrase}"{extra}}}\n'
            '  - id: "2"\n    number: 2\n    branch: one\n    title: Second\n    deadlines:\n'
            "      - {source: 1 month after later, deadline: 1 month after later}\n"
        )
        + facts
    )


# (progress of 1, as-of date, its state then, and days late): completion, status and since
# against the due date (2009-02-21) and the as-of date; each worked out by hand.
STATE_CASES = [
    ("", "2009-01-01", "upcoming", None),
    ("", "2009-03-01", "overdue", None),  # past due, nothing recorded: not yet rated
    ("", None, "overdue", None),  # no --as-of: as of today, long past due
    ("status: done, completed: 2009-02-01", "2009-03-01", "kept", 0),
    ("status: done, completed: 2009-02-21", "2009-03-01", "kept", 0),  # on the day
    ("status: done, completed: 2009-03-10", "2009-03-01", "overdue", 17),  # done only later
    ("status: done, completed: 2009-03-10", "2009-04-01", "late", 17),
    ("status: done, completed: 2009-03-10", None, "late", 17),
    ("completed: 2009-03-10", "2009-04-01", "late", 17),  # a completion means done
    ("status: done", "2009-01-01", "kept", None),  # done on a day not recorded: at every date
    ("status: dropped, since: 2009-01-15", "2009-01-01", "upcoming", None),
    ("status: dropped, since: 2009-01-15", "2009-02-01", "dropped", None),
    ("status: dropped", "2008-09-01", "dropped", None),  # no date: at every date
    ("status: not-kept, since: 2010-01-01", "2009-03-01", "overdue", None),
    ("status: not-kept, since: 2010-01-01", "2010-06-01", "not-kept", None),
    ("status: in-progress, since: 2008-12-01", "2008-11-01", "upcoming", None),
    ("status: in-progress, since: 2008-12-01", "2009-01-01", "in-progress", None),
    ("status: in-progress, since: 2008-12-01", "2009-03-01", "in-progress", None),
    ("status: pending", "2009-03-01", "overdue", None),
]


def test_the_state_cases_have_no_duplicates_and_cover_every_state() -> None:
    keys = [(p, a) for p, a, _, _ in STATE_CASES]
    assert len(keys) == len(set(keys))
    assert {s for _, _, s, _ in STATE_CASES} == set(STATES) - {"undated"}  # that one below


@pytest.mark.parametrize(("progress", "as_of", "expected", "late"), STATE_CASES)
def test_the_state_of_a_row_at_a_date(
    cli: Cli,
    datafile: Callable[..., Path],
    progress: str,
    as_of: str | None,
    expected: str,
    late: int | None,
) -> None:
    path = datafile("")
    path.write_text(one(progress), encoding="utf-8")
    args = ["due", "--file", str(path), "--format", "json"] + (["--as-of", as_of] if as_of else [])
    r = cli(*args)
    row = next(x for x in r.json()["rows"] if x["id"] == "1")
    assert (row["due"], row["state"], row["days_late"]) == (DUE, expected, late)
    if as_of is not None:  # overdue: past due and undone then, in progress or judged or not
        undone = expected in ("overdue", "in-progress", "not-kept")
        assert row["overdue"] == (undone and as_of > DUE)


@pytest.mark.parametrize(
    ("phrase", "progress", "expected"),
    [
        ("permanent", "", "undated"),
        ("permanent", "status: done, completed: 2009-01-01", "kept"),
        ("1 month after later", "", "undated"),  # pending
    ],
)
def test_undated_rows(phrase: str, progress: str, expected: str) -> None:
    res = resolve(load_text(one(progress, phrase), "x.yaml"))
    row = next(r for r in res.rows if r.row_id == "1")
    assert state(row, date(2009, 3, 1)) == expected


def test_every_output_carries_completion_and_evidence(
    cli: Cli, datafile: Callable[..., Path]
) -> None:
    path = datafile("")
    progress = (
        "status: done, completed: 2009-03-10, facts: [law], evidence: https://example.org/e, "
        'judgement: "passed on the 10th; if the vote of the 9th counts, 16 days late"'
    )
    path.write_text(one(progress, facts=FACTS), encoding="utf-8")
    doc = cli("due", "--file", str(path), "--format", "json").json()
    row = next(x for x in doc["rows"] if x["id"] == "1")
    assert (row["completed"], row["days_late"], row["state"]) == ("2009-03-10", 17, "late")
    assert row["facts"] == ["law"] and row["sources"] == ["https://example.org/gaceta/2009-03-10"]
    assert row["evidence"] == "https://example.org/e" and row["judgement"].startswith("passed")
    (law,) = [f for f in doc["record"] if f["id"] == "law"]
    assert law["conflicts"][0]["date"] == "2009-03-09" and law["precision"] == "day"

    rows = list(csv.DictReader(io.StringIO(cli("due", "--file", str(path), "--format", "csv").out)))
    first = next(x for x in rows if x["id"] == "1")
    assert (first["completed"], first["days_late"], first["facts"]) == ("2009-03-10", "17", "law")
    assert first["evidence"] == "https://example.org/e" and first["state"] == "late"

    text = " ".join(cli("explain", "1", "--file", str(path)).out.split())
    assert "completed 2009-03-10, 17 days late" in text
    said = 'The law was passed (source: https://example.org/gaceta/2009-03-10 "El pleno aprobó'
    assert f'record: 2009-03-10: {said} la ley")' in text
    assert "judged: passed on the 10th" in text and "evidence: https://example.org/e" in text

    cal = icalendar.Calendar.from_ical(cli("ics", "--file", str(path), "--todo").out)
    (task,) = [c for c in cal.walk("VTODO") if str(c["uid"]) == "1@accordctl"]
    assert str(task["url"]) == "https://example.org/gaceta/2009-03-10"
    assert task.decoded("completed").date() == date(2009, 3, 10)
    described = str(task["description"])
    assert "El pleno aprobó la ley" in described and "Evidence: https://example.org/e" in described

    page = cli("report", "--file", str(path), "--as-of", "2009-04-01").out
    assert 'href="https://example.org/gaceta/2009-03-10" rel="noreferrer"' in page
    assert 'id="fact-law"' in page and "El pleno aprobó la ley" in page
    assert "a third paper" in page and "early)" in page


def test_an_event_dated_by_a_fact_and_overridden_by_event(
    cli: Cli, datafile: Callable[..., Path]
) -> None:
    path = datafile("")
    text = one(facts=FACTS).replace(
        "  - {id: later, title: Later, when: null}", "  - {id: later, title: Later, fact: law}"
    )
    path.write_text(text, encoding="utf-8")
    due = {
        r["id"]: r["due"]
        for r in cli("due", "--file", str(path), "--format", "json").json()["rows"]
    }
    assert due["2"] == "2009-04-10"  # 1 month after the law's date (the fact, 2009-03-10)
    what_if = cli("due", "--file", str(path), "--format", "json", "--event", "later=2009-05-01")
    assert {r["id"]: r["due"] for r in what_if.json()["rows"]}["2"] == "2009-06-01"
    before = cli("due", "--file", str(path), "--format", "json", "--as-of", "2009-03-01")
    two = next(r for r in before.json()["rows"] if r["id"] == "2")
    assert two["due"] is None and "no known date as of 2009-03-01" in two["reason"]
    out = cli("explain", "later", "--file", str(path)).out
    assert "rule: the date of fact law of the record" in out and "El pleno aprobó la ley" in out


def test_completions_after_the_as_of_date_are_not_counted_from(
    cli: Cli, datafile: Callable[..., Path]
) -> None:
    path = datafile("")
    text = one("status: done, completed: 2009-03-10").replace(
        "1 month after later", "1 month after 1"
    )
    path.write_text(text, encoding="utf-8")

    def two(*args: str) -> str:
        doc = cli("due", "--file", str(path), "--format", "json", *args).json()
        return str(next(r for r in doc["rows"] if r["id"] == "2")["due"])

    assert two() == "2009-04-10"  # from the completion
    assert two("--as-of", "2009-03-01") == "2009-03-21"  # then, the plan: 1's due + 1 month


@pytest.mark.parametrize(
    ("record", "progress", "code", "message"),
    [
        (FACT.replace("2009-02-01", "2009-13-01"), "", 3, "fact date: no such date"),
        (FACT.replace("2009-02-01", "2009-02, precision: day"), "", 3,
         'precision "day" but the date "2009-02" is given to the month'),
        (FACT.replace(" source: S,", ""), "", 3, 'fact has no "source"'),
        (FACT.replace(" quote: Q,", ""), "", 3, 'fact has no "quote"'),
        (FACT.replace("high", "sure"), "", 3, 'unknown confidence "sure"'),
        (FACT.replace("high", "high, bears_on: [99]"), "", 5, 'fact x bears on unknown id "99"'),
        ("", "facts: [nope]", 5, '1\'s facts: unknown fact "nope"'),
        ("", "status: done, completed: 2008-08-01", 3, "completed 2008-08-01 is before the sign"),
        ("", "status: dropped, completed: 2009-01-01", 3, "completed, but its status is dropped"),
        ("", "status: done, since: 2009-01-01", 3, "since, but its status is done"),
        ("", "status: finished", 3, 'unknown status "finished"'),
        (FACT + FACT.replace("02-01", "02-02"), "", 3, 'duplicate fact id "x"'),
    ],
)  # fmt: skip
def test_check_finds_each_kind_of_bad_record(
    cli: Cli,
    datafile: Callable[..., Path],
    record: str,
    progress: str,
    code: int,
    message: str,
) -> None:
    path = datafile("")
    path.write_text(one(progress, facts="record:\n" + record if record else ""), encoding="utf-8")
    r = cli("check", "--file", str(path))
    assert r.code == 1 and message in r.out
    line = next(x for x in r.out.splitlines() if message in x)
    assert line.startswith(f"{path}:") and ": error: " in line  # file:line:col, one line
    bad = cli("due", "--file", str(path))
    assert bad.code == code and message in bad.err and bad.err.count("\n") == 1


def test_check_warns_of_facts_out_of_time(cli: Cli, datafile: Callable[..., Path]) -> None:
    path = datafile("")
    early = "  - {id: early, date: 2008-06, what: W, source: S, quote: Q, confidence: low}\n"
    late = "  - {id: late, date: 2999-01-01, what: W, source: S, quote: Q, confidence: low}\n"
    path.write_text(one("facts: [late]", facts="record:\n" + early + late), encoding="utf-8")
    r = cli("check", "--file", str(path), "--format", "json")
    found = {(f["code"], f["severity"]) for f in r.json()["findings"] if f["code"] != "ACC012"}
    assert found == {("ACC020", "warning"), ("ACC021", "warning")} and r.code == 0
    assert cli("check", "--file", str(path), "--strict").code == 1


def test_record_lists_facts_by_id_and_date(cli: Cli, datafile: Callable[..., Path]) -> None:
    path = datafile("")
    path.write_text(one("facts: [law]", facts=FACTS), encoding="utf-8")

    def ids(*args: str) -> list[str]:
        doc = cli("record", "--file", str(path), "--format", "json", *args).json()
        return [f["id"] for f in doc["record"]]

    assert ids() == ["law", "spring"]  # by date
    assert ids("1") == ["law"] and ids("2") == ["spring"] and ids("later") == ["law"]
    assert ids("--since", "2009-04-15") == ["spring"]  # April 2009 reaches into it
    assert ids("--until", "2009-03-31") == ["law"]
    assert ids("--since", "2009-05-01") == []
    old = cli("record", "--file", str(path), "--from", "2009-04-15", "--to", "2009-12-31")
    new = cli("record", "--file", str(path), "--since", "2009-04-15", "--until", "2009-12-31")
    assert (old.code, old.out) == (new.code, new.out)  # the old spelling, for a while
    assert old.err == (
        "accordctl: warning: record --from is now record --since (the old spelling will go)\n"
        "accordctl: warning: record --to is now record --until (the old spelling will go)\n"
        + new.err
    )
    table = cli("record", "--file", str(path), "1")
    assert table.out.startswith("2009-03-10 law (high confidence)\n  The law was passed\n")
    assert 'disagrees (2009-03-09): a third paper: "aprobada el 9 de marzo" [early]' in (
        " ".join(table.out.split())
    )
    r = cli("record", "--file", str(path), "99")
    assert r.code == 2 and 'unknown id "99"' in r.err
    r = cli("record", "--file", str(path), "--since", "2009-05-01", "--until", "2009-01-01")
    assert r.code == 2 and "--since 2009-05-01 is after --until 2009-01-01" in r.err


def test_the_shipped_record_answers_what_was_overdue_and_later_kept(cli: Cli) -> None:
    """What was overdue on 2009-03-01, and what of it was later kept, and when?"""
    doc = cli("due", "--overdue", "--as-of", "2009-03-01", "--format", "json").json()
    later = {r["id"]: (r["completed"], r["days_late"]) for r in doc["rows"] if r["completed"]}
    assert later["4"] == ("2010-08-26", 551) and later["7"] == ("2009-04-10", 48)
    assert later["29"] == ("2009-05-29", 165) and later["32"] == ("2010-10-07", 661)
    assert all(r["state"] in ("overdue", "in-progress", "not-kept") for r in doc["rows"])
    assert json.dumps(doc).count('"state": "overdue"') == len(doc["rows"])


def test_explain_as_of_reads_the_record_as_it_stood(cli: Cli) -> None:
    then = cli("explain", "27", "--as-of", "2009-01-01").out
    assert then.splitlines()[0] == "27 <- 26 <- signing: 2009-01-21"
    now = cli("explain", "27").out
    assert now.splitlines()[0] == "27 <- 26 <- signing: 2009-04-26"


@pytest.mark.parametrize(
    ("as_of", "said", "not_said"),
    [
        ("2009-01-01", "later kept: done 2009-02-26, 97 days late", "completed 2009-02-26"),
        ("2009-03-01", "completed 2009-02-26, 97 days late", "later kept"),
        (None, "completed 2009-02-26, 97 days late", "later kept"),  # today
    ],
)
def test_explain_tells_the_record_as_it_stood_on_the_as_of_date(
    cli: Cli, as_of: str | None, said: str, not_said: str
) -> None:
    """27 counts from 26; as of 2009-01-01, 26's completion (2009-02-26) had not happened:
    explain says it as what happened later, as `due` does, never as if known then."""
    args = ["explain", "27", "--format", "json"] + (["--as-of", as_of] if as_of else [])
    steps = {s["id"]: s for s in cli(*args).json()["chains"][0]}
    assert said in steps["26"]["notes"] and not any(not_said in n for n in steps["26"]["notes"])


def test_the_page_explains_rows_as_of_its_date(cli: Cli) -> None:
    page = re.sub(r"<[^>]+>", "", cli("report", "29", "--as-of", "2009-03-01").out)
    assert "later kept: done 2009-05-29" in page and "completed 2009-05-29" not in page


@pytest.mark.parametrize(
    ("args", "ids", "count"),
    [
        (["--state", "done", "--as-of", "2009-03-01"], {"2", "10", "16", "26", "33", "70"},
         "of 92 deadlines done as of 2009-03-01"),
        (["--branch", "media"], set(), "0 of 74 facts bearing on 5 of 92 deadlines in media"),
        (["--search", "observatorio"], {"26", "70"}, 'deadlines matching "observatorio"'),
    ],
)  # fmt: skip
def test_record_takes_the_deadlines_due_chooses(
    cli: Cli, args: list[str], ids: set[str], count: str
) -> None:
    """Which promises were kept, when, and on what source: the facts bearing on the
    deadlines that --branch, --search and --state choose, as in `due`."""
    r = cli("record", *args, "--format", "json")
    due = cli("due", *args, "--format", "json").json()["rows"]
    chosen = {x["row_id"] for x in due}
    assert ids <= {x["id"] for x in due}
    facts = r.json()["record"]
    cited = {f for x in due for f in x["facts"]}
    assert all(f["id"] in cited or set(f["bears_on"]) & chosen for f in facts)
    assert cited <= {f["id"] for f in facts} and count in r.err
    assert bool(facts) is bool(ids)


def test_record_as_of_without_a_state_is_refused(cli: Cli) -> None:
    r = cli("record", "--as-of", "2009-03-01")
    assert (r.code, r.err) == (
        2,
        "accordctl: --as-of dates where deadlines stand: give --state too\n",
    )


def test_explain_names_its_as_of_date(cli: Cli) -> None:
    doc = cli("explain", "27", "--as-of", "2009-01-01", "--format", "json").json()
    assert doc["as_of"] == "2009-01-01" and doc["chains"][0][0]["due"] == "2009-01-21"
    assert cli("explain", "27", "--format", "json").json()["as_of"] == str(date.today())

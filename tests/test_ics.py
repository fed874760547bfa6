"""`accordctl ics`, parsed back with icalendar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest

from tests.conftest import DATA, Result, entry

Cli = Callable[..., Result]


def parse(text: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(text)


def rows_of(cal: icalendar.Calendar, kind: str = "VEVENT") -> dict[str, icalendar.Component]:
    return {
        str(c["uid"]): c for c in cal.walk(kind) if "CATEGORIES" in c and c.categories != ["event"]
    }


def test_one_entry_per_dated_row_with_the_json_dates(cli: Cli) -> None:
    r = cli("ics")
    doc = cli("due", "--format", "json").json()
    dated = {row["row_id"]: row["due"] for row in doc["rows"] if row["due"]}
    entries = rows_of(parse(r.out))
    assert len(entries) == len(dated) == 82
    got = {uid.split("@")[0].replace("+", "/"): e.decoded("dtstart") for uid, e in entries.items()}
    assert {k: v.isoformat() for k, v in got.items()} == dated
    for e in entries.values():
        assert e.decoded("dtend") == e.decoded("dtstart") + timedelta(days=1)
        assert str(e["transp"]) == "TRANSPARENT"
    assert r.err == "accordctl: skipped 10 undated deadlines (see accordctl due --state undated)\n"


def test_events_summaries_and_descriptions(cli: Cli) -> None:
    cal = parse(cli("ics").out)
    events = {str(c["uid"]): c for c in cal.walk("VEVENT") if c.categories == ["event"]}
    assert events["review-2@events.accordctl"].decoded("dtstart") == date(2008, 11, 28)  # held
    assert events["general-law@events.accordctl"].decoded("dtstart") == date(2008, 12, 9)
    e = rows_of(cal)["46b@accordctl"]
    assert str(e["summary"]) == "#46b Evaluate and vet all state personnel in police… (state)"

    text = str(e["description"])
    assert "As written: (6\n" in text and "Rule: 6 months after signing (2008-08-21)" in text
    assert 'Inferred: the cable has only "(6"; completed as "6 months"' in text
    assert "Scope: federal-prosecutors" in str(
        rows_of(cal)["1e+federal-prosecutors@accordctl"]["description"]
    )


def test_uids_unique_and_output_byte_identical(cli: Cli) -> None:
    a, b = cli("ics"), cli("ics")
    assert a.out == b.out
    uids = [str(c["uid"]) for c in parse(a.out).walk("VEVENT")]
    assert len(uids) == len(set(uids))


def test_unrelated_edit_changes_only_its_own_entry(cli: Cli, tmp_path: Path) -> None:
    edited = tmp_path / "c.yaml"
    text = DATA.read_text(encoding="utf-8")
    edited.write_text(
        text.replace("title: Ensure a speedy trial.", "title: Ensure a fast trial."),
        encoding="utf-8",
    )
    before = {str(c["uid"]): c.to_ical() for c in parse(cli("ics").out).walk("VEVENT")}
    after = {
        str(c["uid"]): c.to_ical()
        for c in parse(cli("ics", "--file", str(edited)).out).walk("VEVENT")
    }
    assert before.keys() == after.keys()
    assert [u for u in before if before[u] != after[u]] == ["39@accordctl"]


def test_todo_and_alarm(cli: Cli) -> None:
    cal = parse(cli("ics", "--todo", "--alarm", "7d").out)
    todos = rows_of(cal, "VTODO")
    assert len(todos) == 82 and not rows_of(cal, "VEVENT")
    t = todos["27@accordctl"]
    assert t.decoded("due") == date(2009, 4, 26) and str(t["status"]) == "NEEDS-ACTION"
    (alarm,) = t.walk("VALARM")
    assert str(alarm["action"]) == "DISPLAY" and alarm.decoded("trigger") == timedelta(days=-7)


@pytest.mark.parametrize("value", ["7 days", "-1d", "soon", ""])
def test_bad_alarm(cli: Cli, value: str) -> None:
    r = cli("ics", "--alarm", value)
    assert (r.code, r.out) == (2, "") and "bad --alarm value" in r.err


def test_hostile_title_cannot_break_out(cli: Cli, datafile: Callable[[str], Path]) -> None:
    hostile = "Evil\\nEND:VEVENT\\nBEGIN:VEVENT\\nSUMMARY:injected; a,b: c"
    path = datafile(entry("1", 1, "6 months").replace("title: T1", f'title: "{hostile}"'))
    cal = parse(cli("ics", "--file", str(path)).out)
    (e,) = rows_of(cal).values()
    assert "END:VEVENT\nBEGIN:VEVENT\nSUMMARY:injected; a,b: c" in str(e["description"])
    assert len(cal.walk("VEVENT")) == 2  # the row and the signing


def test_output_file_is_written_whole_or_not_at_all(
    cli: Cli, tmp_path: Path, datafile: Callable[[str], Path]
) -> None:
    out = tmp_path / "accord.ics"
    r = cli("ics", "-o", str(out))
    assert r.code == 0 and r.out == "" and out.read_bytes() == cli("ics").out.encode()
    r = cli("ics", "-o", str(tmp_path / "missing" / "x.ics"))
    assert r.code == 6 and "cannot write" in r.err
    bad = datafile(entry("1", 1, "6 fortnights"))
    r = cli("ics", "--file", str(bad), "-o", str(tmp_path / "new.ics"))
    assert r.code == 4 and not (tmp_path / "new.ics").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["accord.ics", "c.yaml"]


def test_windows_export_the_session_as_a_range(cli: Cli) -> None:
    e = rows_of(parse(cli("ics", "--windows", "--branch", "legislative").out))["29@accordctl"]
    assert (e.decoded("dtstart"), e.decoded("dtend")) == (date(2008, 9, 1), date(2008, 12, 16))


def test_done_rows_say_so(cli: Cli) -> None:
    cal = parse(cli("ics", "--todo", "--event", "26=2008-12-01").out)
    t = rows_of(cal, "VTODO")["26@accordctl"]
    assert str(t["status"]) == "COMPLETED" and t.decoded("completed").date() == date(2008, 12, 1)
    assert "Completed 2008-12-01" in str(t["description"])


def strict(text: str) -> Any:
    """Parse with a second, strict RFC 5545 parser (the `ical` package), which refuses what
    icalendar would let through."""
    from ical.calendar_stream import IcsCalendarStream

    return IcsCalendarStream.calendar_from_ics(text)


@pytest.mark.parametrize(
    "args",
    [[], ["--todo"], ["--alarm", "7d"], ["--todo", "--alarm", "2w"], ["--windows"],
     ["--business-days"], ["--todo", "--event", "26=2008-12-01"], ["--branch", "media"],
     ["--file", str(Path(__file__).parent / "bad_inputs" / "control-characters.yaml")]],
    ids=" ".join,
)  # fmt: skip
def test_every_export_passes_a_strict_parser(cli: Cli, args: list[str]) -> None:
    r = cli("ics", *args)
    cal = strict(r.out)
    assert len(cal.todos if "--todo" in args else cal.events) >= (0 if "media" in args else 3)


def test_a_task_alarm_counts_back_from_its_due_date(cli: Cli) -> None:
    cal = parse(cli("ics", "--todo", "--alarm", "7d").out)
    for todo in rows_of(cal, "VTODO").values():
        (alarm,) = todo.walk("VALARM")
        assert alarm["trigger"].params["RELATED"] == "END"
    events = parse(cli("ics", "--alarm", "7d").out)
    (alarm,) = rows_of(events)["27@accordctl"].walk("VALARM")
    assert "RELATED" not in alarm["trigger"].params  # an event's counts from its start


@pytest.mark.parametrize(
    ("status", "todo", "event"),
    [("done", "COMPLETED", None), ("dropped", "CANCELLED", "CANCELLED"),
     ("in-progress", "IN-PROCESS", None), ("pending", "NEEDS-ACTION", None),
     (None, "NEEDS-ACTION", None)],
)  # fmt: skip
def test_status_maps_to_the_calendars(
    cli: Cli, datafile: Callable[[str], Path], status: str | None, todo: str, event: str | None
) -> None:
    extra = f", status: {status}" if status else ""
    path = datafile(
        entry("1", 1, "6 months").replace('deadline: "6 months"}', f'deadline: "6 months"{extra}}}')
    )
    (t,) = rows_of(parse(cli("ics", "--todo", "--file", str(path)).out), "VTODO").values()
    assert str(t["status"]) == todo
    (e,) = rows_of(parse(cli("ics", "--file", str(path)).out)).values()
    assert (str(e["status"]) if "status" in e else None) == event
    strict(cli("ics", "--todo", "--file", str(path)).out)


def test_summaries_carry_the_id(cli: Cli) -> None:
    entries = rows_of(parse(cli("ics", "--branch", "executive").out))
    ids = [str(e["summary"]).split()[0] for e in entries.values()]
    assert sorted(i for i in ids if i[:2] == "#1" and i[2:3].isalpha()) == [
        "#1a",
        "#1b",
        "#1c",
        "#1d",
        "#1e",
        "#1e",
    ]
    assert str(entries["1e+general@accordctl"]["summary"]).endswith("(executive, general)")


def test_tasks_come_without_the_events(cli: Cli) -> None:
    cal = parse(cli("ics", "--todo").out)
    assert cal.walk("VEVENT") == [] and len(cal.walk("VTODO")) == 82


SUMMARY_CUTS = [
    ("Ensure a speedy trial.", "Ensure a speedy trial."),
    ("Encourage the creation of certified state centers for evaluation",
     "Encourage the creation of certified state centers…"),  # the word at the limit stays
    ("Create, develop, and strengthen specialized vetted units to combat kidnapping.",
     "Create, develop, and strengthen specialized…"),
    ("In coordination with states, PGR and SPP will strengthen",
     "In coordination with states, PGR and SPP will…"),
    ("x" * 70, "x" * 70),  # one word wider than the limit: whole, never cut inside
    ("x" * 70 + " and more", "x" * 70 + "…"),
    ("安全・司法・合法性のための国家協定に基づく州警察の評価と認証センター",
     "安全・司法・合法性のための国家協定に基づく州警察の評価と認証センター"),  # no blanks
    ("安全 司法 合法性のための国家協定 に基づく州警察の評価と認証センターを設立する",
     "安全 司法 合法性のための国家協定…"),  # by cells: a wide character takes two
    ("a\tb\nc", "a b c"),
]  # fmt: skip


@pytest.mark.parametrize(("title", "summary"), SUMMARY_CUTS)
def test_summary_is_cut_only_between_words(title: str, summary: str) -> None:
    from accordctl.outputs.ical import cut_title

    got = cut_title(title)
    assert got == summary
    assert title.split()[: len(got.split())][:-1] == got.split()[:-1]  # whole words, in order


def test_summary_cases_are_unique() -> None:
    assert len({t for t, _ in SUMMARY_CUTS}) == len(SUMMARY_CUTS)


@pytest.mark.parametrize(
    ("args", "uids", "err"),
    [
        (["27", "46a"], {"27", "46a"}, "accordctl: 2 of 92 deadlines of 27 and 46a\n"),
        (["--search", "observatorio", "-q"], {"26", "70"}, ""),
        (["49", "--todo"], {"49"}, "accordctl: 1 of 92 deadlines of 49\n"),
    ],
)
def test_ids_and_search_choose_the_rows_as_in_due(
    cli: Cli, args: list[str], uids: set[str], err: str
) -> None:
    r = cli("ics", *args)
    kinds = ("VEVENT", "VTODO")
    cal = parse(r.out)
    got = {str(c["uid"]).split("@")[0] for k in kinds for c in cal.walk(k)}
    got -= {str(c["uid"]).split("@")[0] for c in cal.walk("VEVENT") if c.categories == ["event"]}
    due = cli("due", "--format", "json", *[a for a in args if a != "--todo"]).json()["rows"]
    assert got == {x["row_id"].replace("/", "+") for x in due if x["due"]} >= uids
    assert r.err == err


@pytest.mark.parametrize(
    ("ids", "said"),
    [(["40"], "1 undated deadline"), (["40", "42"], "2 undated deadlines"), (["39"], None)],
)
def test_skipped_undated_rows_are_counted_in_words(
    cli: Cli, ids: list[str], said: str | None
) -> None:
    lines = cli("ics", *ids, "-o", "/dev/null").err.splitlines()
    skipped = f"accordctl: skipped {said} (see accordctl due --state undated)"
    assert lines[1:] == ([skipped] if said else [])
    assert cli("ics", *ids, "-o", "/dev/null", "-q").err == ""


@pytest.mark.parametrize(
    ("args", "day"), [([], date(2009, 4, 26)), (["--as-of", "2009-01-01"], date(2009, 1, 21))]
)
def test_the_calendar_is_dated_as_the_record_stood_on_the_as_of_date(
    cli: Cli, args: list[str], day: date
) -> None:
    """27 counts from 26's completion (2009-02-26) once it is recorded; as of 2009-01-01
    it was not, and 27 counted from 26's due date, as `due --as-of` says."""
    entries = rows_of(parse(cli("ics", "27", *args).out))
    assert [e.decoded("dtstart") for e in entries.values()] == [day]
    assert cli("due", "27", *args, "--format", "json").json()["rows"][0]["due"] == str(day)

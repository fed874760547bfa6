"""Days as the law counts them: working days on the data file's calendar, each count worked
out by hand in a comment (the days skipped, and why)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from accordctl import load_text, resolve
from accordctl.core.phrases import parse, window
from accordctl.core.resolver import apply_rule, derive
from accordctl.core.workdays import Closed, OutsideCalendar, Workdays
from tests.conftest import Result

Cli = Callable[..., Result]
D = date

# (English, Spanish, base, due, days skipped), on Mexico's federal calendar.
COUNTS = [
    # From Thu 2008-08-21: Fri Aug 22 is day 1; Aug 25-29 are 2-6, Sep 1-5 7-11, Sep 8-12
    # 12-16, Mon Sep 15 17, Tue Sep 16 Día de la Independencia skipped, Sep 17-19 18-20,
    # Sep 22-26 21-25, Sep 29-Oct 3 26-30. Skipped: 12 weekend days (Aug 23-24, 30-31, Sep
    # 6-7, 13-14, 20-21, 27-28) and Sep 16.
    ("30 business days after the signing", "30 días hábiles después de la firma", D(2008, 8, 21),
     D(2008, 10, 3), 13),
    # From Fri 2008-12-19: Dec 20-21 weekend, Dec 22-24 days 1-3, Dec 25 Navidad, Dec 26 4,
    # Dec 27-28 weekend, Dec 29-31 5-7, Jan 1 Año Nuevo, Jan 2 8, Jan 3-4 weekend, Jan 5-6
    # 9-10. Skipped: 6 weekend days and 2 holidays.
    ("10 working days", "10 días hábiles", D(2008, 12, 19), D(2009, 1, 6), 8),
    # From Thu 2009-01-29: Fri Jan 30 day 1, Jan 31-Feb 1 weekend, Mon Feb 2 Día de la
    # Constitución (the first Monday of February), Feb 3-6 days 2-5.
    ("5 business days", "cinco días hábiles", D(2009, 1, 29), D(2009, 2, 6), 3),
    # From Fri 2008-09-12: Sep 13-14 weekend, Mon Sep 15 is day 1 (a working day: only the
    # 16th is a holiday).
    ("1 business day", "un día hábil", D(2008, 9, 12), D(2008, 9, 15), 2),
    # From Fri 2008-11-14: Nov 15-16 weekend, Mon Nov 17 Día de la Revolución (the third
    # Monday of November), Tue Nov 18 day 1.
    ("the next business day after the signing", "el día hábil siguiente a la firma",
     D(2008, 11, 14), D(2008, 11, 18), 3),
    ("1 working day after 26", "al día hábil siguiente de 26", D(2008, 11, 14), D(2008, 11, 18),
     3),
    # From Wed 2009-03-11: Mar 12-13 days 1-2, Mar 14-15 weekend, Mon Mar 16 Natalicio de
    # Benito Juárez (the third Monday of March), Mar 17 day 3.
    ("3 workdays", "3 días laborables", D(2009, 3, 11), D(2009, 3, 17), 3),
    # Calendar days skip nothing: Aug 21 + 90 = Nov 19.
    ("90 calendar days", "90 días naturales", D(2008, 8, 21), D(2008, 11, 19), None),
    ("0 business days", "cero días hábiles", D(2008, 8, 23), D(2008, 8, 23), 0),
]  # fmt: skip

LAST_WORKING_DAYS = [
    # Feb 28, 2013 is a Thursday: itself.
    ("the last business day of February 2013", "el último día hábil de febrero de 2013",
     D(2013, 2, 28), 0),
    # Aug 31, 2008 is a Sunday and the 30th a Saturday: Friday the 29th.
    ("the last working day of August 2008", "el último día hábil de agosto de 2008",
     D(2008, 8, 29), 2),
    # May 31, 2009 is a Sunday: Friday the 29th.
    ("the last business day of May 2009", "el último día hábil del mes de mayo de 2009",
     D(2009, 5, 29), 2),
    # Dec 31, 2010 is a Friday.
    ("the last business day of December 2010", "el último día hábil de diciembre de 2010",
     D(2010, 12, 31), 0),
]  # fmt: skip


def test_tables_have_no_duplicates() -> None:
    for table in (COUNTS, LAST_WORKING_DAYS):
        for column in (0, 1):
            assert len({case[column] for case in table}) == len(table)


@pytest.mark.parametrize(("en", "es", "base", "due", "skipped"), COUNTS)
def test_counts_in_working_days(
    en: str, es: str, base: date, due: date, skipped: int | None
) -> None:
    for phrase in (en, es):
        day, _, days = derive(parse(phrase), base)
        assert day == due, phrase
        assert (None if days is None else len(days)) == skipped, phrase


@pytest.mark.parametrize(("en", "es", "due", "skipped"), LAST_WORKING_DAYS)
def test_last_working_day_of_a_month(en: str, es: str, due: date, skipped: int) -> None:
    for phrase in (en, es):
        day, _, days = derive(parse(phrase), None)
        assert (day, len(days or ())) == (due, skipped), phrase


def test_what_a_count_skipped_is_named() -> None:
    _, _, days = derive(parse("10 días hábiles"), D(2008, 12, 19))
    assert [(d.isoformat(), why) for d, why in days or () if why != "weekend"] == [
        ("2008-12-25", "Navidad"),
        ("2009-01-01", "Año Nuevo"),
    ]


def test_a_period_in_working_days() -> None:
    # From Fri 2008-12-19 (see COUNTS): the 5th working day is Mon Dec 29, the 10th Jan 6.
    rule = parse("de 5 a 10 días hábiles")
    opens = window(rule)
    assert opens is not None
    base = D(2008, 12, 19)
    assert (apply_rule(opens, base)[0], apply_rule(rule, base)[0]) == (
        D(2008, 12, 29),
        D(2009, 1, 6),
    )


# -- The data file names its calendar -------------------------------------------------

CALENDARS = [
    # CFPC art. 281 style: only Sundays off, no holidays: from Fri 2008-09-12, Sat 13 is day
    # 1, Sun 14 skipped, Sep 15-19 days 2-6 (the 16th counts: no holidays).
    ("holidays: none\n  weekend: [domingo]", "6 días hábiles", D(2008, 9, 12), D(2008, 9, 19)),
    # The fiscal code's May 5, added by the file: from Fri 2009-05-01, May 2-3 weekend, May 4
    # day 1, May 5 closed, May 6-7 days 2-3.
    ("closed:\n    - {date: 2009-05-05, name: 5 de mayo, source: CFF art. 12}",
     "3 días hábiles", D(2009, 5, 1), D(2009, 5, 7)),
    # Without it, May 5 counts: May 4-6.
    ("holidays: MX", "3 días hábiles", D(2009, 5, 1), D(2009, 5, 6)),
    # A vacation of the file: Dec 22 to Jan 2 closed, Jan 3-4 a weekend: Mon Jan 5.
    ("closed:\n    - {date: 2008-12-22, to: 2009-01-02, name: vacaciones, source: DOF}",
     "1 día hábil", D(2008, 12, 19), D(2009, 1, 5)),
    # Another country's holidays: in the United States, Thanksgiving (Thu 2008-11-27) is a
    # holiday and Sep 16 is not. From Wed Nov 26: Nov 27 holiday, Fri 28 day 1.
    ("holidays: US", "1 business day", D(2008, 11, 26), D(2008, 11, 28)),
]  # fmt: skip


def calendar_file(workdays: str, phrase: str, base: date) -> str:
    return (
        f"schema_version: 1\nworkdays:\n  {workdays}\nevents:\n"
        f'  - {{id: signing, title: S, when: "{base}"}}\n'
        "commitments:\n  - id: '1'\n    number: 1\n    branch: one\n    title: T\n"
        f"    deadlines:\n      - {{source: x, deadline: {phrase}}}\n"
    )


@pytest.mark.parametrize(("workdays", "phrase", "base", "due"), CALENDARS)
def test_the_data_names_the_calendar(
    cli: Cli, tmp_path: Path, workdays: str, phrase: str, base: date, due: date
) -> None:
    text = calendar_file(workdays, phrase, base)
    assert resolve(load_text(text, "x.yaml")).rows[0].due == due
    path = tmp_path / "w.yaml"
    path.write_text(text, encoding="utf-8")
    r = cli("calc", phrase, "--from", base.isoformat(), "--file", str(path))
    assert (r.code, r.out) == (0, f"{due}\n")


def test_explain_lists_what_a_count_skipped(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(
        calendar_file("holidays: MX", "30 días hábiles", D(2008, 8, 21)), encoding="utf-8"
    )
    note = (
        "counted in working days (MX): skipped 12 weekend days and 1 holiday: 2008-09-16 "
        "Día de la Independencia"
    )
    step = cli("explain", "1", "--file", str(path), "--format", "json").json()["chains"][0][0]
    assert (step["due"], step["notes"]) == ("2008-10-03", [note])
    text = cli("explain", "1", "--file", str(path)).out
    assert "counted in working days (MX): skipped 12 weekend days and 1 holiday:" in text
    table = cli("due", "--file", str(path), "--columns", "id,due,note").out
    assert "counted in working days" in table


def test_closed_days_of_the_file_are_named_in_the_note(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    workdays = "closed:\n    - {date: 2009-05-05, name: 5 de mayo, source: CFF art. 12}"
    path.write_text(calendar_file(workdays, "3 días hábiles", D(2009, 5, 1)), encoding="utf-8")
    step = cli("explain", "1", "--file", str(path), "--format", "json").json()["chains"][0][0]
    assert step["notes"] == [
        "counted in working days (MX and the data's closed days): skipped 2 weekend days and "
        "1 holiday: 2009-05-05 5 de mayo"
    ]


def test_business_days_share_the_files_calendar(cli: Cli, tmp_path: Path) -> None:
    """`--business-days` moves a due date off a closed day of the file's calendar too."""
    path = tmp_path / "w.yaml"
    workdays = "closed:\n    - {date: 2009-05-05, name: 5 de mayo, source: CFF art. 12}"
    path.write_text(calendar_file(workdays, "2009-05-05", D(2008, 8, 21)), encoding="utf-8")
    rows = cli("due", "--file", str(path), "--business-days", "--format", "json").json()["rows"]
    assert (rows[0]["due"], rows[0]["due_business"]) == ("2009-05-05", "2009-05-06")
    r = cli("calc", "2009-05-05", "--business-days", "--file", str(path))
    assert r.out == "2009-05-05 2009-05-06\n"
    assert cli("calc", "2009-05-05", "--business-days").out == "2009-05-05 2009-05-05\n"


# -- Outside the years the calendar knows: said, never guessed ------------------------


def test_a_count_past_the_calendar_is_an_error(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(
        calendar_file("holidays: MX", "30 días hábiles", D(2100, 12, 1)), encoding="utf-8"
    )
    r = cli("check", "--file", str(path))
    assert r.code == 1
    assert (
        '"30 working days after signing" (1): 2101-01-01 is outside the years the MX holiday '
        "calendar knows (1901-2100) [ACC006 bad-phrase]"
    ) in r.out
    r = cli("calc", "30 días hábiles", "--from", "2100-12-01")
    assert (r.code, r.out) == (4, "")
    assert r.err == (
        'accordctl: calc: "30 días hábiles": 2101-01-01 is outside the years the MX holiday '
        "calendar knows (1901-2100)\n"
    )
    with pytest.raises(OutsideCalendar):
        Workdays().count(D(1900, 12, 20), 3)
    # With no holidays named, only the weekend is skipped, in any year.
    assert Workdays(None).count(D(2200, 1, 1), 1)[0] == D(2200, 1, 2)


def test_business_days_past_the_calendar_are_said(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(calendar_file("holidays: MX", "2150-03-01", D(2008, 8, 21)), encoding="utf-8")
    r = cli("due", "--file", str(path), "--business-days", "--columns", "id,due,note")
    assert r.code == 0
    assert "next business day unknown: 2150-03-01 is outside the years" in " ".join(r.out.split())
    row = cli("due", "--file", str(path), "--business-days", "--format", "json").json()["rows"][0]
    assert (row["due"], row["due_business"]) == ("2150-03-01", None)
    r = cli("calc", "2150-03-01", "--business-days")
    assert (r.code, r.out) == (0, "2150-03-01 -\n")
    assert "next business day unknown: 2150-03-01 is outside the years" in r.err


# -- check validates the calendar -------------------------------------------------------

BAD_CALENDARS = [
    # Line 3 is the first line under `workdays:`; columns are the value's.
    ("holidays: XX", 'unknown holiday calendar "XX"', "ACC007", 3, 13),
    ("weekend: [caturday]", 'unknown weekday "caturday"', "ACC007", 3, 13),
    ("closed:\n    - {date: 2009-05-05, name: x}", 'closed day has no "source"', "ACC003", 4, 7),
    ("closed:\n    - {date: 2009-05-06, to: 2009-05-05, name: x, source: y}",
     "closed days end (2009-05-05) before they begin (2009-05-06)", "ACC015", 4, 30),
    ("closed:\n    - {date: 2009-01-01, to: 2011-01-01, name: x, source: y}",
     "longer than 366 days", "ACC015", 4, 30),
    ("closed:\n    - {date: soon, name: x, source: y}", "date", "ACC015", 4, 14),
    ("sabbath: [saturday]", 'unknown key "sabbath" in workdays', "ACC002", 3, 3),
]  # fmt: skip


@pytest.mark.parametrize(("workdays", "message", "code", "line", "col"), BAD_CALENDARS)
def test_check_validates_the_calendar(
    cli: Cli, tmp_path: Path, workdays: str, message: str, code: str, line: int, col: int
) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(calendar_file(workdays, "6 months", D(2008, 8, 21)), encoding="utf-8")
    found = cli("check", "--file", str(path), "--format", "json").json()["findings"]
    errors = [(f["code"], f["line"], f["col"]) for f in found if f["severity"] == "error"]
    assert errors == [(code, line, col)]
    assert message in next(f["message"] for f in found if f["severity"] == "error")


def test_a_closed_period_is_every_day_of_it() -> None:
    on = Workdays(closed=(Closed(D(2009, 12, 21), D(2010, 1, 1), "vacaciones"),))
    assert [on.why_closed(D(2009, 12, d)) for d in (20, 21, 31)] == [
        "weekend",
        "vacaciones",
        "vacaciones",
    ]
    assert on.why_closed(D(2010, 1, 4)) is None


def test_an_event_counted_in_working_days_says_so(cli: Cli, tmp_path: Path) -> None:
    # From Thu 2008-08-21: Aug 22 day 1, Aug 25-29 days 2-6, Sep 1-4 days 7-10; skipped the
    # weekends of Aug 23-24 and 30-31.
    path = tmp_path / "w.yaml"
    path.write_text(
        "schema_version: 1\nevents:\n"
        '  - {id: signing, title: Signing, when: "2008-08-21", names: [firma]}\n'
        "  - {id: review, title: Review, when: 10 días hábiles después de la firma}\n"
        "commitments:\n  - id: '1'\n    number: 1\n    branch: one\n    title: T\n"
        "    deadlines:\n      - {source: x, deadline: 1 month after review}\n",
        encoding="utf-8",
    )
    chain = cli("explain", "1", "--file", str(path), "--format", "json").json()["chains"][0]
    assert [(s["id"], s.get("due") or s.get("date"), s["notes"]) for s in chain] == [
        ("1", "2008-10-04", []),
        ("review", "2008-09-04", ["counted in working days (MX): skipped 4 weekend days"]),
        ("signing", "2008-08-21", []),
    ]

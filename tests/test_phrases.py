"""The grammar and the date arithmetic, as tables of cases."""

from __future__ import annotations

from datetime import date

import pytest

from accordctl.errors import PhraseError
from accordctl.phrases import At, MonthEnd, Offset, OnDate, Permanent, Rule, parse
from accordctl.resolver import apply

PARSE_CASES: list[tuple[str, Rule]] = [
    ("6 months", Offset(6, "months")),
    ("1 year", Offset(1, "years")),
    ("2 years", Offset(2, "years")),
    ("30 days", Offset(30, "days")),
    ("1 day", Offset(1, "days")),
    ("2 weeks", Offset(2, "weeks")),
    ("six months", Offset(6, "months")),
    ("Eighteen Months", Offset(18, "months")),
    ("thirty days", Offset(30, "days")),
    ("twenty-four months", Offset(24, "months")),
    ("a year", Offset(1, "years")),
    ("an month", Offset(1, "months")),
    ("  6   months  ", Offset(6, "months")),
    ("2 months after 26", Offset(2, "months", "26")),
    ("6 months after general-law", Offset(6, "months", "general-law")),
    ("1 month after signing", Offset(1, "months", "signing")),
    ("two months after review-1", Offset(2, "months", "review-1")),
    ("1 year after 1e/federal-prosecutors", Offset(1, "years", "1e/federal-prosecutors")),
    ("in September 2008", MonthEnd(2008, 9)),
    ("by December 2008", MonthEnd(2008, 12)),
    ("in Sept 2008", MonthEnd(2008, 9)),
    ("before October 2008", MonthEnd(2008, 10, before=True)),
    ("before January 2009", MonthEnd(2009, 1, before=True)),
    ("December 31, 2008", OnDate(date(2008, 12, 31))),
    ("Dec 31 2008", OnDate(date(2008, 12, 31))),
    ("2008-12-15", OnDate(date(2008, 12, 15))),
    ("February 29, 2008", OnDate(date(2008, 2, 29))),
    ("by session-2008", At("session-2008")),
    ("at review-2", At("review-2")),
    ("on 26", At("26")),
    ("permanent", Permanent()),
    ("Permanent process", Permanent()),
]

APPLY_CASES: list[tuple[Rule, date | None, date, bool]] = [
    (Offset(6, "months"), date(2008, 8, 21), date(2009, 2, 21), False),
    (Offset(1, "months"), date(2009, 1, 31), date(2009, 2, 28), True),  # clipped
    (Offset(1, "months"), date(2008, 1, 31), date(2008, 2, 29), True),  # clipped, leap year
    (Offset(6, "months"), date(2008, 8, 31), date(2009, 2, 28), True),  # clipped
    (Offset(1, "years"), date(2008, 2, 29), date(2009, 2, 28), True),  # clipped
    (Offset(4, "months"), date(2008, 8, 21), date(2008, 12, 21), False),
    (Offset(5, "months"), date(2008, 8, 21), date(2009, 1, 21), False),  # year end
    (Offset(30, "days"), date(2008, 8, 21), date(2008, 9, 20), False),
    (Offset(2, "weeks"), date(2008, 12, 25), date(2009, 1, 8), False),
    (Offset(30, "months"), date(2008, 8, 21), date(2011, 2, 21), False),
    (Offset(0, "days"), date(2008, 8, 21), date(2008, 8, 21), False),
    (MonthEnd(2008, 9), None, date(2008, 9, 30), False),
    (MonthEnd(2008, 2), None, date(2008, 2, 29), False),
    (MonthEnd(2008, 10, before=True), None, date(2008, 9, 30), False),
    (MonthEnd(2009, 1, before=True), None, date(2008, 12, 31), False),
    (MonthEnd(2009, 3, before=True), None, date(2009, 2, 28), False),
    (OnDate(date(2008, 12, 31)), None, date(2008, 12, 31), False),
    (At("x"), date(2008, 12, 15), date(2008, 12, 15), False),
]

BAD_CASES = [
    ("6 fortnights", 'unknown unit "fortnights"'),
    ("-6 months", "negative duration"),
    ("many months", 'not a number: "many"'),
    ("February 30, 2009", "no such date"),
    ("2009-02-30", "no such date"),
    ("in Smarch 2008", 'unknown month "Smarch"'),
    ("soon", "cannot read deadline"),
    ("", "cannot read deadline"),
    ("6 months after", "cannot read deadline"),
]


def test_tables_have_no_duplicate_cases() -> None:
    for table in (PARSE_CASES, APPLY_CASES, BAD_CASES):
        keys = [repr(case[:2]) if table is APPLY_CASES else case[0] for case in table]
        assert len(keys) == len(set(keys))


@pytest.mark.parametrize(("phrase", "rule"), PARSE_CASES)
def test_parse(phrase: str, rule: Rule) -> None:
    assert parse(phrase) == rule


@pytest.mark.parametrize(("rule", "base", "expected", "clipped"), APPLY_CASES)
def test_apply(rule: Rule, base: date | None, expected: date, clipped: bool) -> None:
    assert apply(rule, base) == (expected, clipped)


@pytest.mark.parametrize(("phrase", "message"), BAD_CASES)
def test_parse_rejects(phrase: str, message: str) -> None:
    with pytest.raises(PhraseError, match=message):
        parse(phrase)


def test_huge_offset_is_out_of_range() -> None:
    with pytest.raises((OverflowError, ValueError)):
        apply(Offset(999999999, "years"), date(2008, 8, 21))

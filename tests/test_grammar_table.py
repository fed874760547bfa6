"""One grammar, one home: the table of forms (core/grammar.py) is what the parser reads,
what the manual shows, and each Spanish form gives its English twin's date."""

from __future__ import annotations

import calendar
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accordctl.core.errors import PhraseError
from accordctl.core.grammar import FORMS
from accordctl.core.parsing import read
from accordctl.core.phrases import Offset, Permanent, Rule, parse, rebase, refs, window
from accordctl.core.resolver import apply_rule


def same_base(rule: Rule) -> Rule:
    return rebase(rule, "x") if refs(rule) else rule


def test_every_example_reads_and_the_twins_are_one_rule() -> None:
    """The table's rows are distinct, each example parses, and a row's English and Spanish
    examples are the same rule (counted from the same base, whatever names it)."""
    assert len({f.en for f in FORMS}) == len({f.es for f in FORMS}) == len(FORMS)
    for f in FORMS:
        assert same_base(parse(f.en)) == same_base(parse(f.es)), f


def test_the_table_covers_every_kind_of_rule() -> None:
    kinds = {type(parse(f.es)).__name__ for f in FORMS}
    units = {r.unit for f in FORMS if isinstance(r := parse(f.es), Offset)}
    assert kinds == {"Offset", "MonthEnd", "OnDate", "At", "Permanent"}
    assert units == {"days", "months", "years", "workdays"}


@settings(deadline=None)  # the first example loads the holiday calendar
@given(base=st.dates(min_value=date(1901, 1, 1), max_value=date(2090, 12, 31)))
def test_each_spanish_form_gives_its_english_twins_date(base: date) -> None:
    """For any base date, a form's Spanish example is due on its English twin's date (and
    a period opens on the same day): working days are counted on Mexico's calendar."""
    for f in FORMS:
        en, es = parse(f.en), parse(f.es)
        if isinstance(en, Permanent):
            continue
        assert apply_rule(en, base) == apply_rule(es, base), f
        opens_en, opens_es = window(en), window(es)
        if opens_en is not None and opens_es is not None:
            assert apply_rule(opens_en, base) == apply_rule(opens_es, base), f


# -- The plainest forms are read without the whole grammar, to the same rule -----------

PLAIN = [
    "6 months", "1 day", "2 weeks", "3 years", "0 days", "1 month after c12",
    "2 months after 26", "1 year after 1e/federal-prosecutors", "by session-2008",
    "at review-2", "on x.y", "December 31, 2008", "February 29, 2008", "August 21 2008",
    "in September 2008", "by December 2008", "before January 2009", "2008-12-15",
    "permanent", "permanent process", "6 months after signing.", "February 30, 2009",
    "2009-02-30", "123456789012 days",
]  # fmt: skip


def both(phrase: str) -> tuple[Rule | str, Rule | str]:
    """What `parse` and the whole grammar make of a phrase (an error as its message)."""
    out: list[Rule | str] = []
    for reader in (parse, read):
        try:
            out.append(reader(phrase))
        except PhraseError as e:
            out.append(str(e))
    return out[0], out[1]


@pytest.mark.parametrize("phrase", PLAIN)
def test_plain_forms_read_as_the_whole_grammar_reads_them(phrase: str) -> None:
    first, second = both(phrase)
    assert first == second


@given(
    n=st.integers(0, 10**12 - 1),
    unit=st.sampled_from(["day", "days", "week", "weeks", "month", "months", "year", "years"]),
    ref=st.one_of(st.none(), st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,8}", fullmatch=True)),
    day=st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)),
    how=st.sampled_from(["in", "by", "before", "at", "on"]),
)
def test_plain_forms_agree_with_the_grammar(
    n: int, unit: str, ref: str | None, day: date, how: str
) -> None:
    phrases = [
        f"{n} {unit}" + (f" after {ref}" if ref else ""),
        f"{calendar.month_name[day.month]} {day.day}, {day.year}",
        f"{how} {calendar.month_name[day.month]} {day.year}" if how in ("in", "by", "before")
        else f"{how} {ref or 'x'}",
        day.isoformat(),
    ]  # fmt: skip
    for phrase in phrases:
        first, second = both(phrase)
        assert first == second, phrase

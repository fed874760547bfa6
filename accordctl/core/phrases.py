"""The deadline grammar: a phrase in, a small typed rule out. No dates are computed here.

A phrase is in English or in Spanish (the accord's own language, and the language of the
laws its commitments answer to), not a mix of the two: "once" is eleven in Spanish, so
"once months" would read one way to one reader and another way to the next. Case, extra
blanks, a final period and Spanish accents do not matter; ñ does ("año"). Every form, with
its English and Spanish example, is in `grammar.FORMS`; `parsing` reads them all (the words
are in `lexicon`, the numbers in `numerals`), and says what a phrase cannot be read as in
the phrase's own language. The plainest forms ("6 months", "2 months after 26", "December
31, 2008", "by session-2008") are read here without it, which saves compiling the whole
grammar on a run that needs none of it; a test holds the two readings together.

A base is named by its id, or by a name the data file gives it ("la firma" for
`signing`): the rule keeps the text as written, and the loader puts the id in its place.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date

_UNIT_NAMES = {"workdays": "working days"}


@dataclass(frozen=True, slots=True)
class Offset:
    """N units after a base: the signing, an event or another commitment. With `start`, a
    period: it opens `start` units after the base and is due N units after it."""

    n: int
    unit: str  # days, weeks, months, years, or workdays (counted on the data's calendar)
    base: str = "signing"
    start: int | None = None

    def __str__(self) -> str:
        name = _UNIT_NAMES.get(self.unit, self.unit)
        name = name[:-1] if self.n == 1 and self.start is None else name
        span = f"{self.start} to {self.n}" if self.start is not None else str(self.n)
        return f"{span} {name} after {self.base}"


@dataclass(frozen=True, slots=True)
class MonthEnd:
    """The last day of a month ("in September 2008"), of the month before ("before"), or
    the month's last working day (`working`)."""

    year: int
    month: int
    before: bool = False
    working: bool = False

    def __str__(self) -> str:
        name = f"{calendar.month_name[self.month]} {self.year}"
        if self.working:
            return f"the last working day of {name}"
        return f"{'before' if self.before else 'by'} {name}"


@dataclass(frozen=True, slots=True)
class OnDate:
    """A given day, or the day before it (`before`: "antes del 1 de octubre")."""

    day: date
    before: bool = False

    def __str__(self) -> str:
        return f"before {self.day.isoformat()}" if self.before else self.day.isoformat()


@dataclass(frozen=True, slots=True)
class At:
    """The date of an event or another commitment ("by session-2008")."""

    base: str

    def __str__(self) -> str:
        return f"by {self.base}"


@dataclass(frozen=True, slots=True)
class Permanent:
    """An ongoing commitment: no due date."""

    def __str__(self) -> str:
        return "permanent"


Rule = Offset | MonthEnd | OnDate | At | Permanent


REF = r"[A-Za-z0-9][A-Za-z0-9._/-]*"  # an id
_MONTHS = "|".join(calendar.month_name[1:])
_PLAIN = re.compile(
    rf"([0-9]{{1,12}}) (days?|weeks?|months?|years?)(?: after ({REF}))?"
    rf"|(?:(by|at|on) ([A-Za-z][A-Za-z0-9._/-]*))"
    rf"|(?:({_MONTHS}) ([0-9]{{1,2}}),? ([0-9]{{4}}))"
    rf"|(?:(in|by|before) ({_MONTHS}) ([0-9]{{4}}))"
    r"|([0-9]{4})-([0-9]{2})-([0-9]{2})"
)
_MONTH_NUMBER = {name: i for i, name in enumerate(calendar.month_name) if name}


def parse(phrase: str) -> Rule:
    """Parse one deadline phrase, in English or Spanish; raise PhraseError saying what was
    expected, in the phrase's language."""
    m = None if phrase.endswith(".") else _PLAIN.fullmatch(phrase)  # "after x.": see parsing
    if m is not None and (rule := _plain(m)) is not None:
        return rule
    if phrase in ("permanent", "permanent process"):
        return Permanent()
    from accordctl.core.parsing import read

    return read(phrase)


def _plain(m: re.Match[str]) -> Rule | None:
    """The rule of a phrase of one of the plainest forms (None: let the grammar say)."""
    g = m.groups()
    if g[0] is not None:
        unit = g[1] if g[1].endswith("s") else g[1] + "s"
        return Offset(int(g[0]), unit, g[2] or "signing")
    if g[3] is not None:
        return At(g[4])
    try:
        if g[5] is not None:
            return OnDate(date(int(g[7]), _MONTH_NUMBER[g[5]], int(g[6])))
        if g[8] is not None:
            return MonthEnd(int(g[10]), _MONTH_NUMBER[g[9]], g[8] == "before")
        return OnDate(date(int(g[11]), int(g[12]), int(g[13])))
    except ValueError:
        return None  # no such date: the grammar says so in words


def parse_number(text: str) -> int | None:
    """Digits, or a number in English or Spanish words ("6", "six", "veintiséis", "ciento
    ochenta"); None when it is neither."""
    if re.fullmatch(r"[+-]?[0-9]{1,12}", text):
        return int(text)
    from accordctl.core.lexicon import fold, normalize
    from accordctl.core.numerals import number

    hit = number(fold(normalize(text)))
    return hit[0] if hit else None


def refs(rule: Rule) -> tuple[str, ...]:
    """The ids (or names) a rule is counted from."""
    return (rule.base,) if isinstance(rule, Offset | At) else ()


def rebase(rule: Rule, base: str) -> Rule:
    """The rule counted from `base` instead (a name replaced by the id it names)."""
    return replace(rule, base=base) if isinstance(rule, Offset | At) else rule


def needs_calendar(rule: Rule) -> bool:
    """Whether the rule counts working days (and so needs the data's calendar)."""
    return (isinstance(rule, Offset) and rule.unit == "workdays") or (
        isinstance(rule, MonthEnd) and rule.working
    )


def window(rule: Rule) -> Offset | None:
    """Where a period's rule opens ("6 to 18 months" opens at 6 months); None if no period."""
    if isinstance(rule, Offset) and rule.start is not None:
        return Offset(rule.start, rule.unit, rule.base)
    return None


def describe(rule: Rule, base_date: date | None = None) -> str:
    """The rule in words, e.g. "6 months after signing (2008-08-21)"."""
    on = f" ({base_date.isoformat()})" if base_date else ""
    if isinstance(rule, Offset):
        return f"{rule}{on}"
    if isinstance(rule, At):
        return f"the date of {rule.base}{on}"
    if isinstance(rule, MonthEnd):
        name = f"{calendar.month_name[rule.month]} {rule.year}"
        if rule.working:
            return f"last working day of {name}"
        return f"last day of the month before {name}" if rule.before else f"last day of {name}"
    if isinstance(rule, OnDate):
        return f"the day before {rule.day}" if rule.before else f"the fixed date {rule}"
    return "permanent: no due date"

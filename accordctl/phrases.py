"""The deadline grammar: a normalized phrase in, a small typed rule out.

No dates are computed here; `resolver` turns rules into dates.

    phrase   := "permanent" ["process"]
              | duration ["after" REF]          6 months / two weeks after review-1
              | ("in" | "by") MONTH YEAR         in September 2008
              | "before" MONTH YEAR              before October 2008
              | MONTH DAY "," YEAR | ISO-DATE     December 31, 2008 / 2008-12-31
              | ("at" | "by" | "on") REF         by session-2008
    duration := NUMBER UNIT                     digits or words, singular or plural
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from accordctl.errors import PhraseError

UNITS = {"day": "days", "week": "weeks", "month": "months", "year": "years"}

_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
_TENS |= {"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9

REF = r"[A-Za-z0-9][A-Za-z0-9._/-]*"
_DURATION = re.compile(
    r"(?P<n>[+-]?\w+(?:-\w+)?)\s+(?P<unit>[A-Za-z]+)(?:\s+after\s+(?P<ref>\S+))?", re.IGNORECASE
)
_MONTH_YEAR = re.compile(
    r"(?P<how>in|by|before)\s+(?P<month>[A-Za-z]+)\.?\s+(?P<year>\d{4})", re.IGNORECASE
)
_DAY = re.compile(r"(?P<month>[A-Za-z]+)\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})")
_ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})")
_AT = re.compile(rf"(?:at|by|on)\s+(?P<ref>{REF})", re.IGNORECASE)
_REF = re.compile(REF)
_DIGITS = re.compile(r"[+-]?\d{1,12}")


@dataclass(frozen=True, slots=True)
class Offset:
    """N units after a base: the signing, an event or another commitment."""

    n: int
    unit: str  # days, weeks, months or years
    base: str = "signing"

    def __str__(self) -> str:
        unit = self.unit if self.n != 1 else self.unit[:-1]
        return f"{self.n} {unit} after {self.base}"


@dataclass(frozen=True, slots=True)
class MonthEnd:
    """The last day of a month ("in September 2008"), or of the month before ("before")."""

    year: int
    month: int
    before: bool = False

    def __str__(self) -> str:
        how = "before" if self.before else "by"
        return f"{how} {calendar.month_name[self.month]} {self.year}"


@dataclass(frozen=True, slots=True)
class OnDate:
    """A given day."""

    day: date

    def __str__(self) -> str:
        return self.day.isoformat()


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


def parse_number(text: str) -> int | None:
    """Digits or English words ("6", "six", "thirty", "twenty-four", "a")."""
    text = text.lower()
    if _DIGITS.fullmatch(text):
        return int(text)
    if text in ("a", "an"):
        return 1
    if text in _WORDS:
        return _WORDS[text]
    tens, _, ones = text.partition("-")
    tens_value = _TENS.get(tens)
    if tens_value is not None and (not ones or (ones in _WORDS and 0 < _WORDS[ones] < 10)):
        return tens_value + (_WORDS[ones] if ones else 0)
    return None


def _month(name: str, phrase: str) -> int:
    month = _MONTHS.get(name.lower())
    if month is None:
        raise PhraseError(f'unknown month "{name}" in "{phrase}"')
    return month


def _day(year: str, month: int, day: str, phrase: str) -> date:
    try:
        return date(int(year), month, int(day))
    except ValueError as e:
        raise PhraseError(f'no such date in "{phrase}": {e}') from None


def parse(phrase: str) -> Rule:
    """Parse one normalized deadline phrase; raise PhraseError saying what was expected."""
    text = " ".join(phrase.split())
    low = text.lower()
    if low in ("permanent", "permanent process"):
        return Permanent()
    if m := _ISO.fullmatch(text):
        return OnDate(_day(m["year"], int(m["month"]), m["day"], phrase))
    if m := _MONTH_YEAR.fullmatch(text):
        return MonthEnd(int(m["year"]), _month(m["month"], phrase), m["how"].lower() == "before")
    if (m := _DAY.fullmatch(text)) and m["month"].lower() in _MONTHS:
        return OnDate(_day(m["year"], _month(m["month"], phrase), m["day"], phrase))
    if m := _AT.fullmatch(text):
        return At(m["ref"])
    if m := _DURATION.fullmatch(text):
        n = parse_number(m["n"])
        if n is None:
            what = "number too large" if m["n"].lstrip("+-").isdigit() else "not a number"
            raise PhraseError(f'{what}: "{m["n"][:20]}" in "{phrase[:60]}"')
        if n < 0:
            raise PhraseError(f'negative duration in "{phrase}" (a deadline counts forward)')
        unit = m["unit"].lower()
        unit = UNITS.get(unit, unit)
        if unit not in UNITS.values():
            raise PhraseError(
                f'unknown unit "{m["unit"]}" in "{phrase}" (expected day, week, month or year)'
            )
        ref = m["ref"]
        if ref is not None and not _REF.fullmatch(ref):
            raise PhraseError(f'bad reference "{ref}" in "{phrase}"')
        return Offset(n, unit, ref or "signing")
    raise PhraseError(
        f'cannot read deadline "{phrase}" (expected e.g. "6 months", "2 months after 26", '
        '"in September 2008", "before October 2008", "December 31, 2008", "by session-2008" '
        'or "permanent")'
    )


def refs(rule: Rule) -> tuple[str, ...]:
    """The ids a rule is counted from."""
    return (rule.base,) if isinstance(rule, Offset | At) else ()


def describe(rule: Rule, base_date: date | None = None) -> str:
    """The rule in words, e.g. "6 months after signing (2008-08-21)"."""
    on = f" ({base_date.isoformat()})" if base_date else ""
    if isinstance(rule, Offset):
        return f"{rule}{on}"
    if isinstance(rule, At):
        return f"the date of {rule.base}{on}"
    if isinstance(rule, MonthEnd):
        name = f"{calendar.month_name[rule.month]} {rule.year}"
        return f"last day of the month before {name}" if rule.before else f"last day of {name}"
    if isinstance(rule, OnDate):
        return f"the fixed date {rule}"
    return "permanent: no due date"

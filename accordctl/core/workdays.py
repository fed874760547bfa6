"""Working days: the calendar a count in working days runs on, named in the data file.

A calendar is a weekend (Saturday and Sunday unless the data says otherwise), the public
holidays of a country as the `holidays` package knows them (Mexico's federal holidays
unless the data names another, or none), and the days the data file closes itself, each
with its name and source (an agency's vacation, 5 May for a fiscal term). Holiday names
are in the country's own language ("Día de la Independencia"), whatever the locale.

"30 días hábiles" counts as the Mexican codes do (CFPC art. 284, LFPA art. 17-B): the
count starts the day after its base, skips every closed day, and the 30th working day is
the due date. A day outside the years the holiday calendar knows is said, never taken for a
working day. The `holidays` package is imported only when a count needs it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, cached_property
from typing import TYPE_CHECKING

from accordctl.core.errors import PhraseError, Pos
from accordctl.core.lexicon import fold
from accordctl.core.text import quote

if TYPE_CHECKING:
    import yaml

    from accordctl.core.reader import Reader

DEFAULT_COUNTRY = "MX"
WEEKEND = "weekend"
# Weekday names the data file may list as its weekend, in English or Spanish (folded).
DAY_NAMES = {
    name: i
    for names in (
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        ("lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo"),
    )
    for i, name in enumerate(names)
}
WORKDAYS_KEYS = {"holidays", "weekend", "closed"}
CLOSED_KEYS = {"date", "to", "name", "source"}
_LONGEST_CLOSURE = 366  # days: a closed period is a vacation, not a year off
_MOST_DAYS = 2_600_000  # no count of working days reaches further (10,000 years of them)


class OutsideCalendar(PhraseError):
    """A working day asked for in a year the holiday calendar does not know."""


@dataclass(frozen=True, slots=True)
class Closed:
    """Days the data file closes: `first` to `last` (one day when they are equal)."""

    first: date
    last: date
    name: str
    source: str | None = None
    pos: Pos = field(default=Pos(""), compare=False)


@cache
def country_years(country: str) -> tuple[int, int]:
    """The first and last year the `holidays` package knows for `country`; raise
    ValueError when it knows no such country."""
    import holidays

    try:
        known = holidays.country_holidays(country)
    except NotImplementedError:
        raise ValueError(f"the holidays package has no calendar {country!r}") from None
    return int(known.start_year), int(known.end_year)


@cache
def _holidays(country: str, year: int) -> dict[date, str]:
    """A country's holidays of one year, named in the country's own language."""
    import holidays

    cls = type(holidays.country_holidays(country))
    found = holidays.country_holidays(country, years=year, language=cls.default_language)
    return {day: str(name) for day, name in found.items()}


@dataclass(frozen=True)
class Workdays:
    """The calendar working days are counted on (see the module's docstring)."""

    holidays: str | None = DEFAULT_COUNTRY  # a country code of the holidays package; None
    weekend: tuple[int, ...] = (5, 6)  # Monday is 0
    closed: tuple[Closed, ...] = ()

    def __str__(self) -> str:
        """How the calendar is named in notes: "MX", "MX and the data's closed days"."""
        what = self.holidays or "no holidays"
        return f"{what} and the data's closed days" if self.closed else what

    @cached_property
    def _closed_days(self) -> dict[date, str]:
        out: dict[date, str] = {}
        for c in self.closed:
            day = c.first
            while day <= c.last:
                out.setdefault(day, c.name)
                day += timedelta(days=1)
        return out

    @cached_property
    def years(self) -> tuple[int, int]:
        """The years this calendar knows (all years when it names no holidays)."""
        return country_years(self.holidays) if self.holidays else (1, 9999)

    def why_closed(self, day: date) -> str | None:
        """Why `day` is no working day ("weekend", or the holiday's name); None when it is
        one. Raise OutsideCalendar for a year the holiday calendar does not know."""
        first, last = self.years
        if not first <= day.year <= last:
            raise OutsideCalendar(
                f"{day} is outside the years the {self.holidays} holiday calendar knows "
                f"({first}-{last})"
            )
        if day.weekday() in self.weekend:
            return WEEKEND
        name = self._closed_days.get(day)
        if name is None and self.holidays:
            name = _holidays(self.holidays, day.year).get(day)
        return name

    def count(self, base: date, n: int) -> tuple[date, tuple[tuple[date, str], ...]]:
        """The `n`th working day after `base`, and the days skipped on the way (each with
        why). Raise OverflowError past year 9999, OutsideCalendar outside the calendar."""
        if n > _MOST_DAYS or len(self.weekend) >= 7:
            raise OverflowError("date out of range")
        day, skipped = base, []
        while n > 0:
            day += timedelta(days=1)
            why = self.why_closed(day)
            if why is None:
                n -= 1
            else:
                skipped.append((day, why))
        return day, tuple(skipped)

    def last_open(self, month_end: date) -> tuple[date, tuple[tuple[date, str], ...]]:
        """The month's last working day (from its last day back), and the days skipped."""
        day, skipped = month_end, []
        while (why := self.why_closed(day)) is not None:
            skipped.append((day, why))
            if day.day == 1:
                raise OverflowError(f"no working day in {day:%Y-%m}")
            day -= timedelta(days=1)
        return day, tuple(reversed(skipped))

    def next_open(self, day: date) -> date | None:
        """`day` itself when it is a working day, else the next one (None past 9999)."""
        while self.why_closed(day) is not None:
            if day == date.max:
                return None
            day += timedelta(days=1)
        return day


def skipped_summary(skipped: Iterable[tuple[date, str]]) -> str:
    """The days a count skipped, compactly: "8 weekend days and 2 holidays: 2008-09-16
    Día de la Independencia, 2008-11-17 Día de la Revolución"."""
    days = list(skipped)
    weekend = sum(1 for _, why in days if why == WEEKEND)
    named = [f"{d} {why}" for d, why in days if why != WEEKEND]
    parts = [f"{weekend} weekend day{'s' if weekend != 1 else ''}"] if weekend else []
    if named:
        parts.append(f"{len(named)} holiday{'s' if len(named) != 1 else ''}")
    said = " and ".join(parts) or "no day"
    return f"{said}: {', '.join(named)}" if named else said


def read_workdays(r: Reader, node: yaml.Node) -> Workdays:
    """The `workdays:` calendar: `holidays` (a country code of the holidays package, or
    none), `weekend` (weekday names) and `closed` (days the data closes, each with a name
    and a source); Mexico's federal holidays and a Saturday-Sunday weekend when absent."""
    m = r.mapping(node, "workdays", WORKDAYS_KEYS, set())
    if m is None:
        return Workdays()
    country: str | None = DEFAULT_COUNTRY
    if "holidays" in m:
        value = r.scalar(m["holidays"], "workdays holidays")
        country = None if value is None or value.lower() == "none" else value.upper()
        if country not in (None, DEFAULT_COUNTRY):
            try:
                country_years(country)
            except ValueError:
                hint = "a country code of the holidays package (MX), or none"
                r.error(m["holidays"], "ACC007", f"unknown holiday calendar {quote(value)}", hint)
                country = DEFAULT_COUNTRY
    weekend = []
    for n in r.sequence(m.get("weekend"), "weekend"):
        day = r.scalar(n, "weekend day", null=False)
        if day is not None and fold(day) not in DAY_NAMES:
            r.error(n, "ACC007", f"unknown weekday {quote(day)}", "e.g. saturday, sunday")
        elif day is not None:
            weekend.append(DAY_NAMES[fold(day)])
    closed = r.each(r.sequence(m.get("closed"), "closed"), lambda n: _closed(r, n))
    days = tuple(sorted(set(weekend))) if "weekend" in m else (5, 6)
    return Workdays(country, days, tuple(closed))


def _closed(r: Reader, node: yaml.Node) -> Closed | None:
    m = r.mapping(node, "closed day", CLOSED_KEYS, {"date", "name", "source"})
    if m is None:
        return None
    first, last = r.day(m.get("date"), "date"), r.day(m.get("to"), "to")
    name = r.scalar(m.get("name"), "closed day name", null=False)
    source = r.scalar(m.get("source"), "closed day source", null=False)
    if first is not None and last is not None and last < first:
        r.error(m["to"], "ACC015", f"closed days end ({last}) before they begin ({first})")
        return None
    if first is not None and last is not None and (last - first).days >= _LONGEST_CLOSURE:
        msg = f"closed days from {first} to {last}: longer than {_LONGEST_CLOSURE} days"
        r.error(m["to"], "ACC015", msg, "list each period of closure on its own")
        return None
    if first is None or name is None or source is None:
        return None
    return Closed(first, last or first, " ".join(name.split()), source, r.pos(node))

"""Business days: the next day that is neither a weekend nor a Mexican federal holiday."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta


def mexican_holidays(years: Iterable[int]) -> Callable[[date], bool]:
    """A predicate for Mexico's federal holidays (the `holidays` package's MX calendar)."""
    import holidays

    calendar = holidays.country_holidays("MX", years=sorted(set(years)))
    return lambda d: d in calendar


def next_business_day(day: date, is_holiday: Callable[[date], bool]) -> date | None:
    """`day` itself when it is a business day, else the next one (None past year 9999)."""
    while day.weekday() >= 5 or is_holiday(day):
        if day == date.max:
            return None
        day += timedelta(days=1)
    return day


def next_business_days(days: Iterable[date | None]) -> dict[date, date | None]:
    """The next business day of each date (with MX holidays for the years involved)."""
    wanted = sorted({d for d in days if d is not None})
    if not wanted:
        return {}
    is_holiday = mexican_holidays(range(wanted[0].year, min(wanted[-1].year + 2, 10_000)))
    return {d: next_business_day(d, is_holiday) for d in wanted}

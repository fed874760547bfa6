"""The timeline chart at scale: when a mark per deadline would be too many to draw, to tell
apart or to reach by keyboard, each lane shows columns instead, one per period (a month, a
year, a decade ...), stacked by state.

A column's period is a prefix of the ISO due date ("2009-03", "2009", "200"), so that the
status page can link each part of a column to the table filtered to those rows
(`#branch=...&state=...&due=2009`). Geometry only, as in `chart.py`: nothing here draws.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from accordctl.core.model import Row
from accordctl.core.progress import LABELS

# The order of a column's parts, bottom up (and of the page's bars, left to right): done
# first, then what is still open, then the rest.
BAR_ORDER = ("kept", "late", "in-progress", "overdue", "not-kept", "upcoming", "dropped", "undated")
BIN_MIN = 8.0  # a column's narrowest width, in the chart's units: wide enough to point at
BIN_HEIGHT = 36.0  # the tallest column
BIN_FLOOR = 1.5  # the least height of a part, so that one deadline among thousands shows
# Periods a column may span, as the length of the due date's prefix, and their days.
UNITS = ((7, 30.44), (4, 365.25), (3, 3652.5), (2, 36525.0), (1, 365250.0))


@dataclass(frozen=True)
class Bin:
    """One state's part of a column: the deadlines of one lane and state due in a period."""

    x: float
    y: float
    width: float
    height: float
    state: str
    count: int
    branch: str
    period: str  # the due dates' common prefix: "2009-03", "2009", "200" (the 2000s)
    label: str  # its accessible name, e.g. "Executive: 12 overdue, due in March 2009"


def unit(span_days: int, width: float) -> int:
    """The prefix length of the shortest period whose column is at least BIN_MIN wide
    when `span_days` take `width` units."""
    for length, days in UNITS:
        if width * days / max(span_days, 1) >= BIN_MIN:
            return length
    return 1


def period_of(d: date, length: int) -> str:
    """The period of a due date: its ISO prefix of `length` characters."""
    return d.isoformat()[:length]


def bounds(period: str) -> tuple[date, date]:
    """The first day of a period and the first day after it (the calendar's last day for
    the last period there is)."""
    if len(period) == 7:
        y, m = int(period[:4]), int(period[5:])
        nxt = (y + 1, 1) if m == 12 else (y, m + 1)
        return date(y, m, 1), date(*nxt, 1) if nxt[0] <= date.max.year else date.max
    scale = 10 ** (4 - len(period))
    first = int(period) * scale
    after = first + scale
    end = date(after, 1, 1) if after <= date.max.year else date.max
    return date(max(first, 1), 1, 1), end


def words(period: str) -> str:
    """A period as a person says it: March 2009, 2009, the 2000s, 2000-2099."""
    if len(period) == 7:
        return f"{calendar.month_name[int(period[5:])]} {int(period[:4])}"
    if len(period) == 4:
        return str(int(period))
    if len(period) == 3:
        return f"the {int(period) * 10}s"
    first, last = bounds(period)
    return f"{first.year}-{last.year - 1 if last != date.max else last.year}"


def columns(
    rows: Sequence[tuple[Row, str]],
    branch: str,
    title: str,
    length: int,
    scale: float,
    bottom: float,
    x_of: Callable[[date], float],
) -> list[Bin]:
    """The parts of a lane's columns, standing on `bottom`: for each period, one part per
    state present, `scale` units high per deadline (at least BIN_FLOOR)."""
    counts = Counter((period_of(r.due, length), st) for r, st in rows if r.due is not None)
    out = []
    for period in sorted({p for p, _ in counts}):
        first, after = bounds(period)
        x, x_end = x_of(first), x_of(after)
        y = bottom
        for st in BAR_ORDER:
            n = counts.get((period, st), 0)
            if not n:
                continue
            h = max(n * scale, BIN_FLOOR)
            y -= h
            label = f"{title}: {n:,} {LABELS[st]}, due in {words(period)}"
            out.append(
                Bin(x, round(y, 1), round(max(x_end - x - 1.0, 1.0), 1), round(h, 1), st, n,
                    branch, period, label)
            )  # fmt: skip
    return out


def tallest(rows: Sequence[tuple[Row, str]], length: int) -> int:
    """The most deadlines of one lane in one period."""
    counts = Counter(period_of(r.due, length) for r, _ in rows if r.due is not None)
    return max(counts.values(), default=0)

"""The timeline grid: one lane per branch, one cell per month from signing to programme end."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from accordctl.core.model import Accord, Resolution, Row
from accordctl.core.progress import is_overdue

LETTERS = {"signing": "S", "programme-end": "X", "review-1": "R", "review-2": "R"}


@dataclass(frozen=True)
class GridLane:
    """One branch: deadline counts per month, and how many rows have no date."""

    branch: str
    counts: tuple[int, ...]
    open: tuple[int, ...]  # of those, still undone at the as-of date (progress.is_overdue)
    earlier: int  # due before the first month
    later: int  # due after the last month
    undated: int


@dataclass(frozen=True)
class Grid:
    """Months (year, month) from signing to programme end, lanes, and event marks."""

    months: tuple[tuple[int, int], ...]
    lanes: tuple[GridLane, ...]
    marks: dict[int, str]  # month index -> S signing, X end, R review meeting, E other event
    as_of: int | None  # month index of the as-of date, when inside the grid


def _index(months: Sequence[tuple[int, int]], d: date) -> int | None:
    if not months:
        return None
    first = months[0]
    i = (d.year - first[0]) * 12 + d.month - first[1]
    return i if 0 <= i < len(months) else None


MAX_MONTHS = 48  # what 80 columns hold; later months are counted as "later"


def grid(
    accord: Accord,
    res: Resolution,
    rows: Sequence[Row],
    as_of: date | None,
    max_months: int = MAX_MONTHS,
) -> Grid:
    """Place every dated row in its month; the span is signing to `programme-end` (or the
    last due date when there is no such event), at most `max_months` long."""
    dates = {e.event.id: e.date for e in res.events}
    dues = [r.due for r in rows if r.due]
    start = dates.get("signing") or min(dues, default=None) or as_of
    if start is None:
        return Grid((), (), {}, None)
    end = max(dates.get("programme-end") or max(dues, default=start), start)
    span = min((end.year - start.year) * 12 + end.month - start.month + 1, max_months)
    months = tuple(
        ((start.month - 1 + i) // 12 + start.year, (start.month - 1 + i) % 12 + 1)
        for i in range(span)
    )
    lanes = []
    for b in accord.branches:
        mine = [r for r in rows if r.commitment.branch == b.slug]
        if not mine:
            continue
        counts = [0] * len(months)
        undone = [0] * len(months)
        earlier = later = 0
        for r in mine:
            if r.due is None:
                continue
            i = _index(months, r.due)
            if i is not None:
                counts[i] += 1
                undone[i] += as_of is not None and is_overdue(r, as_of)
            elif r.due < start:
                earlier += 1
            else:
                later += 1
        undated = sum(1 for r in mine if r.due is None)
        lanes.append(GridLane(b.slug, tuple(counts), tuple(undone), earlier, later, undated))
    marks: dict[int, str] = {}
    for e in res.events:
        i = _index(months, e.date) if e.date else None
        if i is not None:
            letter = LETTERS.get(e.event.id, "E")
            # several events in one month: the first of S, X, R, E stands for them
            marks[i] = min(letter, marks.get(i, letter), key="SXRE".index)
    return Grid(months, tuple(lanes), marks, _index(months, as_of) if as_of else None)

"""Progress against an as-of date: overdue, days left, per-branch counts.

"Now" is always a parameter: the core never reads the clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from accordctl.core.model import Accord, Row

# The states of a row at an as-of date, in the order the report lists them.
STATES = ("overdue", "upcoming", "done", "dropped", "undated")
SOON_DAYS = 30  # "due soon": within this many days of the as-of date


def is_done(row: Row) -> bool:
    """Done: status `done`, or a completion date (in the data or from `--event`)."""
    return row.deadline.status == "done" or row.actual is not None


def state(row: Row, as_of: date | None) -> str:
    """A row's state: done, dropped, undated, overdue (due before `as_of` and neither done
    nor dropped), or upcoming. Without an as-of date nothing is overdue."""
    if is_done(row):
        return "done"
    if row.deadline.status == "dropped":
        return "dropped"
    if row.due is None:
        return "undated"
    if as_of is not None and row.due < as_of:
        return "overdue"
    return "upcoming"


def is_overdue(row: Row, as_of: date) -> bool:
    """Due before `as_of` and neither done nor dropped."""
    return state(row, as_of) == "overdue"


def soon(as_of: date) -> date:
    """The last day that is "due soon" at `as_of` (SOON_DAYS later, or the calendar's end)."""
    return (
        as_of + timedelta(days=SOON_DAYS) if as_of < date.max - timedelta(SOON_DAYS) else date.max
    )


def within(row: Row, as_of: date, until: date) -> bool:
    """Due from `as_of` to `until`, both included, and not done."""
    return row.due is not None and as_of <= row.due <= until and not is_done(row)


@dataclass(frozen=True)
class BranchStatus:
    """Counts of one branch's rows."""

    branch: str
    title: str
    done: int
    overdue: int
    upcoming: int
    undated: int
    dropped: int

    @property
    def total(self) -> int:
        return self.done + self.overdue + self.upcoming + self.undated + self.dropped


def status(accord: Accord, rows: Sequence[Row], as_of: date) -> list[BranchStatus]:
    """Per branch (in the file's order): how many rows are in each state."""
    out = []
    for b in accord.branches:
        mine = [state(r, as_of) for r in rows if r.commitment.branch == b.slug]
        if mine:
            n = {s: mine.count(s) for s in STATES}
            counts = (n["done"], n["overdue"], n["upcoming"], n["undated"], n["dropped"])
            out.append(BranchStatus(b.slug, b.title, *counts))
    return out

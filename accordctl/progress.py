"""Progress against an as-of date: overdue, days left, per-branch counts.

"Now" is always a parameter: the core never reads the clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from accordctl.model import Accord, Row


def is_done(row: Row) -> bool:
    """Done: status `done`, or a completion date (in the data or from `--event`)."""
    return row.deadline.status == "done" or row.actual is not None


def is_overdue(row: Row, as_of: date) -> bool:
    """Due before `as_of` and neither done nor dropped."""
    return (
        row.due is not None
        and row.due < as_of
        and not is_done(row)
        and row.deadline.status != "dropped"
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
    """Per branch (in the file's order): done, overdue, upcoming, undated, dropped."""
    out = []
    for b in accord.branches:
        mine = [r for r in rows if r.commitment.branch == b.slug]
        if not mine:
            continue
        done = sum(1 for r in mine if is_done(r))
        dropped = sum(1 for r in mine if r.deadline.status == "dropped" and not is_done(r))
        overdue = sum(1 for r in mine if is_overdue(r, as_of))
        undated = sum(
            1 for r in mine if r.due is None and not is_done(r) and r.deadline.status != "dropped"
        )
        upcoming = len(mine) - done - dropped - overdue - undated
        out.append(BranchStatus(b.slug, b.title, done, overdue, upcoming, undated, dropped))
    return out

"""Plan against record: a row's state at an as-of date, and the counts per branch.

A state is true at any date: as of a date, a row is kept (on time or late) only if it was
done by then, dropped or judged not kept only from the day that was recorded, and else
overdue or not yet due by its due date. "Now" is always a parameter: the core never reads
the clock.

The words follow the promise trackers our users know: PolitiFact's meters ("Promise
Kept", "In the Works", "Promise Broken", "Not Yet Rated") and the Peace Accords Matrix's
implementation scale (not initiated, minimal, intermediate, full). `overdue` is a past-due
row with no record either way: not yet rated, which is not the same as not kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from accordctl.core.model import Accord, Row

# Every state, in the order the report and `status` list them, with its words.
STATES = ("overdue", "in-progress", "not-kept", "upcoming", "late", "kept", "dropped", "undated")
LABELS = {
    "kept": "kept on time",
    "late": "kept late",
    "not-kept": "not kept",
    "dropped": "dropped",
    "in-progress": "in progress",
    "overdue": "overdue",
    "upcoming": "not yet due",
    "undated": "undated",
}
MEANINGS = {
    "kept": "done on or before its due date (PolitiFact: Promise Kept)",
    "late": "done after its due date, by the number of days late",
    "not-kept": "the record judges it not kept (PolitiFact: Promise Broken)",
    "dropped": "formally abandoned",
    "in-progress": "under way, and not done (PolitiFact: In the Works)",
    "overdue": "past due with no record either way: not yet rated, not the same as not kept",
    "upcoming": "not yet due, and nothing recorded",
    "undated": "no due date (permanent, open, pending or missing), and nothing recorded",
}
DONE = ("kept", "late")
OPEN = ("overdue", "in-progress", "upcoming")  # work still outstanding at the as-of date
SOON_DAYS = 30  # "due soon": within this many days of the as-of date


def is_done(row: Row) -> bool:
    """Done at some date: a completion is recorded (data or `--event`), or status `done`."""
    return row.completed is not None or row.deadline.status == "done"


def state(row: Row, as_of: date | None) -> str:
    """A row's state at `as_of` (None: with everything recorded): kept or late once done,
    dropped, not-kept or in-progress from its `since` date (a status without a date holds at
    every date), else undated, overdue (due before `as_of`) or upcoming."""
    d = row.deadline
    if row.completed is not None:
        if as_of is None or row.completed <= as_of:
            return "late" if row.due is not None and row.completed > row.due else "kept"
    elif d.status == "done":
        return "kept"  # done on a day not recorded: kept, lateness unknown
    if d.status in ("dropped", "not-kept", "in-progress") and (
        d.since is None or as_of is None or d.since <= as_of
    ):
        return d.status
    if row.due is None:
        return "undated"
    if as_of is not None and row.due < as_of:
        return "overdue"
    return "upcoming"


def days_late(row: Row) -> int | None:
    """How many days after its due date the row was done (0 when on time); None when no
    completion date is recorded or it has no due date."""
    if row.completed is None or row.due is None:
        return None
    return max((row.completed - row.due).days, 0)


def is_overdue(row: Row, as_of: date) -> bool:
    """Past due at `as_of` and neither done nor dropped by then (in progress and not kept
    included: both are past due and undone)."""
    return row.due is not None and row.due < as_of and state(row, as_of) in (*OPEN, "not-kept")


def soon(as_of: date) -> date:
    """The last day that is "due soon" at `as_of` (SOON_DAYS later, or the calendar's end)."""
    return (
        as_of + timedelta(days=SOON_DAYS) if as_of < date.max - timedelta(SOON_DAYS) else date.max
    )


def within(row: Row, as_of: date, until: date) -> bool:
    """Due from `as_of` to `until`, both included, with work still outstanding then (not
    done, dropped or judged not kept)."""
    return row.due is not None and as_of <= row.due <= until and state(row, as_of) in OPEN


@dataclass(frozen=True)
class BranchStatus:
    """Counts of one branch's rows in each state."""

    branch: str
    title: str
    kept: int
    late: int
    not_kept: int
    dropped: int
    in_progress: int
    overdue: int
    upcoming: int
    undated: int

    @property
    def done(self) -> int:
        """Kept, on time or late."""
        return self.kept + self.late

    @property
    def total(self) -> int:
        """Every row of the branch."""
        return self.done + self.not_kept + self.dropped + self.in_progress + self.open

    @property
    def open(self) -> int:
        """Overdue, not yet due or undated: nothing recorded either way."""
        return self.overdue + self.upcoming + self.undated

    def count(self, name: str) -> int:
        """The count of one state (a name of STATES)."""
        n: int = getattr(self, name.replace("-", "_"))
        return n


def status(accord: Accord, rows: Sequence[Row], as_of: date | None) -> list[BranchStatus]:
    """Per branch (in the file's order): how many rows are in each state at `as_of`."""
    out = []
    for b in accord.branches:
        mine = [state(r, as_of) for r in rows if r.commitment.branch == b.slug]
        if mine:
            n = {s.replace("-", "_"): mine.count(s) for s in STATES}
            out.append(BranchStatus(b.slug, b.title, **n))
    return out

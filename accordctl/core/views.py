"""Typed views of a resolution, built once and read by every output.

A row's notes are worded here and only here (`notes`); the table, `explain`, the calendar
and the HTML report print them as they are.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from accordctl.core.model import Derivation, EventDate, Resolution, Row
from accordctl.core.progress import state

_UNDATED = {
    "permanent": "permanent: no due date",
    "open": "open: the cable gives no deadline",
    "missing": "missing: lost at a page break in the cable",
}


def reason(item: Row | EventDate) -> str | None:
    """Why a row or event has no date, in words (None when it has one)."""
    if isinstance(item, EventDate):
        if item.date is not None:
            return None
        if item.event.rule is None:
            return f"{item.event.id} has no known date"
        return f"pending on {item.why_undated}"
    row = item
    if row.kind == "pending":
        return f"pending on {row.pending_on}"
    return _UNDATED.get(row.kind)


@dataclass(frozen=True, slots=True)
class Note:
    """One thing worth saying about how a row's date came about; `kind` lets an output
    choose which to show (see `BRIEF`), `text` is the wording."""

    kind: str
    text: str

    def __str__(self) -> str:
        return self.text


# The notes a one-line-a-row view (the table) shows: what changes how to read the date.
BRIEF = frozenset(
    {"scope", "inferred", "interpreted", "clipped", "extension", "original", "completed", "window"}
    | {"workdays", "business"}
)


def notes(row: Row) -> tuple[Note, ...]:
    """Everything worth saying about how a row's date came about, in words: scope,
    inference, month-end clips, actual dates, scopes counted from, extensions, completion,
    windows, and the transcriber's note."""
    c, d, step = row.commitment, row.deadline, row.step
    out: list[Note] = []
    if d.scope:
        out.append(Note("scope", f"scope: {d.scope}"))
    if d.inferred:
        text = f'inferred: the cable has only "({d.source}"; completed as "{d.phrase}"'
        out.append(Note("inferred", text))
    if d.interpreted:
        out.append(Note("interpreted", f"interpreted: {d.reading}"))
    if step is not None and step.clipped and step.base_date is not None and row.due is not None:
        month = f"{calendar.month_name[row.due.month]} {row.due.year}"
        text = f"clipped to the month's last day: {month} has no day {step.base_date.day}"
        out.append(Note("clipped", text))
    if step is not None and (counted := workdays_note(step)) is not None:
        out.append(counted)
    if step is not None and step.base_is_actual and step.base_date is not None:
        text = f"counted from the actual date of {step.via} ({step.base_date.isoformat()})"
        out.append(Note("actual-base", text))
    if step is not None and step.via and step.base and step.via != step.base:
        text = f"{step.base} has several scoped deadlines; the latest, {step.via}, counts"
        out.append(Note("latest-scope", text))
    out.extend(Note("extension", str(x)) for x in d.extensions)
    if row.original_due:
        out.append(Note("original", f"originally due {row.original_due}"))
    if row.actual:
        out.append(Note("completed", f"completed {row.actual}"))
    if row.window_start:
        out.append(Note("window", f"a period: from {row.window_start} to {row.due}"))
    if c.note:
        out.append(Note("transcription", f"transcription: {c.note}"))
    return tuple(out)


def workdays_note(step: Derivation) -> Note | None:
    """What a count in working days skipped, and on which calendar (None: no such count)."""
    if step.calendar is None:
        return None
    from accordctl.core.workdays import skipped_summary

    said = skipped_summary(step.skipped)
    return Note("workdays", f"counted in working days ({step.calendar}): skipped {said}")


@dataclass(frozen=True, slots=True)
class DueRow:
    """A row as `due`, the calendar and the report show it: the resolved row, its notes,
    and, when asked for, where it stands at an as-of date and its next business day."""

    row: Row
    reason: str | None
    state: str  # progress.state: done, dropped, undated, overdue, upcoming
    days_left: int | None = None  # None: no as-of date, or no due date
    due_business: date | None = None
    business_unknown: str | None = None  # why the next business day cannot be told

    @property
    def overdue(self) -> bool:
        """Past due at the as-of date and neither done nor dropped (never without one)."""
        return self.state == "overdue"

    @property
    def notes(self) -> tuple[Note, ...]:
        """The row's notes (see `notes`), worded when asked for: the machine formats,
        which have no notes, do not pay for them on every row."""
        said = notes(self.row)
        if self.business_unknown is None:
            return said
        return (*said, Note("business", f"next business day unknown: {self.business_unknown}"))


@dataclass(frozen=True, slots=True)
class DueView:
    """The rows of one `due` run, and what was asked for."""

    signed: date | None
    rows: tuple[DueRow, ...]
    events: tuple[EventDate, ...]
    as_of: date | None = None
    business: bool = False


def due_view(
    res: Resolution, rows: Sequence[Row], as_of: date | None = None, business: bool = False
) -> DueView:
    """Build the view of `rows` once: notes, as-of fields, next business days (on the data
    file's calendar; a date outside the years it knows gets a note saying so)."""
    nxt: dict[date, date | None] = {}
    unknown: dict[date, str] = {}
    if business:
        from accordctl.core.workdays import OutsideCalendar

        for day in sorted({r.due for r in rows if r.due is not None}):
            try:
                nxt[day] = res.workdays.next_open(day)
            except OutsideCalendar as e:
                unknown[day] = str(e)
    out = []
    for r in rows:
        left = (r.due - as_of).days if as_of is not None and r.due is not None else None
        next_day = nxt.get(r.due) if r.due else None
        why = unknown.get(r.due) if r.due else None
        out.append(DueRow(r, reason(r), state(r, as_of), left, next_day, why))

    return DueView(res.signed, tuple(out), res.events, as_of, business)

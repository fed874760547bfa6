"""Typed views of a resolution, built once and read by every output.

A row's notes are worded here and only here (`notes`); the table, `explain`, the calendar
and the HTML report print them as they are.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from accordctl.core.model import Derivation, EventDate, Fact, Resolution, Row
from accordctl.core.progress import LABELS, days_late, is_overdue, state

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
    {
        "scope", "inferred", "interpreted", "clipped", "extension", "original", "completed",
        "status", "judgement", "window", "workdays", "business",
    }
)  # fmt: skip


def record_notes(row: Row, as_of: date | None = None) -> list[Note]:
    """What the record says of a row, in words: when it was done and how late, or since
    when it is dropped, judged not kept or in progress; the judgement taken, if one was;
    the evidence; and each fact it cites (see `fact_line`). What happened after `as_of`
    is said as what happened later (`later`), never as if it were known then."""
    d = row.deadline
    out: list[Note] = []
    if (after := later(row, as_of)) is not None:
        out.append(Note("later", after))
    elif row.completed is not None:
        late = days_late(row)
        how = f", {late} day{'s' if late != 1 else ''} late" if late else ""
        how = ", on time" if late == 0 else how
        out.append(Note("completed", f"completed {row.completed}{how}"))
    elif d.status == "done":
        out.append(Note("completed", "done (the date it was done is not recorded)"))
    if d.status in ("dropped", "not-kept", "in-progress") and after is None:
        since = f" since {d.since}" if d.since else ""
        out.append(Note("status", f"{LABELS[d.status]}{since}"))
    if d.judgement:
        out.append(Note("judgement", f"judged: {d.judgement}"))
    if d.evidence:
        out.append(Note("evidence", f"evidence: {d.evidence}"))
    out.extend(Note("fact", "record: " + fact_line(f)) for f in row.facts)
    return out


def later(row: Row, as_of: date | None) -> str | None:
    """What the record says happened to a row after `as_of` (None when nothing did): the
    answer to "what of it was later kept, and when?"."""
    if as_of is None:
        return None
    d = row.deadline
    if row.completed is not None and row.completed > as_of:
        late = days_late(row)
        how = f", {late} day{'s' if late != 1 else ''} late" if late else ", on time"
        return f"later kept: done {row.completed}{how}"
    if d.status in ("dropped", "not-kept", "in-progress") and d.since and d.since > as_of:
        return f"later {LABELS[d.status]}, from {d.since}"
    return None


def cited(source: str, quote: str) -> str:
    """A source and its words: `title: "words"`, or an address and a blank (a colon after
    it would be taken with it by a copy, or a click)."""
    return f'{source}{" " if "://" in source else ": "}"{quote}"'


def fact_line(f: Fact) -> str:
    """A fact in one line: its date, what happened, its source and its words."""
    return f"{f.when}: {f.what} (source: {cited(f.source, f.quote)})"


def notes(row: Row, as_of: date | None = None) -> tuple[Note, ...]:
    """Everything worth saying about how a row's date came about, in words: scope,
    inference, month-end clips, actual dates, scopes counted from, extensions, the record
    (`record_notes`, as it stood on `as_of`), windows, and the transcriber's note."""
    c, d, step = row.commitment, row.deadline, row.step
    out: list[Note] = []
    if d.scope:
        out.append(Note("scope", f"scope: {d.scope}"))
    if row.window_start:  # what the date stands for comes first: the end of a period
        out.append(Note("window", f"a period: from {row.window_start} to {row.due}"))
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
    out.extend(record_notes(row, as_of))
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
    overdue: bool = False  # past due at the as-of date and undone then (progress.is_overdue)
    later: str | None = None  # what the record says happened after the as-of date (`later`)
    business_unknown: str | None = None  # why the next business day cannot be told

    @property
    def days_late(self) -> int | None:
        """Days after the due date it was done, 0 when on time (see `progress.days_late`)."""
        return days_late(self.row)

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
    facts: Mapping[str, Fact] = field(default_factory=dict)  # the file's record, by id


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
        late = as_of is not None and is_overdue(r, as_of)
        out.append(
            DueRow(r, reason(r), state(r, as_of), left, next_day, late, later(r, as_of), why)
        )

    return DueView(res.signed, tuple(out), res.events, as_of, business, res.facts)

"""Why a date is what it is: the chain of steps from a row or event down to its root."""

from __future__ import annotations

import calendar
from typing import Any

from accordctl.model import Accord, EventDate, Resolution, Row
from accordctl.render import iso, reason


def row_notes(row: Row) -> list[str]:
    """Everything worth saying about how a row's date came about, in words: inference,
    month-end clips, actual dates, scopes, extensions, completion, windows, transcription."""
    c, d, step = row.commitment, row.deadline, row.step
    notes: list[str] = []
    if d.inferred:
        notes.append(f'inferred: the cable has only "({d.source}"; completed as "{d.phrase}"')
    if step is not None and step.clipped and step.base_date is not None and row.due is not None:
        month = f"{calendar.month_name[row.due.month]} {row.due.year}"
        notes.append(f"clipped to the month's last day: {month} has no day {step.base_date.day}")
    if step is not None and step.base_is_actual:
        notes.append(f"counted from the actual date of {step.via} ({iso(step.base_date)})")
    if step is not None and step.via and step.base and step.via != step.base:
        notes.append(f"{step.base} has several scoped deadlines; the latest, {step.via}, counts")
    notes.extend(map(str, d.extensions))
    if row.original_due:
        notes.append(f"originally due {row.original_due}")
    if row.actual:
        notes.append(f"completed {row.actual}")
    if row.window_start:
        notes.append(f"a period: from {row.window_start} to {row.due}")
    if c.note:
        notes.append(f"transcription: {c.note}")
    return notes


def _row_step(row: Row) -> dict[str, Any]:
    c, d, step = row.commitment, row.deadline, row.step
    return {
        "type": "commitment",
        "id": row.row_id,
        "number": c.number,
        "branch": c.branch,
        "title": c.title or None,
        "source": d.source,
        "as_written": d.as_written(),
        "deadline": d.phrase,
        "kind": row.kind,
        "rule": step.rule if step else None,
        "base": step.via if step else None,
        "base_date": iso(step.base_date) if step else None,
        "due": iso(row.due),
        "reason": reason(row),
        "notes": row_notes(row),
    }


def _event_step(e: EventDate) -> dict[str, Any]:
    step = None if e.actual else e.step  # a recorded date replaces the phrase's
    notes = ["date recorded with --event or --signed, in place of the phrase"] if e.actual else []
    return {
        "type": "event",
        "id": e.event.id,
        "title": e.event.title,
        "when": e.event.phrase,
        "source": e.event.source,
        "rule": step.rule if step else ("recorded date" if e.actual else None),
        "base": step.via if step else None,
        "base_date": iso(step.base_date) if step else None,
        "date": iso(e.date),
        "reason": None if e.date else f"{e.event.id} has no known date",
        "notes": notes,
    }


def chain(res: Resolution, key: str) -> list[dict[str, Any]]:
    """The steps from `key` (a row id or event id) down to the root it counts from."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    current: str | None = key
    while current is not None and current not in seen:
        seen.add(current)
        item = res.by_id[current]
        step = _row_step(item) if isinstance(item, Row) else _event_step(item)
        out.append(step)
        current = step["base"]
        if current is None and isinstance(item, Row) and item.kind == "pending":
            current = next((d for d in item.depends_on if d in res.by_id), None)
    return out


def explain(accord: Accord, res: Resolution, ident: str) -> list[list[dict[str, Any]]]:
    """One chain per row of an entry (a split deadline has several), or the event's chain;
    a bare number whose entries all have letters (1 -> 1a ... 1e) gives all of them."""
    if ident in res.by_id:
        return [chain(res, ident)]
    rows = [r for r in res.rows if r.commitment.id == ident]
    if not rows and ident.isdigit():
        rows = [r for r in res.rows if r.commitment.number == int(ident)]
    return [chain(res, r.row_id) for r in rows]

"""The calendar: resolved rows as iCalendar (RFC 5545), built with the icalendar library.

Output is deterministic: UIDs come from the row ids, DTSTAMP from the signing date, and
components are written in annex order, so the same data gives the same bytes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from icalendar import Alarm, Calendar, Event, Todo

from accordctl.core.errors import PhraseError
from accordctl.core.model import Row
from accordctl.core.progress import is_done
from accordctl.core.text import one_line, short, visible
from accordctl.core.views import DueRow, DueView

PRODID = "-//accordctl//accordctl//EN"
DOMAIN = "accordctl"


def uid(row_id: str, event: bool = False) -> str:
    """A UID that stays the same across exports: the row id (entry id and scope) or the
    event id, nothing else; rows and events live under different domains."""
    return f"{row_id}@{'events.' if event else ''}{DOMAIN}"


def summary(row: Row) -> str:
    """`#46b Evaluate and vet all state personnel… (state)`: the entry's id, so that the
    bullets of one number (1a ... 1e) read apart."""
    c = row.commitment
    scope = f", {row.deadline.scope}" if row.deadline.scope else ""
    return f"#{c.id} {short(c.title or c.text or '', 50)} ({c.branch}{scope})"


def todo_status(row: Row) -> str:
    """A task's STATUS (RFC 5545, 3.8.1.11): COMPLETED when done, CANCELLED when dropped,
    IN-PROCESS when in progress, else NEEDS-ACTION."""
    if is_done(row):
        return "COMPLETED"
    return {"dropped": "CANCELLED", "in-progress": "IN-PROCESS"}.get(
        row.deadline.status or "", "NEEDS-ACTION"
    )


def description(x: DueRow) -> str:
    """Full title, the phrase as written, the rule that gave the date, and the row's notes
    (scope, inference, clips, extensions, and the record: completion and how late, status,
    judgement, evidence, each fact with its source and words), as `explain` gives them."""
    row = x.row
    c, d = row.commitment, row.deadline
    lines = [f"{c.id}: {c.title}" if c.title else c.id]
    if d.source is not None:
        lines.append(f"As written: {d.as_written()}")
    if row.step is not None:
        lines.append(f"Rule: {row.step.rule}")
    lines += [n.text[0].upper() + n.text[1:] for n in x.notes]
    if x.due_business and x.due_business != row.due:
        lines.append(f"Falls on a weekend or holiday; next business day {x.due_business}")
    # TEXT values carry no control characters (RFC 5545, 3.3.11); line breaks are
    # escaped by icalendar.
    return visible("\n".join(lines), keep="\n")


def link(row: Row) -> str | None:
    """The entry's URL: the first web address among its facts' sources and its evidence."""
    for text in [*(f.source for f in row.facts), row.deadline.evidence or ""]:
        text = text.strip()
        if text.startswith(("https://", "http://")) and " " not in text:
            return text
    return None


def calendar(
    view: DueView,
    title: str,
    todo: bool = False,
    alarm_days: int | None = None,
    windows: bool = False,
) -> bytes:
    """An iCalendar file: one all-day entry per dated row, plus the dated events."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", one_line(title) or "accordctl")
    dates = [x.row.due for x in view.rows if x.row.due] + [e.date for e in view.events if e.date]
    stamp = datetime.combine(view.signed or min(dates, default=date.min), time(0), tzinfo=UTC)
    for e in () if todo else view.events:  # tasks only, with --todo: an event is no task
        if e.date is None:
            continue
        ev = Event()
        ev.add("uid", uid(e.event.id, event=True))
        ev.add("dtstamp", stamp)
        ev.add("summary", one_line(e.event.title))
        _all_day(ev, e.window_start if windows and e.window_start else e.date, e.date)
        if e.event.source:
            ev.add("description", one_line(e.event.source))
        ev.add("categories", ["event"])
        cal.add_component(ev)
    for x in view.rows:
        row = x.row
        if row.due is None:
            continue
        item: Event | Todo = Todo() if todo else Event()
        item.add("uid", uid(row.row_id))
        item.add("dtstamp", stamp)
        item.add("summary", summary(row))
        item.add("description", description(x))
        item.add("categories", [row.commitment.branch])
        if (url := link(row)) is not None:
            item.add("url", url)
        if todo:
            item.add("due", row.due)
            item.add("status", todo_status(row))
            if row.completed is not None:
                item.add("completed", datetime.combine(row.completed, time(0), tzinfo=UTC))
                item.add("percent-complete", 100)
        else:
            _all_day(item, row.window_start if windows and row.window_start else row.due, row.due)
            if todo_status(row) == "CANCELLED":
                item.add("status", "CANCELLED")
        if alarm_days is not None:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", summary(row))
            # a task has no start: its alarm counts back from its DUE (RFC 5545, 3.8.6.3)
            related = {"RELATED": "END"} if todo else {}
            alarm.add("trigger", timedelta(days=-alarm_days), parameters=related)
            item.add_component(alarm)
        cal.add_component(item)
    return bytes(cal.to_ical())


def _all_day(ev: Event | Todo, start: date, end: date) -> None:
    if end == date.max:
        what = ev.get("uid", "")
        raise PhraseError(
            f"cannot export {what}: due {end}, the calendar's last day, and an all-day "
            "entry ends on the day after (use --todo, whose tasks have only a due date)"
        )
    ev.add("dtstart", start)
    ev.add("dtend", end + timedelta(days=1))
    ev.add("transp", "TRANSPARENT")

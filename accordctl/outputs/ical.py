"""The calendar: resolved rows as iCalendar (RFC 5545), built with the icalendar library.

Output is deterministic: UIDs come from the row ids, DTSTAMP from the signing date, and
components are written in annex order, so the same data gives the same bytes. `items` gives
the same entries one a file, for a vdir (khal, todoman, vdirsyncer).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Alarm, Calendar, Event, Todo

from accordctl.core.errors import PhraseError
from accordctl.core.model import Row
from accordctl.core.progress import is_done
from accordctl.core.text import flat, visible
from accordctl.core.views import DueRow, DueView

PRODID = "-//accordctl//accordctl//EN"
DOMAIN = "accordctl"
# Between an entry's id and a scope in a UID: a character neither holds (ids are
# [A-Za-z0-9._-], scopes [a-z0-9-]) and one that khal and vdirsyncer take as safe in a
# file name, so that the UID names the file, as the vdir format advises.
SCOPE_MARK = "+"
SUMMARY_CELLS = 50  # the title in a SUMMARY, at most (a first word wider than this whole)


def uid(row_id: str, event: bool = False) -> str:
    """A UID that stays the same across exports: the row id (entry id, and scope after a
    `+`) or the event id, nothing else; rows and events live under different domains. No
    `/`: a UID names its file in a vdir (`1e+general@accordctl.ics`)."""
    return f"{row_id.replace('/', SCOPE_MARK)}@{'events.' if event else ''}{DOMAIN}"


def ours(uid_text: str) -> bool:
    """Whether a UID is one accordctl gives (of a row or an event)."""
    return uid_text.endswith((f"@{DOMAIN}", f"@events.{DOMAIN}"))


def summary(row: Row) -> str:
    """`#46b Evaluate and vet all state personnel in police… (state)`: the entry's id, so
    that the bullets of one number (1a ... 1e) read apart, and the title cut only between
    words (see `cut_title`)."""
    c = row.commitment
    scope = f", {row.deadline.scope}" if row.deadline.scope else ""
    return f"#{c.id} {cut_title(c.title or c.text or '')} ({c.branch}{scope})"


def cut_title(text: str, limit: int = SUMMARY_CELLS) -> str:
    """`text` on one line (tabs and line ends blanks, controls escaped), cut after the last
    whole word that fits `limit` terminal cells, with an ellipsis; never inside a word: a
    first word wider than `limit` (or a title in a script written without blanks) stays
    whole. The same text gives the same cut on any
    machine: widths by the latest Unicode tables rich knows, not by the terminal's."""
    from rich.cells import cell_len

    words = flat(text).split()
    kept: list[str] = []
    used = 0
    for word in words:
        size = cell_len(word, "latest")
        if kept and used + 1 + size > limit - 1:  # room for the ellipsis
            break
        kept.append(word)
        used += size + (1 if len(kept) > 1 else 0)
    if len(kept) == len(words):
        return " ".join(words)
    return " ".join(kept).rstrip(",;:") + "…"


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
    cal = _calendar(title)
    for _, item in components(view, todo, alarm_days, windows):
        cal.add_component(item)
    return bytes(cal.to_ical())


def items(
    view: DueView,
    title: str,
    todo: bool = False,
    alarm_days: int | None = None,
    windows: bool = False,
) -> list[tuple[str, bytes]]:
    """The same entries as `calendar`, each an iCalendar file of its own, named for a
    vdir (one item a file, the file named by its UID: `46b@accordctl.ics`), in order."""
    out = []
    for name, item in components(view, todo, alarm_days, windows):
        cal = _calendar(title)
        cal.add_component(item)
        out.append((f"{name}.ics", bytes(cal.to_ical())))
    return out


def _calendar(title: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", flat(title) or "accordctl")
    return cal


def components(
    view: DueView, todo: bool = False, alarm_days: int | None = None, windows: bool = False
) -> Iterator[tuple[str, Event | Todo]]:
    """Each entry with its UID: the dated events (not with `todo`: an event is no task),
    then the dated rows, as events or, with `todo`, tasks."""
    dates = [x.row.due for x in view.rows if x.row.due] + [e.date for e in view.events if e.date]
    stamp = datetime.combine(view.signed or min(dates, default=date.min), time(0), tzinfo=UTC)
    for e in () if todo else view.events:
        if e.date is None:
            continue
        ev = Event()
        ev.add("uid", uid(e.event.id, event=True))
        ev.add("dtstamp", stamp)
        ev.add("summary", flat(e.event.title))
        _all_day(ev, e.window_start if windows and e.window_start else e.date, e.date)
        if e.event.source:
            ev.add("description", flat(e.event.source))
        ev.add("categories", ["event"])
        yield str(ev["uid"]), ev
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
        yield str(item["uid"]), item


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

"""What moved between two resolutions of a commitments file, and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from accordctl.core.model import Deadline, EventDate, Resolution, Row
from accordctl.core.text import quote


@dataclass(frozen=True)
class Change:
    """One row or event whose due date (or phrase, or recorded progress) differs between OLD
    and NEW."""

    id: str
    old: date | None
    new: date | None
    causes: tuple[str, ...]

    @property
    def shift(self) -> int | None:
        """New minus old, in days (None when either is undated)."""
        return (self.new - self.old).days if self.old and self.new else None


@dataclass(frozen=True)
class Diff:
    """Rows added, removed and changed (by row_id), and events whose date changed."""

    added: tuple[Row, ...]
    removed: tuple[Row, ...]
    changed: tuple[Change, ...]
    events: tuple[Change, ...]

    @property
    def moved(self) -> bool:
        """Whether any due date changed (a row added or removed counts); a change of
        recorded progress alone (status, completion, evidence) is not a move."""
        return bool(self.added or self.removed or self.events) or any(
            c.old != c.new for c in self.changed
        )


def _said(phrase: str | None) -> str:
    """A phrase in a cause: quoted, or "none" where there was none (an open deadline)."""
    return quote(phrase) if phrase is not None else "none"


def _event_causes(was: EventDate, now: EventDate) -> tuple[str, ...]:
    """Why an event's date changed: the fact that dates it, its phrase, a date given with
    --event, or (none of these) a date it counts from."""
    a, b = was.event, now.event
    causes = []
    if a.fact != b.fact:
        causes.append(
            f"no longer dated by the record's fact {a.fact}"
            if b.fact is None
            else f"dated by the record's fact {b.fact}"
            + (f" (was {a.fact})" if a.fact is not None else "")
        )
    elif b.fact is not None and not now.actual:
        causes.append(f"the record's fact {b.fact} is dated otherwise")
    if a.phrase != b.phrase and a.phrase is not None:  # from none: it got a date (below)
        causes.append(f"its phrase changed: {_said(a.phrase)} -> {_said(b.phrase)}")
    if was.actual != now.actual:
        causes.append("its date given with --event" if now.actual else "no longer given")
    if not causes:
        causes.append("got a date" if was.date is None else "what it counts from moved")
    return tuple(causes)


def _date_of(res: Resolution, ident: str) -> date | None:
    base = res.base(ident)
    return base.date if base else None


def _causes(old: Row, new: Row, before: Resolution, after: Resolution) -> list[str]:
    causes = []
    od, nd = old.deadline, new.deadline
    if od.phrase != nd.phrase:
        causes.append(f"its phrase changed: {_said(od.phrase)} -> {_said(nd.phrase)}")
    if od.extensions != nd.extensions and nd.extensions:
        causes.append(str(nd.extensions[-1]))
    elif od.extensions and not nd.extensions:
        causes.append("its extension was removed")
    base = (new.step.via if new.step else None) or (old.step.via if old.step else None)
    if not causes and base is not None:
        was, now = _date_of(before, base), _date_of(after, base)
        if was != now:
            if was is None:
                causes.append(f"{base} got a date ({now})")
            elif now is None:
                causes.append(f"{base} lost its date (was {was})")
            else:
                causes.append(f"{base}, which it counts from, moved: {was} -> {now}")
    if not causes and old.kind != new.kind:
        causes.append(f"its kind changed: {old.kind} -> {new.kind}")
    return causes or ["its base moved"]


def progress_causes(old: Deadline, new: Deadline) -> list[str]:
    """How a deadline's recorded progress changed, a cause per field: `status: pending ->
    done`, `completed 2008-12-01`, `since 2009-03-01`, `evidence added`, `judgement
    changed`, `cites lgsnsp-vote`. No status reads as pending."""
    causes = []
    was, now = old.status or "pending", new.status or "pending"
    if was != now:
        causes.append(f"status: {was} -> {now}")
    for name, gone, a, b in (
        ("completed", "completion", old.completed, new.completed),
        ("since", "since", old.since, new.since),
    ):
        if a != b:
            causes.append(
                f"{name} {b}" if a is None
                else f"{gone} removed (was {a})" if b is None
                else f"{name} {a} -> {b}"
            )  # fmt: skip
    for field, said, says in (
        ("evidence", old.evidence, new.evidence),
        ("judgement", old.judgement, new.judgement),
    ):
        if said != says:
            causes.append(f"{field} {_verb(said, says)}")
    gained = [f for f in new.facts if f not in old.facts]
    lost = [f for f in old.facts if f not in new.facts]
    causes += [f"cites {', '.join(gained)}"] if gained else []
    causes += [f"no longer cites {', '.join(lost)}"] if lost else []
    return causes


def _verb(was: object, now: object) -> str:
    return "added" if was is None else "removed" if now is None else "changed"


def compare(before: Resolution, after: Resolution) -> Diff:
    """Compare two resolutions row by row (by row_id) and event by event."""
    old = {r.row_id: r for r in before.rows}
    new = {r.row_id: r for r in after.rows}
    changed = []
    for key in old.keys() & new.keys():
        a, b = old[key], new[key]
        moved = (a.due, a.kind, a.deadline.phrase) != (b.due, b.kind, b.deadline.phrase)
        progress = progress_causes(a.deadline, b.deadline)  # a change worth its own line
        if moved or progress:
            causes = (_causes(a, b, before, after) if moved else []) + progress
            changed.append(Change(key, a.due, b.due, tuple(causes)))
    events = []
    old_events = {e.event.id: e for e in before.events}
    for e in after.events:
        was = old_events.get(e.event.id)
        if was is not None and was.date != e.date:
            events.append(Change(e.event.id, was.date, e.date, _event_causes(was, e)))
    return Diff(
        added=tuple(new[k] for k in new.keys() - old.keys()),
        removed=tuple(old[k] for k in old.keys() - new.keys()),
        changed=tuple(sorted(changed, key=lambda c: (c.new or date.max, c.id))),
        events=tuple(sorted(events, key=lambda c: c.id)),
    )

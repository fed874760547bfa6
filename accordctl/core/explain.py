"""Why a date is what it is: the chain of steps from a row or event down to its root."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from accordctl.core.model import Accord, EventDate, Fact, Resolution, Row
from accordctl.core.views import notes, reason, workdays_note

RECORDED = "date recorded with --event or --signed, in place of the phrase"


@dataclass(frozen=True)
class ChainStep:
    """One link of a chain: a commitment's row or an event, the rule that dated it, what it
    counted from, and the notes on it."""

    type: Literal["commitment", "event"]
    id: str
    title: str | None
    source: str | None  # a row: the phrase as written; an event: where its date comes from
    phrase: str | None  # the normalized phrase (`deadline` of a row, `when` of an event)
    rule: str | None
    base: str | None  # the id counted from
    base_date: date | None
    date: date | None  # due (a row) or date (an event)
    reason: str | None  # why there is no date
    notes: tuple[str, ...]
    number: int | None = None  # rows only
    branch: str | None = None
    as_written: str | None = None
    kind: str | None = None
    shown_above: bool = False  # an earlier chain of the same answer goes on from here
    facts: tuple[Fact, ...] = ()  # the record: what a row's progress cites, what dates an event
    text: str | None = None  # a row: the paragraph that elaborates its commitment


def _row_step(row: Row, as_of: date | None = None) -> ChainStep:
    c, d, step = row.commitment, row.deadline, row.step
    return ChainStep(
        type="commitment",
        id=row.row_id,
        title=c.title or None,
        source=d.source,
        phrase=d.phrase,
        rule=step.rule if step else None,
        base=step.via if step else None,
        base_date=step.base_date if step else None,
        date=row.due,
        reason=reason(row),
        notes=tuple(n.text for n in notes(row, as_of) if n.kind != "fact"),  # facts: `facts`
        number=c.number,
        branch=c.branch,
        as_written=d.as_written(),
        kind=row.kind,
        facts=row.facts,
        text=c.text,
    )


def _event_step(e: EventDate, facts: Mapping[str, Fact]) -> ChainStep:
    step = None if e.actual or e.fact else e.step  # a recorded date replaces the phrase's
    fact = facts.get(e.event.fact or "")
    said: tuple[str, ...] = (RECORDED,) if e.actual else ()
    counted = workdays_note(step) if step is not None else None
    said += (counted.text,) if counted else ()
    rule = step.rule if step else ("recorded date" if e.actual else None)
    if e.fact and fact is not None:
        rule = f"the date of fact {fact.id} of the record"
        if e.planned is not None and e.step is not None and e.date not in (None, e.planned):
            gap = (e.date - e.planned).days
            how = f"{abs(gap)} days {'late' if gap > 0 else 'early'}"
            said += (f"planned {e.planned} ({e.step.rule}); it happened {how}",)
    elif fact is not None and not e.actual:
        said += (f"the record dates it only after the as-of date: fact {fact.id}",)
    return ChainStep(
        type="event",
        id=e.event.id,
        title=e.event.title,
        source=e.event.source,
        phrase=e.event.phrase,
        rule=rule,
        base=step.via if step else None,
        base_date=step.base_date if step else None,
        date=e.date,
        reason=reason(e),
        notes=said,
        facts=(fact,) if fact is not None else (),
    )


def chain(
    res: Resolution,
    key: str,
    shown: set[str] | None = None,
    limit: int | None = None,
    as_of: date | None = None,
) -> tuple[ChainStep, ...]:
    """The steps from `key` (a row id or event id) down to the root it counts from; a step
    already in `shown` (given by an earlier chain) ends the chain, marked `shown_above`, so
    that any number of chains costs time and space in proportion to the steps they hold.
    With `limit`, at most that many steps (one chain per row of a page stays short). A
    row's record is told as it stood on `as_of`: what came after, as what happened later."""
    out: list[ChainStep] = []
    seen = set() if shown is None else shown
    current: str | None = key
    while current is not None and (limit is None or len(out) < limit):
        item = res.by_id[current]
        step = _row_step(item, as_of) if isinstance(item, Row) else _event_step(item, res.facts)
        if current in seen:
            out.append(replace(step, shown_above=True))
            break
        seen.add(current)
        out.append(step)
        current = step.base
        if current is None and isinstance(item, Row) and item.kind == "pending":
            base = next(filter(None, map(res.base, item.depends_on)), None)
            current = base.key if base else None
    return tuple(out)


def chains_for(
    accord: Accord, res: Resolution, ident: str, as_of: date | None = None
) -> list[tuple[ChainStep, ...]]:
    """One chain per row `ident` names (a split deadline has several; a bare number names
    all its entries, 1 -> 1a ... 1e), or the event's chain, as of `as_of`. Empty when
    `ident` is unknown."""
    shown: set[str] = set()
    keys = [key for key in accord.expand(ident) if key in res.by_id]
    return [chain(res, key, shown, as_of=as_of) for key in keys]

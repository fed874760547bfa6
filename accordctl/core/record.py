"""The record in a data file: dated public facts, each with its source and the source's own
words, and a deadline's progress (its status, when it changed, the facts it rests on, a
judgement where one was needed).

The plan (the cable's deadlines) and the record are kept apart: a fact never changes what a
phrase says, only what happened. Reading collects a finding for every problem, as the
loader does; links between the two (a deadline's `facts`, an event's `fact`, a fact's
`bears_on`) are checked once the whole file is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from accordctl.core.errors import Pos
from accordctl.core.model import (
    CONFIDENCES,
    PRECISION_OF,
    PRECISIONS,
    STATUSES,
    Accord,
    Citation,
    Fact,
    chronological,
    period,
)
from accordctl.core.reader import ID, SLUG
from accordctl.core.selection import named_rows
from accordctl.core.text import quote

if TYPE_CHECKING:
    import yaml

    from accordctl.core.reader import Reader

ROW_ID = re.compile(rf"{ID.pattern}(?:/{SLUG.pattern})?")  # `1e`, or one of its rows: `1e/general`

FACT_KEYS = {"id", "date", "precision", "what", "bears_on", "source", "quote", "confidence"}
FACT_KEYS |= {"also", "conflicts", "note"}
FACT_REQUIRED = {"id", "date", "what", "source", "quote", "confidence"}
CITATION_KEYS = {"source", "quote", "date", "note"}
PROGRESS_KEYS = {"status", "completed", "since", "evidence", "facts", "judgement"}
# The statuses a `since` date goes with; `done` has `completed`, and pending neither.
DATED_BY_SINCE = ("in-progress", "not-kept", "dropped")


@dataclass(frozen=True, slots=True)
class Progress:
    """A deadline's progress as the file records it."""

    status: str | None = None
    completed: date | None = None
    since: date | None = None
    evidence: str | None = None
    facts: tuple[str, ...] = ()
    judgement: str | None = None
    marks: dict[str, Pos] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Link:
    """A fact id named somewhere in the file, to be checked once the record is read."""

    node: yaml.Node
    fact: str
    where: str  # e.g. "26's facts", "event general-law"
    needs_day: bool = False  # an event's date: the fact must be dated to the day


def _when(r: Reader, node: yaml.Node | None, what: str) -> str | None:
    """A date to the day, the month or the year, as written (YYYY-MM-DD, YYYY-MM, YYYY)."""
    value = r.scalar(node, what, null=False)
    if value is None or node is None:
        return None
    try:
        period(value)
    except ValueError as e:
        why = "no such date" if "not a date" not in str(e) else "not a date"
        r.error(node, "ACC015", f"{what}: {why}: {quote(value)}", "YYYY-MM-DD, YYYY-MM or YYYY")
        return None
    return value


def _choice(r: Reader, node: yaml.Node | None, what: str, choices: tuple[str, ...]) -> str | None:
    value = r.scalar(node, what, null=False)
    if value is not None and node is not None and value not in choices:
        r.error(node, "ACC007", f"unknown {what} {quote(value)}", "one of " + ", ".join(choices))
        return None
    return value


def _citation(r: Reader, node: yaml.Node, what: str) -> Citation | None:
    m = r.mapping(node, what, CITATION_KEYS, {"source", "quote"})
    if m is None:
        return None
    source = r.scalar(m.get("source"), f"{what} source", null=False)
    said = r.scalar(m.get("quote"), f"{what} quote", null=False)
    when = _when(r, m.get("date"), f"{what} date") if "date" in m else None
    note = r.scalar(m.get("note"), f"{what} note")
    if source is None or said is None:
        return None
    return Citation(source, said, when, note)


def _fact(r: Reader, node: yaml.Node, links: list[Link]) -> Fact | None:
    m = r.mapping(node, "fact", FACT_KEYS, FACT_REQUIRED)
    if m is None:
        return None
    fid = r.ident(m.get("id"), "fact id")
    when = _when(r, m.get("date"), "fact date")
    precision = _choice(r, m.get("precision"), "precision", PRECISIONS)
    if when is not None and precision is not None:
        has = PRECISION_OF[len(when.split("-"))]
        if has != precision:
            r.error(
                m["precision"],
                "ACC015",
                f"fact {fid}: precision {quote(precision)} but the date {quote(when)} is "
                f"given to the {has}",
                f"write the date to the {precision}, or say precision: {has}",
            )
    bear_nodes = r.sequence(m.get("bears_on"), "bears_on")
    bears = [r.ident(n, "bears_on id", ROW_ID) for n in bear_nodes]
    fact = Fact(
        id=fid or "",
        when=when or "",
        precision=PRECISION_OF[len(when.split("-"))] if when else "",
        what=r.scalar(m.get("what"), "what", null=False) or "",
        bears_on=tuple(b for b in bears if b),
        source=r.scalar(m.get("source"), "fact source", null=False) or "",
        quote=r.scalar(m.get("quote"), "quote", null=False) or "",
        confidence=_choice(r, m.get("confidence"), "confidence", CONFIDENCES) or "",
        also=tuple(r.each(r.sequence(m.get("also"), "also"), lambda n: _citation(r, n, "also"))),
        conflicts=tuple(
            r.each(
                r.sequence(m.get("conflicts"), "conflicts"), lambda n: _citation(r, n, "conflict")
            )
        ),
        note=r.scalar(m.get("note"), "note"),
        pos=r.pos(m["id"]) if "id" in m else r.pos(node),
    )
    if not all((fid, when, fact.what, fact.source, fact.quote, fact.confidence)):
        return None
    for b, n in zip(bears, bear_nodes, strict=True):
        if b:
            links.append(Link(n, b, f"fact {fid}"))
    return fact


def read_record(r: Reader, node: yaml.Node | None, links: list[Link]) -> list[Fact]:
    """The facts of a file's `record:` list, in its order."""
    return r.each(r.sequence(node, "record"), lambda n: _fact(r, n, links))


def read_record_item(r: Reader, node: yaml.Node) -> Fact | None:
    """One fact of the record (the ids it bears on are not checked here)."""
    return _fact(r, node, [])


def read_progress(r: Reader, m: dict[str, yaml.Node], row: str, links: list[Link]) -> Progress:
    """A deadline's progress keys (`row` names it in messages); contradictions are findings:
    a completion with another status than done, a `since` with done or pending."""
    status = r.scalar(m.get("status"), "status")
    if status is not None and status not in STATUSES:
        r.error(
            m["status"],
            "ACC007",
            f"unknown status {quote(status)}",
            "one of " + ", ".join(STATUSES),
        )
        status = None
    completed = r.day(m.get("completed"), "completed")
    since = r.day(m.get("since"), "since")
    if completed is not None and status not in (None, "done"):
        hint = "a completion date means done; for another status give `since: DATE`"
        r.error(m["completed"], "ACC007", f"{row}: completed, but its status is {status}", hint)
    if since is not None and status not in DATED_BY_SINCE:
        said = status or "none"
        hint = "since dates " + ", ".join(DATED_BY_SINCE) + "; a done deadline has completed"
        r.error(m["since"], "ACC007", f"{row}: since, but its status is {said}", hint)
    facts = []
    for n in r.sequence(m.get("facts"), "facts"):
        fid = r.ident(n, "fact id")
        if fid is not None:
            facts.append(fid)
            links.append(Link(n, fid, f"{row}'s facts"))
    return Progress(
        status=status,
        completed=completed,
        since=since,
        evidence=r.scalar(m.get("evidence"), "evidence"),
        facts=tuple(facts),
        judgement=r.scalar(m.get("judgement"), "judgement"),
        marks={k: r.pos(m[k]) for k in PROGRESS_KEYS if k in m},
    )


def check_links(r: Reader, accord: Accord, links: list[Link]) -> None:
    """Every fact id the file names is a fact of its record (an event's, dated to the day);
    every id a fact bears on is an id of the file (an event, an entry or a row)."""
    for link in links:
        if link.where.startswith("fact "):
            if not accord.expand(link.fact):
                hint = "name an event, entry or row id of the file"
                msg = f"{link.where} bears on unknown id {quote(link.fact)}"
                r.error(link.node, "ACC004", msg, hint)
            continue
        fact = accord.facts.get(link.fact)
        if fact is None:
            msg = f"{link.where}: unknown fact {quote(link.fact)}"
            r.error(link.node, "ACC004", msg, "name a fact id of the file's record")
        elif link.needs_day and fact.precision != "day":
            msg = (
                f"{link.where} takes its date from fact {fact.id}, which is dated only to "
                f"the {fact.precision} ({fact.when})"
            )
            r.error(link.node, "ACC015", msg, "an event's date needs a fact dated to the day")


def cited(accord: Accord, ids: tuple[str, ...]) -> tuple[Fact, ...]:
    """The facts `ids` name, in that order (unknown ids left out: `check` reports them)."""
    return tuple(accord.facts[i] for i in ids if i in accord.facts)


def select_facts(
    accord: Accord, ids: list[str], start: date | None = None, end: date | None = None
) -> list[Fact]:
    """The facts of the record, by date (`chronological`), that bear on any of `ids` (an entry,
    a row, an event, or a bare number for all its entries; a fact a row's progress cites,
    or that dates an event, bears on it too) and whose date may fall from `start` to `end`
    (a fact dated to the month or the year counts when its period reaches into them)."""
    wanted = set(named_rows(accord, ids, "record"))
    cited = {e.fact for e in accord.events if e.fact and e.id in wanted}
    for c in accord.commitments:
        cited.update(f for d in c.deadlines if c.row_id(d) in wanted for f in d.facts)
    out = []
    for f in chronological(accord.record):
        if (start is not None and f.last < start) or (end is not None and f.first > end):
            continue
        bears = any(not wanted.isdisjoint(accord.expand(b)) for b in f.bears_on)
        if ids and f.id not in cited and not bears:
            continue
        out.append(f)
    return out

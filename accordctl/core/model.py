"""Frozen dataclasses for a commitments file and its resolution."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Literal

from accordctl.core.errors import Pos, UsageError
from accordctl.core.phrases import Rule
from accordctl.core.text import quote
from accordctl.core.workdays import Workdays

STATUSES = ("pending", "in-progress", "done", "not-kept", "dropped")
PRECISIONS = ("day", "month", "year")
CONFIDENCES = ("high", "medium", "low")
Kind = Literal["date", "permanent", "open", "pending", "missing"]
NOWHERE = Pos("")


@dataclass(frozen=True, slots=True)
class Extension:
    """An agreed new deadline: `to` (a phrase, counted like any other) replaces the rule;
    `agreed` and `source` record when and where it was agreed."""

    rule: Rule
    phrase: str
    agreed: date | None
    source: str | None
    pos: Pos = field(compare=False)  # moving a line is no change

    def __str__(self) -> str:
        agreed = f" on {self.agreed}" if self.agreed else ""
        return f"extended{agreed} to {self.phrase}" + (f" ({self.source})" if self.source else "")


@dataclass(frozen=True, slots=True)
class Deadline:
    """One deadline of a commitment; a split phrase gives several, each with a scope."""

    rule: Rule | None  # None: open (the cable gives no deadline)
    phrase: str | None  # the normalized phrase in the grammar
    source: str | None  # the phrase exactly as the cable writes it
    scope: str | None = None
    inferred: bool = False
    interpreted: bool = False  # the date rests on a reading of an unclear phrase
    reading: str | None = None  # that reading, and the alternatives with their dates

    status: str | None = None
    completed: date | None = None  # when it was done (status done)
    since: date | None = None  # from when another status holds (in-progress, not-kept, dropped)
    evidence: str | None = None
    facts: tuple[str, ...] = ()  # ids of the facts of the record the progress rests on
    judgement: str | None = None  # the progress rests on a judgement: the one taken, and the other
    extensions: tuple[Extension, ...] = ()
    pos: Pos = NOWHERE
    # where each progress key's value stands (`completed`, `since`, `facts`): messages point there
    marks: Mapping[str, Pos] = field(default_factory=dict, compare=False)

    def at(self, key: str) -> Pos:
        """Where a key's value stands in the file (the deadline's phrase when unknown)."""
        return self.marks.get(key, self.pos)

    def as_written(self) -> str | None:
        """The phrase as the cable prints it, parentheses included: "(6 months)", or "(6"
        where the cable cuts it off."""
        if self.source is None:
            return None
        return f"({self.source}" if self.inferred else f"({self.source})"


@dataclass(frozen=True, slots=True)
class Commitment:
    """A numbered commitment, or one bullet of it (ids "1a", "1b", ...)."""

    id: str
    number: int
    branch: str
    title: str
    text: str | None = None
    heading: str | None = None
    note: str | None = None  # an editorial note on the transcription
    missing: bool = False
    deadlines: tuple[Deadline, ...] = ()
    pos: Pos = NOWHERE
    names: tuple[str, ...] = ()  # what phrases may call it besides its id

    def row_id(self, deadline: Deadline) -> str:
        """The id of one output row: the entry id, plus the scope where there is one."""
        return f"{self.id}/{deadline.scope}" if deadline.scope else self.id


@dataclass(frozen=True, slots=True)
class Event:
    """A dated (or not yet dated) fact that deadlines count from."""

    id: str
    title: str
    rule: Rule | None  # None: date unknown
    phrase: str | None
    source: str | None = None
    starts: Rule | None = None  # the start of a period such as a legislative session
    fact: str | None = None  # the fact of the record that dates it (then `rule` is None)
    pos: Pos = NOWHERE
    names: tuple[str, ...] = ()  # what phrases may call it besides its id ("firma")


@dataclass(frozen=True, slots=True)
class Citation:
    """Another source on a fact: one that agrees (`also`) or one that disagrees
    (`conflicts`, with the date it gives, if any, and why it differs)."""

    source: str
    quote: str
    date: str | None = None  # as the source gives it: YYYY-MM-DD, YYYY-MM or YYYY
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Fact:
    """A dated public fact of the record: what happened, when (to the day, the month or the
    year), what it bears on, and the source with the words of it that support it."""

    id: str
    when: str  # as the source supports it: YYYY-MM-DD, YYYY-MM or YYYY
    precision: str  # day, month or year: the form of `when`
    what: str
    bears_on: tuple[str, ...]  # ids of commitments, rows or events; none: the whole accord
    source: str  # an address, or a document's title
    quote: str  # the source's own words, as published
    confidence: str  # high, medium or low
    also: tuple[Citation, ...] = ()
    conflicts: tuple[Citation, ...] = ()
    note: str | None = None
    pos: Pos = NOWHERE

    @property
    def first(self) -> date:
        """The first day the fact's date may stand for (the day itself, for a day)."""
        return period(self.when)[0]

    @property
    def last(self) -> date:
        """The last day the fact's date may stand for: by then it had happened."""
        return period(self.when)[1]


def period(when: str) -> tuple[date, date]:
    """The first and last day of a date written to the day, the month or the year
    ("2008-12-04", "2009-02", "2011"); ValueError when it is none of them."""
    parts = when.split("-")
    if not 1 <= len(parts) <= 3 or not all(p.isascii() and p.isdigit() for p in parts):
        raise ValueError(f"not a date: {when!r}")
    if [len(p) for p in parts] not in ([4], [4, 2], [4, 2, 2]):
        raise ValueError(f"not a date: {when!r}")
    year = int(parts[0])
    if len(parts) == 1:
        return date(year, 1, 1), date(year, 12, 31)
    month = int(parts[1])
    if len(parts) == 2:
        import calendar

        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    day = date(year, month, int(parts[2]))
    return day, day


PRECISION_OF = {1: "year", 2: "month", 3: "day"}  # parts of a date -> its precision


def chronological(facts: Iterable[Fact]) -> list[Fact]:
    """Facts by date (a month or a year before the days in it), then by id: the one order
    every output lists them in, whatever the file's."""
    return sorted(facts, key=lambda f: (f.first, f.last, f.id))


@dataclass(frozen=True, slots=True)
class Branch:
    """A signatory group and the commitment numbers it owns."""

    slug: str
    title: str
    first: int
    last: int
    pos: Pos = NOWHERE


@dataclass(frozen=True)
class Accord:
    """Everything a commitments file holds."""

    path: str
    title: str
    branches: tuple[Branch, ...]
    events: tuple[Event, ...]
    commitments: tuple[Commitment, ...]
    source: str | None = None  # where the annex comes from (the cable), for the report
    record: tuple[Fact, ...] = ()  # what happened, fact by fact, in the file's order
    names: Mapping[str, str] = field(default_factory=dict)  # name_key(name) -> the id named
    workdays: Workdays = field(default_factory=Workdays)  # the calendar of working days

    @cached_property
    def facts(self) -> Mapping[str, Fact]:
        """The facts of the record by id."""
        return {f.id: f for f in self.record}

    def named(self, ref: str) -> str:
        """The id a phrase's reference stands for: itself when it is an id, else the id of
        the entry the data gives that name ("la firma" -> signing); unchanged when unknown."""
        if ref in self.ids or not self.names:
            return ref
        from accordctl.core.lexicon import name_key

        return self.names.get(name_key(ref), ref)

    def branch_of(self, number: int) -> Branch | None:
        """The branch whose range holds `number`."""
        return branch_of(self.branches, number)

    @cached_property
    def ids(self) -> Mapping[str, tuple[str, ...]]:
        """Every id a command may name, each with the row or event ids it stands for: the
        events, the entries (an entry stands for all its rows) and the scoped rows
        (`1e/general`). `--event` accepts these, completion offers them, `explain` and
        `calc` look them up here. Built once per file."""
        out: dict[str, tuple[str, ...]] = {e.id: (e.id,) for e in self.events}
        for c in self.commitments:
            rows = tuple(c.row_id(d) for d in c.deadlines) or (c.id,)
            out[c.id] = rows
            out.update((r, (r,)) for r in rows if r != c.id)
        return out

    def expand(self, ident: str) -> tuple[str, ...]:
        """The row or event ids `ident` names (see `ids`); a bare number that is no entry's
        id names every entry with that number (1 -> 1a ... 1e). Empty when unknown."""
        known = self.ids
        if ident in known:
            return known[ident]
        if ident.isascii() and ident.isdigit():
            n = int(ident)
            return tuple(r for c in self.commitments if c.number == n for r in known[c.id])
        return ()

    def check_id(self, ident: str, what: str) -> None:
        """Raise a usage error, with a "did you mean" hint, when `ident` is unknown (see
        `ids`); `what` names the option or command that was given it."""
        if ident not in self.ids:
            close = suggest(ident, list(self.ids))
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise UsageError(f"{what}: unknown id {quote(ident)}{hint}")

    def branch_slugs(self) -> list[str]:
        """The branches rows may be filtered by: those declared, then any others in use."""
        known = [b.slug for b in self.branches]
        return known + sorted({c.branch for c in self.commitments} - set(known))


def branch_of(branches: Sequence[Branch], number: int) -> Branch | None:
    """The branch whose range holds `number`, if any."""
    for b in branches:
        if b.first <= number <= b.last:
            return b
    return None


def suggest(ident: str, ids: Sequence[str]) -> list[str]:
    """Ids a mistyped `ident` may have meant: the lettered entries of a bare number
    (3 -> 3a, 3b, 3c), else up to three close spellings."""
    import difflib

    parts = [i for i in ids if len(i) == len(ident) + 1 and i.startswith(ident) and i[-1].isalpha()]
    return parts or difflib.get_close_matches(ident, ids, n=3)


@dataclass(frozen=True, slots=True)
class Derivation:
    """How one date was reached: the rule, its base (if any) and the result."""

    rule: str  # e.g. "6 months after signing"
    base: str | None = None  # the id counted from
    base_date: date | None = None
    base_is_actual: bool = False  # the base's actual (completion or recorded) date was used
    clipped: bool = False  # a month end was clipped (Jan 31 + 1 month = Feb 28)
    via: str | None = None  # the row or event actually counted from (the latest scope of a split)
    calendar: str | None = None  # a count in working days: the calendar it ran on (else None)
    skipped: tuple[tuple[date, str], ...] = ()  # the days such a count skipped, and why


@dataclass(frozen=True, slots=True)
class Row:
    """One resolved deadline, as printed by `due`."""

    row_id: str
    commitment: Commitment
    deadline: Deadline
    kind: Kind
    due: date | None
    depends_on: tuple[str, ...]
    step: Derivation | None
    pending_on: str | None = None  # for kind "pending": what it waits on, and why
    original_due: date | None = None  # before extensions
    window_start: date | None = None
    actual: date | None = None  # the completion dependents count from (see `completed`)
    completed: date | None = None  # the recorded completion (data or --event), at any date
    facts: tuple[Fact, ...] = ()  # the facts of the record its progress cites

    @property
    def effective(self) -> date | None:
        """The date dependents count from: the completion date when known, else the due date."""
        return self.actual or self.due

    @property
    def key(self) -> str:
        """The id other deadlines name this row by (its row id)."""
        return self.row_id

    @property
    def why_undated(self) -> str:
        """Why dependents cannot count from this row (when `effective` is None)."""
        if self.kind == "pending" and self.pending_on:
            return self.pending_on
        return f"{self.row_id} ({self.kind}: no due date)"


@dataclass(frozen=True, slots=True)
class EventDate:
    """A resolved event."""

    event: Event
    date: dt.date | None
    step: Derivation | None
    actual: bool = False  # set by --event
    window_start: dt.date | None = None
    pending_on: str | None = None  # what an undated event waits on
    fact: str | None = None  # the fact of the record that dates it (known by the as-of date)
    planned: dt.date | None = None  # the plan's date (its phrase's), when it has one

    @property
    def key(self) -> str:
        """The event's id."""
        return self.event.id

    @property
    def effective(self) -> dt.date | None:
        """The date dependents count from."""
        return self.date

    @property
    def why_undated(self) -> str:
        """Why dependents cannot count from this event (when it has no date)."""
        return self.pending_on or f"{self.event.id} (no known date)"


@dataclass(frozen=True, slots=True)
class Base:
    """What a deadline counts from: the row or event, and its date or why it has none."""

    key: str  # the row or event id counted from (the latest scope of a split entry)
    item: Row | EventDate
    date: dt.date | None
    why: str | None = None


def stands_for(
    ident: str, items: Mapping[str, Row | EventDate], ids: Mapping[str, Sequence[str]]
) -> Base | None:
    """The date an id stands for when a deadline counts from it: an event's date; a row's
    completion date when recorded, else its due date; for an entry with several scoped rows,
    the latest of them (all of them dated, else none). None when the id is unknown.

    This is the one place that rule lives: the resolver counts from it, `calc` and `diff`
    read it back through `Resolution.base`.
    """
    if ident in items:  # the common case: one row or event, no scopes to choose among
        one = items[ident]
        when = one.effective
        return (
            Base(one.key, one, when)
            if when is not None
            else Base(one.key, one, None, one.why_undated)
        )
    targets = [items[k] for k in ids.get(ident, ()) if k in items]
    if not targets:
        return None
    for t in targets:
        if t.effective is None:
            return Base(t.key, t, None, t.why_undated)
    best = max(targets, key=lambda t: t.effective or dt.date.min)
    return Base(best.key, best, best.effective)


@dataclass(frozen=True)
class Resolution:
    """The result of resolving an accord."""

    signed: date | None
    rows: tuple[Row, ...]
    events: tuple[EventDate, ...]
    by_id: dict[str, Row | EventDate] = field(default_factory=dict, compare=False)
    ids: Mapping[str, tuple[str, ...]] = field(default_factory=dict, compare=False)  # Accord.ids
    as_of: date | None = None  # the record was read as it stood at this date (None: all of it)
    facts: Mapping[str, Fact] = field(default_factory=dict, compare=False)  # Accord.facts
    workdays: Workdays = field(default_factory=Workdays, compare=False)  # Accord.workdays

    def base(self, ident: str) -> Base | None:
        """What a deadline counting from `ident` would count from (see `stands_for`)."""
        return stands_for(ident, self.by_id, self.ids)


_KIND_ORDER = {"date": 0, "pending": 1, "permanent": 2, "open": 3, "missing": 4}


def file_order(row: Row) -> tuple[int, str, str]:
    """Number, then id, then scope: the order of the annex, independent of the file's."""
    c = row.commitment
    return (c.number, f"{len(c.id):03d}{c.id}", row.deadline.scope or "")


def due_order(row: Row) -> tuple[int, date, tuple[int, str, str]]:
    """By due date, undated last (pending, permanent, open, missing), then file order."""
    return (_KIND_ORDER[row.kind], row.due or date.max, file_order(row))


SORTS = ("due", "number", "branch")


def sort_rows(rows: Sequence[Row], by: str, accord: Accord, reverse: bool = False) -> list[Row]:
    """Rows in one of the SORTS orders: by due date (`due_order`), by number (the annex's,
    `file_order`), or by branch (the file's order of branches, then by due date)."""
    if by == "number":
        return sorted(rows, key=file_order, reverse=reverse)
    if by == "branch":
        rank = {b: i for i, b in enumerate(accord.branch_slugs())}
        return sorted(
            rows, key=lambda r: (rank[r.commitment.branch], due_order(r)), reverse=reverse
        )
    return sorted(rows, key=due_order, reverse=reverse)

"""Frozen dataclasses for a commitments file and its resolution."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from accordctl.errors import Pos
from accordctl.phrases import Rule

STATUSES = ("pending", "in-progress", "done", "dropped")
Kind = Literal["date", "permanent", "open", "pending", "missing"]
NOWHERE = Pos("")


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Deadline:
    """One deadline of a commitment; a split phrase gives several, each with a scope."""

    rule: Rule | None  # None: open (the cable gives no deadline)
    phrase: str | None  # the normalized phrase in the grammar
    source: str | None  # the phrase exactly as the cable writes it
    scope: str | None = None
    inferred: bool = False
    status: str | None = None
    completed: date | None = None
    evidence: str | None = None
    extensions: tuple[Extension, ...] = ()
    pos: Pos = NOWHERE

    def as_written(self) -> str | None:
        """The phrase as the cable prints it, parentheses included: "(6 months)", or "(6"
        where the cable cuts it off."""
        if self.source is None:
            return None
        return f"({self.source}" if self.inferred else f"({self.source})"


@dataclass(frozen=True)
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

    def row_id(self, deadline: Deadline) -> str:
        """The id of one output row: the entry id, plus the scope where there is one."""
        return f"{self.id}/{deadline.scope}" if deadline.scope else self.id


@dataclass(frozen=True)
class Event:
    """A dated (or not yet dated) fact that deadlines count from."""

    id: str
    title: str
    rule: Rule | None  # None: date unknown
    phrase: str | None
    source: str | None = None
    starts: Rule | None = None  # the start of a period such as a legislative session
    pos: Pos = NOWHERE


@dataclass(frozen=True)
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

    def branch_of(self, number: int) -> Branch | None:
        """The branch whose range holds `number`."""
        return branch_of(self.branches, number)


def branch_of(branches: Sequence[Branch], number: int) -> Branch | None:
    """The branch whose range holds `number`, if any."""
    return next((b for b in branches if b.first <= number <= b.last), None)


@dataclass(frozen=True)
class Step:
    """How one date was reached: the rule, its base (if any) and the result."""

    rule: str  # e.g. "6 months after signing"
    base: str | None = None  # the id counted from
    base_date: date | None = None
    base_is_actual: bool = False  # the base's actual (completion or recorded) date was used
    clipped: bool = False  # a month end was clipped (Jan 31 + 1 month = Feb 28)
    via: str | None = None  # the row or event actually counted from (the latest scope of a split)


@dataclass(frozen=True)
class Row:
    """One resolved deadline, as printed by `due`."""

    row_id: str
    commitment: Commitment
    deadline: Deadline
    kind: Kind
    due: date | None
    depends_on: tuple[str, ...]
    step: Step | None
    pending_on: str | None = None  # for kind "pending": what it waits on, and why
    original_due: date | None = None  # before extensions
    window_start: date | None = None
    actual: date | None = None  # completion date (data or --event)

    @property
    def effective(self) -> date | None:
        """The date dependents count from: the completion date when known, else the due date."""
        return self.actual or self.due


@dataclass(frozen=True)
class EventDate:
    """A resolved event."""

    event: Event
    date: dt.date | None
    step: Step | None
    actual: bool = False  # set by --event
    window_start: dt.date | None = None


@dataclass(frozen=True)
class Resolution:
    """The result of resolving an accord."""

    signed: date | None
    rows: tuple[Row, ...]
    events: tuple[EventDate, ...]
    by_id: dict[str, Row | EventDate] = field(default_factory=dict, compare=False)

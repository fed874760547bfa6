"""Which rows a question asks for, as one value every command that lists rows applies the
same way: what (ids, branches, words) and where it stands at an as-of date (states,
overdue, due within a span, needing attention, due between two dates).

Different options narrow (a row must pass each); the values of one option widen (a row
may match any of them). "Now" is a parameter: nothing here reads the clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from accordctl.core.errors import UsageError
from accordctl.core.model import Accord, Row
from accordctl.core.progress import is_overdue, state, within
from accordctl.core.text import quote, search_key

# The states a row passing a time filter can be in, at the as-of date: a state filter
# outside them matches nothing (overdue rows are past due and undone; rows due within a
# span are not yet due, so not overdue, and have work outstanding).
OVERDUE_STATES = frozenset({"overdue", "in-progress", "not-kept"})
WITHIN_STATES = frozenset({"upcoming", "in-progress"})
# What a state filter may name: the states of progress.STATES, and `done` for both kept.
STATE_SHORTHANDS = {"done": ("kept", "late")}


def named_rows(accord: Accord, idents: Sequence[str], what: str) -> dict[str, str]:
    """The rows and events `idents` name (see `Accord.expand`), each with the id that named
    it: an unknown id is refused with the ids it may have meant, and a row named twice
    (`1 1a`: 1 names 1a ... 1e) with both names. `what` names the command."""
    out: dict[str, str] = {}
    for ident in idents:
        named = accord.expand(ident)
        if not named:
            accord.check_id(ident, what)
        for row in named:
            if row in out:
                raise UsageError(
                    f"{what}: {quote(out[row])} and {quote(ident)} both name {row}: name it once"
                )
            out[row] = ident
    return out


@dataclass(frozen=True)
class Selection:
    """The rows a command line asks for. Empty fields ask for nothing: the empty
    selection is every row."""

    rows: frozenset[str] = frozenset()  # row ids (ids expanded: 1 -> 1a ... 1e)
    named: tuple[str, ...] = ()  # the ids as given, for messages
    branches: frozenset[str] = frozenset()
    search: str | None = None  # as given; compared by `search_key`
    states: frozenset[str] = frozenset()  # progress.STATES
    overdue: bool = False  # past due and undone (progress.is_overdue)
    within: date | None = None  # due from the as-of date to this one, work outstanding
    attention: bool = False  # overdue, or due within `within`
    since: date | None = None  # due on or after
    until: date | None = None  # due on or before

    @property
    def by_what(self) -> bool:
        """Whether rows are chosen by what they are (ids, branches, words)."""
        return bool(self.rows or self.branches or self.search)

    @property
    def by_when(self) -> bool:
        """Whether rows are chosen by where they stand, or by date."""
        return bool(self.states or self.overdue or self.within or self.attention) or bool(
            self.since or self.until
        )

    def what(self, row: Row) -> bool:
        """Whether `row` is one of the rows asked for by what it is."""
        if self.rows and row.row_id not in self.rows:
            return False
        if self.branches and row.commitment.branch not in self.branches:
            return False
        return self.search is None or search_key(self.search) in searchable(row)

    def when(self, row: Row, as_of: date) -> bool:
        """Whether `row` stands as asked at `as_of` (and is due in the dates asked)."""
        if self.states and state(row, as_of) not in self.states:
            return False
        late = is_overdue(row, as_of)
        soon = self.within is not None and within(row, as_of, self.within)
        if self.attention and not (late or soon):
            return False
        if not self.attention and ((self.overdue and not late) or (self.within and not soon)):
            return False
        if self.since is not None and (row.due is None or row.due < self.since):
            return False
        return self.until is None or (row.due is not None and row.due <= self.until)

    def apply(self, rows: Sequence[Row], as_of: date) -> tuple[list[Row], list[Row]]:
        """The rows chosen by what they are, and of those, the rows that also stand as
        asked: (base, chosen), each in the order given."""
        base = [r for r in rows if self.what(r)]
        return base, [r for r in base if self.when(r, as_of)]

    def contradiction(self, as_of: date | None = None) -> str | None:
        """Why no row can ever match, from the options alone and the as-of date (None when
        some may)."""
        if self.since and self.until and self.since > self.until:
            return f"--since {self.since} is after --until {self.until}: no date is both"
        if as_of is not None and (self.since or self.until):
            why = self._out_of_time(as_of)
            if why is not None:
                return why
        if not self.states:
            return None
        if "undated" in self.states and len(self.states) == 1 and (self.since or self.until):
            return "--state undated has no due date: --since and --until match none"
        timed = self._timed
        possible = set(OVERDUE_STATES if self.overdue or self.attention else ())
        possible |= WITHIN_STATES if self.within or self.attention else set()
        if timed and not self.states & possible:
            said = ", ".join(sorted(self.states))
            can = ", ".join(sorted(possible))
            return f"--state {said} and {timed} match no row together ({timed}: {can})"
        return None

    @property
    def _timed(self) -> str | None:
        """The option that asks where rows stand in time, if one does (--attention counts
        --within's span as its own)."""
        if self.attention or self.overdue:
            return "--attention" if self.attention else "--overdue"
        return "--within" if self.within else None

    def _out_of_time(self, as_of: date) -> str | None:
        """Why --since or --until leaves none of the due dates that --overdue, --within or
        --attention allow at `as_of`."""
        since, until, last = self.since, self.until, self.within
        if self.attention:
            allowed, out = f"rows due by {last}", since is not None and last and since > last
        elif self.overdue:
            allowed = f"rows due before the as-of date ({as_of})"
            out = since is not None and since >= as_of
        elif last is not None:
            allowed = f"rows due from the as-of date ({as_of}) to {last}"
            out = (since is not None and since > last) or (until is not None and until < as_of)
        else:
            return None
        if not out:
            return None
        timed = self._timed
        given = " and ".join(
            f"{name} {day}" for name, day in (("--since", since), ("--until", until)) if day
        )
        return f"{timed} matches {allowed}: {given} leaves none of them"


def searchable(row: Row) -> str:
    """What a search looks in, folded (see `search_key`): the commitment's title and
    heading, the deadline as written, and every note on the row (scope, the reading of an
    interpreted phrase, the record's progress, judgement, evidence and facts, the
    transcription note)."""
    from accordctl.core.views import notes

    c, d = row.commitment, row.deadline
    parts = [c.title or "", c.heading or "", d.source or "", *(n.text for n in notes(row))]
    return search_key(" \x00 ".join(parts))  # a phrase never spans two fields


def expand_states(names: Sequence[str]) -> list[str]:
    """State names with the shorthands expanded (`done` -> kept, late)."""
    return [s for n in names for s in STATE_SHORTHANDS.get(n, (n,))]

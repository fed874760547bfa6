"""The published status page as plain data: counts, a state per row, the rows with their
explanations, per-branch bars, and the two layouts of the timeline chart (`chart.py`).

Nothing here draws or escapes: `page.py` puts this into HTML with templates, so every
number on the page can be tested here as data. Same input, same output: no clock, no
random ids, everything in a fixed order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from accordctl.core.explain import ChainStep, chain
from accordctl.core.model import (
    Accord,
    Fact,
    Resolution,
    Row,
    chronological,
    due_order,
    file_order,
)
from accordctl.core.progress import OPEN, STATES, BranchStatus, soon, status, within
from accordctl.core.views import due_view
from accordctl.outputs.bins import BAR_ORDER
from accordctl.outputs.chart import NARROW, WIDE, Chart, chart

CHAIN_STEPS = 8  # a row's explanation on the page; a longer chain links on (linear in size)
# Up to this many rows, the page explains each (its chain, as `explain` prints it) and
# embeds its data; past it, the page is a summary to publish: counts, bars, the chart (in
# columns) and a compact table of every row, and `explain` and the data files give the
# rest. An explanation is some 5 kB of HTML a row: 1,000 rows make a page of about 6 MB,
# which a browser opens in a second or two; 100,000 explained rows made one of 565 MB.
EXPLAIN_ROWS = 1_000


@dataclass(frozen=True)
class Counts:
    """The header's numbers: every row, and how many are in each state at the as-of date;
    `soon` counts those due in the next 30 days with work still outstanding."""

    total: int
    by_state: tuple[tuple[str, int], ...]  # (state, count), in STATES order, zeros left out
    soon: int

    def of(self, name: str) -> int:
        """The count of one state."""
        return dict(self.by_state).get(name, 0)


@dataclass(frozen=True)
class Segment:
    """One state's part of a progress bar, in percent of the branch's rows."""

    state: str
    count: int
    x: float
    width: float


@dataclass(frozen=True)
class Bar:
    """A branch's progress: its counts and the bar they make."""

    status: BranchStatus
    segments: tuple[Segment, ...]
    done_percent: int


@dataclass(frozen=True)
class SourceLink:
    """A source as the page shows it: its text, and an address to link to when it is one
    (http or https only: anything else stays text)."""

    text: str
    href: str | None


@dataclass(frozen=True)
class PageFact:
    """A fact of the record as the page lists it: the fact, the rows and events it bears on
    (each with the anchor of its row on the page, if shown), its sources linked."""

    fact: Fact
    bears_on: tuple[tuple[str, str | None], ...]
    source: SourceLink
    also: tuple[tuple[SourceLink, str], ...]  # (source, quote)
    conflicts: tuple[tuple[SourceLink, str, str | None], ...]  # (source, quote, note)


@dataclass(frozen=True, slots=True)  # slots: a page of 100,000 rows holds 100,000 of them
class ReportRow:
    """One row of the page's table: what it shows, its state, its explanation (the chain
    `explain` prints), what the record says of it, and its rank under each sortable column."""

    row_id: str
    id: str
    branch: str
    title: str
    heading: str | None
    as_written: str | None
    due: date | None
    state: str
    days_left: int | None  # None when undated, or no longer counting down
    reason: str | None
    notes: tuple[str, ...]
    chain: tuple[ChainStep, ...]  # at most CHAIN_STEPS steps
    more: ChainStep | None  # where the chain goes on, past CHAIN_STEPS (that step's own row)
    positions: tuple[int, ...]  # the row's position when sorted by each column of RANKED
    completed: date | None = None  # when it was done, as recorded (also after the as-of date)
    days_late: int | None = None
    later: str | None = None  # what the record says happened after the as-of date
    facts: tuple[str, ...] = ()  # ids of the facts it cites (listed in the Record section)
    soon: bool = False  # due in the next SOON_DAYS days, with work outstanding

    @property
    def ranks(self) -> tuple[tuple[str, int], ...]:
        """Each column of RANKED with the row's position when the table is sorted by it."""
        return tuple(zip(RANKED, self.positions, strict=True))


@dataclass(frozen=True)
class PageEvent:
    """An event as the page lists it."""

    id: str
    title: str
    date: date | None
    source: str | None
    fact: str | None = None  # the fact of the record that dates it


@dataclass(frozen=True)
class Report:
    """Everything the status page shows."""

    title: str
    source: str | None
    signed: date | None
    as_of: date
    counts: Counts
    bars: tuple[Bar, ...]
    charts: tuple[Chart, Chart]  # wide (desktop, and `timeline --svg`), narrow (phone)
    rows: tuple[ReportRow, ...]  # in due order, as `due` prints them
    events: tuple[PageEvent, ...]
    branches: tuple[str, ...]  # the branches shown, in the file's order
    states: tuple[str, ...]  # the states present, in STATES order
    record: tuple[PageFact, ...] = ()  # the facts bearing on what is shown, by date
    titles: tuple[tuple[str, str], ...] = ()  # branch slug -> its title in the data
    explained: bool = True  # each row carries its explanation (at most EXPLAIN_ROWS rows)
    years: tuple[str, ...] = ()  # the years of the due dates, for the due-date filter
    id_width: int = 4  # the id column's width class: ids never wrap inside a word (id_width)

    @cached_property
    def branch_titles(self) -> dict[str, str]:
        """Every branch shown by its title in the data (its slug, when the file does not
        declare it)."""
        return {**{b: b for b in self.branches}, **dict(self.titles)}

    def branch_title(self, slug: str) -> str:
        """A branch's title in the data (its slug, for a branch the file does not declare)."""
        return self.branch_titles.get(slug, slug)


PAGE_COLUMNS = ("id", "branch", "title", "written", "due", "state", "left")  # sortable
# The orders the page carries, a rank a row; the script derives the others from these and
# the table's own order (by due date): days left run with the due date, a branch's rows in
# the file's order of branches and then by id, states in STATES order and then by due date.
RANKED = ("id", "title", "written")


def _bar(b: BranchStatus) -> Bar:
    segments, x = [], 0.0
    for name in BAR_ORDER:
        n = b.count(name)
        if n:
            w = 100 * n / b.total
            segments.append(Segment(name, n, round(x, 2), round(w, 2)))
            x += w
    pct = round(100 * b.done / b.total) if b.total else 0
    return Bar(b, tuple(segments), pct)


def _ranks(rows: Sequence[Row]) -> dict[str, dict[str, int]]:
    """For each column of RANKED, each row's position when the table is sorted by it
    (ascending); ties fall back to the annex order, so every order is total and stable."""

    def title(r: Row) -> str:
        return (r.commitment.title or r.commitment.text or "").casefold()

    keys = {
        "id": file_order,
        "title": lambda r: (title(r), file_order(r)),
        "written": lambda r: (r.deadline.source is None, r.deadline.source or "", file_order(r)),
    }
    out: dict[str, dict[str, int]] = {}
    for column in RANKED:
        ordered = sorted(rows, key=keys[column])
        out[column] = {r.row_id: i for i, r in enumerate(ordered)}
    return out


def build_report(accord: Accord, res: Resolution, rows: Sequence[Row], as_of: date) -> Report:
    """The status page's data for `rows` (one resolution, as `due` has it) at `as_of`; each
    row explained up to EXPLAIN_ROWS rows."""
    explained = len(rows) <= EXPLAIN_ROWS
    until = soon(as_of)
    view = due_view(res, sorted(rows, key=due_order), as_of)
    states = {x.row.row_id: x.state for x in view.rows}
    ranks = _ranks(rows)
    out = []
    for x in view.rows:
        r, c = x.row, x.row.commitment
        st = x.state
        steps = chain(res, r.row_id, limit=CHAIN_STEPS + 1, as_of=as_of) if explained else []
        out.append(
            ReportRow(
                row_id=r.row_id,
                id=c.id,
                branch=c.branch,
                title=c.title or c.text or "",
                heading=c.heading,
                as_written=r.deadline.as_written(),
                due=r.due,
                state=st,
                days_left=x.days_left if st in OPEN else None,
                reason=x.reason,
                notes=tuple(n.text for n in x.notes),
                chain=tuple(steps[:CHAIN_STEPS]),
                more=steps[CHAIN_STEPS] if len(steps) > CHAIN_STEPS else None,
                positions=tuple(ranks[k][r.row_id] for k in RANKED),
                completed=r.completed,
                days_late=x.days_late,
                later=x.later,
                facts=tuple(f.id for f in r.facts),
                soon=within(r, as_of, until),
            )
        )
    stats = status(accord, rows, as_of)
    counts = Counts(
        total=len(rows),
        by_state=tuple((s, n) for s in STATES if (n := sum(b.count(s) for b in stats))),
        soon=sum(1 for x in out if x.soon),
    )
    events = tuple(
        PageEvent(e.event.id, e.event.title, e.date, e.event.source, e.event.fact)
        for e in res.events
    )
    shown = {r.commitment.branch for r in rows}
    return Report(
        title=accord.title,
        source=accord.source,
        signed=res.signed,
        as_of=as_of,
        counts=counts,
        bars=tuple(_bar(b) for b in stats),
        charts=(
            chart(accord, res, rows, as_of, WIDE, "wide"),
            chart(accord, res, rows, as_of, NARROW, "narrow"),
        ),
        rows=tuple(out),
        events=tuple(sorted(events, key=lambda e: (e.date is None, e.date or date.min, e.id))),
        branches=tuple(b for b in accord.branch_slugs() if b in shown),
        states=tuple(s for s in STATES if s in states.values()),
        record=_record(accord, rows, res),
        titles=tuple((b.slug, b.title) for b in accord.branches),
        explained=explained,
        years=tuple(sorted({str(r.due.year).zfill(4) for r in rows if r.due is not None})),
        id_width=id_width(r.row_id for r in rows),
    )


ID_WIDTHS = (4, 6, 8, 10, 12, 14, 16)  # the style sheet's id columns, in half-ems (idw-N)


def id_width(row_ids: Iterable[str]) -> int:
    """The narrowest id column (in half-ems, one of ID_WIDTHS) that holds every id's longest
    word: the entry id is bold (1.15 half-ems a character, roughly), a scope after its `/`
    is set smaller (0.8) and may wrap after a hyphen. Longer words than the widest column
    holds may wrap anywhere (the widest class says so)."""
    need = 0.0
    for rid in row_ids:
        entry, _, scope = rid.partition("/")
        words = [w for w in re.split(r"(?<=-)(?=[^\d])", scope) if w]
        need = max(need, len(entry) * 1.15, *(len(w) * 0.8 for w in words))
    return next((w for w in ID_WIDTHS if w >= need), ID_WIDTHS[-1])


def link(source: str) -> SourceLink:
    """A source, linked when it is a web address (anything else stays text)."""
    ok = source.startswith(("https://", "http://")) and " " not in source.strip()
    return SourceLink(source, source.strip() if ok else None)


def _record(accord: Accord, rows: Sequence[Row], res: Resolution) -> tuple[PageFact, ...]:
    """The facts that bear on the rows shown (or on their entries, or on the events), that
    they cite, or that date an event; and the facts about the accord as a whole. By date,
    then in the file's order."""
    anchors: dict[str, str] = {}
    for r in rows:
        anchors.setdefault(r.row_id, f"row-{r.row_id}")
        anchors.setdefault(r.commitment.id, f"row-{r.row_id}")
    events = {e.event.id for e in res.events}
    cited = {f.id for r in rows for f in r.facts}
    cited |= {e.event.fact for e in res.events if e.event.fact}
    out = []
    for f in chronological(accord.record):
        if f.bears_on and f.id not in cited and not (set(f.bears_on) & (anchors.keys() | events)):
            continue
        out.append(
            PageFact(
                f,
                tuple((i, anchors.get(i)) for i in f.bears_on),
                link(f.source),
                tuple((link(c.source), c.quote) for c in f.also),
                tuple((link(c.source), c.quote, c.note) for c in f.conflicts),
            )
        )
    return tuple(out)

"""The timeline chart as geometry: months along x, a lane per branch, a mark per dated
deadline coloured by its state, the events and the as-of line, in the chart's own units.

Nothing here draws or escapes: `page.py` puts this into SVG with a template (for the status
page and `timeline --svg`), so every position can be tested here as data.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from accordctl.core.model import Accord, Resolution, Row, due_order
from accordctl.core.progress import DONE, LABELS, STATES, state
from accordctl.outputs.timeline import LETTERS

EVENT_LABELS = {
    "S": "signing",
    "R": "review meeting",
    "E": "session end, budget",
    "X": "programme end",
}
WIDE, NARROW = 960, 360  # the chart's two layouts: desktop and phone (CSS picks one)


@dataclass(frozen=True)
class Mark:
    """One deadline on the chart: its centre, state and a label for its tooltip; a done
    row also has the x of the day it was done, joined to its due date by a line."""

    x: float
    y: float
    state: str
    row_id: str
    label: str
    done_x: float | None = None


@dataclass(frozen=True)
class ChartLane:
    """One branch's band: its top, height, where its name stands, and what is not drawn."""

    branch: str
    y: float
    height: float
    label_y: float
    note: str  # e.g. "1 undated"


@dataclass(frozen=True)
class Tick:
    """A label or line on the time axis."""

    x: float
    label: str


@dataclass(frozen=True)
class EventMark:
    """The events of one spot on the axis: a letter above a dotted line."""

    x: float
    y: float  # the letter's baseline
    line_top: float  # where the dotted line down through the lanes starts
    letter: str
    label: str


@dataclass(frozen=True)
class LegendItem:
    """A glyph (a state, or an event letter) and its words."""

    x: float  # the glyph's centre
    y: float
    text_x: float  # the words' start and baseline
    text_y: float
    key: str  # a state, or "event:S"
    label: str


@dataclass(frozen=True)
class Chart:
    """Everything the timeline SVG draws, in its own units (one unit is one CSS pixel at
    the layout's width)."""

    name: str  # prefix for element ids, unique on a page
    width: int
    height: float
    left: float
    right: float
    axis_y: float  # baseline of the year labels
    month_y: float  # baseline of the month letters
    lanes_top: float
    lanes_bottom: float
    years: tuple[Tick, ...]
    months: tuple[Tick, ...]  # one letter a month, when there is room
    lines: tuple[Tick, ...]  # year boundaries, drawn across the lanes
    lanes: tuple[ChartLane, ...]
    marks: tuple[Mark, ...]
    events: tuple[EventMark, ...]
    as_of: Tick | None  # x of the as-of line; label "as of YYYY-MM-DD"
    as_of_top: float  # the line runs from the axis to below the lanes
    as_of_bottom: float
    as_of_y: float  # the label's baseline
    as_of_anchor: str  # "start", "middle" or "end": keeps the label inside the chart
    legend: tuple[LegendItem, ...]
    title: str
    desc: str  # the text alternative: what the picture shows, in words


PITCH = 10.0  # marks are 9 units wide; one more keeps them apart
MAX_LEVELS = 24  # beyond this, marks on one day overlap rather than grow the lane forever
PAD = 8.0
CHAR = 6.6  # the width of a character of 11-unit text, roughly, for the legend's wrapping


def _month_starts(first: date, last: date) -> list[date]:
    """The first day of every month from `first` to `last`, then the end of the last one
    (the last day there is, for December 9999)."""
    out = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    out.append(date(y, m, 1) if y <= date.max.year else date.max)
    return out


def _pack(xs: Sequence[float], gap: float, levels: int) -> list[int]:
    """A level for each x (sorted ascending) such that two on one level are `gap` apart;
    the first level that has room, else the level whose last x is farthest left."""
    ends: list[float] = []
    out = []
    for x in xs:
        free = next((i for i, end in enumerate(ends) if x - end >= gap), None)
        if free is None and len(ends) < levels:
            ends.append(x)
            free = len(ends) - 1
        elif free is None:
            free = min(range(len(ends)), key=lambda i: (ends[i], i))
        ends[free] = x
        out.append(free)
    return out


def _r(v: float) -> float:
    return round(v, 1)


def chart(
    accord: Accord,
    res: Resolution,
    rows: Sequence[Row],
    as_of: date | None,
    width: int = WIDE,
    name: str = "chart",
) -> Chart:
    """The timeline as geometry: months along x (signing to programme end, widened to
    every due date), one lane per branch, a mark per dated row coloured by its state,
    the dated events, and the as-of line."""
    dates = {e.event.id: e.date for e in res.events}
    dues = sorted(r.due for r in rows if r.due is not None)
    done = {r.row_id: r.completed for r in rows if r.completed and state(r, as_of) in DONE}
    known = [d for d in (dates.get("signing"), dates.get("programme-end")) if d] + dues
    known += [d for r in rows if (d := done.get(r.row_id)) and r.due is not None]
    first = min(known, default=as_of or date(2000, 1, 1))  # no date at all: any month
    last = max(known, default=first)
    bounds = _month_starts(first, last)
    start, end = bounds[0], bounds[-1]
    left, right = PAD, width - PAD
    span = (end - start).days

    def x_of(d: date) -> float:
        return _r(left + (d - start).days / span * (right - left))

    def inside(d: date | None) -> bool:
        return d is not None and start <= d and (d < end or d == date.max)

    # events: one letter per spot (several events on one day share it), packed in rows
    spots: dict[float, list[tuple[str, str]]] = {}
    for e in res.events:
        if e.date is not None and inside(e.date):
            letter = LETTERS.get(e.event.id, "E")
            spots.setdefault(x_of(e.date), []).append((letter, f"{e.date} {e.event.title}"))
    xs = sorted(spots)
    levels = _pack(xs, 11.0, 4)
    event_rows = max(levels, default=-1) + 1
    y = PAD + 11.0
    events = tuple(
        EventMark(
            x,
            _r(y + 13.0 * lv),
            _r(y + 13.0 * lv + 3.0),
            min((letter for letter, _ in spots[x]), key="SXRE".index),
            "; ".join(text for _, text in spots[x]),
        )
        for x, lv in zip(xs, levels, strict=True)
    )
    y += 13.0 * max(event_rows - 1, 0) + 18.0

    # the axis: a year label at each January (and at the start, when there is room)
    months = bounds[:-1]
    per_month = (right - left) / len(months)
    per_year = per_month * 12
    steps = [m * 10**e for e in range(5) for m in (1, 2, 5)]  # years between labels
    step = next((k for k in steps if k * per_year >= 36), 10**5)
    years: list[Tick] = []
    jans = [d for d in months if d.month == 1 and d.year % step == 0]
    if months[0].month != 1 and (not jans or x_of(jans[0]) - left >= 36):
        years.append(Tick(left, str(months[0].year)))
    years += [Tick(x_of(d), str(d.year)) for d in jans]
    axis_y = y
    month_ticks: tuple[Tick, ...] = ()
    if per_month >= 14:
        y += 13.0
        month_ticks = tuple(
            Tick(_r(x_of(d) + per_month / 2), "JFMAMJJASOND"[d.month - 1]) for d in months
        )
    month_y = y
    lines = tuple(Tick(x_of(d), str(d.year)) for d in jans)
    y += 10.0

    # lanes: a name line, then the marks, packed in levels so that none hides another
    lanes_top = y
    lanes: list[ChartLane] = []
    marks: list[Mark] = []
    for b in accord.branches:
        mine = sorted((r for r in rows if r.commitment.branch == b.slug), key=due_order)
        if not mine:
            continue
        dated = [r for r in mine if inside(r.due)]
        xs_marks = [x_of(r.due) for r in dated if r.due is not None]
        lv = _pack(xs_marks, PITCH, MAX_LEVELS)
        depth = max(lv, default=0) + 1
        top = y
        label_y = top + 14.0
        first_mark = label_y + 9.0
        for r, x, level in zip(dated, xs_marks, lv, strict=True):
            st = state(r, as_of)
            label = f"{r.row_id} ({b.slug}): due {r.due}, {LABELS[st]}"
            when = done.get(r.row_id)
            label += f" (done {when})" if when else ""
            done_x = x_of(when) if when and inside(when) else None
            marks.append(Mark(x, _r(first_mark + PITCH * level), st, r.row_id, label, done_x))
        undated = len(mine) - len(dated)  # the span holds every due date
        note = [f"{len(mine)} deadline{'s' if len(mine) != 1 else ''}"]
        note += [f"{undated} with no date"] if undated else []
        height = _r(first_mark - top + PITCH * (depth - 1) + 9.0)
        lanes.append(ChartLane(b.slug, _r(top), height, _r(label_y), ", ".join(note)))
        y = top + height
    lanes_bottom = _r(y)

    # the as-of line, its label kept inside the chart
    line = Tick(x_of(as_of), f"as of {as_of}") if as_of is not None and inside(as_of) else None
    y += 16.0
    as_of_y = y
    anchor = "middle"
    if line is not None:
        half = len(line.label) * CHAR / 2
        anchor = "start" if line.x - half < left else "end" if line.x + half > right else anchor
    if as_of is not None:
        y += 8.0

    # the legend: states present on the chart, then event letters, wrapped to the width
    present = {m.state for m in marks}
    items = [(s, LABELS[s]) for s in STATES if s in present]
    items += (
        [("done-on", "the day it was done")] if any(m.done_x is not None for m in marks) else []
    )
    items += [(f"event:{k}", v) for k, v in EVENT_LABELS.items() if k in _letters(events)]
    legend: list[LegendItem] = []
    x, y = left, y + 14.0
    for key, label in items:
        w = 16.0 + len(label) * CHAR + 12.0
        if x > left and x + w > right:
            x, y = left, y + 16.0
        legend.append(LegendItem(_r(x + 5.0), _r(y - 4.0), _r(x + 14.0), _r(y), key, label))
        x += w
    height = _r(y + PAD)

    title = f"Timeline of {accord.title or 'the commitments'}"
    desc = _describe(accord, rows, as_of, (start, months[-1]), events, line)
    return Chart(
        name, width, height, left, right, _r(axis_y), _r(month_y), _r(lanes_top),
        lanes_bottom, tuple(years), month_ticks, lines, tuple(lanes), tuple(marks), events,
        line, _r(axis_y - 11.0), _r(lanes_bottom + 4.0), _r(as_of_y), anchor, tuple(legend),
        title, desc,
    )  # fmt: skip


def _letters(events: Sequence[EventMark]) -> set[str]:
    return {e.letter for e in events}


def _describe(
    accord: Accord,
    rows: Sequence[Row],
    as_of: date | None,
    span: tuple[date, date],
    events: Sequence[EventMark],
    line: Tick | None,
) -> str:
    """The chart in words, for people who cannot see it."""
    first, last = (f"{calendar.month_name[d.month]} {d.year}" for d in span)
    parts = [f"Deadlines by branch, one mark each, from {first} to {last}."]
    for b in accord.branches:
        mine = [r for r in rows if r.commitment.branch == b.slug]
        if not mine:
            continue
        counts = [(s, sum(1 for r in mine if state(r, as_of) == s)) for s in STATES]
        said = ", ".join(f"{n} {LABELS[s]}" for s, n in counts if n)
        parts.append(f"{b.slug}: {said}.")
    if events:
        parts.append("Events: " + "; ".join(e.label for e in events) + ".")
    if as_of is not None:
        parts.append(f"As of {as_of}." if line else f"As of {as_of}, outside the chart.")
    return " ".join(parts)

"""The timeline chart as geometry: months along x, a lane per branch, a mark per dated
deadline coloured by its state, the events and the as-of line, in the chart's own units.

Nothing here draws or escapes: `page.py` puts this into SVG with a template (for the status
page and `timeline --format svg`), so every position can be tested here as data.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from accordctl.core.model import Accord, Resolution, Row, due_order
from accordctl.core.progress import DONE, LABELS, STATES, state
from accordctl.outputs.bins import BAR_ORDER, BIN_FLOOR, BIN_HEIGHT, Bin, columns, tallest, unit
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
    note: str  # e.g. "13 deadlines, 1 with no date"
    title: str  # the branch's title in the data
    note_y: float  # the note's baseline: beside the title, or below it when both do not fit


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
    bins: tuple[Bin, ...] = ()  # columns instead of marks, when there are too many marks
    period: str | None = None  # what one column spans ("year"), when there are columns


PITCH = 10.0  # marks are 9 units wide; one more keeps them apart
MAX_LEVELS = 24  # a lane that needs more levels than this is drawn as columns
# A mark per deadline up to this many: each is a link and a stop of the keyboard, and the
# page's cost should follow the rows, not a picture of them; past it, columns per period.
MAX_MARKS = 1_000
LETTER_GAP = 11.0  # the widest event letter (bold, 11 units) is under 9 units wide
LETTER_ROW = 13.0  # rows of letters, one above the other
LETTER_ROWS = 4
PERIODS = {7: "month", 4: "year", 3: "decade", 2: "century", 1: "millennium"}
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
    every due date), one lane per branch, a mark per dated row coloured by its state (or,
    past MAX_MARKS or MAX_LEVELS, columns per period: `bins.py`), the dated events, and
    the as-of line."""
    dates = {e.event.id: e.date for e in res.events}
    states = {r.row_id: state(r, as_of) for r in rows}
    dues = sorted(r.due for r in rows if r.due is not None)
    done = {r.row_id: r.completed for r in rows if r.completed and states[r.row_id] in DONE}
    known = [d for d in (dates.get("signing"), dates.get("programme-end")) if d] + dues
    known += [d for r in rows if (d := done.get(r.row_id)) and r.due is not None]
    first = min(known, default=as_of or date(2000, 1, 1))  # no date at all: any month
    last = max(known, default=first)
    bounds = _month_starts(first, last)
    start, end = bounds[0], bounds[-1]
    left, right = PAD, width - PAD
    span = (end - start).days

    def x_of(d: date) -> float:
        return _r(left + (min(max(d, start), end) - start).days / span * (right - left))

    def inside(d: date | None) -> bool:
        return d is not None and start <= d and (d < end or d == date.max)

    # events: one letter per spot (several events on one day share it), in rows
    spots: dict[float, list[tuple[str, str]]] = {}
    for e in res.events:
        if e.date is not None and inside(e.date):
            letter = LETTERS.get(e.event.id, "E")
            spots.setdefault(x_of(e.date), []).append((letter, f"{e.date} {e.event.title}"))
    placed = _place_events(sorted(spots.items()))
    event_rows = max((lv for _, lv, _ in placed), default=-1) + 1
    y = PAD + 11.0
    events = tuple(
        EventMark(
            x,
            _r(y + LETTER_ROW * lv),
            _r(y + LETTER_ROW * lv + 3.0),
            min((letter for letter, _ in items), key="SXRE".index),
            "; ".join(text for _, text in items),
        )
        for x, lv, items in placed
    )
    y += LETTER_ROW * max(event_rows - 1, 0) + 18.0

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

    # lanes: a name line, then the marks packed in levels so that none hides another, or
    # columns when there are too many marks for that
    lanes_top = y
    titles = {b.slug: b.title for b in accord.branches}
    by_lane = [
        (b.slug, sorted((r for r in rows if r.commitment.branch == b.slug), key=due_order))
        for b in accord.branches
    ]
    by_lane = [(slug, mine) for slug, mine in by_lane if mine]
    xs = {slug: [x_of(r.due) for r in mine if inside(r.due) and r.due] for slug, mine in by_lane}
    binned = sum(map(len, xs.values())) > MAX_MARKS
    levels = {} if binned else {slug: _pack(v, PITCH, MAX_LEVELS + 1) for slug, v in xs.items()}
    binned = binned or any(MAX_LEVELS in v for v in levels.values())
    length = unit(span, right - left)
    most = max(
        (tallest([(r, states[r.row_id]) for r in mine], length) for _, mine in by_lane), default=0
    )
    lanes: list[ChartLane] = []
    marks: list[Mark] = []
    bins: list[Bin] = []
    for slug, mine in by_lane:
        dated = [r for r in mine if inside(r.due)]
        note = [f"{len(mine):,} deadline{'s' if len(mine) != 1 else ''}"]
        undated = len(mine) - len(dated)  # the span holds every due date
        note += [f"{undated:,} with no date"] if undated else []
        title = titles[slug]
        top = y
        label_y = top + 14.0
        # the note beside the name when both fit, else on a line of its own
        wrapped = (len(title) * 1.1 + 3 + len(", ".join(note))) * CHAR > right - left
        note_y = label_y + 13.0 if wrapped else label_y
        first_mark = note_y + 9.0
        if binned:
            scale = BIN_HEIGHT / most if most else 0.0
            mine_states = [(r, states[r.row_id]) for r in dated]
            bottom = note_y + 6.0 + BIN_HEIGHT + BIN_FLOOR * len(BAR_ORDER)
            parts = columns(mine_states, slug, title, length, scale, bottom, x_of)
            bins += parts
            height = _r(bottom - top + 4.0)
        else:
            for r, x, level in zip(dated, xs[slug], levels[slug], strict=True):
                st = states[r.row_id]
                label = f"{r.row_id} ({title}): due {r.due}, {LABELS[st]}"
                when = done.get(r.row_id)
                label += f" (done {when})" if when else ""
                done_x = x_of(when) if when and inside(when) else None
                marks.append(Mark(x, _r(first_mark + PITCH * level), st, r.row_id, label, done_x))
            depth = max(levels[slug], default=0) + 1
            height = _r(first_mark - top + PITCH * (depth - 1) + 9.0)
        lanes.append(
            ChartLane(slug, _r(top), height, _r(label_y), ", ".join(note), title, _r(note_y))
        )
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
    present = {m.state for m in marks} | {b.state for b in bins}
    kind = "bin:" if binned else ""
    items = [(kind + s, LABELS[s]) for s in (BAR_ORDER if binned else STATES) if s in present]
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
    desc = _describe(accord, rows, states, as_of, (start, months[-1]), events, line)
    if binned:
        desc += f" Too many deadlines for a mark each: one column per {PERIODS[length]}."
    return Chart(
        name, width, height, left, right, _r(axis_y), _r(month_y), _r(lanes_top),
        lanes_bottom, tuple(years), month_ticks, lines, tuple(lanes), tuple(marks), events,
        line, _r(axis_y - 11.0), _r(lanes_bottom + 4.0), _r(as_of_y), anchor, tuple(legend),
        title, desc, tuple(bins), PERIODS[length] if binned else None,
    )  # fmt: skip


def _place_events(
    spots: Sequence[tuple[float, list[tuple[str, str]]]],
) -> list[tuple[float, int, list[tuple[str, str]]]]:
    """A row for each spot's letter (spots sorted by x) such that two letters on one row
    stand LETTER_GAP apart, in at most LETTER_ROWS rows; a spot with no room joins the
    letter just before it, whose label then names its events too. So no two letters
    overlap, however crowded the events."""
    ends: list[float] = []  # the x of each row's last letter
    last: list[int] = []  # and its index in `placed`
    placed: list[tuple[float, int, list[tuple[str, str]]]] = []
    for x, items in spots:
        free = next((i for i, end in enumerate(ends) if x - end >= LETTER_GAP), None)
        if free is None and len(ends) < LETTER_ROWS:
            ends.append(x)
            last.append(-1)
            free = len(ends) - 1
        if free is None:
            nearest = max(range(len(ends)), key=lambda i: (ends[i], -i))
            placed[last[nearest]][2].extend(items)
            continue
        ends[free] = x
        last[free] = len(placed)
        placed.append((x, free, list(items)))
    return placed


def _letters(events: Sequence[EventMark]) -> set[str]:
    return {e.letter for e in events}


def _describe(
    accord: Accord,
    rows: Sequence[Row],
    states: dict[str, str],
    as_of: date | None,
    span: tuple[date, date],
    events: Sequence[EventMark],
    line: Tick | None,
) -> str:
    """The chart in words, for people who cannot see it."""
    first, last = (f"{calendar.month_name[d.month]} {d.year}" for d in span)
    parts = [f"Deadlines by branch from {first} to {last}."]
    for b in accord.branches:
        mine = [states[r.row_id] for r in rows if r.commitment.branch == b.slug]
        if not mine:
            continue
        said = ", ".join(f"{n:,} {LABELS[s]}" for s in STATES if (n := mine.count(s)))
        parts.append(f"{b.title}: {said}.")
    if events:
        parts.append("Events: " + "; ".join(e.label for e in events) + ".")
    if as_of is not None:
        parts.append(f"As of {as_of}." if line else f"As of {as_of}, outside the chart.")
    return " ".join(parts)

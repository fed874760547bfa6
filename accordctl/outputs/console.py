"""Text for people, drawn with rich: the `due` table, `status`, `explain`'s tree, the
timeline and `diff`. Colour and box art only on a terminal, never with NO_COLOR."""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from accordctl.core.progress import soon
from accordctl.core.text import flat
from accordctl.core.views import cited, fact_line
from accordctl.outputs.table import FLEXIBLE, layout, wrap

if TYPE_CHECKING:
    from accordctl.core.diff import Change, Diff
    from accordctl.core.explain import ChainStep
    from accordctl.core.model import Fact
    from accordctl.core.progress import BranchStatus
    from accordctl.core.views import DueView
    from accordctl.outputs.timeline import Grid


def _console(terminal: bool, width: int) -> tuple[Any, io.StringIO, bool]:
    """A rich console writing to a buffer, and whether it draws colour, styles and box art
    (only on a terminal, never with NO_COLOR)."""
    from rich.console import Console

    buf = io.StringIO()
    fancy = terminal and not os.environ.get("NO_COLOR")
    # NO_COLOR: no colour, and no bold or underline either (the manual promises plain text;
    # rich's own no_color keeps the styles), so rich is told it writes to no terminal
    con = Console(
        file=buf, force_terminal=fancy, no_color=not fancy, width=width, height=25,
        highlight=False,
    )  # fmt: skip
    return con, buf, fancy


def _finish(buf: io.StringIO, fancy: bool) -> str:
    """The buffer's text; off a terminal without the blanks rich pads lines with."""
    text = buf.getvalue()
    return text if fancy else "\n".join(line.rstrip() for line in text.split("\n"))


# The columns of the `due` table: name -> heading. `left` appears only with an as-of date.
TABLE_COLUMNS = {
    "id": "#", "branch": "Branch", "title": "Commitment", "written": "As written", "due": "Due",
    "left": "Left", "note": "Note",
}  # fmt: skip
_STATE_STYLE = {
    "overdue": "bold red", "not-kept": "red", "in-progress": "yellow", "soon": "yellow",
    "kept": "green", "late": "green", "dropped": "dim",
}  # fmt: skip


def table_text(
    view: DueView,
    terminal: bool,
    width: int,
    columns: Sequence[str] | None = None,
    compact: bool | None = None,
    left: bool = True,
) -> str:
    """The human table, rows as given, at `width` cells, laid out by `table.layout`: the
    commitment wrapped in the room there is, never cut; notes as markers ([1]) with their
    text once under the table; a column that says the same on every row said once there
    too. `compact` (asked for, never the default): one line a row, long cells cut with an
    ellipsis. `left`: a Left column, the days from the as-of date (asked for with --as-of
    or a question of time: --overdue, --within, --attention, --state). On a terminal,
    overdue dates in red, those due within 30 days in yellow; never with NO_COLOR."""
    from rich.table import Table
    from rich.text import Text

    if not view.rows:
        return ""  # nothing matched: `due` says so on stderr, and a bare header says nothing
    lay = layout(view.rows, TABLE_COLUMNS, width, columns, left, bool(compact))
    con, buf, fancy = _console(terminal, width)
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold underline")
    for n in lay.names:
        cut = bool(compact) and n in FLEXIBLE  # asked for: the text cut, the rest whole
        table.add_column(
            TABLE_COLUMNS[n], width=lay.widths[n], justify="right" if n == "left" else "left",
            no_wrap=cut, overflow="ellipsis" if cut else "fold",
        )  # fmt: skip
    for x, cell in zip(view.rows, lay.rows, strict=True):
        style = _STATE_STYLE.get(x.state, "")
        if x.state == "upcoming" and view.as_of is not None and x.row.due is not None:
            style = _STATE_STYLE["soon"] if x.row.due <= soon(view.as_of) else ""
        styles = {"due": style, "left": style, "note": "yellow"}
        table.add_row(*(Text(cell[n], style=styles.get(n, "")) for n in lay.names))
    con.print(table)
    said = [f"{TABLE_COLUMNS[n]}: {value} (every row)" for n, value in lay.same if value != "-"]
    if said:
        con.print(Text("\n".join(wrap("; ".join(said), width)), style="dim"))
    if lay.notes and "note" in lay.names:
        mark = len(f"[{len(lay.notes)}] ")
        for i, note in enumerate(lay.notes, 1):
            lines = wrap(note, width - mark, addresses=True)
            text = Text(f"[{i}]".ljust(mark), style="yellow")
            text.append("\n".join([lines[0], *(" " * mark + x for x in lines[1:])]))
            con.print(text, overflow="fold", crop=False)
    return _finish(buf, fancy)


# `status`'s columns: the states in the order a reader weighs them, with short headings.
_STATUS_COLUMNS = {
    "kept": "Kept", "late": "Late", "not-kept": "Not kept", "dropped": "Dropped",
    "in-progress": "Underway", "overdue": "Overdue", "upcoming": "Not due", "undated": "Undated",
}  # fmt: skip


def status_text(stats: Sequence[BranchStatus], as_of: date, terminal: bool, width: int) -> str:
    """`status` as a table: per branch, the rows in each state (a state no branch is in is
    left out, but kept and overdue, which always show), and a bar of the done (kept on
    time or late) of all; 80 columns hold every state, and a narrower terminal gets a line
    a branch."""
    from rich import box
    from rich.measure import Measurement
    from rich.table import Table

    from accordctl.core.progress import LABELS

    if not stats:
        return ""  # nothing matched: `status` says so on stderr, as `due` does
    con, buf, fancy = _console(terminal, width)
    table = Table(box=box.SIMPLE_HEAD if fancy else None, pad_edge=False, show_edge=False)
    table.title = f"as of {as_of}"
    shown = [
        s for s in _STATUS_COLUMNS
        if s in ("kept", "overdue") or any(b.count(s) for b in stats)
    ]  # fmt: skip
    table.add_column("Branch", no_wrap=True)
    for s in shown:
        table.add_column(_STATUS_COLUMNS[s], justify="right", no_wrap=True)
    table.add_column("Done", no_wrap=True)
    for b in stats:
        filled = round(6 * b.done / b.total) if b.total else 0
        bar = "█" * filled + "░" * (6 - filled) if fancy else "#" * filled + "." * (6 - filled)
        pct = f"{100 * b.done / b.total:.0f}%" if b.total else "-"
        cells = [str(b.count(s)) for s in shown]
        if fancy:
            cells = [
                f"[{_STATE_STYLE[s]}]{c}[/]" if s in _STATE_STYLE and c != "0" else c
                for s, c in zip(shown, cells, strict=True)
            ]
        table.add_row(b.branch, *cells, f"{bar} {pct}")
    if Measurement.get(con, con.options.update_width(1 << 16), table).maximum <= width:
        con.print(table)
    else:  # too narrow for a column a state: a line a branch, wrapped, that cuts nothing
        con.print(f"as of {as_of}")
        for b in stats:
            counts = ", ".join(f"{b.count(s)} {_STATUS_COLUMNS[s].lower()}" for s in shown)
            pct = f"{100 * b.done / b.total:.0f}% done" if b.total else "nothing to do"
            lines = wrap(f"{b.branch}: {counts}; {pct}", width - 2)
            con.print("\n".join([lines[0], *("  " + x for x in lines[1:])]), crop=False)
    said = [
        f"{_STATUS_COLUMNS[s]}: {LABELS[s]}"
        for s in shown
        if s in ("late", "in-progress", "upcoming")
    ]
    said += ["Overdue: past due, nothing recorded either way (not yet rated)"]
    said += ["Done: kept, on time or late"]
    con.print("; ".join(said), style="dim")
    return _finish(buf, fancy)


def explain_text(chains: Sequence[Sequence[ChainStep]], terminal: bool, width: int) -> str:
    """Each chain as a column of steps, the asked-for date at the top and what it counts
    from below it: flat, so that a chain of any depth reads at any width, in linear time."""
    from rich.cells import cell_len

    fancy = terminal and not os.environ.get("NO_COLOR")
    bold, yellow, plain = ("\x1b[1m", "\x1b[33m", "\x1b[0m") if fancy else ("", "", "")
    out: list[str] = []

    def put(text: str, first: str, rest: str, style: str = "") -> None:
        text = flat(text)
        room = max(width - max(cell_len(first), cell_len(rest)), 20)
        if cell_len(text) <= room:
            out.append(f"{first}{style}{text}{plain if style else ''}")
            return
        for i, part in enumerate(wrap(text, room, addresses=True)):
            out.append(f"{first if i == 0 else rest}{style}{part}{plain if style else ''}")

    for steps in chains:
        head = steps[0]
        result = head.date or head.reason or head.kind
        put(" <- ".join(s.id for s in steps) + f": {result}", "", "  ", bold)
        for i, s in enumerate(steps):
            row = s.type == "commitment"
            title = s.title or ("(its title was lost at a page break in the cable)" if row else "")
            label = f"{s.id} ({s.branch if row else 'event'}) {title}"
            put(
                label + (" (explained above)" if s.shown_above else ""),
                "" if i == 0 else "└ counts from ",
                "  ",
                bold,
            )
            if s.shown_above:
                break
            lines = [
                ("text", s.text if row and not s.title else None),
                ("as written", s.as_written if row and s.source else None),
                ("normalized", s.phrase),
                ("rule", s.rule),
                ("due" if row else "date", s.date),
                ("source", None if row else s.source),
                ("why no date", s.reason),
            ]
            details = [f"{name}: {value}" for name, value in lines if value]
            details += [f"note: {n}" for n in s.notes]
            details += [f"record: {fact_line(f)}" for f in s.facts]
            if not row and s.date is None and s.rule is None:  # a root with no date yet
                details.append(f"to give it one: --event {s.id}=DATE")
            for j, text in enumerate(details):
                style = yellow if text.startswith(("note: ", "record: ")) else ""
                put(
                    text,
                    "  ├ " if j < len(details) - 1 else "  └ ",
                    "  │ " if j < len(details) - 1 else "    ",
                    style,
                )
    return "\n".join(out) + "\n"


def record_text(facts: Sequence[Fact], terminal: bool, width: int) -> str:
    """The facts, one block each: the date, the id and the confidence; what happened and
    what it bears on; the source and its words; the sources that agree or disagree."""
    from rich.cells import cell_len

    fancy = terminal and not os.environ.get("NO_COLOR")
    bold, dim, plain = ("\x1b[1m", "\x1b[2m", "\x1b[0m") if fancy else ("", "", "")
    out: list[str] = []

    def put(text: str, indent: str = "  ", style: str = "") -> None:
        for part in wrap(flat(text), max(width - cell_len(indent), 20), addresses=True):
            out.append(f"{indent}{style}{part}{plain if style else ''}")

    for f in facts:
        if out:
            out.append("")
        put(f"{f.when}  {f.id}  ({f.confidence} confidence)", "", bold)
        put(f.what)
        if f.bears_on:
            put("bears on " + ", ".join(f.bears_on), style=dim)
        put(f"source: {f.source}")
        put(f'"{f.quote}"', "    ")
        for c in f.also:
            put(f"also: {cited(c.source, c.quote)}")
        for c in f.conflicts:
            when = f" ({c.date})" if c.date else ""
            note = f" [{c.note}]" if c.note else ""
            put(f"disagrees{when}: {cited(c.source, c.quote)}{note}")
        if f.note:
            put(f"note: {f.note}", style=dim)
    return "\n".join(out) + "\n" if out else ""


def timeline_text(g: Grid, as_of: date | None, terminal: bool) -> str:
    """The grid as text (80 columns); `page.chart_svg` draws it as a chart."""
    from rich.text import Text

    con, buf, fancy = _console(terminal, 80)
    if not g.months:
        con.print("nothing to show: no signing date and no dated deadline")
        return _finish(buf, fancy)
    label = 14

    def cells(values: Sequence[str], styles: Sequence[str] = ()) -> Text:
        t = Text()
        for i, v in enumerate(values):
            if i and g.months[i][1] == 1:
                t.append(" ")
            t.append(v, styles[i] if styles else "")
        return t

    years = Text(" " * label)
    for i, (y, m) in enumerate(g.months):
        if i == 0 or m == 1:
            width = sum(1 for yy, _ in g.months if yy == y)
            years.append(f"{y}"[:width].ljust(width) + " ")
    con.print(years)
    con.print(
        Text(" " * label)
        + cells(["JFMAMJJASOND"[m - 1] for _, m in g.months], ["dim"] * len(g.months))
    )
    marks = [g.marks.get(i, "·") for i in range(len(g.months))]
    con.print(Text("events".ljust(label), "bold") + cells(marks, ["magenta"] * len(marks)))
    for lane in g.lanes:
        values = ["·" if n == 0 else str(n) if n < 10 else "+" for n in lane.counts]
        styles = [  # red: a month with deadlines past due and undone at the as-of date
            "red" if u else "green" if n else "dim"
            for u, n in zip(lane.open, lane.counts, strict=True)
        ]
        row = Text(lane.branch[: label - 1].ljust(label), "cyan") + cells(values, styles)
        extra = [f"{lane.earlier} earlier"] if lane.earlier else []
        extra += [f"+{lane.later} later"] if lane.later else []
        extra += [f"{lane.undated} undated"] if lane.undated else []
        row.append("  " + ", ".join(extra), "yellow")
        con.print(row)
    if as_of is not None and g.as_of is None:
        con.print(Text(f"as of {as_of}: outside the timeline", "bold red"))
    if g.as_of is not None:
        pointer = [" "] * len(g.months)
        pointer[g.as_of] = "^"
        con.print(
            Text(" " * label)
            + cells(pointer, ["bold red"] * len(pointer))
            + Text(f" as of {as_of}", "bold red")
        )
    con.print(
        Text(
            "digits: deadlines due that month (+ is 10 or more). S signing, R review meeting, "
            "E other event (session end, budget), X programme end; one letter a month",
            "dim",
        )
    )
    return _finish(buf, fancy)


def diff_text(d: Diff, terminal: bool, width: int) -> str:
    """The diff for people: events that moved, then rows changed, added and removed. A
    change is one line (id, old date, new date, shift) and its causes under it, one a line,
    indented and wrapped at the width, never cut (fact ids and phrases are long)."""
    from rich.cells import cell_len

    fancy = terminal and not os.environ.get("NO_COLOR")
    bold, plain = ("\x1b[1m", "\x1b[0m") if fancy else ("", "")
    out: list[str] = []

    def section(title: str, items: Sequence[Change]) -> None:
        if not items:
            return
        cells = [("ID", "Old", "New", "Shift")]
        for c in items:
            shift = f"{c.shift:+d}d" if c.shift else ""  # no shift: progress alone changed
            old, new = (x.isoformat() if x else "-" for x in (c.old, c.new))
            cells.append((flat(c.id), old, new, shift))
        widths = [max(cell_len(row[i]) for row in cells) for i in range(4)]

        def line(row: tuple[str, ...]) -> str:
            pads = [w - cell_len(v) for v, w in zip(row, widths, strict=True)]
            return "  ".join(v + " " * p for v, p in zip(row, pads, strict=True)).rstrip()

        out.extend([""] if out else [])  # a blank line between sections
        out.append(f"{bold}{title}{plain}")
        out.append(f"{bold}{line(cells[0])}{plain}")
        for c, row in zip(items, cells[1:], strict=True):
            out.append(line(row))
            for cause in c.causes:
                out.extend("    " + part for part in wrap(flat(cause), width - 4, addresses=True))

    section("Events", d.events)
    section("Changed", d.changed)
    for title, rows in (("Added", d.added), ("Removed", d.removed)):
        if rows:
            listed = sorted((r.row_id, r.due.isoformat() if r.due else r.kind) for r in rows)
            said = f"{title}: " + ", ".join(f"{flat(i)} ({what})" for i, what in listed)
            out += [""] if out else []
            out += wrap(said, width)
    if not (d.events or d.changed or d.added or d.removed):
        out.append("no deadline moved")
    return "".join(x + "\n" for x in out)

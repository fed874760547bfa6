"""Table, JSON and CSV output of a resolution."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from accordctl.model import Resolution, Row

if TYPE_CHECKING:
    from accordctl.progress import BranchStatus
    from accordctl.timeline import Grid

SCHEMA_VERSION = 1
ROW_FIELDS = (
    "row_id", "id", "number", "branch", "title", "source", "deadline", "scope", "kind", "due",
    "inferred", "depends_on", "reason", "window_start", "original_due", "status", "completed",
)  # fmt: skip
_KIND_ORDER = {"date": 0, "pending": 1, "permanent": 2, "open": 3, "missing": 4}


def iso(d: date | None) -> str | None:
    """A date as ISO text, or None."""
    return d.isoformat() if d else None


def _console(terminal: bool, width: int, record: bool = False) -> tuple[Any, io.StringIO, bool]:
    """A rich console writing to a buffer, and whether it draws colour and box art (only on
    a terminal, never with NO_COLOR)."""
    from rich.console import Console

    buf = io.StringIO()
    no_color = bool(os.environ.get("NO_COLOR"))
    con = Console(
        file=buf, force_terminal=terminal, no_color=no_color, width=width, highlight=False,
        record=record,
    )  # fmt: skip
    return con, buf, terminal and not no_color


def _finish(buf: io.StringIO, fancy: bool) -> str:
    """The buffer's text; off a terminal without the blanks rich pads lines with."""
    text = buf.getvalue()
    return text if fancy else "\n".join(line.rstrip() for line in text.split("\n"))


def file_order(row: Row) -> tuple[int, str, str]:
    """Number, then id, then scope: the order of the annex, independent of the file's."""
    c = row.commitment
    return (c.number, f"{len(c.id):03d}{c.id}", row.deadline.scope or "")


def due_order(row: Row) -> tuple[int, date, tuple[int, str, str]]:
    """By due date, undated last (pending, permanent, open, missing), then file order."""
    return (_KIND_ORDER[row.kind], row.due or date.max, file_order(row))


def row_dict(row: Row, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """One row as JSON-ready data (see README, "JSON")."""
    c, d = row.commitment, row.deadline
    out: dict[str, Any] = {
        "row_id": row.row_id,
        "id": c.id,
        "number": c.number,
        "branch": c.branch,
        "title": c.title or None,
        "source": d.source,
        "deadline": d.phrase,
        "scope": d.scope,
        "kind": row.kind,
        "due": iso(row.due),
        "inferred": d.inferred,
        "depends_on": list(row.depends_on),
        "reason": reason(row),
        "window_start": iso(row.window_start),
        "original_due": iso(row.original_due),
        "status": d.status,
        "completed": iso(row.actual),
    }
    out.update(extra or {})
    return out


def reason(row: Row) -> str | None:
    """Why a row has no date, in words."""
    if row.kind == "pending":
        return f"pending on {row.pending_on}"
    return {
        "permanent": "permanent: no due date",
        "open": "open: the cable gives no deadline",
        "missing": "missing: lost at a page break in the cable",
    }.get(row.kind)


def note(row: Row) -> str:
    """The table's note column: scope, inference, why undated, clips, windows, extensions."""
    d = row.deadline
    parts = [f"scope: {d.scope}"] if d.scope else []
    if d.inferred:
        parts.append(f'inferred from "({d.source}"')
    if row.kind != "date":
        parts.append(reason(row) or row.kind)
    if row.step and row.step.clipped:
        parts.append("clipped to month end")
    if row.window_start:
        parts.append(f"window {row.window_start} to {row.due}")
    if row.original_due:
        parts.append(f"extended (was {row.original_due})")
    if row.actual:
        parts.append(f"done {row.actual}")
    return "; ".join(parts)


def json_text(res: Resolution, rows: Sequence[Row], extra: Iterable[dict[str, Any]] = ()) -> str:
    """The `due --format json` document: sorted keys, ISO dates, stable bytes, one row or
    event a line (so that a diff of two exports shows one line per changed row)."""
    extras = list(extra) or [{}] * len(rows)
    events = [
        {
            "id": e.event.id,
            "title": e.event.title,
            "date": iso(e.date),
            "source": e.event.source,
            "window_start": iso(e.window_start),
        }
        for e in res.events
    ]
    items = [row_dict(r, x) for r, x in zip(rows, extras, strict=True)]
    return json_document({"schema_version": SCHEMA_VERSION, "signed": iso(res.signed)},
                         {"events": events, "rows": items})  # fmt: skip


def json_document(scalars: dict[str, Any], lists: dict[str, list[dict[str, Any]]]) -> str:
    """A JSON object with sorted keys whose list members stand one a line."""

    def dump(value: Any) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False)

    parts = {k: dump(v) for k, v in scalars.items()}
    for key, members in lists.items():
        inner = ",\n    ".join(map(dump, members))
        parts[key] = f"[\n    {inner}\n  ]" if members else "[]"
    body = ",\n".join(f"  {dump(k)}: {parts[k]}" for k in sorted(parts))
    return "{\n" + body + "\n}\n"


def csv_cell(value: Any) -> str:
    """A CSV cell; text a spreadsheet would run as a formula is quoted with a leading '."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        value = " ".join(value)
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_text(rows: Sequence[Row], extra: Iterable[dict[str, Any]] = ()) -> str:
    """One header line, then one line a row, in ROW_FIELDS order (then any extra fields)."""
    extras = list(extra) or [{}] * len(rows)
    dicts = [row_dict(r, x) for r, x in zip(rows, extras, strict=True)]
    fields = list(ROW_FIELDS) + [k for k in (dicts[0] if dicts else {}) if k not in ROW_FIELDS]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(fields)
    for d in dicts:
        w.writerow([csv_cell(d[f]) for f in fields])
    return buf.getvalue()


def short(text: str, limit: int = 60) -> str:
    """Text cut at a word boundary to `limit` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def table_text(
    rows: Sequence[Row], terminal: bool, width: int, extra: Sequence[dict[str, Any]] = ()
) -> str:
    """The human table: rows as given (see `due_order`), colour and box art only on a
    terminal and never with NO_COLOR; plain text without trailing blanks otherwise."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    con, buf, fancy = _console(terminal, width)
    table = Table(
        box=box.SIMPLE_HEAD if fancy else None, pad_edge=False, show_edge=False, expand=True
    )
    table.add_column("#", style="bold", no_wrap=True)
    table.add_column("Branch", style="cyan", no_wrap=True)
    table.add_column("Commitment", ratio=5, overflow="fold")
    table.add_column("As written", ratio=3, overflow="fold")
    table.add_column("Due", style="bold green", no_wrap=True)
    table.add_column("Note", style="yellow", ratio=3, overflow="fold")
    extras = list(extra) or [{}] * len(rows)
    for row, x in zip(rows, extras, strict=True):
        c = row.commitment
        title = c.title or (c.text or "")
        due = row.due.isoformat() if row.due else "-"
        notes = note(row)
        if x.get("due_business") and x["due_business"] != due:
            notes = "; ".join(filter(None, [notes, f"next business day {x['due_business']}"]))
        if x.get("overdue"):
            notes = "; ".join(filter(None, ["OVERDUE", notes]))
        table.add_row(
            Text(c.id),
            Text(c.branch),
            Text(short(title, 48)),
            Text(row.deadline.source or "-"),
            Text(due),
            Text(notes),
        )
    con.print(table)
    return _finish(buf, fancy)


def status_text(stats: Sequence[BranchStatus], as_of: date, terminal: bool, width: int) -> str:
    """`status` as a table with a progress bar per branch (done of all)."""
    from rich.table import Table

    con, buf, fancy = _console(terminal, width)
    from rich import box

    table = Table(box=box.SIMPLE_HEAD if fancy else None, pad_edge=False, show_edge=False)
    table.title = f"as of {as_of}"
    for name in ("Branch", "Done", "Overdue", "Upcoming", "Undated", "Dropped", "Progress"):
        right = name not in ("Branch", "Progress")
        table.add_column(name, justify="right" if right else "left", no_wrap=True)
    for b in stats:
        filled = round(10 * b.done / b.total) if b.total else 0
        bar = "█" * filled + "░" * (10 - filled) if fancy else "#" * filled + "." * (10 - filled)
        pct = f"{100 * b.done / b.total:.0f}%" if b.total else "-"
        overdue = f"[red]{b.overdue}[/]" if fancy and b.overdue else str(b.overdue)
        table.add_row(
            b.branch, str(b.done), overdue, str(b.upcoming), str(b.undated), str(b.dropped),
            f"{bar} {pct}",
        )  # fmt: skip
    con.print(table)
    return _finish(buf, fancy)


def explain_text(chains: Sequence[Sequence[dict[str, Any]]], terminal: bool, width: int) -> str:
    """Each chain as a tree: the asked-for date at the top, what it counts from below."""
    from rich.text import Text
    from rich.tree import Tree

    con, buf, fancy = _console(terminal, width)
    for steps in chains:
        path = " <- ".join(s["id"] for s in steps)
        head = steps[0]
        result = head.get("due") or head.get("date") or head.get("reason") or head["kind"]
        con.print(Text(f"{path}: {result}", style="bold"))
        tree: Tree | None = None
        node: Tree | None = None
        for s in steps:
            kind = s["branch"] if s["type"] == "commitment" else "event"
            label = Text(f"{s['id']} ({kind}) ", style="bold")
            label.append(short(s["title"] or "", 60))
            node = Tree(label) if node is None else node.add(label)
            tree = tree or node
            lines = [
                (
                    "as written",
                    f"({s['source']})" if s.get("source") and s["type"] == "commitment" else None,
                ),
                ("normalized", s.get("deadline") or s.get("when")),
                ("rule", s["rule"]),
                ("due" if s["type"] == "commitment" else "date", s.get("due") or s.get("date")),
                ("source", s["source"] if s["type"] == "event" else None),
                ("why no date", s["reason"]),
            ]
            for name, value in lines:
                if value:
                    node.add(Text(f"{name}: {value}"))
            for n in s["notes"]:
                node.add(Text(f"note: {n}", style="yellow"))
        con.print(tree)
    return _finish(buf, fancy)


def timeline_text(g: Grid, as_of: date | None, terminal: bool, svg: bool = False) -> str:
    """The grid as text (80 columns), or as an SVG picture of the same."""
    from rich.text import Text

    con, buf, fancy = _console(terminal or svg, 80, record=svg)
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
        past = [g.as_of is not None and i < g.as_of and lane.counts[i] for i in range(len(values))]
        styles = [
            "red" if p else "green" if n else "dim" for p, n in zip(past, lane.counts, strict=True)
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
    if svg:
        # rich links a web font; a local SVG should not call out to a third party
        picture = str(con.export_svg(title="accordctl timeline"))
        return re.sub(r',\s*url\("https?://[^"]*"\)\s*format\("[a-z0-9]+"\)', "", picture)
    return _finish(buf, fancy)


def diff_text(data: dict[str, Any], terminal: bool, width: int) -> str:
    """The diff for people: events that moved, then rows changed, added and removed."""
    from rich.table import Table

    con, buf, fancy = _console(terminal, width)
    from rich import box

    def section(title: str, items: list[dict[str, Any]]) -> None:
        if not items:
            return
        table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD if fancy else None,
                      pad_edge=False, show_edge=False, expand=True)  # fmt: skip
        for name in ("ID", "Old", "New", "Shift", "Why"):
            table.add_column(name, no_wrap=name != "Why", ratio=1 if name == "Why" else None)
        for c in items:
            shift = f"{c['shift_days']:+d}d" if c["shift_days"] is not None else ""
            table.add_row(
                c["id"], c["old_due"] or "-", c["new_due"] or "-", shift, "; ".join(c["causes"])
            )
        con.print(table)

    section("Events", data["events"])
    section("Changed", data["changed"])
    for title, items in (("Added", data["added"]), ("Removed", data["removed"])):
        if items:
            con.print(
                f"{title}: " + ", ".join(f"{x['row_id']} ({x['due'] or x['kind']})" for x in items)
            )
    if not any(data[k] for k in ("events", "changed", "added", "removed")):
        con.print("no deadline moved")
    return _finish(buf, fancy)

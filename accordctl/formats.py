"""Output for machines: the one JSON writer (with `SCHEMA_VERSION`), CSV, and GitHub
annotations. Views come in as typed objects; dicts are built here, at the edge."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from accordctl.diff import Change, Diff
from accordctl.errors import Finding
from accordctl.explain import Step
from accordctl.model import EventDate, Row
from accordctl.progress import BranchStatus
from accordctl.views import DueRow, DueView

SCHEMA_VERSION = 1
ROW_FIELDS = (
    "row_id", "id", "number", "branch", "title", "source", "deadline", "scope", "kind", "due",
    "inferred", "depends_on", "reason", "window_start", "original_due", "status", "completed",
)  # fmt: skip

_encoder = json.JSONEncoder(sort_keys=True, ensure_ascii=False)
# JSONEncoder.encode builds a new C encoder at every call (a row); one is built here, for
# the run. Without a cycle check: the values are trees built a moment before.
_make_c_encoder: Callable[..., Any] | None = getattr(json.encoder, "c_make_encoder", None)
_c_encoder = (
    _make_c_encoder(
        None, _encoder.default, json.encoder.encode_basestring, None, ": ", ", ", True, False, True
    )
    if _make_c_encoder is not None
    else None
)


def iso(d: date | None) -> str | None:
    """A date as ISO text, or None."""
    return d.isoformat() if d else None


def dumps(value: Any) -> str:
    """One JSON value: sorted keys, UTF-8 text."""
    if _c_encoder is None:  # pragma: no cover - a Python without the _json accelerator
        return _encoder.encode(value)
    return "".join(_c_encoder(value, 0))


def document(
    scalars: Mapping[str, Any],
    lists: Mapping[str, Iterable[Any]] | None = None,
    encoded: Mapping[str, Iterable[str]] | None = None,
) -> str:
    """A JSON document of one command: `schema_version`, then the command's fields, keys
    sorted; the members of `lists` (and of `encoded`, given as JSON text already) stand
    one a line, so that a diff of two outputs shows one line per changed member."""
    parts: dict[str, list[str]] = {"schema_version": [dumps(SCHEMA_VERSION)]}
    parts.update((k, [dumps(v)]) for k, v in scalars.items())
    texts = {k: map(dumps, members) for k, members in (lists or {}).items()}
    for key, members in {**texts, **(encoded or {})}.items():
        items: list[str] = []
        for member in members:
            items += [",\n    ", member]
        parts[key] = ["[\n    ", *items[1:], "\n  ]"] if items else ["[]"]
    # One join of all the pieces: a 100,000-row document is copied once, not five times.
    pieces = ["{\n"]
    for key in sorted(parts):
        pieces += [f"  {dumps(key)}: ", *parts[key], ",\n"]
    pieces[-1] = "\n}\n"
    return "".join(pieces)


def pretty(value: Any) -> str:
    """A JSON value indented for reading (the JSON Schema of the data file)."""
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# -- due -------------------------------------------------------------------------------


def row_dict(x: DueRow, view: DueView) -> dict[str, Any]:
    """One row as JSON-ready data (see README, "JSON")."""
    row = x.row
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
        "reason": x.reason,
        "window_start": iso(row.window_start),
        "original_due": iso(row.original_due),
        "status": d.status,
        "completed": iso(row.actual),
    }
    if view.as_of is not None:
        out["overdue"] = x.overdue
        out["days_left"] = x.days_left
    if view.business:
        out["due_business"] = iso(x.due_business)
    return out


_str: Callable[[str], str] = json.encoder.encode_basestring  # JSON's own, in C


def _text(value: str | None) -> str:
    return "null" if value is None else _str(value)


def _day(value: date | None) -> str:
    return f'"{value.isoformat()}"' if value else "null"


def _number(value: int | None) -> str:
    return "null" if value is None else int.__repr__(value)


def _flag(value: bool | None) -> str:
    return "null" if value is None else "true" if value else "false"


def row_json(x: DueRow, view: DueView) -> str:
    """`dumps(row_dict(x, view))`, written field by field in sorted key order: the same
    text (tests/test_fast_paths.py holds the two together) in half the time, which counts
    when a document has 100,000 rows."""
    row = x.row
    c, d = row.commitment, row.deadline
    days_left = "" if view.as_of is None else f', "days_left": {_number(x.days_left)}'
    business = f', "due_business": {_day(x.due_business)}' if view.business else ""
    overdue = "" if view.as_of is None else f', "overdue": {_flag(x.overdue)}'
    depends = ", ".join(map(_str, row.depends_on))
    return (
        f'{{"branch": {_str(c.branch)}, "completed": {_day(row.actual)}{days_left}, '
        f'"deadline": {_text(d.phrase)}, "depends_on": [{depends}], "due": {_day(row.due)}'
        f'{business}, "id": {_str(c.id)}, "inferred": {_flag(d.inferred)}, '
        f'"kind": {_str(row.kind)}, "number": {int.__repr__(c.number)}, '
        f'"original_due": {_day(row.original_due)}{overdue}, "reason": {_text(x.reason)}, '
        f'"row_id": {_str(row.row_id)}, "scope": {_text(d.scope)}, '
        f'"source": {_text(d.source)}, "status": {_text(d.status)}, '
        f'"title": {_text(c.title or None)}, "window_start": {_day(row.window_start)}}}'
    )


def event_dict(e: EventDate) -> dict[str, Any]:
    """One event as JSON-ready data."""
    return {
        "id": e.event.id,
        "title": e.event.title,
        "date": iso(e.date),
        "source": e.event.source,
        "window_start": iso(e.window_start),
    }


def due_json(view: DueView) -> str:
    """The `due --format json` document."""
    return document(
        {"signed": iso(view.signed)},
        {"events": map(event_dict, view.events)},
        {"rows": (row_json(x, view) for x in view.rows)},
    )


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


def due_csv(view: DueView) -> str:
    """One header line, then one line a row, in ROW_FIELDS order (then the as-of and
    business-day fields, when asked for)."""
    fields = [*ROW_FIELDS]
    fields += ["overdue", "days_left"] if view.as_of is not None else []
    fields += ["due_business"] if view.business else []
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(fields)
    for d in (row_dict(x, view) for x in view.rows):
        w.writerow([csv_cell(d[f]) for f in fields])
    return buf.getvalue()


# -- explain, status, diff, check ------------------------------------------------------


def step_dict(s: Step) -> dict[str, Any]:
    """One step of an explanation as JSON-ready data; rows and events keep their own keys
    (`due`, `deadline` for a row; `date`, `when` for an event)."""
    out: dict[str, Any] = {
        "type": s.type,
        "id": s.id,
        "title": s.title,
        "source": s.source,
        "rule": s.rule,
        "base": s.base,
        "base_date": iso(s.base_date),
        "reason": s.reason,
        "notes": list(s.notes),
    }
    if s.type == "commitment":
        out.update(
            number=s.number, branch=s.branch, as_written=s.as_written, deadline=s.phrase,
            kind=s.kind, due=iso(s.date),
        )  # fmt: skip
    else:
        out.update(when=s.phrase, date=iso(s.date))
    return out


def explain_json(ident: str, chains: Sequence[Sequence[Step]]) -> str:
    """The `explain --format json` document."""
    return document({"id": ident, "chains": [[step_dict(s) for s in c] for c in chains]})


def status_json(stats: Sequence[BranchStatus], as_of: date) -> str:
    """The `status --format json` document."""
    rows = [{**vars(b), "total": b.total} for b in stats]
    return document({"as_of": as_of.isoformat()}, {"branches": rows})


def change_dict(c: Change) -> dict[str, Any]:
    """One changed row or event."""
    return {
        "id": c.id,
        "old_due": iso(c.old),
        "new_due": iso(c.new),
        "shift_days": c.shift,
        "causes": list(c.causes),
    }


def diff_json(d: Diff) -> str:
    """The `diff --format json` document."""

    def row(r: Row) -> dict[str, Any]:
        return {"row_id": r.row_id, "due": iso(r.due), "kind": r.kind}

    return document(
        {},
        {
            "added": sorted((row(r) for r in d.added), key=lambda x: x["row_id"]),
            "removed": sorted((row(r) for r in d.removed), key=lambda x: x["row_id"]),
            "changed": map(change_dict, d.changed),
            "events": map(change_dict, d.events),
        },
    )


def finding_dict(f: Finding) -> dict[str, Any]:
    """One finding as JSON-ready data."""
    return {
        "file": f.pos.file,
        "line": f.pos.line,
        "col": f.pos.col,
        "severity": f.severity,
        "code": f.code,
        "rule": f.name,
        "message": f.message,
        "hint": f.hint,
    }


def check_json(files: Sequence[str], counts: Mapping[str, int], findings: Iterable[Finding]) -> str:
    """The `check --format json` document."""
    scalars = {"files": list(files), "counts": dict(counts)}
    return document(scalars, {"findings": map(finding_dict, findings)})


def github(f: Finding) -> str:
    """A GitHub workflow annotation (`::error file=...,line=...,col=...,title=...::...`)."""

    def esc(text: str, prop: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if prop else text

    where = f"file={esc(f.pos.file, True)},line={f.pos.line},col={f.pos.col}"
    message = f.message + (f" (hint: {f.hint})" if f.hint else "")
    return f"::{f.severity} {where},title={esc(f.code + ' ' + f.name, True)}::{esc(message)}"

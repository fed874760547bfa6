"""Output for machines: the one JSON writer (with `SCHEMA_VERSION`), CSV, and GitHub
annotations. Views come in as typed objects; dicts are built here, at the edge."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any

from accordctl.core.diff import Change, Diff
from accordctl.core.errors import Finding
from accordctl.core.explain import ChainStep
from accordctl.core.model import Citation, EventDate, Fact, Row, chronological
from accordctl.core.progress import BranchStatus
from accordctl.core.text import defuse, one_line, visible
from accordctl.core.views import DueRow, DueView

SCHEMA_VERSION = 1
ROW_FIELDS = (
    "row_id", "id", "number", "branch", "title", "source", "deadline", "scope", "kind", "due",
    "inferred", "depends_on", "reason", "window_start", "original_due", "interpreted", "reading",
    "state", "status", "completed", "days_late", "since", "judgement", "evidence", "facts",
    "sources",
)  # fmt: skip

# ASCII JSON: the same data, with every non-ASCII character (controls included) escaped,
# so no byte of it acts on a terminal and it reads the same in any locale. One encoder for
# the run, without a cycle check: the values are trees built a moment before. (Its private
# C maker, reused across rows, saved 1-2% of a cold run: not worth a private hook.)
_encoder = json.JSONEncoder(sort_keys=True, check_circular=False)


def iso(d: date | None) -> str | None:
    """A date as ISO text, or None."""
    return d.isoformat() if d else None


def dumps(value: Any) -> str:
    """One JSON value: sorted keys, ASCII text (see above)."""
    return _encoder.encode(value)


def document(scalars: Mapping[str, Any], lists: Mapping[str, Iterable[Any]] | None = None) -> str:
    """A JSON document of one command: `schema_version`, then the command's fields, keys
    sorted; the members of `lists` stand one a line, so that a diff of two outputs shows
    one line per changed member."""
    return "".join(document_parts(scalars, lists))  # one join: a large document copied once


def document_parts(
    scalars: Mapping[str, Any], lists: Mapping[str, Iterable[Any]] | None = None
) -> Iterator[str]:
    """`document`'s text in parts, each member of a list made as it is written: a
    100,000-row document is never whole in memory (benchmarks/run.py, target t)."""
    values = {"schema_version": SCHEMA_VERSION, **scalars}
    members = dict(lists or {})
    yield "{"
    for at, key in enumerate(sorted(values.keys() | members.keys())):
        yield f"{',' if at else ''}\n  {dumps(key)}: "
        if key not in members:
            yield dumps(values[key])
            continue
        empty = True
        for member in members[key]:
            yield ("[\n    " if empty else ",\n    ") + dumps(member)
            empty = False
        yield "[]" if empty else "\n  ]"
    yield "\n}\n"


def pretty(value: Any) -> str:
    """A JSON value indented for reading (the JSON Schema of the data file)."""
    return json.dumps(value, indent=2, sort_keys=True) + "\n"


# The commands whose `--format json` document has a JSON Schema, shipped as
# accordctl/schemas/COMMAND.json (`accordctl schema --output COMMAND`). The schemas are
# strict (no field they do not name, every field required) and the tests validate real
# output against them, so a field added here without its schema fails a test.
OUTPUTS = ("due", "status", "explain", "check", "diff", "record")


@cache
def output_schema(command: str) -> dict[str, Any]:
    """The JSON Schema of `accordctl COMMAND --format json`, for COMMAND in OUTPUTS."""
    if command not in OUTPUTS:
        raise ValueError(f"no output schema for {command!r}")
    text = (
        files("accordctl.outputs")
        .joinpath("schemas", f"{command}.json")
        .read_text(encoding="utf-8")
    )
    data: dict[str, Any] = json.loads(text)
    return data


# -- due -------------------------------------------------------------------------------


def row_dict(x: DueRow, view: DueView) -> dict[str, Any]:
    """One row as JSON-ready data (see the manual, "JSON output")."""
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
        "interpreted": d.interpreted,
        "reading": d.reading,
        "depends_on": list(row.depends_on),
        "reason": x.reason,
        "window_start": iso(row.window_start),
        "original_due": iso(row.original_due),
        "state": x.state,
        "status": d.status,
        "completed": iso(row.completed),
        "days_late": x.days_late,
        "since": iso(d.since),
        "judgement": d.judgement,
        "evidence": d.evidence,
        "facts": [f.id for f in row.facts],
        "sources": list(dict.fromkeys(f.source for f in row.facts)),
    }
    if view.as_of is not None:
        out["overdue"] = x.overdue
        out["days_left"] = x.days_left
    if view.business:
        out["due_business"] = iso(x.due_business)
    return out


def event_dict(e: EventDate) -> dict[str, Any]:
    """One event as JSON-ready data."""
    return {
        "id": e.event.id,
        "title": e.event.title,
        "date": iso(e.date),
        "source": e.event.source,
        "window_start": iso(e.window_start),
        "fact": e.event.fact,
    }


def citation_dict(c: Citation) -> dict[str, Any]:
    """Another source on a fact, agreeing or not."""
    return {"source": c.source, "quote": c.quote, "date": c.date, "note": c.note}


def fact_dict(f: Fact) -> dict[str, Any]:
    """One fact of the record as JSON-ready data (`date` as precise as its source:
    YYYY-MM-DD, YYYY-MM or YYYY)."""
    return {
        "id": f.id,
        "date": f.when,
        "precision": f.precision,
        "what": f.what,
        "bears_on": list(f.bears_on),
        "source": f.source,
        "quote": f.quote,
        "confidence": f.confidence,
        "also": [citation_dict(c) for c in f.also],
        "conflicts": [citation_dict(c) for c in f.conflicts],
        "note": f.note,
    }


def due_json(view: DueView) -> str:
    """The `due --format json` document: the rows, the events, and the facts of the record
    that the rows cite or that date the events (by date, then id)."""
    return "".join(due_json_parts(view))


def due_json_parts(view: DueView) -> Iterator[str]:
    """`due_json` in parts, a row at a time (`document_parts`)."""
    cited = {f.id for x in view.rows for f in x.row.facts}
    cited |= {e.event.fact for e in view.events if e.event.fact}
    facts = (f for f in chronological(view.facts.values()) if f.id in cited)
    return document_parts(
        {"signed": iso(view.signed), "as_of": iso(view.as_of)},
        {
            "events": map(event_dict, view.events),
            "rows": (row_dict(x, view) for x in view.rows),
            "record": map(fact_dict, facts),
        },
    )


def record_json(facts: Iterable[Fact]) -> str:
    """The `record --format json` document."""
    return document({}, {"record": map(fact_dict, facts)})


# How a list is joined in one CSV cell: ids by a blank; sources, which hold blanks, by " | ".
CSV_JOIN = {"sources": " | "}


def csv_cell(value: Any, sep: str = " ") -> str:
    """A CSV cell: control characters visible (but line ends, which the writer quotes), and
    text a spreadsheet would run as a formula prefixed with '; a list joined by `sep`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        value = sep.join(value)
    return visible(defuse(str(value)), keep="\n\r")  # a line end is quoted; a tab shown


def due_csv(view: DueView) -> str:
    """One header line, then one line a row, in ROW_FIELDS order (then the as-of and
    business-day fields, when asked for)."""
    return "".join(due_csv_parts(view))


def due_csv_parts(view: DueView) -> Iterator[str]:
    """`due_csv` a line at a time."""
    fields = [*ROW_FIELDS]
    fields += ["overdue", "days_left"] if view.as_of is not None else []
    fields += ["due_business"] if view.business else []
    yield _csv_line(fields)
    for x in view.rows:
        d = row_dict(x, view)
        yield _csv_line([csv_cell(d[f], CSV_JOIN.get(f, " ")) for f in fields])


_CSV_QUOTE = re.compile(r'[",\r\n]')


def _csv_line(cells: Sequence[str]) -> str:
    """One RFC 4180 line: a cell with a comma, a quote, a CR or an LF is quoted (Python's
    csv module leaves a lone CR bare)."""
    quoted = ('"' + c.replace('"', '""') + '"' if _CSV_QUOTE.search(c) else c for c in cells)
    return ",".join(quoted) + "\n"


# -- explain, status, diff, check ------------------------------------------------------


def step_dict(s: ChainStep) -> dict[str, Any]:
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
        "shown_above": s.shown_above,
        "facts": [fact_dict(f) for f in s.facts],
    }
    if s.type == "commitment":
        out.update(
            number=s.number, branch=s.branch, as_written=s.as_written, deadline=s.phrase,
            kind=s.kind, due=iso(s.date), text=s.text,
        )  # fmt: skip
    else:
        out.update(when=s.phrase, date=iso(s.date))
    return out


def explain_json(ident: str, chains: Sequence[Sequence[ChainStep]], as_of: date) -> str:
    """The `explain --format json` document: the chains as the record stood on `as_of`."""
    head = {"as_of": as_of.isoformat(), "id": ident}
    return document(head, {"chains": ([step_dict(s) for s in c] for c in chains)})


def status_json(stats: Sequence[BranchStatus], as_of: date) -> str:
    """The `status --format json` document."""
    rows = [{**vars(b), "done": b.done, "total": b.total} for b in stats]
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


def check_json(
    files: Sequence[str], counts: Mapping[str, int], findings: Iterable[Finding], omitted: int = 0
) -> str:
    """The `check --format json` document (`omitted`: findings left out by --max-findings)."""
    scalars = {"files": list(files), "counts": dict(counts), "omitted": omitted}
    return document(scalars, {"findings": map(finding_dict, findings)})


def github(f: Finding) -> str:
    """A GitHub workflow annotation (`::error file=...,line=...,col=...,title=...::...`)."""

    def esc(text: str, prop: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if prop else text

    name = esc(visible(f.pos.file, "\r\n"), True)  # a line end as GitHub encodes it: %0A
    where = f"file={name},line={f.pos.line},col={f.pos.col}"
    message = one_line(f.message + (f" (hint: {f.hint})" if f.hint else ""))
    return f"::{f.severity} {where},title={esc(f.code + ' ' + f.name, True)}::{esc(message)}"

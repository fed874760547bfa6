"""`check`: every problem in a commitments file at once, each with its position and rule.

Structure, phrases and references come from the loader and the resolver; the JSON Schema
(validated with the jsonschema library) is checked on files they accept; warnings and
notices are added here.
"""

from __future__ import annotations

import json
import re
from datetime import date
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from accordctl.errors import DataErrors, Finding, InputError, Pos, finding
from accordctl.loader import compose, is_null, read_nodes, read_text
from accordctl.model import Accord, Resolution
from accordctl.progress import is_overdue
from accordctl.resolver import resolve

SEVERITIES = ("error", "warning", "notice")


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of the data file (shipped as accordctl/schema.json)."""
    text = files("accordctl").joinpath("schema.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def check_file(path: Path, as_of: date | None = None) -> list[Finding]:
    """Every finding in a file, sorted by position; a file that cannot be read is one
    finding (ACC018), so that the other files of a run are still checked."""
    try:
        text = read_text(path)
    except InputError as e:
        return [finding(Pos(str(path)), "ACC018", str(e).removeprefix(f"{path}: "))]
    return check_text(text, str(path), as_of)


def check_text(text: str, name: str, as_of: date | None = None) -> list[Finding]:
    """Every finding in a file's text, sorted by position."""
    try:
        root = compose(text, name)
    except DataErrors as e:
        return e.findings
    accord, findings = read_nodes(root, name)
    res: Resolution | None = None
    try:
        res = resolve(accord)
    except DataErrors as e:
        findings += e.findings
    if not findings and root is not None:
        findings += _schema_findings(root, name)
    findings += _notices(accord)
    if res is not None:
        findings += _warnings(res, as_of)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(findings, key=lambda f: (f.pos.line, f.pos.col, order[f.severity], f.code))


def _notices(accord: Accord) -> list[Finding]:
    """What can be said of the file without dates: inferred phrases, numbers with no entry."""
    out: list[Finding] = []
    for c in accord.commitments:
        for d in c.deadlines:
            if d.inferred:
                msg = f'{c.row_id(d)}: "{d.phrase}" is inferred from the truncated "({d.source}"'
                out.append(finding(d.pos, "ACC011", msg, severity="notice"))
    numbers = {c.number for c in accord.commitments}
    for b in accord.branches:
        missing = [n for n in range(b.first, b.last + 1) if n not in numbers]
        if missing:
            msg = f"branch {b.slug} has no entry for number(s) {', '.join(map(str, missing))}"
            hint = "add the entry, with missing: true if the source lost it"
            out.append(finding(b.pos, "ACC012", msg, hint, "warning"))
    return out


def _warnings(res: Resolution, as_of: date | None) -> list[Finding]:
    """What the dates say: due after the programme's end, overdue at `as_of`."""
    out: list[Finding] = []
    end = next((e.date for e in res.events if e.event.id == "programme-end"), None)
    for row in res.rows:
        d = row.deadline
        if end is not None and row.due is not None and row.due > end:
            msg = f"{row.row_id} is due {row.due}, after the programme ends ({end})"
            out.append(finding(d.pos, "ACC010", msg, "check the phrase", "warning"))
        if as_of is not None and is_overdue(row, as_of):
            msg = f"{row.row_id} was due {row.due} and is not done (as of {as_of})"
            hint = "record status: done and completed: DATE, or an extension"
            out.append(finding(d.pos, "ACC017", msg, hint, "warning"))
    return out


_INT = re.compile(r"[+-]?\d{1,18}")


def plain(node: yaml.Node) -> Any:
    """The data the JSON Schema sees, read from the loader's own nodes with the loader's
    eyes: plain whole numbers are integers, plain true/false booleans, nulls None, and
    every other scalar text (dates, "yes", tagged values), so that nothing is constructed.
    Iterative, so depth costs no recursion."""
    out: list[Any] = []
    stack: list[tuple[yaml.Node, Any, Any]] = [(node, out, 0)]
    while stack:
        n, parent, key = stack.pop()
        value: Any
        if isinstance(n, yaml.MappingNode):
            value = {}
            stack.extend((v, value, str(k.value)) for k, v in n.value)
        elif isinstance(n, yaml.SequenceNode):
            value = [None] * len(n.value)
            stack.extend((v, value, i) for i, v in enumerate(n.value))
        elif is_null(n) or not isinstance(n, yaml.ScalarNode):
            value = None
        elif not n.style and _INT.fullmatch(n.value):
            value = int(n.value)
        elif not n.style and n.value.lower() in ("true", "false"):
            value = n.value.lower() == "true"
        else:
            value = str(n.value)
        if parent is out:
            out.append(value)
        else:
            parent[key] = value
    return out[0]


def _schema_findings(root: yaml.Node, name: str) -> list[Finding]:
    import jsonschema

    data = plain(root)
    validator = jsonschema.Draft202012Validator(schema())
    out = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        node = root
        for part in error.absolute_path:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == part), node)
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                node = node.value[part]
        pos = Pos(name, node.start_mark.line + 1, node.start_mark.column + 1) if node else Pos(name)
        out.append(finding(pos, "ACC016", f"schema: {error.message}"))
    return out


def counts(findings: list[Finding]) -> dict[str, int]:
    """How many findings of each severity."""
    return {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}


def as_dict(f: Finding) -> dict[str, Any]:
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


def github(f: Finding) -> str:
    """A GitHub workflow annotation (`::error file=...,line=...,col=...,title=...::...`)."""

    def esc(text: str, prop: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if prop else text

    where = f"file={esc(f.pos.file, True)},line={f.pos.line},col={f.pos.col}"
    message = f.message + (f" (hint: {f.hint})" if f.hint else "")
    return f"::{f.severity} {where},title={esc(f.code + ' ' + f.name, True)}::{esc(message)}"

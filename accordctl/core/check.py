"""`check`: every problem in a commitments file at once, each with its position and rule.

Structure, phrases and references come from the loader and the resolver, exactly as every
other command reads the file, so that `check` passes a file if and only if `due` accepts
it; warnings and notices are added here. The JSON Schema (`schema`, for editors) accepts
everything the loader accepts; a test holds it to that.
"""

from __future__ import annotations

import bisect
import json
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any

from accordctl.core.errors import EXIT, DataErrors, Finding, finding
from accordctl.core.loader import read_yaml
from accordctl.core.model import Accord, Resolution
from accordctl.core.progress import is_overdue
from accordctl.core.resolver import resolve
from accordctl.core.text import quote, short

SEVERITIES = ("error", "warning", "notice")


@cache
def data_schema() -> dict[str, Any]:
    """The JSON Schema of the data file (shipped as accordctl/core/schema.json)."""
    text = files("accordctl.core").joinpath("schema.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def check_text(
    text: str, name: str, as_of: date | None = None, today: date | None = None
) -> list[Finding]:
    """Every finding in a file's text, sorted by position; with `today`, facts and
    progress dated later are warnings (the core never reads the clock: the caller does)."""
    try:
        accord, findings = read_yaml(text, name)
    except DataErrors as e:
        return e.findings
    res: Resolution | None = None
    try:
        res = resolve(accord)
    except DataErrors as e:
        findings += e.findings
    findings += _notices(accord)
    if res is not None:
        findings += _warnings(res, as_of)
        findings += _record(accord, res, today)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(findings, key=lambda f: (f.pos.line, f.pos.col, order[f.severity], f.code))


def _notices(accord: Accord) -> list[Finding]:
    """What can be said of the file without dates: inferred phrases, interpreted deadlines,
    numbers with no entry."""
    out: list[Finding] = []
    for c in accord.commitments:
        for d in c.deadlines:
            if d.inferred:
                msg = f"{c.row_id(d)}: {quote(d.phrase)} is inferred from the truncated "
                msg += quote(f"({d.source}")
                out.append(finding(d.pos, "ACC011", msg, severity="notice"))
            if d.interpreted:
                reading = short(d.reading or "", 600)  # the reading and its alternative, whole
                msg = f"{c.row_id(d)}: {quote(d.phrase)} rests on a reading: {reading}"
                out.append(finding(d.pos, "ACC019", msg, severity="notice"))
            if d.judgement:
                said = short(d.judgement, 600)
                msg = f"{c.row_id(d)}: its progress rests on a judgement: {said}"
                out.append(finding(d.at("judgement"), "ACC022", msg, severity="notice"))

    numbers = sorted({c.number for c in accord.commitments})
    for b in accord.branches:
        count, missing = _missing(numbers, b.first, b.last)
        if count:
            more = f" and {count - len(missing)} more" if count > len(missing) else ""
            listed = ", ".join(map(str, missing))
            msg = f"branch {b.slug} has no entry for number(s) {listed}{more}"
            hint = "add the entry, with missing: true if the source lost it"
            out.append(finding(b.pos, "ACC012", msg, hint, "warning"))
    return out


def _missing(numbers: list[int], first: int, last: int, shown: int = 20) -> tuple[int, list[int]]:
    """How many of first..last are not in the sorted `numbers`, and the first `shown` of
    them: work in proportion to the entries, not to the range (which the file sets)."""
    lo, hi = bisect.bisect_left(numbers, first), bisect.bisect_right(numbers, last)
    count = max(last - first + 1, 0) - (hi - lo)
    out: list[int] = []
    n, i = first, lo
    while len(out) < min(shown, count):
        if i < hi and numbers[i] == n:
            i += 1
        else:
            out.append(n)
        n += 1
    return count, out


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


def _record(accord: Accord, res: Resolution, today: date | None) -> list[Finding]:
    """What the record's dates say: a fact before the signing (context, not record) or
    after `today`; progress dated after `today`; a completion on no date its facts give."""
    out: list[Finding] = []
    signed = res.signed
    for f in accord.record:
        if signed is not None and f.last < signed:
            msg = f"fact {f.id} is dated {f.when}, before the signing ({signed})"
            hint = "the record is what happened after the signing"
            out.append(finding(f.pos, "ACC020", msg, hint, "warning"))
        if today is not None and f.first > today:
            msg = f"fact {f.id} is dated {f.when}, after today ({today})"
            out.append(finding(f.pos, "ACC021", msg, "a fact is what has happened", "warning"))
    for row in res.rows:
        d = row.deadline
        for key, day in (("completed", d.completed), ("since", d.since)):
            if today is not None and day is not None and day > today:
                msg = f"{row.row_id}: {key} {day} is after today ({today})"
                hint = "record progress once it has happened"
                out.append(finding(d.at(key), "ACC021", msg, hint, "warning"))
        done = d.completed
        if done is not None and row.facts and not any(f.first <= done <= f.last for f in row.facts):
            when = ", ".join(f"{f.id} ({f.when})" for f in row.facts)
            msg = f"{row.row_id}: completed {done} is on no date its facts give: {when}"
            hint = "cite the fact that dates it, or say why in a judgement"
            severity = "notice" if d.judgement else "warning"
            out.append(finding(d.at("completed"), "ACC023", msg, hint, severity))
    return out


def counts(findings: list[Finding]) -> dict[str, int]:
    """How many findings of each severity."""
    return {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}


def exit_code(findings: list[Finding], strict: bool) -> int:
    """`check`'s verdict: input (3) when a file was unreadable, findings (1) on errors (or
    warnings, when strict), else ok (0)."""
    if any(f.code == "ACC018" for f in findings):
        return EXIT["input"]
    found = counts(findings)
    failed = found["error"] > 0 or (strict and found["warning"] > 0)
    return EXIT["findings"] if failed else EXIT["ok"]


def summary(findings: list[Finding]) -> str:
    """`1 error, 0 warnings, 7 notices`."""
    return ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts(findings).items())

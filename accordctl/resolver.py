"""Rules + graph -> dates.

Every deadline and event is a node; a rule counted from another id is an edge. Nodes are
resolved in topological order with an explicit queue (no recursion, so a chain 10,000 deep
is fine). Unknown references and cycles are collected, with the whole cycle, and raised
together as DataErrors.
"""

from __future__ import annotations

import calendar
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from accordctl.errors import DataErrors, Finding, Pos, finding
from accordctl.model import (
    Accord,
    Commitment,
    Deadline,
    EventDate,
    Kind,
    Resolution,
    Row,
    Step,
)
from accordctl.phrases import At, MonthEnd, Offset, OnDate, Permanent, Rule, describe, refs


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def apply(rule: Rule, base: date | None) -> tuple[date, bool]:
    """The date a rule gives from its base date, and whether a month end was clipped.

    Raises OverflowError or ValueError when the date falls outside years 1-9999, or when
    the rule gives no date at all (permanent).
    """
    if isinstance(rule, Offset):
        if base is None:
            raise ValueError(f"no base date for {rule}")
        if rule.unit == "days":
            return base + timedelta(days=rule.n), False
        if rule.unit == "weeks":
            return base + timedelta(weeks=rule.n), False
        if rule.n > 9999:
            raise OverflowError("date out of range")
        delta = (
            relativedelta(months=rule.n) if rule.unit == "months" else relativedelta(years=rule.n)
        )
        result: date = base + delta
        return result, result.day < base.day
    if isinstance(rule, MonthEnd):
        if rule.before:
            y, m = (rule.year, rule.month - 1) if rule.month > 1 else (rule.year - 1, 12)
            return month_end(y, m), False
        return month_end(rule.year, rule.month), False
    if isinstance(rule, OnDate):
        return rule.day, False
    if isinstance(rule, At):
        if base is None:
            raise ValueError(f"no base date for {rule}")
        return base, False
    raise ValueError(f"{rule} gives no date")


@dataclass(slots=True, eq=False)
class _Node:
    """Resolution state of one deadline row or event."""

    key: str
    rule: Rule | None
    pos: Pos
    original: Rule | None = None  # the rule before extensions
    others: list[tuple[Rule, Pos]] = field(default_factory=list)  # earlier extensions
    deps: list[str] = field(default_factory=list)
    due: date | None = None
    original_due: date | None = None
    actual: date | None = None
    step: Step | None = None
    pending: str | None = None
    kind: Kind = "date"
    window_rule: Rule | None = None
    window_start: date | None = None

    def effective(self) -> date | None:
        """The date dependents count from: the actual date when known, else the due date."""
        return self.actual or self.due


def _deadline_rule(d: Deadline) -> Rule | None:
    return d.extensions[-1].rule if d.extensions else d.rule


def resolve(
    accord: Accord, actual: Mapping[str, date] | None = None, signed: date | None = None
) -> Resolution:
    """Resolve every deadline of `accord`.

    `actual` maps an event id, a commitment id or a row id to the date it actually
    happened or was completed (like `--event ID=DATE`); `signed` moves the signing date.
    """
    actual = dict(actual or {})
    if signed is not None:
        actual["signing"] = signed
    nodes: dict[str, _Node] = {}
    groups: dict[str, list[str]] = {}  # entry id -> its row ids
    rows: list[tuple[str, Commitment, Deadline]] = []
    for e in accord.events:
        n = nodes[e.id] = _Node(e.id, e.rule, e.pos)
        n.window_rule = e.starts
        n.actual = actual.get(e.id)
        if e.rule is None and n.actual is None:
            n.kind = "pending"
            n.pending = f"{e.id} (no known date)"
    for c in accord.commitments:
        deadlines = c.deadlines or (Deadline(None, None, None, pos=c.pos),)
        for d in deadlines:
            key = c.row_id(d)
            rows.append((key, c, d))
            last = d.extensions[-1] if d.extensions else None
            n = nodes[key] = _Node(key, _deadline_rule(d), last.pos if last else d.pos)
            n.original = d.rule if d.extensions else None
            n.others = [(x.rule, x.pos) for x in d.extensions[:-1]]
            if d.rule is not None and d.extensions:
                n.others.append((d.rule, d.pos))
            n.actual = actual.get(key) or actual.get(c.id) or d.completed
            groups.setdefault(c.id, []).append(key)
            if c.missing:
                n.kind = "missing"
            elif n.rule is None:
                n.kind = "open"
            elif isinstance(n.rule, Permanent):
                n.kind = "permanent"

    findings: list[Finding] = []
    dependents: dict[str, list[str]] = {}
    indegree: dict[str, int] = {}
    for key, n in nodes.items():
        wanted = [(rule, n.pos) for rule in (n.rule, n.window_rule) if rule] + n.others
        for rule, pos in wanted:
            for ref in refs(rule):
                if ref in n.deps:
                    continue
                targets = [ref] if ref in nodes else groups.get(ref)
                if not targets:
                    hint = "name an event id or a commitment id from the file"
                    msg = f'unknown reference "{ref}" in "{rule}" ({key})'
                    findings.append(finding(pos, "ACC004", msg, hint))
                    continue
                n.deps.append(ref)
                for t in targets:
                    dependents.setdefault(t, []).append(key)
                    indegree[key] = indegree.get(key, 0) + 1

    queue = deque(k for k in nodes if not indegree.get(k))
    done = 0
    while queue:
        key = queue.popleft()
        done += 1
        _compute(nodes[key], nodes, groups, findings)
        for dep in dependents.get(key, ()):
            indegree[dep] -= 1
            if not indegree[dep]:
                queue.append(dep)
    if done < len(nodes):
        findings.extend(_cycles(nodes, groups, indegree))
    if any(f.severity == "error" for f in findings):
        raise DataErrors(findings)

    out_rows = tuple(
        Row(
            row_id=key,
            commitment=c,
            deadline=d,
            kind=nodes[key].kind,
            due=nodes[key].due,
            depends_on=tuple(nodes[key].deps),
            step=nodes[key].step,
            pending_on=nodes[key].pending,
            original_due=nodes[key].original_due,
            window_start=nodes[key].window_start,
            actual=nodes[key].actual,
        )
        for key, c, d in rows
    )
    out_events = tuple(
        EventDate(
            e,
            nodes[e.id].effective(),
            nodes[e.id].step,
            e.id in actual,
            nodes[e.id].window_start,
        )
        for e in sorted(accord.events, key=lambda e: (nodes[e.id].effective() or date.max, e.id))
    )
    by_id: dict[str, Row | EventDate] = {r.row_id: r for r in out_rows}
    by_id.update({e.event.id: e for e in out_events})
    sign = nodes.get("signing")
    return Resolution(sign.effective() if sign else None, out_rows, out_events, by_id)


def _base(ref: str, nodes: dict[str, _Node], groups: dict[str, list[str]]) -> _Node | str:
    """The node a reference stands for, or why it has no date.

    A commitment id with several scoped rows stands for the latest of them.
    """
    targets = [nodes[ref]] if ref in nodes else [nodes[k] for k in groups[ref]]
    for t in targets:
        if t.effective() is None:
            return t.pending or f"{t.key} ({t.kind}: no due date)"
    return max(targets, key=lambda t: t.effective() or date.min)


def _compute(
    n: _Node, nodes: dict[str, _Node], groups: dict[str, list[str]], findings: list[Finding]
) -> None:
    if n.kind not in ("date", "pending") or n.rule is None:
        return
    if n.window_rule is not None:
        n.window_start = _date(n, n.window_rule, nodes, groups, findings)
    if n.original is not None and not isinstance(n.original, Permanent):
        n.original_due = _date(n, n.original, nodes, groups, findings)
    n.due = _date(n, n.rule, nodes, groups, findings, record=True)
    if n.due is None and n.pending is not None:
        n.kind = "pending"
    elif n.due is not None:
        n.kind = "date"
    if isinstance(n.rule, At) and n.rule.base in nodes:
        n.window_start = n.window_start or nodes[n.rule.base].window_start
    end = n.effective()
    if n.window_start is not None and (end is None or n.window_start > end):
        n.window_start = None  # a period that ends before it starts is no period


def _date(
    n: _Node,
    rule: Rule,
    nodes: dict[str, _Node],
    groups: dict[str, list[str]],
    findings: list[Finding],
    record: bool = False,
) -> date | None:
    via: _Node | None = None
    ref = refs(rule)[0] if refs(rule) else None
    if ref is not None:
        if ref not in n.deps:  # an unknown reference, already reported
            return None
        found = _base(ref, nodes, groups)
        if isinstance(found, str):
            if record:
                n.pending = found
            return None
        via = found
    base = via.effective() if via else None
    try:
        result, clipped = apply(rule, base)
    except (OverflowError, ValueError):
        what = "gives no date" if isinstance(rule, Permanent) else "gives a date out of range"
        findings.append(finding(n.pos, "ACC006", f'"{rule}" {what} ({n.key})'))
        return None
    if record:
        actual = via is not None and via.actual is not None
        n.step = Step(describe(rule, base), ref, base, actual, clipped, via.key if via else None)
    return result


def _cycles(
    nodes: dict[str, _Node], groups: dict[str, list[str]], indegree: dict[str, int]
) -> list[Finding]:
    """One finding per cycle among the nodes Kahn's algorithm could not reach: each
    strongly connected component (Tarjan's algorithm, iterative) holds at least one."""
    stuck = sorted(k for k, v in indegree.items() if v > 0)
    stuck_set = set(stuck)

    def succ(key: str) -> list[str]:
        out = [t for ref in nodes[key].deps for t in ([ref] if ref in nodes else groups[ref])]
        return [t for t in out if t in stuck_set]

    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    for root in stuck:
        if root in index:
            continue
        work = [(root, iter(succ(root)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            key, it = work[-1]
            nxt = next(it, None)
            if nxt is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[key])
                if low[key] == index[key]:
                    comp = []
                    while True:
                        k = stack.pop()
                        on_stack.discard(k)
                        comp.append(k)
                        if k == key:
                            break
                    components.append(comp)
            elif nxt not in index:
                index[nxt] = low[nxt] = len(index)
                stack.append(nxt)
                on_stack.add(nxt)
                work.append((nxt, iter(succ(nxt))))
            elif nxt in on_stack:
                low[key] = min(low[key], index[nxt])
    out: list[Finding] = []
    for comp in components:
        members = set(comp)
        first = min(comp)
        if len(comp) == 1 and first not in succ(first):
            continue  # waits on a cycle without being in one
        path: list[str] = []
        seen: dict[str, int] = {}
        key = first
        while key not in seen:
            seen[key] = len(path)
            path.append(key)
            key = next(t for t in succ(key) if t in members)
        cycle = path[seen[key] :]
        loop = " -> ".join([*cycle, cycle[0]])
        hint = "a deadline cannot count from itself, directly or through others"
        out.append(finding(nodes[cycle[0]].pos, "ACC005", f"cycle of {len(cycle)}: {loop}", hint))
    return sorted(out, key=lambda f: (f.pos.line, f.pos.col))


def date_of(res: Resolution, ident: str) -> tuple[date | None, str | None]:
    """The date dependents would count from for `ident` (an event, row or commitment id):
    the recorded date when there is one, else the due date; for a commitment with several
    scoped rows, the latest. Returns (None, why) when there is none, and (None, None) when
    the id is unknown."""
    item = res.by_id.get(ident)
    items = [item] if item is not None else [r for r in res.rows if r.commitment.id == ident]
    if not items:
        return None, None
    dates = []
    for x in items:
        if isinstance(x, Row):
            when = x.effective
            why = f"pending on {x.pending_on}" if x.kind == "pending" else f"{x.row_id} is {x.kind}"
        else:
            when, why = x.date, "no known date"
        if when is None:
            return None, why
        dates.append(when)
    return max(dates), None

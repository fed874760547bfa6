"""Rules + graph -> dates.

Every deadline and event is a node; a rule counted from another id is an edge. Nodes are
resolved in topological order with an explicit stack (no recursion, so a chain 10,000 deep
is fine). Unknown references and cycles are collected, with the whole cycle, and raised
together as DataErrors.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from accordctl.core.cycles import cycles
from accordctl.core.errors import DataErrors, Finding, PhraseError, Pos, finding
from accordctl.core.model import (
    Accord,
    Base,
    Commitment,
    Deadline,
    Derivation,
    Event,
    EventDate,
    Fact,
    Kind,
    Resolution,
    Row,
    stands_for,
)
from accordctl.core.phrases import (
    At,
    MonthEnd,
    Offset,
    OnDate,
    Permanent,
    Rule,
    describe,
    refs,
    window,
)
from accordctl.core.text import quote
from accordctl.core.workdays import OutsideCalendar, Workdays

Skipped = tuple[tuple[date, str], ...]


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(base: date, months: int) -> date:
    """`base` plus whole months (or minus, when negative), the day clipped to the month's
    last: what dateutil's `base + relativedelta(months=months)` gives (a property test,
    tests/test_fast_paths.py, holds the two together), at a fraction of its cost (with
    relativedelta, resolving 10,000 rows took 0.150 s against 0.115 s: issue #23). A year
    outside 1-9999 raises ValueError."""
    years, month0 = divmod(base.month - 1 + months, 12)
    year, month = base.year + years, month0 + 1
    return date(year, month, min(base.day, calendar.monthrange(year, month)[1]))


def apply_rule(
    rule: Rule, base: date | None, calendar: Workdays | None = None
) -> tuple[date, bool]:
    """The date a rule gives from its base date, and whether a month end was clipped.
    Working days are counted on `calendar` (Mexico's federal holidays when None).

    Raises OverflowError or ValueError when the date falls outside years 1-9999, or when
    the rule gives no date at all (permanent); OutsideCalendar when a count in working
    days leaves the years the holiday calendar knows.
    """
    day, clipped, _ = derive(rule, base, calendar)
    return day, clipped


def derive(
    rule: Rule, base: date | None, calendar: Workdays | None = None
) -> tuple[date, bool, Skipped | None]:
    """`apply_rule`, and the days a count in working days skipped (None: not such a count)."""
    if isinstance(rule, Offset):
        if base is None:
            raise ValueError(f"no base date for {rule}")
        if rule.unit == "workdays":
            day, skipped = (calendar or Workdays()).count(base, rule.n)
            return day, False, skipped
        result = shift(base, rule.n, rule.unit)
        return result, rule.unit in ("months", "years") and result.day < base.day, None
    if isinstance(rule, MonthEnd):
        y, m = rule.year, rule.month
        if rule.before:
            y, m = (y, m - 1) if m > 1 else (y - 1, 12)
        if rule.working:
            day, skipped = (calendar or Workdays()).last_open(month_end(y, m))
            return day, False, skipped
        return month_end(y, m), False, None
    if isinstance(rule, OnDate):
        return (rule.day - timedelta(days=1) if rule.before else rule.day), False, None
    if isinstance(rule, At):
        if base is None:
            raise ValueError(f"no base date for {rule}")
        return base, False, None
    raise ValueError(f"{rule} gives no date")


def shift(day: date, n: int, unit: str) -> date:
    """`day` moved by `n` (possibly negative) days, weeks, months or years: calendar
    arithmetic, a month end clipped (Jan 31 + 1 month = Feb 28 or 29). Raises
    OverflowError or ValueError outside years 1-9999."""
    if unit == "days":
        return day + timedelta(days=n)
    if unit == "weeks":
        return day + timedelta(weeks=n)
    if abs(n) > 120_000:
        raise OverflowError("date out of range")
    return add_months(day, n if unit == "months" else 12 * n)


@dataclass(slots=True, eq=False)
class _Node:
    """Resolution state of one deadline row or event."""

    key: str
    rule: Rule | None
    pos: Pos
    source: tuple[Commitment, Deadline] | Event
    original: Rule | None = None  # the rule before extensions
    others: tuple[tuple[Rule, Pos], ...] = ()  # earlier extensions
    deps: tuple[str, ...] = ()  # few: tuples, and none made for a node without any
    due: date | None = None
    original_due: date | None = None
    completed: date | None = None  # the recorded completion (data or --event); an event's fact
    actual: date | None = None  # the completion dependents count from (by the as-of date)
    given: date | None = None  # an event's date given with --event or --signed
    step: Derivation | None = None
    pending: str | None = None
    kind: Kind = "date"
    window_rule: Rule | None = None
    window_start: date | None = None
    # The graph, kept on the nodes rather than in dicts keyed by id: a run on 100,000 rows
    # spent a tenth of resolve() looking ids up in big dicts.
    waits: int = 0  # bases not yet resolved (Kahn's in-degree)
    dependents: list[_Node] | None = None
    item: Row | EventDate | None = None  # the node resolved and frozen


def _deadline_rule(d: Deadline) -> Rule | None:
    return d.extensions[-1].rule if d.extensions else d.rule


def resolve(
    accord: Accord,
    actual: Mapping[str, date] | None = None,
    signed: date | None = None,
    as_of: date | None = None,
) -> Resolution:
    """Resolve every deadline of `accord`.

    `actual` maps an event id, a commitment id or a row id to the date it actually
    happened or was completed (like `--event ID=DATE`); `signed` moves the signing date.
    With `as_of`, the record holds only what had happened by that date: a completion, or an
    event's date from a fact or from `actual`, that came later is not counted from (the
    plan's own dates, phrases and fixed dates, always are).
    Every problem of the file itself is raised together as DataErrors; a problem that
    only the given dates cause (a date out of range) is a PhraseError, as the same date
    written in the file would be (exit 4 in every command).
    """
    given = dict(actual or {})
    if signed is not None:
        given["signing"] = signed
    try:
        return _resolve(accord, given, as_of)
    except DataErrors as e:
        if not given:
            raise
        _resolve(accord, {}, as_of)  # the file's own problems come first ...
        first = next(f for f in e.findings if f.severity == "error")
        raise PhraseError(  # ... else the given dates caused this one
            f"dates given with --event or --signed put a deadline out of range: {first.message}"
        ) from None


def _resolve(accord: Accord, actual: dict[str, date], as_of: date | None) -> Resolution:
    ids = accord.ids  # what a reference may name, and the rows an entry stands for
    graph = _Graph(ids)
    signing = actual.get("signing")  # the signing is the plan's, whatever the as-of date

    def known(day: date | None) -> date | None:
        """A date of the record, if it had happened by the as-of date."""
        return day if day is None or as_of is None or day <= as_of else None

    for e in accord.events:
        # The plan's date comes from `when` (the rule); the record's from a fact (the loader
        # holds an event's fact to the day) or `--event`, which replaces it for a what-if.
        fact = accord.facts.get(e.fact) if e.fact else None
        n = _Node(e.id, e.rule, e.pos, e)
        n.window_rule = e.starts or (window(e.rule) if e.rule else None)
        n.given = signing if e.id == "signing" and signing else known(actual.get(e.id))
        n.completed = fact.first if fact is not None else None
        n.actual = n.given or known(n.completed)
        if e.rule is None and n.actual is None:
            n.kind = "pending"
            later = " as of " + as_of.isoformat() if as_of and (fact or e.id in actual) else ""
            n.pending = f"{e.id} (no known date{later})"
        graph.add(n)
    for c in accord.commitments:
        deadlines = c.deadlines or (Deadline(None, None, None, pos=c.pos),)
        for d in deadlines:
            key = c.row_id(d)
            last = d.extensions[-1] if d.extensions else None
            n = _Node(key, _deadline_rule(d), last.pos if last else d.pos, (c, d))
            n.window_rule = window(n.rule) if n.rule else None  # "de 6 a 18 meses"
            if d.extensions:
                n.original = d.rule
                n.others = tuple((x.rule, x.pos) for x in d.extensions[:-1])
                if d.rule is not None:
                    n.others += ((d.rule, d.pos),)
            n.completed = actual.get(key) or actual.get(c.id) or d.completed
            n.actual = known(n.completed)
            if c.missing:
                n.kind = "missing"
            elif n.rule is None:
                n.kind = "open"
            elif isinstance(n.rule, Permanent):
                n.kind = "permanent"
            graph.add(n)

    nodes, findings = graph.nodes, graph.findings
    items: dict[str, Row | EventDate] = {}
    # Depth first (a stack): a chain is resolved down its length, node after node made
    # one after the other, not a step of every chain in turn; in a large file the nodes
    # then come from memory the cache holds. Any order that waits for the bases gives the
    # same dates.
    queue = graph.roots
    queue.reverse()  # the first in the file first
    run = _Run(items, ids, findings, accord.workdays)
    while queue:
        n = queue.pop()
        _compute(n, run)
        items[n.key] = n.item = _freeze(n, n.source, accord.facts)
        for dep in n.dependents or ():
            dep.waits -= 1
            if not dep.waits:
                queue.append(dep)
    if len(items) < len(nodes):
        waiting = {k: n.waits for k, n in nodes.items() if n.waits}
        findings.extend(cycles(nodes, ids, waiting))
    signed = items.get("signing")
    if signed is not None and signed.effective is not None and "signing" not in actual:
        findings.extend(
            _before(accord, signed.effective)
        )  # the file's signing: --signed is a what-if
    if any(f.severity == "error" for f in findings):
        raise DataErrors(findings)

    out_events = sorted(
        (e for e in items.values() if isinstance(e, EventDate)),
        key=lambda e: (e.effective or date.max, e.key),
    )
    # The file's order (nodes were made in it; no sort needed), read from the nodes in the
    # order they were made rather than looked up again: on 100,000 rows each lookup in a
    # dict of them costs twice what it does on 10,000 (the dict no longer fits the caches).
    out_rows = tuple(r for n in nodes.values() if isinstance(r := n.item, Row))
    sign = items.get("signing")
    signed_on = sign.effective if sign else None
    return Resolution(  # `items`, every row and event by id, is the lookup (never iterated)
        signed_on, out_rows, tuple(out_events), items, ids, as_of, accord.facts, accord.workdays
    )


class _Graph:
    """The nodes and the edges from each node to the nodes counted from it, made as the
    nodes are: a node's references are read while it is still in the processor's caches
    (a second pass over 100,000 nodes finds none of them there), and a reference to a node
    not made yet waits for it. Each node's dependents are in the file's order, the order a
    second pass gave them, so the walk and its findings come in the same order."""

    def __init__(self, ids: Mapping[str, tuple[str, ...]]) -> None:
        self.ids = ids
        self.nodes: dict[str, _Node] = {}
        self.findings: list[Finding] = []
        self.roots: list[_Node] = []  # the nodes counted from nothing, in the file's order
        self.early: dict[str, list[_Node]] = {}  # dependents of a node not made yet

    def add(self, n: _Node) -> None:
        """Add a node, with the edges from its bases (unknown references as findings)."""
        nodes, early = self.nodes, self.early
        nodes[n.key] = n
        if early:
            n.dependents = early.pop(n.key, None)  # the nodes before it that count from it
        wanted = [(rule, n.pos) for rule in (n.rule, n.window_rule) if rule] + [*n.others]
        for rule, pos in wanted:
            for ref in refs(rule):
                if ref in n.deps:
                    continue
                # A row or event id names itself alone (`Accord.ids`): a base made already
                # needs no lookup of what it stands for (one lookup less in a dict of
                # every id, for most references: they name an entry above them).
                made = nodes.get(ref)
                targets = (ref,) if made is not None else self.ids.get(ref)
                if not targets:
                    hint = "name an event or a commitment by its id, or by a name the file gives it"
                    msg = f"unknown reference {quote(ref)} in {quote(rule)} ({n.key})"
                    self.findings.append(finding(pos, "ACC004", msg, hint))
                    continue
                n.deps += (ref,)
                for t in targets:
                    base = made or nodes.get(t)
                    if base is None:
                        early.setdefault(t, []).append(n)
                    elif base.dependents is None:
                        base.dependents = [n]
                    else:
                        base.dependents.append(n)
                    n.waits += 1
        if not n.waits:
            self.roots.append(n)


def _freeze(
    n: _Node, source: tuple[Commitment, Deadline] | Event, facts: Mapping[str, Fact]
) -> Row | EventDate:
    """The finished, immutable view of a resolved node."""
    if isinstance(source, Event):
        by_fact = source.fact if n.given is None and n.actual is not None else None
        return EventDate(
            source, n.actual or n.due, n.step, n.given is not None, n.window_start, n.pending,
            fact=by_fact, planned=n.due,
        )  # fmt: skip
    c, d = source
    return Row(
        row_id=n.key,
        commitment=c,
        deadline=d,
        kind=n.kind,
        due=n.due,
        depends_on=n.deps,
        step=n.step,
        pending_on=n.pending,
        original_due=n.original_due,
        window_start=n.window_start,
        actual=n.actual,
        completed=n.completed,
        facts=tuple(facts[i] for i in d.facts if i in facts) if d.facts else (),
    )


@dataclass(frozen=True)
class _Run:
    """What computing one node's dates reads and adds to: the rows and events already
    dated, the ids, the findings so far, and the calendar working days count on."""

    items: dict[str, Row | EventDate]
    ids: Mapping[str, tuple[str, ...]]
    findings: list[Finding]
    calendar: Workdays


def _compute(n: _Node, run: _Run) -> None:
    if n.kind not in ("date", "pending") or n.rule is None:
        return
    if n.window_rule is not None:
        n.window_start = _date(n, n.window_rule, run)
    if n.original is not None and not isinstance(n.original, Permanent):
        n.original_due = _date(n, n.original, run)
    n.due = _date(n, n.rule, run, record=True)
    if n.due is None and n.pending is not None:
        n.kind = "pending"
    elif n.due is not None:
        n.kind = "date"
    if isinstance(n.rule, At):
        base = run.items.get(n.rule.base)
        n.window_start = n.window_start or (base.window_start if base else None)
    end = n.actual or n.due
    if n.window_start is not None and (end is None or n.window_start > end):
        n.window_start = None  # a period that ends before it starts is no period


def _date(n: _Node, rule: Rule, run: _Run, record: bool = False) -> date | None:
    found: Base | None = None
    ref = refs(rule)[0] if refs(rule) else None
    if ref is not None:
        if ref not in n.deps:  # an unknown reference, already reported
            return None
        found = stands_for(ref, run.items, run.ids)
        if found is None or found.date is None:
            if record and found is not None:
                n.pending = found.why
            return None
    base = found.date if found else None
    try:
        result, clipped, skipped = derive(rule, base, run.calendar)
    except (OverflowError, ValueError):
        what = "gives no date" if isinstance(rule, Permanent) else "gives a date out of range"
        run.findings.append(finding(n.pos, "ACC006", f"{quote(rule)} {what} ({n.key})"))
        return None
    except OutsideCalendar as e:
        hint = (
            "name a holiday calendar that knows those years under workdays, or count calendar days"
        )
        run.findings.append(finding(n.pos, "ACC006", f"{quote(rule)} ({n.key}): {e}", hint))
        return None
    if record:
        is_actual = found is not None and _recorded(found.item)
        via = found.key if found else None
        days = None if skipped is None else str(run.calendar)
        step = (describe(rule, base), ref, base, is_actual, clipped, via, days, skipped or ())
        n.step = Derivation(*step)
    return result


def _recorded(item: Row | EventDate) -> bool:
    """Whether a base is counted from a date of the record (a completion, an event's fact or
    --event) that differs from its planned one. Read from the frozen base itself: looking its
    node up again cost a lookup in a dict of every id per row."""
    if isinstance(item, Row):
        return item.actual not in (None, item.due)
    return item.date != item.planned  # an event's date is its actual one, else the planned


def _before(accord: Accord, signed: date) -> list[Finding]:
    """Progress recorded before the signing: a completion, or the day a status began."""
    out = []
    for c in accord.commitments:
        for d in c.deadlines:
            for key, day in (("completed", d.completed), ("since", d.since)):
                if day is not None and day < signed:
                    msg = f"{c.row_id(d)}: {key} {day} is before the signing ({signed})"
                    hint = "progress is recorded from the signing on"
                    out.append(finding(d.at(key), "ACC020", msg, hint))
    return out

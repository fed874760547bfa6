"""YAML -> model: the data file's schema (its keys and what each holds), read with the
`reader`'s checked values so that every problem is reported with the line and column of the
value itself. All problems are collected before anything is raised.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import yaml

from accordctl.core.composer import Anchored, Hand, HandOff
from accordctl.core.errors import DataErrors, Finding, Pos, finding
from accordctl.core.model import (
    Accord,
    Branch,
    Commitment,
    Deadline,
    Event,
    Extension,
    Fact,
    branch_of,
)
from accordctl.core.names import read_names, with_names
from accordctl.core.reader import SAFE_TAGS, SLUG, Reader, compose, is_null
from accordctl.core.record import (
    PROGRESS_KEYS,
    Link,
    check_links,
    read_progress,
    read_record,
    read_record_item,
)
from accordctl.core.text import quote
from accordctl.core.workdays import Workdays, read_workdays

DATA_VERSION = 1  # the data file's own `schema_version` (the output's is formats.SCHEMA_VERSION)
TOP_KEYS = {"schema_version", "title", "source", "branches", "events", "commitments"}
TOP_KEYS |= {"workdays", "record"}
EVENT_KEYS = {"id", "title", "when", "starts", "source", "names", "fact"}
COMMITMENT_KEYS = {"id", "number", "branch", "heading", "title", "text", "note", "missing"}
COMMITMENT_KEYS |= {"deadlines", "names"}
DEADLINE_KEYS = {"source", "deadline", "scope", "inferred", "interpreted", "reading"}
DEADLINE_KEYS |= {"extensions"} | PROGRESS_KEYS
EXTENSION_KEYS = {"to", "agreed", "source"}
BRANCH_KEYS = {"title", "first", "last"}


def _branches(r: Reader, node: yaml.Node | None) -> list[Branch]:
    m = r.mapping(node, "branches", None, set()) if node is not None else None
    out = []
    for slug, value in (m or {}).items():
        b = r.mapping(value, f"branch {slug}", BRANCH_KEYS, BRANCH_KEYS)
        if not SLUG.fullmatch(slug):
            r.error(value, "ACC007", f"branch {quote(slug)} is not a slug", SLUG.pattern)
        elif b is not None:
            title = r.scalar(b.get("title"), "branch title", null=False)
            first, last = r.integer(b.get("first"), "first"), r.integer(b.get("last"), "last")
            if title is not None and first is not None and last is not None:
                out.append(Branch(slug, title, first, last, r.pos(value)))
    return out


def _event(r: Reader, node: yaml.Node, links: list[Link]) -> Event | None:
    m = r.mapping(node, "event", EVENT_KEYS, {"id", "title"})
    if m is None:
        return None
    eid = r.ident(m.get("id"), "event id")
    title = r.scalar(m.get("title"), "event title", null=False)
    rule, phrase = r.phrase(m.get("when"), "event date")
    starts, _ = r.phrase(m.get("starts"), "event start")
    source = r.scalar(m.get("source"), "event source")
    fact = r.ident(m["fact"], "fact id") if "fact" in m else None
    if fact is not None:
        links.append(Link(m["fact"], fact, f"event {eid}", needs_day=True))
    elif "when" not in m:
        r.error(node, "ACC003", 'event has no "when"', "a date or phrase, null, or fact: ID")
    names = read_names(r, m.get("names"))
    if eid is None or title is None or (phrase is not None and rule is None):
        return None
    event = Event(
        eid, title, rule, phrase, source, starts, fact, pos=r.pos(m["id"]), names=_just(names)
    )
    r.names.extend((event, name, pos) for name, pos in names)
    return event


def _just(names: list[tuple[str, Pos]]) -> tuple[str, ...]:
    return tuple(" ".join(name.split()) for name, _ in names)


def _extension(r: Reader, node: yaml.Node) -> Extension | None:
    m = r.mapping(node, "extension", EXTENSION_KEYS, {"to"})
    if m is None:
        return None
    if "to" in m and is_null(m["to"]):
        r.error(m["to"], "ACC007", "extension to must not be empty", "a date or a phrase")
        return None
    rule, phrase = r.phrase(m.get("to"), "extension")
    agreed = r.day(m.get("agreed"), "agreed")
    source = r.scalar(m.get("source"), "extension source")
    if rule is None or phrase is None:
        return None
    return Extension(rule, phrase, agreed, source, r.pos(m["to"]))


def _deadline(r: Reader, node: yaml.Node, row: str, links: list[Link]) -> Deadline | None:
    m = r.mapping(node, "deadline", DEADLINE_KEYS, {"source", "deadline"})
    if m is None:
        return None
    rule, phrase = r.phrase(m.get("deadline"), "deadline")
    p = read_progress(r, m, row, links)
    where = m.get("deadline") or node
    interpreted = r.boolean(m.get("interpreted"), "interpreted")
    reading = r.scalar(m.get("reading"), "reading")
    if interpreted and not reading:
        hint = "say which reading was taken, and the alternative with its date"
        r.error(
            m.get("interpreted") or node, "ACC003", "an interpreted deadline needs a reading", hint
        )
    return Deadline(
        rule=rule,
        phrase=phrase,
        source=r.scalar(m.get("source"), "source"),
        scope=r.ident(m["scope"], "scope", SLUG) if "scope" in m else None,
        inferred=r.boolean(m.get("inferred"), "inferred"),
        interpreted=interpreted,
        reading=reading,
        status=p.status,
        completed=p.completed,
        since=p.since,
        evidence=p.evidence,
        facts=p.facts,
        judgement=p.judgement,
        marks=p.marks,
        extensions=tuple(
            r.each(r.sequence(m.get("extensions"), "extensions"), lambda n: _extension(r, n))
        ),
        pos=r.pos(where),
    )


def _commitment(
    r: Reader, node: yaml.Node, accord_branches: list[Branch], links: list[Link]
) -> Commitment | None:
    m = r.mapping(node, "commitment", COMMITMENT_KEYS, {"id", "number", "branch", "title"})
    if m is None:
        return None
    cid = r.ident(m.get("id"), "commitment id")
    number = r.integer(m.get("number"), "number")
    branch = r.ident(m.get("branch"), "branch", SLUG)
    missing = r.boolean(m.get("missing"), "missing")
    title = r.scalar(m.get("title"), "title", null=missing)
    deadlines = r.each(
        r.sequence(m.get("deadlines"), "deadlines"),
        lambda n: _deadline(r, n, cid or "a commitment", links),
    )
    if number is not None and branch is not None and accord_branches:
        owner = branch_of(accord_branches, number)
        if owner is None:
            lo, hi = min(b.first for b in accord_branches), max(b.last for b in accord_branches)
            r.error(m["number"], "ACC009", f"number {number} is outside {lo}-{hi}")
        elif owner.slug != branch:
            hint = f'numbers {owner.first}-{owner.last} belong to "{owner.slug}"'
            r.error(m["branch"], "ACC009", f'commitment {cid} is not "{branch}"', hint)
    names = read_names(r, m.get("names"))
    scopes = [d.scope for d in deadlines]
    if len(deadlines) > 1 and (None in scopes or len(set(scopes)) != len(scopes)):
        r.error(
            m["deadlines"], "ACC007", f"commitment {cid}: several deadlines need distinct scopes"
        )
    if cid is None or number is None or branch is None:
        return None
    commitment = Commitment(
        id=cid,
        number=number,
        branch=branch,
        title=title or "",
        text=r.scalar(m.get("text"), "text"),
        heading=r.scalar(m.get("heading"), "heading"),
        note=r.scalar(m.get("note"), "note"),
        missing=missing,
        deadlines=tuple(deadlines),
        pos=r.pos(m["id"]),
        names=_just(names),
    )
    r.names.extend((commitment, name, pos) for name, pos in names)
    return commitment


def read(text: str, name: str) -> tuple[Accord, list[Finding]]:
    """Read as much of a file as can be read: the valid part as an Accord, and a finding
    for every problem (entries with errors in their id, number or branch are left out).

    A file without anchors (an `&` in a text is no matter) has its commitments read one at
    a time as they are composed, their nodes dropped (composer.compose_handing): the node
    tree, ten times the model, is never whole. The findings are the same, in another order
    (callers sort them)."""
    try:
        return read_yaml(text, name)
    except DataErrors as e:
        return Accord(name, "", (), (), ()), e.findings


def read_yaml(text: str, name: str) -> tuple[Accord, list[Finding]]:
    """`read`, but YAML that cannot be composed (its syntax) raises DataErrors."""
    _, accord, findings = read_watching(text, name)
    return accord, findings


# Given each commitment's node as it is composed, with what was read of it (None: an
# entry with errors), before the node is dropped.
Watch = Callable[[yaml.Node, Commitment | None], None]


def read_watching(
    text: str, name: str, watch: Watch | None = None, transient: bool = False
) -> tuple[yaml.Node | None, Accord, list[Finding]]:
    """`read_yaml`, with the root node too. Where the commitments are read as they are
    composed (see `read`), `watch` is given each of their nodes in the file's order, and
    the root's list of them is left empty; else it is never called, and the tree holds
    them. `transient`: the caller frees the tree (see composer.Transient)."""
    r = Reader(name, anchors=False)
    early = _Early(watch=watch)
    try:
        root = compose(text, name, transient, hand_off=early.hand_off(r))
    except Anchored:  # read from the tree, where an alias is refused (a node read twice)
        r, early = Reader(name), _Early()
        root = compose(text, name, transient)
    accord, findings = _read_root(r, root, name, early)
    return root, accord, findings


@dataclass
class _Early:
    """What is read while the file is composed: the branches, then each commitment."""

    branches: list[Branch] | None = None
    commitments: list[Commitment] | None = None
    names: int = 0  # the names the commitments gave (Reader.names), read before the events'
    links: list[Link] = field(default_factory=list)
    watch: Watch | None = None  # given each commitment's node once read (read_watching)

    def hand_off(self, r: Reader) -> HandOff:
        """Where the composer hands the commitments: read at once, when the branches they
        are checked against came before them (else they are read from the tree)."""

        def hand_off(key: str, top: yaml.MappingNode) -> Hand | None:
            # The first key of each name that `Reader.mapping` takes is the one it keeps.
            keys = [k.value for k, _ in top.value if _kept(k)]
            if key != "commitments" or key in keys or "branches" not in keys:
                return None
            if top.tag not in SAFE_TAGS:  # the file is refused, its commitments unread
                return None
            branches = next(v for k, v in top.value if _kept(k) and k.value == "branches")
            self.branches = _branches(r, branches)
            out: list[Commitment] = []
            self.commitments = out

            def read_one(node: yaml.Node) -> None:
                before = len(r.names)
                found = _commitment(r, node, self.branches or [], self.links)
                self.names += len(r.names) - before
                if found is not None:
                    out.append(found)
                if self.watch is not None:
                    self.watch(node, found)

            return read_one

        return hand_off


def _kept(key: yaml.Node) -> bool:
    """A key `Reader.mapping` takes (without aliases)."""
    return isinstance(key, yaml.ScalarNode) and key.tag in SAFE_TAGS


def read_nodes(
    root: yaml.Node | None, name: str, anchors: bool = True
) -> tuple[Accord, list[Finding]]:
    """`read` from a file already composed into nodes. `anchors=False` says that its text
    has no alias, so no node reached twice (the check is skipped)."""
    return _read_root(Reader(name, anchors), root, name, _Early())


def _read_root(
    r: Reader, root: yaml.Node | None, name: str, early: _Early
) -> tuple[Accord, list[Finding]]:
    empty = Accord(name, "", (), (), ())
    if root is None:
        return empty, [finding(Pos(name, 1, 1), "ACC007", "empty file, expected a mapping")]
    top = r.mapping(root, "the file", TOP_KEYS, {"schema_version", "events", "commitments"})
    if top is None:
        return empty, r.findings
    version = r.integer(top.get("schema_version"), "schema_version")
    if version is not None and version != DATA_VERSION:
        msg = f"schema_version {version} is not supported ({DATA_VERSION} is)"
        r.error(top["schema_version"], "ACC007", msg)
    branches = early.branches
    if branches is None:
        branches = _branches(r, top.get("branches"))
    links = early.links  # fact ids named in the file, checked once it is all read
    events = r.each(r.sequence(top.get("events"), "events"), lambda n: _event(r, n, links))
    commitments = early.commitments
    if commitments is None:
        commitments = r.each(
            r.sequence(top.get("commitments"), "commitments"),
            lambda n: _commitment(r, n, branches, links),
        )
    else:  # the events' names first, as when read from the tree: the first name wins
        r.names = r.names[early.names :] + r.names[: early.names]
    record = read_record(r, top.get("record"), links)
    seen: dict[str, int] = {}
    for f in record:
        if f.id in seen:
            msg = f'duplicate fact id "{f.id}" (first at line {seen[f.id]})'
            r.findings.append(finding(f.pos, "ACC008", msg, "give each fact its own id"))
        seen.setdefault(f.id, f.pos.line)
    workdays = read_workdays(r, top["workdays"]) if "workdays" in top else Workdays()
    first: dict[str, Pos] = {}
    unique: list[Event | Commitment] = []
    items: list[Event | Commitment] = [*events, *commitments]
    for item in items:
        if item.id in first:
            msg = f'duplicate id "{item.id}" (first at line {first[item.id].line})'
            r.findings.append(finding(item.pos, "ACC008", msg, "give each entry its own id"))
        else:
            first[item.id] = item.pos
            unique.append(item)
    accord = Accord(
        path=name,
        title=r.scalar(top.get("title"), "title") or "",
        branches=tuple(branches),
        events=tuple(x for x in unique if isinstance(x, Event)),
        commitments=tuple(x for x in unique if isinstance(x, Commitment)),
        source=r.scalar(top.get("source"), "source"),
        record=tuple(record),
        workdays=workdays,
    )
    if r.names:
        accord = with_names(accord, r.names, {id(x) for x in unique}, r.findings)
    if links:
        check_links(r, accord, links)
    return accord, r.findings


def read_deadline(
    node: yaml.Node, name: str, row: str = "a deadline"
) -> tuple[Deadline | None, list[Finding]]:
    """One deadline's node read as `read_nodes` reads it (an edit checks what it wrote);
    the fact ids it names are not checked here (the whole file's check does that)."""
    r = Reader(name)
    return _deadline(r, node, row, []), r.findings


def read_fact(node: yaml.Node, name: str) -> tuple[Fact | None, list[Finding]]:
    """One fact's node read as `read_nodes` reads it (an edit checks the fact it added)."""
    r = Reader(name)
    found = read_record_item(r, node)
    return found, r.findings


def load_text(text: str, name: str) -> Accord:
    """Load a commitments file from its text; raise DataErrors with every problem in it."""
    accord, findings = read(text, name)
    if findings:
        raise DataErrors(findings)
    return accord

"""YAML -> model, keeping the position of every value for messages.

The file is composed into YAML nodes (never constructed into Python objects), so tags such
as `!!python/object` are refused rather than run, aliases are refused rather than expanded
(no "billion laughs"), and every problem is reported with the line and column of the value
itself. All problems are collected before anything is raised.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import TypeVar

import yaml

from accordctl.core.composer import Loader, Transient
from accordctl.core.errors import DataErrors, Finding, PhraseError, Pos, finding
from accordctl.core.model import (
    STATUSES,
    Accord,
    Branch,
    Commitment,
    Deadline,
    Event,
    Extension,
    branch_of,
)
from accordctl.core.phrases import OnDate, Rule, parse
from accordctl.core.text import quote

T = TypeVar("T")
ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_DIGITS = re.compile(r"[0-9]{1,9}")
_NULL = "tag:yaml.org,2002:null"
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


def is_null(node: yaml.Node) -> bool:
    """A YAML null: `!!null`, or a plain (unquoted) `null`, `~` or nothing."""
    return node.tag == _NULL or (
        isinstance(node, yaml.ScalarNode) and not node.style and node.value in _NULLS
    )


_SAFE_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ["str", "null", "int", "bool", "float", "timestamp", "map", "seq"]
}

DATA_VERSION = 1  # the data file's own `schema_version` (the output's is formats.SCHEMA_VERSION)
TOP_KEYS = {"schema_version", "title", "source", "branches", "events", "commitments"}
EVENT_KEYS = {"id", "title", "when", "starts", "source"}
COMMITMENT_KEYS = {"id", "number", "branch", "heading", "title", "text", "note", "missing"}
COMMITMENT_KEYS |= {"deadlines"}
DEADLINE_KEYS = {"source", "deadline", "scope", "inferred", "status", "completed", "evidence"}
DEADLINE_KEYS |= {"interpreted", "reading"}
DEADLINE_KEYS |= {"extensions"}
EXTENSION_KEYS = {"to", "agreed", "source"}
BRANCH_KEYS = {"title", "first", "last"}


def compose(text: str, name: str, transient: bool = False) -> yaml.Node | None:
    """Parse YAML into nodes; a syntax error becomes a finding at its line and column.
    `transient`: the caller frees the tree (see composer.Transient)."""
    try:
        # No implicit types: every plain scalar is text, which is what the loader wants (it
        # reads numbers, booleans and dates itself); nulls are recognised by `is_null`.
        return yaml.compose(text, Loader=Transient if transient else Loader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        pos = Pos(name, mark.line + 1, mark.column + 1) if mark else Pos(name)
        what = " ".join(str(x) for x in (e.context, e.problem) if x)
        raise DataErrors([finding(pos, "ACC001", f"YAML syntax: {what}")]) from None
    except yaml.YAMLError as e:
        raise DataErrors([finding(Pos(name), "ACC001", f"YAML: {e}")]) from None
    except RecursionError:
        raise DataErrors([finding(Pos(name), "ACC001", "YAML nested too deeply")]) from None


def node_pos(node: yaml.Node, name: str) -> Pos:
    """Where a node starts, 1-based."""
    return Pos(name, node.start_mark.line + 1, node.start_mark.column + 1)


class Reader:
    """Turns nodes into model values, collecting a finding for every problem."""

    def __init__(self, name: str, anchors: bool = True) -> None:
        self.name = name
        self.findings: list[Finding] = []
        self.seen: set[int] = set()
        self.anchors = anchors  # False: the text has no anchor, so no alias and no node twice

    def pos(self, node: yaml.Node) -> Pos:
        return node_pos(node, self.name)

    def error(self, node: yaml.Node, code: str, message: str, hint: str | None = None) -> None:
        self.findings.append(finding(self.pos(node), code, message, hint))

    def check_node(self, node: yaml.Node) -> bool:
        """Refuse aliases (a node seen twice) and non-standard tags."""
        if self.anchors:
            if id(node) in self.seen:
                self.error(node, "ACC014", "YAML aliases are not allowed", "write the value out")
                return False
            self.seen.add(id(node))
        if node.tag not in _SAFE_TAGS:
            self.error(node, "ACC014", f"YAML tag {node.tag} is not allowed")
            return False
        return True

    def mapping(
        self, node: yaml.Node, what: str, allowed: set[str] | None, required: set[str]
    ) -> dict[str, yaml.Node] | None:
        """A mapping with known keys (any, if `allowed` is None); unknown, duplicate and
        missing keys are findings."""
        if not self.check_node(node):
            return None
        if not isinstance(node, yaml.MappingNode):
            self.error(node, "ACC007", f"{what} must be a mapping")
            return None
        out: dict[str, yaml.Node] = {}
        quick = not self.anchors  # then check_node is the tag test, inlined below
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode) or not (
                (quick and key.tag in _SAFE_TAGS) or self.check_node(key)
            ):
                self.error(key, "ACC007", f"{what}: keys must be plain strings")
                continue
            if key.value in out:
                self.error(key, "ACC013", f"duplicate key {quote(key.value)} in {what}")
            elif allowed is not None and key.value not in allowed:
                import difflib  # only for a mistake: not on every start

                close = difflib.get_close_matches(key.value, sorted(allowed), n=1)
                hint = (
                    f"did you mean {quote(close[0])}?"
                    if close
                    else "expected one of " + ", ".join(sorted(allowed))
                )
                self.error(key, "ACC002", f"unknown key {quote(key.value)} in {what}", hint)
            else:
                out[key.value] = value
        missing = required - out.keys()
        if missing:
            import difflib

            typos = [k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
            for key in sorted(missing):
                close = difflib.get_close_matches(key, typos, n=1)
                typo = f"is {quote(close[0])} a misspelling of it?" if close else None
                typo = None if close and close[0] == key else typo
                self.error(node, "ACC003", f'{what} has no "{key}"', typo)
        return out

    def sequence(self, node: yaml.Node | None, what: str) -> list[yaml.Node]:
        if node is None or not self.check_node(node):
            return []
        if is_null(node):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, "ACC007", f"{what} must be a list")
            return []
        return list(node.value)

    def scalar(self, node: yaml.Node | None, what: str, null: bool = True) -> str | None:
        """The text of a scalar; None for null (an error when `null` is false)."""
        if node is None:
            return None
        if (self.anchors or node.tag not in _SAFE_TAGS) and not self.check_node(node):
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, "ACC007", f"{what} must be a single value, not a list or mapping")
            return None
        value: str = node.value
        if node.tag == _NULL or (not node.style and value in _NULLS):  # is_null, inlined
            if not null:
                self.error(node, "ACC007", f"{what} must not be empty")
            return None
        return value

    def integer(self, node: yaml.Node | None, what: str) -> int | None:
        value = self.scalar(node, what, null=False)
        if value is None or node is None:
            return None
        if not _DIGITS.fullmatch(value):
            self.error(node, "ACC007", f"{what} must be a whole number, not {quote(value)}")
            return None
        return int(value)

    def boolean(self, node: yaml.Node | None, what: str) -> bool:
        value = self.scalar(node, what)
        if value is None or node is None:
            return False
        if value.lower() not in ("true", "false"):
            self.error(node, "ACC007", f"{what} must be true or false, not {quote(value)}")
            return False
        return value.lower() == "true"

    def ident(self, node: yaml.Node | None, what: str, pattern: re.Pattern[str] = ID) -> str | None:
        value = self.scalar(node, what, null=False)
        if value is None or node is None:
            return None
        if not pattern.fullmatch(value):
            self.error(node, "ACC007", f"{what} {quote(value)} is not a valid id", pattern.pattern)
            return None
        return value

    def phrase(self, node: yaml.Node | None, what: str) -> tuple[Rule | None, str | None]:
        """A deadline phrase and its rule; a phrase the grammar rejects is a finding."""
        value = self.scalar(node, what)
        if value is None or node is None:
            return None, None
        try:
            return parse(value), value
        except PhraseError as e:
            hint = "see the README's table of deadline phrases"
            self.error(node, "ACC006", str(e), hint)
            return None, value

    def day(self, node: yaml.Node | None, what: str) -> date | None:
        value = self.scalar(node, what)
        if value is None or node is None:
            return None
        try:
            rule = parse(value)
        except PhraseError as e:
            self.error(node, "ACC015", f"{what}: {e}", "write a date as YYYY-MM-DD")
            return None
        if not isinstance(rule, OnDate):
            self.error(node, "ACC015", f"{what} must be a date, not {quote(value)}", "YYYY-MM-DD")
            return None
        return rule.day

    def each(self, nodes: list[yaml.Node], build: Callable[[yaml.Node], T | None]) -> list[T]:
        return [x for x in map(build, nodes) if x is not None]


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


def _event(r: Reader, node: yaml.Node) -> Event | None:
    m = r.mapping(node, "event", EVENT_KEYS, {"id", "title", "when"})
    if m is None:
        return None
    eid = r.ident(m.get("id"), "event id")
    title = r.scalar(m.get("title"), "event title", null=False)
    rule, phrase = r.phrase(m.get("when"), "event date")
    starts, _ = r.phrase(m.get("starts"), "event start")
    source = r.scalar(m.get("source"), "event source")
    if eid is None or title is None or (phrase is not None and rule is None):
        return None
    return Event(eid, title, rule, phrase, source, starts, r.pos(m["id"]))


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


def _deadline(r: Reader, node: yaml.Node) -> Deadline | None:
    m = r.mapping(node, "deadline", DEADLINE_KEYS, {"source", "deadline"})
    if m is None:
        return None
    rule, phrase = r.phrase(m.get("deadline"), "deadline")
    status = r.scalar(m.get("status"), "status")
    if status is not None and status not in STATUSES:
        r.error(
            m["status"],
            "ACC007",
            f"unknown status {quote(status)}",
            "one of " + ", ".join(STATUSES),
        )
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
        status=status,
        completed=r.day(m.get("completed"), "completed"),
        evidence=r.scalar(m.get("evidence"), "evidence"),
        extensions=tuple(
            r.each(r.sequence(m.get("extensions"), "extensions"), lambda n: _extension(r, n))
        ),
        pos=r.pos(where),
    )


def _commitment(r: Reader, node: yaml.Node, accord_branches: list[Branch]) -> Commitment | None:
    m = r.mapping(node, "commitment", COMMITMENT_KEYS, {"id", "number", "branch", "title"})
    if m is None:
        return None
    cid = r.ident(m.get("id"), "commitment id")
    number = r.integer(m.get("number"), "number")
    branch = r.ident(m.get("branch"), "branch", SLUG)
    missing = r.boolean(m.get("missing"), "missing")
    title = r.scalar(m.get("title"), "title", null=missing)
    deadlines = r.each(r.sequence(m.get("deadlines"), "deadlines"), lambda n: _deadline(r, n))
    if number is not None and branch is not None and accord_branches:
        owner = branch_of(accord_branches, number)
        if owner is None:
            lo, hi = min(b.first for b in accord_branches), max(b.last for b in accord_branches)
            r.error(m["number"], "ACC009", f"number {number} is outside {lo}-{hi}")
        elif owner.slug != branch:
            hint = f'numbers {owner.first}-{owner.last} belong to "{owner.slug}"'
            r.error(m["branch"], "ACC009", f'commitment {cid} is not "{branch}"', hint)
    scopes = [d.scope for d in deadlines]
    if len(deadlines) > 1 and (None in scopes or len(set(scopes)) != len(scopes)):
        r.error(
            m["deadlines"], "ACC007", f"commitment {cid}: several deadlines need distinct scopes"
        )
    if cid is None or number is None or branch is None:
        return None
    return Commitment(
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
    )


def read(text: str, name: str) -> tuple[Accord, list[Finding]]:
    """Read as much of a file as can be read: the valid part as an Accord, and a finding
    for every problem (entries with errors in their id, number or branch are left out)."""
    try:
        root = compose(text, name)
    except DataErrors as e:
        return Accord(name, "", (), (), ()), e.findings
    return read_nodes(root, name, anchors="&" in text)


def read_nodes(
    root: yaml.Node | None, name: str, anchors: bool = True
) -> tuple[Accord, list[Finding]]:
    """`read` from a file already composed into nodes. `anchors=False` says that its text
    has no "&", so no anchor, no alias and no node reached twice (the check is skipped)."""
    empty = Accord(name, "", (), (), ())
    r = Reader(name, anchors)
    if root is None:
        return empty, [finding(Pos(name, 1, 1), "ACC007", "empty file, expected a mapping")]
    top = r.mapping(root, "the file", TOP_KEYS, {"schema_version", "events", "commitments"})
    if top is None:
        return empty, r.findings
    version = r.integer(top.get("schema_version"), "schema_version")
    if version is not None and version != DATA_VERSION:
        msg = f"schema_version {version} is not supported ({DATA_VERSION} is)"
        r.error(top["schema_version"], "ACC007", msg)
    branches = _branches(r, top.get("branches"))
    events = r.each(r.sequence(top.get("events"), "events"), lambda n: _event(r, n))
    commitments = r.each(
        r.sequence(top.get("commitments"), "commitments"), lambda n: _commitment(r, n, branches)
    )
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
    )
    return accord, r.findings


def read_deadline(node: yaml.Node, name: str) -> tuple[Deadline | None, list[Finding]]:
    """One deadline's node read as `read_nodes` reads it (an edit checks what it wrote)."""
    r = Reader(name)
    return _deadline(r, node), r.findings


def load_text(text: str, name: str) -> Accord:
    """Load a commitments file from its text; raise DataErrors with every problem in it."""
    accord, findings = read(text, name)
    if findings:
        raise DataErrors(findings)
    return accord

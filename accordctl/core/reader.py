"""YAML nodes to checked values, keeping the position of every value for messages.

The file is composed into YAML nodes (never constructed into Python objects), so tags such
as `!!python/object` are refused rather than run, aliases are refused rather than expanded
(no "billion laughs"). `Reader` turns nodes into text, numbers, booleans, ids, phrases and
dates, collecting a finding for every problem instead of stopping at the first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import TypeVar

import yaml

from accordctl.core.composer import Anchored, HandOff, Loader, Transient, compose_handing
from accordctl.core.errors import DataErrors, Finding, PhraseError, Pos, finding
from accordctl.core.model import Commitment, Event
from accordctl.core.phrases import OnDate, Rule, parse
from accordctl.core.text import quote

T = TypeVar("T")
ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_DIGITS = re.compile(r"[0-9]{1,9}")
_TIMED = re.compile(r"\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|\s+)[0-9]{1,2}:")  # 2008-12-01 10:00
_NULL = "tag:yaml.org,2002:null"
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


def is_null(node: yaml.Node) -> bool:
    """A YAML null: `!!null`, or a plain (unquoted) `null`, `~` or nothing."""
    return node.tag == _NULL or (
        isinstance(node, yaml.ScalarNode) and not node.style and node.value in _NULLS
    )


SAFE_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ["str", "null", "int", "bool", "float", "timestamp", "map", "seq"]
}


def compose(
    text: str, name: str, transient: bool = False, hand_off: HandOff | None = None
) -> yaml.Node | None:
    """Parse YAML into nodes; a syntax error becomes a finding at its line and column.
    `transient`: the caller frees the tree (see composer.Transient). `hand_off`: large
    lists read an item at a time (composer.compose_handing; an anchor raises `Anchored`, and
    the caller composes the tree instead)."""
    try:
        # No implicit types: every plain scalar is text, which is what the loader wants (it
        # reads numbers, booleans and dates itself); nulls are recognised by `is_null`.
        if hand_off is not None:
            return compose_handing(text, hand_off)
        return yaml.compose(text, Loader=Transient if transient else Loader)
    except Anchored:
        raise
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
        self.anchors = anchors  # False: the text has no alias, so no node is reached twice
        self.names: list[tuple[Event | Commitment, str, Pos]] = []  # each name, and whose

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
        if node.tag not in SAFE_TAGS:
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
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode) or not self.check_node(key):
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
        if not self.check_node(node):
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, "ACC007", f"{what} must be a single value, not a list or mapping")
            return None
        if is_null(node):
            if not null:
                self.error(node, "ACC007", f"{what} must not be empty")
            return None
        value: str = node.value
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
            hint = "see the deadline grammar in the manual (man accordctl)"
            self.error(node, "ACC006", str(e), hint)
            return None, value

    def day(self, node: yaml.Node | None, what: str) -> date | None:
        value = self.scalar(node, what)
        if value is None or node is None:
            return None
        try:
            rule: Rule | None = parse(value)
        except PhraseError as e:  # a date's own problem (no such day) says so; else:
            if not str(e).startswith("no such date"):
                rule = None
            else:
                self.error(node, "ACC015", f"{what}: {e}", "write a date as YYYY-MM-DD")
                return None
        if not isinstance(rule, OnDate):
            timed = " (a date and a time: give the day alone)" if _TIMED.match(value) else ""
            why = f"{what}: {quote(value)} is not a date{timed}"
            self.error(node, "ACC015", why, "write a date as YYYY-MM-DD")
            return None
        return rule.day

    def each(self, nodes: list[yaml.Node], build: Callable[[yaml.Node], T | None]) -> list[T]:
        return [x for x in map(build, nodes) if x is not None]

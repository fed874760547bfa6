"""The loader's quick path: a commitment with nothing to report, read in one pass.

A large file is thousands of commitments of one plain shape: known keys, plain values, one
or two deadlines. For such an entry the loader's Reader makes some sixty small calls, each
checking something that is fine. `commitment` reads that shape directly and returns the
same Commitment, or None at the first thing it does not expect (an unknown or missing or
repeated key, a null or a list where a value goes, a malformed id or number, a phrase the
grammar refuses, a branch that does not own the number, status, completion, evidence or
extensions, ...); the loader then reads the entry the full way, which reports it. So every
finding still comes from the loader, at its line and column, and an entry read here is
one the loader would have read to the same value without a finding: tests/test_quickread.py
compares the two on thousands of generated entries, valid and not.

Only for texts without anchors (the loader's `anchors=False`): no node can be met twice.
"""

from __future__ import annotations

import re

import yaml

from accordctl.errors import PhraseError, Pos
from accordctl.model import Branch, Commitment, Deadline, branch_of
from accordctl.phrases import Rule, parse

_STR_TAGS = frozenset(
    "tag:yaml.org,2002:" + t for t in ["str", "null", "int", "bool", "float", "timestamp"]
)
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_NULL = "tag:yaml.org,2002:null"
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_COMMITMENT = frozenset(("id", "number", "branch", "title", "text", "heading", "note", "deadlines"))
_DEADLINE = frozenset(("source", "deadline", "scope", "inferred"))
_Scalar, _Mapping, _Sequence = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode


class _Bail(Exception):
    """Something the full reader should look at."""


def _mapping(node: yaml.Node, allowed: frozenset[str]) -> dict[str, yaml.Node]:
    if node.__class__ is not _Mapping or node.tag != _MAP:
        raise _Bail
    out: dict[str, yaml.Node] = {}
    for key, value in node.value:
        if key.__class__ is not _Scalar or key.tag not in _STR_TAGS:
            raise _Bail
        name = key.value
        if name in out or name not in allowed:
            raise _Bail
        out[name] = value
    return out


def _text(node: yaml.Node | None) -> str | None:
    """A scalar's text, None for null or absent."""
    if node is None:
        return None
    if node.__class__ is not _Scalar or node.tag not in _STR_TAGS:
        raise _Bail
    value: str = node.value
    if node.tag != _NULL and (node.style or value not in _NULLS):  # not null (quoted, say)
        return value
    return None


def _required(node: yaml.Node | None) -> str:
    value = _text(node)
    if value is None:
        raise _Bail
    return value


def _flag(node: yaml.Node | None) -> bool:
    value = _text(node)
    if value is None:
        return False
    low = value.lower()
    if low not in ("true", "false"):
        raise _Bail
    return low == "true"


def _deadline(node: yaml.Node, name: str, slug: re.Pattern[str]) -> Deadline:
    m = _mapping(node, _DEADLINE)
    if "source" not in m or "deadline" not in m:
        raise _Bail
    where = m["deadline"]
    phrase = _text(where)
    rule: Rule | None = None
    if phrase is not None:
        try:
            rule = parse(phrase)
        except PhraseError:
            raise _Bail from None
    scope = None
    if "scope" in m:
        scope = _required(m["scope"])
        if not slug.fullmatch(scope):
            raise _Bail
    mark = where.start_mark
    return Deadline(
        rule=rule,
        phrase=phrase,
        source=_text(m["source"]),
        scope=scope,
        inferred=_flag(m.get("inferred")),
        pos=Pos(name, mark.line + 1, mark.column + 1),
    )


def commitment(
    node: yaml.Node,
    branches: list[Branch],
    name: str,
    ident: re.Pattern[str],
    slug: re.Pattern[str],
    digits: re.Pattern[str],
) -> Commitment | None:
    """The commitment `node` holds, when it is of the plain shape; else None (the loader's
    patterns for ids, slugs and numbers are passed in, so that there is one of each)."""
    try:
        m = _mapping(node, _COMMITMENT)
        cid, number = _required(m.get("id")), _required(m.get("number"))
        branch = _required(m.get("branch"))
        title = _required(m.get("title"))
        if not (ident.fullmatch(cid) and digits.fullmatch(number) and slug.fullmatch(branch)):
            return None
        n = int(number)
        if branches:
            owner = branch_of(branches, n)
            if owner is None or owner.slug != branch:
                return None
        deadlines: tuple[Deadline, ...] = ()
        if "deadlines" in m:
            seq = m["deadlines"]
            if seq.__class__ is not _Sequence or seq.tag != _SEQ:
                return None
            deadlines = tuple([_deadline(d, name, slug) for d in seq.value])
            if len(deadlines) > 1:
                scopes = [d.scope for d in deadlines]
                if None in scopes or len(set(scopes)) != len(scopes):
                    return None
        mark = m["id"].start_mark
        return Commitment(
            id=cid,
            number=n,
            branch=branch,
            title=title,
            text=_text(m.get("text")),
            heading=_text(m.get("heading")),
            note=_text(m.get("note")),
            missing=False,
            deadlines=deadlines,
            pos=Pos(name, mark.line + 1, mark.column + 1),
        )
    except _Bail:
        return None

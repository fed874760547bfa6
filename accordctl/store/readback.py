"""An edit's result read back before it is written: the new text must read as exactly the
change asked for (every other value as it was, the edited deadlines as asked, the fact
added as the last of the record), keep every comment of the edited deadlines where it was,
leave the text between them character for character, and pass `check`; or nothing is
written (`store/edit.py` plans the edit, `store/yamledit.py` splices it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import yaml

from accordctl.core.composer import Anchored, Hand
from accordctl.core.errors import DataErrors, Finding, InputError
from accordctl.core.loader import read_deadline, read_fact
from accordctl.core.model import Accord, Deadline, Fact
from accordctl.core.reader import compose
from accordctl.core.resolver import resolve
from accordctl.store.fingerprints import digest, fingerprint
from accordctl.store.yamledit import (
    CannotSplice,
    commitments_of,
    deadline_of,
    get,
)
from accordctl.store.yamltext import comments


@dataclass(frozen=True)
class Before:
    """What the check of an edit needs of the file as it was, once its nodes are gone:
    everything it held but its commitments (fingerprints.fingerprint), a digest of each
    commitment (fingerprints.digest; of an edited one, all but its edited deadlines), and the
    comments of each edited deadline."""

    fingerprint: list[object]
    comments: list[list[str]]
    spans: list[tuple[int, int]]  # each stretch of text edited (deadlines, record), in order
    regions: list[tuple[int, int]]  # where each of those is in the new text
    edited: list[tuple[int, int]]  # where each edited deadline is in the new text
    record: str  # the record list before a fact is added: items, empty or absent
    digests: list[bytes]  # each commitment's, in the file's order
    touched: dict[int, list[int]]  # the deadlines edited, by commitment (indexes)


def cannot(name: str, why: str) -> InputError:
    """The refusal of an edit that cannot be made in place, and why."""
    return InputError(
        f"{name}: cannot edit in place ({why}); not written: record the progress by hand"
    )


class InvalidEdit(DataErrors):
    """The edit would make the file fail `check`: nothing is written. The exit code is the
    first error's, as for any file with errors."""

    def __init__(self, findings: list[Finding], name: str, what: str) -> None:
        super().__init__(findings)
        errors = sorted(
            (f for f in findings if f.severity == "error"), key=lambda f: (f.pos.line, f.pos.col)
        )
        first = errors[0]
        detail = f"{first.message} [{first.code} {first.name}]"
        self.args = (f"{name}: not changed: {what} would make the file invalid: {detail}",)


def outside(text: str, new_text: str, name: str, before: Before) -> None:
    """Refuse a result whose text between the edited deadlines (and the fact added) is
    not the file's, character for character."""
    if not _same_outside(text, new_text, before):
        raise cannot(name, "the result would change the file outside the deadlines edited")


def verify(
    new_text: str,
    name: str,
    accord: Accord,
    before: Before,
    edits: Sequence[tuple[int, int, Deadline]],
    what: str,
    fact: Fact | None = None,
) -> None:
    """Refuse a result that does not read back as exactly the edit (every other value as it
    was, the edited deadlines as asked, the fact added as the last of the record), that lost
    or moved a comment of an edited deadline, or that `check` rejects (a date out of range,
    say). The text outside the edits is `outside`'s to check."""
    try:
        root, listed = _reread(new_text, name, before)
        nodes = [deadline_of(listed[i], j) for i, j, _ in edits]
        drop, added = _added(root, before.record) if fact else (frozenset(), None)
    except _Differs:
        raise cannot(name, "the result would change other values") from None
    except (DataErrors, CannotSplice, KeyError, IndexError, TypeError):
        raise cannot(name, "the result would not read back") from None
    if fingerprint(root, {id(commitments_of(root))}, drop) != before.fingerprint:
        raise cannot(name, "the result would change other values")
    if fact is not None and added is not None:
        read, findings = read_fact(added, name)
        if findings or read is None or replace(read, pos=fact.pos) != fact:
            raise cannot(name, "the fact would not read back as given")
    news: dict[int, dict[int, Deadline]] = {}
    for node, (i, j, d), kept, span in zip(
        nodes, edits, before.comments, before.edited, strict=True
    ):
        got, findings = read_deadline(node, name)
        if findings or got is None or replace(got, pos=d.pos) != d:
            raise cannot(name, "the result would not read back as the change")
        if [c for _, c in comments(new_text, *span, node)] != kept:
            raise cannot(name, "a comment would be lost or moved")
        news.setdefault(i, {})[j] = d
    wanted = [  # each commitment rebuilt once, however many of its rows changed
        replace(c, deadlines=tuple(news[i].get(j, x) for j, x in enumerate(c.deadlines)))
        if i in news
        else c
        for i, c in enumerate(accord.commitments)
    ]
    del root, listed, nodes  # what the new text composed into, before the resolver's work
    try:
        resolve(replace(accord, commitments=tuple(wanted)))
    except DataErrors as e:
        resolve(accord)  # a file that does not resolve as it is: its own problems first
        raise InvalidEdit(e.findings, name, what) from None


def _same_outside(text: str, new_text: str, before: Before) -> bool:
    """Whether the text between the edited deadlines is as it was, character for
    character."""
    at = new_at = 0
    for (a, b), (c, d) in zip([*before.spans, (len(text), 0)],
                              [*before.regions, (len(new_text), 0)], strict=True):  # fmt: skip
        if a - at != c - new_at or text[at:a] != new_text[new_at:c]:
            return False
        at, new_at = b, d
    return True


def _added(root: yaml.Node, record: str) -> tuple[frozenset[int], yaml.Node]:
    """What the comparison leaves out of the new text, and the fact an edit added: the last
    item of the record, or the whole record where there was none (or an empty one)."""
    items = get(root, "record")
    added = items.value[-1]
    return (frozenset({id(added)}) if record == "items" else frozenset({id(items)})), added


class _Differs(Exception):
    """A commitment the edit did not touch reads otherwise in its result."""


def _reread(text: str, name: str, before: Before) -> tuple[yaml.Node, dict[int, yaml.Node]]:
    """The new text's root node and the nodes of the commitments edited; every other
    commitment is compared with its digest as it is composed, and dropped (_Differs: one
    differs, or there are more or fewer of them)."""
    nodes: dict[int, yaml.Node] = {}
    count = 0

    def check(node: yaml.Node) -> None:
        nonlocal count
        skip: set[int] = set()
        if count in before.touched:
            nodes[count] = node
            skip = {id(deadline_of(node, j)) for j in before.touched[count]}
        if count >= len(before.digests) or digest(node, skip) != before.digests[count]:
            raise _Differs
        count += 1

    def hand_off(key: str, top: yaml.MappingNode) -> Hand | None:
        return check if key == "commitments" else None

    try:
        root = compose(text, name, True, hand_off)
    except Anchored:  # the file's own anchor: composed whole, compared the same way
        nodes.clear()
        count = 0
        root = compose(text, name, True)
    if root is None:
        raise DataErrors([])
    listed = commitments_of(root)
    for node in listed.value if listed is not None else ():  # composed whole: the same
        check(node)
    if count != len(before.digests):
        raise _Differs
    return root, nodes

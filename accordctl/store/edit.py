"""Record progress in a data file, in place: `done`, `drop`, `mark` and `reopen` set or
clear the progress of the deadlines an id names (`status`, `completed` or `since`,
`evidence`, `judgement`, the `facts` it cites), and may add the fact it rests on to the
file's `record` in the same edit.

An edit changes those keys and nothing else: their text is spliced into the file where the
loader found them (`store/yamledit.py`), so every other byte (comments, blank lines,
quoting, `null`s, flow or block style, a BOM, any line ends) stays as it was. The new text
must read back as exactly the change asked for, every other value and every comment as it
was, and pass `check` (the loader and the resolver), or nothing is written. Just before the
rename that replaces the file, its bytes are read again, and an edit of a file that another
program changed in the meantime is refused.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import yaml

from accordctl.core.diff import progress_causes
from accordctl.core.errors import DataErrors, OutputError, UsageError
from accordctl.core.loader import read_watching
from accordctl.core.model import Accord, Commitment, Deadline, Fact
from accordctl.core.resolver import resolve
from accordctl.core.text import visible
from accordctl.store.files import decode, read_bytes, write_output
from accordctl.store.fingerprints import digest, fingerprint
from accordctl.store.lock import temp_prefix
from accordctl.store.readback import Before, cannot, outside, verify
from accordctl.store.yamledit import (
    CannotSplice,
    append_item,
    apply,
    commitments_of,
    deadline_of,
    flow_list,
    key_of,
    moved,
    progress_changes,
    region,
    set_keys,
)
from accordctl.store.yamltext import comments, ident, json_string, json_style, scalar

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Asked:
    """What an edit records: a status (`pending` clears everything), the day it happened,
    evidence and a judgement (each replaces what was recorded), and a fact of the record it
    rests on, added to the file's `record` and cited by the deadlines."""

    status: str  # done, in-progress, not-kept, dropped or pending
    on: date | None = None
    evidence: str | None = None
    judgement: str | None = None
    fact: Fact | None = None


def progress(asked: Asked, d: Deadline, today: date) -> Deadline:
    """The deadline with what `asked` records:

    - `done`: completed `on`; without `on`, a date already recorded stays (so that `done`
      twice is a no-op), else `today`; no `since`;
    - `in-progress`, `not-kept`, `dropped`: since `on` (or the day already recorded for the
      same status, else `today`), and no completion (such a deadline is not done);
    - `pending` (reopen): no status, date, evidence, judgement or facts: the deadline as the
      annex writes it (the record's facts stay in the record);

    evidence and judgement replace what was recorded when given; a fact is cited after
    those already cited."""
    if asked.status == "pending":
        return replace(
            d, status=None, completed=None, since=None, evidence=None, judgement=None, facts=()
        )
    if asked.status == "done":
        recorded = d.status == "done" or d.completed is not None
        completed, since = asked.on or (d.completed if recorded else today), None
    else:
        same = d.status == asked.status
        completed, since = None, asked.on or (d.since if same and d.since else today)
    facts = d.facts
    if asked.fact is not None and asked.fact.id not in facts:
        facts = (*facts, asked.fact.id)
    return replace(
        d,
        status=asked.status,
        completed=completed,
        since=since,
        evidence=d.evidence if asked.evidence is None else asked.evidence,
        judgement=d.judgement if asked.judgement is None else asked.judgement,
        facts=facts,
    )


@dataclass(frozen=True)
class RowEdit:
    """One deadline of the edit, before and after."""

    row_id: str
    old: Deadline
    new: Deadline

    @property
    def causes(self) -> list[str]:
        """What changed, worded as `diff` words it (`status: pending -> done`)."""
        return progress_causes(self.old, self.new)


@dataclass(frozen=True)
class Edit:
    """An edit of one data file: the rows it touches, and the file's bytes before and after
    (the same bytes when nothing changes)."""

    path: Path
    ident: str
    status: str  # what was asked (pending: reopen)
    rows: tuple[RowEdit, ...]
    before: bytes
    after: bytes
    fact: Fact | None = None  # the fact added to the record, if one was

    @property
    def changed(self) -> bool:
        """Whether anything is recorded that was not already."""
        return any(r.causes for r in self.rows)

    def summary(self) -> str:
        """One line: what changed, row by row (and the fact added), or that nothing did;
        bounded, whatever the input: the first SHOWN rows (the others counted), and each
        row's change cut at LONG characters."""
        where = visible(str(self.path))
        if self.changed:
            rows = [r for r in self.rows if r.causes]
            done = "; ".join(_cut(f"{r.row_id}: {', '.join(r.causes)}") for r in rows[:SHOWN])
            more = f"; and {len(rows) - SHOWN} more rows" if len(rows) > SHOWN else ""
            added = f"; fact {_cut(self.fact.id)} added to the record" if self.fact else ""
            return f"{where}: {done}{more}{added}"
        dates = {r.old.completed or r.old.since for r in self.rows}
        when = ""
        if len(dates) == 1 and None not in dates:
            when = f" ({'completed' if self.status == 'done' else 'since'} {dates.pop()})"
        return f"{where}: {_cut(self.ident)} is already {self.status}{when}; nothing changed"


SHOWN, LONG = 8, 240  # rows named in an edit's summary; characters of one row's change


def _cut(text: str) -> str:
    """`text` up to LONG characters: cut between words (an id is never cut in half), but
    inside a word that is itself too long to show."""
    if len(text) <= LONG:
        return text
    head = text[: LONG - 1]
    at = head.rfind(" ")
    return (head[:at] if at >= LONG // 2 else head) + "…"


def plan(path: Path, ident: str, asked: Asked, today: date, command: str = "mark") -> Edit:
    """Read `path` and work out the edit that records `asked` for the deadlines of `ident`
    (an entry id: all its deadlines; or a scoped row id, `1e/general`). Nothing is written
    (see `apply_edit`). Raises UsageError for an unknown id, an event, an entry with no
    deadline, a date before the signing, a fact id already in the record, or a file inside
    the installed package; DataErrors when the result would not pass `check`. `command`
    names the command in messages."""
    refuse_package_file(path)
    raw = read_bytes(path)
    name = visible(str(path))  # for messages
    # A BOM after the first (decode drops that one) is kept aside: libyaml counts none of
    # them in its marks, so the text is edited without them and given them back
    text = decode(raw, name)
    boms = text[: len(text) - len(text.lstrip("\ufeff"))]
    text = text[len(boms) :]
    read = _read(text, name, ident)
    accord = read.accord
    found = targets(accord, ident, command)
    _refuse_before_signing(accord, asked, command)
    fact = _drafted(accord, asked, ident, today)
    asked = replace(asked, fact=fact)
    rows = []
    for i, j in found:
        c = accord.commitments[i]
        d = c.deadlines[j]
        rows.append(RowEdit(c.row_id(d), d, progress(asked, d, today)))
    if not any(r.causes for r in rows):
        return Edit(path, ident, asked.status, tuple(rows), raw, raw)
    changed = [(i, j, r) for (i, j), r in zip(found, rows, strict=True) if r.causes]
    new_text, before = _splice(text, name, read, changed, fact)
    outside(text, new_text, name, before)
    del read, text  # freed before the new text is composed: the file stays as its bytes
    what = f"{command} {ident}" + (f" --on {asked.on}" if asked.on else "")
    edits = [(i, j, r.new) for i, j, r in changed]
    verify(new_text, name, accord, before, edits, what, fact)
    head = (BOM if raw.startswith(BOM) else b"") + boms.encode("utf-8")
    after = b"".join((head, new_text.encode("utf-8"))) if head else new_text.encode("utf-8")
    return Edit(path, ident, asked.status, tuple(rows), raw, after, fact)


def _refuse_before_signing(accord: Accord, asked: Asked, command: str) -> None:
    """Progress is recorded from the signing on: a date before it is a usage error (the
    file's own dates of that kind are `check`'s ACC020)."""
    if asked.on is None:
        return
    if not any(e.id == "signing" for e in accord.events):
        return
    try:  # the events alone, unless one of them counts from a commitment
        signed = resolve(replace(accord, commitments=())).signed
    except DataErrors:
        signed = resolve(accord).signed
    if signed is not None and asked.on < signed:
        raise UsageError(
            f"{command}: --on {asked.on} is before the signing ({signed}): progress is "
            "recorded from the signing on"
        )


def _drafted(accord: Accord, asked: Asked, ident: str, today: date) -> Fact | None:
    """The fact to add, dated the day the progress happened, with an id of its own
    (`29-done-2008-12-09`, `-2` ... when that is taken), or the one asked for."""
    f = asked.fact
    if f is None:
        return None
    when = (asked.on or today).isoformat()
    fid = f.id
    if not fid:
        stem = "".join(c if c.isalnum() or c in "._-" else "-" for c in f"{ident}-{asked.status}")
        fid, n = f"{stem}-{when}", 2
        while fid in accord.facts:
            fid, n = f"{stem}-{when}-{n}", n + 1
    elif fid in accord.facts:
        raise UsageError(f"--fact-id {fid}: the record already has a fact of that id")
    what = f.what or f"{ident}: {asked.status} on {when}"
    return replace(f, id=fid, when=when, precision="day", what=what, bears_on=(ident,))


@dataclass
class _Read:
    """A file as an edit reads it: what the loader reads, the root node (its list of
    commitments holds the last one only, which the end of the text is found from), the
    nodes of the commitments `ident` may name, and a digest of every commitment's nodes
    (fingerprints.digest): the nodes of a large file are never all held at once."""

    accord: Accord
    root: yaml.Node
    nodes: dict[int, yaml.Node]
    digests: list[bytes]


def _read(text: str, name: str, ident: str) -> _Read:
    """Read a file for an edit of `ident`'s deadlines: as the loader reads it, each
    commitment digested (and kept, if `ident` names it) as it is composed."""
    nodes: dict[int, yaml.Node] = {}
    digests: list[bytes] = []
    last: list[yaml.Node] = []

    def named(c: Commitment | None) -> bool:
        return c is not None and (c.id == ident or any(c.row_id(d) == ident for d in c.deadlines))

    def watch(node: yaml.Node, read: Commitment | None) -> None:
        if named(read):
            nodes[len(digests)] = node
        digests.append(digest(node))
        last[:] = [node]

    root, accord, findings = read_watching(text, name, watch, transient=True)
    if findings or root is None:
        raise DataErrors(findings)
    listed = commitments_of(root)
    if listed is not None and listed.value:  # read from the tree: the same, from there
        nodes.clear()
        digests.clear()
        for node, c in zip(listed.value, accord.commitments, strict=True):
            watch(node, c)
    if listed is not None:
        listed.value[:] = last
    return _Read(accord, root, nodes, digests)


def _splice(
    text: str,
    name: str,
    read: _Read,
    changed: list[tuple[int, int, RowEdit]],
    fact: Fact | None = None,
) -> tuple[str, Before]:
    """The text with the changes made (and the fact appended to the record), and what
    `verify` compares it with."""
    root = read.root
    try:
        nodes = [deadline_of(read.nodes[i], j) for i, j, _ in changed]
        splices = []
        for node, (_, _, r) in zip(nodes, changed, strict=True):
            splices += set_keys(text, node, progress_changes(r.old, r.new, json_style(node)))
        top = root if isinstance(root, yaml.MappingNode) else None
        if fact is not None and top is None:
            raise CannotSplice("a file that is not a mapping")
        json = top is not None and json_style(top)
        added = append_item(text, top, "record", fact_pairs(fact, json)) if fact and top else []
        new_text = apply(text, [*splices, *added])
    except CannotSplice as e:
        raise cannot(name, str(e)) from None
    spans = [region(text, n) for n in nodes]
    kept = [[c for _, c in comments(text, *span, n)] for span, n in zip(spans, nodes, strict=True)]
    edited = moved(spans, splices)
    regions = list(edited)
    drop: frozenset[int] = frozenset()
    record = "absent"
    if added:  # the record's new text is one more stretch to leave out of the comparison
        start, end = added[0].start, added[-1].end
        ahead = sum(len(x.text) - (x.end - x.start) for x in splices if x.end <= start)
        grown = sum(len(x.text) - (x.end - x.start) for x in added)
        # the deadlines after a record (one before `commitments:`) move with what it grew;
        # one that ends where the record's text goes (the end of the file) stays before it
        edited = [(x + grown, y + grown) if a > start else (x, y)
                  for (a, _), (x, y) in zip(spans, edited, strict=True)]  # fmt: skip
        spans.append((start, end))
        regions = [*edited, (start + ahead, end + ahead + grown)]
        order = sorted(range(len(spans)), key=lambda n: spans[n])
        spans, regions = [spans[n] for n in order], [regions[n] for n in order]
        old = {key_of(pair): pair[1] for pair in root.value}.get("record")
        record = "items" if isinstance(old, yaml.SequenceNode) and old.value else record
        if old is not None and record == "absent":  # an empty list: compared as if absent
            record, drop = "empty", frozenset({id(old)})
    touched: dict[int, list[int]] = {}
    for i, j, _ in changed:
        touched.setdefault(i, []).append(j)
    digests = list(read.digests)
    for i, js in touched.items():  # the edited deadlines are compared on their own
        digests[i] = digest(read.nodes[i], {id(deadline_of(read.nodes[i], j)) for j in js})
    print_ = fingerprint(root, {id(commitments_of(root))}, drop)
    return new_text, Before(print_, kept, spans, regions, edited, record, digests, touched)


def fact_pairs(f: Fact, json: bool = False) -> list[tuple[str, str]]:
    """A fact's keys with the YAML text of their values, in the order the record writes
    them: every text as text (an id `"0123"` or `"yes"` quoted), the date as a date;
    `json`: each as JSON writes it (the date a string), for a JSON file."""
    text, name = (json_string, json_string) if json else (scalar, ident)
    pairs = [("id", name(f.id)), ("date", text(f.when) if json else f.when)]
    pairs += [("precision", text(f.precision)), ("what", text(f.what))]
    pairs += [("bears_on", flow_list(f.bears_on, json))]
    pairs += [("source", text(f.source)), ("quote", text(f.quote))]
    return [*pairs, ("confidence", text(f.confidence))]


def apply_edit(edit: Edit, force: bool = False) -> int:
    """Write an edit atomically (files.write_output), unless the file's bytes changed since
    `plan` read them: they are compared again as the last step before the rename. A
    read-only file is refused unless `force`. Returns how many other names (hard links)
    the file had: the new file takes this name only, and those keep the old text."""
    if not edit.changed:
        return 0
    try:
        others = os.stat(edit.path).st_nlink - 1
    except OSError:
        others = 0  # write_output says what is wrong

    def unchanged() -> None:
        try:
            now: bytes | None = edit.path.read_bytes()  # from the disk, whatever is pinned
        except OSError:
            now = None
        if now != edit.before:
            raise OutputError(
                f"{visible(str(edit.path))}: changed by another program while being edited; "
                "not written (run the command again)"
            )

    prefix = temp_prefix(edit.path)
    write_output(edit.after, edit.path, force=force, temp_prefix=prefix, last_check=unchanged)
    return others


def refuse_package_file(path: Path) -> None:
    """Refuse a file inside the installed package (the shipped annex of a wheel install):
    an upgrade would overwrite it, and every user of the installation would see the edit."""
    from accordctl.store.files import default_path

    package = Path(__file__).resolve().parent.parent  # accordctl/
    try:
        inside = path.resolve().is_relative_to(package)
        inside = inside or path.resolve() == default_path().resolve()  # an editable install's
    except (OSError, RuntimeError, ValueError):
        return  # read_bytes reports what is wrong with the path
    if inside:
        raise UsageError(
            f"{visible(str(path))}: refusing to edit the data file inside the installed accordctl "
            "package; "
            "copy it and edit the copy (--file COPY)"
        )


def targets(accord: Accord, ident: str, what: str) -> list[tuple[int, int]]:
    """The deadlines `ident` names (an entry: all of them; a scoped row id: that one), as
    (commitment, deadline) indexes in the file's order."""
    accord.check_id(ident, what)
    if any(e.id == ident for e in accord.events):
        raise UsageError(
            f"{what}: {ident} is an event, not a commitment; its date is the `when` of its "
            f"entry in the file (or --event {ident}=DATE)"
        )
    wanted = set(accord.ids[ident])
    found = [
        (i, j)
        for i, c in enumerate(accord.commitments)
        for j, d in enumerate(c.deadlines)
        if c.row_id(d) in wanted
    ]
    if not found:
        entry = next(c for c in accord.commitments if c.id == ident)
        why = (
            "it is missing from the cable"
            if entry.missing
            else "the cable gives it none; to record progress, give it one first: "
            "deadlines: [{source: null, deadline: null}]"
        )
        raise UsageError(f"{what}: {ident} has no deadline to record progress on ({why})")
    return found

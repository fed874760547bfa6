"""Record progress in a data file, in place: `done`, `drop` and `reopen` set or clear the
`status`, `completed` and `evidence` of the deadlines an id names.

An edit changes those keys and nothing else: their text is spliced into the file where the
loader found them (`store/yamledit.py`), so every other byte (comments, blank lines,
quoting, `null`s, flow or block style, a BOM, any line ends) stays as it was. The new text
must read back as exactly the change asked for, every other value and every comment as it
was, and pass `check` (the loader and the resolver), or nothing is written. Just before the
rename that replaces the file, its bytes are read again, and an edit of a file that another
program changed in the meantime is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Literal

import yaml

from accordctl.core.diff import progress_causes
from accordctl.core.errors import DataErrors, Finding, InputError, OutputError, UsageError
from accordctl.core.loader import compose, read_deadline, read_nodes
from accordctl.core.model import Accord, Deadline
from accordctl.core.resolver import resolve
from accordctl.core.text import one_line
from accordctl.store.files import decode, read_bytes, write_output
from accordctl.store.lock import temp_prefix
from accordctl.store.yamledit import (
    CannotSplice,
    apply,
    deadline_node,
    fingerprint,
    moved,
    progress_changes,
    region,
    set_keys,
)
from accordctl.store.yamltext import comments

Action = Literal["done", "drop", "reopen"]
BOM = b"\xef\xbb\xbf"
_STATE = {"done": "done", "drop": "dropped", "reopen": "pending"}


def progress(
    action: Action,
    d: Deadline,
    today: date,
    on: date | None = None,
    evidence: str | None = None,
) -> Deadline:
    """The deadline with what `action` records:

    - `done`: status done, completed `on`; without `on`, a date already recorded stays
      (so that `done` twice is a no-op), else `today`; `evidence` replaces any evidence;
    - `drop`: status dropped and no completion date (a dropped deadline is not done);
      `evidence` (why it was dropped) replaces any evidence;
    - `reopen`: no status, completion or evidence: the deadline as the annex writes it.
    """
    if action == "done":
        recorded = d.status == "done" or d.completed is not None
        completed = on or (d.completed if recorded else today)
        kept = d.evidence if evidence is None else evidence
        return replace(d, status="done", completed=completed, evidence=kept)
    if action == "drop":
        kept = d.evidence if evidence is None else evidence
        return replace(d, status="dropped", completed=None, evidence=kept)
    return replace(d, status=None, completed=None, evidence=None)


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
    action: Action
    rows: tuple[RowEdit, ...]
    before: bytes
    after: bytes

    @property
    def changed(self) -> bool:
        """Whether anything is recorded that was not already."""
        return any(r.causes for r in self.rows)

    def summary(self) -> str:
        """One line: what changed, row by row, or that nothing did."""
        if self.changed:
            done = "; ".join(f"{r.row_id}: {', '.join(r.causes)}" for r in self.rows if r.causes)
            return f"{one_line(str(self.path))}: {done}"
        dates = {r.old.completed for r in self.rows}
        when = ""
        if self.action == "done" and len(dates) == 1 and None not in dates:
            when = f" (completed {dates.pop()})"
        state = _STATE[self.action]
        where = one_line(str(self.path))
        return f"{where}: {self.ident} is already {state}{when}; nothing changed"


def plan(
    path: Path,
    ident: str,
    action: Action,
    today: date,
    on: date | None = None,
    evidence: str | None = None,
) -> Edit:
    """Read `path` and work out the edit `action` makes to the deadlines of `ident` (an
    entry id: all its deadlines; or a scoped row id, `1e/general`). Nothing is written
    (see `apply_edit`). Raises UsageError for an unknown id, an event, an entry with no
    deadline or a file inside the installed package; DataErrors when the result would not
    pass `check`."""
    refuse_package_file(path)
    raw = read_bytes(path)
    name = str(path)
    text = decode(raw, name)
    root, accord = _read(text, name, transient=True)
    found = targets(accord, ident, action)
    rows = []
    for i, j in found:
        c = accord.commitments[i]
        d = c.deadlines[j]
        rows.append(RowEdit(c.row_id(d), d, progress(action, d, today, on, evidence)))
    if not any(r.causes for r in rows):
        return Edit(path, ident, action, tuple(rows), raw, raw)
    changed = [(i, j, r) for (i, j), r in zip(found, rows, strict=True) if r.causes]
    new_text, before = _splice(text, name, root, changed)
    del root  # freed before the new text is composed: the two trees are never held at once
    what = f"{action} {ident}" + (f" --on {on}" if on else "")
    verify(text, new_text, name, accord, before, [(i, j, r.new) for i, j, r in changed], what)
    after = (BOM if raw.startswith(BOM) else b"") + new_text.encode("utf-8")
    return Edit(path, ident, action, tuple(rows), raw, after)


def _read(text: str, name: str, transient: bool = False) -> tuple[yaml.Node, Accord]:
    """A file's nodes (where each value stands in the text) and what the loader reads."""
    root = compose(text, name, transient)
    accord, findings = read_nodes(root, name, anchors="&" in text)
    if findings or root is None:
        raise DataErrors(findings)
    return root, accord


@dataclass(frozen=True)
class Before:
    """What the check of an edit needs of the file as it was, once its nodes are gone:
    everything it held but the edited deadlines (yamledit.fingerprint), and the comments
    of each of those."""

    fingerprint: list[object]
    comments: list[list[str]]
    spans: list[tuple[int, int]]  # where the text of each edited deadline is
    regions: list[tuple[int, int]]  # where it is in the new text


def _splice(
    text: str, name: str, root: yaml.Node, changed: list[tuple[int, int, RowEdit]]
) -> tuple[str, Before]:
    """The text with the changes made, and what `verify` compares it with."""
    nodes = [deadline_node(root, i, j) for i, j, _ in changed]
    try:
        splices = []
        for node, (_, _, r) in zip(nodes, changed, strict=True):
            splices += set_keys(text, node, progress_changes(r.old, r.new))
        new_text = apply(text, splices)
    except CannotSplice as e:
        raise _cannot(name, str(e)) from None
    spans = [region(text, n) for n in nodes]
    kept = [[c for _, c in comments(text, *span, n)] for span, n in zip(spans, nodes, strict=True)]
    regions = [moved(span, splices) for span in spans]
    return new_text, Before(fingerprint(root, {id(n) for n in nodes}), kept, spans, regions)


def _cannot(name: str, why: str) -> InputError:
    return InputError(
        f"{name}: cannot edit in place ({why}); not written: record the progress by hand"
    )


def apply_edit(edit: Edit, force: bool = False) -> None:
    """Write an edit atomically (files.write_output), unless the file's bytes changed since
    `plan` read them: they are compared again as the last step before the rename. A
    read-only file is refused unless `force`."""
    if not edit.changed:
        return

    def unchanged() -> None:
        try:
            now: bytes | None = edit.path.read_bytes()  # from the disk, whatever is pinned
        except OSError:
            now = None
        if now != edit.before:
            raise OutputError(
                f"{one_line(str(edit.path))}: changed by another program while being edited; "
                "not written (run the command again)"
            )

    prefix = temp_prefix(edit.path)
    write_output(edit.after, edit.path, force=force, temp_prefix=prefix, last_check=unchanged)


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
            f"{path}: refusing to edit the data file inside the installed accordctl package; "
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


def verify(
    text: str,
    new_text: str,
    name: str,
    accord: Accord,
    before: Before,
    edits: Sequence[tuple[int, int, Deadline]],
    what: str,
) -> None:
    """Refuse a result that does not read back as exactly the edit (every other value as it
    was, the edited deadlines as asked), that lost or moved a comment of an edited
    deadline, or that `check` rejects (a date out of range, say)."""
    if not _same_outside(text, new_text, before):
        raise _cannot(name, "the result would change the file outside the deadlines edited")
    try:
        root, nodes = _nodes(new_text, name, edits)
    except (DataErrors, CannotSplice, KeyError, IndexError, TypeError):
        raise _cannot(name, "the result would not read back") from None
    if fingerprint(root, {id(n) for n in nodes}) != before.fingerprint:
        raise _cannot(name, "the result would change other values")
    wanted = list(accord.commitments)
    for node, (i, j, d), kept, span in zip(
        nodes, edits, before.comments, before.regions, strict=True
    ):
        got, findings = read_deadline(node, name)
        if findings or got is None or replace(got, pos=d.pos) != d:
            raise _cannot(name, "the result would not read back as the change")
        if [c for _, c in comments(new_text, *span, node)] != kept:
            raise _cannot(name, "a comment would be lost or moved")
        c = wanted[i]
        wanted[i] = replace(c, deadlines=(*c.deadlines[:j], d, *c.deadlines[j + 1 :]))
    try:
        resolve(replace(accord, commitments=tuple(wanted)))
    except DataErrors as e:
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


def _nodes(
    text: str, name: str, edits: Sequence[tuple[int, int, Deadline]]
) -> tuple[yaml.Node, list[yaml.MappingNode]]:
    root = compose(text, name)
    if root is None:
        raise DataErrors([])
    return root, [deadline_node(root, i, j) for i, j, _ in edits]

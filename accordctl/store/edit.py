"""Record progress in a data file, in place: `done`, `drop` and `reopen` set or clear the
`status`, `completed` and `evidence` of the deadlines an id names.

An edit changes those deadlines and nothing else. ruamel.yaml loads the file round-trip and
sets the keys; only the text of the edited deadlines is taken from what it writes back, and
spliced into the original text, so every other byte (comments, blank lines, quoting,
`null`s, flow or block style, a BOM, CRLF line ends) stays as it was. The new text must
pass `check` (`check_text`: the loader and the resolver) and read back as exactly the change
asked for, or nothing is written. The file is read again just before the atomic write, and
an edit of a file that another program changed in the meantime is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Literal

from accordctl.core.check import check_text
from accordctl.core.diff import progress_causes
from accordctl.core.errors import DataErrors, Finding, InputError, OutputError, UsageError
from accordctl.core.loader import load_text
from accordctl.core.model import NOWHERE, Accord, Commitment, Deadline
from accordctl.core.text import visible
from accordctl.store.files import decode, read_bytes, write_output
from accordctl.store.yamledit import set_progress

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
            return f"{visible(str(self.path))}: {done}"
        dates = {r.old.completed for r in self.rows}
        when = ""
        if self.action == "done" and len(dates) == 1 and None not in dates:
            when = f" (completed {dates.pop()})"
        state = _STATE[self.action]
        where = visible(str(self.path))
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
    name = visible(str(path))  # for messages
    text = decode(raw, name)
    accord = load_text(text, name)
    found = targets(accord, ident, action)
    rows = []
    for i, j in found:
        c = accord.commitments[i]
        d = c.deadlines[j]
        rows.append(RowEdit(c.row_id(d), d, progress(action, d, today, on, evidence)))
    if not any(r.causes for r in rows):
        return Edit(path, ident, action, tuple(rows), raw, raw)
    edits = [(i, j, r.new) for (i, j), r in zip(found, rows, strict=True) if r.causes]
    new_text = set_progress(text, name, [(i, j, _progress(d)) for i, j, d in edits])
    what = f"{action} {ident}" + (f" --on {on}" if on else "")
    verify(text, new_text, name, accord, edits, what)
    after = (BOM if raw.startswith(BOM) else b"") + new_text.encode("utf-8")
    return Edit(path, ident, action, tuple(rows), raw, after)


def _progress(d: Deadline) -> tuple[str | None, date | None, str | None]:
    return d.status, d.completed, d.evidence


def apply_edit(edit: Edit, force: bool = False) -> None:
    """Write an edit atomically (files.write_output), unless the file's bytes changed since
    `plan` read them; a read-only file is refused unless `force`."""
    if not edit.changed:
        return
    if read_bytes(edit.path) != edit.before:
        raise OutputError(
            f"{visible(str(edit.path))}: changed by another program while being edited; "
            "not written (run the command again)"
        )
    write_output(edit.after, edit.path, force=force)


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
    edits: Sequence[tuple[int, int, Deadline]],
    what: str,
) -> None:
    """Refuse a result that `check` rejects, that does not read back as exactly the edit
    (every other value as it was), or that lost or moved a comment line."""
    findings = check_text(new_text, name)
    if any(f.severity == "error" for f in findings):
        raise InvalidEdit(findings, name, what)
    wanted = list(accord.commitments)
    for i, j, new in edits:
        c = wanted[i]
        wanted[i] = replace(c, deadlines=(*c.deadlines[:j], new, *c.deadlines[j + 1 :]))
    expected = _without_positions(replace(accord, commitments=tuple(wanted)))
    same = _without_positions(load_text(new_text, name)) == expected
    if not same or _comments(text) != _comments(new_text):
        raise InputError(f"{name}: cannot edit in place without changing other values; not written")


def _comments(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]


def _without_positions(accord: Accord) -> Accord:
    """An accord with every position blanked: an edit moves lines, not values."""

    def plain(c: Commitment) -> Commitment:
        return replace(
            c, pos=NOWHERE, deadlines=tuple(replace(d, pos=NOWHERE) for d in c.deadlines)
        )

    return replace(
        accord,
        branches=tuple(replace(b, pos=NOWHERE) for b in accord.branches),
        events=tuple(replace(e, pos=NOWHERE) for e in accord.events),
        commitments=tuple(map(plain, accord.commitments)),
    )

"""What the editing commands share: their options, and the one function that checks what
was asked, takes the file's lock, plans the edit and writes it (`store/edit.py`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from accordctl.cli import options
from accordctl.cli.app import Out
from accordctl.cli.complete import complete_id
from accordctl.core.errors import UsageError
from accordctl.core.reader import ID
from accordctl.core.text import one_line, quote

if TYPE_CHECKING:
    from accordctl.store.edit import RowEdit

IdArg = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="An entry id (all its deadlines) or a row id (one scope). Example: 1e/general",
        autocompletion=complete_id,
        show_default=False,
    ),
]
EditFileOpt = options.FileOpt  # required here: see `record_progress`


def _text(name: str, help: str) -> Any:
    return typer.Option(name, metavar="TEXT", help=help, show_default=False)


EvidenceOpt = Annotated[
    str | None,
    _text(
        "--evidence",
        "Record evidence, a URL or text (replaces any recorded). "
        "Example: --evidence https://example.org/minutes",
    ),
]
JudgementOpt = Annotated[
    str | None,
    _text(
        "--judgement",
        "Say that the progress rests on a judgement: the one taken, and the other reading "
        "(replaces any recorded). Example: --judgement 'sent on the 30th, presented on the "
        "2nd, two days late'",
    ),
]
SourceOpt = Annotated[
    str | None,
    _text(
        "--source",
        "Add a fact to the file's record, with this source (an address or a document's "
        "title), cited by the deadlines; needs --quote. Example: --source https://dof.gob.mx/x",
    ),
]
QuoteOpt = Annotated[
    str | None,
    _text(
        "--quote",
        "The source's own words that support the fact, as published. "
        'Example: --quote "El Senado aprobó la ley"',
    ),
]
WhatOpt = Annotated[
    str | None,
    _text(
        "--what",
        "What happened, in your own words (default: the id, the status and the date). "
        "Example: --what 'The Senate passed the General Law'",
    ),
]
FactIdOpt = Annotated[
    str | None,
    typer.Option(
        "--fact-id",
        metavar="ID",
        help="The new fact's id (default: ID-STATUS-DATE, 29-done-2008-12-09). "
        "Example: --fact-id senate-vote",
        show_default=False,
    ),
]
ConfidenceOpt = Annotated[
    str,
    options.choice(
        ("high", "medium", "low"),
        "How sure the fact is: high (an official text, or two agreeing sources), medium (one "
        "press source), low (indirect). Example: --confidence high",
        "--confidence",
    ),
]
OnOpt = Annotated[
    str | None,
    typer.Option(
        "--on",
        metavar="DATE",
        help="The day it happened: YYYY-MM-DD, today, yesterday or -3d (default: today; a "
        "date already recorded is kept unless --on is given). Example: --on 2008-12-01",
        show_default=False,
    ),
]
EditForceOpt = options.ForceOpt
WHAT = (
    "The data file is edited in place (--file or ACCORDCTL_FILE): only the deadlines named "
    "change (and the record, when --source adds a fact), comments and layout stay, and a "
    "change that `accordctl check` would reject is refused. What changed is printed on "
    "stderr (-q: nothing), in the words of `accordctl diff`. While another edit of the "
    "file runs, this one waits for it (up to ACCORDCTL_LOCK_WAIT seconds, 60 by default)."
)
MARKS = ("done", "in-progress", "not-kept", "dropped", "pending")


def _one_line(option: str, value: str | None) -> None:
    if value is None:
        return
    if not value.strip():
        raise UsageError(f"{option} must not be empty (reopen clears what was recorded)")
    if not _encodable(value):  # before the controls: an undecodable byte is a lone surrogate
        shown = quote(value.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))
        raise UsageError(f"{option} {shown}: not UTF-8 text")
    if one_line(value) != value:
        raise UsageError(f"{option} {quote(value)}: one line of text, without controls")


def record_progress(
    command: str,
    status: str,
    ident: str,
    file: Path | None,
    force: bool,
    on: str | None = None,
    said: dict[str, str | None] | None = None,
    confidence: str | None = None,
    quiet: bool = False,
) -> Out:
    """Check what was asked, take the file's lock, plan the edit and write it; the
    summary of what changed goes to stderr (unless `quiet`)."""
    from accordctl.core.model import NOWHERE, Fact
    from accordctl.store import edit
    from accordctl.store.files import default_path

    if file is None:
        raise UsageError(
            f"{command}: name the file to edit with --file PATH or ACCORDCTL_FILE (the annex "
            f"shipped with accordctl is never edited: copy {default_path()} and edit the copy)"
        )
    said = said or {}
    for option, value in said.items():
        _one_line(option, value)
    source, words = said.get("--source"), said.get("--quote")
    if (source is None) != (words is None):
        raise UsageError("--source and --quote go together: a fact is its source and its words")
    extra = [o for o in ("--what", "--fact-id") if said.get(o) is not None]
    if source is None and (extra or confidence is not None):
        raise UsageError(f"{(extra or ['--confidence'])[0]} describes a fact: give --source too")
    fact = None
    if source is not None and words is not None:
        what, fid = said.get("--what") or "", said.get("--fact-id") or ""
        if fid and not ID.fullmatch(fid):
            raise UsageError(f"--fact-id {quote(fid)} is not a valid id ({ID.pattern})")
        sure = options.choose(confidence or "medium", ("high", "medium", "low"), "--confidence")
        fact = Fact(fid, "", "day", what, (), source, words, sure, pos=NOWHERE)
    when = options.parse_date(on, "--on") if on is not None else None
    asked = edit.Asked(status, when, said.get("--evidence"), said.get("--judgement"), fact)
    from accordctl.cli.main import say
    from accordctl.store.lock import clean_up, edit_lock

    edit.refuse_package_file(file)
    # a second edit of the file waits for this one; an edit that cannot lock it stops
    with edit_lock(file, waiting=lambda message: say(f"accordctl: {message}...")):
        clean_up(file)  # what an edit killed before its rename left
        change = edit.plan(file, ident, asked, options.today(), command)
        others = edit.apply_edit(change, force)
    err = "" if quiet else change.summary() + "\n"  # what was done: the data went to the file
    if others:  # an edit replaces the file: the other names of a hard-linked one keep it
        err += (
            f"accordctl: warning: {one_line(str(file))} had {others + 1} names (hard links): "
            "this one now names the edited file, the others still the file as it was\n"
        )
    if when is not None and when > options.today():
        err += f"accordctl: warning: {when} is after today: record progress once it happens\n"
    return Out(err=err + _stale_judgements(change.rows))


def _stale_judgements(rows: Sequence[RowEdit]) -> str:
    """A warning for each row whose progress changed under a judgement that stayed: the
    judgement was written of the old progress ("kept late", say) and may now contradict it.
    Warnings print with -q too."""
    out = ""
    for r in rows:
        old, new = r.old, r.new
        moved = (old.status, old.completed, old.since) != (new.status, new.completed, new.since)
        if moved and new.judgement and new.judgement == old.judgement:
            was = f"completed {old.completed}" if old.completed else f"status {old.status}"
            out += (
                f"accordctl: warning: {r.row_id}: its judgement was written when it said {was} "
                f"({quote(new.judgement)}): review it, or give --judgement\n"
            )
    return out


def _encodable(text: str) -> bool:
    """Whether text from the command line is UTF-8 (bytes that are not arrive as lone
    surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True

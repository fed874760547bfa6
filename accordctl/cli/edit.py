"""`done`, `drop` and `reopen`: record progress in the data file, in place."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from accordctl.cli import options
from accordctl.cli.app import Out, app
from accordctl.cli.options import complete_id
from accordctl.core.errors import UsageError
from accordctl.core.text import one_line, quote

if TYPE_CHECKING:
    from accordctl.store.edit import Action

IdArg = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="An entry id (all its deadlines) or a row id (one scope). Example: 1e/general",
        autocompletion=complete_id,
        show_default=False,
    ),
]
EditFileOpt = Annotated[
    Path | None,
    options.file_option(
        "The data file to edit, in place (required: this or ACCORDCTL_FILE; the annex "
        "shipped with accordctl is never edited). Example: --file commitments.yaml"
    ),
]
EvidenceOpt = Annotated[
    str | None,
    typer.Option(
        "--evidence",
        metavar="TEXT",
        help="Record evidence, a URL or text (replaces any recorded). "
        "Example: --evidence https://example.org/minutes",
        show_default=False,
    ),
]
EditForceOpt = Annotated[
    bool,
    typer.Option("--force", help="Edit the file even if it is read-only. Example: --force"),
]
_WHAT = (
    "The data file is edited in place (--file or ACCORDCTL_FILE): only the deadlines named "
    "change, comments and layout stay, and a change that `accordctl check` would reject is "
    "refused. What changed is printed on stderr, in the words of `accordctl diff`. While "
    "another edit of the file runs, this one waits for it (up to ACCORDCTL_LOCK_WAIT "
    "seconds, 60 by default)."
)


def _edit(
    action: Action,
    ident: str,
    file: Path | None,
    force: bool,
    on: str | None = None,
    evidence: str | None = None,
) -> Out:
    from accordctl.store import edit
    from accordctl.store.files import default_path

    if file is None:
        raise UsageError(
            f"{action}: name the file to edit with --file PATH or ACCORDCTL_FILE (the annex "
            f"shipped with accordctl is never edited: copy {default_path()} and edit the copy)"
        )
    if evidence is not None and not evidence.strip():
        raise UsageError("--evidence must not be empty (reopen clears evidence)")
    if evidence is not None and one_line(evidence) != evidence:
        raise UsageError(f"--evidence {quote(evidence)}: one line of text, without controls")
    if evidence is not None and not _encodable(evidence):
        shown = quote(evidence.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))
        raise UsageError(f"--evidence {shown}: not UTF-8 text")
    when = options.parse_date(on, "--on") if on is not None else None
    from accordctl.cli.main import say
    from accordctl.store.lock import clean_up, edit_lock

    edit.refuse_package_file(file)
    # a second edit of the file waits for this one; an edit that cannot lock it stops
    with edit_lock(file, waiting=lambda message: say(f"accordctl: {message}...")):
        clean_up(file)  # what an edit killed before its rename left
        change = edit.plan(file, ident, action, options.today(), when, evidence)
        edit.apply_edit(change, force)
    return Out(err=change.summary() + "\n")  # a report of what was done: data goes to the file


def _encodable(text: str) -> bool:
    """Whether text from the command line is UTF-8 (bytes that are not arrive as lone
    surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@app.command(
    name="done",
    help=f"""Record a commitment as done, with the date it was completed.

{_WHAT}

Example: accordctl done 26 --on 2008-12-01 --file commitments.yaml""",
)
def done(
    ident: IdArg,
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            metavar="DATE",
            help="The date it was completed: YYYY-MM-DD, today, yesterday or -3d (default: "
            "today; a date already recorded is kept unless --on is given). "
            "Example: --on 2008-12-01",
            show_default=False,
        ),
    ] = None,
    evidence: EvidenceOpt = None,
    file: EditFileOpt = None,
    force: EditForceOpt = False,
) -> Out:
    return _edit("done", ident, file, force, on, evidence)


@app.command(
    name="drop",
    help=f"""Record a commitment as dropped: it will not be done.

Its status becomes dropped and any completion date is removed.

{_WHAT}

Example: accordctl drop 46d --file commitments.yaml""",
)
def drop(
    ident: IdArg,
    evidence: EvidenceOpt = None,
    file: EditFileOpt = None,
    force: EditForceOpt = False,
) -> Out:
    return _edit("drop", ident, file, force, evidence=evidence)


@app.command(
    name="reopen",
    help=f"""Clear the progress recorded for a commitment.

Removes its status, completion date and evidence: the deadline reads as the annex writes it
(pending), and `done` followed by `reopen` gives back the file as it was.

{_WHAT}

Example: accordctl reopen 26 --file commitments.yaml""",
)
def reopen(ident: IdArg, file: EditFileOpt = None, force: EditForceOpt = False) -> Out:
    return _edit("reopen", ident, file, force)

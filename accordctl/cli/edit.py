"""`done`, `drop`, `mark` and `reopen`: record progress in the data file, in place."""

from __future__ import annotations

from typing import Annotated

import typer

from accordctl.cli import options
from accordctl.cli.answers import QuietOpt
from accordctl.cli.app import Out, app
from accordctl.cli.recording import (
    MARKS,
    WHAT,
    ConfidenceOpt,
    EditFileOpt,
    EditForceOpt,
    EvidenceOpt,
    FactIdOpt,
    IdArg,
    JudgementOpt,
    OnOpt,
    QuoteOpt,
    SourceOpt,
    WhatOpt,
    record_progress,
)
from accordctl.core.errors import UsageError


@app.command(
    name="done",
    help=f"""Record a commitment as done, with the day it was completed (and, with --source
and --quote, the fact it rests on).

{WHAT}

Example: accordctl done 29 --on 2008-12-09 --source URL --quote "aprobó la ley" -f c.yaml""",
)
def done(
    ident: IdArg,
    on: OnOpt = None,
    evidence: EvidenceOpt = None,
    judgement: JudgementOpt = None,
    source: SourceOpt = None,
    words: QuoteOpt = None,
    what: WhatOpt = None,
    fact_id: FactIdOpt = None,
    confidence: ConfidenceOpt = "medium",
    file: EditFileOpt = None,
    force: EditForceOpt = False,
    quiet: QuietOpt = False,
) -> Out:
    said = {"--evidence": evidence, "--judgement": judgement, "--source": source}
    said |= {"--quote": words, "--what": what, "--fact-id": fact_id}
    return record_progress("done", "done", ident, file, force, on, said, confidence, quiet)


@app.command(
    name="drop",
    help=f"""Record a commitment as dropped: it will not be done, from the day given.

Its status becomes dropped and any completion date is removed.

{WHAT}

Example: accordctl drop 46d --on 2009-03-01 --source URL --quote WORDS -f c.yaml""",
)
def drop(
    ident: IdArg,
    on: OnOpt = None,
    evidence: EvidenceOpt = None,
    judgement: JudgementOpt = None,
    source: SourceOpt = None,
    words: QuoteOpt = None,
    what: WhatOpt = None,
    fact_id: FactIdOpt = None,
    confidence: ConfidenceOpt = "medium",
    file: EditFileOpt = None,
    force: EditForceOpt = False,
    quiet: QuietOpt = False,
) -> Out:
    said = {"--evidence": evidence, "--judgement": judgement, "--source": source}
    said |= {"--quote": words, "--what": what, "--fact-id": fact_id}
    return record_progress("drop", "dropped", ident, file, force, on, said, confidence, quiet)


@app.command(
    name="mark",
    help=f"""Record a commitment's progress: done, in-progress, not-kept, dropped, or pending
(which clears it, as reopen does), from the day given (--on).

{WHAT}

Example: accordctl mark 31 not-kept --on 2013-07-29 --source URL --quote WORDS -f c.yaml""",
)
def mark(
    ident: IdArg,
    status: Annotated[
        str,
        typer.Argument(
            metavar="STATUS",
            help="done, in-progress, not-kept, dropped or pending. Example: in-progress",
            autocompletion=lambda incomplete: [m for m in MARKS if m.startswith(incomplete)],
            show_default=False,
        ),
    ],
    on: OnOpt = None,
    evidence: EvidenceOpt = None,
    judgement: JudgementOpt = None,
    source: SourceOpt = None,
    words: QuoteOpt = None,
    what: WhatOpt = None,
    fact_id: FactIdOpt = None,
    confidence: ConfidenceOpt = "medium",
    file: EditFileOpt = None,
    force: EditForceOpt = False,
    quiet: QuietOpt = False,
) -> Out:
    status = options.choose(status, MARKS, "mark STATUS")
    said = {"--evidence": evidence, "--judgement": judgement, "--source": source}
    said |= {"--quote": words, "--what": what, "--fact-id": fact_id}
    if status == "pending" and any(v is not None for v in said.values()):
        raise UsageError("mark ID pending clears what was recorded: it takes no other option")
    return record_progress("mark", status, ident, file, force, on, said, confidence, quiet)


@app.command(
    name="reopen",
    help=f"""Clear the progress recorded for a commitment.

Removes its status, dates, evidence, judgement and the facts it cites (the facts stay in
the record): the deadline reads as the annex writes it (pending), and `done` followed by
`reopen` gives back the file as it was.

{WHAT}

Example: accordctl reopen 26 --file commitments.yaml""",
)
def reopen(
    ident: IdArg,
    file: EditFileOpt = None,
    force: EditForceOpt = False,
    quiet: QuietOpt = False,
) -> Out:
    return record_progress("reopen", "pending", ident, file, force, quiet=quiet)

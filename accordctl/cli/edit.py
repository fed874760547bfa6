"""`done`, `drop`, `mark` and `reopen`: record progress in the data file, in place."""

from __future__ import annotations

import inspect
from collections.abc import Callable
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

StatusArg = Annotated[
    str,
    typer.Argument(
        metavar="STATUS",
        help="done, in-progress, not-kept, dropped or pending. Example: in-progress",
        autocompletion=lambda incomplete: [m for m in MARKS if m.startswith(incomplete)],
        show_default=False,
    ),
]


def _recorder(command: str, fixed: str | None) -> Callable[..., Out]:
    """The command that records a status: `fixed` (done, drop), or the STATUS argument
    given after the id (mark). One list of options for the three: typer reads a command's
    parameters with `inspect.signature`, which takes `__signature__` where a function has
    one (Python's own protocol), so done and drop are given the list without STATUS."""

    def record(
        ctx: typer.Context,
        ident: IdArg,
        status: StatusArg = "",
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
        # `--confidence medium`, said, is told from the default (by the name of click's
        # ParameterSource, which typer keeps a copy of)
        source_ = getattr(ctx.get_parameter_source("confidence"), "name", "DEFAULT")
        sure = None if source_ == "DEFAULT" else confidence
        status = fixed or options.choose(status, MARKS, "mark STATUS")
        if status == "pending":  # reopen's words: nothing else can be recorded with it
            asked = {**said, "--on": on, "--confidence": sure}
            given = [option for option, value in asked.items() if value is not None]
            if given:
                raise UsageError(
                    f"mark ID pending clears what was recorded: it takes no other option "
                    f"({given[0]} given)"
                )
        return record_progress(command, status, ident, file, force, on, said, sure, quiet)

    signature = inspect.signature(record, eval_str=True)
    kept = [
        p.replace(default=inspect.Parameter.empty) if p.name == "status" else p
        for p in signature.parameters.values()
        if p.name != "status" or fixed is None
    ]
    vars(record)["__signature__"] = signature.replace(parameters=kept)
    return record


app.command(
    name="done",
    help=f"""Record a commitment as done, with the day it was completed (and, with --source
and --quote, the fact it rests on).

{WHAT}

Example: accordctl done 29 --on 2008-12-09 --source URL --quote "aprobó la ley" -f c.yaml""",
)(_recorder("done", "done"))
app.command(
    name="drop",
    help=f"""Record a commitment as dropped: it will not be done, from the day given.

Its status becomes dropped and any completion date is removed.

{WHAT}

Example: accordctl drop 46d --on 2009-03-01 --source URL --quote WORDS -f c.yaml""",
)(_recorder("drop", "dropped"))
app.command(
    name="mark",
    help=f"""Record a commitment's progress: done, in-progress, not-kept, dropped, or pending
(which clears it, as reopen does), from the day given (--on).

{WHAT}

Example: accordctl mark 31 not-kept --on 2013-07-29 --source URL --quote WORDS -f c.yaml""",
)(_recorder("mark", None))


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

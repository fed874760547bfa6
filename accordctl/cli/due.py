"""`due` and `status`: the deadlines, and progress per branch."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from accordctl.cli.app import Out, app
from accordctl.cli.options import (
    AsOfOpt,
    BranchOpt,
    BusinessOpt,
    EventOpt,
    FileOpt,
    Format,
    FormatOpt,
    SignedOpt,
    TreeFormat,
    TreeFormatOpt,
    load_resolved,
    parse_as_of,
    parse_span,
    select,
    terminal,
)
from accordctl.errors import EXIT


@app.command(name="due")
def due(
    branch: BranchOpt = None,
    file: FileOpt = None,
    fmt: FormatOpt = Format.table,
    event: EventOpt = None,
    signed: SignedOpt = None,
    as_of: AsOfOpt = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only rows past due and not done. Example: --overdue")
    ] = False,
    within: Annotated[
        str | None,
        typer.Option(
            metavar="SPAN",
            help="Only rows due within this many days, weeks or months (30d, 2w, 1m) of the "
            "as-of date. Example: --within 30d",
        ),
    ] = None,
    exit_code: Annotated[
        bool,
        typer.Option(
            "--exit-code",
            help="Exit 1 when any row is listed (a CI gate). Example: --overdue --exit-code",
        ),
    ] = False,
    business_days: BusinessOpt = False,
) -> Out:
    """List every deadline with its due date, sorted by date (table), or by number (JSON, CSV).

    With --as-of (default today when --overdue or --within is given), rows gain `overdue`
    and `days_left`.

    Example: accordctl due --branch state --format json
    """
    from accordctl import progress
    from accordctl.model import due_order
    from accordctl.views import due_view

    accord, res = load_resolved(file, event, signed)
    rows = select(accord, res.rows, branch)
    day = parse_as_of(as_of) if as_of is not None or overdue or within is not None else None
    if day is not None:
        until = None
        if within is not None:
            from accordctl.resolver import shift

            n, unit = parse_span(within, "--within")
            try:
                until = shift(day, n, unit)
            except OverflowError:
                until = date.max
        rows = [
            r
            for r in rows
            if (not overdue or progress.is_overdue(r, day))
            and (until is None or progress.within(r, day, until))
        ]
    code = EXIT["findings"] if exit_code and rows else EXIT["ok"]
    if fmt is Format.table:
        rows.sort(key=due_order)
    view = due_view(res, rows, day, business_days)
    if fmt is Format.json:
        from accordctl.formats import due_json

        return Out(due_json(view), code, machine=True)
    if fmt is Format.csv:
        from accordctl.formats import due_csv

        return Out(due_csv(view), code, machine=True)
    from accordctl.render import table_text

    return Out(table_text(view, *terminal()), code)


@app.command(name="status")
def status(
    branch: BranchOpt = None,
    file: FileOpt = None,
    event: EventOpt = None,
    signed: SignedOpt = None,
    as_of: AsOfOpt = None,
    fmt: TreeFormatOpt = TreeFormat.table,
) -> Out:
    """Per branch: how many deadlines are done, overdue, upcoming and undated.

    Example: accordctl status --as-of 2009-03-01
    """
    from accordctl import progress

    accord, res = load_resolved(file, event, signed)
    day = parse_as_of(as_of)
    stats = progress.status(accord, select(accord, res.rows, branch), day)
    if fmt is TreeFormat.json:
        from accordctl.formats import status_json

        return Out(status_json(stats, day), machine=True)
    from accordctl.render import status_text

    return Out(status_text(stats, day, *terminal()))

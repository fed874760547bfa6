"""`due` and `status`: the deadlines, and progress per branch."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from accordctl.cli.app import Out, app
from accordctl.cli.options import (
    FORMATS,
    TREE_FORMATS,
    AsOfOpt,
    BranchOpt,
    BusinessOpt,
    EventOpt,
    FileOpt,
    FormatOpt,
    SignedOpt,
    TreeFormatOpt,
    choice,
    choose,
    load_resolved,
    parse_as_of,
    parse_span,
    select,
    terminal,
)
from accordctl.core.errors import EXIT, UsageError
from accordctl.core.model import SORTS
from accordctl.core.text import quote


@app.command(name="due")
def due(
    branch: BranchOpt = None,
    file: FileOpt = None,
    fmt: FormatOpt = "table",
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
    sort: Annotated[
        str | None,
        choice(
            SORTS,
            "Sort by due date (undated last), number, or branch; default: due for "
            "the table, number for JSON and CSV. Example: --sort branch",
            "--sort",
        ),
    ] = None,
    reverse: Annotated[
        bool, typer.Option("--reverse", help="Reverse the order. Example: --sort due --reverse")
    ] = False,
    columns: Annotated[
        str | None,
        typer.Option(
            metavar="NAMES",
            help="The table's columns, comma-separated, from id, branch, title, written, due, "
            "left, note. Example: --columns id,due,title",
        ),
    ] = None,
    compact: Annotated[
        bool | None,
        typer.Option(
            "--compact/--full",
            help="One line a row, or up to three (default: one line below 80 columns). "
            "Example: --compact",
        ),
    ] = None,
) -> Out:
    """List every deadline with its due date, sorted by date (table), or by number (JSON, CSV).

    With --as-of (default today when --overdue or --within is given), rows gain `overdue`
    and `days_left`, and the table a Left column.

    Example: accordctl due --branch state --format json
    """
    from accordctl.core import progress
    from accordctl.core.model import sort_rows
    from accordctl.core.views import due_view
    from accordctl.outputs.console import TABLE_COLUMNS

    fmt = choose(fmt, FORMATS, "--format")
    by = choose(sort, SORTS, "--sort") if sort is not None else None
    names = None
    if columns is not None:
        names = [choose(n.strip(), list(TABLE_COLUMNS), "--columns") for n in columns.split(",")]
        twice = [n for at, n in enumerate(names) if n in names[:at]]
        if twice:
            raise UsageError(f"--columns: {quote(twice[0])} is named twice: name it once")
        if fmt != "table":
            raise UsageError("--columns chooses the table's columns (give --format table)")
    if compact is not None and fmt != "table":
        option = "--compact" if compact else "--full"
        raise UsageError(f"{option} sets the table's rows (give --format table)")
    if overdue and within is not None:
        raise UsageError(
            "--overdue (due before the as-of date) and --within (due from it on) match no "
            "row together: give one"
        )
    day = parse_as_of(as_of) if as_of is not None or overdue or within is not None else None
    accord, res = load_resolved(file, event, signed, day)
    rows = select(accord, res.rows, branch)
    asked = []
    if day is not None:
        until = None
        if within is not None:
            from accordctl.core.resolver import shift

            n, unit = parse_span(within, "--within")
            try:
                until = shift(day, n, unit)
            except (OverflowError, ValueError):  # past year 9999: as far as dates go
                until = date.max
            asked.append(f"due from {day} to {until} and not done")
        if overdue:
            asked.append(f"overdue as of {day}")
        rows = [
            r
            for r in rows
            if (not overdue or progress.is_overdue(r, day))
            and (until is None or progress.within(r, day, until))
        ]
    rows = sort_rows(rows, by or ("due" if fmt == "table" else "number"), accord, reverse)
    code = EXIT["findings"] if exit_code and rows else EXIT["ok"]
    err = _nothing(branch, asked) if not rows else ""
    view = due_view(res, rows, day, business_days)
    if fmt == "json":  # in parts, written as made: the whole text is never held
        from accordctl.outputs.formats import due_json_parts

        return Out(code=code, err=err, machine=True, parts=due_json_parts(view))
    if fmt == "csv":
        from accordctl.outputs.formats import due_csv_parts

        return Out(code=code, err=err, machine=True, parts=due_csv_parts(view))
    from accordctl.outputs.console import table_text

    return Out(table_text(view, *terminal(), names, compact), code, err)


def _nothing(branches: list[str] | None, asked: list[str]) -> str:
    """The line that says what matched nothing."""
    where = f"in {', '.join(branches)}" if branches else "in the file"
    return f"accordctl: no deadline {where}" + (f" is {' and '.join(asked)}" if asked else "")


@app.command(name="status")
def status(
    branch: BranchOpt = None,
    file: FileOpt = None,
    event: EventOpt = None,
    signed: SignedOpt = None,
    as_of: AsOfOpt = None,
    fmt: TreeFormatOpt = "table",
) -> Out:
    """Per branch: how many deadlines are done, overdue, upcoming and undated.

    Example: accordctl status --as-of 2009-03-01
    """
    from accordctl.core import progress

    fmt = choose(fmt, TREE_FORMATS, "--format")
    day = parse_as_of(as_of)
    accord, res = load_resolved(file, event, signed, day)
    stats = progress.status(accord, select(accord, res.rows, branch), day)
    if fmt == "json":
        from accordctl.outputs.formats import status_json

        return Out(status_json(stats, day), machine=True)
    from accordctl.outputs.console import status_text

    return Out(status_text(stats, day, *terminal()))

"""`due` and `status`: the deadlines, and progress per branch."""

from __future__ import annotations

from typing import Annotated

import typer

from accordctl.cli.answers import (
    FORMATS,
    TREE_FORMATS,
    ExitCodeOpt,
    FormatOpt,
    QuietOpt,
    TreeFormatOpt,
    output_format,
)
from accordctl.cli.app import Out, app
from accordctl.cli.filters import (
    AttentionOpt,
    IdsArg,
    OverdueOpt,
    SearchOpt,
    SinceOpt,
    StateOpt,
    UntilOpt,
    WithinOpt,
    chosen_rows,
    items,
)
from accordctl.cli.options import (
    AsOfOpt,
    BranchOpt,
    BusinessOpt,
    EventOpt,
    FileOpt,
    SignedOpt,
    choice,
    choose,
    load_resolved,
    parse_as_of,
    terminal,
)
from accordctl.core.errors import EXIT, UsageError
from accordctl.core.model import SORTS


@app.command(name="due")
def due(
    ids: IdsArg = None,
    branch: BranchOpt = None,
    search: SearchOpt = None,
    state: StateOpt = None,
    overdue: OverdueOpt = False,
    within: WithinOpt = None,
    attention: AttentionOpt = False,
    since: SinceOpt = None,
    until: UntilOpt = None,
    file: FileOpt = None,
    fmt: FormatOpt = "text",
    event: EventOpt = None,
    signed: SignedOpt = None,
    as_of: AsOfOpt = None,
    exit_code: ExitCodeOpt = False,
    business_days: BusinessOpt = False,
    sort: Annotated[
        str | None,
        choice(
            SORTS,
            "Sort by due date (undated last), number, or branch; default: due for "
            "text, number for JSON and CSV. Example: --sort branch",
            "--sort",
        ),
    ] = None,
    reverse: Annotated[
        bool, typer.Option("--reverse", help="Reverse the order. Example: --sort due --reverse")
    ] = False,
    columns: Annotated[
        list[str] | None,
        typer.Option(
            metavar="NAME[,NAME]",
            help="The table's columns, from id, branch, title, written, due, left, note (a "
            "comma-separated list, or the option repeated). Example: --columns id,due,title",
        ),
    ] = None,
    compact: Annotated[
        bool | None,
        typer.Option(
            "--compact/--full",
            help="One line a row, the commitment and As written cut with an ellipsis "
            "(--compact), or every word, wrapped (--full, the default). Example: --compact",
        ),
    ] = None,
    quiet: QuietOpt = False,
) -> Out:
    """List deadlines with their due dates and where each stands as of today (or
    --as-of), sorted by date (text), or by number (JSON, CSV).

    Give ids, --branch or --search to choose rows by what they are, and --state,
    --overdue, --within, --attention, --since or --until by where they stand; options
    narrow, the values of one option widen. A filtered list ends with a count on stderr.

    Example: accordctl due --branch state; accordctl due --attention --as-of 2009-03-01
    """
    from accordctl.core.model import sort_rows
    from accordctl.core.views import due_view
    from accordctl.outputs.console import TABLE_COLUMNS

    fmt, warn = output_format(fmt, FORMATS)
    by = choose(sort, SORTS, "--sort") if sort is not None else None
    names = None
    if columns is not None:
        names = [choose(n, list(TABLE_COLUMNS), "--columns") for n in items(columns, "--columns")]
        if fmt != "text":
            raise UsageError("--columns chooses the table's columns (give --format text)")
        if business_days and "note" not in names:
            raise UsageError(
                "--business-days says the day in the note column: add note to --columns"
            )
    if compact is not None and fmt != "text":
        option = "--compact" if compact else "--full"
        raise UsageError(f"{option} sets the table's rows (give --format text)")
    day = parse_as_of(as_of)
    accord, res = load_resolved(file, event, signed, day)
    rows, said = chosen_rows(
        accord, res, day, "due", ids, branch, search, state, overdue, within, attention, since,
        until,
    )  # fmt: skip
    rows = sort_rows(rows, by or ("due" if fmt == "text" else "number"), accord, reverse)
    code = EXIT["findings"] if exit_code and rows else EXIT["ok"]
    err = warn + ("" if quiet else said)
    view = due_view(res, rows, day, business_days)
    if fmt == "json":  # in parts, written as made: the whole text is never held
        from accordctl.outputs.formats import due_json_parts

        return Out(code=code, err=err, machine=True, parts=due_json_parts(view))
    if fmt == "csv":
        from accordctl.outputs.formats import due_csv_parts

        return Out(code=code, err=err, machine=True, parts=due_csv_parts(view))
    from accordctl.outputs.console import table_text

    # the days left read only where time was asked about: at today, by default, an old
    # accord's rows would each say some thousands of days overdue
    left = as_of is not None or overdue or attention or within is not None or bool(state)
    return Out(table_text(view, *terminal(), names, compact, left), code, err)


@app.command(name="status")
def status(
    ids: IdsArg = None,
    branch: BranchOpt = None,
    search: SearchOpt = None,
    file: FileOpt = None,
    event: EventOpt = None,
    signed: SignedOpt = None,
    as_of: AsOfOpt = None,
    fmt: TreeFormatOpt = "text",
    quiet: QuietOpt = False,
) -> Out:
    """Per branch: how many deadlines are done, overdue, upcoming and undated, as of
    today (or --as-of); of the rows ids, --branch or --search choose, when given.

    Example: accordctl status --as-of 2009-03-01
    """
    from accordctl.core import progress

    fmt, warn = output_format(fmt, TREE_FORMATS)
    day = parse_as_of(as_of)
    accord, res = load_resolved(file, event, signed, day)
    rows, said = chosen_rows(accord, res, day, "status", ids, branch, search)
    stats = progress.status(accord, rows, day)
    err = warn + ("" if quiet else said)
    if fmt == "json":
        from accordctl.outputs.formats import status_json

        return Out(status_json(stats, day), err=err, machine=True)
    from accordctl.outputs.console import status_text

    return Out(status_text(stats, day, *terminal()), err=err)

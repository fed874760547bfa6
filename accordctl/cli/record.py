"""`record`: the facts of the record, what happened and when, each with its source."""

from __future__ import annotations

from typing import Annotated

import typer

from accordctl.cli.app import Out, app
from accordctl.cli.options import (
    TREE_FORMATS,
    FileOpt,
    TreeFormatOpt,
    choose,
    complete_id,
    data_path,
    parse_date,
    terminal,
)
from accordctl.core.errors import UsageError


@app.command(name="record")
def record(
    ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="ID",
            help="Only facts bearing on these commitments, rows or events (a fact a row's "
            "progress cites bears on it too). Example: 29 general-law",
            autocompletion=complete_id,
            show_default=False,
        ),
    ] = None,
    file: FileOpt = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="DATE",
            help="Only facts dated on or after this date (a date as for due --as-of). "
            "Example: --from 2008-12-01",
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="DATE",
            help="Only facts dated on or before this date. Example: --to 2009-03-01",
        ),
    ] = None,
    fmt: TreeFormatOpt = "table",
) -> Out:
    """List the record: dated public facts of what happened, each with what it bears on,
    its source and the source's own words, its confidence, and the sources that agree or
    disagree. A fact dated to the month or year is listed when its period reaches into
    --from and --to.

    Example: accordctl record 29 --from 2008-12-01
    """
    from accordctl.core.record import select_facts
    from accordctl.store.files import load

    fmt = choose(fmt, TREE_FORMATS, "--format")
    accord = load(data_path(file))
    start = parse_date(since, "--from") if since is not None else None
    end = parse_date(until, "--to") if until is not None else None
    if start is not None and end is not None and start > end:
        raise UsageError(f"--from {start} is after --to {end}: no date is both")
    facts = select_facts(accord, list(ids or []), start, end)
    err = "" if facts else "accordctl: no fact of the record matches\n"
    if fmt == "json":
        from accordctl.outputs.formats import record_json

        return Out(record_json(facts), err=err, machine=True)
    from accordctl.outputs.console import record_text

    return Out(record_text(facts, *terminal()), err=err)

"""`record`: the facts of the record, what happened and when, each with its source."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from accordctl.cli.answers import TREE_FORMATS, QuietOpt, TreeFormatOpt, output_format, retired
from accordctl.cli.app import Out, app
from accordctl.cli.filters import (
    SearchOpt,
    SinceOpt,
    StateOpt,
    UntilOpt,
    chosen_rows,
    ids_argument,
    items,
)
from accordctl.cli.options import (
    AsOfOpt,
    BranchOpt,
    FileOpt,
    data_path,
    load_resolved,
    parse_as_of,
    parse_date,
    terminal,
)
from accordctl.core.errors import UsageError


@app.command(name="record")
def record(
    ids: Annotated[
        list[str] | None,
        ids_argument(
            "Only facts bearing on these commitments, rows or events (a fact a row's "
            "progress cites bears on it too). Example: 29 general-law"
        ),
    ] = None,
    branch: BranchOpt = None,
    search: SearchOpt = None,
    state: StateOpt = None,
    as_of: AsOfOpt = None,
    file: FileOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    fmt: TreeFormatOpt = "text",
    quiet: QuietOpt = False,
    old_from: Annotated[
        str | None, typer.Option("--from", metavar="DATE", hidden=True)
    ] = None,  # the old spelling of --since, for a while
    old_to: Annotated[str | None, typer.Option("--to", metavar="DATE", hidden=True)] = None,
) -> Out:
    """List the record: dated public facts of what happened, each with what it bears on,
    its source and the source's own words, its confidence, and the sources that agree or
    disagree. A fact dated to the month or year is listed when its period reaches into
    --since and --until. --branch, --search and --state choose deadlines as in `due` (where
    they stand as of today, or --as-of), and the facts bearing on them are listed. A list
    filtered ends with a count on stderr.

    Example: accordctl record --state done; accordctl record 29 --since 2008-12-01
    """
    from accordctl.core.record import select_facts
    from accordctl.store.files import load

    fmt, err = output_format(fmt, TREE_FORMATS)
    for old, new, value, given in (
        ("--from", "--since", old_from, since),
        ("--to", "--until", old_to, until),
    ):
        if value is not None:
            if given is not None:
                raise UsageError(f"{old} is the old spelling of {new}: give {new} alone")
            err += retired(f"record {old}", f"record {new}")
    since = since if since is not None else old_from
    until = until if until is not None else old_to
    start = parse_date(since, "--since") if since is not None else None
    end = parse_date(until, "--until") if until is not None else None
    if start is not None and end is not None and start > end:
        raise UsageError(f"--since {start} is after --until {end}: no date is both")
    if as_of is not None and not state:
        raise UsageError("--as-of dates where deadlines stand: give --state too")
    named = items(ids, "record")
    rows_said = ""
    if branch or search is not None or state:  # deadlines chosen as `due` chooses them
        day = parse_as_of(as_of)
        accord, res = load_resolved(file, None, None, day)
        rows, said = chosen_rows(accord, res, day, "record", ids, branch, search, state)
        named = [r.row_id for r in rows]
        rows_said = said.removeprefix("accordctl: ").rstrip("\n")
    else:
        accord = load(data_path(file))
    facts = select_facts(accord, named, start, end) if named or not rows_said else []
    if not quiet and (named or start or end or rows_said):
        err += _count(len(facts), len(accord.record), named, start, end, rows_said)
    if fmt == "json":
        from accordctl.outputs.formats import record_json

        return Out(record_json(facts), err=err, machine=True)
    from accordctl.outputs.console import record_text

    return Out(record_text(facts, *terminal()), err=err)


def _count(
    shown: int, total: int, ids: list[str], start: date | None, end: date | None, rows: str
) -> str:
    """The line a filtered record ends with: how many facts of how many, and which (`rows`:
    the deadlines chosen, as `due`'s count says them)."""
    said = [f"bearing on {rows}" if rows else f"bearing on {', '.join(ids)}"] if ids or rows else []
    if start and end:
        said.append(f"dated from {start} to {end}")
    elif start or end:
        said.append(f"dated from {start}" if start else f"dated by {end}")
    return f"accordctl: {shown} of {total} facts {' and '.join(said)}\n"

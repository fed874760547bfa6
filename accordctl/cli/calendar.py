"""`ics`: the deadlines as a calendar file."""

from __future__ import annotations

from typing import Annotated

import typer

from accordctl.cli.app import Out, app
from accordctl.cli.options import (
    BranchOpt,
    BusinessOpt,
    EventOpt,
    FileOpt,
    ForceOpt,
    OutputOpt,
    SignedOpt,
    data_path,
    load_resolved,
    parse_span,
    select,
)
from accordctl.core.errors import UsageError


@app.command(name="ics")
def ics(
    branch: BranchOpt = None,
    file: FileOpt = None,
    event: EventOpt = None,
    signed: SignedOpt = None,
    output: OutputOpt = None,
    todo: Annotated[
        bool,
        typer.Option(
            help="Write tasks (VTODO with DUE) instead of events, and no dated events (the "
            "signing, the meetings): a calendar for task apps. Example: --todo"
        ),
    ] = False,
    alarm: Annotated[
        str | None,
        typer.Option(
            metavar="SPAN",
            help="Add a reminder this many days (7d, or 7) or weeks (2w) before each "
            "deadline. Example: --alarm 7d",
        ),
    ] = None,
    windows: Annotated[
        bool,
        typer.Option(
            help="Export a period phrase's whole window as a multi-day event. Example: --windows"
        ),
    ] = False,
    business_days: BusinessOpt = False,
    force: ForceOpt = False,
) -> Out:
    """Export the dated deadlines as an iCalendar file for calendar programs.

    Example: accordctl ics --branch state -o state.ics
    """
    from accordctl.core.views import due_view
    from accordctl.outputs import ical

    if todo and windows:
        raise UsageError("--windows makes an event of several days; a task (--todo) has a due date")
    alarm_days = None
    if alarm is not None:
        n, unit = parse_span(alarm, "--alarm", "dw")  # a calendar alarm has no months
        alarm_days = n * 7 if unit == "weeks" else n
    accord, res = load_resolved(file, event, signed)
    view = due_view(res, select(accord, res.rows, branch), business=business_days)
    data = ical.calendar(view, accord.title, todo, alarm_days, windows)
    undated = sum(1 for x in view.rows if x.row.due is None)
    err = f"skipped {undated} undated commitments (see accordctl due)\n" if undated else ""
    if output is not None:
        from accordctl.store.files import write_output

        write_output(data, output, [data_path(file)], force)
        return Out(err=err)
    return Out(data.decode("utf-8"), err=err, machine=True)

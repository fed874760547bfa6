"""`ics`: the deadlines as a calendar file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from accordctl.cli.answers import QuietOpt, not_to_terminal, refuse_force
from accordctl.cli.app import Out, app
from accordctl.cli.filters import IdsArg, SearchOpt, chosen_rows
from accordctl.cli.options import (
    AsOfOpt,
    BranchOpt,
    BusinessOpt,
    EventOpt,
    FileOpt,
    ForceOpt,
    OutputOpt,
    SignedOpt,
    data_path,
    load_resolved,
    parse_as_of,
    parse_span,
)
from accordctl.core.errors import UsageError
from accordctl.core.text import noun, quote


def _folder(value: str) -> Path:
    """--vdir's folder: an empty name would be the current folder, filled with files."""
    if not value.strip():
        raise UsageError(f"bad --vdir value {quote(value)}: name a folder")
    return Path(value)


@app.command(name="ics")
def ics(
    ids: IdsArg = None,
    branch: BranchOpt = None,
    search: SearchOpt = None,
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
    as_of: AsOfOpt = None,
    vdir: Annotated[
        Path | None,
        typer.Option(
            "--vdir",
            metavar="DIR",
            parser=_folder,
            help="Write one .ics file a deadline (and event) into this folder, as khal, "
            "todoman and vdirsyncer read it (a vdir collection: a calendar, or with --todo a "
            "task list; one folder each), created if missing. Run again to update it: only "
            "files accordctl wrote there are changed or removed. Example: accordctl ics "
            "--vdir ~/.calendars/accord",
        ),
    ] = None,
    force: ForceOpt = False,
    quiet: QuietOpt = False,
) -> Out:
    """Export the dated deadlines as an iCalendar file for calendar programs, or as a
    folder of one file an entry for khal, todoman and vdirsyncer (--vdir).

    Ids, --branch or --search choose the rows, as in `due`; the dates are as the record
    stood today (or --as-of: a date that counts from a completion recorded later counts
    from the plan). The calendar goes to -o FILE or a pipe, never to a terminal.

    Example: accordctl ics --branch state -o state.ics
    """
    from accordctl.core.views import due_view
    from accordctl.outputs import ical

    if todo and windows:
        raise UsageError("--windows makes an event of several days; a task (--todo) has a due date")
    if vdir is not None and output is not None:
        raise UsageError("--vdir writes a folder, -o a file: give one")
    refuse_force(force, vdir or (None if output is None or str(output) == "-" else output))
    if vdir is None and (output is None or str(output) == "-"):
        not_to_terminal("a calendar", "ics", "-o FILE or --vdir DIR")
    alarm_days = None
    if alarm is not None:
        n, unit = parse_span(alarm, "--alarm", "dw")  # a calendar alarm has no months
        alarm_days = n * 7 if unit == "weeks" else n
    day = parse_as_of(as_of)  # the record as it stood then: what 27 counts from, say
    accord, res = load_resolved(file, event, signed, day)
    rows, said = chosen_rows(accord, res, day, "ics", ids, branch, search)
    view = due_view(res, rows, business=business_days)
    undated = sum(1 for x in view.rows if x.row.due is None)
    err = "" if quiet else said
    if undated and not quiet:
        some = f"{undated} undated {noun(undated, 'deadline')}"
        err += f"accordctl: skipped {some} (see accordctl due --state undated)\n"
    if vdir is not None:
        from accordctl.core.text import visible
        from accordctl.store.vdir import write_vdir

        files = ical.items(view, accord.title, todo, alarm_days, windows)
        done = write_vdir(vdir, files, ical.ours, [data_path(file)], force)
        said = f"{done.new} new, {done.changed} changed, {done.same} unchanged"
        dated = len(view.rows) - undated  # the other files are the dated events
        events = done.new + done.changed + done.same - dated
        what = f"{dated} {noun(dated, 'deadline')}"
        what += f" and {events} {noun(events, 'event')}" if events else ""
        summary = f"accordctl: {visible(str(vdir))}: {said}, {done.removed} removed ({what})\n"
        return Out(err=err + ("" if quiet else summary))
    data = ical.calendar(view, accord.title, todo, alarm_days, windows)
    if output is not None:
        from accordctl.store.files import write_output

        write_output(data, output, [data_path(file)], force)
        return Out(err=err)
    return Out(data.decode("utf-8"), err=err, machine=True)

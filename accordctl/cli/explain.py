"""`explain`, `calc` and `timeline`: why a date is what it is."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from accordctl.cli.answers import (
    FORMAT_HELP,
    TREE_FORMATS,
    QuietOpt,
    TreeFormatOpt,
    not_to_terminal,
    output_format,
    refuse_force,
    retired,
)
from accordctl.cli.app import Out, app
from accordctl.cli.complete import complete_id
from accordctl.cli.filters import IdsArg, SearchOpt, chosen_rows
from accordctl.cli.options import (
    AsOfOpt,
    BranchOpt,
    BusinessOpt,
    EventOpt,
    FileOpt,
    ForceOpt,
    SignedOpt,
    choice,
    data_path,
    load_resolved,
    output_option,
    output_path,
    parse_as_of,
    parse_date,
    terminal,
)
from accordctl.core.errors import NoDateError, PhraseError, UsageError
from accordctl.core.text import quote

TIMELINE_FORMATS = ("text", "svg")


@app.command(name="explain")
def explain(
    ident: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="A commitment, row or event id. Example: 27",
            autocompletion=complete_id,
        ),
    ],
    file: FileOpt = None,
    event: EventOpt = None,
    signed: SignedOpt = None,
    as_of: AsOfOpt = None,
    fmt: TreeFormatOpt = "text",
) -> Out:
    """Show how a date was reached, step by step, down to the signing date, with what the
    record says of each step (its facts, their sources and words), as the record stood
    today (or on --as-of).

    Example: accordctl explain 27 --as-of 2009-03-01
    """
    from accordctl.core.explain import chains_for

    fmt, warn = output_format(fmt, TREE_FORMATS)
    day = parse_as_of(as_of)
    accord, res = load_resolved(file, event, signed, day)
    chains = chains_for(accord, res, ident, day)
    if not chains:
        accord.check_id(ident, "explain")
    if fmt == "json":
        from accordctl.outputs.formats import explain_json

        return Out(explain_json(ident, chains, day), err=warn, machine=True)
    from accordctl.outputs.console import explain_text

    return Out(explain_text(chains, *terminal()), err=warn)


@app.command(name="timeline")
def timeline(
    ctx: typer.Context,
    ids: IdsArg = None,
    branch: BranchOpt = None,
    search: SearchOpt = None,
    file: FileOpt = None,
    event: EventOpt = None,
    signed: SignedOpt = None,
    as_of: AsOfOpt = None,
    fmt: Annotated[
        str, choice(TIMELINE_FORMATS, f"{FORMAT_HELP} Example: --format svg -o timeline.svg")
    ] = "text",
    output: Annotated[Path | None, output_option("timeline.svg")] = None,
    force: ForceOpt = False,
    quiet: QuietOpt = False,
    svg: Annotated[
        Path | None, typer.Option(metavar="PATH", parser=output_path, hidden=True)
    ] = None,
) -> Out:
    """A month-by-month view from signing to the programme's end, one lane per branch,
    marking today (or --as-of); as text, or as the report's chart (SVG: a mark per
    deadline, coloured by its state as of that date). A file named .svg gets the SVG
    unless --format says otherwise.

    Example: accordctl timeline --as-of 2009-03-01 --format svg -o timeline.svg
    """
    from accordctl.outputs.console import timeline_text
    from accordctl.outputs.timeline import grid

    fmt, warn = output_format(fmt, TIMELINE_FORMATS)
    if svg is not None:  # the old spelling, for a while
        source = ctx.get_parameter_source("fmt")
        if output is not None or (source is not None and source.name == "COMMANDLINE"):
            raise UsageError("--svg PATH is --format svg -o PATH: give those alone")
        fmt, output = "svg", svg
        warn += retired("timeline --svg PATH", "timeline --format svg -o PATH")
    target = None if output is None or str(output) == "-" or _is_stdout(output) else output
    given = ctx.get_parameter_source("fmt")
    if target is not None and target.suffix.lower() == ".svg" and given is not None:
        fmt = "svg" if given.name == "DEFAULT" else fmt  # the format the name says
    refuse_force(force, target)
    if fmt == "svg" and target is None:
        not_to_terminal("SVG", "timeline")
    day = parse_as_of(as_of)
    accord, res = load_resolved(file, event, signed, day)
    rows, said = chosen_rows(accord, res, day, "timeline", ids, branch, search)
    err = warn + ("" if quiet else said)
    if fmt == "svg":
        from accordctl.outputs.chart import chart
        from accordctl.outputs.page import chart_svg

        text = chart_svg(chart(accord, res, rows, day))
    else:
        text = timeline_text(grid(accord, res, rows, day), day, terminal()[0] and target is None)
    if target is None:
        return Out(text, err=err, machine=fmt == "svg")
    from accordctl.store.files import write_output

    write_output(text.encode("utf-8"), target, [data_path(file)], force)
    return Out(err=err)


def _is_stdout(path: Path) -> bool:
    """Whether `path` names the file stdout writes to (`/dev/stdout`, say)."""
    import os
    import sys

    try:
        return sys.stdout is not None and os.path.samestat(
            os.stat(path), os.fstat(sys.stdout.fileno())
        )
    except (OSError, ValueError, AttributeError):
        return False


@app.command(name="calc")
def calc(
    phrase: Annotated[
        str,
        typer.Argument(metavar="PHRASE", help='A deadline phrase. Example: "2 months after 26"'),
    ],
    from_: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="DATE",
            help="Count from this date instead of the phrase's base (the signing, or the id "
            "it names). Example: --from 2008-08-21",
        ),
    ] = None,
    file: FileOpt = None,
    event: EventOpt = None,
    signed: SignedOpt = None,
    business_days: BusinessOpt = False,
) -> Out:
    """Compute one phrase's date: the grammar on its own, for checks and scripts.

    Prints the ISO date (and, with --business-days, the next business day after a space).
    The phrase may be in English or Spanish, and name its base by id or by a name the data
    gives it; working days are counted on the data file's calendar.

    Example: accordctl calc "30 días hábiles después de la firma"
    """
    from accordctl.core.errors import GraphError
    from accordctl.core.phrases import Permanent, needs_calendar, parse, refs
    from accordctl.core.resolver import apply_rule
    from accordctl.core.workdays import OutsideCalendar, Workdays

    rule = parse(phrase)
    if isinstance(rule, Permanent):
        return Out("permanent\n")
    base: date | None = None
    calendar = Workdays()
    if from_ is not None and not refs(rule):
        raise UsageError(f"--from: {quote(phrase)} is a fixed date; it counts from no date")
    if not refs(rule) and (event or signed is not None):
        given = "--event" if event else "--signed"
        raise UsageError(
            f"{given}: {quote(phrase)} is a fixed date; it counts from no date to move"
        )
    if from_ is not None and (event or signed is not None):
        given = "--event" if event else "--signed"
        raise UsageError(f"--from gives the date counted from; {given} would change nothing")
    if from_ is not None:
        base = parse_date(from_, "--from")
    if (refs(rule) and from_ is None) or needs_calendar(rule) or business_days:
        accord, res = load_resolved(file, event, signed)  # the data's calendar, and its dates
        calendar = accord.workdays
    if refs(rule) and from_ is None:
        ref = accord.named(refs(rule)[0])  # an id, or a name the data gives ("la firma")
        if ref not in accord.ids:  # an unknown reference inside a phrase, as in a file
            from accordctl.core.model import suggest

            named = [n for e in accord.events for n in e.names]
            named += [n for c in accord.commitments for n in c.names]
            close = suggest(ref, [*accord.ids, *named])
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise GraphError(
                f"calc: unknown reference {quote(ref)} in {quote(phrase)} (no event or "
                f"commitment of the data file has that id or name{hint})"
            )
        found = res.base(ref)
        if found is None or found.date is None:
            from accordctl.core.views import reason

            why = reason(found.item) if found else None
            raise NoDateError(f"calc: {ref} has no date ({why})")
        base = found.date
    try:
        day, _ = apply_rule(rule, base, calendar)
    except (OverflowError, ValueError):
        raise PhraseError(f"calc: {quote(phrase)} gives a date out of range") from None
    except OutsideCalendar as e:
        raise PhraseError(f"calc: {quote(phrase)}: {e}") from None
    if not business_days:
        return Out(f"{day}\n")
    try:
        return Out(f"{day} {calendar.next_open(day) or '-'}\n")
    except OutsideCalendar as e:  # said, as `due --business-days` says it in a note
        return Out(f"{day} -\n", err=f"accordctl: calc: next business day unknown: {e}\n")

"""`explain`, `calc` and `timeline`: why a date is what it is."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from accordctl.cli.app import Out, app
from accordctl.cli.options import (
    TREE_FORMATS,
    AsOfOpt,
    BranchOpt,
    EventOpt,
    FileOpt,
    ForceOpt,
    SignedOpt,
    TreeFormatOpt,
    choose,
    complete_id,
    data_path,
    load_resolved,
    output_path,
    parse_as_of,
    parse_date,
    select,
    terminal,
)
from accordctl.core.errors import NoDateError, PhraseError, UsageError
from accordctl.core.text import quote


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
    fmt: TreeFormatOpt = "table",
) -> Out:
    """Show how a date was reached, step by step, down to the signing date, with what the
    record says of each step (its facts, their sources and words). With --as-of, the
    record as it stood on that date.

    Example: accordctl explain 27 --as-of 2009-01-01
    """
    from accordctl.core.explain import chains_for

    fmt = choose(fmt, TREE_FORMATS, "--format")
    day = parse_as_of(as_of) if as_of is not None else None
    accord, res = load_resolved(file, event, signed, day)
    chains = chains_for(accord, res, ident)
    if not chains:
        accord.check_id(ident, "explain")
    if fmt == "json":
        from accordctl.outputs.formats import explain_json

        return Out(explain_json(ident, chains), machine=True)
    from accordctl.outputs.console import explain_text

    return Out(explain_text(chains, *terminal()))


@app.command(name="timeline")
def timeline(
    branch: BranchOpt = None,
    file: FileOpt = None,
    event: EventOpt = None,
    signed: SignedOpt = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Mark this date (a date as for due --as-of). Example: --as-of 2009-03-01",
        ),
    ] = None,
    svg: Annotated[
        Path | None,
        typer.Option(
            metavar="PATH",
            parser=output_path,
            help="Also write the report's timeline chart (a mark per deadline, coloured by "
            "its state) as SVG. Example: --svg timeline.svg",
        ),
    ] = None,
    force: ForceOpt = False,
) -> Out:
    """A month-by-month view from signing to the programme's end, one lane per branch.

    Example: accordctl timeline --as-of 2009-03-01 --svg timeline.svg
    """
    from accordctl.outputs.console import timeline_text
    from accordctl.outputs.timeline import grid

    day = parse_as_of(as_of) if as_of is not None else None
    accord, res = load_resolved(file, event, signed, day)
    rows = select(accord, res.rows, branch)
    if svg is not None:
        from accordctl.outputs.chart import chart
        from accordctl.outputs.page import chart_svg
        from accordctl.store.files import write_output

        picture = chart_svg(chart(accord, res, rows, day))
        if str(svg) == "-" or _is_stdout(svg):  # the SVG alone: the text would spoil it
            return Out(picture, machine=True)
        write_output(picture.encode("utf-8"), svg, [data_path(file)], force)
    return Out(timeline_text(grid(accord, res, rows, day), day, terminal()[0]))


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
    business_days: Annotated[
        bool,
        typer.Option(
            "--business-days",
            help="Also print the next business day (on the data file's calendar: weekends and "
            "Mexico's federal holidays unless it names others). Example: --business-days",
        ),
    ] = False,
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

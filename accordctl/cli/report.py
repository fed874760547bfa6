"""`report`: the status page, one self-contained HTML file for publishing."""

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
    EventOpt,
    FileOpt,
    ForceOpt,
    SignedOpt,
    data_path,
    load_resolved,
    output_option,
    parse_as_of,
)
from accordctl.core.errors import UsageError
from accordctl.core.text import visible

ASSETS = (  # label, suffix, media type, what it is for, the command that writes the same bytes
    ("JSON", ".json", "application/json", "every row, for scripts", "due --format json"),
    ("CSV", ".csv", "text/csv", "for spreadsheets", "due --format csv"),
    ("Calendar", ".ics", "text/calendar", "every dated deadline, for calendar programs", "ics"),
)  # fmt: skip


def _same_run(command: str, chosen: list[str], day: str) -> str:
    """The command line that writes a download's bytes: the same rows as the page's
    (`chosen`), at the page's as-of date. The data file is not named: a published page
    does not give away a path of the machine that made it."""
    import shlex

    return shlex.join(["accordctl", *command.split(), *chosen, "--as-of", day])


@app.command(name="report")
def report(
    ids: IdsArg = None,
    branch: BranchOpt = None,
    search: SearchOpt = None,
    file: FileOpt = None,
    event: EventOpt = None,
    signed: SignedOpt = None,
    as_of: AsOfOpt = None,
    output: Annotated[Path | None, output_option("accord.html")] = None,
    assets: Annotated[
        bool,
        typer.Option(
            "--assets",
            help="Write the JSON, CSV and calendar beside the page (accord.json, ... for "
            "-o accord.html) and link to them, instead of embedding them. Example: --assets",
        ),
    ] = False,
    force: ForceOpt = False,
    quiet: QuietOpt = False,
) -> Out:
    """Write the status page: one self-contained HTML file to publish or send.

    Header and counts, progress per branch, a timeline chart, every row with its
    explanation (sortable and filterable, the view kept in the address), and the data as
    JSON, CSV and ICS, as of today (or --as-of); of the rows ids, --branch or --search
    choose, when given. Past 1,000 rows, a summary: a compact table without explanations
    (see `explain`), the data as files with --assets. It calls out to nothing and works
    without JavaScript. The page goes to -o FILE or a pipe, never to a terminal.

    Example: accordctl report --as-of 2009-03-01 -o accord.html
    """
    from accordctl import __version__
    from accordctl.core.views import due_view
    from accordctl.outputs import formats, ical
    from accordctl.outputs.page import Download, report_parts, utf8
    from accordctl.outputs.report import EXPLAIN_ROWS, build_report
    from accordctl.store.files import check_output, write_output

    page = None if output is None or str(output) == "-" else output
    if assets and page is None:
        raise UsageError("--assets writes files beside the page: give -o FILE")
    refuse_force(force, page)
    if page is None:
        not_to_terminal("HTML", "report")
    if page is not None and page.suffix.lower() in {asset[1] for asset in ASSETS}:
        name = visible(str(page))
        raise UsageError(f"{name}: the page needs a name of its own (e.g. -o accord.html)")
    day = parse_as_of(as_of)
    accord, res = load_resolved(file, event, signed, day)
    rows, said = chosen_rows(accord, res, day, "report", ids, branch, search)
    err = "" if quiet else said
    data: tuple[bytes | None, ...] = (None, None, None)
    if assets or len(rows) <= EXPLAIN_ROWS:  # past it, data URIs would triple the page
        view = due_view(res, rows, day)
        data = (
            formats.due_json(view).encode("utf-8"),
            formats.due_csv(view).encode("utf-8"),
            ical.calendar(view, accord.title),  # a calendar has no as-of date: `ics`'s bytes
        )
    stem = page.stem if page is not None else "accord"
    chosen = [*(ids or []), *[w for b in branch or [] for w in ("--branch", b)]]
    chosen += ["--search", search] if search is not None else []
    chosen += [w for e in event or [] for w in ("--event", e)]
    chosen += ["--signed", signed] if signed is not None else []
    downloads = [
        Download(label, stem + suffix, mime, raw, about, _same_run(command, chosen, str(day)),
                 stem + suffix if assets else None)
        for (label, suffix, mime, about, command), raw in zip(ASSETS, data, strict=True)
    ]  # fmt: skip
    html = report_parts(build_report(accord, res, rows, day), downloads, __version__)
    if page is None:  # written as made
        return Out(err=err, machine=True, parts=html)
    inputs = [data_path(file)]
    targets = [(d.data or b"", page.with_name(d.name)) for d in downloads] if assets else []
    targets.append((utf8(html), page))  # a file is written whole (atomically): its bytes alone
    for _, target in targets:  # every target first: a refusal writes none of them
        check_output(target, inputs, force)
    for payload, target in targets:
        write_output(payload, target, inputs, force)
    return Out(err=err)

"""`check` and `schema`: validating data files, in CI and in editors."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from accordctl.cli.answers import FORMAT_HELP, QuietOpt, output_format, retired
from accordctl.cli.app import Out, app
from accordctl.cli.filters import OverdueOpt
from accordctl.cli.options import (
    AsOfOpt,
    FileOpt,
    choice,
    choose,
    data_path,
    input_path,
    parse_as_of,
)
from accordctl.core.check import SEVERITIES
from accordctl.core.errors import Finding, UsageError
from accordctl.core.text import quote, visible

CHECK_FORMATS = ("text", "json", "github")


@app.command(name="check")
def check(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH",
            parser=input_path,
            help="Files to check (as well as --file, instead of ACCORDCTL_FILE); default the "
            "shipped data. Example: accordctl check a.yaml b.yaml",
            show_default=False,
        ),
    ] = None,
    file: FileOpt = None,
    fmt: Annotated[str, choice(CHECK_FORMATS, f"{FORMAT_HELP} Example: --format github")] = "text",
    overdue: OverdueOpt = False,
    as_of: AsOfOpt = None,
    strict: Annotated[bool, typer.Option(help="Fail on warnings too. Example: --strict")] = False,
    min_severity: Annotated[
        str,
        choice(
            SEVERITIES,
            "List only findings of this severity or worse (error > warning > notice); the "
            "counts and the exit code are always of every finding. Example: --min-severity "
            "warning",
            "--min-severity",
        ),
    ] = "notice",
    max_findings: Annotated[
        int,
        typer.Option(
            "--max-findings",
            min=0,
            metavar="N",
            help="Print at most N findings (0: all); the counts are always whole. "
            "Example: --max-findings 50",
        ),
    ] = 1000,
    quiet: QuietOpt = False,
) -> Out:
    """Validate a commitments file and report every problem at once; with --overdue,
    also warn of each deadline past due and not done as of today (or --as-of). The
    counts go to stderr.

    Exit 0 when clean (notices allowed), 1 when errors are found (or warnings, with
    --strict), 2 on usage errors, 3 when the file cannot be read.

    Example: accordctl check --file data/commitments.yaml --format github
    """
    from accordctl.core.check import counts, exit_code, summary
    from accordctl.outputs import formats
    from accordctl.store.files import check_file

    warn = ""
    if as_of is not None and not overdue:  # the old spelling: --as-of alone warned
        warn = retired("check --as-of DATE", "check --overdue --as-of DATE")
        overdue = True
    day = parse_as_of(as_of) if overdue else None
    level = choose(min_severity, SEVERITIES, "--min-severity")
    if strict and level == "error":  # it would fail on warnings it does not list
        raise UsageError(
            "--strict fails on warnings, which --min-severity error leaves out: give "
            "--min-severity warning, or leave out --strict"
        )
    source = ctx.get_parameter_source("file")
    if paths and source is not None and source.name == "ENVIRONMENT":
        file = None  # ACCORDCTL_FILE is the default file: files named instead replace it
    targets = [*([file] if file else []), *(paths or [])] or [data_path(None)]
    seen: dict[str, Path] = {}
    for path in targets:  # one file named twice would be checked, and counted, twice
        first = seen.setdefault(os.path.realpath(path), path)
        if first is not path:
            also = f" (as {quote(str(first))})" if str(first) != str(path) else ""
            raise UsageError(f"check: {quote(str(path))} is named twice{also}: name it once")
    from accordctl.cli.options import today  # read at the run, as a test may set it

    now = today()
    findings = [f for path in targets for f in check_file(path, day, now)]
    listed = [f for f in findings if SEVERITIES.index(f.severity) <= SEVERITIES.index(level)]
    shown = listed[:max_findings] if max_findings else listed
    omitted = len(listed) - len(shown)
    fmt, fmt_warn = output_format(fmt, CHECK_FORMATS)
    warn += fmt_warn
    if fmt == "json":
        names = [str(p) for p in targets]
        text = formats.check_json(names, counts(findings), shown, omitted)
    else:
        render_one = formats.github if fmt == "github" else Finding.line
        text = "".join(render_one(f) + "\n" for f in shown)
        if omitted:
            text += f"... and {omitted} more findings (--max-findings 0 shows all)\n"

    said = f"accordctl: {', '.join(visible(str(p)) for p in targets)}: {summary(findings)}\n"
    machine = fmt != "text"
    return Out(text, exit_code(findings, strict), warn + ("" if quiet else said), machine)


def _complete_output(incomplete: str) -> list[str]:
    from accordctl.outputs.formats import OUTPUTS

    return [o for o in OUTPUTS if o.startswith(incomplete)]


@app.command(name="schema")
def schema(
    command: Annotated[
        str | None,
        typer.Argument(
            metavar="COMMAND",
            help="Print the JSON Schema of this command's --format json output instead: "
            "due, status, explain, check or diff. Example: due",
            autocompletion=_complete_output,
            show_default=False,
        ),
    ] = None,
    old_output: Annotated[
        str | None, typer.Option("--output", metavar="COMMAND", hidden=True)
    ] = None,  # the old spelling: --output now names a file in every command
) -> Out:
    """Print the JSON Schema of the data file (for editors and other validators), or of a
    command's JSON output.

    Example: accordctl schema > commitments.schema.json; accordctl schema due
    """
    from accordctl.outputs.formats import OUTPUTS, output_schema, pretty

    if old_output is not None:
        raise UsageError(
            f"schema --output COMMAND is now schema COMMAND (--output names a file to write "
            f"in every command): accordctl schema {old_output}"
        )
    if command is None:
        from accordctl.core.check import data_schema

        return Out(pretty(data_schema()), machine=True)
    return Out(pretty(output_schema(choose(command, OUTPUTS, "schema COMMAND"))), machine=True)

"""`check` and `schema`: validating data files, in CI and in editors."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from accordctl.cli.app import Out, app
from accordctl.cli.options import (
    FileOpt,
    choice,
    choose,
    data_path,
    input_path,
    parse_as_of,
    today,
)
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
    fmt: Annotated[str, choice(CHECK_FORMATS, "Output format. Example: --format github")] = "text",
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Also warn of rows overdue at this date. Example: --as-of today",
        ),
    ] = None,
    strict: Annotated[bool, typer.Option(help="Fail on warnings too. Example: --strict")] = False,
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
) -> Out:
    """Validate a commitments file and report every problem at once.

    Exit 0 when clean (notices allowed), 1 when errors are found (or warnings, with
    --strict), 2 on usage errors, 3 when the file cannot be read.

    Example: accordctl check --file data/commitments.yaml --format github
    """
    from accordctl.core.check import counts, exit_code, summary
    from accordctl.outputs import formats
    from accordctl.store.files import check_file

    day = parse_as_of(as_of) if as_of is not None else None
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
    now = today()
    findings = [f for path in targets for f in check_file(path, day, now)]
    shown = findings[:max_findings] if max_findings else findings
    omitted = len(findings) - len(shown)
    fmt = choose(fmt, CHECK_FORMATS, "--format")
    if fmt == "json":
        names = [str(p) for p in targets]
        text = formats.check_json(names, counts(findings), shown, omitted)
    else:
        render_one = formats.github if fmt == "github" else Finding.line
        text = "".join(render_one(f) + "\n" for f in shown)
        if omitted:
            text += f"... and {omitted} more findings (--max-findings 0 shows all)\n"

    err = f"{', '.join(visible(str(p)) for p in targets)}: {summary(findings)}\n"
    machine = fmt != "text"
    return Out(text, exit_code(findings, strict), err, machine)


def _complete_output(incomplete: str) -> list[str]:
    from accordctl.outputs.formats import OUTPUTS

    return [o for o in OUTPUTS if o.startswith(incomplete)]


@app.command(name="schema")
def schema(
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            metavar="COMMAND",
            help="Print the JSON Schema of this command's --format json output instead: "
            "due, status, explain, check or diff. Example: --output due",
            autocompletion=_complete_output,
        ),
    ] = None,
) -> Out:
    """Print the JSON Schema of the data file (for editors and other validators), or of a
    command's JSON output.

    Example: accordctl schema > commitments.schema.json; accordctl schema --output due
    """
    from accordctl.outputs.formats import OUTPUTS, output_schema, pretty

    if output is None:
        from accordctl.core.check import data_schema

        return Out(pretty(data_schema()), machine=True)
    return Out(pretty(output_schema(choose(output, OUTPUTS, "--output"))), machine=True)

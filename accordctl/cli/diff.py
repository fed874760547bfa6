"""`diff`: which deadlines moved between two versions of a data file, and why."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from accordctl.cli.answers import TREE_FORMATS, ExitCodeOpt, TreeFormatOpt, output_format
from accordctl.cli.app import Out, app
from accordctl.cli.options import (
    EventOpt,
    FileOpt,
    SignedOpt,
    data_path,
    given_dates,
    input_path,
    terminal,
)
from accordctl.core.errors import EXIT, UsageError


@app.command(name="diff")
def diff(
    ctx: typer.Context,
    old: Annotated[
        Path | None,
        typer.Argument(
            metavar="OLD",
            parser=input_path,
            help="The old data file. Example: accordctl diff old.yaml new.yaml",
            show_default=False,
        ),
    ] = None,
    new: Annotated[
        Path | None,
        typer.Argument(
            metavar="NEW",
            parser=input_path,
            help="The new data file (default: --file or the shipped data). Example: new.yaml",
            show_default=False,
        ),
    ] = None,
    rev: Annotated[
        str | None,
        typer.Option(
            metavar="REV",
            help="Compare the working file with this git revision of it. Example: --rev HEAD~1",
        ),
    ] = None,
    file: FileOpt = None,
    event: EventOpt = None,
    signed: SignedOpt = None,
    fmt: TreeFormatOpt = "text",
    exit_code: ExitCodeOpt = False,
) -> Out:
    """Show which deadlines moved between two versions of a data file, and why.

    Example: accordctl diff --rev HEAD~1 --file data/commitments.yaml
    """
    from accordctl.core.diff import compare
    from accordctl.core.loader import load_text
    from accordctl.core.resolver import resolve
    from accordctl.store.files import git_show, read_text

    fmt, warn = output_format(fmt, TREE_FORMATS)
    source = ctx.get_parameter_source("file")
    named = file is not None and source is not None and source.name == "COMMANDLINE"
    if named and (new is not None or (rev is not None and old is not None)):
        which = "the working file" if rev is not None else "the new file"
        raise UsageError(f"--file and an argument both name {which}: give one")
    if rev is not None:
        if new is not None:
            raise UsageError("give --rev with at most one file (the working file)")
        current = old or data_path(file)
        old_text, old_name = git_show(current, rev)
        new_text, new_name = read_text(current), str(current)
    else:
        if old is None:
            raise UsageError("give OLD and NEW files, or --rev REV")
        newer = new or data_path(file)
        old_text, old_name = read_text(old), str(old)
        new_text, new_name = read_text(newer), str(newer)
    before, after = load_text(old_text, old_name), load_text(new_text, new_name)
    res_old = resolve(before, *given_dates(before, event, signed))
    res_new = resolve(after, *given_dates(after, event, signed))
    result = compare(res_old, res_new)
    code = EXIT["findings"] if exit_code and result.moved else EXIT["ok"]
    if fmt == "json":
        from accordctl.outputs.formats import diff_json

        return Out(diff_json(result), code, warn, machine=True)
    from accordctl.outputs.console import diff_text

    return Out(diff_text(result, *terminal()), code, warn)

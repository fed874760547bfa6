"""`diff`: which deadlines moved between two versions of a data file, and why."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from accordctl.cli.app import Out, app
from accordctl.cli.options import (
    TREE_FORMATS,
    EventOpt,
    FileOpt,
    SignedOpt,
    TreeFormatOpt,
    choose,
    data_path,
    input_path,
    parse_date,
    parse_events,
    terminal,
)
from accordctl.core.errors import EXIT, UsageError


@app.command(name="diff")
def diff(
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
    fmt: TreeFormatOpt = "table",
    exit_code: Annotated[
        bool,
        typer.Option("--exit-code", help="Exit 1 when any due date changed. Example: --exit-code"),
    ] = False,
) -> Out:
    """Show which deadlines moved between two versions of a data file, and why.

    Example: accordctl diff --rev HEAD~1 --file data/commitments.yaml
    """
    from accordctl.core.diff import compare
    from accordctl.core.loader import load_text
    from accordctl.core.resolver import resolve
    from accordctl.store.files import git_show, read_text

    fmt = choose(fmt, TREE_FORMATS, "--format")
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
    sign = parse_date(signed, "--signed") if signed is not None else None
    res_old = resolve(before, parse_events(before, event), sign)
    res_new = resolve(after, parse_events(after, event), sign)
    result = compare(res_old, res_new)
    code = EXIT["findings"] if exit_code and result.moved else EXIT["ok"]
    if fmt == "json":
        from accordctl.outputs.formats import diff_json

        return Out(diff_json(result), code, machine=True)
    from accordctl.outputs.console import diff_text

    return Out(diff_text(result, *terminal()), code)

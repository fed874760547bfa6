"""How a command gives its answer, the same in every command: one `--format` vocabulary
(with the retired spellings that still work for a while), HTML and pictures never to a
terminal, `--force` only with a file to write, `-q/--quiet` and `--exit-code`."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from accordctl.cli.options import choice, choose
from accordctl.core.errors import UsageError

FORMATS = ("text", "json", "csv")
TREE_FORMATS = ("text", "json")
# Spellings kept working for a while, each with the word that replaces it (`output_format`).
RETIRED_FORMATS = {"table": "text"}


def retired(old: str, new: str) -> str:
    """The warning a retired spelling gets on stderr while it still works."""
    return f"accordctl: warning: {old} is now {new} (the old spelling will go)\n"


def output_format(value: str, choices: Sequence[str]) -> tuple[str, str]:
    """`--format`'s value, one of `choices`, and a warning for stderr when it was given
    in a retired spelling (`table`, now `text`: one word for the format people read, in
    every command), else ""."""
    new = RETIRED_FORMATS.get(value)
    if new is not None and new in choices:
        return new, retired(f"--format {value}", f"--format {new}")
    return choose(value, choices, "--format"), ""


def refuse_force(force: bool, output: Path | None) -> None:
    """`--force` replaces a read-only output file: without one (-o FILE) it would change
    nothing, and is refused, as every option that would do nothing is."""
    if force and output is None:
        raise UsageError("--force replaces a read-only output file: give -o FILE too")


def not_to_terminal(what: str, command: str, ways: str = "-o FILE") -> None:
    """Refuse to write `what` (HTML, SVG, a calendar) to a terminal, as gzip refuses to: on
    a terminal it is a screenful of markup, not a page, a picture or a calendar. `ways`:
    the options that write it elsewhere."""
    if sys.stdout is not None and sys.stdout.isatty():
        raise UsageError(
            f"{command}: {what} is not written to a terminal: give {ways}, or pipe it "
            f"(accordctl {command} ... | less)"
        )


FORMAT_HELP = (
    "Output format (text: to read on a terminal; the others: to save, or for other programs)."
)
FormatOpt = Annotated[str, choice(FORMATS, f"{FORMAT_HELP} Example: --format json")]
TreeFormatOpt = Annotated[str, choice(TREE_FORMATS, f"{FORMAT_HELP} Example: --format json")]
QuietOpt = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        help="Print no count or summary on stderr (errors and warnings still print). Example: -q",
    ),
]
ExitCodeOpt = Annotated[
    bool,
    typer.Option(
        "--exit-code",
        help="Exit 1 when the answer holds what a gate in CI looks for: in due, any row; in "
        "diff, a due date that moved (a change of progress alone exits 0). "
        "Example: --exit-code",
    ),
]

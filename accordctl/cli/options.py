"""The options commands share, their parsers and their completions, and the small steps
every command starts with (which file, load and resolve, which rows, how wide)."""

from __future__ import annotations

import enum
import os
import re
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from accordctl.errors import AccordError, UsageError
from accordctl.lifetime import keep
from accordctl.loader import default_path, load
from accordctl.model import Accord, Resolution, Row, file_order, suggest
from accordctl.resolver import resolve

# -- parsers ---------------------------------------------------------------------------


def data_path(file: Path | None) -> Path:
    """`--file`, else ACCORDCTL_FILE, else the shipped data."""
    if file is not None:
        return file
    env = os.environ.get("ACCORDCTL_FILE")
    return Path(env) if env else default_path()


def parse_date(text: str, option: str) -> date:
    """An ISO date from an option value; anything else is a usage error."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        expected = "YYYY-MM-DD or today" if option == "--as-of" else "YYYY-MM-DD"
        raise UsageError(f'bad {option} value "{text}": expected a date as {expected}') from None


def parse_as_of(text: str | None) -> date:
    """`--as-of`: a date, or `today` (the only place the clock is read)."""
    if text is None or text == "today":
        return date.today()
    return parse_date(text, "--as-of")


def parse_days(text: str, option: str) -> int:
    """A duration in whole days: `7d`, `2w`, `7`."""
    m = re.fullmatch(r"([0-9]{1,4})\s*([dw]?)", text.strip().lower())
    if m is None:
        raise UsageError(f'bad {option} value "{text}": expected days or weeks, e.g. 7d or 2w')
    return int(m[1]) * (7 if m[2] == "w" else 1)


def check_id(accord: Accord, ident: str, option: str) -> None:
    """Raise a usage error with a "did you mean" hint when `ident` is unknown."""
    ids = list(accord.ids())
    if ident not in ids:
        close = suggest(ident, ids)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise UsageError(f'{option}: unknown id "{ident}"{hint}')


def parse_events(accord: Accord, values: list[str] | None) -> dict[str, date]:
    """`--event ID=DATE` values as a mapping."""
    out: dict[str, date] = {}
    for value in values or []:
        ident, sep, day = value.partition("=")
        if not sep or not ident:
            raise UsageError(f'bad --event value "{value}": expected ID=YYYY-MM-DD')
        check_id(accord, ident, "--event")
        out[ident] = parse_date(day, "--event")
    return out


def load_resolved(
    file: Path | None, event: list[str] | None, signed: str | None
) -> tuple[Accord, Resolution]:
    """Load and resolve, with the command line's actual dates."""
    accord = load(data_path(file))
    actual = parse_events(accord, event)
    moved = parse_date(signed, "--signed") if signed else None
    res = resolve(accord, actual, moved)
    keep(accord, res)  # not freed object by object as the run ends (see accordctl.lifetime)
    return accord, res


def select(accord: Accord, rows: tuple[Row, ...], branches: list[str] | None) -> list[Row]:
    """The rows of the given branches (all when none), in annex order."""
    known = accord.branch_slugs()
    for b in branches or []:
        if b not in known:
            raise UsageError(f'unknown branch "{b}" (expected one of {", ".join(known)})')
    chosen = set(branches or known)
    return sorted((r for r in rows if r.commitment.branch in chosen), key=file_order)


def terminal() -> tuple[bool, int]:
    """Whether stdout is a terminal, and the width to draw tables at (80 off a terminal)."""
    tty = sys.stdout.isatty()
    columns = os.environ.get("COLUMNS", "")
    default = shutil.get_terminal_size().columns if tty else 80
    width = int(columns) if columns.isascii() and columns.isdigit() else default
    return tty, min(max(width, 40), 1000)


# -- completions -----------------------------------------------------------------------


def _accord() -> Accord | None:
    try:
        return load(data_path(None))
    except AccordError:
        return None


def complete_branch(incomplete: str) -> list[str]:
    """Branch names of the data file."""
    accord = _accord()
    return [b for b in accord.branch_slugs() if b.startswith(incomplete)] if accord else []


def complete_id(incomplete: str) -> list[str]:
    """Event, entry and scoped-row ids of the data file."""
    accord = _accord()
    return [i for i in accord.ids() if i.startswith(incomplete)] if accord else []


# -- options ---------------------------------------------------------------------------


class Format(enum.StrEnum):
    """Output formats of `due`."""

    table = "table"
    json = "json"
    csv = "csv"


class TreeFormat(enum.StrEnum):
    """Output formats of commands that print for people or for scripts."""

    table = "table"
    json = "json"


FileOpt = Annotated[
    Path | None,
    typer.Option(
        "--file",
        "-f",
        envvar="ACCORDCTL_FILE",
        help="Commitments file to read (default: the shipped annex). "
        "Example: --file my-commitments.yaml",
        dir_okay=True,
        exists=False,
    ),
]
BranchOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--branch",
        "-b",
        metavar="BRANCH",
        help="Only this branch; repeat for several. Example: --branch state --branch municipal",
        autocompletion=complete_branch,
    ),
]
EventOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--event",
        "-e",
        metavar="ID=DATE",
        help="ID=DATE: the actual date of an event, or of a commitment's completion; "
        "dependents move. Example: --event general-law=2009-01-02",
        autocompletion=complete_id,
    ),
]
SignedOpt = Annotated[
    str | None,
    typer.Option(help="Move the signing date (YYYY-MM-DD). Example: --signed 2008-09-01"),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Judge progress as of this date (YYYY-MM-DD or today). Example: --as-of 2009-03-01",
    ),
]
BusinessOpt = Annotated[
    bool,
    typer.Option(
        "--business-days",
        help="Also give the next business day (weekends and Mexican federal holidays). "
        "Example: --business-days",
    ),
]
FormatOpt = Annotated[
    Format, typer.Option("--format", help="Output format. Example: --format json")
]
TreeFormatOpt = Annotated[
    TreeFormat, typer.Option("--format", help="table or json. Example: --format json")
]

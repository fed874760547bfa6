"""The options commands share and their parsers (completions are in `complete`), and the
small steps every command starts with (which file, load and resolve, how wide)."""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any

import typer

from accordctl.cli.complete import complete_branch, complete_id
from accordctl.core.errors import UsageError
from accordctl.core.model import Accord, Resolution
from accordctl.core.resolver import resolve
from accordctl.core.text import quote
from accordctl.process.lifetime import keep
from accordctl.store.files import default_path, load

# -- parsers ---------------------------------------------------------------------------


def data_path(file: Path | None) -> Path:
    """`--file`, else ACCORDCTL_FILE, else the shipped data."""
    if file is not None:
        return file
    env = os.environ.get("ACCORDCTL_FILE")
    return Path(env) if env else default_path()


DATE_FORMS = "YYYY-MM-DD, today, yesterday, tomorrow, or +N/-N days, weeks or months (+30d)"
_UNITS = {"": "days", "d": "days", "w": "weeks", "m": "months"}
_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_RELATIVE = re.compile(r"([+-][0-9]{1,6})([dwm]?)")
_SPAN = re.compile(r"([0-9]{1,6})([dwm]?)")
_SPAN_NAMES = {"d": "days (7d)", "w": "weeks (2w)", "m": "months (1m)"}


def today() -> date:
    """Today's date: the one place the clock is read."""
    return date.today()


def parse_date(text: str, option: str) -> date:
    """A date option's value, in any of the documented forms (DATE_FORMS); every date
    option (`--as-of`, `--from`, `--signed`, `--event ID=DATE`) reads its value here."""
    from accordctl.core.resolver import shift

    word = text.strip().lower()
    try:
        if _ISO.fullmatch(word):
            return date.fromisoformat(word)
        if word in ("today", "yesterday", "tomorrow"):
            return today() + timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[word])
        if m := _RELATIVE.fullmatch(word):
            try:
                return shift(today(), int(m[1]), _UNITS[m[2]])
            except (ValueError, OverflowError):
                raise ValueError("beyond the calendar (years 1 to 9999)") from None
    except (ValueError, OverflowError) as e:
        why = f"{e} (expected a date as {DATE_FORMS})"
        raise UsageError(f"bad {option} value {quote(text)}: {why}") from None
    raise UsageError(f"bad {option} value {quote(text)}: expected a date as {DATE_FORMS}")


def parse_as_of(text: str | None) -> date:
    """`--as-of`: a date (see `parse_date`), today when not given, in every command."""
    return today() if text is None else parse_date(text, "--as-of")


def parse_span(text: str, option: str, units: str = "dwm") -> tuple[int, str]:
    """A length of time: `30d`, `2w`, `1m` (or a bare number of days), as (n, unit)."""
    m = _SPAN.fullmatch(text.strip().lower())
    if m is None or (m[2] and m[2] not in units):
        names = ", ".join(_SPAN_NAMES[u] for u in units)
        raise UsageError(f"bad {option} value {quote(text)}: expected {names}")
    return int(m[1]), _UNITS[m[2]]


def parse_events(accord: Accord, values: list[str] | None) -> dict[str, date]:
    """`--event ID=DATE` values (several to a value, by commas, as every list) as a
    mapping. An id given twice is an error, and so is an entry's id beside one of its
    rows' (`1e` and `1e/general`: which date would the row take?)."""
    out: dict[str, date] = {}
    for value in (v.strip() for given in values or [] for v in given.split(",")):
        ident, sep, day = value.partition("=")
        if not sep or not ident:
            raise UsageError(f"bad --event value {quote(value)}: expected ID=DATE")
        accord.check_id(ident, "--event")
        when = parse_date(day, "--event")
        if ident in out:
            dates = f"two dates, {out[ident]} and {when}" if out[ident] != when else "twice"
            raise UsageError(f"--event: {quote(ident)} is given {dates}: give it once")
        entry = ident.partition("/")[0]
        both = [i for i in out if entry in (i, ident) and i.partition("/")[0] == entry]
        if both:
            rows = f"{quote(both[0])} and {quote(ident)}"
            raise UsageError(f"--event: {rows} both date {entry}'s rows: give each row once")
        out[ident] = when
    return out


def given_dates(
    accord: Accord, event: list[str] | None, signed: str | None
) -> tuple[dict[str, date], date | None]:
    """`--event` and `--signed` read together: the signing date given by both is refused."""
    actual = parse_events(accord, event)
    moved = parse_date(signed, "--signed") if signed is not None else None
    if moved is not None and "signing" in actual:
        raise UsageError("--signed and --event signing=DATE both give the signing date: give one")
    return actual, moved


def load_resolved(
    file: Path | None, event: list[str] | None, signed: str | None, as_of: date | None = None
) -> tuple[Accord, Resolution]:
    """Load and resolve, with the command line's actual dates, and the record as it stood
    at `as_of` (all of it when None)."""
    accord = load(data_path(file))
    actual, moved = given_dates(accord, event, signed)
    res = resolve(accord, actual, moved, as_of)  # the file's own problems first
    for ident, day in actual.items():  # the record as of a date holds nothing later
        if as_of is not None and day > as_of and ident != "signing":
            raise UsageError(
                f"--event {ident}={day} is after the as-of date, {as_of}: it had not happened "
                f"then, and would change nothing (give --as-of {day} or later)"
            )
    keep(accord, res)  # not freed object by object as the run ends (see accordctl.process.lifetime)
    return accord, res


def terminal() -> tuple[bool, int]:
    """Whether stdout is a terminal, and the width to draw tables at (80 off a terminal)."""
    tty = sys.stdout is not None and sys.stdout.isatty()
    columns = os.environ.get("COLUMNS", "")
    default = shutil.get_terminal_size().columns if tty else 80
    width = int(columns) if columns.isascii() and columns.isdigit() else default
    return tty, min(max(width, 40), 1000)


# -- options ---------------------------------------------------------------------------


def choose(value: str, choices: Sequence[str], option: str) -> str:
    """`value` if it is one of `choices`, else a usage error that lists them."""
    if value not in choices:
        raise UsageError(
            f"bad {option} value {quote(value)} (expected one of {', '.join(choices)})"
        )
    return value


def choice(choices: Sequence[str], help: str, name: str = "--format") -> Any:
    """A typer option whose value is one of `choices`: shown as `a|b|c`, completed, and
    checked by `choose` (so that a bad value gets our one line, not a validator's)."""
    return typer.Option(
        name,
        metavar="|".join(choices),
        help=help,
        autocompletion=lambda incomplete: [c for c in choices if c.startswith(incomplete)],
    )


def input_path(value: str) -> Path:
    """A data file named on the command line; an empty name is refused (it would be read
    as the current folder)."""
    if not value:
        raise UsageError("an empty file name (give a path, e.g. --file commitments.yaml)")
    return Path(value)


def output_path(value: str) -> Path:
    """An output target named on the command line: `-` for stdout, or a file; an empty
    name, or one that ends with `/` (a folder's), is refused."""
    if not value or (value != "-" and value.endswith(("/", os.sep))):
        raise UsageError(f"bad output {quote(value)}: name a file (or - for stdout)")
    return Path(value)


def file_option(help: str) -> Any:
    """`--file`/`-f PATH`, also read from ACCORDCTL_FILE."""
    return typer.Option(
        "--file", "-f", envvar="ACCORDCTL_FILE", metavar="PATH", help=help,
        show_default=False, parser=input_path,
    )  # fmt: skip


FILE_HELP = (
    "The data file (default: ACCORDCTL_FILE, else the annex shipped with accordctl, which "
    "done, drop, mark and reopen never edit)."
)
FileOpt = Annotated[Path | None, file_option(f"{FILE_HELP} Example: --file commitments.yaml")]
BranchOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--branch",
        "-b",
        metavar="BRANCH[,BRANCH]",
        help="Only rows of these branches (a comma-separated list, or the option repeated). "
        "Example: --branch state,municipal",
        autocompletion=complete_branch,
    ),
]
EventOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--event",
        "-e",
        metavar="ID=DATE[,ID=DATE]",
        help="ID=DATE: the actual date of an event, or of a commitment's completion; "
        "dependents move (a comma-separated list, or the option repeated). "
        "Example: --event general-law=2009-01-02",
        autocompletion=complete_id,
    ),
]
SignedOpt = Annotated[
    str | None,
    typer.Option(
        metavar="DATE",
        help="Move the signing date (a date as for --as-of). Example: --signed 2008-09-01",
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Judge progress as of this date (default: today, in every command): YYYY-MM-DD, "
        "today, yesterday, tomorrow, or +N/-N days, weeks or months (+30d, -2w, +1m). "
        "Example: --as-of 2009-03-01",
    ),
]
BusinessOpt = Annotated[
    bool,
    typer.Option(
        "--business-days",
        help="Also give the next business day (on the data file's calendar: weekends and "
        "Mexico's federal holidays unless it names others). Example: --business-days",
    ),
]
ForceOpt = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Write the file even if it is read-only or this user may not write it (the "
        "output file, or the data file an edit changes). Example: --force",
    ),
]


def output_option(example: str) -> Any:
    """`-o/--output PATH`: the file a command writes (the same option in every command that
    writes one; `example` is the command's own)."""
    return typer.Option(
        "--output",
        "-o",
        metavar="PATH",
        parser=output_path,
        help="Write to this file instead of stdout (atomically; - is stdout). "
        f"Example: -o {example}",
    )


OutputOpt = Annotated[Path | None, output_option("accord.ics")]

"""The command line: typer commands only. Each parses options, calls the core, prints."""

from __future__ import annotations

import difflib
import enum
import gc
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from accordctl import __version__
from accordctl.errors import (
    AccordError,
    DataErrors,
    Finding,
    GraphError,
    InputError,
    OutputError,
    PhraseError,
    UsageError,
)
from accordctl.loader import default_path, load
from accordctl.model import Accord, Resolution, Row
from accordctl.resolver import resolve

SETTINGS: dict[str, Any] = {
    "name": "accordctl",
    "help": "Exact, explainable due dates for the 2008 Mexican security accord.\n\n"
    "Example: accordctl due --branch state",
    "rich_markup_mode": None,
    "pretty_exceptions_enable": False,
    "no_args_is_help": True,
    "add_completion": True,
}
app = typer.Typer(**SETTINGS)


class Format(enum.StrEnum):
    """Output formats of `due`."""

    table = "table"
    json = "json"
    csv = "csv"


def _complete_branch(incomplete: str) -> list[str]:
    try:
        accord = load(_path(None))
    except AccordError:
        return []
    return [b.slug for b in accord.branches if b.slug.startswith(incomplete)]


def _complete_id(incomplete: str) -> list[str]:
    try:
        accord = load(_path(None))
    except AccordError:
        return []
    ids = [e.id for e in accord.events] + [c.id for c in accord.commitments]
    return [i for i in dict.fromkeys(ids) if i.startswith(incomplete)]


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
        autocompletion=_complete_branch,
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
        autocompletion=_complete_id,
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


def _version(value: bool) -> None:
    if value:
        print(f"accordctl {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Exact, explainable due dates for the 2008 Mexican security accord.

    Example: accordctl due --branch state
    """


def _path(file: Path | None) -> Path:
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


def known_ids(accord: Accord) -> list[str]:
    """Every id an option may name: events, commitments and scoped rows."""
    ids = [e.id for e in accord.events]
    for c in accord.commitments:
        ids.append(c.id)
        ids.extend(c.row_id(d) for d in c.deadlines if d.scope)
    return ids


def check_id(accord: Accord, ident: str, option: str) -> None:
    """Raise a usage error with a "did you mean" hint when `ident` is unknown."""
    ids = known_ids(accord)
    if ident not in ids:
        parts = [i for i in ids if re.fullmatch(rf"{re.escape(ident)}[a-z]", i)]
        close = parts or difflib.get_close_matches(ident, ids, n=3)
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


def resolved(
    file: Path | None, event: list[str] | None, signed: str | None
) -> tuple[Accord, Resolution]:
    """Load and resolve, with the command line's actual dates."""
    accord = load(_path(file))
    actual = parse_events(accord, event)
    moved = parse_date(signed, "--signed") if signed else None
    try:
        return accord, resolve(accord, actual, moved)
    except DataErrors:
        if not (actual or moved):
            raise
        resolve(accord)  # the file's own problems come first ...
        # ... else the dates given on the command line pushed a deadline out of range
        raise UsageError(
            "the dates given with --event or --signed put a deadline out of range"
        ) from None


def select(accord: Accord, rows: tuple[Row, ...], branches: list[str] | None) -> list[Row]:
    """The rows of the given branches (all when none), in annex order."""
    from accordctl.render import file_order

    known = [b.slug for b in accord.branches]
    known += sorted({c.branch for c in accord.commitments} - set(known))
    for b in branches or []:
        if b not in known:
            raise UsageError(f'unknown branch "{b}" (expected one of {", ".join(known)})')
    chosen = set(branches or known)
    return sorted((r for r in rows if r.commitment.branch in chosen), key=file_order)


@dataclass(frozen=True)
class Out:
    """What a command prints on stdout, and its exit code; `main` writes it."""

    text: str = ""
    code: int = 0
    err: str = ""  # diagnostics, for stderr


def terminal() -> tuple[bool, int]:
    """Whether stdout is a terminal, and the width to draw tables at (80 off a terminal)."""
    tty = sys.stdout.isatty()
    columns = os.environ.get("COLUMNS", "")
    default = shutil.get_terminal_size().columns if tty else 80
    width = int(columns) if columns.isdigit() else default
    return tty, min(max(width, 40), 1000)


def write_file(data: bytes, output: Path) -> None:
    """Write a file atomically: a temporary file beside it, renamed into place."""
    folder = output.parent if str(output.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{output.name}.", suffix=".tmp")
    except OSError as e:
        raise OutputError(f"{output}: cannot write: {e.strerror}") from None
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)  # mkstemp's 0600 is for the temporary name only
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, output)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{output}: cannot write: {e.strerror}") from None


@app.command()
def due(
    branch: BranchOpt = None,
    file: FileOpt = None,
    fmt: FormatOpt = Format.table,
    event: EventOpt = None,
    signed: SignedOpt = None,
    as_of: AsOfOpt = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only rows past due and not done. Example: --overdue")
    ] = False,
    within: Annotated[
        str | None,
        typer.Option(help="Only rows due within this many days (or weeks). Example: --within 30d"),
    ] = None,
    exit_code: Annotated[
        bool,
        typer.Option(
            "--exit-code",
            help="Exit 1 when any row is listed (a CI gate). Example: --overdue --exit-code",
        ),
    ] = False,
    business_days: BusinessOpt = False,
) -> Out:
    """List every deadline with its due date, sorted by date (table), or by number (JSON, CSV).

    With --as-of (default today when --overdue or --within is given), rows gain `overdue`
    and `days_left`.

    Example: accordctl due --branch state --format json
    """
    from accordctl import render

    accord, res = resolved(file, event, signed)
    rows = select(accord, res.rows, branch)
    extra: list[dict[str, Any]] = [{} for _ in rows]
    if as_of is not None or overdue or within is not None:
        from accordctl import progress

        day = parse_as_of(as_of)
        days = parse_days(within, "--within") if within is not None else None
        rows = [
            r
            for r in rows
            if (not overdue or progress.is_overdue(r, day))
            and (days is None or progress.within(r, day, days))
        ]
        extra = [progress.assess(r, day) for r in rows]
    if business_days:
        for x, business in zip(extra, _business(rows), strict=True):
            x["due_business"] = business
    code = 1 if exit_code and rows else 0
    if fmt is Format.json:
        return Out(render.json_text(res, rows, extra), code)
    if fmt is Format.csv:
        return Out(render.csv_text(rows, extra), code)
    order = sorted(range(len(rows)), key=lambda i: render.due_order(rows[i]))
    table = render.table_text([rows[i] for i in order], *terminal(), [extra[i] for i in order])
    return Out(table, code)


class TreeFormat(enum.StrEnum):
    """Output formats of commands that print for people or for scripts."""

    table = "table"
    json = "json"


class CheckFormat(enum.StrEnum):
    """Output formats of `check`."""

    text = "text"
    json = "json"
    github = "github"


@app.command()
def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[PATH]...",
            help="Files to check (as well as --file); default the shipped data. "
            "Example: accordctl check a.yaml b.yaml",
            show_default=False,
        ),
    ] = None,
    file: FileOpt = None,
    fmt: Annotated[
        CheckFormat, typer.Option("--format", help="Output format. Example: --format github")
    ] = CheckFormat.text,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Also warn of rows overdue at this date. Example: --as-of today"
        ),
    ] = None,
    strict: Annotated[bool, typer.Option(help="Fail on warnings too. Example: --strict")] = False,
) -> Out:
    """Validate a commitments file and report every problem at once.

    Exit 0 when clean (notices allowed), 1 when errors are found (or warnings, with
    --strict), 2 on usage errors, 3 when the file cannot be read.

    Example: accordctl check --file data/commitments.yaml --format github
    """
    from accordctl import check as checker
    from accordctl.render import json_document

    day = parse_as_of(as_of) if as_of else None
    targets = [*([file] if file else []), *(paths or [])] or [_path(None)]
    findings = [f for path in targets for f in checker.check_file(path, day)]
    counts = checker.counts(findings)
    failed = counts["error"] > 0 or (strict and counts["warning"] > 0)
    unreadable = any(f.code == "ACC018" for f in findings)
    summary = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items())
    if fmt is CheckFormat.json:
        scalars = {"schema_version": 1, "files": [str(p) for p in targets], "counts": counts}
        text = json_document(scalars, {"findings": [checker.as_dict(f) for f in findings]})
    else:
        render_one = checker.github if fmt is CheckFormat.github else Finding.line
        text = "".join(render_one(f) + "\n" for f in findings)
    code = 3 if unreadable else 1 if failed else 0
    return Out(text, code, f"{', '.join(map(str, targets))}: {summary}\n")


@app.command()
def schema() -> Out:
    """Print the JSON Schema of the data file (for editors and other validators).

    Example: accordctl schema > commitments.schema.json
    """
    import json

    from accordctl.check import schema as load_schema

    return Out(json.dumps(load_schema(), indent=2, sort_keys=True) + "\n")


@app.command()
def status(
    branch: BranchOpt = None,
    file: FileOpt = None,
    event: EventOpt = None,
    signed: SignedOpt = None,
    as_of: AsOfOpt = None,
    fmt: Annotated[
        TreeFormat, typer.Option("--format", help="table or json. Example: --format json")
    ] = TreeFormat.table,
) -> Out:
    """Per branch: how many deadlines are done, overdue, upcoming and undated.

    Example: accordctl status --as-of 2009-03-01
    """
    import json

    from accordctl import progress

    accord, res = resolved(file, event, signed)
    day = parse_as_of(as_of)
    stats = progress.status(accord, select(accord, res.rows, branch), day)
    if fmt is TreeFormat.json:
        doc = {
            "schema_version": 1,
            "as_of": day.isoformat(),
            "branches": [{**vars(b), "total": b.total} for b in stats],
        }
        return Out(json.dumps(doc, indent=2, sort_keys=True) + "\n")
    from accordctl.render import status_text

    return Out(status_text(stats, day, *terminal()))


def _business(rows: list[Row]) -> list[str | None]:
    """The next business day of each row's due date (ISO), None when undated."""
    from accordctl.business import business_days

    nxt = business_days(r.due for r in rows)
    return [nxt[r.due].isoformat() if r.due else None for r in rows]


def parse_days(text: str, option: str) -> int:
    """A duration in whole days: `7d`, `2w`, `7`."""
    m = re.fullmatch(r"(\d{1,4})\s*([dw]?)", text.strip().lower())
    if m is None:
        raise UsageError(f'bad {option} value "{text}": expected days or weeks, e.g. 7d or 2w')
    return int(m[1]) * (7 if m[2] == "w" else 1)


@app.command()
def ics(
    branch: BranchOpt = None,
    file: FileOpt = None,
    event: EventOpt = None,
    signed: SignedOpt = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to this file (atomically). Example: -o accord.ics"
        ),
    ] = None,
    todo: Annotated[
        bool, typer.Option(help="Write tasks (VTODO with DUE) instead of events. Example: --todo")
    ] = False,
    alarm: Annotated[
        str | None,
        typer.Option(
            help="Add a reminder this many days (7d, or 7) or weeks (2w) before each "
            "deadline. Example: --alarm 7d"
        ),
    ] = None,
    windows: Annotated[
        bool,
        typer.Option(
            help="Export a period phrase's whole window as a multi-day event. Example: --windows"
        ),
    ] = False,
    business_days: BusinessOpt = False,
) -> Out:
    """Export the dated deadlines as an iCalendar file for calendar programs.

    Example: accordctl ics --branch state -o state.ics
    """
    from accordctl import ical

    alarm_days = parse_days(alarm, "--alarm") if alarm is not None else None
    accord, res = resolved(file, event, signed)
    rows = select(accord, res.rows, branch)
    business = (
        dict(zip((r.row_id for r in rows), _business(rows), strict=True)) if business_days else {}
    )
    data = ical.calendar(res, rows, accord.title, todo, alarm_days, windows, business)
    undated = sum(1 for r in rows if r.due is None)
    err = f"skipped {undated} undated commitments (see accordctl due)\n" if undated else ""
    if output is not None:
        write_file(data, output)
        return Out(err=err)
    return Out(data.decode("utf-8"), err=err)


@app.command()
def explain(
    ident: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="A commitment, row or event id. Example: 27",
            autocompletion=_complete_id,
        ),
    ],
    file: FileOpt = None,
    event: EventOpt = None,
    signed: SignedOpt = None,
    fmt: Annotated[
        TreeFormat, typer.Option("--format", help="table (a tree) or json. Example: --format json")
    ] = TreeFormat.table,
) -> Out:
    """Show how a date was reached, step by step, down to the signing date.

    Example: accordctl explain 27
    """
    import json

    from accordctl.explain import explain as explain_chains
    from accordctl.render import explain_text

    accord, res = resolved(file, event, signed)
    chains = explain_chains(accord, res, ident)
    if not chains:
        check_id(accord, ident, "explain")
    if fmt is TreeFormat.json:
        doc = {"schema_version": 1, "id": ident, "chains": chains}
        return Out(json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    return Out(explain_text(chains, *terminal()))


@app.command()
def timeline(
    branch: BranchOpt = None,
    file: FileOpt = None,
    event: EventOpt = None,
    signed: SignedOpt = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Mark this date (YYYY-MM-DD or today). Example: --as-of 2009-03-01"
        ),
    ] = None,
    svg: Annotated[
        Path | None, typer.Option(help="Also write the picture as SVG. Example: --svg timeline.svg")
    ] = None,
) -> Out:
    """A month-by-month view from signing to the programme's end, one lane per branch.

    Example: accordctl timeline --as-of 2009-03-01 --svg timeline.svg
    """
    from accordctl.render import timeline_text
    from accordctl.timeline import grid

    accord, res = resolved(file, event, signed)
    day = parse_as_of(as_of) if as_of else None
    g = grid(accord, res, select(accord, res.rows, branch), day)
    if svg is not None:
        write_file(timeline_text(g, day, False, svg=True).encode("utf-8"), svg)
    return Out(timeline_text(g, day, terminal()[0]))


@app.command()
def calc(
    phrase: Annotated[str, typer.Argument(help='A deadline phrase. Example: "2 months after 26"')],
    from_: Annotated[
        str | None,
        typer.Option("--from", help="Count from this date instead. Example: --from 2008-08-21"),
    ] = None,
    file: FileOpt = None,
    event: EventOpt = None,
    signed: SignedOpt = None,
    business_days: Annotated[
        bool,
        typer.Option(
            "--business-days",
            help="Also print the next business day (MX holidays). Example: --business-days",
        ),
    ] = False,
) -> Out:
    """Compute one phrase's date: the grammar on its own, for checks and scripts.

    Prints the ISO date (and, with --business-days, the next business day after a space).

    Example: accordctl calc "6 months" --from 2008-08-21
    """
    from accordctl.phrases import Permanent, parse, refs
    from accordctl.resolver import apply, date_of

    try:
        rule = parse(phrase)
    except PhraseError as e:
        raise PhraseError(f"accordctl: calc: {e}") from None
    if isinstance(rule, Permanent):
        return Out("permanent\n")
    base: date | None = None
    if refs(rule):
        if from_ is not None:
            base = parse_date(from_, "--from")
        else:
            accord, res = resolved(file, event, signed)
            ref = refs(rule)[0]
            try:
                check_id(accord, ref, "calc")
            except UsageError as e:
                raise GraphError(f"accordctl: {e}") from None
            base, why = date_of(res, ref)
            if base is None:
                raise AccordError(f"accordctl: calc: {ref} has no date ({why})")
    try:
        day, _ = apply(rule, base)
    except (OverflowError, ValueError):
        raise PhraseError(f'accordctl: calc: "{phrase}" gives a date out of range') from None
    if business_days:
        from accordctl.business import business_days as next_days

        return Out(f"{day} {next_days([day])[day]}\n")
    return Out(f"{day}\n")


def _git_version(path: Path, rev: str) -> tuple[str, str]:
    """The text of `path` at git revision `rev`, and a name for messages."""
    import subprocess

    folder = path.resolve().parent
    try:
        top = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--show-toplevel"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        rel = path.resolve().relative_to(Path(top).resolve()).as_posix()
        text = subprocess.run(
            ["git", "-C", top, "show", f"{rev}:{rel}"], capture_output=True, check=True
        ).stdout.decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError("git is not installed") from None
    except subprocess.CalledProcessError as e:
        detail = (
            e.stderr if isinstance(e.stderr, str) else e.stderr.decode(errors="replace")
        ).strip()
        last = detail.splitlines()[-1] if detail else "git failed"
        raise InputError(f"{path}: cannot read revision {rev}: {last}") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}@{rev}: not UTF-8 text") from None
    except ValueError:
        raise InputError(f"{path}: not inside a git repository") from None
    return text, f"{path}@{rev}"


@app.command()
def diff(
    old: Annotated[
        Path | None,
        typer.Argument(
            help="The old data file. Example: accordctl diff old.yaml new.yaml", show_default=False
        ),
    ] = None,
    new: Annotated[
        Path | None,
        typer.Argument(
            help="The new data file (default: --file or the shipped data). Example: new.yaml",
            show_default=False,
        ),
    ] = None,
    rev: Annotated[
        str | None,
        typer.Option(
            help="Compare the working file with this git revision of it. Example: --rev HEAD~1"
        ),
    ] = None,
    file: FileOpt = None,
    event: EventOpt = None,
    signed: SignedOpt = None,
    fmt: Annotated[
        TreeFormat, typer.Option("--format", help="table or json. Example: --format json")
    ] = TreeFormat.table,
    exit_code: Annotated[
        bool,
        typer.Option("--exit-code", help="Exit 1 when any due date changed. Example: --exit-code"),
    ] = False,
) -> Out:
    """Show which deadlines moved between two versions of a data file, and why.

    Example: accordctl diff --rev HEAD~1 --file data/commitments.yaml
    """
    from accordctl import diff as differ
    from accordctl.loader import load_text, read_text
    from accordctl.render import diff_text, json_document

    if rev is not None:
        if new is not None:
            raise UsageError("give --rev with at most one file (the working file)")
        current = old or _path(file)
        old_text, old_name = _git_version(current, rev)
        new_text, new_name = read_text(current), str(current)
    else:
        if old is None:
            raise UsageError("give OLD and NEW files, or --rev REV")
        newer = new or _path(file)
        old_text, old_name = read_text(old), str(old)
        new_text, new_name = read_text(newer), str(newer)
    before, after = load_text(old_text, old_name), load_text(new_text, new_name)
    sign = parse_date(signed, "--signed") if signed else None
    res_old = resolve(before, parse_events(before, event), sign)
    res_new = resolve(after, parse_events(after, event), sign)
    result = differ.diff(res_old, res_new)
    data = differ.as_dict(result)
    code = 1 if exit_code and result.moved else 0
    if fmt is TreeFormat.json:
        lists = {k: v for k, v in data.items() if isinstance(v, list)}
        return Out(json_document({"schema_version": 1}, lists), code)
    return Out(diff_text(data, *terminal()), code)


def _say_error(message: str) -> None:
    sys.stderr.write(message.rstrip("\n").replace("\n", " ") + "\n")


def _app_for(argv: list[str]) -> typer.Typer:
    """The app with only the command being run: typer inspects every registered command's
    signature when it builds the command line, and a run needs just one."""
    name = argv[0] if argv else None
    chosen = [c for c in app.registered_commands if c.callback and c.callback.__name__ == name]
    if not chosen:
        return app  # help, --version, completion, or a mistake: the whole app answers
    small = typer.Typer(**SETTINGS)
    small.registered_callback = app.registered_callback
    small.registered_commands = chosen
    return small


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (see README, "Exit codes")."""
    command = typer.main.get_command(_app_for(sys.argv[1:] if argv is None else argv))
    # A run builds one large, acyclic object graph and exits: the cyclic garbage collector
    # would only rescan it again and again (half the time on a 100,000-entry file).
    gc.disable()
    try:
        rv: Any = command.main(args=argv, prog_name="accordctl", standalone_mode=False)
        if isinstance(rv, Out):
            sys.stderr.write(rv.err)
            sys.stdout.write(rv.text)
            sys.stdout.flush()
            return rv.code
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as coreutils do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except UsageError as e:
        _say_error(f"accordctl: {e}")
        return e.exit_code
    except AccordError as e:  # these name the file (and line) themselves
        _say_error(str(e))
        return e.exit_code
    except typer.TyperException as e:  # usage errors of the command line itself
        _say_error(f"accordctl: {e.format_message()}")
        return e.exit_code
    except typer.Abort:
        _say_error("accordctl: aborted")
        return 130
    except Exception as e:  # a bug: one line, unless asked for the traceback
        if os.environ.get("ACCORDCTL_DEBUG"):
            raise
        hint = "ACCORDCTL_DEBUG=1 shows the traceback; please report it"
        _say_error(f"accordctl: internal error: {type(e).__name__}: {e} ({hint})")
        return 70
    finally:
        gc.enable()
    return rv if isinstance(rv, int) else 0


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())

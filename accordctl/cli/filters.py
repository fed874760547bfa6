"""The options that choose rows, shared by every command that lists them (`due`, `status`,
`report`, `timeline`): ids, `--branch` and `--search` (what a row is), and, for `due`,
`--state`, `--overdue`, `--within`, `--attention`, `--since` and `--until` (where it stands
at the as-of date); read into one `core.selection.Selection`, and the count a filtered
answer ends with on stderr."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated, Any

import typer

from accordctl.cli.complete import complete_id, complete_listed
from accordctl.cli.options import parse_date, parse_span
from accordctl.core.errors import UsageError
from accordctl.core.model import Accord, Resolution, Row, file_order
from accordctl.core.progress import LABELS, STATES, soon
from accordctl.core.selection import STATE_SHORTHANDS, Selection, expand_states, named_rows
from accordctl.core.text import noun, quote, search_key


def items(values: Sequence[str] | None, option: str) -> list[str]:
    """The values of a list option or argument: each value may hold several, separated by
    commas (`--branch state,municipal` is `--branch state --branch municipal`); an empty
    item, or one named twice, is refused."""
    out: list[str] = []
    for value in values or []:
        for item in value.split(","):
            item = item.strip()
            if not item:
                raise UsageError(f"{option}: an empty item in {quote(value)}")
            if item in out:
                raise UsageError(f"{option}: {quote(item)} is given twice: give it once")
            out.append(item)
    return out


def branches_of(accord: Accord, values: Sequence[str] | None) -> list[str]:
    """`--branch` values (see `items`), each a branch of the file."""
    known = accord.branch_slugs()
    names = items(values, "--branch")
    for b in names:
        if b not in known:
            raise UsageError(f"unknown branch {quote(b)} (expected one of {', '.join(known)})")
    return names


def ids_argument(text: str) -> Any:
    """The ids a command takes as its arguments, completed from the data file; `text` says
    what they choose."""
    return typer.Argument(metavar="ID", help=text, autocompletion=complete_id, show_default=False)


IdsArg = Annotated[
    list[str] | None,
    ids_argument(
        "Only these commitments or rows: an entry (27, 46a; a bare number, 1, names 1a "
        "... 1e) or a row (1e/general), separated by blanks or commas. Example: 27 46a"
    ),
]
SearchOpt = Annotated[
    str | None,
    typer.Option(
        "--search",
        metavar="TEXT",
        help="Only rows whose words hold TEXT, as one phrase, in any case, with or without "
        "accents: the title and heading, the deadline as written, and the notes (the "
        "reading taken, the progress, judgement, evidence and facts recorded). "
        "Example: --search policia",
    ),
]
_STATE_NAMES = ", ".join(STATES)
StateOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--state",
        metavar="STATE[,STATE]",
        help=f"Only rows in these states at the as-of date: {_STATE_NAMES}, or done (kept "
        "or late); `accordctl status` counts them. Example: --state overdue,in-progress",
        autocompletion=lambda incomplete: complete_listed(incomplete, [*STATES, *STATE_SHORTHANDS]),
    ),
]
OverdueOpt = Annotated[
    bool,
    typer.Option(
        "--overdue",
        help="Rows past due and not done at the as-of date (overdue, in progress or not "
        "kept: JSON's `overdue`): in due, only these rows; in check, a warning for each "
        "(ACC017). "
        "Example: --overdue",
    ),
]
WithinOpt = Annotated[
    str | None,
    typer.Option(
        "--within",
        metavar="SPAN",
        help="Only rows due within SPAN of the as-of date and not done (30d, 2w, 1m); with "
        "--attention, what is due soon (default 30d). Example: --within 2w",
    ),
]
AttentionOpt = Annotated[
    bool,
    typer.Option(
        "--attention",
        help="Only rows that need attention at the as-of date: past due and not done, or "
        "due within 30 days (--within sets the span), the rows the table colours. "
        "Example: --attention",
    ),
]
SinceOpt = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="DATE",
        help="Only what is dated on or after this date (a row: its due date; a fact: its "
        "date), a date as for --as-of. Example: --since 2009-01-01",
    ),
]
UntilOpt = Annotated[
    str | None,
    typer.Option(
        "--until",
        metavar="DATE",
        help="Only what is dated on or before this date (a row: its due date; a fact: its "
        "date), a date as for --as-of. Example: --until 2009-03-31",
    ),
]


def row_ids(accord: Accord, values: list[str] | None, command: str) -> dict[str, str]:
    """The rows the ids of a command line name (`selection.named_rows`: an unknown id, or a
    row named twice, `27 27`, `1 1a`, is refused), each with the id that named it; an event
    is refused with what names its date."""
    idents = items(values, command)
    for ident in idents:
        if any(e.id == ident for e in accord.events):
            raise UsageError(
                f"{command}: {quote(ident)} is an event, not a commitment "
                f"(accordctl explain {ident} gives its date)"
            )
    return named_rows(accord, idents, command)


def states_of(values: list[str] | None) -> frozenset[str]:
    """`--state` values: states of `progress.STATES`, or `done` (kept and late)."""
    names = items(values, "--state")
    for name in names:
        if name not in STATES and name not in STATE_SHORTHANDS:
            expected = ", ".join((*STATES, *STATE_SHORTHANDS))
            raise UsageError(f"bad --state value {quote(name)} (expected one of {expected})")
    states = expand_states(names)
    twice = [s for at, s in enumerate(states) if s in states[:at]]
    if twice:
        raise UsageError(
            f"--state: {quote(twice[0])} is named twice (done is kept and late): name it once"
        )
    return frozenset(states)


def selection(
    accord: Accord,
    as_of: date,
    command: str,
    ids: list[str] | None = None,
    branch: list[str] | None = None,
    search: str | None = None,
    state: list[str] | None = None,
    overdue: bool = False,
    within: str | None = None,
    attention: bool = False,
    since: str | None = None,
    until: str | None = None,
) -> Selection:
    """Read the filter options of a command line into a `Selection`, refusing what would
    match nothing from the options alone, and options that would change nothing."""
    if search is not None and not search_key(search):
        raise UsageError(f"--search {quote(search)}: give words to look for")
    if overdue and attention:
        raise UsageError("--attention lists overdue rows already: give one of the two")
    if overdue and within is not None:
        raise UsageError(
            "--overdue (due before the as-of date) and --within (due from it on) match no "
            "row together: for either, give --attention --within SPAN"
        )
    last = None
    if within is not None:
        from accordctl.core.resolver import shift

        n, unit = parse_span(within, "--within")
        try:
            last = shift(as_of, n, unit)
        except (OverflowError, ValueError):  # past year 9999: as far as dates go
            last = date.max
    elif attention:
        last = soon(as_of)
    named = row_ids(accord, ids, command)
    chosen = Selection(
        rows=frozenset(named),
        named=tuple(dict.fromkeys(named.values())),
        branches=frozenset(branches_of(accord, branch)),
        search=search,
        states=states_of(state),
        overdue=overdue,
        within=last,
        attention=attention,
        since=parse_date(since, "--since") if since is not None else None,
        until=parse_date(until, "--until") if until is not None else None,
    )
    why = chosen.contradiction(as_of)
    if why is not None:
        raise UsageError(why)
    return chosen


# fmt: off
def chosen_rows(
    accord: Accord, res: Resolution, day: date, command: str, ids: list[str] | None = None,
    branch: list[str] | None = None, search: str | None = None, state: list[str] | None = None,
    overdue: bool = False, within: str | None = None, attention: bool = False,
    since: str | None = None, until: str | None = None,
) -> tuple[list[Row], str]:
    # fmt: on
    """The rows a command line chooses (see `selection`), in file order, and the count
    line that says so on stderr ("" when nothing was filtered)."""
    asked = selection(
        accord, day, command, ids, branch, search, state, overdue, within, attention, since, until
    )
    base, rows = asked.apply(sorted(res.rows, key=file_order), day)
    return rows, count_line(asked, len(rows), len(base), len(res.rows), day, accord)


def count_line(
    chosen: Selection, shown: int, base: int, total: int, as_of: date, accord: Accord
) -> str:
    """The line a filtered answer ends with on stderr: how many rows of how many, and
    what was asked ("accordctl: 6 of 13 state deadlines overdue as of 2009-03-01");
    "" when nothing was filtered."""
    if not (chosen.by_what or chosen.by_when):
        return ""
    order = accord.branch_slugs()
    branches = _and([b for b in order if b in chosen.branches])
    what = []
    if chosen.rows:
        what.append(f"of {_and(list(chosen.named))}")
    if chosen.search is not None:
        what.append(f"matching {quote(chosen.search)}")
    if not chosen.by_when:
        where = f" in {branches}" if branches else ""
        tail = " ".join(["", *what]) if what else ""
        return f"accordctl: {shown} of {total} {noun(total, 'deadline')}{where}{tail}\n"
    said = " ".join(what)
    head = f"{shown} of {base} {branches + ' ' if branches else ''}{noun(base, 'deadline')}"
    return f"accordctl: {head}{' ' + said + ':' if said else ''} {_conditions(chosen, as_of)}\n"


def _conditions(chosen: Selection, as_of: date) -> str:
    """What the time and state filters ask, in words."""
    asked = []
    if chosen.states:
        if chosen.states == {"kept", "late"}:
            asked.append("done")
        else:
            words = {**LABELS, "overdue": "overdue with nothing recorded"}  # not --overdue
            asked.append(" or ".join(words[s] for s in STATES if s in chosen.states))
    if chosen.attention:
        asked.append(f"needing attention (overdue, or due by {chosen.within})")
    elif chosen.overdue:
        asked.append("overdue")
    elif chosen.within is not None:
        asked.append(f"due by {chosen.within} and not done")
    if chosen.since and chosen.until:
        asked.append(f"due from {chosen.since} to {chosen.until}")
    elif chosen.since or chosen.until:
        asked.append(f"due from {chosen.since}" if chosen.since else f"due by {chosen.until}")
    timed = chosen.states or chosen.attention or chosen.overdue or chosen.within
    return " and ".join(asked) + (f" as of {as_of}" if timed else "")


def _and(names: list[str]) -> str:
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)

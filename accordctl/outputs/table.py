"""The `due` table's layout, measured in terminal cells (rich's `cell_len`): which columns
show, how wide each is, and the notes as markers in the rows with their text once under
the table. `console.table_text` draws it; `wrap` breaks text for people by cells.

The rules, as Taskwarrior's `task list` reads at 80 columns: the commitment gets the room
and is wrapped, never cut (a word wider than its column is folded, never inside a
character); the short columns (id, branch, due, left, the markers) are as wide as their
widest cell; a column that says the same on every row is left out and said once under
the table; what does not fit a narrow terminal is left out in the order of `DROP`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from accordctl.core.errors import UsageError
from accordctl.core.text import flat
from accordctl.core.views import BRIEF

if TYPE_CHECKING:
    from accordctl.core.views import DueRow

# What the Left column says of a row that is no longer counting down.
_SETTLED = {"kept": "kept", "not-kept": "not kept", "dropped": "dropped"}
GAP = 2  # blank cells between two columns
FLEXIBLE = ("written", "title")  # wrapped, sharing the room left; the title takes the rest
# Narrower than this, a wrapped column reads badly: other columns make room for it first.
LEAST = {"title": 36, "written": 10}
DROP = ("written", "branch", "left")  # what a narrow table leaves out, in this order
SAME = ("branch", "written", "left")  # left out when every row says the same (of 2 or more)


def wrap(text: str, width: int, addresses: bool = False) -> list[str]:
    """`text` in lines of at most `width` terminal cells, broken at blanks (runs of blanks
    become one), a word wider than a line folded into pieces, never inside a character
    (a letter and its accents, an emoji sequence stay whole); with `addresses` (text, not
    a table's cell), a web address is not folded but gets a line of its own however wide
    (the terminal wraps it; copied, it still works). In time linear in the text, a single
    word of 20 MB included (textwrap's is not)."""
    from rich.cells import cell_len, chop_cells

    width = max(width, 2)  # a wide character takes two cells
    lines: list[str] = []
    line, used = "", 0
    for word in text.split():
        size = cell_len(word)
        if size > width and addresses and "://" in word:  # whole, to be copied or opened
            lines += [line, word] if line else [word]
            line, used = "", 0
        elif size > width:  # a long word's pieces start lines of their own
            if line:
                lines.append(line)
            pieces = chop_cells(word, width)
            lines += pieces[:-1]
            line, used = pieces[-1], cell_len(pieces[-1])
        elif line and used + 1 + size <= width:
            line, used = f"{line} {word}", used + 1 + size
        else:
            if line:
                lines.append(line)
            line, used = word, size
    if line or not lines:
        lines.append(line)
    return lines


def row_cells(x: DueRow) -> tuple[dict[str, str], list[str]]:
    """A row's cells, each on one line (controls made visible), and its notes: why it has
    no date, what happened later, the notes that change how to read the date, and the next
    business day."""
    row, c = x.row, x.row.commitment
    notes = [x.reason] if x.reason else []
    notes += [x.later] if x.later else []
    # what happened after the as-of date is said once, as what happened later
    said = {"completed", "status"} if x.later else set()
    notes += [n.text for n in x.notes if n.kind in BRIEF and n.kind not in said]
    if x.due_business and x.due_business != row.due:
        notes.append(f"next business day {x.due_business}")
    left = "-"
    if x.state in _SETTLED:
        left = _SETTLED[x.state]
    elif x.state == "late":
        left = f"{x.days_late}d late" if x.days_late is not None else "late"
    elif x.days_left is not None:
        left = str(x.days_left)
    cells = {
        "id": c.id,
        "branch": c.branch,
        "title": c.title or c.text or "",
        "written": row.deadline.source or "-",
        "due": row.due.isoformat() if row.due else "-",
        "left": left,
    }
    return {k: flat(v) for k, v in cells.items()}, [flat(n) for n in notes]


@dataclass(frozen=True)
class Layout:
    """What `table_text` draws: the columns in order with their widths in cells, each row's
    cells (`note` holds its markers, `[1]` or `[1] [3]`), the notes' texts (the first is [1]),
    and the columns left out because every row says the same, with what they say."""

    names: list[str]
    widths: dict[str, int]
    rows: list[dict[str, str]]
    notes: list[str]
    same: list[tuple[str, str]]


def layout(
    rows: Sequence[DueRow],
    headings: Mapping[str, str],
    width: int,
    columns: Sequence[str] | None = None,
    as_of: bool = False,
    compact: bool = False,
) -> Layout:
    """The table of `rows` at `width` cells: `columns` as named, or by the rules above (a
    Left column only with an as-of date, a Note column only when a row has a note).
    `compact`: each row on one line, its markers too."""
    cells: list[dict[str, str]] = []
    numbers: dict[str, int] = {}  # a note's text -> its marker, in the order rows show them
    for x in rows:
        cell, notes = row_cells(x)
        marks = [numbers.setdefault(n, len(numbers) + 1) for n in dict.fromkeys(notes)]
        cell["note"] = " ".join(f"[{m}]" for m in marks)
        cells.append(cell)
    same: list[tuple[str, str]] = []
    if columns is not None:
        names = list(columns)
    else:
        names = [
            n
            for n in headings
            if not (n == "left" and not as_of) and not (n == "note" and not numbers)
        ]
        if len(cells) > 1:
            for n in SAME:
                values = {c[n] for c in cells}
                if n in names and len(values) == 1:
                    names.remove(n)
                    same += [(n, values.pop())]
    need = _needs(names, cells, headings, compact)
    if columns is None:
        names = _room_for(names, need, width)
    else:
        least = sum(min(need[n], FLOOR if n in FLEXIBLE else need[n]) for n in names)
        least += GAP * (len(names) - 1)
        if least > width:  # as Taskwarrior does: say so, rather than fold dates and ids
            raise UsageError(
                f"--columns: these columns need {least} terminal columns, and there are "
                f"{width} (name fewer, or set COLUMNS={least})"
            )
    return Layout(names, _widths(names, cells, need, width), cells, list(numbers), same)


def _needs(
    names: Sequence[str],
    cells: Sequence[dict[str, str]],
    headings: Mapping[str, str],
    compact: bool = False,
) -> dict[str, int]:
    """Each column's widest cell (its heading included), in terminal cells; the markers'
    widest one, as they stack one a line where narrow (all of a row's, when `compact`)."""
    from rich.cells import cell_len

    need = {n: max([cell_len(headings[n])] + [cell_len(c[n]) for c in cells]) for n in names}
    if "note" in need and not compact:
        marks = [cell_len(m) for c in cells for m in c["note"].split()]
        need["note"] = max([cell_len(headings["note"]), *marks])
    return need


def _room_for(names: list[str], need: Mapping[str, int], width: int) -> list[str]:
    """The columns that fit `width`: the short ones whole, the wrapped ones at their least;
    what does not fit is left out in the order of DROP (the id, the commitment, the due
    date and the markers of notes always stay)."""
    while True:
        least = sum(min(need[n], LEAST.get(n, need[n])) for n in names)
        if least + GAP * (len(names) - 1) <= width:
            return names
        drop = next((n for n in DROP if n in names), None)
        if drop is None:
            return names
        names = [n for n in names if n != drop]


FLOOR = 8  # a wrapped column named with --columns narrower than this: the table is refused


def _widths(
    names: Sequence[str], cells: Sequence[dict[str, str]], need: Mapping[str, int], width: int
) -> dict[str, int]:
    """Column widths within `width`: the short columns at their widest cell; of the room
    left, the commitment takes what As written does not, none wider than it needs (a table
    of short titles stays narrow); As written as wide as makes the rows fewest lines."""
    wrapped = [n for n in FLEXIBLE if n in names]
    out = {n: need[n] for n in names if n not in wrapped}
    room = width - sum(out.values()) - GAP * (len(names) - 1)
    if wrapped == ["written", "title"]:
        out["written"] = _written_width(cells, need, room)
        out["title"] = max(min(need["title"], room - out["written"]), 1)
        out["written"] = max(min(need["written"], room - out["title"]), 1)  # what it left
    elif wrapped:
        out[wrapped[0]] = max(min(need[wrapped[0]], room), 1)
    return out


SAMPLE = 200  # the rows that choose As written's width: the first screens, in linear time


def _written_width(cells: Sequence[dict[str, str]], need: Mapping[str, int], room: int) -> int:
    """The width of As written that makes the first SAMPLE rows fewest lines in all, a row
    as tall as its taller cell, each wrapped as `wrap` does (a word of wide characters
    folded aside), and none narrower than its longest word where the commitment keeps its
    least; of equals, the narrowest, for the commitment's sake."""
    from rich.cells import cell_len

    most = min(need["written"], room - min(need["title"], LEAST["title"]))
    least = min(need["written"], LEAST["written"], max(most, FLOOR))
    words = [
        ([cell_len(w) for w in c["title"].split()], [cell_len(w) for w in c["written"].split()])
        for c in cells[:SAMPLE]
    ]
    # no narrower than its longest word where there is room: a folded word reads worst
    least = max(least, min(max((w for _, b in words for w in b), default=0), most))
    best, chosen = None, least
    for w in range(least, max(most, least) + 1):
        t = max(room - w, 1)
        lines = sum(max(_lines(a, t), _lines(b, w)) for a, b in words)
        if best is None or lines < best:
            best, chosen = lines, w
    return chosen


def _lines(sizes: Sequence[int], width: int) -> int:
    """How many lines `wrap` gives words of these sizes (in cells) at `width`."""
    lines, used = 1, 0
    for size in sizes:
        if size > width:  # folded: its pieces start lines of their own
            lines += (used > 0) + (size - 1) // width
            used = size % width or width
        elif used and used + 1 + size <= width:
            used += 1 + size
        else:
            lines += used > 0
            used = size
    return lines

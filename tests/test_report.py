"""The status page as data (report.py): states, counts, rows and the chart's geometry."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from accordctl import load, resolve
from accordctl.model import Accord, Resolution
from accordctl.progress import status
from accordctl.report import COLUMNS, NARROW, PITCH, WIDE, Report, build, chart, state
from tests.conftest import DATA, Result, entry

Cli = Callable[..., Result]
AS_OF = date(2009, 3, 1)


Shipped = tuple[Accord, Resolution, Report]


@pytest.fixture(scope="module")
def shipped() -> Shipped:
    """The shipped data, resolved, and its report at 2009-03-01."""
    accord = load(DATA)
    res = resolve(accord)
    return accord, res, build(accord, res, res.rows, AS_OF)


# -- the data --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row_id", "events", "expected"),
    [
        ("39", {}, "overdue"),  # 2008-09-20, long before the as-of date
        ("27", {}, "overdue"),
        ("46a", {}, "upcoming"),  # 2009-08-21
        ("49", {}, "undated"),  # waits on general-law
        ("40", {}, "undated"),  # permanent
        ("53", {}, "undated"),  # open
        ("26", {"26": date(2008, 12, 1)}, "done"),  # a recorded completion
        ("27", {"26": date(2009, 2, 26)}, "upcoming"),  # 27 moves to 2009-04-26
    ],
)
def test_state_of_a_row(row_id: str, events: dict[str, date], expected: str) -> None:
    res = resolve(load(DATA), events)
    row = next(r for r in res.rows if r.row_id == row_id)
    assert state(row, AS_OF) == expected


def test_without_an_as_of_date_nothing_is_overdue() -> None:
    res = resolve(load(DATA))
    assert {state(r, None) for r in res.rows} == {"upcoming", "undated"}


def test_counts_are_those_of_status(shipped: Shipped) -> None:
    accord, res, rep = shipped
    stats = status(accord, res.rows, AS_OF)
    c = rep.counts
    assert (c.total, c.done, c.overdue, c.undated) == (
        len(res.rows),
        sum(b.done for b in stats),
        sum(b.overdue for b in stats),
        sum(b.undated for b in stats),
    )
    assert (c.total, c.overdue, c.undated, c.soon) == (92, 49, 12, 0)
    assert [b.status for b in rep.bars] == stats
    states = [r.state for r in rep.rows]
    assert c.overdue == states.count("overdue") and c.undated == states.count("undated")


def test_due_in_the_next_30_days(cli: Cli) -> None:
    accord = load(DATA)
    res = resolve(accord)
    rep = build(accord, res, res.rows, date(2009, 8, 1))
    listed = cli("due", "--within", "30d", "--as-of", "2009-08-01", "--format", "json").json()
    assert rep.counts.soon == len(listed["rows"]) > 0


def test_rows_are_in_due_order_with_every_column_a_total_order(shipped: Shipped) -> None:
    _, res, rep = shipped
    assert len(rep.rows) == len(res.rows)
    dues = [r.due for r in rep.rows if r.due]
    assert dues == sorted(dues) and rep.rows[-1].due is None
    for i, column in enumerate(COLUMNS):
        ranks = sorted(r.ranks[i][1] for r in rep.rows)
        assert ranks == list(range(len(rep.rows))), column


def test_each_row_carries_its_explanation(shipped: Shipped) -> None:
    _, _, rep = shipped
    by_id = {r.row_id: r for r in rep.rows}
    assert [s.id for s in by_id["27"].chain] == ["27", "26", "signing"]
    assert [s.id for s in by_id["49"].chain] == ["49", "general-law"]
    assert by_id["27"].days_left == (date(2009, 1, 21) - AS_OF).days
    assert by_id["49"].days_left is None and by_id["49"].reason.startswith("pending on")


@pytest.mark.parametrize("width", [WIDE, NARROW])
def test_chart_geometry(shipped: Shipped, width: int) -> None:
    accord, res, _ = shipped
    g = chart(accord, res, res.rows, AS_OF, width)
    dated = [r for r in res.rows if r.due]
    assert sorted(m.row_id for m in g.marks) == sorted(r.row_id for r in dated)
    assert all(g.left <= m.x <= g.right for m in g.marks)
    # no mark hides another: two on one line of a lane stand a mark apart
    spots = sorted((m.y, m.x) for m in g.marks)
    for (y1, x1), (y2, x2) in itertools.pairwise(spots):
        assert y1 != y2 or x2 - x1 >= PITCH - 0.2
    # lanes follow one another, each holding its marks
    for a, b in itertools.pairwise(g.lanes):
        assert b.y == pytest.approx(a.y + a.height)
    lane_of = {r.row_id: r.commitment.branch for r in res.rows}
    for m in g.marks:
        lane = next(x for x in g.lanes if x.branch == lane_of[m.row_id])
        assert lane.label_y < m.y < lane.y + lane.height
    # the as-of line stands between the marks before it and those after
    assert g.as_of is not None and g.as_of.label == "as of 2009-03-01"
    for m in g.marks:
        due = next(r.due for r in dated if r.row_id == m.row_id)
        assert (m.x <= g.as_of.x) == (due <= AS_OF) or m.x == g.as_of.x
    assert [e.letter for e in g.events][:2] == ["S", "R"] and g.events[-1].letter == "X"
    assert all(item.text_x < g.right for item in g.legend)
    assert "executive: 23 overdue, 11 upcoming, 1 undated." in g.desc


def test_chart_of_a_file_without_dates(datafile: Callable[..., Path]) -> None:
    path = datafile(entry("1", 1, None) + entry("2", 2, "permanent"))
    accord = load(path)
    res = resolve(accord)
    g = chart(accord, res, res.rows, None)
    assert (
        g.marks == ()
        and g.as_of is None
        and [x.note for x in g.lanes] == ["2 deadlines, 2 with no date"]
    )


def test_chart_of_eight_thousand_years(datafile: Callable[..., Path]) -> None:
    path = datafile(entry("1", 1, "December 31, 9999") + entry("2", 2, "6 months"))
    accord = load(path)
    res = resolve(accord)
    for width in (WIDE, NARROW):
        g = chart(accord, res, res.rows, date(2009, 3, 1), width)
        assert len(g.marks) == 2 and g.as_of is not None
        assert 3 < len(g.years) <= width / 36 and len(g.lines) <= width / 36 and g.months == ()

"""The graph: dependency order, cycles, unknown references, deep chains."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from accordctl import load, load_text, resolve
from accordctl.core.errors import DataErrors
from tests.conftest import HEADER, entry


def codes(err: DataErrors) -> list[str]:
    return [f.code for f in err.findings]


def test_cycle_names_every_id(datafile: Callable[[str], Path]) -> None:
    path = datafile(
        entry("1", 1, "1 month after 3")
        + entry("2", 2, "1 month after 1")
        + entry("3", 3, "1 month after 2")
    )
    with pytest.raises(DataErrors) as e:
        resolve(load(path))
    assert codes(e.value) == ["ACC005"]
    assert "cycle of 3: 1 -> 3 -> 2 -> 1" in str(e.value)
    assert e.value.exit_code == 5


def test_self_reference_is_a_cycle(datafile: Callable[[str], Path]) -> None:
    with pytest.raises(DataErrors, match=r"cycle of 1: 1 -> 1"):
        resolve(load(datafile(entry("1", 1, "2 months after 1"))))


def test_unknown_reference_names_it_and_where(datafile: Callable[[str], Path]) -> None:
    path = datafile(entry("1", 1, "6 months") + entry("2", 2, "2 months after 99"))
    with pytest.raises(DataErrors) as e:
        resolve(load(path))
    assert codes(e.value) == ["ACC004"]
    # HEADER is 8 lines, each entry 6; the phrase of the second entry's deadline is at 20:47.
    assert str(e.value).startswith(f"{path}:20:47: error:")
    assert 'unknown reference "99"' in str(e.value)


def test_every_problem_is_reported_at_once(datafile: Callable[[str], Path]) -> None:
    path = datafile(
        entry("1", 1, "2 months after 98") + entry("2", 2, "2 months after 99")
        + entry("3", 3, "1 day after 4") + entry("4", 4, "1 day after 3")
    )  # fmt: skip
    with pytest.raises(DataErrors) as e:
        resolve(load(path))
    assert sorted(codes(e.value)) == ["ACC004", "ACC004", "ACC005"]


def test_chain_ten_thousand_deep_resolves() -> None:
    lines = [HEADER, entry("c0", 1, "1 day")]
    lines += [entry(f"c{i}", 1, f"1 day after c{i - 1}") for i in range(1, 10_000)]
    res = resolve(load_text("".join(lines), "chain.yaml"))
    last = next(r for r in res.rows if r.row_id == "c9999")
    assert last.due == date(2008, 8, 21).fromordinal(date(2008, 8, 21).toordinal() + 10_000)


def test_a_chain_written_from_its_end_resolves_as_one_written_from_its_start() -> None:
    """Every reference before the entry it names: the graph's edges wait for their nodes."""
    entries = [entry("c0", 1, "1 day")]
    entries += [entry(f"c{i}", 1, f"1 day after c{i - 1}") for i in range(1, 2_000)]
    forward = resolve(load_text(HEADER + "".join(entries), "a.yaml"))
    backward = resolve(load_text(HEADER + "".join(reversed(entries)), "b.yaml"))
    assert {r.row_id: r.due for r in backward.rows} == {r.row_id: r.due for r in forward.rows}
    assert [r.row_id for r in backward.rows] == [f"c{i}" for i in reversed(range(2_000))]
    assert backward.by_id["c1999"].due == date(2008, 8, 21).fromordinal(
        date(2008, 8, 21).toordinal() + 2_000
    )


def test_reference_to_a_split_entry_waits_for_its_latest_scope() -> None:
    text = (
        HEADER
        + entry("2", 2, "1 month after 1")
        + (
            '- id: "1"\n  number: 1\n  branch: one\n  title: T\n  deadlines:\n'
            "    - {scope: a, source: x, deadline: 1 year}\n"
            "    - {scope: b, source: y, deadline: 2 years}\n"
        )
    )
    rows = {r.row_id: r for r in resolve(load_text(text, "x.yaml")).rows}
    assert rows["2"].due == date(2010, 9, 21)
    assert rows["1/a"].due == date(2009, 8, 21)


def test_pending_propagates_with_its_root_cause() -> None:
    text = HEADER + entry("1", 1, "1 month after later") + entry("2", 2, "1 month after 1")
    rows = {r.row_id: r for r in resolve(load_text(text, "x.yaml")).rows}
    assert (rows["1"].kind, rows["2"].kind) == ("pending", "pending")
    assert rows["2"].pending_on == "later (no known date)"
    res = resolve(load_text(text, "x.yaml"), {"later": date(2009, 1, 2)})
    assert [r.due for r in res.rows] == [date(2009, 2, 2), date(2009, 3, 2)]


def test_depending_on_a_permanent_commitment_is_pending() -> None:
    text = HEADER + entry("1", 1, "permanent") + entry("2", 2, "1 month after 1")
    rows = {r.row_id: r for r in resolve(load_text(text, "x.yaml")).rows}
    assert rows["2"].kind == "pending" and "permanent" in (rows["2"].pending_on or "")


def test_completion_date_in_data_moves_dependents() -> None:
    text = (
        HEADER
        + (
            '- id: "1"\n  number: 1\n  branch: one\n  title: T\n  deadlines:\n'
            "    - {source: x, deadline: 3 months, status: done, completed: 2008-10-01}\n"
        )
        + entry("2", 2, "2 months after 1")
    )
    rows = {r.row_id: r for r in resolve(load_text(text, "x.yaml")).rows}
    assert rows["2"].due == date(2008, 12, 1)
    assert rows["2"].step is not None and rows["2"].step.base_is_actual

"""Progress tracking: status/completed in the data, --as-of, --overdue, --within, status."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result, plan_text

Cli = Callable[..., Result]


@pytest.fixture
def tracked(tmp_path: Path) -> Path:
    """The shipped plan with 26 done on 2008-12-01 and 9 done on time."""
    text = plan_text()
    text = text.replace(
        '        deadline: 3 months\n  - id: "27"',
        "        deadline: 3 months\n        status: done\n        completed: 2008-12-01\n"
        '        evidence: https://example.org/observers\n  - id: "27"',
    )
    text = text.replace(
        "strengthen the system of reporting corruption and poor performance among civil servants.\n"
        "    deadlines:\n      - {source: 3 months, deadline: 3 months}",
        "strengthen the system of reporting corruption and poor performance among civil servants.\n"
        "    deadlines:\n      - {source: 3 months, deadline: 3 months, status: done}",
    )
    path = tmp_path / "tracked.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_overdue_as_of(cli: Cli, tracked: Path, plan: Path) -> None:
    plain = cli(
        "due", "--file", str(plan), "--overdue", "--as-of", "2008-12-01", "--format", "json"
    ).json()["rows"]
    assert {r["row_id"] for r in plain} == {"2", "9", "10", "11", "16", "20", "26", "39", "52"}
    assert all(r["overdue"] and r["days_left"] < 0 for r in plain)
    rows = cli(
        "due", "--file", str(tracked), "--overdue", "--as-of", "2008-12-01", "--format", "json"
    ).json()["rows"]
    assert {r["row_id"] for r in rows} == {"2", "10", "11", "16", "20", "39", "52"}


def test_completion_moves_dependents(cli: Cli, tracked: Path) -> None:
    rows = {
        r["row_id"]: r
        for r in cli("due", "--file", str(tracked), "--format", "json").json()["rows"]
    }
    assert rows["26"]["completed"] == "2008-12-01" and rows["26"]["status"] == "done"
    assert rows["27"]["due"] == "2009-02-01"


def test_days_left_and_within(cli: Cli, plan: Path) -> None:
    args = ("--as-of", "2008-12-10", "--within", "1w", "--format", "json")
    rows = cli("due", "--file", str(plan), *args).json()["rows"]
    assert [(r["row_id"], r["days_left"], r["overdue"]) for r in rows] == [
        ("29", 5, False), ("30", 5, False), ("31", 5, False), ("32", 5, False), ("33", 5, False),
    ]  # fmt: skip


def test_exit_code_gate(cli: Cli, plan: Path) -> None:
    assert cli("due", "--overdue", "--as-of", "2008-09-01", "--exit-code").code == 0
    args = ("--overdue", "--as-of", "2008-09-21", "--exit-code", "--format", "csv")
    r = cli("due", "--file", str(plan), *args)
    assert r.code == 1 and [line.split(",")[0] for line in r.out.splitlines()[1:]] == ["2", "39"]
    assert r.out.splitlines()[0].endswith(",sources,overdue,days_left")


def test_status_counts(cli: Cli, tracked: Path) -> None:
    doc = cli("status", "--file", str(tracked), "--as-of", "2009-03-01", "--format", "json").json()
    executive = next(b for b in doc["branches"] if b["branch"] == "executive")
    assert (
        executive["done"],
        executive["kept"],
        executive["late"],
        executive["overdue"],
        executive["upcoming"],
        executive["undated"],
    ) == (2, 1, 1, 20, 12, 1)  # 9 kept (no date: on time), 26 late (2008-12-01, due 11-21)
    assert sum(b["total"] for b in doc["branches"]) == 92  # 89 entries, 3 of them split in two
    table = cli("status", "--file", str(tracked), "--as-of", "2009-03-01")
    line = next(x for x in table.out.splitlines() if x.startswith("executive"))
    assert line.split()[1:5] == ["1", "1", "20", "12"] and "6%" in line


def test_as_of_today_is_accepted(cli: Cli, plan: Path) -> None:
    r = cli("due", "--file", str(plan), "--overdue", "--as-of", "today", "--format", "json")
    assert r.code == 0 and len(r.json()["rows"]) == 81  # all dated rows are long past

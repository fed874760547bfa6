"""The CI recipe the manual gives passes on the shipped data, and fails where it should:
on a deadline due since the gate was adopted that passed with nothing recorded. The
recipe is run exactly as docs/howto/ci.md writes it."""

from __future__ import annotations

import shlex
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import DATA, HEADER, Result, entry

Cli = Callable[..., Result]
ROOT = Path(__file__).resolve().parent.parent
RECIPE = [
    "accordctl check --file data/commitments.yaml --format github --min-severity warning",
    "accordctl due --file data/commitments.yaml --state overdue --since 2026-01-01 --exit-code",
]
PAGE = ROOT / "docs" / "howto" / "ci.md"


def run(cli: Cli, line: str) -> Result:
    return cli(*shlex.split(line)[1:])


def test_the_manual_gives_this_recipe() -> None:
    text = PAGE.read_text("utf-8")
    assert [line for line in RECIPE if f"- run: {line}\n" not in text] == []


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A checkout whose data file is the shipped one."""
    (tmp_path / "data").mkdir()
    shutil.copy(DATA, tmp_path / "data" / "commitments.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data" / "commitments.yaml"


def test_the_recipe_passes_on_the_shipped_data(cli: Cli, repository: Path) -> None:
    check, due = (run(cli, line) for line in RECIPE)
    assert (check.code, check.out) == (0, "")  # 41 notices, none listed
    assert check.err.endswith(": 0 errors, 0 warnings, 41 notices\n")
    assert (due.code, due.out) == (0, "")
    assert due.err.startswith("accordctl: 0 of 92 deadlines overdue with nothing recorded and ")


def test_the_recipe_fails_on_a_deadline_passed_with_nothing_recorded(
    cli: Cli, repository: Path
) -> None:
    repository.write_text(
        HEADER + entry("1", 1, "January 2, 2026") + entry("2", 2, "December 31, 2025"), "utf-8"
    )
    check, due = (run(cli, line) for line in RECIPE)
    assert check.code == 0 and "::notice" not in check.out
    assert due.code == 1 and due.out.startswith("#  ") and "\n1  " in due.out
    assert "\n2  " not in due.out  # due before the gate began: the backlog, not its business
    assert (
        cli("mark", "1", "in-progress", "--on", "2026-01-02", "--file", str(repository)).code == 0
    )
    assert run(cli, RECIPE[1]).code == 0  # recorded: under way
    assert cli("done", "1", "--on", "2026-01-05", "--file", str(repository)).code == 0
    assert run(cli, RECIPE[1]).code == 0


def test_min_severity_leaves_lesser_findings_out_of_the_listing_not_the_counts(
    cli: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "c.yaml"  # missing numbers (2 warnings); 1 inferred (a notice)
    path.write_text(
        HEADER
        + '- id: "1"\n  number: 1\n  branch: one\n  title: T\n  deadlines:\n'
        + '    - {source: "6", deadline: "6 months", inferred: true}\n'
        + entry("3", 3, "6 months"),
        "utf-8",
    )
    levels = {}
    for level in ("notice", "warning", "error"):
        r = cli("check", str(path), "--format", "github", "--min-severity", level)
        levels[level] = [line.split(" ")[0] for line in r.out.splitlines()]
        assert r.code == 0 and r.err.endswith(": 0 errors, 2 warnings, 1 notice\n")
    assert levels["notice"].count("::notice") == 1 and "::warning" in levels["notice"]
    assert levels["warning"] == [x for x in levels["notice"] if x != "::notice"]
    assert levels["error"] == []
    text = cli("check", str(path), "--min-severity", "warning").out
    assert ": notice: " not in text and ": warning: " in text
    doc = cli("check", str(path), "--format", "json", "--min-severity", "warning").json()
    assert doc["counts"] == {"error": 0, "warning": 2, "notice": 1}
    assert {f["severity"] for f in doc["findings"]} == {"warning"}

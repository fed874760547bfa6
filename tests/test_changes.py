"""diff, extensions and windows."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import DATA, HEADER, Result, entry

Cli = Callable[..., Result]

OLD = (
    HEADER
    + entry("1", 1, "6 months")
    + entry("2", 2, "2 months after 1")
    + entry("3", 3, "1 month after later")
    + entry("4", 4, "1 year")
    + entry("5", 5, "permanent")
)


def extension(cid: str, number: int, to: str, agreed: str = "2009-01-10") -> str:
    return (
        f'- id: "{cid}"\n  number: {number}\n  branch: one\n  title: T{cid}\n  deadlines:\n'
        "    - source: x\n      deadline: 6 months\n"
        f"      extensions:\n        - {{to: {to}, agreed: {agreed}, source: meeting minutes}}\n"
    )


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    """OLD, and NEW with: 1 extended, later dated, 4's phrase changed, 5 removed, 6 added."""
    old = tmp_path / "old.yaml"
    old.write_text(OLD, encoding="utf-8")
    new_text = (
        HEADER.replace(
            "{id: later, title: Later, when: null}", "{id: later, title: Later, when: 2009-01-02}"
        )
        + extension("1", 1, "9 months")
        + entry("2", 2, "2 months after 1")
        + entry("3", 3, "1 month after later")
        + entry("4", 4, "18 months")
        + entry("6", 6, "2 years", branch="two")
    )
    new = tmp_path / "new.yaml"
    new.write_text(new_text, encoding="utf-8")
    return old, new


def test_diff_covers_each_cause(cli: Cli, files: tuple[Path, Path]) -> None:
    old, new = files
    r = cli("diff", str(old), str(new), "--format", "json")
    doc = r.json()
    changed = {
        c["id"]: (c["old_due"], c["new_due"], c["shift_days"], c["causes"]) for c in doc["changed"]
    }
    assert changed == {
        "1": (
            "2009-02-21",
            "2009-05-21",
            89,
            ["extended on 2009-01-10 to 9 months (meeting minutes)"],
        ),
        "2": (
            "2009-04-21",
            "2009-07-21",
            91,
            ["1, which it counts from, moved: 2009-02-21 -> 2009-05-21"],
        ),
        "3": (None, "2009-02-02", None, ["later got a date (2009-01-02)"]),
        "4": ("2009-08-21", "2010-02-21", 184, ['its phrase changed: "1 year" -> "18 months"']),
    }
    assert doc["events"] == [
        {
            "id": "later",
            "old_due": None,
            "new_due": "2009-01-02",
            "shift_days": None,
            "causes": ["got a date"],
        }
    ]
    assert [a["row_id"] for a in doc["added"]] == ["6"] and [
        x["row_id"] for x in doc["removed"]
    ] == ["5"]
    assert r.code == 0


def test_diff_table_and_exit_code(cli: Cli, files: tuple[Path, Path]) -> None:
    old, new = files
    r = cli("diff", str(old), str(new), "--exit-code")
    assert r.code == 1
    assert "Events" in r.out and "Changed" in r.out and "+89d" in r.out
    assert "Added: 6 (2010-08-21)" in r.out and "Removed: 5 (permanent)" in r.out
    same = cli("diff", str(old), str(old), "--exit-code")
    assert same.code == 0 and "no deadline moved" in same.out


def test_diff_against_a_git_revision(cli: Cli, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    data = repo / "c.yaml"
    data.write_text(OLD, encoding="utf-8")

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "add", "c.yaml")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "old")
    data.write_text(OLD.replace('"6 months"', '"7 months"'), encoding="utf-8")
    doc = cli("diff", "--rev", "HEAD", "--file", str(data), "--format", "json").json()
    assert [(c["id"], c["new_due"]) for c in doc["changed"]] == [
        ("1", "2009-03-21"),
        ("2", "2009-05-21"),
    ]
    bad = cli("diff", "--rev", "nosuchrev", "--file", str(data))
    assert bad.code == 3 and "cannot read revision nosuchrev" in bad.err


def test_recording_general_law_in_a_copy_of_the_shipped_plan(
    cli: Cli, tmp_path: Path, plan: Path
) -> None:
    copy = tmp_path / "c.yaml"
    copy.write_text(
        plan.read_text(encoding="utf-8").replace("    when: null", "    when: 2009-01-02"),
        encoding="utf-8",
    )
    doc = cli("diff", str(plan), str(copy), "--format", "json").json()
    assert [(c["id"], c["new_due"], c["causes"]) for c in doc["changed"]] == [
        ("49", "2009-07-02", ["general-law got a date (2009-01-02)"])
    ]


def test_extension_moves_dependents_and_keeps_the_original(
    cli: Cli, datafile: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = datafile(extension("1", 1, "2009-06-30") + entry("2", 2, "1 month after 1"))
    rows = {
        r["row_id"]: r for r in cli("due", "--file", str(path), "--format", "json").json()["rows"]
    }
    assert (rows["1"]["due"], rows["1"]["original_due"]) == ("2009-06-30", "2009-02-21")
    assert rows["2"]["due"] == "2009-07-30"
    monkeypatch.setenv("COLUMNS", "200")  # one line a row
    table = cli("due", "--file", str(path)).out
    assert "originally due 2009-02-21" in table  # the wording explain uses
    notes = cli("explain", "1", "--file", str(path), "--format", "json").json()["chains"][0][0][
        "notes"
    ]
    assert "extended on 2009-01-10 to 2009-06-30 (meeting minutes)" in notes
    assert "originally due 2009-02-21" in notes


def test_window_fields(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = {r["row_id"]: r for r in cli("due", "--format", "json").json()["rows"]}
    assert (rows["29"]["window_start"], rows["29"]["due"]) == ("2008-09-01", "2008-12-15")
    assert rows["4"]["window_start"] is None
    events = {e["id"]: e for e in cli("due", "--format", "json").json()["events"]}
    assert events["session-2008"]["window_start"] == "2008-09-01"
    monkeypatch.setenv("COLUMNS", "200")  # one line a row
    table = cli("due", "--branch", "legislative", "--columns", "id,due,note").out
    assert "a period: from 2008-09-01 to 2008-12-15" in table


@pytest.mark.parametrize("width", [40, 80, 120])
def test_diff_text_says_every_cause_whole_at_any_width(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """A change is a line of id and dates, its causes under it, one a line, wrapped and
    never cut: fact ids and phrases are long, and an ellipsis would hide which fact."""
    monkeypatch.setenv("COLUMNS", str(width))
    copy = tmp_path / "c.yaml"
    shutil.copy(DATA, copy)
    long = "a-fact-id-of-some-length-" * 3 + "end"
    cli("done", "46d", "--on", "2009-03-01", "--file", str(copy), "--source", "https://x.org/a",
        "--quote", "dicho", "--what", "it was done", "--fact-id", long)  # fmt: skip
    r = cli("diff", str(DATA), str(copy))
    lines = r.out.splitlines()
    assert lines[:2] == ["Changed", "ID   Old         New         Shift"]
    assert lines[2].split() == ["46d", "2009-08-21", "2009-08-21"]
    assert "    status: pending -> done" in lines and max(len(x) for x in lines) <= width
    cites = "".join(x.strip() for x in lines[lines.index("    completed 2009-03-01") + 1 :])
    assert cites in (f"cites{long}", f"cites {long}") and "…" not in r.out  # folded, whole


def test_diff_says_why_an_event_moved(cli: Cli, tmp_path: Path) -> None:
    """An event dated by another fact of the record names both; a deadline that had no
    phrase says "none", never Python's None."""
    text = DATA.read_text("utf-8")
    copy = tmp_path / "c.yaml"
    copy.write_text(
        text.replace("    fact: lgsnsp-senate-vote\n", "    fact: lgsnsp-published\n", 1).replace(
            "{source: 1 year, deadline: 1 year}", "{source: null, deadline: null}", 1
        ),
        "utf-8",
    )
    doc = cli("diff", str(DATA), str(copy), "--format", "json").json()
    events = {e["id"]: e["causes"] for e in doc["events"]}
    assert events == {
        "general-law": ["dated by the record's fact lgsnsp-published (was lgsnsp-senate-vote)"]
    }
    causes = [c for x in doc["changed"] for c in x["causes"] if "phrase" in c]
    assert causes and all("None" not in c for c in causes)
    assert 'its phrase changed: "1 year" -> none' in causes

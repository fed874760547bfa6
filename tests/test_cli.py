"""The command line through its real entry point (`accordctl.cli.main.main`, and the script)."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result, entry

Cli = Callable[..., Result]
ROW_KEYS = {
    "row_id", "id", "number", "branch", "title", "source", "deadline", "scope", "kind", "due",
    "inferred", "depends_on", "reason", "window_start", "original_due", "status", "completed",
    "interpreted", "reading", "state", "days_late", "since", "judgement", "evidence", "facts",
    "sources", "overdue", "days_left",  # as of today, when no --as-of is given
}  # fmt: skip


def test_json_document(cli: Cli) -> None:
    r = cli("due", "--format", "json")
    assert r.code == 0 and r.err == ""
    doc = r.json()
    assert doc["schema_version"] == 1 and doc["signed"] == "2008-08-21"
    assert all(set(row) == ROW_KEYS for row in doc["rows"])
    assert {row["number"] for row in doc["rows"]} == set(range(1, 76))
    assert {e["id"] for e in doc["events"]} >= {"signing", "review-1", "review-2", "general-law"}
    first = doc["rows"][0]
    assert (first["row_id"], first["due"], first["depends_on"]) == ("1a", "2008-12-21", ["signing"])


def test_json_is_byte_stable_with_sorted_keys(cli: Cli) -> None:
    a, b = cli("due", "--format", "json"), cli("due", "--format", "json")
    assert a.out == b.out
    assert a.out.index('"branch"') < a.out.index('"depends_on"') < a.out.index('"row_id"')


def test_branch_filter_and_csv(cli: Cli) -> None:
    # as of 2008-11-01 the General Law was not yet approved: 49 waits on it
    args = ("--branch", "state", "--branch", "media", "--as-of", "2008-11-01", "--format", "csv")
    r = cli("due", *args)
    rows = list(csv.DictReader(io.StringIO(r.out)))
    assert r.out.count("\n") == len(rows) + 1
    assert {row["branch"] for row in rows} == {"state", "media"}
    assert {row["number"] for row in rows} == {str(n) for n in [*range(46, 54), *range(71, 76)]}
    row49 = next(row for row in rows if row["id"] == "49")
    assert (row49["kind"], row49["due"], row49["depends_on"]) == ("pending", "", "general-law")


def test_table_is_sorted_by_due_date_and_fits_80_columns(cli: Cli, plan: Path) -> None:
    r = cli("due", "--branch", "state", "--file", str(plan))
    lines = r.out.splitlines()
    assert max(map(len, lines)) <= 80
    assert lines[0].split()[:2] == ["#", "Commitment"]  # one branch: said once, under it
    assert "Branch: state (every row)" in lines
    table = lines[1 : lines.index("Branch: state (every row)")]
    firsts = [line.split()[0] for line in table if line[:1].strip()]
    assert firsts[:3] == ["52", "47", "51"]
    assert firsts[-2:] == ["49", "53"]  # undated last: pending, then open
    assert "\x1b[" not in r.out  # no colour off a terminal
    assert "pending on" in r.out and "general-law" in r.out


def test_events_move_dependents(cli: Cli) -> None:
    r = cli(
        "due", "--format", "json", "--event", "general-law=2009-01-02", "--event", "26=2009-02-26"
    )
    due = {row["row_id"]: row["due"] for row in r.json()["rows"]}
    assert (due["49"], due["27"]) == ("2009-07-02", "2009-04-26")


def test_signed_moves_the_base(cli: Cli) -> None:
    r = cli("due", "--format", "json", "--signed", "2008-09-01")
    doc = r.json()
    assert doc["signed"] == "2008-09-01"
    assert {row["row_id"]: row["due"] for row in doc["rows"]}["4"] == "2009-03-01"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["due", "--event", "general-law"], 2, 'bad --event value "general-law"'),
        (["due", "--event", "general-law=2009-02-30"], 2, 'bad --event value "2009-02-30"'),
        (["due", "--event", "genral-law=2009-01-02"], 2, "did you mean general-law"),
        (["due", "--signed", "last week"], 2, 'bad --signed value "last week"'),
        (["due", "--branch", "army"], 2, 'unknown branch "army"'),
        (["due", "--format", "yaml"], 2, "--format"),
        (["due", "--file", "/nonexistent/c.yaml"], 3, "/nonexistent/c.yaml: no such file"),
        (["due", "--file", "/"], 3, "/: is a directory"),
    ],
)
def test_bad_arguments(cli: Cli, args: list[str], code: int, message: str) -> None:
    r = cli(*args)
    assert (r.code, r.out) == (code, "")
    assert message in r.err and r.err.count("\n") == 1 and "Traceback" not in r.err


@pytest.mark.parametrize(
    ("body", "code", "where", "message"),
    [
        ("- id: [\n", 3, ":10:1:", "YAML syntax"),
        (entry("1", 1, "6 fortnights"), 4, ":14:", 'unknown unit "fortnights"'),
        (entry("1", 1, "1 month after 1"), 5, ":14:", "cycle of 1: 1 -> 1"),
        (entry("1", 7, "6 months"), 3, ":11:", 'commitment 1 is not "one"'),
    ],
)
def test_bad_files(
    cli: Cli, datafile: Callable[[str], Path], body: str, code: int, where: str, message: str
) -> None:
    path = datafile(body)
    r = cli("due", "--file", str(path))
    assert (r.code, r.out) == (code, "")
    assert r.err.startswith(f"accordctl: {path}{where}") and message in r.err
    assert r.err.count("\n") == 1


def test_file_from_environment(
    cli: Cli, datafile: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCORDCTL_FILE", str(datafile(entry("1", 1, "1 week"))))
    r = cli("due", "--format", "csv")
    assert r.out.splitlines()[1].startswith("1,1,1,one,T1,1 week,1 week,,date,2008-08-28,")


def _script(*args: str, stdin_pipe: str = "") -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("accordctl")
    cmd = [
        str(exe) if exe.exists() else sys.executable,
        *([] if exe.exists() else ["-m", "accordctl"]),
    ]
    shell = " ".join([*cmd, *args]) + stdin_pipe
    env = {**os.environ, "COLUMNS": "80"}
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", shell],
        capture_output=True,
        text=True,
        env=env,
        cwd="/",
        check=False,
    )


def test_console_script_from_any_directory() -> None:
    p = _script("due", "--branch", "state", "--format", "csv", "-q")
    assert p.returncode == 0 and p.stderr == ""
    assert p.stdout.splitlines()[0].startswith("row_id,id,number,branch,")


@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
def test_closed_pipe_ends_quietly(fmt: str) -> None:
    p = _script("due", "--format", fmt, stdin_pipe=" | head -c 10 >/dev/null")
    assert p.stderr == ""
    assert p.returncode in (0, 141)


def test_python_dash_m_version() -> None:
    p = subprocess.run(
        [sys.executable, "-m", "accordctl", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert p.returncode == 0 and p.stdout.startswith("accordctl 0.")


def test_a_bug_is_one_line_not_a_traceback(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import accordctl.cli.options

    def broken(*args: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(accordctl.cli.options, "resolve", broken)
    r = cli("due")
    assert r.code == 70 and r.err.startswith("accordctl: internal error: KeyError: 'boom'")
    assert r.err.count("\n") == 1


def test_misspelled_key_gets_a_hint(cli: Cli, datafile: Callable[[str], Path]) -> None:
    path = datafile(entry("1", 1, "6 months").replace("  number: 1", "  numbr: 1"))
    r = cli("check", "--file", str(path))
    assert (
        'commitment has no "number" [ACC003 missing-key] (hint: is "numbr" a misspelling of it?)'
        in r.out
    )
    assert (
        'unknown key "numbr" in commitment [ACC002 unknown-key] (hint: did you mean "number"?)'
        in r.out
    )

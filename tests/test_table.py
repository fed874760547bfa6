"""The table as people read it, and the command line's help, choices and completion."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from accordctl import load, resolve
from accordctl.cli.app import full_app
from accordctl.cli.complete import complete_branch, complete_id
from accordctl.core.model import file_order
from accordctl.core.views import due_view
from accordctl.outputs.console import table_text
from tests.conftest import DATA, Result, entry

Cli = Callable[..., Result]
RES = resolve(load(DATA))


def body(out: str) -> list[str]:
    return out.splitlines()[1:]


@pytest.mark.parametrize("width", [40, 60, 79])
def test_below_80_columns_a_row_is_one_line(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    r = cli("due")
    assert len(body(r.out)) == 92 and max(map(len, r.out.splitlines())) <= max(width, 40)


@pytest.mark.parametrize("width", [80, 100, 120, 200])
def test_wide_tables_use_the_width_and_wrap_at_most_three_lines(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    lines = cli("due").out.splitlines()
    assert max(map(len, lines)) <= width
    starts = [i for i, x in enumerate(lines) if x[:1].strip()]
    heights = [b - a for a, b in zip(starts, [*starts[1:], len(lines)], strict=True)]
    assert max(heights) <= 3
    title = "Establish a national development system for the attorney general offices"
    if width >= 200:  # the whole title, not a fixed cut at 48 characters
        start, end = lines[0].index("Commitment"), lines[0].index("As written")
        cells = " ".join(x[start:end].strip() for x in lines)
        assert title in " ".join(cells.split())


def test_compact_and_full_can_be_asked_for(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    assert len(body(cli("due", "--compact").out)) == 92
    monkeypatch.setenv("COLUMNS", "60")
    assert len(body(cli("due", "--full").out)) > 92


@pytest.mark.parametrize(
    ("args", "first", "last"),
    [([], "2", "23"), (["--sort", "number"], "1a", "75"), (["--sort", "branch"], "2", "75"),
     (["--sort", "due", "--reverse"], "23", "2"), (["--sort", "number", "--reverse"], "75", "1a"),
     (["--sort", "branch", "--reverse"], "75", "2")],
)  # fmt: skip
def test_sort_and_reverse(cli: Cli, args: list[str], first: str, last: str) -> None:
    ids = [x.split()[0] for x in body(cli("due", "--columns", "id,due", *args).out)]
    assert (ids[0], ids[-1]) == (first, last)
    rows = cli("due", "--format", "json", *args).json()["rows"]
    assert (rows[0]["id"], rows[-1]["id"]) == ((first, last) if args else ("1a", "75"))


def test_columns_are_chosen_in_order(cli: Cli) -> None:
    r = cli("due", "--columns", "due,id", "--branch", "legislative")
    assert r.out.splitlines()[0].split() == ["Due", "#"]
    assert body(r.out)[0].split() == ["2008-12-15", "29"]


def test_left_counts_days_and_says_done(cli: Cli) -> None:
    r = cli("due", "--as-of", "2008-12-01", "--event", "26=2008-11-30", "--columns", "id,left")
    left = dict(x.split(None, 1) for x in body(r.out))
    assert (left["39"], left["29"], left["26"], left["49"]) == ("-72", "14", "9d late", "-")
    assert (left["2"], left["8"]) == ("kept", "82")  # done 2008-09-08; 8: judged only in 2013


def test_colours_on_a_terminal_say_overdue_and_soon() -> None:
    view = due_view(RES, sorted(RES.rows, key=file_order), date(2008, 12, 1))
    text = table_text(view, True, 120)
    line = {x.split()[0]: x for x in text.splitlines() if x[:1].strip() and x[0] != "\x1b"}
    red, yellow = "\x1b[1;31m", "\x1b[33m"
    assert red + "2008-09-20" in line["39"]  # overdue
    assert yellow + "2008-12-15" in line["29"]  # due within 30 days
    assert "\x1b[" not in table_text(view, False, 120)


def test_nothing_matched_is_one_line_on_stderr(cli: Cli) -> None:
    r = cli("due", "--branch", "media", "--overdue", "--as-of", "2009-03-01", "--exit-code")
    assert r.code == 0 and r.err == "accordctl: 0 of 5 media deadlines overdue as of 2009-03-01\n"
    r = cli("due", "--within", "1w", "--as-of", "2012-01-01", "--format", "json")
    assert r.code == 0 and r.json()["rows"] == []
    assert r.err == (
        "accordctl: 0 of 92 deadlines due by 2012-01-08 and not done as of 2012-01-01\n"
    )


# -- help, choices and completion ---------------------------------------------------


def test_help_shows_readable_names(cli: Cli) -> None:
    for command in ["", *(c.name for c in full_app().registered_commands)]:
        text = cli(*([command] if command else []), "--help").out
        assert not re.search(r"<[a-z]|\[\[|\{[A-Z]", text), (command, text)


def test_no_arguments_prints_the_whole_help_and_exits_2(cli: Cli) -> None:
    r = cli()
    assert r.code == 2 and r.out == ""
    assert r.err.startswith("Usage: accordctl") and "Commands:" in r.err
    assert r.err.count("\n") > 10


@pytest.mark.parametrize(
    ("args", "message"),
    [(["due", "--format", "yaml"], 'bad --format value "yaml" (expected one of text, json, csv)'),
     (["status", "--format", "csv"], 'bad --format value "csv" (expected one of text, json)'),
     (["check", "--format", "xml"], "(expected one of text, json, github)"),
     (["due", "--sort", "size"], "(expected one of due, number, branch)"),
     (["due", "--columns", "id,size"], 'bad --columns value "size"')],
)  # fmt: skip
def test_bad_choices_list_the_valid_ones_in_our_words(
    cli: Cli, args: list[str], message: str
) -> None:
    r = cli(*args)
    assert (r.code == 2 and r.err == f"accordctl: {message}\n") or message in r.err
    assert "Value error" not in r.err and r.err.count("\n") == 1


def test_completion_reads_the_file_given(tmp_path: object, datafile: Callable[..., object]) -> None:
    path = datafile(entry("zz1", 6, "1 day", branch="two"))
    ctx = SimpleNamespace(params={"file": path})
    assert complete_branch("t", ctx) == ["two"] and complete_branch("st") == ["state"]
    assert complete_id("zz", ctx) == ["zz1"] and complete_id("zz") == []


@pytest.mark.parametrize("width", [40, 45, 50, 60])
def test_a_narrow_table_keeps_the_id_and_the_due_date_whole(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    lines = cli("due").out.splitlines()
    assert lines[0].startswith("#") and "Due" in lines[0] and max(map(len, lines)) <= width
    ids = {line.split()[0] for line in lines[1:]}
    assert {"46b", "54a", "1e", "27"} <= ids
    assert any("2009-04-26" in line for line in lines if line.startswith("27 "))


def test_explain_gives_the_whole_title(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, plan: Path
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    text = " ".join(cli("explain", "49", "--file", str(plan)).out.split())
    assert "that the federal Congress will approve." in text
    assert "to give it one: --event general-law=DATE" in text


def test_nothing_matched_prints_no_header(cli: Cli) -> None:
    r = cli("due", "--branch", "media", "--overdue", "--as-of", "2009-03-01")
    assert r.out == "" and r.err.startswith("accordctl: 0 of 5 media deadlines")

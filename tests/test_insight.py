"""explain, calc, timeline, business days, help and completion."""

from __future__ import annotations

import xml.dom.minidom
from collections.abc import Callable
from pathlib import Path

import pytest
import typer

from accordctl.cli.app import full_app
from accordctl.cli.complete import complete_branch as _complete_branch
from accordctl.cli.complete import complete_id as _complete_id
from tests.conftest import Result

Cli = Callable[..., Result]


def test_explain_27_walks_down_to_signing(cli: Cli) -> None:
    r = cli("explain", "27")
    assert r.code == 0
    assert r.out.splitlines()[0] == "27 <- 26 <- signing: 2009-04-26"
    for text in [
        "as written: (2 months after the creation of the Citizen Observatory)",
        "normalized: 2 months after 26",
        "rule: 2 months after 26 (2009-02-26)",
        "note: counted from the actual date of 26 (2009-02-26)",
        "record: 2009-02: The Observatorio Nacional Ciudadano",
        "rule: 3 months after signing (2008-08-21)",
        "date: 2008-08-21",
        'source: Cable para. 3: "President Calderon hosted',
    ]:
        assert text in r.out


def test_explain_json_chain(cli: Cli) -> None:
    doc = cli("explain", "27", "--format", "json").json()
    (chain,) = doc["chains"]
    assert [(s["id"], s.get("due") or s.get("date")) for s in chain] == [
        ("27", "2009-04-26"), ("26", "2008-11-21"), ("signing", "2008-08-21"),
    ]  # fmt: skip
    assert chain[0]["base"] == "26" and chain[0]["base_date"] == "2009-02-26"
    assert [f["id"] for f in chain[1]["facts"]] == ["observatorio-founded"]


def test_explain_49_waits_on_general_law(cli: Cli, plan: Path) -> None:
    r = cli("explain", "49", "--file", str(plan))
    assert r.out.splitlines()[0] == "49 <- general-law: pending on general-law (no known date)"
    assert "general-law has no known date" in r.out
    dated = cli("explain", "49")  # the record dates the law's approval
    assert dated.out.splitlines()[0] == "49 <- general-law: 2009-06-09"
    assert "rule: the date of fact lgsnsp-senate-vote of the record" in dated.out


def test_explain_calls_out_clips_and_inference(cli: Cli) -> None:
    r = cli("explain", "46b", "--signed", "2008-08-31", "--format", "json")
    notes = r.json()["chains"][0][0]["notes"]
    assert 'inferred: the cable has only "(6"; completed as "6 months"' in notes
    assert "clipped to the month's last day: February 2009 has no day 31" in notes


def test_explain_split_entry_gives_each_scope(cli: Cli) -> None:
    doc = cli("explain", "1e", "--format", "json").json()
    assert [c[0]["id"] for c in doc["chains"]] == ["1e/general", "1e/federal-prosecutors"]


def test_explain_unknown_id_suggests(cli: Cli) -> None:
    r = cli("explain", "277")
    assert r.code == 2 and r.err == 'accordctl: explain: unknown id "277" (did you mean 27?)\n'


@pytest.mark.parametrize(
    ("args", "out"),
    [
        (["6 months", "--from", "2008-08-21"], "2009-02-21\n"),
        (["2 months after 26"], "2009-04-26\n"),  # 26 done 2009-02-26 (the record)
        (["2 months after 26", "--event", "26=2009-02-26"], "2009-04-26\n"),
        (["6 months after general-law", "--event", "general-law=2009-01-02"], "2009-07-02\n"),
        (["before October 2008"], "2008-09-30\n"),
        (["one year after 1e"], "2011-08-21\n"),  # the latest scope of 1e, plus a year
        (["6 months", "--business-days"], "2009-02-21 2009-02-23\n"),  # a Saturday
        (["2009-02-02", "--business-days"], "2009-02-02 2009-02-03\n"),  # Constitution Day
        (["permanent"], "permanent\n"),
    ],
)
def test_calc(cli: Cli, args: list[str], out: str) -> None:
    r = cli("calc", *args)
    assert (r.code, r.out, r.err) == (0, out, "")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["6 fortnights"], 4, 'unknown unit "fortnights"'),
        (["2 months after 2666"], 5, 'unknown reference "2666"'),
        (["6 months after 53"], 1, "53 has no date"),
    ],
)
def test_calc_errors(cli: Cli, args: list[str], code: int, message: str) -> None:
    r = cli("calc", *args)
    assert (r.code, r.out) == (code, "") and message in r.err


def test_timeline_fits_80_columns_and_marks(cli: Cli, tmp_path: Path) -> None:
    svg = tmp_path / "t.svg"
    r = cli("timeline", "--as-of", "2009-03-01")
    assert cli("timeline", "--as-of", "2009-03-01", "--format", "svg", "-o", str(svg)).code == 0
    lines = r.out.splitlines()
    assert max(map(len, lines)) <= 80
    assert lines[1].split() == ["ASOND", "JFMAMJJASOND", "JFMAMJJASOND", "JFMAMJJA"]
    assert lines[2] == "events        SR·RE ············ ············ ·······X"
    state = next(x for x in lines if x.startswith("state"))
    assert state == "state         ···12 ·3···1·5···· ············ ········  1 undated"
    assert "^" in lines[-3] and "as of 2009-03-01" in lines[-3]
    doc = xml.dom.minidom.parse(str(svg))
    picture = svg.read_text(encoding="utf-8")
    assert doc.documentElement.tagName == "svg" and "executive" in picture
    assert 'url("http' not in picture  # no web fonts fetched


@pytest.mark.parametrize(
    ("name", "given", "svg"),
    [
        ("t.svg", [], True),  # the format the name says
        ("t.SVG", [], True),
        ("t.svg", ["--format", "text"], False),  # unless --format says otherwise
        ("t.txt", [], False),
        ("t.txt", ["--format", "svg"], True),
    ],
)
def test_timeline_to_a_file_takes_the_format_its_name_says(
    cli: Cli, tmp_path: Path, name: str, given: list[str], svg: bool
) -> None:
    out = tmp_path / name
    r = cli("timeline", "--as-of", "2009-03-01", *given, "-o", str(out), "-q")
    assert (r.code, r.out, r.err) == (0, "", "")
    written = out.read_text(encoding="utf-8")
    assert written.startswith("<svg") == svg
    assert ("events        SR·RE" in written) == (not svg)


def test_business_days_in_due_and_ics(cli: Cli) -> None:
    rows = cli("due", "--business-days", "--format", "json").json()["rows"]
    business = {r["row_id"]: r["due_business"] for r in rows}
    assert business["34"] == "2009-02-23"  # Saturday 2009-02-21
    assert business["29"] == "2008-12-15"  # a Monday: unchanged
    assert business["40"] is None  # permanent
    assert all(r["due_business"] >= r["due"] for r in rows if r["due"])
    ics = cli("ics", "--business-days").out.replace("\r\n ", "")
    assert "next business day 2009-02-23" in ics


def _params() -> list[tuple[str, str, str]]:
    out = []
    todo = list(typer.main.get_command(full_app()).commands.items())  # type: ignore[attr-defined]
    while todo:  # commands, and the commands of groups (`cache info`)
        name, sub = todo.pop(0)
        out.append((name, "(command)", sub.help or ""))
        for p in sub.params:
            if not getattr(p, "hidden", False):  # a retired spelling, kept for a while
                out.append((name, p.name or "", getattr(p, "help", None) or ""))
        todo += [(f"{name} {n}", c) for n, c in getattr(sub, "commands", {}).items()]
    return out


@pytest.mark.parametrize(("command", "param", "help_text"), _params())
def test_every_command_and_option_has_help_with_an_example(
    command: str, param: str, help_text: str
) -> None:
    assert "Example" in help_text, f"{command} {param}"


def test_help_runs(cli: Cli) -> None:
    r = cli("due", "--help")
    assert r.code == 0 and "--branch" in r.out and "Example: accordctl due" in r.out


def test_completion_of_branches_and_ids() -> None:
    assert _complete_branch("st") == ["state"]
    assert _complete_id("review") == ["review-1", "review-2"]
    assert "54a" in _complete_id("54")


def test_explain_a_bare_number_gives_its_entries(cli: Cli) -> None:
    doc = cli("explain", "1", "--format", "json").json()
    assert [c[0]["id"] for c in doc["chains"]] == [
        "1a", "1b", "1c", "1d", "1e/general", "1e/federal-prosecutors",
    ]  # fmt: skip
    r = cli("due", "--event", "3=2009-01-01")
    assert r.code == 2 and "(did you mean 3a, 3b, 3c?)" in r.err

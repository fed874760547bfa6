"""The table as people read it, and the command line's help, choices and completion."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from rich.cells import cell_len, chop_cells

from accordctl import load, resolve
from accordctl.cli.app import full_app
from accordctl.cli.complete import complete_branch, complete_id
from accordctl.core.model import file_order
from accordctl.core.text import one_line
from accordctl.core.views import Note, due_view
from accordctl.outputs.console import TABLE_COLUMNS, table_text
from accordctl.outputs.table import layout, wrap
from tests.conftest import DATA, Result, entry

Cli = Callable[..., Result]
RES = resolve(load(DATA))


def body(out: str) -> list[str]:
    return out.splitlines()[1:]


# -- the table's layout, read back by its columns ---------------------------------------


def graphemes(line: str) -> list[str]:
    """A line's characters as the terminal shows them (a letter with its accents, an emoji
    sequence: one piece each)."""
    return chop_cells(line, 1) if line else []


def read_table(out: str) -> tuple[list[str], list[dict[str, str]], list[str]]:
    """The headings, each row's cells (a cell's lines joined with blanks) and the lines
    under the table, read by the terminal cells the header gives each column."""
    lines = out.splitlines()
    header = lines[0]
    names = [h for h in TABLE_COLUMNS.values() if re.search(rf"(^|  ){re.escape(h)}( |$)", header)]
    names.sort(key=header.index)
    starts = [header.index(h) for h in names]  # the header is ASCII: a character is a cell
    rows: list[dict[str, str]] = []
    under: list[str] = []
    for line in lines[1:]:
        if under or re.match(r"\[\d+\] |[A-Z][a-z ]+: .* \(every row\)", line):
            under.append(line)  # past the table: what every row says, the notes
            continue
        if line[:1].strip():
            rows.append(dict.fromkeys(names, ""))
        pieces = graphemes(line)
        cells = [cell_len(p) for p in pieces]
        offsets = [sum(cells[:i]) for i in range(len(pieces))]
        for name, start, end in zip(names, starts, [*starts[1:], 10**6], strict=True):
            text = "".join(p for p, at in zip(pieces, offsets, strict=True) if start <= at < end)
            rows[-1][name] = f"{rows[-1][name]} {text.strip()}".strip()
    return names, rows, under


def squeezed(text: str) -> str:
    """Text without its blanks: a title wrapped or folded anywhere reads back the same."""
    return "".join(text.split())


@pytest.mark.parametrize("width", [40, 60, 80, 100, 120, 200])
def test_every_title_is_whole_at_every_width(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    out = cli("due").out
    assert "…" not in out and max(map(cell_len, out.splitlines())) <= width
    names, rows, _ = read_table(out)
    titles = {
        r.commitment.id: one_line(r.commitment.title or r.commitment.text or "") for r in RES.rows
    }
    assert len(rows) == 92 and {"#", "Commitment", "Due", "Note"} <= set(names)
    for row in rows:
        assert squeezed(row["Commitment"]) == squeezed(titles[row["#"]]), row["#"]


def test_the_shipped_state_table_at_80_columns(cli: Cli) -> None:
    """The table the README shows: no line over 80 cells, nothing cut, no Branch column
    (every row is in state: said once), each note once under the table."""
    out = cli("due", "--branch", "state").out
    assert "…" not in out and max(map(cell_len, out.splitlines())) <= 80
    names, rows, under = read_table(out)
    assert names == ["#", "Commitment", "As written", "Due", "Note"]
    assert under[0] == "Branch: state (every row)"
    notes = [x for x in under if x.startswith("[")]
    marks = [m for row in rows for m in row["Note"].split()]
    assert [x.split()[0] for x in notes] == [f"[{i}]" for i in range(1, len(notes) + 1)]
    assert sorted(set(marks), key=lambda m: int(m[1:-1])) == [x.split()[0] for x in notes]
    assert any("inferred: the cable has only" in x for x in notes)
    row49 = next(row for row in rows if row["#"] == "49")
    law = "the General Law of the National Public Security System"
    assert row49["As written"] == f"6 months after the approval of {law}"


def unicode_file(datafile: Callable[..., Path], titles: list[str]) -> Path:
    body = "".join(
        entry(f"u{i}", 1 + i, "6 months").replace(f"title: Tu{i}", f'title: "{t}"')
        for i, t in enumerate(titles)
    )
    return datafile(body)


UNICODE_TITLES = {
    "cjk": "建立国家评估与认证模式,各州设立认证中心并对警察、检察和监狱人员进行全面评估。"
    "安全・司法・合法性のための国家協定に基づく",
    "emoji": "Build 🚓🚓🚓 stations 🏛️ and 👮🏽‍♀️👮🏽‍♀️ patrols 🇲🇽🇲🇽🇲🇽🇲🇽🇲🇽🇲🇽 in every state "
    + "🚨" * 30,
    "combining": "Evalu\u0301a y certifi\u0301ca a todo el personal "
    + "e\u0301\u0300" * 40
    + " n\u0303o",
    "zwj": "Families 👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦 and teams 🧑‍🤝‍🧑 " + "👩‍💻" * 25,
}


@pytest.mark.parametrize("width", [40, 80, 120])
@pytest.mark.parametrize("kind", list(UNICODE_TITLES))
def test_wide_and_combined_characters_lose_nothing(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, datafile: Callable[..., Path], kind: str, width: int
) -> None:
    """A title of wide characters (CJK, emoji), of letters with combining accents or of
    zero-width-joiner sequences: every character shown, none cut in the middle, no line
    wider than the terminal, at 40, 80 and 120 columns."""
    title = UNICODE_TITLES[kind]
    path = unicode_file(datafile, [title, "Short " + title[:3]])
    monkeypatch.setenv("COLUMNS", str(width))
    out = cli("due", "--file", str(path)).out
    assert "…" not in out and max(map(cell_len, out.splitlines())) <= width
    _, rows, _ = read_table(out)
    assert squeezed(rows[0]["Commitment"]) == squeezed(one_line(title))
    assert [p for line in out.splitlines() for p in graphemes(line)].count("\ufffd") == 0


@pytest.mark.parametrize(
    ("args", "shown", "said"),
    [(["--branch", "state"], ["#", "Commitment", "As written", "Due", "Note"],
      "Branch: state (every row)"),
     (["--branch", "state", "--branch", "legislative"],
      ["#", "Branch", "Commitment", "As written", "Due", "Note"], None),
     (["--branch", "state", "--as-of", "2009-03-01"],
      ["#", "Commitment", "As written", "Due", "Left", "Note"], "Branch: state (every row)"),
     (["--branch", "state", "--columns", "id,branch,due"], ["#", "Branch", "Due"], None),
     (["--columns", "id,due"], ["#", "Due"], None)],
)  # fmt: skip
def test_a_column_that_says_the_same_on_every_row_is_said_once(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, args: list[str], shown: list[str], said: str | None
) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    names, _, under = read_table(cli("due", *args).out)
    assert names == shown
    assert (under[0] if under and not under[0].startswith("[") else None) == said
    assert ("Note" in names) == any(re.match(r"\[1\] ", x) for x in under)


@pytest.mark.parametrize(
    ("deadlines", "branches", "shown", "said"),
    [(["6 months", "6 months"], ["one", "one"], ["#", "Commitment", "Due"],
      "Branch: one (every row); As written: 6 months (every row)"),
     (["6 months", "1 year"], ["one", "two"], ["#", "Branch", "Commitment", "As written", "Due"],
      None),
     (["6 months"], ["one"], ["#", "Branch", "Commitment", "As written", "Due"], None)],
)  # fmt: skip
def test_columns_left_out_for_saying_the_same(
    cli: Cli,
    datafile: Callable[..., Path],
    deadlines: list[str],
    branches: list[str],
    shown: list[str],
    said: str | None,
) -> None:
    """Of two rows or more: one row alone keeps its columns (nothing to compare)."""
    body = "".join(
        entry(f"c{i}", 1 + i if b == "one" else 6 + i, d, b)
        for i, (d, b) in enumerate(zip(deadlines, branches, strict=True))
    )
    names, _, under = read_table(cli("due", "--file", str(datafile(body))).out)
    assert names == shown and (under[0] if under else None) == said


@pytest.mark.parametrize(
    ("width", "shown"),
    [(40, ["#", "Commitment", "Due", "Note"]), (60, ["#", "Commitment", "Due", "Note"]),
     (80, ["#", "Branch", "Commitment", "Due", "Note"]),
     (100, ["#", "Branch", "Commitment", "As written", "Due", "Note"])],
)  # fmt: skip
def test_what_a_narrow_table_leaves_out(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, width: int, shown: list[str]
) -> None:
    """As written first, then Branch, then Left: the commitment keeps 36 cells where it
    can; the id, the due date and the markers always stay."""
    monkeypatch.setenv("COLUMNS", str(width))
    assert read_table(cli("due").out)[0] == shown


@pytest.mark.parametrize(
    ("notes", "marks", "listed"),
    [([["a"], ["a"]], ["[1]", "[1]"], ["[1] a"]),
     ([["a", "b"], ["b"], []], ["[1] [2]", "[2]", ""], ["[1] a", "[2] b"]),
     ([["b"], ["a", "b"]], ["[1]", "[2] [1]"], ["[1] b", "[2] a"]),
     ([[], []], ["", ""], [])],
)  # fmt: skip
def test_notes_become_markers_with_their_text_once(
    notes: list[list[str]], marks: list[str], listed: list[str]
) -> None:
    """The same note on several rows: one marker, its text once; numbered in the order the
    rows show them; no Note column when no row has a note."""
    view = due_view(RES, sorted(RES.rows, key=file_order)[: len(notes)])
    rows = [  # a row as the table reads it, with these notes
        SimpleNamespace(
            row=x.row, state=x.state, days_left=None, days_late=None, due_business=None,
            reason=None, later=None, notes=[Note("scope", t) for t in said],
        )
        for x, said in zip(view.rows, notes, strict=True)
    ]  # fmt: skip
    lay = layout(rows, TABLE_COLUMNS, 80)
    assert [c["note"] for c in lay.rows] == marks
    assert [f"[{i}] {t}" for i, t in enumerate(lay.notes, 1)] == listed
    assert ("note" in lay.names) == bool(listed)


def test_compact_is_one_line_a_row_and_cuts_only_the_text(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Asked for: one line a row, the commitment and As written cut with an ellipsis; the
    id, the date and every marker whole; the notes whole under the table."""
    for width in ("60", "200"):
        monkeypatch.setenv("COLUMNS", width)
        full, compact = cli("due").out, cli("due", "--compact").out
        _, rows, under = read_table(compact)
        assert len(rows) == 92 and len(compact.splitlines()) == 1 + 92 + len(under)
        assert under == read_table(full)[2]
        assert [r["Note"] for r in rows] == [r["Note"] for r in read_table(full)[1]]
    monkeypatch.setenv("COLUMNS", "60")
    assert "…" in cli("due", "--compact").out and "…" not in cli("due", "--full").out


def test_named_columns_that_cannot_fit_are_refused(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    r = cli("due", "--columns", "id,branch,title,written,due,note", "--branch", "legislative")
    assert (r.code, r.out) == (2, "")
    assert r.err == (
        "accordctl: --columns: these columns need 53 terminal columns, and there are 40 "
        "(name fewer, or set COLUMNS=53)\n"
    )


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [("ab cd ef", 5, ["ab cd", "ef"]), ("ab  cd", 80, ["ab cd"]), ("", 5, [""]),
     ("abcdefgh", 3, ["abc", "def", "gh"]), ("x abcdefgh", 3, ["x", "abc", "def", "gh"]),
     ("安全安全安", 4, ["安全", "安全", "安"]), ("安全安全安", 5, ["安全", "安全", "安"]),
     ("a 安全", 4, ["a", "安全"]), ("a 安", 4, ["a 安"]),
     ("e\u0301e\u0301e\u0301", 2, ["e\u0301e\u0301", "e\u0301"]),
     ("🇲🇽🇲🇽🇲🇽", 4, ["🇲🇽🇲🇽", "🇲🇽"]), ("👩‍💻👩‍💻👩‍💻", 4, ["👩‍💻👩‍💻", "👩‍💻"])],
)  # fmt: skip
def test_wrap_measures_terminal_cells(text: str, width: int, lines: list[str]) -> None:
    assert wrap(text, width) == lines
    assert all(cell_len(x) <= width for x in lines)


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("see https://e.org/a/long/path here", ["see", "https://e.org/a/long/path", "here"]),
        ("https://e.org/a/long/path", ["https://e.org/a/long/path"]),
        ("a b https://example.org/x", ["a b", "https://example.org/x"]),
        ("not-an-address-but-long", ["not-an-addr", "ess-but-lon", "g"]),
    ],
)  # fmt: skip
def test_wrap_keeps_a_web_address_whole_in_text(text: str, lines: list[str]) -> None:
    """In text (explain, record, diff, the notes under a table) an address is copied or
    opened: it gets a line of its own rather than being folded; a table's cell folds it."""
    assert wrap(text, 11, addresses=True) == lines
    assert all(len(x) <= 11 for x in wrap(text, 11))


def test_wrap_cases_are_unique() -> None:
    cases = test_wrap_measures_terminal_cells.pytestmark[0].args[1]  # type: ignore[attr-defined]
    assert len({(t, w) for t, w, _ in cases}) == len(cases)


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


@pytest.mark.parametrize(
    ("args", "left"),
    [
        ([], False),  # today, unasked: an old accord's rows would each be thousands of days late
        (["--since", "2009-01-01"], False),  # a question of dates, not of time left
        (["--as-of", "2009-03-01"], True),
        (["--overdue"], True),
        (["--attention"], True),
        (["--within", "30d", "--as-of", "2008-12-01"], True),
        (["--state", "overdue,kept"], True),
    ],
)
def test_the_left_column_shows_where_time_was_asked_about(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, args: list[str], left: bool
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    assert ("Left" in read_table(cli("due", *args).out)[0]) is left


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
    assert (r.code, r.out) == (0, "")  # no bare header
    assert r.err == "accordctl: 0 of 5 media deadlines overdue as of 2009-03-01\n"
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


@pytest.mark.parametrize(("width", "table"), [(40, False), (60, False), (80, True), (120, True)])
def test_status_fits_the_terminal_and_cuts_nothing(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, width: int, table: bool
) -> None:
    """A column a state where they fit (80 columns hold them all); narrower, a line a
    branch that says the same."""
    monkeypatch.setenv("COLUMNS", str(width))
    out = cli("status", "--as-of", "2009-03-01").out
    assert "…" not in out and max(map(cell_len, out.splitlines())) <= width
    assert out.splitlines()[1].startswith("Branch ") == table
    if not table:
        text = " ".join(out.split())
        assert "executive: 3 kept, 1 late, 17 overdue, 13 not due, 1 undated; 11% done" in text


@pytest.mark.parametrize(
    ("as_of", "said", "unsaid"),
    [("2009-03-01", ["later kept: done 2009-05-29, 165 days late"],
      ["completed 2009-05-29, 165 days late"]),
     ("2009-06-01", ["completed 2009-05-29, 165 days late"], ["later kept: done 2009-05-29"]),
     ("2009-03-01", ["later not kept, from 2013-07-29"], ["not kept since 2013-07-29"]),
     ("2014-01-01", ["not kept since 2013-07-29"], ["later not kept, from 2013-07-29"])],
)  # fmt: skip
def test_what_happened_after_the_as_of_date_is_said_once(
    cli: Cli, as_of: str, said: list[str], unsaid: list[str]
) -> None:
    """29 was done on 2009-05-29 and 31 judged not kept from 2013-07-29: before that day
    the table says what happened later, once; after it, what the record says."""
    out = " ".join(cli("due", "--branch", "legislative", "--as-of", as_of).out.split())
    assert all(s in out for s in said) and not any(u in out for u in unsaid)


@pytest.mark.parametrize("width", [90, 100, 120])
def test_as_written_folds_no_word_where_there_is_room(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """As written is as wide as its longest word when the commitment keeps its least:
    "municipalities" read whole, never "municipalitie" and "s"."""
    monkeypatch.setenv("COLUMNS", str(width))
    doc = cli("due", "--format", "json").json()
    written = {" ".join(r["source"].split()) for r in doc["rows"] if r["source"]}
    _, rows, _ = read_table(cli("due").out)
    shown = {r["As written"] for r in rows if r["As written"] != "-"}
    assert shown - written == set() and len(shown) > 20

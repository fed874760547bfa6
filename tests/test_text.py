"""Text made safe to show: which characters count as control or invisible ones, decided by
the running Python's Unicode database, and every function that escapes them."""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from accordctl.core.errors import Finding, Pos
from accordctl.core.text import defuse, flat, one_line, quote, short, visible
from accordctl.outputs.formats import csv_cell
from accordctl.outputs.page import clean
from tests.conftest import Result

Cli = Callable[..., Result]
# The README's promise ("Reliability", control characters) and issue 23's: every character
# of these categories, and the noncharacters, is shown escaped.
CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Zl", "Zp"}


def _noncharacter(cp: int) -> bool:
    return 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE


HIDDEN = [
    chr(cp)
    for cp in range(sys.maxunicode + 1)
    if unicodedata.category(chr(cp)) in CATEGORIES or _noncharacter(cp)
]


def _escape(char: str) -> str:
    cp = ord(char)
    return f"\\x{cp:02x}" if cp < 0x100 else f"\\u{cp:04x}" if cp < 0x10000 else f"\\U{cp:08x}"


def test_the_running_unicode_has_what_is_escaped() -> None:
    counts = {c: sum(unicodedata.category(x) == c for x in HIDDEN) for c in CATEGORIES}
    assert counts["Cs"] == 2048 and counts["Co"] == 137_468 and counts["Cc"] == 65
    assert counts["Cf"] >= 161 and counts["Zl"] == counts["Zp"] == 1  # Cf: 161 in Unicode 14
    if tuple(map(int, unicodedata.unidata_version.split("."))) >= (
        15,
        0,
        0,
    ):  # the Egyptian format controls, Unicode 15
        assert {chr(cp) for cp in range(0x13439, 0x13440)} <= set(HIDDEN)


def test_visible_escapes_every_hidden_character_of_the_running_unicode() -> None:
    assert visible("".join(HIDDEN)) == "".join(map(_escape, HIDDEN))


# Every function that shows user text: name, function, the characters it keeps (a line end
# that a CSV writer quotes; tab and newline on a page, where they are blanks; blanks of any
# kind, line ends too, that text for people makes one blank).
BLANKS = "\t\n\x0b\x0c\r\x85\u2028\u2029"
SHOWN: list[tuple[str, Callable[[str], str], str]] = [
    ("visible", visible, ""),
    ("one_line (messages' values)", one_line, ""),
    ("flat (table cells, ICS summaries)", flat, BLANKS),
    ("quote (messages)", lambda t: quote(t, 10**7), ""),
    ("short", lambda t: short(t, 10**7), BLANKS),
    ("a finding's line (stderr, check)", lambda t: Finding(Pos(t, 1, 1), "error", "ACC002",
                                                          "unknown-key", t, t).line(), ""),
    ("CSV cell", csv_cell, "\n\r"),
    ("HTML page", clean, "\t\n"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "show", "keep"), SHOWN, ids=[s[0] for s in SHOWN])
def test_no_hidden_character_is_shown_raw(name: str, show: Callable[[str], str], keep: str) -> None:
    out = show("a " + "".join(HIDDEN) + " z")
    shown = (c for c in out if c not in keep)
    raw = {
        hex(ord(c)) for c in shown if unicodedata.category(c) in CATEGORIES or _noncharacter(ord(c))
    }
    assert not raw
    assert all(_escape(c) in out for c in ("\x1b", "\u2028", "\U000e0041") if c not in keep)


@pytest.mark.parametrize(
    ("text", "shown"),
    [("a\x1b[31mb", "a\\x1b[31mb"), ("\x00\x07\x7f\x85", "\\x00\\x07\\x7f\\x85"),
     ("gnp\u202e.exe", "gnp\\u202e.exe"), ("zero\u200bwidth", "zero\\u200bwidth"),
     ("soft\u00adhyphen", "soft\\xadhyphen"), ("line\u2028sep", "line\\u2028sep"),
     ("tag\U000e0041\U000e0042", "tag\\U000e0041\\U000e0042"), ("\ufffe", "\\ufffe"),
     ("\U0010ffff", "\\U0010ffff"), ("é ü ñ — “q” 漢字 😀", "é ü ñ — “q” 漢字 😀")],
)  # fmt: skip
def test_visible(text: str, shown: str) -> None:
    assert visible(text) == shown
    assert visible(shown) == shown  # nothing left to escape


def test_what_is_kept_and_what_goes_on_one_line() -> None:
    assert visible("a\nb\tc\rd", keep="\n\t") == "a\nb\tc\\x0dd"
    # a line end or tab is told apart from a blank, in messages and cells alike
    assert one_line("a\nb\r\nc\td\x1b") == "a\\x0ab\\x0d\\x0ac\\x09d\\x1b"
    assert quote("a\nb.yaml") == '"a\\x0ab.yaml"' and quote("a b") == '"a b"'
    assert quote("x" * 100, 10) == '"xxxxxxxxx…"'


@pytest.mark.parametrize(
    ("cell", "defused"),
    [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
     ("\tx", "'\tx"), ("\rx", "'\rx"), ("  =1", "'  =1"), ("\u200b=1", "'\u200b=1"),
     ("\u3000\uff1d1", "'\u3000\uff1d1"), ("\uff0b1", "'\uff0b1"), ("a=1", "a=1"), ("", "")],
)  # fmt: skip
def test_defuse(cell: str, defused: str) -> None:
    assert defuse(cell) == defused


def test_every_output_shows_a_data_files_hidden_characters_escaped(
    cli: Cli, datafile: Callable[[str], Path], tmp_path: Path
) -> None:
    """Through the command line: a title and a key holding each character of the running
    Python's Cc, Cf, Zl and Zp, and some of Co and the noncharacters (a UTF-8 file cannot
    hold a surrogate)."""
    chars = [c for c in HIDDEN if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]
    chars += ["\ue000", "\U000f0000", "\U0010fffd", "\ufdd0", "\ufffe", "\U0010ffff"]
    entries = [
        f'- {{id: "{n}", number: 1, branch: one, title: "T{_yaml(c)}z",'
        f' deadlines: [{{source: "1 year", deadline: 1 year}}]}}\n'
        for n, c in enumerate(chars, 1)
    ]
    good = datafile("".join(entries))
    keys = "".join(f'"k{_yaml(c)}": 1\n' for c in chars)
    bad = tmp_path / "bad.yaml"
    bad.write_text(good.read_text("utf-8").replace("commitments:\n", keys + "commitments:\n"))
    runs = [
        cli("due", "--file", str(good), "--columns", "id,title"),
        cli("due", "--file", str(good), "--format", "csv"),
        cli("ics", "--file", str(good)),
        cli("explain", "7", "--file", str(good)),
        cli("check", "--file", str(bad), "--max-findings", "0"),
        cli("check", "--file", str(bad), "--format", "github", "--max-findings", "0"),
    ]
    assert cli("report", "--file", str(good), "-o", str(tmp_path / "r.html")).code == 0
    outs = [r.out + r.err for r in runs] + [(tmp_path / "r.html").read_text("utf-8")]
    # what each keeps: its line ends; a CSV a CR in a quoted cell; a page tabs
    keeps = ["\n", "\r\n", "\r\n", "\n", "\n", "\n", "\t\n"]
    for out, keep in zip(outs, keeps, strict=True):
        assert not [hex(ord(c)) for c in out if c in set(chars) - set(keep)]
    assert '"T\rz"' in runs[1].out and '"T\nz"' in runs[1].out  # CSV: a line end quoted
    assert [c for c in chars[:8] if f"T{_escape(c)}z" not in runs[0].out] == []  # the table
    assert [c for c in chars if f'"k{_escape(c)}"' not in runs[4].out] == []  # each key


def _yaml(char: str) -> str:
    """A character as a YAML double-quoted escape."""
    cp = ord(char)
    return f"\\x{cp:02x}" if cp < 0x100 else f"\\u{cp:04x}" if cp < 0x10000 else f"\\U{cp:08x}"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\tb\nc", "a b c"),  # a title in a YAML block keeps its line ends: one blank each
        ("  a \r\n\r\n b  ", "a b"),
        ("a\u2028b\x85c\u2029d", "a b c d"),  # Unicode's line ends too
        ("a\x1cb", "a\\x1cb"),  # an information separator is no blank: shown
        ("a\x1b[31mb", "a\\x1b[31mb"),
        ("a\u00a0b", "a b"),  # a no-break space is a blank
    ],
)
def test_flat_makes_blanks_one_blank_and_shows_the_rest(text: str, shown: str) -> None:
    assert flat(text) == shown

"""Text made safe to show: which characters count as control or invisible ones."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from accordctl.core.text import CONTROL_RANGES, defuse, one_line, quote, visible


def _is_control(cp: int) -> bool:
    noncharacter = 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE
    return unicodedata.category(chr(cp)) in ("Cc", "Cf", "Zl", "Zp") or noncharacter


def test_the_ranges_are_unicodes_control_and_format_characters() -> None:
    listed = {cp for a, b in CONTROL_RANGES for cp in range(a, b + 1)}
    assert all(_is_control(cp) for cp in listed)
    if unicodedata.unidata_version == "14.0.0":  # Python 3.11's: the table was made from it
        assert {cp for cp in range(sys.maxunicode + 1) if _is_control(cp)} == listed


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
    assert one_line("a\nb\r\nc\td\x1b") == "a b  c d\\x1b"
    assert quote("x" * 100, 10) == '"xxxxxxxxx…"'


@pytest.mark.parametrize(
    ("cell", "defused"),
    [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
     ("\tx", "'\tx"), ("\rx", "'\rx"), ("  =1", "'  =1"), ("\u200b=1", "'\u200b=1"),
     ("\u3000\uff1d1", "'\u3000\uff1d1"), ("\uff0b1", "'\uff0b1"), ("a=1", "a=1"), ("", "")],
)  # fmt: skip
def test_defuse(cell: str, defused: str) -> None:
    assert defuse(cell) == defused

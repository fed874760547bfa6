"""Text from data files, made safe to show: control characters made visible, long values
cut, and cells a spreadsheet would run defused. Every output that echoes a value from a
data file or the command line passes it through here."""

from __future__ import annotations

import unicodedata
from functools import cache

# Characters that act rather than show, or show nothing, on a terminal, in a CSV, in a
# calendar or on a web page: C0 and C1 controls and DEL, the line and paragraph
# separators, the bidirectional controls that reorder what a reader sees ("Trojan
# Source"), zero-width and other invisible format characters, and noncharacters.
_BIDI = [0x061C, *range(0x200E, 0x2010), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_INVISIBLE = [*range(0x200B, 0x200E), *range(0x2060, 0x2065), 0xFEFF]
_NONCHARACTERS = [*range(0xFDD0, 0xFDF0), 0xFFFE, 0xFFFF]
CONTROLS = [*range(0x00, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, *_BIDI, *_INVISIBLE]
CONTROLS += _NONCHARACTERS


def _escape(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_VISIBLE = {c: _escape(c) for c in CONTROLS}
_ONE_LINE = {**_VISIBLE, 0x09: " ", 0x0A: " ", 0x0D: " "}


@cache
def _table(keep: str) -> dict[int, str]:
    return {k: v for k, v in _VISIBLE.items() if chr(k) not in keep}


def visible(text: str, keep: str = "") -> str:
    """`text` with every control character written as an escape (`\\x1b`, `\\u2028`),
    but those in `keep` (e.g. "\\n" where a line break is wanted)."""
    return text.translate(_table(keep) if keep else _VISIBLE)


def one_line(text: str) -> str:
    """`text` on one line: tabs and line ends become spaces, other controls escapes."""
    return text.translate(_ONE_LINE)


def short(text: str, limit: int = 60) -> str:
    """Text on one line, cut at a word boundary to `limit` characters, with an ellipsis;
    control characters made visible."""
    text = " ".join(visible(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def quote(value: object, limit: int = 60) -> str:
    """A value echoed in a message: in double quotes, on one line, control characters
    visible, cut with an ellipsis past `limit` characters."""
    text = one_line(str(value))
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f'"{text}"'


# = + - @ and their full-width forms (U+FF1D, U+FF0B, U+FF0D, U+FF20)
_FORMULA = set("=+-@\uff1d\uff0b\uff0d\uff20")


def defuse(cell: str) -> str:
    """A CSV cell a spreadsheet would run as a formula, prefixed with `'`: one that starts
    with = + - @ (or their full-width forms), a tab or a CR, after any blanks and
    invisible characters."""
    lead = cell
    while lead and (lead[0].isspace() or unicodedata.category(lead[0]) == "Cf"):
        lead = lead[1:]
    return "'" + cell if lead[:1] in _FORMULA or cell[:1] in ("\t", "\r") else cell

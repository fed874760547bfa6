"""Text from data files, made safe to show: control characters made visible, long values
cut, and cells a spreadsheet would run defused. Every output that echoes a value from a
data file or the command line passes it through here."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# Characters that act rather than show, or show nothing, on a terminal, in a CSV, in a
# calendar or on a web page: every character of Unicode's categories Cc (C0 and C1
# controls, DEL), Cf (format: the bidirectional controls of "Trojan Source", zero-width
# characters, soft hyphen, the invisible tag characters U+E0000..E007F that can carry
# hidden text), Zl and Zp (line and paragraph separators), and the noncharacters.
# Ranges from Unicode 14 (Python 3.11's unicodedata); tests/test_text.py checks them.
CONTROL_RANGES = (
    (0x00, 0x1F), (0x7F, 0x9F), (0xAD, 0xAD), (0x600, 0x605), (0x61C, 0x61C), (0x6DD, 0x6DD),
    (0x70F, 0x70F), (0x890, 0x891), (0x8E2, 0x8E2), (0x180E, 0x180E), (0x200B, 0x200F),
    (0x2028, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F), (0xFDD0, 0xFDEF), (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB), (0xFFFE, 0xFFFF), (0x110BD, 0x110BD), (0x110CD, 0x110CD),
    (0x13430, 0x13438), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
    *((plane + 0xFFFE, plane + 0xFFFF) for plane in range(0x10000, 0x110000, 0x10000)),
)  # fmt: skip
_CLASS = "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in CONTROL_RANGES)


@cache
def _pattern(keep: str) -> re.Pattern[str]:
    kept = f"(?![{re.escape(keep)}])" if keep else ""
    return re.compile(f"{kept}[{_CLASS}]")


def _escape(m: re.Match[str]) -> str:
    code = ord(m[0])
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )


def visible(text: str, keep: str = "") -> str:
    """`text` with every control or invisible character written as an escape (`\\x1b`,
    `\\u202e`, `\\U000e0041`), but those in `keep` (e.g. "\\n" where a line break is
    wanted). Text with none is returned as it is, at the cost of one scan."""
    pattern = _pattern(keep)
    return pattern.sub(_escape, text) if pattern.search(text) else text


_BLANKS = {0x09: " ", 0x0A: " ", 0x0D: " "}


def one_line(text: str) -> str:
    """`text` on one line: tabs and line ends become spaces, other controls escapes."""
    return visible(text.translate(_BLANKS))


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


def search_key(text: str) -> str:
    """How text is compared by a search: compatibility-decomposed (NFKD), without accents
    or other combining marks, case-folded, blanks collapsed ("Público" and "publico",
    "ﬁscal" and "FISCAL", "Straße" and "strasse" compare equal)."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.split())

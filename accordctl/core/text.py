"""Text from data files, made safe to show: control characters made visible, long values
cut, and cells a spreadsheet would run defused. Every output that echoes a value from a
data file or the command line passes it through here."""

from __future__ import annotations

import re
import unicodedata

# Characters that act rather than show, or show nothing, on a terminal, in a CSV, in a
# calendar or on a web page, decided by the running Python's Unicode database (never by a
# copied table, which a newer Unicode outdates): Unicode's categories Cc (C0 and C1
# controls, DEL; tab and line ends too), Cf (format: the bidirectional controls of "Trojan
# Source", zero-width characters, soft hyphen, the invisible tag characters that can carry
# hidden text), Co (private use: a glyph of some font, or nothing), Cs (a lone surrogate:
# an undecodable byte of a file name), Zl and Zp (line and paragraph separators), and the
# 66 noncharacters (Cn, never to be assigned). Unassigned code points are left as they
# are: the next Unicode may make them letters or emoji, which a newer terminal shows.
HIDDEN = frozenset(("Cc", "Cf", "Co", "Cs", "Zl", "Zp"))


def hidden(char: str) -> bool:
    """Whether `char` is one `visible` escapes (see HIDDEN)."""
    code = ord(char)
    noncharacter = 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE
    return noncharacter or unicodedata.category(char) in HIDDEN


def _escape(char: str) -> str | None:
    """The escape of a hidden character (`\\x1b`, `\\u202e`, `\\U000e0041`), else None."""
    if not hidden(char):
        return None
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible(text: str, keep: str = "") -> str:
    """`text` with every control or invisible character written as an escape (`\\x1b`,
    `\\u202e`, `\\U000e0041`), but those in `keep` (e.g. "\\n" where a line break is
    wanted). Text with none is returned as it is."""
    if text.isprintable():  # the common case, in one pass in C: nothing hidden in it
        return text
    # Each distinct character is looked at once, however long the text; most of them in C.
    odd = [c for c in set(text) if not c.isprintable() and c not in keep]
    table = {ord(c): e for c in odd if (e := _escape(c)) is not None}
    return text.translate(table) if table else text


def one_line(text: str) -> str:
    """`text` on one line: tabs and line ends, like every other control character, shown
    as escapes (`\\x09`, `\\x0a`), so that a value with them reads apart from one with
    blanks."""
    return visible(text)


# Runs of blanks, tabs and line ends (Unicode's too: U+2028, NEL) but the information
# separators U+001C to U+001F, which str.split() would also take for blanks.
_BLANKS = re.compile(r"[^\S\x1c-\x1f]+")


def flat(text: str) -> str:
    """Text for people on one line (a title, a note, a calendar's summary): each run of
    blanks, tabs and line ends one blank, as in a paragraph that is wrapped, and every
    other hidden character made visible (`visible`)."""
    return visible(_BLANKS.sub(" ", text).strip())


def short(text: str, limit: int = 60) -> str:
    """Text on one line (`flat`), cut at a word boundary to `limit` characters, with an
    ellipsis."""
    text = flat(text)
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


def noun(n: int, word: str) -> str:
    """`word` for a count of `n`: "1 deadline", "2 deadlines" (the caller writes n)."""
    return word if n == 1 else word + "s"

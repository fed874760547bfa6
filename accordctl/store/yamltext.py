"""YAML text, character by character, for editing a file in place: where its lines start
and end (every line break YAML knows: LF, CR LF, a lone CR, NEL, LS and PS), where its
comments are, and how to write a value so that every YAML reader reads it back as it was.

Positions are the character indexes of the marks the loader's composer gives each node
(libyaml's and PyYAML's count characters alike).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

BREAKS = "\r\n\x85\u2028\u2029"  # YAML 1.1's line breaks, as the loader reads them
LOOSE = "\x85\u2028\u2029"  # of those, the ones YAML 1.2 reads as text, not as a break
_REAL = re.compile(r"\r\n|\r|\n")

# Words that some YAML reader takes for something other than text when written plain: YAML
# 1.1's booleans (PyYAML reads `yes`, `on`; other readers `y`, `n` too) and nulls, YAML
# 1.2's special floats without their dot (a reader of either version may be lenient).
_RESERVED = frozenset(["y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf"])
_PLAIN_INSIDE = frozenset(" ._/()-'")  # after a letter, none of these starts a token
_ID_TEXT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")  # ASCII: isalnum() takes `²` for a digit
_LETTER = re.compile(r"[A-Za-z]")
# What some YAML reads as a number though it holds a letter: hex, octal and binary integers
# (1.1 and 1.2), and numbers with an exponent (1.2 takes `1e3`; a lenient 1.1 reader too).
_NUMBER = re.compile(r"0[xob][0-9a-f_]*|(\.[0-9_]+|[0-9][0-9_]*(\.[0-9_]*)?)(e[-+]?[0-9_]*)?", re.I)
_ESCAPES = {
    "\0": "\\0", "\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v",
    "\f": "\\f", "\r": "\\r", "\x1b": "\\e", '"': '\\"', "\\": "\\\\", "\x85": "\\N",
    "\u2028": "\\L", "\u2029": "\\P",
}  # fmt: skip


def line_start(text: str, i: int) -> int:
    """Where the line holding index i starts."""
    return max(text.rfind(c, 0, i) for c in BREAKS) + 1


def line_end(text: str, i: int) -> int:
    """Where the line holding index i ends: the index of its line break (or the text's
    end)."""
    ends = [j for j in (text.find(c, i) for c in BREAKS) if j >= 0]
    return min(ends, default=len(text))


def break_at(text: str, i: int) -> str:
    """The line break that starts at index i ("" at the end of the text)."""
    return "\r\n" if text.startswith("\r\n", i) else text[i : i + 1]


def new_break(text: str, i: int) -> str:
    """The line break to write for a line an edit adds at index i: the one that ends that
    line (or, at the end of the text or the start of a line, the line before), so that LF,
    CR LF and CR files keep theirs; but never NEL, U+2028 or U+2029, which a YAML 1.2 reader
    takes for text (the added line would join the one before): then the file's first LF,
    CR LF or CR, else LF."""
    brk = break_at(text, i) if i < len(text) and text[i] in BREAKS else break_before(text, i)
    if brk not in LOOSE:
        return brk
    real = _REAL.search(text)
    return real.group() if real else "\n"


def break_before(text: str, i: int) -> str:
    """The line break that ends the line before the one holding index i ("\\n" if none)."""
    start = line_start(text, i)
    if start == 0:
        return "\n"
    return "\r\n" if text[start - 2 : start] == "\r\n" else text[start - 1]


def _printable(c: str) -> bool:
    """Whether YAML lets `c` stand for itself inside quotes on one line (c-printable,
    without the line breaks and the byte order mark)."""
    o = ord(c)
    return (
        c == "\t"
        or 0x20 <= o <= 0x7E
        or (0xA0 <= o <= 0xFFFD and not 0xD800 <= o <= 0xDFFF and c not in "\u2028\u2029\ufeff")
        or o >= 0x10000
    )


def _plain_is_text(value: str) -> bool:
    """Whether `value` written without quotes reads back as this text in any reader, block
    or flow, YAML 1.1 or 1.2: a letter first, then letters, digits and a few marks that
    start no token, no blank at the end, and no word a reader takes for a boolean, a null
    or a number; or an id that starts with a digit (`3a`, `29-done-2008-12-09`) but holds a
    letter and is no number in any YAML (`0x1F`, `0o17`, `1e3` are)."""
    if value.lower() in _RESERVED:
        return False
    if _ID_TEXT.fullmatch(value):
        return _LETTER.search(value) is not None and not _NUMBER.fullmatch(value)
    return (
        value[:1].isalpha()
        and value[-1] != " "
        and all(c.isalnum() or c in _PLAIN_INSIDE for c in value)
    )


def scalar(value: str) -> str:
    """`value` as YAML text that every reader reads back as exactly this string, in a block
    or a flow collection: plain where that is unambiguous (`state budgets cut`), else in
    single quotes (`'yes'`, `'0123'`, `'https://example.org/a, b'`, `' padded '`), else, for
    line breaks, controls and other characters that cannot stand for themselves, in double
    quotes with escapes (`"a\\nb"`)."""
    if _plain_is_text(value):
        return value
    if all(map(_printable, value)):
        return "'" + value.replace("'", "''") + "'"
    return quoted(value)


def ident(value: str) -> str:
    """An id as YAML text, as the shipped file writes ids: plain where every reader reads it
    as this text (`3a`, `senate-vote`), else in double quotes (`"29"`, `"0123"`, `"yes"`)."""
    return value if _plain_is_text(value) else quoted(value)


def quoted(value: str) -> str:
    """`value` in double quotes, every character that cannot stand for itself escaped."""
    return '"' + "".join(_escape(c) for c in value) + '"'


def _escape(c: str) -> str:
    if c in _ESCAPES:
        return _ESCAPES[c]
    if _printable(c):
        return c
    o = ord(c)
    return f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}" if o < 0x10000 else f"\\U{o:08x}"


_JSON_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
}


def json_string(value: str) -> str:
    """`value` as a JSON string that every YAML reader reads back as this string too: the
    escapes both know, and `\\uXXXX` for every other character YAML does not let stand
    for itself (controls, a lone surrogate, NEL, U+2028, U+2029: line breaks to YAML 1.1);
    a character past U+FFFF stands for itself (YAML 1.1 reads no surrogate pair)."""
    out = []
    for c in value:
        if c in _JSON_ESCAPES:
            out.append(_JSON_ESCAPES[c])
        elif _printable(c) and c != "\x85":
            out.append(c)
        else:
            out.append(f"\\u{ord(c):04x}")
    return '"' + "".join(out) + '"'


def json_style(node: yaml.Node) -> bool:
    """Whether a mapping is written as JSON writes one: in flow style, every key in double
    quotes (a JSON file); what an edit adds to it is written the same way."""
    return (
        isinstance(node, yaml.MappingNode)
        and bool(node.flow_style)
        and bool(node.value)
        and all(isinstance(k, yaml.ScalarNode) and k.style == '"' for k, _ in node.value)
    )


def node_end(text: str, node: yaml.Node) -> int:
    """Where a node's own text ends: a block collection's end mark lies past the comments
    and blank lines that follow it, and a block scalar's past its line break and trailing
    blank lines; this is the end of its last character (for a `|+` scalar, which keeps
    those blank lines, the start of its last line break)."""
    while isinstance(node, yaml.CollectionNode) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    end: int = node.end_mark.index
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        if "+" in text[node.start_mark.index : line_end(text, node.start_mark.index)]:
            # `|+` keeps its trailing line breaks: they are its text, up to the last one
            return end - len(break_before(text, end)) if end and text[end - 1] in BREAKS else end
        while end > node.start_mark.index + 1 and text[end - 1] in " \t" + BREAKS:
            end -= 1
    return end


def _scalars(node: yaml.Node) -> Iterator[yaml.ScalarNode]:
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.ScalarNode):
            yield n
        elif isinstance(n, yaml.MappingNode):
            stack.extend(x for pair in n.value for x in pair)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)


def comments(text: str, start: int, stop: int, node: yaml.Node) -> list[tuple[int, str]]:
    """The comments between `start` and `stop`, a stretch of `node`'s text: each with its
    index and its text from `#` to the end of its line. Between the node's scalars, a `#`
    always starts a comment (that is how the scanner reads it); inside a block scalar, only
    its header can hold one (`| # why`)."""
    found: list[tuple[int, str]] = []
    at = start
    for a, b, style in sorted(
        (n.start_mark.index, node_end(text, n), n.style) for n in _scalars(node)
    ):
        if b <= at:
            continue
        if a >= stop:
            break
        found += _gap_comments(text, at, a)
        if style in ("|", ">"):
            header = text[a : line_end(text, a)]
            mark = min((header.find(m) for m in (" #", "\t#") if m in header), default=-1)
            if mark >= 0:
                found.append((a + mark + 1, header[mark + 1 :]))
        at = b
    return found + _gap_comments(text, at, stop)


def _gap_comments(text: str, a: int, b: int) -> list[tuple[int, str]]:
    found = []
    i = text.find("#", a, b)
    while i >= 0:
        end = line_end(text, i)
        found.append((i, text[i:end]))
        i = text.find("#", end, b)
    return found

"""Edit a data file's text in place: set or clear the progress keys (`status`,
`completed`, `evidence`) of some deadlines, and keep every other byte of the file.

ruamel.yaml loads the text round-trip and sets the keys; only the text of the edited
deadlines is taken from what it writes back, and spliced into the original text. A flow
mapping (`- {source: 3 months, deadline: 3 months}`) is replaced from `{` to `}`; a block
mapping from its first key to its last line, re-indented to the file's columns, with the
comment lines that follow it (ruamel.yaml keeps those with the mapping's last key, and they
stay after it). Comments, blank lines, quoting, `null`s and line ends elsewhere are never
rewritten (ruamel.yaml alone would write `null` as an empty value, for one).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import yaml

from accordctl.core.errors import InputError

Progress = tuple[str | None, date | None, str | None]  # status, completed, evidence
KEYS = ("status", "completed", "evidence")


def _cannot(name: str, e: yaml.YAMLError) -> InputError:
    """The editor's parser refused a file that accordctl reads: say where, and what to do."""
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
    problem = getattr(e, "problem", None) or type(e).__name__
    return InputError(
        f"{where}: cannot edit in place: {problem} (accordctl reads the file, but its editor "
        "does not; record the progress by hand)"
    )


def _compose(text: str, name: str) -> yaml.Node:
    """The file's nodes, with exact character positions (the pure-Python composer: its
    marks count characters, as the splicing below does)."""
    try:
        node = yaml.compose(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError as e:
        raise _cannot(name, e) from None
    if node is None:
        raise InputError(f"{name}: cannot edit in place: empty file")
    return node


def _get(node: yaml.Node, key: str) -> yaml.Node:
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return v  # type: ignore[no-any-return]
    raise KeyError(key)


def _item(root: yaml.Node, i: int, j: int) -> yaml.Node:
    """The j-th deadline of the i-th commitment."""
    item: yaml.Node = _get(_get(root, "commitments").value[i], "deadlines").value[j]
    return item


def _line_start(text: str, i: int) -> int:
    return text.rfind("\n", 0, i) + 1


def _line_end(text: str, i: int) -> int:
    """Where the line holding index i ends (before its CR LF or LF)."""
    j = text.find("\n", i)
    j = len(text) if j < 0 else j
    return j - 1 if j > i and text[j - 1] == "\r" else j


def _last_end(text: str, node: yaml.Node) -> int:
    """Where a node's last value ends (a block collection's end mark lies past the
    comments that follow it; a block scalar's past its line break)."""
    while isinstance(node, yaml.CollectionNode) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    end: int = node.end_mark.index
    while end > node.start_mark.index and text[end - 1] in "\r\n":
        end -= 1
    return end


def _comments_after(text: str, end: int) -> int:
    """`end` moved over the comment lines that follow it (and the blank lines between
    them): ruamel.yaml keeps those comments with a mapping's last key."""
    best = pos = end
    while pos < len(text):
        start = text.find("\n", pos)
        if start < 0:
            break
        stop = _line_end(text, start + 1)
        line = text[start + 1 : stop].strip()
        if line.startswith("#"):
            best = stop
        elif line or stop >= len(text):
            break
        pos = stop
    return best


def _flow(node: yaml.Node) -> bool:
    return isinstance(node, yaml.CollectionNode) and bool(node.flow_style)


def _span(text: str, node: yaml.Node) -> tuple[int, int, int]:
    """The text of one deadline: a flow mapping from `{` to `}`; a block mapping from its
    first key to the end of its last line, with the comment lines after it. The third
    value is where its own lines end (the comments after them are not re-indented)."""
    start: int = node.start_mark.index
    if _flow(node):
        return start, node.end_mark.index, node.end_mark.index
    own = _line_end(text, _last_end(text, node))
    return start, _comments_after(text, own), own


def _reindent(piece: str, own: int, delta: int, comments: dict[str, int]) -> str:
    """Shift the lines after the first by `delta` columns, up to `own`: block content that
    ruamel.yaml indented from another column than the file's (a file indented one way here
    and another there)."""
    if delta == 0:
        return piece
    head, tail = piece[:own], piece[own:]
    lines = head.split("\n")
    for k in range(1, len(lines)):
        line = lines[k]
        if line.lstrip().startswith("#"):
            continue  # ruamel.yaml writes a comment line as it found it, indentation included
        if delta > 0:
            line = " " * delta + line if line.strip() else line
        elif line[:-delta].strip() == "":
            line = line[-delta:]
        else:
            raise ValueError("cannot re-indent")
        lines[k] = _comment_back(line, comments)
    return "\n".join(lines) + tail


def _comment_back(line: str, comments: dict[str, int]) -> str:
    """Put an end-of-line comment back at the column it had (ruamel.yaml keeps it at that
    column of its own output, which re-indenting has moved)."""
    for comment, column in comments.items():
        body = line[: -len(comment)]
        if line.endswith(comment) and body.endswith(" ") and body.strip():
            body = body.rstrip()
            return body + " " * max(1, column - len(body)) + comment
    return line


def _eol_comments(m: Any) -> dict[str, int]:
    """The end-of-line comments of a round-trip mapping, with the column of each."""
    out = {}
    for entry in m.ca.items.values():
        token = entry[2] if len(entry) > 2 else None
        column = getattr(getattr(token, "start_mark", None), "column", None)
        if token is not None and token.value.startswith("#") and column is not None:
            out[token.value.split("\n", 1)[0].rstrip()] = column
    return out


def _round_trip(indent: tuple[int, int] | None) -> Any:
    """A ruamel.yaml round-trip loader and dumper that keeps quotes, folds no line, writes
    `null` as `null`, writes no aliases, and indents block sequences as `indent` says."""
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 1 << 30  # never fold a long line
    if indent is not None:
        y.indent(mapping=2, sequence=indent[1], offset=indent[0])

    def null(representer: Any, _: None) -> Any:
        return representer.represent_scalar("tag:yaml.org,2002:null", "null")

    y.representer.add_representer(type(None), null)
    # one date set on two deadlines would be written once with an anchor and then as an
    # alias, which the loader refuses
    y.representer.ignore_aliases = lambda _: True
    return y


def _seq_indent(text: str, mapping: yaml.Node) -> tuple[int, int] | None:
    """(dash offset, item indent) of the first block sequence held by a key of `mapping`,
    both counted from the key's column."""
    for key, value in mapping.value:
        if isinstance(value, yaml.SequenceNode) and not _flow(value) and value.value:
            start = value.value[0].start_mark.index
            dash = text[_line_start(text, start) : start].rfind("-")
            col = key.start_mark.column
            offset, indent = dash - col, value.value[0].start_mark.column - col
            if offset >= 0 and indent >= offset + 2:
                return offset, indent
    return None


def _set(m: Any, new: Progress) -> None:
    """Set or remove the progress keys of a round-trip mapping. A new key goes before
    `extensions` (whose list ruamel.yaml keeps the comments after), else last."""
    for key, value in zip(KEYS, new, strict=True):
        if value is None and key in m:
            _remove(m, key)
        elif value is not None and key in m:
            if _plain(m[key]) != value:
                m[key] = value
        elif value is not None:
            _add(m, key, value)


def _add(m: Any, key: str, value: Any) -> None:
    """Insert a key; the comment lines after the key before it move after it (ruamel.yaml
    keeps comment lines with the key whose value they follow)."""
    keys = list(m)
    at = keys.index("extensions") if "extensions" in keys else len(keys)
    tail = _detach_tail(m, keys[at - 1]) if at else None
    m.insert(at, key, value)
    if tail:
        _attach_tail(m, key, tail)


def _remove(m: Any, key: str) -> None:
    """Remove a key; the comment lines after it move to the key before it."""
    keys = list(m)
    at = keys.index(key)
    tail = _detach_tail(m, key)
    del m[key]
    if tail and at:
        _attach_tail(m, keys[at - 1], tail)


def _plain(value: Any) -> Any:
    """A round-trip value as the loader reads it (ruamel's timestamps are datetimes)."""
    return value.date() if isinstance(value, datetime) else value


def _detach_tail(m: Any, key: Any) -> str | None:
    """Take the comment lines after `key`'s value from it (its end-of-line comment stays)."""
    entry = m.ca.items.get(key)
    if not entry or len(entry) < 3 or entry[2] is None:
        return None
    head, _, rest = entry[2].value.partition("\n")
    if not rest:
        return None
    if head:
        entry[2].value = head + "\n"
    else:
        entry[2] = None
    return str(rest)


def _attach_tail(m: Any, key: Any, tail: str) -> None:
    """Put comment lines after `key`'s value (after its end-of-line comment, if any)."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    entry = m.ca.items.setdefault(key, [None, None, None, None])
    if entry[2] is None:
        entry[2] = CommentToken("\n" + tail, CommentMark(0), None)
    else:
        entry[2].value += tail


def set_progress(text: str, name: str, edits: Sequence[tuple[int, int, Progress]]) -> str:
    """`text` with the progress of deadline j of commitment i set as each `(i, j, progress)`
    of `edits` says (a None removes the key); the rest of the text is kept as it is."""
    from ruamel.yaml.error import YAMLError

    # a file with CRLF line ends is edited as LF and given its CRLFs back
    crlf = "\r\n" in text and text.count("\n") == text.count("\r\n")
    if crlf:
        text = text.replace("\r\n", "\n")
    root = _compose(text, name)
    i, j = edits[0][:2]
    # block sequences inside the deadline come out as ruamel.yaml indents them: as the
    # file's there if it has any, else as its `deadlines` list (the deadline's own lines
    # are then moved to the file's columns)
    entry = _get(root, "commitments").value[i]
    y = _round_trip(_seq_indent(text, _item(root, i, j)) or _seq_indent(text, entry))
    try:
        data = y.load(text)
        comments: dict[str, int] = {}
        for i, j, progress in edits:
            m = data["commitments"][i]["deadlines"][j]
            comments |= _eol_comments(m)
            _set(m, progress)
        buf = io.StringIO()
        y.dump(data, buf)
    except YAMLError as e:
        raise _cannot(name, e) from None  # type: ignore[arg-type]
    out = buf.getvalue()
    new_root = _compose(out, name)
    pieces = []
    for i, j, _ in edits:
        was, now = _item(root, i, j), _item(new_root, i, j)
        a, b, _ = _span(text, was)
        c, d, own = _span(out, now)
        try:
            delta = was.start_mark.column - now.start_mark.column
            piece = _reindent(out[c:d], own - c, delta, comments)
        except ValueError:
            raise InputError(f"{name}: cannot edit in place: unusual indentation") from None
        pieces.append((a, b, piece))
    for a, b, piece in sorted(pieces, reverse=True):
        text = text[:a] + piece + text[b:]
    return text.replace("\n", "\r\n") if crlf else text

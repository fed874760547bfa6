"""Edit a data file's text in place: set, replace or remove keys of a mapping, and keep
every other character of the file as it was.

An edit is a list of splices (replace the text from here to there with this), worked out
from the nodes the loader composed, whose marks give each key and value's place in the
text. Only the keys that change are touched: a value is replaced where it stands, a
removed key takes its own text with it (a whole line in a block mapping, the key, its value
and one comma in a flow one) but never a comment, which stays where it was; a new key
goes after the mapping's last key (before `extensions`), on a line of its own indented like
the others in a block mapping, after a comma in a flow one. Line breaks are copied from the
line an addition follows, so LF, CR LF and lone CR files (or a mix) keep theirs; never NEL,
U+2028 or U+2029, which YAML 1.2 reads as text (see `yamltext.new_break`). Nothing here
decides what is right to write; `store/readback.py` checks the result.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate

import yaml

from accordctl.core.model import Deadline
from accordctl.core.reader import is_null
from accordctl.store.yamltext import (
    BREAKS,
    LOOSE,
    break_at,
    break_before,
    comments,
    ident,
    json_string,
    json_style,
    line_end,
    line_start,
    new_break,
    node_end,
    scalar,
)

Changes = Mapping[str, str | None]  # key -> the YAML text of its new value, None: remove it


class CannotSplice(ValueError):
    """The text is laid out in a way an edit in place cannot handle (an explicit `? key`,
    say); the caller refuses the edit and leaves the file as it was."""


@dataclass(frozen=True)
class Splice:
    """Replace text[start:end] with `text` (start == end: insert)."""

    start: int
    end: int
    text: str


def apply(text: str, splices: Sequence[Splice]) -> str:
    """`text` with every splice made (they may touch, never overlap)."""
    out, at = [], 0
    for s in sorted(splices, key=lambda s: (s.start, s.end)):
        if s.start < at:
            raise CannotSplice("two changes overlap")
        out += [text[at : s.start], s.text]
        at = s.end
    return "".join([*out, text[at:]])


def key_of(pair: tuple[yaml.Node, yaml.Node]) -> str | None:
    """A pair's key as text (None for a key that is not a scalar)."""
    key = pair[0]
    return key.value if isinstance(key, yaml.ScalarNode) else None


def get(node: yaml.Node, key: str) -> yaml.Node:
    """The value of `key` in a mapping node (KeyError if it has none)."""
    for pair in node.value:
        if key_of(pair) == key:
            return pair[1]  # type: ignore[no-any-return]
    raise KeyError(key)


def moved(spans: Sequence[tuple[int, int]], splices: Sequence[Splice]) -> list[tuple[int, int]]:
    """Where each stretch of text stands once `splices` are made (none of them cuts across
    either end of a stretch; one that ends where a stretch starts is before it). One sort
    and a binary search a point: an edit of thousands of keys stays linear."""
    ordered = sorted(splices, key=lambda s: s.end)
    ends = [s.end for s in ordered]
    grown = [0, *accumulate(len(s.text) - (s.end - s.start) for s in ordered)]

    def shift(at: int) -> int:
        return at + grown[bisect_right(ends, at)]

    return [(shift(a), shift(b)) for a, b in spans]


def region(text: str, node: yaml.MappingNode) -> tuple[int, int]:
    """The stretch of text a mapping's splices stay inside: a flow mapping from `{` to `}`;
    a block mapping from the start of its first key's line to the end of its last line,
    its line break included (comment lines after it are not its own)."""
    if node.flow_style:
        return node.start_mark.index, node.end_mark.index
    end = line_end(text, node_end(text, node))
    return line_start(text, node.start_mark.index), end + len(break_at(text, end))


def set_keys(
    text: str, node: yaml.MappingNode, changes: Changes, before: str = "extensions"
) -> list[Splice]:
    """The splices that give the mapping `node` the values of `changes` (the YAML text of
    each value; None removes the key). New keys go, in the order given, after the last key
    that stays, or before `before` if the mapping has it."""
    pairs = node.value
    where = {key_of(p): n for n, p in enumerate(pairs)}
    gone = sorted(where[k] for k, v in changes.items() if v is None and k in where)
    out = []
    for k, v in changes.items():
        if v is not None and k in where:
            key, value = pairs[where[k]]
            out.append(_replace(text, key, value, v))
    for run in _runs(gone):
        remove = _remove_flow if node.flow_style else _remove_block
        out.append(remove(text, node, run[0], run[-1]))
    json = json_style(node)
    new = [pair(k, v, json) for k, v in changes.items() if v is not None and k not in where]
    if new:
        out.append(_add(text, node, new, set(gone), where.get(before)))
    return out


def _runs(indexes: list[int]) -> list[list[int]]:
    """Consecutive indexes grouped: [1, 2, 4] -> [[1, 2], [4]]."""
    runs: list[list[int]] = []
    for n in indexes:
        if runs and runs[-1][-1] == n - 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return runs


def _replace(text: str, key: yaml.Node, value: yaml.Node, new: str) -> Splice:
    """A value replaced where it stands. An empty value gets what it lacks before the new
    one: `key:` a blank, a bare `key` in a flow mapping `: `; a block scalar's header
    comment (`key: | # why`) stays after it; a block list written at its key's column
    (`facts:` then `- f1` under it) is replaced by a flow one indented past the key."""
    a, b = value.start_mark.index, node_end(text, value)
    if a == b:  # nothing written: the new value goes right after the key's colon
        colon = text.find(":", key.end_mark.index, a)
        a = b = key.end_mark.index if colon < 0 else colon + 1
        new = (" " if colon >= 0 else ": ") + new
    block = isinstance(value, yaml.SequenceNode) and not value.flow_style
    if block and value.start_mark.column <= key.start_mark.column:  # `- f1` at its column
        new = "  " + new  # a flow value on that line must stand right of the key
    if isinstance(value, yaml.ScalarNode) and value.style in ("|", ">"):
        header = text[a : line_end(text, a)]
        mark = min((header.find(m) for m in (" #", "\t#") if m in header), default=-1)
        new += header[mark:] if mark >= 0 else ""
    return Splice(a, b, new)


def _kept(text: str, node: yaml.Node, a: int, b: int) -> list[tuple[str, str]]:
    """The comments between a and b, each with the line break that ends its line: text
    that is removed keeps these, each on a line of its own, its break as it was."""
    return [(c, break_at(text, line_end(text, i))) for i, c in comments(text, a, b, node)]


def _remove_block(text: str, node: yaml.MappingNode, first: int, last: int) -> Splice:
    """Pairs first..last of a block mapping removed, with their lines; their comments stay,
    each on a line of its own at the key's indentation."""
    pairs = node.value
    key = pairs[first][0].start_mark.index
    start = line_start(text, key)
    lead = text[start:key]
    indent = lead[: len(lead) - len(lead.lstrip(" "))]
    end = line_end(text, node_end(text, pairs[last][1]))
    if lead.strip(" ") in ("", "?"):  # the keys' own lines (`? key` is one too)
        kept = _kept(text, node, start, end)
        if end < len(text):
            brk = break_at(text, end)
            return Splice(start, end + len(brk), "".join(indent + c + b for c, b in kept))
        # the file's last line, with no break: the line before gives up its break instead
        breaks = [break_before(text, start), *(b for _, b in kept)]
        lines = "".join(b + indent + c for b, (c, _) in zip(breaks, kept, strict=False))
        return Splice(start - len(breaks[0]) if start else 0, end, lines)
    if lead.strip(" -") != "" or last + 1 >= len(pairs):
        raise CannotSplice("a key that does not start its line")
    # `- status: done` on a sequence's dash line: the next key moves up to the dash
    after = pairs[last + 1][0]
    margin = " " * after.start_mark.column
    kept = _kept(text, node, key, after.start_mark.index)
    return Splice(key, after.start_mark.index, "".join(c + b + margin for c, b in kept))


def _comma(text: str, a: int, b: int, last: bool = False) -> int:
    """The index of the first (or last) comma between a and b that is not in a comment."""
    found, i = -1, a
    while i < b:
        if text[i] == "#":
            i = line_end(text, i)
            continue
        if text[i] == ",":
            found = i
            if not last:
                break
        i += 1
    if found < 0:
        raise CannotSplice("no comma between the pairs of a flow mapping")
    return found


def _remove_flow(text: str, node: yaml.MappingNode, first: int, last: int) -> Splice:
    """Pairs first..last of a flow mapping removed with one comma; their comments stay,
    each followed by a line break (a comment runs to the end of its line)."""
    pairs = node.value
    key = pairs[first][0].start_mark.index
    end = node_end(text, pairs[last][1])
    if first > 0:  # `, status: done` after the pair before, as `_add` writes it
        start = node_end(text, pairs[first - 1][1])
        if not comments(text, start, end, node):
            return Splice(start, end, "")
    if last + 1 < len(pairs):  # `status: done, ` before the next key
        start = key
        end = _comma(text, end, pairs[last + 1][0].start_mark.index) + 1
        while end < len(text) and text[end] in " \t":
            end += 1
        lead = line_start(text, start)
        if text[lead:start].strip(" \t") == "" and end < len(text) and text[end] in BREAKS:
            brk = break_at(text, end)  # pairs on lines of their own: their lines go
            kept = _kept(text, node, lead, end)
            margin = text[lead:key]
            return Splice(lead, end + len(brk), "".join(margin + c + b for c, b in kept))
    elif first > 0:  # `, status: done` after the pair before
        start = _comma(text, node_end(text, pairs[first - 1][1]), key, last=True)
    else:
        raise CannotSplice("a flow mapping left with no key")
    kept = _kept(text, node, start, end)
    if not kept:
        return Splice(start, end, "")
    margin = " " * pairs[first][0].start_mark.column
    blank = "" if text[start - 1] in " \t" + BREAKS else " "  # `1 # c`, not `1# c`
    return Splice(start, end, blank + "".join(c + b + margin for c, b in kept))


def _add(
    text: str, node: yaml.MappingNode, new: list[str], gone: set[int], before: int | None
) -> Splice:
    """New pairs after the last pair that stays (before the pair at `before`, if any)."""
    pairs = node.value
    staying = [n for n in range(len(pairs)) if n not in gone]
    if not staying:
        raise CannotSplice("a mapping left with no key")
    earlier = [n for n in staying if before is not None and n < before]
    anchor = (earlier or staying)[-1]
    at = node_end(text, pairs[anchor][1])
    if node.flow_style:
        return Splice(at, at, "".join(", " + item for item in new))
    at = _end_for_lines(text, at)
    brk = new_break(text, at)
    return Splice(at, at, "".join(brk + _margin(text, pairs) + item for item in new))


def _margin(text: str, pairs: list[tuple[yaml.Node, yaml.Node]]) -> str:
    """The indentation of a block mapping's keys: that of a key that starts its line (an
    explicit `? key` starts where its `?` does), else the column of the first key (on a
    sequence's dash line: `- key`, `- ? key`)."""
    for key, _ in pairs:
        start = line_start(text, key.start_mark.index)
        lead = text[start : key.start_mark.index]
        if lead.strip(" ") in ("", "?"):
            return lead[: len(lead) - len(lead.lstrip(" "))]
    first = pairs[0][0].start_mark.index
    start = line_start(text, first)
    lead = text[start:first].rstrip(" ")
    return " " * (len(lead) - 1 if lead.endswith("?") else first - start)


def commitments_of(root: yaml.Node) -> yaml.SequenceNode | None:
    """The list of commitments of a file's root node, if it has one."""
    try:
        listed = get(root, "commitments") if isinstance(root, yaml.MappingNode) else None
    except KeyError:
        return None
    return listed if isinstance(listed, yaml.SequenceNode) else None


def deadline_of(commitment: yaml.Node, j: int) -> yaml.MappingNode:
    """The node of a commitment's deadline j (as the loader counts them)."""
    node = get(commitment, "deadlines").value[j]
    if not isinstance(node, yaml.MappingNode):
        raise CannotSplice("a deadline that is not a mapping")
    return node


def progress_changes(old: Deadline, new: Deadline, json: bool = False) -> dict[str, str | None]:
    """The keys of the progress recorded that change from `old` to `new`, with the YAML
    text of their new values (None: the key goes), in the order a deadline writes them;
    `json`: every value as JSON writes it (a date as a string), for a JSON file."""
    text = json_string if json else scalar
    out: dict[str, str | None] = {}
    if old.status != new.status:
        out["status"] = None if new.status is None else text(new.status)
    for key, was, now in (
        ("completed", old.completed, new.completed),
        ("since", old.since, new.since),
    ):
        if was != now:
            day = None if now is None else now.isoformat()
            out[key] = json_string(day) if json and day else day
    if old.facts != new.facts:
        out["facts"] = flow_list(new.facts, json) if new.facts else None
    for key, said, says in (
        ("judgement", old.judgement, new.judgement),
        ("evidence", old.evidence, new.evidence),
    ):
        if said != says:
            out[key] = None if says is None else text(says)
    return out


def flow_list(ids: Sequence[str], json: bool = False) -> str:
    """Ids as a flow list, each written as `ident` writes it (`["29", 3a, senate-vote]`):
    every reader reads each back as the same text, never as a number, a date or a boolean;
    `json`: each as a JSON string."""
    return "[" + ", ".join(map(json_string if json else ident, ids)) + "]"


def pair(key: str, value: str, json: bool = False) -> str:
    """A mapping's pair as text: `key: value`, or `"key": value` in a JSON mapping."""
    return f"{json_string(key) if json else key}: {value}"


def append_item(
    text: str, root: yaml.MappingNode, key: str, pairs: Sequence[tuple[str, str]]
) -> list[Splice]:
    """The splices that add a block mapping (`pairs`: each key with its value's YAML text)
    as the last item of the list under the top-level `key`, in the list's own indentation;
    a list that is empty or null is given this one item (a comment on its line stays), and
    a file without the key gets it, at its end; a list in flow style, or a file whose top
    level is, gets a flow mapping (`_append_flow`). Anything else is refused."""
    where = {key_of(p): p for p in root.value}
    flow = _append_flow(text, root, key, pairs, where.get(key))
    if flow is not None:
        return flow
    if key not in where:
        at = _document_end(text, node_end(text, root))
        brk = new_break(text, at)
        if at < len(text):  # before `...` or `---`: lines of their own, at a line's start
            return [Splice(at, at, f"{key}:{brk}{_block_item('  ', pairs, brk)}{brk}")]
        lead = "" if not text or text[-1] in "\r\n" else brk
        item = _block_item("  ", pairs, brk)
        return [Splice(len(text), len(text), f"{lead}{key}:{brk}{item}{brk}")]
    name, value = where[key]
    if isinstance(value, yaml.SequenceNode) and value.value and not value.flow_style:
        at = _end_for_lines(text, node_end(text, value.value[-1]))
        brk = new_break(text, at)
        dash = value.start_mark.index  # the first item's dash (`-   id:` too)
        margin = text[line_start(text, dash) : dash]
        if margin.strip(" "):
            raise CannotSplice(f"a {key} list that does not start its line")
        return [Splice(at, at, brk + _block_item(margin, pairs, brk))]
    empty = is_null(value) or (isinstance(value, yaml.SequenceNode) and not value.value)
    if not empty:
        raise CannotSplice(f"a {key} that is not a list")
    # `[]`, `~`, `Null`, `!!null` (what is written goes, a tag or an anchor too); or nothing
    written = value.end_mark.index > value.start_mark.index
    at = _end_for_lines(text, value.end_mark.index if written else name.end_mark.index)
    brk = new_break(text, at)
    # `record: []` becomes `record:` (what stood between the key and the value goes too)
    out = [Splice(name.end_mark.index, value.end_mark.index, ":")] if written else []
    return [*out, Splice(at, at, brk + _block_item("  ", pairs, brk))]


def _append_flow(
    text: str,
    root: yaml.MappingNode,
    key: str,
    pairs: Sequence[tuple[str, str]],
    given: tuple[yaml.Node, yaml.Node] | None,
) -> list[Splice] | None:
    """`append_item`'s splices where flow style is wanted (None where it is not): the item
    as a flow mapping after the last item of a flow list, or inside an empty one that
    holds a comment (`[ # none yet`), or where the top level is a flow mapping (a JSON
    file: `{...}`); there, as a list of it where the key is missing or null."""
    json = json_style(root)
    item = "{" + ", ".join(pair(k, v, json) for k, v in pairs) + "}"
    value = given[1] if given is not None else None
    if isinstance(value, yaml.SequenceNode) and value.flow_style:
        inside = comments(text, value.start_mark.index, value.end_mark.index, value)
        if not value.value and not root.flow_style and not inside:
            return None  # `record: []` in a block file becomes a block list
        if value.value:
            at = node_end(text, value.value[-1])
            return [Splice(at, at, ", " + item)]
        at = value.end_mark.index - 1  # before its `]` (an anchor or a tag may lead it)
        return [Splice(at, at, item)]
    if not root.flow_style:
        return None
    if given is None:
        if not root.value:
            raise CannotSplice("a top level with no key")
        at = node_end(text, root.value[-1][1])
        return [Splice(at, at, ", " + pair(key, f"[{item}]", json))]
    if isinstance(value, yaml.ScalarNode) and is_null(value):
        return [_replace(text, given[0], value, f"[{item}]")]
    raise CannotSplice(f"a {key} that is not a list")


def _document_end(text: str, i: int) -> int:
    """Where the document whose last character ends at i ends: the start of a line that
    marks its end (`...`) or the next one's start (`---`), else the end of the text."""
    at = line_end(text, i)
    while at < len(text):
        at += len(break_at(text, at))
        after = text[at + 3 : at + 4]
        if text.startswith(("...", "---"), at) and after in ("", " ", "\t", *BREAKS):
            return at
        at = line_end(text, at)
    return len(text)


def _end_for_lines(text: str, i: int) -> int:
    """Where lines added after the line holding index i go: the end of that line, before
    its break. A line that NEL, U+2028 or U+2029 ends (breaks to YAML 1.1, text to 1.2) is
    taken with them up to the LF, CR or end of text that follows, so that every reader sees
    the added lines as lines; where text follows them instead, the edit is refused."""
    end = line_end(text, i)
    loose = end
    while loose < len(text) and text[loose] in LOOSE:
        loose += 1
    if loose == end:
        return end
    if loose < len(text) and text[loose] not in "\r\n":
        raise CannotSplice("a line that only YAML 1.1 ends (NEL, U+2028 or U+2029)")
    return loose


def _block_item(margin: str, pairs: Sequence[tuple[str, str]], brk: str) -> str:
    """A list item that is a block mapping: `- key: value`, the other keys under the first."""
    lines = [f"{margin}{'- ' if n == 0 else '  '}{k}: {v}" for n, (k, v) in enumerate(pairs)]
    return brk.join(lines)

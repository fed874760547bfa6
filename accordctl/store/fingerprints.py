"""What an edit compares of a file before and after, without its text: a document's
`fingerprint` (every node's kind and content, in order, where each stands left out) and a
commitment's `digest` (its fingerprint in 16 bytes), so that an edit of a large file keeps
a digest of each commitment it does not touch rather than its nodes (`store/edit.py`,
`store/readback.py`)."""

from __future__ import annotations

import hashlib
from collections.abc import Container

import yaml


def fingerprint(
    root: yaml.Node, skip: Container[int], drop: Container[int] = frozenset()
) -> list[object]:
    """What a document holds, as a flat list to compare with another's: every node's kind
    (tag), and a scalar's style and value or a collection's length, in document order, but
    not where each stands; a node whose id is in `skip` is one None, whatever it holds, and
    one in `drop` (an item an edit adds to a list, or a pair whose value it is) is left out
    as if it were not there."""
    items: list[object] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in skip:
            items.append(None)
        elif isinstance(node, yaml.ScalarNode):
            items += ("scalar", node.tag, node.style, node.value)
        elif isinstance(node, yaml.MappingNode):
            pairs = [(k, v) for k, v in node.value if id(v) not in drop]
            items += ("mapping", node.tag, len(pairs))
            for key, value in reversed(pairs):
                stack += (value, key)
        else:
            kept = [x for x in node.value if id(x) not in drop]
            items += ("sequence", node.tag, len(kept))
            stack.extend(reversed(kept))
    return items


LARGE = 1 << 16  # characters of a value hashed a piece at a time, never copied whole


def digest(node: yaml.Node, skip: Container[int] = frozenset()) -> bytes:
    """A node's content as `fingerprint` has it, in 16 bytes (BLAKE2b): what an edit keeps
    of each commitment it does not touch, to compare with the commitment in the text it
    writes, rather than the commitment's nodes. Each node is one part, which its kind
    starts, and a scalar's value is counted, so that no two contents give the same text;
    a LARGE value is hashed in pieces (the same bytes), not copied."""
    hashed = hashlib.blake2b(digest_size=16)
    parts: list[str] = []
    add, stack = parts.append, [node]
    pop, push = stack.pop, stack.append
    scalar, mapping = yaml.ScalarNode, yaml.MappingNode
    while stack:
        node = pop()
        if skip and id(node) in skip:
            add("N")
        elif node.__class__ is scalar:
            value = node.value
            if len(value) < LARGE:
                add(f"S{node.tag}\0{node.style}\0{len(value)}\0{value}")
                continue
            add(f"S{node.tag}\0{node.style}\0{len(value)}\0")
            hashed.update("\0".join(parts).encode("utf-8", "surrogatepass"))
            for at in range(0, len(value), LARGE):
                hashed.update(value[at : at + LARGE].encode("utf-8", "surrogatepass"))
            parts[:] = [""]  # the next part follows a separator, as if joined
        elif node.__class__ is mapping:
            add(f"M{node.tag}\0{len(node.value)}")
            for key, value in reversed(node.value):
                push(value)
                push(key)
        else:
            add(f"Q{node.tag}\0{len(node.value)}")
            stack.extend(reversed(node.value))
    hashed.update("\0".join(parts).encode("utf-8", "surrogatepass"))
    return hashed.digest()

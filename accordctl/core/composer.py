"""YAML text to nodes, with PyYAML's parser (libyaml's, where PyYAML has it) and without
the tag machinery the loader never uses.

PyYAML's composer asks the resolver for the tag of every untagged node, and tells it of
every step into and out of a collection (for path resolvers). The loader resolves no
implicit types and no paths: every untagged scalar is a str, every untagged sequence a
seq, every untagged mapping a map, which is what `BaseResolver` answers too, only more
slowly. The nodes, their tags, values, styles and marks are the same
(tests/test_fast_paths.py compares the two on every file the tests have, and on generated
ones); composing takes about 0.7 of the time. Tagged nodes keep their tags, and the loader
refuses them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

from accordctl.process.lifetime import keep

try:
    from yaml import CBaseLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import BaseLoader as _BaseLoader  # type: ignore[assignment]

_TAGS: dict[type[yaml.Node], str] = {
    yaml.ScalarNode: yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG,
    yaml.SequenceNode: yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
    yaml.MappingNode: yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
}


class Untyped:
    """The resolver's per-node hooks, cut down to what a resolver without implicit types
    or path resolvers does (a mixin, before a PyYAML loader class)."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        """The default tag of the node's kind (BaseResolver has no implicit resolvers)."""
        return _TAGS[kind]

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """Nothing to track: there are no path resolvers."""

    def ascend_resolver(self) -> None:
        """Nothing to track: there are no path resolvers."""


class Loader(Untyped, _BaseLoader):
    """`BaseLoader` (libyaml's where PyYAML has it), without the per-node resolver work."""

    kept = True

    def get_single_node(self) -> Any:
        """The document's root node; a process that exits without teardown keeps the tree
        to the end rather than free it node by node (see accordctl.process.lifetime)."""
        node = super().get_single_node()
        if self.kept:
            keep(node)
        return node


class Transient(Loader):
    """The same, for a tree its caller frees before the end: an edit drops the tree of
    the file it read before it composes the file it wrote, so that the two (the larger
    part of its memory) are never held at once."""

    kept = False


class Anchored(yaml.composer.ComposerError):
    """An anchor or an alias in a text composed with `compose_handing`, which keeps no
    anchors: the caller composes the tree instead, where PyYAML deals with both as ever
    (a duplicate anchor is an error there; the loader refuses an alias)."""


# A function given each item of a sequence as soon as it is composed (see `compose_handing`).
Hand = Callable[[yaml.Node], None]
HandOff = Callable[[str, yaml.MappingNode], Hand | None]
_START = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_END = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def compose_handing(text: str, hand_off: HandOff) -> yaml.Node | None:
    """The document's root node, as `Loader` composes it, for a text without anchors (an
    anchor or an alias raises `Anchored`); but where the root is a mapping and a key
    of it (a plain string) opens an untagged sequence, `hand_off(key, the root, holding
    the pairs composed so far)` may return a function that is given each item of the
    sequence as soon as it is composed, and then the item is not kept (the sequence's
    node stays empty). A reader that reads each item as it comes, and drops its nodes,
    never holds the tree of a large file: most of the memory of a run (benchmarks/run.py,
    target t).

    The composition is PyYAML's (tests/test_fast_paths.py compares the two), done here
    from the parser's events: libyaml's composer gives no item before the whole tree."""
    parser = _BaseLoader(text)
    get: Callable[[], Any] = parser.get_event
    check = parser.check_event
    try:
        get()  # the stream's start
        if check(yaml.StreamEndEvent):
            return None
        document = get()
        root = _compose(get, hand_off)
        get()  # the document's end
        if not check(yaml.StreamEndEvent):
            extra = get()
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                document.start_mark,
                "but found another document",
                extra.start_mark,
            )
        return root
    finally:
        parser.dispose()


def _compose(get: Callable[[], Any], hand_off: HandOff) -> yaml.Node:
    """One node from the events, iteratively (a deep file needs no deep recursion). The
    loop runs once an event (a million for 100,000 entries): what it looks up is local."""
    scalar_event, mapping_start, sequence_start = (
        yaml.ScalarEvent,
        yaml.MappingStartEvent,
        yaml.SequenceStartEvent,
    )
    scalar, mapping, sequence = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode
    ends = _END
    str_tag, map_tag, seq_tag = _TAGS[scalar], _TAGS[mapping], _TAGS[sequence]
    implicit = (None, "!")
    # The open collections but the innermost; of that one: its node, its items (pairs, for
    # a mapping), whether it is a mapping, the key waiting for its value, and where its
    # items go when they are handed off.
    stack: list[tuple[yaml.Node, list[Any], bool, yaml.Node | None, Hand | None]] = []
    opened: yaml.Node | None = None
    items: list[Any] = []
    is_map, key, hand = False, None, None
    while True:
        event = get()
        kind = type(event)
        if kind is scalar_event:
            if event.anchor is not None:
                raise Anchored(None, None, "found an anchor", event.start_mark)
            tag = str_tag if event.tag in implicit else event.tag
            node: yaml.Node = scalar(
                tag, event.value, event.start_mark, event.end_mark, event.style
            )
        elif kind is mapping_start or kind is sequence_start:
            if event.anchor is not None:
                raise Anchored(None, None, "found an anchor", event.start_mark)
            if opened is not None:
                stack.append((opened, items, is_map, key, hand))
            is_map, items, key = kind is mapping_start, [], None
            new_hand = None
            if is_map:
                tag = map_tag if event.tag in implicit else event.tag
                opened = mapping(tag, items, event.start_mark, None, event.flow_style)
            else:
                tag = seq_tag if event.tag in implicit else event.tag
                if len(stack) == 1 and event.tag in implicit:  # a value of the root
                    parent, _, parent_map, parent_key, _ = stack[0]
                    if parent_map and _plain(parent_key):
                        new_hand = hand_off(parent_key.value, parent)  # type: ignore[union-attr,arg-type]
                opened = sequence(tag, items, event.start_mark, None, event.flow_style)
            hand = new_hand
            continue
        elif kind in ends:
            node = opened  # type: ignore[assignment]
            node.end_mark = event.end_mark
            if not stack:
                return node
            opened, items, is_map, key, hand = stack.pop()
        else:  # an alias: no anchor is kept here
            raise Anchored(None, None, "found an alias", event.start_mark)
        if opened is None:  # a document of one scalar
            return node
        if hand is not None:
            hand(node)
        elif not is_map:
            items.append(node)
        elif key is None:
            key = node
        else:
            items.append((key, node))
            key = None


def _plain(key: yaml.Node | None) -> bool:
    """A key that is a string as written, without a tag."""
    return isinstance(key, yaml.ScalarNode) and key.tag == _TAGS[yaml.ScalarNode]

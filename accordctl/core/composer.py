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

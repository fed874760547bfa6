"""The man page, readable in a terminal: links inside the manual as their text, and each
table as wide as the page.

- A man page has nowhere to link to, and Sphinx 9 with docutils 0.22 writes an internal
  link as its text followed by an empty `<>` (sphinx-doc/sphinx#14427: docutils' writer
  sets its own reference handlers on the instance, over Sphinx's). External links keep
  their address after the text.
- docutils writes every column of a table as `l`, and tbl then gives each text block a
  fraction of the line: the meanings of the reference's tables ran 26 characters wide on
  a 100-column terminal. The column with the most text is marked `x`, to take the rest of
  the line. This reads docutils' `Table._coldefs` (private; the docs extra holds docutils
  to 0.22.x, where it is the list of column formats).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.manpage import ManualPageTranslator


class InternalLinksAsText(SphinxPostTransform):
    """Replace each link within the manual by its text, in the man page only."""

    default_priority = 900  # after the references are resolved
    formats = ("man",)

    def run(self, **kwargs: Any) -> None:
        """Unwrap every internal reference of the document."""
        for ref in list(self.document.findall(nodes.reference)):
            uri = ref.get("refuri", "")
            if ref.get("internal") or not uri or uri.startswith("#") or "://" not in uri:
                ref.replace_self(nodes.inline("", "", *ref.children))


def widest_column(table: nodes.table) -> int:
    """The index of the column whose longest cell is the longest (the last column when
    every cell is short: it fits as it is, and a meaning left empty today has room)."""
    longest: dict[int, int] = {}
    for body in table.findall(nodes.tbody):
        for row in body.findall(nodes.row):
            for i, entry in enumerate(row.children):
                longest[i] = max(longest.get(i, 0), len(entry.astext()))
    if not longest or max(longest.values()) < 20:
        return len(longest) - 1
    return max(longest, key=lambda i: (longest[i], i))


class WideTables(ManualPageTranslator):
    """Sphinx's man page writer, with the widest column of each table filling the line."""

    def visit_table(self, node: nodes.table) -> None:
        """Note which column takes the rest of the line."""
        self._expand = widest_column(node)
        super().visit_table(node)

    def depart_table(self, node: nodes.table) -> None:
        """Mark that column `x` before the table is written."""
        formats = self._active_table._coldefs
        if 0 <= self._expand < len(formats):
            formats[self._expand] += "x"
        super().depart_table(node)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the transform and the writer."""
    app.add_post_transform(InternalLinksAsText)
    app.set_translator("man", WideTables)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

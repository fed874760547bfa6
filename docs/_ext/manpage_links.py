"""Links inside the manual, in the man page, as their text alone.

A man page has nowhere to link to, and Sphinx 9 with docutils 0.22 writes an internal
link as its text followed by an empty `<>` (sphinx-doc/sphinx#14427: docutils' writer now
sets its own reference handlers on the instance, over Sphinx's). External links keep
their address after the text.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform


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


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the transform."""
    app.add_post_transform(InternalLinksAsText)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

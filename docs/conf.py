"""Sphinx configuration of accordctl's manual (HTML, and the man page `accordctl.1`).

Build it with warnings as errors, as .ci/run does:

    pip install -e '.[docs]'
    sphinx-build -W --keep-going -b html docs docs/_build/html
    sphinx-build -W --keep-going -b man docs docs/_build/man

Nothing is fetched while building: no intersphinx, no remote theme, no web fonts.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))  # the extension that draws the reference from the code
sys.path.insert(0, str(HERE.parent))  # the accordctl of this checkout, installed or not

from accordctl import __version__  # noqa: E402

project = "accordctl"
author = "the accordctl authors"
copyright = "the accordctl authors, MIT licence"
version = release = __version__
# A fixed date in the man page's header, so that the committed page is byte-stable (a test
# builds it again and compares); the version beside it says which release it describes.
today = f"accordctl {__version__}"

extensions = ["myst_parser", "sphinx.ext.autodoc", "fromcode", "manpage_style"]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "man", "Thumbs.db", ".DS_Store"]
# docstrings (the library's reference) are written with Markdown's `code`
default_role = "literal"
# a manual of command lines: `--as-of` stays two hyphens, quotes stay straight
smartquotes = False

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

html_theme = "alabaster"
html_title = f"accordctl {__version__}"
html_static_path: list[str] = []
html_theme_options = {"description": "Exact, explainable due dates", "fixed_sidebar": False}

man_pages = [
    (
        "reference/index",
        "accordctl",
        "exact, explainable due dates for the 2008 Mexican security accord",
        [author],
        1,
    )
]
man_show_urls = False

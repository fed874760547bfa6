"""The status page and the timeline chart as HTML and SVG, from Jinja2 templates shipped in
`accordctl/outputs/templates/`.

Autoescaping is on for every template, and every value passes `clean` first, so a title
with markup or control characters in it is text on the page, never part of the page. The
page calls out to nothing: its style sheet and script are inline and allowed by hash in
its Content-Security-Policy, the downloads are data URIs (or files beside it).
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from accordctl.core.progress import LABELS, MEANINGS
from accordctl.core.text import visible
from accordctl.outputs.chart import Chart
from accordctl.outputs.report import Report


def clean(text: str) -> str:
    """Text with every control or invisible character but tab and newline written as a
    visible escape (`text.visible`)."""
    return visible(text, keep="\t\n")


def _finalize(value: Any) -> Any:
    if isinstance(value, str) and not isinstance(value, Markup):
        return clean(value)
    return value


def ident(text: str) -> Markup:
    """An id that may wrap after the `/` between an entry and its scope (the scope set
    smaller), and nowhere else that is not a word's end: the style sheet keeps words
    whole."""
    entry, slash, scope = text.partition("/")
    if not slash:
        return escape(clean(text))
    return Markup('{}/<wbr><span class="scope">{}</span>').format(clean(entry), clean(scope))


ISO_DATE = re.compile(r"\b\d{4}-\d{2}(?:-\d{2})?\b")


def dates(text: str) -> Markup:
    """Text whose ISO dates never wrap at their hyphens (each in a `nw` span)."""
    out, at = [], 0
    for m in ISO_DATE.finditer(text):
        out += [escape(clean(text[at : m.start()])), Markup('<span class="nw">')]
        out += [escape(m.group()), Markup("</span>")]
        at = m.end()
    out.append(escape(clean(text[at:])))
    return Markup("").join(out)


# Each state's sign: a shape of its own, so that colour is never the only signal (the
# chart draws the same shapes).
GLYPHS = {
    "overdue": "▲", "in-progress": "◐", "not-kept": "▼", "upcoming": "○", "late": "◆",
    "kept": "■", "dropped": "✕", "undated": "\u2013",
}  # fmt: skip


@cache
def environment() -> Environment:
    """The Jinja2 environment: templates from the package, autoescaping on, undefined
    names an error, every value cleaned."""
    env = Environment(
        loader=PackageLoader("accordctl.outputs", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["LABELS"] = LABELS
    env.globals["MEANINGS"] = MEANINGS
    env.globals["GLYPHS"] = GLYPHS
    env.filters["ident"] = ident
    env.filters["dates"] = dates
    return env


def _static(name: str) -> str:
    """A style sheet or script shipped beside the templates, to be inlined."""
    return resources.files("accordctl.outputs").joinpath("templates", name).read_text("utf-8")


def sha256_source(text: str) -> str:
    """A CSP source allowing exactly this inline text."""
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


@dataclass(frozen=True)
class Download:
    """The page's data in another format: the same bytes another command writes."""

    label: str  # "JSON"
    name: str  # file name offered when saving: accord.json
    mime: str
    data: bytes | None  # None: too large to embed, and not written (the page names the command)
    about: str  # what it is for
    command: str  # the command that writes the same bytes, given the page's options
    href: str | None = None  # a file written beside the page; None: embed as a data URI

    @property
    def url(self) -> str | None:
        """Where the link points: the file beside the page (its name URL-escaped: `#`, `?`,
        `%`, `:` in a name are no fragment, query, escape or scheme), the bytes themselves,
        or nowhere (None) when the data is neither."""
        if self.href is not None:
            from urllib.parse import quote

            return quote(self.href, safe="", errors="surrogateescape")
        if self.data is None:
            return None
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


def chart_svg(chart: Chart) -> str:
    """The timeline chart as a standalone SVG document."""
    return environment().get_template("chart.svg.j2").render(chart=chart, links=False)


def report_parts(report: Report, downloads: Sequence[Download], version: str) -> Iterator[str]:
    """The status page in parts, as the template makes them: written as made, the whole
    page is never held as text (on 100,000 rows its text and the template's list of parts
    took 360 MB at once)."""
    style, script = _static("report.css"), _static("report.js")
    csp = (
        f"default-src 'none'; style-src '{sha256_source(style)}'; "
        f"script-src '{sha256_source(script)}'; img-src data:; base-uri 'none'; "
        "form-action 'none'"
    )
    return (
        environment()
        .get_template("report.html.j2")
        .generate(
            report=report,
            downloads=downloads,
            version=version,
            style=Markup(style),
            script=Markup(script),
            csp=csp,
        )
    )


def report_html(report: Report, downloads: Sequence[Download], version: str) -> str:
    """The status page: one self-contained HTML document."""
    return "".join(report_parts(report, downloads, version))


BLOCK = 1 << 16  # characters encoded at a time


def utf8(parts: Iterable[str]) -> bytes:
    """The parts as UTF-8, encoded a block at a time into one buffer: the bytes alone are
    held, never the text beside them."""
    out = io.BytesIO()
    block: list[str] = []
    size = 0
    for part in parts:
        block.append(part)
        size += len(part)
        if size >= BLOCK:
            out.write("".join(block).encode("utf-8"))
            block, size = [], 0
    out.write("".join(block).encode("utf-8"))
    return out.getvalue()  # the buffer itself, not a copy

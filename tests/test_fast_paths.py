"""Each faster way of doing something gives exactly what the plain way gives: the composer
(against PyYAML's own), month arithmetic (against dateutil), the loader's skipped alias
check (on texts without "&"), and the JSON writer (against json.dumps)."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from accordctl import load_text, resolve
from accordctl.core.composer import Loader, Untyped, compose_handing
from accordctl.core.errors import AccordError
from accordctl.core.loader import read, read_nodes
from accordctl.core.reader import compose
from accordctl.core.resolver import add_months
from accordctl.outputs import formats
from tests.conftest import DATA, HEADER

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(
    [DATA, *(ROOT / "tests").rglob("*.yaml"), *(ROOT / "tests").rglob("*.yml")],
    key=str,
)


def synthetic(count: int = 300) -> str:
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "generate.py"),
            "--count",
            str(count),
            "--depth",
            "30",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def tree(node: yaml.Node | None) -> list[tuple[Any, ...]]:
    """Every node in document order: kind, tag, value or size, style, both marks, and
    which earlier node it is (an alias composes to the same node object)."""
    out: list[tuple[Any, ...]] = []
    seen: dict[int, int] = {}
    stack = [node] if node is not None else []
    while stack:
        n = stack.pop()
        if id(n) in seen:
            out.append(("again", seen[id(n)]))
            continue
        seen[id(n)] = len(out)
        marks = [(m.name, m.index, m.line, m.column) for m in (n.start_mark, n.end_mark)]
        style = n.style if isinstance(n, yaml.ScalarNode) else n.flow_style
        size = n.value if isinstance(n, yaml.ScalarNode) else len(n.value)
        out.append((type(n).__name__, n.tag, size, style, marks))
        if isinstance(n, yaml.MappingNode):
            for k, v in reversed(n.value):
                stack += [v, k]
        elif isinstance(n, yaml.SequenceNode):
            stack += reversed(n.value)
    return out


def composed(text: str, loader: type) -> tuple[str, Any]:
    """The node tree, or the error with its marks."""
    try:
        return "ok", tree(yaml.compose(text, Loader=loader))
    except yaml.MarkedYAMLError as e:
        marks = [(m.line, m.column) if m else None for m in (e.context_mark, e.problem_mark)]
        return type(e).__name__, (e.context, e.problem, marks)
    except yaml.YAMLError as e:
        return type(e).__name__, str(e)


ODD = (
    HEADER
    + """\
- id: "1"
  number: 1
  branch: one
  title: "=SUM(A1) \\"quoted\\" \\\\ back, caf\u00e9, \\x01 ctl, \\U0001F600 tab\\t"
  note: a note
  deadlines:
    - {source: "6", deadline: 6 months, inferred: true, scope: a, status: done,
       completed: 2009-01-05}
    - source: x
      deadline: 1 year
      scope: b
      extensions:
        - {to: 2010-06-30, agreed: 2009-01-10, source: minutes}
- {id: "2", number: 2, branch: one, title: T2, deadlines: [{source: s, deadline: 2 months after 1}]}
- {id: "3", number: 3, branch: one, title: T3, deadlines: [{source: s, deadline: by later}]}
- {id: "4", number: 4, branch: one, title: T4, deadlines: [{source: s, deadline: permanent}]}
- {id: "5", number: 5, branch: one, title: T5}
"""
)


def texts() -> list[str]:
    out = [synthetic(), ODD]
    for path in FILES:
        with contextlib.suppress(UnicodeDecodeError):  # latin-1.yaml is refused before YAML
            out.append(path.read_text(encoding="utf-8"))
    return out


class PyLoader(Untyped, yaml.BaseLoader):
    """The composer over PyYAML's pure-Python parser (where PyYAML has no libyaml)."""


@pytest.mark.parametrize("text", texts(), ids=lambda t: t[:20])
def test_the_composer_gives_pyyaml_s_nodes(text: str) -> None:
    assert composed(text, Loader) == composed(text, yaml.CBaseLoader)
    assert composed(text, PyLoader) == composed(text, yaml.BaseLoader)


SCALARS = st.sampled_from(
    [
        *("a", "", "~", "null", "Null", "1", "-2", "3.5", "true", "yes", "2008-08-21"),
        *("'q'", '"x"', "!!str 1", "!!python/object:os.system x", "&a v", "*a", "!custom t"),
        "|\n  text\n",
    ]
)


@st.composite
def documents(draw: st.DrawFn, depth: int = 0) -> str:
    """YAML text, valid or not: nested block and flow collections of odd scalars."""
    if depth > 2 or draw(st.booleans()):
        return str(draw(SCALARS))
    if draw(st.booleans()):
        keys = draw(st.lists(st.sampled_from(["id", "k", "? x", "'q'", "1", ""]), max_size=3))
        values = [draw(documents(depth + 1)) for _ in keys]
        if draw(st.booleans()):
            return "{" + ", ".join(f"{k}: {v}" for k, v in zip(keys, values, strict=True)) + "}"
        pad = "  " * (depth + 1)
        return "\n" + "\n".join(f"{pad}{k}: {v}" for k, v in zip(keys, values, strict=True))
    items = [draw(documents(depth + 1)) for _ in range(draw(st.integers(0, 3)))]
    return "[" + ", ".join(items) + "]"


@settings(max_examples=300, deadline=None)
@given(documents(), st.sampled_from(["", "--- ", "%YAML 1.1\n--- ", "x: ", "- "]))
def test_the_composer_agrees_on_any_text(body: str, prefix: str) -> None:
    text = prefix + body
    assert composed(text, Loader) == composed(text, yaml.CBaseLoader)
    assert composed(text, PyLoader) == composed(text, yaml.BaseLoader)


@settings(max_examples=500, deadline=None)
@given(
    st.dates(date(1, 1, 1), date(9999, 12, 31)),
    st.integers(0, 9999),
    st.sampled_from(["months", "years"]),
)
def test_month_arithmetic_is_dateutil_s(base: date, n: int, unit: str) -> None:
    months = n if unit == "months" else 12 * n
    try:
        want: date | None = base + relativedelta(**{unit: n})
    except (ValueError, OverflowError):
        want = None
    try:
        got: date | None = add_months(base, months)
    except ValueError:
        got = None
    assert got == want


@pytest.mark.parametrize(
    ("base", "months", "want"),
    [
        (date(2009, 1, 31), 1, date(2009, 2, 28)),
        (date(2008, 1, 31), 1, date(2008, 2, 29)),
        (date(2008, 2, 29), 12, date(2009, 2, 28)),
        (date(2008, 8, 31), 6, date(2009, 2, 28)),
        (date(2008, 12, 15), 1, date(2009, 1, 15)),
        (date(2008, 8, 21), 0, date(2008, 8, 21)),
    ],
)
def test_month_arithmetic_table(base: date, months: int, want: date) -> None:
    assert add_months(base, months) == want


@pytest.mark.parametrize("text", [t for t in texts() if "&" not in t], ids=lambda t: t[:20])
def test_skipping_the_alias_check_without_anchors_changes_nothing(text: str) -> None:
    try:
        root = compose(text, "x.yaml")
    except Exception:
        return
    assert read_nodes(root, "x.yaml", anchors=False) == read_nodes(root, "x.yaml")
    assert read(text, "x.yaml") == read_nodes(root, "x.yaml")


@settings(max_examples=300, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
        max_leaves=12,
    )
)
def test_the_json_writer_is_json_dumps(value: Any) -> None:
    assert formats.dumps(value) == json.dumps(value, sort_keys=True)


def _accords() -> list[Any]:
    out = []
    for text in texts():
        try:
            accord = load_text(text, "x.yaml")
            out.append((accord, resolve(accord)))
        except AccordError:
            pass
    return out


# -- the commitments read as they are composed ------------------------------------------

_ONE = '- {id: "1", number: 1, branch: one, title: T, names: [x]}\n'
_TWO = '- {id: "6", number: 6, branch: one, title: U}\n'  # 6 is branch two's
_EVENTS = "events:\n  - {id: e, title: E, when: 2008-08-21, names: [x]}\n"
_BRANCHES = (
    "branches:\n  one: {title: One, first: 1, last: 5}\n  two: {title: Two, first: 6, last: 9}\n"
)
_TOP = "schema_version: 1\n" + _BRANCHES + _EVENTS
STREAMED = [
    _TOP + "commitments:\n" + _ONE + _TWO,
    # the commitments before the branches, or the events: read from the tree, alike
    "schema_version: 1\ncommitments:\n" + _ONE + _TWO + _BRANCHES + _EVENTS,
    "schema_version: 1\n" + _BRANCHES + "commitments:\n" + _ONE + _TWO + _EVENTS,
    # a key given twice: the first is read, the second is a finding
    _TOP + "commitments:\n" + _ONE + "commitments:\n" + _TWO,
    _TOP + "!!str commitments:\n" + _ONE + "commitments:\n" + _TWO,
    "schema_version: 1\n" + _BRANCHES + "branches: {}\n" + _EVENTS + "commitments:\n" + _ONE,
    "--- !custom\nschema_version: 1\n" + _BRANCHES + _EVENTS + "commitments:\n" + _ONE,
    _TOP + "commitments: !!seq\n" + _ONE,
    "schema_version: 1\n!odd key: 1\n" + _BRANCHES + "commitments:\n" + _ONE + _TWO + _EVENTS,
    _TOP + "commitments:\n" + _ONE + "- *nothing\n",
    # an & in a text is read while composing; an anchor or an alias from the tree
    _TOP + "commitments:\n" + _ONE.replace("title: T", "title: &t T") + _TWO,
    _TOP + "commitments:\n" + _ONE.replace("title: T", 'title: "AT&T"') + _TWO,
    _TOP + "commitments:\n" + _ONE.replace("title: T", "title: &t T")
    + _TWO.replace("title: U", "title: *t"),
    _TOP + "commitments:\n" + _ONE.replace("title: T", "title: &t T")
    + _TWO.replace("title: U", "title: &t U"),  # an anchor twice: PyYAML's error
    _TOP + "commitments:\n" + _ONE + "- [\n",
    _TOP + "commitments:\n" + _ONE + "---\nx: 1\n",
    _TOP + "commitments:\n" + _ONE + "- {id: 2, number: x}\n",
]  # fmt: skip


def _findings(found: list[Any]) -> list[tuple[Any, ...]]:
    return sorted((f.pos.line, f.pos.col, f.code, f.message, f.hint) for f in found)


@pytest.mark.parametrize("text", [*STREAMED, *texts()], ids=lambda t: t[:30])
def test_reading_while_composing_is_reading_the_tree(text: str) -> None:
    accord, findings = read(text, "x.yaml")
    try:
        root = compose(text, "x.yaml")
    except AccordError as e:
        assert _findings(findings) == _findings(e.findings)  # type: ignore[attr-defined]
        return
    whole, said = read_nodes(root, "x.yaml")
    assert accord == whole and accord.names == whole.names
    assert _findings(findings) == _findings(said)


def test_the_composer_hands_on_each_item_and_keeps_none() -> None:
    handed: list[yaml.Node] = []
    root = compose_handing(
        STREAMED[0], lambda key, top: handed.append if key == "commitments" else None
    )
    assert isinstance(root, yaml.MappingNode) and [n.start_mark.line for n in handed] == [7, 8]
    listed = root.value[-1][1]
    assert isinstance(listed, yaml.SequenceNode) and listed.value == []
    whole = compose(STREAMED[0], "x.yaml")
    assert isinstance(whole, yaml.MappingNode) and tree(whole.value[-1][1].value[0]) == tree(
        handed[0]
    )
    assert listed.end_mark.index == whole.value[-1][1].end_mark.index  # its marks are the same

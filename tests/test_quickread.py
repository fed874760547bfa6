"""The loader's quick path reads an entry to the very value the full reader gives, and
leaves every entry with something to report to the full reader."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accordctl import loader, quickread
from accordctl.errors import DataErrors
from tests.conftest import DATA, HEADER

VALUES: dict[str, list[str]] = {
    "id": [
        "c1",
        "1a",
        "x.y-z",
        "bad id",
        "''",
        "~",
        "[a]",
        "{a: 1}",
        "!!str c2",
        "!!int 7",
        '"-x"',
    ],
    "number": ["1", "2", "7", "0", "99", "1234567890", "-1", "1.5", "~", "[1]", "'3'", "!!str 2"],
    "branch": ["one", "two", "Army", "bad slug", "~", "'one'", "[one]"],
    "title": [
        *("T", "''", "~", "[x]", "'a: b'", "null", '"=x"', "!!str 5", "!!python/str x"),
        *("!!null 'x'", "!!null", "'null'", "'~'"),
    ],
    "text": ["x", "~", "[a]", "!!str y", "{k: v}"],
    "heading": ["h", "~", "''"],
    "note": ["n", "~", "[n]"],
    "missing": ["true", "false", "yes", "~"],
    "colour": ["red"],
}
DEADLINE: dict[str, list[str]] = {
    "source": ["s", "~", "[x]", "'6 months'", "!!null 's'"],
    "deadline": [
        "6 months", "1 month after c1", "2 weeks after 1a", "by signing", "by later",
        "permanent", "6 fortnights", "~", "''", "[x]", "in Smarch 2008", "2008-02-30",
        "December 31, 2008", "1 year after nowhere", "!!str 3 months", "!!binary eA==",
    ],
    "scope": ["a", "b", "A", "~", "bad scope", "''"],
    "inferred": ["true", "True", "false", "maybe", "~", "[true]"],
    "status": ["done", "weird", "~"],
    "completed": ["2009-01-01", "soon"],
    "evidence": ["e"],
    "extensions": ["[{to: 2010-01-01}]", "~"],
    "sauce": ["s"],
}  # fmt: skip
REQUIRED = ["id", "number", "branch", "title"]


@st.composite
def pairs(
    draw: st.DrawFn, values: dict[str, list[str]], usual: list[str], optional: list[str]
) -> list[str]:
    """`key: value` pairs: mostly the usual keys, some optional ones, now and then any
    other; mostly plain values, now and then anything."""
    keys = [k for k in usual if draw(st.integers(0, 9))]
    keys += [k for k in optional if draw(st.booleans())]
    keys += draw(st.lists(st.sampled_from(sorted(values)), max_size=1))
    plain = {k: v[0] for k, v in values.items()}
    odd = st.sampled_from
    return [
        f"{k}: {draw(odd(values[k])) if not draw(st.integers(0, 2)) else plain[k]}" for k in keys
    ]


@st.composite
def entry(draw: st.DrawFn) -> str:
    """One commitment, in flow or block style, with zero to three deadlines."""
    head = draw(pairs(VALUES, REQUIRED, ["text", "heading", "note"]))
    items = [
        "{" + ", ".join(draw(pairs(DEADLINE, ["source", "deadline"], ["scope", "inferred"]))) + "}"
        for _ in range(draw(st.integers(0, 3)))
    ]
    odd = draw(st.sampled_from(["", "", "", "~", "[]", "x", "{a: 1}"]))
    deadlines = (
        [f"deadlines: {odd}"] if odd else [f"deadlines: [{', '.join(items)}]"] if items else []
    )
    if draw(st.booleans()):
        return "- {" + ", ".join(head + deadlines) + "}\n"
    lines = [
        *head,
        *(["deadlines:", *(f"  - {i}" for i in items)] if items and not odd else deadlines),
    ]
    return "- " + "\n  ".join(lines or ["{}"]) + "\n"


def read_both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any, int]:
    """(full reader's result, with the quick path's result, entries read quickly)."""
    root = loader.compose(text, "x.yaml")
    quick = quickread.commitment
    taken = 0

    def counting(*args: Any) -> Any:
        nonlocal taken
        got = quick(*args)
        taken += got is not None
        return got

    with monkeypatch.context() as m:
        m.setattr(quickread, "commitment", lambda *args: None)
        full = loader.read_nodes(root, "x.yaml", anchors=False)
    with monkeypatch.context() as m:
        m.setattr(quickread, "commitment", counting)
        fast = loader.read_nodes(root, "x.yaml", anchors=False)
    return full, fast, taken


def _one_change() -> list[str]:
    """A plain entry with two deadlines, and every entry that differs from it in one place:
    each odd value of each key, each key left out, each key repeated."""
    head = {k: v[0] for k, v in VALUES.items() if k in [*REQUIRED, "text", "heading", "note"]}
    line = {k: v[0] for k, v in DEADLINE.items() if k in ("source", "deadline")}
    first, second = {**line, "scope": "a", "inferred": "true"}, {**line, "scope": "b"}

    def text(h: dict[str, str], ds: list[dict[str, str]], extra: str = "") -> str:
        items = ", ".join("{" + ", ".join(f"{k}: {v}" for k, v in d.items()) + "}" for d in ds)
        body = ", ".join(f"{k}: {v}" for k, v in h.items())
        return "- {" + body + extra + f", deadlines: [{items}]}}\n"

    out = [text(head, [first, second])]
    for key, values in VALUES.items():
        out += [text({**head, key: v}, [first, second]) for v in values]
        out.append(text({k: v for k, v in head.items() if k != key}, [first, second]))
        out.append(text(head, [first, second], f", {key}: {values[0]}"))
    for key, values in DEADLINE.items():
        for v in values:
            out += [text(head, [{**first, key: v}, second]), text(head, [{**second, key: v}])]
        out.append(text(head, [{k: v for k, v in first.items() if k != key}, second]))
    out += [text(head, [first, first]), text(head, [line, line]), text(head, [line])]
    plain = out[0]
    for tag in ["!!map ", "!!str ", "!!python/object:os.system ", "!custom ", "&a "]:
        out.append(plain.replace("- {", f"- {tag}{{", 1))  # the entry
        out.append(plain.replace("deadlines: [", f"deadlines: {tag}[", 1))  # its list
        out.append(plain.replace("[{", f"[{tag}{{", 1))  # a deadline
    return out


@pytest.mark.parametrize("item", _one_change())
def test_every_single_change_is_read_alike(item: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = HEADER + item.replace("c1, number", "c1x, number")
    try:
        loader.compose(text, "x.yaml")
    except DataErrors:
        return
    full, fast, _ = read_both(text, monkeypatch)
    assert fast == full


TAKEN: list[int] = []


@settings(max_examples=2000, deadline=None)
@given(st.lists(entry(), min_size=1, max_size=4))
def test_the_quick_path_reads_what_the_full_reader_reads(entries: list[str]) -> None:
    text = HEADER + "".join(entries)
    try:
        loader.compose(text, "x.yaml")
    except DataErrors:
        return  # YAML syntax: no entry is read at all
    with pytest.MonkeyPatch.context() as monkeypatch:
        full, fast, taken = read_both(text, monkeypatch)
    assert fast == full
    TAKEN.append(taken)


def test_the_generated_entries_do_take_the_quick_path() -> None:
    # (runs after the property above, in file order) both outcomes were exercised
    assert TAKEN and any(TAKEN) and any(t == 0 for t in TAKEN)


def test_the_shipped_file_and_a_synthetic_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_fast_paths import synthetic

    for text in [DATA.read_text(encoding="utf-8"), synthetic()]:
        full, fast, taken = read_both(text, monkeypatch)
        assert fast == full and taken > 50

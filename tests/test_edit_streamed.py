"""An edit reads its file as the loader does, a commitment at a time (issue 22: an edit
costs about what a read costs). Each commitment's nodes are digested and dropped as they
are composed, but for those the edit names; the text it writes is read the same way, each
commitment compared with its digest. The tables: every layout, those read from the whole
tree too (an anchor, branches after the commitments), edits to the same bytes, and a
result that reads otherwise anywhere in the file is refused, whichever way it was read."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from accordctl.store import edit, readback
from accordctl.store.fingerprints import digest
from accordctl.store.yamledit import Splice, commitments_of
from tests.conftest import Result

Cli = Callable[..., Result]

TOP = "schema_version: 1\n"
BRANCHES = "branches:\n  one: {title: One, first: 1, last: 99}\n"
EVENTS = 'events:\n  - {id: signing, title: Signing, when: "2008-08-21"}\n'


def entry(n: int, title: str = "") -> str:
    return (
        f'  - id: "{n}"\n    number: {n}\n    branch: one\n    title: {title or f"T{n}"}\n'
        f"    deadlines:\n      - source: x\n        deadline: {n} months\n"
    )


ENTRIES = "commitments:\n" + "".join(entry(n) for n in range(1, 6))
RECORD = (
    "record:\n  - id: f0\n    date: 2008-09-01\n    precision: day\n    what: w\n"
    "    bears_on: [1]\n    source: s\n    quote: q\n    confidence: high\n"
)

# name: the file; how the edit reads it (streamed, or from the whole tree)
LAYOUTS = {
    "streamed": (TOP + BRANCHES + EVENTS + ENTRIES, "streamed"),
    "a record before the commitments": (TOP + BRANCHES + EVENTS + RECORD + ENTRIES, "streamed"),
    "a record after the commitments": (TOP + BRANCHES + EVENTS + ENTRIES + RECORD, "streamed"),
    "a flow list of commitments": (
        TOP + BRANCHES + EVENTS + "commitments: [\n"
        + ",\n".join(
            f'  {{id: "{n}", number: {n}, branch: one, title: T{n}, '
            f"deadlines: [{{source: x, deadline: {n} months}}]}}"
            for n in range(1, 6)
        )
        + "]\n",
        "streamed",
    ),
    "branches after the commitments": (TOP + EVENTS + ENTRIES + BRANCHES, "tree"),
    "an & in a title": (
        TOP + BRANCHES + EVENTS + ENTRIES.replace("title: T2", "title: AT&T"),
        "streamed",
    ),
    "an anchor (no alias)": (
        TOP + BRANCHES + EVENTS + ENTRIES.replace("title: T2", "title: &t T2"),
        "tree",
    ),
}  # fmt: skip

DONE = "        status: done\n        completed: 2009-01-01\n"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("accordctl.cli.options.today", lambda: date(2009, 3, 1))


def plan(path: Path, ident: str = "3") -> edit.Edit:
    return edit.plan(path, ident, edit.Asked("done", date(2009, 1, 1)), date(2009, 3, 1))


@pytest.mark.parametrize("name", LAYOUTS)
def test_every_layout_edits_to_the_bytes_asked_for(tmp_path: Path, name: str) -> None:
    text, _ = LAYOUTS[name]
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    after = plan(path).after.decode("utf-8")
    if "[\n" in text:  # the flow list: the keys go inside the deadline's braces
        assert after == text.replace(
            "deadline: 3 months}", "deadline: 3 months, status: done, completed: 2009-01-01}"
        )
    else:
        assert after == text.replace("deadline: 3 months\n", "deadline: 3 months\n" + DONE)


@pytest.mark.parametrize("name", LAYOUTS)
def test_only_the_named_commitment_and_the_last_are_held(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What `_read` gives back holds the nodes of the commitment named and of the last one
    (the end of the text is found from it); every other commitment's nodes are gone."""
    text, how = LAYOUTS[name]
    seen: list[weakref.ref[yaml.Node]] = []
    composed: list[int] = []  # how many commitments the root's list held once read
    real = edit.read_watching

    def read_watching(*args: Any, **kwargs: Any) -> Any:
        root, accord, findings = real(*args, **kwargs)
        composed.append(len(getattr(commitments_of(root), "value", [])))
        return root, accord, findings

    monkeypatch.setattr(edit, "read_watching", read_watching)

    def watched(node: yaml.Node, skip: frozenset[int] = frozenset()) -> bytes:
        seen.append(weakref.ref(node))
        return digest(node, skip)

    monkeypatch.setattr(edit, "digest", watched)
    read = edit._read(text, "c.yaml", "3")
    alive = {id(n) for r in seen if (n := r()) is not None}
    listed = commitments_of(read.root)
    assert len(read.digests) == 5 and list(read.nodes) == [2] and listed is not None
    assert alive == {id(read.nodes[2]), id(listed.value[-1])}
    assert composed == [0 if how == "streamed" else 5]


def spoiled(old: str, new: str) -> Callable[[str, list[Splice]], str]:
    """edit.apply, with `old` replaced by `new` in the text it gives."""
    real = edit.apply

    def apply(text: str, splices: list[Splice]) -> str:
        out = real(text, splices)
        assert old in out
        return out.replace(old, new, 1)

    return apply


# what is spoiled in the text written (the comparison of the text outside the edited
# deadlines is switched off, so that only the reading back can catch it)
SPOILS = {
    "a title of another commitment": ("title: T4", "title: T9"),
    "a title of the commitment edited": ("title: T3", "title: T8"),
    "the last commitment gone": ('  - id: "5"', '  - idx: "5"'),
    "a branch's title": ("title: One", "title: Uno"),
    "an event": ("title: Signing", "title: Signed"),
}


@pytest.mark.parametrize("name", LAYOUTS)
@pytest.mark.parametrize("spoil", SPOILS)
def test_a_result_that_reads_otherwise_anywhere_is_refused(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, spoil: str
) -> None:
    text, _ = LAYOUTS[name]
    old, new = SPOILS[spoil]
    if old not in text:
        old, new = old.replace('  - id: "5"', 'id: "5"'), new.replace('  - idx: "5"', 'idx: "5"')
    refused_with(cli, tmp_path / "c.yaml", monkeypatch, text, old, new)


@pytest.mark.parametrize("name", LAYOUTS)
def test_one_commitment_more_in_the_result_is_refused(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    text, _ = LAYOUTS[name]
    last = entry(5)
    flow = '{id: "5"'
    extra = (
        (last, last + entry(6))
        if last in text
        else (flow, '{id: "6", number: 6, branch: one, title: T6}, ' + flow)
    )
    refused_with(cli, tmp_path / "c.yaml", monkeypatch, text, *extra)


def refused_with(
    cli: Cli, path: Path, monkeypatch: pytest.MonkeyPatch, text: str, old: str, new: str
) -> None:
    """`done 3` on `text`, its result spoiled (`old` made `new`) where only the reading back
    can see it, is refused and leaves the file as it was."""
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(edit, "apply", spoiled(old, new))
    monkeypatch.setattr(readback, "_same_outside", lambda *a: True)
    r = cli("done", "3", "--on", "2009-01-01", "--file", str(path))
    assert r.err == (
        f"accordctl: {path}: cannot edit in place (the result would change other values); "
        "not written: record the progress by hand\n"
    )
    assert path.read_text(encoding="utf-8") == text


DIGESTS = [
    # two nodes that differ in what they hold must not digest alike
    ("a: b", "a: c"),
    ("a: b", "a: 'b'"),
    ("a: [b, c]", "a: [b, [c]]"),
    ("a: {b: c}", "a: [b, c]"),
    ("a: b\nc: d", "a: b\nc: d\ne: f"),
    ('a: "x\\0y"', 'a: "x\\0\\0y"'),
    ("[ab, c]", "[a, bc]"),
    ("!m a", "{a: }"),
]


@pytest.mark.parametrize(("one", "other"), DIGESTS)
def test_a_digest_tells_apart_what_differs(one: str, other: str) -> None:
    def node(text: str) -> yaml.Node:
        return yaml.compose(text, Loader=yaml.CBaseLoader)

    assert digest(node(one)) != digest(node(other))
    assert digest(node(one)) == digest(node(one))


@pytest.mark.parametrize(
    "events",
    [
        EVENTS,  # the signing found from the events alone
        EVENTS + '  - {id: later, title: Later, when: "1 month after 2"}\n',  # from the whole file
    ],
)
def test_progress_before_the_signing_is_refused_whatever_the_events_count_from(
    cli: Cli, tmp_path: Path, events: str
) -> None:
    path = tmp_path / "c.yaml"
    text = TOP + BRANCHES + events + ENTRIES
    path.write_text(text, encoding="utf-8")
    assert cli("check", "--file", str(path)).code == 0
    r = cli("done", "3", "--on", "2008-08-20", "--file", str(path))
    assert (r.code, r.err) == (
        2,
        "accordctl: done: --on 2008-08-20 is before the signing (2008-08-21): progress is "
        "recorded from the signing on\n",
    )
    assert path.read_text(encoding="utf-8") == text


def test_a_file_that_does_not_resolve_as_it_is_is_reported_as_it_is(
    cli: Cli, tmp_path: Path
) -> None:
    """Its own error, where it stands; not that the edit would make it invalid."""
    path = tmp_path / "c.yaml"
    early = "deadline: 2 months\n        status: done\n        completed: 2008-01-01\n"
    text = TOP + BRANCHES + EVENTS + ENTRIES.replace("deadline: 2 months\n", early)
    path.write_text(text, encoding="utf-8")
    r = cli("done", "3", "--file", str(path))
    assert (r.code, r.err) == (
        3,
        f"accordctl: {path}:22:20: error: 2: completed 2008-01-01 is before the signing "
        "(2008-08-21) [ACC020 before-signing] (hint: progress is recorded from the signing "
        "on)\n",
    )
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    "given",
    [
        ["--evidence", "AT&T"],
        ["--source", "https://example.org/x?a=1&b=2", "--quote", "q"],
        ["--judgement", "kept &late"],
    ],
)
def test_an_edit_that_writes_an_ampersand_reads_its_result_a_commitment_at_a_time(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: list[str]
) -> None:
    """An `&` in the text an edit writes is text (quoted where it must be), never an
    anchor: the result is read back as the file was, never as a whole tree."""
    path = tmp_path / "c.yaml"
    text, _ = LAYOUTS["streamed"]
    path.write_text(text, encoding="utf-8")
    held: list[int] = []
    real = readback.compose

    def compose(*args: Any, **kwargs: Any) -> Any:
        root = real(*args, **kwargs)
        held.append(len(getattr(commitments_of(root), "value", [])))
        return root

    monkeypatch.setattr(readback, "compose", compose)
    r = cli("done", "3", "--on", "2009-01-01", *given, "--file", str(path))
    assert r.code == 0, r.err
    assert held == [0] and "&" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "text",
    ["a: " + "x" * 200_000 + "\nb: [c, " + "d" * 70_000 + "]", "x" * 65_536, "- " + "é" * 100_000],
    ids=["two large values", "exactly large", "not ASCII"],
)
def test_a_large_value_is_digested_in_pieces_as_if_whole(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from accordctl.store import fingerprints

    node = yaml.compose(text, Loader=yaml.CBaseLoader)
    pieces = digest(node)
    monkeypatch.setattr(fingerprints, "LARGE", 1 << 40)
    assert digest(node) == pieces

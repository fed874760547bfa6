"""Fuzzing the editor: deadlines laid out every way the loader reads them (flow on one line
or over several, block with the first key on the dash's line or below it, keys in any
order, a value on the line after its key, a bare key, comments after values, between a key
and its value and on lines of their own, tabs before comments, blank lines, LF, CR LF and
lone CR line breaks mixed, with or without a last line break, values plain, quoted or as
block scalars), then `done`, `drop` and `reopen` in any order. Every edit lands exactly
(none is refused): the file reads back as the change, every comment is still there, no
kind of line break is new to the file; and `done` then `reopen` on deadlines with no
progress key gives back the bytes (`FUZZ_EXAMPLES=2000 pytest tests/test_edit_fuzz.py` for
a longer run)."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from accordctl.core.errors import AccordError
from accordctl.core.loader import load_text
from accordctl.store import edit
from tests.conftest import HEADER

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
COMMENT = re.compile(r"#c\d+")  # every comment the generator writes, and nothing else
BREAKS = ["\n", "\r\n", "\r"]
EVIDENCE = ["minutes", "yes", "a: b", " padded", "#", "it's", "según el acta", "1e5", "x, y"]


@st.composite
def scalar(draw: st.DrawFn, value: str) -> str:
    """`value` written plain, single- or double-quoted."""
    plain = re.fullmatch(r"[A-Za-z][A-Za-z0-9 ]*", value) and value.lower() not in ("yes", "no")
    styles = ["single", "double", *(["plain"] if plain else [])]
    style = draw(st.sampled_from(styles))
    if style == "plain":
        return value
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@st.composite
def deadline(draw: st.DrawFn, scope: str | None, counter: list[int]) -> list[str]:
    """The lines of one deadline (without their line breaks), indented for `deadlines:`."""

    def comment() -> str:
        counter[0] += 1
        return f"#c{counter[0]}"

    pairs = [("source", draw(scalar("6 months"))), ("deadline", draw(scalar("6 months")))]
    if scope:
        pairs.append(("scope", scope))
    if draw(st.booleans()):
        pairs.append(("status", draw(st.sampled_from(["done", "dropped", "in-progress"]))))
    if draw(st.booleans()):
        pairs.append(("completed", "2008-12-01"))
    if draw(st.booleans()):
        pairs.append(("evidence", draw(scalar(draw(st.sampled_from(EVIDENCE))))))
    if draw(st.booleans()):
        pairs.append(("extensions", "[{to: 2010-01-01}]"))
    pairs = draw(st.permutations(pairs))
    flow = draw(st.booleans())
    if flow and draw(st.booleans()):  # a bare key: a null, as the loader reads it
        pairs = [(k, v) for k, v in pairs if k != "evidence"] + [("evidence", "")]
    blank = st.sampled_from([" ", "  ", "\t", " \t"])
    after = [f"{draw(blank)}{comment()}" if draw(st.booleans()) else "" for _ in pairs]
    if flow:
        if draw(st.booleans()):  # on one line
            line = "      - {" + ", ".join(f"{k}: {v}" if v else k for k, v in pairs) + "}"
            return [line + (f" {comment()}" if draw(st.booleans()) else "")]
        lines = ["      - {"]
        for n, ((k, v), tail) in enumerate(zip(pairs, after, strict=True)):
            comma = "," if n < len(pairs) - 1 else ""
            if draw(st.booleans()):
                lines.append(f"         {comment()}")
            lines.append(f"         {k}: {v}{comma}{tail}" if v else f"         {k}{comma}{tail}")
        return [*lines, "        }"]
    dash_alone = draw(st.booleans())
    lines = ["      -"] if dash_alone else []
    for n, ((k, v), tail) in enumerate(zip(pairs, after, strict=True)):
        lead = "      - " if n == 0 and not dash_alone else "        "
        how = draw(st.sampled_from(["inline", "inline", "next line", "block scalar"]))
        if k == "evidence" and how == "block scalar":
            lines += [f"{lead}{k}: |{tail}", "          " + draw(st.sampled_from(EVIDENCE))]
        elif k not in ("extensions", "scope") and how == "next line":  # `key:  # c` then it
            lines += [f"{lead}{k}:{tail}", f"          {v}"]
        else:
            lines.append(f"{lead}{k}: {v}{tail}")
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(["", f"        {comment()}"])))
    return lines


@st.composite
def datafile(draw: st.DrawFn) -> str:
    counter = [0]
    two = draw(st.booleans())
    lines = ['  - id: "1"', "    number: 1", "    branch: one", "    title: T1", "    deadlines:"]
    for scope in ("a", "b") if two else (None,):
        lines += draw(deadline(scope, counter))
    lines += ['  - id: "2"', "    number: 2", "    branch: one", "    title: T2"]
    if draw(st.booleans()):
        lines[-1] += "  #c0"
    breaks = [draw(st.sampled_from(BREAKS)) for _ in lines]
    if not draw(st.booleans()):
        breaks[-1] = ""
    text = HEADER.replace("\n", breaks[0]) + "".join(map(str.__add__, lines, breaks))
    return text


ACTION = st.tuples(
    st.sampled_from(["done", "drop", "reopen"]),
    st.sampled_from(["1", "1/a", "1/b"]),
    st.sampled_from([None, "2009-01-01", "2009-02-03"]),
    st.sampled_from([None, *EVIDENCE]),
)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(datafile(), st.lists(ACTION, min_size=1, max_size=4))
def test_every_edit_lands_exactly_or_leaves_the_file_alone(
    tmp_path_factory: pytest.TempPathFactory,
    text: str,
    actions: list[tuple[str, str, str | None, str | None]],
) -> None:
    try:
        load_text(text, "f")
    except AccordError:
        assume(False)  # a layout the loader refuses is not the editor's to edit
    path = tmp_path_factory.mktemp("fuzz") / "c.yaml"
    today = date(2009, 3, 1)
    for action, ident, on, evidence in actions:
        accord = load_text(text, "f")
        if ident != "1" and len(accord.commitments[0].deadlines) == 1:
            continue
        path.write_bytes(text.encode("utf-8"))
        when = date.fromisoformat(on) if on else None
        status = {"done": "done", "drop": "dropped", "reopen": "pending"}[action]
        asked = edit.Asked(status, when, evidence if action != "reopen" else None)
        plan = edit.plan(path, ident, asked, today, action)
        new = plan.after.decode("utf-8")
        if not plan.changed:
            assert new == text
            continue
        after = load_text(new, "f")
        wanted = [
            edit.progress(asked, d, today) if ident == "1" or d.scope == ident[2:] else d
            for d in accord.commitments[0].deadlines
        ]
        got = after.commitments[0].deadlines
        assert [replace(d, pos=w.pos) for d, w in zip(got, wanted, strict=True)] == wanted
        other, was = after.commitments[1], accord.commitments[1]
        assert replace(other, pos=was.pos) == was
        assert sorted(COMMENT.findall(new)) == sorted(COMMENT.findall(text))
        assert set(re.findall("\r\n|\r|\n", new)) <= set(re.findall("\r\n|\r|\n", text))
        if action == "done" and not re.search("status|completed|evidence", text):
            # no progress key at all (not even a null one): reopen removes what done added
            path.write_bytes(plan.after)
            back = edit.plan(path, ident, edit.Asked("pending"), today, "reopen")
            assert back.after.decode("utf-8") == text
        text = new

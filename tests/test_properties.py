"""Properties of the resolver and the outputs, with hypothesis."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accordctl import load, load_text, resolve
from accordctl.core.errors import DataErrors
from accordctl.core.model import file_order
from accordctl.core.phrases import Offset
from accordctl.core.resolver import apply_rule
from accordctl.core.views import due_view
from accordctl.outputs.formats import due_csv, due_json
from accordctl.outputs.ical import calendar, uid
from tests.conftest import DATA, HEADER, entry

TEXT = DATA.read_text(encoding="utf-8")
HEAD, _, REST = TEXT.partition("\ncommitments:\n")
BODY, _, RECORD = REST.partition("\nrecord:\n")
BLOCKS = ["  - id:" + b for b in BODY.split("  - id:")[1:]]
FACTS = ["  - id:" + b for b in RECORD.split("  - id:")[1:]]
PREAMBLE, _, EVENTS = HEAD.partition("\nevents:\n")
EVENT_BLOCKS = ["  - id:" + b for b in EVENTS.split("  - id:")[1:]]
ACCORD = load(DATA)
BASE = resolve(ACCORD)
SLOW = settings(max_examples=25, deadline=None)


def outputs(text: str) -> tuple[str, str, bytes]:
    accord = load_text(text, "x.yaml")
    res = resolve(accord)
    view = due_view(res, sorted(res.rows, key=file_order))
    return due_json(view), due_csv(view), calendar(view, accord.title)


def _lines(blocks: list[str]) -> str:
    return "".join(b if b.endswith("\n") else b + "\n" for b in blocks)


@SLOW
@given(st.permutations(BLOCKS), st.permutations(EVENT_BLOCKS), st.permutations(FACTS))
def test_reordering_entries_changes_no_output(
    blocks: list[str], events: list[str], facts: list[str]
) -> None:
    text = PREAMBLE + "\nevents:\n" + _lines(events) + "\ncommitments:\n" + _lines(blocks)
    text += "\nrecord:\n" + _lines(facts)
    assert outputs(text) == outputs(TEXT)


@SLOW
@given(st.integers(min_value=-3000, max_value=3000))
def test_moving_the_signing_moves_signing_relative_dates_only(days: int) -> None:
    signed = date(2008, 8, 21) + timedelta(days=days)
    res = resolve(ACCORD, signed=signed)
    for before, after in zip(BASE.rows, res.rows, strict=True):
        rule = before.deadline.rule
        if isinstance(rule, Offset) and rule.base == "signing":
            assert after.due == apply_rule(rule, signed)[0]
            if rule.unit in ("days", "weeks"):
                assert before.due is not None and after.due == before.due + timedelta(days=days)
        elif before.depends_on == ():
            assert after.due == before.due  # fixed dates stay


@SLOW
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2900, 12, 31)))
def test_every_due_date_is_on_or_after_its_base(signed: date) -> None:
    res = resolve(ACCORD, signed=signed)
    for row in res.rows:
        if row.step is not None and row.step.base_date is not None:
            assert row.due is not None and row.due >= row.step.base_date


@SLOW
@given(st.integers(min_value=2, max_value=40), st.data())
def test_a_cycle_anywhere_is_reported_never_looped_on(n: int, data: st.DataObject) -> None:
    start = data.draw(st.integers(min_value=0, max_value=n - 2))
    lines = [entry("c0", 1, "1 month")]
    lines += [entry(f"c{i}", 1, f"1 day after c{i - 1}") for i in range(1, n)]
    # close a loop: the start of the chain now counts from its end
    lines[start] = entry(f"c{start}", 1, f"1 day after c{n - 1}")
    with pytest.raises(DataErrors) as e:
        resolve(load_text(HEADER + "".join(lines), "x.yaml"))
    (f,) = e.value.findings
    assert f.code == "ACC005" and f"cycle of {n - start}:" in f.message


@SLOW
@given(st.integers(min_value=-400, max_value=400))
def test_json_csv_and_ics_agree_on_every_date(days: int) -> None:
    res = resolve(ACCORD, signed=date(2008, 8, 21) + timedelta(days=days))
    view = due_view(res, sorted(res.rows, key=file_order))
    from_json = {r["row_id"]: r["due"] for r in json.loads(due_json(view))["rows"]}
    from_csv = {r["row_id"]: r["due"] or None for r in csv.DictReader(io.StringIO(due_csv(view)))}
    cal = icalendar.Calendar.from_ical(calendar(view, "t"))
    from_ics = {
        str(c["uid"]): c.decoded("dtstart").isoformat()
        for c in cal.walk("VEVENT")
        if c.categories != ["event"]
    }
    assert from_json == from_csv
    assert from_ics == {uid(k): v for k, v in from_json.items() if v is not None}

"""The shipped annex: every number present, and dates checked by hand against the cable (the
plan, as it stood at the signing) and against the record (with what happened since)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from accordctl import load, resolve
from accordctl.core.model import Resolution
from tests.conftest import DATA

ACCORD = load(DATA)
SIGNED = date(2008, 8, 21)
RES = resolve(ACCORD, as_of=SIGNED)  # the plan: nothing had happened yet
RECORD = resolve(ACCORD)  # with the record: completions and events dated by facts

# (row id, due date) worked out by hand from the cable and the README's rules.
HAND_CHECKED = [
    ("1a", "2008-12-21"),  # (4 months) from 2008-08-21
    ("1e/general", "2010-08-21"),  # (2 years; ...)
    ("1e/federal-prosecutors", "2009-08-21"),  # (...; 1 year for federal prosecutors ...)
    ("2", "2008-09-08"),  # (in 2009 budget): the bill, Art. 74 IV, September 8
    ("12", "2011-08-21"),  # "(3" completed as 3 years, as the accord's own text gives it
    ("10", "2008-09-30"),  # (Will present the initiative in September 2008)
    ("16", "2008-09-30"),  # (Present before October 2008)
    ("21", "2008-12-31"),  # (December 31, 2008)
    ("27", "2009-01-21"),  # (2 months after the creation of the Citizen Observatory): 26 + 2 months
    ("29", "2008-12-15"),  # (Sept - December 2008 legislative session): Art. 66
    ("37", "2009-10-21"),  # (14 months)
    ("39", "2008-09-20"),  # (30 days)
    ("41", "2011-02-21"),  # (30 months)
    ("47", "2008-12-31"),  # (Include in the 2009 budget of each state.)
    ("54c", "2009-08-21"),  # no phrase: the (1 year) of the heading 54 it stands under
    ("54a/other-municipalities", "2010-08-21"),  # (...; 2 years for other municipalities)
    ("55/subsemun", "2009-02-21"),  # (6 months for the 150 municipalities ... SUBSEMUN ...)
    ("63", "2009-08-21"),  # "(1" completed as 1 year
]


def rows_by_id(res: Resolution) -> dict[str, object]:
    return {r.row_id: r for r in res.rows}


def test_every_number_from_1_to_75_has_a_row() -> None:
    assert sorted({r.commitment.number for r in RES.rows}) == list(range(1, 76))


def test_entries_per_number_follow_the_cable() -> None:
    counts = Counter(c.number for c in ACCORD.commitments)
    assert (counts[1], counts[3], counts[46], counts[54]) == (5, 3, 6, 4)
    assert sum(counts.values()) == 89
    assert [c.id for c in ACCORD.commitments if c.number == 54] == ["54", "54a", "54b", "54c"]


def test_branches_match_number_ranges() -> None:
    for c in ACCORD.commitments:
        branch = ACCORD.branch_of(c.number)
        assert branch is not None and branch.slug == c.branch, c.id


# (row id, due date) with the record: what moved, and why, worked out by hand.
RECORD_CHECKED = [
    ("27", "2009-04-26"),  # 26 done 2009-02-26 (the Observatorio, February 2009) + 2 months
    ("49", "2009-06-09"),  # general-law: the Senate's vote of 2008-12-09, + 6 months
    ("26", "2008-11-21"),  # its own due date stays: 3 months from the signing
    ("2", "2008-09-08"),  # done on its due date: the bill of 2008-09-08
]


@pytest.mark.parametrize(("row_id", "due"), HAND_CHECKED)
def test_hand_checked_dates(row_id: str, due: str) -> None:
    row = next(r for r in RES.rows if r.row_id == row_id)
    assert row.due == date.fromisoformat(due)


@pytest.mark.parametrize(("row_id", "due"), RECORD_CHECKED)
def test_hand_checked_dates_with_the_record(row_id: str, due: str) -> None:
    row = next(r for r in RECORD.rows if r.row_id == row_id)
    assert row.due == date.fromisoformat(due)


def test_row_ids_are_unique() -> None:
    ids = [r.row_id for r in RES.rows]
    assert len(ids) == len(set(ids))


def test_split_deadlines_are_two_rows() -> None:
    split = sorted(r.row_id for r in RES.rows if r.deadline.scope)
    assert split == [
        "1e/federal-prosecutors", "1e/general", "54a/other-municipalities", "54a/subsemun",
        "55/other-municipalities", "55/subsemun",
    ]  # fmt: skip


def test_inferred_are_exactly_the_truncated_phrases() -> None:
    inferred = {
        r.row_id: (r.deadline.source, r.deadline.phrase) for r in RES.rows if r.deadline.inferred
    }
    assert inferred == {
        "3b": ("6", "6 months"),
        "12": ("3", "3 years"),
        "36": ("4", "4 months"),
        "46b": ("6", "6 months"),
        "52": ("3", "3 months"),
        "60": ("6", "6 months"),
        "63": ("1", "1 year"),
    }


def test_undated_kinds() -> None:
    kinds = {r.row_id: r.kind for r in RES.rows if r.kind != "date"}
    assert kinds == {
        "23": "missing", "40": "permanent", "42": "permanent", "49": "pending", "53": "open",
        "57": "open", "71": "open", "72": "open", "73": "open", "74": "open", "75": "open",
    }  # fmt: skip
    forty_nine = next(r for r in RES.rows if r.row_id == "49")
    assert forty_nine.pending_on is not None and "general-law" in forty_nine.pending_on
    assert {r.row_id for r in RECORD.rows if r.kind != "date"} == kinds.keys() - {"49"}


def test_missing_23_keeps_the_orphan_text() -> None:
    c = next(c for c in ACCORD.commitments if c.id == "23")
    assert c.missing and c.deadlines == ()
    assert c.text is not None and "13,500 schools" in c.text


def test_events() -> None:
    dates = {e.event.id: e.date and e.date.isoformat() for e in RES.events}
    assert dates == {
        "signing": "2008-08-21", "review-1": "2008-09-21", "review-2": "2008-11-21",
        "session-2008": "2008-12-15", "budget-2009-bill": "2008-09-08",
        "budget-2009-federal": "2008-11-15", "budget-2009-state": "2008-12-31",
        "budget-2009-municipal": "2008-12-31", "general-law": None,
        "programme-end": "2011-08-21",
    }  # fmt: skip
    assert all(e.event.source for e in RES.events)


def test_events_dated_by_the_record_keep_their_planned_dates() -> None:
    held = {e.event.id: (e.date, e.planned, e.fact) for e in RECORD.events if e.fact}
    assert held == {
        "signing": (date(2008, 8, 21), date(2008, 8, 21), "accord-signed-xxiii-session"),
        "review-1": (date(2008, 9, 19), date(2008, 9, 21), "council-xxiv-session"),
        "review-2": (
            date(2008, 11, 28),
            date(2008, 11, 19),
            "council-xxv-session",
        ),  # 2 months after review-1 as held
        "budget-2009-bill": (date(2008, 9, 8), date(2008, 9, 8), "ppef-2009-sent"),
        "budget-2009-federal": (date(2008, 11, 13), date(2008, 11, 15), "pef-2009-chamber-vote"),
        "general-law": (date(2008, 12, 9), None, "lgsnsp-senate-vote"),
    }


def test_recorded_dates_move_dependents() -> None:
    res = resolve(ACCORD, {"general-law": date(2009, 1, 2), "26": date(2009, 2, 26)})
    by_id = {r.row_id: r.due for r in res.rows}
    assert by_id["49"] == date(2009, 7, 2)
    assert by_id["27"] == date(2009, 4, 26)
    assert by_id["26"] == date(2008, 11, 21)  # its own due date stays


def test_moving_the_signing_moves_events_and_clips_month_ends() -> None:
    res = resolve(ACCORD, signed=date(2008, 8, 31), as_of=date(2008, 8, 31))
    rows = {r.row_id: r for r in res.rows}
    assert rows["3b"].due == date(2009, 2, 28)
    assert rows["3b"].step is not None and rows["3b"].step.clipped
    assert rows["21"].due == date(2008, 12, 31)  # fixed dates stay
    events = {e.event.id: e.date for e in res.events}
    assert events["review-1"] == date(2008, 9, 30)
    assert events["review-2"] == date(2008, 11, 30)

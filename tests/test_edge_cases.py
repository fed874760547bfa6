"""Edge cases found in review: each once crashed, hung, or gave a wrong answer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import icalendar
import pytest

from tests.conftest import DATA, HEADER, Result, entry

Cli = Callable[..., Result]


def write(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "c.yaml"
    path.write_text(header + body, encoding="utf-8")
    return path


def extended(cid: str, phrase: str, *tos: str) -> str:
    ext = "".join(f"        - {{to: {to}}}\n" for to in tos)
    return (
        f'- id: "{cid}"\n  number: 1\n  branch: one\n  title: T\n  deadlines:\n'
        f'    - source: x\n      deadline: "{phrase}"\n      extensions:\n{ext}'
    )


def test_permanent_where_a_date_is_needed_is_a_finding(cli: Cli, tmp_path: Path) -> None:
    header = HEADER.replace(
        "{id: later, title: Later, when: null}", "{id: later, title: Later, when: permanent}"
    )
    path = write(tmp_path, entry("1", 1, "by later"), header)
    r = cli("due", "--file", str(path))
    assert r.code == 4 and '"permanent" gives no date (later)' in r.err
    path = write(tmp_path, extended("1", "permanent", "2009-06-30"))
    rows = cli("due", "--file", str(path), "--format", "json").json()["rows"]
    assert (rows[0]["due"], rows[0]["original_due"]) == ("2009-06-30", None)


def test_every_extension_is_checked(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path, extended("1", "6 months", '"1 month after 99"', '"99999 months"'))
    codes = [
        f["code"] for f in cli("check", "--file", str(path), "--format", "json").json()["findings"]
    ]
    assert codes.count("ACC004") == 1 and codes.count("ACC006") == 1
    path = write(tmp_path, extended("1", "6 months", "null"))
    r = cli("due", "--file", str(path))
    assert r.code == 3 and "extension to must not be empty" in r.err


def test_two_separate_cycles_are_both_reported(cli: Cli, tmp_path: Path) -> None:
    body = (
        entry("a", 1, "1 month after b") + entry("b", 2, "1 month after a")
        + extended("c", "1 month after d", '"1 month after a"').replace("number: 1", "number: 3")
        + entry("d", 4, "1 month after c")
    )  # fmt: skip
    messages = [
        f["message"]
        for f in cli("check", "--file", str(write(tmp_path, body)), "--format", "json").json()[
            "findings"
        ]
        if f["code"] == "ACC005"
    ]
    assert messages == ["cycle of 2: a -> b -> a", "cycle of 2: c -> d -> c"]


def test_a_window_that_would_end_before_it_starts_is_dropped(cli: Cli) -> None:
    doc = cli("due", "--format", "json", "--event", "session-2008=2008-08-25").json()
    row = next(r for r in doc["rows"] if r["row_id"] == "29")
    assert (row["due"], row["window_start"]) == ("2008-08-25", None)
    cal = icalendar.Calendar.from_ical(
        cli("ics", "--windows", "--event", "session-2008=2008-08-25").out
    )
    for c in cal.walk("VEVENT"):
        assert c.decoded("dtend") > c.decoded("dtstart")


def test_timeline_with_the_end_before_the_start(cli: Cli) -> None:
    r = cli("timeline", "--event", "programme-end=2008-01-01")
    assert r.code == 0 and "executive" in r.out


def test_timeline_counts_early_rows_as_earlier(cli: Cli, tmp_path: Path) -> None:
    r = cli(
        "timeline",
        "--file",
        str(write(tmp_path, entry("1", 1, "before August 2008") + entry("2", 2, "1 month"))),
    )
    assert "1 earlier" in r.out and "later" not in r.out


def test_a_huge_number_is_a_bad_phrase(cli: Cli, tmp_path: Path) -> None:
    r = cli("due", "--file", str(write(tmp_path, entry("1", 1, "1" * 5000 + " days"))))
    assert r.code == 4 and "number too large" in r.err and len(r.err) < 400
    assert cli("calc", "1" * 5000 + " days").code == 4
    assert cli("calc", "999999999 years").code == 4


def test_check_reads_values_as_the_loader_does(cli: Cli, tmp_path: Path) -> None:
    body = (
        entry("1", 1, "6 months")
        .replace("title: T1", "title: yes")
        .replace('source: "6 months"', "source: 6")
    )
    r = cli("check", "--file", str(write(tmp_path, body)), "--format", "json")
    assert r.json()["counts"]["error"] == 0
    for tagged in ("!!int abc", "!!bool maybe", "1" * 5000):
        r = cli(
            "check",
            "--file",
            str(
                write(tmp_path, entry("1", 1, "6 months").replace("title: T1", f"title: {tagged}"))
            ),
        )
        assert r.code in (0, 1) and "internal error" not in r.err


def test_diff_names_the_base_when_only_lines_moved(cli: Cli, tmp_path: Path) -> None:
    old = write(
        tmp_path, entry("2", 2, "6 months") + extended("1", "6 months", '"7 months after 2"')
    )
    (tmp_path / "old.yaml").write_text(old.read_text(encoding="utf-8"), encoding="utf-8")
    new = write(
        tmp_path,
        "# a comment that shifts every line\n"
        + entry("2", 2, "8 months")
        + extended("1", "6 months", '"7 months after 2"'),
    )
    doc = cli("diff", str(tmp_path / "old.yaml"), str(new), "--format", "json").json()
    causes = {c["id"]: c["causes"] for c in doc["changed"]}
    assert causes["1"] == ["2, which it counts from, moved: 2009-02-21 -> 2009-04-21"]


def test_csv_keeps_negative_numbers(cli: Cli) -> None:
    r = cli("due", "--as-of", "2010-01-01", "--format", "csv", "--branch", "judicial")
    assert ",-" in r.out and ",'-" not in r.out


def test_uids_of_look_alike_ids_differ(cli: Cli, tmp_path: Path) -> None:
    body = (
        entry("1.a", 1, "6 months")
        + (
            '- id: "1"\n  number: 1\n  branch: one\n  title: T\n  deadlines:\n'
            "    - {scope: a, source: x, deadline: 1 year}\n"
            "    - {scope: b, source: y, deadline: 2 years}\n"
        )
        + entry("signing-2", 2, "1 month")
    )
    cal = icalendar.Calendar.from_ical(cli("ics", "--file", str(write(tmp_path, body))).out)
    uids = [str(c["uid"]) for c in cal.walk("VEVENT")]
    assert len(uids) == len(set(uids)) == 5


def test_command_line_dates_that_put_a_deadline_out_of_range_are_exit_4(cli: Cli) -> None:
    r = cli("due", "--signed", "9999-12-01")
    assert r.code == 4 and "--event or --signed put a deadline out of range" in r.err


def test_huge_columns_and_special_files(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100000000")
    assert cli("due", "--branch", "media").code == 0
    r = cli("due", "--file", "/dev/zero")
    assert r.code == 3 and "not a regular file" in r.err


def test_completion_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from accordctl.cli.complete import complete_id as _complete_id

    monkeypatch.setenv("ACCORDCTL_FILE", str(write(tmp_path, entry("zz1", 1, "1 day"))))
    assert _complete_id("zz") == ["zz1"]
    monkeypatch.delenv("ACCORDCTL_FILE")
    assert _complete_id("zz") == [] and DATA.exists()


def test_a_files_own_error_stays_the_files_with_given_dates(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path, entry("1", 1, "9000 years"))
    for extra in ([], ["--signed", "2008-08-21"], ["--event", "later=2009-01-01"]):
        r = cli("due", "--file", str(path), *extra)
        assert r.code == 4 and "gives a date out of range (1)" in r.err, extra
    both = write(tmp_path, entry("1", 1, "1 month after later") + entry("2", 2, "1 day after 99"))
    r = cli("due", "--file", str(both), "--event", "later=9999-12-20")
    assert r.code == 5 and 'unknown reference "99"' in r.err and "and 1 more" not in r.err


def test_only_a_given_date_out_of_range_is_said_to_be_given(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path, entry("1", 1, "1 month after later"))
    r = cli("due", "--file", str(path), "--event", "later=9999-12-20", "--as-of", "9999-12-31")
    assert r.code == 4 and '"1 month after later" gives a date out of range (1)' in r.err
    assert "dates given with --event or --signed" in r.err


def test_explain_with_a_moved_signing_keeps_the_chain(cli: Cli, plan: Path) -> None:
    r = cli("explain", "review-2", "--signed", "2009-01-01", "--file", str(plan))
    assert r.out.splitlines()[0] == "review-2 <- review-1 <- signing: 2009-04-01"
    assert "recorded with --event" in r.out  # only on signing, whose date was given
    assert r.out.count("recorded with --event") == 1


def test_calc_says_why_a_base_has_no_date(cli: Cli) -> None:
    r = cli("calc", "1 month after 53")
    assert r.code == 1 and r.err == (
        "accordctl: calc: 53 has no date (open: the cable gives no deadline)\n"
    )

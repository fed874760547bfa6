"""Asking for what you want: ids, --search, --state, --overdue, --within, --attention,
--since and --until choose rows the same way in every command that takes them, a
filtered answer ends with a count on stderr (never on stdout), and a combination that
would match nothing, or change nothing, is refused with a reason. Through the real entry
point, on the shipped data (see README, "Asking")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from accordctl.core.progress import STATES
from accordctl.core.text import search_key
from tests.conftest import Result, entry

Cli = Callable[..., Result]
AS_OF = ["--as-of", "2010-01-01"]


def rows(cli: Cli, *args: str) -> list[str]:
    """The row ids `due ARGS` lists (by number, as JSON and CSV sort)."""
    r = cli("due", "--format", "json", *args)
    assert r.code == 0, r.err
    return [row["row_id"] for row in r.json()["rows"]]


# -- ids ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        (["27", "46a"], ["27", "46a"]),
        (["27,46a"], ["27", "46a"]),  # a comma, as in every list
        (["46a", "27"], ["27", "46a"]),  # in the answer's order, not the asking's
        (["1e/general"], ["1e/general"]),  # a row of a split deadline
        (["1e"], ["1e/federal-prosecutors", "1e/general"]),  # an entry: all its rows
        (["1"], ["1a", "1b", "1c", "1d", "1e/federal-prosecutors", "1e/general"]),  # a number
        (["54a", "12"], ["12", "54a/other-municipalities", "54a/subsemun"]),
    ],
)
def test_due_takes_ids(cli: Cli, ids: list[str], expected: list[str]) -> None:
    assert rows(cli, *ids) == expected


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        (["46z"], 'due: unknown id "46z" (did you mean 46'),
        (["3"], None),  # a bare number names its entries: no error
        (["signing"], 'due: "signing" is an event, not a commitment (accordctl explain signing'),
        (["27", "27"], 'due: "27" is given twice: give it once'),
        (["1", "1a"], 'due: "1" and "1a" both name 1a: name it once'),
        (["1e", "1e/general"], 'due: "1e" and "1e/general" both name 1e/general'),
        (["27,"], 'due: an empty item in "27,"'),
    ],
)
def test_an_id_that_names_no_row_or_one_twice_is_refused(
    cli: Cli, ids: list[str], message: str | None
) -> None:
    r = cli("due", *ids)
    if message is None:
        assert r.code == 0 and r.err.startswith("accordctl: 3 of 92 deadlines of 3")
    else:
        assert (r.code, r.out, r.err.count("\n")) == (2, "", 1) and message in r.err, r.err


@pytest.mark.parametrize("command", ["due", "status", "timeline", "record"])
@pytest.mark.parametrize(
    ("ids", "message"),
    [
        (["1", "1a"], '"1" and "1a" both name 1a: name it once'),
        (["1e/general", "1"], '"1e/general" and "1" both name 1e/general: name it once'),
        (["46z"], 'unknown id "46z" (did you mean 46f, 46e, 46d?)'),
    ],
)
def test_every_command_refuses_a_row_named_twice(
    cli: Cli, command: str, ids: list[str], message: str
) -> None:
    r = cli(command, *ids)
    assert (r.code, r.out, r.err) == (2, "", f"accordctl: {command}: {message}\n")


# -- --search -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Policía", "policia"),
        ("POLICÍA  FEDERAL", "policia federal"),  # blanks collapsed
        ("año", "ano"),  # a search is forgiving: ñ is n (the grammar is not)
        ("Straße", "strasse"),
        ("ﬁscal", "fiscal"),  # a ligature, by compatibility
        ("\uff30\uff2f\uff2c\uff29\uff23\uff29\uff21", "policia"),  # full-width letters
        ("Ångström", "angstrom"),
        ("İstanbul", "istanbul"),
    ],
)
def test_a_search_ignores_case_accents_and_compatibility_forms(text: str, folded: str) -> None:
    assert search_key(text) == folded


SEARCHES = [  # text, rows, what it is found in
    ("kidnapping", ["3a", "3b", "3c", "13", "18", "31", "32", "46b", "48"], "titles"),
    ("KIDNAPPING", ["3a", "3b", "3c", "13", "18", "31", "32", "46b", "48"], "any case"),
    ("legislative session", ["29", "30", "31", "32", "33"], "the deadline as written"),
    ("observatorio", ["26", "70"], "the record's facts, in Spanish"),
    ("Observatorio Nacional", ["26", "70"], "a phrase, as written"),
    ("policía", ["1b", "1c", "16", "29", "31", "46b", "54a/subsemun", "54a/other-municipalities"],
     "with or without accents"),
    ("Thursday", ["10", "16", "26", "29", "30", "32", "33", "70"], "judgements"),
    ("read strictly, 26 was not kept", ["26"], "a judgement's words"),
    ("Citizen Observatory", ["27"], "the reading of an interpreted phrase"),
    ("6 fortnights", [], "nothing"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected", "where"), SEARCHES, ids=lambda x: str(x)[:24])
def test_search_finds_words_where_a_reader_sees_them(
    cli: Cli, text: str, expected: list[str], where: str
) -> None:
    assert rows(cli, "--search", text) == sorted(expected, key=_by_number), where


def _by_number(row_id: str) -> tuple[int, str]:
    digits = len(row_id) - len(row_id.lstrip("0123456789"))
    return int(row_id[:digits]), row_id


def test_a_search_is_a_phrase_that_never_spans_two_fields(
    cli: Cli, datafile: Callable[..., Path]
) -> None:
    path = datafile(entry("1", 1, "6 months") + entry("2", 2, "1 year"))
    assert rows(cli, "--file", str(path), "--search", "t1") == ["1"]  # the title T1
    assert rows(cli, "--file", str(path), "--search", "T1 6 months") == []  # title + phrase


# -- --state, --overdue, --within, --attention ------------------------------------------


@pytest.mark.parametrize("as_of", ["2008-10-01", "2009-03-01", "2010-01-01", "2030-01-01"])
def test_the_states_part_the_rows_and_done_is_kept_or_late(cli: Cli, as_of: str) -> None:
    every = rows(cli, "--as-of", as_of)
    parts = {s: rows(cli, "--as-of", as_of, "--state", s) for s in STATES}
    assert sorted(r for p in parts.values() for r in p) == sorted(every)
    done = rows(cli, "--as-of", as_of, "--state", "done")
    assert done == rows(cli, "--as-of", as_of, "--state", "kept,late")
    assert sorted(done) == sorted(parts["kept"] + parts["late"])
    both = rows(cli, "--as-of", as_of, "--state", "kept", "--state", "late")  # repeated
    assert both == done


@pytest.mark.parametrize(
    ("as_of", "span"), [("2008-11-15", "30d"), ("2009-01-15", "2m"), ("2008-11-15", "1w")]
)
def test_attention_is_overdue_or_due_within_the_span(cli: Cli, as_of: str, span: str) -> None:
    overdue = rows(cli, "--as-of", as_of, "--overdue")
    soon = rows(cli, "--as-of", as_of, "--within", span)
    attention = rows(cli, "--as-of", as_of, "--attention", "--within", span)
    assert soon and overdue  # each side has rows: the union is tested, not one side
    assert sorted(attention) == sorted(overdue + soon) and not set(overdue) & set(soon)
    default = rows(cli, "--as-of", as_of, "--attention")
    assert default == rows(cli, "--as-of", as_of, "--attention", "--within", "30d")


def test_overdue_is_past_due_and_undone_and_state_overdue_is_unrated(cli: Cli) -> None:
    overdue = set(rows(cli, *AS_OF, "--overdue"))
    unrated = set(rows(cli, *AS_OF, "--state", "overdue"))
    recorded = set(rows(cli, *AS_OF, "--state", "in-progress,not-kept"))
    assert unrated < overdue and overdue - unrated <= recorded
    assert rows(cli, *AS_OF, "--overdue", "--state", "overdue") == sorted(unrated, key=_by_number)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--since", "2009-01-01", "--until", "2009-03-31", "--branch", "state"],
         ["46b", "46c", "48"]),
        (["--since", "2011-08-21"], ["12"]),
        (["--until", "2008-09-20"], ["2", "39"]),
        (["--until", "2008-09-30"], ["2", "10", "16", "39"]),
        (["--since", "2011-08-22"], []),
    ],
)  # fmt: skip
def test_since_and_until_bound_the_due_date(cli: Cli, args: list[str], expected: list[str]) -> None:
    assert rows(cli, *args) == expected


# -- options narrow, the values of one option widen ------------------------------------


def test_every_list_takes_commas_or_repeats(cli: Cli) -> None:
    events = ["--event", "26=2009-02-26", "-e", "general-law=2009-01-02", *AS_OF]
    assert (
        cli("due", *events).out
        == cli("due", "-e", "26=2009-02-26,general-law=2009-01-02", *AS_OF).out
    )
    r = cli("due", "-e", "26=2009-02-26,26=2009-02-27")
    assert r.code == 2 and '--event: "26" is given two dates, 2009-02-26 and 2009-02-27' in r.err
    assert cli("due", "27,46a").out == cli("due", "27", "46a").out
    assert cli("record", "29,general-law").out == cli("record", "29", "general-law").out


def test_options_narrow_and_values_widen(cli: Cli) -> None:
    state = set(rows(cli, *AS_OF, "--branch", "state"))
    municipal = set(rows(cli, *AS_OF, "--branch", "municipal"))
    assert set(rows(cli, *AS_OF, "--branch", "state,municipal")) == state | municipal
    assert rows(cli, *AS_OF, "-b", "state", "-b", "municipal") == rows(
        cli, *AS_OF, "--branch", "state,municipal"
    )
    overdue = set(rows(cli, *AS_OF, "--overdue"))
    assert set(rows(cli, *AS_OF, "--branch", "state", "--overdue")) == state & overdue
    police = set(rows(cli, "--search", "police"))
    assert set(rows(cli, *AS_OF, "--search", "police", "--overdue", "-b", "state")) == (
        police & overdue & state
    )


# -- a count on stderr, never on stdout ------------------------------------------------


COUNTS = [
    (["--branch", "state", "--overdue", "--as-of", "2009-03-01"],
     "6 of 13 state deadlines overdue as of 2009-03-01"),
    (["--branch", "media", "--overdue", "--as-of", "2009-03-01"],
     "0 of 5 media deadlines overdue as of 2009-03-01"),
    (["--branch", "state,municipal"], "26 of 92 deadlines in state and municipal"),
    (["27", "46a"], "2 of 92 deadlines of 27 and 46a"),
    (["--search", "kidnapping"], '9 of 92 deadlines matching "kidnapping"'),
    (["--search", "kidnapping", "--overdue", "--as-of", "2009-03-01"],
     '7 of 9 deadlines matching "kidnapping": overdue as of 2009-03-01'),
    (["--state", "done", "--as-of", "2010-01-01"], "9 of 92 deadlines done as of 2010-01-01"),
    (["--state", "overdue", "--as-of", "2010-01-01", "-b", "media"],
     "0 of 5 media deadlines overdue with nothing recorded as of 2010-01-01"),
    (["--attention", "--as-of", "2008-10-01", "-b", "legislative"],
     "0 of 7 legislative deadlines needing attention (overdue, or due by 2008-10-31) as of "
     "2008-10-01"),
    (["--within", "2w", "--as-of", "2008-09-10"],
     "1 of 92 deadlines due by 2008-09-24 and not done as of 2008-09-10"),
    (["--since", "2009-01-01", "--until", "2009-03-31", "-b", "state"],
     "3 of 13 state deadlines due from 2009-01-01 to 2009-03-31"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "said"), COUNTS, ids=lambda x: " ".join(x)[:40])
def test_a_filtered_answer_ends_with_a_count_on_stderr(
    cli: Cli, args: list[str], said: str
) -> None:
    r = cli("due", *args)
    assert r.err == f"accordctl: {said}\n"
    n = int(said.split()[0])
    assert len(rows(cli, *args)) == n
    for fmt in ("json", "csv"):  # stdout is the data alone, the same with or without -q
        loud, quiet = cli("due", *args, "--format", fmt), cli("due", *args, "--format", fmt, "-q")
        assert loud.out == quiet.out and quiet.err == "" and "accordctl" not in loud.out


@pytest.mark.parametrize("command", ["due", "status"])
def test_nothing_matched_is_said_once_on_stderr_and_stdout_is_empty(cli: Cli, command: str) -> None:
    """No bare headings: the count says there is nothing, where diagnostics go."""
    r = cli(command, "--search", "zzzz")
    assert (r.code, r.out, r.err) == (0, "", 'accordctl: 0 of 92 deadlines matching "zzzz"\n')


def test_an_answer_not_filtered_has_no_count(cli: Cli) -> None:
    for args in ([], ["--as-of", "2009-03-01"], ["--sort", "branch"], ["--format", "json"]):
        assert cli("due", *args).err == ""


@pytest.mark.parametrize("command", ["status", "report", "timeline"])
def test_the_commands_that_draw_rows_choose_them_as_due_does(cli: Cli, command: str) -> None:
    for args in (["--branch", "state"], ["27", "46a"], ["--search", "police", "-b", "state"]):
        r = cli(command, *args, *AS_OF)
        assert r.code == 0 and r.err == cli("due", *args, *AS_OF).err
        assert cli(command, *args, *AS_OF, "--quiet").err == ""
    doc = cli("status", "--search", "police", *AS_OF, "--format", "json").json()
    counted = sum(b["total"] for b in doc["branches"])
    assert counted == len(rows(cli, "--search", "police", *AS_OF))


# -- refused: what would match nothing, or change nothing ------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["--overdue", "--since", "2009-02-28"],  # the day before the as-of date may be late
        ["--within", "2w", "--until", "2009-03-01"],  # the as-of date itself is within
        ["--within", "2w", "--since", "2009-03-15"],  # and its last day
        ["--attention", "--until", "2008-01-01"],  # overdue rows have no first date
    ],
)
def test_a_time_filter_with_dates_at_its_edges_is_answered(cli: Cli, args: list[str]) -> None:
    r = cli("due", *args, "--as-of", "2009-03-01")
    assert r.code == 0 and r.err.startswith("accordctl: "), r.err


REFUSED = [
    (["due", "--overdue", "--within", "30d"],
     "match no row together: for either, give --attention --within SPAN"),
    (["due", "--overdue", "--attention"], "--attention lists overdue rows already: give one"),
    (["due", "--state", "kept", "--overdue"],
     "--state kept and --overdue match no row together (--overdue: in-progress, not-kept, "
     "overdue)"),
    (["due", "--state", "overdue", "--within", "30d"], "--state overdue and --within match no"),
    (["due", "--state", "done", "--attention"], "--state kept, late and --attention match no"),
    (["due", "--state", "undated", "--since", "2009-01-01"],
     "--state undated has no due date: --since and --until match none"),
    (["due", "--since", "2010-01-01", "--until", "2009-01-01"],
     "--since 2010-01-01 is after --until 2009-01-01: no date is both"),
    (["due", "--overdue", "--since", "2009-03-01", "--as-of", "2009-03-01"],
     "--overdue matches rows due before the as-of date (2009-03-01): --since 2009-03-01 "
     "leaves none of them"),
    (["due", "--within", "2w", "--until", "2009-02-28", "--as-of", "2009-03-01"],
     "--within matches rows due from the as-of date (2009-03-01) to 2009-03-15: --until "
     "2009-02-28 leaves none of them"),
    (["due", "--within", "2w", "--since", "2009-03-16", "--as-of", "2009-03-01"],
     "--within matches rows due from the as-of date (2009-03-01) to 2009-03-15: --since "
     "2009-03-16 leaves none of them"),
    (["due", "--attention", "--since", "2009-04-01", "--as-of", "2009-03-01"],
     "--attention matches rows due by 2009-03-31: --since 2009-04-01 leaves none of them"),
    (["due", "--state", "soon"], 'bad --state value "soon" (expected one of overdue,'),
    (["due", "--state", "kept,done"], '--state: "kept" is named twice (done is kept and late)'),
    (["due", "--search", "  "], '--search "  ": give words to look for'),
    (["due", "--within", "1y"], 'bad --within value "1y"'),
    (["due", "--columns", "id", "--format", "json"], "--columns chooses the table's columns"),
    (["due", "--full", "--format", "csv"], "--full sets the table's rows (give --format text)"),
    (["due", "--business-days", "--columns", "id,due"],
     "--business-days says the day in the note column: add note to --columns"),
    (["due", "--event", "26=2030-01-01", "--as-of", "2029-01-01"],
     "--event 26=2030-01-01 is after the as-of date, 2029-01-01: it had not happened then"),
    (["status", "--event", "26=2030-01-01", "--as-of", "2029-01-01"], "is after the as-of date"),
    (["report", "--force"], "--force replaces a read-only output file: give -o FILE too"),
    (["timeline", "--force"], "--force replaces a read-only output file: give -o FILE too"),
    (["timeline", "--svg", "t.svg", "--format", "text"], "--svg PATH is --format svg -o PATH"),
    (["calc", "December 31, 2008", "--signed", "2008-09-01"],
     '--signed: "December 31, 2008" is a fixed date; it counts from no date to move'),
    (["calc", "December 31, 2008", "--event", "26=2009-01-01"], "--event: "),
    (["record", "--since", "2009-05-01", "--until", "2009-01-01"], "is after --until"),
    (["record", "--from", "2009-01-01", "--since", "2009-01-01"],
     "--from is the old spelling of --since: give --since alone"),
    (["schema", "--output", "due"], "schema --output COMMAND is now schema COMMAND"),
    (["check", "--min-severity", "info"], 'bad --min-severity value "info"'),
    (["check", "--strict", "--min-severity", "error"],
     "--strict fails on warnings, which --min-severity error leaves out"),
    (["ics", "--force"], "--force replaces a read-only output file: give -o FILE too"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "message"), REFUSED, ids=lambda x: " ".join(x)[:48])
def test_a_combination_that_would_do_nothing_is_refused(
    cli: Cli, args: list[str], message: str
) -> None:
    r = cli(*args)
    assert (r.code, r.out, r.err.count("\n")) == (2, "", 1), r.err
    assert message in r.err and r.err.startswith("accordctl: "), r.err


# -- --as-of: today, in every command that has it -----------------------------------------


def test_as_of_defaults_to_today_in_every_command_that_has_it(cli: Cli) -> None:
    from tests.test_option_names import options_by_command

    runs = {  # each command with --as-of, as a run whose answer depends on the date
        "due": ["due", "--format", "json"],
        "status": ["status", "--format", "json"],
        "explain": ["explain", "27"],
        "timeline": ["timeline"],
        "report": ["report"],
        "check": ["check", "--overdue", "--format", "json"],
        "ics": ["ics", "27"],  # 27 counts from 26's completion, recorded 2009-02-26
        "record": ["record", "--state", "done", "--format", "json"],
    }
    having = {c for c, options in options_by_command().items() if "--as-of" in options}
    assert having == set(runs)
    for args in runs.values():
        plain, today = cli(*args), cli(*args, "--as-of", "today")
        assert plain.code == today.code and plain.out == today.out, args
        then = cli(*args, "--as-of", "2009-03-01")
        assert then.out != plain.out or args[0] in ("explain", "ics"), args  # the date is used


def test_explain_is_as_the_record_stood_at_the_as_of_date(cli: Cli) -> None:
    then, now = cli("explain", "27", "--as-of", "2009-01-01"), cli("explain", "27")
    assert then.out.splitlines()[0] == "27 <- 26 <- signing: 2009-01-21"  # 26 not yet done
    assert now.out.splitlines()[0] == "27 <- 26 <- signing: 2009-04-26"  # 26 done 2009-02-26


def test_each_new_option_is_part_of_the_cache_key(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ACCORDCTL_NO_CACHE", raising=False)  # on, even in the suite's cache-off run
    runs = [
        ["due", "-b", "state"], ["due", "-b", "state", "-q"], ["due", "27"], ["due", "46a"],
        ["due", "--search", "police"], ["due", "--search", "policia"],
        ["due", "--state", "kept"], ["due", "--state", "late"], ["due", "--attention"],
        ["due", "--since", "2009-01-01"], ["due", "--until", "2009-01-01"],
        ["status", "--search", "police"], ["timeline", "--format", "svg"],
        ["check", "--min-severity", "warning"], ["check", "--overdue"], ["schema", "due"],
    ]  # fmt: skip
    answers = []
    for args in runs:
        r = cli(*args)  # stored, then answered from the cache alike (tests/conftest.py)
        assert r.cache == "stored", args
        answers.append((r.out, r.err))
    assert len(set(answers)) == len(answers)  # no two answers alike: no key shared


def test_completion_completes_the_last_item_of_a_list() -> None:
    from accordctl.cli.complete import complete_branch, complete_id, complete_listed

    assert complete_branch("state,mu") == ["state,municipal"]
    assert complete_branch("state,st") == []  # state is named already
    assert complete_id("27,46") == [f"27,46{x}" for x in "abcdef"]
    assert complete_listed("kept,l", ["kept", "late", "dropped"]) == ["kept,late"]


def test_the_count_says_one_deadline_in_the_singular(cli: Cli) -> None:
    r = cli("due", "11", "--state", "undated", "--as-of", "2009-03-01")
    assert r.err == "accordctl: 0 of 1 deadline of 11: undated as of 2009-03-01\n"

"""The promise at every edge: one clear line, a documented exit code, nothing lost, nothing
left behind, bounded time and memory. A table per category (see README, "Reliability");
tests/test_bad_inputs.py holds the broken data files, tests/test_fuzz.py mutates the
shipped one."""

from __future__ import annotations

import os
import re
import signal
import stat
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import DATA, HEADER, Result, entry

Cli = Callable[..., Result]
BAD = Path(__file__).parent / "bad_inputs"
CONTROL = BAD / "control-characters.yaml"


def one_clean_line(r: Result, code: int, message: str) -> None:
    assert r.code == code, r.err
    assert message in r.err, r.err
    assert r.err.count("\n") == 1 and "Traceback" not in r.err


def script(*args: str) -> list[str]:
    exe = Path(sys.executable).with_name("accordctl")
    return [str(exe), *args] if exe.exists() else [sys.executable, "-m", "accordctl", *args]


def run(args: list[str], env: dict[str, str] | None = None) -> Result:
    full = {**os.environ, "COLUMNS": "80", **(env or {})}
    full.pop("ACCORDCTL_FILE", None)
    p = subprocess.run(script(*args), capture_output=True, env=full, check=False)
    return Result(p.returncode, *(x.decode("utf-8", "replace") for x in (p.stdout, p.stderr)))


# -- output targets --------------------------------------------------------------------


def test_a_regular_file_is_replaced_atomically_and_keeps_its_mode(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "accord.ics"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o600)
    assert cli("ics", "-o", str(out)).code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and out.read_text().startswith("BEGIN:")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["accord.ics"]


def test_a_new_file_gets_the_usual_mode(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "new.ics"
    umask = os.umask(0o022)
    try:
        assert cli("ics", "-o", str(out)).code == 0
    finally:
        os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_a_read_only_file_is_refused_unless_forced(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "ro.ics"
    out.write_text("keep", encoding="utf-8")
    out.chmod(0o444)
    r = cli("ics", "-o", str(out))
    one_clean_line(r, 2, "refusing to replace a read-only file (--force to do so)")
    assert out.read_text() == "keep"
    assert cli("ics", "-o", str(out), "--force").code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o444 and out.read_text().startswith("BEGIN:")


def test_a_symlink_is_written_through(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "real.ics").write_text("x", encoding="utf-8")
    (tmp_path / "link.ics").symlink_to("real.ics")
    (tmp_path / "dangling.ics").symlink_to("made.ics")
    assert cli("ics", "-o", str(tmp_path / "link.ics")).code == 0
    assert cli("ics", "-o", str(tmp_path / "dangling.ics")).code == 0
    assert (tmp_path / "link.ics").is_symlink() and (tmp_path / "dangling.ics").is_symlink()
    assert (tmp_path / "real.ics").read_text().startswith("BEGIN:VCALENDAR")
    assert (tmp_path / "made.ics").read_text().startswith("BEGIN:VCALENDAR")


def test_the_input_file_is_refused_even_through_a_link(cli: Cli, tmp_path: Path) -> None:
    data = tmp_path / "c.yaml"
    data.write_bytes(DATA.read_bytes())
    (tmp_path / "link").symlink_to("c.yaml")
    for target in (data, tmp_path / "link"):
        for command in (["ics", "-o"], ["timeline", "--svg"], ["report", "-o"]):
            r = cli(*command, str(target), "--file", str(data), "--force")
            one_clean_line(r, 2, "refusing to overwrite the input file")
    assert data.read_bytes() == DATA.read_bytes()


def test_devices_and_fifos_are_written_straight(cli: Cli, tmp_path: Path) -> None:
    assert cli("ics", "-o", os.devnull).code == 0
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)  # still the device
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    assert cli("ics", "-o", str(fifo)).code == 0
    out, _ = reader.communicate(timeout=60)
    assert out.startswith(b"BEGIN:VCALENDAR") and stat.S_ISFIFO(fifo.stat().st_mode)


def test_dash_is_stdout_and_a_long_name_works(cli: Cli, tmp_path: Path) -> None:
    assert cli("ics", "-o", "-").out.startswith("BEGIN:VCALENDAR")
    long = tmp_path / ("a" * 251 + ".ics")  # 255 bytes, the longest legal name
    assert cli("ics", "-o", str(long)).code == 0 and long.exists()
    assert [p.name for p in tmp_path.iterdir()] == [long.name]


@pytest.mark.parametrize(
    ("target", "message"),
    [("missing-dir/x.ics", "cannot write: No such file or directory"),
     (".", "cannot write: is a directory"),
     ("x" * 300 + ".ics", "cannot write: File name too long")],
)  # fmt: skip
def test_unwritable_targets_are_exit_6(cli: Cli, tmp_path: Path, target: str, message: str) -> None:
    one_clean_line(cli("ics", "-o", str(tmp_path / target)), 6, message)
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_write_leaves_nothing_behind(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from accordctl.core.errors import Interrupted

    out = tmp_path / "accord.ics"
    out.write_text("old", encoding="utf-8")

    def interrupted(fd: int) -> None:
        raise Interrupted(signal.SIGTERM)

    monkeypatch.setattr(os, "fsync", interrupted)
    r = cli("ics", "-o", str(out))
    assert r.code == 143 and r.err.endswith("accordctl: interrupted (SIGTERM)\n")
    assert [p.name for p in tmp_path.iterdir()] == ["accord.ics"] and out.read_text() == "old"


# -- streams and signals (the real program) -------------------------------------------

STREAMS = [  # (arguments, shell redirection, exit code, message)
    (["due"], "> /dev/null", 0, ""),
    (["due"], ">&-", 6, "accordctl: stdout: cannot write: it is closed"),
    (["due", "--format", "json"], "> /dev/full", 6, "No space left on device"),
    (["--version"], "> /dev/full", 6, "No space left on device"),
    (["due", "--help"], "> /dev/full", 6, "No space left on device"),
    (["due", "--file", "/nonexistent"], "2>&-", 3, ""),
    (["ics", "-o", "/dev/null"], "2>/dev/full", 0, ""),
    (["ics", "-o", "/dev/null"], ">&-", 0, "accordctl: skipped 10 undated deadlines"),
]


@pytest.mark.parametrize(("args", "redirect", "code", "message"), STREAMS)
def test_closed_and_full_streams(args: list[str], redirect: str, code: int, message: str) -> None:
    shell = " ".join(map(repr, script(*args))) + " " + redirect
    p = subprocess.run(["bash", "-c", shell], capture_output=True, check=False)
    err = p.stderr.decode()
    assert p.returncode == code and message in err and "Traceback" not in err
    assert err.count("\n") == (1 if message else 0)


@pytest.mark.parametrize(
    "env",
    [{"LC_ALL": "C"}, {"PYTHONIOENCODING": "latin-1"}, {"PYTHONIOENCODING": "ascii"},
     {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}],
    ids=["C", "latin-1", "ascii", "C-no-coercion"],
)  # fmt: skip
def test_a_locale_that_is_not_utf8(env: dict[str, str]) -> None:
    for args in (["due"], ["explain", "1"], ["check"], ["due", "--branch", "state"]):
        r = run([*args, "--file", str(CONTROL if len(args) < 3 else DATA)], env=env)
        assert r.code == 0 and r.err.count("\n") <= 1 and "Traceback" not in r.err
    doc = run(["due", "--format", "json"], env=env)
    assert doc.code == 0 and doc.out.isascii()


@pytest.mark.parametrize(
    ("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)]
)
def test_a_signal_mid_output_ends_with_one_line(
    tmp_path: Path, signum: signal.Signals, code: int
) -> None:
    big = tmp_path / "big.yaml"
    big.write_text(HEADER + "".join(entry(f"c{i}", 1, "1 day") for i in range(3000)))
    env = {**os.environ, "COLUMNS": "80"}
    proc = subprocess.Popen(
        script("due", "--format", "json", "--file", str(big)),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    assert proc.stdout is not None and proc.stdout.read(1) == b"{"  # it is writing now
    proc.send_signal(signum)  # ... and blocks on the full pipe until read
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert err.decode() == f"accordctl: interrupted ({signal.Signals(signum).name})\n"


START_UP = """
import builtins, signal
from accordctl import _entry
from accordctl.core.errors import Interrupted

real = builtins.__import__

def slow_start(name, *args, **kw):
    if name == "accordctl.cli.main":
        raise Interrupted(signal.SIGINT)  # as if Ctrl-C arrived while importing
    return real(name, *args, **kw)

builtins.__import__ = slow_start
_entry.run()
"""


def test_an_interruption_during_start_up() -> None:
    p = subprocess.run([sys.executable, "-c", START_UP], capture_output=True, check=False)
    assert (p.returncode, p.stderr) == (130, b"accordctl: interrupted (SIGINT)\n")


def test_a_broken_pipe_is_quiet() -> None:
    shell = " ".join(map(repr, script("due", "--format", "csv"))) + " | head -c 10"
    p = subprocess.run(["bash", "-o", "pipefail", "-c", shell], capture_output=True, check=False)
    assert p.returncode in (0, 141) and p.stderr == b""


# -- bounds ------------------------------------------------------------------------------


def test_a_branch_range_of_a_billion_is_checked_in_proportion_to_the_entries(cli: Cli) -> None:
    r = cli("check", "--file", str(BAD / "huge-branch-range.yaml"))
    assert r.code == 0 and "2, 3, 4" in r.out and "and 999999978 more" in r.out
    assert len(r.out) < 1000


def test_a_timeline_from_year_1_to_9999_is_bounded(cli: Cli, tmp_path: Path) -> None:
    r = cli("timeline", "--file", str(BAD / "timeline-span.yaml"), "--as-of", "5000-01-01")
    assert r.code == 0 and max(map(len, r.out.splitlines())) <= 80
    assert "+1 later" in r.out and "as of 5000-01-01: outside the timeline" in r.out
    svg = tmp_path / "t.svg"
    span = cli("timeline", "--file", str(BAD / "timeline-span.yaml"), "--svg", str(svg))
    assert span.code == 0 and svg.stat().st_size < 200_000


def test_a_chain_ten_thousand_deep_is_explained_whole_at_any_width(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chain = tmp_path / "chain.yaml"
    body = entry("c0", 1, "1 day") + "".join(
        entry(f"c{i}", 1, f"1 day after c{i - 1}") for i in range(1, 10_000)
    )
    chain.write_text(HEADER + body, encoding="utf-8")
    monkeypatch.setenv("COLUMNS", "40")
    r = cli("explain", "c9999", "--file", str(chain))
    lines = r.out.splitlines()
    assert r.code == 0 and max(map(len, lines)) <= 40
    assert sum(1 for x in lines if x.startswith("└ counts from c")) == 9999
    assert lines[-1].endswith("date: 2008-08-21")
    many = cli("explain", "1", "--file", str(chain), "--format", "json").json()
    assert len(many["chains"]) == 10_000  # each stops where an earlier one goes on
    assert sum(len(c) for c in many["chains"]) < 30_000


def test_a_long_phrase_is_cut_in_messages(cli: Cli) -> None:
    r = cli("due", "--file", str(BAD / "long-phrase.yaml"))
    one_clean_line(r, 4, 'cannot read deadline "6 months of waiting')
    assert len(r.err) < 500 and "…" in r.err


def test_findings_printed_are_bounded(cli: Cli) -> None:
    r = cli("check", "--file", str(BAD / "many-findings.yaml"))
    assert r.code == 1 and len(r.out.splitlines()) == 1001
    assert r.out.endswith("... and 2000 more findings (--max-findings 0 shows all)\n")
    doc = cli("check", "--file", str(BAD / "many-findings.yaml"), "--format", "json").json()
    assert doc["counts"]["error"] == 3000 and len(doc["findings"]) == 1000
    assert doc["omitted"] == 2000
    assert (
        len(
            cli(
                "check", "--file", str(BAD / "many-findings.yaml"), "--max-findings", "0"
            ).out.splitlines()
        )
        == 3000
    )


def test_the_calendars_last_day(cli: Cli) -> None:
    r = cli("ics", "--file", str(BAD / "calendar-end.yaml"))
    one_clean_line(r, 4, "due 9999-12-31, the calendar's last day")
    assert cli("ics", "--todo", "--file", str(BAD / "calendar-end.yaml")).code == 0
    assert cli("due", "--business-days", "--file", str(BAD / "calendar-end.yaml")).code == 0


# -- control characters from data files -------------------------------------------------


def raw_controls(text: str, keep: str = "\n") -> list[str]:
    """The control and invisible characters in `text` (Unicode's Cc, Cf, Zl, Zp), but
    those in `keep`."""
    return sorted(
        {hex(ord(c)) for c in text if c not in keep and unicodedata.category(c)[0:2] in _CATS}
    )


_CATS = {"Cc", "Cf", "Zl", "Zp"}
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u200b]")


@pytest.mark.parametrize(
    "args",
    [["due"], ["due", "--format", "json"], ["explain", "1"], ["explain", "signing"],
     ["check"], ["check", "--format", "github"], ["check", "--format", "json"],
     ["status"], ["timeline"], ["report", "--as-of", "2009-01-01"], ["ics"], ["ics", "--todo"],
     ["due", "--format", "csv"]],
    ids=" ".join,
)  # fmt: skip
def test_control_characters_never_reach_an_output_raw(cli: Cli, args: list[str]) -> None:
    r = cli(*args, "--file", str(CONTROL))
    assert r.code == 0, r.err
    out = r.out.replace("\r\n", "\n") if args[0] == "ics" else r.out
    if args[-1] == "csv":  # a CR or LF may stand inside a quoted cell
        assert '"line one\rline two"' in out
        out = out.replace("\r", "")
    assert not raw_controls(out), raw_controls(out)
    assert not raw_controls(r.err)


@pytest.mark.parametrize(
    ("name", "message"),
    [("control-key.yaml", 'unknown key "\\x1b[31mcolour\\x07"'),
     ("control-status.yaml", 'unknown status "done\\x1b[2J\\x0d"')],
)  # fmt: skip
def test_control_characters_in_messages_are_shown_escaped(
    cli: Cli, name: str, message: str
) -> None:
    one_clean_line(cli("due", "--file", str(BAD / name)), 3, message)
    for fmt in ("text", "github", "json"):
        out = cli("check", "--file", str(BAD / name), "--format", fmt).out
        assert (not RAW.search(out) and "colour" in out) or "status" in out


def test_csv_guards_formulas_after_blanks_and_invisible_characters(cli: Cli) -> None:
    rows = cli("due", "--file", str(CONTROL), "--format", "csv").out.splitlines()
    assert rows[2].startswith("2,2,2,one,\"'=HYPERLINK(") and ",' \\u200b@SUM(1)," in rows[2]
    assert rows[3].startswith("3,3,3,one,'\uff1dcmd")


def test_ics_text_values_carry_no_control_characters(cli: Cli) -> None:
    import icalendar

    cal = icalendar.Calendar.from_ical(cli("ics", "--file", str(CONTROL)).out)
    texts = [str(c.get(k, "")) for c in cal.walk() for k in ("SUMMARY", "DESCRIPTION")]
    assert any(t.startswith("#1 Title \\x1b[31mred\\x1b[0m") for t in texts)
    assert "Signing FAKE: line" in texts  # an event title is one line: its line end a blank
    assert not any(RAW.search(t) for t in texts)


# -- external programs -------------------------------------------------------------------


@pytest.mark.parametrize("rev", ["-x", "--output=/tmp/pwned", "", "--end-of-options"])
def test_diff_rev_never_passes_an_option_to_git(cli: Cli, rev: str) -> None:
    one_clean_line(cli("diff", f"--rev={rev}", "--file", str(DATA)), 2, "bad --rev value")
    assert not Path("/tmp/pwned").exists()


# -- consistency -------------------------------------------------------------------------


def test_unreadable_paths_are_acc018_and_the_others_are_still_checked(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    long = "/" + "d" * 5000 + "/c.yaml"
    locked = tmp_path / "locked" / "c.yaml"
    real_stat = os.stat

    def stat_(path: object, *args: object, **kw: object) -> os.stat_result:
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied")
        return real_stat(path, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", stat_)
    r = cli("check", long, str(locked), str(BAD / "cycle-2.yaml"), "--format", "json")
    assert r.code == 3
    found = [(f["code"], f["message"]) for f in r.json()["findings"]]
    assert ("ACC018", "cannot read: File name too long") in found
    assert ("ACC018", "cannot read: Permission denied") in found
    assert any(code == "ACC005" for code, _ in found)
    one_clean_line(cli("due", "--file", long), 3, "cannot read: File name too long")


def test_check_and_due_agree_on_what_the_schema_once_refused(cli: Cli) -> None:
    path = str(BAD / "schema-types-the-loader-accepts.yaml")
    assert cli("due", "--file", path).code == 0
    assert cli("check", "--file", path).code == 0


DATES = [  # (value, accepted)
    ("2008-09-01", True), ("today", True), ("Yesterday", True), ("tomorrow", True),
    ("+30d", True), ("-2w", True), ("+1m", True), ("+7", True), ("", False), (" ", False),
    ("20080901", False), ("2008-W36-1", False), ("2008-9-1", False), ("2008-02-30", False),
    ("next week", False), ("+1y", False), ("+9999999999d", False),
    ("\u0662\u0660\u0660\u0668-09-01", False),
]  # fmt: skip


@pytest.mark.parametrize(("value", "accepted"), DATES)
@pytest.mark.parametrize("option", ["--signed", "--as-of", "--event signing="])
def test_every_date_option_takes_the_same_forms(
    cli: Cli, option: str, value: str, accepted: bool
) -> None:
    args = [option + value] if option.endswith("=") else [option, value]
    args = ["--event", args[0].removeprefix("--event ")] if option.startswith("--event") else args
    r = cli("due", "--format", "csv", "--branch", "media", *args)
    assert (r.code == 0) == accepted, r.err
    if not accepted:
        assert r.code == 2 and r.err.count("\n") == 1


def test_one_id_given_twice_is_refused(cli: Cli) -> None:
    same = cli("due", "--event", "26=2008-12-01", "--event", "26=2008-12-01")
    one_clean_line(same, 2, '--event: "26" is given twice: give it once')
    r = cli("due", "--event", "26=2008-12-01", "--event", "26=2008-12-02")
    one_clean_line(r, 2, '--event: "26" is given two dates, 2008-12-01 and 2008-12-02')


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [(["explain", "²"], 2, 'unknown id "²"'), (["explain", "٣"], 2, 'unknown id "٣"'),
     (["due", "--event", "²=2009-01-01"], 2, 'unknown id "²"'),
     (["calc", "٣ months"], 4, 'not a number: "٣"'), (["calc", "² days"], 4, "not a number")],
)  # fmt: skip
def test_odd_unicode_digits_in_ids_are_errors(
    cli: Cli, args: list[str], code: int, message: str
) -> None:
    one_clean_line(cli(*args), code, message)


@pytest.mark.parametrize("value", ["²", "٣", "-5", "1e3", "", "99999999999999999999"])
@pytest.mark.parametrize("name", ["COLUMNS", "LINES"])
def test_odd_terminal_sizes_are_ignored(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    for args in (["due", "--branch", "media", "-q"], ["explain", "27"], ["status"], ["timeline"]):
        r = cli(*args)
        assert r.code == 0 and r.err == ""


def test_the_catalogue_is_large() -> None:
    from tests import test_bad_inputs as bad
    from tests import test_edit_hostile as hostile
    from tests import test_edit_safety as edits
    from tests import test_edit_streamed as streamed

    this = sys.modules[__name__]
    tables = [STREAMS, DATES, CREATED, CACHE_STATES, bad.FILES, bad.ARGS, edits.LAYOUTS]
    tables += [edits.EVIDENCE, hostile.TRICKY, hostile.IN_THE_WAY, hostile.LOOSE_CASES]
    tables += [list(hostile.RECORD_LAYOUTS), list(hostile.PLACES)]
    tables += [list(streamed.LAYOUTS), list(streamed.SPOILS), streamed.DIGESTS]
    modules = (this, edits, hostile, streamed)
    tests = [name for module in modules for name in dir(module) if name.startswith("test_")]
    assert sum(map(len, tables)) + len(tests) >= 80


# -- found by an attack on the tool (each once a crash, a hang, a loss or a lie) ----------


def test_within_reaching_past_year_9999(cli: Cli) -> None:
    for span in ("1m", "12m", "9999d"):
        r = cli("due", "--as-of", "9999-12-01", "--within", span, "--format", "json")
        assert r.code == 0 and r.json()["rows"] == [], r.err


def test_empty_as_of_is_refused_by_every_command(cli: Cli) -> None:
    for command in ("due", "status", "check", "timeline", "report"):
        one_clean_line(cli(command, "--as-of", ""), 2, 'bad --as-of value ""')


def test_empty_and_folder_names_are_refused(cli: Cli, tmp_path: Path) -> None:
    one_clean_line(cli("due", "--file", ""), 2, "an empty file name")
    one_clean_line(cli("check", ""), 2, "an empty file name")
    for args in (["ics", "-o"], ["report", "-o"], ["timeline", "--svg"]):
        one_clean_line(cli(*args, str(tmp_path / "new") + "/"), 2, "name a file")
    assert list(tmp_path.iterdir()) == []


def test_report_assets_are_all_checked_before_any_is_written(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "in.yaml").write_bytes(DATA.read_bytes())
    (tmp_path / "page.html").symlink_to("in.yaml")
    r = cli("report", "--file", str(tmp_path / "in.yaml"), "-o", str(tmp_path / "page.html"),
            "--assets")  # fmt: skip
    one_clean_line(r, 2, "refusing to overwrite the input file")
    (tmp_path / "p.csv").mkdir()
    r = cli("report", "--file", str(tmp_path / "in.yaml"), "-o", str(tmp_path / "p.html"),
            "--assets")  # fmt: skip
    one_clean_line(r, 6, "p.csv: cannot write: is a directory")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.yaml", "p.csv", "page.html"]


def test_the_page_of_a_deep_chain_grows_in_proportion(cli: Cli, tmp_path: Path) -> None:
    from accordctl.outputs.report import CHAIN_STEPS

    def page(depth: int) -> str:
        path = tmp_path / f"chain{depth}.yaml"
        body = entry("c0", 1, "1 day") + "".join(
            entry(f"c{i}", 1, f"1 day after c{i - 1}") for i in range(1, depth)
        )
        path.write_text(HEADER + body, encoding="utf-8")
        r = cli("report", "--file", str(path), "--as-of", "2009-01-01")
        assert r.code == 0, r.err
        return r.out

    small, big = page(200), page(400)
    assert len(big) < 2.2 * len(small)  # linear, not quadratic
    assert big.count('<ol class="chain">') == 400
    assert big.count("<li>") <= 400 * CHAIN_STEPS + 50
    assert 'The chain goes on from <a href="#row-c391">c391</a>' in big


def test_a_word_of_a_megabyte(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "long.yaml"
    word = "x" * 1_000_000
    path.write_text(HEADER + entry("1", 1, "6 months").replace("title: T1", f"title: {word}"))
    monkeypatch.setenv("COLUMNS", "100")
    r = cli("due", "--file", str(path))  # the whole word, folded: a title is never cut
    lines = r.out.splitlines()
    assert r.code == 0 and r.out.count("x") == len(word) and max(map(len, lines)) <= 100
    monkeypatch.setenv("COLUMNS", "60")
    assert cli("explain", "1", "--file", str(path)).code == 0


def test_help_with_stdout_closed_is_an_error() -> None:
    for args in (["--help"], ["due", "--help"], ["--version"]):
        shell = " ".join(map(repr, script(*args))) + " >&-"
        p = subprocess.run(["bash", "-c", shell], capture_output=True, check=False)
        assert p.returncode == 6 and p.stderr == b"accordctl: stdout: cannot write: it is closed\n"


def test_a_reader_that_leaves_early_gives_141(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text(HEADER + "".join(entry(f"c{i}", 1, "1 day") for i in range(3000)))
    for env in ({"ACCORDCTL_NO_CACHE": "1"}, {}, {}):  # computed, stored, answered
        shell = " ".join(map(repr, script("due", "--format", "json", "--file", str(big))))
        p = subprocess.run(
            ["bash", "-c", f"{shell} | head -c 100 > /dev/null; echo ${{PIPESTATUS[0]}}"],
            capture_output=True, check=False, env={**os.environ, **env},
        )  # fmt: skip
        assert p.stdout == b"141\n" and p.stderr == b""


def test_edit_messages_and_refusals(cli: Cli, tmp_path: Path) -> None:
    from accordctl.store.files import default_path

    one_clean_line(cli("done", "26", "--file", str(default_path())), 2, "refusing to edit")
    copy = tmp_path / "c.yaml"
    copy.write_bytes(DATA.read_bytes())
    r = cli("done", "26", "--evidence", "a\x85b", "--file", str(copy))
    one_clean_line(r, 2, '--evidence "a\\x85b": one line of text, without controls')
    copy.write_text(copy.read_text().replace("  - id: signing", "  - id: signing  \t# tab"))
    r = cli("done", "26", "--file", str(copy))
    assert r.code == 0 and "\t# tab" in copy.read_text(), r.err


def test_diff_of_a_revision_that_is_no_commit(cli: Cli) -> None:
    for rev in ("..", "HEAD\x1b[31m", ":/x"):  # refused as written: no search, path, range
        r = cli("diff", f"--rev={rev}", "--file", str(DATA))
        assert r.code == 2 and "name a commit" in r.err, r.err
        assert "\x1b" not in r.err
    for rev in ("nosuchbranch", "HEAD~100000"):
        r = cli("diff", f"--rev={rev}", "--file", str(DATA))
        assert r.code == 3 and "not a commit of this repository" in r.err, r.err


@pytest.mark.parametrize(
    "args", [["--help"], ["due", "--help"], ["--version"], ["ics", "-o", "-"], ["due"]]
)
def test_a_pipe_already_closed_is_141_whoever_writes(args: list[str]) -> None:
    read, write = os.pipe()
    os.close(read)
    try:
        p = subprocess.run(script(*args), stdout=write, stderr=subprocess.PIPE, check=False)
    finally:
        os.close(write)
    assert (p.returncode, p.stderr) == (141, b"")


# -- a signal that arrives at an awkward moment (issue 22, F4 and F19) --------------------

WHILE_IMPORTED = """
import os, signal, sys

class Arrives:  # the signal comes while accordctl._entry imports its own modules
    def find_spec(self, name, path=None, target=None):
        if name == "accordctl.process.stop":
            os.kill(os.getpid(), signal.{sig})
        return None

sys.meta_path.insert(0, Arrives())
sys.argv = ["accordctl", "--version"]
from accordctl._entry import run
run()
"""


@pytest.mark.parametrize(
    ("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)]
)
def test_a_signal_while_the_entry_module_is_imported(signum: signal.Signals, code: int) -> None:
    script_ = WHILE_IMPORTED.replace("{sig}", signum.name)
    p = subprocess.run([sys.executable, "-c", script_], capture_output=True, check=False)
    assert (p.returncode, p.stderr.decode()) == (code, f"accordctl: interrupted ({signum.name})\n")


WRAPPED = """
import signal, sys
from accordctl import _entry
from accordctl.process.stop import Interrupted

class Field:
    def __set_name__(self, owner, name):  # the signal comes while a class is defined:
        raise Interrupted(signal.{sig})   # Python 3.11 raises a RuntimeError around it

class Arrives:
    def find_spec(self, name, path=None, target=None):
        if name == "{module}":
            type("Defined", (), {{"field": Field()}})
        return None

sys.meta_path.insert(0, Arrives())
sys.argv = ["accordctl", "due", "--format", "json"]
_entry.run()
"""


@pytest.mark.parametrize(
    ("module", "signum", "code"),
    [
        ("accordctl.cli.main", signal.SIGTERM, 143),  # imported by accordctl._entry.run
        ("accordctl.cli.app", signal.SIGHUP, 129),  # by main, before the command runs
        ("accordctl.cli.once", signal.SIGINT, 130),  # while the command runs
    ],
)
def test_a_signal_wrapped_in_another_exception_is_still_an_interruption(
    module: str, signum: signal.Signals, code: int
) -> None:
    script_ = WRAPPED.replace("{sig}", signum.name).replace("{module}", module)
    script_ = script_.replace("{{", "{").replace("}}", "}")
    env = {**os.environ, "ACCORDCTL_NO_CACHE": "1"}
    p = subprocess.run([sys.executable, "-c", script_], capture_output=True, env=env, check=False)
    assert (p.returncode, p.stderr.decode()) == (code, f"accordctl: interrupted ({signum.name})\n")


def test_an_error_raised_while_an_interruption_unwinds_is_the_interruption(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A RuntimeError around the interruption, and an OSError raised by a cleanup while it
    unwound: each is the interruption (143, one line), not an internal error (70)."""
    from accordctl.core.errors import Interrupted
    from accordctl.store import files

    def wrapped(*args: object, **kwargs: object) -> None:
        raise RuntimeError("Error calling __set_name__") from Interrupted(signal.SIGTERM)

    def cleanup_fails(*args: object, **kwargs: object) -> None:
        try:
            raise Interrupted(signal.SIGTERM)
        finally:
            raise OSError(5, "Input/output error")

    out = tmp_path / "a.ics"
    for fault in (wrapped, cleanup_fails):
        monkeypatch.setattr(files, "_replace", fault)
        r = cli("ics", "-o", str(out))
        assert (r.code, r.err) == (143, "accordctl: interrupted (SIGTERM)\n")


# -- a signal while a file is being created (F9) -------------------------------------------

CREATING = """
import errno, fcntl, os, signal, sys, tempfile

def stopped_inside(real, exclusive=False):  # the signal comes once the file is made,
    def make(*args, **kwargs):                # before its name is given back
        made = real(*args, **kwargs)
        if not exclusive or args[1] & os.O_EXCL:
            os.kill(os.getpid(), signal.SIGTERM)
        return made
    return make

tempfile.mkstemp = stopped_inside(tempfile.mkstemp)
if os.environ.get("NO_FLOCK"):  # a filesystem without flock: the lock is a file
    os.open = stopped_inside(os.open, exclusive=True)
    def flock(fd, operation):
        raise OSError(errno.ENOLCK, "No locks available")
    fcntl.flock = flock
sys.argv = ["accordctl", *sys.argv[1:]]
from accordctl._entry import run
run()
"""
CREATED = [  # what is being made, the command (in the test's folder), whether flock works
    ("an output file", ["ics", "-o", "a.ics"], True),
    ("an edit's new file", ["done", "26", "--file", "c.yaml"], True),
    ("a folder of calendar files", ["ics", "--vdir", "cal"], True),
    ("the result cache's entry", ["due", "--format", "json", "--file", "c.yaml"], True),
    ("a lock file", ["done", "26", "--file", "c.yaml"], False),
]


@pytest.mark.parametrize(("what", "args", "flock"), CREATED, ids=[c[0] for c in CREATED])
def test_a_signal_while_a_file_is_made_leaves_nothing_behind(
    tmp_path: Path, what: str, args: list[str], flock: bool
) -> None:
    from tests.conftest import ANNEX_PLAN

    (tmp_path / "c.yaml").write_bytes(ANNEX_PLAN.read_bytes())
    env = {**os.environ, "ACCORDCTL_CACHE_DIR": str(tmp_path / "cache"), "COLUMNS": "80"}
    env.pop("ACCORDCTL_NO_CACHE", None)
    if not flock:
        env.update(NO_FLOCK="1", ACCORDCTL_NO_CACHE="1")
    p = subprocess.run([sys.executable, "-c", CREATING, *args], cwd=tmp_path, env=env,
                       capture_output=True, timeout=60, check=False)  # fmt: skip
    assert (p.returncode, p.stderr.decode()) == (143, "accordctl: interrupted (SIGTERM)\n")
    made = [p.name for p in tmp_path.rglob("*") if p.name.startswith(".accordctl-")]
    assert made == [] and (tmp_path / "c.yaml").read_bytes() == ANNEX_PLAN.read_bytes()


# -- the result cache: an entry answers its own key only; info tells the truth (F13, F14) --


def test_an_entry_given_another_keys_name_and_key_is_no_answer(
    cli: Cli, result_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sound entry of another question, copied under this question's name with this key
    written into it: the hash covers the key, so it is a miss, and the answer computed."""
    from accordctl.store import cache

    monkeypatch.delenv("ACCORDCTL_NO_CACHE", raising=False)
    good = cli("due", "--branch", "state")
    (stored,) = (result_cache / cache.ROOT).glob("????-??-??/??/accordctl-*")
    cli("due", "--branch", "media")
    other = next(p for p in (result_cache / cache.ROOT).glob("????-??-??/??/accordctl-*")
                 if p != stored)  # fmt: skip
    forged = bytearray(other.read_bytes())
    at = len(cache.MAGIC)
    forged[at : at + cache.DIGEST] = bytes.fromhex(stored.name.removeprefix(cache.ENTRY))
    stored.write_bytes(bytes(forged))
    again = cli("due", "--branch", "state")
    assert again.cache == "stored" and again == good


CACHE_STATES = [  # what this user may not do (as the kernel would say) -> what info says
    ({}, "on"),
    ({"root": os.W_OK}, "read-only: {root} cannot be written (answers are read, none stored)"),
    ({"root": os.W_OK, "day": 0},
     "on for today; {root} cannot be written (no folder for another day's answers)"),
    ({"day": os.W_OK}, "read-only: {day} cannot be written (answers are read, none stored)"),
    ({"root": os.R_OK},
     "unusable: {root} cannot be read (permission denied) (every run is computed, none stored)"),
]  # fmt: skip


@pytest.mark.parametrize(("denied", "said"), CACHE_STATES)
def test_cache_info_says_what_a_run_would_do(
    cli: Cli, result_cache: Path, monkeypatch: pytest.MonkeyPatch, denied: dict[str, int], said: str
) -> None:
    """The tests run as root, whom modes do not stop: what a user would be refused is
    injected (the root of the store, or today's folder of it, made or not)."""
    from accordctl.cli.replay import today_key
    from accordctl.store import cache

    monkeypatch.delenv("ACCORDCTL_NO_CACHE", raising=False)
    root = result_cache / cache.ROOT
    day = root / today_key().decode()
    cli("cache", "info")  # nothing stored: the store is made by the first answer stored
    cli("due", "--branch", "state")
    if "day" not in denied:
        for path in sorted(day.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
        day.rmdir()
    where = {"root": root, "day": day}
    real = os.access
    monkeypatch.setattr(
        os,
        "access",
        lambda p, mode, **kw: (
            not any(Path(p) == where[k] and mode & m for k, m in denied.items())
            and real(p, mode, **kw)
        ),
    )
    r = cli("cache", "info")
    assert r.out.splitlines()[1] == "cache:     " + said.format(root=root, day=day)


def test_the_shipped_annex_is_never_an_output(cli: Cli, tmp_path: Path) -> None:
    """-o naming the annex shipped in the package is refused, even when --file reads
    another file: every later run without --file reads it."""
    from accordctl.store.files import default_path

    other = tmp_path / "c.yaml"
    other.write_bytes(default_path().read_bytes())
    before = default_path().read_bytes()
    r = cli("ics", "--file", str(other), "-o", str(default_path()))
    assert r.code == 2 and "refusing to overwrite the input file" in r.err
    assert default_path().read_bytes() == before

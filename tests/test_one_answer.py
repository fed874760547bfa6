"""One answer for one condition: the same condition is the same exit code in every command;
conflicting inputs are refused, never resolved silently; messages name the real problem;
an option takes what it says and nothing else. Through the real entry point (see README,
"Reliability")."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import typer

from accordctl.cli.app import full_app
from tests.conftest import DATA, HEADER, Result

Cli = Callable[..., Result]


def one_line(r: Result, code: int, message: str) -> None:
    assert (r.code, r.err.count("\n")) == (code, 1), r.err
    assert message in r.err and "Traceback" not in r.err, r.err


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the shipped data file, to edit."""
    path = tmp_path / "c.yaml"
    shutil.copy(DATA, path)
    return path


# -- a date out of range: exit 4, whichever command and whichever input puts it there ----


OUT_OF_RANGE = [
    ["due", "--event", "26=9999-12-01", "--as-of", "9999-12-31"],  # the record till then
    ["due", "--signed", "9999-12-01"],
    ["status", "--event", "26=9999-12-01", "--as-of", "9999-12-31"],  # the record till then
    ["explain", "27", "--event", "26=9999-12-01", "--as-of", "9999-12-31"],
    ["ics", "--event", "26=9999-12-01", "--as-of", "9999-12-31"],
    ["report", "--event", "26=9999-12-01", "--as-of", "9999-12-31"],
    ["timeline", "--signed", "9999-12-01"],
    ["calc", "2 months after 26", "--event", "26=9999-12-01"],
    ["calc", "6 months", "--from", "9999-12-01"],
    ["diff", str(DATA), str(DATA), "--event", "26=9999-12-01"],
    ["done", "26", "--on", "9999-12-01", "--file", "{copy}"],
    ["check", "{bad}"],  # the same date written in the file
]


@pytest.mark.parametrize("args", OUT_OF_RANGE, ids=lambda a: " ".join(a[:2]))
def test_a_date_out_of_range_is_exit_4_in_every_command(
    args: list[str], cli: Cli, copy: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    text = DATA.read_text("utf-8")
    assert "deadline: 3 months," in text
    bad.write_text(text.replace("deadline: 3 months,", "deadline: 9999 years,", 1), "utf-8")
    r = cli(*(a.format(copy=copy, bad=bad) for a in args))
    assert r.code == (1 if args[0] == "check" else 4), r.err
    assert "out of range" in (r.out if args[0] == "check" else r.err)
    assert copy.read_bytes() == DATA.read_bytes()  # done wrote nothing


def test_a_value_that_is_no_date_stays_a_usage_error(cli: Cli) -> None:
    r = cli("due", "--as-of", "+999999m")
    one_line(r, 2, 'bad --as-of value "+999999m": beyond the calendar (years 1 to 9999)')


# -- conflicting inputs: refused, naming both -----------------------------------------


CONFLICTS = [
    (["due", "--signed", "2008-09-01", "--event", "signing=2008-09-02"], "both give the signing"),
    (["due", "--signed", "2008-09-01", "--event", "signing=2008-09-01"], "both give the signing"),
    (["due", "--event", "1e=2009-01-01", "--event", "1e/general=2009-02-01"], "both date 1e's"),
    (["due", "--event", "26=2009-01-01", "--event", "26=2009-01-01"], '"26" is given twice'),
    (["due", "--columns", "id", "--columns", "id"], '--columns: "id" is given twice'),
    (["due", "--columns", "id,id"], '--columns: "id" is given twice'),
    (["due", "--branch", "state,state"], '--branch: "state" is given twice'),
    (["due", "--state", "kept,done"], '--state: "kept" is named twice (done is kept and late)'),
    (["due", "27", "27"], 'due: "27" is given twice'),
    (["due", "1", "1a"], 'due: "1" and "1a" both name 1a'),
    (["due", "--branch", "state", "-b", "state"], '--branch: "state" is given twice'),
    (["due", "--format", "json", "--format", "csv"], "--format is given twice"),
    (["due", "--compact", "--full"], "--compact and --full are both given: give one"),
    (["due", "-f", str(DATA), "--file", str(DATA)], "--file is given twice (as -f and --file)"),
    (["due", "--compact", "--format", "json"], "--compact sets the table's rows"),
    (["due", "--overdue", "--within", "30d"], "--overdue (due before the as-of date) and"),
    (["ics", "--todo", "--no-todo"], "--todo and --no-todo are both given"),
    (["ics", "--todo", "--windows"], "--windows makes an event of several days"),
    (["check", "--strict", "--no-strict"], "--strict and --no-strict are both given"),
    (["check", str(DATA), str(DATA)], "is named twice: name it once"),
    (["check", "--file", str(DATA), str(DATA)], "is named twice: name it once"),
    (["calc", "2 months after 26", "--from", "2009-01-01", "--event", "26=2009-01-01"], "--from"),
    (["calc", "6 months", "--from", "2008-09-01", "--signed", "2008-09-01"], "--from gives"),
    (["diff", str(DATA), str(DATA), "--file", str(DATA)], "--file and an argument both name"),
    (["--no-cache", "--no-cache", "due"], "--no-cache is given twice"),
    (["done", "26", "--on", "2009-01-01", "--on", "2009-01-02"], "--on is given twice"),
]


@pytest.mark.parametrize(("args", "message"), CONFLICTS, ids=lambda x: str(x)[:40])
def test_conflicting_inputs_are_refused(args: list[str], message: str, cli: Cli) -> None:
    one_line(cli(*args), 2, message)


def _options() -> list[tuple[str, str]]:
    """Every command's options that take one value, or are a flag: (command, name)."""
    group = typer.main.get_command(full_app())
    out = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        for sub in getattr(command, "commands", {}).values() or [command]:
            for p in sub.params:
                if p.param_type_name == "option" and not p.multiple:
                    path = f"{name} {sub.name}" if sub is not command else name
                    out.append((path, max(p.opts, key=len)))
    return out


@pytest.mark.parametrize(("command", "option"), _options())
def test_every_option_given_twice_is_refused(command: str, option: str, cli: Cli) -> None:
    group = typer.main.get_command(full_app())
    words = command.split()
    sub = group.commands[words[0]]  # type: ignore[attr-defined]
    if len(words) > 1:
        sub = sub.commands[words[1]]
    param = next(p for p in sub.params if option in p.opts)
    given = [option] if param.is_flag else [option, "x"]
    one_line(cli(*words, *given, *given), 2, f"{option} is given twice")


def test_files_named_to_check_replace_the_environment_s_default(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("", "utf-8")
    monkeypatch.setenv("ACCORDCTL_FILE", str(empty))
    assert cli("check", str(DATA)).code == 0  # the file named, not the default as well
    assert cli("check").code == 1  # the default, when none is named
    assert cli("check", "--file", str(empty), str(DATA)).code == 1  # --file as well


def test_options_that_collect_may_repeat(cli: Cli) -> None:
    r = cli("due", "-b", "state", "-b", "media", "--event", "26=2009-01-01", "-e", "1a=2009-01-01")
    assert r.code == 0 and "state" in r.out and "media" in r.out
    r = cli(
        "due", "--columns", "id", "--columns", "due,branch", "--state", "kept", "--state", "late"
    )
    assert r.code == 0 and r.out.splitlines()[0].split() == ["#", "Due", "Branch"]
    assert r.out == cli("due", "--columns", "id,due,branch", "--state", "done").out


# -- messages name the real problem ----------------------------------------------------


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("2008-12-01 10:00", 'completed: "2008-12-01 10:00" is not a date (a date and a time'),
        ("2008-12-01T10:00:00Z", "is not a date (a date and a time: give the day alone)"),
        ("6 months", 'completed: "6 months" is not a date [ACC015'),
        ("yesterday", 'completed: "yesterday" is not a date [ACC015'),
        ("2008-13-01", 'completed: no such date in "2008-13-01"'),
    ],
)
def test_a_completion_that_is_no_date_says_so(
    value: str, said: str, cli: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        HEADER + '- id: "1"\n  number: 1\n  branch: one\n  title: T\n  deadlines:\n'
        f'    - {{source: "6 months", deadline: "6 months", completed: "{value}"}}\n',
        "utf-8",
    )
    one_line(cli("due", "--file", str(path)), 3, said)
    assert "cannot read deadline" not in cli("check", str(path)).out


NAMES = ["a\nb", "a\rb", "a\tb", "a\x1b[31mb", "a\u202eb"]


def _shown(name: str) -> str:
    return re.sub(r"[\x00-\x1f\u202e]", lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 256
                  else f"\\u{ord(m[0]):04x}", name)  # fmt: skip


@pytest.mark.parametrize("name", NAMES, ids=repr)
def test_control_characters_in_file_names_are_shown_escaped_in_every_message(
    name: str, cli: Cli, tmp_path: Path
) -> None:
    missing = tmp_path / f"{name}.yaml"
    broken = tmp_path / f"{name}-broken.yaml"
    broken.write_text("schema_version: 1\n", "utf-8")
    data = tmp_path / f"{name}-data.yaml"
    shutil.copy(DATA, data)
    cases = [
        (["due", "--file", str(missing)], 3),
        (["due", "--file", str(broken)], 3),
        (["check", str(broken)], 1),
        (["check", str(broken), "--format", "json"], 1),
        (["diff", str(missing), str(DATA)], 3),
        (["ics", "-o", str(tmp_path / f"{name}-no" / "x.ics")], 6),
        (["report", "-o", str(tmp_path / f"{name}.json")], 2),
        (["ics", "--file", str(data), "-o", str(data)], 2),
        (["done", "26", "--file", str(missing)], 3),
        (["done", "26", "--file", str(broken)], 3),
    ]
    for args, code in cases:
        r = cli(*args)
        assert r.code == code, (args, r.err)
        assert r.err.count("\n") == 1 and _shown(name) in r.err, (args, r.err)
    r = cli("check", str(broken), "--format", "github")
    github = _shown(name).replace("\\x0a", "%0A").replace("\\x0d", "%0D")  # GitHub's escapes
    assert f"{github}-broken.yaml,line=1,col=1," in r.out
    r = cli("done", "5", "--file", str(data))
    assert r.code == 0 and r.err.startswith("accordctl: " + _shown(str(data)) + ": 5: ")


# -- an option takes what it says -----------------------------------------------------


@pytest.mark.parametrize("rev", ["HEAD^{/Folders}", ":/Folders", "HEAD:data/commitments.yaml",
                                 "HEAD~1..HEAD", "HEAD^{tree}", "HEAD\n"])  # fmt: skip
def test_diff_rev_takes_a_commit_and_nothing_else(rev: str, cli: Cli) -> None:
    r = cli("diff", "--rev", rev, "--file", str(DATA))
    one_line(r, 2, "name a commit (a hash, a branch or tag, HEAD~2), not a search")


def test_diff_rev_takes_a_commit_however_named(cli: Cli) -> None:
    outs = set()
    for rev in ("HEAD", "HEAD~0", "HEAD^{commit}", "@"):
        r = cli("diff", "--rev", rev, "--file", str(DATA))
        assert r.code == 0, (rev, r.err)
        outs.add(r.out)
    assert len(outs) == 1  # one commit, four names


def test_timeline_svg_to_stdout_writes_the_svg_alone(cli: Cli, tmp_path: Path) -> None:
    r = cli("timeline", "--format", "svg", "--as-of", "2009-03-01")
    assert r.code == 0 and r.out.startswith("<svg ") and r.out.rstrip().endswith("</svg>")
    assert "digits: deadlines due that month" not in r.out
    old = cli("timeline", "--svg", "-", "--as-of", "2009-03-01")  # the old spelling, for a while
    assert (old.code, old.out) == (0, r.out) and "is now timeline --format svg -o" in old.err
    out = tmp_path / "t.svg"  # stdout named by another name
    with out.open("wb") as f:
        p = subprocess.run(
            [sys.executable, "-m", "accordctl", "timeline", "--format", "svg", "-o", "/dev/stdout"],
            stdout=f, stderr=subprocess.PIPE, check=False,
        )  # fmt: skip
    svg = out.read_text("utf-8")
    assert p.returncode == 0 and svg.startswith("<svg ") and svg.rstrip().endswith("</svg>")


@pytest.mark.parametrize("name", ["r#1", "r?1", "r%1", "a:b", "x y"])
def test_report_asset_links_are_url_escaped(name: str, cli: Cli, tmp_path: Path) -> None:
    from urllib.parse import quote, unquote

    page = tmp_path / f"{name}.html"
    assert cli("report", "--assets", "-o", str(page), "--as-of", "2009-03-01").code == 0
    links = re.findall(r'href="([^"#:]*)"', page.read_text("utf-8"))  # relative ones
    assert links == [quote(name + s, safe="") for s in (".json", ".csv", ".ics")]
    assert all((tmp_path / unquote(link)).is_file() for link in links)

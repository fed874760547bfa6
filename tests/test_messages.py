"""What accordctl says besides its answer: every line on stderr begins `accordctl: `, help
says what a command does and every example in it runs, and HTML and pictures are never
written to a terminal (as gzip refuses to write compressed data there)."""

from __future__ import annotations

import os
import pty
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import DATA, Result
from tests.test_docs import ROOT_COMMAND

Cli = Callable[..., Result]


# -- every message begins accordctl: ------------------------------------------------------


SAYING = [  # command lines that print on stderr: errors, warnings, counts, summaries
    ["due", "--branch", "nowhere"],  # a usage error of ours
    ["due", "--nosuch"],  # one of the command line's parser
    ["explain"],  # a missing argument
    ["due", "--file", "{missing}"],  # unreadable input
    ["due", "--file", "{broken}"],  # a file's own error, located (file:line:col)
    ["calc", "6 fortnights"],  # a bad phrase
    ["calc", "1 month after 53"],  # no date
    ["due", "--branch", "state"],  # a count
    ["due", "--format", "table", "-b", "state"],  # a retired spelling's warning, and a count
    ["record", "29", "--from", "2008-12-01"],
    ["timeline", "--svg", "{tmp}/t.svg"],
    ["check", "--file", "{broken}"],  # the summary
    ["ics", "-o", "{tmp}/a.ics"],  # "skipped 10 undated deadlines"
    ["done", "26", "--file", "{copy}"],  # what an edit changed
    ["done", "27", "--file", "{copy}", "--on", "tomorrow"],  # a warning after it
    ["schema", "--output", "due"],
]


@pytest.mark.parametrize("args", SAYING, ids=" ".join)
def test_every_line_on_stderr_begins_with_the_program_s_name(
    cli: Cli, args: list[str], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("schema_version: 1\ncommitments: [\n", "utf-8")
    copy = tmp_path / "copy.yaml"
    shutil.copy(DATA, copy)
    names = {"missing": tmp_path / "no.yaml", "broken": broken, "copy": copy, "tmp": tmp_path}
    r = cli(*(a.format(**names) for a in args))
    lines = r.err.splitlines()
    assert lines and all(line.startswith("accordctl: ") for line in lines), r.err


def test_a_file_s_own_error_names_the_program_then_the_place(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("schema_version: 1\ncommitments: [\n", "utf-8")
    r = cli("due", "--file", str(path))
    assert r.code == 3 and r.err.startswith(f"accordctl: {path}:3:1: ")


# -- help says what a command does -----------------------------------------------------------


@pytest.mark.parametrize("command", ["done", "drop", "mark", "reopen"])
def test_an_edit_s_help_says_its_summary_goes_to_stderr(cli: Cli, command: str) -> None:
    text = " ".join(cli(command, "--help").out.split())
    assert "What changed is printed on stderr (-q: nothing)" in text and "stdout" not in text


def _said(text: str) -> list[str]:
    """The examples a help text gives (`Example: a; b`)."""
    found = re.findall(r"Example: (.+?)(?=  \[|$)", text or "", re.MULTILINE)
    return [one for example in found for one in example.split("; ")]


def _args(line: str) -> list[str]:
    """A command line's arguments, as the shell splits them (up to a redirection)."""
    return shlex.split(re.split(r" [>|] ", line)[0])[1:]


def _examples() -> list[tuple[str, list[str]]]:
    """Every example of the help as a command line to run: a command's own as it is (and
    an argument's, when it is a whole command line), and an option's after its command's
    first example (unless that example gives the option already: once is the rule)."""
    out: list[tuple[str, list[str]]] = []
    todo = [(f"accordctl {n}", c) for n, c in ROOT_COMMAND.commands.items()]  # type: ignore[attr-defined]
    while todo:
        path, command = todo.pop(0)
        todo += [(f"{path} {n}", c) for n, c in getattr(command, "commands", {}).items()]
        own = _said(command.help)
        out += [(line, _args(line)) for line in own]
        base = own[0] if own else path
        for param in command.params:
            for example in _said(getattr(param, "help", None) or ""):
                if example.startswith("accordctl "):  # a whole line
                    out.append((example, _args(example)))
                elif param.param_type_name == "argument":  # a fragment (tests/test_docs.py)
                    continue
                elif not set(param.opts) & set(_args(base)):
                    out.append((f"{base} + {example}", _args(base) + shlex.split(example)))
    return out


EXAMPLES = _examples()


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with the files the examples name, in a git repository of two commits (for
    `diff --rev HEAD~1`)."""
    for name in ("commitments.yaml", "c.yaml", "my-commitments.yaml", "a.yaml", "b.yaml",
                 "old.yaml", "new.yaml", "data/commitments.yaml"):  # fmt: skip
        (tmp_path / name).parent.mkdir(exist_ok=True)
        shutil.copy(DATA, tmp_path / name)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    for _ in range(2):
        subprocess.run([*git, "-C", str(tmp_path), "add", "-A"], check=True)
        subprocess.run(
            [*git, "-C", str(tmp_path), "commit", "-qm", "x", "--allow-empty"], check=True
        )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_examples_are_found() -> None:
    assert len(EXAMPLES) > 100
    assert {line.split()[1] for line, _ in EXAMPLES} >= {"due", "report", "done", "timeline"}


@pytest.mark.parametrize(("line", "words"), EXAMPLES, ids=[line for line, _ in EXAMPLES])
def test_every_example_of_the_help_runs(
    cli: Cli, workspace: Path, line: str, words: list[str]
) -> None:
    r = cli(*words)
    assert r.code in (0, 1), (line, r.err)  # 1: an --exit-code example that found rows
    assert not re.search(r"Traceback|internal error", r.err)


# -- not to a terminal ------------------------------------------------------------------------


def _on_a_terminal(*args: str) -> tuple[int, str, str]:
    """Run accordctl with stdout on a pseudo-terminal: (exit code, stdout, stderr)."""
    leader, follower = pty.openpty()
    env = {**os.environ, "ACCORDCTL_NO_CACHE": "1", "COLUMNS": "80"}
    p = subprocess.run(
        [sys.executable, "-m", "accordctl", *args],
        stdout=follower, stderr=subprocess.PIPE, text=True, env=env, check=False, timeout=60,
    )  # fmt: skip
    os.close(follower)
    out = b""
    try:
        while chunk := os.read(leader, 65536):
            out += chunk
    except OSError:  # the follower closed: all read
        pass
    os.close(leader)
    return p.returncode, out.decode("utf-8", "replace"), p.stderr


@pytest.mark.parametrize(
    ("args", "what"),
    [(["report"], "report: HTML"), (["report", "-o", "-"], "report: HTML"),
     (["timeline", "--format", "svg"], "timeline: SVG")],
)  # fmt: skip
def test_html_and_pictures_are_not_written_to_a_terminal(args: list[str], what: str) -> None:
    code, out, err = _on_a_terminal(*args)
    assert (code, out) == (2, "")
    assert err == (
        f"accordctl: {what} is not written to a terminal: give -o FILE, or pipe it "
        f"(accordctl {args[0]} ... | less)\n"
    )


def test_to_a_file_or_a_pipe_they_are_written(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    code, out, err = _on_a_terminal("report", "-o", str(page), "--as-of", "2009-03-01")
    assert (code, out, err) == (0, "", "") and page.read_text("utf-8").startswith("<!DOCTYPE")
    code, out, _ = _on_a_terminal("timeline", "--as-of", "2009-03-01")  # text is for people
    assert code == 0 and "as of 2009-03-01" in out
    piped = subprocess.run(
        [sys.executable, "-m", "accordctl", "report", "--as-of", "2009-03-01"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert piped.returncode == 0 and piped.stdout.startswith("<!DOCTYPE")


@pytest.mark.parametrize(
    "args",
    [["due", "--branch", "state", "--as-of", "2009-03-01"], ["status", "--as-of", "2009-03-01"],
     ["timeline", "--as-of", "2009-03-01"], ["explain", "27"], ["record", "26"]],
)  # fmt: skip
def test_no_color_on_a_terminal_is_plain_text(
    monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """NO_COLOR: no colour, and no bold or underline either, as the manual promises; on a
    terminal without it, styles (the check that the test can see them). Outputs of a few
    KB: the pty is read once the run ends, and a larger one could fill its buffer."""
    code, styled, _ = _on_a_terminal(*args)
    monkeypatch.setenv("NO_COLOR", "1")
    code_plain, plain, _ = _on_a_terminal(*args)
    assert (code, code_plain) == (0, 0) and "\x1b[" not in plain
    assert "\x1b[" in styled or args[0] == "record"


def test_an_empty_vdir_name_is_refused(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    r = cli("ics", "--vdir", "")
    assert (r.code, r.err) == (2, 'accordctl: bad --vdir value "": name a folder\n')
    assert list(tmp_path.iterdir()) == []


def test_the_top_level_help_says_each_command_whole_at_80_columns(cli: Cli) -> None:
    from accordctl.cli.app import COMMANDS

    r = cli("--help")
    listed = r.out.split("Commands:\n", 1)[1].splitlines()
    assert [line.split()[0] for line in listed] == list(COMMANDS)
    for line in listed:
        assert len(line) <= 80 and line.endswith(".") and not line.endswith("..."), line


def test_help_never_breaks_a_word_at_its_hyphen(cli: Cli) -> None:
    """`--as-of`, `general-law=2009-01-02`, `in-progress` stay whole, to be copied."""
    from accordctl.cli.app import COMMANDS

    for command in COMMANDS:
        out = cli(command, "--help").out
        assert re.search(r"[A-Za-z0-9]-\n", out) is None, (command, out)

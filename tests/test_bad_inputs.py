"""A catalogue of hostile and broken inputs: each has its exit code and one-line message,
and none may show a traceback, hang, or leave an output file behind."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import DATA, HEADER, Result, entry

Cli = Callable[..., Result]
BAD = Path(__file__).parent / "bad_inputs"

# (file in tests/bad_inputs, exit code, message fragment)
FILES = [
    ("empty.yaml", 3, ":1:1: error: empty file, expected a mapping"),
    ("list.yaml", 3, "the file must be a mapping"),
    ("scalar.yaml", 3, "the file must be a mapping"),
    ("tabs.yaml", 3, ":4:1: error: YAML syntax"),
    ("duplicate-keys.yaml", 3, ':9:5: error: duplicate key "title"'),
    ("alias-bomb.yaml", 3, ":2:9: error: source must be a single value"),
    ("python-object.yaml", 3, "tag:yaml.org,2002:python/object/apply:os.system is not allowed"),
    ("huge-years.yaml", 4, '"999999999 years after signing" gives a date out of range'),
    ("huge-days.yaml", 4, '"99999999 days after signing" gives a date out of range'),
    ("negative.yaml", 4, 'negative duration in "-6 months"'),
    ("unknown-unit.yaml", 4, 'unknown unit "fortnights"'),
    ("february-30.yaml", 4, 'no such date in "February 30, 2009"'),
    ("empty-phrase.yaml", 4, 'cannot read deadline ""'),
    ("self-reference.yaml", 5, "cycle of 1: 1 -> 1"),
    ("cycle-2.yaml", 5, "cycle of 2: 1 -> 2 -> 1"),
    ("missing-reference.yaml", 5, 'unknown reference "99" in "2 months after 99" (1)'),
    ("unknown-key.yaml", 3, 'unknown key "colour" in commitment'),
    ("schema-version-2.yaml", 3, "schema_version 2 is not supported"),
    ("bad-id.yaml", 3, 'commitment id "bad id" is not a valid id'),
    ("number-is-a-list.yaml", 3, "number must be a single value"),
    ("latin-1.yaml", 3, "latin-1.yaml:4: not UTF-8 text"),
    ("binary.yaml", 3, "binary.yaml: binary file, not YAML"),
    ("control-key.yaml", 3, 'unknown key "\\x1b[31mcolour\\x07" in commitment'),
    ("control-status.yaml", 3, 'unknown status "done\\x1b[2J\\x0d"'),
    ("long-phrase.yaml", 4, 'cannot read deadline "6 months of waiting 6 months'),
    ("many-findings.yaml", 3, "(and 2999 more; run `accordctl check`)"),
    ("arabic-digit-number.yaml", 3, 'number must be a whole number, not "\u0663"'),
    ("unicode-digit-phrase.yaml", 4, 'not a number: "\u0663" in "\u0663 months"'),
    ("superscript-id.yaml", 3, 'commitment id "1\u00b2" is not a valid id'),
]
# Valid files for the tests of tests/test_reliability.py (exit 0 from `due`).
VALID = {"formula-title.yaml", "formula-at.yaml", "control-characters.yaml",
         "huge-branch-range.yaml", "calendar-end.yaml", "timeline-span.yaml",
         "schema-types-the-loader-accepts.yaml"}  # fmt: skip

# (arguments, exit code, message fragment)
ARGS = [
    (
        ["due", "--event", "general-law"],
        2,
        'bad --event value "general-law": expected ID=DATE',
    ),
    (["due", "--event", "=2009-01-02"], 2, "bad --event value"),
    (["due", "--event", "general-law=02/01/2009"], 2, 'bad --event value "02/01/2009"'),
    (["due", "--signed", "2008-02-30"], 2, 'bad --signed value "2008-02-30"'),
    (["due", "--overdue", "--as-of", "next week"], 2, 'bad --as-of value "next week"'),
    (["due", "--within", "a while"], 2, 'bad --within value "a while"'),
    (["due", "--format", "xml"], 2, "--format"),
    (["due", "--branch", "army"], 2, 'unknown branch "army"'),
    (["ics", "--alarm", "soon"], 2, 'bad --alarm value "soon"'),
    (["explain", "999"], 2, 'unknown id "999"'),
    (["due", "--file", "/nonexistent/c.yaml"], 3, "/nonexistent/c.yaml: no such file"),
    (["due", "--file", "/"], 3, "/: is a directory"),
    (["ics", "-o", "/nonexistent-dir/x.ics"], 6, "/nonexistent-dir/x.ics: cannot write"),
    (["nosuchcommand"], 2, "No such command"),
]


def assert_one_clean_line(r: Result, code: int, message: str) -> None:
    assert r.code == code, r.err
    assert message in r.err
    assert r.err.count("\n") == 1 and "Traceback" not in r.err
    assert r.out == ""


@pytest.mark.parametrize(("name", "code", "message"), FILES)
def test_bad_file(cli: Cli, tmp_path: Path, name: str, code: int, message: str) -> None:
    path = BAD / name
    assert_one_clean_line(cli("due", "--file", str(path)), code, message)
    out = tmp_path / "out.ics"
    assert_one_clean_line(cli("ics", "--file", str(path), "-o", str(out)), code, message)
    assert list(tmp_path.iterdir()) == []  # no output file, not even a temporary one


@pytest.mark.parametrize(("args", "code", "message"), ARGS)
def test_bad_arguments(cli: Cli, args: list[str], code: int, message: str) -> None:
    assert_one_clean_line(cli(*args), code, message)


def test_catalogue_is_large_and_every_file_is_listed() -> None:
    listed = {name for name, _, _ in FILES} | VALID
    assert {p.name for p in BAD.iterdir()} == listed
    assert len(FILES) + len(ARGS) >= 30


def test_bom_and_crlf_just_work(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + DATA.read_bytes().replace(b"\n", b"\r\n"))
    assert (
        cli("due", "--file", str(path), "--format", "json").out
        == cli("due", "--format", "json").out
    )


def test_twenty_megabyte_file(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    title = "x" * (20 * 1024 * 1024)
    path.write_text(
        HEADER + entry("1", 1, "6 months").replace("title: T1", f"title: {title}"), encoding="utf-8"
    )
    r = cli("due", "--file", str(path), "--format", "csv", "--as-of", "2009-01-01")
    assert r.code == 0 and r.out.splitlines()[1].endswith(
        ",date,2009-02-21,false,signing,,,,false,,upcoming,,,,,,,,,false,51"
    )


def test_deep_nesting(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(
        "schema_version: 1\nevents: []\ncommitments: " + "[" * 50_000 + "]" * 50_000,
        encoding="utf-8",
    )
    assert_one_clean_line(cli("due", "--file", str(path)), 3, "deep.yaml:3:")


def test_cycle_of_fifty(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "c50.yaml"
    path.write_text(
        HEADER + "".join(entry(f"c{i}", 1, f"1 day after c{(i + 1) % 50}") for i in range(50)),
        encoding="utf-8",
    )
    r = cli("due", "--file", str(path))
    assert_one_clean_line(r, 5, "cycle of 50: c0 -> c1 -> c2")
    assert "c49 -> c0 [ACC005 cycle]" in r.err


def test_unreadable_file(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text("x", encoding="utf-8")

    def deny(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", deny)
    monkeypatch.setenv("ACCORDCTL_NO_CACHE", "1")  # the cache reads the file before the loader
    assert_one_clean_line(
        cli("due", "--file", str(path)), 3, "secret.yaml: cannot read: Permission denied"
    )


@pytest.mark.parametrize("name", ["formula-title.yaml", "formula-at.yaml"])
def test_formula_injection_is_neutralised_in_csv(cli: Cli, name: str) -> None:
    r = cli("due", "--file", str(BAD / name), "--format", "csv")
    (row,) = csv.DictReader(io.StringIO(r.out))
    assert row["title"][:2] in ("'=", "'@")
    assert r.code == 0


def test_alias_bomb_is_refused_quickly_by_the_real_program() -> None:
    cmd = [sys.executable, "-m", "accordctl", "check", "--file", str(BAD / "alias-bomb.yaml")]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
    assert p.returncode == 1 and "ACC007" in p.stdout and "Traceback" not in p.stderr

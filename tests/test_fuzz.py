"""Fuzzing: the shipped data file, mutated (lines deleted, duplicated, truncated, values
retyped, control characters inserted), through the loader, `check`, `due`, `ics` and
`explain`. None may crash (exit 70) or print a traceback, and `check` and `due` must
agree on whether the file is valid."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accordctl.core.check import data_schema
from accordctl.core.errors import AccordError
from accordctl.core.loader import load_text
from tests.conftest import DATA, Result

CORPUS = Path(__file__).parent / "check_corpus"

Cli = Callable[..., Result]
LINES = DATA.read_text(encoding="utf-8").splitlines(keepends=True)
VALUES = [
    "", "~", "null", "[]", "{}", "[1, 2]", "{a: b}", "0", "-1", "99999999999", "3.5", "true",
    "no", "''", '""', "2009-02-30", "9999-12-31", "0001-01-01", "!!python/object:os.system x",
    "!!binary aGk=", "&a x", "*a", "6 fortnights", "2 months after 99", "1 day after 1a",
    "permanent", "x" * 300, "'\\u0000'", '"\\e[31m"', "٣ months", "² days", "seis meses",
]  # fmt: skip
CONTROLS = ["\x00", "\x1b[31m", "\r", "\x07", "\u2028", "\u202e", "\x85", "\t", "\x7f"]


HOW = ["delete", "duplicate", "retype", "control", "truncate"]
# a mutation: (how, line index, a value or control character, a position in the line)
MUTATION = st.tuples(
    st.sampled_from(HOW),
    st.integers(0, len(LINES) - 1),
    st.sampled_from(VALUES + CONTROLS),
    st.integers(0, 200),
)


def mutate(mutations: list[tuple[str, int, str, int]]) -> str:
    """The shipped file with the mutations applied, in order."""
    lines = list(LINES)
    for how, at, value, col in mutations:
        i = at % len(lines)
        if how == "delete" and len(lines) > 1:
            del lines[i]
        elif how == "duplicate":
            lines.insert(i, lines[i])
        elif how == "retype" and ": " in lines[i]:
            lines[i] = f"{lines[i].partition(': ')[0]}: {value}\n"
        elif how == "control":
            col %= len(lines[i]) + 1
            lines[i] = lines[i][:col] + value + lines[i][col:]
        elif how == "truncate":
            lines = [*lines[:i], lines[i][: col % (len(lines[i]) + 1)]]
    return "".join(lines)


def assert_clean(r: Result) -> None:
    assert r.code != 70, r.err
    assert "Traceback" not in r.err and "internal error" not in r.err
    if r.code not in (0, 1):
        assert r.err.count("\n") == 1, r.err


@pytest.fixture(scope="module")
def fuzz_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "commitments.yaml"


@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")),
    deadline=None,
    derandomize="FUZZ_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(mutations=st.lists(MUTATION, min_size=1, max_size=3))
def test_mutated_files_never_crash_and_check_agrees_with_due(
    cli: Cli, fuzz_file: Path, mutations: list[tuple[str, int, str, int]]
) -> None:
    text = mutate(mutations)
    fuzz_file.write_text(text, encoding="utf-8")
    with contextlib.suppress(AccordError):
        load_text(text, "x.yaml")
    f = str(fuzz_file)
    due = cli("due", "--file", f, "--format", "json")
    check = cli("check", "--file", f, "--format", "json")
    for r in (due, check, cli("ics", "--file", f), cli("explain", "27", "--file", f)):
        assert_clean(r)
    errors = check.json()["counts"]["error"] if check.code in (0, 1) else 1
    assert (due.code == 0) == (errors == 0), (due.err, check.out[-1500:])
    if due.code == 0:  # what accordctl accepts, an editor's schema check accepts too
        assert_schema_accepts(text)


_CORE = [  # YAML 1.2 core schema, as an editor's YAML language server reads plain scalars
    (re.compile(r"~|null|Null|NULL|"), lambda v: None),
    (re.compile(r"true|True|TRUE|false|False|FALSE"), lambda v: v.lower() == "true"),
    (re.compile(r"[-+]?[0-9]+"), int),
    (re.compile(r"0o[0-7]+"), lambda v: int(v[2:], 8)),
    (re.compile(r"0x[0-9a-fA-F]+"), lambda v: int(v[2:], 16)),
    (re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"), float),
]


def as_editor_reads(node: yaml.Node) -> Any:
    """The data a YAML 1.2 editor hands to the JSON Schema (recursive: test files are
    shallow)."""
    if isinstance(node, yaml.MappingNode):
        return {str(k.value): as_editor_reads(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [as_editor_reads(v) for v in node.value]
    if node.style:
        return str(node.value)
    for pattern, read in _CORE:
        if pattern.fullmatch(node.value):
            return read(node.value)
    return str(node.value)


def assert_schema_accepts(text: str) -> None:
    data = as_editor_reads(yaml.compose(text, Loader=yaml.CBaseLoader))
    errors = list(jsonschema.Draft202012Validator(data_schema()).iter_errors(data))
    assert not errors, [e.message for e in errors[:3]]


@pytest.mark.parametrize(
    "path",
    [DATA, *sorted(CORPUS.glob("ACC01[01257]-*.yaml"))],
    ids=lambda p: p.stem,
)
def test_the_editor_schema_accepts_every_valid_file(path: Path) -> None:
    assert_schema_accepts(path.read_text(encoding="utf-8"))

"""Shared helpers: run the real entry point, and write small data files.

The result cache lives in a directory of each test's own, never the user's. The suite runs
twice in CI (.ci/run): with the cache on, where every run that stores its answer is run a
second time and must be answered from the cache with the same output, and with
ACCORDCTL_NO_CACHE=1.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from accordctl.cli import replay
from accordctl.cli.main import main
from accordctl.store.files import default_path

DATA = default_path()
# The annex's plan as an editable file of the usual layout (the editing tests' copy).
ANNEX_PLAN = Path(__file__).parent / "annex_plan.yaml"
# The progress keys of a deadline, and an event's fact: what the record adds to the plan.
_RECORD_KEYS = re.compile(r"^ +(status|completed|since|facts|judgement|evidence|fact): .*\n", re.M)


def plan_text() -> str:
    """The shipped data without its record: the cable's plan alone (no progress, no facts),
    for tests of the rules that should not move when the record grows."""
    text = DATA.read_text(encoding="utf-8")
    text = text[: text.index("\n# The record:")] + "\n"
    return _RECORD_KEYS.sub("", text)


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    """A file holding `plan_text()`."""
    path = tmp_path / "plan.yaml"
    path.write_text(plan_text(), encoding="utf-8")
    return path


def pytest_configure(config: pytest.Config) -> None:
    """Before anything runs: no test, and no process a test starts, uses the user's cache."""
    folder = tempfile.mkdtemp(prefix="accordctl-test-cache-")
    os.environ["ACCORDCTL_CACHE_DIR"] = folder
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


@pytest.fixture(autouse=True)
def result_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty result cache for this test (in a temporary directory)."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("ACCORDCTL_CACHE_DIR", str(folder))
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder / "xdg"))
    return folder


@dataclass
class Result:
    code: int
    out: str
    err: str
    cache: str = field(default="", compare=False)  # what the run did with the result cache

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Result]:
    """Run `accordctl ARGS` through `accordctl.cli.main.main`, at a pinned width."""
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("ACCORDCTL_FILE", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)

    def run(*args: str) -> Result:
        code = main(list(args))
        out, err = capsys.readouterr()
        result = Result(code, out, err, replay.last)
        if result.cache == "stored":  # the same question again: answered from the cache, alike
            again = main(list(args))
            assert (replay.last, Result(again, *capsys.readouterr())) == ("hit", result)
        return result

    return run


HEADER = """\
schema_version: 1
branches:
  one: {title: One, first: 1, last: 5}
  two: {title: Two, first: 6, last: 9}
events:
  - {id: signing, title: Signing, when: "2008-08-21"}
  - {id: later, title: Later, when: null}
commitments:
"""


@pytest.fixture
def datafile(tmp_path: Path) -> Callable[[str], Path]:
    """Write a commitments file: HEADER plus the given commitments block."""

    def write(commitments: str, header: str = HEADER) -> Path:
        path = tmp_path / "c.yaml"
        path.write_text(header + textwrap.dedent(commitments), encoding="utf-8")
        return path

    return write


def entry(cid: str, number: int, deadline: str | None, branch: str = "one") -> str:
    """One commitment in YAML, with a single deadline (or none)."""
    text = f'- id: "{cid}"\n  number: {number}\n  branch: {branch}\n  title: T{cid}\n'
    if deadline is not None:
        text += f'  deadlines:\n    - {{source: "{deadline}", deadline: "{deadline}"}}\n'
    return text

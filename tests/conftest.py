"""Shared helpers: run the real entry point, and write small data files."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from accordctl.cli.main import main
from accordctl.loader import default_path

DATA = default_path()


@dataclass
class Result:
    code: int
    out: str
    err: str

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
        return Result(code, out, err)

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

"""The shape of the code: a core that knows nothing of the command line or the terminal,
small command modules, one JSON writer, and exit codes that match the README."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from accordctl.cli.app import COMMANDS, full_app
from accordctl.errors import EXIT_CODES, RULES, AccordError
from tests.conftest import Result

Cli = Callable[..., Result]
PACKAGE = Path(__file__).resolve().parent.parent / "accordctl"
README = PACKAGE.parent / "README.md"
# Modules that draw or write for people and machines; everything else is the core.
EDGE = {"render", "formats", "ical", "page"}
FOREIGN_EDGE = {"rich", "typer", "click", "icalendar", "jinja2"}


def imports(path: Path) -> set[str]:
    """Every module a file imports, at any depth (lazy imports included)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
    return out


CORE = sorted(
    p for p in PACKAGE.glob("*.py") if p.stem not in EDGE and p.stem not in {"_entry", "__main__"}
)


@pytest.mark.parametrize("path", CORE, ids=lambda p: p.stem)
def test_the_core_imports_no_command_line_terminal_or_output_code(path: Path) -> None:
    bad = {
        m
        for m in imports(path)
        if m.split(".")[0] in FOREIGN_EDGE
        or m.startswith("accordctl.cli")
        or m.split(".")[-1] in EDGE
    }
    assert not bad, f"{path.name} imports {sorted(bad)}"


def test_output_modules_never_import_the_command_line() -> None:
    for stem in EDGE:
        assert not any(m.startswith("accordctl.cli") for m in imports(PACKAGE / f"{stem}.py"))


@pytest.mark.parametrize("path", sorted((PACKAGE / "cli").glob("*.py")), ids=lambda p: p.stem)
def test_command_modules_are_small(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 300


def test_every_command_is_in_the_lazy_registry() -> None:
    app = full_app()
    names = {c.name for c in app.registered_commands} | {g.name for g in app.registered_groups}
    assert names == set(COMMANDS)


def _readme_exit_codes() -> dict[int, str]:
    section = README.read_text(encoding="utf-8").split("## Exit codes", 1)[1].split("\n## ")[0]
    rows = re.findall(r"^\| (\d+) \| (.+) \|$", section, re.MULTILINE)
    return {int(code): text for code, text in rows}


def test_readme_lists_every_exit_code_as_the_code_does() -> None:
    assert _readme_exit_codes() == {code: text for code, text in EXIT_CODES.values()}


def test_every_error_class_has_a_documented_exit_code() -> None:
    documented = {code for code, _ in EXIT_CODES.values()}
    classes = {cls for _, cls in RULES.values()} | set(AccordError.__subclasses__())
    assert classes and all(cls.exit_code in documented for cls in classes)


@pytest.mark.parametrize(
    "args",
    [
        ["due", "--format", "json"],
        ["status", "--as-of", "2009-03-01", "--format", "json"],
        ["explain", "27", "--format", "json"],
        ["check", "--format", "json"],
        ["diff", "--format", "json", "--file", "data/commitments.yaml", "data/commitments.yaml"],
    ],
    ids=lambda a: a[0],
)
def test_every_json_output_carries_the_schema_version(cli: Cli, args: list[str]) -> None:
    from accordctl.formats import SCHEMA_VERSION

    args = [str(PACKAGE.parent / a) if a.startswith("data/") else a for a in args]
    r = cli(*args)
    assert r.code == 0 and r.json()["schema_version"] == SCHEMA_VERSION
    assert r.out.startswith("{\n") and r.out.endswith("}\n")

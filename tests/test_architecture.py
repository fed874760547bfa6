"""The shape of the code: a core that knows nothing of the command line or the terminal,
small command modules, one JSON writer, and exit codes with a documented code each."""

from __future__ import annotations

import ast
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from accordctl.cli.app import COMMANDS, full_app
from accordctl.core.errors import EXIT_CODES, RULES, AccordError
from tests.conftest import Result

Cli = Callable[..., Result]
PACKAGE = Path(__file__).resolve().parent.parent / "accordctl"
FOREIGN_EDGE = {"rich", "typer", "click", "icalendar", "jinja2"}
# The layers, from the bottom; each imports only from itself and the layers it names
# (`accordctl` itself is the package's lazy library interface, `__version__` with it).
LAYERS: dict[str, set[str]] = {
    "process": set(),
    "core": {"process"},
    "store": {"process", "core"},
    "outputs": {"process", "core"},
    "cli": {"process", "core", "store", "outputs", "cli"},
}
# What each layer may not import from outside the package.
FORBIDDEN = {
    "process": None,  # the standard library only
    "core": FOREIGN_EDGE | {"ruamel", "platformdirs"},
    "store": FOREIGN_EDGE,
    "outputs": {"typer", "click", "ruamel", "platformdirs"},
    "cli": set(),
}


def imports(path: Path) -> set[str]:
    """Every module a file imports, at any depth (lazy imports included)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
    return out


MODULES = sorted(p for layer in LAYERS for p in (PACKAGE / layer).glob("*.py"))


def test_the_root_holds_only_entry_points_and_the_layers() -> None:
    assert {p.name for p in PACKAGE.glob("*.py")} == {"__init__.py", "__main__.py", "_entry.py"}
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders - {"data"} == set(LAYERS)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_each_layer_imports_only_the_layers_below_it(path: Path) -> None:
    layer = path.parent.name
    allowed = LAYERS[layer] | {layer}
    bad = set()
    for m in imports(path):
        top, _, rest = m.partition(".")
        if top == "accordctl":
            if rest and rest.split(".")[0] not in allowed:
                bad.add(m)
        elif (
            layer == "process" and top not in sys.stdlib_module_names and top != "__future__"
        ) or top in (FORBIDDEN[layer] or ()):
            bad.add(m)
    assert not bad, f"{layer}/{path.name} imports {sorted(bad)}"


def test_no_import_of_our_own_needs_an_alias() -> None:
    """Names are unique across the package: nothing of ours is imported under another
    name (a re-export, `import X as X`, is no alias)."""
    aliased = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("accordctl"):
                aliased += [
                    f"{path.name}: {a.name} as {a.asname}"
                    for a in node.names
                    if a.asname not in (None, a.name)
                ]
    assert not aliased


def test_public_classes_have_names_of_their_own() -> None:
    seen: dict[str, str] = {}
    clashes = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                where = f"{path.parent.name}/{path.name}"
                if node.name in seen:
                    clashes.append(f"{node.name}: {seen[node.name]} and {where}")
                seen[node.name] = where
    assert not clashes


@pytest.mark.parametrize("path", MODULES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_no_module_holds_two_ideas(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 450


@pytest.mark.parametrize("path", sorted((PACKAGE / "cli").glob("*.py")), ids=lambda p: p.stem)
def test_command_modules_are_small(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 300


def test_every_command_is_in_the_lazy_registry() -> None:
    app = full_app()
    names = {c.name for c in app.registered_commands} | {g.name for g in app.registered_groups}
    assert names == set(COMMANDS)


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
    from accordctl.outputs.formats import SCHEMA_VERSION

    args = [str(PACKAGE.parent / a) if a.startswith("data/") else a for a in args]
    r = cli(*args)
    assert r.code == 0 and r.json()["schema_version"] == SCHEMA_VERSION
    assert r.out.startswith("{\n") and r.out.endswith("}\n")

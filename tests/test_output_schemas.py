"""The JSON Schemas of every command's `--format json` output (`accordctl schema COMMAND`):
real output validates against them, and they are strict enough that a field added to an
output without its schema fails here."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from accordctl.outputs.formats import OUTPUTS, ROW_FIELDS, SCHEMA_VERSION, output_schema
from tests.conftest import DATA, Result, entry, plan_text

Cli = Callable[..., Result]
CORPUS = Path(__file__).parent / "check_corpus"
# The only fields a document may leave out: they come with an option (--as-of, --business-days).
OPTIONAL = {"overdue", "days_left", "due_business"}


def validate(command: str, r: Result) -> Any:
    """The document `r` printed, validated against `command`'s schema."""
    doc = r.json()
    validator = jsonschema.Draft202012Validator(
        output_schema(command), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    validator.validate(doc)
    return doc


def objects(schema: Any) -> Iterator[dict[str, Any]]:
    """Every object schema inside `schema` (the ones with properties)."""
    if isinstance(schema, dict):
        if "properties" in schema and schema.get("type") == "object":
            yield schema
        for value in schema.values():
            yield from objects(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from objects(value)


# -- the schemas themselves --------------------------------------------------------------


@pytest.mark.parametrize("command", OUTPUTS)
def test_schema_is_valid_and_versioned(command: str) -> None:
    schema = output_schema(command)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]["schema_version"] == {
        "const": SCHEMA_VERSION,
        "description": "The version of this document's shape.",
    }
    assert schema["$id"].endswith(f"/{command}-{SCHEMA_VERSION}.json")


@pytest.mark.parametrize("command", OUTPUTS)
def test_schema_is_strict(command: str) -> None:
    """No object takes a field it does not name, and every field it names is required (but
    the few that come with an option)."""
    schema = output_schema(command)
    found = list(objects(schema))
    assert found
    for obj in found:
        assert obj["additionalProperties"] is False
        optional = OPTIONAL if obj is schema["$defs"].get("row") and command == "due" else set()
        assert set(obj["properties"]) - set(obj["required"]) == optional
        assert set(obj["required"]) <= set(obj["properties"])


def test_the_row_schema_names_the_row_fields() -> None:
    row = output_schema("due")["$defs"]["row"]
    assert row["required"] == list(ROW_FIELDS)
    assert set(row["properties"]) == set(ROW_FIELDS) | OPTIONAL


def test_schemas_ship_in_the_package() -> None:
    shipped = files("accordctl.outputs").joinpath("schemas")
    assert sorted(p.name for p in shipped.iterdir()) == sorted(f"{c}.json" for c in OUTPUTS)


def test_a_field_the_schema_does_not_name_fails(cli: Cli) -> None:
    doc = cli("due", "--format", "json").json()
    schema = output_schema("due")
    jsonschema.validate(doc, schema)
    for broken in (
        {**doc, "extra": 1},
        {**doc, "rows": [{**doc["rows"][0], "extra": 1}, *doc["rows"][1:]]},
        {**doc, "rows": [{**doc["rows"][0], "due": "2009-2-21"}]},
        {**doc, "rows": [{**doc["rows"][0], "due": None}]},  # kind date has a date
        {k: v for k, v in doc.items() if k != "signed"},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)


# -- the command -------------------------------------------------------------------------


@pytest.mark.parametrize("command", OUTPUTS)
def test_schema_output_prints_the_shipped_schema(cli: Cli, command: str) -> None:
    r = cli("schema", command)
    assert (r.code, r.err) == (0, "")
    assert json.loads(r.out) == output_schema(command)


def test_schema_alone_still_prints_the_data_file_schema(cli: Cli) -> None:
    from accordctl.core.check import data_schema

    r = cli("schema")
    assert r.code == 0 and json.loads(r.out) == data_schema()


def test_an_unknown_output_is_a_one_line_usage_error(cli: Cli) -> None:
    r = cli("schema", "x\x1bml")
    assert (r.code, r.out) == (2, "")
    assert r.err == (
        'accordctl: bad schema COMMAND value "x\\x1bml" '
        "(expected one of due, status, explain, check, diff, record)\n"
    )


def test_the_old_spelling_says_the_new_one(cli: Cli) -> None:
    r = cli("schema", "--output", "due")
    assert (r.code, r.out) == (2, "")
    assert r.err == (
        "accordctl: schema --output COMMAND is now schema COMMAND (--output names a file to "
        "write in every command): accordctl schema due\n"
    )


# -- real output, validated --------------------------------------------------------------

DUE_RUNS = [
    [],
    ["--as-of", "2009-03-01"],
    ["--business-days"],
    ["--as-of", "2009-03-01", "--business-days", "--branch", "state"],
    ["--overdue", "--as-of", "2010-01-01"],
    ["--within", "30d", "--as-of", "2008-11-01"],
    ["--event", "general-law=2009-01-02", "--event", "26=2009-02-26"],
    ["--signed", "2008-09-01"],
]


@pytest.mark.parametrize("args", DUE_RUNS, ids=" ".join)
def test_due(cli: Cli, args: list[str]) -> None:
    r = cli("due", "--format", "json", *args)
    doc = validate("due", r)
    assert doc["rows"]
    row = doc["rows"][0]
    assert "overdue" in row and "days_left" in row  # as of today without --as-of
    assert ("due_business" in row) == ("--business-days" in args)


@pytest.mark.parametrize(
    "args",
    [["--as-of", "2009-03-01"], ["--as-of", "2012-01-01", "--event", "1a=2008-10-01"]],
    ids=" ".join,
)
def test_status(cli: Cli, args: list[str]) -> None:
    doc = validate("status", cli("status", "--format", "json", *args))
    counts = (
        "kept",
        "late",
        "not_kept",
        "dropped",
        "in_progress",
        "overdue",
        "upcoming",
        "undated",
    )
    assert all(b["total"] == sum(b[k] for k in counts) for b in doc["branches"])
    assert all(b["done"] == b["kept"] + b["late"] for b in doc["branches"])


@pytest.mark.parametrize(
    "args",
    [
        ["27"],  # down to the signing, through 26
        ["49"],  # pending on general-law
        ["49", "--event", "general-law=2009-01-02"],  # a recorded date
        ["1e"],  # a split deadline: one chain a scope
        ["1"],  # every entry numbered 1, later chains stopping where an earlier one went on
        ["signing"],
        ["review-2"],  # an event counted from an event
        ["23"],  # the entry the cable lost
        ["40"],  # permanent
    ],
    ids=" ".join,
)
def test_explain(cli: Cli, args: list[str]) -> None:
    doc = validate("explain", cli("explain", *args, "--format", "json"))
    assert doc["id"] == args[0] and doc["chains"]


def test_explain_has_both_kinds_of_step(cli: Cli) -> None:
    doc = validate("explain", cli("explain", "27", "--format", "json"))
    assert [s["type"] for s in doc["chains"][0]] == ["commitment", "commitment", "event"]
    doc = validate("explain", cli("explain", "1", "--format", "json"))
    assert any(s["shown_above"] for chain in doc["chains"] for s in chain)


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*.yaml")))
def test_check_of_each_broken_file(cli: Cli, name: str) -> None:
    doc = validate("check", cli("check", "--format", "json", str(CORPUS / name)))
    assert doc["files"] == [str(CORPUS / name)]


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--as-of", "2010-01-01", "--strict"],
        ["--max-findings", "1"],  # findings left out: omitted > 0
        [str(DATA), str(CORPUS / "ACC005-cycle.yaml"), str(CORPUS / "ACC018-unreadable.yaml")],
    ],
    ids=" ".join,
)
def test_check_of_the_shipped_file(cli: Cli, args: list[str]) -> None:
    doc = validate("check", cli("check", "--format", "json", *args))
    if "--max-findings" in args:
        assert doc["omitted"] > 0 and len(doc["findings"]) == 1


def test_diff_with_changes(cli: Cli, tmp_path: Path) -> None:
    """The shipped plan against a copy where general-law got a date, 5's phrase changed and
    got an extension, and 75 is renamed (one row removed, one added)."""
    text = plan_text()
    law = "  - id: general-law\n    title: Approval of the General Law of the National Public "
    law += "Security System\n    when: null\n"
    assert law in text
    text = text.replace(law, law.replace("when: null", "when: 2009-01-02"))
    four = '  - id: "5"\n'
    start = text.index(four)
    end = text.index("  - id:", start + len(four))
    block = text[start:end].replace("deadline: 6 months}", "deadline: 7 months}")
    block = block.replace(
        "deadline: 7 months}",
        "deadline: 7 months,\n         extensions: [{to: 2009-06-30, agreed: 2009-01-10, "
        "source: minutes}]}",
    )
    text = text[:start] + block + text[end:]
    text = text.replace('  - id: "75"\n', '  - id: "75a"\n')
    new = tmp_path / "new.yaml"
    new.write_text(text, encoding="utf-8")
    old = tmp_path / "old.yaml"
    old.write_text(plan_text(), encoding="utf-8")
    doc = validate("diff", cli("diff", str(old), str(new), "--format", "json"))
    assert doc["added"] and doc["removed"] and doc["changed"] and doc["events"]
    assert {"5", "49"} <= {c["id"] for c in doc["changed"]}


def test_diff_small_files_and_nothing_moved(
    cli: Cli, datafile: Callable[[str], Path], tmp_path: Path
) -> None:
    old = datafile(entry("1", 1, "6 months") + entry("2", 2, "permanent"))
    new = tmp_path / "new.yaml"
    new.write_text(old.read_text(encoding="utf-8").replace("6 months", "1 month after later"))
    doc = validate("diff", cli("diff", str(old), str(new), "--format", "json"))
    assert doc["changed"][0]["shift_days"] is None and doc["changed"][0]["new_due"] is None
    doc = validate("diff", cli("diff", str(old), str(old), "--format", "json"))
    assert doc == {
        "schema_version": SCHEMA_VERSION,
        "added": [],
        "removed": [],
        "changed": [],
        "events": [],
    }

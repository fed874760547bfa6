"""`accordctl check`: a corpus of broken files, one per rule code, with expected findings."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from accordctl.core.errors import RULES
from tests.conftest import DATA, Result

Cli = Callable[..., Result]
CORPUS = Path(__file__).parent / "check_corpus"

# file -> (findings as (code, line, col), exit code); checked without --as-of.
EXPECTED: dict[str, tuple[list[tuple[str, int, int]], int]] = {
    "ACC001-yaml-syntax": ([("ACC001", 15, 1)], 1),
    "ACC002-unknown-key": ([("ACC002", 14, 5)], 1),
    "ACC003-missing-key": ([("ACC012", 3, 8), ("ACC003", 14, 5)], 1),
    "ACC004-unknown-reference": ([("ACC004", 19, 31)], 1),
    "ACC005-cycle": ([("ACC005", 19, 31)], 1),
    "ACC006-bad-phrase": ([("ACC006", 19, 31)], 1),
    "ACC007-wrong-type": ([("ACC012", 3, 8), ("ACC007", 15, 13)], 1),
    "ACC008-duplicate-id": ([("ACC008", 22, 9)], 1),
    "ACC009-number-range": ([("ACC009", 23, 13)], 1),
    "ACC010-after-programme-end": ([("ACC010", 19, 31)], 0),
    "ACC011-inferred": ([("ACC011", 19, 33)], 0),
    "ACC012-missing-number": ([("ACC012", 3, 8)], 0),
    "ACC013-duplicate-key": ([("ACC013", 14, 5)], 1),
    "ACC014-unsafe-yaml": ([("ACC014", 18, 11)], 1),
    "ACC015-bad-date": ([("ACC015", 14, 74)], 1),
    "ACC017-overdue": ([], 0),
    "ACC018-unreadable": ([("ACC018", 0, 0)], 3),
    "ACC019-interpreted": ([("ACC019", 19, 44)], 0),
    "ACC020-before-signing": ([("ACC020", 13, 73)], 1),
    "ACC021-in-the-future": ([("ACC021", 13, 73), ("ACC021", 27, 10)], 0),
    "ACC022-judgement": ([("ACC022", 13, 113)], 0),
    "ACC023-uncited-date": ([("ACC023", 13, 73)], 0),
}


def test_corpus_covers_every_rule_code() -> None:
    assert sorted(p.stem for p in CORPUS.glob("*.yaml")) == sorted(EXPECTED)
    assert {name.split("-")[0] for name in EXPECTED} == set(RULES)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus(cli: Cli, name: str) -> None:
    path = CORPUS / f"{name}.yaml"
    findings, code = EXPECTED[name]
    r = cli("check", "--file", str(path), "--format", "json")
    doc = r.json()
    assert r.code == code
    assert [(f["code"], f["line"], f["col"]) for f in doc["findings"]] == findings
    assert all(f["file"] == str(path) and f["rule"] == RULES[f["code"]][0] for f in doc["findings"])


def test_overdue_is_a_warning_with_as_of_and_fails_with_strict(cli: Cli) -> None:
    path = str(CORPUS / "ACC017-overdue.yaml")
    r = cli("check", "--file", path, "--as-of", "2010-01-01")
    assert r.code == 0
    assert r.out.startswith(f"{path}:13:38: warning: 1 was due 2009-02-21 and is not done")
    assert cli("check", "--file", path, "--as-of", "2010-01-01", "--strict").code == 1
    assert cli("check", "--file", path, "--as-of", "2009-01-01", "--strict").code == 0


def test_every_problem_at_once(cli: Cli, tmp_path: Path) -> None:
    text = (CORPUS / "ACC002-unknown-key.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "title: Second",
        "title: Second\n    deadlines:\n      - {source: x, deadline: 6 fortnights}",
    )
    text = text.replace("number: 3", "number: three")
    path = tmp_path / "many.yaml"
    path.write_text(text, encoding="utf-8")
    r = cli("check", "--file", str(path), "--format", "json")
    # 3 is left out for its bad number, so the branch also misses it (ACC012).
    assert [f["code"] for f in r.json()["findings"]] == ["ACC012", "ACC002", "ACC006", "ACC007"]
    assert r.code == 1


def test_text_and_github_formats(cli: Cli) -> None:
    path = str(CORPUS / "ACC004-unknown-reference.yaml")
    text = cli("check", "--file", path)
    assert text.out == (
        f'{path}:19:31: error: unknown reference "99" in "2 months after 99" (2) '
        "[ACC004 unknown-reference] (hint: name an event or a commitment by its id, or by a "
        "name the file gives it)\n"
    )
    assert text.err == f"accordctl: {path}: 1 error, 0 warnings, 0 notices\n"
    gh = cli("check", "--file", path, "--format", "github")
    assert gh.out.startswith(
        f"::error file={path},line=19,col=31,title=ACC004 unknown-reference::unknown reference"
    )


def test_shipped_data_is_clean_but_for_inferred_interpreted_and_judged_notices(cli: Cli) -> None:
    r = cli("check", "--format", "json")
    doc = r.json()
    assert r.code == 0 and doc["counts"] == {"error": 0, "warning": 0, "notice": 41}
    codes = [f["code"] for f in doc["findings"]]
    assert (codes.count("ACC011"), codes.count("ACC019"), codes.count("ACC022")) == (7, 15, 19)


def test_json_output_is_stable(cli: Cli) -> None:
    path = str(CORPUS / "ACC003-missing-key.yaml")
    assert (
        cli("check", "--file", path, "--format", "json").out
        == cli("check", "--file", path, "--format", "json").out
    )


@pytest.mark.parametrize(("args", "code"), [(["--format", "xml"], 2), (["--as-of", "soon"], 2)])
def test_check_exit_codes(cli: Cli, args: list[str], code: int) -> None:
    r = cli("check", *args)
    assert r.code == code and r.out == "" and r.err.count("\n") == 1


def test_schema_command_prints_the_schema_and_the_data_validates(cli: Cli) -> None:
    import jsonschema
    import yaml

    schema = cli("schema").json()
    assert schema["$schema"].startswith("https://json-schema.org/draft/2020-12")
    data = yaml.load(DATA.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    # BaseLoader keeps every scalar a string; the shipped file's types are checked by check.
    assert set(data) <= set(schema["properties"])
    assert DATA.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    jsonschema.Draft202012Validator.check_schema(schema)
    assert json.loads(cli("check", "--format", "json").out)["counts"]["error"] == 0


def test_an_unreadable_file_does_not_hide_the_others(cli: Cli) -> None:
    bad, cycle = CORPUS / "ACC018-unreadable.yaml", CORPUS / "ACC005-cycle.yaml"
    r = cli("check", str(bad), str(cycle), "--format", "github")
    assert r.code == 3
    assert (
        r.out.splitlines()[0]
        == f"::error file={bad},line=0,col=0,title=ACC018 unreadable::binary file, not YAML"
    )
    assert "title=ACC005 cycle::" in r.out
    missing = cli("check", "--file", "/nonexistent.yaml")
    assert missing.code == 3 and "/nonexistent.yaml: error: no such file" in missing.out

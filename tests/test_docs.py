"""The README and the manual say what the program does.

Every example's output is what the program prints (docs/examples.py writes them), every
command line they show names real commands and options, the manual builds with warnings
as errors, its reference has every command and option, and the committed man page is what
the manual builds (docs/manpage.py writes it). The Sphinx tests need the docs extra
(`pip install -e '.[docs]'`): without it they skip, but with CI=true they fail, as .ci/run
installs it."""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import subprocess
import sys
import tomllib
import zlib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import typer

from accordctl.cli.app import full_app

ROOT = Path(__file__).resolve().parent.parent
MANUAL = ROOT / "docs"


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, MANUAL / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


examples = _script("examples")
DOCUMENTS: list[Path] = examples.documents()
ROOT_COMMAND: Any = typer.main.get_command(full_app())


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", DOCUMENTS, ids=_name)
def test_examples_are_the_real_output(path: Path) -> None:
    assert examples.stale(_text(path)) == [], "run: python docs/examples.py"


def test_an_example_that_fails_is_an_error_not_an_empty_block() -> None:
    with pytest.raises(RuntimeError, match=r"exit 2: .*unknown branch"):
        examples.run("accordctl due --branch nowhere")
    assert examples.run("accordctl calc '6 months' --from 2008-08-21") == "2009-02-21\n"


def test_the_readme_and_the_manual_show_examples() -> None:
    def count(path: Path) -> int:
        return len(list(examples.BLOCK.finditer(_text(path))))

    assert count(ROOT / "README.md") >= 3
    assert sum(count(p) for p in DOCUMENTS if MANUAL in p.parents) >= 4
    assert any(p.name == "index.md" for p in DOCUMENTS), "the manual's pages are examined"


# A shell session a page shows (```sh, then its output in ```text): the commands run in a
# folder holding a copy of the data, and the last one's output is the text block's.
_SESSION = re.compile(
    r"```sh\n(?P<cmds>cp data/commitments\.yaml [^`]*?)```\n\n```text\n(?P<out>.*?)```", re.DOTALL
)


def test_a_shell_session_shown_is_the_real_output(tmp_path: Path) -> None:
    sessions = list(_SESSION.finditer(_text(ROOT / "README.md")))
    assert sessions
    for m in sessions:
        (tmp_path / "data").mkdir(exist_ok=True)
        (tmp_path / "data" / "commitments.yaml").write_bytes(
            (ROOT / "data" / "commitments.yaml").read_bytes()
        )
        env = {**os.environ, "COLUMNS": "80", "ACCORDCTL_NO_CACHE": "1"}
        env.pop("NO_COLOR", None)
        out = ""
        for line in m["cmds"].strip().splitlines():
            words = shlex.split(line.partition("#")[0])
            if words[0] == "cp":
                (tmp_path / words[2]).write_bytes((tmp_path / words[1]).read_bytes())
                continue
            p = subprocess.run([sys.executable, "-m", "accordctl", *words[1:]], cwd=tmp_path,
                               env=env, capture_output=True, text=True, check=False)  # fmt: skip
            assert p.returncode in (0, 1), (line, p.stderr)
            out = p.stdout
        assert out == m["out"], m["cmds"]


def test_the_yaml_a_how_to_shows_is_in_its_example_file() -> None:
    page = _text(MANUAL / "howto" / "own-agreement.md")
    example = _text(MANUAL / "howto" / "example-accord.yaml")
    shown = [m["body"] for m in _FENCE.finditer(page) if m["lang"].strip() == "yaml"]
    assert len(shown) >= 3
    assert [body for body in shown if body not in example] == []


# -- every command line shown names real commands and options ---------------------------

_FENCE = re.compile(r"^```(?P<lang>[^\n]*)\n(?P<body>.*?)^```", re.MULTILINE | re.DOTALL)
_INLINE = re.compile(r"`(accordctl [^`\n]+)`")
# accordctl where a command starts: a line (after a prompt, a YAML `- run:`), or after
# `&&`, `|`, `;`, `(`; with NAME=VALUE words before it
_CALL = re.compile(
    r"(?:^[ \t]*(?:\$[ \t]+)?(?:-[ \t]+)?(?:run:[ \t]+)?|(?<=[;&|(])[ \t]*)"
    r"((?:[A-Z_][A-Z0-9_]*=\S*[ \t]+)*accordctl[ \t]+[^\n]*)",
    re.MULTILINE,
)
_SHOWN = {"", "sh", "bash", "shell", "console", "yaml", "yml"}  # not output, JSON, Python
_END = {"|", "||", ";", "&", "&&", ">", ">>", "<", "(", ")", "2>", "2>&1"}


def command_lines(text: str) -> list[str]:
    """The `accordctl ...` command lines a page shows: in its shell and YAML blocks, its
    inline code, and its examples."""
    lines = [m["cmd"] for m in examples.BLOCK.finditer(text)]
    for fence in _FENCE.finditer(text):
        if fence["lang"].strip().split(" ")[0] in _SHOWN:
            body = re.sub(r"\\\n[ \t]*", " ", fence["body"])  # a line continued
            lines += [m[1] for m in _CALL.finditer(body)]
    prose = _FENCE.sub("", text)
    lines += _INLINE.findall(prose)
    return lines


def _words(line: str) -> list[str]:
    lexer = shlex.shlex(line, posix=True, punctuation_chars="|;&<>()")
    words = []
    for word in lexer:
        if word in _END:
            break
        words.append(word)
    while words and "=" in words[0] and not words[0].startswith("-"):
        words.pop(0)  # NAME=VALUE before the command
    return words[1:] if words and words[0] == "accordctl" else []


def _options(command: Any) -> dict[str, Any]:
    table: dict[str, Any] = {"--help": None}
    for param in command.params:
        if param.param_type_name == "option":
            table |= dict.fromkeys(param.opts + param.secondary_opts, param)
    return table


def problem(line: str) -> str | None:
    """What is wrong with a command line, checked against the real command line: an
    unknown command, or an option that command does not have."""
    words, command, path = _words(line), ROOT_COMMAND, "accordctl"
    i = 0
    while i < len(words):
        word = words[i]
        if word == "--":
            return None
        if word.startswith("-") and word != "-":
            name, eq, _ = word.partition("=")
            options = _options(command)
            if name not in options:
                return f"{path} has no option {name}"
            param = options[name]
            takes_value = param is not None and not getattr(param, "is_flag", False)
            i += 2 if takes_value and not eq else 1
            continue
        subcommands = getattr(command, "commands", None)
        if subcommands is None:
            i += 1  # an argument
            continue
        if word.isupper():
            return None  # a placeholder: `accordctl COMMAND --help`
        if word not in subcommands:
            return f"{path} has no command {word}"
        command, path = subcommands[word], f"{path} {word}"
        i += 1
    return None


@pytest.mark.parametrize("path", DOCUMENTS, ids=_name)
def test_command_lines_name_real_commands_and_options(path: Path) -> None:
    wrong = {line: p for line in command_lines(_text(path)) if (p := problem(line))}
    assert wrong == {}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("accordctl due --branch state --as-of 2009-03-01", None),
        ("accordctl due --as-of -2w --overdue", None),
        ("COLUMNS=120 accordctl due --format=json | jq .", None),
        ("accordctl --no-cache due --columns id,due", None),
        ("accordctl cache info", None),
        ("accordctl COMMAND --help", None),
        ('accordctl calc "6 months" --from 2008-08-21  # a comment --nope', None),
        ("accordctl due --brunch state", "accordctl due has no option --brunch"),
        ("accordctl dew", "accordctl has no command dew"),
        ("accordctl cache flush", "accordctl cache has no command flush"),
        ("accordctl ics --todo --alarm 7d --bogus", "accordctl ics has no option --bogus"),
    ],
)
def test_a_wrong_command_line_is_caught(line: str, expected: str | None) -> None:
    assert problem(line) == expected


def test_command_lines_are_found_in_blocks_inline_and_examples() -> None:
    text = (
        "Run `accordctl due --overdue` now.\n\n"
        "<!-- output: accordctl status -->\n```text\naccordctl fake output\n```\n\n"
        "```sh\naccordctl check a.yaml    # one\nx && accordctl ics -o a.ics\n"
        "ruff check accordctl tests\n$ NO_COLOR=1 accordctl due\n```\n"
        "```yaml\n- run: accordctl schema\n```\n"
        '```json\n{"accordctl due": 1}\n```\n'
    )
    assert sorted(command_lines(text)) == sorted(
        [
            "accordctl check a.yaml    # one",
            "accordctl due --overdue",
            "accordctl ics -o a.ics",
            "accordctl schema",
            "accordctl status",
            "NO_COLOR=1 accordctl due",
        ]
    )


def help_examples(command: Any, path: str) -> list[str]:
    """The examples of every command's and option's help (`Example: ...`), each as a
    command line: an option's or an argument's example follows its command."""
    texts = [command.help or ""] + [getattr(p, "help", None) or "" for p in command.params]
    lines = []
    for text in texts:
        for example in re.findall(r"Example: (.+?)(?=  \[|$)", text, re.MULTILINE):
            for one in example.split("; "):
                lines.append(one if one.startswith("accordctl ") else f"{path} {one}")
    for name, sub in getattr(command, "commands", {}).items():
        lines += help_examples(sub, f"{path} {name}")
    return lines


def test_the_help_examples_name_real_commands_and_options() -> None:
    lines = help_examples(ROOT_COMMAND, "accordctl")
    assert len(lines) > 100
    assert {line: p for line in lines if (p := problem(line))} == {}


# -- the environment page ------------------------------------------------------------------


def test_the_environment_page_names_every_variable_the_code_reads() -> None:
    code = "\n".join(_text(p) for p in (ROOT / "accordctl").rglob("*.py"))
    read = set(re.findall(r"ACCORDCTL_[A-Z][A-Z_]*[A-Z]", code))
    page = _text(MANUAL / "reference" / "environment.md")
    assert read >= {"ACCORDCTL_FILE", "ACCORDCTL_NO_CACHE"}
    assert {name for name in read if f"{name}`" not in page} == set()


# -- the manual builds, and its reference is whole ----------------------------------------


def _need_sphinx() -> None:
    missing = [m for m in ("sphinx", "myst_parser") if importlib.util.find_spec(m) is None]
    if not missing:
        return
    reason = f"the docs extra is not installed (no {', '.join(missing)})"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}: CI must build the manual (.ci/run installs the extra)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The manual built as HTML, with warnings as errors."""
    _need_sphinx()
    out = tmp_path_factory.mktemp("html")
    build = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
         str(MANUAL), str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr
    assert build.stderr == ""
    return out


def inventory(html: Path) -> dict[str, str]:
    """The objects the manual defines (objects.inv): name -> role."""
    data = (html / "objects.inv").read_bytes().split(b"\n", 4)
    assert data[0] == b"# Sphinx inventory version 2"
    entries = zlib.decompress(data[4]).decode("utf-8").splitlines()
    return dict(line.split(" ", 2)[:2] for line in entries)  # type: ignore[misc]


def reference_entries(command: Any, path: str) -> set[str]:
    """What the reference must define for `command` and every command under it: each
    option by each of its names, and each argument (Sphinx's `program.option`)."""
    program = path.replace(" ", "-")
    ctx = typer.Context(command, info_name=path)
    out = set()
    for param in command.params:
        if getattr(param, "hidden", False):
            continue
        if param.param_type_name == "option":
            names = param.opts + param.secondary_opts
        else:
            names = [re.sub(r"[\[\].]", "", param.get_help_record(ctx)[0])]
        out |= {f"{program}.{name}" for name in names}
    for name, sub in getattr(command, "commands", {}).items():
        out |= reference_entries(sub, f"{path} {name}")
    return out


def test_the_manual_builds_clean(html: Path) -> None:
    for page in ("index", "tutorial", "reference/commands", "reference/json"):
        assert (html / f"{page}.html").is_file()


def test_the_reference_has_every_command_and_option(html: Path) -> None:
    entries = {name for name, role in inventory(html).items() if role == "std:cmdoption"}
    expected = reference_entries(ROOT_COMMAND, "accordctl")
    assert len(expected) > 100
    assert expected - entries == set()
    commands = (html / "reference" / "commands.html").read_text(encoding="utf-8")
    for name, sub in ROOT_COMMAND.commands.items():
        assert f'id="accordctl-{name}"' in commands, name
        for inner in getattr(sub, "commands", {}):
            assert f'id="accordctl-{name}-{inner}"' in commands, inner


def test_the_reference_tables_hold_what_the_code_holds(html: Path) -> None:
    from accordctl.cli.pure import PURE
    from accordctl.core.errors import EXIT_CODES, RULES
    from accordctl.core.progress import STATES

    def page(name: str) -> str:
        text = (html / "reference" / f"{name}.html").read_text(encoding="utf-8")
        return re.sub(r"<[^>]*>", "", text)  # the text, whatever spans hold its words

    exits = page("exit-codes")
    assert all(f"\n{code}\n{name}\n" in exits for name, (code, _) in EXIT_CODES.items())
    checks = page("check-codes")
    assert all(f"\n{code}\n{name}\n" in checks for code, (name, _) in RULES.items())
    assert all(f"\n{state}\n" in page("states") for state in STATES)
    assert all(f"\n{command}\n" in page("cache") for command in PURE)
    json_page = page("json")
    for schema in (ROOT / "accordctl" / "outputs" / "schemas").glob("*.json"):
        assert f"accordctl schema --output {schema.stem}" in json_page


@pytest.fixture(scope="module")
def fromcode() -> ModuleType:
    """The manual's extension that draws the reference from the code."""
    _need_sphinx()
    sys.path.insert(0, str(MANUAL / "_ext"))
    try:
        import fromcode as module
    finally:
        sys.path.remove(str(MANUAL / "_ext"))
    return module


def test_a_finding_code_without_a_description_fails_the_build(fromcode: ModuleType) -> None:
    from accordctl.core.errors import RULES

    lines = [f"{code} error: something" for code in RULES]
    assert "ACC001" in fromcode.check_codes(lines)
    with pytest.raises(ValueError, match="ACC002 without a description"):
        fromcode.check_codes(lines[:1] + lines[2:])
    with pytest.raises(ValueError, match=r"ACC999 not in accordctl\.core\.errors:RULES"):
        fromcode.check_codes([*lines, "ACC999 error: no such rule"])


def test_the_grammar_page_waits_for_its_table(
    fromcode: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(fromcode.SOURCES, "grammar", "accordctl.core.nosuch:FORMS")
    assert "once it exists" in fromcode.grammar([])
    monkeypatch.setitem(fromcode.SOURCES, "grammar", "accordctl.core.errors:FORMS")
    with pytest.raises(AttributeError):
        fromcode.grammar([])  # the module is there and has no table: a build error


def test_a_json_schema_becomes_a_table_per_object(fromcode: ModuleType) -> None:
    from mdtables import schema_sections

    schema = {
        "description": "A document.",
        "required": ["n"],
        "properties": {
            "n": {"type": "integer", "minimum": 0, "description": "How many."},
            "when": {"$ref": "#/$defs/day"},
            "tags": {"type": ["array", "null"], "items": {"enum": ["a", "b"]}},
            "inner": {"type": "object", "properties": {"x": {"const": 1}}},
        },
        "$defs": {"day": {"type": "string", "pattern": "^[0-9]+$", "description": "A day."}},
    }
    assert schema_sections(schema, 2) == (
        "A document.\n\n"
        "## top level\n\n"
        "| key | required | value | meaning |\n| --- | --- | --- | --- |\n"
        "| `n` | yes | integer ≥ 0 | How many. |\n"
        "| `when` |   | *day* |   |\n"
        '| `tags` |   | array of one of `"a"`, `"b"` or null |   |\n'
        "| `inner` |   | *inner* object |   |\n\n"
        "## inner\n\n"
        "| key | required | value | meaning |\n| --- | --- | --- | --- |\n"
        "| `x` |   | `1` |   |\n\n"
        "## values\n\n"
        "| name | value | meaning |\n| --- | --- | --- |\n"
        "| *day* | string matching `^[0-9]+$` | A day. |\n"
    )


def test_the_csv_columns_are_the_header_due_writes(html: Path) -> None:
    text = re.sub(r"<[^>]*>", "", _text(html / "reference" / "output.html"))
    shown = text.split("in one cell", 1)[1].split("The last columns", 1)[0]
    header = subprocess.run(
        [sys.executable, "-m", "accordctl", "due", "--format", "csv", "--as-of", "2009-01-01",
         "--business-days"],
        capture_output=True, text=True, check=True, cwd=ROOT,
    ).stdout.splitlines()[0]  # fmt: skip
    columns = header.split(",")
    assert re.findall(r"^\n?([a-z_]+)\n", shown, re.MULTILINE) == columns


# -- the man page ----------------------------------------------------------------------------


def test_the_man_page_is_current() -> None:
    _need_sphinx()
    manpage = _script("manpage")
    assert manpage.PAGE.read_bytes() == manpage.build(), "run: python docs/manpage.py"


def test_the_man_page_is_installed_where_man_finds_it() -> None:
    hatch = tomllib.loads(_text(ROOT / "pyproject.toml"))["tool"]["hatch"]["build"]["targets"]
    assert hatch["wheel"]["shared-data"] == {"docs/man/accordctl.1": "share/man/man1/accordctl.1"}
    assert "docs" in hatch["sdist"]["include"]
    page = _text(MANUAL / "man" / "accordctl.1")
    assert '.TH "ACCORDCTL" "1"' in page
    for name in ROOT_COMMAND.commands:
        assert f".SS accordctl {name}\n" in page, name


def test_the_python_examples_print_what_their_comments_say(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Each Python block of the README and the manual runs, and each `print(...)  # X`
    line in it prints X."""
    blocks = [
        (page, m[1])
        for page in DOCUMENTS
        for m in re.finditer(r"^```python\n(.*?)^```", _text(page), re.M | re.S)
    ]
    assert blocks
    for page, code in blocks:
        said = re.findall(r"^print\(.*\)  # (.+)$", code, re.M)
        exec(compile(code, str(page), "exec"), {})  # our own documentation's code
        assert capsys.readouterr().out.splitlines() == said, page

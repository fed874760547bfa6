"""The manual's reference, drawn from the code while Sphinx builds, so that it cannot drift.

A page asks for a table with the `fromcode` directive:

    ```{fromcode} exit-codes
    ```

and gets Markdown made from the module that holds the facts (`TABLES` lists them all, and
`SOURCES` says where each is read from): the commands and their options from the command
line itself, as typer builds it to run. Why at build time rather
than Markdown written by a script and committed: nothing to regenerate and nothing to
forget, one build that reads the same code the program runs, and the man page drawn from
the same nodes. A table that cannot be made (a code without a description, a source that
is gone) is a build error, and the manual is built with warnings as errors.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from mdtables import code, schema_sections, table
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

ROOT = Path(__file__).resolve().parent.parent.parent
PACKAGE = ROOT / "accordctl"
# Where each table is read from: "module:name" (or a folder). Point a table elsewhere here.
SOURCES = {
    "app": "accordctl.cli.app:full_app",
    "exit-codes": "accordctl.core.errors:EXIT_CODES",
    "check-codes": "accordctl.core.errors:RULES",
    "states": "accordctl.core.progress:STATES",
    "labels": "accordctl.core.progress:LABELS",
    "meanings": "accordctl.core.progress:MEANINGS",
    "cached": "accordctl.cli.pure:PURE",  # command -> (its arguments, its cached options)
    "grammar": "accordctl.core.grammar:FORMS",  # issue 21: the forms, English and Spanish
    "csv-columns": "accordctl.outputs.formats:ROW_FIELDS",
    "csv-join": "accordctl.outputs.formats:CSV_JOIN",
    "data-file": "accordctl/core/schema.json",
    "json-output": "accordctl/outputs/schemas",
}


def load(key: str) -> Any:
    """The object `SOURCES[key]` names (`module:name`)."""
    module, _, name = SOURCES[key].partition(":")
    return getattr(importlib.import_module(module), name)


WIDTH = 10_000  # usage lines are never wrapped, whatever the terminal building the manual


def command() -> Any:
    """The whole command line as typer builds it to run (a click-like command tree)."""
    import typer

    return typer.main.get_command(load("app")())


# Commands --------------------------------------------------------------------------------

_MARKDOWN = re.compile(r"([\\*_\[\]<>#|])")


# an example in help text: up to the end of its line, or to click's `  [default: ...]`
_EXAMPLE = re.compile(r"(?<=Example: )(?P<example>.+?)(?=  \[|$)", re.MULTILINE)


def prose(text: str) -> str:
    """Help text as Markdown: its `code` kept, each example made code, every other
    character Markdown would read as markup escaped."""
    parts = re.split(r"(`[^`]*`)", _EXAMPLE.sub(lambda m: code(m["example"]), text))
    return "".join(p if p.startswith("`") else _MARKDOWN.sub(r"\\\1", p) for p in parts)


def _parameter(param: Any, ctx: Any) -> str:
    """One option or argument as Sphinx's `option` directive: indexed, linkable, and a
    definition in the man page."""
    record = param.get_help_record(ctx)
    if record is None:
        return ""
    names, about = record
    # `--todo / --no-todo` is two options: each gets its own index entry
    signature = names.replace(" / ", ", ")
    return f"```{{option}} {signature}\n{prose(about) or ' '}\n```\n"


def _command(cmd: Any, ctx: Any, level: int, nested: bool = True) -> Iterator[str]:
    import typer

    yield f"{'#' * level} {ctx.command_path}\n"
    yield f"```{{program}} {ctx.command_path}\n```\n"
    yield prose(cmd.help or "") + "\n"
    yield f"```text\n{cmd.get_usage(ctx)}\n```\n"
    params = [p for p in cmd.params if not getattr(p, "hidden", False)]
    for kind, title in (("argument", "Arguments"), ("option", "Options")):
        chosen = [p for p in params if p.param_type_name == kind]
        if chosen:
            yield f"```{{rubric}} {title}\n```\n"
            yield from (_parameter(p, ctx) for p in chosen)
    for name, sub in getattr(cmd, "commands", {}).items() if nested else ():
        if not getattr(sub, "hidden", False):
            yield from _command(sub, typer.Context(sub, info_name=name, parent=ctx), level + 1)


def commands(_: list[str]) -> str:
    """Every command and option of the command line, with its help, in the order `--help`
    lists them; the root's options first."""
    import typer

    root = command()
    ctx = typer.Context(root, info_name="accordctl", terminal_width=WIDTH)
    parts = list(_command(root, ctx, 2, nested=False))  # each command beside it, not under
    for name, sub in root.commands.items():
        parts += _command(sub, typer.Context(sub, info_name=name, parent=ctx), 2)
    return "\n".join(parts)


def synopsis(_: list[str]) -> str:
    """How each command is called, one usage line each, as `--help` writes them."""
    import typer

    def usage(cmd: Any, ctx: Any) -> Iterator[str]:
        yield cmd.get_usage(ctx).removeprefix("Usage: ")
        for name, sub in getattr(cmd, "commands", {}).items():
            if not getattr(sub, "hidden", False):
                yield from usage(sub, typer.Context(sub, info_name=name, parent=ctx))

    root = command()
    lines = usage(root, typer.Context(root, info_name="accordctl", terminal_width=WIDTH))
    return "```text\n" + "\n".join(lines) + "\n```\n"


# Tables ----------------------------------------------------------------------------------


def exit_codes(_: list[str]) -> str:
    """Every exit code, its name in the code, and what it means."""
    rows = [[str(n), code(name), meaning] for name, (n, meaning) in load("exit-codes").items()]
    return table(["code", "name", "meaning"], rows)


def states(_: list[str]) -> str:
    """Every state a row can be in, in the order `status` and the page list them."""
    labels, meanings = load("labels"), load("meanings")
    rows = [[code(s), labels[s], meanings[s]] for s in load("states")]
    return table(["state", "shown as", "meaning"], rows)


def check_codes(content: list[str]) -> str:
    """The finding codes, with their names from the code and the page's descriptions
    (`ACC001 error: what it means`, one a line); a code missing on either side is an error."""
    rules = load("check-codes")
    said: dict[str, tuple[str, str]] = {}
    for line in filter(None, (raw.strip() for raw in content)):
        head, _, meaning = line.partition(":")
        code_name, _, severity = head.partition(" ")
        said[code_name] = (severity.strip(), meaning.strip())
    missing, unknown = sorted(set(rules) - set(said)), sorted(set(said) - set(rules))
    if missing or unknown:
        wrong = [f"{', '.join(missing)} without a description"] if missing else []
        wrong += [f"{', '.join(unknown)} not in {SOURCES['check-codes']}"] if unknown else []
        raise ValueError("; ".join(wrong))
    rows = [
        [code(c), code(name), said[c][0], said[c][1], str(cls.exit_code) if error else ""]
        for c, (name, cls) in rules.items()
        for error in [said[c][0].startswith("error")]
    ]
    return table(["code", "rule", "severity", "what it means", "exit code"], rows)


def cached(_: list[str]) -> str:
    """The commands whose answers the result cache keeps, with the options it keeps them
    for; every other command of the command line, never."""
    pure, real = load("cached"), command().commands
    what = {"none": "none", "text": "an id or a phrase", "files": "data files"}
    rows = []
    for name, (arguments, options) in pure.items():
        # each option as the command line spells it (`-f/--file`), in the order of its help
        spelled = [
            "/".join(sorted(p.opts, key=len) + p.secondary_opts)
            for p in real[name].params
            if set(p.opts + p.secondary_opts) & set(options)
        ]
        rows.append([code(name), what.get(arguments, arguments), ", ".join(map(code, spelled))])
    never = [c for c in real if c not in pure]
    return (
        table(["command", "arguments", "options it is cached with"], rows)
        + "\nNever cached: "
        + ", ".join(code(c) for c in never)
        + ", `--help`, completion, and any option not in the table.\n"
    )


def grammar(content: list[str]) -> str:
    """The grammar's forms, in English and Spanish; a placeholder while the code has no one
    table of them."""
    module_name, _, name = SOURCES["grammar"].partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as e:
        if e.name != module_name:
            raise  # the module is there, and broken
        return (
            ":::{note}\nThe table of the grammar's forms, in English and Spanish, is drawn "
            f"here from `{module_name}` once it exists (issue 21). Until then, the sections "
            "below are the reference.\n:::\n"
        )
    forms = getattr(module, name)
    rows = [[f.name, code(f.en), code(f.es), f.means] for f in forms]
    return table(["form", "English", "Spanish", "due date"], rows)


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def data_file(_: list[str]) -> str:
    """The data file's schema, a table per object."""
    return schema_sections(_read_json(ROOT / SOURCES["data-file"]), 2)


def schema_files() -> list[Path]:
    """The JSON Schema of every command's JSON output, in the order `--help` lists the
    commands."""
    order = list(command().commands)
    paths = (ROOT / SOURCES["json-output"]).glob("*.json")
    return sorted(paths, key=lambda p: (order.index(p.stem) if p.stem in order else 99, p.stem))


def json_output(_: list[str]) -> str:
    """Each command's JSON document, a section per command and a table per object."""
    parts = []
    for path in schema_files():
        schema = _read_json(path)
        title = schema.get("title", path.stem)
        printed = f"Its schema: `accordctl schema --output {path.stem}`."
        parts.append(f"## `{title}`\n\n{printed}\n\n{schema_sections(schema, 3)}")
    return "\n".join(parts)


def csv_columns(_: list[str]) -> str:
    """The columns of `due --format csv`, in order, with their meaning from the JSON
    Schema of `due`'s rows (the same fields), and how a list is joined in one cell."""
    row = _read_json(ROOT / SOURCES["json-output"] / "due.json")["$defs"]["row"]["properties"]
    fields = list(load("csv-columns"))
    optional = [f for f in row if f not in fields]  # the ones that come with their options
    joins = load("csv-join")
    rows = []
    for f in fields + optional:
        kind = row[f].get("type")
        joined = f"a list, joined by {code(joins.get(f, ' '))}" if kind == "array" else ""
        rows.append([code(f), row[f].get("description", ""), joined])
    last = ", ".join(map(code, optional))
    return table(["column", "meaning", "in one cell"], rows) + (
        f"\nThe last columns ({last}) come only with the options that give them.\n"
        if optional
        else ""
    )


TABLES: dict[str, Callable[[list[str]], str]] = {
    "commands": commands,
    "synopsis": synopsis,
    "exit-codes": exit_codes,
    "states": states,
    "check-codes": check_codes,
    "cached-commands": cached,
    "grammar": grammar,
    "data-file": data_file,
    "csv-columns": csv_columns,
    "json-output": json_output,
}


def sources_read() -> Iterator[Path]:
    """The files the tables are read from (a change to any rebuilds the pages)."""
    for spec in SOURCES.values():
        module = spec.partition(":")[0]
        path = ROOT / (module.replace(".", "/") + ".py") if ":" in spec else ROOT / spec
        if path.is_dir():
            yield from sorted(path.glob("*.json"))
        elif path.exists():
            yield path


class FromCode(SphinxDirective):
    """```{fromcode} NAME``` : the table NAME of `TABLES`, drawn from the code."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        if name not in TABLES:
            raise self.error(f"fromcode: no table {name!r} (known: {', '.join(TABLES)})")
        try:
            text = TABLES[name](list(self.content))
        except (ValueError, LookupError, OSError, AttributeError, ImportError) as e:
            raise self.error(f"fromcode {name}: {e}") from e
        for path in sources_read():
            self.env.note_dependency(str(path))
        holder = nodes.Element()
        lines = StringList(text.splitlines(), source=f"fromcode:{name}")
        self.state.nested_parse(lines, self.content_offset, holder, match_titles=True)
        return list(holder.children)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive."""
    app.add_directive("fromcode", FromCode)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

"""One name, one meaning: an option spelt the same way in two commands means the same
thing in both (its short name, its kind of value, its help), and no two names mean the
same thing. Walks the real command tree, as tests/test_docs.py does; a new option that
breaks either rule fails here, before a user meets it."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import pytest
import typer

from accordctl.cli.app import full_app

# The words --format takes, each with one meaning in every command that offers it.
FORMAT_WORDS = {
    "text": "for people, on a terminal",
    "json": "the command's JSON document (accordctl schema COMMAND describes it)",
    "csv": "one header line and one line a row",
    "github": "GitHub workflow annotations",
    "svg": "a picture",
}
# Retired spellings: hidden, still read for a while, each pointing at what replaced it.
RETIRED = {
    ("record", "--from"): "--since",
    ("record", "--to"): "--until",
    ("timeline", "--svg"): "--format svg -o",
    ("schema", "--output"): "schema COMMAND",
}


def _tree() -> dict[str, Any]:
    """Every command by its path (`due`, `cache info`), the root as ``."""
    root = typer.main.get_command(full_app())
    out: dict[str, Any] = {"": root}
    todo = list(root.commands.items())  # type: ignore[attr-defined]
    while todo:
        name, command = todo.pop(0)
        out[name] = command
        todo += [(f"{name} {n}", c) for n, c in getattr(command, "commands", {}).items()]
    return out


def options_by_command(hidden: bool = False) -> dict[str, dict[str, Any]]:
    """Each command's options by their long name (the retired ones only if `hidden`)."""
    return {
        path: {
            max(p.opts, key=len): p
            for p in command.params
            if p.param_type_name == "option" and (hidden or not p.hidden)
        }
        for path, command in _tree().items()
    }


def _help(param: Any) -> str:
    """An option's help without its example (each command shows its own)."""
    return re.sub(r"\s*Example: .*$", "", param.help or "", flags=re.S)


def meaning(param: Any) -> tuple[Any, ...]:
    """What an option is, as a user meets it: its names, what it takes, and its help."""
    metavar = None if param.name == "fmt" else param.metavar  # --format: the choices vary
    return (
        tuple(sorted(param.opts)),
        tuple(sorted(param.secondary_opts)),
        param.is_flag,
        param.multiple,
        str(param.type_descriptor.annotation),
        metavar,  # what it takes: DATE, SPAN, PATH, or its choices (a|b|c)
        param.envvar,
        _help(param),
    )


def _by_name() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = defaultdict(dict)
    for path, options in options_by_command().items():
        for name, param in options.items():
            out[name][path] = param
    return out


@pytest.mark.parametrize("name", sorted(_by_name()))
def test_an_option_means_the_same_thing_in_every_command(name: str) -> None:
    meanings = {path: meaning(p) for path, p in _by_name()[name].items()}
    first = next(iter(meanings.values()))
    assert {p: m for p, m in meanings.items() if m != first} == {}, (name, first)


def test_format_is_one_vocabulary_with_text_for_people() -> None:
    formats = {path: o["--format"] for path, o in options_by_command().items() if "--format" in o}
    assert len(formats) >= 7
    for path, param in formats.items():
        words = param.metavar.split("|")
        assert words[0] == "text" and param.default == "text", path
        assert set(words) <= set(FORMAT_WORDS), path


def test_a_short_name_stands_for_one_long_name() -> None:
    shorts: dict[str, set[str]] = defaultdict(set)
    for options in options_by_command(hidden=True).values():
        for name, param in options.items():
            for short in (o for o in param.opts if not o.startswith("--")):
                shorts[short].add(name)
    assert {s: n for s, n in shorts.items() if len(n) > 1} == {}
    assert shorts["-o"] == {"--output"} and shorts["-q"] == {"--quiet"}


def test_no_two_names_mean_the_same_thing() -> None:
    helps: dict[str, set[str]] = defaultdict(set)
    for name, params in _by_name().items():
        for param in params.values():
            helps[_help(param)].add(name)
    assert {h: n for h, n in helps.items() if len(n) > 1} == {}


def test_a_retired_spelling_is_hidden_and_named_as_such() -> None:
    hidden = {
        (path, name)
        for path, options in options_by_command(hidden=True).items()
        for name, param in options.items()
        if param.hidden
    }
    assert hidden == set(RETIRED)
    visible = {(p, n) for p, options in options_by_command().items() for n in options}
    for (path, old), new in RETIRED.items():  # the new spelling is there to be given
        word = new.split()[0]
        assert (path, word) in visible or word == path, (path, old, new)

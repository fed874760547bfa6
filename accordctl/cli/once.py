"""Every option at most once: an option that takes one value, or a flag, given twice on one
command line is refused (click would keep the last, silently). Options that collect values
(`--event`, `--branch`) may repeat; the values are checked where they are read, so that one
thing named twice is refused there."""

from __future__ import annotations

from typing import Any

from accordctl.core.errors import UsageError
from accordctl.core.text import quote


def check_once(command: Any, args: list[str]) -> None:
    """Raise a UsageError if `args`, the command line of the click command (or group)
    `command`, gives an option that takes one value, or a flag, more than once."""
    while command is not None:
        options = {
            name: p
            for p in command.params
            if p.param_type_name == "option"
            for name in (*p.opts, *p.secondary_opts)
        }
        commands = getattr(command, "commands", None)  # a group's: its first argument
        given: dict[int, list[str]] = {}
        tokens = iter(args)
        command = None
        for token in tokens:
            if token == "--":
                break
            names = _spellings(token, options)
            if names is None:
                if commands is not None:
                    command, args = commands.get(token), list(tokens)
                    break
                continue
            for name, takes_value in names:
                given.setdefault(id(options[name]), []).append(name)
                for _ in range(options[name].nargs if takes_value else 0):
                    next(tokens, None)
        _refuse_twice(given, options)


def _spellings(token: str, options: dict[str, Any]) -> list[tuple[str, bool]] | None:
    """The options a token gives, each with whether its value is the next token; None
    for an argument."""
    if token.startswith("--"):
        name, eq, _ = token.partition("=")
        param = options.get(name)
        return [(name, _takes_value(param) and not eq)] if param is not None else []
    if not token.startswith("-") or token == "-":
        return None
    out = []
    for at, letter in enumerate(token[1:], 1):  # a cluster: -xv, or -bstate (a value)
        param = options.get("-" + letter)
        if param is None:
            break
        takes = _takes_value(param)
        out.append(("-" + letter, takes and at == len(token) - 1))
        if takes:
            break
    return out


def _takes_value(param: Any) -> bool:
    return not param.is_flag and not param.count


def _refuse_twice(given: dict[int, list[str]], options: dict[str, Any]) -> None:
    for names in given.values():
        param = options[names[0]]
        if len(names) < 2 or param.multiple:
            continue
        said = set(names)
        if said & set(param.opts) and said & set(param.secondary_opts):  # --compact --full
            both = " and ".join(dict.fromkeys(names))
            raise UsageError(f"{quote(both)[1:-1]} are both given: give one")
        name = max(param.opts if said <= set(param.opts) else said, key=len)  # the long name
        spelt = f" (as {' and '.join(dict.fromkeys(names))})" if said != {name} else ""
        raise UsageError(f"{name} is given twice{spelt}: give it once")

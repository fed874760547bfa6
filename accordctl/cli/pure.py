"""Which runs are pure: the allow-list of commands and options whose output depends only on
what the result cache's key covers (see `replay`).

A command, and each of its options, is answered from the cache only once declared here;
anything else runs normally and is not stored: a new command or option until someone
declares it pure, `-o/--output` of `ics`, `report` and `timeline`, `ics --vdir` and
`report --assets` (they write files), the retired spellings (`timeline --svg`), `diff
--rev` (it reads git history), `--help`, completion, the `cache` commands, commands that
edit the data file, and any option spelling this parser does not know. This table is the
one list: tests/test_cache.py holds it to the commands' real options, and the manual's list
of cached commands is drawn from it.
"""

from __future__ import annotations

FLAG, VALUE, FILE = "flag", "value", "file"  # what an option takes
TEXT, FILES = "text", "files"  # what a command's arguments are: words, or data files

_SHARED = {"--file": FILE, "-f": FILE, "--event": VALUE, "-e": VALUE, "--signed": VALUE}
_FORCE = {"--force": FLAG}  # without an output file refused: an error, never stored
_BRANCH = {"--branch": VALUE, "-b": VALUE}
_WHAT = {**_BRANCH, "--search": VALUE}  # with the ids (arguments): what rows are
_QUIET = {"--quiet": FLAG, "-q": FLAG}
# The pure commands: what their arguments are, and their pure options.
PURE: dict[str, tuple[str, dict[str, str]]] = {
    "due": (
        TEXT,
        {
            **_SHARED,
            **_WHAT,
            **_QUIET,
            "--state": VALUE,
            "--overdue": FLAG,
            "--within": VALUE,
            "--attention": FLAG,
            "--since": VALUE,
            "--until": VALUE,
            "--format": VALUE,
            "--as-of": VALUE,
            "--exit-code": FLAG,
            "--business-days": FLAG,
            "--sort": VALUE,
            "--reverse": FLAG,
            "--columns": VALUE,
            "--compact": FLAG,
            "--full": FLAG,
        },
    ),
    "status": (TEXT, {**_SHARED, **_WHAT, **_QUIET, "--as-of": VALUE, "--format": VALUE}),
    "check": (
        FILES,
        {
            "--file": FILE,
            "-f": FILE,
            "--format": VALUE,
            "--overdue": FLAG,
            "--as-of": VALUE,
            "--strict": FLAG,
            "--no-strict": FLAG,
            "--min-severity": VALUE,
            "--max-findings": VALUE,
            **_QUIET,
        },
    ),
    "schema": (TEXT, {}),
    # the page on stdout only: -o/--output and --assets write files
    "report": (TEXT, {**_SHARED, **_WHAT, **_QUIET, **_FORCE, "--as-of": VALUE}),
    "ics": (
        TEXT,
        {
            **_SHARED,
            **_WHAT,
            **_QUIET,
            "--todo": FLAG,
            "--no-todo": FLAG,
            "--alarm": VALUE,
            "--windows": FLAG,
            "--no-windows": FLAG,
            "--business-days": FLAG,
            "--as-of": VALUE,
            **_FORCE,
        },
    ),
    "explain": (TEXT, {**_SHARED, "--format": VALUE, "--as-of": VALUE}),
    "calc": (TEXT, {**_SHARED, "--from": VALUE, "--business-days": FLAG}),
    # text or SVG on stdout only: -o/--output writes a file
    "timeline": (
        TEXT,
        {**_SHARED, **_WHAT, **_QUIET, **_FORCE, "--as-of": VALUE, "--format": VALUE},
    ),
    "diff": (FILES, {**_SHARED, "--format": VALUE, "--exit-code": FLAG}),
    "record": (
        TEXT,
        {
            "--file": FILE,
            "-f": FILE,
            **_WHAT,
            **_QUIET,
            "--state": VALUE,
            "--as-of": VALUE,
            "--since": VALUE,
            "--until": VALUE,
            "--format": VALUE,
        },
    ),
}


def files_named(argv: list[str]) -> list[str] | None:
    """The data files a pure run names (the option values and arguments that are files,
    in order), or None when the run is not a declared pure one."""
    if not argv or argv[0] not in PURE:
        return None
    args_kind, options = PURE[argv[0]]
    out: list[str] = []
    rest = iter(argv[1:])
    for token in rest:
        if token == "--":
            out += list(rest) if args_kind == FILES else []
            break
        if token.startswith("-") and token != "-":
            name, eq, value = token.partition("=")
            kind = options.get(name)
            if kind is None or (eq and (kind == FLAG or not name.startswith("--"))):
                return None  # not declared pure, or a form we do not parse
            if kind == FLAG:
                continue
            if not eq:
                following = next(rest, None)
                if following is None:
                    return None
                value = following
            if value.startswith("-"):
                return None  # an option's value that looks like an option: not ours to guess
            if kind == FILE:
                out.append(value)
        elif token.startswith("-"):
            return None
        elif args_kind == FILES:
            out.append(token)
    return out

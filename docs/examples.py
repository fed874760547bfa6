"""Regenerate the example outputs of the README and the manual from the real program.

    python docs/examples.py           # rewrite README.md and the manual's pages in place
    python docs/examples.py --check   # exit 1, naming them, if any example is stale

An example is a line `<!-- output: [NAME=VALUE ...] accordctl ARGS -->` followed by a
```text fence: the fence's content is replaced by what `accordctl ARGS` prints on stdout,
run from the repository root (so it reads data/commitments.yaml), not on a terminal, with
the environment given (COLUMNS=80 unless another width is named). An example that fails
(exit 2 or more: a usage error, unreadable input, ...) is an error, not an empty block. A
line `<!-- table: grammar -->` is followed by the grammar's table of forms
(`accordctl.core.grammar`), up to the first blank line.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def documents() -> list[Path]:
    """Every page that may hold examples: the README, CONTRIBUTING.md and the manual."""
    pages = sorted(p for p in (ROOT / "docs").rglob("*.md") if "_build" not in p.parts)
    return [README, ROOT / "CONTRIBUTING.md", *pages]


BLOCK = re.compile(r"(<!-- output: (?P<cmd>.+?) -->\n```text\n)(?P<body>.*?)(```)", re.DOTALL)
TABLE = re.compile(r"(<!-- table: grammar -->\n)(?P<body>.*?\n)(?=\n)", re.DOTALL)


def grammar_table() -> str:
    """The grammar's table of forms, as the README shows it."""
    sys.path.insert(0, str(ROOT))
    from accordctl.core.grammar import markdown

    return markdown()


def run(command: str) -> str:
    """What `command` (NAME=VALUE ... accordctl ARGS) prints on stdout."""
    words = shlex.split(command)
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "ACCORDCTL_FILE")}
    env |= {"COLUMNS": "80", "PYTHONIOENCODING": "utf-8", "ACCORDCTL_NO_CACHE": "1"}
    while words and "=" in words[0]:
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    assert words[0] == "accordctl", command
    p = subprocess.run(
        [sys.executable, "-m", "accordctl", *words[1:]],
        capture_output=True, text=True, cwd=ROOT, env=env, check=False,
    )  # fmt: skip
    if p.returncode >= 2:  # an error prints nothing on stdout: never an example's output
        raise RuntimeError(f"example {command!r} failed with exit {p.returncode}: {p.stderr}")
    return p.stdout


def render(text: str) -> str:
    """The README with every example block replaced by the program's output, and the
    grammar's table by the grammar's."""
    text = TABLE.sub(lambda m: m[1] + grammar_table(), text)
    return BLOCK.sub(lambda m: m[1] + run(m["cmd"]) + m[4], text)


def stale(text: str) -> list[str]:
    """The commands whose blocks differ from the program's output (and the grammar's
    table, when it differs from the grammar's)."""
    old = [m["cmd"] for m in BLOCK.finditer(text) if run(m["cmd"]) != m["body"]]
    tables = [m["body"] for m in TABLE.finditer(text)]
    return old + ["the grammar's table" for body in tables if body != grammar_table()]


def main(argv: list[str]) -> int:
    check = argv[1:] == ["--check"]
    found = False
    for path in documents():
        text = path.read_text(encoding="utf-8")
        if check:
            for cmd in stale(text):
                print(f"stale example in {path.relative_to(ROOT)}: {cmd}", file=sys.stderr)
                found = True
        elif (new := render(text)) != text:
            path.write_text(new, encoding="utf-8")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

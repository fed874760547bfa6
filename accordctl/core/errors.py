"""One exception family. Each class carries its exit code; one handler in the CLI turns
them into a single line on stderr. `EXIT` is the whole table of exit codes (the manual's
"Exit codes" is drawn from it)."""

from __future__ import annotations

from dataclasses import dataclass

from accordctl.process.stop import Interrupted as Interrupted  # one of the family, kept apart

# Every exit code accordctl uses, by name: (code, meaning).
EXIT_CODES: dict[str, tuple[int, str]] = {
    "ok": (0, "success"),
    "findings": (
        1,
        "findings: `check` found errors (or warnings, with `--strict`), `--exit-code` found "
        "rows or moved dates, `calc` counted from something with no date yet",
    ),
    "usage": (
        2,
        "usage: a bad option or argument (a malformed date, an unknown branch, format or id, "
        "an output target that is refused, an option given twice, inputs that conflict)",
    ),
    "input": (
        3,
        "unreadable or invalid input: a missing file, a directory, not UTF-8, YAML syntax, "
        "wrong keys or types",
    ),
    "phrase": (
        4,
        "a deadline phrase the grammar does not accept, or a deadline out of range (past "
        "9999-12-31), whether the file puts it there or a date given on the command line",
    ),
    "graph": (5, "a reference to an unknown id inside a phrase, or a cycle"),
    "output": (
        6,
        "the output could not be written (a file, or stdout; the data file of an edit: "
        "another edit held its lock too long, or another program changed it meanwhile); "
        "nothing is left half-written",
    ),
    "internal": (
        70,
        "an internal error (a bug): one line; `ACCORDCTL_DEBUG=1` shows the traceback",
    ),
    "hangup": (129, "the terminal hung up (SIGHUP): no output file is left behind"),
    "interrupted": (130, "interrupted by Ctrl-C (SIGINT): no output file is left behind"),
    "pipe": (141, "the reader closed the pipe (`accordctl due` into `head`): output stops quietly"),
    "terminated": (143, "terminated (SIGTERM): no output file is left behind"),
}
EXIT = {name: code for name, (code, _) in EXIT_CODES.items()}


@dataclass(frozen=True, slots=True)
class Pos:
    """Where a value stands in a file (1-based line and column)."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        from accordctl.core.text import visible

        name = visible(self.file)  # a newline in a file name is shown as \x0a, not as one
        return f"{name}:{self.line}:{self.col}" if self.line else name


@dataclass(frozen=True)
class Finding:
    """One problem in a data file: where, how bad, which rule, what, and how to fix it."""

    pos: Pos
    severity: str  # "error", "warning" or "notice"
    code: str  # e.g. "ACC004"
    name: str  # e.g. "unknown-reference"
    message: str
    hint: str | None = None

    def line(self) -> str:
        """The one-line form used on stderr and in `check --format text`."""
        from accordctl.core.text import one_line

        text = f"{self.pos}: {self.severity}: {self.message} [{self.code} {self.name}]"
        return one_line(f"{text} (hint: {self.hint})" if self.hint else text)


class AccordError(Exception):
    """Base of every error accordctl reports; `exit_code` is what the CLI exits with.

    A message that begins with the file it is about is `located`; the handler prints every
    message after `accordctl: `, located or not."""

    exit_code = EXIT["findings"]
    located = False


class NoDateError(AccordError):
    """What was asked about has no date yet (`calc` counting from a pending row)."""

    exit_code = EXIT["findings"]


class UsageError(AccordError):
    """A bad option value (`--event`, `--signed`, `--branch`, an unknown id)."""

    exit_code = EXIT["usage"]


class InputError(AccordError):
    """The input could not be read or is not a valid commitments file."""

    exit_code = EXIT["input"]
    located = True


class OutputError(AccordError):
    """The output could not be written (nothing was left half-written)."""

    exit_code = EXIT["output"]
    located = True


class StdoutError(OutputError):
    """Standard output could not be written (closed, full)."""

    located = False


class PhraseError(AccordError):
    """A deadline phrase that the grammar does not accept."""

    exit_code = EXIT["phrase"]


class GraphError(AccordError):
    """A reference to an unknown id, or a cycle of dependent deadlines."""

    exit_code = EXIT["graph"]


# Codes of the findings `check` reports, and the exception class each error maps to.
RULES: dict[str, tuple[str, type[AccordError]]] = {
    "ACC001": ("yaml-syntax", InputError),
    "ACC002": ("unknown-key", InputError),
    "ACC003": ("missing-key", InputError),
    "ACC004": ("unknown-reference", GraphError),
    "ACC005": ("cycle", GraphError),
    "ACC006": ("bad-phrase", PhraseError),
    "ACC007": ("wrong-type", InputError),
    "ACC008": ("duplicate-id", InputError),
    "ACC009": ("number-range", InputError),
    "ACC010": ("after-programme-end", InputError),
    "ACC011": ("inferred", InputError),
    "ACC012": ("missing-number", InputError),
    "ACC013": ("duplicate-key", InputError),
    "ACC014": ("unsafe-yaml", InputError),
    "ACC015": ("bad-date", InputError),
    "ACC017": ("overdue", InputError),
    "ACC018": ("unreadable", InputError),
    "ACC019": ("interpreted", InputError),
    "ACC020": ("before-signing", InputError),
    "ACC021": ("in-the-future", InputError),
    "ACC022": ("judgement", InputError),
    "ACC023": ("uncited-date", InputError),
}


def finding(
    pos: Pos, code: str, message: str, hint: str | None = None, severity: str = "error"
) -> Finding:
    """Build a finding for rule `code`."""
    return Finding(pos, severity, code, RULES[code][0], message, hint)


class DataErrors(AccordError):
    """Every error found in a file; the first one decides the exit code."""

    located = True

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        errors = [f for f in findings if f.severity == "error"]
        errors.sort(key=lambda f: (f.pos.line, f.pos.col))
        self.exit_code = RULES[errors[0].code][1].exit_code if errors else EXIT["findings"]
        more = f" (and {len(errors) - 1} more; run `accordctl check`)" if len(errors) > 1 else ""
        super().__init__(errors[0].line() + more if errors else "no errors")

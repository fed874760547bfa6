"""One exception family. Each class carries its exit code; one handler in the CLI turns
them into a single line on stderr."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Pos:
    """Where a value stands in a file (1-based line and column)."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.col}"


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
        text = f"{self.pos}: {self.severity}: {self.message} [{self.code} {self.name}]"
        return f"{text} (hint: {self.hint})" if self.hint else text


class AccordError(Exception):
    """Base of every error accordctl reports; `exit_code` is what the CLI exits with."""

    exit_code = 1


class UsageError(AccordError):
    """A bad option value (`--event`, `--signed`, `--branch`, an unknown id)."""

    exit_code = 2


class InputError(AccordError):
    """The input could not be read or is not a valid commitments file."""

    exit_code = 3


class OutputError(AccordError):
    """The output file could not be written (nothing was left half-written)."""

    exit_code = 6


class PhraseError(AccordError):
    """A deadline phrase that the grammar does not accept."""

    exit_code = 4


class GraphError(AccordError):
    """A reference to an unknown id, or a cycle of dependent deadlines."""

    exit_code = 5


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
    "ACC016": ("schema", InputError),
    "ACC017": ("overdue", InputError),
    "ACC018": ("unreadable", InputError),
}


def finding(
    pos: Pos, code: str, message: str, hint: str | None = None, severity: str = "error"
) -> Finding:
    """Build a finding for rule `code`."""
    return Finding(pos, severity, code, RULES[code][0], message, hint)


class DataErrors(AccordError):
    """Every error found in a file; the first one decides the exit code."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        errors = [f for f in findings if f.severity == "error"]
        errors.sort(key=lambda f: (f.pos.line, f.pos.col))
        self.exit_code = RULES[errors[0].code][1].exit_code if errors else 1
        more = f" (and {len(errors) - 1} more; run `accordctl check`)" if len(errors) > 1 else ""
        super().__init__(errors[0].line() + more if errors else "no errors")

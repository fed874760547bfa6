"""Shell completion of the values the data file defines: branch names and ids, also as the
last item of a comma-separated list (`--branch state,mu` completes to `state,municipal`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from accordctl.core.errors import AccordError
from accordctl.core.model import Accord
from accordctl.store.files import load


def _accord(ctx: Any) -> Accord | None:
    """The data file the command line names so far (`--file`, else as `data_path`)."""
    from accordctl.cli.options import data_path  # that module imports this one

    params = getattr(ctx, "params", None) or {}
    try:
        return load(data_path(params.get("file")))
    except (AccordError, OSError):
        return None


def complete_listed(incomplete: str, choices: Sequence[str]) -> list[str]:
    """Completions of the last item of a comma-separated list (`state,mu` -> `state,municipal`)."""
    head, comma, last = incomplete.rpartition(",")
    done = set(head.split(",")) if comma else set()
    return [head + comma + c for c in choices if c.startswith(last) and c not in done]


def complete_branch(incomplete: str, ctx: Any = None) -> list[str]:
    """Branch names of the data file (the one `--file` names, if given)."""
    accord = _accord(ctx)
    return complete_listed(incomplete, accord.branch_slugs()) if accord else []


def complete_id(incomplete: str, ctx: Any = None) -> list[str]:
    """Event, entry and scoped-row ids of the data file (the one `--file` names, if given)."""
    accord = _accord(ctx)
    return complete_listed(incomplete, list(accord.ids)) if accord else []

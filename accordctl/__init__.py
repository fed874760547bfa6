"""accordctl: exact, explainable due dates for the 2008 Mexican security accord.

    from accordctl import load, resolve
    res = resolve(load(path))

The names below are imported on first use, so that `accordctl --version` and the start of
every command pay only for what they need.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not `from typing import`: typing costs a cached run a tenth of its time
__version__ = "0.1.0"
__all__ = ["__version__", "default_path", "load", "load_text", "parse", "resolve"]

if TYPE_CHECKING:
    from accordctl.core.loader import load_text
    from accordctl.core.phrases import parse
    from accordctl.core.resolver import resolve
    from accordctl.store.files import default_path, load


def __getattr__(name: str) -> object:
    if name == "load_text":
        from accordctl.core.loader import load_text

        return load_text
    if name in ("default_path", "load"):
        from accordctl.store import files

        return getattr(files, name)
    if name == "parse":
        from accordctl.core.phrases import parse

        return parse
    if name == "resolve":
        from accordctl.core.resolver import resolve

        return resolve
    raise AttributeError(f"module 'accordctl' has no attribute {name!r}")

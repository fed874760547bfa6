"""The README's example outputs are what the program prints (docs/examples.py writes them)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_examples_are_the_real_output() -> None:
    spec = importlib.util.spec_from_file_location("examples", ROOT / "docs" / "examples.py")
    assert spec is not None and spec.loader is not None
    examples = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(examples)
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(list(examples.BLOCK.finditer(text))) >= 3
    assert examples.stale(text) == [], "run: python docs/examples.py"

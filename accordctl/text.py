"""Text for people: cutting to a width."""

from __future__ import annotations


def short(text: str, limit: int = 60) -> str:
    """Text on one line, cut at a word boundary to `limit` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"

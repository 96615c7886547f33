"""Small helpers for the sentences sensemaking writes for people (reports, review lists,
surprise explanations)."""

from __future__ import annotations


def plural(n: int, one: str, many: str | None = None) -> str:
    """ "1 excerpt", "3 excerpts"; `many` for irregular nouns ("1 person", "2 people")."""
    return f"{n} {one if n == 1 else (many or one + 's')}"

"""Small helpers for the sentences sensemaking writes for people (reports, review lists,
surprise explanations)."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from pathlib import Path


def plural(n: int, one: str, many: str | None = None) -> str:
    """ "1 excerpt", "3 excerpts"; `many` for irregular nouns ("1 person", "2 people")."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def either(items: Iterable[str]) -> str:
    """ "Millbrook", "Millbrook or Hollins Park", "Eastgate, Millbrook or Hollins Park"."""
    items = list(items)
    return " or ".join(filter(None, [", ".join(items[:-1]), *items[-1:]]))


def did_you_mean(word: str, choices: Iterable[str], shown: Callable[[str], str] = repr) -> str:
    """ " (did you mean 'keep'?)" for the choice nearest a mistyped `word`, "" when none is
    near: a typo named is fixed in a moment, a list of choices has to be read."""
    guess = difflib.get_close_matches(word, sorted(choices), n=1)
    return f" (did you mean {shown(guess[0])}?)" if guess else ""


def typed_path(path: str | Path) -> str:
    """`path` as the user would type it here: relative to the working directory when it
    lies below it (commands are run from a repository or a projects folder), else whole."""
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)

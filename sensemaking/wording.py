"""Small helpers for the sentences sensemaking writes for people (reports, review lists,
surprise explanations)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from pathlib import Path


def plural(n: int, one: str, many: str | None = None) -> str:
    """ "1 excerpt", "3 excerpts"; `many` for irregular nouns ("1 person", "2 people")."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def times(n: int) -> str:
    """ "once", "twice", "3 times"."""
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


# Nouns that are their own plural, as the last word of a role ("staff", "police").
SAME_PLURAL = frozenset({"staff", "police", "people", "personnel", "clergy", "youth"})


def in_team_words(surprises: Iterable[dict], labels: dict) -> list[dict]:
    """Surprise items whose sentences name their theme as the team does: the model's label
    (`theme_label`, in quotes as the sentences give it) replaced by `labels[theme_id]` where
    the team renamed the theme ("'Bus stop' is rising" -> "'Cut off by the bus cuts' is
    rising")."""
    out = []
    for item in surprises:
        old, new = item.get("theme_label"), labels.get(item.get("theme_id"))
        if old and new and old != new:
            item = {**item, **{key: str(item.get(key) or "").replace(f"'{old}'", f"'{new}'")
                               for key in ("explanation", "question")}}
        out.append(item)
    return out


def plural_noun(noun: str) -> str:
    """ "resident" -> "residents", "community worker" -> "community workers", "staff" and
    "partners" as they are, "secretary" -> "secretaries", "coach" -> "coaches"."""
    last = noun.split()[-1].lower() if noun.split() else ""
    if not last or last in SAME_PLURAL or last.endswith("s"):
        return noun
    if re.search(r"[^aeiou]y$", last):
        return noun[:-1] + "ies"
    return noun + ("es" if re.search(r"(ch|sh|x|z)$", last) else "s")


def either(items: Iterable[str]) -> str:
    """ "Millbrook", "Millbrook or Hollins Park", "Eastgate, Millbrook or Hollins Park"."""
    return _listed(items, "or")


def both(items: Iterable[str]) -> str:
    """ "damp", "damp and mould", "people, notes and documents"."""
    return _listed(items, "and")


def _listed(items: Iterable[str], word: str) -> str:
    items = list(items)
    return f" {word} ".join(filter(None, [", ".join(items[:-1]), *items[-1:]]))


def did_you_mean(word: str, choices: Iterable[str], shown: Callable[[str], str] = repr) -> str:
    """ " (did you mean 'keep'?)" for the choice nearest a mistyped `word` (the same but
    for case first: "ID" for "id"), "" when none is near: a typo named is fixed in a
    moment, a list of choices has to be read."""
    choices = sorted(choices)
    guess = [c for c in choices if c.lower() == word.lower()] or difflib.get_close_matches(word, choices, n=1)
    return f" (did you mean {shown(guess[0])}?)" if guess else ""


def typed_path(path: str | Path) -> str:
    """`path` as the user would type it here: relative to the working directory when it
    lies below it (commands are run from a repository or a projects folder), else whole."""
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


_SENTENCE_END = re.compile(r"[.!?…][”’\"')]*(?= )")
_CLAUSE_END = re.compile(r"[,;:–—](?= )")
# How much of the room a cut may give up to end at a sentence's end, or a clause's:
# "I'd go every day if I could get there." reads whole; "it's about having the…" does not.
SENTENCE_KEEPS, CLAUSE_KEEPS = 0.55, 0.75


def trim(text: str, limit: int) -> str:
    """`text` whole if it fits in `limit` characters; else cut where it reads best: at the
    later of the last sentence's end in the last 45 % of the room and the last clause's in
    its last quarter, or else at the last word boundary; an ellipsis marks the cut."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    ends = [(m.end(), " …") for m in _SENTENCE_END.finditer(cut) if m.end() >= SENTENCE_KEEPS * limit]
    ends += [(m.start(), "…") for m in _CLAUSE_END.finditer(cut) if m.start() >= CLAUSE_KEEPS * limit]
    if ends:
        at, mark = max(ends)
        return cut[:at] + mark
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-–—") + "…"

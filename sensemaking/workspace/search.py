"""Keyword in context (KWIC): every place a word or phrase occurs, with text either side."""

from __future__ import annotations

import re

import pandas as pd

KWIC_COLUMNS = ("excerpt_id", "theme_id", "participant_id", "source_id", "left", "match", "right")


def kwic(
    excerpts: pd.DataFrame,
    query: str,
    *,
    themes: dict[str, str] | None = None,
    width: int = 50,
    regex: bool = False,
    whole_words: bool = True,
) -> pd.DataFrame:
    """One row per occurrence of `query` (case-insensitive) in the excerpts' text.

    `themes` maps excerpt id -> team theme id. A plain query matches whole words
    ("care" does not match "career"); end it with `*` for a prefix ("car*").
    """
    pattern = _compile(query, regex=regex, whole_words=whole_words)
    themes = themes or {}
    rows = []
    for row in excerpts.itertuples(index=False):
        text = row.text if isinstance(row.text, str) else ""
        for match in pattern.finditer(text):
            left = text[max(0, match.start() - width): match.start()]
            right = text[match.end(): match.end() + width]
            rows.append((
                row.excerpt_id,
                themes.get(row.excerpt_id),
                getattr(row, "participant_id", None),
                getattr(row, "source_id", None),
                ("…" if match.start() > width else "") + left.replace("\n", " "),
                match.group(0),
                right.replace("\n", " ") + ("…" if match.end() + width < len(text) else ""),
            ))
    return pd.DataFrame(rows, columns=list(KWIC_COLUMNS))


def _compile(query: str, *, regex: bool, whole_words: bool) -> re.Pattern[str]:
    from ..errors import AnnotationError

    if not query or not query.strip():
        raise AnnotationError("search needs a word or phrase, e.g. ws.search('bus fare')")
    if regex:
        try:
            return re.compile(query, re.IGNORECASE)
        except re.error as exc:
            raise AnnotationError(f"search pattern {query!r} is not a valid regex ({exc})") from None
    prefix = query.endswith("*")
    body = r"\s+".join(re.escape(word) for word in query.rstrip("*").split())
    if whole_words:
        body = r"\b" + body + (r"\w*" if prefix else r"\b")
    return re.compile(body, re.IGNORECASE)

"""Trying a pattern only where a match of it can start: the matches `finditer` gives, for
a fraction of the work.

Python's re scans a case-insensitive pattern, or one that opens with a lookbehind, by
trying it at every character, and pseudonymising runs some forty patterns over every
text. Patterns that open with one of a few words ("ring", "my", "Mr") are tried only where
a word starts with one of them (`after_words`, `OpeningWords`); patterns that need figures, only near
runs of figures (`patterns._FIGURE_OFFSETS`, `patterns._address_starts`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

# Letters that re, ignoring case, reads as "i" or "s" while str.lower() makes them
# something else ("ı", "ſ") or two characters ("İ"). In a text holding one, the lower-case
# copy is no guide to where re sees a word: patterns scan it whole.
_CASE_EXCEPTIONS = "İıſ"


def tried_at(pattern: re.Pattern, text: str, starts: Sequence[int] | None) -> Iterator[re.Match]:
    """What `pattern.finditer(text)` finds, trying only at `starts` (sorted): the same
    matches when every match starts at one of them and none is empty. `starts` None (the
    text holds one of `_CASE_EXCEPTIONS`, see `word_starts`): the whole text is scanned."""
    if starts is None:
        yield from pattern.finditer(text)
        return
    end = 0
    for start in starts:
        if start >= end and (m := pattern.match(text, start)):
            end = m.end()
            yield m


def word_starts(text: str, words: Iterable[str], low: str | None = None) -> list[int] | None:
    """Where a word of `text` starts with one of `words` (lower case, ASCII), in any case,
    in order; None when `text` holds one of `_CASE_EXCEPTIONS`. `low`: text.lower()."""
    if any(letter in text for letter in _CASE_EXCEPTIONS):
        return None
    low = text.lower() if low is None else low  # as long as `text` without them
    starts = set()
    for word in words:
        at = low.find(word)
        while at >= 0:
            if at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_"):  # re's \b
                starts.add(at)
            at = low.find(word, at + 1)
    return sorted(starts)


def after_words(pattern: re.Pattern, text: str, words: Iterable[str],
                low: str | None = None) -> Iterator[re.Match]:
    """`pattern.finditer(text)` for a pattern whose every match opens with one of `words`
    (lower case, ASCII; any case in the text) after a word boundary."""
    return tried_at(pattern, text, word_starts(text, words, low))


class OpeningWords(dict):
    """Patterns, each with the words every match of it opens with (lower case, ASCII; any
    case in the text), so each is tried only where a word starts so (`after_words`)."""

    def finditer(self, pattern: re.Pattern, text: str, low: str | None = None) -> Iterator[re.Match]:
        """`pattern.finditer(text)` for one of these patterns; `low`: text.lower()."""
        return after_words(pattern, text, self[pattern], low)

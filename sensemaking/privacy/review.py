"""The review list: capitalised words left after pseudonymisation that may be names.

Names nobody listed (a neighbour, a child, a caseworker) are the one thing patterns
cannot promise to catch. Every capitalised word that is not an everyday English word
(its lower-case form at least as frequent as the capitalised one, with some slack at
the start of a sentence, where a capital says nothing), not a place or
organisation from the manifest and not already checked (private/not_names.txt) is
counted here with the sources it appears in. Because the words may be names, the list is written to
private/privacy_review.csv, owner-only, never to .sensemaking/.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pandas as pd

from .. import io
from .key import secure_file
from .names import is_label, sentence_initial
from .words import NOT_NAMES, is_dictionary_word

_CAPITALISED = re.compile(r"(?<![\w'’\[-])[A-Z][a-zà-ÿ]+(?:['’-][A-Za-z][a-zà-ÿ]*)*(?![\w\]])")
_CONTRACTION = re.compile(r"['’](?:t|ll|re|ve|d|m)$")
INITIAL_MARGIN = 1.2
_OWN_WORDS = {"Organiser", "Interviewer", "NAME", "EMAIL", "PHONE", "POSTCODE", "ADDRESS"}


def read_word_list(path: Path, *, template: str) -> set[str]:
    """Non-comment lines of a team-maintained list; creates it from `template` if missing."""
    if not path.exists():
        io.write_text(path, template)
    secure_file(path)  # it holds names: owner-only, however it was created
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    return {
        " ".join(line.split())
        for line in lines
        if line.strip() and not line.lstrip().startswith("#")
    }


class ReviewList:
    """Counts of possible names, with the (pseudonymised) sources they appear in."""

    def __init__(self, known: set[str], pseudonyms: set[str]):
        self._skip = {w.lower() for w in known | NOT_NAMES | _OWN_WORDS | pseudonyms}
        self._counts: Counter[str] = Counter()
        self._sources: dict[str, set[str]] = defaultdict(set)
        self._decided: dict[tuple[str, float], bool] = {}

    def add(self, text: str, source_id: str) -> None:
        """Count the candidate words in one pseudonymised text."""
        for m in _CAPITALISED.finditer(text):
            word = re.sub(r"['’]s$", "", m.group())
            if _CONTRACTION.search(word):
                continue
            initial = sentence_initial(text, m.start()) and not is_label(text, m.start(), m.end())
            if self._is_candidate(word, INITIAL_MARGIN if initial else 0.0):
                self._counts[word] += 1
                self._sources[word].add(source_id)

    def _is_candidate(self, word: str, margin: float) -> bool:
        key = (word, margin)
        if key not in self._decided:
            parts = word.split("-")
            self._decided[key] = word.lower() not in self._skip and not all(
                is_dictionary_word(part, margin) for part in parts
            )
        return self._decided[key]

    def rows(self) -> list[dict[str, Any]]:
        """One row per word, fewest sources first (rare words are the likeliest names)."""
        order = sorted(self._counts, key=lambda w: (len(self._sources[w]), self._counts[w], w))
        return [
            {
                "word": w,
                "count": self._counts[w],
                "sources": len(self._sources[w]),
                "source_ids": "; ".join(sorted(self._sources[w])[:10]),
            }
            for w in order
        ]

    def write(self, path: Path) -> None:
        """Write the list owner-only (it may hold names)."""
        frame = pd.DataFrame(self.rows(), columns=["word", "count", "sources", "source_ids"])
        io.write_csv(path, frame)
        secure_file(path)

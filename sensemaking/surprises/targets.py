"""What a remark is about: the targets of a theme, and each unit's stance on each target.

Stance is about something. A theme about the cost of living holds complaints about
bills and praise for the food pantry; scored as a whole it looks like the corpus's usual
mix, and one resident who will not go back to the pantry disappears in it. Scored on
the pantry alone, the praise and the refusal face each other. So, within each theme:

- targets: the theme's distinctive keywords (the themes stage's c-TF-IDF terms, read
  as spaCy lookup lemmas, "nappies" as "nappy"): not a word that is also another theme's keyword ("people",
  "hub", "time" run through many themes and are nobody's target), no stop words,
  conversational fillers or words of the polarity lexicon, and no term that shares a
  word with a higher-ranked one ("lunch" after "lunch club"); up to `TARGETS` per theme;
- remarks about a target: in the theme's excerpts, the sentences that name it ("the
  pantry's good" names "pantry"), or the whole answer when the interviewer's question
  named it ("Can I ask about the pantry?" ... "I don't go again."), since an answer is
  about what it answers;
- a unit's stance on a target: the polarity (`polarity.py`) of all its remarks about
  the target in the theme, read as one text, and its sign. Words for feelings (worry,
  fear, relief) are left out: "I'm scared the hospital will be overwhelmed" is no
  criticism of the hospital.

Without a parser this reads "about" by proximity, as feature-based opinion mining does
(Hu & Liu 2004): an evaluative word in a sentence that names the target counts for it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any

import pandas as pd

from ..themes.context import FILLERS
from ..themes.text import is_stop, lemma, words
from .base import Corpus
from .polarity import LEXICON, polarity, stance

TARGETS = 10
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
COLUMNS = ["theme_id", "target", "unit", "polarity", "stance", "excerpt_ids"]


def theme_targets(theme: Mapping[str, Any], shared: Collection[str] = (), limit: int = TARGETS) -> list[str]:
    """The terms a theme's remarks evaluate: its keywords, best first, less the words in
    `shared` (other themes' keywords) and the rest of what the module doc lists."""
    found: list[str] = []
    seen: set[str] = set(shared)
    for term in _keywords(theme):
        parts = _term_lemmas(term)
        if not parts or all(p in FILLERS or p in LEXICON or is_stop(p) for p in parts):
            continue
        if seen.intersection(parts):
            continue
        found.append(" ".join(parts))
        seen.update(parts)
        if len(found) == limit:
            break
    return found


def as_written(theme: Mapping[str, Any], target: str) -> str:
    """The theme's keyword a (lemma) target came from, as people wrote it ("nappies")."""
    for term in _keywords(theme):
        if " ".join(_term_lemmas(term)) == target:
            return term
    return target


def target_stances(corpus: Corpus) -> pd.DataFrame:
    """One row per (theme, target, unit) with remarks about the target: polarity and stance."""
    rows = corpus.excerpts[corpus.excerpts["theme_id"] >= 0]
    questions = rows["question"] if "question" in rows else pd.Series(None, index=rows.index, dtype=object)
    remarks: dict[tuple[int, str, str], tuple[list[str], list[str]]] = {}
    words_of = {t: _keyword_words(theme) for t, theme in corpus.themes.items()}
    for theme_id, group in rows.groupby("theme_id", sort=True):
        shared = set().union(*(w for t, w in words_of.items() if t != theme_id))
        targets = theme_targets(corpus.themes.get(int(theme_id), {}), shared)
        if not targets:
            continue
        for excerpt_id, unit, text, question in zip(
            group["excerpt_id"], group["unit"], group["text"].fillna("").astype(str), questions[group.index]
        ):
            for target, said in _remarks(text, question, targets).items():
                texts, ids = remarks.setdefault((int(theme_id), target, unit), ([], []))
                texts.extend(said)
                ids.append(str(excerpt_id))
    table = pd.DataFrame(
        [(t, target, unit, polarity(" ".join(texts), feelings=False), 0, tuple(ids))
         for (t, target, unit), (texts, ids) in remarks.items()],
        columns=COLUMNS,
    )
    table["stance"] = table["polarity"].map(stance).astype(int)
    return table


def _keywords(theme: Mapping[str, Any]) -> list[str]:
    """A theme's keywords as a list of terms (a single string is one term)."""
    keywords = theme.get("keywords")
    if isinstance(keywords, str):
        return [keywords]
    return [str(k) for k in keywords] if isinstance(keywords, (list, tuple)) else []


def _keyword_words(theme: Mapping[str, Any]) -> set[str]:
    return {root for term in _keywords(theme) for root in _term_lemmas(term)}


def _term_lemmas(term: str) -> list[str]:
    """A keyword as the lemmas targets are matched on ("waiting lists" -> wait, list)."""
    return [lemma(w) for w in term.lower().split()]


def _remarks(text: str, question: Any, targets: list[str]) -> dict[str, list[str]]:
    """The sentences of one excerpt about each target it names (or its question names)."""
    sentences = [s for s in _SENTENCE.split(text) if s.strip()]
    asked = _lemmas(question) if isinstance(question, str) else []
    named = [_lemmas(s) for s in sentences]
    found = {}
    for target in targets:
        if _names(asked, target):
            found[target] = sentences
            continue
        about = [s for s, lemmas in zip(sentences, named) if _names(lemmas, target)]
        if about:
            found[target] = about
    return found


def _lemmas(text: str) -> list[str]:
    return [lemma(w.removesuffix("'s")) for w in words(text)]


def _names(lemmas: list[str], target: str) -> bool:
    parts = target.split()
    if len(parts) == 1:
        return parts[0] in lemmas
    n = len(parts)
    return any(lemmas[i : i + n] == parts for i in range(len(lemmas) - n + 1))

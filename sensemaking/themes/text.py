"""Words, lemmas and non-answers: the small text tools the themes engine shares.

Lemmas come from spaCy's English lookup table (`spacy-lookups-data`, read by `lexicon`),
so "waiting", "waited" and "waits" count as one term without a trained pipeline. Tokenising is a plain
regular expression: labels must be found word for word in excerpts, so every token keeps
its position in the original text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from ..lexicon import lemma_table, stop_words

# A word: letters of any alphabet ("café", "Wrocław"), with apostrophes and hyphens inside.
WORD = re.compile(r"[^\W\d_](?:(?:[^\W\d_]|['’-])*[^\W\d_])?")

# Words that make up answers with nothing to say ("Nothing.", "Don't know", "N/A", "No
# comment"). An excerpt made only of these is a non-answer: counted, never a theme.
NON_ANSWER_WORDS = frozenset(
    ["nothing", "none", "no", "nope", "nil", "na", "n", "a", "not", "applicable", "dont", "don't", "don’t", "know", "knows", "sure", "unsure", "idk", "comment", "comments", "to", "add", "say", "really", "at", "all", "that", "i", "can", "think", "of", "else", "more", "much", "the", "it", "is", "was", "can't", "cant", "cannot", "mention", "n't", "particular", "really", "anything", "any", "think", "thing", "things", "can", "could", "would", "be", "i", "i'm", "im", "of", "do", "better", "improve", "improved"]
)


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The lookup lemma of one lower-cased word (the word itself when not in the table)."""
    return lemma_table().get(word, word)


def words(text: str) -> list[str]:
    """Lower-cased word tokens of `text`, curly apostrophes made straight."""
    return [w.lower().replace("’", "'") for w in WORD.findall(text)]


@lru_cache(maxsize=200_000)
def is_stop(word: str) -> bool:
    """A stop word, including contractions of one ("i've", "that's", "don't")."""
    stops = stop_words()
    if word in stops or len(word) < 2:
        return True
    head, _, tail = word.partition("'")
    return bool(tail) and (head in stops or head in ("don", "didn", "doesn", "isn", "wasn", "won"))


def lemmas(text: str) -> list[str]:
    """Lemmas of the content words of `text` (no stop words, no one-letter words)."""
    return [root for _, root in written_lemmas(text)]


def written_lemmas(text: str) -> list[tuple[str, str]]:
    """(word as written, its lemma) for each content word of `text`, in order: the words
    `lemmas` keeps, with their case (curly apostrophes made straight)."""
    out = []
    for word in WORD.findall(text):
        word = word.replace("’", "'")
        low = word.lower()
        if not is_stop(low):
            out.append((word, lemma(low)))
    return out


def is_non_answer(text: str) -> bool:
    """True for answers with nothing in them: empty, "Nothing.", "Don't know", "N/A"."""
    tokens = words(text)
    return not tokens or all(t in NON_ANSWER_WORDS for t in tokens)


def normalise(text: str) -> str:
    """A text's words joined by single spaces: near-duplicates share one key."""
    return " ".join(words(text))


def non_answer_mask(texts: Sequence[str]) -> list[bool]:
    """`is_non_answer` over many texts."""
    return [is_non_answer(t) for t in texts]


# What a transcriber or pseudonymisation put in square brackets: "[laughs]", "[inaudible]",
# "[pause]", "[NAME]", "[EMAIL]"; and a publisher's redactions, a word of X's ("XXXX was
# lovely", "XXXX's team"; "xxx" signing off a message is kisses, and says as little).
# Readers keep seeing them; they say nothing about what an excerpt is about: a corpus full
# of "[inaudible]" grew a theme of them, and NHS feedback one labelled "XXXX and XXXX".
MARKER = re.compile(r"\[[^\]\n]{0,40}\]|(?<![^\W\d_])[Xx]{3,}(?:['’]?s)?(?![^\W\d_])")


def without_markers(text: str) -> str:
    """`text` with its markers (`MARKER`) blanked out (the text itself if nothing is left)."""
    if "[" not in text and "xxx" not in text.lower():
        return text
    plain = MARKER.sub(" ", text)
    return plain if plain.strip() else text


def with_subject_marked(texts: Sequence[str], subject_words: str | Sequence[str] | None) -> list[str]:
    """`texts` with each of the `subject_words` put in brackets ("[coronavirus]"), so that,
    like other markers, they are left out of the vectors, keywords and labels.

    The subject words are what every answer is about (a survey's "coronavirus", "covid",
    "corona"). Left in, short answers group by which of them they use rather than by what
    they say about it. A list, or one string of comma-separated words or phrases; matched
    whole and in any case.
    """
    if isinstance(subject_words, str):
        subject_words = subject_words.split(",")
    phrases = sorted({" ".join(w.split()) for w in subject_words or () if w.strip()}, key=len, reverse=True)
    if not phrases:
        return list(texts)
    pattern = re.compile(r"(?<![\w\[-])(?:" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
                         + r")(?![\w\]-])", re.IGNORECASE)
    return [pattern.sub(lambda m: f"[{m.group()}]", t) for t in texts]


def analyzer(text: str) -> Iterable[str]:
    """Lemma unigrams and bigrams: the vocabulary of keyword and c-TF-IDF models."""
    toks = lemmas(text)
    yield from toks
    yield from (f"{a} {b}" for a, b in itertools.pairwise(toks))

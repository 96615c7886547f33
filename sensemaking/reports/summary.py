"""Machine-drafted summaries: what people said about a theme, in their own words.

The summary is extractive, never generated: it picks the theme's most central sentences
(closest to the TF-IDF centroid of all its sentences), at most one per voice, so that a
reader sees what several different people said rather than one talkative person.
Sentences that carry little on their own are held back: questions, and sentences with
fewer than `MIN_CONTENT` words that are not stop words ("And now I don't know who it
is."). Transcription marks such as [laughs] are removed. Only
quotable excerpts are used (quote_ok respected). Reports mark it as machine-drafted and
show the team's memo instead wherever one exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from ..units import voices

MIN_WORDS, MAX_WORDS = 8, 45
MIN_CONTENT = 5
_SENTENCE = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")
# A transcriber's marks ("[laughs]", "[inaudible]"), not what privacy put in place of a
# name or a number ("[NAME]", "[PHONE]"): "all at [NAME]'s youth club" had read "all at's".
_MARKS = re.compile(r"\s*\[(?![A-Z][A-Z ]*\])[^\]]{1,30}\]")


@dataclass(frozen=True)
class Sentence:
    text: str
    excerpt_id: str
    voice: str  # the participant, else the note's author, else the note or document (units.voices)


def split_sentences(text: str) -> list[str]:
    """Sentences of an excerpt, whitespace tidied; too short or too long ones dropped."""
    parts = _SENTENCE.split(" ".join(_MARKS.sub("", str(text)).split()))
    return [p.strip() for p in parts if MIN_WORDS <= len(p.split()) <= MAX_WORDS]


def _substantial(sentence: str) -> bool:
    words = re.findall(r"[a-z']+", sentence.lower())
    return not sentence.endswith("?") and sum(w not in ENGLISH_STOP_WORDS for w in words) >= MIN_CONTENT


def candidate_sentences(rows: pd.DataFrame) -> list[Sentence]:
    """Every usable sentence of the theme's quotable excerpts, in excerpt id order."""
    rows = rows.sort_values("excerpt_id")
    out = []
    for (_, row), voice in zip(rows.iterrows(), voices(rows)):
        out.extend(Sentence(s, str(row["excerpt_id"]), voice) for s in split_sentences(row["text"]))
    return out


def central_sentences(rows: pd.DataFrame, n: int = 3) -> list[Sentence]:
    """Up to `n` sentences closest to the theme's centre, each from a different voice."""
    sentences = [s for s in candidate_sentences(rows) if _substantial(s.text)]
    if len(sentences) <= 1:
        return sentences[:n]
    try:
        matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
            [s.text for s in sentences])
    except ValueError:  # only stop words: nothing to rank by
        return _one_per_voice(sentences, n)
    centre = np.asarray(matrix.mean(axis=0)).ravel()
    scores = matrix @ centre
    order = sorted(range(len(sentences)), key=lambda i: (-round(float(scores[i]), 9), i))
    return _one_per_voice([sentences[i] for i in order], n)


def _one_per_voice(sentences: list[Sentence], n: int) -> list[Sentence]:
    chosen, voices = [], set()
    for sentence in sentences:
        if sentence.voice not in voices:
            chosen.append(sentence)
            voices.add(sentence.voice)
        if len(chosen) == n:
            break
    return chosen

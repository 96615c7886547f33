"""Conversations: small talk set aside, and each turn read with its neighbours.

A survey answer or a note stands alone; a turn in an interview does not. "Hard. It's
hard." is about volunteering only because of the turns around it, and "Yeah, that's
fine, go on" is about nothing. So, for excerpts that are turns of a conversation (an
interview, a focus group, a transcript):

- small talk: a turn with fewer than `MIN_CONTENT_WORDS` content words, once stop words,
  conversational fillers ("yeah", "sorry", "alright") and transcriber tags ("[laughs]")
  are removed, is set aside like a non-answer: counted, never a theme;
- context: the vector the themes are fitted on is the turn's own vector mixed with the
  turns around it in the same source (`SELF_WEIGHT` on its own), because a conversation
  stays on a topic for several turns. How many is measured, not assumed
  (`context_kernel`): the turns just before and after always count; turns further away
  count while turns that far apart are still clearly more alike than two turns of the
  same conversation at random. In the sample's interviews that is three turns either
  side, the two further ones at about a quarter of the next turn's weight; in committee
  meetings, which keep to an agenda item for dozens of turns, six.

- small-talk themes: a theme made mostly of conversation turns, with short turns (under
  half the content words of the median substantive turn) at least twice as common in it
  as in the median such theme, and a quarter of its members or more, is chit-chat that
  got past the first rule ("I'm joking. Put that in your report."); the build sets aside
  its short turns and fits again, so a longer turn that only sat with the chit-chat
  ("It's quiet. That's the honest answer...") gets a theme in the refit. The bar is
  relative because how short turns run depends on the corpus: half the turns of every
  theme in a committee meeting are short, a tenth to a quarter in the sample's
  interviews (bench/results/themes_selection.md).

Answers from surveys, notes, documents and CSV rows are left exactly as they are.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .text import is_stop, lemma, words

CONVERSATION_KINDS = frozenset(["interview", "focus_group", "transcript", "conversation"])
MIN_CONTENT_WORDS = 3
SELF_WEIGHT = 0.6
MAX_LAG = 8  # turns either side a conversation's context may reach
KEEP_SHARE = 0.25  # a lag counts while its excess likeness is this share of the next turn's
SMALL_TALK_RATIO, SMALL_TALK_FLOOR = 2.0, 0.25  # small-talk themes, see above

_TAG = re.compile(r"\[[^\]]*\]|\([^)]*\)")
FILLERS = frozenset(
    ["yeah", "yes", "yep", "yup", "no", "nah", "okay", "ok", "oh", "ah", "aw", "um", "uh", "er", "erm", "mm", "mhm", "hmm", "right", "sorry", "thanks", "thank", "cheers", "laugh", "laughs", "laughing", "laughter", "pause", "sigh", "sighs", "fine", "alright", "well", "like", "know", "mean", "sort", "kind", "mate", "love", "lovely", "go", "going", "good", "great", "sure", "course", "bit", "bet", "joke", "joking", "hiya", "hi", "hello", "bye", "gonna", "wanna", "got", "get", "say", "said", "tell", "told", "think", "thought", "really", "just", "actually", "basically", "literally", "totally", "absolutely", "definitely", "exactly", "probably", "maybe", "way", "thing", "things", "stuff", "lot", "lots", "honestly", "anyway", "brilliant", "grand", "bother", "apart"]
)


def conversational(frame: pd.DataFrame) -> np.ndarray:
    """True for excerpts that are turns of a conversation (by `source_kind`)."""
    if "source_kind" not in frame:
        return np.zeros(len(frame), dtype=bool)
    kinds = frame["source_kind"].fillna("").astype(str).str.lower()
    return kinds.isin(CONVERSATION_KINDS).to_numpy()


def content_words(text: str) -> list[str]:
    """Lemmas of the words that carry content: no stop words, fillers or [tags]."""
    out = []
    for word in words(_TAG.sub(" ", text)):
        if is_stop(word) or word in FILLERS:
            continue
        root = lemma(word)
        if root not in FILLERS:
            out.append(root)
    return out


def small_talk(frame: pd.DataFrame, texts: list[str]) -> np.ndarray:
    """True for conversation turns with too few content words to carry a theme."""
    turns = conversational(frame)
    return np.array(
        [bool(turn) and len(content_words(t)) < MIN_CONTENT_WORDS for turn, t in zip(turns, texts)],
        dtype=bool,
    )


def in_context(vectors: np.ndarray, frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray | None]:
    """Vectors with each conversation turn mixed with its neighbours (unit length) by the
    conversations' `context_kernel`, and that kernel (None when `frame` holds no
    conversation: its vectors come back as they are)."""
    turns = conversational(frame)
    if not turns.any():
        return vectors, None
    sources = _sources_in_order(frame, turns)
    kernel = context_kernel(vectors, sources)
    out = np.array(vectors, dtype=np.float32, copy=True)
    for order in sources:
        own = vectors[order]
        mixed = kernel[0] * own
        for lag, weight in enumerate(kernel[1:], start=1):
            mixed[lag:] += weight * own[:-lag]
            mixed[:-lag] += weight * own[lag:]
        out[order] = mixed
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms > 0, norms, 1.0), kernel


def context_kernel(vectors: np.ndarray, sources: list[np.ndarray]) -> np.ndarray:
    """Weights of a turn itself and of the turns 1, 2, ... places either side of it.

    The turn weighs `SELF_WEIGHT` and each next turn half the rest. A turn further away
    weighs in proportion to how much more alike turns that far apart are than two turns
    of the same conversation at random (their excess likeness), as long as that excess
    is at least `KEEP_SHARE` of the next turn's. A conversation that changes topic every
    turn or two gets [0.6, 0.2]; one that keeps to a topic for a long time, more.
    """
    side = (1.0 - SELF_WEIGHT) / 2
    excess = _excess_likeness(vectors, sources)
    kernel = [SELF_WEIGHT, side]
    for further in excess[1:] if excess[0] > 0 else ():
        if further < KEEP_SHARE * excess[0]:
            break
        kernel.append(side * further / excess[0])
    return np.array(kernel, dtype=np.float32)


def _excess_likeness(vectors: np.ndarray, sources: list[np.ndarray]) -> np.ndarray:
    """For lags 1..MAX_LAG: the mean cosine of turns that many places apart, less the mean
    cosine of any two turns of the same conversation (unit vectors)."""
    sums, counts = np.zeros(MAX_LAG), np.zeros(MAX_LAG)
    pair_sum = pairs = 0.0
    for order in sources:
        own = np.asarray(vectors[order], dtype=np.float64)
        n = len(own)
        if n < 3:
            continue
        total = own.sum(axis=0)
        pair_sum += float(total @ total - np.einsum("ij,ij->", own, own))
        pairs += n * (n - 1)
        for lag in range(1, min(MAX_LAG, n - 1) + 1):
            sums[lag - 1] += np.einsum("ij,ij->", own[lag:], own[:-lag])
            counts[lag - 1] += n - lag
    if not pairs:
        return np.zeros(MAX_LAG)
    return np.where(counts > 0, sums / np.maximum(counts, 1) - pair_sum / pairs, 0.0)


def _sources_in_order(frame: pd.DataFrame, turns: np.ndarray) -> list[np.ndarray]:
    """Row positions of each conversation's turns, in reading order."""
    positions = np.flatnonzero(turns)
    source = frame["source_id"].astype(str).to_numpy() if "source_id" in frame else None
    if source is None:
        return [positions]
    start = pd.to_numeric(frame["char_start"], errors="coerce").to_numpy() if "char_start" in frame \
        else np.zeros(len(frame))
    start = np.where(np.isnan(start), np.arange(len(frame)), start)
    groups = []
    for name in dict.fromkeys(source[positions]):
        rows = positions[source[positions] == name]
        groups.append(rows[np.argsort(start[rows], kind="stable")])
    return groups


def small_talk_themes(frame: pd.DataFrame, texts: list[str], labels: np.ndarray) -> np.ndarray:
    """Mask of the short turns in themes that are small talk (see the module docstring)."""
    turns = conversational(frame)
    counts = np.array([len(content_words(t)) for t in texts])
    themed = labels >= 0
    if not (turns & themed).any():
        return np.zeros(len(texts), dtype=bool)
    typical = np.median(counts[themed])
    short = counts < typical / 2
    members = {t: labels == t for t in np.unique(labels[themed])}
    share = {t: short[m].mean() for t, m in members.items() if turns[m].mean() > 0.5}  # talk themes
    usual = float(np.median(list(share.values()))) if share else 0.0
    out = np.zeros(len(texts), dtype=bool)
    for t, talk_share in share.items():
        if talk_share >= max(SMALL_TALK_RATIO * usual, SMALL_TALK_FLOOR):
            out |= members[t] & short
    return out

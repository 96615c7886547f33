"""Representative quotes: central to their theme AND spread across voices.

A voice is the participant (interviews, surveys), else the note's author, else the
source. Candidates are the theme's most central excerpts of a readable length; they are
taken round-robin over voices in order of centrality, so that with five or more voices no
voice has more than one of the first five quotes. After the fifth, an excerpt from the
least central quarter of the theme comes only when no more central one is left: below
the theme's lower quartile of similarity, half the quotes the round robin reached for
were about something else ("It's November, innit. It's always grim. I've had the wipers
on"), against an eighth above it (bench/results/themes_selection.md). Identical quotes
are skipped, and one in other words of the same content words ("The staff are friendly
and helpful" after "Staff very helpful and friendly") comes after every other.

A quote is read aloud off a card, so one that opens on a gap the transcriber could not
hear, or has more than one in 30 words ("[inaudible], I don't know I can just sort of
feel it, more [inaudible]"), comes after every clearer one; its length is counted
without its markers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .text import MARKER, lemmas, normalise

POOL = 60
MIN_WORDS, MAX_WORDS = 5, 80
DIVERSE_FIRST = 5  # quotes taken strictly one voice at a time
FLOOR_QUANTILE = 0.25  # after them, nothing from below this quantile of similarity while more central ones are left
# What the transcriber could not make out: "[inaudible]", "[unclear 00:12:03]", "[crosstalk]", "[?]".
GAP = re.compile(r"\[\s*(?:inaudible|unclear|indistinct|unintelligible|crosstalk|overlapping|garbled|\?)[^\]\n]*\]",
                 re.IGNORECASE)
WORDS_PER_GAP = 30
ALIKE = 0.75  # content-word overlap at which a quote repeats one taken: "Staff very helpful and friendly"


def pick_quotes(
    members: np.ndarray,
    similarity: np.ndarray,
    texts: Sequence[str],
    voices: Sequence[str],
    quotable: np.ndarray,
    n: int = 8,
) -> list[int]:
    """Indices of up to `n` quotes among `members` (indices), best first.

    `similarity` is each member's similarity to the theme centre; `voices` and `quotable`
    are indexed like `texts`.
    """
    ranked = sorted(
        ((float(s), int(i)) for i, s in zip(members, similarity) if quotable[i]),
        key=lambda pair: (-pair[0], pair[1]),
    )
    readable = [i for _, i in ranked if MIN_WORDS <= len(MARKER.sub(" ", texts[i]).split()) <= MAX_WORDS]
    pool = sorted(readable, key=lambda i: not _clear(texts[i]))[:POOL]  # stable: central first in each
    taken = set(pool)
    pool += [i for _, i in ranked if i not in taken][: max(0, n - len(pool))]
    order = _round_robin(pool, texts, voices, len(pool))
    floor = float(np.quantile(similarity, FLOOR_QUANTILE)) if len(similarity) else 0.0
    central = {int(i) for i, s in zip(members, similarity) if s >= floor}
    later = order[DIVERSE_FIRST:]
    later = [i for i in later if i in central] + [i for i in later if i not in central]
    return (order[:DIVERSE_FIRST] + later)[:n]


def _clear(text: str) -> bool:
    """No gap at the start and at most one per `WORDS_PER_GAP` words: "[inaudible] and the
    shops" at the end of a long turn still reads; "[inaudible], I feel it, more
    [inaudible], you know" does not."""
    gaps = GAP.findall(text)
    return not GAP.match(text.lstrip(" \"'“‘-–—.,")) and len(gaps) * WORDS_PER_GAP <= len(text.split())


def _round_robin(pool: Sequence[int], texts, voices, n: int) -> list[int]:
    """Take the most central unused quote of each voice in turn. A quote that says what
    one taken already says, in other words (`_alike`), waits until no other is left: six
    cards of "Staff very friendly and helpful" put one answer on the wall six times."""
    by_voice: dict[str, list[int]] = {}
    for i in pool:
        by_voice.setdefault(voices[i], []).append(i)
    picked: list[int] = []
    said: list[set[str]] = []  # the content words of each quote taken
    alike: list[int] = []
    seen: set[str] = set()
    while len(picked) < n and any(by_voice.values()):
        for voice in list(by_voice):
            queue = by_voice[voice]
            while queue:
                i = queue.pop(0)
                key = normalise(texts[i])
                if key in seen:
                    continue
                seen.add(key)
                words = set(lemmas(texts[i]))
                if any(_alike(words, other) for other in said):
                    alike.append(i)
                    continue
                said.append(words)
                picked.append(i)
                break
            if len(picked) == n:
                break
    return picked + alike[: n - len(picked)]


def _alike(a: set[str], b: set[str]) -> bool:
    """Two quotes say the same: their content words overlap by `ALIKE` (Jaccard) or more."""
    return bool(a | b) and len(a & b) / len(a | b) >= ALIKE

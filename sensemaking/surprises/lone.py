"""Lone voices: substantive things said far from every theme, and themes few people carry.

1. Far from every theme: an excerpt no theme took (theme -1), which the themes step did
   not set aside as small talk or a non-answer (the excerpts' `set_aside` column, from
   its set_aside.csv; "I hope it is. I really hope it is. But you don't know, do you." is
   long and says nothing on its own), of at least `min_words`
   words, whose best cosine similarity to any theme's centroid is below the
   `quantile` (5%) of the similarities of theme members to their own centroid, i.e.
   further from every theme than almost any member is from its own. The furthest come
   first, at most one per unit and `max_items` in all. Strength = 1 - similarity /
   threshold (how far below the line).
2. Carried by few: a theme whose excerpts come from one or two independent voices
   (notes count by author), under half of all the voices heard: in three meetings'
   captions, a theme of two of them is no lone concern. Strength 0.6: worth a look, not a
   finding.

Neither is tempered for its few voices in the ranking: being one voice is the point.
"""

from __future__ import annotations

import numpy as np

from ..wording import plural
from .base import (
    Corpus,
    Surprise,
    counted,
    describe_units,
    kind_counts,
    pick_evidence,
    theme_rows,
    theme_similarity,
    unit_noun,
    voices,
)

CARRIED_BY_FEW = 0.6


def detect_lone(
    corpus: Corpus,
    vectors: np.ndarray,
    *,
    min_words: int = 15,
    quantile: float = 0.05,
    max_items: int = 3,
) -> tuple[list[Surprise], str]:
    """Lone excerpts and themes carried by one or two voices; `vectors` align with excerpts."""
    far = _far_from_themes(corpus, vectors, min_words, quantile, max_items)
    everyone = voices(corpus, corpus.units.index)
    few = [_carried_by_few(corpus, t, everyone) for t in corpus.raised.columns]
    few = [item for item in few if item is not None]
    summary = f"lone voices: {len(far)} substantive excerpt(s) far from every theme; {len(few)} theme(s) carried by 1-2 voices"
    return far + few, summary


def _far_from_themes(corpus, vectors, min_words, quantile, max_items) -> list[Surprise]:
    found = theme_similarity(corpus, vectors)
    if found is None:
        return []
    ids, similarity = found
    themes = corpus.excerpts["theme_id"].to_numpy()
    members = themes >= 0
    own = similarity[members, [ids.index(t) for t in themes[members]]]
    threshold = float(np.quantile(own, quantile)) if len(own) else 0.0
    best = similarity.max(axis=1)
    words = np.array([len(t.split()) for t in corpus.excerpts["text"].astype(str)])
    aside = corpus.excerpts["set_aside"].to_numpy(dtype=bool)
    quotable = corpus.excerpts["quote_ok"].to_numpy(dtype=bool)
    candidates = np.flatnonzero((themes < 0) & ~aside & (words >= min_words) & (best < threshold) & quotable)
    items, seen = [], set()
    for i in candidates[np.argsort(best[candidates], kind="stable")]:
        row = corpus.excerpts.iloc[i]
        if row["unit"] in seen or len(items) == max_items:
            continue
        seen.add(row["unit"])
        nearest = ids[int(similarity[i].argmax())]
        items.append(Surprise(
            kind="lone_voice",
            strength=float(np.clip(1 - best[i] / threshold, 0, 1)) if threshold > 0 else 1.0,
            explanation=(f"A {int(words[i])}-word remark from a {corpus.units.at[row['unit'], 'unit_kind']} sits "
                         f"far from every theme (closest: '{corpus.label(nearest)}', similarity "
                         f"{best[i]:.2f}, below the {threshold:.2f} that 95% of theme members reach)."),
            question="Is this a one-off, or a sign of something we have not asked about?",
            evidence=(str(row["excerpt_id"]),),
            counts={"words": int(words[i]), "similarity": round(float(best[i]), 4),
                    "threshold": round(threshold, 4)},
            details={"nearest_theme": nearest},
        ))
    return items


def _who_carries(corpus: Corpus, raisers: list[str], heard: int) -> str:
    """'fewer than 5 participants'; with notes, which count by author, the voices first:
    '1 independent voice: 3 notes by 1 author'."""
    if set(kind_counts(corpus, raisers)) == {"participant"}:
        return describe_units(corpus, raisers)
    return f"{counted(corpus, heard, 'independent voice')}: {describe_units(corpus, raisers)}"


def _whose(corpus: Corpus, raisers: list[str]) -> str:
    """'one person's', 'one author's' (notes) or 'one source's' (documents, or a mix)."""
    return {"participants": "one person's", "notes": "one author's"}.get(unit_noun(corpus, raisers), "one source's")


def _carried_by_few(corpus: Corpus, theme_id: int, everyone: int) -> Surprise | None:
    raisers = list(corpus.raised.index[corpus.raised[theme_id]])
    heard = voices(corpus, raisers)
    if not raisers or heard > 2 or 2 * heard >= everyone:
        return None
    rows = theme_rows(corpus, theme_id)
    label = corpus.label(theme_id)
    return Surprise(
        kind="lone_voice",
        strength=CARRIED_BY_FEW,
        explanation=f"'{label}' ({plural(len(rows), 'excerpt')}) rests on {_who_carries(corpus, raisers, heard)}.",
        question=f"Is '{label}' {_whose(corpus, raisers)} concern, or something others share but did not say?",
        theme_id=theme_id,
        evidence=pick_evidence(corpus, rows),
        counts={"excerpts": len(rows), "units": len(raisers), "voices": heard},
        details={"carried_by_few": True},
    )

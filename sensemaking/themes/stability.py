"""Theme stability: do the same themes come back when the data is resampled?

Refit the theme model on `n_refits` random subsamples of `fraction` of the excerpts
(each refit its own seed, derived from the run's seed). For each theme, its members in
the subsample are matched to the refit theme with the highest Jaccard overlap; the
theme's stability is the mean best-match Jaccard over refits (0-1). Seed stability (ARI
between runs with different seeds) is a separate figure measured in the bench.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..pipeline import Progress, track


def best_match_jaccard(reference: np.ndarray, other: np.ndarray, k: int) -> np.ndarray:
    """For each theme 0..k-1 of `reference`, the best Jaccard with any theme of `other`.

    Both label arrays cover the same excerpts; -1 is never matched.
    """
    out = np.zeros(k)
    valid_other = other >= 0
    for t in range(k):
        mine = reference == t
        size = int(mine.sum())
        if size == 0:
            continue
        hits = np.bincount(other[mine & valid_other], minlength=int(other.max(initial=-1)) + 1)
        if hits.sum() == 0:
            continue
        sizes = np.bincount(other[valid_other], minlength=len(hits))
        jaccard = hits / (size + sizes - hits)
        out[t] = float(jaccard.max())
    return out


def bootstrap_stability(
    fit: Callable[[np.ndarray, int], np.ndarray],
    labels: np.ndarray,
    *,
    n_refits: int = 10,
    fraction: float = 0.8,
    random_state: int | None = 0,
    progress: Progress | None = None,
) -> np.ndarray:
    """Mean best-match Jaccard per theme over `n_refits` subsample refits.

    `fit(indices, seed)` refits on the excerpts at `indices` and returns their labels.
    """
    k = int(labels.max(initial=-1)) + 1
    rng = np.random.default_rng(random_state)
    size = max(1, round(fraction * len(labels)))
    scores = np.zeros((n_refits, k))
    for r in track(progress, range(n_refits), "Stability refits"):
        indices = np.sort(rng.choice(len(labels), size=size, replace=False))
        refit = fit(indices, int(rng.integers(0, 2**31 - 1)))
        scores[r] = best_match_jaccard(labels[indices], refit, k)
    return scores.mean(axis=0) if n_refits else np.ones(k)

"""`ThemeModel`: excerpt vectors -> themes, the clustering behind candidate themes.

The method was chosen by measurement on labelled corpora (bench/results/themes_selection.md):

1. Non-answers ("Nothing.", "Don't know") are set aside first: never a theme, theme -1.
2. PCA (exact, so deterministic) reduces the unit vectors: 10 dimensions for density,
   50 for assignment. No UMAP: it costs 10-40 s of compilation per process.
3. HDBSCAN on the 10-d vectors finds dense cores; their number is the number of themes
   (minimum core size grows with the corpus), or `n_themes` when given.
4. KMeans in 50-d, started from the core centroids, settles every theme's centre.
5. Core members keep their theme; an excerpt outside every core joins its nearest theme
   unless it is a robust outlier there (similarity to the centre more than `outlier_mads`
   median absolute deviations below the median); otherwise it stays -1.
6. Themes smaller than `min_theme_size`, and themes that are one short answer repeated
   (near-duplicates), are dissolved and their members go through step 5 again.

Everything is n x k or n x d: no n x n matrix, so 50,000 excerpts fit in memory.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from ..errors import InputError
from .text import non_answer_mask, normalise

OUTLIER = -1


def _pca(vectors: np.ndarray, dims: int) -> np.ndarray:
    """Exact PCA to `dims` dimensions, rows re-normalised to unit length."""
    from sklearn.decomposition import PCA
    from sklearn.preprocessing import normalize

    dims = max(1, min(dims, vectors.shape[1], vectors.shape[0] - 1))
    reduced = PCA(n_components=dims, svd_solver="covariance_eigh").fit_transform(vectors)
    return normalize(reduced).astype(np.float32)


def core_size(n: int, min_theme_size: int) -> int:
    """HDBSCAN's minimum cluster size for `n` excerpts: grows with the corpus."""
    return int(max(min_theme_size, round(n / 500)))


class ThemeModel:
    """Cluster excerpt vectors into themes, with outliers (-1) and non-answers set aside.

    Parameters
    ----------
    n_themes : int or None
        Target number of themes; None lets the density of the data decide.
    min_theme_size : int
        Smallest theme kept; smaller groups are dissolved.
    outlier_mads : float
        An excerpt outside every core joins its nearest theme unless its similarity to the
        theme's centre is more than this many median absolute deviations below the median.
    random_state : int or None
        Seed for every random step.

    Fitted attributes: `labels_` (theme per excerpt, -1 none), `probabilities_`
    (assignment strength 0-1), `centroids_` (unit vectors in the input space, one per
    theme), `non_answer_` (bool mask), `core_` (bool mask: in a dense core),
    `outlier_share_before_` and `outlier_share_after_` (of excerpts that are not
    non-answers), `n_themes_`.
    """

    def __init__(
        self,
        *,
        n_themes: int | None = None,
        min_theme_size: int = 5,
        outlier_mads: float = 3.0,
        random_state: int | None = 0,
    ):
        self.n_themes = n_themes
        self.min_theme_size = min_theme_size
        self.outlier_mads = outlier_mads
        self.random_state = random_state

    def fit(self, vectors: np.ndarray, texts: Sequence[str]) -> ThemeModel:
        """Fit themes to `vectors` (one row per text in `texts`)."""
        vectors = np.asarray(vectors, dtype=np.float32)
        if len(vectors) != len(texts):
            raise InputError(f"{len(vectors)} vectors but {len(texts)} texts; pass one vector per text")
        self.non_answer_ = np.array(non_answer_mask(texts), dtype=bool)
        keep = np.flatnonzero(~self.non_answer_)
        if len(keep) < 2 * self.min_theme_size:
            raise InputError(
                f"{len(keep)} substantive excerpts is too few for min_theme_size="
                f"{self.min_theme_size}; add sources or lower min_theme_size"
            )
        self._texts = [texts[i] for i in keep]
        self._dense, self._wide = _pca(vectors[keep], 10), _pca(vectors[keep], 50)
        self._keep = keep
        labels, probs, core, before = self._fit_reduced(self._dense, self._wide, self._texts)
        self.labels_ = np.full(len(texts), OUTLIER, dtype=np.int64)
        self.probabilities_ = np.zeros(len(texts), dtype=np.float32)
        self.core_ = np.zeros(len(texts), dtype=bool)
        self.labels_[keep], self.probabilities_[keep], self.core_[keep] = labels, probs, core
        self.n_themes_ = int(labels.max() + 1) if labels.size else 0
        self.centroids_ = _centroids(vectors[keep], labels, self.n_themes_)
        self.outlier_share_before_ = before
        self.outlier_share_after_ = float(np.mean(labels < 0))
        return self

    def refit_labels(self, indices: np.ndarray, random_state: int) -> np.ndarray:
        """Labels from refitting on the excerpts at `indices` only (for stability).

        As in Hennig's clusterboot, a refit keeps the number of themes and the fitted
        projections, and re-runs KMeans (k-means++ from `random_state`), the dissolving
        of degenerate themes and the outlier rule on the subsample.
        """
        from sklearn.cluster import KMeans

        position = np.full(len(self.labels_), -1)
        position[self._keep] = np.arange(len(self._keep))
        sub = position[indices]
        rows = sub[sub >= 0]
        out = np.full(len(indices), OUTLIER, dtype=np.int64)
        if len(rows) < 2 * self.min_theme_size or self.n_themes_ < 1:
            return out
        wide = self._wide[rows]
        km = KMeans(min(self.n_themes_, len(rows)), n_init=1, random_state=random_state)
        labels = _dissolve(km.fit_predict(wide), [self._texts[i] for i in rows], self.min_theme_size)
        labels, _ = self._assign(wide, labels, np.full(len(rows), OUTLIER))
        out[sub >= 0] = labels
        return out

    # -- the steps -------------------------------------------------------------------
    def _fit_reduced(self, dense, wide, texts):
        """Labels, strengths, core mask and outlier share before reassignment."""
        dense_core = self._cores(dense)
        labels = _dissolve(self._refine(wide, dense_core), texts, self.min_theme_size)
        core = np.where(dense_core >= 0, labels, OUTLIER)
        labels, probs = self._assign(wide, labels, core)
        return labels, probs, core >= 0, float(np.mean(core < 0))

    def _cores(self, dense: np.ndarray) -> np.ndarray:
        """Dense cores by HDBSCAN (deterministic); -1 outside every core."""
        from sklearn.cluster import HDBSCAN

        size = core_size(len(dense), self.min_theme_size)
        core = HDBSCAN(min_cluster_size=size, min_samples=min(5, size), copy=True).fit_predict(dense)
        if core.max() < 1:  # no structure found: fall back to one group per ~core size
            core = np.zeros(len(dense), dtype=np.int64)
        return core

    def _refine(self, wide: np.ndarray, core: np.ndarray) -> np.ndarray:
        """KMeans started at the core centroids (or k-means++ for a set `n_themes`)."""
        from sklearn.cluster import KMeans

        k_cores = int(core.max() + 1)
        if self.n_themes:
            k = min(self.n_themes, len(wide) // self.min_theme_size)
            km = KMeans(k, n_init=4, random_state=self.random_state)
        else:
            init = np.stack([wide[core == c].mean(axis=0) for c in range(k_cores)])
            km = KMeans(k_cores, init=init, n_init=1, random_state=self.random_state)
        return km.fit_predict(wide).astype(np.int64)

    def _assign(self, wide, labels, core):
        """Core members keep their theme; others join the nearest unless far from all.

        "Far" is a robust outlier rule per theme: a similarity below the median of the
        theme's members minus `outlier_mads` median absolute deviations.
        """
        k = int(labels.max() + 1)
        if k == 0:
            return labels, np.zeros(len(labels), np.float32)
        cents = _centroids(wide, labels, k)
        sims = wide @ cents.T
        nearest, best = sims.argmax(axis=1), sims.max(axis=1)
        floor = np.full(k, np.inf)
        for t in range(k):
            own = best[nearest == t]
            if len(own):
                med = np.median(own)
                floor[t] = med - self.outlier_mads * np.median(np.abs(own - med))
        labels = np.where(core >= 0, core, np.where(best >= floor[nearest], nearest, OUTLIER))
        return labels, _strength(sims, labels)


def _centroids(vectors: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    """Unit-length mean vector of each theme's members (zeros for an empty theme)."""
    out = np.zeros((k, vectors.shape[1]), np.float32)
    for t in range(k):
        members = vectors[labels == t]
        if len(members):
            centre = members.mean(axis=0)
            out[t] = centre / (np.linalg.norm(centre) or 1.0)
    return out


def _strength(sims: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Softmax over theme similarities (temperature 0.05), read at the assigned theme."""
    scaled = (sims - sims.max(axis=1, keepdims=True)) / 0.05
    soft = np.exp(scaled)
    soft /= soft.sum(axis=1, keepdims=True)
    rows = np.arange(len(labels))
    return np.where(labels >= 0, soft[rows, np.maximum(labels, 0)], 0.0).astype(np.float32)


def _dissolve(labels: np.ndarray, texts: Sequence[str], min_size: int) -> np.ndarray:
    """Drop themes that are too small or one short answer repeated; renumber by size."""
    keys = [normalise(t) for t in texts]
    keep = []
    for t in np.unique(labels[labels >= 0]):
        members = np.flatnonzero(labels == t)
        top_key, top_count = Counter(keys[i] for i in members).most_common(1)[0]
        repeated = top_count >= 0.5 * len(members) and len(top_key.split()) <= 4
        if len(members) >= min_size and not repeated:
            keep.append((-len(members), int(t)))
    order = {old: new for new, (_, old) in enumerate(sorted(keep))}
    return np.array([order.get(int(t), OUTLIER) for t in labels], dtype=np.int64)

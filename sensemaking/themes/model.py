"""`ThemeModel`: excerpt vectors -> themes, the clustering behind candidate themes.

The method was chosen by measurement on labelled corpora (bench/results/themes_selection.md):

1. Non-answers ("Nothing.", "Don't know"), and whatever the caller sets aside (small talk
   in conversations), are set aside first: never a theme, theme -1.
2. PCA (exact, so deterministic) reduces the unit vectors to 100 dimensions. Density is
   searched in a non-linear map of them: the diffusion map (8 dimensions) of their
   15-nearest-neighbour graph (fewer neighbours under 300 excerpts), which follows the
   curved shapes themes take in embedding space as UMAP does, without UMAP's 10-40 s of
   compilation per process (under 1 s at 10,000 excerpts;
   bench/results/themes_selection.md).
3. HDBSCAN on the map finds dense cores; their number is the number of themes
   (minimum core size grows with the corpus), or `n_themes` when given. A core holding
   more than a quarter of the excerpts, and over 500 of them, is searched again in a map
   of its own members (up to three levels down): on a corpus that mixes domains the
   whole-corpus map mostly separates the domains, and HDBSCAN's excess-of-mass choice
   then returned two "themes" for 10,000 texts (bench/results/themes_selection.md).
   Smaller cores are left whole: a theme of a few hundred excerpts is still one a
   workshop can read, and inside small cores HDBSCAN finds sub-cores in random noise.
4. KMeans settles every theme's centre, in the 100 PCA dimensions with the map appended
   at half weight. Its start is random but guided: each theme starts at the mean of a
   random half of its core (drawn from `random_state`), so the seed changes the start
   while the dense cores keep the result stable.
5. Core members keep their theme; an excerpt outside every core joins its nearest theme
   unless it is a far outlier there: its similarity to the centre is more than
   `outlier_mads` (6) median absolute deviations below the members' median; otherwise it
   stays -1. (At 3 MADs, 5-8 % of answers went to -1 that human coders had put with the
   nearest theme; see bench/results/themes_selection.md.)
6. Themes smaller than `min_theme_size`, and themes that are one short answer repeated
   (near-duplicates), are dissolved. Their members are unassigned in `labels_before_`;
   in `labels_` they are reassigned by the rule of step 5 (the only reassignment). A
   theme that step 5 leaves under `min_theme_size` (its members nearer other themes'
   centres) is dissolved the same way, so no theme ends smaller than `min_theme_size`.

Everything is n x k or n x d: no n x n matrix, so 50,000 excerpts fit in memory.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from ..errors import InputError
from ..wording import plural
from .text import non_answer_mask, normalise

OUTLIER = -1
MAX_PASSES = 3  # dissolving after reassignment: at most this many more passes


def _pca(vectors: np.ndarray, dims: int) -> np.ndarray:
    """Exact PCA to `dims` dimensions, rows re-normalised to unit length."""
    from sklearn.decomposition import PCA
    from sklearn.preprocessing import normalize

    dims = max(1, min(dims, vectors.shape[1], vectors.shape[0] - 1))
    reduced = PCA(n_components=dims, svd_solver="covariance_eigh").fit_transform(vectors)
    return normalize(reduced).astype(np.float32)


WIDE_DIMS = 100
GRAPH_NEIGHBOURS, MIN_NEIGHBOURS = 15, 10  # see `graph_neighbours`
MAP_DIMS, DIFFUSION_TIME, MAP_WEIGHT = 8, 3, 0.5  # see `diffusion_map`
FULL_REFIT_MAX = 5000  # stability refits find their own cores up to this size (`refit_labels`)
BIG_CORE, BIG_CORE_MIN, MAX_SPLIT_DEPTH = 0.25, 500, 3  # see `_split_big`


def graph_neighbours(n: int) -> int:
    """Neighbours per excerpt in the graph of `diffusion_map`: `GRAPH_NEIGHBOURS` (UMAP's
    default), fewer below 300 excerpts (n / 20, at least `MIN_NEIGHBOURS`). In 200
    excerpts, 15 neighbours reach beyond a theme of 20 into the next: over 21 draws of
    200 banking queries from 10 intents, 10 neighbours raised ARI / NMI from 0.784 / 0.877
    to 0.804 / 0.889 (bench/results/themes_selection.md)."""
    return int(np.clip(round(n / 20), MIN_NEIGHBOURS, GRAPH_NEIGHBOURS))


def diffusion_map(vectors: np.ndarray, random_state: int | None) -> np.ndarray:
    """Diffusion map of the nearest-neighbour graph of `vectors` (`graph_neighbours`):
    `MAP_DIMS` coordinates per row, unit length.

    The leading eigenvectors psi of the graph's normalised adjacency D^-1/2 A D^-1/2 (the
    trivial one left out), scaled by D^-1/2 as in scikit-learn's `spectral_embedding`
    and weighted by their eigenvalue to the power `DIFFUSION_TIME` (Coifman and Lafon's
    diffusion map): a direction that is only noise inside one group has a small
    eigenvalue and fades, so three clean groups stay three themes instead of one of them
    splitting in its noise. The eigenvectors are found directly with ARPACK (largest
    eigenvalues, a seeded start vector): with scikit-learn's shift-invert solve of the same
    problem a fit took 9-38 s at 10,000 excerpts; this solve takes 0.1 s. The graph is sparse (n x 15),
    so 50,000 excerpts fit in memory.
    """
    from scipy import sparse
    from scipy.sparse.linalg import LinearOperator, eigsh
    from sklearn.neighbors import NearestNeighbors
    from sklearn.preprocessing import normalize

    n = len(vectors)
    knn = NearestNeighbors(n_neighbors=min(graph_neighbours(n), n - 1), algorithm="brute").fit(vectors)
    adjacency = knn.kneighbors_graph(mode="connectivity")
    adjacency = adjacency.maximum(adjacency.T).tocsr()
    degree = np.asarray(adjacency.sum(axis=1)).ravel()
    walk = sparse.diags(degree ** -0.5) @ adjacency @ sparse.diags(degree ** -0.5)
    # The trivial eigenvector (sqrt of the degrees) is projected out rather than dropped
    # by rank: when the graph falls apart (40 copies of "Very good"), eigenvalue 1 repeats
    # and the solver may return any mix of the trivial and the informative vectors.
    trivial = np.sqrt(degree) / np.linalg.norm(np.sqrt(degree))
    dims = min(MAP_DIMS, n - 2)
    if n <= 10 * MAP_DIMS:  # small: the dense solve is exact and instant
        values, vecs = np.linalg.eigh(walk.toarray() - np.outer(trivial, trivial))
    else:
        deflated = LinearOperator((n, n), dtype=np.float64,
                                  matvec=lambda x: walk @ x - trivial * (trivial @ x))
        start = np.random.default_rng(random_state).random(n)
        values, vecs = eigsh(deflated, k=dims, which="LA", v0=start, tol=1e-4)
    order = np.argsort(-values)[:dims]
    weight = np.clip(values[order], 0, None) ** DIFFUSION_TIME
    return normalize(vecs[:, order] * (degree ** -0.5)[:, None] * weight).astype(np.float32)


def _assignment_space(reduced: np.ndarray, dense: np.ndarray) -> np.ndarray:
    """Where KMeans settles centres: the PCA dimensions with the map appended at `MAP_WEIGHT`."""
    from sklearn.preprocessing import normalize

    return normalize(np.hstack([reduced, MAP_WEIGHT * dense])).astype(np.float32)


def core_size(n: int, min_theme_size: int) -> int:
    """HDBSCAN's minimum cluster size for `n` excerpts: grows with the corpus."""
    return int(max(min_theme_size, round(n / 500)))


def core_samples(size: int) -> int:
    """HDBSCAN's `min_samples`: 5 neighbours make a point dense. In the diffusion map, 3
    let a theme standing apart split along its own noise, and 5 scored higher on every
    labelled set (bench/results/themes_selection.md)."""
    return min(5, size)


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

    Fitted attributes: `labels_` (theme per excerpt, -1 none), `labels_before_` (the same
    before dissolved themes' members are reassigned), `probabilities_` (assignment
    strength 0-1), `centroids_` (unit vectors in the input space, one per theme),
    `non_answer_` (bool mask: set aside), `core_` (bool mask: in a dense core),
    `outlier_share_before_` and `outlier_share_after_` (unassigned share of the excerpts
    not set aside, before and after reassignment), `core_share_` (share of those in a
    dense core), `n_themes_`.
    """

    def __init__(
        self,
        *,
        n_themes: int | None = None,
        min_theme_size: int = 5,
        outlier_mads: float = 6.0,
        random_state: int | None = 0,
    ):
        self.n_themes = n_themes
        self.min_theme_size = min_theme_size
        self.outlier_mads = outlier_mads
        self.random_state = random_state

    def fit(
        self, vectors: np.ndarray, texts: Sequence[str], set_aside: np.ndarray | None = None
    ) -> ThemeModel:
        """Fit themes to `vectors` (one row per text in `texts`).

        `set_aside` (bool per text) marks excerpts to keep out of themes besides the
        non-answers found here, e.g. small talk in a conversation.
        """
        vectors = np.asarray(vectors, dtype=np.float32)
        if len(vectors) != len(texts):
            raise InputError(f"{len(vectors)} vectors but {len(texts)} texts; pass one vector per text")
        self.non_answer_ = np.array(non_answer_mask(texts), dtype=bool)
        if set_aside is not None:
            self.non_answer_ |= np.asarray(set_aside, dtype=bool)
        keep = np.flatnonzero(~self.non_answer_)
        if len(keep) < 2 * self.min_theme_size:
            aside = len(texts) - len(keep)
            raise InputError(
                f"only {plural(len(keep), 'substantive excerpt')}: too few for themes (at least "
                f"{2 * self.min_theme_size} with min_theme_size = {self.min_theme_size})"
                + (f"; {aside} of the {len(texts)} were set aside as non-answers (\"Nothing.\", "
                   "\"n/a\", numbers) or small talk" if aside else "")
                + "; add more texts (rows of the CSV, or sources), or in a project lower "
                "min_theme_size under [themes] in sensemaking.toml"
            )
        self._keys = [normalise(texts[i]) for i in keep]  # near-duplicates share a key
        reduced = _pca(vectors[keep], WIDE_DIMS)
        dense = diffusion_map(reduced, self.random_state)
        self._wide = _assignment_space(reduced, dense)
        self._reduced, self._keep = reduced, keep
        labels, before, probs, core = self._fit_reduced(dense, self._wide, self._keys)
        self.labels_ = np.full(len(texts), OUTLIER, dtype=np.int64)
        self.labels_before_ = self.labels_.copy()
        self.labels_before_[keep] = before
        self.probabilities_ = np.zeros(len(texts), dtype=np.float32)
        self.core_ = np.zeros(len(texts), dtype=bool)
        self.labels_[keep], self.probabilities_[keep], self.core_[keep] = labels, probs, core
        self.n_themes_ = int(labels.max() + 1) if labels.size else 0
        self.centroids_ = centroids(vectors[keep], labels, self.n_themes_)
        self.outlier_share_before_ = float(np.mean(before < 0))
        self.outlier_share_after_ = float(np.mean(labels < 0))
        self.core_share_ = float(np.mean(core))
        return self

    def refit_labels(self, indices: np.ndarray, random_state: int) -> np.ndarray:
        """Labels from refitting on the excerpts at `indices` only (for stability).

        Up to `FULL_REFIT_MAX` substantive excerpts a refit is a whole fit on the subsample
        but for the PCA projection: its own diffusion map, dense cores (so its own number
        of themes), KMeans from `random_state`, dissolving and the outlier rule. A theme
        that only the full fit's cores held together then scores low: on the sample, four
        small themes of talk about neighbours and mothers fall under 0.5, where keeping
        the cores scored two. Above it, as in Hennig's clusterboot for k-means, a refit
        keeps the number of themes and the dense cores and re-runs every step that assigns
        excerpts: a density search per refit costs 0.8 s at 9,000 excerpts, and more
        than the speed target allows further up (bench/results/themes_selection.md).
        """
        position = np.full(len(self.labels_), -1)
        position[self._keep] = np.arange(len(self._keep))
        sub = position[indices]
        rows = sub[sub >= 0]
        out = np.full(len(indices), OUTLIER, dtype=np.int64)
        if len(rows) < 2 * self.min_theme_size or self.n_themes_ < 1:
            return out
        refit = ThemeModel(n_themes=self.n_themes, min_theme_size=self.min_theme_size,
                           outlier_mads=self.outlier_mads, random_state=random_state)
        keys = [self._keys[i] for i in rows]
        if len(self._keep) <= FULL_REFIT_MAX:
            dense = diffusion_map(self._reduced[rows], random_state)
            labels, *_ = refit._fit_reduced(dense, _assignment_space(self._reduced[rows], dense), keys)
        else:
            labels, *_ = refit._fit_reduced(None, self._wide[rows], keys, dense_core=self._dense_core[rows])
        out[sub >= 0] = labels
        return out

    # -- the steps -------------------------------------------------------------------
    def _fit_reduced(self, dense, wide, keys, dense_core=None):
        """Labels after and before reassignment, strengths, and the core mask."""
        if dense_core is None:
            dense_core = self._dense_core = self._cores(dense, wide)
        first = self._refine(wide, dense_core)
        labels = _dissolve(first, keys, self.min_theme_size)
        for passes in range(MAX_PASSES + 1):
            core = np.where(dense_core >= 0, labels, OUTLIER)
            after, probs = self._assign(wide, labels, core)
            sizes = np.bincount(after[after >= 0], minlength=int(labels.max()) + 1)
            small = np.flatnonzero(sizes < self.min_theme_size)
            if not len(small) or passes == MAX_PASSES:
                break
            # a theme its members left for nearer ones is dissolved too, and all reassigned
            labels = _dissolve(np.where(np.isin(labels, small), OUTLIER, labels), keys, self.min_theme_size)
        # Before reassignment: members of dissolved themes have no theme yet.
        before = np.where(labels >= 0, after, OUTLIER)
        return after, before, probs, core >= 0

    def _cores(self, dense: np.ndarray, wide: np.ndarray) -> np.ndarray:
        """Dense cores by HDBSCAN (deterministic); -1 outside every core.

        A core over `BIG_CORE` of the excerpts and over `BIG_CORE_MIN` excerpts is split
        by `_split_big` when its members hold cores of their own.
        """
        size = core_size(len(dense), self.min_theme_size)
        core = _hdbscan(dense, size)
        if core.max() < 1:  # no structure found: one group
            return np.zeros(len(dense), dtype=np.int64)
        big = max(BIG_CORE * len(dense), BIG_CORE_MIN)
        return _split_big(wide, core, size, big, depth=1, random_state=self.random_state)

    def _refine(self, wide: np.ndarray, core: np.ndarray) -> np.ndarray:
        """KMeans started from a random half of each core (k-means++ for a set `n_themes`)."""
        from sklearn.cluster import KMeans

        if self.n_themes:
            k = min(self.n_themes, len(wide) // self.min_theme_size)
            km = KMeans(k, n_init=4, random_state=self.random_state)
            return km.fit_predict(wide).astype(np.int64)
        init = core_start(wide, core, self.random_state)
        km = KMeans(len(init), init=init, n_init=1)
        return km.fit_predict(wide).astype(np.int64)

    def _assign(self, wide, labels, core):
        """Core members keep their theme; others join the nearest unless far from all.

        "Far" is a robust outlier rule per theme: a similarity below the median of the
        theme's members minus `outlier_mads` median absolute deviations.
        """
        k = int(labels.max() + 1)
        if k == 0:
            return labels, np.zeros(len(labels), np.float32)
        cents = centroids(wide, labels, k)
        sims = wide @ cents.T
        nearest, best = sims.argmax(axis=1), sims.max(axis=1)
        floor = np.full(k, np.inf)
        for t in range(k):
            own = sims[labels == t, t]
            if len(own):
                med = np.median(own)
                floor[t] = med - self.outlier_mads * np.median(np.abs(own - med))
        labels = np.where(core >= 0, core, np.where(best >= floor[nearest], nearest, OUTLIER))
        return labels, _strength(sims, labels)


def _hdbscan(dense: np.ndarray, size: int) -> np.ndarray:
    """HDBSCAN cluster labels (-1 outside every core) with the engine's core settings."""
    from sklearn.cluster import HDBSCAN

    hdb = HDBSCAN(min_cluster_size=size, min_samples=core_samples(size), copy=True)
    return hdb.fit_predict(dense).astype(np.int64)


def _split_big(wide: np.ndarray, core: np.ndarray, size: int, big: float, depth: int,
               random_state: int | None) -> np.ndarray:
    """Cores with every core over `big` members replaced by the cores found inside it.

    Inside a big core, density is searched in a map of the core's members alone (their
    own principal components, then `diffusion_map`), so the directions that only told it
    apart from the rest of the corpus no longer dominate. Members outside every sub-core
    stay outside every core (-1); a core with no sub-structure is kept whole.
    """
    out = np.full(len(core), OUTLIER, dtype=np.int64)
    next_id = 0
    for c in range(int(core.max() + 1)):
        members = np.flatnonzero(core == c)
        inner = None
        if len(members) > big and depth <= MAX_SPLIT_DEPTH:
            inner = _hdbscan(diffusion_map(_pca(wide[members], WIDE_DIMS), random_state), size)
            inner = (_split_big(wide[members], inner, size, big, depth + 1, random_state)
                     if inner.max() >= 1 else None)
        if inner is None:
            out[members] = next_id
            next_id += 1
        else:
            inside = inner >= 0
            out[members[inside]] = inner[inside] + next_id
            next_id += int(inner.max() + 1)
    return out


def core_start(wide: np.ndarray, core: np.ndarray, random_state: int | None) -> np.ndarray:
    """KMeans start: per dense core, the mean of a random half of its members."""
    rng = np.random.default_rng(random_state)
    init = []
    for c in range(int(core.max() + 1)):
        members = np.flatnonzero(core == c)
        if not len(members):  # a core absent from a refit's subsample
            continue
        half = rng.choice(members, max(1, len(members) // 2), replace=False)
        init.append(wide[half].mean(axis=0))
    return np.stack(init)


def centroids(vectors: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
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


def _dissolve(labels: np.ndarray, keys: Sequence[str], min_size: int) -> np.ndarray:
    """Drop themes that are too small or one short answer repeated (`keys`: each text
    `normalise`d); renumber by size."""
    keep = []
    for t in np.unique(labels[labels >= 0]):
        members = np.flatnonzero(labels == t)
        top_key, top_count = Counter(keys[i] for i in members).most_common(1)[0]
        repeated = top_count >= 0.5 * len(members) and len(top_key.split()) <= 4
        if len(members) >= min_size and not repeated:
            keep.append((-len(members), int(t)))
    order = {old: new for new, (_, old) in enumerate(sorted(keep))}
    return np.array([order.get(int(t), OUTLIER) for t in labels], dtype=np.int64)

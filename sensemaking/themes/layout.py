"""A deterministic 2-D map of excerpts for the board's theme map (map.csv).

Theme centres are placed by PCA of the centroids (signs fixed so the layout never
flips), spread so themes do not sit on top of each other; each excerpt sits around its
theme's centre, offset by the PCA of its own difference from that centre, in a disc whose
radius grows with the theme's size. Outliers are placed by the same global projection.
"""

from __future__ import annotations

import numpy as np


def _project(x: np.ndarray, dims: int = 2) -> np.ndarray:
    """Exact PCA to 2-D with signs fixed (largest-magnitude loading positive)."""
    x = x - x.mean(axis=0)
    if len(x) < 2:
        return np.zeros((len(x), dims))
    _, _, vt = np.linalg.svd(x, full_matrices=False)
    vt = vt[:dims]
    signs = np.sign(vt[np.arange(len(vt)), np.abs(vt).argmax(axis=1)])
    out = x @ (vt * signs[:, None]).T
    return np.pad(out, ((0, 0), (0, dims - out.shape[1])))


def theme_map(vectors: np.ndarray, labels: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """x, y for each excerpt (n x 2), in roughly [-1, 1]."""
    k = len(centroids)
    xy = np.zeros((len(vectors), 2))
    world = _project(vectors)
    scale = np.abs(world).max() or 1.0
    xy[:] = world / scale
    if k == 0:
        return xy
    centres = _project(centroids) if k > 2 else np.array([[-0.5, 0.0], [0.5, 0.0]])[:k]
    centres = centres / (np.abs(centres).max() or 1.0)
    sizes = np.bincount(labels[labels >= 0], minlength=k)
    radius = 0.6 / np.sqrt(k) * np.sqrt(sizes / max(1, sizes.max()))
    for t in range(k):
        members = np.flatnonzero(labels == t)
        if len(members) == 0:
            continue
        offset = _project(vectors[members] - centroids[t])
        offset /= np.abs(offset).max() or 1.0
        xy[members] = centres[t] + offset * radius[t]
    return np.round(xy, 5)

"""A deterministic 2-D map of excerpts for the board's theme map (map.csv).

Theme centres are placed by PCA of the centroids (signs fixed so the layout never
flips); each excerpt sits around its theme's centre, offset by its difference from that
centre projected on the corpus's two main axes, in a disc whose radius grows with the
theme's size (`_spread`). Outliers are placed by the same global projection.
"""

from __future__ import annotations

import numpy as np


def _axes(x: np.ndarray, dims: int = 2) -> np.ndarray:
    """The top `dims` principal axes of `x` (d x dims), signs fixed (largest loading positive)."""
    centred = x - x.mean(axis=0)
    _, vectors = np.linalg.eigh(centred.T @ centred)
    axes = vectors[:, ::-1][:, :dims]
    signs = np.sign(axes[np.abs(axes).argmax(axis=0), np.arange(axes.shape[1])])
    return axes * np.where(signs == 0, 1, signs)


REACH_QUANTILE = 0.9  # the share of a theme's members inside its disc as drawn


def _scaled(points: np.ndarray) -> np.ndarray:
    return points / (np.abs(points).max() or 1.0)


def theme_map(vectors: np.ndarray, labels: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """x, y for each excerpt (n x 2), in roughly [-1, 1]."""
    vectors = np.asarray(vectors, dtype=np.float64)
    axes = _axes(vectors) if len(vectors) > 1 else np.zeros((vectors.shape[1], 2))
    xy = _scaled((vectors - vectors.mean(axis=0)) @ axes)
    k = len(centroids)
    if k == 0:
        return np.round(xy, 5)
    if k > 2:
        centres = _scaled((centroids - centroids.mean(axis=0)) @ _axes(centroids))
    else:
        centres = np.array([[-0.5, 0.0], [0.5, 0.0]])[:k]
    sizes = np.bincount(labels[labels >= 0], minlength=k)
    # The area grows with the theme's size, down to a floor that keeps the smallest in view.
    radius = 0.6 / np.sqrt(k) * np.maximum(np.sqrt(sizes / max(1, sizes.max())), 0.5)
    for t in range(k):
        members = np.flatnonzero(labels == t)
        if len(members):
            xy[members] = centres[t] + _spread((vectors[members] - centroids[t]) @ axes) * radius[t]
    return np.round(xy, 5)


def _spread(offsets: np.ndarray) -> np.ndarray:
    """Offsets from a theme's centre scaled so that nine in ten fall inside the unit disc,
    the farthest drawn in to its rim: scaled by the farthest alone, one stray member of a
    big theme squeezed the other hundreds into a dot under the theme's label."""
    norms = np.linalg.norm(offsets, axis=1)
    reach = float(np.quantile(norms, REACH_QUANTILE)) or float(norms.max()) or 1.0
    scaled = offsets / reach
    beyond = norms / reach > 1.0
    scaled[beyond] /= (norms[beyond] / reach)[:, None]
    return scaled

"""A merge tree over themes (never over excerpts), so a workshop can go coarser.

Ward linkage on the theme centres, weighted by nothing but their position: k themes give
k-1 merges. Node ids follow scipy: leaves are theme ids 0..k-1, merge i makes node k+i.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np


def merge_tree(centroids: np.ndarray, sizes: Sequence[int], labels: Sequence[str]) -> dict[str, Any]:
    """The hierarchy as plain data: leaves, merges (children, distance, size, label)."""
    k = len(centroids)
    leaves = [{"id": t, "label": labels[t], "size": int(sizes[t])} for t in range(k)]
    if k < 2:
        return {"leaves": leaves, "merges": []}
    from scipy.cluster.hierarchy import linkage

    tree = linkage(np.asarray(centroids, dtype=np.float64), method="ward")
    node_size = [int(s) for s in sizes]
    node_label = list(labels)
    merges = []
    for i, (a, b, dist, _) in enumerate(tree):
        a, b = int(a), int(b)
        big = a if node_size[a] >= node_size[b] else b
        node_size.append(node_size[a] + node_size[b])
        node_label.append(node_label[big])
        merges.append(
            {"id": k + i, "children": [a, b], "distance": round(float(dist), 6),
             "size": node_size[-1], "label": node_label[big]}
        )
    return {"leaves": leaves, "merges": merges}


def parents(tree: dict[str, Any]) -> dict[int, int]:
    """Each node's parent node id (the root has none)."""
    return {child: m["id"] for m in tree["merges"] for child in m["children"]}


def cut(tree: dict[str, Any], n: int) -> dict[int, int]:
    """Theme id -> group id (0..n-1) when the tree is cut into `n` groups."""
    k = len(tree["leaves"])
    group = {t: t for t in range(k)}
    for merge in tree["merges"][: max(0, k - n)]:
        a, b = merge["children"]
        for t, g in group.items():
            if g in (a, b):
                group[t] = merge["id"]
    ids = {g: i for i, g in enumerate(sorted(set(group.values())))}
    return {t: ids[g] for t, g in group.items()}

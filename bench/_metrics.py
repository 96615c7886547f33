"""Clustering and topic metrics used by the quality bench.

    agreement     ARI, NMI and AMI against human labels; unassigned (-1) counts as one cluster
                  (`agreement_within`: the same inside each group, averaged)
    npmi          coherence of each topic's top-10 words: normalised PMI of word pairs,
                  probabilities from document co-occurrence over the corpus itself
    diversity     share of unique words among all topics' top-25 words
    seed/boot     mean pairwise ARI between refits (different seeds; 80 % subsamples)
    recovered     human themes matched by a found theme with Jaccard >= 0.5

A topic's words may be lemmas or phrases ("wait time"): phrases count word by word, and a
word occurs in a document when the document has it or a word whose lemma it is.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.metrics import (
    adjusted_mutual_info_score,
    adjusted_rand_score,
    normalized_mutual_info_score,
)

from sensemaking.themes import text as themes_text


def agreement(labels: np.ndarray, truth: Sequence[str | None]) -> tuple[float, float, float]:
    """(ARI, NMI, AMI) over the texts that have a human label. AMI is NMI corrected for
    chance, which NMI is not: NMI rises with the number of clusters alone."""
    keep = np.array([t is not None for t in truth])
    true = np.array([t for t in truth if t is not None])
    pred = np.asarray(labels)[keep]
    return (adjusted_rand_score(true, pred), normalized_mutual_info_score(true, pred),
            adjusted_mutual_info_score(true, pred))


def agreement_within(labels: np.ndarray, truth: Sequence[str | None],
                     groups: Sequence[str]) -> tuple[float, float, float]:
    """`agreement` inside each group (a meeting, whose topics are its own), averaged with
    each group weighted by its labelled texts: does the clustering change where the
    meeting moves to another topic, and stay put where it does not?"""
    scores, weights = [], []
    labels, groups = np.asarray(labels), np.asarray(groups)
    for group in dict.fromkeys(groups.tolist()):
        inside = np.flatnonzero(groups == group)
        truth_in = [truth[i] for i in inside]
        n = sum(t is not None for t in truth_in)
        if n:
            scores.append(agreement(labels[inside], truth_in))
            weights.append(n)
    return tuple(float(v) for v in np.average(np.array(scores), axis=0, weights=weights))


def words_of(terms: Sequence[str], n: int) -> list[str]:
    """The first `n` distinct words of a topic's terms (phrases split into words)."""
    out: list[str] = []
    for term in terms:
        for word in str(term).lower().split():
            if word not in out:
                out.append(word)
    return out[:n]


class Cooccurrence:
    """Binary document x word incidence of a corpus, words and their lemmas both counted."""

    def __init__(self, texts: Sequence[str]):
        vocab: dict[str, int] = {}
        rows, cols = [], []
        for i, text in enumerate(texts):
            tokens = set(themes_text.words(text))
            tokens |= {themes_text.lemma(t) for t in tokens}
            for tok in tokens:
                cols.append(vocab.setdefault(tok, len(vocab)))
                rows.append(i)
        data = np.ones(len(rows), dtype=np.float32)
        self.matrix = sparse.csc_matrix((data, (rows, cols)), shape=(len(texts), len(vocab)))
        self.vocab = vocab
        self.n_docs = len(texts)

    def npmi(self, topic: Sequence[str]) -> float | None:
        """Mean NPMI over pairs of a topic's words (-1 for a pair never seen together);
        None with fewer than two words."""
        if len(topic) < 2:
            return None
        known = [w in self.vocab for w in topic]
        cols = sparse.csc_matrix((self.n_docs, len(topic)), dtype=np.float32)
        if any(known):
            present = self.matrix[:, [self.vocab[w] for w in topic if w in self.vocab]]
            place = np.flatnonzero(known)
            cols = sparse.csc_matrix(
                (np.ones(len(place)), (place, np.arange(len(place)))),
                shape=(len(topic), len(place)),
            )
            cols = present @ cols.T
        joint = (cols.T @ cols).toarray() / self.n_docs
        single = np.diag(joint)
        scores = []
        for i, j in itertools.combinations(range(len(topic)), 2):
            p_ij = joint[i, j]
            if p_ij == 0:
                scores.append(-1.0)
            elif p_ij == 1:
                scores.append(1.0)
            else:
                scores.append(np.log(p_ij / (single[i] * single[j])) / -np.log(p_ij))
        return float(np.mean(scores))


def coherence(cooc: Cooccurrence, topics: Sequence[Sequence[str]]) -> float:
    """Mean NPMI of the topics' top-10 words (topics with under two words ignored)."""
    values = [cooc.npmi(words_of(t, 10)) for t in topics]
    values = [v for v in values if v is not None]
    return float(np.mean(values)) if values else float("nan")


def diversity(topics: Sequence[Sequence[str]]) -> float:
    """Unique share of all topics' top-25 words (1 = no word shared between topics)."""
    tops = [words_of(t, 25) for t in topics]
    total = sum(len(t) for t in tops)
    return len({w for t in tops for w in t}) / total if total else float("nan")


def seed_stability(runs: Sequence[np.ndarray]) -> float:
    """Mean pairwise ARI between full-corpus fits with different seeds."""
    pairs = [adjusted_rand_score(a, b) for a, b in itertools.combinations(runs, 2)]
    return float(np.mean(pairs)) if pairs else float("nan")


def bootstrap_stability(runs: Sequence[tuple[np.ndarray, np.ndarray]]) -> float:
    """Mean pairwise ARI between subsample fits, on the texts both subsamples hold.
    Each run is (positions in the corpus, labels of those positions)."""
    scores = []
    for (idx_a, lab_a), (idx_b, lab_b) in itertools.combinations(runs, 2):
        common, in_a, in_b = np.intersect1d(idx_a, idx_b, return_indices=True)
        if len(common):
            scores.append(adjusted_rand_score(lab_a[in_a], lab_b[in_b]))
    return float(np.mean(scores)) if scores else float("nan")


def recovered(labels: np.ndarray, truth: Sequence[str | None], threshold: float = 0.5,
              groups: Sequence[str] | None = None) -> int:
    """How many human themes some found theme matches with Jaccard >= `threshold`
    (over the labelled texts; the unassigned group never counts as a match). With
    `groups`, a found theme is compared with a code only inside the code's group."""
    keep = np.array([t is not None for t in truth])
    true = np.array([t for t in truth if t is not None])
    pred = np.asarray(labels)[keep]
    where = np.asarray(groups)[keep] if groups is not None else np.zeros(len(true))
    found_in: dict = {}  # each group's found themes, worked out once per group

    def found(group) -> list[np.ndarray]:
        if group not in found_in:
            same = where == group
            found_in[group] = [np.flatnonzero(same & (pred == c)) for c in set(pred[same].tolist()) - {-1}]
        return found_in[group]

    hits = 0
    for code in set(true.tolist()):
        members = np.flatnonzero(true == code)
        best = max((len(np.intersect1d(members, f)) / len(np.union1d(members, f))
                    for f in found(where[members[0]])), default=0.0)
        hits += best >= threshold
    return int(hits)


def unassigned(labels: np.ndarray) -> float:
    """Share of texts with no theme (-1)."""
    return float(np.mean(np.asarray(labels) == -1)) if len(labels) else float("nan")


def n_themes(labels: np.ndarray) -> int:
    """Number of themes, the unassigned group not counted."""
    return len(set(np.asarray(labels).tolist()) - {-1})

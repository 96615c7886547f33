"""The bench's metrics on tiny hand-made inputs with exact answers, and its data helpers."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import _data
import _methods
import _metrics


def test_agreement_ignores_unlabelled_and_counts_unassigned_as_a_cluster():
    truth = ["a", "a", "b", "b", None]
    ari, nmi, ami = _metrics.agreement(np.array([5, 5, -1, -1, 0]), truth)
    assert ari == pytest.approx(1.0) and nmi == pytest.approx(1.0) and ami == pytest.approx(1.0)
    ari, _, ami = _metrics.agreement(np.array([0, 1, 0, 1, 0]), truth)
    assert ari < 0 and ami < 0.1


def test_agreement_within_groups_scores_each_meeting_on_its_own_topics():
    """Two meetings, two topics each: one cluster per topic-in-meeting is perfect; one
    cluster running across both meetings' first topics is perfect too (topics are only
    compared inside their meeting), and recovery counts it for both."""
    truth = ["m1:0", "m1:0", "m1:1", "m1:1", "m2:0", "m2:0", "m2:0", "m2:1", None]
    groups = ["m1"] * 4 + ["m2"] * 5
    across = np.array([7, 7, 8, 8, 7, 7, 7, 9, 9])
    assert _metrics.agreement_within(across, truth, groups) == pytest.approx((1.0, 1.0, 1.0))
    assert _metrics.agreement(across, truth)[0] < 1.0
    assert _metrics.recovered(across, truth, groups=groups) == 4
    assert _metrics.recovered(across, truth) == 3  # without groups, m1:0 is 2 of 7's 5
    mixed = np.array([7, 8, 7, 8, 7, 8, 7, 8, 7])
    assert _metrics.agreement_within(mixed, truth, groups)[0] < 0


def test_npmi_exact_values():
    cooc = _metrics.Cooccurrence(["red apple", "red apple", "blue sky", "blue sea"])
    # red and apple always together: NPMI 1; red and sky never: -1.
    assert cooc.npmi(["red", "apple"]) == pytest.approx(1.0)
    assert cooc.npmi(["red", "sky"]) == pytest.approx(-1.0)
    # An unknown word co-occurs with nothing.
    assert cooc.npmi(["red", "apple", "zebra"]) == pytest.approx((1 - 1 - 1) / 3)
    assert cooc.npmi(["red"]) is None


def test_npmi_matches_lemmas_and_splits_phrases():
    cooc = _metrics.Cooccurrence(["waiting times were long", "long waits", "staff kind"])
    assert cooc.npmi(_metrics.words_of(["long wait"], 10)) > 0.5


def test_diversity_counts_unique_share():
    assert _metrics.diversity([["a", "b"], ["b", "c"]]) == pytest.approx(3 / 4)
    assert _metrics.diversity([["a b", "c"], ["d"]]) == pytest.approx(1.0)


def test_stability_is_label_permutation_invariant():
    a, b = np.array([0, 0, 1, 1]), np.array([1, 1, 0, 0])
    assert _metrics.seed_stability([a, b, a]) == pytest.approx(1.0)
    runs = [(np.array([0, 1, 2]), np.array([0, 0, 1])), (np.array([1, 2, 3]), np.array([4, 7, 7]))]
    # Shared texts 1 and 2: (0, 1) vs (4, 7) -> the same partition.
    assert _metrics.bootstrap_stability(runs) == pytest.approx(1.0)


def test_recovered_needs_jaccard_half():
    truth = ["a"] * 4 + ["b"] * 4
    labels = np.array([0, 0, 0, 1, 1, 1, 1, 1])  # a: 3/4 -> yes; b: 4/5 -> yes
    assert _metrics.recovered(labels, truth) == 2
    assert _metrics.recovered(np.full(8, -1), truth) == 0


def test_ctfidf_words_pick_each_clusters_own_words():
    texts = ["bus late again", "bus route cut", "damp walls mould", "mould in the flat"]
    topics = _methods.ctfidf_words(texts, np.array([0, 0, 1, 1]), n=2)
    assert topics[0][0] == "bus" and topics[1][0] == "mould"


def test_scaled_texts_are_distinct_and_deterministic():
    try:
        texts = _data.scaled_texts(200, seed=1)
    except _data.Skip as why:
        pytest.skip(str(why))
    assert len(texts) == len(set(texts)) == 200
    assert texts == _data.scaled_texts(200, seed=1)


def test_perturb_changes_text():
    rng = np.random.default_rng(0)
    variants = {_data._perturb("the bus was late today", "my flat is damp", rng) for _ in range(20)}
    assert len(variants) > 2 and "the bus was late today" not in variants

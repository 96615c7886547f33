"""Controls: with the structure shuffled away, the detectors must go quiet.

Attributes are shuffled across whole participants (and notes across notes), never across
excerpts; dates across notes; themes across excerpts. Each planted signal is found before
shuffling, so a quiet detector here is quiet for the right reason. Dissent on a target is
also run on corpora where every remark's stance is drawn at random, whatever its target.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import false_discovery_control
from surprises_fixtures import (
    planted_corpus,
    random_target_corpus,
    shuffle_participant_attributes,
    shuffle_themes,
    shuffle_unit_dates,
    target_corpus,
)

from sensemaking.surprises import build_corpus
from sensemaking.surprises.contrast import contrast_tests
from sensemaking.surprises.dissent import detect_dissent
from sensemaking.surprises.expectations import Expectation, detect_expectations
from sensemaking.surprises.trend import detect_trends

SHUFFLES = 100
ATTRIBUTES = ["area", "age_band"]
EXPECTATIONS = [
    Expectation(statement="A talks about it most", direction="more", label="planted contrast",
                attribute="area", value="A"),
    Expectation(statement="The young raise the praised service less", direction="less",
                label="praised service", attribute="age_band", value="16-24"),
]


def _min_q(corpus) -> float:
    tests = contrast_tests(corpus)
    return float(false_discovery_control([t.p_value for t in tests]).min()) if tests else 1.0


def _shuffle_notes_area(excerpts, rng):
    out = excerpts.copy()
    notes = out["source_kind"] == "notes"
    out.loc[notes, "area"] = out.loc[notes, "area"].to_numpy()[rng.permutation(int(notes.sum()))]
    return out


def test_planted_signals_are_found_before_shuffling():
    excerpts, assignments, themes = planted_corpus()
    corpus = build_corpus(excerpts, assignments, themes)
    assert _min_q(corpus) < 0.001
    assert any(i.theme_id == 2 for i in detect_trends(corpus)[0])
    assert [i.theme_id for i in detect_dissent(corpus)[0]] == [1]
    assert [i.details["target"] for i in detect_dissent(build_corpus(*target_corpus()))[0]] == ["pantry"]
    verdicts = [i.details["verdict"] for i in detect_expectations(corpus, EXPECTATIONS)[0]]
    assert verdicts[0] == "confirmed"


def test_shuffled_attributes_give_no_group_contrast_or_expectation_verdict():
    excerpts, assignments, themes = planted_corpus()
    rng = np.random.default_rng(11)
    contrast_hits = expectation_hits = 0
    for _ in range(SHUFFLES):
        shuffled = _shuffle_notes_area(shuffle_participant_attributes(excerpts, ATTRIBUTES, rng), rng)
        corpus = build_corpus(shuffled, assignments, themes)
        contrast_hits += _min_q(corpus) < 0.05
        items, _ = detect_expectations(corpus, EXPECTATIONS)
        expectation_hits += any(i.details["verdict"] != "not evidenced" for i in items)
    assert contrast_hits <= 10, contrast_hits
    assert expectation_hits <= 10, expectation_hits


def test_shuffled_dates_give_no_trend():
    excerpts, assignments, themes = planted_corpus()
    rng = np.random.default_rng(12)
    hits = 0
    for _ in range(SHUFFLES):
        corpus = build_corpus(shuffle_unit_dates(excerpts, rng), assignments, themes)
        items, _ = detect_trends(corpus, min_effect=0.0)
        hits += bool(items)
    assert hits <= 10, hits


def test_shuffled_themes_give_no_dissent():
    excerpts, assignments, themes = planted_corpus()
    rng = np.random.default_rng(13)
    hits = 0
    for _ in range(SHUFFLES):
        hits += bool(detect_dissent(build_corpus(excerpts, shuffle_themes(assignments, rng), themes))[0])
    assert hits <= 5, hits


def test_shuffled_themes_give_no_target_dissent():
    """The planted remarks still name the pantry wherever they go, but scattered over nine
    themes too few stay in the one whose target it is."""
    excerpts, assignments, themes = target_corpus()
    rng = np.random.default_rng(14)
    hits = sum(
        bool(detect_dissent(build_corpus(excerpts, shuffle_themes(assignments, rng), themes), permutations=999)[0])
        for _ in range(SHUFFLES)
    )
    assert hits <= 5, hits


def test_stances_drawn_at_random_give_no_target_dissent():
    hits = sum(
        bool(detect_dissent(build_corpus(*random_target_corpus(seed)), permutations=999)[0])
        for seed in range(SHUFFLES)
    )
    assert hits <= 5, hits

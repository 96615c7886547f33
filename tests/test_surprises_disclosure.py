"""Sentences that hide a count (1 to k - 1) read naturally and give it back by no other figure.

Boards and reports print each surprise's sentence beside charts that show such counts as
"<5". A sentence must neither print the count nor let a reader work it out: not from a
share, and not from an exact p-value beside the margins it prints.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
from surprises_fixtures import (
    assignments_of,
    contrast_corpus,
    excerpt_rows,
    theme_list,
    trend_corpus,
)

from sensemaking.surprises import build_corpus
from sensemaking.surprises.base import fmt_p, of
from sensemaking.surprises.contrast import detect_contrasts
from sensemaking.surprises.expectations import Expectation, detect_expectations
from sensemaking.surprises.language import detect_language
from sensemaking.surprises.trend import detect_trends

EXACT_P = re.compile(r"\b[pq] (= \d|< 0\.0?01\b)")  # "p = 0.012", "q < 0.001": not a band


@pytest.mark.parametrize(("n", "total", "said"), [
    (12, 62, "12 of 62"),
    (5, 5, "5 of 5"),
    (0, 17, "0 of 17"),
    (3, 17, "fewer than 5 of 17"),
    (4, 6, "fewer than 5 of 6"),
    (4, 5, "some but not all of the 5"),
    (3, 3, "all of the fewer than 5"),
    (1, 3, "some but not all of the fewer than 5"),
    (0, 3, "none of the fewer than 5"),
])
def test_a_hidden_part_of_a_small_group_reads_as_a_person_would_say_it(n, total, said):
    corpus = build_corpus(*contrast_corpus())
    assert corpus.k == 5
    assert of(corpus, n, total) == said


def test_p_and_q_with_a_bar_say_only_which_side_of_it_they_are():
    assert fmt_p(0.0007) == "p < 0.001" and fmt_p(0.0123, "q") == "q = 0.012"
    assert fmt_p(0.0007, bar=0.05) == "p < 0.05"
    assert fmt_p(0.043, "q", bar=0.05) == "q < 0.05"
    assert fmt_p(0.23, bar=0.05) == "p >= 0.05"


def _east_raising(raisers: int):
    """contrast_corpus with only `raisers` of the 5 East participants raising damp (West: none)."""
    excerpts, assignments, themes = contrast_corpus()
    damp = excerpts.index[assignments["theme_id"] == 0]
    keep = excerpts.index.difference(damp[raisers:])
    excerpts = excerpts.loc[keep].reset_index(drop=True)
    return build_corpus(excerpts, assignments.loc[keep].reset_index(drop=True), themes)


def test_a_theme_raised_by_fewer_than_k_voices_is_broken_down_by_no_contrast():
    """3 or 4 of the 5 East participants, and nobody else, raised damp: boards and reports
    leave such a theme unbroken-down ("a breakdown would show where each of them is
    from"), and the contrast had said it ("raised only by participants in East")."""
    for raisers in (3, 4):
        items, _ = detect_contrasts(_east_raising(raisers))
        assert items == [], raisers
    # With nothing hidden (k = 1) the figures are exact, and tell the two apart.
    (three,), _ = detect_contrasts(dataclasses.replace(_east_raising(3), k=1))
    (four,), _ = detect_contrasts(dataclasses.replace(_east_raising(4), k=1))
    assert "3 of 5 (60%) and none of the 15 others." in three.explanation
    assert three.test == "Fisher's exact p = 0.009, q = 0.009"
    assert "4 of 5" in four.explanation and "p = 0.001" in four.test


def _words_corpus():
    """5 participants aged 16-24 all say 'counselling'; 4 of them also 'camhs' and 'rang';
    14 others say ordinary things nobody in the group says."""
    rows = []
    for i in range(5):
        rows.append({"participant_id": f"Y{i}", "age_band": "16-24", "text": "counselling"})
        if i < 4:
            rows.append({"participant_id": f"Y{i}", "age_band": "16-24", "text": "camhs rang"})
    ordinary = ["the lunch club is good", "the bus was late", "pantry volunteers are kind"]
    rows += [{"participant_id": f"P{i:02d}", "age_band": "25-64", "text": ordinary[i % 3]} for i in range(14)]
    excerpts = excerpt_rows(rows)
    return build_corpus(excerpts, assignments_of(excerpts, [0] * len(excerpts)), theme_list({0: "all"}))


def test_words_that_share_a_figure_are_listed_together_with_it_once():
    items, _ = detect_language(_words_corpus())
    (young,) = [i for i in items if i.group == {"attribute": "age_band", "value": "16-24"}]
    assert young.counts["terms"] == {"counselling": [5, 0], "camhs": [4, 0], "rang": [4, 0]}
    assert young.explanation.startswith(
        "Words used by participants aged 16-24 and by none of the 14 others: 'counselling' (by all 5), "
        "and 'camhs' and 'rang' (each by some but not all of the 5); more such words than random "
        "groups of 5 share.")
    assert young.test == "permutation p < 0.05, q < 0.05"
    items, _ = detect_language(dataclasses.replace(_words_corpus(), k=1))
    (young,) = [i for i in items if i.group == {"attribute": "age_band", "value": "16-24"}]
    assert "'counselling' (by all 5), and 'camhs' and 'rang' (each by 4 of 5)" in young.explanation
    assert EXACT_P.search(young.test)


def test_expected_absence_gives_the_chance_of_none_as_a_band_when_the_others_are_hidden():
    """8 in East, none raising it; 4 of 10 elsewhere. The chance of none in 8 at that rate,
    0.6 ** 8 = 2%, with "of 10" printed would tell the 4."""
    rows = [{"participant_id": f"E{i}", "area": "East", "text": "the lunch club is good"} for i in range(8)]
    rows += [{"participant_id": f"W{i}", "area": "West",
              "text": "damp in the bedroom" if i < 4 else "the lunch club is good"} for i in range(10)]
    excerpts = excerpt_rows(rows)
    corpus = build_corpus(excerpts, assignments_of(excerpts, [0] * 18), theme_list({0: "all"}))
    expectation = Expectation(statement="East never mentions damp", direction="absent", terms=("damp",),
                              attribute="area", value="East")
    (item,), _ = detect_expectations(corpus, [expectation])
    assert item.details["verdict"] == "confirmed"
    assert item.explanation.endswith("and fewer than 5 of 10 others; at others' rate none would happen "
                                     "by chance under 5% of the time.")
    (item,), _ = detect_expectations(dataclasses.replace(corpus, k=1), [expectation])
    assert item.explanation.endswith("none would happen by chance 2% of the time.")


def test_trend_with_a_hidden_count_gives_p_and_q_as_bands():
    """One early note about the bus: "fewer than 5 of 10" then, and p and q as bands (the
    test on dates would otherwise tell the one)."""
    excerpts, assignments, themes = trend_corpus()
    assignments.loc[3, "theme_id"] = 0
    trends, _ = detect_trends(build_corpus(excerpts, assignments, themes))
    (trend,) = [t for t in trends if t.theme_id == 0]
    assert trend.counts["first_raised"] == 1
    assert trend.explanation.startswith("'bus route' is rising: raised by fewer than 5 of 10 notes")
    assert trend.explanation.endswith(" in all.") and trend.test == "Mann-Whitney test on dates p < 0.05, q < 0.05"
    trends, _ = detect_trends(dataclasses.replace(build_corpus(excerpts, assignments, themes), k=1))
    (trend,) = [t for t in trends if t.theme_id == 0]
    assert EXACT_P.search(trend.test), trend.test

"""Sentences that hide a count (1 to k - 1) read as a person would write them.

Boards and reports print each surprise's sentence beside charts that show such counts as
"<5"; the sentence says "fewer than 5", never "fewer than 5 of 5".
"""

from __future__ import annotations

import dataclasses

import pytest
from surprises_fixtures import assignments_of, contrast_corpus, excerpt_rows, theme_list

from sensemaking.surprises import build_corpus
from sensemaking.surprises.base import of
from sensemaking.surprises.language import detect_language


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
        "groups of 5 share (permutation p")
    items, _ = detect_language(dataclasses.replace(_words_corpus(), k=1))
    (young,) = [i for i in items if i.group == {"attribute": "age_band", "value": "16-24"}]
    assert "'counselling' (by all 5), and 'camhs' and 'rang' (each by 4 of 5)" in young.explanation

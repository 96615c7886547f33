"""Each surprise detector on a small hand-made case whose answer is known exactly."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binomtest
from surprises_fixtures import (
    assignments_of,
    contrast_corpus,
    dissent_corpus,
    excerpt_rows,
    target_corpus,
    theme_list,
    trend_corpus,
    worries_corpus,
)

from sensemaking.errors import ConfigError
from sensemaking.surprises import build_corpus, find_surprises, load_expectations
from sensemaking.surprises.base import (
    Surprise,
    group_people,
    noun_among,
    pick_evidence,
    theme_rows,
    voices,
    with_own_strength,
)
from sensemaking.surprises.contrast import _min_attainable_p, detect_contrasts
from sensemaking.surprises.dissent import detect_dissent
from sensemaking.surprises.expectations import Expectation, detect_expectations
from sensemaking.surprises.language import detect_language, log_odds_z
from sensemaking.surprises.lone import detect_lone
from sensemaking.surprises.missing import detect_missing
from sensemaking.surprises.polarity import polarity, stance
from sensemaking.surprises.rank import base_score, rank_surprises
from sensemaking.surprises.targets import as_written, target_stances, theme_targets
from sensemaking.surprises.trend import detect_trends


def corpus_of(maker, **kwargs):
    excerpts, assignments, themes = maker()
    return build_corpus(excerpts, assignments, themes, run_id="run-1", **kwargs)


# -- units ----------------------------------------------------------------------------


def test_units_are_participants_and_notes_and_notes_count_by_author_as_voices():
    corpus = corpus_of(trend_corpus)
    assert len(corpus.units) == 30
    assert set(corpus.units["unit_kind"]) == {"note"}
    assert voices(corpus, corpus.units.index) == 3
    assert corpus.attributes == ("area",)


def test_attribute_detection_skips_identifiers_and_free_text():
    rows = [{"participant_id": f"P{i}", "area": "A" if i % 2 else "B", "organisation": f"Org {i}",
             "text": f"answer {i}"} for i in range(6)]
    excerpts = excerpt_rows(rows)
    corpus = build_corpus(excerpts, assignments_of(excerpts, [0] * 6), theme_list({0: "x"}))
    assert corpus.attributes == ("area", "source_kind") or corpus.attributes == ("area",)


# -- group contrast -------------------------------------------------------------------


def test_contrast_finds_a_theme_raised_only_in_one_area_with_exact_fisher_p():
    items, summary = detect_contrasts(corpus_of(contrast_corpus))
    assert len(items) == 1
    item = items[0]
    assert item.group == {"attribute": "area", "value": "East"}
    assert item.theme_id == 0
    assert item.p_value == pytest.approx(1 / math.comb(20, 5))
    assert item.q_value == pytest.approx(item.p_value)  # one testable pair: food is raised by all
    assert item.effect == 1.0
    assert item.counts == {"group_raised": 5, "group_units": 5, "rest_raised": 0, "rest_units": 15,
                           "group_voices": 5, "unit_kind": "participant"}
    assert "raised only by participants in East" in item.explanation and "5 of 5" in item.explanation
    assert "come only from people in East?" in item.question  # not "only from East"
    assert "1 theme x group pairs tested" in summary


def test_contrast_prints_no_count_under_k_nor_its_share():
    """A count of 1 to k - 1 beside a group is the cell a board's chart shows as "<5": the
    sentence says "fewer than 5" and drops the share that, with its total, would tell it,
    and gives p and q only as bands (p = 0.0004 beside 5 of 5 and "of 15" fits only 1 of the 15).
    The sample's report hid a theme's 16-24s as "<5" and then said "4 aged 16-24"."""
    excerpts, assignments, themes = contrast_corpus()
    west_damp = excerpts.index[(excerpts["area"] == "West") & (assignments["theme_id"] == 1)][:1]
    extra = excerpts.loc[west_damp].assign(excerpt_id="w-damp", text="a bit of damp in the bathroom")
    excerpts = pd.concat([excerpts, extra], ignore_index=True)
    assignments = pd.concat([assignments, pd.DataFrame({"excerpt_id": ["w-damp"], "theme_id": [0]})],
                            ignore_index=True)
    items, _ = detect_contrasts(build_corpus(excerpts, assignments, themes))
    assert [i.counts["rest_raised"] for i in items] == [1]
    assert ("'damp and mould' was raised by 5 of 5 participants in East (100%) against fewer than 5 "
            "of 15 elsewhere.") in items[0].explanation, items[0].explanation
    assert items[0].test == "Fisher's exact p < 0.05, q < 0.05"
    items, _ = detect_contrasts(dataclasses.replace(build_corpus(excerpts, assignments, themes), k=1))
    assert "against 1 of 15 elsewhere (7%)." in items[0].explanation
    assert items[0].test == "Fisher's exact p < 0.001, q < 0.001"


def test_dissent_under_k_hides_the_counts_and_the_share_that_tells_them():
    (item,), _ = detect_dissent(corpus_of(dissent_corpus))  # 8 praise it, 1 does not
    assert item.explanation.startswith("On 'food pantry', 8 participants speak positively but fewer than 5 "
                                       "participants speak critically (more positive than 44% in the median theme).")
    assert item.test == "binomial p < 0.05, q < 0.05"
    assert item.question.startswith("What do the dissenting voices")  # not "does the dissenting voice"
    assert item.counts["negative_units"] == 1  # the table keeps the figure; sentences do not print it


def test_contrast_a_group_that_never_raises_a_theme_counts_its_own_voices():
    """'Less often' rests on the whole group; with 0 raisers it must still score."""
    rows, themes = [], []
    for i in range(30):
        area = "ABC"[i // 10]
        rows.append({"participant_id": f"P{i:02d}", "area": area, "text": "food"})
        themes.append(1)
        if area != "A":
            rows.append({"participant_id": f"P{i:02d}", "area": area, "text": "damp"})
            themes.append(0)
    excerpts = excerpt_rows(rows)
    items, _ = detect_contrasts(build_corpus(excerpts, assignments_of(excerpts, themes),
                                             theme_list({0: "damp", 1: "food"})))
    item = next(i for i in items if i.group == {"attribute": "area", "value": "A"})
    assert item.effect == -1.0 and item.counts["group_raised"] == 0
    assert item.voices == 10 and base_score(item) == pytest.approx(item.strength)
    assert "raised less often by people in A than by others?" in item.question  # not "by A"


@pytest.mark.parametrize(("attribute", "value", "people"), [
    ("area", "Eastgate", "people in Eastgate"), ("age_band", "65+", "people aged 65+"),
    ("role", "resident", "residents"), ("role", "staff", "staff"), ("role", "community worker", "community workers"),
    ("role", "secretary", "secretaries"), ("gender", "female", "people whose gender is female"),
])
def test_questions_name_a_group_as_its_people(attribute, value, people):
    """"Why is 'Food bank' raised less often by role: resident than by others?" was how a
    workshop question read; it names the people: "... by residents than by others?"."""
    assert group_people(attribute, value) == people


def test_explanations_name_a_role_by_its_people():
    """"raised by 3 of 15 participants (role: resident)" read as a form; a role names its
    participants ("3 of 15 residents"), other groups keep their noun."""
    assert noun_among("participants", "role", "resident") == "residents"
    assert noun_among("participants", "area", "Eastgate") == "participants in Eastgate"
    assert noun_among("notes", "area", "Eastgate") == "notes in Eastgate"
    assert noun_among("participants", "age_band", "65+") == "participants aged 65+"


def test_contrast_mirrors_a_two_valued_attribute_to_the_side_that_raises_more():
    excerpts, assignments, themes = contrast_corpus()
    excerpts["area"] = excerpts["area"].map({"East": "West", "West": "East"})
    items, _ = detect_contrasts(build_corpus(excerpts, assignments, themes))
    assert [(i.group["value"], i.effect) for i in items] == [("West", 1.0)]


def test_contrast_stays_quiet_when_groups_do_not_differ():
    excerpts, assignments, themes = contrast_corpus()
    excerpts["area"] = np.where(excerpts["participant_id"].str[-1].isin(list("02468")), "East", "West")
    items, _ = detect_contrasts(build_corpus(excerpts, assignments, themes))
    assert items == []


def test_smallest_attainable_p_and_self_evident_pairs_are_left_out():
    assert _min_attainable_p(5, 15, 5) == pytest.approx(1 / math.comb(20, 5))
    assert _min_attainable_p(5, 15, 20) == pytest.approx(1.0)
    excerpts, assignments, themes = contrast_corpus()
    excerpts["area"] = excerpts["area"].map({"East": "Damp Street", "West": "Elsewhere"})
    items, summary = detect_contrasts(build_corpus(excerpts, assignments, themes))
    assert items == [] and "no theme x group pair" in summary


# -- distinctive language -----------------------------------------------------------


def test_log_odds_z_matches_hand_computation():
    z = log_odds_z(np.array([3.0, 1.0]), np.array([1.0, 3.0]), np.array([4.0, 4.0]))
    delta = math.log(7 / 5) - math.log(5 / 7)
    assert z[0] == pytest.approx(delta / math.sqrt(1 / 7 + 1 / 5))
    assert z[1] == pytest.approx(-z[0])


def test_language_names_the_words_that_set_a_group_apart():
    rows = []
    for i in range(30):
        young = i < 6
        text = ("stuck on the counselling waiting list for months" if young
                else "the pantry and the lunch club on a friday")
        rows.append({"participant_id": f"P{i:02d}", "age_band": "16-24" if young else "25-64", "text": text})
    excerpts = excerpt_rows(rows)
    corpus = build_corpus(excerpts, assignments_of(excerpts, [0] * 30), theme_list({0: "all"}))
    items, _ = detect_language(corpus)
    young = [i for i in items if i.group == {"attribute": "age_band", "value": "16-24"}]
    assert len(young) == 1
    terms = young[0].details["terms"]
    assert "waiting list" in terms or "counselling" in terms
    assert young[0].counts["group_units"] == 6 and young[0].strength == 1.0


def _small_group_corpus(n_young: int = 4, n_rest: int = 14):
    """n_young participants all talk of a counselling waiting list; nobody else does. Everyone
    also says one of a few ordinary things, so the vocabulary is otherwise shared."""
    ordinary = ["the lunch club on a friday is good", "the bus into town was late again",
                "the pantry volunteers are kind", "my neighbour helps with the shopping"]
    rows = []
    for i in range(n_young + n_rest):
        young = i < n_young
        rows.append({"participant_id": f"P{i:02d}", "age_band": "16-24" if young else "25-64",
                     "text": ordinary[i % 4]})
        if young:
            rows.append({"participant_id": f"P{i:02d}", "age_band": "16-24",
                         "text": "still on the counselling waiting list, camhs never rang back"})
    excerpts = excerpt_rows(rows)
    return build_corpus(excerpts, assignments_of(excerpts, [0] * len(excerpts)), theme_list({0: "all"}))


def test_language_reports_words_only_a_small_group_uses_with_counts_and_says_it_is_small():
    items, summary = detect_language(_small_group_corpus())
    young = [i for i in items if i.group == {"attribute": "age_band", "value": "16-24"}]
    assert len(young) == 1 and young[0].details["only_this_group"]
    assert "waiting list" in young[0].details["terms"] or "counselling" in young[0].details["terms"]
    assert young[0].counts["terms"][young[0].details["terms"][0]] == [4, 0]
    assert "none of the 14 others" in young[0].explanation and "small group" in young[0].explanation
    assert young[0].p_value < 0.01 and "by words nobody else used" in summary


def test_words_only_a_group_uses_are_not_reported_when_the_group_is_shuffled():
    corpus = _small_group_corpus()
    rng = np.random.default_rng(5)
    hits = 0
    for seed in range(40):
        units = corpus.units.copy()
        units["age_band"] = units["age_band"].to_numpy()[rng.permutation(len(units))]
        shuffled = dataclasses.replace(corpus, units=units)
        items, _ = detect_language(shuffled, n_exclusive=200, random_state=seed)
        hits += any(i.details.get("only_this_group") for i in items)
    assert hits <= 4, hits


# -- lone voices ------------------------------------------------------------------------


def test_lone_voice_is_a_substantive_unassigned_excerpt_far_from_every_theme():
    long_text = " ".join(["word"] * 20)
    rows = [{"participant_id": f"P{i:02d}", "text": "short member text"} for i in range(10)]
    rows.append({"participant_id": "P10", "text": long_text})
    rows.append({"participant_id": "P11", "text": "too short to count"})
    # long, but set aside by the themes step (set_aside.csv: a turn of a small-talk theme)
    rows.append({"participant_id": "P12", "text": "Oh we just chatted about the weather and the telly "
                                                  "and the football results, the usual, all afternoon.",
                 "set_aside": True})
    excerpts = excerpt_rows(rows)
    themes = [0] * 5 + [1] * 5 + [-1, -1, -1]
    corpus = build_corpus(excerpts, assignments_of(excerpts, themes), theme_list({0: "a", 1: "b"}))
    vectors = np.zeros((13, 3))
    vectors[:5, 0] = 1
    vectors[5:10, 1] = 1
    vectors[10:, 2] = 1
    items, summary = detect_lone(corpus, vectors)
    far = [i for i in items if not i.details.get("carried_by_few")]
    assert [i.evidence for i in far] == [("e010",)]
    assert far[0].counts["similarity"] == 0.0 and far[0].strength == 1.0
    assert "1 substantive excerpt(s) far from every theme" in summary


def test_a_theme_carried_by_one_author_is_flagged():
    excerpts, assignments, themes = trend_corpus()
    excerpts.loc[excerpts.index[:3], "author"] = "Organiser Z"
    assignments.loc[assignments.index[:3], "theme_id"] = 2
    themes = themes + [{"theme_id": 2, "label": "one author's hobby"}]
    corpus = build_corpus(excerpts, assignments, themes)
    items, _ = detect_lone(corpus, np.eye(30))
    few = [i for i in items if i.details.get("carried_by_few")]
    assert [(i.theme_id, i.counts["voices"], i.counts["units"]) for i in few] == [(2, 1, 3)]
    assert few[0].explanation.endswith("rests on fewer than 5 independent voices: fewer than 5 notes by 1 author.")
    assert few[0].question.startswith("Is 'one author's hobby' one author's concern, or ")
    items, _ = detect_lone(dataclasses.replace(corpus, k=1), np.eye(30))
    assert "rests on 1 independent voice: 3 notes by 1 author." in items[-1].explanation


def test_a_theme_carried_by_two_participants_says_so_once():
    # Recorded GP consultations: "'Salt sugar ORS' (5 excerpts) rests on fewer than 5
    # independent voices: fewer than 5 participants." said the hidden figure twice.
    excerpts, assignments, themes = trend_corpus()
    excerpts.loc[excerpts.index[:3], ["participant_id", "author", "source_kind", "speaker_role"]] = \
        [["P01", None, "interview", "participant"]] * 2 + [["P02", None, "interview", "participant"]]
    assignments.loc[assignments.index[:3], "theme_id"] = 2
    corpus = build_corpus(excerpts, assignments, themes + [{"theme_id": 2, "label": "salt sugar"}])
    few = [i for i in detect_lone(corpus, np.eye(30))[0] if i.details.get("carried_by_few")]
    assert few[0].explanation == "'salt sugar' (3 excerpts) rests on fewer than 5 participants."
    assert few[0].question.startswith("Is 'salt sugar' one person's concern, or ")
    few = [i for i in detect_lone(dataclasses.replace(corpus, k=1), np.eye(30))[0] if i.details.get("carried_by_few")]
    assert few[0].explanation == "'salt sugar' (3 excerpts) rests on 2 participants."


def test_in_three_meetings_captions_a_theme_of_two_is_no_lone_concern():
    """Captions with no speaker tied to a person: each meeting is one voice. A theme raised in
    one of three meetings is that source's; one raised in two of the three is not carried by
    few."""
    rows = [{"source_kind": "document", "source_id": f"meeting_{m}.vtt", "text": f"item {i} of meeting {m}"}
            for m in range(3) for i in range(4)]
    themes = [0] * 4 + [0] * 4 + [1] * 4
    excerpts = excerpt_rows(rows)
    corpus = build_corpus(excerpts, assignments_of(excerpts, themes), theme_list({0: "budget", 1: "open forum"}))
    few = [i for i in detect_lone(corpus, np.eye(12))[0] if i.details.get("carried_by_few")]
    assert [i.theme_id for i in few] == [1]
    assert few[0].question.startswith("Is 'open forum' one source's concern, or ")


# -- trend --------------------------------------------------------------------------------


def test_trend_finds_a_theme_rising_in_the_latest_notes():
    items, summary = detect_trends(corpus_of(trend_corpus))
    rising = [i for i in items if i.theme_id == 0]
    assert len(rising) == 1
    item = rising[0]
    assert item.effect == 1.0 and item.details["direction"] == "rising"
    assert item.q_value < 0.001
    assert item.counts["first_raised"] == 0 and item.counts["last_raised"] == 10
    assert "10 notes by 3 authors" in item.explanation
    assert "2 theme tests over 30 dated units" in summary


def test_trend_is_not_tested_without_enough_dates():
    excerpts, assignments, themes = trend_corpus()
    excerpts["date"] = None
    items, summary = detect_trends(build_corpus(excerpts, assignments, themes))
    assert items == [] and "not tested" in summary


# -- expectations -----------------------------------------------------------------------


def test_expectations_yaml_is_validated_with_a_clear_message(tmp_path):
    path = tmp_path / "expectations.yaml"
    path.write_text("expectations:\n  - statement: x\n    terms: [damp]\n    direction: sideways\n")
    with pytest.raises(ConfigError, match="direction 'sideways' is not one of"):
        load_expectations(path)
    path.write_text("expectations:\n  - statement: x\n    terms: [damp]\n    direction: more\n")
    with pytest.raises(ConfigError, match="needs a group"):
        load_expectations(path)


def test_expectations_confirmed_contradicted_and_not_evidenced(tmp_path):
    path = tmp_path / "expectations.yaml"
    path.write_text(
        "expectations:\n"
        "  - {id: a, statement: Damp is an East thing, terms: [damp, mould], group: {attribute: area, value: East}, direction: more}\n"
        "  - {id: b, statement: Damp is a West thing, terms: [damp], group: {attribute: area, value: West}, direction: mostly}\n"
        "  - {id: c, statement: East never mentions food, label: food pantry, group: {attribute: area, value: East}, direction: absent}\n"
        "  - {id: d, statement: Nobody mentions trams, terms: [tram*], direction: absent}\n"
        "  - {id: e, statement: North talks about damp, terms: [damp], group: {attribute: area, value: North}, direction: present}\n"
    )
    corpus = corpus_of(contrast_corpus)
    items, _summary = detect_expectations(corpus, load_expectations(path))
    verdicts = {i.details["id"]: i.details["verdict"] for i in items}
    assert verdicts == {"a": "confirmed", "b": "contradicted", "c": "contradicted",
                        "d": "confirmed", "e": "not evidenced"}
    first = items[0]
    assert first.counts["p_expected"] == pytest.approx(1 / math.comb(20, 5))
    assert first.theme_id == 0 and first.group == {"attribute": "area", "value": "East"}
    assert "5 of 5" in first.explanation and "0 of 15" in first.explanation


def test_mostly_is_a_composition_contradicted_when_the_group_is_not_among_raisers():
    rows = []
    for i in range(24):
        band = "16-24" if i < 8 else "65+" if i < 10 else "25-44"
        digital = i < 8
        rows.append({"participant_id": f"P{i:02d}", "age_band": band,
                     "text": "no laptop at home, I do it all on my phone" if digital else "the lunch club is good"})
    excerpts = excerpt_rows(rows)
    corpus = build_corpus(excerpts, assignments_of(excerpts, [0 if i < 8 else 1 for i in range(24)]),
                          theme_list({0: "digital", 1: "lunch club"}))
    expectation = Expectation(statement="Digital exclusion is mostly raised by people aged 65+",
                              direction="mostly", terms=("laptop", "phone", "online"),
                              attribute="age_band", value="65+")
    (item,), _ = detect_expectations(dataclasses.replace(corpus, k=1), [expectation])
    assert item.details["verdict"] == "contradicted"
    assert "of the 8 who raised" in item.explanation and "0 are aged 65+" in item.explanation
    assert "the others: 8 aged 16-24" in item.explanation
    assert item.explanation.endswith("; 2 of the 24 heard are aged 65+.") and item.test == "binomial p = 0.004"
    # With the disclosure threshold, the 2 people aged 65+ are "fewer than 5", as a chart shows them
    (item,), _ = detect_expectations(corpus, [expectation])
    assert item.explanation.endswith("; fewer than 5 of the 24 heard are aged 65+.") and item.test == "binomial p < 0.05"


def test_expectation_evidence_leads_with_the_excerpt_most_about_its_terms():
    """By terms, evidence is ordered by how much an excerpt says them, not by theme fit."""
    talk = ["my phone is fine thanks, the lunch club on Thursdays is what keeps me going now",
            "no laptop, no wifi, the journal is online and the phone screen is cracked",
            "online forms at the school, apps for everything, and I only have a phone"]
    rows = [{"participant_id": f"P{i:02d}", "age_band": "25-44", "text": talk[i % 3]} for i in range(9)]
    excerpts = excerpt_rows(rows)
    corpus = build_corpus(excerpts, assignments_of(excerpts, [0] * 9), theme_list({0: "digital"}))
    expectation = Expectation(statement="Digital exclusion comes up", direction="present",
                              terms=("laptop", "wifi", "online", "phone", "app*"))
    (item,), _ = detect_expectations(corpus, [expectation])
    text = dict(zip(excerpts["excerpt_id"], excerpts["text"]))
    assert text[item.evidence[0]] == talk[1]
    assert talk[0] not in {text[e] for e in item.evidence}  # a passing mention comes last


def test_evidence_shows_the_theme_in_its_own_words():
    """Evidence is ranked by each excerpt's own vector against its theme's centre, not by
    the assignment probability, which conversation context can give a turn that only sits
    beside the theme ("Eleven weeks. She's called [NAME].")."""
    talk = ["the damp is back in the bedroom", "mould behind the wardrobe again",
            "the landlord won't fix the damp", "eleven weeks, she's called Rosie",
            "black mould on the bathroom ceiling"]
    excerpts = excerpt_rows([{"participant_id": f"P{i:02d}", "text": t} for i, t in enumerate(talk)])
    assignments = assignments_of(excerpts, [0] * 5).assign(probability=[0.5, 0.5, 0.5, 0.99, 0.5])
    corpus = build_corpus(excerpts, assignments, theme_list({0: "damp"}))
    on_topic, beside = np.array([1.0, 0.0]), np.array([0.0, 1.0])
    vectors = np.array([on_topic, on_topic * 0.9 + beside * 0.1, on_topic, beside, on_topic])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    assert pick_evidence(corpus, theme_rows(corpus, 0), limit=3)[0] == "e003"  # by probability
    corpus = with_own_strength(corpus, vectors)
    assert "e003" not in pick_evidence(corpus, theme_rows(corpus, 0), limit=4)


def test_language_evidence_leads_with_the_excerpts_most_about_the_words():
    """Distinctive words: evidence is ordered by how much an excerpt uses them."""
    words = ["waiting list", "counsellor", "camhs"]
    rows = []
    for i in range(6):
        rows.append({"participant_id": f"Y{i}", "age_band": "16-24", "text":
                     "on the waiting list for a counsellor, camhs said eighteen months" if i % 2 else
                     "bring the bus back at night, then the waiting list is another thing"})
    for i in range(18):
        rows.append({"participant_id": f"O{i}", "age_band": "45-64",
                     "text": "the pantry and the lunch club and the bus to town on a Friday"})
    excerpts = excerpt_rows(rows)
    corpus = build_corpus(excerpts, assignments_of(excerpts, [0] * len(rows)), theme_list({0: "life"}),
                          attributes=["age_band"])
    items, _ = detect_language(corpus, random_state=0)
    (item,) = [i for i in items if i.group["value"] == "16-24"]
    assert set(item.details["terms"]) & set(words)
    text = dict(zip(excerpts["excerpt_id"], excerpts["text"]))
    assert "counsellor" in text[item.evidence[0]]


# -- dissent --------------------------------------------------------------------------------


def test_polarity_handles_negation_and_but():
    assert stance(polarity("The staff are helpful and kind.")) == 1
    assert stance(polarity("The staff are not helpful.")) == -1
    assert polarity("It was grim, but they were brilliant.") > 0
    assert polarity("Damp in the bedroom again.") == 0
    assert stance(polarity("The food is good, the people are kind. But I don't go again.")) == -1
    assert stance(polarity("Honestly I couldn't manage without the pantry.")) == 1
    assert polarity("I don't know what we'd have done last winter without it.") > 0.8
    assert polarity("It's the only reason some of us are getting by.") > 0.8
    assert stance(polarity("I am scared the hospital will be overwhelmed.")) == -1
    assert polarity("I am scared the hospital will be overwhelmed.", feelings=False) == 0


def test_dissent_shows_the_lone_voice_against_a_consensus():
    items, _summary = detect_dissent(dataclasses.replace(corpus_of(dissent_corpus), k=1))
    assert len(items) == 1
    item = items[0]
    assert item.theme_id == 0
    assert item.counts["positive_units"] == 8 and item.counts["negative_units"] == 1
    # baseline: the median theme's positive share, (8/9 + 0/10) / 2
    assert item.p_value == pytest.approx(binomtest(8, 9, (8 / 9) / 2).pvalue)
    assert item.details["minority"] == ("e008",)
    assert "1 participant speaks critically" in item.explanation


def test_dissent_needs_a_consensus_not_just_two_sides():
    excerpts, assignments, themes = dissent_corpus()
    # Mix both themes' texts: each theme now holds the corpus's own mix of stances.
    excerpts["text"] = excerpts["text"].sample(frac=1, random_state=3).to_numpy()
    items, _ = detect_dissent(build_corpus(excerpts, assignments, themes))
    assert items == []


def test_dissent_is_not_one_upbeat_voice_among_worries():
    # 40 worried about the hospital, 1 upbeat: 2% positive against a median theme of 30%
    # passes the binomial test, but a worried voice is not a critic of the hospital.
    items, summary = detect_dissent(corpus_of(worries_corpus))
    assert items == []
    assert "3 themes tested" in summary and "0 praised by a consensus" in summary


def test_theme_targets_skip_fillers_lexicon_words_and_overlaps():
    theme = {"keywords": ["lunch club", "lunch", "laugh", "good", "club", "cook", "the"]}
    assert theme_targets(theme) == ["lunch club", "cook"]
    assert theme_targets({"keywords": None}) == []
    assert theme_targets({"keywords": ["people", "food bank", "pantry"]}, shared={"people", "bank"}) == ["pantry"]


def test_theme_targets_read_keywords_as_written_as_lemmas():
    """Keywords are shown as people wrote them ("nappies", "waiting lists"); targets are
    matched on lemmas, so those still name "nappy" and "waiting list" in a remark."""
    theme = {"keywords": ["nappies", "waiting lists"]}
    assert theme_targets(theme) == ["nappy", "wait list"]
    assert [as_written(theme, t) for t in theme_targets(theme)] == ["nappies", "waiting lists"]


def test_target_stance_reads_only_remarks_about_the_target():
    excerpts = excerpt_rows([
        {"participant_id": "P01", "text": "The bills are awful. The pantry's brilliant.", "question": None},
        {"participant_id": "P02", "text": "I went once. I don't go again.", "question": "And the pantries?"},
    ])
    table = target_stances(build_corpus(excerpts, assignments_of(excerpts, [0, 0]), theme_list({0: "pantry"})))
    assert table[["unit", "stance", "excerpt_ids"]].values.tolist() == [["P01", 1, ("e000",)], ["P02", -1, ("e001",)]]


def test_target_dissent_finds_the_critic_of_what_the_others_praise():
    # Each of P00-P07 praises the pantry and complains about bills, so the theme as a whole
    # has no stance to dissent from; on the pantry alone, 8 praise it and P08 does not.
    items, summary = detect_dissent(dataclasses.replace(corpus_of(target_corpus), k=1))
    assert "0 praised by a consensus" in summary and "10 theme targets with 5+ stances tested" in summary
    assert len(items) == 1
    item = items[0]
    assert (item.theme_id, item.details["target"]) == (0, "pantry")
    assert item.counts["positive_units"] == 8 and item.counts["negative_units"] == 1
    assert item.details["minority"] == ("e016",) and item.evidence[0] == "e016"
    assert item.p_value < 0.001 and item.q_value < 0.05
    assert "8 participants speak positively but 1 participant speaks critically" in item.explanation


def test_target_dissent_stays_quiet_without_a_dissenter():
    items, _ = detect_dissent(build_corpus(*target_corpus(dissent=False)))
    assert items == []


def test_target_dissent_is_deterministic_for_a_seed():
    a, _ = detect_dissent(corpus_of(target_corpus), permutations=499, random_state=4)
    b, _ = detect_dissent(corpus_of(target_corpus), permutations=499, random_state=4)
    assert [(i.p_value, i.q_value) for i in a] == [(i.p_value, i.q_value) for i in b]


# -- who's missing --------------------------------------------------------------------------


def test_missing_flags_under_coverage_against_population_shares():
    corpus = corpus_of(contrast_corpus)
    items, _ = detect_missing(corpus, {"area": {"East": 50, "West": 50, "North": 0}})
    assert [i.group["value"] for i in items] == ["East"]
    east = items[0]
    assert east.p_value == pytest.approx(binomtest(5, 20, 0.5, alternative="less").pvalue)
    assert east.details["shortfall"] == 0.5 and east.strength == 0.5
    assert "50% of the population" in east.explanation and "5 of the 20 participants" in east.explanation


def test_missing_flags_few_voices_and_unheard_groups():
    corpus = corpus_of(contrast_corpus)
    items, _ = detect_missing(corpus, {"area": {"East": 0.2, "West": 0.6, "North": 0.2}}, few=6)
    by_value = {i.group["value"]: i for i in items}
    assert set(by_value) == {"East", "North"}
    assert by_value["North"].strength == 1.0 and "none of the 20 participants" in by_value["North"].explanation
    assert by_value["East"].details["few_voices"] and by_value["East"].strength == pytest.approx(1 / 6)
    assert by_value["North"].question.startswith("Which people in North have we not heard from")
    corpus.units["role"] = "resident"
    items, _ = detect_missing(corpus, {"role": {"resident": 0.5, "partner": 0.5}}, attributes=("role",), few=6)
    partners = [i for i in items if i.group["value"] == "partner"]
    assert partners and partners[0].question.startswith("Which partners have we not heard from")


def test_missing_says_nothing_of_few_voices_when_few_were_heard_at_all():
    """Of 6 people heard, every group has fewer than 5: each age band and area had been
    flagged "fewer than 5 of the 6 participants heard". Few voices count beside at least
    twice as many heard in all; a group the population shares say is missing still counts."""
    corpus = corpus_of(contrast_corpus)
    six = corpus.units.index[:6]
    small = dataclasses.replace(corpus, units=corpus.units.loc[six])
    items, _ = detect_missing(small, {}, attributes=("area",), few=5)
    assert items == []
    items, _ = detect_missing(small, {"area": {"North": 0.5, **{a: 0.5 for a in small.units["area"].unique()}}})
    assert [i.group["value"] for i in items] == ["North"]


def test_missing_gives_no_count_of_voices_under_k():
    """A group heard through 1 to k - 1 voices is "fewer than k" heard, as the charts beside
    the sentence show it, with no share (which would tell the count); the sample's board
    said "only 1 participant out of 22" beside a cell shown as "<5"."""
    corpus = corpus_of(contrast_corpus)  # East: 5 of the 20 participants
    items, _ = detect_missing(dataclasses.replace(corpus, k=6), {"area": {"East": 50, "West": 50, "North": 0}})
    assert items[0].explanation == ("East: 50% of the population the programme serves, "
                                    "but fewer than 6 of the 20 participants heard.")
    items, _ = detect_missing(dataclasses.replace(corpus, k=6), {}, attributes=("area",), few=6)
    assert [i.explanation for i in items] == ["Few voices from people in East: fewer than 6 of the 20 participants heard."]
    items, _ = detect_missing(dataclasses.replace(corpus, k=5), {}, attributes=("area",), few=6)
    assert [i.explanation for i in items] == ["Few voices from people in East: only 5 participants out of 20 participants heard."]


def test_missing_breakdown_has_no_numbers_when_a_part_is_under_k():
    """12 voices from Millbrook, 3 participants and 9 notes: "3 participants" is a count
    under k, and with the 12 and the 9 beside it so is any one number of the breakdown.
    The hidden parts are said as hidden ("participants and notes" had read as a number
    left out)."""
    rows = [{"participant_id": f"P{i:02d}", "area": "Millbrook" if i < 3 else "Eastgate", "text": "food"}
            for i in range(40)]
    rows += [{"participant_id": None, "source_kind": "notes", "source_id": "notes.csv", "row_id": f"N{i}",
              "author": "Organiser A", "area": "Millbrook", "text": "food"} for i in range(9)]
    excerpts = excerpt_rows(rows)
    corpus = build_corpus(excerpts, assignments_of(excerpts, [0] * len(rows)), theme_list({0: "food"}))
    items, _ = detect_missing(dataclasses.replace(corpus, k=5), {"area": {"Millbrook": 0.5, "Eastgate": 0.5}})
    assert items[0].explanation.endswith("(24%): fewer than 5 participants and some notes by 1 author."), \
        items[0].explanation
    items, _ = detect_missing(dataclasses.replace(corpus, k=3), {"area": {"Millbrook": 0.5, "Eastgate": 0.5}})
    assert items[0].explanation.endswith("(24%): 3 participants and 9 notes by 1 author."), items[0].explanation


def test_missing_says_it_checked_nothing_when_nobody_has_the_attribute():
    corpus = corpus_of(contrast_corpus)
    _, summary = detect_missing(corpus, {}, attributes=("area",))
    assert "1 attribute(s) checked (area)" in summary
    corpus.units["area"] = None
    items, summary = detect_missing(corpus, {}, attributes=("area", "age_band"))
    assert items == [] and summary == "who's missing: not checked, as no area or age band is recorded for anyone heard"


# -- ranking and the table ------------------------------------------------------------------


def test_score_is_weight_times_strength_times_voice_factor_with_variety():
    a = Surprise("group_contrast", 0.8, "a", "?", theme_id=1, voices=3)
    b = Surprise("group_contrast", 0.9, "b", "?", theme_id=1, voices=1)
    c = Surprise("missing", 0.5, "c", "?")
    assert base_score(a) == pytest.approx(0.8)
    assert base_score(b) == pytest.approx(0.9 * math.sqrt(1 / 3))
    ranked = rank_surprises([b, c, a])
    assert [item.explanation for _, item in ranked] == ["a", "c", "b"]
    assert ranked[2][0] == pytest.approx(0.9 * math.sqrt(1 / 3) * 0.9 * 0.8, abs=1e-4)


def test_find_surprises_returns_the_fixed_fields_in_rank_order():
    excerpts, assignments, themes = contrast_corpus()
    table = find_surprises(excerpts, assignments, themes, run_id="run-1",
                           population={"area": {"East": 0.5, "West": 0.5}})
    assert list(table["rank"]) == list(range(1, len(table) + 1))
    for column in ("rank", "kind", "score", "explanation", "question", "theme_id", "group",
                   "evidence", "run_id", "counts", "effect", "p_value", "q_value"):
        assert column in table
    assert table["score"].is_monotonic_decreasing or len(table) < 2
    assert set(table["kind"]) == {"group_contrast", "missing", "distinctive_language"}
    assert (table["run_id"] == "run-1").all()
    assert len(table.attrs["summary"]) == 7


def test_quote_ok_no_is_counted_but_never_evidence():
    excerpts, assignments, themes = contrast_corpus()
    excerpts["quote_ok"] = ~excerpts["participant_id"].isin(["P00", "P01"])
    table = find_surprises(excerpts, assignments, themes)
    hidden = set(excerpts.loc[~excerpts["quote_ok"], "excerpt_id"])
    assert table["counts"].iloc[0]["group_raised"] == 5
    assert not hidden & {e for ev in table["evidence"] for e in ev}


def test_dates_and_authors_survive_a_parquet_round_trip(tmp_path):
    excerpts, assignments, themes = trend_corpus()
    excerpts.to_parquet(tmp_path / "x.parquet")
    corpus = build_corpus(pd.read_parquet(tmp_path / "x.parquet"), assignments, themes)
    assert corpus.units["date"].notna().all() and voices(corpus, corpus.units.index) == 3


def test_terms_are_no_stems_of_contractions():
    # covid_worry run as a project listed 'don know' among the anxious group's words.
    from sensemaking.surprises.language import unit_term_matrix

    excerpts, assignments, themes = trend_corpus()
    excerpts["text"] = ["I don't know what happens next, I didn't sleep"] * 10 + ["the pantry was busy"] * 20
    _, terms = unit_term_matrix(build_corpus(excerpts, assignments, themes))
    assert "know" in terms and not {t for t in terms if t.split()[0] in ("don", "didn")}, terms


def test_a_project_with_no_surprises_gives_an_empty_table_with_its_columns():
    """57 GP consultations with nothing recorded about anyone give no surprise; the
    surprises notebook still selects and groups the table by its columns."""
    from sensemaking.project import surprise_frame

    table = surprise_frame([])
    assert table.empty and {"rank", "kind", "counts", "explanation", "question", "theme_id"} <= set(table.columns)
    assert table.groupby("kind").size().empty and table[["rank", "kind", "counts"]].empty

"""ThemeModel, labels, quotes, stability and hierarchy on small hand-made corpora."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from sensemaking.embed import TfidfEmbedder
from sensemaking.errors import InputError
from sensemaking.themes import (
    OUTLIER,
    ThemeModel,
    best_match_jaccard,
    bootstrap_stability,
    choose_labels,
    class_tfidf,
    cut,
    keywords,
    merge_tree,
    pick_quotes,
)
from sensemaking.themes.labels import (
    _candidates,
    _overlaps,
    _phrase_lists,
    _written_forms,
    is_swearing,
    surface_forms,
)
from sensemaking.themes.model import core_start, graph_neighbours
from sensemaking.themes.text import is_non_answer, lemmas

TOPICS = {
    "bus": "bus route driver timetable fare stop journey town ticket late cancelled shelter",
    "damp": "damp mould landlord repairs bedroom walls condensation heating flat cough leak ceiling",
    "youth": "youth club teenagers young lads evenings park police centre football skate bored",
}
SHARED = ["really", "always", "people", "never", "week", "hub", "sometimes", "council", "money", "help"]
NON_ANSWERS = ["Nothing.", "Don't know", "nothing", "N/A", "No comment", "Nothing!"]


def corpus(seed: int = 0, per_topic: int = 50):
    """Short texts drawn from three planted topic vocabularies, plus repeated non-answers."""
    rng = np.random.default_rng(seed)
    texts, truth = [], []
    for topic, vocabulary in TOPICS.items():
        words = vocabulary.split()
        for _ in range(per_topic):
            picked = list(rng.choice(words, 5, replace=False)) + list(rng.choice(SHARED, 2))
            rng.shuffle(picked)
            texts.append("The " + " ".join(picked) + ".")
            truth.append(topic)
    texts += NON_ANSWERS * 3
    truth += ["none"] * (len(NON_ANSWERS) * 3)
    return texts, np.array(truth)


@pytest.fixture(scope="module")
def small():
    texts, truth = corpus()
    vectors = TfidfEmbedder(random_state=0).embed(texts)
    return vectors, texts, truth


def test_same_seed_same_themes(small):
    vectors, texts, _ = small
    a = ThemeModel(random_state=3).fit(vectors, texts).labels_
    b = ThemeModel(random_state=3).fit(vectors, texts).labels_
    assert adjusted_rand_score(a, b) == 1.0


def test_planted_topics_recovered_and_non_answers_set_aside(small):
    vectors, texts, truth = small
    model = ThemeModel(random_state=0).fit(vectors, texts)
    assert model.non_answer_.sum() == len(NON_ANSWERS) * 3
    assert np.all(model.labels_[model.non_answer_] == OUTLIER)
    assert np.all(model.probabilities_[model.non_answer_] == 0)
    substantive = ~model.non_answer_
    ari = adjusted_rand_score(truth[substantive], model.labels_[substantive])
    assert ari > 0.8
    assert 0 <= model.outlier_share_after_ <= model.outlier_share_before_ <= 1


def test_repeated_short_answers_never_form_a_theme():
    texts, _ = corpus()
    texts = texts + ["Very good"] * 40
    vectors = TfidfEmbedder(random_state=0).embed(texts)
    model = ThemeModel(random_state=0).fit(vectors, texts)
    repeated = np.array([t == "Very good" for t in texts])
    for theme in set(model.labels_[repeated]) - {OUTLIER}:
        members = model.labels_ == theme
        assert repeated[members].mean() < 0.5


def test_n_themes_is_honoured(small):
    vectors, texts, _ = small
    assert ThemeModel(n_themes=2, random_state=0).fit(vectors, texts).n_themes_ == 2


def test_too_few_excerpts_is_a_clear_error():
    with pytest.raises(InputError, match="too few"):
        ThemeModel(min_theme_size=5).fit(np.eye(4, dtype=np.float32), ["a b", "c d", "e f", "g h"])


@pytest.mark.parametrize("text, expected", [
    ("Nothing.", True), ("Don't know", True), ("N/A", True), ("", True),
    ("Nothing could be improved", True), ("Better parking", False), ("Nothing, the bus was late", False),
])
def test_non_answers(text, expected):
    assert is_non_answer(text) is expected


def test_lemmas_use_lookup_table_and_drop_stop_words():
    assert lemmas("The nurses were waiting, I've waited") == ["nurse", "wait", "wait"]


def test_labels_verbatim_and_not_overlapping(small):
    vectors, texts, _ = small
    model = ThemeModel(random_state=0).fit(vectors, texts)
    k = model.n_themes_
    weights, vocab = class_tfidf(texts, model.labels_, k)
    members = [[texts[i] for i in np.flatnonzero(model.labels_ == t)] for t in range(k)]
    labels = choose_labels(members, weights, vocab, range(k))
    for t, label in labels.items():
        assert 2 <= len(label.split()) <= 5
        assert any(label.lower() in m.lower() for m in members[t])
    chosen = list(labels.values())
    for i, label in enumerate(chosen):
        assert not _overlaps(label, chosen[:i] + chosen[i + 1 :])


def test_a_theme_whose_strict_phrases_are_all_taken_gets_a_label_of_its_own():
    # Two themes of one sentence each, told apart only by the filler at its end.
    members = [["The bus is always late yes"] * 5, ["The bus is always late honestly"] * 5]
    labels_ = np.repeat([0, 1], 5)
    weights, vocab = class_tfidf([m for ms in members for m in ms], labels_, 2)
    labels = choose_labels(members, weights, vocab, range(2))
    assert not _overlaps(labels[1], [labels[0]]), labels
    assert labels[1].lower() in members[1][0].lower()


def test_with_a_sentence_model_the_phrase_nearest_the_theme_wins_among_phrases_used_as_often():
    # Two phrases, each in two of the theme's answers; the model says which one the
    # theme is about.
    members = [["Top it up from my Apple Watch", "Does my Apple Watch work", "Auto top-up failed",
                "Auto top-up limit please", "Card arrived late"],
               ["Bus was late again", "The late bus home", "No bus on Sunday",
                "Bus fares went up", "Late bus driver was rude"]]
    labels_ = np.repeat([0, 1], 5)
    weights, vocab = class_tfidf([m for ms in members for m in ms], labels_, 2)
    plain = choose_labels(members, weights, vocab, range(2))

    def embed(phrases):  # "top-up" phrases point at theme 0's centre, the rest sideways
        return np.array([[1.0, 0.0] if "top-up" in p.lower() else [0.6, 0.8] for p in phrases])

    centres = np.array([[1.0, 0.0], [0.0, 1.0]])
    meant = choose_labels(members, weights, vocab, range(2), embed=embed, centres=centres)
    assert plain[0] == "Apple Watch", plain
    assert meant[0] == "Auto top-up", meant


def test_a_phrase_labels_the_theme_it_fits_best_not_the_biggest():
    # The bigger theme mentions the lunch club; the smaller one is all about it.
    big = ["She missed the lunch club, her hip was bad", "He went to the lunch club once",
           "The lunch club rang her", "Her grandson moved to Leeds", "The telly is company at night",
           "My husband died in March", "Nobody knocks on the door", "The radio stays on for the noise",
           "Sunday is the longest day", "Her sister phones from Cardiff", "The cat sleeps on his chair",
           "Christmas was quiet this year"]
    small = ["Lunch club needs a cook", "The lunch club cook is leaving", "Lunch club sandwiches today",
             "Lunch club numbers are down", "Bingo at the lunch club", "Lunch club minibus started"]
    labels_ = np.repeat([0, 1], [len(big), len(small)])
    weights, vocab = class_tfidf(big + small, labels_, 2)
    labels = choose_labels([big, small], weights, vocab, range(2))
    assert labels[1] == "Lunch club", labels
    assert "lunch" not in labels[0].lower(), labels


def test_a_theme_of_short_answers_is_labelled_by_what_most_of_them_say():
    # Most answers are two words of praise; the few long ones must not name the theme,
    # nor a fragment of a curly contraction ("Don’t think").
    praise = ["Very good.", "Very good", "very good thank you", "Very good!", "All very good.",
              "Very good, precious little money and chucking it about", "Very good indeed",
              "Don’t think so, very good"]
    nothing = ["Nothing whatsoever, I was well looked after", "Nothing whatsoever.",
               "nothing whatsoever to change", "Nothing everything was perfect",
               "Nothing, I felt looked after", "Nothing whatsoever, they listened to me"]
    labels_ = np.repeat([0, 1], [len(praise), len(nothing)])
    weights, vocab = class_tfidf(praise + nothing, labels_, 2)
    labels = choose_labels([praise, nothing], weights, vocab, range(2))
    assert labels == {0: "Very good", 1: "Nothing whatsoever"}, labels


@pytest.mark.parametrize("text, phrase, broken", [
    ("I felt well looked after and listened to.", "felt well looked after", "felt well looked"),
    ("Nothing everything was perfect", "everything was perfect", "nothing everything"),
    ("We were listened to and cared for", "listened to and cared for", "listened to and cared"),
])
def test_label_phrases_keep_a_verbs_particle_and_one_answer(text, phrase, broken):
    from sensemaking.themes.labels import _phrases

    found = [surface.lower() for surface, _ in _phrases(text)]
    assert phrase in found and broken not in found, found


def test_labels_hold_no_marker_or_hesitation():
    members = [["I tried uh ibuprofen [inaudible_speech] for it", "Tried uh ibuprofen, no good",
                "uh ibuprofen [inaudible_speech] twice"] * 2,
               ["Chest pain [inaudible_speech] at night", "the chest pain again"] * 2]
    labels_ = np.repeat([0, 1], [6, 4])
    weights, vocab = class_tfidf([m for ms in members for m in ms], labels_, 2)
    labels = choose_labels(members, weights, vocab, range(2))
    assert all("uh" not in label.lower().split() and "inaudible" not in label.lower()
               for label in labels.values()), labels


def test_swearing_names_no_theme_but_stays_in_the_quotes():
    # The phrase most of a theme's members use has swearing in it ("Fucking landlord");
    # the label and keywords skip it, and take the next phrase everyone uses.
    answers = ["Fucking landlord never fixes the boiler", "the fucking landlord again, boiler broke",
               "Landlord is a twat, boiler's been off for weeks", "boiler broke and the landlord is shit",
               "Fucking landlord. Boiler broke in January."]
    other = ["The bus never comes on time", "bus late again", "The bus to town was cancelled"]
    labels_ = np.repeat([0, 1], [len(answers), len(other)])
    weights, vocab = class_tfidf(answers + other, labels_, 2)
    labels = choose_labels([answers, other], weights, vocab, range(2))
    shown = keywords(weights, vocab, 2, top=20, forms=surface_forms(answers + other))[0]
    assert "boiler" in labels[0].lower(), labels
    assert not any(is_swearing(w) for text in [labels[0], *shown] for w in text.split()), (labels, shown)
    assert "landlord" in shown and "boiler" in shown
    assert [is_swearing(w) for w in ["fucking", "Shite", "pissed", "bollocks", "Scunthorpe", "balls"]] == [
        True, True, True, True, False, False]


def test_labels_run_across_no_hashtag():
    phrases = [surface for surface, _ in _phrase_lists(["Feeling anxious #worried #protectthenhs #stayhome"])[0]]
    assert phrases == ["Feeling anxious"]


def test_a_label_takes_the_casing_the_corpus_uses_most():
    # One NHS trust's export capitalises every "i"; a theme made mostly of its answers is
    # still labelled as everyone else writes the words, and still word for word.
    odd = _phrase_lists(["Excellent servIce", "Excellent servIce all round", "Excellent servIce"])
    usual = _phrase_lists(["Excellent service on the ward", "excellent service", "Excellent service"] * 2)
    written = _written_forms([odd, usual])
    weights = {"excellent": 1.0, "service": 1.0}
    assert _candidates(odd, weights)[0][1] == "Excellent servIce"
    assert _candidates(odd, weights, written=written)[0][1] == "Excellent service"
    # where no one wrote it otherwise, the stray capitals go; names and "I" keep theirs
    members = [["Care receIved was good", "care receIved", "Care receIved on the ward"],
               ["Mr McIntosh and I", "Mr McIntosh was kind", "Mr McIntosh again"]]
    weights_, vocab = class_tfidf([m for ms in members for m in ms], np.repeat([0, 1], 3), 2)
    labels = choose_labels(members, weights_, vocab, range(2))
    assert labels[0] == "Care received" and "McIntosh" in labels[1], labels


def test_overlap_rule():
    assert _overlaps("bus stop", ["the bus stop shelter"])
    assert not _overlaps("bus route cut", ["youth club closed"])
    # One word written as two, or with a hyphen, is still that word.
    assert _overlaps("Child care", ["Childcare offer"])
    assert _overlaps("Childcare sector", ["Child care"])
    assert _overlaps("Full time work", ["Working full-time"])
    assert not _overlaps("Child benefit", ["Childcare offer"])


WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima"]


def test_quotes_are_central_and_spread_over_voices():
    texts = [f"quote {w} about the bus service here" for w in WORDS]
    voices = ["A"] * 6 + ["B", "C", "D", "E", "F", "G"]
    similarity = np.linspace(1.0, 0.5, 12)  # A holds the six most central excerpts
    members = np.arange(12)
    picked = pick_quotes(members, similarity, texts, voices, np.ones(12, bool), n=8)
    first_five = [voices[i] for i in picked[:5]]
    assert len(set(first_five)) == 5
    assert picked[0] == 0  # the most central comes first
    assert len(picked) == 8


def test_after_five_quotes_a_new_voice_must_be_about_the_theme():
    """The first five quotes go one voice at a time; after them, a voice whose only
    excerpts sit in the theme's least central quarter ("It's November, innit. It's always
    grim.") waits behind the more central second quotes of others."""
    texts = [f"quote {w} about the bus service here" for w in WORDS[:10]]
    similarity = np.array([1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.2, 0.1])
    voices = ["A", "A", "B", "C", "D", "E", "B", "C", "F", "G"]
    picked = pick_quotes(np.arange(10), similarity, texts, voices, np.ones(10, bool), n=8)
    assert [voices[i] for i in picked[:5]] == ["A", "B", "C", "D", "E"]
    assert picked[5:7] == [1, 6]  # A's and B's second quotes, both central
    assert 9 not in picked  # G, least central of all, is left out


def test_near_identical_quotes_are_skipped():
    texts = ["The bus is late again today."] * 3 + [f"quote {w} about the bus" for w in WORDS[:3]]
    picked = pick_quotes(np.arange(6), np.linspace(1, 0, 6), texts, list("ABCDEF"), np.ones(6, bool), n=5)
    assert sum(texts[i].startswith("The bus is late") for i in picked) == 1


def test_quotes_that_say_the_same_in_other_words_come_after_the_rest():
    # NHS feedback's biggest theme: its most central answers are one sentence reworded.
    texts = ["Staff very helpful and friendly", "The staff are friendly and helpful",
             "Staff very friendly and really helpful.", "The staff was very friendly and helpful",
             "All the staff are pleasant and helpful", "Staff are kind and pleasant",
             "The staff were all very caring and friendly"]
    picked = pick_quotes(np.arange(7), np.linspace(1, 0.7, 7), texts, list("ABCDEFG"), np.ones(7, bool), n=7)
    assert picked[:4] == [0, 4, 5, 6], [texts[i] for i in picked]
    assert sorted(picked[4:]) == [1, 2, 3]  # still there, after the others


def test_quotes_respect_quote_ok():
    texts = [f"a long enough quote {w} here" for w in WORDS[:6]]
    quotable = np.array([False, True, True, True, True, True])
    picked = pick_quotes(np.arange(6), np.linspace(1, 0, 6), texts, list("ABCDEF"), quotable, n=5)
    assert 0 not in picked


def test_quotes_repeat_a_voice_only_when_no_other():
    texts = [f"the only speaker says {w} again" for w in WORDS[:5]]
    picked = pick_quotes(np.arange(5), np.linspace(1, 0, 5), texts, ["A"] * 5, np.ones(5, bool), n=5)
    assert len(picked) == 5


def test_a_quote_with_a_gap_the_transcriber_could_not_hear_comes_after_readable_ones():
    # Turns from recorded GP consultations: the most central is hard to read aloud.
    texts = ["[inaudible], I don't know I can just sort of feel it, more [inaudible], you know.",
             "But I'm really struggling quite a lot at work at the moment, feeling so tired.",
             "Um, work's kind of, um, a bit stressful at the moment. I've got a lot going on.",
             "[Inaudible 00:03:12] yeah. Yeah, yeah. When I'm resting it's OK.",
             "Not more than usual. I don't think it's related to stress at work.",
             "[inaudible] [inaudible] work [inaudible] [inaudible] [inaudible]"]
    picked = pick_quotes(np.arange(6), np.linspace(1, 0.5, 6), texts, list("ABCDEF"), np.ones(6, bool), n=5)
    assert picked[:3] == [1, 2, 4], [texts[i] for i in picked]
    assert set(picked[3:]) == {0, 3}  # still quoted where nothing readable is left
    assert 5 not in picked  # one word once its markers are out: too short to quote
    # One gap near the end of a long turn still reads: it keeps its place.
    texts[0] = ("Like, the youth club shut when I was in Year 10. The one on Ashby Road, the old one. And "
                "after that it was just the park, and you can't go in the park after dark cos people are, "
                "you know, doing stuff they shouldn't. [inaudible] and the shops.")
    assert pick_quotes(np.arange(6), np.linspace(1, 0.5, 6), texts, list("ABCDEF"), np.ones(6, bool), n=5)[0] == 0


def test_best_match_jaccard_exact_values():
    ref = np.array([0, 0, 0, 1, 1, -1])
    other = np.array([5, 5, 2, 2, 2, 5])
    # theme 0 {0,1,2}: vs 5 {0,1,5} -> 2/4; vs 2 {2,3,4} -> 1/5.  theme 1 {3,4}: vs 2 -> 2/3
    assert best_match_jaccard(ref, other, 2) == pytest.approx([0.5, 2 / 3])


def test_stability_fields(small):
    vectors, texts, _ = small
    model = ThemeModel(random_state=0).fit(vectors, texts)
    scores = bootstrap_stability(model.refit_labels, model.labels_, n_refits=10, random_state=0)
    assert scores.shape == (model.n_themes_,)
    assert np.all((scores >= 0) & (scores <= 1))
    assert scores.mean() > 0.7  # planted topics come back in refits


def test_hierarchy_merges_and_cut():
    centroids = np.array([[1, 0], [0.9, 0.1], [0, 1], [0.1, 0.9]], dtype=float)
    tree = merge_tree(centroids, [5, 4, 3, 2], ["a b", "c d", "e f", "g h"])
    assert len(tree["merges"]) == 3
    groups = cut(tree, 2)
    assert groups[0] == groups[1] and groups[2] == groups[3] and groups[0] != groups[2]
    assert tree["merges"][-1]["size"] == 14


def test_seed_drives_the_kmeans_start_but_themes_stay(small):
    vectors, texts, _ = small
    model = ThemeModel(random_state=0).fit(vectors, texts)
    starts = [core_start(model._wide, model._dense_core, seed) for seed in (0, 1)]
    assert not np.allclose(starts[0], starts[1])  # different seeds, different starts
    other = ThemeModel(random_state=1).fit(vectors, texts)
    assert adjusted_rand_score(model.labels_, other.labels_) > 0.8


def test_labels_before_reassignment_leave_dissolved_members_unassigned():
    texts, _ = corpus()
    texts = texts + ["Very good"] * 40
    vectors = TfidfEmbedder(random_state=0).embed(texts)
    model = ThemeModel(random_state=0).fit(vectors, texts)
    assert np.all(model.labels_before_[model.labels_before_ >= 0]
                  == model.labels_[model.labels_before_ >= 0])
    assert model.outlier_share_before_ >= model.outlier_share_after_


def test_a_corpus_of_two_domains_is_not_two_themes():
    """Ten themes in two far-apart domains: the whole-corpus map only sees the domains,
    so the big cores are searched again in maps of their own and all ten come back (one
    may split once more along its noise; ARI stays near 1)."""
    rng = np.random.default_rng(0)
    dims, per = 64, 120
    centres = []
    for domain in range(2):
        for theme in range(5):
            centre = np.zeros(dims)
            centre[domain], centre[2 + 5 * domain + theme] = 12.0, 3.0
            centres.append(centre)
    vectors = np.vstack([c + rng.normal(0, 0.5, (per, dims)) for c in centres]).astype(np.float32)
    truth = np.repeat(np.arange(10), per)
    vocabulary = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "sigma"]
    texts = [" ".join(rng.choice(vocabulary, 6)) for _ in range(len(vectors))]
    model = ThemeModel(random_state=0).fit(vectors, texts)
    assert 10 <= model.n_themes_ <= 12
    assert adjusted_rand_score(truth, model.labels_) > 0.95


def test_keywords_read_as_people_wrote_them():
    """Terms are counted as lemmas but shown as written: not "datum", "db" or "wait list"."""
    texts = ["The waiting list for CAMHS is a year.", "Still on the waiting list, no data left.",
             "My DBS took weeks. The DBS check, honestly.", "The data costs a fortune."]
    labels = np.zeros(len(texts), dtype=int)
    weights, vocab = class_tfidf(texts, labels, 1)
    shown = set(keywords(weights, vocab, 1, top=50, forms=surface_forms(texts))[0])
    assert {"waiting list", "data", "DBS", "CAMHS"} <= shown
    assert not shown & {"wait list", "datum", "db", "camhs"}


def test_keywords_skip_fillers_and_transcriber_tags():
    texts = ["Like, the bus [laughs] is like always late, yeah.", "Oh yeah, the bus, like. [laughs]",
             "The bus never came, yeah, like I said."]
    weights, vocab = class_tfidf(texts, np.zeros(len(texts), dtype=int), 1)
    shown = keywords(weights, vocab, 1, top=10, forms=surface_forms(texts))[0]
    assert "bus" in shown
    assert not {w for term in shown for w in term.split()} & {"like", "yeah", "yes", "oh", "laugh", "laughs"}


def test_keywords_keep_the_words_survey_answers_are_about():
    texts = ["Good service, lovely staff", "Very good and kind nurses", "Good care, kind and lovely"]
    weights, vocab = class_tfidf(texts, np.zeros(len(texts), dtype=int), 1)
    assert {"good", "lovely", "kind"} <= set(keywords(weights, vocab, 1, top=20)[0])


def test_subject_words_are_marked_whole_in_any_case():
    from sensemaking.themes.text import with_subject_marked

    texts = ["Corona virus is scary, COVID-19 too; coronavirus! [laughs] virus-free, coronaviruses",
             "Nothing about it"]
    assert with_subject_marked(texts, "corona virus, covid-19 , coronavirus") == [
        "[Corona virus] is scary, [COVID-19] too; [coronavirus]! [laughs] virus-free, coronaviruses",
        "Nothing about it"]
    assert with_subject_marked(texts, ["virus"])[0].startswith("Corona [virus] is")  # not "virus-free"
    assert with_subject_marked(texts, ["virus"])[0].count("[virus]") == 1


def test_words_of_any_alphabet_stay_whole():
    # An ASCII-only tokeniser cut "Wrocław" to "Wroc", and a label ended mid-word.
    from sensemaking.themes.text import words

    assert words("A small town near Wrocław; the café Zoë runs, don’t co-op") == [
        "a", "small", "town", "near", "wrocław", "the", "café", "zoë", "runs", "don't", "co-op"]


def test_words_leading_many_themes_are_offered_as_subject_words():
    from sensemaking.themes.build import shared_keywords

    themes = [{"keywords": ["Corona", "worried", "family"]}, {"keywords": ["corona", "job", "money"]},
              {"keywords": ["lockdown", "corona", "rules"]}, {"keywords": ["NHS", "staff", "worried"]}]
    assert shared_keywords(themes) == {"corona": 3}  # "worried" leads two: not offered
    assert shared_keywords(themes[:2]) == {}


def test_small_corpora_map_with_fewer_neighbours():
    """15 neighbours (UMAP's default) from 300 excerpts up; under that n / 20, at least 10:
    in 200 excerpts a theme of 20 is not bridged to the next."""
    assert [graph_neighbours(n) for n in (20, 200, 250, 300, 900, 50_000)] == [10, 10, 12, 15, 15, 15]


def test_a_label_says_what_a_theme_is_about_not_only_when_or_how_much():
    # "weeks ago" is said more often than "left arm", but names no topic: the topical
    # phrase wins, as in recorded GP consultations ("Weeks ago", "Years old", "Feeling a little").
    members = [["It started about two weeks ago, the tingling in my left arm",
                "Um, a couple of weeks ago I think, my left arm went numb",
                "Three weeks ago, maybe. It's my left arm mostly, and the shoulder",
                "Weeks ago now, it comes and goes",
                "Oh, four or five weeks ago? When I was lifting boxes"],
               ["Bus was late again", "The late bus home", "No bus on Sunday",
                "Bus fares went up", "Late bus driver was rude"]]
    labels_ = np.repeat([0, 1], 5)
    weights, vocab = class_tfidf([m for ms in members for m in ms], labels_, 2)
    labels = choose_labels(members, weights, vocab, range(2))
    assert labels[0] == "Left arm", labels
    # With nothing else said, a vague phrase still labels its theme.
    only = [["Two weeks ago", "A few weeks ago", "Weeks ago, honestly"], ["Bus was late", "Late bus", "Bus late"]]
    weights, vocab = class_tfidf([m for ms in only for m in ms], np.repeat([0, 1], 3), 2)
    assert choose_labels(only, weights, vocab, range(2))[0] == "Weeks ago"


def test_one_stray_member_does_not_squeeze_its_theme_on_the_map():
    # On the board's map a theme is a cloud of its members; scaled by its farthest member,
    # one stray answer of a big theme drew the other hundreds as a dot under its label.
    from sensemaking.themes.layout import theme_map

    rng = np.random.default_rng(0)
    near = rng.normal(0, 0.1, (300, 4)) + [1, 0, 0, 0]
    stray = np.array([[1, 10, 0, 0]])
    other = rng.normal(0, 0.1, (100, 4)) + [-1, 0, 0, 0]
    third = rng.normal(0, 0.1, (100, 4)) + [0, 0, 1, 0]
    vectors = np.vstack([near, stray, other, third])
    labels = np.repeat([0, 1, 2], [301, 100, 100])
    centroids = np.vstack([vectors[labels == t].mean(axis=0) for t in range(3)])
    xy = theme_map(vectors, labels, centroids)
    cloud = xy[:300] - np.median(xy[:300], axis=0)
    spread = np.linalg.norm(cloud, axis=1)
    reach = np.linalg.norm(xy[300] - np.median(xy[:300], axis=0))
    assert np.median(spread) > 0.3 * reach, (np.median(spread), reach)

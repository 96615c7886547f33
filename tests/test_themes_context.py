"""Conversations: small talk is set aside and turns are read with their neighbours."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sensemaking.themes.context import (
    content_words,
    context_kernel,
    in_context,
    small_talk,
    small_talk_themes,
)


def frame(kind: str, texts: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"source_id": "s1", "source_kind": kind, "text": texts,
                         "char_start": range(0, 10 * len(texts), 10)})


def test_content_words_drop_fillers_and_transcriber_tags():
    assert content_words("Yeah, sorry [laughs], that's fine. Go on then.") == []
    assert content_words("The bus was cancelled again") == ["bus", "cancel"]


def test_small_talk_only_in_conversations():
    texts = ["Yeah, that's fine. Totally fine.", "The youth club closed in March, nowhere to go"]
    assert small_talk(frame("interview", texts), texts).tolist() == [True, False]
    # A survey answer or a note is never small talk, however short.
    assert small_talk(frame("notes", texts), texts).tolist() == [False, False]


def test_turns_mix_with_neighbours_in_reading_order():
    vectors = np.eye(3, dtype=np.float32)
    table = frame("interview", ["a", "b", "c"]).iloc[[2, 0, 1]].reset_index(drop=True)
    mixed, _ = in_context(vectors, table)  # rows: c, a, b -> reading order a, b, c
    # 'a' (row 1) mixes with 'b' (row 2) only; 'c' (row 0) with 'b' only.
    assert mixed[1, 2] > 0 and mixed[1, 0] == 0
    assert np.allclose(np.linalg.norm(mixed, axis=1), 1)


def _conversation(topic_of_turn: list[int], seed: int = 0) -> np.ndarray:
    """Unit vectors of turns: their topic's direction plus as much noise again."""
    rng = np.random.default_rng(seed)
    topics = rng.normal(size=(max(topic_of_turn) + 1, 32))
    turns = topics[topic_of_turn] + rng.normal(size=(len(topic_of_turn), 32))
    return (turns / np.linalg.norm(turns, axis=1, keepdims=True)).astype(np.float32)


def test_context_reaches_as_far_as_topics_last():
    """A meeting that keeps to each agenda item for 20 turns is read with several turns
    either side; an interview that moves on every turn, with the next turn only."""
    meeting = _conversation([t for t in range(6) for _ in range(20)])
    hopping = _conversation([t % 6 for t in range(120)], seed=1)
    long_kernel = context_kernel(meeting, [np.arange(120)])
    short_kernel = context_kernel(hopping, [np.arange(120)])
    assert len(long_kernel) >= 6 and long_kernel[0] == np.float32(0.6)
    assert short_kernel.tolist() == [np.float32(0.6), np.float32(0.2)]


def test_answers_outside_conversations_are_untouched():
    vectors = np.eye(3, dtype=np.float32)
    mixed, kernel = in_context(vectors, frame("notes", ["a", "b", "c"]))
    assert np.array_equal(mixed, vectors) and kernel is None


def test_a_theme_of_short_turns_is_small_talk_but_short_survey_answers_are_not():
    chat = ["I'm joking, put that in your report mate."] * 6
    talk = ["The route 42 bus was cut in June so I walk two miles to the hub now"] * 6
    labels = np.array([0] * 6 + [1] * 6)
    mask = small_talk_themes(frame("interview", chat + talk), chat + talk, labels)
    assert mask.tolist() == [True] * 6 + [False] * 6
    assert not small_talk_themes(frame("notes", chat + talk), chat + talk, labels).any()


def test_small_talk_is_a_theme_whose_short_turns_stand_out():
    """Half short turns is chit-chat where other themes have few (the sample's
    interviews), and ordinary where every theme has as many (a committee meeting)."""
    short = "I'm joking, put that in your report mate."
    long = "The route 42 bus was cut in June so I walk two miles to the hub now"
    sizes = [10, 10, 10, 10]
    chatty = [short] * 5 + [long] * 5  # half short
    quiet = [short] * 1 + [long] * 9
    texts = chatty + quiet * 3
    labels = np.repeat(np.arange(4), sizes)
    mask = small_talk_themes(frame("interview", texts), texts, labels)
    assert mask.tolist() == [True] * 5 + [False] * 35
    every = chatty * 4
    assert not small_talk_themes(frame("interview", every), every, labels).any()

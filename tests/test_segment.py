"""Segmentation: turns -> excerpts with exact spans, sentence splitting, filler and boilerplate."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sensemaking.privacy import Pseudonymiser
from sensemaking.records import Document, Turn
from sensemaking.segment import (
    drop_boilerplate,
    is_filler,
    segment,
    sentence_spans,
    split_span,
    words,
)

MANIFEST = pd.DataFrame(
    [
        ("hub-001", "Sarah Whitfield", "Sal", "resident"),
        ("hub-201", "Helen Mayberry", "", "interviewer"),
    ],
    columns=["participant_id", "name", "aliases", "role"],
)


def sentence(i: int, n: int = 10) -> str:
    return " ".join([f"w{i}"] * (n - 1) + ["end."])


def interview(body: str, question: str = "What is the hub like, Sarah?") -> Document:
    text = f"Helen: {question}\nSarah: {body}\nHelen: Mm.\nSarah: Yeah.\n"
    q0 = 7
    b0 = q0 + len(question) + len("\nSarah: ")
    m0 = b0 + len(body) + len("\nHelen: ")
    y0 = m0 + len("Mm.\nSarah: ")
    turns = (
        Turn(
            q0, q0 + len(question), "Helen", 1, 1, participant="hub-201", speaker_role="interviewer"
        ),
        Turn(
            b0,
            b0 + len(body),
            "Sarah",
            2,
            2 + body.count("\n"),
            participant="hub-001",
            speaker_role="participant",
        ),
        Turn(m0, m0 + 3, "Helen", 3, 3, participant="hub-201", speaker_role="interviewer"),
        Turn(y0, y0 + 5, "Sarah", 4, 4, participant="hub-001", speaker_role="participant"),
    )
    return Document(
        "int/Sarah.txt", "txt", "interview", text, turns, "c0ffee", {"date": "2026-04-01"}
    )


@pytest.fixture
def ps(tmp_path):
    return Pseudonymiser(MANIFEST, tmp_path / "private")


@pytest.mark.parametrize(
    "text",
    [
        "yeah",
        "Mm.",
        "Mm-hmm, yeah yeah.",
        "Um, I don't know.",
        "[laughs]",
        "No comment.",
        "n/a",
        "  ",
        "Dunno, mate"[:6],
        "Nothing.",
    ],
)
def test_filler(text):
    assert is_filler(text)


@pytest.mark.parametrize(
    "text",
    ["Yes, you can record.", "I don't know why they closed it.", "Rent arrears", "No bus."],
)
def test_not_filler(text):
    assert not is_filler(text)


def test_long_turn_splits_into_balanced_sentence_groups():
    body = " ".join(sentence(i) for i in range(20))  # 200 words, 20 sentences
    spans = split_span(body, 0, len(body), 90)
    assert [words(body[s:e]) for s, e in spans] == [60, 70, 70]
    assert spans[0][0] == 0 and spans[-1][1] == len(body)
    assert all(body[e - 4 : e] == "end." for _, e in spans)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 40), min_size=2, max_size=30))
def test_a_long_paragraph_splits_as_evenly_as_the_exact_split(sizes):
    """Past `EXACT_SPLIT_STEPS` runs are packed greedily under the least bound: the same
    number of groups and the same largest group as the exact split."""
    from sensemaking import segment as seg

    k = -(-sum(sizes) // 90)
    while (exact := seg._balanced_cuts(sizes, k, 90)) is None:
        k += 1
    packed = seg._packed_cuts(sizes, k, 90)

    def largest(cuts):
        return max(sum(sizes[a:b]) for a, b in itertools.pairwise([0, *cuts, len(sizes)]))

    assert packed is not None and len(packed) == len(exact) and largest(packed) == largest(exact)


def test_a_paragraph_of_a_million_characters_is_split_in_seconds():
    # A pasted export with no line breaks: spaCy refused it (over a million characters),
    # then the exact split took minutes and the speaker-label check went back over the
    # whole line for every sentence.
    text = " ".join(["People said the bus is a problem since June."] * 23_000)
    spans = split_span(text, 0, len(text), 90)
    assert len(spans) == 2_300 and max(words(text[a:b]) for a, b in spans) == 90


def test_sentence_longer_than_max_words_is_cut_between_words():
    body = " ".join(f"w{i}" for i in range(150))
    spans = split_span(body, 0, len(body), 90)
    assert [words(body[s:e]) for s, e in spans] == [75, 75]


def test_a_bracket_opening_the_next_sentence_goes_with_it():
    # spaCy's sentencizer keeps punctuation after a full stop in the sentence it ends,
    # which cut "[laughs]" in two: "legs. [" and "laughs] Every month."
    text = "My wife holds my legs. [laughs] Every month. He said no. (He never says yes.) Fine."
    assert [text[s:e] for s, e in sentence_spans(text, 0, len(text))] == [
        "My wife holds my legs.", "[laughs] Every month.", "He said no.", "(He never says yes.)", "Fine."]


def test_segment_rows(ps):
    body = "Sarah here, it's the warm space.\n\n" + " ".join(sentence(i) for i in range(12))
    out = ps.apply(interview(body))
    rows, counts = segment(out, max_words=90, min_words=3)
    doc = out.document
    assert counts == {
        "turns": 4,
        "context_turns": 2,
        "excerpts": 2,
        "filler": 1,
        "short": 0,
        "empty": 0,
        "letterhead": 0,
        "split_turns": 1,
    }
    assert [r["text"].split("\n")[0][:20] for r in rows] == [
        "P01 here, it's the w",
        "w6 w6 w6 w6 w6 w6 w6",
    ]
    for r in rows:
        assert doc.text[r["char_start"] : r["char_end"]] == r["text"]
        assert r["participant_id"] == "P01" and r["speaker_role"] == "participant"
        assert r["question"] == "What is the hub like, P01?"
        assert r["source_id"] == "int/P01.txt" and r["date"] == "2026-04-01"
        assert words(r["text"]) <= 90
    assert [(r["line_start"], r["line_end"]) for r in rows] == [(2, 4), (4, 4)]


def conversation(*turns: tuple[str, str]) -> Document:
    """An interview from (speaker, text) pairs; Helen asks, Sarah answers."""
    text, spans = "", []
    for line, (speaker, said) in enumerate(turns, start=1):
        start = len(text) + len(speaker) + 2
        text += f"{speaker}: {said}\n"
        role, pid = ("interviewer", "hub-201") if speaker == "Helen" else ("participant", "hub-001")
        spans.append(Turn(start, start + len(said), speaker, line, line, participant=pid, speaker_role=role))
    return Document("int/Sarah.txt", "txt", "interview", text, tuple(spans), "c0ffee", {})


def test_a_question_answered_only_by_filler_stays_open(ps):
    doc = conversation(
        ("Helen", "You mentioned the pantry?"), ("Sarah", "Yes."),
        ("Helen", "Tell me a bit about that?"), ("Sarah", "I went once and I don't go again."),
        ("Helen", "Why not?"), ("Sarah", "The queue is on the street, everybody sees you."),
    )
    rows, _ = segment(ps.apply(doc), max_words=90, min_words=3)
    assert [r["question"] for r in rows] == ["You mentioned the pantry? Tell me a bit about that?", "Why not?"]


def test_excerpt_ids_survive_pseudonym_changes(tmp_path):
    body = "Sarah said the pantry saved her. " + " ".join(sentence(i) for i in range(12))
    first = Pseudonymiser(MANIFEST, tmp_path / "a")
    other = pd.concat(
        [
            pd.DataFrame([("hub-000", "Zed Jones", "", "resident")], columns=MANIFEST.columns),
            MANIFEST,
        ]
    )
    second = Pseudonymiser(other, tmp_path / "b")
    rows_a, _ = segment(first.apply(interview(body)), max_words=90, min_words=3)
    rows_b, _ = segment(second.apply(interview(body)), max_words=90, min_words=3)
    assert rows_a[0]["text"].startswith("P01 said") and rows_b[0]["text"].startswith("P02 said")
    assert [r["excerpt_id"] for r in rows_a] == [r["excerpt_id"] for r in rows_b]
    assert len({r["excerpt_id"] for r in rows_a}) == len(rows_a)


def _notes(answers: list[str], kind: str = "notes") -> Document:
    text = "\n\n".join(answers) + "\n"
    turns, pos = [], 0
    for i, answer in enumerate(answers):
        meta = {"author": "Rachel Dunn", "area": "Northfield", "date": f"2026-01-0{i + 1}"}
        if kind == "survey":
            meta = {"question": "What would you change?"}
        turns.append(
            Turn(
                pos,
                pos + len(answer),
                line_start=i + 2,
                line_end=i + 2,
                metadata=meta,
                participant=f"s.csv##{i}" if kind == "survey" else None,
                speaker_role="respondent" if kind == "survey" else "author",
            )
        )
        pos += len(answer) + 2
    return Document("notes.csv", "csv", kind, text, tuple(turns), "n0tes")


def test_notes_stay_whole_unless_very_long(ps):
    long_note = " ".join(sentence(i) for i in range(12))  # 120 words: under 2 x 90
    very_long = " ".join(sentence(i) for i in range(25))  # 250 words
    rows, counts = segment(
        ps.apply(_notes(["Rent arrears up.", long_note, very_long, "n/a"])),
        max_words=90,
        min_words=3,
    )
    assert [words(r["text"]) for r in rows] == [3, 120, 80, 80, 90]
    assert counts["filler"] == 1 and counts["split_turns"] == 1
    assert {r["author"] for r in rows} == {"Organiser A"}  # not in the manifest: a new letter
    assert rows[0]["participant_id"] is None and rows[0]["area"] == "Northfield"
    assert rows[0]["date"] == "2026-01-01" and rows[0]["question"] is None


def test_short_survey_answers_are_answers(ps):
    rows, counts = segment(
        ps.apply(_notes(["Housing", "Nothing.", "More buses"], "survey")), max_words=90, min_words=3
    )
    assert [(r["text"], r["participant_id"], r["question"]) for r in rows] == [
        ("Housing", "R0001", "What would you change?"),
        ("More buses", "R0003", "What would you change?"),
    ]
    assert counts["filler"] == 1


def test_drop_boilerplate_needs_three_sources():
    consent = "This is being recorded but it is all anonymous and you can stop at any time."
    rows = [
        {"source_id": s, "text": t}
        for s, t in [
            ("a", consent),
            ("b", consent.upper()),
            ("c", consent + " Ok."),
            ("a", "The pantry is busy on Tuesdays and the queue is long."),
            ("d", "Only two sources say this sentence here, which is fine."),
            ("e", "Only two sources say this sentence here, which is fine."),
        ]
    ]
    kept, dropped = drop_boilerplate(rows)
    assert dropped == 3
    assert [r["source_id"] for r in kept] == ["a", "d", "e"]


def test_boilerplate_found_mid_text_and_only_shared_texts_are_split(monkeypatch):
    import sensemaking.segment as seg

    header = "Kestrel Vale hubs programme, interview notes, version 2 of 2026."
    rows = [{"source_id": s, "text": f"Okay then. {header}"} for s in "abc"]
    rows += [{"source_id": "d", "text": "Something said once, in one place only, nowhere else."}]
    split = []
    real = seg.sentence_spans
    monkeypatch.setattr(seg, "sentence_spans", lambda t, a, b: split.append(t) or real(t, a, b))
    kept, dropped = drop_boilerplate(rows)
    assert dropped == 3 and [r["source_id"] for r in kept] == ["d"]
    assert split == [rows[0]["text"]]  # one distinct shared text, split once


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 60), min_size=1, max_size=30), st.integers(20, 120))
def test_split_covers_turn_in_order_within_limit(lengths, max_words):
    body = " ".join(sentence(i, n) for i, n in enumerate(lengths))
    spans = split_span(body, 0, len(body), max_words)
    assert spans[0][0] == 0 and spans[-1][1] == len(body)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    assert all(words(body[s:e]) <= max_words for s, e in spans)
    assert sum(words(body[s:e]) for s, e in spans) == words(body)

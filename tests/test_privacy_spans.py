"""Offsets survive pseudonymisation exactly: property tests over random turns and planted data."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sensemaking.privacy import Pseudonymiser
from sensemaking.privacy.spans import Match, replace, resolve
from sensemaking.records import Document, Turn

MANIFEST = pd.DataFrame(
    [("hub-001", "Sarah Whitfield", "Sal", "resident"), ("hub-002", "Will Green", "", "resident")],
    columns=["participant_id", "name", "aliases", "role"],
)
PIECES = [
    "Sarah",
    "Whitfield",
    "Will",
    "will",
    "Mr Green's",
    "sal@x.com",
    "07700 900123",
    "LS6 2AB",
    "14 Tanner Street",
    "@salw",
    "www.x.org",
    "the",
    "green",
    "May",
    "Hi",
    "tea",
    ".",
    ",",
    "\n",
    " ",
    "  ",
    "\n\n",
    ":",
]


@pytest.fixture(scope="module")
def pseudonymiser(tmp_path_factory):
    return Pseudonymiser(MANIFEST, tmp_path_factory.mktemp("p") / "private")


@st.composite
def documents(draw):
    """Random text from names, contact details and filler; turns on random cut points."""
    text = " ".join(draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40)))
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), min_size=2, max_size=10)))
    turns = tuple(
        Turn(a, b, "Sarah", participant="hub-001", speaker_role="participant")
        for a, b in zip(cuts[::2], cuts[1::2])
    )
    return Document("Sarah.txt", "txt", "interview", text, turns, "h")


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(doc=documents())
def test_turn_spans_map_back_to_original_boundaries(pseudonymiser, doc):
    out = pseudonymiser.apply(doc)
    new = out.document
    assert len(new.turns) == len(doc.turns)
    for old, turn in zip(doc.turns, new.turns):
        assert 0 <= turn.char_start <= turn.char_end <= len(new.text)
        assert out.original_offset(turn.char_start) == old.char_start
        assert out.original_offset(turn.char_end) == old.char_end
    offsets = [out.original_offset(i) for i in range(len(new.text) + 1)]
    assert offsets == sorted(offsets)
    assert offsets[0] == 0 and offsets[-1] == len(doc.text)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(doc=documents())
# A given name took the next word as its surname and hid a listed full name behind it.
@example(doc=Document("Sarah.txt", "txt", "interview", "Sarah Sarah Whitfield",
                      (Turn(0, 1, "Sarah", participant="hub-001", speaker_role="participant"),), "h"))
# A chat's mention: the handle pattern took "@Sarah" and the name behind it lost its surname.
@example(doc=Document("chat.txt", "txt", "conversation", "@Sarah Whitfield can you ask?", (), "h"))
def test_no_planted_value_survives(pseudonymiser, doc):
    text = pseudonymiser.apply(doc).document.text
    for value in ("Sarah", "Whitfield", "sal@", "07700", "LS6", "Tanner", "@salw", "www.x"):
        assert value not in text


@given(
    text=st.text(alphabet="ab \n", min_size=1, max_size=60),
    spans=st.lists(st.tuples(st.integers(0, 60), st.integers(1, 8), st.sampled_from(["X", "[Y]"]))),
    cuts=st.lists(st.integers(0, 60), max_size=6),
)
def test_replace_keeps_text_between_matches(text, spans, cuts):
    matches = [Match(s, min(s + n, len(text)), r, "k") for s, n, r in spans if s < len(text)]
    chosen = resolve(matches, [c for c in cuts if c <= len(text)])
    new, offsets = replace(text, chosen)
    for a, b in itertools.pairwise(chosen):
        assert a.end <= b.start
        assert new[offsets.to_new(a.end) : offsets.to_new(b.start)] == text[a.end : b.start]
    for c in cuts:
        if c <= len(text):
            assert offsets.to_original(offsets.to_new(c)) == c


def test_a_match_running_on_past_the_one_kept_widens_it():
    """A chat's mention "@Sarah Whitfield" is a handle ("@Sarah") and a name: the whole
    of it goes, as the longer of the two; a match inside another is still dropped."""
    handle, name = Match(0, 6, "[HANDLE]", "handle", 4), Match(1, 16, "P01", "name", 1)
    assert resolve([handle, name]) == [Match(0, 16, "P01", "name", 1)]
    assert resolve([name, Match(1, 6, "[NAME]", "given_name", 3)]) == [name]
    assert resolve([handle, name], [4]) == [Match(0, 4, "P01", "name", 1), Match(4, 16, "P01", "name", 1)]

"""Small-number disclosure and the shared charts, on tiny hand-made tables."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sensemaking import charts
from sensemaking.disclosure import (
    Disclosure,
    display_count,
    is_suppressed,
    shown_counts,
    shown_order,
    suppress,
)


@pytest.fixture
def people() -> pd.DataFrame:
    """12 speakers: 10 residents (6 North, 4 South), 2 partners in South; one note."""
    rows = [
        {
            "participant_id": f"P{i:02d}",
            "role": "resident" if i < 10 else "partner",
            "area": "North" if i < 6 else "South",
            "age_band": "65+" if i % 2 else "25-44",
            "quote_ok": i != 3,
            "author": None,
        }
        for i in range(12)
    ]
    rows.append(
        {
            "participant_id": None,
            "role": None,
            "area": "North",
            "age_band": None,
            "quote_ok": True,
            "author": "Organiser A",
        }
    )
    return pd.DataFrame(rows)


def test_full_attribution_when_the_group_is_big_enough(people):
    d = Disclosure.from_excerpts(people, k=3, attributes=("role", "area"))
    assert d.attribution("P00") == "P00 · resident, North"  # 6 North residents >= 3


def test_at_most_one_attribute_under_k(people):
    d = Disclosure.from_excerpts(people, k=5)
    # resident, North, 25-44 fits P00, P02, P04 only: 3 < 5 -> one attribute, the first big one
    assert d.attribution("P00") == "P00 · resident"
    # partner, South, ...: 2 partners < 5; South has 6 people -> area
    assert d.attribution("P10") == "P10 · South"
    assert d.attribution("P11") == "P11 · South"


def test_no_attribute_when_every_group_is_small(people):
    d = Disclosure.from_excerpts(people, k=11)
    assert d.attribution("P10") == "P10"
    assert d.shown("P00") == ()


def test_notes_are_attributed_to_their_author(people):
    d = Disclosure.from_excerpts(people, k=5)
    assert d.attribution(None, author="Organiser A") == "Organiser A"
    assert d.attribution(None, source_kind="document") == "document"


def test_quote_ok_no_is_not_quotable(people):
    d = Disclosure.from_excerpts(people, k=5)
    assert not d.quotable("P03")
    assert d.quotable("P04") and d.quotable(None)


def test_suppression_of_small_counts():
    counts = pd.Series([0, 1, 4, 5, 12], index=list("abcde"))
    out = suppress(counts, 5)
    assert out.isna().tolist() == [False, True, True, False, False]
    assert out["a"] == 0 and out["e"] == 12
    assert [display_count(v, 5) for v in counts] == ["0", "<5", "<5", "5", "12"]
    assert not is_suppressed(None, 5) and display_count(None, 5) == ""


def test_a_hidden_count_the_others_and_their_total_would_tell_is_hidden_with_one_more():
    """"resident 6, partner <5, staff 0" beside "7 participants" told the partner was 1."""
    assert shown_counts({"resident": 6, "partner": 1, "staff": 0}, 5) == {
        "resident": "*", "partner": "<5", "staff": "0"}
    # two hidden that may be 1 and 2 or 2 and 1 tell nothing; two that can only be ones do
    assert shown_counts({"a": 9, "b": 1, "c": 2}, 5) == {"a": "9", "b": "<5", "c": "<5"}
    assert shown_counts({"a": 9, "b": 12, "c": 1, "d": 1}, 5) == {"a": "*", "b": "12", "c": "<5", "d": "<5"}
    assert shown_counts({"a": 9, "b": 12}, 5) == {"a": "9", "b": "12"}
    # a board's "<5 people" beside a chart of voices that adds up to people and notes
    assert shown_counts({"a": 9, "b": 12}, 5, elsewhere=[3]) == {"a": "*", "b": "12"}
    assert ">9<" not in charts.who_raised_svg({"a": 9, "b": 12}, k=5, elsewhere=[3])
    # listed printed counts first, then "*", "<5" and 0, each by name: an order by the
    # hidden counts would tell them ("partner (*)" before "resident (5)" says partner is 5)
    counts = {"partner": 5, "resident": 5, "staff": 1, "youth": 0}
    shown = shown_counts(counts, 5)
    assert [(g, shown[g]) for g in shown_order(counts, shown)] == [
        ("resident", "5"), ("partner", "*"), ("staff", "<5"), ("youth", "0")]
    counts = {"elder": 3, "staff": 1, "resident": 9}
    assert shown_order(counts, shown_counts(counts, 5)) == ["resident", "elder", "staff"]


def test_who_raised_chart_hides_small_bars_and_is_repeatable():
    counts = {"Northfield": 7, "Riverside": 3, "Eastgate": 0}
    svg = charts.who_raised_svg(counts, k=5)
    assert svg.startswith("<svg") and "<dc:date>" not in svg and "<?xml" not in svg
    assert "&lt;5" in svg and ">3<" not in svg
    assert svg == charts.who_raised_svg(counts, k=5)
    assert svg.count("<path") < charts.who_raised_svg({**counts, "Riverside": 6}, k=5).count(
        "<path"
    )


def test_theme_map_is_repeatable_and_labels_every_theme():
    rng = np.random.default_rng(1)
    points = pd.DataFrame(
        {
            "x": rng.normal(size=200),
            "y": rng.normal(size=200),
            "theme_id": [f"T{i % 5:02d}" for i in range(200)],
        }
    )
    labels = {f"T{i:02d}": f"T{i:02d} label {i}" for i in range(5)}
    svg = charts.theme_map_svg(points, labels)
    assert svg == charts.theme_map_svg(points, labels)
    for text in labels.values():
        assert text in svg


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0, 600), st.floats(0, 400), st.floats(20, 160), st.floats(10, 30)),
        min_size=1,
        max_size=25,
    )
)
def test_placed_labels_never_overlap(items):
    anchors = [(x, y) for x, y, _, _ in items]
    sizes = [(w, h) for _, _, w, h in items]
    placed = charts.place_labels(anchors, sizes, (0, 0, 1000, 700))
    area = sum(w * h for w, h in sizes)
    if area > 1000 * 700 / 4:
        return  # crowded beyond what a map shows; placement may give up
    for a, b in itertools.combinations(placed, 2):
        assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
    for x0, y0, x1, y1 in placed:
        assert 0 <= x0 and 0 <= y0 and x1 <= 1000 and y1 <= 700


def test_palette_is_okabe_ito():
    assert charts.OKABE_ITO[:3] == ("#0072B2", "#E69F00", "#009E73")
    assert len({charts.theme_colour(i) for i in range(7)}) == 7


def test_a_count_of_people_or_notes_under_k_hides_the_other_beside_the_reports_voices():
    """The report gives a theme's voices (people, notes and documents); "11 people · <5
    notes" on its board told the notes by subtraction, and "33 voices, participants and
    notes" in the report read as a number left out."""
    from types import SimpleNamespace

    from sensemaking.boards.render import counts_line
    from sensemaking.reports.prose import _facts

    board = SimpleNamespace(excerpts=40, people=11, notes=4, documents=1, areas=3, few_voices=False)
    assert counts_line(board, 5) == "40 excerpts · some people · <5 notes · 1 document · 3 areas"
    assert counts_line(SimpleNamespace(**{**vars(board), "notes": 9}), 5) == (
        "40 excerpts · 11 people · 9 notes · 1 document · 3 areas")
    theme = {"voices": 15, "people": 11, "other_units": 4, "excerpts": 40, "stability": None}
    assert _facts(theme, 5) == "15 voices: some participants and fewer than 5 notes or documents · 40 excerpts"
    assert _facts({**theme, "people": 3, "other_units": 12}, 5).startswith(
        "15 voices: fewer than 5 participants and some notes or documents")

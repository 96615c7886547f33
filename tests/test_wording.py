"""The sentence helpers: where a quote too long for its box is cut."""

from __future__ import annotations

import pytest

from sensemaking.wording import trim

WARM = ("Oh, the warm room is lovely. They put the heating on and there is tea and biscuits "
        "and the papers. I would go every day if I could get there, honestly it is the best thing.")


@pytest.mark.parametrize("limit, expected", [
    (500, WARM),  # it fits: whole
    # a sentence's end, or a clause's, in the last part of the room: the quote reads whole
    (120, WARM[:98] + " …"),
    (150, WARM[:140] + "…"),
    # none near the end: the last word that fits
    (60, "Oh, the warm room is lovely. They put the heating on and…"),
])
def test_a_quote_is_cut_where_it_reads_best(limit, expected):
    assert trim(WARM, limit) == expected
    assert len(trim(WARM, limit)) <= limit

"""Quote cards: an ID people can say out loud, the quote, who said it, and a QR code.

A card ID is the team theme id and the card's number on that theme's board (`T03-05`):
short enough to write on a return sheet, and the QR code of the same ID lets a phone
read it back. On boards a long quote is trimmed at a word with an ellipsis; the card
sheets print it in full, in a size chosen by its length so it always fits the card.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
import segno

from ..disclosure import Disclosure

# (most characters, CSS class) for the cut-out cards: longer quotes get smaller type.
CARD_SIZES = ((170, "size-l"), (240, "size-m"), (340, "size-s"), (480, "size-xs"))
SMALLEST = "size-xxs"


@dataclass(frozen=True)
class Card:
    card_id: str
    theme_id: str
    excerpt_id: str
    text: str
    short: str
    attribution: str
    qr_svg: str = ""

    @property
    def trimmed(self) -> bool:
        return self.short != self.text

    @property
    def size_class(self) -> str:
        return next((cls for limit, cls in CARD_SIZES if len(self.text) <= limit), SMALLEST)


def trim(text: str, limit: int) -> str:
    """`text` cut at the last word boundary before `limit` characters, with an ellipsis."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-–—") + "…"


def qr_svg(card_id: str) -> str:
    """An inline SVG QR code of the card ID, sized by CSS (no width/height of its own)."""
    code = segno.make(card_id, error="m", micro=False)
    return code.svg_inline(scale=1, border=1, omitsize=True, svgclass="qr", lineclass=None)


def make_card(
    card_id: str,
    theme_id: str,
    quote: Mapping[str, Any],
    excerpts: pd.DataFrame,
    disclosure: Disclosure,
    limit: int,
) -> Card:
    """A card for one quote; text and speaker come from the excerpt table, not the quote."""
    excerpt_id = str(quote["excerpt_id"])
    rec = excerpts.loc[excerpt_id]
    text = " ".join(str(rec["text"]).split())
    return Card(
        card_id=card_id,
        theme_id=theme_id,
        excerpt_id=excerpt_id,
        text=text,
        short=trim(text, limit),
        attribution=disclosure.attribution(
            _clean(rec.get("participant_id")),
            author=_clean(rec.get("author")),
            source_kind=_clean(rec.get("source_kind")),
        ),
        qr_svg=qr_svg(card_id) if card_id else "",
    )


def _clean(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or str(value) == "":
        return None
    return str(value)

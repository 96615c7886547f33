"""Quote cards: an ID people can say out loud, the quote, who said it, and a QR code.

A card ID is the team theme id and the card's number on that theme's board (`T03-05`):
short enough to write on a return sheet, and the QR code of the same ID lets a phone
read it back. On boards a long quote is trimmed at a word with an ellipsis; the card
sheets print it in full, in the largest type whose lines fit the card's quote box
(measured with the font's own widths), so a long quote uses the card before it shrinks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import matplotlib
import pandas as pd
import segno
from fontTools.ttLib import TTFont

from ..disclosure import Disclosure
from ..wording import trim

# The quote's box on a cut-out card (`.cut blockquote` in boards.css: the 88 x 82 mm card
# less its insets), its line height, and the type sizes tried, largest first.
QUOTE_BOX_MM = (76.0, 45.0)
LINE_HEIGHT = 1.3
CARD_PT = tuple(x / 2 for x in range(26, 13, -1))  # 13, 12.5, ... 7 pt
MM_PER_PT = 25.4 / 72
SLACK = 0.97  # of the width: the text engine's line breaks and kerning differ a little


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
    def font_pt(self) -> float:
        """The type size of the quote on its cut-out card (with its quotation marks)."""
        return card_font_pt(f"“{self.text}”")


def card_font_pt(text: str) -> float:
    """The largest of CARD_PT at which `text` wraps into lines that fit QUOTE_BOX_MM, else
    the smallest (quotes of up to ~900 characters fit at 7 pt)."""
    width_mm, height_mm = QUOTE_BOX_MM
    words = [_width_em(w) for w in text.split()]
    space = _width_em(" ")
    for pt in CARD_PT:
        lines = _lines(words, space, SLACK * width_mm / (pt * MM_PER_PT))
        if lines * pt * LINE_HEIGHT * MM_PER_PT <= height_mm:
            return pt
    return CARD_PT[-1]


def _lines(words: list[float], space: float, width: float) -> int:
    """Lines that words of these widths fill when wrapped greedily at `width` (all in ems);
    a word wider than a line is broken across lines (`overflow-wrap: break-word`)."""
    lines, used = 0, width  # as if after a full line: the first word starts one
    for word in words:
        if used + space + word <= width:
            used += space + word
        else:
            lines += 1 + int(word // width)
            used = word % width
    return lines


def _width_em(text: str) -> float:
    """The advance width of `text` in DejaVu Sans, the packs' font, in ems."""
    widths, missing = _advances()
    return sum(widths.get(ord(c), missing) for c in text)


@lru_cache(maxsize=1)
def _advances() -> tuple[dict[int, float], float]:
    """Character -> advance width in ems of DejaVu Sans (matplotlib ships the font), and
    the width of a character it lacks."""
    font = TTFont(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf", lazy=True)
    em, metrics = font["head"].unitsPerEm, font["hmtx"].metrics
    widths = {code: metrics[glyph][0] / em for code, glyph in font.getBestCmap().items()}
    return widths, metrics[".notdef"][0] / em


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

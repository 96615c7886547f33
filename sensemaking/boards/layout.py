"""Which sheets a pack prints, in which order, and where each cut-out card sits.

A3 boards hold a whole theme on one sheet. On A4 (for teams without an A3 printer) a
board becomes two landscape sheets at the same type size, to tape side by side, rather
than one sheet shrunk below what can be read from a metre away.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..wording import trim
from .cards import Card
from .content import BESIDE_MAP, Pack, ThemeBoard

PAPERS = ("a3", "a4")
PROMPTS = (
    "What stands out?",
    "What surprises you?",
    "Who is missing?",
    "What could we do together?",
)
# (minutes, title, what happens, boards used): start and end times are summed from these.
AGENDA = (
    (
        10,
        "Welcome",
        (
            "Why we are here, where the words came from, how quotes are kept "
            "anonymous. Agree: no guessing who said what."
        ),
        "guide, overview",
    ),
    (
        20,
        "Review the data",
        (
            "In pairs, walk the boards for your table and read the quotes "
            "aloud. Put a sticky note on anything that stands out."
        ),
        "theme boards, cards",
    ),
    (
        20,
        "Spot patterns",
        (
            "Group the cards: which themes belong together, which should "
            "split? Place dots on what matters most."
        ),
        "theme boards, dots",
    ),
    (
        15,
        "Note surprises",
        (
            "Read the surprises board{s}. What surprised you, and what did you "
            "expect to see that is not there?"
        ),
        "surprises",
    ),
    (
        15,
        "Who's missing",
        "Whose voices are thin or absent? How could we reach them before deciding anything?",
        "who's missing",
    ),
    (
        10,
        "What next",
        "Decide per theme: keep, merge, rename, split or park. Fill the return sheet together.",
        "return sheet",
    ),
)
BLANK_ROWS = 8
# The printed return sheet (A4 landscape, rows 10 mm high in boards.css): how
# many rows its first page holds under the title, and each later page under the repeated
# column heads. Measured on the rendered sheet; a test renders it and checks.
RETURN_ROWS_FIRST, RETURN_ROWS_NEXT = 15, 17

# Cut-out cards on A4 portrait, in mm: 2 x 3 cards with gutters, crop marks outside the grid.
CARD_W, CARD_H, GUTTER, COLS, ROWS = 88.0, 82.0, 8.0, 2, 3
GRID_LEFT, GRID_TOP = (210 - COLS * CARD_W - (COLS - 1) * GUTTER) / 2, 15.0
MARK_GAP, MARK_LEN, MARK_W = 2.0, 5.0, 0.25


@dataclass(frozen=True)
class Slot:
    card: Card
    label: str
    x: float
    y: float
    w: float = CARD_W
    h: float = CARD_H


def agenda(pack: Pack) -> list[dict[str, Any]]:
    """The 90-minute agenda with start and end minutes, saying how many sheets the
    surprises board has when it has more than one."""
    sheets = len(_surprise_sheets(pack, pack.paper))
    s = " (both sheets)" if sheets == 2 else f" (all {sheets} sheets)" if sheets > 2 else ""
    steps, start = [], 0
    for minutes, title, text, boards in AGENDA:
        steps.append({"start": start, "end": start + minutes, "title": title,
                      "text": text.format(s=s), "boards": boards})
        start += minutes
    return steps


def sheets(pack: Pack) -> list[dict[str, Any]]:
    """Every sheet of the pack in print order, each a dict the templates read."""
    paper = "a3" if pack.paper == "a3" else "a4l"
    out: list[dict[str, Any]] = [{"template": "guide.html.j2"}]
    out += _overview(paper, pack.themes)
    for number, table in enumerate(pack.tables, start=1):
        for board in table:
            out += _board_sheets(board, paper, number)
    out += _surprise_sheets(pack, paper)
    out += _missing_sheets(paper, len(pack.missing))
    out += _card_sheets(pack)
    out.append({"template": "returns.html.j2"})
    return out


LIST_ROWS = {"a3": 18, "a4l": 11}  # rows per column on a sheet of the list


def _overview(paper: str, themes: tuple[ThemeBoard, ...]) -> list[dict[str, Any]]:
    base = {"template": "overview.html.j2", "paper": paper, "table": None}
    if paper == "a3" and len(themes) <= BESIDE_MAP:
        return [{**base, "part": 1, "parts": 1, "show_map": True, "themes": themes, "columns": 1,
                 "last": True}]
    per_sheet = 2 * LIST_ROWS[paper]
    chunks = [themes[i : i + per_sheet] for i in range(0, len(themes), per_sheet)] or [()]
    parts = 1 + len(chunks)
    out = [{**base, "part": 1, "parts": parts, "show_map": True, "themes": (), "columns": 0,
            "last": False}]
    for i, chunk in enumerate(chunks, start=2):
        out.append({**base, "part": i, "parts": parts, "show_map": False, "themes": chunk,
                    "columns": 2 if len(chunk) > LIST_ROWS[paper] else 1, "last": i == parts})
    return out


def _board_sheets(board: ThemeBoard, paper: str, table: int) -> list[dict[str, Any]]:
    base = {"template": "board.html.j2", "paper": paper, "board": board, "table": table}
    if paper == "a3":
        return [
            {
                **base,
                "part": 1,
                "parts": 1,
                "cards": board.cards[:6],
                "side": ("chart", "memo", "prompts", "dots"),
                "rings": 10,
                "sticky_title": "Sticky notes:",
                "sticky_hint": "what stands out? what surprises you?",
            }
        ]
    return [
        {
            **base,
            "part": 1,
            "parts": 2,
            "cards": board.cards[:3],
            "rings": 0,
            "side": ("chart", "memo", "stickies"),
            "sticky_title": "What stands out?",
            "sticky_hint": "Put sticky notes here.",
        },
        {
            **base,
            "part": 2,
            "parts": 2,
            "cards": board.cards[3:6],
            "rings": 6,
            "side": ("prompts", "dots", "stickies"),
            "sticky_title": "What surprises you?",
            "sticky_hint": "Sticky notes here.",
        },
    ]


def _chunks(items: Sequence, size: int) -> list[Sequence]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [items[:0]]


def _surprise_sheets(pack: Pack, paper: str) -> list[dict[str, Any]]:
    chunks = _chunks(pack.surprises, 4 if paper == "a3" else 2)
    return [
        {
            "template": "surprises.html.j2",
            "paper": paper,
            "table": None,
            "entries": chunk,
            "part": i,
            "parts": len(chunks),
        }
        for i, chunk in enumerate(chunks, start=1)
    ]


# Who's-missing items a sheet holds with the room's question under them: beside the charts
# on A3, and on a sheet of their own (A3 across its width, A4 landscape). Five items beside
# the charts ran off the foot of an A3 sheet and took the question with them.
GAPS_BESIDE_CHARTS, GAPS_A3_ALONE, GAPS_A4_ALONE = 3, 5, 3


def _missing_sheets(paper: str, items: int) -> list[dict[str, Any]]:
    """The who's-missing sheets: the charts first (with the first items on A3), then the
    items a sheetful at a time; the room's question closes the last sheet."""
    base = {"template": "missing.html.j2", "paper": paper, "table": None}
    beside = GAPS_BESIDE_CHARTS if paper == "a3" else 0
    alone = GAPS_A3_ALONE if paper == "a3" else GAPS_A4_ALONE
    spans = [(0, min(items, beside))] if paper == "a3" else [(0, 0)]
    while spans[-1][1] < items:
        spans.append((spans[-1][1], min(items, spans[-1][1] + alone)))
    if paper != "a3" and len(spans) == 1:
        spans.append((0, 0))  # A4: the question on a sheet of its own, as the items' sheet
    return [{**base, "part": i, "parts": len(spans), "show_coverage": i == 1,
             "show_gaps": i > 1 or paper == "a3", "gaps": span, "ask": i == len(spans)}
            for i, span in enumerate(spans, start=1)]


def _card_sheets(pack: Pack) -> list[dict[str, Any]]:
    """A4 sheets of cut-out cards, a new sheet for each table so tables can be dealt out."""
    out = []
    for table_no, table in enumerate(pack.tables, start=1):
        cards = [(c, b.label) for b in table for c in b.cards]
        for chunk in _chunks(cards, COLS * ROWS):
            if not chunk:
                continue
            out.append(
                {
                    "template": "cards.html.j2",
                    "table": table_no,
                    "number": len(out) + 1,
                    "slots": list(_slots(chunk)),
                    "marks": crop_marks(len(chunk)),
                }
            )
    return out


def _slots(chunk: Sequence[tuple[Card, str]]) -> Iterator[Slot]:
    for i, (card, label) in enumerate(chunk):
        row, col = divmod(i, COLS)
        yield Slot(
            card,
            trim(label, 34),
            GRID_LEFT + col * (CARD_W + GUTTER),
            GRID_TOP + row * (CARD_H + GUTTER),
        )


def crop_marks(n_cards: int) -> list[tuple[float, float, float, float]]:
    """Thin lines (left, top, width, height in mm) outside the grid at every cut line."""
    rows = max(1, -(-n_cards // COLS))
    cols = min(COLS, max(n_cards, 1))
    xs = sorted({GRID_LEFT + c * (CARD_W + GUTTER) + d for c in range(cols) for d in (0, CARD_W)})
    ys = sorted({GRID_TOP + r * (CARD_H + GUTTER) + d for r in range(rows) for d in (0, CARD_H)})
    top, bottom = ys[0], ys[-1]
    left, right = xs[0], xs[-1]
    marks = []
    for x in xs:
        for y0 in (top - MARK_GAP - MARK_LEN, bottom + MARK_GAP):
            marks.append((round(x - MARK_W / 2, 3), y0, MARK_W, MARK_LEN))
    for y in ys:
        for x0 in (left - MARK_GAP - MARK_LEN, right + MARK_GAP):
            marks.append((x0, round(y - MARK_W / 2, 3), MARK_LEN, MARK_W))
    return marks


def return_rows(pack: Pack) -> list[dict[str, str]]:
    """The printed return sheet's rows: one per theme on the boards."""
    return [{"card_id": b.theme_id, "label": b.label} for b in pack.themes]


def return_blank_rows(pack: Pack) -> int:
    """Blank rows under the themes on the return sheet: at least the `blank_rows` setting,
    and as many more as fill its last page, so the sheet ends at the foot of a page
    rather than spilling a theme or two onto a page of its own."""
    themes = len(pack.themes)
    rows = themes + int(pack.settings.get("blank_rows", BLANK_ROWS))
    pages = 1 + max(0, -(-(rows - RETURN_ROWS_FIRST) // RETURN_ROWS_NEXT))
    return RETURN_ROWS_FIRST + (pages - 1) * RETURN_ROWS_NEXT - themes

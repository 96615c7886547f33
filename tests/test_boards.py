"""Workshop packs on a synthetic project: pages, sizes, text, escaping, overflow, determinism."""

from __future__ import annotations

import json
import math
import re
import shutil
from dataclasses import replace
from pathlib import Path

import html5lib
import pandas as pd
import pytest
from boards_synthetic import LONG_QUOTE, SCRIPT_QUOTE, make_project, real_name
from pypdf import PdfReader
from weasyprint.formatting_structure import boxes

import sensemaking as sm
from sensemaking.boards import build_pack, layout, render_html
from sensemaking.boards.render import render_document
from sensemaking.boards.returns import write_return_files
from sensemaking.disclosure import Disclosure
from sensemaking.errors import ConfigError
from sensemaking.reports.content import build_content
from sensemaking.reports.inputs import load_inputs

A3 = (841.89, 1190.55)  # portrait width, height in pt
A4 = (595.28, 841.89)
FILES = ("pack.pdf", "boards.html", "return.csv", "return.xlsx", "cards.json")


@pytest.fixture(scope="module")
def a3_pack(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("a3") / "proj", n_themes=8, n_excerpts=300)
    return sm.open_project(root).board("june")


@pytest.fixture(scope="module")
def a4_pack(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("a4") / "proj", n_themes=4, n_excerpts=120)
    return sm.open_project(root).board("tables", paper="a4", tables=2)


@pytest.fixture(scope="module")
def a3_document(a3_pack):
    """The A3 pack laid out by WeasyPrint, its boxes ready to inspect."""
    return render_document((a3_pack / "boards.html").read_text())


def _sizes(pdf: Path) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(pdf).pages]


def _is(size: tuple[float, float], paper: tuple[float, float], landscape: bool) -> bool:
    want = (paper[1], paper[0]) if landscape else paper
    return all(math.isclose(a, b, abs_tol=1.5) for a, b in zip(size, want, strict=True))


def _text(pdf: Path) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages)


def _pack_of(folder: Path, **kwargs):
    return build_pack(sm.open_project(folder.parents[1]), folder.name, **kwargs)


def test_pack_files_are_written(a3_pack):
    assert sorted(p.name for p in a3_pack.iterdir()) == sorted(FILES)


def test_a3_page_count_and_sizes(a3_pack):
    pack = _pack_of(a3_pack)
    sizes = _sizes(a3_pack / "pack.pdf")
    a3 = [s for s in sizes if _is(s, A3, landscape=True)]
    # overview + one board per theme + one surprises board + one who's-missing board
    assert len(a3) == 1 + len(pack.themes) + math.ceil(len(pack.surprises) / 4) + 1
    card_sheets = math.ceil(len(pack.cards) / 6)
    portrait = [s for s in sizes if _is(s, A4, landscape=False)]
    assert len(portrait) >= card_sheets + 1  # the guide, then the card sheets
    assert _is(sizes[-1], A4, landscape=True)  # the return sheet
    assert len(a3) + len(portrait) + sum(_is(s, A4, True) for s in sizes) == len(sizes)


def test_a4_paper_has_no_a3_page_and_two_sheets_per_board(a4_pack):
    pack = _pack_of(a4_pack, paper="a4", tables=2)
    sizes = _sizes(a4_pack / "pack.pdf")
    assert not any(_is(s, A3, landscape=True) for s in sizes)
    text = [
        " ".join((p.extract_text() or "").split()) for p in PdfReader(a4_pack / "pack.pdf").pages
    ]
    for board in pack.themes:
        head = f"{board.theme_id} {board.label} {board.excerpts} excerpts"
        pages = [t for t in text if head in t and " of 2" in t]
        assert len(pages) == 2, board.theme_id


def test_tables_split_themes_and_cards(a4_pack):
    pack = _pack_of(a4_pack, paper="a4", tables=2)
    assert len(pack.tables) == 2 and all(pack.tables)
    assert sorted(b.theme_id for t in pack.tables for b in t) == sorted(
        b.theme_id for b in pack.themes
    )
    text = _text(a4_pack / "pack.pdf")
    assert "Table 1:" in text and "Table 2:" in text


def test_every_label_and_card_id_is_in_the_pdf(a3_pack):
    pack = _pack_of(a3_pack)
    text = _text(a3_pack / "pack.pdf")
    assert len(pack.cards) >= 4 * len(pack.themes)
    for board in pack.themes:
        assert board.label in text
    for card in pack.cards:
        assert re.fullmatch(r"T\d{2}-\d{2}", card.card_id)
        assert text.count(card.card_id) >= 2, card.card_id  # on its board and on its card


def test_no_personal_data_in_any_output(a3_pack):
    manifest = pd.read_csv(a3_pack.parents[1] / "data" / "participants.csv")
    names = list(manifest["name"]) + [n for full in manifest["name"] for n in full.split()]
    assert real_name(0) in names
    outputs = {"pdf": _text(a3_pack / "pack.pdf")}
    for name in ("boards.html", "return.csv", "cards.json"):
        outputs[name] = (a3_pack / name).read_text()
    for where, text in outputs.items():
        for name in names:
            assert name not in text, (where, name)
        assert "hub-0" not in text, where  # the manifest's own ids never leave it


def test_quote_ok_no_is_never_quoted(a3_pack):
    project = sm.open_project(a3_pack.parents[1])
    excerpts = project.excerpts
    refused = set(excerpts.loc[excerpts["quote_ok"] == False, "participant_id"])
    assert refused
    pack = _pack_of(a3_pack)
    quoted = excerpts.set_index("excerpt_id").loc[
        [c.excerpt_id for c in pack.cards], "participant_id"
    ]
    assert not set(quoted.dropna()) & refused
    html = (a3_pack / "boards.html").read_text()
    for pid in refused:
        assert f"{pid} ·" not in html and f">{pid}<" not in html


def test_html_parses_strictly_and_escapes_quotes(a3_pack):
    text = (a3_pack / "boards.html").read_text()
    html5lib.HTMLParser(strict=True).parse(text)
    tree = html5lib.parse(text, namespaceHTMLElements=False)
    assert tree.findall(".//script") == []
    quotes = ["".join(q.itertext()) for q in tree.iter("blockquote")]
    assert any(SCRIPT_QUOTE in q for q in quotes)
    assert "&lt;script&gt;alert" in text


def test_long_quote_trimmed_on_boards_full_on_cards(a3_pack):
    tree = html5lib.parse((a3_pack / "boards.html").read_text(), namespaceHTMLElements=False)
    board = [
        "".join(b.itertext())
        for f in tree.iter("figure")
        if "quote" in f.get("class", "").split()
        for b in f.iter("blockquote")
    ]
    cards = [
        "".join(b.itertext())
        for d in tree.iter("div")
        if d.get("class") == "cut"
        for b in d.iter("blockquote")
    ]
    start = LONG_QUOTE[:30]
    on_board = [q for q in board if q.startswith("“" + start)]
    on_card = [q for q in cards if q.startswith("“" + start)]
    assert on_board and on_card
    assert on_board[0].endswith("…”") and len(on_board[0]) < len(LONG_QUOTE) / 2
    assert on_card[0] == f"“{LONG_QUOTE}”"


def _edges(box) -> tuple[float, float, float, float]:
    x, y = box.border_box_x(), box.border_box_y()
    return x, y, x + box.border_width(), y + box.border_height()


def overflowing_text(document, tolerance: float = 0.75) -> list[tuple[int, str, str]]:
    """(page, class of the box it escapes, text) for every line outside an overflow:hidden box."""
    found: list[tuple[int, str, str]] = []

    def walk(box, clips, page):
        box = getattr(box, "_box", box)  # an absolutely positioned box's placeholder: the box
        if isinstance(box, (boxes.TextBox, boxes.ReplacedBox)):
            x0, y0, x1, y1 = _edges(box)
            for name, (cx0, cy0, cx1, cy1) in clips:
                t = tolerance
                if x0 < cx0 - t or y0 < cy0 - t or x1 > cx1 + t or y1 > cy1 + t:
                    found.append((page, name, getattr(box, "text", "(image)")[:40]))
                    break
            return
        style = getattr(box, "style", None)
        if style and style["text_overflow"] == "ellipsis":
            return  # a line cut short on purpose, its end shown as "…"
        if isinstance(box, boxes.BlockContainerBox) and style and style["overflow"] == "hidden":
            x, y = box.padding_box_x(), box.padding_box_y()
            name = box.element.get("class", "") if box.element is not None else ""
            clips = [*clips, (name, (x, y, x + box.padding_width(), y + box.padding_height()))]
        for child in getattr(box, "children", ()):
            walk(child, clips, page)

    for number, page in enumerate(document.pages, start=1):
        walk(page._page_box, [], number)
    return found


def test_no_text_overflows_its_box(a3_document):
    assert overflowing_text(a3_document) == []


def test_the_overflow_check_catches_untrimmed_quotes(a3_pack):
    project = sm.open_project(a3_pack.parents[1])
    project.settings["boards"]["trim_chars"] = 2000
    pack = build_pack(project, "june")
    one = (pack.themes[0],)
    document = render_document(render_html(replace(pack, themes=one, tables=(one,))))
    assert any("quote" in name for _, name, _ in overflowing_text(document))


def test_a4_pack_does_not_overflow(a4_pack):
    document = render_document((a4_pack / "boards.html").read_text())
    assert overflowing_text(document) == []


def _card_quotes(document) -> list[tuple[float, float, float]]:
    """(font size in pt, share of its box's height the text fills, share of the box's
    width) for every quote on the cut-out card sheets."""
    found = []
    for page in document.pages:
        stack = [(page._page_box, False)]
        while stack:
            box, on_card = stack.pop()
            box = getattr(box, "_box", box)  # an absolutely positioned box's placeholder: the box
            element = getattr(box, "element", None)
            tag, names = (element.tag, element.get("class", "")) if element is not None else ("", "")
            if on_card and tag == "blockquote" and isinstance(box, boxes.BlockBox):
                lines = [b for b in box.children if isinstance(b, boxes.LineBox)]
                used = lines[-1].position_y + lines[-1].height - box.content_box_y()
                wide = max(line.width for line in lines)
                found.append((box.style["font_size"] * 3 / 4, used / box.height, wide / box.width))
                continue
            on_card = on_card or "cut" in names.split()
            stack.extend((child, on_card) for child in getattr(box, "children", ()))
    return found


def test_quote_cards_fill_their_box_before_the_type_shrinks(a3_pack):
    """A long quote is set as large as its box allows: the sample's T01-03 was set in 8 pt
    with half its box empty. Quotes from 20 to 95 words, as excerpts come, each fill
    most of the box's height once their type is below the largest size, and none runs
    out of it (or past its right edge)."""
    pack = _pack_of(a3_pack)
    words = (LONG_QUOTE + " " + LONG_QUOTE).split()
    board = pack.themes[0]
    cards = tuple(replace(card, text=" ".join(words[:n]))
                  for card, n in zip(board.cards, (20, 35, 50, 65, 80, 95), strict=False))
    board = replace(board, cards=cards)
    document = render_document(render_html(replace(pack, themes=(board,), tables=((board,),))))
    quotes = _card_quotes(document)
    assert len(quotes) == len(cards) == 6
    shrunk = [(size, high) for size, high, _ in quotes if size < max(s for s, _, _ in quotes)]
    assert shrunk, "no quote was set below the largest size: the test checks nothing"
    assert all(high >= 0.8 for _, high in shrunk), quotes
    assert all(high <= 1 and wide <= 1.01 for _, high, wide in quotes), quotes
    assert overflowing_text(document) == []


def _boxes(box):
    """`box` and every box inside it, an absolutely positioned one's placeholder unwrapped."""
    box = getattr(box, "_box", box)
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _printed_lines(document, name: str) -> list[str]:
    """The text of each printed line of the blocks of class `name`."""
    found = []
    for page in document.pages:
        for box in _boxes(page._page_box):
            element = getattr(box, "element", None)
            if isinstance(box, boxes.LineBox) and element is not None and name in element.get("class", "").split():
                words = (b.text for b in _boxes(box) if isinstance(b, boxes.TextBox))
                found.append(" ".join(" ".join(words).split()))
    return found


def test_the_who_is_missing_legend_breaks_only_between_its_items(a3_document):
    """The legend's last item, "fewer than 5 shown as <5", wrapped with "<5" alone on
    the next line. Now "<5: fewer than 5", as on the theme boards, and on one line."""
    lines = _printed_lines(a3_document, "legend")
    assert len(lines) == 1 and lines[0].endswith("population share · <5: fewer than 5"), lines


@pytest.mark.parametrize("paper", ["a3", "a4"])
def test_every_who_is_missing_item_and_the_question_print_in_full(tmp_path, paper):
    """Seven long who's-missing items: they ran off the foot of the A3 sheet beside the
    charts, taking the room's question with them. Now the items go a sheetful at a time
    and the question closes the last sheet, once."""
    root = make_project(tmp_path / "p", n_themes=3, n_excerpts=90)
    path = root / ".sensemaking" / "surprises.json"
    template = json.loads(path.read_text())[0]
    words = "people from the estate behind the retail park, who work shifts and care for parents, "
    items = [{**template, "rank": r, "kind": "missing", "explanation": f"Finding {r}: few voices from {words * 2}",
              "question": f"Which of them have we not heard from, and how could we reach them (item {r})?",
              "evidence": []} for r in range(1, 8)]
    path.write_text(json.dumps(items))
    folder = sm.open_project(root).board("gaps", paper=paper)
    document = render_document((folder / "boards.html").read_text())
    assert overflowing_text(document) == []
    text = _text(folder / "pack.pdf")
    assert all(f"(item {r})?" in text for r in range(1, 8))
    assert text.count("Who else is missing from this conversation?") == 1


def test_board_text_is_at_least_14pt(a3_document):
    small = set()
    for page in a3_document.pages:
        if page.width < 1500:  # CSS px: A4 sheets (guide, cards, return sheet)
            continue
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            text = isinstance(box, boxes.TextBox) and box.text.strip()
            if text and box.style["font_size"] < 14 * 4 / 3 - 0.01:  # CSS px
                small.add(box.text[:30])
            stack.extend(getattr(box, "children", ()))
    assert not small


def test_same_inputs_same_html_and_sheets(a3_pack, tmp_path):
    pack = _pack_of(a3_pack)
    assert render_html(pack).encode() == (a3_pack / "boards.html").read_bytes()
    write_return_files(pack, tmp_path)
    for name in ("return.csv", "return.xlsx", "cards.json"):
        assert (tmp_path / name).read_bytes() == (a3_pack / name).read_bytes(), name


def test_return_sheet_has_fixed_columns_and_blank_rows(a3_pack):
    sheet = pd.read_csv(a3_pack / "return.csv", dtype=str, keep_default_na=False)
    assert list(sheet.columns) == [
        "card_id",
        "theme_id",
        "run_id",
        "decision",
        "target",
        "new_label",
        "dots",
        "note",
    ]
    pack = _pack_of(a3_pack)
    assert set(sheet["run_id"]) == {pack.run_id}
    assert (sheet["card_id"] == "").sum() == layout.return_blank_rows(pack) >= layout.BLANK_ROWS
    ids = set(sheet["card_id"]) - {""}
    assert ids == {b.theme_id for b in pack.themes} | {c.card_id for c in pack.cards}
    xlsx = pd.read_excel(a3_pack / "return.xlsx", dtype=str).fillna("")
    assert xlsx.equals(sheet)


def _return_rows_by_page(document) -> list[int]:
    """Rows of the printed return sheet on each of its pages, column heads left out."""
    counts = []
    for page in document.pages:
        rows, stack = 0, [(page._page_box, False)]
        while stack:
            box, inside = stack.pop()
            element = getattr(box, "element", None)
            if isinstance(box, boxes.TableBox) and "return" in element.get("class", ""):
                inside = True
            if inside and isinstance(box, boxes.TableRowGroupBox) and box.is_header:
                continue
            if inside and isinstance(box, boxes.TableRowBox):
                rows += 1
                continue
            stack.extend((child, inside) for child in getattr(box, "children", ()))
        if rows:
            counts.append(rows)
    return counts


@pytest.mark.parametrize("blank_rows", [0, 8, 30])
def test_return_sheet_ends_at_the_foot_of_a_page(a3_pack, blank_rows):
    """Blank rows fill the sheet's last page: no theme or two spilled onto a page of its own."""
    pack = _pack_of(a3_pack)
    pack = replace(pack, settings={**pack.settings, "blank_rows": blank_rows}, tables=())
    pages = _return_rows_by_page(render_document(render_html(pack)))
    assert pages[0] == layout.RETURN_ROWS_FIRST
    assert all(rows == layout.RETURN_ROWS_NEXT for rows in pages[1:])
    assert sum(pages) == len(pack.themes) + layout.return_blank_rows(pack)
    assert layout.return_blank_rows(pack) >= blank_rows


def test_long_theme_labels_do_not_push_the_return_sheet_onto_another_page(a3_pack):
    """A label too long for its column is cut to one line: one label wrapped onto two lines
    made its row taller, and the sheet ended with a page holding a single blank row (16
    themes of the sample project, "Old neighbour goes weeks" among them)."""
    pack = _pack_of(a3_pack)
    long = "Getting to the hub when the buses stop running after six"
    themes = tuple(replace(b, label=long) for b in pack.themes)
    pack = replace(pack, themes=themes, tables=())
    pages = _return_rows_by_page(render_document(render_html(pack)))
    assert pages[0] == layout.RETURN_ROWS_FIRST
    assert all(rows == layout.RETURN_ROWS_NEXT for rows in pages[1:])


def test_bad_arguments_are_config_errors(tmp_path):
    project = sm.open_project(make_project(tmp_path / "p", n_themes=3, n_excerpts=40))
    for kwargs in ({"paper": "letter"}, {"tables": 0}):
        with pytest.raises(ConfigError):
            project.board("june", **kwargs)
    with pytest.raises(ConfigError, match="session name"):
        project.board("../escape")


@pytest.mark.parametrize("paper", ["a3", "a4"])
def test_overview_of_many_themes_fits_its_sheets(tmp_path, paper):
    """40 themes: the map gets a sheet of its own, the list follows on sheets of two
    columns, every theme is listed once and nothing is cut off."""
    root = make_project(tmp_path / "proj", n_themes=40, n_excerpts=400)
    pack = build_pack(sm.open_project(root), "many", paper=paper)
    overview_only = replace(pack, tables=())  # no boards and no cards: the overview is what is tested
    page = render_html(overview_only)
    listed = re.findall(r'<td class="id"><span class="swatch"[^>]*></span>(T\d+)</td>', page)
    assert sorted(listed) == sorted(b.theme_id for b in pack.themes)
    sheets = re.findall(r'id="overview(?:-\d+)?"', page)
    assert len(sheets) == 3  # the map, then 36 (A3) or 22 (A4) themes a sheet
    assert overflowing_text(render_document(page)) == []


def test_a_theme_raised_in_the_room_has_a_board_that_says_so(a3_pack, tmp_path):
    """A theme the room raised, with no excerpts yet, gets a board for the next workshop:
    no quotes and no chart, said in words, not "No area recorded"."""
    root = tmp_path / "proj"
    shutil.copytree(a3_pack.parents[1], root)
    project = sm.open_project(root)
    new = project.workspace.create("Childcare for volunteers", by="amira").data["new_theme"]
    page = render_html(build_pack(project, "june"))
    board = page.split(f'id="{new}"', 1)[1].split("</section>", 1)[0]
    assert "Childcare for volunteers" in board and "No quotable excerpts yet" in board
    assert "No excerpts yet to count people by." in board and "recorded" not in board


def test_a_theme_of_fewer_than_k_voices_is_not_broken_down(a3_pack, tmp_path):
    """A chart of a theme's two voices by area ("Eastgate <5", nothing elsewhere) would
    place each of them, the one quoted beside it too: the board says why it has none,
    and the report draws no row for it either."""
    root = tmp_path / "proj"
    shutil.copytree(a3_pack.parents[1], root)
    project = sm.open_project(root)
    ws = project.workspace
    theme = ws.themes["theme_id"].iloc[0]
    two = ws.excerpts(theme).drop_duplicates("participant_id").dropna(subset=["participant_id"])
    new = ws.split(theme, two["excerpt_id"].head(2).tolist(), label="Two voices", by="amira").data["new_theme"]
    pack = build_pack(project, "june")
    board = next(b for b in pack.themes if b.theme_id == new)
    assert board.chart_svg == "" and board.unheard == "" and board.few_voices
    page = " ".join(render_html(pack).split())
    assert "Fewer than 5 voices: not broken down by area" in page
    assert "area" not in page.split(f'id="{new}"', 1)[1].split('class="counts">', 1)[1].split("</p>", 1)[0]
    inputs = load_inputs(project)
    content = build_content(inputs, Disclosure.for_project(project, inputs.excerpts))
    section = next(t for t in content["themes"] if t["theme_id"] == new)
    assert section["who"] == [] and section["few_voices"] and section["voices_shown"] == "<5"
    assert section["areas_shown"] == "–"  # how many areas would say they share one


def test_who_raised_it_counts_each_note_as_the_report_does(a3_pack):
    """An organiser's notes each record someone heard: "Who raised it" counts them one by
    one, as the theme's own counts and the report's "Areas" line do. Counted by author,
    a theme told in 35 notes by four organisers showed "<5" in every area of its board
    while the report gave the same theme "Hollins Park (18)"."""
    project = sm.open_project(a3_pack.parents[1])
    resolved = project.workspace.resolved().set_index("theme_id")
    pack = _pack_of(a3_pack)
    checked = 0
    for board in pack.themes:
        shown = re.findall(r"<text[^>]*>([^<]*)</text>", board.chart_svg)
        areas = resolved.loc[board.theme_id, "areas"]
        names, printed = shown[: len(shown) // 2], shown[len(shown) // 2:]
        for name, text in zip(names, printed, strict=True):
            voices = areas[name]
            # "*": hidden too, where it would tell a hidden one
            assert text in ((str(voices), "*") if voices >= pack.k else (f"&lt;{pack.k}",)), \
                (board.theme_id, name, text, voices)
            checked += text == str(voices)
    assert checked, "no area of any theme reached k: the test checks nothing"


def test_boards_count_a_document_as_one_voice_as_the_report_does(tmp_path):
    """A voice is one participant, one organiser note or one document. Boards left the
    document out: the sample's "Energy vouchers" board said "11 people · 33 notes" (44)
    where the report said 45 voices."""
    project = sm.open_project(make_project(tmp_path / "p", n_themes=4, n_excerpts=120, documents=12))
    voices = project.workspace.resolved().set_index("theme_id")["participants"]  # the report's count
    pack = build_pack(project, "june")
    with_document = [b for b in pack.themes if b.documents]
    assert with_document, "no theme holds a document: the test checks nothing"
    for board in pack.themes:
        assert board.people + board.notes + board.documents == voices[board.theme_id], board.theme_id
    page = " ".join(render_html(pack).split())
    head = with_document[0]
    assert re.search(rf"{head.excerpts} excerpts · (\d+|some) people · (\d+|&lt;5|some) notes · 1 document · ", page)
    assert '<td class="n">people</td><td class="n">notes</td><td class="n">documents</td>' in page
    assert "How many people, organisers' notes and documents raised each theme." in page.replace("&#39;", "'")


def test_every_surprise_the_report_lists_reaches_a_board(tmp_path):
    """Twelve ranked surprises, #5 and #6 about who was heard: the surprises board shows
    the first eight of the others, as the report does, and the who's-missing board #5 and
    #6. Before, both boards took places from one count of six, and the sample's rising
    bus-stop trend (#9) and confirmed damp expectation (#10) reached no board."""
    root = make_project(tmp_path / "p", n_themes=4, n_excerpts=120)
    path = root / ".sensemaking" / "surprises.json"
    template = json.loads(path.read_text())[0]
    items = [{**template, "rank": r, "kind": "missing" if r in (5, 6) else "trend",
              "explanation": f"Finding number {r}.", "question": f"Question {r}?", "evidence": []}
             for r in range(1, 13)]
    path.write_text(json.dumps(items))
    pack = build_pack(sm.open_project(root), "june")
    assert [s.rank for s in pack.surprises] == [1, 2, 3, 4, 7, 8, 9, 10]
    assert [s.rank for s in pack.missing] == [5, 6]
    page = " ".join(render_html(replace(pack, tables=())).split())
    for rank in (1, 9, 10):
        assert f"#{rank} Changing over time" in page and f"Finding number {rank}." in page
    assert "<b>#5</b> Finding number 5." in page and "Finding number 11." not in page
    assert "Read the surprises board (both sheets)." in page
    assert "(the 8 surprises ranked highest, with the numbers behind them)" in page
    assert "which has the surprises about who was heard (#5, #6)" in page


def test_a_header_gives_voices_under_k_as_its_chart_does(a3_pack, tmp_path):
    """A theme the room split off with one card: its header said "1 excerpt · 1 person ·
    1 area" beside a chart showing that area as "<5", which the header then gave away.
    People and notes under k are "<k" in headers and on the overview, as in charts."""
    root = tmp_path / "proj"
    shutil.copytree(a3_pack.parents[1], root)
    project = sm.open_project(root)
    pack = _pack_of(a3_pack)
    card = next(c for c in pack.themes[2].cards if c.attribution.startswith("P"))
    new = project.workspace.split(pack.themes[2].theme_id, [card.excerpt_id], label="Split off",
                                  by="workshop").data["new_theme"]
    page = " ".join(render_html(build_pack(project, "june")).split())
    board = page.split(f'id="{new}"', 1)[1].split("</section>", 1)[0]
    assert '<p class="counts">1 excerpt · &lt;5 people</p>' in board  # no area: it would place them
    assert "<svg" not in board and "Fewer than 5 voices: not broken down" in board  # no chart of one voice
    row = page.split(f"</span>{new}</td>", 1)[1].split("</tr>", 1)[0]
    assert '<td class="n">&lt;5</td>' in row and '<td class="n">1</td>' not in row
    assert "Fewer than 5 people or notes are shown as &lt;5, and beside them as *" in page


@pytest.mark.parametrize(("attribute", "groups", "line"), [
    ("area", ["Millbrook", "Hollins Park"], "None from Millbrook or Hollins Park."),
    ("age_band", ["65+"], "None aged 65+."),
    ("role", ["partner", "staff"], "No partners or staff."),
    ("area", ["A", "B", "C", "D"], "None from 4 other areas."),
    ("area", [], ""),
])
def test_the_line_under_a_chart_names_who_a_theme_has_no_voice_from(attribute, groups, line):
    from sensemaking.boards.content import _unheard

    assert _unheard(attribute, groups) == line


def test_a_return_sheet_running_on_says_so_on_its_next_page(a3_pack):
    """Its blank rows run on to a page of their own, which had no title."""
    from pypdf import PdfReader

    pages = [page.extract_text() for page in PdfReader(a3_pack / "pack.pdf").pages]
    first = next(i for i, text in enumerate(pages) if text.lstrip().startswith("Return sheet"))
    assert "continued" not in pages[first]
    assert all("Return sheet, continued" in text for text in pages[first + 1:])
    assert len(pages) > first + 1, "the return sheet fits one page: the test checks nothing"
    assert not any("continued" in text for text in pages[:first])


def test_the_rest_of_the_areas_is_drawn_last_and_the_legend_says_only_what_the_chart_shows():
    """An A4 board's chart sums the areas past the third as "other areas": it was sorted in
    among them by its count, and the note under every chart explained "<5" where none was."""
    from sensemaking.charts import who_raised_svg

    svg = who_raised_svg({"Eastgate": 20, "other areas": 30, "Riverside": 8}, k=5, last="other areas")
    labels = [t for t in re.findall(r">([^<>]+)<", svg) if t in ("Eastgate", "Riverside", "other areas")]
    assert labels == ["Eastgate", "Riverside", "other areas"]
    assert "&lt;5<" not in svg and "&lt;5<" in who_raised_svg({"Eastgate": 20, "Riverside": 3}, k=5)

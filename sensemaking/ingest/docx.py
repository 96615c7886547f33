"""`.docx` transcripts and documents (python-docx).

The body (paragraphs and tables, in order) becomes text, one line per paragraph, and is
then read like a `.txt` transcript. Word adds two shapes of its own: a bold speaker name
at the start of a paragraph (with or without a colon), and tables of turns (columns for
speaker, text and optionally time). Teams and Zoom `.docx` exports ("Name   0:03"
followed by the words) are read as in `.txt`. Line numbers count the body's paragraphs
and table rows. A document that is one table of notes under a header row (a log: Date |
Where | What happened) is read as a spreadsheet's notes are (`tables`), each row a note
with its date and area. Of the document properties only the title and subject are kept (they
are scrubbed like the text); author fields are not carried, as they name people. Text
is read as the document shows it with tracked changes accepted: insertions kept (Word's
paragraph text in python-docx leaves them out), deletions and text moved away left out.
What the writers noted about the text is not read at all: comments (and who made them),
headers and footers, footnotes and endnotes, the other properties (keywords, comments,
category, last modified by). They name who typed, checked or must be rung back, are no
one's words in the conversation, and no rule would know a name there for one.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace

import docx
import pandas as pd
from docx.enum.style import WD_STYLE_TYPE
from docx.table import Table
from docx.text.paragraph import Paragraph

from ..errors import InputError
from ..records import Document
from . import tables
from .base import TIMECODE, ReadOptions, clean_transcriber_tags, content_hash, unreadable
from .decode import normalise_newlines
from .labels import parse_turns

_LABELISH = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w'’. \-]{0,38}$")
_HEADERS = {
    "speaker": ("speaker", "name", "who", "person", "role"),
    "time": ("time", "timestamp", "timecode", "start", "at"),
    "text": ("text", "transcript", "utterance", "speech", "dialogue", "content", "what was said"),
}


def read(data: bytes, path: str, options: ReadOptions) -> Document:
    """Read a Word document into turns (or paragraphs when it has no speaker labels)."""
    try:
        document = docx.Document(io.BytesIO(data))
        headings = _heading_styles(document)
        asks = sum(_asks(p, headings) or bool(_asked_and_answered(p)) for p in document.paragraphs) >= 2
        log = _notes_table(document, headings, path, options)
        blocks = [] if log is not None else list(_blocks(document, headings=headings, asks=asks))
        props = document.core_properties
        metadata = {k: v for k, v in (("title", props.title), ("subject", props.subject)) if v}
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 -- zip/XML errors of a damaged file
        raise unreadable("a Word document", path, exc,
                         "open it in Word and save it again as .docx") from None
    if log is not None:
        table = tables.read_frames({None: log}, path, options, source_type="docx", digest=content_hash(data))
        return replace(table, metadata=metadata)
    lines, numbers, headings = [], [], set()
    for number, (block_lines, heading) in enumerate(blocks, start=1):
        for line in block_lines:
            if heading:
                headings.add(len(numbers) + 1)
            lines.append(clean_transcriber_tags(normalise_newlines(line)))
            numbers.extend([number] * (lines[-1].count("\n") + 1))
    text = "\n".join(lines) + "\n"
    if not text.strip():
        raise InputError("holds no text (is it a scanned image?); paste or type its text in",
                         path=path)
    turns, kind, header = parse_turns(text, known=options.known_labels, line_paragraphs=True,
                                          headings=frozenset(headings))
    turns = [_renumber(t, numbers) for t in turns]
    metadata = {**header, **metadata}
    return Document(path=path, source_type="docx",
                    source_kind=kind, text=text,
                    turns=tuple(turns), content_hash=content_hash(data), metadata=metadata)


def _renumber(turn, numbers: list[int]):
    """Text line numbers -> paragraph numbers."""
    return replace(turn, line_start=numbers[turn.line_start - 1], line_end=numbers[turn.line_end - 1])


# Text boxes anchored in a paragraph, each once: Word writes a copy for older readers
# (`mc:Fallback`) beside the one it shows.
_TEXT_BOXES = ".//*[local-name()='txbxContent'][not(ancestor::*[local-name()='Fallback'])]"


# A log kept as a Word table (Date | Where | What happened) says little outside it: a title,
# a line on who kept it. A report with a table in it says more, and is read as a document.
_LOG_PREAMBLE_WORDS = 60


def _notes_table(document, headings, path: str, options: ReadOptions) -> pd.DataFrame | None:
    """A document that is one table of notes, a row each under a header, with a date, area or
    author column (as a spreadsheet's notes are planned, `tables.plan_columns`): its rows as a
    table of strings whose index + 2 is each row's line (paragraphs and table rows counted
    as for any Word document); None for any other document. Its rows then carry their
    date, area and author, as a spreadsheet's do; the words around the table are passed over."""
    body = list(document.element.body.iterchildren())
    found = [child for child in body if child.tag.rsplit("}", 1)[-1] == "tbl"]
    if len(found) != 1:
        return None
    rows = [[_cell_text(cell) for cell in row.cells] for row in Table(found[0], document).rows]
    header = rows[0]
    if len(rows) < 3 or len(header) < 2 or not all(header) or len(set(header)) < len(header):
        return None  # no header row (a blank cell, or cells merged across it)
    frame = pd.DataFrame(rows[1:], columns=header)
    plan = tables.plan_columns(frame[(frame != "").any(axis=1)], options.columns, path, None)
    if plan is None or plan.kind != "notes" or not {"date", "area", "author"} & set(plan.roles):
        return None
    at = body.index(found[0])  # the words around it, read only for a table that is notes
    before, after = list(_blocks(document, body[:at], headings)), list(_blocks(document, body[at + 1:], headings))
    if sum(len(line.split()) for lines, _ in before + after for line in lines) > _LOG_PREAMBLE_WORDS:
        return None
    frame.index = range(len(before), len(before) + len(frame))
    return frame[(frame != "").any(axis=1)]


def _blocks(document, children=None, headings=None, asks=False):
    """Each body paragraph or table row, in order: (its text lines, whether it is a heading).
    Content controls (a form's fields, `w:sdt`) and text boxes are read through, as Word
    shows them. With `asks`, a question in bold or as a heading is the interviewer's
    (`_asks`), and so is a bold question opening a paragraph, the rest its answer
    (`_asked_and_answered`)."""
    headings = _heading_styles(document) if headings is None else headings
    for child in (children if children is not None else document.element.body.iterchildren()):
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            if asks and _asks(paragraph, headings):
                yield [f"Q: {_shown_text(paragraph).strip()}"], False
            elif asks and (answered := _asked_and_answered(paragraph)):
                yield [f"Q: {answered[0]} A: {answered[1]}"], False
            else:
                yield [_paragraph_line(paragraph)], child.style in headings
            for box in child.xpath(_TEXT_BOXES):  # a newsletter's boxes, after their anchor
                yield from _blocks(document, box.iterchildren(), headings, asks)
        elif tag == "tbl":
            yield from ((row, False) for row in _table_rows(Table(child, document)))
        elif tag == "sdt":
            for content in child.iterchildren("{*}sdtContent"):
                yield from _blocks(document, content.iterchildren(), headings, asks)


def _heading_styles(document) -> frozenset[str]:
    """The ids of the document's heading styles ("Heading 2", "Title", "Subtitle"), looked
    up once: asking each paragraph for its style scans every style the document defines
    (a quarter of a large ingest's time went there)."""
    return frozenset(
        style.style_id for style in document.styles
        if style.type == WD_STYLE_TYPE.PARAGRAPH and (name := style.name or "")
        and (name.startswith("Heading") or name in ("Title", "Subtitle"))
    )


# What a paragraph shows: its runs and links as python-docx reads them, and the runs a
# tracked change inserted or moved there (not those deleted or moved away), in fields,
# smart tags and content controls too.
_SHOWN = ("w:r | w:hyperlink | w:ins/w:r | w:ins/w:hyperlink | w:moveTo/w:r | w:smartTag/w:r"
          " | w:fldSimple/w:r | w:sdt/w:sdtContent/w:r")


def _shown_text(paragraph: Paragraph) -> str:
    """A paragraph's text with its tracked changes accepted."""
    return "".join(element.text for element in paragraph._p.xpath(_SHOWN))


def _asks(paragraph: Paragraph, headings: frozenset[str]) -> bool:
    """A paragraph that is one question in bold or as a heading ("How long have you lived
    here?"), as interview notes typed up in Word set the questions apart from the
    answers. Where a document has two or more, each becomes `Q: ...`, so the paragraphs
    after it are read as its answer (`labels.QUESTION_LABELS`)."""
    text = paragraph.text.strip()
    return (text.endswith("?") and len(text.split()) <= 40
            and (paragraph._p.style in headings or all(run.bold for run in paragraph.runs if run.text.strip())))


def _asked_and_answered(paragraph: Paragraph) -> tuple[str, str] | None:
    """(question, answer) of a paragraph that opens with a question in bold and answers it
    after ("**And the hub?** Brilliant, honestly."); None for any other."""
    bold = _bold_opening(paragraph)
    shown = _shown_text(paragraph)
    question, answer = bold.strip(), shown[len(bold):].strip()
    if question.endswith("?") and answer and shown.startswith(bold) and len(question.split()) <= 40:
        return question, answer
    return None


def _bold_opening(paragraph: Paragraph) -> str:
    """The text of the bold runs a paragraph opens with ("" where it opens plain)."""
    bold = ""
    for run in paragraph.runs:
        if not run.bold:
            break
        bold += run.text
    return bold


def _paragraph_line(paragraph: Paragraph) -> str:
    """Paragraph text; a leading bold speaker name becomes `Name: `."""
    text = _shown_text(paragraph)
    bold = _bold_opening(paragraph)
    label = bold.strip().rstrip(":").strip()
    if not label or not _LABELISH.match(label) or len(label.split()) > 4:
        return text
    rest = text[len(bold):].lstrip()
    if TIMECODE.fullmatch(rest.strip()):
        return f"{label}   {rest.strip()}"
    return f"{label}: {rest.lstrip(':').lstrip()}".rstrip()


def _table_rows(table: Table) -> list[list[str]]:
    """Each row of a table of turns as one `[time] Speaker: text` line (a header row as
    none); of questions and answers, `Q: ...` and `A: ...` (`_question_rows`); any other
    table, each row's cells as lines. A table set inside a cell is read in its place: a
    layout table around a table of turns had read as holding no text."""
    rows = [_dedupe([_cell_text(cell) for cell in row.cells]) for row in table.rows]
    inner = list(dict.fromkeys(t._tbl for row in table.rows for cell in row.cells for t in cell.tables))
    if inner:
        nested = [line for tbl in inner for line in _table_rows(Table(tbl, table._parent))]
        return [[cell for cell in row if cell] for row in rows if any(row)] + nested
    if asked := _question_rows(rows):
        return asked
    columns = _turn_columns([r for r in rows if any(r)]) if any(any(r) for r in rows) else None
    if columns is None:
        return [[cell for cell in row if cell] for row in rows]
    header, (speaker, text_col, time_col) = columns
    out: list[list[str]] = [[]] if header else []
    for row in rows[1 if header else 0:]:
        words = row[text_col] if text_col < len(row) else ""
        stamp = row[time_col] if time_col is not None and time_col < len(row) else ""
        who = row[speaker] if speaker < len(row) else ""
        prefix = f"[{stamp}] " if TIMECODE.fullmatch(stamp) else ""
        line = f"{prefix}{who}: {words}" if who and words else prefix + words
        out.append([line] if words else [])
    return out


_ANSWER_HEADERS = frozenset(("answer", "answers", "a", "response", "responses", "reply"))


def _question_rows(rows: list[list[str]]) -> list[list[str]] | None:
    """A table of two columns, questions and their answers (headed "Question" and
    "Answer", or its first column's cells asking, two or more), as interview templates
    keep them: each row `Q: ...` and `A: ...` (`labels.QUESTION_LABELS`), so the questions
    are the interviewer's and the answers excerpts; None for any other table."""
    filled = [r for r in rows if any(r)]
    if not filled or any(len(r) != 2 for r in filled):
        return None
    head = [c.casefold().rstrip(":") for c in filled[0]]
    headed = head[0] in tables.QUESTION_HEADERS and head[1] in _ANSWER_HEADERS
    body = filled[1:] if headed else filled
    if not headed and (len(body) < 2 or sum(q.rstrip().endswith("?") for q, _ in body) * 2 < len(body)):
        return None
    return [[f"Q: {q}", f"A: {a}"] if a else [f"Q: {q}"] for q, a in body]


def _cell_text(cell) -> str:
    """A table cell's text as Word shows it, its paragraphs joined on one line."""
    return " ".join(" ".join(map(_shown_text, cell.paragraphs)).split())


def _dedupe(row: list[str]) -> list[str]:
    """Merged cells repeat their text in python-docx; keep the first copy."""
    out: list[str] = []
    for cell in row:
        if not out or cell != out[-1]:
            out.append(cell)
    return out


def _turn_columns(rows: list[list[str]]):
    """(has_header, (speaker, text, time)) for a table of turns, else None."""
    first = [c.casefold() for c in rows[0]]
    found = {role: next((i for i, c in enumerate(first) if c in names), None)
             for role, names in _HEADERS.items()}
    if found["speaker"] is not None and found["text"] is not None:
        return True, (found["speaker"], found["text"], found["time"])
    width = max(len(r) for r in rows)
    if width < 2 or width > 3 or len(rows) < 2:
        return None
    lengths = [sum(len(r[i].split()) for r in rows if i < len(r)) / len(rows) for i in range(width)]
    text_col = max(range(width), key=lengths.__getitem__)
    times = [i for i in range(width) if all(TIMECODE.fullmatch(r[i]) for r in rows if i < len(r) and r[i])]
    others = [i for i in range(width) if i != text_col and i not in times]
    if len(others) != 1 or lengths[others[0]] > 4:
        return None
    return False, (others[0], text_col, times[0] if times else None)

"""`.pdf` documents and transcripts: the text layer (pypdf), with page numbers.

Pages are joined with a blank line between them. A PDF with speaker labels is read as a
transcript; otherwise it is read again in pypdf's layout mode, whose blank lines mark the
paragraphs (the plain text layer has none; a page set in columns keeps its plain text),
and each paragraph or list item is a turn of the document (kind `document`). Running
heads and feet ("Food Bank · page 1 of 2": the same line, digits aside, at the top or
bottom of most pages) and bare page numbers are left out. A scanned PDF without a text
layer is refused with a message to run OCR first. Of the document information only the
title is kept (scrubbed like the text). Annotations (sticky notes, comments typed on the
page) and form fields' values are not read: they are not the page's text layer, and
name who reviewed or filled it in.
"""

from __future__ import annotations

import io
import logging
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import replace

from pypdf import PdfReader

from ..errors import InputError
from ..records import Document
from .base import ReadOptions, clean_transcriber_tags, content_hash, has_words, unreadable
from .decode import normalise_newlines
from .labels import parse_turns

logging.getLogger("pypdf").setLevel(logging.ERROR)  # it logs damaged-file details to stderr

_PAGE_NUMBER = re.compile(r"^\s*(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*$", re.IGNORECASE)
_PADDING = re.compile(r"(?<=\S) {2,}(?=\S)")  # layout mode's spaces for horizontal position
# A capitalised word broken over two lines by the typesetter: "Whit-" at a line's end,
# "field," opening the next (in lower case, with the punctuation after it). Only
# capitalised ones: a name must be whole for the pseudonymiser; "zero-" + "hours" may be a
# compound, and is left as typeset.
_BROKEN_WORD = re.compile(r"\b([A-Z][a-z'’]*)-\n([a-z][\w'’]*[,.;:!?)]*) ?")
_COLUMN_GAP = re.compile(r"\S {4,}\S")


def read(data: bytes, path: str, options: ReadOptions) -> Document:
    """Read the text layer of a PDF, page by page."""
    reader, title = _open(data, path)
    plain = _extract(reader, path, layout=False)
    text, page_of = _joined(_cleaned(plain, [False] * len(plain)))
    if not has_words(text):
        raise InputError("has no text layer (a scan?); run OCR on it first (e.g. ocrmypdf) "
                         "and ingest the result", path=path)
    turns, kind, header = parse_turns(text, known=options.known_labels, page_of=page_of)
    if kind == "document":
        # A page set in columns comes out of layout mode with the columns side by side,
        # line by line: it keeps its plain text, whose order is right, in 90-word excerpts.
        laid = [None if _in_columns(page) else page for page in _extract(reader, path, layout=True)]
        pages = [page if page is not None else fallback for page, fallback in zip(laid, plain)]
        text, page_of = _joined(_cleaned(pages, [page is not None for page in laid]))
        turns, _, header = parse_turns(text, known=options.known_labels, page_of=page_of)
    turns = [replace(t, line_start=None, line_end=None) for t in turns]  # pages locate them
    return Document(path=path, source_type="pdf",
                    source_kind=kind, text=text,
                    turns=tuple(turns), content_hash=content_hash(data),
                    metadata={**header, **({"title": title} if title else {})})


def _open(data: bytes, path: str) -> tuple[PdfReader, str | None]:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError("is password-protected; save an unprotected copy and ingest that",
                             path=path)
        info = reader.metadata
        return reader, str(info.title) if info and info.title else None
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 -- pypdf raises many kinds on damaged files
        raise _damaged(path, exc) from None


def _extract(reader: PdfReader, path: str, layout: bool) -> list[str]:
    """Each page's text layer, plain or in layout mode (lines placed as on the page)."""
    try:
        if layout:
            return [page.extract_text(extraction_mode="layout", layout_mode_space_vertically=True)
                    for page in reader.pages]
        return [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # noqa: BLE001 -- as in `_open`
        raise _damaged(path, exc) from None


def _damaged(path: str, exc: Exception) -> InputError:
    return unreadable("a PDF", path, exc, "open it and export or print it to PDF again")


def _in_columns(page: str) -> bool:
    """True when most full lines of a layout-mode page have a wide gap inside: columns."""
    lines = [line.strip() for line in page.split("\n") if len(line.strip()) >= 20]
    gapped = sum(bool(_COLUMN_GAP.search(line)) for line in lines)
    return gapped >= 3 and gapped > 0.3 * len(lines)


def _cleaned(raw: list[str], laid_out: list[bool]) -> list[str]:
    """Each page's text without running heads, feet and page numbers. A page in layout
    mode loses the spaces that placed its lines, and its runs of blank lines become one."""
    pages = [clean_transcriber_tags(normalise_newlines(text)).split("\n") for text in raw]
    pages = [[_PADDING.sub(" ", line.strip()) for line in lines] if laid else lines
             for lines, laid in zip(pages, laid_out)]
    running = _running_lines(pages)
    texts = []
    for lines in pages:
        kept = [ln for ln in lines if not _PAGE_NUMBER.match(ln) and _shape(ln) not in running]
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip("\n")
        texts.append(_BROKEN_WORD.sub(r"\1\2\n", text))  # "Whitfield,\n" for "Whit-\nfield, "
    return texts


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()))


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Lines (digits aside) that are the first or last line of more than half the pages,
    of two or more: running heads and feet."""
    if len(pages) < 2:
        return set()
    edges: Counter = Counter()
    for lines in pages:
        filled = [ln for ln in lines if ln.strip()]
        edges.update({_shape(ln) for ln in filled[:1] + filled[-1:]})
    return {shape for shape, n in edges.items() if n > len(pages) / 2}


def _joined(texts: list[str]):
    """The pages joined by blank lines, and a function from offset to page number."""
    starts, pos = [], 0
    for page_text in texts:
        starts.append(pos)
        pos += len(page_text) + 2

    def page_of(offset: int) -> int:
        return bisect_right(starts, offset)

    return "\n\n".join(texts) + "\n", page_of

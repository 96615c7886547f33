"""`.pdf` documents and transcripts: the text layer (pypdf), with page numbers.

Pages are joined with a blank line between them. A PDF with speaker labels is read as a
transcript; otherwise each paragraph is a turn of the document (kind `document`). A
scanned PDF without a text layer is refused with a message to run OCR first. Of the
document information only the title is kept (scrubbed like the text).
"""

from __future__ import annotations

import io
import logging
from bisect import bisect_right
from dataclasses import replace

from pypdf import PdfReader

from ..errors import InputError
from ..records import Document
from .base import ReadOptions, clean_transcriber_tags, content_hash, has_words, unreadable
from .decode import normalise_newlines
from .labels import parse_turns

logging.getLogger("pypdf").setLevel(logging.ERROR)  # it logs damaged-file details to stderr


def read(data: bytes, path: str, options: ReadOptions) -> Document:
    """Read the text layer of a PDF, page by page."""
    pages, title = _pages(data, path)
    texts = [clean_transcriber_tags(normalise_newlines(p)).strip("\n") for p in pages]
    if not any(has_words(t) for t in texts):
        raise InputError("has no text layer (a scan?); run OCR on it first (e.g. ocrmypdf) "
                         "and ingest the result", path=path)
    starts, pos = [], 0
    for page_text in texts:
        starts.append(pos)
        pos += len(page_text) + 2
    text = "\n\n".join(texts) + "\n"

    def page_of(offset: int) -> int:
        return bisect_right(starts, offset)

    turns, labelled, header = parse_turns(text, known=options.known_labels, page_of=page_of)
    turns = [replace(t, line_start=None, line_end=None) for t in turns]  # pages locate them
    return Document(path=path, source_type="pdf",
                    source_kind="interview" if labelled else "document", text=text,
                    turns=tuple(turns), content_hash=content_hash(data),
                    metadata={**header, **({"title": title} if title else {})})


def _pages(data: bytes, path: str) -> tuple[list[str], str | None]:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError("is password-protected; save an unprotected copy and ingest that",
                             path=path)
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
        title = str(info.title) if info and info.title else None
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 -- pypdf raises many kinds on damaged files
        raise unreadable("a PDF", path, exc, "open it and export or print it to PDF again") from None
    return pages, title

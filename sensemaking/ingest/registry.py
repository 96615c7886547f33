"""Which reader handles which file extension, and reading one file through it.

Reader modules are imported when a file of their format is first read: python-docx,
pypdf and webvtt cost start-up time a project without such files need not pay.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from ..errors import InputError
from ..records import Document
from .base import ReadOptions
from .decode import check_size

Reader = Callable[[bytes, str, ReadOptions], Document]

# extension -> module of sensemaking.ingest whose `read` handles it
READERS: dict[str, str] = {
    ".txt": "text",
    ".md": "text",
    ".docx": "docx",
    ".vtt": "subtitles",
    ".srt": "subtitles",
    ".csv": "tables",
    ".xlsx": "tables",
    ".pdf": "pdf",
}
_HINTS = {
    ".doc": "save it from Word as .docx",
    ".xls": "save it from Excel as .xlsx",
    ".rtf": "save it as .docx or .txt",
    ".odt": "save it as .docx",
    ".json": "export it as .txt, .csv or .vtt",
    ".mp3": "audio is not supported; transcribe it first",
    ".m4a": "audio is not supported; transcribe it first",
    ".wav": "audio is not supported; transcribe it first",
    ".mp4": "video is not supported; export its captions as .vtt",
    ".ods": "save it as .xlsx or .csv",
    ".pptx": "save its text as .pdf or .docx",
    ".eml": "copy the message, its From:, Sent: and Subject: lines too, into a .txt file",
    ".msg": "copy the message, its From:, Sent: and Subject: lines too, into a .txt file",
    ".html": "save it as .pdf or .txt",
    ".zip": "unzip it into data/raw/",
    # photos of a workshop's flipcharts and sticky notes
    **{ext: "photos are not read; type the notes up as .txt or .docx (or run OCR on a scan "
       "saved as PDF)" for ext in (".jpg", ".jpeg", ".png", ".heic", ".gif", ".tif", ".tiff")},
}


def supported_extensions() -> list[str]:
    return sorted(READERS)


def reader_for(path: str) -> Reader:
    """The reader for a file's extension, or InputError naming the formats accepted."""
    suffix = Path(path).suffix.lower()
    if suffix in READERS:
        return importlib.import_module(f"{__package__}.{READERS[suffix]}").read
    hint = _HINTS.get(suffix, "convert it to one of " + ", ".join(supported_extensions()))
    raise InputError(f"'{suffix or 'no extension'}' is not a format sensemaking reads; {hint}",
                     path=path)


def read_file(file: Path, rel: str, options: ReadOptions, *, max_mb: float) -> Document:
    """Read one source file (`rel`: its path under data/raw/, used in the Document)."""
    reader = reader_for(rel)
    check_size(file.stat().st_size, max_mb, rel)
    return reader(file.read_bytes(), rel, options)

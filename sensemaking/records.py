"""Small frozen records handed between pipeline stages.

A reader turns one file into a `Document` (its normalised text and the `Turn`s in it,
each with provenance). Privacy turns it into a pseudonymised `Document` with the same
shape; segmentation turns its turns into excerpt rows (see `tables.EXCERPT_COLUMNS`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Turn:
    """One speaker turn, note or answer, located in its document's text.

    `char_start:char_end` index `Document.text`. `speaker` is the label as written in the
    source ("Sarah", "INTERVIEWER", "Speaker 1") or None for notes and unlabelled text;
    ingest later resolves it to a manifest participant (`participant`) and `speaker_role`.
    """

    char_start: int
    char_end: int
    speaker: str | None = None
    line_start: int | None = None
    line_end: int | None = None
    page: int | None = None
    t_start: float | None = None
    t_end: float | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    participant: str | None = None
    speaker_role: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """One source file, read and normalised (utf-8 text, `\\n` line endings).

    `path` is relative to the project's `data/raw/`. `source_type` is the format
    (txt, md, docx, vtt, srt, csv, xlsx, pdf); `source_kind` what it is (interview,
    conversation, notes, survey, document). `metadata` holds front matter, document properties and the
    row of `data/sources.csv` for this file. `content_hash` identifies the raw bytes.
    """

    path: str
    source_type: str
    source_kind: str
    text: str
    turns: tuple[Turn, ...]
    content_hash: str
    metadata: dict[str, Any] = field(default_factory=dict)
    source_id: str | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file ingest could not use, and why (the reason never quotes its contents)."""

    path: str
    reason: str

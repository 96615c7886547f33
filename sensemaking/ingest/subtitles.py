"""`.vtt` and `.srt` captions (webvtt-py reads both), merged into speaker turns.

Speakers come from `<v Name>` voice tags or a `Name:` prefix; a cue without one
continues the current speaker's turn, so consecutive cues by one speaker become one turn
with the first cue's start and the last cue's end. `>>` (a speaker change in broadcast
captions) starts a new turn. Captions with no speakers at all (council meetings) become
turns of about a paragraph each: a new one after a pause or ~80 words.

The stored text is a readable transcript, one turn per line: `[00:01:02] Name: words`;
turns keep the lines of the caption file they came from as well as their times.
"""

from __future__ import annotations

import html
import io
import re
import warnings
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePosixPath

import webvtt

from ..errors import InputError
from ..records import Document, Turn
from .base import (
    IngestWarning,
    ReadOptions,
    clean_transcriber_tags,
    content_hash,
    has_words,
    numbered,
    seconds,
)
from .decode import decode
from .labels import COLON_LINE, could_be_speaker, is_generic, label_key

_VOICE = re.compile(r"<v(?:\.[\w.-]+)*\s+([^>]+?)\s*>")
_TAG = re.compile(r"<[^>]*>|\{\\[^}]*\}")  # markup, and SubStation override codes ({\an8})
_CHANGE = re.compile(r"^\s*(?:>>+|-\s)\s*")
_TIMING = re.compile(r"^\s*(?:\d+:)?\d+:\d+[.,]\d+\s*-->")
PAUSE_SECONDS = 2.0
PARAGRAPH_WORDS = 80


@dataclass(slots=True)
class _Piece:
    start: float
    end: float
    text: str
    speaker: str | None = None
    change: bool = False
    line_start: int | None = None
    line_end: int | None = None


def read(data: bytes, path: str, options: ReadOptions) -> Document:
    """Read captions into speaker turns with start and end times."""
    fmt = PurePosixPath(path).suffix.lower().lstrip(".")
    text = decode(data, path)
    if text.lstrip().startswith("WEBVTT"):  # a WebVTT file saved as .srt is read as what it is
        fmt = "vtt"
    raw = _mended(text, fmt)
    captions = _parse(raw, fmt, path)
    firsts = _first_text_lines(raw, len(captions))
    pieces = [p for c, first in zip(captions, firsts, strict=True) for p in _pieces(c, first)]
    _attribute(pieces, options.known_labels)
    text, turns = _render(_merge([p for p in pieces if has_words(p.text)]))
    if not turns:
        raise InputError("holds no caption text; check it is a caption file, not empty", path=path)
    return Document(path=path, source_type=fmt, source_kind="interview", text=text,
                    turns=tuple(turns), content_hash=content_hash(data))


# A timing line with a short or long arrow ("00:00:05.000 -> 00:00:09.000", "–>"), which
# the caption parser passes over, dropping the cue or joining it to the one before.
_LOOSE_TIMING = re.compile(r"^(\s*(?:\d+:)?\d+:\d+[.,]\d+[ \t]*)(?:-{1,3}|–|—)>?([ \t]*(?:\d+:)?\d+:\d+[.,]\d+.*)$")
_TIME_LIKE = re.compile(r"\d+:\d")
_SECONDS_MARK = re.compile(r"(?<=:\d\d)[.,](?=\d{3})")
_TIME = re.compile(r"(?:(\d+):)?(\d+):(\d+)(?=[.,]\d)")


def _carried(line: str) -> str:
    """A timing line with minutes or seconds of 60 or more carried over ("00:00:61.000"
    is 00:01:01.000): the caption parser dropped such a cue without a word."""
    def carry(m: re.Match) -> str:
        seconds = int(m[1] or 0) * 3600 + int(m[2]) * 60 + int(m[3])
        return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    return _TIME.sub(lambda m: carry(m) if int(m[2]) > 59 or int(m[3]) > 59 else m[0], line)


def _mended(raw: str, fmt: str) -> str:
    """Caption text with what the parser would lose put right, or said. webvtt-py drops a
    cue it cannot time, or joins it to the cue before, without a word. Here an arrow typed
    short or long becomes "-->", seconds take the format's decimal mark ("00:00:15,000" in
    a .vtt), an SRT cue number that is not a number ("abc", "Gwen Pryce intro") is replaced
    by one (a VTT cue's identifier too, which is never read), and a
    timing line still unreadable ("00:0x:05.000") is named in a warning."""
    lines = raw.split("\n")
    broken, carried = [], []
    decimal = "." if fmt == "vtt" else ","
    for i, line in enumerate(lines):
        if not _TIMING.match(line):
            if not (loose := _LOOSE_TIMING.match(line)):
                continue
            line = f"{loose[1].rstrip()} --> {loose[2].strip()}"
        if (mended := _carried(line)) != line:
            carried.append(i + 1)
        lines[i] = _SECONDS_MARK.sub(decimal, mended)  # "00:00:15,000" in a .vtt
        if _misnumbered(lines, i):
            lines[i - 1] = str(i)  # any number will do
    for i, line in enumerate(lines):
        opens_cue = i == 0 or not lines[i - 1].strip() or lines[i - 1].strip().isdigit()
        if not _TIMING.match(line) and ("-->" in line or (opens_cue and _TIME_LIKE.match(line.strip()))):
            broken.append(i + 1)
    if broken:
        warnings.warn(f"line {numbered(broken)}: a caption timing line that cannot be read (write it as "
                      "00:01:02.000 --> 00:01:05.000); that caption's text is left out",
                      IngestWarning, stacklevel=3)
    if carried:
        warnings.warn(f"line {numbered(carried)}: a caption time with 60 or more minutes or seconds "
                      "(00:00:61.000), read as the time it comes to (00:01:01.000); check the "
                      "export", IngestWarning, stacklevel=3)
    return "\n".join(lines)


def _misnumbered(lines: list[str], i: int) -> bool:
    """Is the line before the timing line `i` a cue number typed wrong ("abc", "Gwen's
    intro", "Sarah: part 2"): a line that opens a block, with no arrow? A cue's text
    comes after its timing line, so whatever opens the block is its number; a name in
    it was read as the words of the cue before."""
    before = lines[i - 1].strip() if i else ""
    return bool(before) and not before.isdigit() and (i < 2 or not lines[i - 2].strip()) \
        and "-->" not in before and not before.startswith("WEBVTT")


def _parse(text: str, fmt: str, path: str) -> list:
    other = "srt" if fmt == "vtt" else "vtt"
    for attempt in (fmt, other):
        captions = _try_parse(text, attempt)
        if captions:
            return captions
    raise InputError(
        f"no {fmt.upper()} captions found (a caption is a 'start --> end' line and its text); "
        "check the file is a caption export, or save it as .txt if it is a plain transcript",
        path=path,
    )


def _try_parse(text: str, fmt: str) -> list:
    """Captions, or [] when webvtt-py rejects the text (its errors quote the file)."""
    try:
        return webvtt.from_buffer(io.StringIO(text), format=fmt).captions
    except Exception:  # noqa: BLE001
        return []


def _first_text_lines(raw: str, n: int) -> list[int | None]:
    """Line number (in the file) of each cue's first text line: the line after its
    timing line. None for all when the timing lines and the parsed cues do not pair up."""
    timing = [i + 2 for i, line in enumerate(raw.split("\n")) if _TIMING.match(line)]
    return timing if len(timing) == n else [None] * n


def _pieces(caption, first_line: int | None) -> list[_Piece]:
    """One caption as pieces: split where a `>>` or a new voice tag changes speaker."""
    raw = clean_transcriber_tags(html.unescape("\n".join(caption.lines)))
    start, end = seconds(caption.start), seconds(caption.end)
    pieces: list[_Piece] = []
    for i, line in enumerate(raw.split("\n")):
        number = first_line + i if first_line is not None else None
        voice = _VOICE.search(line)
        change = bool(_CHANGE.match(_TAG.sub("", line)))
        words = _CHANGE.sub("", _TAG.sub("", line)).strip()
        if voice or change or not pieces:
            pieces.append(_Piece(start, end, words, voice[1].strip() if voice else None, change,
                                 number, number))
        elif words:
            pieces[-1].text = f"{pieces[-1].text} {words}".strip()
            pieces[-1].line_end = number
    return [p for p in pieces if p.text or p.speaker]


def _attribute(pieces: list[_Piece], known: frozenset[str]) -> None:
    """Take `Name:` prefixes off pieces whose label is trusted (as in `labels`: repeated,
    known, generic, or a short name in a dialogue); unlabelled pieces continue a turn."""
    found = [(p, m) for p in pieces if p.speaker is None and (m := COLON_LINE.match(p.text))]
    counts = Counter(label_key(m["label"]) for _, m in found)
    dialogue = any(n >= 2 for n in counts.values())
    for piece, m in found:
        key = label_key(m["label"])
        if counts[key] >= 2 or key in known or is_generic(key) or (dialogue and could_be_speaker(key)):
            piece.speaker, piece.text = m["label"].strip(), piece.text[m.end():].strip()
    if not any(p.speaker for p in pieces):
        return
    current = None
    for piece in pieces:
        if piece.speaker:
            current = piece.speaker
        elif not piece.change:
            piece.speaker = current


def _merge(pieces: list[_Piece]) -> list[_Piece]:
    """Consecutive pieces by one speaker become one turn; unattributed ones, paragraphs."""
    turns: list[_Piece] = []
    for piece in pieces:
        last = turns[-1] if turns else None
        if last is not None and not piece.change and _same_turn(last, piece):
            last.text = f"{last.text} {piece.text}".strip()
            last.end = max(last.end, piece.end)
            last.line_end = piece.line_end
        else:
            turns.append(_Piece(piece.start, piece.end, piece.text, piece.speaker, piece.change,
                                piece.line_start, piece.line_end))
    return turns


def _same_turn(last: _Piece, piece: _Piece) -> bool:
    if last.speaker is not None or piece.speaker is not None:
        return last.speaker == piece.speaker
    long_enough = len(last.text.split()) >= PARAGRAPH_WORDS and last.text.rstrip()[-1:] in ".?!"
    return piece.start - last.end < PAUSE_SECONDS and not long_enough


def _render(pieces: list[_Piece]) -> tuple[str, list[Turn]]:
    """The transcript text, one turn per line, and Turns whose spans cover the words."""
    parts: list[str] = []
    turns: list[Turn] = []
    pos = 0
    for piece in pieces:
        words = " ".join(piece.text.split())
        if not has_words(words):
            continue
        prefix = f"[{_clock(piece.start)}] " + (f"{piece.speaker}: " if piece.speaker else "")
        start = pos + len(prefix)
        turns.append(Turn(start, start + len(words), speaker=piece.speaker, t_start=piece.start,
                          t_end=piece.end, line_start=piece.line_start, line_end=piece.line_end))
        parts.append(prefix + words)
        pos += len(prefix) + len(words) + 2
    return "\n\n".join(parts) + ("\n" if parts else ""), turns


def _clock(t: float) -> str:
    whole = int(t)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"

"""What every reader shares: options, warnings, hashing, timecodes, transcriber tags.

A reader is a function `read(data: bytes, path: str, options: ReadOptions) -> Document`.
It raises `InputError` when the file cannot be used at all, and `warnings.warn(...,
IngestWarning)` for problems the user should hear about but that do not stop it (the
ingest report collects them). Neither ever quotes the file's contents.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..errors import InputError


class IngestWarning(UserWarning):
    """A recoverable problem with one source (listed in the ingest report)."""


class ReadAs(UserWarning):
    """How a source was read (a table's columns by role), no problem: listed in the ingest
    report and printed by `sensemaking ingest`, so a wrong guess is seen and mapped."""


@dataclass(frozen=True)
class ReadOptions:
    """Settings a reader may need.

    `columns`: the `[ingest.columns."<path>"]` mapping for this file (tables only).
    `known_labels`: casefolded speaker labels known to be people (manifest names, aliases,
    interviewer labels): a label seen once is trusted only if it is known.
    `age_bands`: the bands a survey's numeric age column is put into ("16-24", "65+"):
    those of `[population.age_band]`, so "who's missing" can compare them.
    """

    columns: Mapping[str, Any] = field(default_factory=dict)
    known_labels: frozenset[str] = frozenset()
    age_bands: tuple[str, ...] = ("16-24", "25-44", "45-64", "65+")


def content_hash(data: bytes) -> str:
    """Identity of a source's raw bytes (excerpt ids are derived from it)."""
    return hashlib.sha256(data).hexdigest()


# YAML front matter at the top of a `.txt` or `.md` file (`text`), kept blank in the
# stored text (`ingest.stored_text`).
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_TIMECODE = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
TIMECODE = re.compile(_TIMECODE)


def seconds(timecode: str) -> float:
    """'1:02' -> 62.0, '01:02:03.5' -> 3723.5, '00:00:02,709' -> 2.709."""
    parts = timecode.replace(",", ".").split(":")
    total = 0.0
    for part in parts:
        total = total * 60 + float(part)
    return round(total, 3)


# Transcriber markup: <UNSURE>words</UNSURE> keeps the words; self-closing tags such as
# <UNIN/> (unintelligible) become readable markers ("[inaudible]"). Other angle-bracket
# text (a pre-redacted "<NAME>") is left as it is.
_UNSURE = re.compile(r"</?\s*UNSURE\s*>", re.IGNORECASE)
_SELF_CLOSING = re.compile(r"<\s*([A-Za-z][A-Za-z_]*)\s*/>")
_TAG_WORDS = {"unin": "inaudible", "unintelligible": "inaudible", "inaudible_speech": "inaudible"}
_MARKER = re.compile(r"\[[^\]\n]{0,40}\]|\([^)\n]{0,40}\)")
_WORD = re.compile(r"[^\W\d_]{2,}|[^\W\d_]\b", re.UNICODE)


# A transcriber's time inside a turn, no one's words: "it was [00:12:33] terrible",
# "(00:12:33)", an f4 stamp "#00:13:40-2#" (not "at (10:30)", a time of day). Not a turn's
# own time: after its label ("Helen: [00:00:05] ..."), before a colon ("Helen (00:02):")
# or at the end of a line ("Speaker 1 [00:00:02]").
_INLINE_TIME = re.compile(rf"(?<=[^\W_]|[,.!?;])[ \t]+(?:\[{_TIMECODE}\]|\(\d{{1,2}}:\d{{2}}:\d{{2}}(?:[.,]\d{{1,3}})?\))"
                          r"(?![ \t]*(?::|$))"
                          r"|[ \t]*#\d{1,2}:\d{2}:\d{2}(?:[-.,]\d+)?#", re.MULTILINE)
# What each of those holds: most texts have none, and are spared the scan above.
_INLINE_TIME_HINT = re.compile(r"[\[(#]\d{1,2}:\d")


def clean_transcriber_tags(text: str) -> str:
    """Remove transcriber tags and times inside a turn without changing the line structure."""
    if _INLINE_TIME_HINT.search(text):
        text = _INLINE_TIME.sub("", text)
    if "<" not in text:
        return text
    text = _UNSURE.sub("", text)
    return _SELF_CLOSING.sub(lambda m: f"[{_TAG_WORDS.get(m[1].lower(), m[1].lower())}]", text)


def has_words(text: str) -> bool:
    """True when text has words outside bracketed markers like [inaudible] or (laughs)."""
    return bool(_WORD.search(_MARKER.sub(" ", text)))


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) so it neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def line_of(line_starts: list[int], offset: int) -> int:
    """1-based line number of a character offset, given each line's start offset."""
    lo, hi = 0, len(line_starts)
    while lo + 1 < hi:
        mid = (lo + hi) // 2
        if line_starts[mid] <= offset:
            lo = mid
        else:
            hi = mid
    return lo + 1


def line_starts(text: str) -> list[int]:
    """Start offset of every line in `text`."""
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    return starts


_ISO = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}")
# A date says its year: "2026", or the "26" of "3/3/26".
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)|(?<!\d)\d{1,2}[/.-]\d{1,2}[/.-]\d{2}(?!\d)")
_SIMPLE_DATE = re.compile(r"(?P<y1>\d{4})-(?P<m1>\d{1,2})-(?P<d1>\d{1,2})(?:[ T]00:00(?::00)?)?"
                          r"|(?P<d2>\d{1,2})/(?P<m2>\d{1,2})/(?P<y2>\d{4})")


_NUMBERED_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}\b")


def month_first(values: Iterable[Any]) -> bool:
    """True when dates written with numbers (12/25/2026) are month first (US): one of
    them has a second number over 12 and none a first number over 12."""
    pairs = [(int(m[1]), int(m[2])) for v in values if (m := _NUMBERED_DATE.match(str(v).strip()))]
    return any(b > 12 for _, b in pairs) and not any(a > 12 for a, _ in pairs)


def iso_date(value: Any, month_first: bool = False) -> str | None:
    """A date as YYYY-MM-DD: ISO as written, anything else day first (UK) unless
    `month_first` (see `month_first`); None if unreadable or if it has no year (a time
    of day alone, "3 March": `dates` gives those the year of their document's date)."""
    text = str(value).strip()
    if not _YEAR.search(text):
        return None  # pandas gives "now", "10:02" and "3 March" the clock's date or year 1
    if m := _SIMPLE_DATE.fullmatch(text):  # the common shapes, without pandas' slow path
        year, month, day = (m["y1"], m["m1"], m["d1"]) if m["y1"] else (m["y2"], m["m2"], m["d2"])
        if month_first and not m["y1"]:
            month, day = day, month
        try:
            return dt.date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            return None
    try:
        stamp = pd.Timestamp(text) if _ISO.match(text) else pd.to_datetime(text, dayfirst=not month_first)
    except (ValueError, TypeError, OverflowError):
        return None
    return None if pd.isna(stamp) else stamp.date().isoformat()


def iso_dates(values: Iterable[Any]) -> tuple[list[str | None], bool]:
    """Each value as YYYY-MM-DD (`iso_date`; None where empty or unreadable), all of them
    read month first when they are written so throughout (`month_first`): one column or
    one export keeps one convention. Also whether they were read month first."""
    values = list(values)
    us = month_first(v for v in values if v)
    return [iso_date(v, month_first=us) if v else None for v in values], us


def numbered(numbers: Iterable[int]) -> str:
    """Line or row numbers as a warning names them: the first ten, "and more"."""
    numbers = sorted(numbers)
    return ", ".join(map(str, numbers[:10])) + (" and more" if len(numbers) > 10 else "")


# What a parsing library's error says of the file, in words (its own message may quote
# content, so it is not shown): an Office file is a zip of XML parts.
_NOT_WHOLE = ("BadZipFile", "PackageNotFoundError", "InvalidFileException", "KeyError")


def unreadable(fmt: str, path: str, exc: BaseException, fix: str) -> InputError:
    """InputError for a file a parsing library rejected, saying what is likely wrong with
    it rather than only the library's exception name ("BadZipFile", "ValueError")."""
    name = type(exc).__name__
    why = ("it is damaged, password-protected, or another kind of file with this extension"
           if name in _NOT_WHOLE or isinstance(exc, (ValueError, OSError, AttributeError))
           else "its contents do not follow the format")
    return InputError(f"cannot be read as {fmt}: {why} ({name}); {fix}", path=path)

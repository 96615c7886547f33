"""Bytes to normalised text: the size limit, encodings and binary junk.

Sources come in utf-8 (with or without a BOM), utf-16 (Word's "Unicode text") and
cp1252 (older Windows tools). We try the strict, cheap decodings first and fall back to
charset-normalizer; then we refuse text that is mostly control characters, which is
what a binary file renamed to `.txt` looks like. Line endings become `\\n`.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from charset_normalizer import from_bytes

from ..errors import InputError

# C0 and C1 control characters other than tab, newline, carriage return and form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_CONTROL_BYTES = [bytes([b]) for b in (*range(9), 11, *range(14, 32))]
_BINARY = ("looks like binary data, not text; check the file opens in a text editor, or give it "
           "its real extension (.docx, .pdf, .xlsx)")
_LEGACY_CODECS = ("cp1252", "latin_1", "utf_16")
MAX_CONTROL_SHARE = 0.005
MAX_FOREIGN_SHARE_LEGACY = 0.3


def check_size(size: int, max_mb: float, path: str) -> None:
    """Refuse files over the size limit before reading them."""
    if size > max_mb * 1024 * 1024:
        raise InputError(
            f"file is {size / 1024 / 1024:.3g} MB, over the {max_mb:g} MB limit; split it, or "
            "raise [ingest] max_file_mb in sensemaking.toml",
            path=path,
        )
    if size == 0:
        raise InputError("file is empty; remove it or export it again", path=path)


def decode(data: bytes, path: str) -> str:
    """Decode a text source to a `str` with `\\n` line endings, or raise InputError."""
    if not data.strip():
        raise InputError("file is empty; remove it or export it again", path=path)
    text, legacy = _decode(data, path)
    text = normalise_newlines(text)
    _refuse_junk(text, legacy, path)
    if not text.strip():
        raise InputError("file holds no text; remove it or export it again", path=path)
    return text


def read_text_file(path: Path) -> str:
    """A file the team writes by hand (settings, word lists), in whatever encoding its
    editor saved (UTF-8 with or without a BOM, UTF-16 from Notepad, Windows-1252), with
    `\n` line endings; empty is allowed. InputError when it is no text."""
    return normalise_newlines(_decode(path.read_bytes(), str(path))[0])


def normalise_newlines(text: str) -> str:
    """`\\r\\n` and lone `\\r` become `\\n`; NFC so that equal words compare equal;
    no invisible characters (`visible`)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    return unicodedata.normalize("NFC", visible(text))


# Characters that show nothing yet split a word for every search: a soft hyphen (word
# processors' optional break, "Whit\u00adfield"), zero-width space, word joiner, a stray BOM.
# Spaces that keep words on one line (no-break, the narrow one iOS puts in numbers, figure
# and thin spaces) are plain spaces, and hyphens that do not break ("07700\u2011900123"
# from Word) plain hyphens: "07700\u00a0900123", "M14\u00a05RF" and "Doreen\u00a0Walsh"
# were no number, postcode or name to the patterns and name lists, and stayed.
_INVISIBLE = {
    **dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff")),
    **dict.fromkeys(map(ord, "\u00a0\u1680\u202f\u205f\u3000"), " "),
    **{code: " " for code in range(0x2000, 0x200B)},  # en quad ... hair space
    **dict.fromkeys(map(ord, "\u2010\u2011"), "-"),
}


def visible(text: str) -> str:
    """`text` without invisible characters, and with its no-break spaces and hyphens
    plain, so a name or a number typed with either is still one to the pseudonymiser."""
    return text.translate(_INVISIBLE)


def _decode(data: bytes, path: str) -> tuple[str, bool]:
    """Return (text, decoded_with_a_legacy_codec)."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec), False
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        pass
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return utf16, False
    sample = data[:200_000]
    if sum(sample.count(b) for b in _CONTROL_BYTES) > MAX_CONTROL_SHARE * len(sample):
        raise InputError(_BINARY, path=path)
    best = from_bytes(data, cp_isolation=list(_LEGACY_CODECS)).best()
    if best is None:
        raise InputError(
            "cannot tell its text encoding; save it again as UTF-8 (e.g. 'Save as', "
            "encoding UTF-8) and re-run",
            path=path,
        )
    return str(best), True


def _bomless_utf16(data: bytes) -> str | None:
    """utf-16 without a BOM: English text has a zero byte in every other position."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for zeros, codec in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros.count(0) > 0.7 * len(zeros):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


def _refuse_junk(text: str, legacy: bool, path: str) -> None:
    """Binary data decodes to control characters (or, via cp1252, to mojibake)."""
    sample = text[:200_000]
    visible = (len(sample) - sum(sample.count(ch) for ch in " \n\t\r\f")) or 1
    controls = len(_CONTROL.findall(sample))
    foreign = len(_NON_ASCII.findall(sample)) if legacy else 0
    if controls > MAX_CONTROL_SHARE * visible or foreign > MAX_FOREIGN_SHARE_LEGACY * visible:
        raise InputError(_BINARY, path=path)

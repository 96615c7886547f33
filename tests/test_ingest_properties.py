"""Property tests: whatever bytes or text a reader is fed, only InputError comes out,
and every turn it returns points at words inside the document text."""

from __future__ import annotations

import io

import docx
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_ingest_pdf import tiny_pdf

from sensemaking.errors import InputError
from sensemaking.ingest.base import ReadOptions
from sensemaking.ingest.registry import READERS, reader_for

EXTENSIONS = sorted(READERS)
OPTIONS = ReadOptions(known_labels=frozenset({"sarah", "helen"}))
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Readers report rows they could only partly read ("1 date(s) could not be read") as an
# IngestWarning, which ingest shows the user; on random input that is expected, not a failure.
pytestmark = pytest.mark.filterwarnings("ignore::sensemaking.ingest.base.IngestWarning")

# Text made of the pieces transcripts are made of, so the label and caption paths are hit.
PIECES = st.sampled_from([
    "Helen: ", "Sarah: ", "SPEAKER 1  0:05\n", "[00:01:02] ", "Q: ", "A: ", "I\t", "R   ",
    "00:00:01.000 --> 00:00:02.000\n", "WEBVTT\n\n", "1\n", "<v Sarah>", "<UNIN/>", "<UNSURE>",
    "---\n", "title: x\n", "# Heading\n", "**Mark:** ", ">> ", "\n", "\n\n", "\t", "  ",
    "words and more words", "é", "\u2028", "\r\n", ",", ";", '"', "text,id,date\n", "?",
])
STRUCTURED = st.lists(PIECES | st.text(max_size=12), max_size=40).map("".join)


def check(ext: str, data: bytes) -> None:
    try:
        doc = reader_for(f"file{ext}")(data, f"folder/file{ext}", OPTIONS)
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    for turn in doc.turns:
        assert 0 <= turn.char_start < turn.char_end <= len(doc.text)
        span = doc.text[turn.char_start:turn.char_end]
        assert span == span.strip()


@pytest.mark.parametrize("ext", EXTENSIONS)
@FAST
@given(data=st.binary(max_size=2000))
def test_random_bytes(ext, data):
    check(ext, data)


@pytest.mark.parametrize("ext", EXTENSIONS)
@FAST
@given(text=st.text(max_size=500))
def test_random_text(ext, text):
    check(ext, text.encode("utf-8"))


@pytest.mark.parametrize("ext", [".txt", ".md", ".vtt", ".srt", ".csv"])
@FAST
@given(text=STRUCTURED, encoding=st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]))
def test_transcript_like_text(ext, text, encoding):
    check(ext, text.encode(encoding, errors="ignore"))


@pytest.mark.parametrize("ext", [".docx", ".xlsx", ".pdf"])
@FAST
@given(cut=st.integers(min_value=0, max_value=4000), flip=st.integers(min_value=0, max_value=255))
def test_damaged_containers(ext, cut, flip):
    data = bytearray(_valid(ext))
    if cut < len(data):
        data[cut] ^= flip
    check(ext, bytes(data[: max(len(data) - cut // 3, 0)]))


_CACHE: dict[str, bytes] = {}


def _valid(ext: str) -> bytes:
    """A small valid file of each container format, to damage."""
    if ext not in _CACHE:
        out = io.BytesIO()
        if ext == ".docx":
            document = docx.Document()
            document.add_paragraph("Helen: How are you?")
            document.add_paragraph("Sarah: Fine, thanks.")
            document.save(out)
        elif ext == ".xlsx":
            pd.DataFrame({"id": [1], "note": ["the hub was busy today"]}).to_excel(out, index=False)
        else:
            out.write(tiny_pdf([["Helen: How are you?", "Sarah: Fine."]]))
        _CACHE[ext] = out.getvalue()
    return _CACHE[ext]

"""Files ingest cannot use: each gives one line naming the file and what to do."""

from __future__ import annotations

import os

import pytest

from sensemaking.errors import InputError
from sensemaking.ingest.base import ReadOptions
from sensemaking.ingest.registry import read_file


def attempt(tmp_path, name: str, data: bytes, max_mb: float = 50) -> InputError:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_file(path, name, ReadOptions(), max_mb=max_mb)
    message = str(info.value)
    assert "\n" not in message and message.startswith(name + ": ")
    return info.value


@pytest.mark.parametrize("name", ["a.txt", "a.md", "a.vtt", "a.srt", "a.csv", "a.docx", "a.xlsx", "a.pdf"])
def test_empty_file(tmp_path, name):
    assert "empty" in attempt(tmp_path, name, b"").reason


def test_whitespace_only_file(tmp_path):
    assert "empty" in attempt(tmp_path, "a.txt", b"  \n\r\n\t ").reason


@pytest.mark.parametrize("name, hint", [("a.doc", ".docx"), ("a.json", ".txt"), ("a.mp3", "audio"),
                                        ("README", "no extension"), ("a.xyz", ".txt"),
                                        ("flipchart.JPG", "photos are not read"), ("notes.zip", "unzip")])
def test_unknown_extension(tmp_path, name, hint):
    assert hint in attempt(tmp_path, name, b"hello").reason


def test_binary_junk_with_a_text_extension(tmp_path):
    junk = bytes(range(256)) * 40
    assert "binary" in attempt(tmp_path, "notes.txt", junk).reason
    assert "binary" in attempt(tmp_path, "notes.vtt", os.urandom(4000)).reason


def test_undecodable_bytes(tmp_path):
    reason = attempt(tmp_path, "a.txt", bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 200).reason
    assert "binary" in reason or "encoding" in reason


def test_over_the_size_limit(tmp_path):
    reason = attempt(tmp_path, "big.txt", b"Sarah: hello there\n" * 60_000, max_mb=1).reason
    assert "1 MB limit" in reason and "max_file_mb" in reason
    # a size under the limit's precision is not shown as "0.0 MB, over the 0.02 MB limit"
    assert "0.0229 MB, over the 0.02 MB limit" in attempt(tmp_path, "b.txt", b"x" * 24_000, max_mb=0.02).reason


def test_corrupt_containers(tmp_path):
    assert "Word" in attempt(tmp_path, "x.docx", b"PK\x03\x04" + os.urandom(500)).reason
    assert "PDF" in attempt(tmp_path, "x.pdf", b"%PDF-1.7\n" + os.urandom(500)).reason
    assert "Excel" in attempt(tmp_path, "x.xlsx", os.urandom(500)).reason
    # what is wrong with it in words, not only the library's name for it ("(BadZipFile)")
    assert "damaged, password-protected, or another kind of file" in attempt(tmp_path, "y.xlsx", os.urandom(500)).reason


def test_messages_never_quote_the_file(tmp_path):
    secret = b"Sarah Whitfield lives at 12 Acacia Road, NF1 2AB\n"
    for name in ("a.xlsx", "a.docx", "a.pdf", "a.vtt"):
        error = attempt(tmp_path, name, secret * 3)
        assert "Whitfield" not in str(error) and "Acacia" not in str(error)

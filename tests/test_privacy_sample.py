"""The sample corpus's planted personal data, against the raw text of its plain-text sources.

Pattern kinds and manifest names must be gone outright; names of people nobody listed
must at least reach the review list, and be gone once a person copies them into the
deny-list (the workflow the README describes).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from sensemaking.privacy import Pseudonymiser
from sensemaking.records import Document

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
PLAIN = (".txt", ".md", ".vtt", ".srt")

pytestmark = pytest.mark.skipif(
    not (SAMPLE / "answer_key.csv").is_file(), reason="sample project answer key not present"
)


def _planted() -> pd.DataFrame:
    key = pd.read_csv(SAMPLE / "answer_key.csv", dtype=str)
    key = key[(key["kind"] == "personal_data") & key["source"].str.endswith(PLAIN)]
    return key[key["label"] != "filename"]


def _run(private: Path) -> tuple[dict[str, Document], list[dict]]:
    ps = Pseudonymiser(pd.read_csv(SAMPLE / "data" / "participants.csv"), private)
    out = {}
    for source in sorted(set(_planted()["source"])):
        text = (SAMPLE / "data" / "raw" / source).read_text(encoding="utf-8-sig")
        doc = Document(source, source.rsplit(".", 1)[1], "interview", text, (), "h")
        out[source] = ps.apply(doc).document
    return out, ps.review_candidates()


def _present(value: str, text: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(value) + r"(?!\w)", text) is not None


def test_pattern_kinds_and_manifest_names_are_gone(tmp_path):
    docs, _ = _run(tmp_path / "private")
    planted = _planted()
    manifest = pd.read_csv(SAMPLE / "data" / "participants.csv")
    listed = {w for name in manifest["name"] for w in name.split()}
    for row in planted.itertuples():
        text = docs[row.source].text
        if (
            row.label != "name"
            or set(re.sub(r"^(Mr|Mrs|Ms|Dr) ", "", row.snippet).split()) <= listed
        ):
            assert not _present(row.snippet, text), (row.source, row.label)


def test_unlisted_names_reach_review_then_deny_list_removes_them(tmp_path):
    planted = _planted()
    names = planted[planted["label"] == "name"]
    docs, review = _run(tmp_path / "first")
    words = {r["word"] for r in review}
    for row in names.itertuples():
        gone = not _present(row.snippet, docs[row.source].text)  # e.g. "Councillor X Y"
        assert gone or words & set(row.snippet.split()), row.snippet
    private = tmp_path / "second"
    private.mkdir()
    (private / "deny_list.txt").write_text("\n".join(sorted(set(names["snippet"]))) + "\n")
    docs, _ = _run(private)
    for row in planted.itertuples():
        assert not _present(row.snippet, docs[row.source].text), (row.source, row.snippet)

"""Shared fixtures: the sample project (copied, so tests never touch the original) and
the real public transcripts in ../shared/data (tests that need them skip without them)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "sample"
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture
def sample_project(tmp_path: Path) -> Path:
    """A private copy of data/sample (without derived outputs), as a project folder."""
    if not (SAMPLE / "data" / "raw").is_dir():
        pytest.skip("data/sample/data/raw is not there yet")
    target = tmp_path / "sample"
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns(
        ".sensemaking", "pseudonym_key.csv", "privacy_review.csv"))
    return target


@pytest.fixture(scope="module")
def sample_tfidf(tmp_path_factory) -> Path:
    """One copy of data/sample per test module, without outputs or a pseudonym key (the
    team's shipped deny-list comes along), set to the TF-IDF embedder so that
    whole-pipeline tests run fast without a model."""
    if not any((SAMPLE / "data" / "raw").rglob("*.*")):
        pytest.skip("the sample project's sources (data/sample/data/raw/) are not there yet")
    root = tmp_path_factory.mktemp("sample") / "sample"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(
        ".sensemaking", "annotations", "workshops", "reports", "pseudonym_key.csv",
        "privacy_review.csv"))
    settings = root / "sensemaking.toml"
    text = settings.read_text(encoding="utf-8")
    assert 'embedder = "minilm"' in text
    settings.write_text(text.replace('embedder = "minilm"', 'embedder = "tfidf"'), encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data, the real public data used for development and evaluation."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is absent (real public transcripts and surveys)")
    return SHARED_DATA


@pytest.fixture
def make_project(tmp_path: Path):
    """Build a small project: make_project({"a.txt": "Sarah: ..."}, participants=..., toml=...)."""

    def make(files: dict[str, str | bytes], *, participants: str | None = None,
             sources: str | None = None, toml: str = "") -> Path:
        root = tmp_path / "proj"
        raw = root / "data" / "raw"
        raw.mkdir(parents=True, exist_ok=True)
        (root / "sensemaking.toml").write_text('[project]\nname = "test"\n' + toml, encoding="utf-8")
        for rel, content in files.items():
            path = raw / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            data = content.encode("utf-8") if isinstance(content, str) else content
            path.write_bytes(data)
        if participants is not None:
            (root / "data" / "participants.csv").write_text(participants, encoding="utf-8")
        if sources is not None:
            (root / "data" / "sources.csv").write_text(sources, encoding="utf-8")
        return root

    return make

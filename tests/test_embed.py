"""Embedders and the vector cache."""

from __future__ import annotations

import numpy as np
import pytest

from sensemaking.embed import (
    Embedder,
    EmbeddingCache,
    MiniLMEmbedder,
    TfidfEmbedder,
    embed_texts,
    make_embedder,
)
from sensemaking.errors import ConfigError

TEXTS = ["the bus was late again", "mould on the bedroom wall", "the youth club closed",
         "buses cut from June", "damp flat and repairs", "nothing for teenagers to do"] * 10


class CountingEmbedder:
    """A fake model that records which texts it was asked to embed."""

    key = "counting"
    cacheable = True

    def __init__(self):
        self.seen: list[str] = []

    def embed(self, texts, progress=None):
        self.seen += list(texts)
        return np.array([[len(t), t.count(" ") + 1.0] for t in texts], dtype=np.float32)


def test_cache_embeds_only_new_texts(tmp_path):
    fake = CountingEmbedder()
    first = embed_texts(["a b", "c", "a b"], fake, cache_dir=tmp_path)
    assert fake.seen == ["a b", "c"]  # duplicates embedded once
    fake.seen.clear()
    second = embed_texts(["c", "new text", "a b"], fake, cache_dir=tmp_path)
    assert fake.seen == ["new text"]
    np.testing.assert_array_equal(second[[0, 2]], first[[1, 0]])
    assert len(EmbeddingCache(tmp_path, "counting")) == 3


def test_markers_are_not_embedded(tmp_path):
    fake = CountingEmbedder()
    embed_texts(["[laughs] The bus, [inaudible] late.", "[pause]", "[NAME] runs the cafe",
                 "XXXX's team were lovely xxx", "Mr Xxxxon came"], fake, cache_dir=tmp_path)
    assert [" ".join(t.split()) for t in fake.seen] == ["The bus, late.", "[pause]", "runs the cafe",
                                                        "team were lovely", "Mr Xxxxon came"]


def test_cache_holds_no_text(tmp_path):
    embed_texts(["Jo Bloggs lives at 4 Elm Road"], CountingEmbedder(), cache_dir=tmp_path)
    for path in tmp_path.iterdir():
        assert b"Bloggs" not in path.read_bytes()


def test_tfidf_is_deterministic_unit_and_uncached(tmp_path):
    a = embed_texts(TEXTS, TfidfEmbedder(random_state=1), cache_dir=tmp_path)
    b = TfidfEmbedder(random_state=1).embed(TEXTS)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert not list(tmp_path.iterdir())
    assert isinstance(TfidfEmbedder(), Embedder)


def test_unknown_embedder_lists_options():
    with pytest.raises(ConfigError, match="minilm, tfidf"):
        make_embedder("bert")


@pytest.mark.slow
def test_minilm_vectors_are_unit_and_cached(tmp_path):
    model = MiniLMEmbedder()
    vectors = embed_texts(TEXTS[:6], model, cache_dir=tmp_path)
    assert vectors.shape == (6, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    similar = vectors[0] @ vectors[3]  # two sentences about buses
    unrelated = vectors[0] @ vectors[1]
    assert similar > unrelated
    again = embed_texts(TEXTS[:6], MiniLMEmbedder(), cache_dir=tmp_path)
    np.testing.assert_array_equal(vectors, again)

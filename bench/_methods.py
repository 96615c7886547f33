"""The clusterings the quality bench compares, behind one call shape.

Each method is `fit(corpus, idx, seed) -> Fit`: cluster the texts at positions `idx` of
the corpus (all of them, or an 80 % subsample for bootstrap stability) with `seed`.

    ours        sensemaking's whole themes build with default settings; its keywords
    bertopic    BERTopic with its defaults (UMAP + HDBSCAN, c-TF-IDF) on the same vectors;
                only UMAP's random_state is set, so runs are repeatable
    kmeans      scikit-learn KMeans told the true number of themes; words by c-TF-IDF
    nmf         TF-IDF + NMF told the true number of themes; an answer goes to its
                heaviest component, or -1 when it has no word in the vocabulary
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer


@dataclass
class Corpus:
    """What every method may look at: texts, vectors, and the true number of themes;
    for a project, its excerpt table (only ours reads it, as `sensemaking themes` does)."""

    name: str
    texts: list[str]
    vectors: np.ndarray
    n_true: int
    frame: pd.DataFrame | None = None


@dataclass
class Fit:
    """One clustering: final labels, labels before any reassignment, topic words."""

    labels: np.ndarray
    labels_before: np.ndarray
    topics: list[list[str]]
    set_aside: float = 0.0  # share of texts set aside as non-answers before clustering


def ctfidf_words(texts: Sequence[str], labels: np.ndarray, n: int = 25) -> list[list[str]]:
    """Top words of each cluster by class-based TF-IDF (BERTopic's formula), -1 ignored."""
    ids = sorted(set(labels.tolist()) - {-1})
    if not ids:
        return []
    vectorizer = CountVectorizer(stop_words="english")
    try:
        counts = vectorizer.fit_transform(texts)
    except ValueError:
        return [[] for _ in ids]
    vocab = vectorizer.get_feature_names_out()
    per_class = np.vstack([np.asarray(counts[labels == t].sum(axis=0)).ravel() for t in ids])
    tf = per_class / np.maximum(per_class.sum(axis=1, keepdims=True), 1)
    idf = np.log(1 + per_class.sum(axis=1).mean() / np.maximum(per_class.sum(axis=0), 1))
    scores = tf * idf
    return [[vocab[j] for j in np.argsort(-row)[:n] if row[j] > 0] for row in scores]


def fit_kmeans(corpus: Corpus, idx: np.ndarray, seed: int) -> Fit:
    from sklearn.cluster import KMeans

    labels = KMeans(corpus.n_true, random_state=seed).fit_predict(corpus.vectors[idx])
    texts = [corpus.texts[i] for i in idx]
    return Fit(labels, labels, ctfidf_words(texts, labels))


def fit_nmf(corpus: Corpus, idx: np.ndarray, seed: int) -> Fit:
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [corpus.texts[i] for i in idx]
    vectorizer = TfidfVectorizer(stop_words="english", min_df=2)
    matrix = vectorizer.fit_transform(texts)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence warnings at max_iter on big k
        model = NMF(corpus.n_true, init="nndsvda", random_state=seed, max_iter=400)
        weights = model.fit_transform(matrix)
    labels = np.where(weights.sum(axis=1) > 0, weights.argmax(axis=1), -1)
    vocab = vectorizer.get_feature_names_out()
    topics = [[vocab[j] for j in np.argsort(-row)[:25]] for row in model.components_]
    return Fit(labels, labels, topics)


def fit_bertopic(corpus: Corpus, idx: np.ndarray, seed: int) -> Fit:
    from bertopic import BERTopic
    from umap import UMAP

    # BERTopic's own default UMAP, with the seed set so that refits are repeatable.
    umap = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=seed)
    model = BERTopic(umap_model=umap, top_n_words=25)
    texts = [corpus.texts[i] for i in idx]
    labels = np.asarray(model.fit_transform(texts, embeddings=corpus.vectors[idx])[0])
    topics = [
        [w for w, _ in model.get_topic(t)]
        for t in sorted(set(labels.tolist()) - {-1})
    ]
    return Fit(labels, labels, topics)


def fit_ours(corpus: Corpus, idx: np.ndarray, seed: int) -> Fit:
    """The whole themes build with the default [themes] settings, as `sensemaking themes`
    runs it (stability pass included): on a project's excerpt table where the set has one,
    else on bare texts as `--input` does; words are its c-TF-IDF keywords."""
    from sensemaking.project import DEFAULT_SETTINGS
    from sensemaking.themes.build import build_themes
    from sensemaking.themes.labels import class_tfidf, keywords
    from sensemaking.themes.text import without_markers

    texts = [corpus.texts[i] for i in idx]
    if corpus.frame is not None:
        frame = corpus.frame.iloc[idx].reset_index(drop=True)
    else:
        frame = pd.DataFrame({"excerpt_id": [f"x{i}" for i in idx], "text": texts})
    settings = dict(DEFAULT_SETTINGS["themes"])
    model = build_themes(frame, corpus.vectors[idx], settings=settings, seed=seed,
                         run_id="bench").model
    # The build's keywords are the first 10 of these; diversity needs 25.
    weights, vocab = class_tfidf([without_markers(t) for t in texts], model.labels_, model.n_themes_)
    topics = keywords(weights, vocab, model.n_themes_, top=25)
    before = np.where(model.core_, model.labels_, -1)
    return Fit(model.labels_, before, topics, float(np.mean(model.non_answer_)))


# Bumped when a baseline's code changes, so its cached fits are not reused.
VERSIONS = {"bertopic_default": 1, "kmeans_true_k": 1, "nmf_true_k": 1}

METHODS: dict[str, Callable[[Corpus, np.ndarray, int], Fit]] = {
    "ours": fit_ours,
    "bertopic_default": fit_bertopic,
    "kmeans_true_k": fit_kmeans,
    "nmf_true_k": fit_nmf,
}

"""Distinctive language: words and phrases that set one group apart from the rest.

Weighted log-odds ratios with an informative Dirichlet prior (Monroe, Colaresi & Quinn
2008, "Fightin' Words"). Counts are of units using a word (a participant who says
"waiting list" ten times counts once), over words and two-word phrases of three or more
letters, English stop words removed. The prior is the whole corpus's counts, so a word
common everywhere needs much more evidence than a rare one:

    delta_w = log((y_gw + a_w) / (n_g + a0 - y_gw - a_w)) - log((y_rw + a_w) / (n_r + a0 - y_rw - a_w))
    z_w     = delta_w / sqrt(1 / (y_gw + a_w) + 1 / (y_rw + a_w))

where g is the group, r the rest, a_w the corpus count of w and a0 their sum. A term is
reported when z >= `z_min` (3.29, p < 0.001 one-sided before any adjustment, because
thousands of terms are looked at), at least `min_units` units of the group use it, from
at least two independent voices, and it is not the group's own name. One item per group,
up to five terms; strength is the top term's difference in shares (group minus rest).
"""

from __future__ import annotations

import re

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer

from .base import (
    Corpus,
    Surprise,
    among,
    attribute_values,
    group_name,
    pick_evidence,
    voices,
)
from .expectations import terms_pattern


def unit_term_matrix(corpus: Corpus, *, min_units: int = 3):
    """Binary unit x term matrix (rows in `corpus.units` order) and the terms."""
    texts = corpus.excerpts.groupby("unit", sort=True)["text"].agg(lambda t: " ".join(map(str, t)))
    texts = texts.reindex(corpus.units.index, fill_value="")
    vectorizer = CountVectorizer(
        binary=True, stop_words="english", ngram_range=(1, 2), min_df=min_units,
        token_pattern=r"(?u)\b[^\W\d_][^\W\d_]+[^\W\d_]\b",
    )
    try:
        matrix = vectorizer.fit_transform(texts.str.lower())
    except ValueError:  # no term used by min_units units
        return None, np.array([])
    return matrix.tocsc(), vectorizer.get_feature_names_out()


def log_odds_z(group: np.ndarray, rest: np.ndarray, prior: np.ndarray) -> np.ndarray:
    """Monroe et al.'s z-scores of the weighted log-odds of each term, group vs rest."""
    a0, n_g, n_r = prior.sum(), group.sum(), rest.sum()
    delta = np.log((group + prior) / (n_g + a0 - group - prior)) - np.log(
        (rest + prior) / (n_r + a0 - rest - prior)
    )
    return delta / np.sqrt(1 / (group + prior) + 1 / (rest + prior))


def detect_language(
    corpus: Corpus, *, z_min: float = 3.29, min_units: int = 3, top: int = 5
) -> tuple[list[Surprise], str]:
    """One item per group whose words set it apart (see the module docstring)."""
    matrix, terms = unit_term_matrix(corpus, min_units=min_units)
    if matrix is None:
        return [], "distinctive language: too little shared vocabulary to compare"
    prior = np.asarray(matrix.sum(axis=0)).ravel().astype(float)
    positions = {unit: i for i, unit in enumerate(corpus.units.index)}
    items, groups = [], 0
    for attribute in corpus.attributes:
        values = attribute_values(corpus, attribute)
        rows = np.array([positions[u] for u in values.index])
        for value in sorted(set(values)):
            in_group = (values == value).to_numpy()
            if in_group.sum() < min_units or (~in_group).sum() < min_units:
                continue
            groups += 1
            item = _group_item(corpus, matrix, terms, prior, attribute, value, rows, in_group, z_min, min_units, top)
            if item is not None:
                items.append(item)
    summary = f"distinctive language: {groups} groups compared; {len(items)} with distinctive terms (z >= {z_min})"
    return items, summary


def _group_item(corpus, matrix, terms, prior, attribute, value, rows, in_group, z_min, min_units, top):
    group_m, rest_m = matrix[rows[in_group]], matrix[rows[~in_group]]
    group = np.asarray(group_m.sum(axis=0)).ravel().astype(float)
    rest = np.asarray(rest_m.sum(axis=0)).ravel().astype(float)
    z = log_odds_z(group, rest, prior)
    own_name = set(re.findall(r"[a-z]+", str(value).lower()))
    chosen: list[int] = []
    for index in np.argsort(-z, kind="stable"):
        if z[index] < z_min or len(chosen) == top:
            break
        words = set(terms[index].split())
        if group[index] < min_units or words & own_name or any(words <= set(terms[c].split()) or set(terms[c].split()) <= words for c in chosen):
            continue
        users = corpus.units.index[rows[in_group][group_m[:, index].toarray().ravel() > 0]]
        if voices(corpus, users) >= 2:
            chosen.append(int(index))
    if not chosen:
        return None
    n_g, n_r = int(in_group.sum()), int((~in_group).sum())
    listed = ", ".join(f"'{terms[c]}' ({int(group[c])} of {n_g} vs {int(rest[c])} of {n_r})" for c in chosen)
    first = chosen[0]
    group_units = set(corpus.units.index[rows[in_group]])
    evidence_rows = corpus.excerpts[corpus.excerpts["unit"].isin(group_units)]
    evidence_rows = evidence_rows[evidence_rows["text"].str.contains(terms_pattern(tuple(terms[c] for c in chosen)), na=False)]
    return Surprise(
        kind="distinctive_language",
        strength=float(group[first] / n_g - rest[first] / n_r),
        explanation=(f"Words that set units{among(attribute, value)} apart from the others: {listed} "
                     f"(weighted log-odds with an informative prior, z >= {z_min})."),
        question=f"What do these words tell us about how things are for {group_name(attribute, value)}?",
        group={"attribute": attribute, "value": str(value)},
        evidence=pick_evidence(corpus, evidence_rows),
        counts={"group_units": n_g, "rest_units": n_r,
                "terms": {str(terms[c]): [int(group[c]), int(rest[c])] for c in chosen}},
        voices=voices(corpus, evidence_rows["unit"].unique()),
        details={"terms": [str(terms[c]) for c in chosen], "z": [round(float(z[c]), 2) for c in chosen]},
    )

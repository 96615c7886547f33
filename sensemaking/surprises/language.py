"""Distinctive language: words and phrases that set one group apart from the rest.

Weighted log-odds ratios with an informative Dirichlet prior (Monroe, Colaresi & Quinn
2008, "Fightin' Words"). Counts are of units using a word (a participant who says
"waiting list" ten times counts once), over words and two-word phrases of three or more
letters, English stop words removed. The prior is the whole corpus's counts, so a word
common everywhere needs much more evidence than a rare one:

    delta_w = log((y_gw + a_w) / (n_g + a0 - y_gw - a_w)) - log((y_rw + a_w) / (n_r + a0 - y_rw - a_w))
    z_w     = delta_w / sqrt(1 / (y_gw + a_w) + 1 / (y_rw + a_w))

where g is the group, r the rest, a_w the corpus count of w and a0 their sum. Thousands of
terms are looked at, so the bar is set by permutation: the group's labels are shuffled
across units `n_permutations` times, and a term must beat the 95th percentile of the
largest z any term reached on shuffled labels (and `z_min` = 1.96 in any case). That
keeps the family-wise chance of reporting any word for a group that is not different
at about 5%, whatever the corpus size. A reported term is also used by at least
`min_units` units of the group, from at least two independent voices, and is not the
group's own name. One item per group, up to five terms; strength is the top term's
difference in shares (group minus rest). As for group contrasts, groups are compared
within one kind of unit (participants with participants, notes with notes).
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from .base import (
    Corpus,
    Surprise,
    among,
    attribute_values,
    group_name,
    pick_evidence,
    stems,
    unit_kinds,
    unit_noun,
    voices,
)
from .expectations import terms_pattern


def unit_term_matrix(corpus: Corpus, *, min_units: int = 3):
    """Binary unit x term matrix (rows in `corpus.units` order) and the terms.

    Terms are counted within excerpts (no phrase spans two excerpts), then collapsed to
    units: a unit uses a term if any of its excerpts does.
    """
    texts = corpus.excerpts["text"].astype(str).str.lower()
    vectorizer = CountVectorizer(
        binary=True, stop_words="english", ngram_range=(1, 2), min_df=min_units,
        token_pattern=r"(?u)\b[^\W\d_][^\W\d_]+[^\W\d_]\b",
    )
    try:
        excerpt_terms = vectorizer.fit_transform(texts)
    except ValueError:  # no term used by min_units excerpts
        return None, np.array([])
    rows = corpus.units.index.get_indexer(corpus.excerpts["unit"])
    owner = sparse.csr_matrix((np.ones(len(rows)), (rows, np.arange(len(rows)))),
                              shape=(len(corpus.units), len(rows)))
    matrix = (owner @ excerpt_terms).tocsc()
    matrix.data[:] = 1
    keep = np.flatnonzero(np.asarray(matrix.sum(axis=0)).ravel() >= min_units)
    return matrix[:, keep], vectorizer.get_feature_names_out()[keep]


def log_odds_z(group: np.ndarray, rest: np.ndarray, prior: np.ndarray) -> np.ndarray:
    """Monroe et al.'s z-scores of the weighted log-odds of each term, group vs rest."""
    a0, n_g, n_r = prior.sum(), group.sum(), rest.sum()
    delta = np.log((group + prior) / (n_g + a0 - group - prior)) - np.log(
        (rest + prior) / (n_r + a0 - rest - prior)
    )
    return delta / np.sqrt(1 / (group + prior) + 1 / (rest + prior))


def detect_language(
    corpus: Corpus,
    *,
    z_min: float = 1.96,
    min_units: int = 3,
    top: int = 5,
    n_permutations: int = 50,
    random_state: int | None = 0,
) -> tuple[list[Surprise], str]:
    """One item per group whose words set it apart (see the module docstring)."""
    matrix, terms = unit_term_matrix(corpus, min_units=min_units)
    if matrix is None:
        return [], "distinctive language: too little shared vocabulary to compare"
    prior = np.asarray(matrix.sum(axis=0)).ravel().astype(float)
    positions = {unit: i for i, unit in enumerate(corpus.units.index)}
    rng = np.random.default_rng(random_state)
    items, groups = [], 0
    strata = [(kind, attribute) for kind in unit_kinds(corpus) for attribute in corpus.attributes]
    for kind, attribute in strata:
        values = attribute_values(corpus, attribute, kind)
        if values.nunique() < 2:
            continue
        sub = matrix[np.array([positions[u] for u in values.index])].tocsr()
        for value in sorted(set(values)):
            in_group = (values == value).to_numpy()
            if in_group.sum() < min_units or (~in_group).sum() < min_units:
                continue
            groups += 1
            bar = max(z_min, _permutation_bar(sub, prior, in_group, min_units, n_permutations, rng))
            chosen, z, counts = _distinctive(corpus, sub, terms, prior, values, in_group, bar, min_units, top)
            if chosen:
                items.append(_surprise(corpus, terms, values, in_group, chosen, z, counts, attribute, value, bar))
    summary = (f"distinctive language: {groups} groups compared against permutation bars; "
               f"{len(items)} with distinctive terms")
    return items, summary


def _sums(sub, in_group: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    group = np.asarray(sub[in_group].sum(axis=0)).ravel().astype(float)
    rest = np.asarray(sub[~in_group].sum(axis=0)).ravel().astype(float)
    return group, rest


def _permutation_bar(sub, prior, in_group, min_units, n_permutations, rng) -> float:
    """95th percentile of the largest eligible z over shuffles of the group labels."""
    total = np.asarray(sub.sum(axis=0)).ravel().astype(float)
    labels = np.zeros((n_permutations, len(in_group)))
    for row in labels:
        row[rng.permutation(len(in_group))[: int(in_group.sum())]] = 1
    group = np.asarray((sub.T @ labels.T).T)
    best = []
    for g in group:
        z = log_odds_z(g, total - g, prior)
        z[g < min_units] = -np.inf
        best.append(z.max())
    return float(np.quantile(best, 0.95))


def _distinctive(corpus, sub, terms, prior, values, in_group, bar, min_units, top):
    group, rest = _sums(sub, in_group)
    z = log_odds_z(group, rest, prior)
    own_name = stems(values[in_group].iloc[0])
    members = values.index[in_group]
    chosen: list[int] = []
    for index in np.argsort(-z, kind="stable"):
        if z[index] < bar or len(chosen) == top:
            break
        words = set(terms[index].split())
        named = bool(stems(terms[index]) & own_name)
        overlaps = any(words & set(terms[c].split()) for c in chosen)
        if group[index] < min_units or named or overlaps:
            continue
        users = members[sub[np.flatnonzero(in_group)][:, index].toarray().ravel() > 0]
        if voices(corpus, users) >= 2:
            chosen.append(int(index))
    return chosen, z, (group, rest)


def _surprise(corpus, terms, values, in_group, chosen, z, counts, attribute, value, bar) -> Surprise:
    group, rest = counts
    n_g, n_r = int(in_group.sum()), int((~in_group).sum())
    members = set(values.index[in_group])
    noun = unit_noun(corpus, members)
    listed = ", ".join(f"'{terms[c]}' ({int(group[c])} of {n_g} vs {int(rest[c])} of {n_r})" for c in chosen)
    rows = corpus.excerpts[corpus.excerpts["unit"].isin(members)]
    rows = rows[rows["text"].str.contains(terms_pattern(tuple(terms[c] for c in chosen)), na=False)]
    first = chosen[0]
    return Surprise(
        kind="distinctive_language",
        strength=float(group[first] / n_g - rest[first] / n_r),
        explanation=(f"Words that set {noun}{among(attribute, value)} apart from the others: {listed} "
                     f"(weighted log-odds with an informative prior, z >= {bar:.2f}, the bar shuffled labels reach 5% of the time)."),
        question=f"What do these words tell us about how things are for {group_name(attribute, value)}?",
        group={"attribute": attribute, "value": str(value)},
        evidence=pick_evidence(corpus, rows),
        counts={"group_units": n_g, "rest_units": n_r,
                "terms": {str(terms[c]): [int(group[c]), int(rest[c])] for c in chosen}},
        voices=voices(corpus, rows["unit"].unique()),
        details={"terms": [str(terms[c]) for c in chosen], "z": [round(float(z[c]), 2) for c in chosen],
                 "bar": round(bar, 2)},
    )

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

Small groups need a second route. With five people in a group, a phrase all of them use
and nobody else does ("waiting list": 4 of 5 against 0 of 17) reaches z of about 1.3,
because the prior is as strong as the data; it can never pass. So groups of fewer than
`small_group` (20) units, where every unit is its own voice (participants, documents), are
also asked whether they share words nobody else uses (in large groups such words are rare
asides, and the log-odds route has the power it needs): S = the sum, over terms used by `min_units`+ of the group and no unit
outside it, of -log of that term's one-sided hypergeometric p (the chance that all its
users fall in the group). S is compared with S for `n_exclusive` random groups of the same
size (p = (1 + shuffles reaching S) / (1 + shuffles)), Benjamini-Hochberg over the groups.
A group passing it is reported by its words used by nobody else, with counts, and says
it rests on few people when the group has fewer than ten.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.special import gammaln
from scipy.stats import false_discovery_control
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

from ..wording import both
from .base import (
    Corpus,
    Surprise,
    attribute_values,
    count,
    counted,
    fmt_p,
    group_people,
    hidden,
    noun_among,
    of,
    p_bar,
    pick_evidence,
    stems,
    unit_kinds,
    unit_noun,
    voices,
)
from .expectations import by_term_density, terms_pattern

# Stop words, and what is left of a negative contraction once its "'t" is cut off: "don't
# know" is no term "don know".
STOP_WORDS = sorted(ENGLISH_STOP_WORDS | {"don", "doesn", "didn", "isn", "wasn", "weren", "aren", "haven",
                                          "hasn", "hadn", "couldn", "wouldn", "shouldn", "won", "ain", "mustn"})


def unit_term_matrix(corpus: Corpus, *, min_units: int = 3):
    """Binary unit x term matrix (rows in `corpus.units` order) and the terms.

    Terms are counted within excerpts (no phrase spans two excerpts), then collapsed to
    units: a unit uses a term if any of its excerpts does.
    """
    texts = corpus.excerpts["text"].astype(str).str.lower()
    vectorizer = CountVectorizer(
        binary=True, stop_words=STOP_WORDS, ngram_range=(1, 2), min_df=min_units,
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
    n_exclusive: int = 1000,
    small_group: int = 20,
    alpha: float = 0.05,
    random_state: int | None = 0,
) -> tuple[list[Surprise], str]:
    """One item per group whose words set it apart (see the module docstring)."""
    matrix, terms = unit_term_matrix(corpus, min_units=min_units)
    if matrix is None:
        return [], "distinctive language: too little shared vocabulary to compare"
    prior = np.asarray(matrix.sum(axis=0)).ravel().astype(float)
    positions = {unit: i for i, unit in enumerate(corpus.units.index)}
    rng = np.random.default_rng(random_state)
    exclusive = _exclusive_groups(corpus, matrix, positions, (min_units, small_group), n_exclusive, alpha, rng)
    items, groups = [], 0
    for kind, attribute, value, values, sub, in_group in _groups(corpus, matrix, positions, unit_kinds(corpus)):
        if in_group.sum() < min_units or (~in_group).sum() < min_units:
            continue
        groups += 1
        if (kind, attribute, value) in exclusive:
            p_value, q_value = exclusive[(kind, attribute, value)]
            items.append(_exclusive_surprise(corpus, sub, terms, values, in_group, attribute, value,
                                             min_units, top, p_value, q_value, alpha=alpha))
            continue
        bar = max(z_min, _permutation_bar(sub, prior, in_group, min_units, n_permutations, rng))
        chosen, z, counts = _distinctive(corpus, sub, terms, prior, values, in_group, bar, min_units, top)
        if chosen:
            items.append(_surprise(corpus, terms, values, in_group, chosen, z, counts, attribute, value, bar))
    summary = (f"distinctive language: {groups} groups compared against permutation bars; "
               f"{len(items)} with distinctive terms ({len(exclusive)} by words nobody else used)")
    return items, summary


def _groups(corpus: Corpus, matrix, positions: dict, kinds):
    """Every group to compare: (kind, attribute, value, the kind's values of that attribute,
    their rows of the unit x term matrix, membership mask), for attributes with 2+ values."""
    for kind in kinds:
        for attribute in corpus.attributes:
            values = attribute_values(corpus, attribute, kind)
            if values.nunique() < 2:
                continue
            sub = matrix[np.array([positions[u] for u in values.index])].tocsr()
            for value in sorted(set(values)):
                yield kind, attribute, value, values, sub, (values == value).to_numpy()


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
        best.append(max(float(z.max()), 0.0))  # no eligible term: no bar from this shuffle
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
    listed = _listed([(terms[c], f"{of(corpus, int(group[c]), n_g)} vs {of(corpus, int(rest[c]), n_r)}")
                      for c in chosen])
    rows = corpus.excerpts[corpus.excerpts["unit"].isin(members)]
    first = chosen[0]
    return _language_item(
        corpus, rows, terms, chosen, (group, rest), (n_g, n_r), attribute, value,
        strength=float(group[first] / n_g - rest[first] / n_r),
        explanation=f"Words that set {noun_among(noun, attribute, value)} apart from the others: {listed}.",
        test=(f"weighted log-odds with an informative prior, z >= {bar:.2f}, the bar shuffled labels "
              "reach 5% of the time"),
        details={"z": [round(float(z[c]), 2) for c in chosen], "bar": round(bar, 2)},
    )


def _listed(figures) -> str:
    """(term, figure) pairs as a sentence lists them, terms that share a printed figure
    together: "'mould' (by all 5), and 'damp' and 'clean' (each by some but not all of the
    5)". Each figure is said once, so hidden counts do not repeat down the line."""
    shared: dict[str, list[str]] = {}
    for term, figure in figures:
        shared.setdefault(figure, []).append(f"'{term}'")
    parts = [f"{both(words)} ({'each ' if len(words) > 1 else ''}{figure})" for figure, words in shared.items()]
    return f"{', '.join(parts[:-1])}, and {parts[-1]}" if len(parts) > 1 else parts[0]


def _language_item(corpus, rows, terms, chosen, counts, sizes, attribute, value, *, strength,
                   explanation, test, details, **tests) -> Surprise:
    """The item both routes report: the group's excerpts using the chosen terms as evidence
    (those most about them first), and the counts of each term in the group and in the rest."""
    (group, rest), (n_g, n_r) = counts, sizes
    words = tuple(terms[c] for c in chosen)
    rows = by_term_density(rows[rows["text"].str.contains(terms_pattern(words), na=False)], words)
    return Surprise(
        kind="distinctive_language",
        strength=strength,
        explanation=explanation,
        test=test,
        question=f"What do these words tell us about how things are for {group_people(attribute, value)}?",
        group={"attribute": attribute, "value": str(value)},
        evidence=pick_evidence(corpus, rows),
        counts={"group_units": n_g, "rest_units": n_r,
                "terms": {str(terms[c]): [int(group[c]), int(rest[c])] for c in chosen}},
        voices=voices(corpus, rows["unit"].unique()),
        details={"terms": [str(terms[c]) for c in chosen], **details},
        **tests,
    )


# -- words nobody else used (small groups) ------------------------------------------------


def _log_comb(n, k):
    return gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1)


def exclusive_scores(group: np.ndarray, total: np.ndarray, n: int, n_group: int, min_units: int) -> np.ndarray:
    """S for each row of `group` (group counts per term; `total` all units' counts): the sum
    of -log p over terms used by min_units+ of the group and by nobody outside it, where
    p = C(n_group, k) / C(n, k) is the chance that a term's k users all fall in the group."""
    exclusive = (group >= min_units) & (group == total)
    weight = _log_comb(n, group) - _log_comb(n_group, group)
    return np.where(exclusive, weight, 0.0).sum(axis=-1)


def _shuffled_scores(sub, in_group: np.ndarray, n_shuffles: int, min_units: int, rng) -> np.ndarray:
    """S for `n_shuffles` random groups of the same size, in batches (one matrix product each)."""
    total = np.asarray(sub.sum(axis=0)).ravel()
    size, scores = int(in_group.sum()), []
    for start in range(0, n_shuffles, 200):
        labels = np.zeros((min(200, n_shuffles - start), len(in_group)))
        for row in labels:
            row[rng.permutation(len(in_group))[:size]] = 1
        group = np.asarray((sub.T @ labels.T).T)
        scores.append(exclusive_scores(group, total, len(in_group), size, min_units))
    return np.concatenate(scores)


def _exclusive_groups(corpus, matrix, positions, sizes, n_shuffles, alpha, rng) -> dict:
    """(kind, attribute, value) -> (p, q) for groups whose exclusive words pass BH at alpha.

    `sizes` = (min_units, small_group): groups of min_units to small_group - 1 units, of kinds
    whose units are their own voices (not notes, where one author writes many)."""
    min_units, small_group = sizes
    tested: list[tuple[tuple[str, str, str], float]] = []
    kinds = [k for k in unit_kinds(corpus) if k != "note"]
    for kind, attribute, value, _values, sub, in_group in _groups(corpus, matrix, positions, kinds):
        if not min_units <= in_group.sum() < small_group or (~in_group).sum() < min_units:
            continue
        group, rest = _sums(sub, in_group)
        observed = float(exclusive_scores(group, group + rest, len(in_group), int(in_group.sum()), min_units))
        if observed <= 0:
            continue
        reached = int((_shuffled_scores(sub, in_group, n_shuffles, min_units, rng) >= observed - 1e-9).sum())
        tested.append(((kind, attribute, str(value)), (1 + reached) / (1 + n_shuffles)))
    if not tested:
        return {}
    q_values = false_discovery_control([p for _, p in tested], method="bh")
    return {key: (p, float(q)) for (key, p), q in zip(tested, q_values) if q < alpha}


def _exclusive_surprise(corpus, sub, terms, values, in_group, attribute, value, min_units, top,
                        p_value, q_value, *, alpha) -> Surprise:
    group, rest = _sums(sub, in_group)
    n_g, n_r = int(in_group.sum()), int((~in_group).sum())
    members = set(values.index[in_group])
    rows = corpus.excerpts[corpus.excerpts["unit"].isin(members)]
    candidates = np.flatnonzero((group >= min_units) & (rest == 0))
    mentions = [int(rows["text"].str.contains(terms_pattern((terms[c],)), na=False).sum()) for c in candidates]
    order = sorted(range(len(candidates)), key=lambda i: (-group[candidates[i]], -mentions[i], terms[candidates[i]]))
    chosen: list[int] = []
    for i in order:
        c = int(candidates[i])
        if len(chosen) < top and not any(set(terms[c].split()) & set(terms[o].split()) for o in chosen):
            chosen.append(c)
    noun = unit_noun(corpus, members)
    users = [int(group[c]) for c in chosen]
    listed = _listed([(terms[c], _used_by(corpus, k, n_g)) for c, k in zip(chosen, users)])
    small = f" This rests on {counted(corpus, n_g, noun.rstrip('s'))}: a small group, read it as a prompt." if n_g < 10 else ""
    bar = p_bar(corpus, alpha, n_g, n_r, *users)
    return _language_item(
        corpus, rows, terms, chosen, (group, rest), (n_g, n_r), attribute, value,
        strength=float(group[chosen[0]] / n_g),
        explanation=(f"Words used by {noun_among(noun, attribute, value)} and by none of the {count(corpus, n_r)} others: {listed}; "
                     f"more such words than random groups of {count(corpus, n_g)} share.{small}"),
        test=f"permutation {fmt_p(p_value, bar=bar)}, {fmt_p(q_value, 'q', bar=bar)}",
        details={"only_this_group": True},
        p_value=p_value,
        q_value=q_value,
    )


def _used_by(corpus: Corpus, users: int, n_group: int) -> str:
    """'by all 5', 'by 7 of 12', 'by some but not all of the 5'."""
    whole = users == n_group and not hidden(corpus, n_group)
    return f"by all {n_group}" if whole else f"by {of(corpus, users, n_group)}"


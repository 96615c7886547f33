"""Dissent: a clear consensus, and the voices that take the other side. Two routes.

**Themes.** Each excerpt gets a polarity score (`polarity.py`: a documented lexicon with
negation); each unit's stance on a theme is the sign of the mean polarity of its excerpts
there (+1 praise, -1 criticism, 0 no clear stance). The baseline b is the median, over
themes with enough stances, of each theme's share of positive stances: what a theme
usually looks like here (a median, so one strongly agreed theme does not make every other
theme look contrary). A theme has dissent when

- its positive share differs from b (two-sided binomial test, Benjamini-Hochberg over the
  themes tested), so the theme has a consensus of its own rather than the corpus's
  usual mix of praise and complaint, and at least two thirds of it is praise; and
- at least one unit criticises.

Splitting any theme in two would always "find" two sides; asking first whether the theme
leans away from the corpus is what keeps this quiet on shuffled data. Only praise is a
consensus here: a theme talked about negatively is mostly a problem (damp, a cut bus
route, worries about a pandemic), and a positive word in it is seldom praise of the
problem: on the covid survey a theme of worries about the health system (59 critical
voices, 1 upbeat) would otherwise be dissent, and on the sample the bus theme's
"positive" voices praise the old route and a volunteer driver. The lexicon cannot tell,
so a critical consensus is left to the target route, which scores only remarks about
one target and leaves feelings (worry, fear) out of stance. Strength is how far the consensus departs
from the baseline (|share - b|).

**Targets.** A theme can hold two stances at once: complaints about bills and praise
for the pantry that helps with them. `targets.py` scores each unit only on its remarks
about one of the theme's targets (a keyword it names). A target with at least
`MIN_OTHERS` + 1 units taking a stance is tested: its statistic is the widest gap,
|own stance - mean stance of the others|, of a unit whose stance is opposite to that of
at least `MIN_OTHERS` others and two thirds of them. Its p-value is the share of
permutations (stances shuffled across every unit and target of the corpus, so a stance
no longer belongs to what it was said about) whose gap on that target is as wide;
Benjamini-Hochberg over the targets tested. Strength is the gap over its maximum, 2.
A theme already reported by the first route is not reported again for one of its targets.

Both sides are shown, the dissent first.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import binomtest, false_discovery_control

from .base import (
    Corpus,
    Surprise,
    describe_units,
    fmt_p,
    hidden,
    kind_counts,
    p_bar,
    pick_evidence,
    reads_one,
    theme_rows,
    voices,
)
from .polarity import polarity, stance
from .targets import as_written, target_stances

MAJORITY = 2 / 3
MIN_OTHERS = 4
PERMUTATIONS = 9999
_BATCH = 250
_SIDE = {1: "positively", -1: "critically"}


def unit_stances(corpus: Corpus) -> pd.DataFrame:
    """One row per (theme_id, unit): mean polarity and stance of the unit's excerpts there."""
    rows = corpus.excerpts[corpus.excerpts["theme_id"] >= 0]
    scored = rows.assign(polarity=[polarity(t) for t in rows["text"].fillna("").astype(str)])
    table = scored.groupby(["theme_id", "unit"], sort=True)["polarity"].mean().reset_index()
    table["stance"] = table["polarity"].map(stance)
    return table


def detect_dissent(
    corpus: Corpus,
    *,
    alpha: float = 0.05,
    min_stances: int = 5,
    permutations: int = PERMUTATIONS,
    random_state: int | None = 0,
) -> tuple[list[Surprise], str]:
    """Themes, and targets within themes, with a consensus and dissenters against it."""
    by_theme, theme_summary = _theme_dissent(corpus, alpha, min_stances)
    by_target, target_summary = _target_dissent(
        corpus, alpha, {s.theme_id for s in by_theme}, permutations, random_state)
    return by_theme + by_target, f"{theme_summary}; {target_summary}"


# -- themes ------------------------------------------------------------------------------


def _theme_dissent(corpus: Corpus, alpha: float, min_stances: int) -> tuple[list[Surprise], str]:
    stances = unit_stances(corpus)
    polar = stances[stances["stance"] != 0]
    if polar.empty:
        return [], "dissent: no excerpt takes a clear stance"
    counts = [(int(t), int((g["stance"] > 0).sum()), len(g)) for t, g in polar.groupby("theme_id", sort=True)]
    counts = [c for c in counts if c[2] >= min_stances]
    if not counts:
        return [], f"dissent: no theme has {min_stances}+ units taking a stance"
    baseline = float(np.median([positive / n for _, positive, n in counts]))
    tests = [(t, positive, n, binomtest(positive, n, baseline).pvalue) for t, positive, n in counts]
    q_values = false_discovery_control([t[3] for t in tests], method="bh")
    found = []
    for (theme_id, positive, n, p_value), q in zip(tests, q_values):
        if q < alpha and _has_own_consensus(positive, n, baseline):
            found.append(_theme_surprise(corpus, polar[polar["theme_id"] == theme_id], baseline,
                                         p_value, float(q), alpha=alpha))
    summary = (f"dissent: {len(tests)} themes tested against a median of {round(100 * baseline)}% "
               f"positive stances (binomial, BH); {len(found)} praised by a consensus, with critics")
    return found, summary


def _has_own_consensus(positive: int, n: int, baseline: float) -> bool:
    """Two thirds or more praise, more than in the median theme, and somebody criticises."""
    return MAJORITY <= positive / n < 1 and positive / n > baseline


def _theme_surprise(corpus: Corpus, stances: pd.DataFrame, baseline: float, p_value: float,
                    q_value: float, *, alpha: float) -> Surprise:
    theme_id = int(stances["theme_id"].iloc[0])
    sides = positive, _negative, major, minor = _sides_of(stances)
    label, bar = corpus.label(theme_id), _bar(corpus, alpha, major, minor)
    explanation = (
        f"On '{label}', {_sides(corpus, major, minor)} ({_positive_share(corpus, positive, stances)} "
        f"{round(100 * baseline)}% in the median theme)."
    )
    test = f"binomial {fmt_p(p_value, bar=bar)}, {fmt_p(q_value, 'q', bar=bar)}"
    return _dissent_surprise(
        corpus, stances, sides,
        minor_rows=_most_polar(theme_rows(corpus, theme_id, minor["unit"]), minor),
        major_rows=_most_polar(theme_rows(corpus, theme_id, major["unit"]), major),
        strength=abs(len(positive) / len(stances) - baseline), explanation=explanation, test=test,
        subject=label, p_value=p_value, q_value=q_value,
        details={"baseline_positive": round(baseline, 4)},
    )


# -- targets -----------------------------------------------------------------------------


def _target_dissent(corpus: Corpus, alpha: float, skip: set[int | None], permutations: int,
                    random_state: int | None) -> tuple[list[Surprise], str]:
    table = target_stances(corpus)
    polar = table[(table["stance"] != 0) & ~table["theme_id"].isin(skip)].reset_index(drop=True)
    keys = polar.groupby(["theme_id", "target"], sort=True).ngroup().to_numpy()
    sizes = np.bincount(keys) if len(keys) else np.zeros(0, dtype=int)
    tested = np.flatnonzero(sizes > MIN_OTHERS)
    if not len(tested):
        return [], f"on targets: no theme's target has {MIN_OTHERS + 1}+ units taking a stance"
    p_values = _permutation_p(polar["polarity"].to_numpy(), keys, permutations, random_state)[tested]
    q_values = false_discovery_control(p_values, method="bh")
    found = [
        _target_surprise(corpus, polar[keys == key], p, float(q), len(tested), alpha=alpha)
        for key, p, q in zip(tested, p_values, q_values) if q < alpha
    ]
    summary = (f"on targets: {len(tested)} theme targets with {MIN_OTHERS + 1}+ stances tested against "
               f"{permutations} shuffles of stances across targets (BH); {len(found)} with a consensus "
               "and dissenters")
    return found, summary


def _permutation_p(scores: np.ndarray, keys: np.ndarray, permutations: int,
                   random_state: int | None) -> np.ndarray:
    """Per target: the share of shuffles whose widest gap is at least the observed one."""
    n_keys = int(keys.max()) + 1
    observed = _widest_gaps(scores[None, :], keys, n_keys)[0]
    rng = np.random.default_rng(random_state)
    exceed = np.zeros(n_keys)
    for start in range(0, permutations, _BATCH):
        batch = rng.permuted(np.tile(scores, (min(_BATCH, permutations - start), 1)), axis=1)
        exceed += (_widest_gaps(batch, keys, n_keys) >= observed).sum(axis=0)
    p_values = (1 + exceed) / (1 + permutations)
    return np.where(observed > 0, p_values, 1.0)


def _widest_gaps(scores: np.ndarray, keys: np.ndarray, n_keys: int) -> np.ndarray:
    """(shuffles x targets): the widest |own - others' mean| of a unit opposed by a clear
    majority of the others on its target (0 where no unit is)."""
    rows = scores.shape[0]
    flat = (np.arange(rows)[:, None] * n_keys + keys[None, :]).ravel()
    totals = np.bincount(flat, weights=scores.ravel(), minlength=rows * n_keys).reshape(rows, n_keys)
    positives = np.bincount(flat, weights=(scores > 0).ravel(), minlength=rows * n_keys).reshape(rows, n_keys)
    others = np.bincount(keys, minlength=n_keys)[keys] - 1
    others_mean = (totals[:, keys] - scores) / np.maximum(others, 1)
    others_positive = positives[:, keys] - (scores > 0)
    opposed_by = np.where(scores > 0, others - others_positive, others_positive)
    dissent = ((opposed_by >= MIN_OTHERS) & (opposed_by >= MAJORITY * others)
               & (np.sign(others_mean) == -np.sign(scores)))
    gaps = np.where(dissent, np.abs(scores - others_mean), 0.0)
    widest = np.zeros(rows * n_keys)
    np.maximum.at(widest, flat, gaps.ravel())
    return widest.reshape(rows, n_keys)


def _target_surprise(corpus: Corpus, stances: pd.DataFrame, p_value: float, q_value: float,
                     tested: int, *, alpha: float) -> Surprise:
    theme_id = int(stances["theme_id"].iloc[0])
    target = as_written(corpus.themes.get(theme_id, {}), str(stances["target"].iloc[0]))
    sides = _positive, _negative, major, minor = _sides_of(stances)
    gap = max(abs(s - (stances["polarity"].sum() - s) / (len(stances) - 1)) for s in minor["polarity"])
    bar = _bar(corpus, alpha, major, minor)
    explanation = (
        f"About '{target}' (theme '{corpus.label(theme_id)}'), {_sides(corpus, major, minor)}."
    )
    test = (f"permutation {fmt_p(p_value, bar=bar)}, {fmt_p(q_value, 'q', bar=bar)} against stances "
            f"shuffled across {tested} targets; stance gap {gap:.2f} of 2")
    return _dissent_surprise(
        corpus, stances, sides,
        minor_rows=_most_polar(_remark_rows(corpus, minor), minor),
        major_rows=_most_polar(_remark_rows(corpus, major), major),
        strength=gap / 2, explanation=explanation, test=test, subject=target, p_value=p_value, q_value=q_value,
        counts={"target": target}, details={"target": target, "gap": round(float(gap), 4)},
    )


def _remark_rows(corpus: Corpus, stances: pd.DataFrame) -> pd.DataFrame:
    """The excerpts holding the side's remarks about the target."""
    ids = {e for group in stances["excerpt_ids"] for e in group}
    return corpus.excerpts[corpus.excerpts["excerpt_id"].astype(str).isin(ids)]


# -- shared by both routes ----------------------------------------------------------------


def _sides_of(stances: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Positive and negative stances, and which of them is the majority and the minority."""
    positive = stances[stances["stance"] > 0]
    negative = stances[stances["stance"] < 0]
    major, minor = (positive, negative) if len(positive) > len(negative) else (negative, positive)
    return positive, negative, major, minor


def _dissent_surprise(corpus: Corpus, stances: pd.DataFrame, sides: tuple, *, minor_rows: pd.DataFrame,
                      major_rows: pd.DataFrame, strength: float, explanation: str, test: str, subject: str,
                      p_value: float, q_value: float, counts: dict | None = None,
                      details: dict | None = None) -> Surprise:
    """One dissent item: both sides' evidence (the dissent first) and their counts; `sides`
    is what `_sides_of(stances)` returned."""
    positive, negative, major, minor = sides
    minority = pick_evidence(corpus, minor_rows, limit=3)
    majority = pick_evidence(corpus, major_rows, limit=3)
    return Surprise(
        kind="dissent",
        strength=strength,
        explanation=explanation,
        question=_question(subject, reads_one(corpus, len(minor))),
        test=test,
        theme_id=int(stances["theme_id"].iloc[0]),
        evidence=minority + majority,
        counts={**_counts(corpus, major, minor, positive, negative), **(counts or {})},
        voices=voices(corpus, stances["unit"]),
        p_value=p_value,
        q_value=q_value,
        details={**(details or {}), "minority": minority, "majority": majority},
    )


def _sides(corpus: Corpus, major: pd.DataFrame, minor: pd.DataFrame) -> str:
    return (f"{describe_units(corpus, major['unit'])} speak {_SIDE[int(major['stance'].iloc[0])]} "
            f"but {describe_units(corpus, minor['unit'])} {'speaks' if reads_one(corpus, len(minor)) else 'speak'} "
            f"{_SIDE[int(minor['stance'].iloc[0])]}")


def _bar(corpus: Corpus, alpha: float, major: pd.DataFrame, minor: pd.DataFrame) -> float | None:
    """`fmt_p`'s bar for a sentence giving both sides (`_sides`), by kind of unit."""
    return p_bar(corpus, alpha, *(n for side in (major, minor) for n in kind_counts(corpus, side["unit"]).values()))


def _positive_share(corpus: Corpus, positive: pd.DataFrame, stances: pd.DataFrame) -> str:
    """'80% positive against': with a side's count not printed, the share would tell it."""
    if hidden(corpus, len(positive), len(stances) - len(positive)):
        return "more positive than"
    return f"{round(100 * len(positive) / len(stances))}% positive against"


def _question(subject: str, one: bool) -> str:
    voice = "voice" if one else "voices"
    return f"What do{'es' if one else ''} the dissenting {voice} on '{subject}' see that the others do not?"


def _counts(corpus: Corpus, major: pd.DataFrame, minor: pd.DataFrame, positive: pd.DataFrame,
            negative: pd.DataFrame) -> dict:
    return {"majority_units": len(major), "minority_units": len(minor),
            "positive_units": len(positive), "negative_units": len(negative),
            "minority_voices": voices(corpus, minor["unit"])}


def _most_polar(rows: pd.DataFrame, side: pd.DataFrame) -> pd.DataFrame:
    """The side's excerpts, most clearly on that side first."""
    sign = 1 if side["stance"].iloc[0] > 0 else -1
    return rows.assign(strength=rows["text"].fillna("").astype(str).map(polarity) * sign)

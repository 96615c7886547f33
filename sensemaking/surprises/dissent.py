"""Dissent within a theme: a clear consensus, and the voices that take the other side.

Each excerpt gets a polarity score (`polarity.py`: a documented lexicon with negation);
each unit's stance on a theme is the sign of the mean polarity of its excerpts there
(+1 praise, -1 criticism, 0 no clear stance). The baseline b is the median, over themes
with enough stances, of each theme's share of positive stances: what a theme usually
looks like here (a median, so one strongly agreed theme does not make every other theme
look contrary). A theme has dissent when

- its positive share differs from b (two-sided binomial test, Benjamini-Hochberg over the
  themes tested), so the theme has a consensus of its own rather than the corpus's
  usual mix of praise and complaint, and the majority holds at least two thirds; and
- at least one unit takes the opposite stance.

Splitting any theme in two would always "find" two sides; asking first whether the theme
leans away from the corpus is what keeps this quiet on shuffled data. Strength is how
far the consensus departs from the baseline (|share - b|). Both sides are shown.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import binomtest, false_discovery_control

from .base import Corpus, Surprise, describe_units, fmt_p, pick_evidence, theme_rows, voices
from .polarity import polarity, stance

MAJORITY = 2 / 3


def unit_stances(corpus: Corpus) -> pd.DataFrame:
    """One row per (theme_id, unit): mean polarity and stance of the unit's excerpts there."""
    rows = corpus.excerpts[corpus.excerpts["theme_id"] >= 0]
    scored = rows.assign(polarity=[polarity(t) for t in rows["text"].astype(str)])
    table = scored.groupby(["theme_id", "unit"], sort=True)["polarity"].mean().reset_index()
    table["stance"] = table["polarity"].map(stance)
    return table


def detect_dissent(
    corpus: Corpus, *, alpha: float = 0.05, min_stances: int = 5
) -> tuple[list[Surprise], str]:
    """Themes with a consensus that departs from the corpus, and dissenters within them."""
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
        majority = max(positive, n - positive)
        leans_positive = positive / n > baseline
        if q >= alpha or majority in (n, n / 2) or majority / n < MAJORITY:
            continue
        if (positive > n - positive) != leans_positive:
            continue
        found.append(_surprise(corpus, polar[polar["theme_id"] == theme_id], baseline, p_value, float(q)))
    summary = (f"dissent: {len(tests)} themes tested against a median of {round(100 * baseline)}% "
               f"positive stances (binomial, BH); {len(found)} with a consensus and dissenters")
    return found, summary


def _surprise(corpus: Corpus, stances: pd.DataFrame, baseline: float, p_value: float, q_value: float) -> Surprise:
    theme_id = int(stances["theme_id"].iloc[0])
    positive = stances[stances["stance"] > 0]
    negative = stances[stances["stance"] < 0]
    major, minor = (positive, negative) if len(positive) > len(negative) else (negative, positive)
    side = {1: "positively", -1: "critically"}
    label = corpus.label(theme_id)
    explanation = (
        f"On '{label}', {describe_units(corpus, major['unit'])} speak {side[int(major['stance'].iloc[0])]} "
        f"but {describe_units(corpus, minor['unit'])} {'speaks' if len(minor) == 1 else 'speak'} "
        f"{side[int(minor['stance'].iloc[0])]} ({round(100 * len(positive) / len(stances))}% positive "
        f"against {round(100 * baseline)}% in the median theme; binomial {fmt_p(p_value)}, {fmt_p(q_value, 'q')})."
    )
    minor_rows = _most_polar(corpus, theme_id, minor)
    major_rows = _most_polar(corpus, theme_id, major)
    share = len(positive) / len(stances)
    return Surprise(
        kind="dissent",
        strength=abs(share - baseline),
        explanation=explanation,
        question=(f"What does the dissenting voice on '{label}' see that the others do not?"
                  if len(minor) == 1 else f"What do the dissenting voices on '{label}' see that the others do not?"),
        theme_id=theme_id,
        evidence=pick_evidence(corpus, minor_rows, limit=3) + pick_evidence(corpus, major_rows, limit=3),
        counts={"majority_units": len(major), "minority_units": len(minor),
                "positive_units": len(positive), "negative_units": len(negative),
                "minority_voices": voices(corpus, minor["unit"])},
        voices=voices(corpus, stances["unit"]),
        p_value=p_value,
        q_value=q_value,
        details={"baseline_positive": round(baseline, 4),
                 "minority": pick_evidence(corpus, minor_rows, limit=3),
                 "majority": pick_evidence(corpus, major_rows, limit=3)},
    )


def _most_polar(corpus: Corpus, theme_id: int, side: pd.DataFrame) -> pd.DataFrame:
    """The side's excerpts in the theme, most clearly on that side first."""
    rows = theme_rows(corpus, theme_id, side["unit"])
    sign = 1 if side["stance"].iloc[0] > 0 else -1
    scores = rows["text"].astype(str).map(polarity) * sign
    return rows.assign(probability=scores)

"""Change over time: themes rising or fading across the dates of notes and interviews.

Every dated unit (a note's date, an interview's date from data/sources.csv or front
matter) either raised a theme or did not. The trend test asks whether the dates of the
units that raised it sit later (or earlier) than the dates of those that did not: a
two-sided Mann-Whitney U test on dates, which makes no assumption about the shape of the
change. Benjamini-Hochberg adjusts over themes. The effect is the change in share between
the earliest and the latest third of dated units (equal numbers of units, -1..1): "raised
in 4% of notes from January to March and 36% from July to September" is an effect of 0.32.
Each kind of unit is tested on its own (notes with notes, interviews with interviews),
when it has at least `min_dated` dated units over four weeks or more.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import false_discovery_control, mannwhitneyu

from .base import (
    Corpus,
    Surprise,
    describe_units,
    fmt_p,
    in_brackets,
    kind_counts,
    of,
    p_bar,
    pick_evidence,
    share,
    size_and_lopsidedness,
    theme_rows,
    unit_kinds,
    unit_noun,
    voices,
)


def detect_trends(
    corpus: Corpus,
    *,
    alpha: float = 0.05,
    min_dated: int = 20,
    min_raised: int = 5,
    min_effect: float = 0.1,
) -> tuple[list[Surprise], str]:
    """Themes whose share of units changes over time (q < alpha, |effect| >= min_effect)."""
    tests = []
    for kind in unit_kinds(corpus):
        units = corpus.units[corpus.units["unit_kind"] == kind]
        dates = units["date"].dropna().sort_values(kind="stable")
        if len(dates) >= min_dated and (dates.max() - dates.min()).days >= 28:
            tests += _tests(corpus, dates, min_raised)
    if not tests:
        return [], (f"trend: not tested (no kind of unit has {min_dated}+ dated units over 4+ weeks, "
                    f"or no theme was raised by {min_raised}+ of them)")
    q_values = false_discovery_control([t[2] for t in tests], method="bh")
    found = [_surprise(corpus, dates, theme_id, p, float(q), effect, alpha=alpha)
             for (dates, theme_id, p, effect), q in zip(tests, q_values)
             if q < alpha and abs(effect) >= min_effect]
    dated = sum(len(d) for d in {id(t[0]): t[0] for t in tests}.values())
    summary = (f"trend: {len(tests)} theme tests over {dated} dated units "
               f"(Mann-Whitney on dates, BH); {sum(q < alpha for q in q_values)} with q < {alpha}")
    return found, summary


def _tests(corpus: Corpus, dates: pd.Series, min_raised: int) -> list[tuple]:
    days = (dates - dates.min()).dt.days.to_numpy(dtype=float)
    thirds = _thirds(len(dates))
    tests = []
    for theme_id in corpus.raised.columns:
        raised = corpus.raised.loc[dates.index, theme_id].to_numpy()
        if raised.sum() < min_raised or (~raised).sum() < min_raised:
            continue
        p_value = float(mannwhitneyu(days[raised], days[~raised], method="asymptotic").pvalue)
        effect = float(raised[thirds[-1]].mean() - raised[thirds[0]].mean())
        tests.append((dates, int(theme_id), p_value, effect))
    return tests


def _thirds(n: int) -> list[np.ndarray]:
    return np.array_split(np.arange(n), 3)


def _period(dates: pd.Series) -> str:
    start, end = dates.min(), dates.max()
    if (start.year, start.month) == (end.year, end.month):
        return start.strftime("%b %Y")
    if start.year == end.year:
        return f"{start.strftime('%b')}-{end.strftime('%b %Y')}"
    return f"{start.strftime('%b %Y')}-{end.strftime('%b %Y')}"


def _surprise(corpus, dates, theme_id, p_value, q_value, effect, *, alpha) -> Surprise:
    thirds = _thirds(len(dates))
    raised = corpus.raised.loc[dates.index, theme_id]
    first, last = dates.iloc[thirds[0]], dates.iloc[thirds[-1]]
    k1, n1 = int(raised.loc[first.index].sum()), len(first)
    k3, n3 = int(raised.loc[last.index].sum()), len(last)
    raisers = list(raised.index[raised])
    label, noun = corpus.label(theme_id), unit_noun(corpus, dates.index)
    verb = "rising" if effect > 0 else "fading"
    bar = p_bar(corpus, alpha, k1, n1, k3, n3, *kind_counts(corpus, raisers).values())
    explanation = (
        f"'{label}' is {verb}: raised by {of(corpus, k1, n1)} {noun} dated {_period(first)}"
        f"{in_brackets(share(corpus, k1, n1))} and {of(corpus, k3, n3)} dated {_period(last)}"
        f"{in_brackets(share(corpus, k3, n3))}; "
        f"{describe_units(corpus, raisers)} in all."
    )
    question = (f"What changed for '{label}' to come up more often lately, and is it still growing?"
                if effect > 0 else f"Has '{label}' been dealt with, or have we stopped hearing about it?")
    recent = last.index if effect > 0 else first.index
    months = dates.dt.strftime("%Y-%m")
    by_month = {m: [int(raised[months == m].sum()), int((months == m).sum())] for m in sorted(set(months))}
    return Surprise(
        kind="trend",
        strength=size_and_lopsidedness(k1 / n1, k3 / n3),
        explanation=explanation,
        question=question,
        test=f"Mann-Whitney test on dates {fmt_p(p_value, bar=bar)}, {fmt_p(q_value, 'q', bar=bar)}",
        theme_id=theme_id,
        evidence=pick_evidence(corpus, theme_rows(corpus, theme_id, recent)),
        counts={"first_raised": k1, "first_units": n1, "last_raised": k3, "last_units": n3,
                "raised": len(raisers), "dated_units": len(dates)},
        voices=voices(corpus, raisers),
        effect=round(effect, 4),
        p_value=p_value,
        q_value=q_value,
        details={"direction": verb, "by_month": by_month},
    )

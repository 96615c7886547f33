"""Who's missing: those heard, against those the programme serves.

Expected shares come from `[population.<attribute>]` in sensemaking.toml (for example
area or age-band shares from local statistics; they need not sum to one, they are
normalised). For each such attribute, a value is flagged when

- it is under-covered: its share of the units heard is below the population share by at
  least a quarter (`shortfall` = 1 - observed / expected >= 0.25) and a one-sided
  binomial test says the gap is not chance (p < alpha); or
- it has few voices: fewer than `few` units heard (participants, notes; the notes'
  authors are shown) where at least twice `few` were heard in all (of 6 people heard,
  every age band has fewer than 5), or none where the population has some, which is
  also checked for the attributes in `attributes` when no population shares are given.

A group heard through 1 to k - 1 units (`corpus.k`, the disclosure threshold) is said to
be heard through "fewer than k", as the who's-missing charts of boards and reports show
it: the explanation is printed beside them.

Strength is the larger of the shortfall and 1 - units / few. Items are phrased as
prompts for the workshop, never as conclusions: being under-heard is a question about
how the listening was done, not a finding about the group.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from scipy.stats import binomtest

from .base import (
    Corpus,
    Surprise,
    attribute_values,
    describe_units,
    fmt_p,
    group_name,
    group_people,
    hidden,
    kind_counts,
    p_bar,
    pct,
    unit_noun,
    voices,
)

MIN_SHORTFALL = 0.25


def detect_missing(
    corpus: Corpus,
    population: Mapping[str, Mapping[str, float]],
    *,
    few: int = 5,
    alpha: float = 0.05,
    attributes: Sequence[str] = ("area", "age_band"),
) -> tuple[list[Surprise], str]:
    """Groups under-covered against `population`, or heard through few voices."""
    wanted = list(dict.fromkeys([*population, *attributes]))
    checked = [a for a in wanted if a in corpus.units and len(attribute_values(corpus, a))]
    items = []
    for attribute in checked:
        shares = _normalise(population.get(attribute, {}))
        values = attribute_values(corpus, attribute)
        for value in sorted(set(shares) | set(values)):
            item = _check(corpus, attribute, value, values, shares.get(value), few, alpha)
            if item is not None:
                items.append(item)
    if not checked:
        recorded = " or ".join(a.replace("_", " ") for a in wanted) or "attribute"
        return items, f"who's missing: not checked, as no {recorded} is recorded for anyone heard"
    summary = (f"who's missing: {len(checked)} attribute(s) checked "
               f"({', '.join(checked)}); {len(items)} group(s) under-heard")
    return items, summary


def _normalise(shares: Mapping[str, float]) -> dict[str, float]:
    total = sum(float(v) for v in shares.values())
    return {str(k): float(v) / total for k, v in shares.items()} if total > 0 else {}


def _check(corpus, attribute, value, values, expected, few, alpha) -> Surprise | None:
    units = list(values.index[values == value])
    n, total = len(units), len(values)
    if expected == 0 and n == 0:
        return None  # the population has none of them either
    heard = voices(corpus, units)
    shortfall, p_value = 0.0, None
    if expected and total:
        observed = n / total
        p_value = float(binomtest(n, total, expected, alternative="less").pvalue)
        if observed < expected and p_value < alpha:
            shortfall = 1 - observed / expected
    if shortfall < MIN_SHORTFALL:
        shortfall = 0.0
    # Few voices are few beside the rest (of 3 people heard, every group has fewer than 5);
    # none heard of a group the population has is always said
    scarce = max(0.0, 1 - n / few) if total >= 2 * few or (expected and not n) else 0.0
    if not shortfall and not scarce:
        return None
    noun = unit_noun(corpus, values.index)
    explanation = _explain(corpus, units, (attribute, value), (total, noun), expected if shortfall else None)
    return Surprise(
        kind="missing",
        strength=max(shortfall, scarce),
        explanation=explanation,
        test=(f"one-sided binomial against the population share "
              f"{fmt_p(p_value, bar=p_bar(corpus, alpha, n, *kind_counts(corpus, units).values()))}")
             if shortfall else "",
        question=f"Which {group_people(attribute, value)} have we not heard from, and how could we reach "
                 "them before we decide anything?",
        group={"attribute": attribute, "value": str(value)},
        counts={"units": n, "units_heard": total, "voices": heard,
                "expected_share": expected, "observed_share": round(n / total, 4) if total else None},
        p_value=p_value,
        details={"shortfall": round(shortfall, 4), "few_voices": bool(scarce)},
    )


def _explain(corpus, units, group: tuple[str, str], heard: tuple[int, str], expected) -> str:
    """The item's sentence; a group heard through fewer than k units gets no number (nor
    share, which would tell it)."""
    who = describe_units(corpus, units)
    total, noun = heard
    name = group_name(*group)
    subject = f"People {name}" if name.startswith("aged ") else name
    few = f"fewer than {corpus.k} of the {total} {noun} heard"
    if expected:
        share = pct(round(expected * 1000), 1000)
        if not units:
            return f"{subject}: {share} of the population the programme serves, but none of the {total} {noun} heard."
        if hidden(corpus, len(units)):
            return f"{subject}: {share} of the population the programme serves, but {few}."
        return (f"{subject}: {share} of the population the programme serves, but only {len(units)} "
                f"of the {total} {noun} heard ({pct(len(units), total)}): {who}.")
    if hidden(corpus, len(units)):
        return f"Few voices from {group_people(*group)}: {few}."
    return f"Few voices from {group_people(*group)}: only {who} out of {total} {noun} heard."

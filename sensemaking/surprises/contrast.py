"""Group contrast: a theme raised much more (or less) often in one group than in the rest.

For every group attribute (area, role, age band, source kind, notes columns ...) and every
value with at least `min_units` units, and every theme, the units of the group and of the
rest are split by whether they raised the theme, and Fisher's exact test (two-sided) is
run on that 2x2 table. Benjamini-Hochberg (`scipy.stats.false_discovery_control`) adjusts
over all theme x group pairs tested. The effect is the difference in shares (group minus
rest, -1..1): "raised by 75% of Eastgate notes against 5% elsewhere" is an effect of 0.70.

Groups are compared within one kind of unit (participants with participants, notes with
notes): a participant interviewed for an hour raises more themes than a two-line note,
so a mixed comparison would mostly tell who was interviewed. An attribute that is the
same for every unit of a kind (source kind, for instance) is therefore not tested there.

A contrast where the group names its own theme (notes from pantry sessions raising
"pantry", partner meetings raising "partners") is self-evident, not a surprise: when a
word of the group's value (4+ letters, plural s dropped) is in the theme's label or top
ten keywords, the pair is left out before testing.

A theme raised by fewer than k voices in all (`corpus.k`) is not tested: boards and
reports break it down by no group, as that would show where each voice is from, and a
contrast ("raised only by participants in Eastgate") would say just that.

Pairs whose smallest attainable p-value, given the table margins, is above `alpha` cannot
pass whatever the labels say; they are left out of the family (Tarone 1990), which keeps
the adjustment from being diluted by tests that had no chance. An attribute with only two
values is tested once (the two tables are mirror images). Only the strongest significant
item per theme and attribute is kept, so one finding is not told twice.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import false_discovery_control, fisher_exact, hypergeom

from .base import (
    Corpus,
    Surprise,
    attribute_values,
    breakdown,
    count,
    describe_units,
    fmt_p,
    group_people,
    hidden,
    in_brackets,
    kind_counts,
    noun_among,
    of,
    p_bar,
    pick_evidence,
    share,
    size_and_lopsidedness,
    stems,
    theme_rows,
    unit_kinds,
    unit_noun,
    voices,
)


@dataclass(frozen=True)
class _Test:
    kind: str
    attribute: str
    value: str
    theme_id: int
    k_group: int
    n_group: int
    k_rest: int
    n_rest: int
    p_value: float

    @property
    def effect(self) -> float:
        return self.k_group / self.n_group - self.k_rest / self.n_rest

    @property
    def shares(self) -> tuple[float, float]:
        return self.k_group / self.n_group, self.k_rest / self.n_rest


def contrast_tests(corpus: Corpus, *, alpha: float = 0.05, min_units: int = 2) -> list[_Test]:
    """Every testable theme x group pair (per unit kind) with its Fisher p-value."""
    tests = []
    # A theme raised by 1 to k - 1 voices in all is broken down nowhere (boards and reports
    # say "a breakdown would show where each of them is from"): a contrast would say it.
    few = {t for t in corpus.raised.columns if hidden(corpus, int(corpus.raised[t].sum()))}
    for kind in unit_kinds(corpus):
        for attribute in corpus.attributes:
            values = attribute_values(corpus, attribute, kind)
            sizes = values.value_counts()
            testable = sorted(v for v, n in sizes.items() if n >= min_units and len(values) - n >= min_units)
            if len(sizes) == 2:
                testable = testable[:1]
            raised = corpus.raised.loc[values.index]
            for value in testable:
                in_group = (values == value).to_numpy()
                for theme_id in raised.columns:
                    if theme_id in few or self_evident(corpus, int(theme_id), value):
                        continue
                    column = raised[theme_id].to_numpy()
                    test = _test(kind, attribute, value, int(theme_id), column, in_group, alpha)
                    if test is not None:
                        tests.append(test)
    return tests


def _test(kind, attribute, value, theme_id, column, in_group, alpha) -> _Test | None:
    n_group, n_rest = int(in_group.sum()), int((~in_group).sum())
    k_group, k_rest = int(column[in_group].sum()), int(column[~in_group].sum())
    if _min_attainable_p(n_group, n_rest, k_group + k_rest) > alpha:
        return None
    table = [[k_group, n_group - k_group], [k_rest, n_rest - k_rest]]
    p_value = float(fisher_exact(table, alternative="two-sided").pvalue)
    return _Test(kind, attribute, value, theme_id, k_group, n_group, k_rest, n_rest, p_value)


def self_evident(corpus: Corpus, theme_id: int, value: str) -> bool:
    """True when the group's value names the theme (its label or top keywords)."""
    theme = corpus.themes.get(theme_id, {})
    text = " ".join([str(theme.get("label", ""))] + [str(k) for k in list(theme.get("keywords") or [])[:10]])
    return bool(stems(value) & stems(text))


def _min_attainable_p(n_group: int, n_rest: int, raised: int) -> float:
    """Smallest two-sided Fisher p-value any table with these margins could give."""
    lo, hi = max(0, raised - n_rest), min(raised, n_group)
    pmf = hypergeom.pmf(np.arange(lo, hi + 1), n_group + n_rest, raised, n_group)
    return float(pmf[pmf <= pmf.min() * (1 + 1e-7)].sum())


def detect_contrasts(
    corpus: Corpus, *, alpha: float = 0.05, min_units: int = 2, min_effect: float = 0.1
) -> tuple[list[Surprise], str]:
    """Significant theme x group contrasts (q < alpha), strongest per theme and attribute.

    `min_effect`: with hundreds of respondents a difference of a few points passes any
    test; below this difference in shares it is not a surprise and is not reported.
    """
    tests = contrast_tests(corpus, alpha=alpha, min_units=min_units)
    if not tests:
        return [], "group contrast: no theme x group pair had enough units to test"
    q_values = false_discovery_control([t.p_value for t in tests], method="bh")
    best: dict[tuple[int, str], tuple[_Test, float]] = {}
    for test, q in zip(tests, q_values):
        if q >= alpha or abs(test.effect) < min_effect:
            continue
        test = _mirror(corpus, test)
        key = (test.theme_id, test.attribute)
        if key not in best or abs(test.effect) > abs(best[key][0].effect):
            best[key] = (test, float(q))
    found = [_surprise(corpus, test, q, alpha) for test, q in best.values()]
    summary = (
        f"group contrast: {len(tests)} theme x group pairs tested (Fisher, BH); "
        f"{sum(q < alpha for q in q_values)} with q < {alpha}"
    )
    return sorted(found, key=lambda s: (-abs(s.effect or 0), s.theme_id or 0)), summary


def _mirror(corpus: Corpus, test: _Test) -> _Test:
    """For a two-valued attribute, tell the finding from the side that raised it more."""
    values = attribute_values(corpus, test.attribute, test.kind)
    others = sorted(set(values) - {test.value})
    if len(others) != 1 or test.effect >= 0:
        return test
    return _Test(test.kind, test.attribute, others[0], test.theme_id, test.k_rest, test.n_rest,
                 test.k_group, test.n_group, test.p_value)


def _surprise(corpus: Corpus, test: _Test, q: float, alpha: float) -> Surprise:
    values = attribute_values(corpus, test.attribute, test.kind)
    group_units = values.index[values == test.value]
    raising = corpus.raised.loc[group_units, test.theme_id]
    raisers = list(raising.index[raising])
    everyone = attribute_values(corpus, test.attribute)
    backing = [u for u in everyone.index[everyone == test.value] if corpus.raised.at[u, test.theme_id]]
    # Of another kind than the compared units: said after the test when the group raises it more.
    others = [u for u in backing if u not in set(raisers)] if test.effect > 0 else []
    label, noun = corpus.label(test.theme_id), unit_noun(corpus, group_units)
    who = noun_among(noun, test.attribute, test.value)
    bar = p_bar(corpus, alpha, test.k_group, test.n_group, test.k_rest, test.n_rest,
                *kind_counts(corpus, others).values())
    stats = f"Fisher's exact {fmt_p(test.p_value, bar=bar)}, {fmt_p(q, 'q', bar=bar)}"
    group_said = in_brackets(share(corpus, test.k_group, test.n_group), breakdown(corpus, raisers))
    if test.k_rest == 0:
        explanation = (
            f"'{label}' was raised only by {who}: {of(corpus, test.k_group, test.n_group)}{group_said} "
            f"and none of the {count(corpus, test.n_rest)} others."
        )
        question = f"Why does '{label}' come only from {group_people(test.attribute, test.value)}? Is it absent elsewhere, or did we not ask?"
    else:
        explanation = (
            f"'{label}' was raised by {of(corpus, test.k_group, test.n_group)} {who}{group_said} against "
            f"{of(corpus, test.k_rest, test.n_rest)} elsewhere{in_brackets(share(corpus, test.k_rest, test.n_rest))}."
        )
        more = "more" if test.effect > 0 else "less"
        question = f"Why is '{label}' raised {more} often by {group_people(test.attribute, test.value)} than by others?"
    rows = theme_rows(corpus, test.theme_id, raisers if raisers else None)
    # "More often" rests on those who raised it; "less often" on the whole group, most of
    # whom did not (a group where nobody raised it would otherwise count no voices at all).
    heard = voices(corpus, backing) if test.effect > 0 else voices(corpus, group_units)
    if others:
        explanation = explanation[:-1] + f"; also raised by {describe_units(corpus, others)} there."
    return Surprise(
        kind="group_contrast",
        strength=size_and_lopsidedness(*test.shares),
        explanation=explanation,
        question=question,
        test=stats,
        theme_id=test.theme_id,
        group={"attribute": test.attribute, "value": str(test.value)},
        evidence=pick_evidence(corpus, rows),
        counts={"group_raised": test.k_group, "group_units": test.n_group,
                "rest_raised": test.k_rest, "rest_units": test.n_rest,
                "group_voices": voices(corpus, backing), "unit_kind": test.kind},
        voices=heard,
        effect=round(test.effect, 4),
        p_value=test.p_value,
        q_value=q,
        details={"only": test.k_rest == 0},
    )

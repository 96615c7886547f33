"""Expectations: what the team expects to find, checked against what people said.

The team writes `<project>/expectations.yaml` before looking at the themes. Each entry
names what is expected (a theme, by model `theme_id`, by `label`, or by `terms` that
survive re-runs), optionally a group, and a direction:

    expectations:
      - id: digital-older                        # optional; a short handle
        statement: Digital exclusion is mostly raised by residents aged 65+
        terms: [online, digital, internet, laptop, app]   # or  theme_id: 4  /  label: bus routes
        group: {attribute: age_band, value: "65+"}
        direction: mostly                        # more | mostly | less | present | absent
      - statement: Nobody in Riverside talks about damp
        terms: [damp, mould]
        group: {attribute: area, value: Riverside}
        direction: absent
      - statement: People raise transport at all
        terms: [bus, transport]
        direction: present                       # no group: the whole corpus

`terms` match whole words, case-insensitively; `bus*` also matches "buses". A unit
(participant, note, document) raises the expectation's subject when at least two of its
excerpts match the terms, or a third of them for a unit with fewer than six (a note has
one): one passing word in an hour-long interview is not raising a subject. With `theme_id` or
`label`, a unit raises it when any of its excerpts belongs to that theme.

Each expectation is reported as confirmed, contradicted or not evidenced, with numbers:

- `more`: the group raises it more often than everyone else (a rate). Confirmed when
  a one-sided Fisher's exact test says so (p < alpha). Contradicted when the group raises
  it significantly less, or when another group of the same attribute raises it
  significantly more than the rest (Benjamini-Hochberg over those groups) and more than
  the named group: "it is raised by people aged 16-24 instead".
- `mostly`: most of those who raise it belong to the group (a composition, as in
  "digital exclusion is mostly raised by residents aged 65+"). A one-sided binomial test
  of the group's share of raisers against one half: above, confirmed; below, contradicted.
  A small group can rarely be "most" of anything, so the explanation also gives how many
  of the group were heard at all.
- `less`: the mirror image.
- `present`: confirmed when at least one unit of the group raises it; contradicted when
  none does and, at everyone else's rate, seeing none would have had a chance below alpha.
- `absent`: confirmed when none does and that absence is that unlikely; contradicted when
  two or more units of the group raise it.

Anything else is "not evidenced", and the explanation says how many voices were heard.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml
from scipy.stats import binomtest, false_discovery_control, fisher_exact

from ..errors import ConfigError
from ..wording import did_you_mean
from .base import (
    Corpus,
    Surprise,
    among,
    attribute_values,
    count,
    describe_units,
    fmt_p,
    group_people,
    in_brackets,
    noun_among,
    of,
    p_bar,
    pct,
    pick_evidence,
    reads_one,
    share,
    unit_noun,
    voices,
)

DIRECTIONS = ("more", "mostly", "less", "present", "absent")
VERDICT_STRENGTH = {"contradicted": 1.0, "confirmed": 0.5, "not evidenced": 0.15}


@dataclass(frozen=True)
class Expectation:
    """One line of expectations.yaml, validated."""

    statement: str
    direction: str
    id: str | None = None
    theme_id: int | None = None
    label: str | None = None
    terms: tuple[str, ...] = ()
    attribute: str | None = None
    value: str | None = None


def load_expectations(path: str | Path) -> list[Expectation]:
    """Read and validate expectations.yaml (see the module docstring for the schema)."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        where = f", line {line + 1}" if line is not None else ""
        raise ConfigError(f"{path}{where}: not valid YAML; check indentation and quotes") from None
    entries = data.get("expectations", []) if isinstance(data, Mapping) else data
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: expected a list under 'expectations:'; see sensemaking.surprises.expectations")
    return [_parse(entry, path, n) for n, entry in enumerate(entries, start=1)]


def _parse(entry: Any, path: Path, n: int) -> Expectation:
    where = f"{path}: expectation {n}"
    if not isinstance(entry, Mapping):
        raise ConfigError(f"{where} is not a mapping (statement:, terms:, group:, direction:)")
    direction = str(entry.get("direction", "present")).strip().lower()
    if direction not in DIRECTIONS:
        raise ConfigError(f"{where}: direction {direction!r} is not one of {', '.join(DIRECTIONS)}"
                          + did_you_mean(direction, DIRECTIONS))
    terms = entry.get("terms") or ()
    terms = (terms,) if isinstance(terms, str) else tuple(str(t) for t in terms)
    if entry.get("theme_id") is None and not entry.get("label") and not terms:
        raise ConfigError(f"{where}: say what is expected with theme_id:, label: or terms:")
    group = entry.get("group") or {}
    if group and not (isinstance(group, Mapping) and "attribute" in group and "value" in group):
        raise ConfigError(f"{where}: group must be {{attribute: ..., value: ...}}, e.g. {{attribute: area, value: Eastgate}}")
    if direction in ("more", "mostly", "less") and not group:
        raise ConfigError(f"{where}: direction {direction!r} needs a group to compare")
    return Expectation(
        statement=str(entry.get("statement") or "").strip() or f"expectation {n}",
        direction=direction,
        id=str(entry["id"]) if entry.get("id") is not None else None,
        theme_id=int(entry["theme_id"]) if entry.get("theme_id") is not None else None,
        label=str(entry["label"]) if entry.get("label") else None,
        terms=terms,
        attribute=str(group["attribute"]) if group else None,
        value=str(group["value"]) if group else None,
    )


def detect_expectations(
    corpus: Corpus, expectations: list[Expectation], *, alpha: float = 0.05
) -> tuple[list[Surprise], str]:
    """One item per expectation: confirmed, contradicted or not evidenced."""
    if not expectations:
        return [], "expectations: none written (add expectations.yaml to check the team's own)"
    items = [_evaluate(corpus, e, alpha) for e in expectations]
    verdicts = pd.Series([i.details["verdict"] for i in items]).value_counts().to_dict()
    summary = "expectations: " + ", ".join(f"{n} {v}" for v, n in sorted(verdicts.items()))
    return items, summary


def subject_units(corpus: Corpus, expectation: Expectation) -> tuple[pd.Series, pd.DataFrame, int | None]:
    """Which units raise the expectation's subject, the matching excerpts, and its theme."""
    frame = corpus.excerpts
    theme_id = expectation.theme_id
    if theme_id is None and expectation.label:
        wanted = expectation.label.casefold()
        theme_id = next((t for t in corpus.themes if corpus.label(t).casefold() == wanted), None)
        if theme_id is None:
            raise ConfigError(f"expectations.yaml: no theme labelled {expectation.label!r} in this run; "
                              "refer to it by terms: instead")
    if theme_id is not None:
        rows = frame[frame["theme_id"] == theme_id]
    else:
        rows = frame[frame["text"].str.contains(terms_pattern(expectation.terms), na=False)]
        counts = rows.loc[rows["theme_id"] >= 0, "theme_id"].value_counts()
        theme_id = int(counts.index[0]) if len(counts) else None
    if expectation.theme_id is None and not expectation.label:
        mentions = rows["unit"].value_counts()
        size = frame["unit"].value_counts().reindex(mentions.index)
        needed = np.minimum(2, np.ceil(size / 3))
        rows = rows[rows["unit"].isin(mentions.index[mentions >= needed])]
    raised = pd.Series(corpus.units.index.isin(set(rows["unit"])), index=corpus.units.index)
    return raised, rows, theme_id


def terms_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """Whole-word, case-insensitive pattern for terms; a trailing * allows any ending."""
    parts = [re.escape(t.rstrip("*")) + (r"\w*" if t.endswith("*") else "") for t in terms]
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b", re.IGNORECASE)


def by_term_density(rows: pd.DataFrame, terms: tuple[str, ...]) -> pd.DataFrame:
    """`rows` with `strength` replaced by how much they say the terms (mentions over the
    square root of their length, so one passing mention in a short note does not beat a
    turn about them), so evidence leads with the excerpt most about the terms, not the one
    whose theme fits best."""
    pattern = terms_pattern(terms)
    texts = [str(t) for t in rows["text"].fillna("")]
    density = [len(pattern.findall(t)) / np.sqrt(max(1, len(t.split()))) for t in texts]
    return rows.assign(strength=np.array(density, dtype=float))


def _evaluate(corpus: Corpus, exp: Expectation, alpha: float) -> Surprise:
    raised, rows, theme_id = subject_units(corpus, exp)
    subject = f"'{corpus.label(theme_id)}'" if exp.theme_id is not None or exp.label else (
        "mentions of " + "/".join(exp.terms))
    if exp.attribute is None:
        verdict, sentence, counts = _whole_corpus(corpus, exp, raised, subject)
        test, group = "", None
    else:
        values = attribute_values(corpus, exp.attribute) if exp.attribute in corpus.units else pd.Series(dtype=str)
        if exp.value not in set(values):
            verdict, counts, test = "not evidenced", {"group_units": 0}, ""
            sentence = f"none of the {group_people(exp.attribute, exp.value)} was heard, so it cannot be checked"
        else:
            verdict, sentence, counts, test = _compare(corpus, exp, raised.loc[values.index], values, subject, alpha)
        group = {"attribute": exp.attribute, "value": exp.value}
    explanation = f"Expected: \"{exp.statement}\" - {verdict}: {sentence}."
    question = {
        "contradicted": "What did we believe, and why? What would change if it is not so?",
        "confirmed": "We expected this; what do we now do about it?",
        "not evidenced": "How could we find out? Whom should we ask?",
    }[verdict]
    if exp.theme_id is None and not exp.label:  # by terms: the excerpts most about them first
        rows = by_term_density(rows, exp.terms)
    evidence_rows = rows if exp.attribute is None else rows[rows["unit"].isin(_group_units(corpus, exp))]
    return Surprise(
        kind="expectation",
        strength=VERDICT_STRENGTH[verdict],
        explanation=explanation,
        question=question,
        test=test,
        theme_id=theme_id,
        group=group,
        evidence=pick_evidence(corpus, evidence_rows if not evidence_rows.empty else rows),
        counts=counts,
        voices=None if verdict == "not evidenced" else max(3, voices(corpus, raised.index[raised])),
        details={"verdict": verdict, "id": exp.id, "statement": exp.statement, "direction": exp.direction},
    )


def _group_units(corpus: Corpus, exp: Expectation) -> set[str]:
    values = attribute_values(corpus, exp.attribute)
    return set(values.index[values == exp.value])


def _whole_corpus(corpus, exp, raised, subject):
    k, n = int(raised.sum()), len(raised)
    counts = {"raised": k, "units": n}
    said = f"{subject} came from {of(corpus, k, n)} units ({describe_units(corpus, raised.index[raised])})"
    if exp.direction == "absent":
        return ("confirmed" if k == 0 else "contradicted"), said, counts
    if exp.direction == "present":
        return ("confirmed" if k > 0 else "contradicted"), said, counts
    return "not evidenced", said, counts


def _compare(corpus, exp, raised, values, subject, alpha):
    in_group = (values == exp.value).to_numpy()
    column = raised.to_numpy()
    kg, ng = int(column[in_group].sum()), int(in_group.sum())
    kr, nr = int(column[~in_group].sum()), int((~in_group).sum())
    counts = {"group_raised": kg, "group_units": ng, "rest_raised": kr, "rest_units": nr}
    noun = unit_noun(corpus, values.index[in_group])
    noun = noun.removesuffix("s") if reads_one(corpus, ng) else noun
    said = (f"{subject} came from {of(corpus, kg, ng)} {noun_among(noun, exp.attribute, exp.value)}"
            f"{in_brackets(share(corpus, kg, ng))} and {of(corpus, kr, nr)} others{in_brackets(share(corpus, kr, nr))}")
    bar = p_bar(corpus, alpha, kg, ng, kr, nr)
    if exp.direction in ("present", "absent"):
        return _presence(exp.direction, (kg, ng, kr, nr), said, alpha, bar) + (counts, "")
    if exp.direction == "mostly":
        return _composition(corpus, exp, raised, values, subject, alpha, counts)
    table = [[kg, ng - kg], [kr, nr - kr]]
    p_more = float(fisher_exact(table, alternative="greater").pvalue)
    p_less = float(fisher_exact(table, alternative="less").pvalue)
    expect_more = exp.direction == "more"
    p_right, p_wrong = (p_more, p_less) if expect_more else (p_less, p_more)
    counts.update(p_expected=p_right, p_opposite=p_wrong)
    if p_right < alpha:
        return "confirmed", said, counts, f"one-sided Fisher {fmt_p(p_right, bar=bar)}"
    if p_wrong < alpha:
        return "contradicted", f"{said}; the opposite holds", counts, f"one-sided Fisher {fmt_p(p_wrong, bar=bar)}"
    if expect_more:
        instead, test = _raised_more_elsewhere(corpus, exp, raised, values, kg / ng, alpha, bar)
        if instead:
            return "contradicted", f"{said}; it is raised {instead} instead", counts, test
    unclear = f"{_few(corpus, ng, exp)}no difference beyond what chance gives"
    return "not evidenced", f"{said}; {unclear}", counts, f"one-sided Fisher {fmt_p(p_right, bar=bar)}"


def _composition(corpus, exp, raised, values, subject, alpha, counts):
    """'Mostly raised by G': is G more (or less) than half of those who raise it?"""
    raisers = values[raised.to_numpy()]
    k, n = int((raisers == exp.value).sum()), len(raisers)
    counts.update(raisers=n, raisers_in_group=k)
    if n == 0:
        return "not evidenced", f"no one with a recorded {exp.attribute.replace('_', ' ')} raised {subject}", counts, ""
    others = raisers[raisers != exp.value].value_counts()
    mix = ", ".join(f"{count(corpus, c)}{among(exp.attribute, v)}" for v, c in others.head(3).items())
    heard = int((values == exp.value).sum())
    bar = p_bar(corpus, alpha, n, k, *others.head(3), heard, len(values))
    said = (f"of the {count(corpus, n)} who raised {subject}, {count(corpus, k)} {'is' if reads_one(corpus, k) else 'are'}"
            f"{among(exp.attribute, exp.value)}{in_brackets(share(corpus, k, n))}"
            f"{'; the others: ' + mix if mix else ''}; {count(corpus, heard)} of the {count(corpus, len(values))} heard "
            f"{'is' if reads_one(corpus, heard) else 'are'}{among(exp.attribute, exp.value)}")
    above = float(binomtest(k, n, 0.5, alternative="greater").pvalue)
    below = float(binomtest(k, n, 0.5, alternative="less").pvalue)
    counts.update(p_expected=above, p_opposite=below)
    if above < alpha:
        return "confirmed", said, counts, f"binomial {fmt_p(above, bar=bar)}"
    if below < alpha:
        return "contradicted", said, counts, f"binomial {fmt_p(below, bar=bar)}"
    return "not evidenced", f"{said}; too few to tell", counts, f"binomial {fmt_p(below, bar=bar)}"


def _raised_more_elsewhere(corpus, exp, raised, values, group_rate, alpha, bar) -> tuple[str, str]:
    """Other values of the attribute raising the subject significantly more than the rest,
    in words and as their test (q-values as `fmt_p`'s bands when `bar` is set or one of
    their counts is hidden)."""
    others = sorted(v for v in set(values) if v != exp.value)
    tests = []
    for value in others:
        mask = (values == value).to_numpy()
        column = raised.to_numpy()
        k, n = int(column[mask].sum()), int(mask.sum())
        rest_k, rest_n = int(column[~mask].sum()), int((~mask).sum())
        p = float(fisher_exact([[k, n - k], [rest_k, rest_n - rest_k]], alternative="greater").pvalue)
        tests.append((value, k, n, p))
    if not tests:
        return "", ""
    q_values = false_discovery_control([t[3] for t in tests], method="bh")
    found = [(v, k, n, q) for (v, k, n, _), q in zip(tests, q_values) if q < alpha and k / n > group_rate]
    bar = bar or p_bar(corpus, alpha, *(x for _, k, n, _ in found for x in (k, n)))
    words = " and ".join(f"{among(exp.attribute, v).strip()} ({of(corpus, k, n)})" for v, k, n, _ in found)
    qs = ", ".join(f"{fmt_p(q, 'q', bar=bar)} {among(exp.attribute, v).strip()}" for v, _, _, q in found)
    return words, f"one-sided Fisher for each other group, {qs}"


def _presence(direction, figures, said, alpha, bar):
    """`figures`: the group's and the others' raised and units. The chance of seeing none
    is printed only as under `bar` (alpha) when `bar` is set: with the others' total and the
    group's size printed, the exact chance tells a hidden count of the others back."""
    kg, ng, kr, nr = figures
    chance_none = float((1 - kr / nr) ** ng) if nr else 1.0
    chance = f"under {pct(bar, 1)}" if bar is not None else pct(round(chance_none * 1000), 1000)
    by_chance = f"{said}; at others' rate none would happen by chance {chance} of the time"
    if direction == "present":
        if kg > 0:
            return "confirmed", said
        if chance_none < alpha:
            return "contradicted", by_chance
        return "not evidenced", f"{said}; too few voices to tell absence from chance"
    if kg >= 2:
        return "contradicted", said
    if kg == 0 and chance_none < alpha:
        return "confirmed", by_chance
    return "not evidenced", f"{said}; too few voices to tell absence from chance"


def _few(corpus: Corpus, ng: int, exp: Expectation) -> str:
    if ng >= 5:
        return ""
    one = reads_one(corpus, ng)
    return (f"only {count(corpus, ng)} {'voice' if one else 'voices'} from {group_people(exp.attribute, exp.value)} "
            f"{'was' if one else 'were'} heard, so ")


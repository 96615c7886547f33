"""One ranked list across detectors, with a score that can be explained in a sentence.

    score = weight(kind) x strength x voice_factor x variety

- `strength` (0-1) is each detector's measure of size: for a group contrast or a trend,
  the geometric mean of the difference in shares and of how lopsided it is
  (`base.size_and_lopsidedness`: 75% against 5% is 0.81, 22% against 4% 0.38), how far a theme's consensus departs from the corpus for
  dissent, the shortfall against the population for who's missing, and so on (each
  detector's docstring says which). Detectors only report what passed their own bar
  (q < alpha for tests), so the score orders findings; it does not decide them.
- `weight(kind)`: group contrasts, trends and contradicted expectations are what a
  workshop most needs to see (1.0); dissent and gaps in who was heard next (0.9);
  lone voices and distinctive words are prompts more than findings (0.6).
- `voice_factor` = sqrt(min(1, voices / 3)): a claim resting on one or two independent
  voices (one author's many notes count as one voice) is tempered (x0.58, x0.82), never
  hidden. For a theme raised *less* often in a group, the voices are the group's (the
  claim is about all of them, most of whom did not raise it), so a group where nobody
  raised it still scores.
- `variety`: the list is built greedily; an item loses 10% for each item of its kind and
  20% for each item on its theme already above it, so ten items on a wall are not ten
  views of one finding.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from .base import Surprise

WEIGHTS = {
    "group_contrast": 1.0,
    "trend": 1.0,
    "expectation": 1.0,
    "dissent": 0.9,
    "missing": 0.9,
    "lone_voice": 0.6,
    "distinctive_language": 0.6,
}
FULL_VOICES = 3
KIND_DECAY = 0.9
THEME_DECAY = 0.8


def base_score(item: Surprise) -> float:
    """weight x strength x voice_factor (before the variety rule)."""
    voice_factor = 1.0 if item.voices is None else min(1.0, item.voices / FULL_VOICES) ** 0.5
    return WEIGHTS[item.kind] * max(0.0, min(1.0, item.strength)) * voice_factor


def rank_surprises(items: Sequence[Surprise]) -> list[tuple[float, Surprise]]:
    """Order items by score, applying the variety rule greedily; returns (score, item)."""
    pool = sorted(items, key=_tiebreak)
    bases = {id(item): base_score(item) for item in pool}
    kinds: Counter[str] = Counter()
    themes: Counter[int] = Counter()
    ranked: list[tuple[float, Surprise]] = []
    while pool:
        scored = [(_adjusted(bases[id(i)], i, kinds, themes), n, i) for n, i in enumerate(pool)]
        score, index, item = max(scored, key=lambda s: (s[0], -s[1]))
        ranked.append((round(score, 4), item))
        pool.pop(index)
        kinds[item.kind] += 1
        if item.theme_id is not None:
            themes[item.theme_id] += 1
    return ranked


def _adjusted(base: float, item: Surprise, kinds: Counter, themes: Counter) -> float:
    score = base * KIND_DECAY ** kinds[item.kind]
    if item.theme_id is not None:
        score *= THEME_DECAY ** themes[item.theme_id]
    return score


def _tiebreak(item: Surprise) -> tuple[Any, ...]:
    group = item.group or {}
    return (item.kind, item.theme_id if item.theme_id is not None else -1,
            str(group.get("attribute", "")), str(group.get("value", "")), item.explanation)


def to_records(ranked: Sequence[tuple[float, Surprise]], run_id: str | None) -> list[dict[str, Any]]:
    """The JSON-ready items of surprises.json, in rank order."""
    records = []
    for rank, (score, item) in enumerate(ranked, start=1):
        records.append({
            "rank": rank,
            "kind": item.kind,
            "score": score,
            "explanation": item.explanation,
            "test": item.test,
            "question": item.question,
            "theme_id": item.theme_id,
            "group": item.group,
            "evidence": list(item.evidence),
            "run_id": run_id,
            "counts": item.counts,
            "effect": item.effect,
            "p_value": _round(item.p_value),
            "q_value": _round(item.q_value),
            "voices": item.voices,
            "details": item.details,
        })
    return records


def _round(value: float | None) -> float | None:
    return None if value is None else float(f"{value:.4g}")

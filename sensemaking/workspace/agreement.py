"""Inter-coder agreement: Cohen's kappa and Krippendorff's alpha between two coders.

Two people code the same excerpts blind (`ws.code(..., by=...)`; several codes per
excerpt allowed). Each code is a yes/no decision per excerpt, so agreement is reported
per code and overall, pooled over every (excerpt, code) decision. Kappa is computed
here (it is short, and undefined cases become NaN rather than a warning); alpha comes
from the `krippendorff` package, nominal level.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence

import krippendorff
import numpy as np
import pandas as pd

from ..errors import AnnotationError
from .events import Event

AGREEMENT_COLUMNS = ("code", "n_excerpts", "coder_a_yes", "coder_b_yes", "both_yes",
                     "percent_agreement", "kappa", "alpha")


def coder_codes(events: Iterable[Event], coder: str) -> dict[str, set[str]]:
    """Excerpt -> codes, from one coder's own code and uncode events (in time order)."""
    codes: dict[str, set[str]] = defaultdict(set)
    for event in events:
        if event.author != coder or event.kind not in ("code", "uncode"):
            continue
        target = codes[event.data["excerpt_id"]]
        (target.add if event.kind == "code" else target.discard)(event.data["code"])
    return codes


def cohen_kappa(a: Sequence[int], b: Sequence[int]) -> float:
    """Cohen's kappa of two equal-length label sequences; NaN when chance agreement is 1."""
    n = len(a)
    if n == 0 or n != len(b):
        return math.nan
    labels = sorted(set(a) | set(b))
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    expected = sum((list(a).count(c) / n) * (list(b).count(c) / n) for c in labels)
    return math.nan if expected >= 1 else (observed - expected) / (1 - expected)


def krippendorff_alpha(a: Sequence[int], b: Sequence[int]) -> float:
    """Krippendorff's alpha (nominal) for two coders; NaN when only one value occurs."""
    try:
        value = krippendorff.alpha(reliability_data=np.array([a, b], dtype=float),
                                   level_of_measurement="nominal")
    except ValueError:
        return math.nan
    return float(value)


def _row(code: str, a: list[int], b: list[int], n_excerpts: int) -> dict:
    agree = sum(x == y for x, y in zip(a, b, strict=True))
    return {
        "code": code,
        "n_excerpts": n_excerpts,
        "coder_a_yes": sum(a),
        "coder_b_yes": sum(b),
        "both_yes": sum(x and y for x, y in zip(a, b, strict=True)),
        "percent_agreement": 100 * agree / len(a) if a else math.nan,
        "kappa": cohen_kappa(a, b),
        "alpha": krippendorff_alpha(a, b),
    }


def coder_agreement(events: Iterable[Event], coder_a: str, coder_b: str,
                    excerpt_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """Agreement per code and overall (last row, code "overall").

    `excerpt_ids`: the blind sample; by default the excerpts both coders coded. An
    excerpt in the sample that a coder left without a code counts as "no" for every code.
    """
    events = list(events)
    a_codes, b_codes = coder_codes(events, coder_a), coder_codes(events, coder_b)
    if excerpt_ids is None:
        sample = sorted(e for e in a_codes.keys() & b_codes.keys() if a_codes[e] and b_codes[e])
    else:
        sample = sorted(dict.fromkeys(str(e) for e in excerpt_ids))
    if not sample:
        raise AnnotationError(
            f"{coder_a} and {coder_b} have no excerpts coded in common; both code the same "
            "sample (ws.code(excerpt_id, code, by=...)), or pass excerpt_ids="
        )
    codes = sorted({c for e in sample for c in a_codes.get(e, set()) | b_codes.get(e, set())})
    rows, pooled_a, pooled_b = [], [], []
    for code in codes:
        a = [int(code in a_codes.get(e, ())) for e in sample]
        b = [int(code in b_codes.get(e, ())) for e in sample]
        rows.append(_row(code, a, b, len(sample)))
        pooled_a += a
        pooled_b += b
    rows.append(_row("overall", pooled_a, pooled_b, len(sample)))
    return pd.DataFrame(rows, columns=list(AGREEMENT_COLUMNS))

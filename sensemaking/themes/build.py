"""From an excerpt table and its vectors to the themes outputs (as data, not files).

`build_themes` sets small talk aside and reads conversation turns in context
(`context.py`), fits the model, measures stability, labels and describes every theme
(keywords, quotes, counts by unit, breakdown by metadata), builds the hierarchy and the
2-D map. Counting unit: the participant for interviews and surveys; for notes, the note
(its author is listed too); otherwise the excerpt.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..pipeline import Progress
from ..units import unit_keys
from ..units import voices as unit_voices
from . import hierarchy as tree
from .context import in_context, small_talk, small_talk_themes
from .labels import choose_labels, class_tfidf, keywords, surface_forms
from .layout import theme_map
from .model import ThemeModel, centroids
from .quotes import pick_quotes
from .stability import bootstrap_stability
from .text import with_subject_marked, without_markers

BREAKDOWN = ("area", "role", "source_kind")
LABEL_SAMPLE = 400


@dataclass
class ThemesResult:
    """Everything a themes run produces, before it is written."""

    themes: list[dict[str, Any]]
    assignments: pd.DataFrame
    set_aside: pd.DataFrame  # excerpt_id, reason: kept out of every theme before clustering
    hierarchy: dict[str, Any]
    map: pd.DataFrame
    model: ThemeModel
    figures: dict[str, Any] = field(default_factory=dict)


def _column(frame: pd.DataFrame, name: str) -> list[str]:
    """A column as clean strings ('' for missing), or all '' when absent."""
    if name not in frame:
        return [""] * len(frame)
    return ["" if pd.isna(v) else str(v) for v in frame[name]]


def build_themes(
    frame: pd.DataFrame,
    vectors: np.ndarray,
    *,
    settings: dict[str, Any],
    seed: int,
    run_id: str,
    progress: Progress | None = None,
    embed: Callable[[list[str]], np.ndarray] | None = None,
) -> ThemesResult:
    """Fit and describe themes for `frame` (excerpt table) with one vector per row.

    `embed` puts phrases in the space of `vectors` (unit vectors); with it, label
    candidates are also scored by what they mean (`labels.choose_labels`).

    Linear algebra runs on `settings["threads"]` threads (default 1): on small shared
    machines extra BLAS/OpenMP threads made this step up to ten times slower.
    """
    import sklearn.cluster  # noqa: F401  (loads the OpenMP and BLAS libraries to limit)
    from threadpoolctl import threadpool_limits

    # threadpoolctl limits only libraries already loaded: import them before the limit.
    with threadpool_limits(limits=int(settings.get("threads", 1))):
        return _build(frame, vectors, settings=settings, seed=seed, run_id=run_id, progress=progress,
                      embed=embed)


def _build(frame, vectors, *, settings, seed, run_id, progress, embed) -> ThemesResult:
    texts = _column(frame, "text")
    own = np.asarray(vectors, dtype=np.float32)
    vectors, kernel = in_context(own, frame)
    short = small_talk(frame, texts)
    model = _model(settings, seed).fit(vectors, texts, set_aside=short)
    chatty = small_talk_themes(frame, texts, model.labels_) & ~short
    chatter = short | chatty
    if chatty.any():  # a theme of small talk: set its turns aside and fit again
        model = _model(settings, seed).fit(vectors, texts, set_aside=chatter)
    stability = bootstrap_stability(
        model.refit_labels, model.labels_, n_refits=int(settings.get("n_refits", 10)),
        random_state=seed, progress=progress,
    )
    themes, hier = _describe_all(frame, texts, own, model, stability, settings, embed)
    for theme in themes:
        theme["run_id"] = run_id
    assignments = pd.DataFrame({
        "excerpt_id": _column(frame, "excerpt_id"),
        "theme_id": model.labels_,
        "probability": np.round(model.probabilities_, 4),
    })
    reasons = np.select([short, chatty, model.non_answer_],
                        ["small_talk", "small_talk_theme", "non_answer"], "")
    aside = np.flatnonzero(reasons != "")
    set_aside = pd.DataFrame({"excerpt_id": assignments["excerpt_id"].to_numpy()[aside],
                              "reason": reasons[aside]})
    xy = theme_map(vectors, model.labels_, model.centroids_)
    points = pd.DataFrame({"excerpt_id": assignments["excerpt_id"], "x": xy[:, 0], "y": xy[:, 1]})
    hier = {"run_id": run_id, **hier}
    figures = _figures(model, stability, int(chatter.sum()), float(settings.get("tentative_below", 0.5)))
    figures["shared_keywords"] = shared_keywords(themes)
    figures["context_kernel"] = [] if kernel is None else [round(float(w), 3) for w in kernel]
    return ThemesResult(themes, assignments, set_aside, hier, points, model, figures)


def _model(settings: dict[str, Any], seed: int) -> ThemeModel:
    return ThemeModel(
        n_themes=int(settings.get("n_themes") or 0) or None,
        min_theme_size=int(settings.get("min_theme_size", 5)),
        outlier_mads=float(settings.get("outlier_mads", 6.0)),
        random_state=seed,
    )


def _describe_all(frame, texts, own, model, stability, settings, embed=None):
    """Theme dicts (in theme id order) and the hierarchy over them.

    Quotes and labels are chosen by what each excerpt says itself (`own`: its vector
    before conversation turns are mixed with their neighbours), against the mean of its
    theme's members in that space. A turn belongs to a theme in context, but a card must
    carry the theme in its own words: ranked in context, "Eleven weeks. She's called
    [NAME]." was a quote of the theme about older relatives on their own, and notes,
    which have no neighbours to smooth them, were a tenth of the quotes for a quarter of
    the excerpts (bench/results/themes_selection.md).
    """
    labels, k = model.labels_, model.n_themes_
    centres = centroids(own, labels, k)
    sims = own @ centres.T if k else np.zeros((len(texts), 0))
    members = [np.flatnonzero(labels == t) for t in range(k)]
    central = [m[np.argsort(-sims[m, t], kind="stable")] for t, m in enumerate(members)]
    # "[inaudible]" and the subject words ("[coronavirus]") are no keyword and in no label
    analysed = with_subject_marked(texts, settings.get("subject_words"))
    plain = [without_markers(t) for t in analysed]
    weights, vocab = class_tfidf(plain, labels, k)
    terms = keywords(weights, vocab, k, forms=surface_forms([plain[i] for i in np.flatnonzero(labels >= 0)]))
    names = choose_labels([[analysed[i] for i in c[:LABEL_SAMPLE]] for c in central], weights, vocab, range(k),
                          embed=embed, centres=centres)
    hier = tree.merge_tree(model.centroids_, [len(m) for m in members], [names[t] for t in range(k)])
    parent_of = tree.parents(hier)
    units, voices = unit_keys(frame).tolist(), unit_voices(frame).tolist()
    quotable = _quotable(frame)
    tentative_below = float(settings.get("tentative_below", 0.5))
    themes = []
    for t in range(k):
        quotes = pick_quotes(central[t], sims[central[t], t], texts, voices, quotable,
                             n=int(settings.get("quotes", 8)))
        theme = {"theme_id": t, "label": names[t], "keywords": terms[t]}
        theme |= _counts(frame, members[t], units)
        theme["quotes"] = [_quote(frame, i, texts) for i in quotes]
        theme |= {
            "stability": round(float(stability[t]), 3),
            "tentative": bool(stability[t] < tentative_below),
            "parent": parent_of.get(t),
        }
        themes.append(theme)
    return themes, hier


def _counts(frame: pd.DataFrame, members: np.ndarray, units: list[str]) -> dict[str, Any]:
    """Size, units, participants, authors, sources and the breakdown by metadata."""
    rows = frame.iloc[members]
    member_units = [units[i] for i in members]
    participants = sorted({p for p in _column(rows, "participant_id") if p})
    authors = sorted({a for a in _column(rows, "author") if a})
    breakdown = {}
    for attribute in BREAKDOWN:
        if attribute in frame:
            seen: dict[str, set[str]] = {}
            for value, unit in zip(_column(rows, attribute), member_units):
                if value:
                    seen.setdefault(value, set()).add(unit)
            breakdown[attribute] = {v: len(u) for v, u in sorted(seen.items())}
    return {
        "size": len(members),
        "participants": len(set(member_units)),
        "participant_ids": participants,
        "authors": authors,
        "sources": sorted({s for s in _column(rows, "source_id") if s}),
        "breakdown": breakdown,
    }


def _quote(frame: pd.DataFrame, i: int, texts: list[str]) -> dict[str, Any]:
    row = frame.iloc[i]
    participant = row.get("participant_id")
    return {
        "excerpt_id": str(row["excerpt_id"]),
        "text": texts[i],
        "participant_id": None if pd.isna(participant) or participant == "" else str(participant),
    }


def _quotable(frame: pd.DataFrame) -> np.ndarray:
    """False where the manifest says quote_ok = no."""
    if "quote_ok" not in frame:
        return np.ones(len(frame), dtype=bool)
    values = frame["quote_ok"]
    return np.array([not (v is False or str(v).strip().lower() in ("false", "no", "0")) for v in values])


def shared_keywords(themes: list[dict[str, Any]], top: int = 3, least: int = 3) -> dict[str, int]:
    """Keywords among the `top` of at least `least` themes, with how many: words that lead
    many themes may be what every answer is about ("coronavirus", "virus", "corona"),
    which the user can list as subject words. On the covid_worry answers five terms lead
    3-4 of 24 themes each; on the sample, 2,000 NHS answers, banking77 and the council
    captions none leads more than 2."""
    counts = Counter(k.lower() for theme in themes for k in theme["keywords"][:top])
    return {k: n for k, n in counts.most_common() if n >= least}


def _figures(model: ThemeModel, stability: np.ndarray, small_talk: int,
             tentative_below: float) -> dict[str, Any]:
    """Headline numbers for run.json and the terminal summary.

    `non_answers` counts every excerpt set aside (of them, `small_talk` conversation
    turns); the outlier shares are of the excerpts not set aside; `unassigned_share` is
    of all excerpts.
    """
    mean_stability = float(stability.mean()) if len(stability) else 0.0
    return {
        "excerpts": len(model.labels_),
        "themes": int(model.n_themes_),
        "non_answers": int(model.non_answer_.sum()),
        "small_talk": small_talk,
        "core_share": round(model.core_share_, 4),
        "outlier_share_before": round(model.outlier_share_before_, 4),
        "outlier_share_after": round(model.outlier_share_after_, 4),
        "unassigned_share": round(float(np.mean(model.labels_ < 0)), 4),
        "tentative": int(np.sum(stability < tentative_below)),
        "mean_stability": round(mean_stability, 3),
    }

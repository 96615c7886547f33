"""Surprises: what should make a workshop stop and look, ranked and explained.

    import sensemaking as sm
    project = sm.open_project("data/sample")
    table = project.find_surprises()        # also writes .sensemaking/surprises.json
    table[["rank", "kind", "explanation"]].head(10)

Seven detectors, one module each, all counting units (participants; notes, with their
authors; documents) rather than excerpts (see `base.py`):

    contrast      a theme much more or less common in one group (Fisher, BH, effect)
    language      words that set a group apart (weighted log-odds, informative prior)
    lone          remarks far from every theme; themes carried by one or two voices
    trend         themes rising or fading over dates (Mann-Whitney on dates, BH)
    expectations  the team's expectations.yaml: confirmed, contradicted, not evidenced
    dissent       a consensus on a theme or on one of its targets, and the voices against it
    missing       who's missing: coverage against [population] shares, few voices

`rank.py` documents the score that orders them into one list. Every detector reports
what it tested, so "nothing significant" is said rather than implied (`attrs["summary"]`
of the table, and the stage's messages).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from .. import io
from ..disclosure import DEFAULT_K, k_threshold
from ..errors import StageError
from ..pipeline import Stage, StageResult, register, track
from ..wording import plural
from .base import Corpus, Surprise, build_corpus, with_own_strength
from .contrast import detect_contrasts
from .dissent import detect_dissent
from .expectations import Expectation, detect_expectations, load_expectations
from .language import detect_language
from .lone import detect_lone
from .missing import detect_missing
from .rank import rank_surprises, to_records
from .trend import detect_trends

OUTPUT = "surprises.json"
EXPECTATIONS_FILE = "expectations.yaml"
DEFAULTS: dict[str, Any] = {
    "alpha": 0.05,
    "top": 10,
    "min_effect": 0.1,
    "few_voices": 5,
    "k": DEFAULT_K,  # the disclosure threshold: sentences print no count from 1 to k - 1
    "seed": 0,
    "attributes": None,
}

__all__ = [
    "Corpus",
    "Expectation",
    "Surprise",
    "build_corpus",
    "detect_all",
    "find_surprises",
    "load_expectations",
    "rank_surprises",
    "run_surprises",
]


def detect_all(
    corpus: Corpus,
    *,
    vectors: np.ndarray | None = None,
    population: Mapping[str, Mapping[str, float]] | None = None,
    expectations: Sequence[Expectation] = (),
    settings: Mapping[str, Any] | None = None,
    progress=None,
) -> tuple[list[Surprise], list[str]]:
    """Run every detector on a corpus; returns the items and one summary line per detector."""
    conf = {**DEFAULTS, **(settings or {})}
    alpha, effect = float(conf["alpha"]), float(conf["min_effect"])
    if vectors is None:
        from ..embed import TfidfEmbedder

        vectors = TfidfEmbedder().embed(corpus.excerpts["text"].astype(str).tolist())
    corpus = replace(with_own_strength(corpus, vectors), k=int(conf["k"]))
    detectors = [
        lambda: detect_contrasts(corpus, alpha=alpha, min_effect=effect),
        lambda: detect_trends(corpus, alpha=alpha, min_effect=effect),
        lambda: detect_expectations(corpus, list(expectations), alpha=alpha),
        lambda: detect_dissent(corpus, alpha=alpha, random_state=conf["seed"]),
        lambda: detect_missing(corpus, population or {}, few=int(conf["few_voices"]), alpha=alpha),
        lambda: detect_lone(corpus, vectors),
        lambda: detect_language(corpus, random_state=conf["seed"]),
    ]
    items: list[Surprise] = []
    summaries: list[str] = []
    for detector in track(progress, detectors, "Looking for surprises"):
        found, summary = detector()
        items.extend(found)
        summaries.append(summary)
    return items, summaries


def find_surprises(
    excerpts: pd.DataFrame,
    assignments: pd.DataFrame,
    themes: Sequence[Mapping[str, Any]],
    *,
    run_id: str | None = None,
    attributes: Sequence[str] | None = None,
    vectors: np.ndarray | None = None,
    population: Mapping[str, Mapping[str, float]] | None = None,
    expectations: Sequence[Expectation] = (),
    settings: Mapping[str, Any] | None = None,
    progress=None,
) -> pd.DataFrame:
    """Ranked surprises from tables (no project needed): one row per item, best first.

    `excerpts` has at least excerpt_id and text, plus participant_id/source_kind/author/
    date and any attribute columns, and `set_aside` (bool: kept out of every theme by the
    themes step, as its set_aside.csv lists; never a lone voice); `assignments` excerpt_id
    and theme_id; `themes` the themes.json list. The table's `attrs["summary"]` says what
    each detector tested.
    """
    corpus = build_corpus(excerpts, assignments, themes, run_id=run_id, attributes=attributes)
    items, summaries = detect_all(
        corpus, vectors=vectors, population=population, expectations=expectations,
        settings=settings, progress=progress,
    )
    table = pd.DataFrame(to_records(rank_surprises(items), run_id), columns=COLUMNS)
    table.attrs["summary"] = summaries
    return table


# What surprises read of a themes run.
THEMES_INPUTS = ("assignments.csv", "set_aside.csv", "themes.json")
# The surprises table's columns, in order (an empty table has them too).
COLUMNS = ["rank", "kind", "score", "explanation", "test", "question", "theme_id", "group", "evidence",
            "run_id", "counts", "effect", "p_value", "q_value", "voices", "details"]


def run_surprises(project, progress=None) -> pd.DataFrame:
    """Find surprises in a project's latest themes run and write .sensemaking/surprises.json."""
    cache = project.cache_dir
    for name, stage in (("excerpts.parquet", "ingest"), *((name, "themes") for name in THEMES_INPUTS)):
        if not (cache / name).is_file():
            raise StageError(f"no {name} in {cache}; run `sensemaking {stage} {project.root}` first")
    excerpts = pd.read_parquet(cache / "excerpts.parquet")
    aside = pd.read_csv(cache / "set_aside.csv", dtype={"excerpt_id": str})["excerpt_id"]
    excerpts["set_aside"] = excerpts["excerpt_id"].astype(str).isin(aside)
    assignments = pd.read_csv(cache / "assignments.csv")
    themes = io.read_json(cache / "themes.json")
    run_id = _run_id(project, themes)
    settings = {**DEFAULTS, **project.config("surprises"), "seed": project.seed, "k": k_threshold(project)}
    path = project.root / EXPECTATIONS_FILE
    expectations = _scrubbed(project, load_expectations(path), excerpts) if path.is_file() else []
    vectors = _vectors(project, excerpts, progress)
    table = find_surprises(
        excerpts, assignments, themes, run_id=run_id, attributes=settings["attributes"],
        vectors=vectors, population=project.config("population"), expectations=expectations,
        settings=settings, progress=progress,
    )
    io.write_json(cache / OUTPUT, json_records(table))
    return table


def _scrubbed(project, expectations: list[Expectation], excerpts: pd.DataFrame) -> list[Expectation]:
    """The team's expectations pseudonymised as labels and memos are, every field they type:
    all are quoted in surprises.json, boards and reports. A term that names someone becomes
    their pseudonym, as the text it is matched against says it. A group's value stays as
    typed where the excerpts hold it (an area called "Hope" is a category, not a name)."""
    scrub = project.team_text.scrub

    def value(e: Expectation) -> str | None:
        held = excerpts[e.attribute].astype(str) if e.attribute in excerpts else pd.Series(dtype=str)
        return e.value if e.value is None or held.eq(e.value).any() else scrub(e.value)

    return [replace(e, statement=scrub(e.statement), id=e.id and scrub(e.id),
                    label=e.label and scrub(e.label), terms=tuple(scrub(t) for t in e.terms),
                    value=value(e)) for e in expectations]


def json_records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """The table's rows for surprises.json: a theme id is a whole number, and what an item
    does not have (a theme, a p-value) is null. In a pandas column with a gap they are
    floats and NaN: JSON has no NaN, and "6.0" is no theme id."""
    frame = table.astype(object)
    records = frame.where(frame.notna(), None).to_dict(orient="records")
    for record in records:
        for field in ("theme_id", "voices"):
            if record.get(field) is not None:
                record[field] = int(record[field])
    return records


def _run_id(project, themes: Sequence[Mapping[str, Any]]) -> str | None:
    path = project.cache_dir / "run.json"
    if path.is_file():
        return io.read_json(path).get("run_id")
    return next((t.get("run_id") for t in themes if t.get("run_id")), None)


def _vectors(project, excerpts: pd.DataFrame, progress) -> np.ndarray:
    """The themes stage's vectors (from its cache), so lone voices are judged the same way."""
    from ..embed import embed_texts, make_embedder

    name = project.config("themes").get("embedder", "minilm")
    embedder = make_embedder(name, random_state=project.seed)
    return embed_texts(excerpts["text"].astype(str).tolist(), embedder,
                       cache_dir=project.cache_dir / "embeddings", progress=progress)


def _stage_run(project, progress=None) -> StageResult:
    table = run_surprises(project, progress=progress)
    summaries = list(table.attrs.get("summary", []))
    tested = table[table["kind"].isin(["group_contrast", "trend"])]
    if tested.empty:
        summaries.append("No group difference or change over time passed the significance bar; "
                         "the list holds prompts, not findings.")
    return StageResult(
        summary=f"{plural(len(table), 'surprise')} ranked; top: {table['kind'].iloc[0] if len(table) else 'none'}",
        figures={"items": len(table), **table["kind"].value_counts().to_dict()},
        messages=summaries,
    )


register(Stage(
    name="surprises",
    order=30,
    run=_stage_run,
    inputs=lambda p: [p.cache_dir / f for f in ("excerpts.parquet", *THEMES_INPUTS)]
    + [p.root / EXPECTATIONS_FILE],
    outputs=lambda p: [p.cache_dir / OUTPUT],
    settings=("project", "surprises", "population", "themes", "disclosure"),
    help="Rank group contrasts, trends, dissent, lone voices, gaps and the team's expectations.",
))

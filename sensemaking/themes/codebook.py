"""Deductive coding: a codebook's codes assigned to excerpts by similarity.

A codebook is YAML (a list of codes, or `{codes: [...]}`), CSV (columns `code`,
`description`, `examples` with examples separated by `|`) or a REFI-QDA `.qdc` exported
from a QDA tool (NVivo, ATLAS.ti, MAXQDA; read by `sensemaking.reports.refiqda`). Each code is embedded as the
mean of its description and examples; an excerpt gets every code whose cosine similarity
is at least `min_score` and within `margin` of its best code (several codes per excerpt
are allowed). Non-answers get no code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ConfigError


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    description: str
    examples: tuple[str, ...] = ()

    @property
    def texts(self) -> list[str]:
        return [t for t in (self.description, *self.examples) if t.strip()]


def load_codebook(path: str | Path, *, scrub: Callable[[str], str] | None = None) -> list[Code]:
    """Read a YAML, CSV or REFI-QDA `.qdc` codebook; errors name the file and what to fix.

    `scrub`: applied to every code, description and example as it is read (a project's
    `team_text.scrub`), since code names are written to codes.csv and reports: a code
    typed as "Referred by Sarah Whitfield" is "Referred by P01" from here on."""
    path, scrub = Path(path), scrub or str
    if not path.is_file():
        raise ConfigError(f"codebook {path} not found; pass an existing .yaml, .csv or .qdc file")
    if path.suffix.lower() in (".yaml", ".yml"):
        entries = _yaml_entries(path, scrub)
    elif path.suffix.lower() == ".csv":
        from ..ingest.manifest import read_table

        frame = read_table(path, "one row per code: code,description,examples (examples separated by |)")
        entries = [
            {**row, "examples": [e.strip() for e in str(row.get("examples") or "").split("|") if e.strip()]}
            for row in frame.fillna("").to_dict("records")
        ]
    elif path.suffix.lower() == ".qdc":
        from ..reports.refiqda import codebook_entries

        entries = codebook_entries(path)
    else:
        raise ConfigError(f"codebook {path}: unknown format {path.suffix!r}; use .yaml, .csv or .qdc")
    return [_code(path, i, entry, scrub) for i, entry in enumerate(entries, start=1)]


def _yaml_entries(path: Path, scrub: Callable[[str], str]) -> list[dict]:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        # Said by its place, not as PyYAML says it: that quotes the line, which may be a
        # code naming someone ("Referred by Sarah: ...").
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = scrub(str(getattr(exc, "problem", None) or type(exc).__name__))
        raise ConfigError(f"codebook {path}: not valid YAML{where} ({problem}); fix the syntax "
                          "there (a colon inside a code or description needs quotes around it)") from None
    entries = data.get("codes") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise ConfigError(f"codebook {path}: expected a list of codes (or `codes:` holding one)")
    return entries


def _code(path: Path, number: int, entry: object, scrub: Callable[[str], str]) -> Code:
    if not isinstance(entry, dict) or not str(entry.get("code", "")).strip():
        raise ConfigError(f"codebook {path}: code number {number} has no `code`; give each entry a code")
    examples = entry.get("examples") or []
    if isinstance(examples, str):
        examples = [examples]
    code, description = scrub(str(entry["code"]).strip()), str(entry.get("description") or "")
    if not description.strip() and not examples:
        raise ConfigError(f"codebook {path}: code {code!r} needs a description or examples to match on")
    return Code(code, scrub(description), tuple(scrub(str(e)) for e in examples))


def assign_codes(
    excerpt_ids: Sequence[str],
    vectors: np.ndarray,
    codes: Sequence[Code],
    embed: Callable[[list[str]], np.ndarray],
    *,
    skip: np.ndarray | None = None,
    min_score: float = 0.3,
    margin: float = 0.05,
) -> pd.DataFrame:
    """codes.csv rows: `excerpt_id, code_id, score`, best code first per excerpt."""
    if not codes:
        return pd.DataFrame(columns=["excerpt_id", "code_id", "score"])
    centres = np.stack([_unit(embed(code.texts).mean(axis=0)) for code in codes])
    scores = np.asarray(vectors, dtype=np.float32) @ centres.T
    best = scores.max(axis=1, keepdims=True)
    hit = (scores >= min_score) & (scores >= best - margin)
    if skip is not None:
        hit[np.asarray(skip, dtype=bool)] = False
    rows = [
        (excerpt_ids[i], codes[j].code, round(float(scores[i, j]), 4))
        for i in range(len(excerpt_ids))
        for j in np.argsort(-scores[i], kind="stable")
        if hit[i, j]
    ]
    return pd.DataFrame(rows, columns=["excerpt_id", "code_id", "score"])


def _unit(v: np.ndarray) -> np.ndarray:
    return v / (np.linalg.norm(v) or 1.0)

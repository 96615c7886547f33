"""The resolved-themes table: the team's themes over the latest run, all outputs read it.

One row per team theme (columns in `sensemaking.tables.RESOLVED_THEME_COLUMNS`), plus a
membership table (one row per excerpt and theme). Counts are by unit (`sensemaking.units`):
a participant for interviews and surveys, a note for organiser notes (authors listed
apart), a document otherwise. Quotes never come from participants with quote_ok = no
nor from withdrawn participants.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..tables import MEMBERSHIP_COLUMNS, RESOLVED_THEME_COLUMNS
from ..units import unit_keys
from .replay import State, TeamTheme, theme_owners
from .runs import RunData

MAX_QUOTES = 8
NOT_QUOTABLE = ("false", "no", "0", "n")


SLIM_COLUMNS = ("excerpt_id", "source_id", "source_kind", "participant_id", "author", "area",
                "role", "row_id", "note_id", "line_start", "quote_ok", "text")


@dataclass(frozen=True, slots=True)
class ExcerptInfo:
    """What the resolved table needs to know about one excerpt."""

    unit: str
    participant_id: str | None
    author: str | None
    area: str | None
    role: str | None
    source_id: str
    quotable: bool
    text: str


def _blank(value: Any) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    return str(value).strip() in ("", "nan", "None", "<NA>")


def _clean(value: Any) -> str | None:
    return None if _blank(value) else str(value)


def prepare_excerpts(excerpts: pd.DataFrame | None, withdrawn: set[str]) -> pd.DataFrame:
    """Excerpt rows indexed by id, with `unit`, `quotable` and withdrawn people removed."""
    if excerpts is None or excerpts.empty:
        return pd.DataFrame(columns=[*SLIM_COLUMNS, "unit", "quotable"])
    frame = excerpts[[c for c in SLIM_COLUMNS if c in excerpts]].copy()
    for name in SLIM_COLUMNS:
        if name not in frame:
            frame[name] = None
    frame["participant_id"] = pd.Series(
        [_clean(v) for v in frame["participant_id"]], index=frame.index, dtype=object)
    frame = frame[~frame["participant_id"].isin(withdrawn)]
    frame["unit"] = unit_keys(frame)
    frame["quotable"] = frame["quote_ok"].map(
        lambda v: not (v is False or str(v).strip().lower() in NOT_QUOTABLE)
    )
    return frame.set_index("excerpt_id", drop=False).rename_axis(None)


def excerpt_lookup(frame: pd.DataFrame) -> dict[str, ExcerptInfo]:
    """Excerpt id -> ExcerptInfo, built once per excerpt table (plain Python is fast here)."""
    return {
        row.excerpt_id: ExcerptInfo(
            row.unit, _clean(row.participant_id), _clean(row.author), _clean(row.area), _clean(row.role),
            str(row.source_id), bool(row.quotable), "" if _blank(row.text) else str(row.text))
        for row in frame.itertuples(index=False)
    }


def theme_members(state: State) -> dict[str, list[str]]:
    """Team theme id -> member excerpts: its primary members plus excerpts coded to it."""
    coded: dict[str, set[str]] = defaultdict(set)
    for excerpt_id, codes in state.codes.items():
        for code in codes:
            if code in state.themes:
                coded[code].add(excerpt_id)
    return {
        t.theme_id: sorted((t.members | coded[t.theme_id]) & state.universe)
        for t in state.themes.values()
    }


def _counts(rows: list[ExcerptInfo], attribute: str) -> dict[str, int]:
    """{value: distinct units} for one attribute."""
    units: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        value = getattr(row, attribute)
        if value is not None:
            units[value].add(row.unit)
    return {value: len(units[value]) for value in sorted(units)}


def _quotes(theme: TeamTheme, ids: list[str], lookup: dict[str, ExcerptInfo],
            run: RunData) -> list[dict[str, Any]]:
    """The model's chosen quotes still in the theme first, then other voices in turn."""
    quotable = {e for e in ids if e in lookup and lookup[e].quotable and lookup[e].text}
    chosen: list[str] = []
    for k in theme.model_theme_ids:
        for quote in run.details.get(k, {}).get("quotes", []) or []:
            excerpt_id = quote.get("excerpt_id")
            if excerpt_id in quotable and excerpt_id not in chosen:
                chosen.append(excerpt_id)
    by_unit: dict[str, list[str]] = defaultdict(list)
    for e in sorted(quotable - set(chosen), key=lambda e: (-min(len(lookup[e].text), 300), e)):
        by_unit[lookup[e].unit].append(e)
    queues = [by_unit[unit] for unit in sorted(by_unit)]
    while len(chosen) < MAX_QUOTES and any(queues):
        for queue in queues:
            if queue and len(chosen) < MAX_QUOTES:
                chosen.append(queue.pop(0))
    return [
        {"excerpt_id": e, "text": lookup[e].text, "participant_id": lookup[e].participant_id,
         "source_id": lookup[e].source_id}
        for e in chosen[:MAX_QUOTES]
    ]


def _stability(theme: TeamTheme, run: RunData, tentative_below: float) -> tuple[float | None, bool]:
    values = [run.details.get(k, {}).get("stability") for k in theme.model_theme_ids]
    values = [float(v) for v in values if v is not None]
    if not values:
        return None, False
    stability = min(values)
    flagged = any(run.details.get(k, {}).get("tentative") for k in theme.model_theme_ids)
    return stability, bool(flagged or stability < tentative_below)


def resolve_themes(
    state: State, run: RunData, lookup: dict[str, ExcerptInfo], *, tentative_below: float = 0.5
) -> pd.DataFrame:
    """The resolved-themes table (see `tables.RESOLVED_THEME_COLUMNS`).

    `lookup` holds the excerpts that may be shown (withdrawn participants left out).
    """
    members = theme_members(state)
    records = []
    for theme in state.themes.values():
        ids = [e for e in members[theme.theme_id] if e in lookup]
        rows = [lookup[e] for e in ids]
        stability, tentative = _stability(theme, run, tentative_below)
        keywords: list[str] = []
        for k in theme.model_theme_ids:
            keywords += [w for w in run.details.get(k, {}).get("keywords", []) if w not in keywords]
        records.append({
            "theme_id": theme.theme_id,
            "label": theme.label,
            "status": theme.status,
            "memo": theme.memo,
            "excerpt_ids": ids,
            "size": len(ids),
            "participants": len({r.unit for r in rows}),
            "participant_ids": sorted({r.participant_id for r in rows if r.participant_id}),
            "authors": sorted({r.author for r in rows if r.author}),
            "areas": _counts(rows, "area"),
            "roles": _counts(rows, "role"),
            "stability": stability,
            "tentative": tentative,
            "model_theme_ids": list(theme.model_theme_ids),
            "keywords": keywords[:10],
            "quotes": _quotes(theme, ids, lookup, run),
            "votes": theme.votes,
            "tags": sorted(theme.tags),
            "flags": len(theme.flags),
            "decided": theme.decided,
            "origin": theme.origin,
            "run_id": state.run_id,
        })
    return pd.DataFrame.from_records(records, columns=list(RESOLVED_THEME_COLUMNS))


def model_owners(resolved: pd.DataFrame) -> dict[int, tuple[str, str]]:
    """Each model theme id -> (team theme id, label) of the team theme holding it: the theme
    a surprise about that model theme is told in, on boards, in the report and in notebooks.
    A split leaves the model theme in both parts; the part minted first (the theme that was
    split, whose id is lowest) holds it."""
    labels = dict(zip(resolved["theme_id"].astype(str), resolved["label"].astype(str), strict=True))
    pairs = ((str(theme_id), model_ids if isinstance(model_ids, (list, tuple, np.ndarray)) else [])
             for theme_id, model_ids in zip(resolved["theme_id"], resolved["model_theme_ids"], strict=True))
    return {model_id: (theme_id, labels[theme_id]) for model_id, theme_id in theme_owners(pairs).items()}


def model_labels(resolved: pd.DataFrame) -> dict[int, str]:
    """Each model theme id -> the label of the team theme holding it (`model_owners`): how a
    surprise's sentences name their theme (`wording.in_team_words`)."""
    return {model_id: label for model_id, (_, label) in model_owners(resolved).items()}


def membership(state: State, lookup: dict[str, ExcerptInfo]) -> pd.DataFrame:
    """One row per excerpt and team theme: primary theme (or none) and coded themes."""
    primary = {e: t.theme_id for t in state.themes.values() for e in t.members}
    labels = {t.theme_id: t.label for t in state.themes.values()}
    rows = []
    for excerpt_id in sorted(state.universe & lookup.keys()):
        theme_id = primary.get(excerpt_id)
        how = state.how.get(excerpt_id, "model") if theme_id else (
            "moved" if excerpt_id in state.pinned_out else "unassigned")
        rows.append((excerpt_id, theme_id, labels.get(theme_id), True, how, state.run_id))
        for code in sorted(state.codes.get(excerpt_id, ())):
            if code in state.themes and code != theme_id:
                rows.append((excerpt_id, code, labels[code], False, "coded", state.run_id))
    return pd.DataFrame(rows, columns=list(MEMBERSHIP_COLUMNS))


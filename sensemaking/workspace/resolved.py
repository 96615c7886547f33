"""The resolved-themes table: the team's themes over the latest run, all outputs read it.

One row per team theme (columns in `sensemaking.tables.RESOLVED_THEME_COLUMNS`), plus a
membership table (one row per excerpt and theme). Counts are by unit, as in surprises:
a participant for interviews and surveys, a note for organiser notes (authors listed
apart), a document otherwise. Quotes never come from participants with quote_ok = no
nor from withdrawn participants.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

import pandas as pd

from ..tables import MEMBERSHIP_COLUMNS, RESOLVED_THEME_COLUMNS
from .replay import State, TeamTheme
from .runs import RunData

MAX_QUOTES = 8
NOT_QUOTABLE = ("false", "no", "0", "n")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() in ("", "nan", "None", "<NA>")


def prepare_excerpts(excerpts: pd.DataFrame | None, withdrawn: set[str]) -> pd.DataFrame:
    """Excerpt rows indexed by id, with `unit`, `quotable` and withdrawn people removed."""
    if excerpts is None or excerpts.empty:
        return pd.DataFrame(columns=["excerpt_id", "text", "participant_id", "unit", "quotable"])
    frame = excerpts.copy()
    for name in ("participant_id", "author", "area", "role", "source_kind", "source_id", "quote_ok"):
        if name not in frame:
            frame[name] = None
    frame["participant_id"] = frame["participant_id"].map(lambda v: None if _blank(v) else str(v))
    frame = frame[~frame["participant_id"].isin(withdrawn)]
    frame["unit"] = [_unit(row) for row in frame.itertuples()]
    frame["quotable"] = frame["quote_ok"].map(
        lambda v: not (v is False or str(v).strip().lower() in NOT_QUOTABLE)
    )
    return frame.set_index("excerpt_id", drop=False).rename_axis(None)


def _unit(row) -> str:
    """Participant, else one note (source row), else the document (as in surprises)."""
    if row.participant_id is not None:
        return row.participant_id
    if row.source_kind == "notes":
        key = getattr(row, "note_id", None)
        key = getattr(row, "line_start", None) if _blank(key) else key
        return f"{row.source_id}#{key}"
    return str(row.source_id)


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


def _counts(rows: pd.DataFrame, column: str) -> dict[str, int]:
    if rows.empty:
        return {}
    units = rows.dropna(subset=[column]).drop_duplicates(["unit", column])
    counts = units[column].astype(str).value_counts()
    return {key: int(counts[key]) for key in sorted(counts.index)}


def _quotes(theme: TeamTheme, rows: pd.DataFrame, run: RunData) -> list[dict[str, Any]]:
    """The model's chosen quotes still in the theme first, then other voices in turn."""
    quotable = rows[rows["quotable"] & rows["text"].notna()]
    chosen: list[str] = []
    for k in theme.model_theme_ids:
        for quote in run.details.get(k, {}).get("quotes", []) or []:
            excerpt_id = quote.get("excerpt_id")
            if excerpt_id in quotable.index and excerpt_id not in chosen:
                chosen.append(excerpt_id)
    rest = quotable.drop(index=chosen)
    rest = rest.assign(_len=-rest["text"].str.len().clip(upper=300)).sort_values(["unit", "_len", "excerpt_id"])
    queues = [list(group["excerpt_id"]) for _, group in rest.groupby("unit", sort=True)]
    while len(chosen) < MAX_QUOTES and any(queues):
        for queue in queues:
            if queue and len(chosen) < MAX_QUOTES:
                chosen.append(queue.pop(0))
    return [
        {
            "excerpt_id": e,
            "text": str(quotable.at[e, "text"]),
            "participant_id": quotable.at[e, "participant_id"],
            "source_id": str(quotable.at[e, "source_id"]),
        }
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
    state: State, run: RunData, excerpts: pd.DataFrame, *, tentative_below: float = 0.5
) -> pd.DataFrame:
    """The resolved-themes table (see `tables.RESOLVED_THEME_COLUMNS`)."""
    members = theme_members(state)
    records = []
    for theme in state.themes.values():
        ids = [e for e in members[theme.theme_id] if e in excerpts.index or not len(excerpts)]
        rows = excerpts.loc[[e for e in ids if e in excerpts.index]]
        people = sorted(rows["participant_id"].dropna().unique()) if len(rows) else []
        authors = sorted(rows["author"].dropna().map(str).unique()) if len(rows) else []
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
            "participants": int(rows["unit"].nunique()) if len(rows) else 0,
            "participant_ids": people,
            "authors": authors,
            "areas": _counts(rows, "area"),
            "roles": _counts(rows, "role"),
            "stability": stability,
            "tentative": tentative,
            "model_theme_ids": list(theme.model_theme_ids),
            "keywords": keywords[:10],
            "quotes": _quotes(theme, rows, run) if len(rows) else [],
            "votes": theme.votes,
            "tags": sorted(theme.tags),
            "flags": len(theme.flags),
            "decided": theme.decided,
            "origin": theme.origin,
            "run_id": state.run_id,
        })
    return pd.DataFrame.from_records(records, columns=list(RESOLVED_THEME_COLUMNS))


def membership(state: State, excerpts: pd.DataFrame) -> pd.DataFrame:
    """One row per excerpt and team theme: primary theme (or none) and coded themes."""
    primary = {e: t.theme_id for t in state.themes.values() for e in t.members}
    labels = {t.theme_id: t.label for t in state.themes.values()}
    withdrawn_free = set(excerpts.index) if len(excerpts) else set(state.universe)
    rows = []
    for excerpt_id in sorted(state.universe & withdrawn_free):
        theme_id = primary.get(excerpt_id)
        how = state.how.get(excerpt_id, "model") if theme_id else (
            "moved" if excerpt_id in state.pinned_out else "unassigned")
        rows.append((excerpt_id, theme_id, labels.get(theme_id), True, how, state.run_id))
        for code in sorted(state.codes.get(excerpt_id, ())):
            if code in state.themes and code != theme_id:
                rows.append((excerpt_id, code, labels[code], False, "coded", state.run_id))
    return pd.DataFrame(rows, columns=list(MEMBERSHIP_COLUMNS))


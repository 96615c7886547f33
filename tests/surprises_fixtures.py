"""Small hand-made tables for the surprises tests: every count is known in advance."""

from __future__ import annotations

import pandas as pd


def excerpt_rows(rows: list[dict]) -> pd.DataFrame:
    """Excerpt table with defaults for the columns a test does not care about."""
    frame = pd.DataFrame(rows)
    frame["excerpt_id"] = [f"e{i:03d}" for i in range(len(frame))]
    for column, default in (("source_kind", "interview"), ("quote_ok", True)):
        if column not in frame:
            frame[column] = default
    if "source_id" not in frame:
        frame["source_id"] = [f"src/{p}.txt" for p in frame.get("participant_id", frame["excerpt_id"])]
    return frame


def assignments_of(excerpts: pd.DataFrame, themes: list[int]) -> pd.DataFrame:
    return pd.DataFrame({"excerpt_id": excerpts["excerpt_id"], "theme_id": themes, "probability": 0.9})


def theme_list(labels: dict[int, str]) -> list[dict]:
    return [{"theme_id": t, "label": label, "keywords": label.split()} for t, label in labels.items()]


def contrast_corpus() -> tuple[pd.DataFrame, pd.DataFrame, list[dict]]:
    """20 participants: 5 in East, 15 in West. All 5 East raise damp (theme 0), no West one
    does; everyone raises food (theme 1)."""
    rows, themes = [], []
    for i in range(20):
        area = "East" if i < 5 else "West"
        pid = f"P{i:02d}"
        rows.append({"participant_id": pid, "area": area, "text": "the food pantry helps us a bit"})
        themes.append(1)
        if area == "East":
            rows.append({"participant_id": pid, "area": area, "text": "damp and mould in the bedroom"})
            themes.append(0)
    excerpts = excerpt_rows(rows)
    return excerpts, assignments_of(excerpts, themes), theme_list({0: "damp and mould", 1: "food pantry"})


def dissent_corpus() -> tuple[pd.DataFrame, pd.DataFrame, list[dict]]:
    """Theme 0 'food pantry': 8 participants praise it, 1 is ashamed to go. Theme 1 'damp':
    10 participants complain. Baseline positive share: 8 of 19 stances."""
    rows, themes = [], []
    for i in range(8):
        rows.append({"participant_id": f"P{i:02d}", "text": "The pantry is a lifeline, the volunteers are brilliant."})
        themes.append(0)
    rows.append({"participant_id": "P08", "text": "I was ashamed at the pantry, it felt humiliating to queue."})
    themes.append(0)
    for i in range(10, 20):
        rows.append({"participant_id": f"P{i:02d}", "text": "The damp is awful and we are struggling with it."})
        themes.append(1)
    excerpts = excerpt_rows(rows)
    return excerpts, assignments_of(excerpts, themes), theme_list({0: "food pantry", 1: "damp"})


def trend_corpus() -> tuple[pd.DataFrame, pd.DataFrame, list[dict]]:
    """30 notes by 3 authors, one a week from 5 January; the last 10 raise transport (theme 0),
    the others raise food (theme 1)."""
    dates = pd.date_range("2026-01-05", periods=30, freq="7D")
    rows, themes = [], []
    for i, date in enumerate(dates):
        transport = i >= 20
        rows.append({
            "source_kind": "notes", "source_id": "notes/visits.csv", "note_id": f"N{i:02d}",
            "author": f"Organiser {'ABC'[i % 3]}", "date": date.strftime("%Y-%m-%d"),
            "area": "North" if i % 2 else "South",
            "text": "no bus home since the route was cut" if transport else "the pantry was busy today",
        })
        themes.append(0 if transport else 1)
    excerpts = excerpt_rows(rows)
    return excerpts, assignments_of(excerpts, themes), theme_list({0: "bus route", 1: "pantry busy"})

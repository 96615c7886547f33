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


def target_corpus(dissent: bool = True) -> tuple[pd.DataFrame, pd.DataFrame, list[dict]]:
    """Theme 0 'pantry bill': P00-P07 praise the pantry and complain about bills, so each
    one's talk on the theme averages out; P08 is humiliated at the pantry and will not go back
    (with `dissent=False`, P08 praises it too). Themes 1-8 (bus, council, library, park, ...): 10
    participants each, split 6 critical to 4 positive, and each theme names its own target."""
    rows, themes = [], []
    for i in range(8):
        for text in ("The pantry is a lifeline, the volunteers are kind.", "The bills are awful, we are struggling."):
            rows.append({"participant_id": f"P{i:02d}", "text": text})
            themes.append(0)
    last = ("I felt humiliated at the pantry. I'd rather go without." if dissent
            else "The pantry is a lifeline, the volunteers are kind.")
    rows.append({"participant_id": "P08", "text": last})
    themes.append(0)
    targets = ["bus", "council", "library", "park", "school", "clinic", "market", "church"]
    for theme, target in enumerate(targets, start=1):
        for i in range(10):
            text = f"The {target} is useless, it is annoying." if i < 6 else f"The {target} is friendly and helpful."
            rows.append({"participant_id": f"{target}{i:02d}", "text": text})
            themes.append(theme)
    excerpts = excerpt_rows(rows)
    return excerpts, assignments_of(excerpts, themes), theme_list({0: "pantry bill", **dict(enumerate(targets, 1))})


def worries_corpus() -> tuple[pd.DataFrame, pd.DataFrame, list[dict]]:
    """A survey of worries: 40 respondents scared for the hospital and 1 who finds its staff
    brilliant (theme 0); 20 on their job and 20 on their family (themes 1, 2), 6 of each at
    ease and 14 worried. Baseline positive share 30%; the hospital theme 1 in 41."""
    rows, themes = [], []
    for i in range(41):
        text = "The hospital staff are brilliant." if i == 40 else "I am scared the hospital will be overwhelmed."
        rows.append({"participant_id": f"H{i:02d}", "text": text})
        themes.append(0)
    for theme, topic in ((1, "job"), (2, "family")):
        for i in range(20):
            text = (f"My {topic} is fine and I am grateful." if i < 6
                    else f"I am worried about my {topic}, it is stressful.")
            rows.append({"participant_id": f"{topic}{i:02d}", "text": text})
            themes.append(theme)
    excerpts = excerpt_rows(rows)
    return excerpts, assignments_of(excerpts, themes), theme_list({0: "hospital", 1: "job", 2: "family"})


def random_target_corpus(seed: int) -> tuple[pd.DataFrame, pd.DataFrame, list[dict]]:
    """No dissent planted: 40 participants, each says something about 2 of 4 targets (one
    theme each), praise, criticism or neither drawn at random for every remark."""
    import numpy as np

    rng = np.random.default_rng(seed)
    targets = ["pantry", "bus", "council", "lunch club"]
    moods = ("is brilliant and the staff were kind.", "is awful and I felt ignored.", "was on Tuesday.")
    rows, themes = [], []
    for i in range(40):
        for theme in rng.choice(len(targets), size=2, replace=False):
            rows.append({"participant_id": f"P{i:02d}",
                         "text": f"The {targets[theme]} {moods[int(rng.integers(0, 3))]}"})
            themes.append(int(theme))
    excerpts = excerpt_rows(rows)
    return excerpts, assignments_of(excerpts, themes), theme_list(dict(enumerate(targets)))


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


_MOODS = ("It was brilliant and the staff were kind.", "It was awful and I felt ignored.",
          "We went on Tuesday and Thursday.")


def planted_corpus(seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame, list[dict]]:
    """60 participants (3 excerpts each) and 90 dated notes by 3 authors, 6 themes.

    Planted: area A raises theme 0 far more; theme 1 is praised by all but one voice;
    theme 2 rises in the notes' last months. Everything else is random.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    rows, themes = [], []
    for i in range(60):
        area, band = "ABCD"[i % 4], ("16-24", "25-44", "45-64", "65+")[(i // 4) % 4]
        for j in range(3):
            theme = 0 if area == "A" and j == 0 else int(rng.integers(1, 6))
            text = _MOODS[0] if theme == 1 and i != 7 else _MOODS[int(rng.integers(0, 3))]
            if theme == 1 and i == 7:
                text = _MOODS[1]
            rows.append({"participant_id": f"P{i:02d}", "area": area, "age_band": band,
                         "source_kind": "interview", "text": text})
            themes.append(theme)
    dates = pd.date_range("2026-01-05", "2026-09-30", periods=90)
    for i, date in enumerate(dates):
        theme = 2 if i >= 60 and rng.random() < 0.7 else int(rng.choice([1, 3, 4, 5]))
        rows.append({"source_kind": "notes", "source_id": "notes/n.csv", "note_id": f"N{i:02d}",
                     "author": f"Organiser {'XYZ'[i % 3]}", "area": "ABCD"[i % 4],
                     "date": date.strftime("%Y-%m-%d"),
                     "text": _MOODS[int(rng.integers(0, 3))]})
        themes.append(theme)
    excerpts = excerpt_rows(rows)
    labels = {0: "planted contrast", 1: "praised service", 2: "rising issue", 3: "t3", 4: "t4", 5: "t5"}
    return excerpts, assignments_of(excerpts, themes), theme_list(labels)


def shuffle_participant_attributes(excerpts: pd.DataFrame, columns, rng) -> pd.DataFrame:
    """Give each participant another participant's attributes (whole people, not excerpts)."""
    people = excerpts.dropna(subset=["participant_id"]).drop_duplicates("participant_id")
    donors = people.iloc[rng.permutation(len(people))]
    mapping = {c: dict(zip(people["participant_id"], donors[c])) for c in columns}
    out = excerpts.copy()
    has = out["participant_id"].notna()
    for column in columns:
        out.loc[has, column] = out.loc[has, "participant_id"].map(mapping[column])
    return out


def shuffle_unit_dates(excerpts: pd.DataFrame, rng) -> pd.DataFrame:
    """Give each dated note another note's date."""
    out = excerpts.copy()
    dated = out["date"].notna()
    out.loc[dated, "date"] = out.loc[dated, "date"].to_numpy()[rng.permutation(int(dated.sum()))]
    return out


def shuffle_themes(assignments: pd.DataFrame, rng) -> pd.DataFrame:
    """Give each excerpt another excerpt's theme."""
    return assignments.assign(theme_id=assignments["theme_id"].to_numpy()[rng.permutation(len(assignments))])

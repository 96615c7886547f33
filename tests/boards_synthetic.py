"""A synthetic project with every table the boards read, made without running the models.

Writes the stage outputs directly (excerpts, assignments, themes, run, map, surprises),
so boards can be tested and benchmarked at any size in seconds. Real names exist only
in the manifest, as in a real project; a few excerpts are planted to test escaping,
trimming and `quote_ok = no`.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd

from sensemaking import init_project

AREAS = ("Northfield", "Riverside", "Eastgate", "Millbrook", "Hollins Park")
ROLES = ("resident", "resident", "resident", "partner", "staff")
AGES = ("16-24", "25-44", "45-64", "65+")
TOPICS = (
    "bus fares",
    "late buses",
    "youth club",
    "food bank",
    "warm spaces",
    "park lighting",
    "library hours",
    "mental health",
    "childcare costs",
    "housing repairs",
    "street cleaning",
    "job centre",
    "community garden",
    "digital skills",
    "loneliness",
    "cost of living",
    "school meals",
    "sports pitches",
    "community cafe",
    "volunteer training",
    "bin collections",
    "speeding traffic",
    "cycle lanes",
    "health visitors",
    "english classes",
    "council tax",
    "energy bills",
    "play areas",
    "dog fouling",
    "market stalls",
    "faith groups",
    "carers",
)
FIRST = ("Zebedee", "Marigold", "Orlando", "Philippa", "Barnaby", "Clementine", "Ignatius")
LAST = ("Quartermaine", "Featherstonehaugh", "Abernathy", "Wolstenholme", "Pennyworth")
SCRIPT_QUOTE = 'I said <script>alert("boards")</script> & "quotes" matter to us here.'
LONG_QUOTE = " ".join(
    ["The bus fares went up again and it means I can only get to the hub twice a week now,"]
    + ["which is a shame because the warm space and the people there keep me going"] * 5
    + ["and I do not know what I would do without it."]
)


def real_name(i: int) -> str:
    return f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}{'' if i < 35 else i}"


def make_project(
    root: str | Path, *, n_themes: int = 8, n_excerpts: int = 300, n_people: int = 40, seed: int = 0,
    documents: int = 0,
) -> Path:
    """Create the project at `root` and return its path; with `documents`, that many of
    the last excerpts are paragraphs of one partner's report (no speaker, no author)."""
    rng = np.random.default_rng(seed)
    project = init_project(root, name="Synthetic hubs")
    people = _people(n_people)
    _write_manifest(project.root, people)
    _write_settings(project.root)
    excerpts, theme_of = _excerpts(rng, people, n_themes, n_excerpts)
    excerpts = _as_document(excerpts, documents)
    cache = project.root / ".sensemaking"
    cache.mkdir(exist_ok=True)
    excerpts.to_parquet(cache / "excerpts.parquet", index=False)
    pd.DataFrame(
        {"excerpt_id": excerpts["excerpt_id"], "theme_id": theme_of, "probability": 0.9}
    ).to_csv(cache / "assignments.csv", index=False)
    (cache / "themes.json").write_text(json.dumps(_themes(excerpts, theme_of, n_themes)))
    (cache / "run.json").write_text(json.dumps({"run_id": f"run-synth{seed}"}))
    _map(rng, excerpts, theme_of).to_csv(cache / "map.csv", index=False)
    (cache / "surprises.json").write_text(json.dumps(_surprises(excerpts, theme_of, seed)))
    return project.root


def _people(n: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "pseudonym": [f"P{i + 1:02d}" for i in range(n)],
            "participant_id": [f"hub-{i + 1:03d}" for i in range(n)],
            "name": [real_name(i) for i in range(n)],
            "role": [ROLES[i % len(ROLES)] for i in range(n)],
            "area": [AREAS[(i * 7) % len(AREAS)] if i % 9 else "Hollins Park" for i in range(n)],
            "age_band": [AGES[(i * 3) % len(AGES)] for i in range(n)],
            "quote_ok": ["no" if i in (2, 5) else "yes" for i in range(n)],
        }
    )


def _write_manifest(root: Path, people: pd.DataFrame) -> None:
    manifest = people.drop(columns=["pseudonym"]).assign(aliases="")
    manifest.to_csv(root / "data" / "participants.csv", index=False)


def _write_settings(root: Path) -> None:
    text = (root / "sensemaking.toml").read_text()
    text += "\n[population.area]\nNorthfield = 0.24\nRiverside = 0.22\nEastgate = 0.2\n"
    text += 'Millbrook = 0.18\n"Hollins Park" = 0.16\n'
    (root / "sensemaking.toml").write_text(text)


def _excerpts(rng, people, n_themes, n) -> tuple[pd.DataFrame, np.ndarray]:
    theme_of = rng.integers(0, n_themes, size=n)
    theme_of[rng.random(n) < 0.08] = -1
    who = rng.integers(0, len(people), size=n)
    notes = rng.random(n) < 0.15
    who[:2], notes[:2] = (0, 3), False  # the planted quotes come from people who may be quoted
    rows = []
    for i in range(n):
        t = int(theme_of[i])
        topic = TOPICS[t % len(TOPICS)] if t >= 0 else "the weather"
        p = people.iloc[who[i]]
        text = (
            f"The {topic} in {p['area']} matter to us; "
            f"{rng.choice(['honestly', 'really', 'for years'])} we talk about {topic} a lot "
            f"and point {i} stands."
        )
        rows.append(_row(i, p, text, bool(notes[i])))
    rows[0]["text"], theme_of[0] = SCRIPT_QUOTE, 0
    rows[1]["text"], theme_of[1] = LONG_QUOTE, 0
    return pd.DataFrame(rows), theme_of


def _row(i: int, person, text: str, note: bool) -> dict:
    eid = hashlib.sha256(f"x{i}".encode()).hexdigest()[:16]
    return {
        "excerpt_id": eid,
        "source_id": "notes/organiser_notes.csv"
        if note
        else f"interviews/{person['pseudonym']}.txt",
        "source_type": "csv" if note else "txt",
        "source_kind": "notes" if note else "interview",
        "participant_id": None if note else person["pseudonym"],
        "speaker_role": "author" if note else "participant",
        "author": f"Organiser {'AB'[i % 2]}" if note else None,
        "line_start": i + 1,
        "line_end": i + 1,
        "page": None,
        "t_start": None,
        "t_end": None,
        "char_start": 0,
        "char_end": len(text),
        "text": text,
        "role": None if note else person["role"],
        "area": person["area"],
        "date": f"2026-0{1 + i % 6}-1{i % 10}",
        "quote_ok": True if note else person["quote_ok"] == "yes",
        "age_band": None if note else person["age_band"],
    }


def _as_document(excerpts: pd.DataFrame, n: int) -> pd.DataFrame:
    """The last `n` excerpts as paragraphs of documents/partner_report.pdf."""
    rows = excerpts.index[len(excerpts) - n :]
    fields = {"source_id": "documents/partner_report.pdf", "source_type": "pdf",
              "source_kind": "document", "participant_id": None, "speaker_role": None,
              "author": None, "role": None, "area": None, "age_band": None, "quote_ok": True}
    out = excerpts.copy()
    for column, value in fields.items():
        out[column] = out[column].astype(object)
        out.loc[rows, column] = value
    return out


def _themes(excerpts: pd.DataFrame, theme_of: np.ndarray, n_themes: int) -> list[dict]:
    out = []
    for t in range(n_themes):
        rows = excerpts[theme_of == t]
        people = sorted(rows["participant_id"].dropna().unique())
        quotes = [
            {
                "excerpt_id": r["excerpt_id"],
                "text": r["text"],
                "participant_id": r["participant_id"],
            }
            for _, r in rows.head(8).iterrows()
        ]
        out.append(
            {
                "theme_id": t,
                "label": TOPICS[t % len(TOPICS)] + ("" if t < len(TOPICS) else f" {t}"),
                "keywords": TOPICS[t % len(TOPICS)].split(),
                "size": len(rows),
                "participants": len(people),
                "participant_ids": people,
                "sources": sorted(rows["source_id"].unique()),
                "quotes": quotes,
                "breakdown": {},
                "stability": 0.3 if t == 1 else 0.9,
                "tentative": t == 1,
                "parent": None,
            }
        )
    return out


def _map(rng, excerpts: pd.DataFrame, theme_of: np.ndarray) -> pd.DataFrame:
    k = max(int(theme_of.max()) + 1, 1)
    centres = rng.normal(size=(k, 2)) * 6
    xy = np.array([centres[t] if t >= 0 else (0, 0) for t in theme_of]) + rng.normal(
        size=(len(theme_of), 2)
    )
    return pd.DataFrame(
        {"excerpt_id": excerpts["excerpt_id"], "x": xy[:, 0], "y": xy[:, 1], "theme_id": theme_of}
    )


def _surprises(excerpts: pd.DataFrame, theme_of: np.ndarray, seed: int) -> list[dict]:
    ids = list(excerpts["excerpt_id"])
    base = {"score": 0.5, "group": None, "counts": {}, "run_id": f"run-synth{seed}"}
    return [
        {
            **base,
            "rank": 1,
            "kind": "group_contrast",
            "theme_id": 2,
            "explanation": "Residents of Riverside raised youth club far more often (60% vs 20%).",
            "question": "Why does Riverside talk about the youth club so much more?",
            "group": {"attribute": "area", "value": "Riverside"},
            "evidence": ids[2:5],
        },
        {
            **base,
            "rank": 2,
            "kind": "trend",
            "theme_id": 3,
            "explanation": "Food bank mentions doubled between spring and summer.",
            "question": "What changed over the summer?",
            "evidence": ids[5:7],
        },
        {
            **base,
            "rank": 3,
            "kind": "missing",
            "theme_id": None,
            "explanation": "Hollins Park is 16% of the population but only 2 of 40 units heard.",
            "question": "Which people in Hollins Park have we not heard from?",
            "group": {"attribute": "area", "value": "Hollins Park"},
            "evidence": [],
        },
        {
            **base,
            "rank": 4,
            "kind": "lone_voice",
            "theme_id": 0,
            "explanation": "One participant alone described the fares as a barrier to volunteering.",
            "question": "Is this one person's experience, or did we not ask others?",
            "evidence": ids[0:1],
        },
        {
            **base,
            "rank": 5,
            "kind": "missing",
            "theme_id": None,
            "explanation": "Few voices from people aged 16-24: only 3 independent voices.",
            "question": "How could we reach younger residents?",
            "group": {"attribute": "age_band", "value": "16-24"},
            "evidence": [],
        },
    ]

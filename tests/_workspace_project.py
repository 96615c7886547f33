"""A tiny hand-made project for the workspace tests: excerpts, one themes run, surprises.

`write_run` lets a test replace the run (new data, a model that splits or merges) the
way a re-run of ingest + themes would.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

import sensemaking as sm

PEOPLE = {  # participant -> (area, role, quote_ok)
    "P01": ("Northfield", "resident", True),
    "P02": ("Northfield", "resident", True),
    "P03": ("Riverside", "resident", False),
    "P04": ("Riverside", "partner", True),
    "P05": ("Eastgate", "resident", True),
    "P06": ("Eastgate", "staff", True),
}
TOPICS = {
    "bus": "The bus fare went up again and the {n} route is cut",
    "hub": "The hub cafe on {n} street is where I meet people",
    "rent": "Our rent rose by {n} pounds and the landlord ignores repairs",
}


def excerpt_id(topic: str, n: int) -> str:
    return f"{topic}{n:02d}"


def excerpt_rows(topics: dict[str, int]) -> list[dict]:
    """`n` excerpts per topic, spread over the six participants in turn."""
    rows = []
    people = list(PEOPLE)
    for topic, count in topics.items():
        for n in range(count):
            pid = people[n % len(people)]
            area, role, quote_ok = PEOPLE[pid]
            rows.append({
                "excerpt_id": excerpt_id(topic, n),
                "source_id": f"interviews/{pid}.txt",
                "source_kind": "interview",
                "participant_id": pid,
                "author": None,
                "text": TOPICS.get(topic, "Something about {n} " + topic).format(n=n),
                "area": area,
                "role": role,
                "line_start": n + 1,
                "quote_ok": quote_ok,
            })
    return rows


def write_run(root: Path, run_id: str, themes: dict[int, list[str]], *,
              rows: list[dict], labels: dict[int, str] | None = None,
              unassigned: list[str] = (), stability: dict[int, float] | None = None) -> None:
    """Write excerpts.parquet, assignments.csv, themes.json and run.json for one run."""
    cache = root / ".sensemaking"
    cache.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows).to_parquet(cache / "excerpts.parquet", index=False)
    assign = [(e, k, 0.9) for k, ids in themes.items() for e in ids]
    assign += [(e, -1, 0.0) for e in unassigned]
    pd.DataFrame(assign, columns=["excerpt_id", "theme_id", "probability"]).to_csv(
        cache / "assignments.csv", index=False)
    labels = labels or {}
    stability = stability or {}
    by_id = {r["excerpt_id"]: r for r in rows}
    items = []
    for k, ids in themes.items():
        items.append({
            "theme_id": k,
            "label": labels.get(k, f"model theme {k}"),
            "keywords": [f"kw{k}"],
            "size": len(ids),
            "stability": stability.get(k, 0.9),
            "tentative": stability.get(k, 0.9) < 0.5,
            "quotes": [{"excerpt_id": e, "text": by_id[e]["text"],
                        "participant_id": by_id[e]["participant_id"]} for e in [e for e in ids if e in by_id][:3]],
        })
    (cache / "themes.json").write_text(json.dumps(items), encoding="utf-8")
    (cache / "run.json").write_text(json.dumps({"run_id": run_id}), encoding="utf-8")


def ids(topic: str, count: int, start: int = 0) -> list[str]:
    return [excerpt_id(topic, n) for n in range(start, start + count)]


def make_project(root: Path) -> sm.Project:
    """Three model themes (bus 12, hub 10, rent 8 excerpts) and two unassigned excerpts."""
    sm.init_project(root, name="tiny")
    rows = excerpt_rows({"bus": 12, "hub": 10, "rent": 8, "odd": 2})
    write_run(root, "run-a", {0: ids("bus", 12), 1: ids("hub", 10), 2: ids("rent", 8)},
              rows=rows, labels={0: "bus fare", 1: "hub cafe", 2: "rent rose"},
              unassigned=ids("odd", 2), stability={2: 0.3})
    (root / ".sensemaking" / "surprises.json").write_text(json.dumps([
        {"rank": 1, "kind": "group_contrast", "score": 0.9, "explanation": "'bus fare' was raised "
         "by 4 of 4 in Northfield", "question": "Why Northfield?", "theme_id": 0,
         "group": {"attribute": "area", "value": "Northfield"}, "evidence": ids("bus", 2),
         "run_id": "run-a"},
    ]), encoding="utf-8")
    return sm.open_project(root)

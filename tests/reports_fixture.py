"""A small, fully derived project for the report tests, independent of the other stages.

`build_project(root)` writes what ingest, themes, surprises and the workspace would have
written (pseudonymised sources, excerpts, run and ingest reports, surprises) and returns a
`Project` whose workspace is a stand-in serving a resolved-themes table and an annotation
history with the documented columns. Planted personal data (the manifest's real names) and
markup (`<script>`) let the tests check that neither leaks nor breaks a format.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from sensemaking import open_project, tables
from sensemaking.ingest import source_text_path

REAL_NAMES = ["Sarah Whitfield", "Will Green", "May Okafor", "Tomasz Nowak", "Leanne Price",
              "Farid Rahimi", "Amira Haddad", "Kieran Doyle", "Bernadette Kelly", "Nadia Khan",
              "Priya Raman", "Chloe Marsh"]
AREAS = ["Northfield", "Riverside", "Eastgate", "Millbrook"]
ROLES = ["resident", "resident", "partner"]
SCRIPT = "<script>alert('x')</script> & R&D"
HIDDEN = "ZEBRA-NEVER-QUOTED"

SAYINGS = {
    "T01": [
        "The price of food has gone up so much that we skip meals at the end of the month.",
        "I buy the cheapest food I can find and it still costs more than the gas.",
        "Families come to the pantry because food prices went up again this winter.",
        "We stopped buying fresh fruit because it is too dear now.",
    ],
    "T02": [
        "There is damp in the bedroom and the mould comes back every winter.",
        "We reported the damp to the landlord twice and nobody came.",
        "The kids cough all winter because of the mould on the walls.",
    ],
    "T03": [
        "Evenings are the worst, I can go days without talking to anybody.",
        "Since my husband died the evenings are long and quiet.",
        "The lunch club is the only place I see people my age.",
    ],
    "T04": [
        "The bus stops at six so I cannot get to the evening sessions.",
        "Parking near the hub is impossible on market day.",
    ],
}


def _hash(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:12]


def _people() -> pd.DataFrame:
    rows = []
    for i, name in enumerate(REAL_NAMES):
        rows.append({
            "participant_id": f"P{i + 1:02d}", "name": name, "aliases": name.split()[0],
            "role": ROLES[i % 3], "area": AREAS[i % 4],
            "age_band": ["25-44", "45-64", "65+"][i % 3], "quote_ok": "no" if i == 11 else "yes",
        })
    return pd.DataFrame(rows)


def _interviews(people: pd.DataFrame) -> tuple[list[dict], dict[str, str]]:
    """Each participant says one or two things per theme they raise, in one interview."""
    excerpts, texts = [], {}
    for i, person in enumerate(people.itertuples()):
        source_id = f"interviews/{person.area.lower()}/Interview_{person.participant_id}.txt"
        text, spans = "", []
        raised = [t for n, t in enumerate(SAYINGS) if (i + n) % 3 != 2 or t == "T01"]
        for theme in raised:
            sentence = SAYINGS[theme][i % len(SAYINGS[theme])]
            if i == 3 and theme == "T01":
                sentence += " " + SCRIPT
            if person.quote_ok == "no":
                sentence += " " + HIDDEN
            text += "Interviewer: Can you tell me more?\n"
            start = len(text) + len(f"{person.participant_id}: ")
            text += f"{person.participant_id}: {sentence}\n"
            spans.append((theme, start, start + len(sentence), text.count("\n")))
        texts[source_id] = text
        date = f"2026-0{1 + i % 4}-{10 + i:02d}"
        for theme, start, end, line in spans:
            excerpts.append(_row(source_id, "interview", person, text[start:end], start, end,
                                 line, date, theme))
    return excerpts, texts


def _row(source_id, kind, person, text, start, end, line, date, theme) -> dict:
    return {
        "excerpt_id": "e" + _hash(source_id, start, end), "source_id": source_id,
        "source_type": "txt", "source_kind": kind,
        "participant_id": getattr(person, "participant_id", None),
        "speaker_role": "participant" if kind == "interview" else "author",
        "author": None if kind == "interview" else "Organiser A",
        "line_start": line, "line_end": line, "page": None, "t_start": None, "t_end": None,
        "char_start": start, "char_end": end, "text": text,
        "role": getattr(person, "role", None), "area": getattr(person, "area", None),
        "date": date, "quote_ok": getattr(person, "quote_ok", "yes") != "no",
        "age_band": getattr(person, "age_band", None), "_theme": theme,
    }


def _notes() -> tuple[list[dict], dict[str, str]]:
    source_id = "notes/organiser_notes.csv"
    text, rows = "", []
    for n in range(8):
        theme = ["T01", "T02", "T01", "T03"][n % 4]
        sentence = "Organiser note: " + SAYINGS[theme][n % len(SAYINGS[theme])]
        start = len(text)
        text += sentence + "\n"
        area = type("Area", (), {"area": AREAS[n % 4]})()
        rows.append(_row(source_id, "notes", area, sentence, start, start + len(sentence),
                         n + 2, f"2026-0{1 + n % 4}-2{n}", theme))
    return rows, {source_id: text}


def build_frames() -> tuple[pd.DataFrame, dict[str, str], pd.DataFrame]:
    people = _people()
    interview_rows, texts = _interviews(people)
    note_rows, note_texts = _notes()
    texts.update(note_texts)
    excerpts = pd.DataFrame(interview_rows + note_rows)
    return excerpts, texts, people


def resolved_table(excerpts: pd.DataFrame, run_id: str) -> pd.DataFrame:
    """What the workspace would resolve for the fixture's four team themes."""
    meta = {
        "T01": ("Cost of food", "agreed", ("Food costs came up in every area; the team reads "
                                           "this as the season's strongest signal.")),
        "T02": ("Damp & mould in homes", "agreed", ""),
        "T03": ("Lonely evenings", "candidate", ""),
        "T04": ("Getting to the hub", "parked", ""),
    }
    records = []
    for n, (theme_id, (label, status, memo)) in enumerate(meta.items()):
        rows = excerpts[excerpts["_theme"] == theme_id]
        units = rows["participant_id"].fillna(rows["source_id"] + "#" + rows["line_start"].astype(str))
        quotable = rows[rows["quote_ok"]]
        records.append({
            "theme_id": theme_id, "label": label, "status": status, "memo": memo,
            "excerpt_ids": sorted(rows["excerpt_id"]), "size": len(rows),
            "participants": int(units.nunique()),
            "participant_ids": sorted(rows["participant_id"].dropna().unique()),
            "authors": sorted(rows["author"].dropna().unique()),
            "areas": _unit_counts(rows, units, "area"), "roles": _unit_counts(rows, units, "role"),
            "stability": [0.91, 0.78, 0.42, 0.66][n], "tentative": n == 2,
            "model_theme_ids": [n], "keywords": label.lower().split()[:3],
            "quotes": [{"excerpt_id": r.excerpt_id, "text": r.text,
                        "participant_id": r.participant_id, "source_id": r.source_id}
                       for r in quotable.head(6).itertuples()],
            "votes": 3 - n, "tags": [], "flags": 0, "decided": status != "candidate",
            "origin": "model", "run_id": run_id,
        })
    return pd.DataFrame(records, columns=list(tables.RESOLVED_THEME_COLUMNS))


def _unit_counts(rows: pd.DataFrame, units: pd.Series, column: str) -> dict[str, int]:
    pairs = pd.DataFrame({"unit": units, "value": rows[column]}).dropna().drop_duplicates()
    return {str(k): int(v) for k, v in sorted(pairs["value"].value_counts().items())}


def history_table(run_id: str) -> pd.DataFrame:
    rows = [
        ("2026-05-02T10:00:00Z", "sensemaking", "run", None, {"run_id": run_id}, ""),
        ("2026-05-03T09:12:00Z", "Learning lead", "rename", "T01", {"label": "Cost of food"},
         "clearer for partners"),
        ("2026-05-03T09:20:00Z", "Learning lead", "status", "T01", {"value": "agreed"},
         "agreed at the April workshop"),
        ("2026-05-03T09:21:00Z", "Learning lead", "status", "T02", {"value": "agreed"}, ""),
        ("2026-05-03T09:30:00Z", "Analyst", "status", "T04", {"value": "parked"},
         "about transport, not the hubs"),
        ("2026-05-03T09:40:00Z", "Analyst", "memo", "T01", {"text": "Food costs came up"}, ""),
    ]
    return pd.DataFrame([
        {"event_id": _hash(*r[:3]), "time": r[0], "author": r[1], "kind": r[2], "theme": r[3],
         "detail": json.dumps(r[4]), "reason": r[5], "run_id": run_id, "in_force": True}
        for r in rows
    ], columns=list(tables.ANNOTATION_EVENT_COLUMNS))


def surprises_list(run_id: str, excerpts: pd.DataFrame) -> list[dict]:
    ids = list(excerpts["excerpt_id"])
    return [
        {"rank": 1, "kind": "group_contrast", "score": 0.8, "theme_id": 1,
         "explanation": "Damp came up with 3 of 3 Northfield participants against 2 of 9 elsewhere.",
         "question": "What is different about housing in Northfield?",
         "group": {"attribute": "area", "value": "Northfield"}, "evidence": ids[3:5],
         "run_id": run_id},
        {"rank": 2, "kind": "dissent", "score": 0.6, "theme_id": 0,
         "explanation": "Two partners said food prices were not the main worry for families.",
         "question": "Whose view of food costs is missing here?", "group": None,
         "evidence": ids[6:7], "run_id": run_id},
        {"rank": 3, "kind": "missing", "score": 0.5, "theme_id": None,
         "explanation": "People aged 16-24 are 14% of the population but 0 of 12 voices heard.",
         "question": "How could we hear from younger residents?",
         "group": {"attribute": "age_band", "value": "16-24"}, "evidence": [], "run_id": run_id},
    ]


class StandInWorkspace:
    """Serves the tables reports read, as `project.workspace` does; the team coded one
    excerpt of the first theme "trust" by hand, and also to the second theme."""

    def __init__(self, resolved: pd.DataFrame, history: pd.DataFrame):
        self._resolved, self._history = resolved, history
        first, second = resolved["excerpt_ids"].iloc[0][0], resolved["theme_id"].iloc[1]
        self._codes = pd.DataFrame({"excerpt_id": [first, first], "code": ["trust", second]})

    def codes(self) -> pd.DataFrame:
        return self._codes.copy()

    def resolved(self) -> pd.DataFrame:
        return self._resolved.copy()

    def history(self) -> pd.DataFrame:
        return self._history.copy()


TOML = """[project]
name = "Fixture Hubs 2026 with Sarah Whitfield 07700 900321"  # a name and phone typed in: scrubbed
seed = 7

[disclosure]
k = 3

[population.area]
Northfield = 0.25
Riverside = 0.25
Eastgate = 0.25
Millbrook = 0.25
"""


def build_project(root: Path, *, agreed: bool = True):
    """Write the derived project under `root`; returns the opened Project."""
    excerpts, texts, people = build_frames()
    run_id = "run-fixture01"
    (root / "data" / "raw").mkdir(parents=True)
    (root / "sensemaking.toml").write_text(TOML, encoding="utf-8")
    people.to_csv(root / "data" / "participants.csv", index=False)
    cache = root / ".sensemaking"
    project = open_project(root)
    for source_id, text in texts.items():
        path = source_text_path(project, source_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    resolved = resolved_table(excerpts, run_id)
    if not agreed:
        resolved["status"] = "candidate"
    excerpts.drop(columns="_theme").to_parquet(cache / "excerpts.parquet", index=False)
    (cache / "surprises.json").write_text(json.dumps(surprises_list(run_id, excerpts)))
    (cache / "run.json").write_text(json.dumps({
        "run_id": run_id, "embedder": "tfidf", "seed": 7, "n_excerpts": len(excerpts),
        "n_themes": 4, "settings": {"n_themes": 0, "min_theme_size": 3},
        "method": "PCA (exact) -> HDBSCAN dense cores -> KMeans; labels from BERTopic c-TF-IDF",
    }))
    (cache / "ingest_report.json").write_text(json.dumps({
        "sources": len(texts), "excerpts": len(excerpts), "skipped": [],
        "replacements": {"name": 14, "phone": 2, "email": 1},
    }))
    project.__dict__["workspace"] = StandInWorkspace(resolved, history_table(run_id))
    return project

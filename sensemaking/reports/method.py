"""The report's overview figures and its method appendix, all computed from the tables.

Partners need to judge how far to trust a finding: what was read (sources, dates, counts),
how people were protected (pseudonymisation and its limits), how themes were found (model,
settings, seed, run, stability) and what this kind of analysis cannot tell.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from .inputs import ReportInputs

KIND_LABELS = {"interview": "Interviews", "conversation": "Group chats", "notes": "Organiser notes",
               "survey": "Survey answers", "document": "Documents"}
PRIVACY_KINDS = {"name": "names", "title_name": "names with a title",
                 "introduced_name": "names people gave for themselves",
                 "initial_name": "surnames after an initial (\"J. Smith\")",
                 "related_name": "names after a relation (\"my wife\", \"a lad called\")",
                 "named_again": "the same names said again without their title or relation",
                 "deny_list": "names on the team's list to remove",
                 "given_name": "names of other people, found by their first name",
                 "ner": "names found by name recognition", "email": "email addresses",
                 "phone": "phone numbers", "address": "street addresses", "postcode": "postcodes",
                 "handle": "social media handles", "url": "web addresses", "date_of_birth": "dates of birth",
                 "id_number": "NHS, National Insurance, bank and vehicle numbers",
                 "file_name": "names in file names", "metadata": "names in file properties"}
GROUPING = ("groups where excerpts close in meaning gather densely; each other excerpt joins "
            "its nearest group unless far from every one; each group labelled with a phrase "
            "its excerpts use more than the others")


def _representation(key: object) -> str:
    """The embedder's key in words a partner can weigh ("all-MiniLM-L6-v2" names the model)."""
    if str(key).startswith("tfidf"):
        return "counts of words and word pairs (TF-IDF), no language model"
    return f"{key}, a sentence model run on this computer"


RUN_FIELDS = {
    # run.json says both in the analyst's terms; partners get what each does
    "embedder": ("text representation", _representation),
    "method": ("grouping method", lambda _: GROUPING),
    "n_themes": ("themes asked for", lambda v: "let the data decide" if int(v) == 0 else str(v)),
    "themes": ("model themes found", str),
    "excerpts": ("excerpts grouped", str),
    "unassigned_share": ("excerpts left without a theme", lambda v: f"{100 * float(v):.0f}%"),
    # as the Stability paragraph gives the report's themes: a share kept on refitting
    "mean_stability": ("mean stability of all the model's themes", lambda v: f"{100 * float(v):.0f}%"),
    "tentative": ("model themes marked tentative", str),
}
CANNOT_TELL = [
    ("How common a view is in the wider population: people were not chosen at random, and "
     "counts describe who we heard, not everyone the programme serves."),
    ("Why people feel as they do, beyond what they said: themes group similar words; they "
     "do not explain causes."),
    ("Whether something matters less because few people said it: a rare view can be the "
     "most important one, which is why lone voices and dissent are shown."),
    "Anything about people who were not heard: see the section on who is missing.",
    ("Exact meaning in every excerpt: the model reads wording, not irony, context or tone, "
     "which is why its proposals are for the team to review, rename and merge."),
]


def _dates(excerpts: pd.DataFrame) -> tuple[str, str]:
    dates = pd.to_datetime(excerpts.get("date"), errors="coerce").dropna()
    if dates.empty:
        return "", ""
    return (f"{dates.min().day} {dates.min():%B %Y}", f"{dates.max().day} {dates.max():%B %Y}")


def _heard(first: str, last: str) -> str:
    """The report's subtitle: "What we heard, from 3 January 2026 to 9 October 2026";
    without the dates when no source is dated (captions, undated notes)."""
    if not first:
        return "What we heard"
    return f"What we heard, on {first}" if first == last else f"What we heard, from {first} to {last}"


def overview(inputs: ReportInputs, resolved: pd.DataFrame) -> dict[str, Any]:
    """Headline figures for the opening page."""
    ex = inputs.excerpts
    status = resolved["status"].astype(str).value_counts()
    first, last = _dates(ex)
    interviews = ex[ex["source_kind"] == "interview"]["source_id"].nunique()
    return {
        "sources": int(ex["source_id"].nunique()),
        "interviews": int(interviews),
        "participants": int(ex["participant_id"].dropna().nunique()),
        "excerpts": len(ex),
        "heard": _heard(first, last),
        "agreed": int(status.get("agreed", 0)),
        "candidate": int(status.get("candidate", 0)),
        "parked": int(status.get("parked", 0)),
    }


def sources_table(excerpts: pd.DataFrame) -> list[dict[str, Any]]:
    """One row per kind of source: how many sources, excerpts and people or authors."""
    rows = []
    for kind, group in excerpts.groupby("source_kind", sort=True):
        first, last = _dates(group)
        rows.append({
            "kind": KIND_LABELS.get(str(kind), str(kind).capitalize()),
            "sources": int(group["source_id"].nunique()),
            "excerpts": len(group),
            "people": int(group["participant_id"].dropna().nunique()),
            "authors": int(group["author"].dropna().nunique()) if "author" in group else 0,
            "dates": f"{first} – {last}" if first and first != last else first,
        })
    return rows


def privacy_counts(audit: pd.DataFrame) -> list[dict[str, Any]]:
    """Replacements made during pseudonymisation, by kind (from privacy_audit.csv)."""
    if audit.empty or not {"kind", "count"} <= set(audit.columns):
        return []
    totals = audit.groupby("kind")["count"].sum()
    return [{"kind": PRIVACY_KINDS.get(str(k), str(k).replace("_", " ")), "count": int(n)}
            for k, n in sorted(totals.items(), key=lambda kv: (-int(kv[1]), str(kv[0])))]


def run_settings(run: Mapping[str, Any]) -> list[dict[str, str]]:
    """The themes run's model and settings that a reader can weigh, in plain words."""
    flat = {**dict(run.get("settings") or {}), **{k: v for k, v in run.items() if k != "settings"}}
    rows = []
    for key, (name, shape) in RUN_FIELDS.items():
        if flat.get(key) is not None:
            rows.append({"name": name, "value": shape(flat[key])})
    return rows


def _stability(shown: pd.DataFrame) -> dict[str, Any]:
    values = pd.to_numeric(shown.get("stability"), errors="coerce").dropna()
    return {
        "mean": round(float(values.mean()), 2) if len(values) else None,
        "min": round(float(values.min()), 2) if len(values) else None,
        "tentative": int(shown.get("tentative", pd.Series(dtype=bool)).fillna(False).astype(bool).sum()),
        "themes": len(shown),
    }


def describe_method(inputs: ReportInputs, resolved: pd.DataFrame, shown: pd.DataFrame) -> dict[str, Any]:
    """The method appendix: sources, privacy, model, seed, run, stability, limits."""
    skipped = inputs.ingest.get("skipped") or []
    return {
        "sources": sources_table(inputs.excerpts),
        "skipped": len(skipped) if isinstance(skipped, list) else int(skipped or 0),
        "privacy": privacy_counts(inputs.privacy_audit),
        "k": int(inputs.settings.get("disclosure", {}).get("k", 5)),
        "settings": run_settings(inputs.run),
        "seed": inputs.seed,
        "run_id": inputs.run_id,
        "stability": _stability(shown),
        "themes_total": len(resolved),
        "cannot_tell": CANNOT_TELL,
    }

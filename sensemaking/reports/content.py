"""What the report says, assembled once and rendered to HTML, PDF and DOCX alike.

Every number is computed here from the tables (never typed into a template), and every
quote carries its excerpt ID. The report leads with the themes the team agreed; while any
theme is still a candidate (or none is agreed) the report is marked as a draft.

    content = build_content(inputs, disclosure)
    content["themes"][0]["voices"]    # == the resolved table's `participants`
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

import pandas as pd

from ..disclosure import Disclosure, display_count, shown_counts, shown_order, too_few_to_break_down
from ..units import people_by, raised_by, recorded_attributes, unit_keys
from ..wording import in_team_words, times
from ..workspace.events import describe
from ..workspace.resolved import model_labels
from .charts import report_charts
from .inputs import ReportInputs, missing
from .method import describe_method, overview
from .prose import report_sentences
from .summary import central_sentences

QUOTES_PER_THEME = 5
MIN_QUOTES = 3
MIN_QUOTE_WORDS = 12
SUMMARY_SENTENCES = 3
SURPRISES_SHOWN = 8
_BROKEN_MARK_START = re.compile(r"^[\w ]{1,20}\]\s*")
_BROKEN_MARK_END = re.compile(r"\s*\[[\w ]{0,20}$")
KIND_NAMES = {
    "group_contrast": "Difference between groups",
    "distinctive_language": "Distinctive words",
    "lone_voice": "A lone voice",
    "trend": "Change over time",
    "expectation": "Against expectations",
    "dissent": "Dissenting voices",
    "missing": "Who's missing",
}


def _provenance(inputs: ReportInputs) -> str:
    """The report's date line: the last date in the data; with no dated source, the date
    of the team's last decision or run, said as such (it is not a date of the data)."""
    dates = pd.to_datetime(inputs.excerpts.get("date", pd.Series(dtype=object)), errors="coerce", utc=True)
    if dates.notna().any():
        last = dates.max().date()
        return f"Report on data up to {last.day} {last:%B %Y}"
    return f"Report of {inputs.as_of.day} {inputs.as_of:%B %Y} (the sources carry no dates)"


def build_content(inputs: ReportInputs, disclosure: Disclosure) -> dict[str, Any]:
    """The whole report as plain data (dicts, lists, strings, numbers) for the renderers."""
    resolved = _ordered(inputs.resolved)
    inputs = replace(inputs, surprises=in_team_words(inputs.surprises, model_labels(resolved)))
    status = resolved["status"].astype(str)
    draft = bool((status == "candidate").any() or not (status == "agreed").any())
    shown = resolved[status == "agreed"] if (status == "agreed").any() else resolved[status == "candidate"]
    by_model = _surprises_by_model_theme(inputs.surprises)
    # each recorded attribute with every group heard in the project, so a theme's page can
    # say which of them it has no voice from ("nobody from here" is a finding)
    recorded = {a: tuple(people_by(inputs.excerpts, a, notes=True)) for a in recorded_attributes(inputs.excerpts)}
    by_source = raised_by(inputs.excerpts) == "source_id"
    themes = [_theme_section(row, inputs, disclosure, by_model, recorded, by_source) for _, row in shown.iterrows()]
    others = resolved[~resolved["theme_id"].isin(shown["theme_id"])]
    content = {
        "title": inputs.name,
        "provenance": _provenance(inputs),
        "run_id": inputs.run_id,
        "draft": draft,
        "agreed_only": bool((status == "agreed").any()),
        "k": disclosure.k,
        "overview": overview(inputs, resolved),
        "themes": themes,
        "other_themes": [_brief(row, disclosure.k) for _, row in others.iterrows()],
        "surprises": _surprises(inputs, disclosure, resolved),
        "surprises_ranked": sum(s.get("kind") != "missing" for s in inputs.surprises),
        "missing": _missing(inputs, disclosure),
        "decisions": decisions(inputs.history, resolved),
        "method": describe_method(inputs, resolved, shown),
        "charts": report_charts(inputs.excerpts, shown, disclosure.k),
        "reading": reading_guide(disclosure.k),
    }
    return {**content, "say": report_sentences(content)}


def reading_guide(k: int) -> list[tuple[str, str]]:
    """The cover's "how to read this report": the few terms a partner needs."""
    return [
        ("Themes", ("are patterns in what people said, proposed by the tool for the team to "
                    "review, rename, merge and agree.")),
        ("Voices", ("count who was heard, not how much: each participant once however much "
                    "they said, and each organiser's note or document once (a note records "
                    "someone heard).")),
        ("Stability", ("(0 to 1) is how far a theme came back the same when the tool refitted it "
                       "on resampled data; under 0.5 it is marked tentative.")),
        ("Tests", ("under a surprise say how it was checked: p is the chance of a difference "
                   "at least as large if the theme were spread evenly, and q the same after "
                   "allowing for the many themes and groups compared. Under 0.05 reads as "
                   "unlikely to be chance; a surprise is still a question to ask, not a finding.")),
        ("Quotes", ("use pseudonyms (P01, Organiser A) and carry an excerpt ID that traces "
                    f"them back to where they were said. Groups of fewer than {k} people are "
                    f"shown as “<{k}”, and “*” hides one more count where the others would "
                    "tell it.")),
        ("Machine-drafted", ("summaries are sentences the tool picked from what different "
                             "people said; the team’s own summaries replace them as they are "
                             "written.")),
    ]


def _ordered(resolved: pd.DataFrame) -> pd.DataFrame:
    """Most voices first; ties by theme id, so the order never depends on the run."""
    frame = resolved.copy()
    frame["_voices"] = frame["participants"].astype(int)
    return frame.sort_values(["_voices", "theme_id"], ascending=[False, True]).drop(columns="_voices")


def _brief(row: pd.Series, k: int) -> dict[str, Any]:
    return {"theme_id": row["theme_id"], "label": row["label"], "status": row["status"],
            "voices": int(row["participants"]), "excerpts": int(row["size"]),
            "voices_shown": display_count(int(row["participants"]), k)}


def _counts(mapping: Mapping[str, Any] | None, k: int, groups: Iterable[str] = ()) -> list[dict[str, str]]:
    """{group: voices} as printed: largest first, cells under k shown as "<k" (and one
    beside them as "*" where the total would tell them, `shown_counts`), and each of
    `groups` the mapping lacks as 0 (zeros single nobody out)."""
    mapping = {str(name): int(n) for name, n in {**dict.fromkeys(groups, 0), **(mapping or {})}.items()}
    shown = shown_counts(mapping, k)
    return [{"name": name, "count": shown[name]} for name in shown_order(mapping, shown)]


def _theme_section(row: pd.Series, inputs: ReportInputs, disclosure: Disclosure,
                   by_model: dict[int, list[dict]], recorded: dict[str, tuple[str, ...]],
                   by_source: bool) -> dict[str, Any]:
    """One theme's page. Who raised it: per each of area, age band and role the project
    records (`recorded`: each with the groups heard in the project, those the theme has
    no voice from given as 0), or with `by_source` (it records none of them but people
    speak in several sources, `units.raised_by`) per source, as the theme's board shows
    it, even when that is one meeting."""
    members = inputs.excerpts[inputs.excerpts["excerpt_id"].isin(list(row["excerpt_ids"]))]
    people = len(row["participant_ids"])
    related = [s for m in row["model_theme_ids"] for s in by_model.get(int(m), [])]
    memo = str(row.get("memo") or "").strip()
    areas = _counts(row.get("areas"), disclosure.k)
    section = {
        "theme_id": row["theme_id"],
        "label": row["label"],
        "status": row["status"],
        "voices": int(row["participants"]),
        "voices_shown": display_count(int(row["participants"]), disclosure.k),
        "people": people,
        "other_units": int(row["participants"]) - people,
        "authors": len(row.get("authors") or []),
        "excerpts": int(row["size"]),
        "raised_in_room": row.get("origin") == "create" and int(row["size"]) == 0,
        "tentative": bool(row.get("tentative")),
        "stability": _round(row.get("stability")),
        "areas": areas,
        "who": _who({a: _counts(row.get("areas") if a == "area" else _roles(row, members) if a == "role"
                                else people_by(members, a, notes=True), disclosure.k, recorded.get(a, ()))
                     for a in [*recorded, *(["source_id"] if by_source else [])]}),
        "memo": memo,
        "summary": [] if memo else _summary(members, disclosure),
        "quotes": _quotes(row, members, disclosure),
        "surprises": [_surprise_item(s, inputs, disclosure) for s in related if s["kind"] != "dissent"],
        "dissent": [_surprise_item(s, inputs, disclosure) for s in related if s["kind"] == "dissent"],
    }
    hidden = too_few_to_break_down(section["voices"], disclosure.k)
    few = bool(section["who"]) and hidden
    return {**section, "few_voices": few, "who": [] if few else section["who"],
            "areas_shown": "–" if hidden else str(len(areas))}


WHO_LINES = {"area": "Areas", "age_band": "Age bands", "role": "Roles", "source_id": "Sources"}


def _who(counts: dict[str, list[dict]]) -> list[dict[str, str]]:
    """The "Who raised it" lines of a theme, as every format prints them: one per
    attribute in `counts` ({attribute: counts as `_counts` gives them}) that the project
    records, none when it records none. Counts in brackets: a source's name may end in a
    number ("covid_0 (19)")."""
    def line(shown: list[dict]) -> str:
        return ", ".join(f"{c['name']} ({c['count']})" for c in shown) or "not recorded"

    return [{"name": name, "text": line(counts[a])} for a, name in WHO_LINES.items() if a in counts]


def _roles(row: pd.Series, members: pd.DataFrame) -> dict[str, int]:
    if isinstance(row.get("roles"), Mapping):
        return dict(row["roles"])
    people = members.dropna(subset=["participant_id"]).drop_duplicates("participant_id")
    return {str(k): int(v) for k, v in people["role"].dropna().value_counts().items()}


def _quotable(rows: pd.DataFrame, disclosure: Disclosure) -> pd.DataFrame:
    ok = rows["quote_ok"].map(lambda v: v is not False and str(v).lower() not in ("false", "no"))
    who = rows["participant_id"].map(lambda p: disclosure.quotable(None if missing(p) else p))
    return rows[ok.astype(bool) & who.astype(bool)]  # an empty column keeps its text dtype


def _summary(members: pd.DataFrame, disclosure: Disclosure) -> list[dict[str, str]]:
    sentences = central_sentences(_quotable(members, disclosure), SUMMARY_SENTENCES)
    return [{"text": s.text, "excerpt_id": s.excerpt_id} for s in sentences]


def _quotes(row: pd.Series, members: pd.DataFrame, disclosure: Disclosure) -> list[dict]:
    """Up to 5 quotes from the workspace's choice (central, diverse), speakers re-checked.

    Quotes that say enough to stand on their own (`MIN_QUOTE_WORDS`) come first, in the
    workspace's order; short ones fill in only when fewer than three long ones exist.
    """
    quotable = _quotable(members, disclosure).set_index("excerpt_id", drop=False)
    chosen = [q["excerpt_id"] for q in (row.get("quotes") or []) if q.get("excerpt_id") in quotable.index]
    long = [e for e in chosen if len(str(quotable.at[e, "text"]).split()) >= MIN_QUOTE_WORDS]
    short = [e for e in chosen if e not in long]
    picked = (long + short[:max(0, MIN_QUOTES - len(long))])[:QUOTES_PER_THEME]
    return [_quote(quotable.loc[e], disclosure) for e in sorted(picked, key=chosen.index)]


def tidy_quote(text: str) -> str:
    """Whitespace collapsed, and a transcription mark cut in half at either end removed."""
    text = " ".join(str(text).split())
    return _BROKEN_MARK_END.sub("", _BROKEN_MARK_START.sub("", text))


def _quote(excerpt: pd.Series, disclosure: Disclosure) -> dict[str, str]:
    pid = excerpt.get("participant_id")
    return {
        "text": tidy_quote(excerpt["text"]),
        "excerpt_id": str(excerpt["excerpt_id"]),
        "who": disclosure.attribution(None if missing(pid) else pid, author=excerpt.get("author"),
                                      source_kind=excerpt.get("source_kind")),
    }


def _round(value: Any) -> float | None:
    return None if missing(value) else round(float(value), 2)


# -- surprises and who's missing --------------------------------------------------------------
def _surprises_by_model_theme(surprises: list[dict]) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    for item in surprises:
        if item.get("theme_id") is not None:
            out.setdefault(item["theme_id"], []).append(item)
    return out


def _surprise_item(item: dict, inputs: ReportInputs, disclosure: Disclosure) -> dict[str, Any]:
    evidence = [str(e) for e in item.get("evidence") or []]
    rows = inputs.excerpts[inputs.excerpts["excerpt_id"].isin(evidence)]
    quotable = _quotable(rows, disclosure).set_index("excerpt_id", drop=False)
    example = next((quotable.loc[e] for e in evidence if e in quotable.index), None)
    return {
        "rank": item.get("rank"),
        "kind": KIND_NAMES.get(str(item.get("kind")), str(item.get("kind"))),
        "explanation": str(item.get("explanation", "")),
        "test": str(item.get("test") or ""),
        "question": str(item.get("question", "")),
        "evidence": evidence[:6],
        "example": None if example is None else _quote(example, disclosure),
    }


def _surprises(inputs: ReportInputs, disclosure: Disclosure, resolved: pd.DataFrame) -> list[dict]:
    labels = model_labels(resolved)
    out = []
    for item in [s for s in inputs.surprises if s.get("kind") != "missing"][:SURPRISES_SHOWN]:
        entry = _surprise_item(item, inputs, disclosure)
        entry["theme"] = labels.get(item.get("theme_id"))
        out.append(entry)
    return out


def _missing(inputs: ReportInputs, disclosure: Disclosure) -> dict[str, Any]:
    items = [_surprise_item(s, inputs, disclosure) for s in inputs.surprises if s.get("kind") == "missing"]
    return {"items": items, "coverage": coverage(inputs, disclosure.k)}


def coverage(inputs: ReportInputs, k: int) -> list[dict[str, Any]]:
    """Voices heard per value of each population attribute, against the expected share.

    Voices as everywhere in the report: participants, and organiser notes one by one (a
    note about a visit in an area is that area heard). Shares are of the voices whose
    attribute is known.
    """
    population = inputs.settings.get("population", {}) or {}
    units = inputs.excerpts.assign(_unit=unit_keys(inputs.excerpts)).drop_duplicates("_unit")
    rows = []
    for attribute, shares in population.items():
        if attribute not in units.columns or not isinstance(shares, Mapping):
            continue
        known = units[attribute].dropna().astype(str)
        heard = known.value_counts()
        total_share = sum(float(v) for v in shares.values()) or 1.0
        counts = {str(value): int(heard.get(str(value), 0)) for value in shares}
        shown = shown_counts(counts, k)  # the voices heard are printed: none may tell another
        for value, share in shares.items():
            n, text = counts[str(value)], shown[str(value)]
            rows.append({
                "attribute": attribute.replace("_", " "), "value": str(value), "heard": text,
                "heard_pct": _pct(n, len(known)) if text.isdigit() else "",
                "expected_pct": _pct(float(share), total_share),
            })
    return rows


def _pct(part: float, whole: float) -> str:
    return f"{round(100 * part / whole)}%" if whole else ""


# -- what the team decided ---------------------------------------------------------------------
INDIVIDUAL = ("rename", "merge", "split", "create", "status", "flag")
BATCHED = {"move": ("excerpt moved", "excerpts moved"), "code": ("excerpt coded by hand",
            "excerpts coded by hand"), "uncode": ("hand coding removed", "hand codings removed"),
           "memo": ("memo written", "memos written"), "vote": ("dot vote", "dot votes"),
           "tag": ("tag added", "tags added")}


def decisions(history: pd.DataFrame, resolved: pd.DataFrame) -> dict[str, Any]:
    """The annotation log told as decisions: one line each for the ones partners care about,
    and one sentence for the themes runs the tool adopted (a line each buried the team's
    decisions under "Adopted the themes run ..." after every re-run)."""
    if history is None or history.empty:
        return {"items": [], "other": [], "authors": 0, "runs": ""}
    events = history[history.get("in_force", pd.Series(True, index=history.index)).astype(bool)]
    events = events.sort_values(["time", "event_id"])
    labels = {**dict(zip(resolved["theme_id"], resolved["label"], strict=True)),
              **{str(k): label for k, label in model_labels(resolved).items()}}
    items = [_decision(e, labels) for _, e in events.iterrows() if e["kind"] in INDIVIDUAL]
    counts = events["kind"].value_counts().to_dict()
    if "vote" in counts:  # dots, not the times someone voted
        counts["vote"] = sum(int(_detail(e.get("detail")).get("value", 1)) for _, e in events.iterrows()
                             if e["kind"] == "vote")
    other = [f"{int(counts[kind])} {words[int(counts[kind]) != 1]}"
             for kind, words in BATCHED.items() if counts.get(kind)]
    people = events[events["kind"] != "run"]["author"].nunique()
    return {"items": items, "other": other, "authors": int(people), "runs": _runs(events)}


def _runs(events: pd.DataFrame) -> str:
    """Which themes run the report shows, and how many came before it."""
    runs = events[events["kind"] == "run"]
    if runs.empty:
        return ""
    latest = runs.iloc[-1]
    run_id = _detail(latest.get("detail")).get("run_id") or latest.get("run_id") or ""
    line = f"The themes are those of run {run_id} ({str(latest['time'])[:10]})."
    if len(runs) > 1:
        line += (f" The tool re-ran them {times(len(runs) - 1)} before it, as the data or the "
                 "tool changed, carrying the team's decisions across each time.")
    return line


def _decision(event: pd.Series, labels: dict[str, str]) -> dict[str, str]:
    theme = str(event.get("theme") or "")
    name = (_surprise_named(theme, labels) if ":" in theme  # a flagged surprise's key
            else f"{theme} ({labels[theme]})" if theme in labels else theme)
    what = describe(event["kind"], theme, _detail(event.get("detail")), name)
    return {"date": str(event["time"])[:10], "author": str(event["author"]), "what": what,
            "reason": str(event.get("reason") or "")}


def _surprise_named(key: str, labels: dict[str, str]) -> str:
    """A surprise's key as a partner reads it: "the surprise “Against expectations” on
    “Universal Credit” (age band 65+)" for "expectation:0:age_band=65+" (`workspace.keys`)."""
    kind, theme, group = (key.split("#")[0].split(":", 2) + ["", ""])[:3]
    attribute, _, value = group.partition("=")
    return (f"the surprise “{KIND_NAMES.get(kind, kind.replace('_', ' '))}”"
            + (f" on “{labels[theme]}”" if theme in labels else "")
            + (f" ({attribute.replace('_', ' ')} {value})" if value else ""))


def _detail(value: Any) -> dict[str, Any]:
    if isinstance(value, Mapping):
        return dict(value)
    try:
        parsed = json.loads(value) if isinstance(value, str) and value else {}
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}

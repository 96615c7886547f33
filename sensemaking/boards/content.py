"""What goes on the boards: the resolved themes, quotes, surprises and who's missing.

Everything printed is assembled here as small frozen records, with disclosure applied
once (attribution with at most one attribute under k, suppressed small counts,
`quote_ok = no` never quoted), so templates only lay out what is already safe to show.
Quotes are chosen for diversity of voices: one per person before anyone gets a second.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import pandas as pd

from .. import charts
from ..disclosure import (
    HIDDEN_TOO,
    Disclosure,
    quotable_quotes,
    shown_counts,
    too_few_to_break_down,
)
from ..errors import StageError
from ..units import DOCUMENT, NOTE, PARTICIPANT, people_by, raised_by, unit_keys, unit_kinds
from ..wording import either, in_team_words, plural, plural_noun
from ..workspace.forget import withdrawn_ids
from ..workspace.resolved import model_labels, model_owners
from .cards import Card, make_card

if TYPE_CHECKING:
    from ..project import Project

CHART_ROWS = {"a3": 6, "a4": 4}  # bars that fit the chart's space on the board
CHART_WIDTH = {"a3": 3.94, "a4": 3.4}  # inches: the chart's column, so type prints at its size
COVERAGE_WIDTH = {"a3": 6.69, "a4": 4.92}
A4_TRIM = 0.85  # A4 quote cards are shorter: trim this much harder
SURPRISE_CHARS = 520  # explanation + question + evidence that fit one surprise on a board
COVERAGE_ATTRIBUTES = 2  # charts that fit beside the who's-missing list
UNHEARD_ATTRIBUTES = ("area", "age_band")  # charted without [population]: who was heard
LIGHT = {"#E69F00", "#56B4E9", "#F0E442"}
KIND_NAMES = {
    "group_contrast": "Groups differ",
    "distinctive_language": "Distinctive words",
    "lone_voice": "A lone voice",
    "trend": "Changing over time",
    "expectation": "Against expectation",
    "dissent": "Dissent",
    "missing": "Who's missing",
}


# The overview lists at most this many themes beside the map on one A3 sheet, and the map
# names them; more, and the map (ids only) has a sheet of its own, the list sheets follow.
BESIDE_MAP = 12


@dataclass(frozen=True)
class ThemeBoard:
    """One theme as printed: its label, counts, chart and quote cards."""

    theme_id: str
    label: str
    status: str
    tentative: bool
    excerpts: int
    people: int
    notes: int
    documents: int  # voices as the report counts them: people + notes + documents
    sources: int
    areas: int
    chart_svg: str
    cards: tuple[Card, ...]
    memo: str = ""
    raised_by: str | None = "area"  # what the "Who raised it" chart counts voices by; None: nothing recorded
    unheard: str = ""  # "None from Millbrook.": groups heard in the project but not in this theme
    few_voices: bool = False  # under k voices: no breakdown, which would place each of them
    table: int = 1
    colour: str = charts.OKABE_ITO[0]
    light: bool = False  # a light colour: the chip's text is dark


@dataclass(frozen=True)
class SurpriseItem:
    rank: int
    kind: str
    title: str
    explanation: str
    question: str
    theme: str  # "T03 label", or ""
    evidence: tuple[Card, ...] = ()

    @property
    def fits(self) -> bool:
        """Whether the evidence quote fits on the board beside the explanation and question."""
        words = (
            len(self.explanation) + len(self.question) + sum(len(c.short) for c in self.evidence)
        )
        return words <= SURPRISE_CHARS


@dataclass(frozen=True)
class Coverage:
    """Who was heard against who the programme serves, for one attribute."""

    attribute: str
    rows: tuple[dict[str, Any], ...]
    chart_svg: str

    @property
    def hides_more(self) -> bool:
        """Whether a count is hidden only so that one under k cannot be worked out."""
        return any(row["people"] == HIDDEN_TOO for row in self.rows)

    @property
    def compared(self) -> bool:
        """Whether population shares were given to compare with (else only who was heard)."""
        return any(row["expected"] is not None for row in self.rows)


@dataclass(frozen=True)
class Pack:
    project_name: str
    session: str
    run_id: str
    paper: str
    k: int
    totals: dict[str, int]
    themes: tuple[ThemeBoard, ...]
    tables: tuple[tuple[ThemeBoard, ...], ...]
    parked: tuple[tuple[str, str], ...]
    overview_svg: str
    surprises: tuple[SurpriseItem, ...]
    missing: tuple[SurpriseItem, ...]
    coverage: tuple[Coverage, ...]
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def cards(self) -> tuple[Card, ...]:
        return tuple(c for t in self.themes for c in t.cards)

    @property
    def voices(self) -> tuple[str, ...]:
        """The kinds of voice the project has, of `people`, `notes` and `documents`."""
        return tuple(n for n in ("people", "notes", "documents") if self.totals[n])

    @property
    def heard_from(self) -> str:
        """Who the excerpts came from, for a board's subtitle: "22 people", or "151 notes"
        where only organisers' notes were heard; "" where nobody is recorded (captions)."""
        if self.totals["people"]:
            return plural(self.totals["people"], "person", "people")
        return plural(self.totals["notes"], "note") if self.totals["notes"] else ""


def build_pack(project: Project, session: str, *, paper: str = "a3", tables: int = 1) -> Pack:
    """Assemble a pack from the project's resolved themes, surprises and map."""
    settings = project.config("boards")
    resolved = project.workspace.resolved()
    excerpts = project.excerpts.set_index("excerpt_id", drop=False)
    withdrawn = withdrawn_ids(project)  # `forget`: never shown, never counted
    excerpts = excerpts[~excerpts["participant_id"].isin(withdrawn)]
    disclosure = Disclosure.for_project(project, excerpts)
    run_id = _run_id(resolved)
    active = resolved[resolved["status"].astype(str) != "parked"]
    raised = raised_by(excerpts)
    # Every group heard in the project, so a board can say which of them a theme has no
    # voice from ("nobody from here" is a finding). Not sources: a meeting that did not
    # raise a theme is no gap in who was heard.
    groups = tuple(people_by(excerpts, raised, notes=True)) if raised and raised != "source_id" else ()
    boards = [
        _theme_board(row, excerpts, disclosure, settings, paper, raised, groups)
        for row in active.to_dict("records")
    ]
    boards = [
        replace(b, colour=charts.theme_colour(i), light=charts.theme_colour(i) in LIGHT)
        for i, b in enumerate(_assign_tables(boards, tables))
    ]
    surprises = in_team_words(project.surprise_items()[0], model_labels(resolved))
    return Pack(
        project_name=project.name,
        session=session,
        run_id=run_id,
        paper=paper,
        k=disclosure.k,
        totals=_totals(excerpts),
        themes=tuple(boards),
        tables=tuple(tuple(b for b in boards if b.table == t) for t in range(1, tables + 1)),
        parked=tuple(
            (str(r["theme_id"]), str(r["label"]))
            for r in resolved.to_dict("records")
            if str(r["status"]) == "parked"
        ),
        overview_svg=_overview_svg(project, resolved, boards, paper),
        surprises=_surprise_items(
            surprises, resolved, excerpts, disclosure, settings, missing=False
        ),
        missing=_surprise_items(surprises, resolved, excerpts, disclosure, settings, missing=True),
        coverage=_coverage(project, excerpts, disclosure.k, COVERAGE_WIDTH[paper]),
        settings=dict(settings),
    )


def _run_id(resolved: pd.DataFrame) -> str:
    ids = sorted({str(r) for r in resolved.get("run_id", pd.Series(dtype=str)).dropna()})
    if not ids:
        raise StageError(
            "the resolved-themes table names no run; run `project.find_themes()` "
            "or `sensemaking themes DIR` first"
        )
    return ids[0]


def _totals(excerpts: pd.DataFrame) -> dict[str, int]:
    return {
        "excerpts": len(excerpts),
        **_unit_counts(excerpts),
        "sources": int(excerpts["source_id"].nunique()),
    }


def _unit_counts(rows: pd.DataFrame) -> dict[str, int]:
    """Distinct `people` (participants), organisers' `notes` and `documents` among `rows`:
    the voices of `sensemaking.units`, so a board adds up to the report's count."""
    keys, kinds = unit_keys(rows), unit_kinds(rows)
    return {name: int(keys[kinds == kind].nunique())
            for name, kind in (("people", PARTICIPANT), ("notes", NOTE), ("documents", DOCUMENT))}


_NOUNS = {"age_band": "age band", "source_id": "source"}


def _theme_board(row: Mapping[str, Any], excerpts, disclosure, settings, paper,
                 chart_by: str | None = "area", groups: tuple[str, ...] = ()) -> ThemeBoard:
    theme_id = str(row["theme_id"])
    members = [e for e in _as_list(row.get("excerpt_ids")) if e in excerpts.index]
    quotes = _choose_quotes(row, members, excerpts, disclosure, int(settings.get("quotes", 6)))
    limit = int(settings.get("trim_chars", 130) * (1 if paper == "a3" else A4_TRIM))
    cards = tuple(
        make_card(f"{theme_id}-{n:02d}", theme_id, q, excerpts, disclosure, limit)
        for n, q in enumerate(quotes, start=1)
    )
    rows = excerpts.loc[members]
    areas = people_by(rows, "area", notes=True)
    k = disclosure.k
    noun = _NOUNS.get(chart_by, chart_by) if chart_by else None
    # Voices as the theme's counts and the report give them: each person once, each note
    # once. Sources as "education_0"; nothing to chart when nothing is recorded about people.
    voices = people_by(rows, chart_by, notes=True) if chart_by else {}
    units = _unit_counts(rows)
    few = bool(voices) and too_few_to_break_down(sum(units.values()), k)
    other = f"other {noun}s"
    shown = _top(voices, CHART_ROWS[paper], other) if chart_by and not few else {}
    return ThemeBoard(
        theme_id=theme_id,
        label=str(row["label"]),
        status=str(row.get("status") or "candidate"),
        tentative=bool(row.get("tentative")),
        excerpts=len(members),
        **units,
        sources=int(rows["source_id"].nunique()),
        areas=sum(1 for v in areas.values() if v > 0),
        chart_svg=charts.who_raised_svg(  # its bars add up to the people and notes above it
            shown, k=k, salt=f"who-{theme_id}", width=CHART_WIDTH[paper], elsewhere=[units["people"]],
            last=other,
        )
        if shown
        else "",
        cards=cards,
        memo=str(row.get("memo") or ""),
        raised_by=noun,
        unheard=_unheard(chart_by, [g for g in groups if not voices.get(g)]) if members and not few else "",
        few_voices=few,
    )


def _unheard(attribute: str | None, groups: Sequence[str]) -> str:
    """The groups a theme has no voice from, as a line under its chart: "None from
    Millbrook or Hollins Park.", "None aged 65+.", "No partners or staff."; by number
    past three ("None from 4 other areas.")."""
    if not groups or not attribute:
        return ""
    if len(groups) > 3:
        return f"None from {len(groups)} other {_NOUNS.get(attribute, attribute)}s."
    if attribute == "age_band":
        return f"None aged {either(groups)}."
    if attribute == "role":
        return f"No {either(plural_noun(g) for g in groups)}."
    return f"None from {either(groups)}."


def _top(counts: dict[str, int], rows: int, other: str) -> dict[str, int]:
    """The largest `rows - 1` groups and the rest summed as `other` (people may repeat)."""
    if len(counts) <= rows:
        return counts
    names = list(counts)
    rest = sum(counts[n] for n in names[rows - 1 :])
    return {n: counts[n] for n in names[: rows - 1]} | {other: rest}


def _as_list(value: Any) -> list:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    return list(value)


def _choose_quotes(row, members, excerpts, disclosure, limit: int) -> list[dict]:
    """Up to `limit` quotable quotes, one per voice before any voice gets a second."""
    offered = quotable_quotes(_as_list(row.get("quotes")), disclosure)
    offered = [q for q in offered if q.get("excerpt_id") in excerpts.index]
    seen = {q["excerpt_id"] for q in offered}
    extra = excerpts.loc[[e for e in members if e not in seen]]
    for rec in extra.to_dict("records"):
        if disclosure.quotable(rec.get("participant_id")) and rec.get("quote_ok") is not False:
            offered.append(
                {"excerpt_id": rec["excerpt_id"], "participant_id": rec["participant_id"]}
            )
    rounds: dict[str, int] = {}
    ranked = []
    for order, q in enumerate(offered):
        voice = _voice(excerpts.loc[q["excerpt_id"]])
        rounds[voice] = rounds.get(voice, 0) + 1
        ranked.append((rounds[voice], order, q))
    return [q for _, _, q in sorted(ranked, key=lambda t: t[:2])[:limit]]


def _voice(rec: Mapping[str, Any]) -> str:
    for key in ("participant_id", "author", "source_id"):
        value = rec.get(key)
        if value is not None and not (isinstance(value, float) and pd.isna(value)) and value != "":
            return f"{key}:{value}"
    return "unknown"


def _assign_tables(boards: list[ThemeBoard], tables: int) -> list[ThemeBoard]:
    """Spread themes over tables so each has a similar amount to read (largest first)."""
    load = [0] * tables
    table_of: dict[str, int] = {}
    for board in sorted(boards, key=lambda b: (-b.excerpts, b.theme_id)):
        t = min(range(tables), key=lambda i: (load[i], i))
        load[t] += max(board.excerpts, 1)
        table_of[board.theme_id] = t + 1
    return [replace(b, table=table_of[b.theme_id]) for b in boards]


def _surprise_items(surprises, resolved, excerpts, disclosure, settings, *, missing: bool):
    """The first `[boards] surprises` who's-missing items (`missing`), or of the others,
    in rank order, each with one quotable piece of evidence. Counted apart, so who's-missing
    items never take a place on the surprises board: with the default 8 it shows the
    surprises the report lists (the sample's #1-3 and #6-10; #4-5 are who's missing)."""
    team_of = model_owners(resolved)
    top = int(settings.get("surprises", 8))
    chosen = [s for s in surprises if (s.get("kind") == "missing") == missing][:top]
    items = []
    for s in chosen:
        theme = team_of.get(s.get("theme_id"))
        evidence = [
            {"excerpt_id": e, "participant_id": excerpts.at[e, "participant_id"]}
            for e in s.get("evidence", [])
            if e in excerpts.index
        ]
        evidence = quotable_quotes(evidence, disclosure)[:1]
        cards = tuple(
            make_card("", "", q, excerpts, disclosure, int(settings.get("evidence_chars", 160)))
            for q in evidence
        )
        items.append(
            SurpriseItem(
                rank=int(s.get("rank", len(items) + 1)),
                kind=str(s.get("kind", "")),
                title=KIND_NAMES.get(str(s.get("kind")), str(s.get("kind", "")).replace("_", " ")),
                explanation=str(s.get("explanation", "")),
                question=str(s.get("question", "")),
                theme=f"{theme[0]} {theme[1]}" if theme else "",
                evidence=cards,
            )
        )
    return tuple(items)


def _coverage(
    project: Project, excerpts: pd.DataFrame, k: int, width: float
) -> tuple[Coverage, ...]:
    """Voices heard per group (people and notes) against expected shares in [population];
    without any, who was heard by area and age band, so the room still sees who is there."""
    out = []
    population: Mapping[str, Mapping[str, float]] = project.config("population")
    recorded = [a for a in UNHEARD_ATTRIBUTES if people_by(excerpts, a, notes=True)]
    for attribute in (sorted(population) or recorded)[:COVERAGE_ATTRIBUTES]:
        heard = people_by(excerpts, attribute, notes=True)
        expected = {str(k_): float(v) for k_, v in population.get(attribute, {}).items()}
        total_expected = sum(expected.values()) or 1.0
        values = list(dict.fromkeys([*expected, *heard]))
        total_heard = sum(heard.values()) or 1
        shown = shown_counts({v: heard.get(v, 0) for v in values}, k)  # none may tell another
        if not expected and not any(count.isdigit() for count in shown.values()):
            continue  # every bar "<5", and nothing to compare it with: no chart
        rows = tuple(
            {
                "value": v,
                "people": shown[v],
                "share": None if not shown[v].isdigit() else heard.get(v, 0) / total_heard,
                "expected": expected.get(v, 0.0) / total_expected if v in expected else None,
            }
            for v in values
        )
        out.append(
            Coverage(
                attribute,
                rows,
                charts.coverage_svg(rows, k=k, width=width, salt=f"cov-{attribute}"),
            )
        )
    return tuple(out)


def _overview_svg(
    project: Project, resolved: pd.DataFrame, boards: Sequence[ThemeBoard], paper: str
):
    path = project.cache_dir / "map.csv"
    if not path.is_file() or not boards:
        return ""
    points = pd.read_csv(path, dtype={"excerpt_id": str})
    team = {
        e: str(r["theme_id"])
        for r in resolved.to_dict("records")
        for e in _as_list(r["excerpt_ids"])
    }
    points = points.assign(theme_id=points["excerpt_id"].map(team).fillna("-1"))
    beside = paper == "a3" and len(boards) <= BESIDE_MAP  # else the map has a sheet of its own
    labels = {b.theme_id: f"{b.theme_id} {b.label}" if len(boards) <= BESIDE_MAP else b.theme_id
              for b in boards}
    size = (9.8, 7.9) if beside else (10.4, 5.3)
    return charts.theme_map_svg(points, labels, width=size[0], height=size[1], font_size=14)

"""What every surprise detector shares: the unit table, the `Surprise` record, wording.

Detectors count *units*, not excerpts: a participant (interviews, survey respondents),
a note (organiser notes; its author is kept, because one author's many notes are not
many independent voices) or a document. `build_corpus` joins the excerpt table with the
primary theme of each excerpt and collapses it into one row per unit, with the unit's
group attributes and date, and a unit x theme table saying which themes each unit raised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from .. import units as counting
from ..disclosure import DEFAULT_K, HIDDEN_TOO, is_suppressed, shown_counts
from ..errors import StageError
from ..themes.model import centroids
from ..wording import did_you_mean, plural, plural_noun

# Columns that describe provenance or content, never a group people belong to.
_NOT_ATTRIBUTES = {
    "excerpt_id", "source_id", "source_type", "participant_id", "speaker_role", "author",
    "line_start", "line_end", "page", "t_start", "t_end", "char_start", "char_end", "text",
    "date", "quote_ok", "set_aside", "theme_id", "probability", "strength", "unit", "unit_kind",
    "name", "aliases", "note_id", "row_id", "row", "id", "follow_up", "question",
}
MAX_LEVELS = 12  # an attribute with more values than this is an identifier or free text


@dataclass(frozen=True)
class Surprise:
    """One thing a workshop should stop and look at.

    `strength` (0-1) is the detector's own measure of how big the finding is; `voices`
    the number of independent voices behind it (participants, plus note authors rather
    than notes). `rank.rank_surprises` turns both into the documented `score`.

    `explanation` says the finding in plain words, for partners and workshops; `test`
    names the statistics behind it ("Fisher's exact p < 0.05, q < 0.05"), which a report
    prints apart, under a reading guide that says what p and q are.
    """

    kind: str
    strength: float
    explanation: str
    question: str
    test: str = ""
    theme_id: int | None = None
    group: dict[str, str] | None = None
    evidence: tuple[str, ...] = ()
    counts: dict[str, Any] = field(default_factory=dict)
    voices: int | None = None
    effect: float | None = None
    p_value: float | None = None
    q_value: float | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Corpus:
    """Excerpts with their theme and unit, one row per unit, and who raised which theme.

    `excerpts`: excerpt rows plus `unit`, `unit_kind` and `theme_id` (-1 = none).
    `units`: index `unit`; columns `unit_kind`, `author`, `date` and each attribute.
    `raised`: boolean DataFrame, index `unit`, one column per theme id.
    `k`: the disclosure threshold. Sentences reach boards and reports beside charts that show
    a count of 1 to k - 1 as "<k", so they write such a count "fewer than k" (`count`).
    """

    excerpts: pd.DataFrame
    units: pd.DataFrame
    raised: pd.DataFrame
    themes: Mapping[int, Mapping[str, Any]]
    attributes: tuple[str, ...]
    run_id: str | None = None
    k: int = DEFAULT_K

    def label(self, theme_id: int) -> str:
        return str(self.themes.get(theme_id, {}).get("label") or f"theme {theme_id}")


def build_corpus(
    excerpts: pd.DataFrame,
    assignments: pd.DataFrame,
    themes: Sequence[Mapping[str, Any]],
    *,
    run_id: str | None = None,
    attributes: Sequence[str] | None = None,
) -> Corpus:
    """Join excerpts with their primary theme and collapse them into units."""
    if "excerpt_id" not in excerpts or "text" not in excerpts:
        raise StageError("the excerpt table has no excerpt_id/text columns; re-run ingest")
    frame = excerpts.copy()
    theme_of = assignments.drop_duplicates("excerpt_id").set_index("excerpt_id")["theme_id"]
    frame["theme_id"] = frame["excerpt_id"].map(theme_of).fillna(-1).astype(int)
    if "probability" in assignments:
        prob = assignments.drop_duplicates("excerpt_id").set_index("excerpt_id")["probability"]
        frame["strength"] = frame["excerpt_id"].map(prob).fillna(0.0).astype(float)
    else:
        frame["strength"] = 1.0
    frame["unit"], frame["unit_kind"] = counting.unit_keys(frame), counting.unit_kinds(frame)
    frame["author"] = _column(frame, "author")
    frame["date"] = pd.to_datetime(_column(frame, "date"), errors="coerce")
    frame["set_aside"] = frame["set_aside"].eq(True) if "set_aside" in frame else False
    if "quote_ok" not in frame:
        frame["quote_ok"] = True
    frame["quote_ok"] = frame["quote_ok"].map(lambda v: v is not False and v != "False")
    units = _unit_table(frame)
    chosen = tuple(attributes) if attributes is not None else detect_attributes(units)
    missing = [a for a in chosen if a not in units]
    if missing:
        valid = sorted(c for c in units.columns if c not in _NOT_ATTRIBUTES)
        raise StageError(
            f"[surprises] attributes names {', '.join(repr(a) for a in missing)}, which the excerpts "
            f"do not have{did_you_mean(missing[0], valid)}; the columns to compare groups by are: "
            f"{', '.join(valid)} (fix it in sensemaking.toml)"
        )
    theme_map = {int(t["theme_id"]): dict(t) for t in themes if int(t["theme_id"]) >= 0}
    return Corpus(frame, units, _raised(frame, units.index, theme_map), theme_map, chosen, run_id)


def theme_similarity(corpus: Corpus, vectors: np.ndarray) -> tuple[list[int], np.ndarray] | None:
    """The theme ids and each excerpt's cosine to each theme's centre (the unit mean of
    its members' vectors, one vector per excerpt row); None when the vectors do not align
    with the excerpts or there is no theme."""
    themes = corpus.excerpts["theme_id"].to_numpy()
    ids = sorted(corpus.themes)
    if not ids or len(vectors) != len(themes):
        return None
    vectors = np.asarray(vectors, dtype=np.float32)
    position = {theme: row for row, theme in enumerate(ids)}
    rows = np.array([position.get(theme, -1) for theme in themes])
    return ids, vectors @ centroids(vectors, rows, len(ids)).T


def with_own_strength(corpus: Corpus, vectors: np.ndarray) -> Corpus:
    """`corpus` with each themed excerpt's `strength` its own vector's cosine to its theme's
    centre, as the themes stage ranks quotes, so evidence shows the theme in an excerpt's
    own words. The assignment probability it replaces is read in conversation context,
    where a turn that only sits beside the theme ("Eleven weeks. She's called [NAME].")
    can be among the strongest."""
    found = theme_similarity(corpus, vectors)
    if found is None:
        return corpus
    ids, similarity = found
    themes = corpus.excerpts["theme_id"].to_numpy()
    column = {theme: row for row, theme in enumerate(ids)}
    strength = np.array([similarity[i, column[t]] if t in column else 0.0 for i, t in enumerate(themes)])
    return replace(corpus, excerpts=corpus.excerpts.assign(strength=strength))


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    """A column as Python objects, with missing and blank values as None."""
    if name not in frame:
        return pd.Series([None] * len(frame), index=frame.index, dtype=object)
    return pd.Series([_none_if_blank(v) for v in frame[name]], index=frame.index, dtype=object)


def _none_if_blank(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return None if pd.api.types.is_scalar(value) and pd.isna(value) else value


def _unit_table(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per unit: its kind, author, earliest date and first recorded attributes."""
    candidates = [c for c in frame.columns if c not in _NOT_ATTRIBUTES or c in ("unit_kind", "author", "date")]
    grouped = frame.groupby("unit", sort=True)
    units = grouped[candidates].first()
    units["date"] = grouped["date"].min()
    units.index.name = "unit"
    return units


def detect_attributes(units: pd.DataFrame) -> tuple[str, ...]:
    """Columns that group units: 2..MAX_LEVELS values, at least two values with 2+ units.

    Identifier-like columns (an organisation per person) fail the second rule, free
    text the first; numbers with many values (an exact age) must be banded first.
    """
    found = []
    for column in units.columns:
        if column in _NOT_ATTRIBUTES or column in ("unit_kind",):
            continue
        values = units[column].dropna()
        values = values[values.astype(str).str.strip() != ""]
        counts = values.astype(str).value_counts()
        if 2 <= len(counts) <= MAX_LEVELS and (counts >= 2).sum() >= 2:
            found.append(column)
    return tuple(found)


def _raised(frame: pd.DataFrame, units: pd.Index, themes: Mapping[int, Any]) -> pd.DataFrame:
    assigned = frame[frame["theme_id"] >= 0]
    table = pd.crosstab(assigned["unit"], assigned["theme_id"]).reindex(
        index=units, columns=sorted(themes), fill_value=0
    )
    return table.fillna(0) > 0


def attribute_values(corpus: Corpus, attribute: str, kind: str | None = None) -> pd.Series:
    """The attribute of every unit (of one kind) as text; units without a value are dropped."""
    units = corpus.units if kind is None else corpus.units[corpus.units["unit_kind"] == kind]
    values = units[attribute].dropna().astype(str).str.strip()
    return values[values != ""]


def unit_kinds(corpus: Corpus) -> list[str]:
    """Kinds of unit present. Groups are compared within a kind: an hour-long interview
    raises more themes than a two-line note, so mixing them would confound who speaks
    with how long they spoke."""
    return sorted(set(corpus.units["unit_kind"]))


# -- counting voices --------------------------------------------------------------


def voices(corpus: Corpus, units: Iterable[str]) -> int:
    """Independent voices among units: each participant/document, but notes by author."""
    kinds = corpus.units["unit_kind"]
    authors = corpus.units["author"]
    seen: set[str] = set()
    for unit in units:
        if kinds.get(unit) == "note":
            author = authors.get(unit)
            seen.add(f"author:{author}" if author is not None else f"note:{unit}")
        else:
            seen.add(f"unit:{unit}")
    return len(seen)


def describe_units(corpus: Corpus, units: Iterable[str]) -> str:
    """'5 participants', '12 notes by 2 authors' or '3 participants and 4 notes by 1 author'.

    A part of 1 to k - 1 (`corpus.k`) is not counted: it reads 'fewer than 5
    participants'; beside it, a part a total printed nearby would tell it by is not
    counted either ('fewer than 5 participants and some notes by 1 author';
    `disclosure.shown_counts`), nor are parts that could only be ones. Authors are the
    team who wrote the notes, not people heard, and are always counted.
    """
    units = list(units)
    kinds = corpus.units["unit_kind"].reindex(units)
    counts = kind_counts(corpus, units)
    shown = shown_counts(counts, corpus.k)
    small = [n for n in counts.values() if hidden(corpus, n)]
    ones = len(counts) > 1 and len(small) == len(counts) and sum(small) == len(small)  # each told: 1
    parts = [f"some {plural_noun(kind)}" if ones or shown[kind] == HIDDEN_TOO else counted(corpus, n, kind)
             for kind, n in counts.items()]
    notes = [unit for unit, kind in zip(units, kinds) if kind == "note"]
    authors = corpus.units["author"].reindex(notes).dropna().nunique() if notes else 0
    if authors:
        parts[-1] += f" by {plural(authors, 'author')}"
    return " and ".join(parts) if parts else "no one"


def kind_counts(corpus: Corpus, units: Iterable[str]) -> dict[str, int]:
    """Units by kind, as `describe_units` counts them: {'participant': 3, 'note': 12}."""
    kinds = corpus.units["unit_kind"].reindex(list(units))
    counts = {kind: int((kinds == kind).sum()) for kind in ("participant", "document", "note")}
    return {kind: n for kind, n in counts.items() if n}


def breakdown(corpus: Corpus, units: Iterable[str]) -> str:
    """'2 participants and 4 notes by 1 author' when units are not all participants, else ''."""
    units = list(units)
    if set(corpus.units["unit_kind"].reindex(units).dropna()) <= {"participant"}:
        return ""
    return describe_units(corpus, units)


def unit_noun(corpus: Corpus, units: Iterable[str]) -> str:
    """The plural noun for a set of units: participants, notes or voices (mixed)."""
    kinds = set(corpus.units["unit_kind"].reindex(list(units)).dropna())
    if kinds == {"participant"}:
        return "participants"
    if kinds == {"note"}:
        return "notes"
    return "voices"


def pct(k: int, n: int) -> str:
    return f"{round(100 * k / n)}%" if n else "n/a"


def count(corpus: Corpus, n: int) -> str:
    """A count of units as a sentence prints it: 'fewer than 5' from 1 to k - 1, where a
    chart shows "<5" (`sensemaking.disclosure`), else the number. Zeros stay: they single
    nobody out, and "none" is a finding."""
    return f"fewer than {corpus.k}" if is_suppressed(n, corpus.k) else str(n)


def hidden(corpus: Corpus, *counts: int) -> bool:
    """True when any of `counts` is one a sentence does not print (`count`)."""
    return any(is_suppressed(n, corpus.k) for n in counts)


def counted(corpus: Corpus, n: int, one: str) -> str:
    """'3 notes', '1 note', or 'fewer than 5 notes' where the count is not printed."""
    return f"{count(corpus, n)} {plural_noun(one)}" if hidden(corpus, n) else plural(n, one)


def reads_one(corpus: Corpus, n: int) -> bool:
    """Does a sentence say this count is one (so "is", "speaks", "voice")? Not when it
    reads "fewer than 5"."""
    return n == 1 and not hidden(corpus, n)


def of(corpus: Corpus, n: int, total: int) -> str:
    """'12 of 62', 'fewer than 5 of 17'. A hidden part of a group of just k, or of a group
    that is itself hidden, is said as a person would, not 'fewer than 5 of 5': 'some but
    not all of the 5', 'all of the fewer than 5', 'none of the fewer than 5'."""
    if hidden(corpus, total):
        some = "none" if n == 0 else "all" if n == total else "some but not all"
        return f"{some} of the {count(corpus, total)}"
    if hidden(corpus, n) and total <= corpus.k:
        return f"some but not all of the {total}"
    return f"{count(corpus, n)} of {total}"


def share(corpus: Corpus, n: int, total: int) -> str:
    """`pct(n, total)`, or '' when either count is not printed: a share and its total
    together tell the count."""
    return "" if hidden(corpus, n, total) else pct(n, total)


def in_brackets(*parts: str) -> str:
    """' (a; b)' of the parts that are not empty, '' when none is."""
    kept = [p for p in parts if p]
    return f" ({'; '.join(kept)})" if kept else ""


def group_name(attribute: str, value: str) -> str:
    """Plain words for a group on its own: 'Eastgate', 'aged 65+', 'role: partner'."""
    if attribute in ("area", "hub_area", "country", "region"):
        return str(value)
    if "age" in attribute and re.match(r"^[\d<>+\- ]+$", str(value)):
        return f"aged {value}"
    return f"{attribute.replace('_', ' ')}: {value}"


def group_people(attribute: str, value: str) -> str:
    """The people of a group, for a question: 'people in Eastgate', 'people aged 65+',
    'residents' (a role as its plural), 'people whose gender is female'."""
    name = group_name(attribute, value)
    if name != str(value) and not name.startswith("aged ") and not _is_role(attribute, value):
        return f"people whose {attribute.replace('_', ' ')} is {value}"
    return noun_among("people", attribute, value)


def noun_among(noun: str, attribute: str, value: str) -> str:
    """A plural noun for a group's units: 'participants in Eastgate', 'participants aged
    65+', 'residents' (people of a role: the role names them), 'notes (setting: cafe)'."""
    if noun in ("participants", "people") and _is_role(attribute, value):
        return plural_noun(str(value).strip())
    return f"{noun}{among(attribute, value)}"


def _is_role(attribute: str, value: str) -> bool:
    return attribute == "role" and bool(str(value).strip())


def among(attribute: str, value: str) -> str:
    """The same group as a suffix to a noun: ' in Eastgate', ' aged 65+', ' (role: partner)'."""
    name = group_name(attribute, value)
    if name == str(value):
        return f" in {value}"
    return f" {name}" if name.startswith("aged ") else f" ({name})"


def size_and_lopsidedness(share_a: float, share_b: float) -> float:
    """Strength of a difference between two shares, 0-1: the geometric mean of its size
    (|a - b|) and how lopsided it is (1 - smaller / larger). 75% against 5% scores 0.81,
    40% against 1% 0.61, 22% against 4% 0.38, 55% against 45% 0.13."""
    high, low = max(share_a, share_b), min(share_a, share_b)
    if high <= 0:
        return 0.0
    return float(np.sqrt((high - low) * (1 - low / high)))


def stems(text: str) -> set[str]:
    """Words of 4+ letters, lower-cased, a plural s dropped: for 'does this name that?'."""
    return {w.removesuffix("s") for w in re.findall(r"[a-z]{4,}", str(text).lower())}


def fmt_p(p: float | None, name: str = "p", *, bar: float | None = None) -> str:
    """'p = 0.012', 'q < 0.001'; with `bar`, only the side of it p is on: 'p < 0.05',
    'p >= 0.05'.

    A sentence that hides a count passes its detector's alpha as `bar`: beside the figures
    it prints, an exact p tells the count back, and so would finer bands. 'Raised only by
    participants in Eastgate: some but not all of the 5 and none of the 17 others' has
    Fisher's p = 0.23, 0.043, 0.0065 or 0.0007 for 1, 2, 3 or 4 of the 5, one per band of
    0.05, 0.01 and 0.001. Which side of alpha p and q are on, the item's being listed (or
    its verdict) already says.
    """
    if p is None or not np.isfinite(p):
        return f"{name} n/a"
    if bar is not None:
        return f"{name} < {bar:g}" if p < bar else f"{name} >= {bar:g}"
    return f"{name} < 0.001" if p < 0.001 else f"{name} = {p:.3f}"


def p_bar(corpus: Corpus, alpha: float, *counts: int) -> float | None:
    """`alpha` as `fmt_p`'s bar when any of the counts a sentence gives is hidden, else None."""
    return alpha if hidden(corpus, *counts) else None


# -- evidence --------------------------------------------------------------------


def pick_evidence(corpus: Corpus, rows: pd.DataFrame, limit: int = 5) -> tuple[str, ...]:
    """Up to `limit` quotable excerpt ids, one per unit first, by `strength` (how well each
    carries what the item is about: see `with_own_strength`), strongest first."""
    rows = rows[rows["quote_ok"]]
    if rows.empty:
        return ()
    ordered = rows.sort_values(["strength", "excerpt_id"], ascending=[False, True])
    firsts = ordered.drop_duplicates("unit")
    chosen = list(firsts["excerpt_id"][:limit])
    if len(chosen) < limit:
        rest = ordered[~ordered["excerpt_id"].isin(chosen)]
        chosen += list(rest["excerpt_id"][: limit - len(chosen)])
    return tuple(str(e) for e in chosen)


def theme_rows(corpus: Corpus, theme_id: int, units: Iterable[str] | None = None) -> pd.DataFrame:
    """Excerpts of a theme, optionally only those of some units."""
    rows = corpus.excerpts[corpus.excerpts["theme_id"] == theme_id]
    if units is not None:
        rows = rows[rows["unit"].isin(set(units))]
    return rows

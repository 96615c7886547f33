"""Counting units: who each excerpt counts for, so that a theme counts voices, not words.

One rule, used by themes, workspace, boards and reports alike: a participant for
interviews and survey answers; for organiser notes the note; else the document.

Notes count by note because each note records someone heard (a visit, a call, a
conversation at a stall), so counting by author would hide how many were heard. Their
author is still shown (`voices`), because one organiser's many notes are one pen, not
many independent voices, and readers must be able to see that.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePosixPath

import pandas as pd

PARTICIPANT, NOTE, DOCUMENT = "participant", "note", "document"
NOTE_KEYS = ("row_id", "note_id", "line_start")
"""Columns naming a note inside its source, best first: the table's id, then its line."""


def unit_kinds(frame: pd.DataFrame) -> pd.Series:
    """`participant`, `note` or `document` for every excerpt row of `frame`."""
    notes = _text(frame, "source_kind") == "notes"
    kinds = pd.Series(DOCUMENT, index=frame.index, dtype=object)
    kinds[notes] = NOTE
    kinds[_text(frame, "participant_id") != ""] = PARTICIPANT
    return kinds


def unit_keys(frame: pd.DataFrame) -> pd.Series:
    """The counting unit of every excerpt row: `P01`, `notes/visits.csv#N07`, `report.pdf`.

    A note is `<source_id>#<key>`, its key the first of NOTE_KEYS that is filled, else its
    excerpt id (a note with no id and no line, as in a pdf, counts by excerpt). A row with
    no participant and no source (`sensemaking themes --input` on a CSV of answers) is
    one respondent: its unit is its excerpt id.
    """
    source = _text(frame, "source_id")
    note = _text(frame, "excerpt_id")
    for column in reversed(NOTE_KEYS):
        key = _text(frame, column)
        note = key.where(key != "", note)
    keys = source.where(unit_kinds(frame) != NOTE, source + "#" + note)
    keys = keys.where(keys != "", _text(frame, "excerpt_id"))  # a bare CSV row: its own unit
    participant = _text(frame, "participant_id")
    return participant.where(participant != "", keys)


def voices(frame: pd.DataFrame) -> pd.Series:
    """Whose voice each excerpt is when quoting: the participant, else the note's author,
    else its unit (one voice per note or document)."""
    author = _text(frame, "author")
    keys = unit_keys(frame)
    return keys.where((unit_kinds(frame) == PARTICIPANT) | (author == ""), author)


def people_by(rows: pd.DataFrame, attribute: str, *, notes: bool = False) -> dict[str, int]:
    """Distinct voices per value of `attribute`, largest first; sources (`source_id`) by
    the name a chart's bar has room for (`_by_source_name`: "education_0").

    A note counts as its author (one organiser's many notes are one voice), or with
    `notes=True` as itself (each note records someone heard, as who's-missing counts them).
    """
    if attribute not in rows.columns or rows.empty:
        return {}
    by = unit_keys(rows) if notes else rows.get("author")
    unit = rows["participant_id"].where(rows["participant_id"].notna(), by)
    frame = pd.DataFrame({"unit": unit, "value": rows[attribute]}).dropna()
    frame = frame[(frame["unit"].astype(str) != "") & (frame["value"].astype(str) != "")]
    counts = frame.groupby("value")["unit"].nunique().sort_values(ascending=False, kind="stable")
    out = {str(k): int(v) for k, v in counts.items()}
    return _by_source_name(out) if attribute == "source_id" else out


# What "who raised it" counts people by: the first of these the project records (a survey
# may have age bands and no areas; meeting transcripts only their sources).
RAISED_BY = ("area", "age_band", "role", "source_id")


def recorded_attributes(frame: pd.DataFrame) -> list[str]:
    """The attributes of people in `RAISED_BY` (sources aside) that some excerpt of the
    project has a value for, in that order."""
    return [a for a in RAISED_BY[:-1] if a in frame and (frame[a].dropna().astype(str) != "").any()]


def raised_by(frame: pd.DataFrame) -> str | None:
    """The first attribute of `RAISED_BY` with a value on some excerpt of the project, or
    None; sources only where people speak in more than one and some source holds several
    of them. One survey file says nothing, nor do one-to-one interviews, where a source is
    a person: every bar would read "<5" (57 GP consultations drew 57 of them).
    Boards and reports both break themes down by it, so they tell the same story."""
    recorded = recorded_attributes(frame)
    if recorded:
        return recorded[0]
    people = frame[frame["participant_id"].notna()] if "participant_id" in frame else frame[:0]
    if "source_id" not in people:
        return None
    per_source = people.groupby("source_id")["participant_id"].nunique()
    return "source_id" if len(per_source) > 1 and per_source.max() > 1 else None


def _by_source_name(counts: Mapping[str, int]) -> dict[str, int]:
    """`counts` per source id, keyed by how sources are named where space is short (a
    chart's bars): the file name without folder or extension ("education_0"), unless two
    sources would then share a name."""
    short = {str(s): PurePosixPath(str(s)).stem for s in counts}
    if len(set(short.values())) < len(short):
        short = {s: s for s in short}
    return {short[str(s)]: int(n) for s, n in counts.items()}


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    """A column as clean strings ('' when missing; 12.0 read back as 12), '' when absent."""
    if column not in frame:
        return pd.Series("", index=frame.index, dtype=object)
    return pd.Series([_clean(v) for v in frame[column]], index=frame.index, dtype=object)


def _clean(value) -> str:
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()

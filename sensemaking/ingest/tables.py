"""`.csv` and `.xlsx` organisers' notes, open survey answers and transcripts kept as
tables, one turn per answer, note or row.

Which column is which comes from `[ingest.columns."<path under data/raw>"]` in
sensemaking.toml (keys `text` (a name or a list), `id`, `date`, `author`, `area`,
`participant`, `speaker`, `time`, `end`, `kind` = "notes" | "survey" | "interview"), or
else is detected from the headers and contents (a `text`/`notes`/`comment`/`answer`-like
header, or the columns holding sentences). A table with a speaker column whose voices
take turns is a transcript (a transcription tool's CSV: Speaker, Start Time, End Time,
Text): one turn a row, its speaker resolved as a transcript's labels are, its times into
the recording kept. So is a table whose first column holds an interview's questions, a row
each (headed "Question", or its cells asking), the answers beside them: one person's
answers in one column ("Answer"), or an analysis grid's, a person a column. A table with
an author/organiser column is notes: its author is recorded as `author`, not as a
speaker; so is one whose file or sheet is named as notes ("field_notes.xlsx", a sheet
"Log", a workshop's "stickies.csv") or whose one text column is headed "Note",
"Observations" or "Sticky note", unless its path or sheet says "survey". Otherwise it is
a survey: each row is one respondent. Columns that identify people (name, email, phone,
address, postcode, date of birth; a column of the people notes are about, "Resident" or
"Spoke to", whose cells are names) are never carried; every other column becomes excerpt
metadata. A numeric `age` column also gives `age_band`, in the bands of
`[population.age_band]` (default 16-24, 25-44, 45-64, 65+), unless the table has an age
band of its own. Line numbers are row numbers (the header is row 1). The files
themselves are read by `sheets`: cells' values only, as a workbook's sheets, rows and
columns have them, hidden or shown (scrubbed alike; hidden is often just tidy); cell
comments and the workbook's properties (creator, last saved by) are not read.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import pandas as pd

from ..errors import InputError
from ..records import Document, Turn
from ..tables import EXCERPT_COLUMNS
from ..wording import did_you_mean
from .base import (
    TIMECODE,
    IngestWarning,
    ReadAs,
    ReadOptions,
    content_hash,
    has_words,
    iso_dates,
    numbered,
    seconds,
)
from .sheets import read_sheets

_HINTS = {
    "author": ("author", "organiser", "organizer", "recorded by", "written by", "staff",
               "worker", "officer", "observer", "facilitator", "by"),
    "text": ("text", "note", "notes", "comment", "comments", "answer", "response", "feedback",
             "observation", "observations", "what we heard", "heard", "said", "description",
             "details", "summary", "story", "quote", "reflection", "reflections", "verbatim",
             "remarks", "free text"),
    "id": ("id", "ref", "reference", "note id", "response id", "respondent id", "respondent",
           "record", "row id", "no", "number", "#"),
    "date": ("date", "when", "timestamp", "submitted", "date of visit", "day",
             "week commencing", "w c", "week beginning", "created", "created at",
             # survey tools' exports: Microsoft Forms, Qualtrics, SurveyMonkey
             "start time", "completion time", "submitted at", "startdate", "enddate",
             "recordeddate"),
    "area": ("area", "hub", "ward", "neighbourhood", "neighborhood", "locality", "location",
             "site", "patch", "hub area", "where"),
    "participant": ("participant", "participant id", "participant_id"),
    # A transcript kept as a table (transcription tools' CSV, a spreadsheet of turns).
    "speaker": ("speaker", "speaker name", "speaker label", "speaker id", "speaker tag"),
    "time": ("start", "start time", "time", "timestamp", "timecode", "start timecode", "in",
             "from", "begin", "begin time", "start tc"),
    "end": ("end", "end time", "stop", "end timestamp", "end timecode", "out", "to", "end tc"),
}
_PERSONAL = ("name", "first name", "surname", "last name", "full name", "email", "e mail",
             "phone", "mobile", "telephone", "tel", "address", "postcode", "post code", "zip",
             "contact", "dob", "date of birth", "birthday", "nhs number", "ni number",
             "ipaddress", "latitude", "longitude")
ROLES = ("text", "id", "date", "author", "area", "participant", "speaker", "question", "time", "end",
         "kind")
KINDS = ("notes", "survey", "interview")
# A time into a recording, as transcription tools write it: "00:01:02", "[01:02.500]".
_OFFSET = re.compile(rf"[\[(]?(?:{TIMECODE.pattern})[\])]?")
MIN_MEAN_WORDS = 6


@dataclass
class Plan:
    """Which columns play which role in one sheet."""

    text: list[str]
    roles: dict[str, str] = field(default_factory=dict)
    personal: list[str] = field(default_factory=list)
    kind: str = "notes"  # or "survey", or "interview": a transcript, one turn a row


def read(data: bytes, path: str, options: ReadOptions) -> Document:
    """Read a notes or survey table: one turn per non-empty answer cell."""
    fmt = PurePosixPath(path).suffix.lower().lstrip(".")
    return read_frames(read_sheets(data, path), path, options, source_type=fmt, digest=content_hash(data))


def read_frames(sheets: dict[str | None, pd.DataFrame], path: str, options: ReadOptions, *,
                source_type: str, digest: str) -> Document:
    """Tables of strings (`read_sheets`' shape; a row's number is its index + 2) as one
    document: one turn per non-empty answer cell."""
    builder = _TableText()
    kinds = set()
    for number, (sheet, frame) in enumerate(sheets.items(), start=1):
        plan = plan_columns(frame, options.columns, path, sheet)
        if plan is None:
            if sheet is not None:  # by number: a sheet's name may name someone
                warnings.warn(f"sheet {number} was skipped: none of its columns holds free text",
                              IngestWarning, stacklevel=2)
            continue
        kinds.add(plan.kind)
        warnings.warn(read_as(plan, frame, number if len(sheets) > 1 else None), ReadAs, stacklevel=2)
        _add_rows(builder, frame, plan, path, sheet, options.age_bands)
    if not kinds:
        raise InputError(
            "no column holds free text (a header like text/notes/comment/answer, or sentences "
            f"in the cells); name it in sensemaking.toml: {_MAPPING} text = \"...\"", path=path)
    if not builder.turns:
        raise InputError("its text column is empty; check the export", path=path)
    return Document(path=path, source_type=source_type, source_kind=kinds.pop() if len(kinds) == 1 else "notes",
                    text=builder.text(), turns=tuple(builder.turns), content_hash=digest)


def _norm(header: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z#]+", " ", header.casefold()).split())


def _mean_words(series: pd.Series) -> float:
    filled = series[series != ""]
    return float(filled.str.split().str.len().mean()) if len(filled) else 0.0


def plan_columns(frame: pd.DataFrame, mapping, path: str, sheet: str | None) -> Plan | None:
    """Column roles from the settings mapping, else detected; None when no text column."""
    if mapping:
        return _mapped_plan(frame, mapping, path)
    headers = {c: _norm(c) + ("?" if c.rstrip().endswith("?") else "") for c in frame.columns}
    roles: dict[str, str] = {}
    for role in ("time", "end", "speaker", "author", "id", "date", "area", "participant"):
        hit = next((c for c, h in headers.items()
                    if _matches(h, role, _mean_words(frame[c]) <= 3) and c not in roles.values()
                    and (role not in ("time", "end") or _holds_offsets(frame[c]))), None)
        if hit is not None:
            roles[role] = hit
    named_speakers = []
    if "speaker" in roles and not _takes_turns(frame[roles["speaker"]]):
        named_speakers = [roles.pop("speaker")]  # a name a row: people, not a conversation's voices
    if "speaker" not in roles:  # "Time: 10:30" in notes is when, kept to compare groups by
        roles = {k: v for k, v in roles.items() if k not in ("time", "end")}
    if "speaker" not in roles and (asking := _asking_column(frame, headers)) is not None:
        roles["question"] = asking  # an interview's questions a row, the answers beside them
    unnamed = [c for c in frame.columns if str(c).startswith("Unnamed: ") and c not in roles.values()]
    if "date" not in roles and (dated := next((c for c in unnamed if _all_dates(frame[c])), None)):
        roles["date"] = dated  # a table with no header row: its dates say what the column is
    used = set(roles.values())
    personal = named_speakers + [c for c, h in headers.items() if c not in used and c not in named_speakers
                                 and (_is_personal(h) or _names_people(h, frame[c])
                                      or (c in unnamed and _all_names(frame[c])))]
    candidates = [c for c in frame.columns if c not in used and c not in personal]
    text = [c for c in candidates if (_hinted_text(headers[c]) and _mean_words(frame[c]) >= 2)
            or (_QUESTION.match(headers[c]) and _mean_words(frame[c]) >= 3)
            or ("question" in roles and _mean_words(frame[c]) >= 2)]  # a grid's people
    if not text:
        text = [c for c in candidates if _mean_words(frame[c]) >= MIN_MEAN_WORDS]
    if not text:
        return None
    named = f"{PurePosixPath(path).name} {sheet or ''}".casefold()  # a folder may hold anything
    if "speaker" in roles or "question" in roles:
        kind = "interview"
    elif "survey" in f"{path} {sheet or ''}".casefold():
        kind = "survey"
    elif "author" in roles or _NOTES_NAME.search(named) or (len(text) == 1 and headers[text[0]] in _NOTES_HEADERS):
        kind = "notes"  # a log one organiser keeps ("notes.xlsx", a "Note" column) names no author
    else:
        kind = "survey"
    return Plan(text=text, roles=roles, personal=personal, kind=kind)


# Headers of a column of an interview's questions, in a sheet or a Word table.
QUESTION_HEADERS = frozenset(("question", "questions", "q", "interview question", "interview questions"))


def _asking_column(frame: pd.DataFrame, headers: dict[str, str]) -> str | None:
    """The first column, where it holds an interview's questions, a row each, with the
    answers in the columns beside it: headed "Question", or most of its cells (two or more)
    asking under a header that neither asks nor names text. A survey's questions are its
    headers, and the answers to one ("What would you ask the council?") may ask too; a
    column of questions people asked ("text" of bank queries) is their text."""
    if len(frame.columns) < 2:
        return None
    first = frame.columns[0]
    header = headers[first]
    if not any(_mean_words(frame[c]) >= 2 for c in frame.columns[1:]):
        return None  # no answers beside it
    if header.rstrip("?") in QUESTION_HEADERS:
        return first
    filled = frame[first][frame[first] != ""]
    asking = filled.str.rstrip().str.endswith("?")
    if len(filled) >= 2 and asking.mean() >= 0.5 and not header.endswith("?") and not _QUESTION.match(header) \
            and not _hinted_text(header):
        return first
    return None


def _holds_offsets(series: pd.Series) -> bool:
    """Does a column hold times into a recording ("00:01:02"), not dates or words?"""
    filled = series[series != ""]
    return bool(len(filled)) and bool(filled.map(lambda v: bool(_OFFSET.fullmatch(v))).all())


def _takes_turns(series: pd.Series) -> bool:
    """Do a speaker column's voices take turns, each heard again (a transcript), rather
    than one name a row?"""
    filled = series[series != ""]
    return len(filled) >= 2 and filled.value_counts().iloc[0] >= 2 and filled.nunique() <= max(2, len(filled) // 2)


# A table named as notes, or whose one text column is headed so, is notes without an author
# column too (a workshop's sticky notes as well); its rows are no respondents.
_NOTES_NAME = re.compile(r"(?<![a-z])(?:(?:field|fieldwork|visit|session|organi[sz]er)?[ _-]?notes?|log|logbook|diary"
                         r"|stick(?:y|ies)|post[ _-]?its?)(?![a-z])")  # a workshop's sticky notes typed up
_NOTES_HEADERS = frozenset(["note", "notes", "field notes", "observation", "observations", "what we heard",
                            "sticky", "sticky note", "sticky notes", "post it", "post its", "post it note"])


def _matches(header: str, role: str, short_answers: bool = True) -> bool:
    """Header names a role exactly, or (author, date, area) contains one of its words: "Date
    of visit", "Staff member who wrote the note", but not in a survey's question ("When did
    you first come to the hub?", "How did staff treat you"), whose answers are text. A
    question answered in a word or two names an area ("Which area do you live in?")."""
    if header in _HINTS[role]:
        return True
    if role not in ("author", "date", "area") or (role == "area" and _is_personal(header)):
        return False  # "Location Latitude" is no area ("Organiser name" is an author)
    if (header.endswith("?") or _QUESTION.match(header)) and not (role == "area" and short_answers):
        return False
    words = set(header.split())  # a question's word ("where did you hear of us") only alone
    return any(hint in words for hint in _HINTS[role] if len(hint) > 2 and " " not in hint
               and not _QUESTION.fullmatch(hint))


# A header asking a question without its question mark ("How did staff treat you").
_QUESTION = re.compile(r"(?:what|how|why|when|where|which|who|tell us|describe|please|is there|"
                       r"are there|do you|did you|would you|could you|have you|anything)\b")


def _hinted_text(header: str) -> bool:
    """A text-like header; an open question ("What would you change?") is one too."""
    if header.endswith("?"):
        return True
    words = set(header.split())
    return header in _HINTS["text"] or bool(words & {"text", "notes", "note", "comment", "comments",
                                                      "answer", "feedback", "heard"})


# "Name of ..." names a person unless it names one of these ("Name of group").
_NOT_PEOPLE = frozenset(("organisation", "organization", "group", "venue", "project", "service",
                         "event", "activity", "site", "place", "school", "business", "team",
                         "street", "estate", "area", "scheme", "programme", "session", "club"))


def _is_personal(header: str) -> bool:
    """A column that identifies people ("Email", "Resident name", "Name of person spoken to")."""
    if header.startswith("name ") and _NOT_PEOPLE.isdisjoint(header.split()):
        return True
    return header in _PERSONAL or any(header.endswith(" " + p) or header.startswith(p + " ")
                                      for p in _PERSONAL if " " not in p and p != "name") \
        or header.endswith(" name") or header == "name"


# Headers of columns that may hold the people a note is about: "Resident", "Spoke to".
_PEOPLE = frozenset(("resident", "residents", "client", "service user", "tenant", "customer", "patient",
                     "person", "people", "visited", "spoke to", "spoken to", "talked to", "who", "household",
                     "family", "young person", "child", "carer", "member", "attendee", "guest", "caller",
                     "beneficiary", "learner", "volunteer", "neighbour", "referred", "referral"))
_NAME_CELL = re.compile(r"(?:[Tt]he[ ]+)?(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?[ ]+)?[A-Z][\w'’-]*(?:[ ]+[A-Z][\w'’-]*){0,2}(?:[ ]+(?:family|household))?")


def _all_dates(series: pd.Series) -> bool:
    """Every filled cell a date (a column with no header, read by what it holds)."""
    filled = series[series != ""]
    return not filled.empty and all(d is not None for d in iso_dates(filled)[0])


def _all_names(series: pd.Series) -> bool:
    """Most filled cells read as people's names (a column with no header): not carried."""
    filled = series[series != ""]
    return not filled.empty and filled.map(lambda v: bool(_NAME_CELL.fullmatch(v.strip()))).mean() >= 0.8 \
        and not filled.map(lambda v: len(v.split()) == 1).all()


def _names_people(header: str, series: pd.Series) -> bool:
    """A column of the people notes are about ("Resident": Doreen, Mrs Khan, the Walsh
    family): a person's header and cells that read as names, many of them different. A
    "Resident" column of Yes and No is no such column."""
    filled = series[series != ""]
    if header not in _PEOPLE or filled.empty:
        return False
    named = filled.map(lambda v: bool(_NAME_CELL.fullmatch(v.strip())))
    return named.mean() >= 0.8 and filled.nunique() > max(2, len(filled) * 0.3)


# Messages name a file's mapping without its path, and columns by letter: paths and
# headers may name people ("Call Mrs Kowalczyk back on 07700 900654").
_MAPPING = '[ingest.columns."<its path under data/raw>"]'


def _mapped_plan(frame: pd.DataFrame, mapping, path: str) -> Plan:
    unknown = sorted(set(mapping) - set(ROLES))
    if unknown:
        raise InputError(f"{_MAPPING} in sensemaking.toml has unknown key(s) {unknown}; use "
                         f"{', '.join(ROLES)}", path=path)
    if mapping.get("kind") and mapping["kind"] not in KINDS:  # said first: "diary" is the mistake
        raise InputError(f'{_MAPPING} in sensemaking.toml: kind must be "notes", "survey" or '
                         '"interview"', path=path)
    text = mapping.get("text")
    text = [text] if isinstance(text, str) else list(text or [])
    if not text:
        raise InputError(f"{_MAPPING} in sensemaking.toml names no text column; add text = "
                         "\"<its header>\"", path=path)
    named = [("text", c) for c in text] + [(k, v) for k, v in mapping.items() if k not in ("text", "kind")]
    missing = [(role, c) for role, c in named if c not in frame.columns]
    if missing:
        raise InputError(_missing_columns(missing, [str(c) for c in frame.columns]), path=path)
    roles = {k: v for k, v in mapping.items() if k not in ("text", "kind")}
    used = set(text) | set(roles.values())
    personal = [c for c in frame.columns if c not in used and (_is_personal(_norm(c)) or _names_people(_norm(c), frame[c]))]
    kind = mapping.get("kind") or ("interview" if roles.keys() & {"speaker", "question"}
                                   else "notes" if "author" in roles else "survey")
    if kind == "interview" and not roles.keys() & {"speaker", "question"}:
        raise InputError(f'{_MAPPING} in sensemaking.toml: kind "interview" needs the column of '
                         'who speaks, or of the questions asked; add speaker = "<its header>" or '
                         'question = "<its header>"', path=path)
    return Plan(text=text, roles=roles, personal=personal, kind=kind)


def read_as(plan: Plan, frame: pd.DataFrame, sheet: int | None = None) -> str:
    """How a sheet was read, its columns by letter (headers may name people): "answers in
    column F; id in column H; 6 other columns kept (A-E, G), to compare groups by; no area
    column". `sensemaking ingest` prints it, so a wrong guess is seen and mapped."""
    from openpyxl.utils import get_column_letter

    place = {c: i for i, c in enumerate(frame.columns)}

    def columns(chosen) -> str:
        runs: list[list[int]] = []
        for i in sorted(place[c] for c in chosen):
            if runs and i == runs[-1][-1] + 1:
                runs[-1].append(i)
            else:
                runs.append([i])
        shown = [get_column_letter(r[0] + 1) + (f"-{get_column_letter(r[-1] + 1)}" if len(r) > 1 else "")
                 for r in runs]
        return ("column " if len(chosen) == 1 else "columns ") + ", ".join(shown)

    said = {"survey": "answers", "notes": "notes", "interview": "turns"}[plan.kind]
    said = "answers" if "question" in plan.roles else said
    parts = [f"{said} in {columns(plan.text)}"]
    called = {"time": "start time", "end": "end time", "question": "questions"}
    parts += [f"{called.get(role, role)} in {columns([c])}"
              for role, c in sorted(plan.roles.items(), key=lambda rc: ROLES.index(rc[0]))]
    kept = [c for c in frame.columns if c not in plan.text and c not in plan.roles.values()
            and c not in plan.personal]
    if kept:
        parts.append(f"{len(kept)} other {'column' if len(kept) == 1 else 'columns'} kept "
                     f"({columns(kept).split(' ', 1)[1]}), to compare groups by")
    if plan.personal:
        parts.append(f"{columns(plan.personal)} not carried (names and contact details)")
    if "area" not in plan.roles:
        parts.append("no area column")
    return (f"sheet {sheet}: " if sheet else "") + "; ".join(parts)


def _missing_columns(missing: list[tuple[str, str]], headers: list[str]) -> str:
    """Which mapped roles name no header, a near miss by its column letter ("a text (did
    you mean column C?) column"); headers are never quoted."""
    from openpyxl.utils import get_column_letter  # a spreadsheet's letters: A ... Z, AA ...

    letter = {h: f"column {get_column_letter(i + 1)}" for i, h in enumerate(headers)}
    roles = ", ".join(f"{role}{did_you_mean(c, headers, shown=letter.__getitem__)}" for role, c in missing)
    span = f"A to {get_column_letter(len(headers))}" if len(headers) > 1 else "A"
    return (f"{_MAPPING} in sensemaking.toml names a {roles} column the table does not have "
            f"(it has {len(headers)} columns, {span}); set each to its header as written in the "
            "table's header row")


class _TableText:
    """Builds the document text (answers separated by blank lines) and its turns."""

    def __init__(self):
        self.parts: list[str] = []
        self.turns: list[Turn] = []
        self.pos = 0

    def add(self, answer: str, row: int, **turn_fields) -> None:
        answer = "\n".join(line.strip() for line in answer.replace("\r", "\n").split("\n")).strip()
        if not has_words(answer):
            return
        self.turns.append(Turn(self.pos, self.pos + len(answer), line_start=row, line_end=row,
                               **turn_fields))
        self.parts.append(answer)
        self.pos += len(answer) + 2

    def text(self) -> str:
        return "\n\n".join(self.parts) + "\n"


def _add_asked(builder: _TableText, frame: pd.DataFrame, plan: Plan, sheet) -> None:
    """An interview kept as its questions a row (`roles["question"]`) and the answers
    beside them: each answer column's conversation in turn, each question (said by "Q",
    the interviewer) then its answer. One answer column is one voice, "A"; several are
    an analysis grid's people, each its header's ("Doreen", "Resident 2")."""
    asked = frame[plan.roles["question"]]
    meta = {"sheet": sheet} if sheet is not None else {}
    for column in plan.text:
        voice = "A" if len(plan.text) == 1 else str(column)
        for position, question, answer in zip(frame.index, asked, frame[column], strict=True):
            if has_words(answer):
                rowno = int(position) + 2
                builder.add(question, rowno, speaker="Q", metadata=meta)
                builder.add(answer, rowno, speaker=voice, metadata=meta)


def _add_rows(builder: _TableText, frame: pd.DataFrame, plan: Plan, path: str, sheet,
              age_bands: tuple[str, ...] = ()) -> None:
    roles = plan.roles
    if "question" in roles:
        _add_asked(builder, frame, plan, sheet)
        return
    dates = _dates(frame[roles["date"]]) if "date" in roles else None
    extra = [c for c in frame.columns if c not in plan.text and c not in roles.values()
             and c not in plan.personal]
    if plan.personal:
        warnings.warn(f"{len(plan.personal)} column(s) that identify people (name, email, phone, "
                      "address, ...) were not carried", IngestWarning, stacklevel=2)
    names = {c: _meta_name(c) for c in extra}
    carry_id = "id" in roles and _holds_ids(frame[roles["id"]])
    if "id" in roles and not carry_id:
        warnings.warn("the id column holds words, not ids (names?), so it was not carried; rows "
                      "are known by their row number", IngestWarning, stacklevel=2)
    voice = None
    bands = _parse_bands(age_bands) if "age" in names.values() and "age_band" not in names.values() else []
    for i, (position, row) in enumerate(zip(frame.index, frame.to_dict("records"))):
        rowno = int(position) + 2  # the index keeps rows' places through dropped empty rows
        meta = {names[c]: row[c] for c in extra if row[c] != ""}
        if bands and (band := _band(meta.get("age"), bands)):
            meta["age_band"] = band
        if sheet is not None:
            meta["sheet"] = sheet
        if dates is not None and dates[i]:
            meta["date"] = dates[i]
        if "area" in roles and row[roles["area"]]:
            meta["area"] = row[roles["area"]]
        if carry_id and row[roles["id"]]:
            meta["row_id"] = row[roles["id"]]
        if "author" in roles and row[roles["author"]]:
            meta["author"] = row[roles["author"]]
        respondent = row[roles["id"]] if "id" in roles and row[roles["id"]] else f"row {rowno}"
        speaker = row[roles["participant"]] if "participant" in roles else None
        if plan.kind == "interview":  # a turn whose speaker cell is blank goes on the last one's
            voice = row[roles["speaker"]] or voice
            times = {f"t_{k}": seconds(row[roles[r]].strip("[]()")) for k, r in (("start", "time"), ("end", "end"))
                     if r in roles and _OFFSET.fullmatch(row[roles[r]])}
            for column in plan.text:
                builder.add(row[column], rowno, speaker=voice or None, metadata=meta, **times)
            continue
        for column in plan.text:
            turn_meta = dict(meta, question=column) if len(plan.text) > 1 or plan.kind == "survey" else meta
            if plan.kind == "survey":
                builder.add(row[column], rowno, speaker=speaker or None, metadata=turn_meta,
                            participant=None if speaker else f"{path}#{sheet or ''}#{respondent}",
                            speaker_role="respondent")
            else:
                builder.add(row[column], rowno, metadata=turn_meta, speaker_role="author")


def _holds_ids(series: pd.Series) -> bool:
    """Does an id column hold ids ("N001", "AW-01", "R_1abc")? A hand-made survey's
    "Respondent" column of names ("Kath Murphy") has no digit in it, and is not carried."""
    filled = series[series != ""]
    return bool(filled.str.contains(r"\d").all())


def _parse_bands(labels: tuple[str, ...]) -> list[tuple[float, float, str]]:
    """(lowest, highest, label) of each age band that reads as one: "16-24", "25 to 44",
    "65+", "65 and over", "under 16"."""
    bands = []
    for label in labels:
        text = label.strip().lower()
        if m := re.fullmatch(r"(\d+)\s*(?:-|–|to)\s*(\d+)", text):
            bands.append((float(m[1]), float(m[2]), label))
        elif m := re.fullmatch(r"(\d+)\s*(?:\+|and over|or over|or older)", text):
            bands.append((float(m[1]), float("inf"), label))
        elif m := re.fullmatch(r"(?:under|below)\s*(\d+)", text):
            bands.append((0.0, float(m[1]) - 1, label))
    return bands


def _band(age: object, bands: list[tuple[float, float, str]]) -> str | None:
    """The band a whole-year age falls in, or None (no number, or in no band)."""
    try:
        years = float(str(age).strip())
    except ValueError:
        return None
    return next((label for low, high, label in bands if low <= years < high + 1), None)


# How surveys ask people's age: the answer is an `age`, or an `age_band` when given as bands.
_AGE = frozenset(("age", "your_age", "what_is_your_age", "how_old_are_you", "age_years", "age_in_years"))
_BAND = frozenset(("band", "bands", "group", "groups", "range", "bracket"))


def _meta_name(column: str) -> str:
    """The metadata key of a column: its header's words joined by `_`, capitals kept so
    that a name in it reads as one to the pseudonymiser ("Lift_from_Bronagh_Fee"); the
    excerpt table's columns are lower case (`segment`)."""
    name = re.sub(r"[^0-9a-z]+", "_", column.casefold()).strip("_") or "column"
    words = set(name.split("_"))
    if "age" in words and words & _BAND and not words & {"child", "children", "kids"}:
        return "age_band"  # "Age group", "Which age band are you in?"
    if name in _AGE:
        return "age"
    if name in EXCERPT_COLUMNS or name == "question":
        return f"col_{name}"
    cased = re.sub(r"[^0-9A-Za-z]+", "_", column).strip("_")
    return cased if cased.lower() == name else name


def _dates(series: pd.Series) -> list[str | None]:
    """ISO dates; day first when ambiguous (UK) unless the column is written month first
    throughout (`month_first`), None where unreadable."""
    out, us = iso_dates(series)
    if us:
        warnings.warn("dates were read month first (12/25/2026), as no date in their column "
                      "reads day first; write dates as YYYY-MM-DD to be sure", IngestWarning, stacklevel=2)
    # rows as a spreadsheet numbers them (the header is row 1); the values are not shown,
    # as a date cell may hold anything typed ("see Mary")
    bad = [int(i) + 2 for i, v, d in zip(series.index, series, out, strict=True) if v and d is None]
    if bad:
        warnings.warn(f"{len(bad)} date(s) could not be read and were left empty (row {numbered(bad)}); write "
                      "dates as YYYY-MM-DD", IngestWarning, stacklevel=2)
    return out

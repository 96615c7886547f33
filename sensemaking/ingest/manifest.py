"""The participants manifest and sources table, and who said each turn.

`data/participants.csv` (participant_id,name,aliases,role,area,...) says who the people
are; `data/sources.csv` (file,date,interviewer,participant,source_kind,...) says what each
source is. `SpeakerResolver` maps each turn's speaker label to a manifest participant by
full name, first name, surname, alias, title + surname ("Mrs Okafor"), in any case
("WILL"), and sets its role: interviewers (manifest role in `interviewer_roles`, the
source's `interviewer`, or a label in `interviewer_labels` such as "Q" or "I") are
context; everyone else is a participant. Labels that match nobody ("Speaker 2",
"PATIENT", a name missing from the manifest) become speakers of their own, and a
warning says how to link them. Messages never quote labels: they are names.
"""

from __future__ import annotations

import dataclasses
import re
import warnings
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import ConfigError, InputError
from ..privacy.names import initials
from ..privacy.person_keys import metadata_key
from ..project import MANIFEST_COLUMNS
from ..records import Document, Turn
from .base import IngestWarning, iso_date, iso_dates
from .labels import EMAIL_LABEL, TITLES, is_generic, label_key, label_stem
from .sheets import ExtraCells, read_sheets

KINDS = ("interview", "conversation", "notes", "survey", "document")
QUOTE_NO = frozenset({"no", "n", "false", "0", "never"})  # quote_ok values that say no
REQUIRED_COLUMNS = ("participant_id", "name")  # of MANIFEST_COLUMNS; aliases, role, area may be absent
PARTICIPANT_KEYS = ("participant", "interviewee", "narrator", "respondent", "speaker", "sender")
SOURCE_COLUMNS = ("file", "date", "interviewer", "participant", "source_kind", "source_type")
# Role words used as speaker labels: never treated as personal names.
ROLE_WORDS = frozenset((
    "doctor", "patient", "nurse", "clerk", "chair", "chairman", "chairperson", "mayor",
    "councillor", "councilmember", "member", "host", "presenter", "audience", "man", "woman",
    "male", "female", "child", "parent", "mum", "dad", "student", "teacher", "officer", "staff",
    "volunteer", "resident", "attendee", "unknown", "inaudible", "all", "both", "everyone",
    "group", "crowd", "voice", "translator", "interpreter", "speaker", "other", "note",
))


def read_table(path: Path, what: str) -> pd.DataFrame:
    """A settings table as strings, read as notes tables are (`sheets.read_sheets`: any
    common encoding, delimiter sniffed, so a spreadsheet's semicolon CSV reads too; of an
    .xlsx workbook the first sheet), headers in lower case; the index keeps each row's
    position in the file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror}); check its permissions") from None
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", IngestWarning)
            frame = next(iter(read_sheets(data, str(path)).values()))
    except InputError as exc:
        raise ConfigError(f"{exc} — {what}") from None
    for warning in caught:
        if isinstance(warning.message, ExtraCells):  # which cell is whose cannot be told
            raise ConfigError(f"{path}, line(s) {warning.message.rows}: more cells than the header row "
                              "(a comma typed in a cell?); put that cell in quotes or take the comma "
                              f"out — {what}")
        warnings.warn(f"{path.parent.name}/{path.name}: {warning.message}", warning.category, stacklevel=2)
    frame.columns = [c.lower() for c in frame.columns]
    return frame


def load_manifest(path: Path) -> pd.DataFrame:
    """data/participants.csv, checked; an empty manifest when the file does not exist."""
    if not path.is_file():
        return pd.DataFrame(columns=list(MANIFEST_COLUMNS))
    frame = read_table(path, "one row per person: participant_id,name,aliases,role,area")
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise ConfigError(f"{path}: missing column(s) {', '.join(missing)}; the first line must "
                          f"name at least {','.join(REQUIRED_COLUMNS)} (then any of "
                          f"{','.join(c for c in MANIFEST_COLUMNS if c not in REQUIRED_COLUMNS)})")
    for column in MANIFEST_COLUMNS:  # the others are optional: empty when absent
        if column not in frame.columns:
            frame[column] = ""
    ids = frame["participant_id"]
    for label, bad in (("is empty", ids == ""), ("is repeated", ids.duplicated(keep=False) & (ids != "")),
                       ("has no name", frame["name"] == "")):
        if bad.any():
            lines = ", ".join(str(i + 2) for i in frame.index[bad][:10])
            raise ConfigError(f"{path}, line(s) {lines}: participant_id {label}; every person "
                              "needs a unique participant_id and a name")
    return frame.reset_index(drop=True)


def load_sources(path: Path, raw_dir: Path) -> dict[str, dict[str, Any]]:
    """data/sources.csv as {path under data/raw: its other columns}; {} when absent."""
    if not path.is_file():
        return {}
    frame = read_table(path, "one row per source: file,date,interviewer,...")
    if "file" not in frame.columns:
        raise ConfigError(f"{path}: no 'file' column; the first line must start with "
                          "file,date,interviewer")
    rows: dict[str, dict[str, Any]] = {}
    dates = iso_dates(frame["date"])[0] if "date" in frame.columns else []  # 12/25/2026 throughout
    for i, row in frame.iterrows():
        rel = row["file"].replace("\\", "/").strip("/")
        if not rel:
            continue
        if rel in rows:
            raise ConfigError(f"{path}, line {i + 2}: this file is listed twice; keep one row")
        values = {k: v for k, v in row.items() if k != "file" and v != ""}
        if "date" in values:
            values["date"] = dates[i] or _bad_date(path, i + 2)
        rows[rel] = values
    unknown = [r for r in rows if not (raw_dir / r).is_file()]
    if unknown:
        warnings.warn(f"data/sources.csv lists {len(unknown)} file(s) not in data/raw/ (line(s) "
                      f"{', '.join(str(list(rows).index(u) + 2) for u in unknown[:10])}); check "
                      "their paths, relative to data/raw/", IngestWarning, stacklevel=2)
    return rows


def _bad_date(path: Path, line: int):
    raise ConfigError(f"{path}, line {line}: the date cannot be read; write it as YYYY-MM-DD")


def name_forms(name: str, aliases: Iterable[str]) -> set[str]:
    """Label keys a person may be written as: full, first, last, aliases, title + surname."""
    parts = label_key(name).split()
    forms = {label_key(name), *(label_key(a) for a in aliases if a.strip())}
    if parts:
        forms |= {parts[0], parts[-1]} | {f"{t} {parts[-1]}" for t in TITLES}
    forms.discard("")
    return forms


# Two or three letters that label a role, not someone's initials ("GP:" is the doctor).
_NOT_INITIALS = frozenset(("gp", "pc", "mp", "dr", "hr", "it", "ok", "am", "pm", "uk", "nhs", "cab",
                           "dwp"))


class SpeakerResolver:
    """Maps speaker labels to manifest participants and roles (see module docstring)."""

    def __init__(self, manifest: pd.DataFrame, *, interviewer_roles: Iterable[str] = (),
                 interviewer_labels: Iterable[str] = ()):
        roles = {r.casefold() for r in interviewer_roles}
        self.interviewer_labels = {label_key(x) for x in interviewer_labels}
        self.index: dict[str, set[str]] = {}
        self.is_interviewer: dict[str, bool] = {}
        self.says_no: set[str] = set()  # participant ids whose quote_ok is no
        by_initials: dict[str, set[str]] = {}
        by_initial: dict[str, set[str]] = {}
        for row in manifest.to_dict("records"):
            pid = row["participant_id"]
            aliases = str(row.get("aliases", "")).split(";") + str(row.get("email", "")).split(";")
            for form in name_forms(row["name"], aliases) | {label_key(pid)}:
                self.index.setdefault(form, set()).add(pid)
            self.is_interviewer[pid] = str(row.get("role", "")).casefold() in roles
            if str(row.get("quote_ok", "")).strip().casefold() in QUOTE_NO:
                self.says_no.add(pid)
            if abbrev := initials(str(row["name"])):
                by_initials.setdefault(abbrev.casefold(), set()).add(pid)
            if len(words := str(row["name"]).split()) >= 2:  # "Tom B", as a phone saves a contact
                by_initial.setdefault(label_key(f"{words[0]} {words[-1][0]}"), set()).add(pid)
        # "SW:" for Sarah Whitfield, as transcribers often label turns: where only one
        # person has those initials and no name is written so. Written with dots ("S.W.:",
        # "S. W.:") a label's key has the letters apart ("s w"), so that form is known too.
        for key, ids in by_initials.items():
            if len(ids) == 1 and key not in self.index and key not in _NOT_INITIALS and not is_generic(key):
                self.index[key] = ids
                self.index.setdefault(" ".join(key), ids)
        # "Priya R" in a WhatsApp chat: the one person of that given name and surname's
        # initial (two Priyas, Raman and Shah, are told apart; a third Priya R is nobody's).
        for key, ids in by_initial.items():
            if len(ids) == 1 and key not in self.index:
                self.index[key] = ids

    def known_labels(self) -> frozenset[str]:
        """Label keys that name somebody (readers trust them even when seen once)."""
        return frozenset(self.index) | frozenset(self.interviewer_labels)

    def lookup(self, value: str | None, prefer: Iterable[str] = ()) -> str | None:
        """The one participant_id a name, alias or id stands for, or None."""
        if not value:
            return None
        for candidate in (value, value.split(",")[0], value.split("(")[0]):
            ids = self.index.get(label_key(candidate), set())
            if len(ids) > 1:
                ids = ids & set(prefer) or ids
            if len(ids) == 1:
                return next(iter(ids))
        return None

    def resolve(self, doc: Document, source: Mapping[str, Any] | None = None) -> Document:
        """The document with metadata merged with its sources.csv row, and every turn's
        participant and speaker_role set."""
        meta = _merged_metadata(doc, source or {})
        explicit = meta.pop("source_kind", None)
        doc = dataclasses.replace(doc, metadata=meta, source_kind=explicit or doc.source_kind)
        if doc.source_kind in ("notes", "survey"):
            return self._resolve_table(doc)
        turns = self._resolve_conversations(doc)
        if not any(t.speaker for t in doc.turns) and explicit != "document" and doc.source_type != "pdf" \
                and all(t.participant is None for t in turns) and not _minuted(meta):
            warnings.warn("no speaker labels found: its text is kept without a participant; if "
                          "it is a transcript, add 'Name:' labels or a participant column in "
                          "data/sources.csv (source_kind = document there silences this)",
                          IngestWarning, stacklevel=2)
        return dataclasses.replace(doc, turns=tuple(turns))

    def _resolve_table(self, doc: Document) -> Document:
        turns = []
        for turn in doc.turns:
            pid = self.lookup(turn.speaker) if turn.speaker else None
            role = turn.speaker_role or ("respondent" if doc.source_kind == "survey" else "author")
            turns.append(dataclasses.replace(turn, participant=pid or turn.participant,
                                             speaker_role=role))
        return dataclasses.replace(doc, turns=tuple(turns))

    def _resolve_conversations(self, doc: Document) -> list[Turn]:
        """`_resolve_turns` of each conversation the document holds: a workbook keeping one
        transcript a sheet holds several, and its "Interviewee" or "Speaker 2" of one sheet
        is not the other's (a name is one person wherever it is). A sheet named after one
        person of the manifest ("Doreen Walsh") is that person's interview."""
        sheets = {t.metadata.get("sheet") for t in doc.turns}
        if len(sheets) < 2:
            return self._resolve_turns(doc)
        named = any(doc.metadata.get(k) for k in PARTICIPANT_KEYS)
        resolved: dict[int, Turn] = {}
        for sheet in sheets:
            at = [i for i, t in enumerate(doc.turns) if t.metadata.get("sheet") == sheet]
            meta = doc.metadata if named or not self.lookup(sheet) else {**doc.metadata, "interviewee": sheet}
            part = dataclasses.replace(doc, path=f"{doc.path}#{sheet}", turns=tuple(doc.turns[i] for i in at),
                                       metadata=meta)
            resolved.update(zip(at, self._resolve_turns(part)))
        return [resolved[i] for i in range(len(doc.turns))]

    def _resolve_turns(self, doc: Document) -> list[Turn]:
        meta = doc.metadata
        interviewer = self.lookup(meta.get("interviewer") or meta.get("facilitator"))
        interviewer_key = label_key(str(meta.get("interviewer", "")))
        named = next((meta[k] for k in PARTICIPANT_KEYS if meta.get(k)), None)
        interviewee = self.lookup(named, prefer=())
        labels = {label_key(t.speaker) for t in doc.turns if t.speaker}
        roles = {key: self._role_of(key, interviewer, interviewer_key) for key in labels}
        shared = {key: self.index[key] for key, (pid, _) in roles.items()
                  if pid is None and len(self.index.get(key, ())) > 1}
        _fill_the_interviewee(roles, interviewee, named, doc)
        unsure = {key for key, ids in shared.items() if roles[key][0] not in ids}
        guarded = {key for key in unsure if shared[key] & self.says_no}
        turns = []
        for turn in doc.turns:
            if turn.speaker:
                pid, role = roles[label_key(turn.speaker)]
                if label_key(turn.speaker) in guarded:
                    turn = dataclasses.replace(turn, metadata={**turn.metadata, "quote_ok": "no"})
            elif doc.source_kind == "document" and not meta.get("sender"):
                pid, role = None, "author"
            elif doc.source_kind == "document":  # an email: its sender's words
                pid = interviewee or _named_key(doc.path, named)
                role = "author" if self.is_interviewer.get(pid) else "participant"
            else:
                pid, role = interviewee or _named_key(doc.path, named), "participant"
            turns.append(dataclasses.replace(turn, participant=pid, speaker_role=role))
        _warn_unlisted({key: value for key, value in roles.items() if key not in unsure})
        _warn_shared({key: shared[key] for key in unsure}, guarded)
        return turns

    def _role_of(self, key: str, interviewer: str | None, interviewer_key: str):
        """(participant_id or None, role) for one label; None id = not resolved yet."""
        pid = self.lookup(key, prefer=[interviewer] if interviewer else [])
        if pid is not None:
            return pid, "interviewer" if self.is_interviewer.get(pid) or pid == interviewer else "participant"
        if label_stem(key) in self.interviewer_labels or (interviewer_key and (
                key == interviewer_key or key == interviewer_key.split()[0])):
            return interviewer, "interviewer"
        return None, "participant"


# A header's keys that only a meeting's minutes or notes have: who was there, who sent
# apologies, who took the minutes. Such a document is no transcript without its labels.
_MINUTES_KEYS = frozenset(("present", "also_present", "attendees", "in_attendance", "apologies",
                           "apologies_for_absence", "absent", "minutes", "minutes_taken_by"))


def _minuted(meta: Mapping[str, Any]) -> bool:
    """Does the header say who was at a meeting, sent apologies or took the minutes?"""
    return any(metadata_key(str(k)) in _MINUTES_KEYS for k in meta)


def _fill_the_interviewee(roles: dict, interviewee: str | None, named: str | None, doc: Document) -> None:
    """Labels nobody matched: the one left is the interviewee the source names ("A", "R");
    two voices with no interviewer found, one of them or both unmatched: the unmatched
    one asking questions is the interviewer; the rest become speakers of this source."""
    open_keys = [k for k, (pid, role) in roles.items() if pid is None and role == "participant"]
    if open_keys and len(roles) == 2 and not any(r == "interviewer" for _, r in roles.values()):
        asker = _asker(doc, list(roles))
        if asker in open_keys:
            roles[asker] = (None, "interviewer")
            open_keys.remove(asker)
    if len(open_keys) == 1 and (interviewee or named):
        roles[open_keys[0]] = (interviewee or _named_key(doc.path, named), "participant")
        open_keys = []
    for key in open_keys:
        roles[key] = (unlisted_key(doc.path, key), "participant")


def _named_key(path: str, named: str | None) -> str | None:
    """Participant key of an interviewee the source names but the manifest does not list."""
    return unlisted_key(path, label_key(named.split(",")[0])) if named else None


def _asker(doc: Document, keys: list[str]) -> str | None:
    """The label whose turns are mostly questions, when one clearly is."""
    asks, total = Counter(), Counter()
    for turn in doc.turns:
        key = label_key(turn.speaker or "")
        if key in keys:
            total[key] += 1
            asks[key] += doc.text[turn.char_start:turn.char_end].rstrip().endswith("?")
    share = {k: asks[k] / total[k] for k in keys if total[k]}
    if len(share) != 2:
        return None
    a, b = sorted(share, key=share.get, reverse=True)
    return a if share[a] >= 0.3 and share[a] >= 2 * share[b] else None


def unlisted_key(path: str, key: str) -> str:
    """Participant key of a label not in the manifest: a name is one person project-wide;
    a role or number ("Speaker 2", "PATIENT") is someone different in every source."""
    return f"{path}#{key}" if not looks_like_name(key) else f"unlisted#{key}"


def unlisted_people(docs: Iterable[Document]) -> pd.DataFrame:
    """Manifest rows for names that are speaker labels but not in the manifest, so that
    privacy replaces them in the text like any listed person."""
    rows: dict[str, str] = {}
    for doc in docs:
        named = next((doc.metadata[k] for k in PARTICIPANT_KEYS if doc.metadata.get(k)), None)
        for turn in doc.turns:
            if turn.participant and turn.participant.startswith("unlisted#"):
                label = turn.speaker or (str(named).split(",")[0] if named else "")
                label = email_name(label) or re.sub(r"\([^)]*\)", " ", label)  # Teams' "(Guest)"
                rows.setdefault(turn.participant, " ".join(label.split()))
    return pd.DataFrame({"participant_id": list(rows), "name": list(rows.values()),
                         "aliases": "", "role": "", "area": ""})


def email_name(label: str) -> str | None:
    """The name an email speaker label spells ("Jane Doe" for jane.doe@partner.org.uk), so
    privacy replaces it in the text as it does a listed person's; None if it spells none
    ("info@", "j.doe@")."""
    if not re.fullmatch(EMAIL_LABEL, label.strip()):
        return None
    parts = re.split(r"[._-]", label.strip().split("@")[0])
    if 2 <= len(parts) <= 3 and all(p.isalpha() and len(p) > 1 for p in parts):
        return " ".join(p.capitalize() for p in parts)
    return None


def looks_like_name(key: str) -> bool:
    """A label that is probably somebody's name (so it must be pseudonymised in the text),
    also surname first, as Teams writes it ("whitfield, sarah"), or an email that spells
    one (`email_name`)."""
    if "@" in key:
        return email_name(key) is not None
    if key.count(",") > 1:
        return False
    words = key.replace(",", " ").split()
    return bool(words) and not is_generic(key) and not any(w in ROLE_WORDS for w in words) \
        and all(re.fullmatch(r"[^\W\d_][\w'’-]*", w) for w in words) and len(words) <= 4


def _warn_shared(shared: dict[str, set[str]], guarded: set[str]) -> None:
    """Warn of labels that name more than one listed person ("Leanne" the alias of two),
    by the people's ids (their names stay out of the logs)."""
    if not shared:
        return
    ids = ", ".join(sorted({pid for group in shared.values() for pid in group}))
    warnings.warn(f"{len(shared)} speaker label(s) name more than one person in data/participants.csv "
                  f"({ids}) and are kept as speakers of their own"
                  + (", not quoted, as one of those people said quote_ok = no" if guarded else "")
                  + "; give the file's participant in data/sources.csv, or each person an alias "
                  "the other does not have", IngestWarning, stacklevel=3)


def _warn_unlisted(roles: dict) -> None:
    """Warn of labels nobody listed, naming those that are roles or numbers ("patient",
    "speaker 2") so the user knows which; any other label (a name, an email) stays out of
    the message (logs are kept)."""
    unlisted = sorted(key for key, (pid, _) in roles.items() if pid and "#" in pid)
    if not unlisted:
        return
    generic = [key for key in unlisted if is_generic(key) or all(w in ROLE_WORDS or w.isdigit() for w in key.split())]
    shown = f" ({', '.join(repr(key) for key in generic)}{' and names' if len(generic) < len(unlisted) else ''})" \
        if generic else ""
    warnings.warn(f"{len(unlisted)} speaker label(s){shown} match nobody in data/participants.csv "
                  "and are kept as speakers of their own; to link them to participants, "
                  "add them (name, aliases or email), or give each file's participant in data/sources.csv",
                  IngestWarning, stacklevel=3)


def _merged_metadata(doc: Document, source: Mapping[str, Any]) -> dict[str, Any]:
    """Front matter and header fields, overridden by the sources.csv row; ISO date; a
    `source_type` value that is a kind (interview, notes, ...) sets the kind."""
    meta = {**doc.metadata, **source}
    kind = str(meta.pop("source_type", "") or meta.get("source_kind", "")).casefold()
    meta.pop("source_kind", None)
    if kind in KINDS:
        meta["source_kind"] = kind
    if meta.get("date"):
        meta["date"] = iso_date(meta["date"])
    return meta

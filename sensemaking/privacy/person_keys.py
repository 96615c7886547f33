"""Which metadata keys hold people, and the people a value under one of them names.

A key holds people when a document's front matter or header, a sources.csv column or a
notes table's header says so ("interviewer", "author", "recorded_by", "*_name"): its
values become pseudonyms, and the people they name are replaced wherever the document
has them. Who was at a session, sent apologies or wrote it down (`SESSION_KEYS`:
"Transcriber: Jane Holloway", "Present: Kay Briggs, Tomasz Nowak", a meeting's minutes'
"Apologies: Oyelaran Adebayo") are people of the document too; the
readers take those keys from front matter, a transcript's header lines and any line of
notes in prose.
"""

from __future__ import annotations

import re
from typing import Any

from .name_lists import given_names
from .names import PLACE_WORDS
from .words import is_common_word

# (part of a key, pseudonym kind): a key holding the part names people of that kind.
_PERSON_KEYS = (
    ("interviewer", "interviewer"),
    ("facilitator", "interviewer"),
    ("organiser", "organiser"),
    ("organizer", "organiser"),
    ("author", "organiser"),
    ("recorded_by", "organiser"),
    ("written_by", "organiser"),
    ("staff", "organiser"),
    ("worker", "organiser"),
    ("creator", "name"),
    ("modified_by", "name"),
    ("speaker", "name"),
    ("name", "name"),
)
# Who was at a session or wrote it down, as a header or front matter lists them. Whole keys
# only ("presentation", "minutes_of_meeting", "described" hold no one), and only the values
# that read as people ("Present: Yes", "Minutes: 45" name no one).
SESSION_KEYS = {
    **dict.fromkeys(("transcriber", "transcribers", "transcribed_by", "typed_by", "typed_up_by",
                     "notetaker", "notetakers", "note_taker", "note_takers", "notes_taken_by",
                     "minute_taker", "minute_takers", "minutes_taken_by", "minuted_by", "minutes",
                     "scribe", "scribes"), "organiser"),
    **dict.fromkeys(("present", "also_present", "people_present", "attendees", "attendee",
                     "attending", "attended_by", "in_attendance", "also_attending", "guests",
                     "visitors", "chaired_by", "apologies", "apologies_for_absence",
                     "apologies_received", "absent", "absentees", "regrets"), "name"),
}
# A particle inside a surname ("Siobhan Ni Mhurchu", "Ana de Souza", "Yusuf bin Ali"):
# part of a name, never one alone.
SURNAME_PARTICLES = frozenset(["ni", "ní", "nic", "mac", "ó", "ua", "de", "da", "di", "del", "van",
                               "von", "der", "den", "bin", "ibn", "al", "el", "la", "le"])
_SPLIT_PEOPLE = re.compile(r"\s*(?:;|,|&|/|\band\b)\s*")
_SURNAME_FIRST = re.compile(r"([A-Z][\w'’-]+),\s*([A-Z][\w'’-]+)")  # "Tillotson, Marjorie"
_ORGANISATION_WORDS = frozenset(["hub", "hubs", "team", "association", "partnership", "service", "services", "network", "foundation", "charity", "project", "ltd", "limited", "cic"])


def person_role(key: str, value: Any = None) -> str | None:
    """Which pseudonym kind a metadata key holding people takes (None: not a person key).
    A session key holds people only where its `value` names someone (`people_named`)."""
    if is_session_key(key):
        return SESSION_KEYS[metadata_key(key)] if isinstance(value, str) and people_named(key, value) else None
    low = re.sub(r"[^a-z]+", "_", key.lower())
    for needle, role in _PERSON_KEYS:
        if needle == "name":
            if low == "name" or low.endswith("_name") or low.startswith("name_"):
                return role
        elif needle in low:
            return role
    return None


def is_session_key(key: str) -> bool:
    """Does `key` ("Note taker", "present") list who was at a session or wrote it down?"""
    return metadata_key(key) in SESSION_KEYS


def people_named(key: str, value: str) -> list[str]:
    """The people `value` names under a person key (`people_in`); under a session key only
    the parts that read as a person: "Kay Briggs" or "Tomasz" in "Present: Kay Briggs,
    Tomasz, Hub staff"."""
    parts = people_in(value)
    return [p for p in parts if reads_as_person(p, fewest=1)] if is_session_key(key) else parts


def metadata_key(key: str) -> str:
    """A metadata key as the lists here write it: "Note taker" is "note_taker"."""
    return re.sub(r"[^a-z]+", "_", key.lower()).strip("_")


def people_in(value: str) -> list[str]:
    """The people a person column names, split at ";", ",", "&", "/" and "and"; but a
    surname, a comma and a given name ("Tillotson, Marjorie", as exports sort authors) is
    one person, "Marjorie Tillotson", not two organisers."""
    whole = _SURNAME_FIRST.fullmatch(value.strip())
    known = given_names()
    if whole and whole.group(2).lower() in known and whole.group(1).lower() not in known:
        return [f"{whole.group(2)} {whole.group(1)}"]
    return [part for part in _SPLIT_PEOPLE.split(value.strip()) if part]


def reads_as_person(value: str, fewest: int = 2) -> bool:
    """ "Morwenna Penhallow", "Siobhan Ni Mhurchu", not "Kestrel Vale Hub" or "Riverside
    Food Bank": `fewest` to three capitalised words, none an everyday word or a word of
    places or organisations, but for a surname's particle between two of them."""
    words = value.split()
    return fewest <= len(words) <= 3 and all(
        (re.fullmatch(r"[A-Z][a-z'’-]+", w) and not is_common_word(w)
         and w.lower() not in PLACE_WORDS | _ORGANISATION_WORDS)
        or (0 < i < len(words) - 1 and w.lower() in SURNAME_PARTICLES) for i, w in enumerate(words))

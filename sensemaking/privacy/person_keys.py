"""Which metadata keys hold people, and the people a value under one of them names.

A key holds people when a document's front matter or header, a sources.csv column or a
notes table's header says so ("interviewer", "author", "recorded_by", "*_name"): its
values become pseudonyms, and the people they name are replaced wherever the document
has them. The ingest readers take the same keys from a transcript's header lines.
"""

from __future__ import annotations

import re

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
_SPLIT_PEOPLE = re.compile(r"\s*(?:;|,|&|/|\band\b)\s*")
_SURNAME_FIRST = re.compile(r"([A-Z][\w'’-]+),\s*([A-Z][\w'’-]+)")  # "Tillotson, Marjorie"
_ORGANISATION_WORDS = frozenset(["hub", "hubs", "team", "association", "partnership", "service", "services", "network", "foundation", "charity", "project", "ltd", "limited", "cic"])


def person_role(key: str) -> str | None:
    """Which pseudonym kind a metadata key holding people takes (None: not a person key)."""
    low = re.sub(r"[^a-z]+", "_", key.lower())
    for needle, role in _PERSON_KEYS:
        if needle == "name":
            if low == "name" or low.endswith("_name") or low.startswith("name_"):
                return role
        elif needle in low:
            return role
    return None


def people_in(value: str) -> list[str]:
    """The people a person column names, split at ";", ",", "&", "/" and "and"; but a
    surname, a comma and a given name ("Tillotson, Marjorie", as exports sort authors) is
    one person, "Marjorie Tillotson", not two organisers."""
    whole = _SURNAME_FIRST.fullmatch(value.strip())
    known = given_names()
    if whole and whole.group(2).lower() in known and whole.group(1).lower() not in known:
        return [f"{whole.group(2)} {whole.group(1)}"]
    return [part for part in _SPLIT_PEOPLE.split(value.strip()) if part]


def reads_as_person(value: str) -> bool:
    """ "Morwenna Penhallow", not "Kestrel Vale Hub" or "Riverside Food Bank"."""
    words = value.split()
    return 2 <= len(words) <= 3 and all(
        re.fullmatch(r"[A-Z][a-z'’-]+", w) and not is_common_word(w)
        and w.lower() not in PLACE_WORDS | _ORGANISATION_WORDS for w in words)

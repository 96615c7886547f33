"""The review list: words left after pseudonymisation that may be names.

Names nobody listed (a neighbour, a child, a caseworker) are the one thing patterns
cannot promise to catch. Every capitalised word that is not an everyday English word
(its lower-case form at least as frequent as the capitalised one, with some slack at
the start of a sentence, where a capital says nothing), not a place or
organisation from the manifest and not already checked (private/not_names.txt) is
counted here with the sources it appears in. First names that are everyday words
(Rose, Grace, Frank, Joy) pass that frequency test, so an everyday word is counted too
where its context shows a person: after a relation ("my neighbour Rose", "a lad called
Frank"), or before a possessive ("Grace's") or a verb that follows a subject ("then Joy
said"), unless "the" or another capitalised word comes before it, or no word does (there
only the everyday-word names of `words.COMMON_WORD_NAMES` count: "She said" is no name).
Captions and quick notes often drop capitals, so lower-case words that English text
nearly always capitalises ("parker", "oakland", "schaaf") are counted too
(`words.is_lower_case_name`).

The list also holds what was replaced as a known given name (`name_lists.given_names`), with
status "replaced as a given name": a word that is no name there ("Corrie", the soap) is
found and put in private/not_names.txt. So does a word replaced only because a title or
relation elsewhere in its source named it ("Temi said", after "my neighbour Temi"; status
"replaced as named elsewhere in the source"). Because the words may be names, the list is
written to private/privacy_review.csv, owner-only, never to .sensemaking/.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pandas as pd

from .. import io
from ..lexicon import stop_words
from .key import secure_file
from .name_lists import fold
from .names import CONTRACTION, SUBJECT_VERBS, is_label, sentence_initial
from .words import COMMON_WORD_NAMES, NOT_NAMES, is_dictionary_word, is_lower_case_name

_CAPITALISED = re.compile(r"(?<![\w'’\[-])[A-Z][a-zà-ÿ]+(?:['’-][A-Za-z][a-zà-ÿ]*)*(?![\w\]])")
_LOWER_CASE = re.compile(r"(?<![\w'’\[-])[a-zà-ÿ]{3,}(?![\w'’\]-])")
INITIAL_MARGIN = 1.2
_OWN_WORDS = {"Organiser", "Interviewer", "NAME", "EMAIL", "PHONE", "POSTCODE", "ADDRESS"}
_RELATIONS_TEXT = """
neighbour neighbor friend mate pal mum mam mom dad nan nana nanna gran granny grandma grandad
grandpa son daughter husband wife partner fiancé fiance fiancée fiancee girlfriend boyfriend
sister brother cousin auntie aunty aunt uncle niece nephew lad lass kid carer worker
landlord landlady manager boss colleague teacher called named
"""
_RELATIONS = frozenset(_RELATIONS_TEXT.split())
# Capitalised words for people in general, or kin addressed by their role: not names.
_NOT_PEOPLE_TEXT = """
mum mam mom dad nan nana nanna gran granny grandma grandad grandpa auntie aunty aunt uncle
everyone everybody someone somebody anyone anybody nobody noone people god
"""
_NOT_PEOPLE = frozenset(_NOT_PEOPLE_TEXT.split())
_DETERMINERS = frozenset(["the", "a", "an", "this", "that", "these", "those"])
# Words that open a sentence before a name ("Then Joy said"); any other capitalised word
# before an everyday word makes them one proper noun ("Universal Credit", "Hollins Park").
_OPENERS_TEXT = """
then and so but or well now thanks thank cheers yes yeah oh ah because when once after
before if also even yesterday today tonight apparently anyway
"""
_OPENERS = frozenset(_OPENERS_TEXT.split())
_PREVIOUS = re.compile(r"([\w'’]+)[ \t]+$")
_POSSESSIVE = re.compile(r"['’]s$")
GIVEN_NAME_STATUS = "replaced as a given name"
CONTEXT_STATUS = "replaced as named elsewhere in the source"
_REPLACED_BEFORE = re.compile(r"(\[NAME\]|\w+(?: [A-Z])?)[ \t]$")


def read_word_list(path: Path, *, template: str) -> set[str]:
    """Non-comment lines of a team-maintained list; creates it from `template` if missing."""
    if not path.exists():
        io.write_text(path, template)
    from ..errors import ConfigError, InputError
    from ..ingest.decode import read_text_file

    secure_file(path)  # it holds names: owner-only, however it was created
    try:  # as an editor saved it: Windows-1252 ("Siân") or UTF-16 from Notepad too
        return word_lines(read_text_file(path))
    except InputError as exc:
        raise ConfigError(f"{exc}; save it again as UTF-8 text, one word or name per line") from None


def word_lines(text: str) -> set[str]:
    """The entries of a word list: one per line, spaces squeezed, # starts a comment line."""
    return {
        " ".join(line.split())
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    }


def _names_someone(text: str, start: int, end: int) -> bool:
    """Does the context show that text[start:end], an everyday word, names a person?"""
    word = _POSSESSIVE.sub("", text[start:end])
    if word.lower() in _NOT_PEOPLE or is_label(text, start, end):
        return False
    found = _PREVIOUS.search(text, max(0, start - 30), start)
    prev = found.group(1) if found else ""
    if prev.lower() in _RELATIONS:
        return True
    if prev.lower() in _DETERMINERS or (prev[:1].isupper() and prev.lower() not in _OPENERS):
        return False
    if not prev and word.lower() not in COMMON_WORD_NAMES:
        return False  # opens a sentence ("She said", "[laughs] It was"): the capital says nothing
    if re.search(r"['’]s$", text[start:end]):
        return True
    nxt = re.match(r"[ \t]+([a-z]+)", text[end:end + 30])
    return nxt is not None and nxt.group(1) in SUBJECT_VERBS


class ReviewList:
    """Counts of possible names, with the (pseudonymised) sources they appear in."""

    def __init__(self, known: set[str], pseudonyms: set[str]):
        self._skip = {w.lower() for w in known | NOT_NAMES | _OWN_WORDS | pseudonyms}
        self._replacements = {p.lower() for p in pseudonyms} | {"[name]"}
        self._counts: Counter[str] = Counter()
        self._sources: dict[str, set[str]] = defaultdict(set)
        # status -> counts and sources of the words replaced that way
        self._replaced: dict[str, Counter[str]] = defaultdict(Counter)
        self._replaced_in: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._decided: dict[tuple[str, float | None], bool] = {}  # margin; None: lower case

    def add(self, text: str, source_id: str) -> None:
        """Count the candidate words in one pseudonymised text, as written; they are found
        in it with its accents dropped (`fold`), so "Łukasz" and "Ćwierć" are listed too."""
        written, text = text, fold(text)
        for m in _CAPITALISED.finditer(text):
            word = _POSSESSIVE.sub("", written[m.start():m.end()])
            if CONTRACTION.search(word):
                continue
            anywhere, opening = self._is_candidate(word, 0.0), self._is_candidate(word, INITIAL_MARGIN)
            # Where both margins agree (most words) the word's place in its sentence is not read.
            initial = anywhere != opening and sentence_initial(text, m.start()) \
                and not is_label(text, m.start(), m.end())
            if (opening if initial else anywhere) or (
                word.lower() not in self._skip
                and (_names_someone(text, m.start(), m.end()) or self._after_replaced(text, m.start(), word))
            ):
                self._counts[word] += 1
                self._sources[word].add(source_id)
        for word, n in Counter(written[m.start():m.end()] for m in _LOWER_CASE.finditer(text)).items():
            if self._is_lower_case_name(word):
                self._counts[word] += n
                self._sources[word].add(source_id)

    def _after_replaced(self, text: str, start: int, word: str) -> bool:
        """Right after a replaced name ("[NAME] Skates", "P13 Garner"): an everyday word
        there is most likely the surname of somebody else with that given name."""
        before = _REPLACED_BEFORE.search(text, max(0, start - 30), start)
        return (before is not None and before.group(1).lower() in self._replacements
                and word.lower() not in stop_words())

    def add_replaced(self, words: str, source_id: str, status: str = GIVEN_NAME_STATUS) -> None:
        """Count a name the pseudonymiser replaced (the original words), listed under `status`."""
        self._replaced[status][words] += 1
        self._replaced_in[status][words].add(source_id)

    def _is_candidate(self, word: str, margin: float) -> bool:
        key = (word, margin)
        if key not in self._decided:
            parts = word.split("-")
            self._decided[key] = word.lower() not in self._skip and not all(
                is_dictionary_word(part, margin) for part in parts
            )
        return self._decided[key]

    def _is_lower_case_name(self, word: str) -> bool:
        """A name written in lower case, as captions and quick notes do ("reid", "kalb")?"""
        key = (word, None)
        if key not in self._decided:
            self._decided[key] = word not in self._skip and is_lower_case_name(word)
        return self._decided[key]

    def rows(self) -> list[dict[str, Any]]:
        """One row per word: those left in the text first, fewest sources first (rare
        words are the likeliest names); then those replaced as given names, then those
        replaced because context elsewhere in their source named them."""
        rows = _rows(self._counts, self._sources, "left in text")
        for status in (GIVEN_NAME_STATUS, CONTEXT_STATUS):
            rows += _rows(self._replaced[status], self._replaced_in[status], status)
        return rows

    def write(self, path: Path) -> None:
        """Write the list owner-only (it may hold names)."""
        frame = pd.DataFrame(self.rows(), columns=["word", "count", "sources", "source_ids", "status"])
        io.write_csv(path, frame)
        secure_file(path)


def _rows(counts: Counter[str], sources: dict[str, set[str]], status: str) -> list[dict[str, Any]]:
    order = sorted(counts, key=lambda w: (len(sources[w]), counts[w], w))
    return [
        {
            "word": w,
            "count": counts[w],
            "sources": len(sources[w]),
            "source_ids": "; ".join(sorted(sources[w])[:10]),
            "status": status,
        }
        for w in order
    ]

"""`Pseudonymiser`: one document in, the same document with people and contact details
replaced, plus the map from new offsets back to the original ones.

Covers every route by which a name can leave ingest: the text (turns and speaker labels),
the file name (`source_id`), document and turn metadata (front matter, document
properties, notes columns: person columns become pseudonyms, free text is scrubbed),
and the turn speakers and participants. It records counts by kind and source, never
the values it replaced. Turns of participants who withdrew (`withdrawn`) are left out
and their text blanked, before anything else (the review list included) sees it.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .. import io
from ..errors import ConfigError
from ..records import Document, Turn
from .key import PseudonymKey, secure_dir, secure_file
from .names import (
    NAME_PLACEHOLDER,
    NameIndex,
    Person,
    learned_names,
    named_in,
    normalise,
    path_words,
)
from .patterns import PLACEHOLDERS, dates_of_birth_in_replies, find_patterns
from .person_keys import SURNAME_PARTICLES, people_in, people_named, person_role, reads_as_person
from .review import CONTEXT_STATUS, GIVEN_NAME_STATUS, ReviewList, read_word_list
from .spans import Match, OffsetMap, replace, resolve

DENY_FILE = "deny_list.txt"
NOT_NAMES_FILE = "not_names.txt"
SOURCE_FILES = "source_files.csv"  # source_id,file: each source's file in data/raw/, as named there
_DENY_TEMPLATE = """\
# Names to redact that are not in data/participants.csv: neighbours, family, staff and
# others mentioned in passing. One per line ("Maureen" or "Maureen Smith"); lines starting
# with # are ignored. They become [NAME] in text, file names and metadata at the next ingest.
"""
_NOT_NAMES_TEMPLATE = """\
# Capitalised words a person has checked and found not to be names (places, services,
# brands). One per line; from the next ingest they are left out of privacy_review.csv, and
# a word that is also a known given name ("Corrie", the soap) is no longer replaced.
"""
# A speaker's initials: two or three capitals, with or without dots or a space ("KD",
# "S.W.", "J B"); a single letter is Q/A's "A".
_INITIALS = re.compile(r"[A-Z]\.?(?: ?[A-Z]\.?){1,2}")
# Replacements a person should look over (private/privacy_review.csv): names found by a
# list or by context elsewhere, where a word that is no name can be caught.
_REVIEWED_KINDS = {"given_name": GIVEN_NAME_STATUS, "named_again": CONTEXT_STATUS}
# What `scrub_category` takes from a shared value: names known or shown by a strong context,
# and the pattern kinds.
_SURE_KINDS = frozenset(["name", "deny_list", "title_name", "introduced_name", "related_name", "initial_name",
                        *PLACEHOLDERS])
# Short strings (headers, speakers, a table's categories) recur on every row of a source:
# what is found in them is kept, up to this length and this many strings.
_MEMO_CHARS, _MEMO_SIZE = 256, 65_536


def _remembered(memo: dict, key: Any, short: bool, find: Callable[[], list[Match]]) -> list[Match]:
    """What `find()` returns, kept in `memo` under `key` when the string is `short`; a full
    memo (`_MEMO_SIZE`) is emptied rather than grown."""
    if not short:
        return find()
    found = memo.get(key)
    if found is None:
        if len(memo) >= _MEMO_SIZE:
            memo.clear()
        found = memo[key] = tuple(find())
    return list(found)


@dataclass(frozen=True)
class Pseudonymised:
    """A pseudonymised document and the map from its offsets to the original text's.

    `counts` holds replacements in this document by kind (name, deny_list, ner, email,
    phone, postcode, address, url, handle, file_name, metadata); `withdrawn` the turns
    left out because their speaker withdrew.
    """

    document: Document
    original_offset: Callable[[int], int]
    counts: dict[str, int] = field(default_factory=dict)
    withdrawn: int = 0


class Pseudonymiser:
    """Replaces manifest people, deny-list names and contact details, consistently.

    manifest: the rows of data/participants.csv (participant_id, name, aliases, role, ...).
    private_dir: the project's private/ folder, where the append-only key, the deny-list
    and the review list live (owner-only permissions).
    ner: also replace PERSON entities found by an installed English spaCy pipeline
    (True: the first one found; a string: that pipeline).
    withdrawn: pseudonyms of participants who withdrew (annotations/withdrawn.json): their
    turns are dropped and their words blanked (same length, so offsets still hold).
    """

    def __init__(
        self,
        manifest: pd.DataFrame,
        private_dir: str | Path,
        *,
        ner: bool | str = False,
        interviewer_roles: Sequence[str] = ("interviewer", "facilitator"),
        organiser_roles: Sequence[str] = ("organiser", "organizer"),
        withdrawn: Iterable[str] = (),
    ):
        self.withdrawn = frozenset(withdrawn)
        self.private_dir = Path(private_dir)
        secure_dir(self.private_dir)
        self.key = PseudonymKey(self.private_dir)
        self.people = _people(manifest, interviewer_roles, organiser_roles)
        self._by_key = {p.key: p for p in self.people}
        pairs = [(p, self.key.get(p.key, p.kind)) for p in self.people]
        deny = read_word_list(self.private_dir / DENY_FILE, template=_DENY_TEMPLATE)
        not_names = read_word_list(self.private_dir / NOT_NAMES_FILE, template=_NOT_NAMES_TEMPLATE)
        self.index = NameIndex.build(pairs, deny, not_names, _manifest_words(manifest, _PLACE_COLUMNS))
        self.ner = _load_ner(ner) if ner else None
        self.review = ReviewList(not_names | _manifest_words(manifest), self.key.values())
        self._audit: Counter[tuple[str, str]] = Counter()
        self._source_ids: dict[str, str] = {}
        self._found: dict[str, tuple[Match, ...]] = {}  # `_find` of short strings
        self._in_names: dict[tuple[str, Any], tuple[Match, ...]] = {}  # `_name_matches`
        self.key.flush()

    # -- public API -------------------------------------------------------------------
    def pseudonym(self, key: str, kind: str = "participant") -> str:
        """The stable pseudonym of `key` (a participant_id, or e.g. "<source>#<row id>")."""
        return self.key.get(str(key), kind)

    def apply(self, doc: Document) -> Pseudonymised:
        """Pseudonymise one document: text, turns, metadata and source_id."""
        counts: Counter[str] = Counter()
        boundaries = [b for t in doc.turns for b in (t.char_start, t.char_end)]
        spoken = [(t.char_start, t.char_end, t.speaker) for t in doc.turns]
        found = [*self._find(doc.text), *self._named_in_metadata(doc.text, doc.metadata),
                 *self._initials_labels(doc)]
        matches = resolve([*found, *dates_of_birth_in_replies(doc.text, spoken)], boundaries)
        # The file's name loses the names its text shows too ("Interview Araminta Fairweather.txt",
        # "home_visit_walsh.docx" of "Resident: Doreen Walsh")
        source_id = self._source_id(doc, counts, learned_names(doc.text, found, self.index.not_names, surnames=True))
        counts.update(m.kind for m in matches)
        text, offsets = replace(doc.text, matches)
        turns = tuple(self._turn(t, offsets, counts) for t in doc.turns)
        text, turns, withdrawn = _withhold(text, turns, self.withdrawn)
        metadata = self._scrub_mapping(doc.metadata, counts)
        self.review.add(text, source_id)
        for value in _strings(metadata):  # "home visit with Araminta Fairweather"
            self.review.add(value, source_id)
        for value in _table_words(turns):  # a notes table's headers and cells
            self.review.add(value, source_id)
        # The file's own name and its folders' too: "Interview_Temi_Okafor.txt",
        # "Kowalczyk family/visit1.txt" name someone nobody listed.
        self.review.add(path_words(str(Path(source_id).with_suffix(""))), source_id)
        for m in matches:
            if m.kind in _REVIEWED_KINDS:
                self.review.add_replaced(" ".join(doc.text[m.start : m.end].split()), source_id,
                                         _REVIEWED_KINDS[m.kind])
        for kind, n in counts.items():
            self._audit[(source_id, kind)] += n
        self.key.flush()
        new = dataclasses.replace(
            doc, path=source_id, source_id=source_id, text=text, turns=turns, metadata=metadata
        )
        return Pseudonymised(new, offsets.to_original, dict(counts), withdrawn)

    def scrub(self, text: str) -> str:
        """Replace known names and the pattern kinds in any other string."""
        return replace(text, resolve(self._find(text)))[0]

    def scrub_author(self, name: str) -> str:
        """Who signs a decision. Authors are the team, not the people heard, and keep the
        name they give, but a listed person's name (a participant co-analysing in a
        workshop) becomes their pseudonym and a deny-listed one its initials ("BM"), so
        it reaches no log, log file name or report while authors stay apart."""
        whole = self.index.lookup(name)
        if whole is not None:  # the whole of it a name, common-word names too ("Will")
            return whole if whole != NAME_PLACEHOLDER else _initials(name)
        found = [m if m.replacement != NAME_PLACEHOLDER else
                 dataclasses.replace(m, replacement=_initials(name[m.start:m.end]))
                 for m in self.index.find(name) if m.kind in ("name", "deny_list")]
        return replace(name, resolve(found))[0]

    def scrub_attribute(self, column: str, value: Any, source: str) -> Any:
        """A value of a table about people or sources (a free-text `notes` column of
        data/participants.csv): scrubbed as document metadata is, and its words counted
        for the review list under `source`."""
        counts: Counter[str] = Counter()
        new = self._scrub_value(column, value, counts)
        if isinstance(new, str):
            self.review.add(new, source)
        return new

    def scrub_category(self, column: str, value: Any, source: str) -> Any:
        """A value several rows of a table share, such as an area ("Northfield", "Beverley"):
        a category that must still group them, so only what is surely a person or a contact
        goes: listed and deny-listed names, names after a title or a relation, a given name
        with its surname, and the pattern kinds ("Sarah Whitfield", "their mum, ring
        [PHONE]"). A given name alone that nobody listed stays, as places are named after
        people, and so does a listed name that is an everyday word ("Hope", "Riverside
        Green"), as a category is more often a place than a person. A column of people
        (`referred_by` is none; `interviewer` is) takes their stable pseudonym, which groups
        as the name did."""
        if person_role(column, value) or not isinstance(value, str):
            return self.scrub_attribute(column, value, source)
        found = [m for m in self._find(value) if (m.kind in _SURE_KINDS
                 or (m.kind == "given_name" and " " in value[m.start:m.end]))  # "Doreen Walsh"
                 and normalise(value[m.start:m.end]) not in self.index.common]  # "Riverside Green"
        return replace(value, resolve(found))[0]

    def review_candidates(self) -> list[dict[str, Any]]:
        """Capitalised words left in the pseudonymised text that may be names.

        They are the leftovers most likely to be people nobody listed, so the list is
        itself personal data: `save()` writes it to private/privacy_review.csv.
        """
        return self.review.rows()

    def audit_rows(self) -> list[dict[str, Any]]:
        """Replacements by source and kind (never the replaced values)."""
        return [
            {"source_id": s, "kind": k, "count": n} for (s, k), n in sorted(self._audit.items())
        ]

    def save(self) -> None:
        """Append new pseudonyms to the key, and write the review list and which file each
        source was read from (its name may name someone, so it is kept in private/ too:
        `forget` names the raw files still holding a withdrawn participant's words)."""
        self.key.flush()
        self.review.write(self.private_dir / "privacy_review.csv")
        files = sorted((new, raw) for raw, new in self._source_ids.items())
        io.write_csv(self.private_dir / SOURCE_FILES, pd.DataFrame(files, columns=["source_id", "file"]))
        secure_file(self.private_dir / SOURCE_FILES)

    # -- helpers -------------------------------------------------------------------------
    def _find(self, text: str) -> list[Match]:
        """Names and the pattern kinds in `text`; short strings found once (`_MEMO_CHARS`)."""
        return _remembered(self._found, text, len(text) <= _MEMO_CHARS, lambda: self._search(text))

    def _search(self, text: str) -> list[Match]:
        found = [*self.index.find(text), *find_patterns(text)]
        if self.ner is not None:
            found += _ner_matches(self.ner, text)
        return found

    def _source_id(self, doc: Document, counts: Counter[str], learned=(frozenset(), frozenset())) -> str:
        raw = doc.source_id or doc.path
        if raw in self._source_ids:
            return self._source_ids[raw]
        matches = self._name_matches(raw, learned)
        new = replace(raw, matches)[0]
        if matches:
            counts["file_name"] += len(matches)
        stem, dot, ext = new.rpartition(".") if "." in Path(new).name else (new, "", "")
        n = 1
        while new in self._source_ids.values():
            n += 1
            new = f"{stem}_{n}{dot}{ext}"
        self._source_ids[raw] = new
        return new

    def _name_matches(self, name: str, learned=(frozenset(), frozenset())) -> list[Match]:
        """People and contact details in a name: of a file or folder, or a column as a
        metadata key. Separators (`_ . - /`) are read as spaces and placeholders lose
        their brackets (`Interview_NAME.txt`, `referred_to_Mrs_NAME`). A table's headers
        recur on every row: each is read once."""
        def read() -> list[Match]:
            words = path_words(name)
            matches = resolve([*self.index.find_in_path(name), *find_patterns(words), *named_in(words, learned)])
            return [dataclasses.replace(m, replacement=m.replacement.replace("[", "").replace("]", "")) for m in matches]

        return _remembered(self._in_names, (name, learned), len(name) <= _MEMO_CHARS, read)

    def _turn(self, turn: Turn, offsets: OffsetMap, counts: Counter[str]) -> Turn:
        participant = self._participant(turn.participant, turn.speaker_role)
        speaker = turn.speaker
        if participant is not None and turn.speaker_role != "author":
            speaker = participant
        elif speaker:
            speaker = self.scrub(speaker)
        return dataclasses.replace(
            turn,
            char_start=offsets.to_new(turn.char_start),
            char_end=offsets.to_new(turn.char_end, end=True),
            speaker=speaker,
            participant=participant,
            metadata=self._scrub_mapping(turn.metadata, counts),
        )

    def _initials_labels(self, doc: Document) -> Iterator[Match]:
        """A speaker label written as initials ("KD:", "S.W.:") of a person ingest resolved
        becomes their pseudonym in the text, as a label that spells the name does ("Kathleen:"
        is "P01:"): no name rule reads two capitals as a name, and left, the initials sat
        beside the pseudonym in the stored text and the QDPX export."""
        for turn in doc.turns:
            if not turn.speaker or not _INITIALS.fullmatch(turn.speaker):
                continue
            pseudonym = self._participant(turn.participant, turn.speaker_role)
            line = doc.text.rfind("\n", 0, turn.char_start) + 1
            at = doc.text.rfind(turn.speaker, line, turn.char_start)
            if pseudonym and at >= 0:
                yield Match(at, at + len(turn.speaker), pseudonym, "name", 6)

    def _participant(self, key: str | None, role: str | None) -> str | None:
        if key is None or key == "":
            return None
        if key in self._by_key:
            person = self._by_key[key]
            return self.key.get(person.key, person.kind)
        if self.key.is_pseudonym(key):
            return key
        kind = {
            "respondent": "respondent",
            "author": "organiser",
            "interviewer": "interviewer",
        }.get(role or "", "participant")
        return self.key.get(str(key), kind)

    def _scrub_mapping(self, mapping: dict[str, Any], counts: Counter[str]) -> dict[str, Any]:
        """Values scrubbed by what their key says they hold; keys (a table's headers:
        `Lift_from_Bronagh_Fee`) as names of files are."""
        return {
            replace(str(k), self._name_matches(str(k)))[0]: self._scrub_value(str(k), v, counts)
            for k, v in mapping.items()
        }

    def _scrub_value(self, key: str, value: Any, counts: Counter[str]) -> Any:
        if isinstance(value, dict):
            return self._scrub_mapping(value, counts)
        if isinstance(value, (list, tuple)):
            return type(value)(self._scrub_value(key, v, counts) for v in value)
        if not isinstance(value, str) or not value.strip():
            return value
        role = person_role(key, value)
        new = self._person_value(value, role) if role else self.scrub(value)
        if new != value:
            counts["metadata"] += 1
        return new

    def _named_in_metadata(self, text: str, metadata: dict[str, Any]) -> Iterator[Match]:
        """People the source's metadata names that no list has ("interviewer: Morwenna
        Penhallow" in front matter or sources.csv), wherever `text` has them, as the
        metadata's pseudonym: the whole value, and when it reads as a person's name (two or
        three capitalised words, no everyday word, no place or organisation word: not
        "Kestrel Vale Hub") each of its words."""
        for key, value in metadata.items():
            role = person_role(str(key), value)
            if not role or not isinstance(value, str):
                continue
            for part in people_named(str(key), value):
                part = " ".join(part.split())
                if not re.search(r"[A-Z]", part) or self.index.lookup(part) is not None or self.key.is_pseudonym(part):
                    continue
                words = [w for w in part.split() if w.lower() not in SURNAME_PARTICLES] if reads_as_person(part) else []
                pattern = r"(?<![\w'’-])(?:" + "|".join(map(re.escape, [part, *words])) + r")(?![\w'’-])"
                pseudonym = self._person_value(part, role)
                for m in re.finditer(pattern, text):
                    yield Match(m.start(), m.end(), pseudonym, "metadata", 7)

    def _person_value(self, value: str, role: str) -> str:
        """A person column: every name in it becomes that person's pseudonym."""
        out = []
        for part in people_in(value):
            found = self.index.lookup(part)
            # A given name here (and its surname) is the person the column names: they get a
            # pseudonym below.
            scrubbed = replace(part, resolve(m for m in self._find(part)
                                             if m.kind not in ("given_name", "named_again")))[0]
            if found is not None:
                out.append(found)
            elif self.key.is_pseudonym(part) or scrubbed != part or not re.search(r"[A-Z]", part):
                out.append(scrubbed)
            elif role == "name":
                out.append(NAME_PLACEHOLDER)
            else:
                out.append(self.key.get(" ".join(part.split()).lower(), role))
        return "; ".join(out)


def source_files(private_dir: Path) -> dict[str, str]:
    """Each source_id's file in data/raw/, as the last ingest recorded them ({} before one)."""
    path = Path(private_dir) / SOURCE_FILES
    if not path.is_file():
        return {}
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return dict(zip(frame["source_id"], frame["file"], strict=True))


def _initials(name: str) -> str:
    """ "BM" for Becky Marriott: a deny-listed author told apart without the name."""
    return "".join(word[0] for word in name.split() if word[:1].isalpha()).upper() or NAME_PLACEHOLDER


def _strings(value: Any) -> Iterator[str]:
    """Every string inside nested metadata (dicts, lists)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _strings(inner)
    elif isinstance(value, (list, tuple)):
        for inner in value:
            yield from _strings(inner)


def _table_words(turns: Iterable[Turn]) -> list[str]:
    """Each distinct header (separators as spaces) and cell of the turns' metadata: a
    name left there ("Seen_by_Tegwen", a "Respondent" column) is listed to check as in text."""
    keys = {path_words(k) for t in turns for k in t.metadata}
    return sorted(keys | {v for t in turns for v in _strings(t.metadata)})


def _withhold(text: str, turns: tuple[Turn, ...], withdrawn: frozenset[str]
              ) -> tuple[str, tuple[Turn, ...], int]:
    """`text` with withdrawn participants' turns blanked, the other turns, and how many went."""
    gone = [t for t in turns if t.participant is not None and t.participant in withdrawn]
    if not gone:
        return text, turns, 0
    chars = list(text)
    for turn in gone:
        chars[turn.char_start:turn.char_end] = re.sub(
            r"\S", " ", text[turn.char_start:turn.char_end])
    kept = tuple(t for t in turns if t.participant is None or t.participant not in withdrawn)
    return "".join(chars), kept, len(gone)


def _people(
    manifest: pd.DataFrame, interviewer_roles: Iterable[str], organiser_roles: Iterable[str]
) -> list[Person]:
    """Manifest rows -> Person records, validated."""
    missing = [c for c in ("participant_id", "name") if c not in manifest.columns]
    if missing:
        raise ConfigError(
            f"data/participants.csv has no {', '.join(missing)} column; it needs at least "
            "participant_id,name,aliases,role,area"
        )
    frame = manifest.fillna("").astype(str)
    ids = frame["participant_id"].str.strip()
    if ids.duplicated().any() or (ids == "").any():
        rows = [i + 2 for i in frame.index[ids.duplicated(keep=False) | (ids == "")]]
        raise ConfigError(
            f"data/participants.csv, lines {rows}: participant_id must be filled in and unique"
        )
    interviewers = {r.strip().lower() for r in interviewer_roles}
    organisers = {r.strip().lower() for r in organiser_roles}
    people = []
    for row, pid in zip(frame.to_dict("records"), ids):
        role = row.get("role", "").strip().lower()
        kind = (
            "interviewer"
            if role in interviewers
            else "organiser"
            if role in organisers
            else "participant"
        )
        aliases = tuple(a.strip() for a in row.get("aliases", "").split(";") if a.strip())
        people.append(Person(pid, kind, " ".join(row["name"].split()), aliases))
    return people


# The manifest's columns that name the project's places and organisations.
_PLACE_COLUMNS = frozenset(("area", "ward", "neighbourhood", "neighborhood", "hub", "site", "organisation",
                            "organization", "org", "partner"))


def _manifest_words(manifest: pd.DataFrame, columns: frozenset[str] | None = None) -> set[str]:
    """Words of the manifest's non-name columns (areas, organisations), or of `columns`:
    not names. (A free-text column may name people: "daughter Araminta visits".)"""
    skip = {"participant_id", "name", "aliases"}
    words: set[str] = set()
    for column in manifest.columns:
        if column not in skip and (columns is None or column in columns):
            for value in manifest[column].dropna().astype(str):
                words |= set(re.findall(r"[A-Za-z][\w'’-]*", value))
    return words


def _load_ner(spec: bool | str):
    """An installed English spaCy pipeline with NER, or a PrivacyError saying how to get one."""
    import spacy

    from ..errors import PrivacyError

    names = (
        [spec]
        if isinstance(spec, str)
        else sorted(m for m in spacy.util.get_installed_models() if m.startswith("en_"))
    )
    for name in names:
        try:
            nlp = spacy.load(name, exclude=["lemmatizer", "parser", "tagger", "attribute_ruler"])
        except OSError:
            continue
        if "ner" in nlp.pipe_names:
            return nlp
    raise PrivacyError(
        "privacy.ner is on but no English spaCy pipeline with named-entity recognition is "
        "installed; install one (e.g. `python -m spacy download en_core_web_sm`) or set "
        "ner = false under [privacy] in sensemaking.toml"
    )


def _ner_matches(nlp, text: str) -> list[Match]:
    """PERSON entities as [NAME] matches (possessive 's left in place)."""
    out = []
    for start in range(0, len(text), 100_000):
        doc = nlp(text[start : start + 100_000])
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            end = ent.end_char - (2 if re.search(r"['’]s$", ent.text) else 0)
            if not re.fullmatch(r"(P\d+|R\d+|(Organiser|Interviewer) [A-Z]+|\[\w+\])", ent.text):
                out.append(Match(start + ent.start_char, start + end, NAME_PLACEHOLDER, "ner", 8))
    return out

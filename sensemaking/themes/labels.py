"""Keywords and readable labels for themes, from BERTopic's class-based TF-IDF.

Keywords: lemma unigrams and bigrams ranked by c-TF-IDF (BERTopic's
`ClassTfidfTransformer`, frequent words damped), shown as the words people used.
Labels: 2-5 word phrases taken word for word from member excerpts (never across
punctuation or a hashtag: "Anxious #worried #stayhome" is no label; never with a hesitation
or swearing in them), scored by how many
members use the phrase and how distinctive its lemmas are for the theme; a phrase that
only says when, how long or how much ("Weeks ago", "Nineteen years old", "Feeling a
little") scores a fifth, so it labels a theme only where nothing topical is said. Phrases go to
themes best score first, across all themes, so a phrase labels the theme it fits best
("Lunch club" for the lunch club, not for a bigger theme that mentions it); no two
labels share more than half the words of the shorter one (a theme whose phrases all
overlap labels already chosen takes a loose phrase, one with a filler or stop word at an
edge). A theme of short answers ("Very good.", "All good") is labelled by what most of
them say (`SHORT_SHARE`, `DEGREE_WORDS`). With a sentence model, each theme's best phrases
are also scored by how close their meaning is to the theme's centre (`choose_labels`).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np
import scipy.sparse as sp

from ..imports import module_file
from .context import FILLERS
from .text import MARKER, WORD, analyzer, is_stop, lemma, written_lemmas

_CLAUSE = re.compile(r"[^.,;:!?()\[\]{}\"“”\n#]+")  # a hashtag ends a clause too
# Sounds of hesitation: a label never holds one ("Tried uh Ibuprofen").
HESITATIONS = frozenset(["um", "umm", "uh", "uhh", "uhm", "er", "erm", "ehm", "eh", "ah", "mm", "mmm", "mhm", "hmm"])
# Never a keyword: hesitations and the words of talk that say nothing ("yeah", "oh", "like";
# terms are lemmas, and the lemma of "yeah" is "yes"). Narrower than the fillers of small
# talk: "good", "lovely" or "kind" are what survey answers are about.
NOT_KEYWORDS = HESITATIONS | {"yeah", "yes", "yep", "yup", "nah", "oh", "okay", "ok", "like", "laugh", "laughs"}
# Swearing never names a theme: labels and keywords head boards and partner reports, while
# quotes keep people's words as they said them. The stems are Ofcom's medium to strongest
# general swear words (Public attitudes to offensive language on TV and radio, 2021) but
# those that are also everyday words ("balls", "cock", "knob", "tits", "dick"). The packaged
# lists do worse here: better-profanity's also holds "gay", "queer", "god", "hiv" and "sex",
# and alt-profanity-check's classifier flags "Sex education" and "Sick of it".
_SWEARING = re.compile(
    r"(?:fuck|motherfuck|shit|cunt|twat|wank|bollock|bastard|arsehole|asshole|bitch|"
    r"bullshit|dickhead|bellend|piss|feck|bloodclaat|clunge|minge|punani)", re.IGNORECASE)
MIN_WORDS, MAX_WORDS = 2, 5
# Words that say when, how long, how much or how it felt, not what about: a label made of
# these alone ("Weeks ago", "Years old", "Times a week", "Feeling a little") names no topic.
VAGUE = frozenset(
    ["ago", "day", "week", "month", "year", "hour", "minute", "time", "today", "yesterday",
     "recently", "lately", "old", "little", "wee", "couple", "feel", "feeling", "start",
     "long", "last", "first", "next", "once", "twice", "half", "whole", "every", "bad",
     "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
     "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
     "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
     "hundred", "thousand"]
) | FILLERS
VAGUE_WEIGHT = 0.2  # such a label still wins where nothing else is said
SHORT_SHARE = 0.5  # a theme whose members hold a strict phrase less often is labelled by loose ones
POOL_PER_THEME = 15  # each theme's best phrases that compete for labels (50 chose the same)


def is_swearing(word: str) -> bool:
    """True for a swear word or a word made from one ("fucking", "shite", "pissed")."""
    return _SWEARING.match(word) is not None


@lru_cache(maxsize=1)
def _ctfidf_class():
    """BERTopic's ClassTfidfTransformer, from its own module file (`imports.module_file`:
    importing the `bertopic` package costs about 8 s; this file needs only scikit-learn)."""
    module = module_file("bertopic", "vectorizers/_ctfidf.py", fallback="bertopic.vectorizers")
    return module.ClassTfidfTransformer


def class_tfidf(texts: Sequence[str], labels: np.ndarray, k: int):
    """c-TF-IDF weights (k x vocabulary) and the vocabulary, over lemma uni/bigrams."""
    from sklearn.feature_extraction.text import CountVectorizer

    members = labels >= 0
    vectorizer = CountVectorizer(analyzer=analyzer)
    try:
        counts = vectorizer.fit_transform([texts[i] for i in np.flatnonzero(members)])
    except ValueError:  # no content words at all
        return sp.csr_matrix((k, 0)), np.array([], dtype=object)
    rows = labels[members]
    indicator = sp.csr_matrix((np.ones(len(rows)), (rows, np.arange(len(rows)))), shape=(k, len(rows)))
    per_theme = sp.csr_matrix(indicator @ counts)
    model = _ctfidf_class()(reduce_frequent_words=True)
    weights = model.fit_transform(per_theme)
    return sp.csr_matrix(weights), vectorizer.get_feature_names_out()


def keywords(weights, vocab, k: int, top: int = 10, forms: dict[str, str] | None = None) -> list[list[str]]:
    """The `top` highest-weighted terms of each theme, each shown in its `forms` entry
    (the words people used, see `surface_forms`) when there is one, else as its lemmas.

    Terms with a word of `NOT_KEYWORDS` in them ("yeah", "like", "um") are skipped: they
    are frequent in the themes made of talk, and say nothing about what the talk is about.
    So are terms with swearing in them (`is_swearing`).
    """
    forms = forms or {}
    out = []
    for t in range(k):
        row = weights.getrow(t).toarray().ravel() if weights.shape[1] else np.array([])
        positive = np.flatnonzero(row > 0)
        ranked = positive[np.argsort(-row[positive], kind="stable")]
        terms = (str(vocab[i]) for i in ranked if _keyword_ok(str(vocab[i]).split()))
        out.append([forms.get(term, term) for term in itertools.islice(terms, top)])
    return out


def _keyword_ok(words: Sequence[str]) -> bool:
    return not NOT_KEYWORDS.intersection(words) and not any(map(is_swearing, words))


def surface_forms(texts: Sequence[str]) -> dict[str, str]:
    """For each lemma term of `analyzer` (unigram or bigram), the way `texts` most often
    write it: "waiting list" rather than the lemmas "wait list", "data" rather than
    "datum", "DBS" rather than "db". Lower case, except words mostly written in capitals
    (acronyms). Keywords are read by people; lemmas are only how terms are counted."""
    uses: Counter = Counter()  # (lemma term, written form) -> uses
    for text in texts:
        content = [(w if len(w) > 1 and w.isupper() else w.lower(), root) for w, root in written_lemmas(text)]
        uses.update((root, shown) for shown, root in content)
        uses.update((f"{r1} {r2}", f"{s1} {s2}") for (s1, r1), (s2, r2) in itertools.pairwise(content))
    return _most_used(uses)


def _most_used(uses: Counter) -> dict[str, str]:
    """{key: the form most used for it} from counts of (key, form) pairs; ties go to the
    form counted first."""
    forms: dict[str, str] = {}
    for (key, shown), _ in uses.most_common():
        forms.setdefault(key, shown)
    return forms


# Stop words that carry what a whole answer says, where a survey asks what could be better
# or what stood out: "Nothing to add", "Nothing comes to mind", "Everything ran smoothly".
GIST_WORDS = frozenset(["nothing", "everything", "everyone", "nobody"])
# Verbs whose particle ends what is said: "Felt well looked after", "Listened to", "Cared
# for", "Got it sorted out"; cut before the particle, a label reads broken ("Felt listened").
PHRASAL_VERBS = frozenset([("look", "after"), ("care", "for"), ("listen", "to"), ("sort", "out"),
                           ("follow", "up"), ("help", "out"), ("sign", "up"), ("fill", "in"),
                           ("cheer", "up"), ("reach", "out")])
# Words of degree that the shortest answers open with ("Very good", "All good", "Really
# helpful"): a label of a theme of such answers may begin with one (`SHORT_SHARE`).
DEGREE_WORDS = frozenset(["very", "really", "all", "always", "quite", "so"])


def _edge_ok(word: str, short: bool = False) -> bool:
    """A label may begin or end with this word: a gist word (`GIST_WORDS`), or neither a
    stop word nor a filler ("like"). Of a theme of short answers (`short`), a filler may:
    there "good", "fine" and "lovely" are what is said ("Very good", "Good job")."""
    if word in GIST_WORDS:
        return True
    if is_stop(word):
        return False
    if short:
        return word not in NOT_KEYWORDS
    return word not in FILLERS and lemma(word) not in FILLERS


def _phrases(text: str, strict: bool = True, short: bool = False):
    """(surface phrase, lemma key) for every 2-5 word run inside one clause of `text`.

    Strict runs begin and end with a content word (`_edge_ok`); of a theme of short
    answers (`short`) they may also begin with a word of degree (`DEGREE_WORDS`: "Very
    good", "All good"). Loose runs ("Everything is fine") only need one content word,
    for themes whose answers are all short. A run holds at most one gist word (`GIST_WORDS`).
    """
    # Markers are blanked to line breaks of their own length: no phrase comes from inside
    # one or runs across one, and offsets still point into `text`.
    masked = MARKER.sub(lambda m: "\n" * len(m.group()), text)
    for clause in _CLAUSE.finditer(masked):
        # Words as `is_stop` and the lemma table know them: "don’t" is "don't".
        spans = [(m.start(), m.end(), m.group().lower().replace("’", "'")) for m in WORD.finditer(clause.group())]
        base = clause.start()
        for i, (start, _, first) in enumerate(spans):
            if (strict and not _edge_ok(first, short) and not (short and first in DEGREE_WORDS)) \
                    or is_swearing(first):
                continue
            gists = 0
            for j in range(i, min(i + MAX_WORDS, len(spans))):
                last = spans[j][2]
                gists += last in GIST_WORDS
                if last in HESITATIONS or is_swearing(last) or gists > 1:
                    break  # two gists are two answers run together: "Nothing everything was perfect"
                if j < i + MIN_WORDS - 1:
                    continue
                if strict and not _edge_ok(last, short) and (lemma(spans[j - 1][2]), last) not in PHRASAL_VERBS:
                    continue
                if j + 1 < len(spans) and (lemma(last), spans[j + 1][2]) in PHRASAL_VERBS:
                    continue  # "Felt well looked" cut from "looked after"
                surface = text[base + start : base + spans[j][1]]
                key = tuple(lemma(w) for _, _, w in spans[i : j + 1])
                yield surface, key


def _words(label: str) -> list[str]:
    """A label's words, lower case, hyphens dropped ("Full-time" and "full time" alike)."""
    return [w.lower().replace("-", "") for w in WORD.findall(label)]


def _word_set(words: Sequence[str], other: Sequence[str]) -> set[str]:
    """The lemmas of a label's `words`, two neighbours that make a word of the `other`
    label counted as that word ("Child care" is "Childcare"): "Feeling anxious" and "Feel
    anxious" share both words, "Child care" and "Childcare offer" one."""
    joined, i = [], 0
    while i < len(words):
        if i + 1 < len(words) and words[i] + words[i + 1] in other:
            joined.append(words[i] + words[i + 1])
            i += 2
        else:
            joined.append(words[i])
            i += 1
    return {lemma(w) for w in joined}


def _overlaps(label: str, chosen: Sequence[str]) -> bool:
    """True when `label` shares more than half of the shorter label's words with one chosen."""
    mine = _words(label)
    for other in chosen:
        theirs = _words(other)
        a, b = _word_set(mine, theirs), _word_set(theirs, mine)
        if len(a & b) > 0.5 * min(len(a), len(b)):
            return True
    return False


Phrases = list[tuple[str, tuple]]  # one text's (surface, lemma key) phrases, see `_phrases`


def _phrase_lists(texts: Sequence[str], strict: bool = True) -> list[Phrases]:
    return [list(_phrases(text, strict)) for text in texts]


def _candidates(
    member_phrases: Sequence[Phrases], weight_of: dict[str, float],
    elsewhere: Callable[[tuple], int] | None = None, written: dict[str, str] | None = None,
) -> list[tuple[float, str]]:
    """Scored label candidates of one theme (the phrases of each member), best first.
    A phrase is shown as the theme's members most often write it, in the casing
    `written` gives it (the one the whole corpus uses most, see `_written_forms`).

    Score: (members using the phrase)^1.5 x distinctiveness of its lemmas x the share of
    the phrase's uses that fall in this theme (`elsewhere` counts a key's uses in other themes),
    so a phrase goes to the theme it belongs to, not to the biggest theme that mentions
    it. The power favours what many members say over one person's vivid phrase: on
    banking77 "Delete my account" over "Company sucks", on the sample "Bus stop" over
    "Main road" (bench/results/themes_selection.md).
    """
    docs: dict[tuple, set[int]] = defaultdict(set)
    surfaces: dict[tuple, Counter] = defaultdict(Counter)
    for d, phrases in enumerate(member_phrases):
        for surface, key in phrases:
            docs[key].add(d)
            surfaces[key][" ".join(surface.split())] += 1
    scored = []
    for key, where in docs.items():
        content = [w for w in key if not is_stop(w)]
        distinct = sum(weight_of.get(w, 0.0) for w in content)
        if distinct <= 0:
            continue
        own = len(where)
        score = own ** 1.5 * distinct / np.sqrt(len(key)) * own / (own + (elsewhere(key) if elsewhere else 0))
        if all(w in VAGUE or w.isdigit() for w in content):
            score *= VAGUE_WEIGHT
        surface = surfaces[key].most_common(1)[0][0]
        surface = (written or {}).get(surface.lower(), surface)
        scored.append((score, surface))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return scored


def _unigram_weights(weights, vocab, t: int) -> dict[str, float]:
    """Theme `t`'s c-TF-IDF weight of each single lemma (how distinctive it is there)."""
    row = weights.getrow(t)
    return {str(vocab[i]): float(w) for i, w in zip(row.indices, row.data) if " " not in vocab[i]}


def choose_labels(
    member_texts: Sequence[Sequence[str]], weights, vocab, order: Sequence[int],
    embed: Callable[[list[str]], np.ndarray] | None = None, centres: np.ndarray | None = None,
) -> dict[int, str]:
    """A label per theme: the best-scoring phrase of any theme goes first, to its theme,
    and so on down (ties: themes earlier in `order`, largest first, win).

    With `embed` (phrases -> unit vectors in the space of the unit `centres`, one per
    theme), each theme's best phrases are scored again by what they mean, as BERTopic's
    KeyBERTInspired representation does for keywords: the score is multiplied by the
    phrase's cosine to its theme's centre. Between phrases used about as often, the one
    that says what the theme is about wins ("Auto top-up" over "Apple Watch"); higher
    powers of the cosine picked long phrases one member said
    (bench/results/themes_selection.md).
    """
    strict = [_phrase_lists(texts) for texts in member_texts]
    written = _written_forms(strict)
    uses = [Counter(key for phrases in docs for key in {k for _, k in phrases}) for docs in strict]
    total: Counter = Counter()
    for counted in uses:
        total.update(counted)

    def elsewhere(t: int) -> Callable[[tuple], int]:
        return lambda key: total[key] - uses[t][key]

    weight_of = {t: _unigram_weights(weights, vocab, t) for t in order}
    loose_lists: dict[int, list[Phrases]] = {}

    def loose_phrases(t: int) -> list[Phrases]:  # made at most once per theme
        if t not in loose_lists:
            loose_lists[t] = _phrase_lists(member_texts[t], strict=False)
        return loose_lists[t]

    candidates, pool = {}, []
    for rank, t in enumerate(order):
        # Where most members are too short for a strict phrase ("Very good.", "All good,
        # thank you"), a strict phrase would be the few long answers' words: phrases may
        # then begin with a word of degree and hold the words of praise short answers are.
        mostly_short = sum(map(bool, strict[t])) < SHORT_SHARE * len(strict[t])
        phrases = [list(_phrases(text, short=True)) for text in member_texts[t]] if mostly_short else strict[t]
        candidates[t] = _candidates(phrases, weight_of[t], elsewhere=elsewhere(t), written=written)
        if not candidates[t]:  # answers too short for a strict phrase: loosen, then any weight
            loose = loose_phrases(t)
            uniform = {w: 1.0 for phrases in loose for _, key in phrases for w in key}
            candidates[t] = _candidates(loose, weight_of[t]) or _candidates(loose, uniform)
        pool += [(-score, rank, phrase, t) for score, phrase in candidates[t][:POOL_PER_THEME]]
    if embed is not None and centres is not None and pool:
        likeness = np.einsum("ij,ij->i", embed([phrase for *_, phrase, _ in pool]),
                             centres[[t for *_, t in pool]])
        pool = [(minus_score * max(float(like), 0.01), rank, phrase, t)
                for (minus_score, rank, phrase, t), like in zip(pool, likeness)]
    chosen: dict[int, str] = {}
    for _, _, phrase, t in sorted(pool):
        if t not in chosen and not _overlaps(phrase, list(chosen.values())):
            chosen[t] = phrase
    for t in order:
        if t in chosen:
            continue
        # Every strict phrase overlaps a label taken: one with a filler at its edge.
        loose = _candidates(loose_phrases(t), weight_of[t], elsewhere(t))
        taken = list(chosen.values())
        label = next((s for _, s in loose if not _overlaps(s, taken)), None)
        if label is None and candidates[t]:
            label = candidates[t][0][1]
        if label:
            chosen[t] = label
    return {t: _sentence_case(chosen[t]) if t in chosen else f"Theme {t}" for t in order}


def _written_forms(lists: Sequence[Sequence[Phrases]]) -> dict[str, str]:
    """For each phrase (lower case), the casing the excerpts of all themes most often give
    it: one trust's export that capitalises every "i" ("Excellent servIce") does not
    decide how a theme made mostly of its answers is labelled."""
    uses: Counter = Counter()  # (phrase in lower case, as written) -> uses
    for docs in lists:
        for phrases in docs:
            written = (" ".join(surface.split()) for surface, _ in phrases)
            uses.update((shown.lower(), shown) for shown in written)
    return _most_used(uses)


# A lower-case word with capital I's inside ("receIved", "vIsIt"): an export that
# capitalised every "i". Shown in lower case; proper names start with a capital.
_STRAY_I = re.compile(r"\b[a-z][a-zI]*I[a-zI]*\b")


def _sentence_case(phrase: str) -> str:
    phrase = _STRAY_I.sub(lambda m: m.group().lower(), phrase)
    return phrase[:1].upper() + phrase[1:]

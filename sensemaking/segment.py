"""Segmentation: pseudonymised turns -> excerpt rows, each small enough to embed well.

Units are participant turns (and notes, and survey answers). A turn longer than
`max_words` is split between sentences (spaCy `blank("en")` + sentencizer) into
consecutive groups of about equal length, none over `max_words` (MiniLM truncates past
256 word pieces and was trained at 128; 90 words is about 120 pieces). Interviewer
turns are not rows: the latest one travels with the answers as `question`. Filler and
non-answers ("yeah", "mm", "don't know", "[laughs]") and very short turns are dropped
and counted, as are a document's letterhead and sign-off (`letterhead`), and
`drop_boilerplate` removes text repeated across sources (consent scripts, headers).
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .ingest.base import strip_span
from .ingest.dates import in_year_of
from .records import Turn

if TYPE_CHECKING:
    from .privacy import Pseudonymised

CONTEXT_ROLES = ("interviewer",)
NOTE_KINDS = ("notes", "survey")
DOCUMENT_KIND = "document"
QUESTION_WORDS = 60
_FILLER_WORDS_TEXT = """
yeah yes yep yup yea aye no nope nah mm mmm mhm hmm hm um uh erm er ah oh ooh ok okay
right sure fine cool great lovely brilliant thanks cheers uh-huh mm-hmm so well
exactly true definitely absolutely alright
"""
_FILLER_WORDS = frozenset(_FILLER_WORDS_TEXT.split())
_NON_ANSWERS = frozenset(
    {
        "i don't know",
        "don't know",
        "dont know",
        "i dont know",
        "dunno",
        "no idea",
        "not sure",
        "i'm not sure",
        "no comment",
        "n/a",
        "na",
        "none",
        "nothing",
        "pass",
        "same as above",
        "see above",
        "can't remember",
        "i can't remember",
        "no answer",
        "not applicable",
        "-",
        "nothing to add",
        "nothing else",
        "no thanks",
        "prefer not to say",
    }
)
_TAG = re.compile(r"\[[^\]\n]{0,40}\]|\([^)\n]{0,20}\)|<[^>\n]{0,40}>")
_NORM = re.compile(r"[^\w'/\- ]+")


@lru_cache(maxsize=1)
def _sentencizer():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    # spaCy refuses texts over a million characters for the memory its parser needs; the
    # rule-based sentencizer needs little, and a paragraph of a pasted export can be longer.
    nlp.max_length = 100_000_000
    return nlp


def words(text: str) -> int:
    """Words as counted for `max_words`/`min_words` (whitespace-separated tokens)."""
    return len(text.split())


def is_filler(text: str) -> bool:
    """True for back-channel and non-answers: "Mm.", "Yeah, yeah.", "Um, don't know.", "[laughs]"."""
    norm = " ".join(_NORM.sub(" ", _TAG.sub(" ", text).lower().replace("’", "'")).split())
    if not norm or norm in _NON_ANSWERS:
        return True
    tokens = norm.split()
    if all(t in _FILLER_WORDS for t in tokens):
        return True
    core = " ".join(t for t in tokens if t not in _FILLER_WORDS)
    return core in _NON_ANSWERS


_OPENING = "[({“‘"


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of text[start:end] (paragraph breaks also end a sentence)."""
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text[start:end]):
        p_start = start + para.start()
        doc = _sentencizer()(para.group())
        carried = None  # an opening bracket the sentencizer left at the end of a sentence
        for sent in doc.sents:
            s, e = strip_span(text, carried or p_start + sent.start_char, p_start + sent.end_char)
            carried = None
            if e > s and text[e - 1] in _OPENING and e - 1 > s:
                # "legs. [laughs] Every month." splits as "legs. [" + "laughs] Every month."
                carried = e - 1
                s, e = strip_span(text, s, e - 1)
            if e > s:
                spans.append((s, e))
    return spans


def _word_chunks(text: str, start: int, end: int, max_words: int) -> list[tuple[int, int]]:
    """A sentence longer than max_words cut between words into near-equal pieces."""
    tokens = [m.span() for m in re.finditer(r"\S+", text[start:end])]
    k = math.ceil(len(tokens) / max_words)
    size = math.ceil(len(tokens) / k)
    return [
        (start + tokens[i][0], start + tokens[min(i + size, len(tokens)) - 1][1])
        for i in range(0, len(tokens), size)
    ]


def split_span(text: str, start: int, end: int, max_words: int) -> list[tuple[int, int]]:
    """Cut text[start:end] into consecutive sentence groups of at most max_words each.

    Uses the fewest groups that fit, balanced so the largest is as small as possible:
    a 100-word turn becomes two of ~50 words, not 90 + 10.
    """
    sentences: list[tuple[int, int]] = []
    for s, e in sentence_spans(text, start, end):
        n = words(text[s:e])
        sentences += _word_chunks(text, s, e, max_words) if n > max_words else [(s, e)]
    if not sentences:
        return []
    sizes = [words(text[s:e]) for s, e in sentences]
    if sum(sizes) <= max_words:
        return [(sentences[0][0], sentences[-1][1])]
    k = math.ceil(sum(sizes) / max_words)
    while (cuts := _balanced_cuts(sizes, k, max_words)) is None:
        k += 1
    edges = [0, *cuts, len(sentences)]
    return [(sentences[a][0], sentences[b - 1][1]) for a, b in itertools.pairwise(edges)]


# Above this many steps (sentences^2 x groups) the exact split of `_balanced_cuts` takes
# seconds: a paragraph of 4,000 sentences (a pasted export with no line breaks) took 8 min.
EXACT_SPLIT_STEPS = 2_000_000


def _balanced_cuts(sizes: list[int], k: int, limit: int) -> list[int] | None:
    """Cut points splitting `sizes` into k runs minimising the largest run's sum,
    or None when even the best split has a run over `limit`."""
    n = len(sizes)
    if k >= n:
        return list(range(1, n))
    if n * n * k > EXACT_SPLIT_STEPS:
        return _packed_cuts(sizes, k, limit)
    prefix = list(itertools.accumulate(sizes, initial=0))
    inf = float("inf")
    # best[j][i]: smallest possible largest run when the first i sizes form j runs
    best = [[inf] * (n + 1) for _ in range(k + 1)]
    back = [[0] * (n + 1) for _ in range(k + 1)]
    best[0][0] = 0
    for j in range(1, k + 1):
        for i in range(j, n - (k - j) + 1):
            for p in range(j - 1, i):
                cost = max(best[j - 1][p], prefix[i] - prefix[p])
                if cost < best[j][i]:
                    best[j][i], back[j][i] = cost, p
    if best[k][n] > limit:
        return None
    cuts, i = [], n
    for j in range(k, 0, -1):
        i = back[j][i]
        cuts.append(i)
    return sorted(c for c in cuts if c > 0)


def _packed_cuts(sizes: list[int], k: int, limit: int) -> list[int] | None:
    """The same smallest largest run as `_balanced_cuts`, in O(n log total): the least
    bound under which packing runs greedily needs no more than k runs (its runs fill
    from the front, where the exact split may share the slack out differently)."""

    def packed(bound: int) -> list[int]:
        cuts, run = [], 0
        for i, size in enumerate(sizes):
            if run + size > bound and i:
                cuts.append(i)
                run = 0
            run += size
        return cuts

    low, high = max(sizes), max(limit, max(sizes))
    if len(packed(high)) + 1 > k:
        return None
    while low < high:
        middle = (low + high) // 2
        if len(packed(middle)) + 1 <= k:
            high = middle
        else:
            low = middle + 1
    return packed(low) if low <= limit else None


def excerpt_id(content_hash: str, orig_start: int, orig_end: int) -> str:
    """Stable id: the source's content hash and the span in its original text."""
    return hashlib.sha1(f"{content_hash}:{orig_start}:{orig_end}".encode()).hexdigest()[:16]


def segment(
    p: Pseudonymised, *, max_words: int = 90, min_words: int = 3
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Excerpt rows of one pseudonymised document, and counts of what was dropped.

    Counts: turns, context_turns (interviewer), excerpts, filler, short, empty, letterhead,
    split_turns. `min_words` applies to spoken turns only: a two-word survey answer is
    still an answer.
    """
    doc = p.document
    counts = dict.fromkeys(("turns", "context_turns", "excerpts", "filler", "short", "empty",
                            "letterhead", "split_turns"), 0)
    rows: list[dict[str, Any]] = []
    question: str | None = None
    answered = True
    is_note = doc.source_kind in NOTE_KINDS
    matter = letterhead(doc.text, doc.turns) if doc.source_kind == DOCUMENT_KIND else set()
    for i, turn in enumerate(doc.turns):
        counts["turns"] += 1
        start, end = strip_span(doc.text, turn.char_start, turn.char_end)
        body = doc.text[start:end]
        if i in matter:
            counts["letterhead"] += 1
            continue
        if turn.speaker_role in CONTEXT_ROLES:
            counts["context_turns"] += 1
            if body and not is_filler(body):  # "Mm." keeps the question it answers
                question = _follow_on(None if answered else question, _question(doc.text, start, end))
                answered = False
            continue
        reason = _drop_reason(body, min_words=0 if is_note else min_words)
        if reason:
            counts[reason] += 1
            continue
        answered = True
        limit = 2 * max_words if is_note else max_words
        spans = (
            split_span(doc.text, start, end, max_words) if words(body) > limit else [(start, end)]
        )
        counts["split_turns"] += len(spans) > 1
        for s, e in spans:
            rows.append(_row(p, turn, s, e, question))
    counts["excerpts"] = len(rows)
    return rows, counts


_SENTENCE_END = re.compile(r"[^\W\d][.!?…]+[\"'’”)\]]*(?=\s|$)")


def letterhead(text: str, turns: Sequence[Turn]) -> set[int]:
    """Positions of a document's leading and trailing paragraphs that hold no sentence:
    its title, byline, sign-off ("With thanks, as ever, P08") and contact block
    ("Telephone: [PHONE]"). They say nothing anyone would quote; kept, they became
    excerpts that themes gathered and boards quoted. A paragraph holds a sentence when a
    word ends in a full stop, "!" or "?" ("9.30" does not). Paragraphs between the first
    and the last sentence stay, list items without full stops included; a document with
    no sentence at all keeps everything.
    """
    has_sentence = [bool(_SENTENCE_END.search(text[t.char_start:t.char_end])) for t in turns]
    if not any(has_sentence):
        return set()
    first = has_sentence.index(True)
    last = len(has_sentence) - 1 - has_sentence[::-1].index(True)
    return set(range(first)) | set(range(last + 1, len(turns)))


def _drop_reason(body: str, *, min_words: int) -> str | None:
    if not body.strip():
        return "empty"
    if is_filler(body):
        return "filler"
    if words(body) < min_words:
        return "short"
    return None


def _question(text: str, start: int, end: int) -> str:
    """The interviewer turn as context: whole, or its last sentences up to QUESTION_WORDS."""
    if words(text[start:end]) <= QUESTION_WORDS:
        return text[start:end]
    kept: list[tuple[int, int]] = []
    n = 0
    for s, e in reversed(sentence_spans(text, start, end)):
        n += words(text[s:e])
        if kept and n > QUESTION_WORDS:
            break
        kept.append((s, e))
    return text[kept[-1][0] : kept[0][1]]


def _follow_on(open_question: str | None, question: str) -> str:
    """The question an answer replies to. A question answered only by filler is still open
    ("...about the pantry?" "Yes." "Tell me a bit about that?"), so the next one is added
    to it, as long as both fit in QUESTION_WORDS."""
    if open_question is None or words(open_question) + words(question) > QUESTION_WORDS:
        return question
    return f"{open_question} {question}"


def _row(
    p: Pseudonymised, turn: Turn, start: int, end: int, question: str | None
) -> dict[str, Any]:
    doc = p.document
    meta = dict(turn.metadata)
    author = meta.pop("author", None)
    is_author = turn.speaker_role == "author"
    line_start = line_end = turn.line_start
    if turn.line_start is not None:
        line_start = turn.line_start + doc.text.count("\n", turn.char_start, start)
        line_end = line_start + doc.text.count("\n", start, end)
        if turn.line_end is not None:
            line_end = min(line_end, turn.line_end)
    row = {
        "excerpt_id": excerpt_id(
            doc.content_hash, p.original_offset(start), p.original_offset(end)
        ),
        "source_id": doc.source_id,
        "source_type": doc.source_type,
        "source_kind": doc.source_kind,
        "participant_id": None if is_author else turn.participant,
        "speaker_role": turn.speaker_role,
        "author": author if author is not None else (turn.participant if is_author else None),
        "line_start": line_start,
        "line_end": line_end,
        "page": turn.page,
        "t_start": turn.t_start,
        "t_end": turn.t_end,
        "char_start": start,
        "char_end": end,
        "text": doc.text[start:end],
        "date": in_year_of(meta.pop("date", None), doc.metadata.get("date")),
        "question": question if question is not None else meta.pop("question", None),
    }
    meta.pop("question", None)
    for key, value in meta.items():  # a table's headers keep their capitals until here
        row.setdefault(key.lower(), value)
    return row


def _normalise_sentence(text: str) -> str:
    return " ".join(re.sub(r"\d", "0", re.sub(r"[^\w\s]", " ", text.lower())).split())


BOILERPLATE_WORDS = 6


def _sentences(text: str) -> list[str]:
    return [_normalise_sentence(text[s:e]) for s, e in sentence_spans(text, 0, len(text))]


def _candidate_texts(rows: list[dict[str, Any]], min_sources: int) -> set[str]:
    """Texts that may hold a boilerplate sentence: they share a run of BOILERPLATE_WORDS
    words with texts of `min_sources` sources or more.

    A repeated sentence of that many words is such a run (sentences end at punctuation
    or line breaks, which normalising turns into spaces too), so only these texts need
    splitting into sentences; each distinct text is looked at once.
    """
    n = BOILERPLATE_WORDS
    sources_of: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        sources_of[row["text"]].add(row["source_id"])
    runs_of: dict[str, set[str]] = {}
    sources: dict[str, set[str]] = defaultdict(set)
    for text, ids in sources_of.items():
        tokens = _normalise_sentence(text).split()
        runs_of[text] = {" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}
        for run in runs_of[text]:
            if len(sources[run]) < min_sources:  # knowing min_sources of them is enough
                sources[run].update(itertools.islice(ids, min_sources))
    common = {run for run, ids in sources.items() if len(ids) >= min_sources}
    return {text for text, runs in runs_of.items() if not runs.isdisjoint(common)}


def drop_boilerplate(
    rows: list[dict[str, Any]], *, min_sources: int = 3, share: float = 0.8
) -> tuple[list[dict[str, Any]], int]:
    """Drop excerpts that are mostly text repeated near-verbatim across `min_sources` sources.

    A sentence of six or more words counts as boilerplate when it appears (lower-cased,
    punctuation and digits ignored) in at least `min_sources` different sources; an
    excerpt is dropped when boilerplate makes up `share` of its words or more.
    """
    split = {text: _sentences(text) for text in _candidate_texts(rows, min_sources)}
    sources: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        for sent in split.get(row["text"], ()):
            if len(sent.split()) >= BOILERPLATE_WORDS:
                sources[sent].add(row["source_id"])
    common = {s for s, ids in sources.items() if len(ids) >= min_sources}
    if not common:
        return rows, 0
    kept = []
    for row in rows:
        sents = split.get(row["text"], ())
        total = sum(len(s.split()) for s in sents) or 1
        repeated = sum(len(s.split()) for s in sents if s in common)
        if repeated / total < share:
            kept.append(row)
    return kept, len(rows) - len(kept)

"""Find speaker turns in plain transcript text, in the shapes people really have.

    Sarah: text                  NAME: text               **Sarah:** text (markdown)
    [00:01:02] Sarah: text       Sarah (00:01:02): text   Q: / A:
    I     text with a            Speaker 1  0:05          [Luke Barnes] 10:02:15
          hanging indent         (Otter/Teams/Zoom: label and time on their own line,
    R     answer                  the turn's text on the lines that follow)
    Helen: [00:00:05] text       [00:00:05] Helen Mayberry (the turn on the lines below)
    03/03/2026, 14:22 - Sarah: text   [03/03/2026, 14:22:05] Sarah: text   (WhatsApp)
    10:02:15 From Sarah Whitfield to Everyone: text   (a Zoom meeting's chat; see `chats`)
    Resident 2: text (focus groups)   SARAH (alone on a line)   Helen – text   Q. / A.
    jane.doe@partner.org.uk  0:41     (a guest the meeting app knows only by email)
    [Sarah Whitfield] 14:02:33 text   (Zoom's saved captions)
    Sarah Whitfield - 00:05 / 00:05 | Sarah Whitfield   (the turn on the lines below)
    Q: How long? A: Thirty years.     Q1: How long? Thirty years.   (one line, two turns)

A line that runs turns together ("Helen: How was it? Doreen: Terrible. Helen: ...") is read
as a line a turn. A line that looks like a label is trusted only when the same label starts at least two
lines, or it is a known label (a manifest name, an interviewer label, "Speaker 2", ...),
so "Note: ..." in the middle of an answer does not start a turn. The last three shapes,
looser, count only where they are repeated and used by a known or generic label. Lines
without a label continue the current turn (multi-paragraph turns), except after a
question where only the questions are labelled ("Q: ...", "1. ...?", or one voice asking;
the answer is "A"); a timecode
on a line of its own starts a new turn for the same speaker, or dates the labelled turn
right below it. Text without trusted labels falls back to paragraphs. A header block
above the first turn ("Interviewee: Gwen Pryce", "Area: ...", "Date of visit: ...") is
metadata, never a turn; of an email copied out with its header (From:, Sent:, Subject:)
the sign-off, the signature and the thread it quotes are no one's words here, and the rest
is its sender's.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from itertools import islice, pairwise

from ..privacy.name_lists import given_names
from ..privacy.names import HONORIFICS
from ..privacy.person_keys import is_session_key, people_in, reads_as_person
from ..records import Turn
from .base import _TIMECODE, has_words, iso_dates, seconds, strip_span
from .chats import CHAT_LINE, CHAT_NOTICE, CHAT_NUMBER, ZOOM_CHAT_LINE, sender
from .dates import date_heading, dated_line, heading_date

_UP = "A-ZÀ-ÖØ-Þ"
_TOKEN = rf"(?:[dl]['’])?[{_UP}][\w'’.\-]*"  # "d'Entremont", "l'Heureux" too
_PARTICLE = r"(?:de|van|von|der|den|da|del|di|bin|al|le|la|st\.?)"
_GENERIC = r"(?:Speaker|Participant|Respondent|Interviewee|Person|Guest|Caller|Unknown Speaker)[ \t]*\d{0,3}"
# A name, or a focus group's numbered voice: "Resident 2", "Woman 3", "Young person 1".
_NUMBERED = rf"{_TOKEN}(?:[ \t]+[a-z]+){{0,2}}[ \t]+\d{{1,3}}"
# A name surname first, as Teams and Otter exports from an organisation's directory write
# it: "Whitfield, Sarah".
_SURNAME_FIRST = rf"{_TOKEN}(?:[ \t]+{_TOKEN})?,[ \t]+{_TOKEN}(?:[ \t]+{_TOKEN})?"
# An email where the app knows no name for its owner ("jane.doe@partner.org.uk  0:41").
EMAIL_LABEL = r"[\w+-]+(?:\.[\w+-]+)*@[\w-]+(?:\.[\w-]+)+"
_LABEL = rf"(?:{EMAIL_LABEL}|{_GENERIC}|{_NUMBERED}|{_SURNAME_FIRST}|{_TOKEN}(?:[ \t]+(?:{_TOKEN}|{_PARTICLE})){{0,3}})"
_ROLE = r"(?:[ \t]*\((?![\d:.,]+\))[^()\n]{1,30}\))?"
_B = r"(?:\*\*|__)?"

COLON_LINE = re.compile(
    rf"^[ \t]*(?:[-*>][ \t]+)?(?:[\[(]?(?P<t1>{_TIMECODE})[\])]?[ \t]*[-–]?[ \t]*"
    rf"(?:[\[(]?{_TIMECODE}[\])]?[ \t]+)?)?{_B}"  # a span: "0:00:00.0 - 0:00:04.0 Helen: text"
    rf"(?P<label>{_LABEL}){_ROLE}(?:[ \t]*[\[(](?P<t2>{_TIMECODE})[\])])?{_B}[ \t]*:{_B}"
    rf"(?:[ \t]+|$)(?:[\[(](?P<t3>{_TIMECODE})[\])][ \t]*)?"  # "Helen: [00:00:05] text" (Sonix)
)
HEADER_LINE = re.compile(  # also a chat copied from Google Meet or Teams: "Sarah Whitfield 10:02 AM"
    rf"^[ \t]*\[?(?P<label>{_LABEL})\]?{_ROLE}[ \t]+[\[(]?(?P<t1>{_TIMECODE})(?P<clock>[ \t\u202f]?[apAP]\.?[mM]\.?)?"
    r"[\])]?[ \t]*$"
)
# The same with the turn after it on the line, as Zoom saves captions: "[Sarah Whitfield]
# 14:02:33 Okay, shall we start?" (the name in brackets: "Sarah 10:30 came in" is a note).
BRACKETED_LINE = re.compile(rf"^[ \t]*\[(?P<label>{_LABEL})\][ \t]+(?P<t1>{_TIMECODE})[ \t]+(?=\S)")
# A name and a time set apart by a dash, a bar or a comma on their own line, the turn on
# the lines below, as meeting note-takers export them ("Sarah Whitfield - 00:05", "00:05 |
# Sarah Whitfield"). Trusted only where two voices or more take four turns or more.
NAME_TIME_LINE = re.compile(
    rf"^[ \t]*(?P<label>{_LABEL}){_ROLE}[ \t]*[-–|,][ \t]*[\[(]?(?P<t1>{_TIMECODE})[\])]?[ \t]*$")
TIME_NAME_LINE = re.compile(
    rf"^[ \t]*[\[(]?(?P<t1>{_TIMECODE})[\])]?[ \t]*[-–|][ \t]*(?P<label>{_LABEL}){_ROLE}[ \t]*$")
# "[00:00:05] Helen Mayberry" on its own line, the turn on the lines below (Trint).
STAMP_LINE = re.compile(
    rf"^[ \t]*[\[(]?(?P<t1>{_TIMECODE})[\])]?[ \t]+\[?(?P<label>{_LABEL})\]?{_ROLE}[ \t]*$"
)
COLUMN_LINE = re.compile(
    rf"^(?:[\[(]?(?P<t2>{_TIMECODE})[\])]?[ \t]+)?(?P<label>{_TOKEN}(?:[ \t]{_TOKEN})?)"
    rf"(?:\t+|[ ]{{2,}})(?:[\[(]?(?P<t1>{_TIMECODE})[\])]?[ \t]+)?(?=\S)"
)
# Shapes that only count where a known or generic label uses them (see `trusted_labels`):
# "SARAH" or "Interviewer" alone on a line, the turn on the lines below; "Helen – text";
# "Q. text" / "A. text".
OWN_LINE = re.compile(rf"^[ \t]*(?P<label>{_LABEL}){_ROLE}[ \t]*$")
DASH_LINE = re.compile(rf"^[ \t]*(?P<label>{_LABEL}){_ROLE}[ \t]+[–—-][ \t]+(?=\S)")
DOT_LINE = re.compile(r"^[ \t]*(?P<label>[QA])\.[ \t]+(?=\S)")
_LOOSE = ("own", "dash", "dot")
# The meeting app's own lines: a reaction in a Zoom chat, Teams' "Sarah Whitfield started
# transcription", "Tom Nowak joined the meeting" (a name nobody may list, inside the
# quote before it), "Sarah added Tom Nowak to the chat", Otter's closing "Transcribed by
# https://otter.ai"; no one's words.
_SOMEONE = rf"(?!(?:He|She|They|We|I|You|It|Everyone|Nobody)\b){_LABEL}"
APP_NOTICE = re.compile(
    r"^[ \t]*(?:Reacted to [\"“].+[\"”] with \S+|Removed a \S+ reaction from [\"“].+[\"”]"
    rf"|(?:{_LABEL}[ \t]+)?(?:started|stopped) (?:transcription|recording)"
    rf"|{_SOMEONE}[ \t]+(?:has[ \t]+)?(?:joined|left)[ \t]+the[ \t]+(?:meeting|call|chat|conversation)"
    rf"|{_SOMEONE}[ \t]+(?:added|removed)[ \t]+[^\n]{{1,80}}?[ \t]+(?:to|from)[ \t]+the[ \t]+(?:meeting|call|chat|conversation)"
    r"|(?:Recording|Transcription) (?:started|stopped|has started|has stopped)\b.{0,60}"
    r"|Transcribed (?:by|with|using) (?:https?://)?[\w.-]+\.\w+/?)\.?[ \t]*$")
TIME_LINE = re.compile(rf"^[ \t]*[\[(]?(?P<t1>{_TIMECODE})[\])]?[ \t]*$")
# A caption's cue pasted as text, or Teams' older transcript download, its figures unpadded
# ("0:0:5.450 --> 0:0:9.120"); the speaker's name may follow alone on the next line.
_CUE_TIME = r"\d{1,2}:\d{1,2}(?::\d{1,2})?(?:[.,]\d{1,3})?"
CUE_LINE = re.compile(rf"^[ \t]*(?P<t1>{_CUE_TIME})[ \t]*-->[ \t]*{_CUE_TIME}(?:[ \t].*)?$")
STRUCTURE_LINE = re.compile(r"^[ \t]*(?:#{1,6}[ \t]|(?:-{3,}|\*{3,}|_{3,}|={3,})[ \t]*$)")
# Labels of the questions alone ("Q: How long have you lived here?"): where a transcript
# labels nothing else, the line after a question (or the paragraph after its own) starts
# its answer, said by `ANSWER_LABEL`.
QUESTION_LABELS = frozenset({"q", "question", "interviewer", "int", "i"})
# A numbered question of interview notes, "Q1: How long have you lived here?", "Question 2.
# ...?": read as "Q" where it asks (a line ending in "?"; "Q1: 34 visits" in a report does
# not) and two or more do.
NUMBERED_QUESTION = re.compile(r"^[ \t]*(?:Q|Question)[ \t]*\d{1,2}[.:)][ \t]+(?=\S)")
ANSWER_LABEL = "A"
GENERIC_LABELS = frozenset(
    {"q", "a", "i", "r", "int", "resp", "interviewer", "interviewee", "respondent",
     "participant", "facilitator", "moderator", "question", "answer", "unknown speaker"}
)
# Words that start "Word: ..." lines in notes and preambles but never name a speaker.
_NOT_SPEAKERS = frozenset((
    "note", "notes", "nb", "ps", "date", "time", "location", "place", "venue", "re", "subject",
    "title", "summary", "update", "example", "tip", "action", "actions", "outcome", "outcomes",
    "topic", "topics", "comment", "comments", "source", "edit", "warning", "important",
    "present", "attendees", "apologies", "agenda", "item", "items", "questions",
    "key", "theme", "themes", "quote", "transcript", "recording", "duration",
    "length", "file", "tags", "context", "background", "purpose", "aim", "aims", "result",
    "results", "next", "steps", "follow", "up",
    # an email's header and a signature's contact lines; a chat's poll
    "from", "sent", "to", "cc", "bcc", "tel", "mob", "mobile", "phone", "email", "fax", "web", "website",
    "poll", "option",
))
# Titles before a surname in speaker labels, as label keys write them ("mrs whitfield").
TITLES = ("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "cllr", "rev")
# Those and the rest that come before a name in meeting records ("The Rt Hon ..."): the
# words pseudonymisation strips from a label to find the name.
_TITLE_WORDS = frozenset(TITLES) | {w.lower() for w in HONORIFICS}
_GENERIC_KEY = re.compile(r"^(?:speaker|participant|respondent|interviewee|person|guest|caller)\s*\d+$")


def label_key(label: str) -> str:
    """The form labels are compared in: case-folded, no dots, single spaces (an email
    keeps its dots)."""
    if "@" in label:
        return label.strip().casefold()
    label = re.sub(r"\([^)]*\)", " ", label).replace(".", " ").replace("’", "'")
    return " ".join(label.casefold().split())


def could_be_speaker(key: str) -> bool:
    """A label seen once may be a speaker if it is short and not a heading word ("Note",
    "Question 2"). Titles do not count to its length: "Mr. Tony Van Bynen" is a name of
    three words."""
    words = key.split()
    while len(words) > 1 and words[0] in _TITLE_WORDS:
        words = words[1:]
    return len(words) <= 3 and label_stem(key) not in _NOT_SPEAKERS


def label_stem(key: str) -> str:
    """A label key without its number: "resident" for "resident 3"."""
    return re.sub(r"\s+\d+$", "", key)


def is_generic(key: str) -> bool:
    """Labels that name a role or a number, not a person ("Q", "Speaker 2")."""
    return key in GENERIC_LABELS or bool(_GENERIC_KEY.match(key))


@dataclass(slots=True)
class _Line:
    number: int
    start: int
    end: int
    kind: str  # label, time, structure, blank, plain, header, quoted (email); notice, anonymous (chat exports)
    label: str | None = None
    key: str | None = None
    rest: int = 0
    time: float | None = None
    style: str = ""
    day: str | None = None  # a chat message's date, as written


LIST_ITEM = re.compile(r"[ \t]*(?:[-*+•‣▪]|\d{1,3}[.)])[ \t]+(?=\S)")


# The shapes of a labelled line, tried in this order (the first that matches names it).
_SHAPES = (("chat", CHAT_LINE), ("chat", ZOOM_CHAT_LINE), ("colon", COLON_LINE), ("header", HEADER_LINE),
           ("header", BRACKETED_LINE),
           ("column", COLUMN_LINE), ("stamp", STAMP_LINE), ("apart", NAME_TIME_LINE), ("apart", TIME_NAME_LINE),
           ("dash", DASH_LINE), ("dot", DOT_LINE), ("own", OWN_LINE))


def _classify(text: str, start: int, end: int, number: int) -> _Line:
    line = text[start:end]
    if not line.strip():
        return _Line(number, start, end, "blank")
    if STRUCTURE_LINE.match(line):
        return _Line(number, start, end, "structure")
    if m := TIME_LINE.match(line):
        return _Line(number, start, end, "time", time=seconds(m["t1"]))
    if m := CUE_LINE.match(line):
        return _Line(number, start, end, "time", time=seconds(m["t1"]), style="cue")
    if CHAT_NOTICE.match(line):
        return _Line(number, start, end, "notice", style="chat")
    if APP_NOTICE.match(line):
        return _Line(number, start, end, "notice")
    if m := CHAT_NUMBER.match(line):
        return _Line(number, start, end, "anonymous", rest=start + m.end(), day=m["day"], style="chat")
    if (m := NUMBERED_QUESTION.match(line)) and line.rstrip().endswith("?"):
        return _Line(number, start, end, "label", label="Q", key="q", rest=start + m.end(), style="numbered")
    for style, pattern in _SHAPES:
        if m := pattern.match(line):
            times = m.groupdict()
            stamp = times.get("t1") or times.get("t2") or times.get("t3")
            if times.get("clock"):  # a time of day: a chat's message, not a place in a recording
                style, stamp = "chat", None
            label = m["label"].strip()
            if style == "chat":  # "Sarah W 🌻" is Sarah W
                if len(label.split()) > 5:  # 'Rachel changed the subject to "Hub: ...', the app's
                    return _Line(number, start, end, "notice", style="chat")
                label = sender(label)
            return _Line(number, start, end, "label", label=label, key=label_key(label),
                         rest=start + m.end(), time=seconds(stamp) if stamp else None, style=style,
                         day=times.get("day"))
    return _Line(number, start, end, "plain")


# A transcript run into one line ("Helen: How was it? Doreen: Terrible. Helen: And ..."), as
# some players and forms copy it: a label after a sentence's end.
_RUN_ON_LABEL = re.compile(r"(?<=[.!?…\"”’')\]])[ \t]+(?P<label>[A-Z][\w'’-]*(?:[ \t][A-Z][\w'’-]*)?):[ \t]")


def _run_on_turns(line: str) -> list[int]:
    """Where a line that runs several turns together starts each after its first: it opens
    with a label, and three more follow sentences' ends, one of them at least twice."""
    if line.count(":") < 4 or not COLON_LINE.match(line):  # a colon to each of the four labels
        return []
    found = list(_RUN_ON_LABEL.finditer(line))
    if len(found) < 3 or Counter(m["label"] for m in found).most_common(1)[0][1] < 2:
        return []
    return [m.start("label") for m in found]


# A question and its answer typed on one line, as quick notes write them: "Q: How long
# have you lived here? A: Thirty years." ("Q. ... A. ...") or "Interviewer: ...? Doreen:
# ..." (a question label, `_QUESTION_OPENS`, then after the question a label,
# `_ANSWER_AFTER`: an answer's label, or one that answers on two lines or more), or a
# numbered question with its answer after it, "Q1: How long have you lived here? Thirty
# years." (`NUMBERED_QUESTION`; the answer starts after the line's last "?").
_QUESTION_OPENS = re.compile(r"^[ \t]*(?:Q|Question|Interviewer|Int|I)[ \t]*\d{0,2}[.:)][ \t]+\S")
_ANSWER_AFTER = re.compile(r"(?<=\?)[ \t]+(?P<label>[A-Z][\w'’-]*(?:[ \t][A-Z][\w'’-]*)?[ \t]*\d{0,2}):[ \t]+\S"
                           r"|(?<=[?.!])[ \t]+(?P<answer>(?:A|Answer)[ \t]*\d{0,2})[.:][ \t]+\S")
_NUMBERED_ANSWER = re.compile(r"(?:A|Answer)[ \t]*\d{1,2}", re.IGNORECASE)


def _answer_on_the_line(line: str) -> tuple[int, str | None] | None:
    """Where the answer starts on a line that holds a question and its answer, and the
    key of the label it starts with (None: unlabelled, after a numbered question)."""
    if not _QUESTION_OPENS.match(line) or "?" not in line:
        return None
    if m := _ANSWER_AFTER.search(line):
        label = m["label"] or m["answer"]
        return m.start(m.lastgroup), label_key("A" if _NUMBERED_ANSWER.fullmatch(label) else label)
    if NUMBERED_QUESTION.match(line) and (after := line.rfind("?") + 1) and line[after:].strip():
        return after + len(line[after:]) - len(line[after:].lstrip()), None
    return None


_LISTED_QUESTION = re.compile(r"[ \t]*\d{1,2}[.)][ \t]+(?=\S)")


def _number_the_questions(text: str, lines: list[_Line]) -> None:
    """Interview notes numbering their questions as a list ("1. How long have you lived
    here?"), each answered on the lines below (a line, or a list of bullets, that neither
    asks nor is numbered): where two or more are, each is the interviewer's, as "Q1: ...?"
    is. A list of questions with no answers under them ("Questions for next time") stays
    as it is."""
    def answered(i: int) -> bool:
        below = _next_filled(lines, i)
        line = text[below.start:below.end] if below else ""
        return below is not None and (below.kind == "plain" or below.style == "own") \
            and not _LISTED_QUESTION.match(line) and not line.rstrip().endswith("?")
    asked = [i for i, ln in enumerate(lines) if ln.kind == "plain"
             and _LISTED_QUESTION.match(text, ln.start, ln.end)
             and text[ln.start:ln.end].rstrip().endswith("?") and answered(i)]
    for i in asked if len(asked) >= 2 else ():
        ln = lines[i]
        lines[i] = replace(ln, kind="label", label="Q", key="q", style="numbered",
                           rest=_LISTED_QUESTION.match(text, ln.start, ln.end).end())


def classify_lines(text: str, first_line: int = 1, known: frozenset[str] = frozenset()) -> list[_Line]:
    """One `_Line` per line of `text`, and one per turn of a line that runs turns together
    (`_run_on_turns`) or holds a question and its answer (`_answer_on_the_line`), all with
    the line's number; offsets index `text`. A label after a question answers it where it
    does so twice or more, or is generic ("A:", "Resident:"), `known` (the manifest's) or
    a given name ("Interviewer: ...? Doreen: ..." once)."""
    raws = text.split("\n")
    answers = [_answer_on_the_line(raw) for raw in raws]
    answering = Counter(a[1] for a in answers if a)
    lines, pos, number = [], 0, first_line
    for raw, answer in zip(raws, answers, strict=True):
        if answer and answer[1] and answering[answer[1]] < 2 and not is_generic(answer[1]) \
                and answer[1] not in known and answer[1].split()[0] not in given_names():
            answer = None  # "I: ... Busy? Yes: very." answers nothing
        cuts = [0, *(_run_on_turns(raw) or ([answer[0]] if answer else [])), len(raw)]
        for a, b in pairwise(cuts):
            lines.append(_classify(text, pos + a, pos + b, number))
        pos += len(raw) + 1
        number += 1
    _number_the_questions(text, lines)
    if any(ln.style == "numbered" for ln in lines):
        for ln in lines:  # "A1:" answers Q1: one voice, not a focus group's voice 1
            if ln.kind == "label" and _NUMBERED_ANSWER.fullmatch(ln.label):
                ln.label, ln.key = ANSWER_LABEL, label_key(ANSWER_LABEL)
    for before, ln in pairwise(lines):
        if before.style == "cue" and ln.kind == "label" and ln.style == "own":
            ln.style, ln.time = "stamp", before.time  # "[00:00:05] Helen" on two lines
        elif ln.style == "cue" and before.kind == "plain" and text[before.start:before.end].strip().isdigit():
            before.kind = "blank"  # the cue's number, as a subtitle file numbers them
    return lines


def trusted_labels(lines: list[_Line], known: frozenset[str]) -> set[str]:
    """Label keys that really start turns (see the module docstring).

    A label starting two or more lines is trusted. One seen once is trusted only inside
    the dialogue (from its first repeated label, or in a text with none from its first
    known or generic one: "Interviewer: ..." then "Resident: ..." is a question and its
    answer) and only if it is known, generic, or a short name-like label in a dialogue of
    `Name:` or `Name  0:05` lines. Header lines (`header_block`) are no labels.
    """
    labelled = [ln for ln in lines if ln.kind == "label"]
    by_style: dict[str, Counter] = {}
    for ln in labelled:
        by_style.setdefault(ln.style, Counter())[ln.key] += 1
    strong: set[str] = set()
    shouted = {ln.key for ln in labelled if ln.style in ("own", "stamp") and ln.label.isupper()}
    for style, keys in by_style.items():
        ok = {k for k, n in keys.items() if n >= 2}
        if style == "own":  # "SARAH" alone on a line names a speaker; "Yes" alone answers
            ok = {k for k in ok if k in shouted or k in known or is_generic(k)}
        if style == "stamp":  # "[00:00:05] Helen Mayberry", not "[00:00:05] Okay"
            ok = {k for k in ok if len(k.split()) > 1 or k in shouted or k in known or is_generic(k)}
        if style in ("column", "stamp", "apart", *_LOOSE) and (len(ok) < 2 or sum(keys[k] for k in ok) < 4):
            continue  # "I  went" typed with two spaces is not an I/R transcript
        if style in _LOOSE and not any(k in known or is_generic(k) for k in ok):
            continue  # "Pantry" and "Youth club" heading each week's notes are no dialogue
        strong |= ok
    if sum(ln.style == "chat" for ln in lines) >= 3:  # a chat export: whoever posted once posted
        strong |= set(by_style.get("chat", ()))       # all the same
        if sum(ln.style == "chat" for ln in labelled) > len(labelled) / 2:
            strong &= set(by_style.get("chat", ()))  # and "OPTION: Tuesday" in a poll is no one's message
    if any(k in strong for style in ("colon", "header", "chat") for k in by_style.get(style, ())):
        for style in _LOOSE:  # a transcript keeps to one shape; "Yes" alone on a line is an answer
            strong -= set(by_style.get(style, ())) - set(by_style.get("colon", ())) - set(by_style.get("header", ()))
    colon = by_style.get("colon", Counter())
    if any(k in strong for k in colon):
        strong -= set(by_style.get("column", ())) - set(colon)
    # Where the dialogue starts: its first repeated label, or in a dialogue of one question
    # and its answer ("Interviewer: ..." / "Resident: ..."), its known or generic label.
    first = next((ln.number for ln in labelled if ln.key in strong), None)
    if first is None:
        first = next((ln.number for ln in labelled if ln.style in ("colon", "header", "chat")
                      and (ln.key in known or is_generic(ln.key))), None)
    # A numbered label heard once ("Woman 4") is a voice in a focus group, where other
    # numbered voices ("Resident 1") speak more; in an interview, "Route 42:" at the start
    # of a line inside an answer is not a speaker.
    numbered = any(label_stem(k) != k for k in strong)
    weak = set()
    for ln in labelled:
        if ln.key in strong or ln.style in ("column", "stamp", "apart", *_LOOSE) or (first is not None and ln.number < first):
            continue
        if ln.key in known or is_generic(ln.key):
            weak.add(ln.key)
        elif first is None or ln.style not in ("colon", "header", "chat") or not could_be_speaker(ln.key):
            continue
        elif label_stem(ln.key) == ln.key or numbered:
            weak.add(ln.key)  # in a dialogue, a speaker heard only once still has a turn
    if sum(ln.style == "numbered" for ln in labelled) < 2 and not any(
            ln.key == "q" and ln.style != "numbered" for ln in labelled):
        strong.discard("q")  # one numbered question among notes is no interview
        weak.discard("q")
    return strong | weak


class _Builder:
    """Accumulates the current turn's content span and closes it into a Turn."""

    def __init__(self, text: str, page_of=None):
        self.text, self.page_of, self.turns = text, page_of, []
        self.cur: dict | None = None
        self.date: str | None = None  # of the dated heading the turns sit under

    def open(self, speaker: str | None, time: float | None, date: str | None = None) -> None:
        self.close()
        self.cur = {"speaker": speaker, "start": None, "end": None, "l0": None, "l1": None, "t": time,
                    "date": date}

    def asked(self) -> bool:
        """Does the current turn end in a question?"""
        cur = self.cur
        return cur is not None and cur["end"] is not None and self.text[cur["start"]:cur["end"]].rstrip().endswith("?")

    def add(self, start: int, end: int, number: int) -> None:
        if self.cur is None:
            self.open(None, None)
        if self.cur["start"] is None:
            self.cur["start"], self.cur["l0"] = start, number
        self.cur["end"], self.cur["l1"] = end, number

    def close(self) -> None:
        cur, self.cur = self.cur, None
        if not cur or cur["start"] is None:
            return
        start, end = strip_span(self.text, cur["start"], cur["end"])
        if not has_words(self.text[start:end]):
            return
        page = self.page_of(start) if self.page_of else None
        self.turns.append(Turn(start, end, speaker=cur["speaker"], line_start=cur["l0"],
                               line_end=cur["l1"], t_start=cur["t"], page=page,
                               metadata={"date": date} if (date := cur["date"] or self.date) else {}))


HEADER_KEYS = frozenset(("interviewee", "interviewer", "participant", "respondent", "narrator",
                         "date", "location", "area", "title", "facilitator"))
# Keys of a header that no speaker label is: "Area: Northfield", "Recording: gwen.wav".
_HEADER_ONLY_KEYS = frozenset(("date", "time", "location", "place", "venue", "area", "title",
                               "duration", "length", "recording", "file", "subject", "ward",
                               "setting", "session", "project", "organisation", "organization",
                               "from", "to", "cc", "bcc"))  # an email's too ("Sent:" is a date)
# Where an email (a header with From: and Subject:, Sent: or To:) stops being the sender's
# own words: a sign-off ("Thanks,", "Kind regards"), then the signature and the thread
# quoted below ("-----Original Message-----", "On 3 Mar 2026, Helen wrote:", "> ...").
_EMAIL_ENDS = re.compile(
    r"^[ \t]*(?:(?:(?:kind|best|warm|many)[ \t]+)?(?:regards|wishes|thanks|thank you|cheers|best)[ \t]*[,.!]?"
    r"|-{2,}[ \t]*(?:original message|forwarded message)[ \t]*-{2,}|on .{4,160} wrote:|_{10,}|>.*)[ \t]*$",
    re.IGNORECASE)
_HEADER_FIELD = re.compile(r"^\s*([A-Za-z][A-Za-z -]{0,20}?)\s*:\s*(\S.*?)\s*$")
_ADDRESS_PART = re.compile(r"<([^<>]*)>|\[mailto:([^\]]*)\]")  # of a From: line
_HEADER_LEAD = 3  # title lines a header block may sit under ("KESTREL VALE HUBS - ORAL HISTORY")
_NAME_PARTS = frozenset(("of", "the", "and", "&", "for", "de", "van", "von", "da", "al", "le", "la"))


def _names_someone(value: str) -> bool:
    """A header's value for a person or a team ("Gwen Pryce", "Hope Adeyemi, Riverside Food
    Bank"), not the start of what someone said ("What do you make of the hub?")."""
    words = re.findall(r"[\w'’.&-]+", re.sub(r"\([^)]*\)", " ", value))
    return 0 < len(words) <= 6 and not value.rstrip().endswith("?") and all(
        w[0].isupper() or w[0].isdigit() or w in _NAME_PARTS for w in words)


# The date of what a header describes, as forms ask it: "Date of visit", "Interview date".
_DATE_KEY = re.compile(r"date(?: of (?:the )?(?:visit|interview|session|meeting|call|conversation))?"
                       r"|(?:visit|interview|session|meeting|call) date|sent")


def _field_key(written: str) -> str:
    """A header field's key as metadata has it: "date" for "Date of visit"."""
    key = " ".join(written.casefold().split())
    return "date" if _DATE_KEY.fullmatch(key) else key


def _header_key(text: str, ln: _Line) -> str | None:
    """The key of a header line ("area" for "Area: Northfield"); None for any other line."""
    m = _HEADER_FIELD.match(text[ln.start:ln.end]) if ln.kind in ("label", "plain") else None
    if not m:
        return None
    key = _field_key(m[1])
    if key in _HEADER_ONLY_KEYS or is_session_key(key) or (key in HEADER_KEYS and _names_someone(m[2])):
        return key
    return None


def header_block(text: str, lines: list[_Line]) -> set[int]:
    """Line numbers of the header above a transcript or a note ("Interviewee: Gwen Pryce",
    "Area: Northfield", "Date: 3 March"): a run of `Key: value` lines among its first few.
    They are metadata, never a turn, even where the key is also a speaker's label
    ("Interviewer: Sam" above "Interviewer: How long have you lived here?"). A run of
    speaker keys alone is a header only where a name follows each and the dialogue does
    not go straight on ("Interviewer: Sam" then "Resident: Yes, I think so" is two turns)."""
    content = [ln for ln in lines if ln.kind != "blank"]
    start = next((i for i, ln in enumerate(content[:_HEADER_LEAD + 1]) if _header_key(text, ln)), None)
    if start is None or any(ln.style == "colon" for ln in content[:start]):
        return set()
    first = next(i for i, ln in enumerate(lines) if ln is content[start])
    block, keys, last = [], [], first
    for i, ln in enumerate(lines[first:], start=first):
        if ln.kind == "blank" and i + 1 < len(lines) and lines[i + 1].kind != "blank":
            continue  # a PDF's or a form's fields, a paragraph each
        if (key := _header_key(text, ln)) is None:
            break
        block.append(ln.number)
        keys.append(key)
        last = i
    after = lines[last + 1:][:1]
    goes_on = bool(after) and after[0].kind == "label"  # the dialogue straight after it
    if goes_on and all(k in HEADER_KEYS and k not in _HEADER_ONLY_KEYS for k in keys):
        return set()
    return set(block)


def email_header(text: str, lines: list[_Line], head: set[int]) -> dict[str, str]:
    """The fields of an email's header block (`head`), by key ("from", "to", "date" for
    Sent:); empty unless it has From: and Subject:, Sent: or To:, as an email copied out of
    a mail program has."""
    fields: dict[str, str] = {}
    for ln in lines:
        if ln.number in head and (key := _header_key(text, ln)):
            fields.setdefault(key, _HEADER_FIELD.match(text[ln.start:ln.end])[2])
    return fields if "from" in fields and fields.keys() & {"subject", "date", "to"} else {}


def email_tail(text: str, lines: list[_Line], head: set[int]) -> set[int]:
    """Line numbers of an email's end, from its sign-off (`_EMAIL_ENDS`): the signature and
    the thread it quotes. `head` is the email's header block (`email_header`)."""
    body = [ln for ln in lines if ln.number > max(head)]
    end = next((i for i, ln in enumerate(body) if _EMAIL_ENDS.match(text[ln.start:ln.end])), len(body))
    return {ln.number for ln in body[end:]}


def email_sender(value: str) -> str | None:
    """Who an email's From: line names: the person, where a known given name opens the name
    shown ("Jane Doe" of "Jane Doe <jane.doe@eastway.org.uk>", of Outlook's "Doe, Jane
    [mailto:...]"), else the address (an organisation's "Eastway Housing <info@...>"); None
    where it names neither ("Northfield Hub")."""
    name, address = _shown_name(value)
    people = people_in(name) if name else []
    return people[0] if len(people) == 1 and _given_first(people[0]) else address


def email_recipients(email: dict[str, str]) -> list[str]:
    """The people an email's To: and Cc: lines name ("Helen Mayberry", "Zbyszek Wrobel"),
    so privacy replaces them wherever the email does; not an organisation ("Eastway
    Housing") nor an address alone, which is scrubbed as an email."""
    people = []
    for line in (email.get("to", ""), email.get("cc", "")):
        for part in re.split(r";|(?<=[>\]])[ \t]*,", line):  # "A <a@x>; B <b@x>", "A <a@x>, B <b@x>"
            name, _ = _shown_name(part)
            people += [p for p in (people_in(name) if name else []) if reads_as_person(p) or _given_first(p)]
    return people


def _shown_name(value: str) -> tuple[str, str | None]:
    """(the name an address line shows, its address): ("Jane Doe", "jane.doe@...") of
    "Jane Doe <jane.doe@...>"; ("", address) of an address alone."""
    address = next((a for m in _ADDRESS_PART.finditer(value) for a in m.groups() if a), None)
    name = " ".join(_ADDRESS_PART.sub(" ", value).replace('"', " ").split())
    return ("", name) if re.fullmatch(EMAIL_LABEL, name) else (name, address)


def _given_first(name: str) -> bool:
    """Does a known given name, capitalised, open `name`?"""
    first = name.split()[0] if name.split() else ""
    return first[:1].isupper() and first.lower() in given_names()


def title_date(text: str, lines: list[_Line]) -> str | None:
    """The date, with its year, of a title over the text ("Minutes of the meeting held 2
    June 2026", "Interview with Gwen, 3 March 2026"): one of its first lines, short and no
    sentence."""
    for ln in islice((ln for ln in lines if ln.kind != "blank"), _HEADER_LEAD):
        line = text[ln.start:ln.end].strip()
        if ln.kind == "plain" and len(line.split()) <= 12 and not line.endswith((".", "?", "!")):
            date = heading_date(line)
            if date and not date.startswith("--"):
                return date
    return None


def header_fields(text: str, lines: list[_Line], trusted: set[str]) -> dict[str, str]:
    """`Interviewee: ...`, `Date: ...` (`Date of visit: ...`) lines above the first turn,
    as metadata; and who was there or wrote it down (`Transcriber: ...`, `Present: ...`:
    privacy's session keys), so privacy replaces them wherever the source names them. Of
    prose (no `trusted` labels) the fields read are its `header_block`'s and, wherever
    they are, the session keys."""
    fields: dict[str, str] = {}
    for ln in lines:
        if ln.kind == "label" and ln.key in trusted:
            break
        for part in re.split(r"\t+| {3,}", text[ln.start:ln.end]):
            m = _HEADER_FIELD.match(part)
            key = _field_key(m[1]) if m else ""
            if m and key not in fields and (((trusted or ln.kind == "header") and key in HEADER_KEYS)
                                            or is_session_key(key)):
                fields[key] = m[2]
    return fields


_ASKER_ROLE = re.compile(r"\((?:the[ \t]+)?(?:interviewer|facilitator|moderator|researcher)\)", re.IGNORECASE)


def _named_asker(text: str, lines: list[_Line], trusted: set[str]) -> str | None:
    """The speaker a label names as the interviewer ("Sam (interviewer):", "Priya
    (Facilitator):"), so the manifest's Sam, an organiser, asks here and is not heard."""
    return next((ln.label for ln in lines if ln.kind == "label" and ln.key in trusted
                 and _ASKER_ROLE.search(text, ln.start, ln.rest)), None)


def _one_asker(text: str, lines: list[_Line], trusted: set[str]) -> bool:
    """Is the one voice labelled the interviewer's, asking ("Sam (interviewer): How long
    have you lived here?"), two questions or more and most of its turns, with the answers
    typed below each unlabelled?"""
    if len(trusted) != 1:
        return False
    said = [text[ln.rest:ln.end].rstrip() for ln in lines if ln.kind == "label" and ln.key in trusted]
    asked = sum(s.endswith("?") for s in said)
    return asked >= 2 and asked * 2 >= len(said)


def _level(line: str) -> int:
    """A markdown heading's level (1 for "#"); 7 for a rule or a Word heading."""
    stripped = line.lstrip()
    return len(stripped) - len(stripped.lstrip("#")) or 7


def parse_turns(text: str, *, known: frozenset[str] = frozenset(), first_line: int = 1,
                offset: int = 0, page_of=None, line_paragraphs: bool = False,
                headings: frozenset[int] = frozenset()) -> tuple[list[Turn], str, dict[str, str]]:
    """Turns in `text` (spans shifted by `offset`), the kind of source its shape says it is
    ("interview" where speaker labels were found, "conversation" for a chat export,
    "document" for prose), and the header fields above the first turn (`Interviewee: ...`,
    `Date: ...`).

    Without trusted labels every paragraph (block between blank lines), and every item of
    a list ("- ", "* ", "• ", "1. "; notes are often kept so, one observation an item), is
    one turn with no speaker, the item's marker left out. With `line_paragraphs` (a Word
    document: one line per paragraph, rarely a blank one between) every line is a
    paragraph. Lines numbered in `headings` are headings: they end a turn and start none.
    A heading with a date dates the turns under it (turn metadata `date`), up to the next
    heading of its level or above; in prose, so does a line that is only a date.
    """
    lines = classify_lines(text, first_line, known)
    head = header_block(text, lines)
    email = email_header(text, lines, head)
    tail = email_tail(text, lines, head) if email else set()
    for ln in lines:
        if ln.number in head:
            ln.kind = "header"  # metadata (`header_fields`), never a turn
        elif ln.number in tail:
            ln.kind = "quoted"  # an email's sign-off, signature and the thread below, no one's words here
    trusted = trusted_labels(lines, known)
    header = header_fields(text, lines, trusted)
    if asker := _named_asker(text, lines, trusted):
        header.setdefault("interviewer", asker)  # "Sam (interviewer): ..." says who asks
    if "date" not in header and (titled := title_date(text, lines)):
        header["date"] = titled
    if email and not trusted and (sent_by := email_sender(email["from"])):
        header.setdefault("sender", sent_by)  # an email's words are its sender's
    if email and (to := email_recipients(email)):
        header.setdefault("recipient_name", "; ".join(to))  # a person key: replaced wherever named
    build = _Builder(text, page_of=(lambda i: page_of(i + offset)) if page_of else None)
    pending, current, dated_level = None, None, 0
    # "Q: ..." lines, or one voice asking, the answers unlabelled
    asks_only = bool(trusted) and (trusted <= QUESTION_LABELS or _one_asker(text, lines, trusted))
    days, _ = iso_dates(ln.day for ln in lines)  # a chat message's date; 12/25/2026: a US phone's export
    for i, (ln, day) in enumerate(zip(lines, days, strict=True)):
        if ln.kind == "label" and ln.key in trusted:
            build.open(ln.label, ln.time if ln.time is not None else pending, day)
            pending, current = None, ln.label
            if text[ln.rest:ln.end].strip():
                build.add(ln.rest, ln.end, ln.number)
        elif ln.kind == "notice" and trusted:
            build.close()  # the app's own line ("joined", "<Media omitted>"), no one's words
            current = None
        elif ln.kind == "anonymous" and trusted:
            build.open(None, None, day)
            current = None
            build.add(ln.rest, ln.end, ln.number)
        elif ln.kind == "time":
            if build.cur is not None and trusted and not _label_follows(lines, i, trusted):
                build.open(current, ln.time)
            else:
                build.close()
                pending = ln.time
        elif ln.kind in ("header", "quoted"):
            build.close()
            current = None
        elif (ln.kind == "structure" or ln.number in headings or (ln.kind == "blank" and not trusted)
              or (not trusted and date_heading(text, ln.start, ln.end))):
            build.close()
            current = None
            if ln.kind != "blank":
                line = text[ln.start:ln.end]
                level = _level(line)
                if date := heading_date(line):
                    build.date, dated_level = date, level
                elif level <= dated_level:
                    build.date, dated_level = None, 0
        elif ln.kind != "blank" and (build.cur is not None or not trusted):
            if (asks_only and current is not None and label_key(current) in trusted
                    and (build.asked() or lines[i - 1].kind == "blank")):
                build.open(ANSWER_LABEL, None)  # the line after a question, or its paragraph, answers it
                current = ANSWER_LABEL
            # an item of a list is a turn of its own in prose and in an answer ("- Thirty years")
            listed = not trusted or current == ANSWER_LABEL
            item = LIST_ITEM.match(text, ln.start, ln.end) if listed else None
            body = item.end() if item else ln.start
            date, after = (None, body) if trusted else dated_line(text, body, ln.end)
            if build.cur is None or item or date or (line_paragraphs and not trusted):  # prose: a turn each
                build.open(current if trusted else None, pending, date)
                pending = None
            build.add(after, ln.end, ln.number)
    build.close()
    turns = [_shift(t, offset) for t in build.turns] if offset else build.turns
    return turns, _kind(lines, trusted), header


def _label_follows(lines: list[_Line], time: int, trusted: set[str]) -> bool:
    """Does a trusted label come next after the time on a line of its own, `lines[time]`?
    Then the time is that turn's ("00:01:12" above "Helen: ..." in a Google Meet
    transcript), not a new turn of the current speaker's."""
    below = _next_filled(lines, time)
    return below is not None and below.kind == "label" and below.key in trusted


def _next_filled(lines: list[_Line], i: int) -> _Line | None:
    """The first line after `lines[i]` that is not blank."""
    return next((ln for ln in islice(lines, i + 1, None) if ln.kind != "blank"), None)


def _kind(lines: list[_Line], trusted: set[str]) -> str:
    """The kind of source its turns make: mostly chat messages are a conversation."""
    if not trusted:
        return "document"
    said = [ln.style for ln in lines if ln.kind == "label" and ln.key in trusted]
    return "conversation" if said.count("chat") > len(said) / 2 else "interview"


def _shift(turn: Turn, offset: int) -> Turn:
    return replace(turn, char_start=turn.char_start + offset, char_end=turn.char_end + offset)

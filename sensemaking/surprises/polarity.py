"""A small, documented polarity scorer for stance in community-programme talk.

Not a sentiment model: a lexicon of about 190 words people use when they praise or
criticise a service, a place or their situation ("lifeline", "welcoming", "ashamed",
"ignored"), scored +1/-1 (+2/-2 for the strongest), with three rules borrowed from VADER
(Hutto & Gilbert 2014):

- negation: a negator ("not", "never", "don't", "nobody", ...) up to three words before
  a word flips its sign and weakens it (x -0.75): "not helpful" is negative;
- contrast: in a sentence with "but", words before it count half, words after it 1.5x;
- normalisation: the sum s becomes s / sqrt(s^2 + 4), a score in (-1, 1).

Stance is not only sentiment: someone can praise the food and the volunteers and still
refuse to go back. A handful of stance phrases count -3 or +3 (more than any one word),
whatever surrounds them: avoidance ("don't go again", "rather go without", "stopped coming", "put me off")
and reliance ("couldn't manage without", "don't know what we'd have done without",
"the only reason we get by", "made a real difference", "keeps me going").

Topic words (damp, bus, waiting list) carry no polarity here: a theme about damp is not
"negative" about anything by being about damp. Scores of +-0.2 and beyond count as a stance.

Some words name how the speaker feels rather than what they think of something: worry,
fear, loneliness, exhaustion, struggle, relief, hope (`FEELINGS`). They count for the
mood of a theme; `polarity(text, feelings=False)` leaves them out, for stance on a
target: "I'm scared the hospital will be overwhelmed" feels, it does not criticise the
hospital.
"""

from __future__ import annotations

import math
import re

STANCE = 0.2


def _words(text: str) -> list[str]:
    return text.split()


_STRONG_POSITIVE = _words("""lifeline lifesaver brilliant amazing fantastic wonderful excellent superb
outstanding love loved loves adore perfect beautiful godsend""")
_POSITIVE = _words("""good great lovely nice helpful helped helps kind kindness friendly welcoming welcomed
safe happy glad enjoy enjoyed enjoys enjoyable fun better best improve improved improving
improvement grateful thankful thanks appreciate appreciated easy easier useful valuable
worth positive proud confident trusted trusting reliable comfortable respected
dignity listened listens caring cared calm relief relieved hopeful success successful
thriving supportive supported smashing sound fab decent pleased
backbone fixed sorted thrive treasure gem
favourite""")
_STRONG_NEGATIVE = _words("""awful terrible horrible humiliating humiliated degrading demeaning ashamed
shame shameful disgusting hate hated hates appalling unbearable""")
_NEGATIVE = _words("""bad worse worst poor struggle struggling struggled difficult hard impossible stuck
isolated isolating lonely scared afraid fear fearful worried worry worrying anxious stress
stressed stressful angry upset sad embarrassed embarrassing judged judging stigma rude
ignored ignoring useless pointless unfair unsafe dangerous fail failed failing broken waste
wasted frustrated frustrating annoyed annoying grim nightmare miserable exhausted tired
shattered overwhelmed desperate hopeless helpless invisible intrusive nosy prying
patronising patronised condescending unwelcome uncomfortable hostile disappointed
disappointing letdown unhelpful untrustworthy ridiculous problem problems killer crisis
suffering suffer suffered scary""")
FEELINGS = frozenset(_words("""happy glad calm relief relieved hopeful confident proud comfortable
struggle struggling struggled difficult hard stuck isolated isolating lonely scared afraid fear
fearful worried worry worrying anxious stress stressed stressful upset sad grim miserable exhausted
tired shattered overwhelmed desperate hopeless helpless crisis suffering suffer suffered scary"""))
_NEGATORS = {"not", "no", "never", "nobody", "nothing", "neither", "nor", "none", "without",
             "cannot", "hardly", "barely", "isn't", "wasn't", "aren't", "weren't", "don't",
             "doesn't", "didn't", "won't", "wouldn't", "can't", "couldn't", "shouldn't", "ain't",
             "isnt", "wasnt", "dont", "doesnt", "didnt", "wont", "cant", "couldnt"}

LEXICON: dict[str, float] = {
    **{w: 1.0 for w in _POSITIVE},
    **{w: 2.0 for w in _STRONG_POSITIVE},
    **{w: -1.0 for w in _NEGATIVE},
    **{w: -2.0 for w in _STRONG_NEGATIVE},
}
_AVOIDANCE = re.compile(
    r"\b(?:(?:don't|do not|won't|wouldn't|never|not) (?:go|come|going|coming) (?:back|again)"
    r"|rather go without|stopped (?:going|coming)|never again|put (?:me|us|them|people) off"
    r"|waste of time|felt (?:so )?small)\b"
)
_RELIANCE = re.compile(
    r"\b(?:(?:couldn't|could not|can't|cannot) (?:manage|cope) without|wouldn't be here without"
    r"|made (?:a|all the) (?:real |big |huge )?difference|keeps? (?:me|us) going"
    r"|(?:don't|do not|didn't) know what (?:i|we|they)(?:'d| would) (?:have )?do(?:ne)? (?:\w+ ){0,3}without"
    r"|only reason (?:\w+ ){1,4}(?:get|gets|got|getting) (?:by|through))\b"
)
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def polarity(text: str, *, feelings: bool = True) -> float:
    """Polarity of a text in (-1, 1): the normalised sum over its sentences (without the
    words in FEELINGS when `feelings` is false)."""
    ignore = frozenset() if feelings else FEELINGS
    total = sum(_sentence_sum(s, ignore) for s in _SENTENCE.split(text.lower().replace("\u2019", "'")))
    return total / math.sqrt(total * total + 4) if total else 0.0


def stance(score: float) -> int:
    """+1, -1 or 0 (no clear stance) for a polarity score."""
    return 1 if score >= STANCE else -1 if score <= -STANCE else 0


def _sentence_sum(sentence: str, ignore: frozenset[str]) -> float:
    phrases = 3.0 * (len(_RELIANCE.findall(sentence)) - len(_AVOIDANCE.findall(sentence)))
    return phrases + _word_sum(sentence, ignore)


def _word_sum(sentence: str, ignore: frozenset[str]) -> float:
    tokens = _TOKEN.findall(sentence)
    but = tokens.index("but") if "but" in tokens else None
    total = 0.0
    for i, token in enumerate(tokens):
        value = LEXICON.get(token)
        if value is None or token in ignore:
            continue
        if any(t in _NEGATORS for t in tokens[max(0, i - 3) : i]):
            value *= -0.75
        if but is not None:
            value *= 0.5 if i < but else 1.5
        total += value
    return total

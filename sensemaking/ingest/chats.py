"""Chat exports, read message by message: a WhatsApp group's (Android and iPhone) and a
Zoom meeting's saved chat. Each message line names its sender (and, in WhatsApp, its
day); the app's own lines ("joined", "<Media omitted>", a contact card sent, and on an
iPhone every line whose message opens with a left-to-right mark: "‎Sarah added Tom")
are no one's words; a message from a number not in the phone's contacts has no sender.
`labels` reads them as the shapes of a conversation. The people the app's lines name
(added, removed, joined, left) and a direct message's recipient are people though they
may never write: `members` lists them, for privacy to replace wherever the chat has them.
"""

from __future__ import annotations

import re

# A chat export's message: WhatsApp's "03/03/2026, 14:22 - Sarah: text" (Android) and
# "[03/03/2026, 14:22:05] Sarah: text" (iOS); a line with the stamp and no "Name:" is the
# app's own ("Sarah joined", "Messages are end-to-end encrypted").
_CHAT_STAMP = (r"^[ \t\u200e]*\[?(?P<day>\d{1,2}/\d{1,2}/\d{2,4}),?[ \t]+\d{1,2}[:.]\d{2}(?:[:.]\d{2})?"
               r"(?:[ \t\u202f]?[apAP]\.?[mM]\.?)?\]?[ \t]*(?:-[ \t]*)?")
# The sender as the phone shows them, emoji and all ("Sarah W 🌻"): anything up to the colon.
CHAT_LINE = re.compile(rf"{_CHAT_STAMP}(?P<label>[^:\n]{{1,40}}?)[ \t]*:[ \t]*")
# A meeting chat saved from Zoom: "10:02:15 From Sarah Whitfield to Everyone:" (the message
# on the lines below, or after the colon) or "10:02:15\t From Sarah Whitfield : message".
ZOOM_CHAT_LINE = re.compile(r"^[ \t]*\d{1,2}:\d{2}:\d{2}[ \t]+From[ \t]+(?P<label>[^:\n]{1,40}?)"
                            r"(?:[ \t]+to[ \t]+(?:Everyone|[^:\n]{1,40}?)(?:[ \t]*\(Direct Message\))?)?"
                            r"[ \t]*:[ \t]*")
# A message from a number not in the phone's contacts: a voice without a name. The number
# is written as the phone shows it, spaces, dashes, brackets or dots between its groups
# ("+48 601 234 567", "07700.900.456"), and between direction marks, as both phones write
# it ("\u202a+44 7700 900123\u202c"); privacy's patterns replace it in the text.
_MARKS = "[\u200e\u200f\u202a-\u202e\u2066-\u2069]*"
CHAT_NUMBER = re.compile(rf"{_CHAT_STAMP}{_MARKS}\+?\d[\d \u00a0().-]{{5,20}}\d{_MARKS}[ \t]*:[ \t]*")
# The app's own lines: a stamp and no sender; a placeholder for what was sent besides
# words; a file sent ("IMG-20260303-WA0001.jpg (file attached)", a contact card
# "Doreen Walsh.vcf (file attached)"); and an iPhone's line whose message opens with a
# left-to-right mark, its own lines written under the group's name ("Hub volunteers:
# \u200eSarah added Tom", "\u200eimage omitted", "\u200eLocation: https://maps...").
CHAT_NOTICE = re.compile(
    rf"{_CHAT_STAMP}(?:[^:\n]*$|[^:\n]*:[ \t]*(?:\u200e.*|[^\n]*\(file attached\)[ \t]*"
    r"|(?:<Media omitted>|<attached: [^>]*>"
    r"|(?:image|video|audio|sticker|GIF|document|Contact card) omitted|This message was deleted\.?"
    r"|You deleted this message\.?|Missed (?:voice|video) call|null"
    r"|Messages (?:and calls )?are end-to-end encrypted\b.*)[ \t]*)$)")
_NOT_IN_NAMES = re.compile(r"[^\w\s'’.,()\-]")  # a comma stays: "Whitfield, Sarah"


def sender(label: str) -> str:
    """A sender as the phone shows them, without emoji ("Sarah W 🌻" is Sarah W)."""
    return " ".join(_NOT_IN_NAMES.sub(" ", label).split()) or label


# The app's lines that name people: WhatsApp's "Sarah added Tom and Doreen Walsh", "Sarah
# removed Tom", "Tom left", "Tom joined using this group's invite link" (an iPhone's under
# the group's name, after a left-to-right mark); a meeting's "Tom Nowak joined the meeting",
# "Sarah added Tom Nowak to the chat"; the recipient of a direct message in a Zoom chat;
# the name of a contact card sent.
_WHO = r"[^:\n]{1,40}?"
_ACTS = (
    re.compile(rf"{_CHAT_STAMP}(?:[^:\n]*:[ \t]*\u200e)?(?P<by>{_WHO})[ \t]+(?:added|removed)[ \t]+"
               r"(?P<people>[^:\n]{1,200}?)[ \t]*$"),
    re.compile(rf"{_CHAT_STAMP}(?:[^:\n]*:[ \t]*\u200e)?(?P<people>{_WHO})[ \t]+(?:left|joined|joined using "
               r"this group.s invite link|joined from the community)\.?[ \t]*$"),
    re.compile(rf"^[ \t]*(?P<people>[A-Z]{_WHO})[ \t]+(?:has[ \t]+)?(?:joined|left)[ \t]+the[ \t]+"
               r"(?:meeting|call|chat|conversation)\.?[ \t]*$"),
    re.compile(rf"^[ \t]*(?P<by>[A-Z]{_WHO})[ \t]+(?:added|removed)[ \t]+(?P<people>[^\n]{{1,80}}?)[ \t]+"
               r"(?:to|from)[ \t]+the[ \t]+(?:meeting|call|chat|conversation)\.?[ \t]*$"),
    re.compile(r"^[ \t]*\d{1,2}:\d{2}:\d{2}[ \t]+From[ \t]+[^:\n]{1,40}?[ \t]+to[ \t]+(?!Everyone\b)"
               r"(?P<people>[^:\n(]{1,40}?)[ \t]*\(Direct Message\)[ \t]*:"),
    # a contact card sent: "Doreen Walsh.vcf (file attached)", "<attached: 00000005-Doreen Walsh.vcf>"
    re.compile(rf"{_CHAT_STAMP}[^:\n]*:[ \t]*\u200e?(?:<attached:[ \t]*(?:\d+-)?)?(?P<people>[^:\n<>/]{{1,60}}?)"
               r"\.vcf\b"),
)
_PEOPLE_SPLIT = re.compile(r"[ \t]*(?:,|\band\b|&)[ \t]*")
_NOT_PEOPLE = frozenset({"you", "everyone"})


def members(text: str) -> list[str]:
    """The people a chat export's own lines name ("Sarah added Doreen Walsh", "Tom left",
    a direct message's recipient, a contact card's name), each once, as the phone shows them: they may never
    write, so no speaker label makes them known to privacy."""
    found: dict[str, None] = {}
    for line in text.split("\n"):
        for pattern in _ACTS:
            if m := pattern.match(line):
                named = [m["by"]] if "by" in pattern.groupindex else []
                for part in [*named, *_PEOPLE_SPLIT.split(m["people"])]:
                    who = sender(part.strip(" \t\u200e\u202a\u202c"))
                    if re.search(r"[^\W\d_]", who) and who.casefold() not in _NOT_PEOPLE:
                        found.setdefault(who)
                break
    return list(found)

"""Chat exports, read message by message: a WhatsApp group's (Android and iPhone) and a
Zoom meeting's saved chat. Each message line names its sender (and, in WhatsApp, its
day); the app's own lines ("joined", "<Media omitted>") are no one's words; a message
from a number not in the phone's contacts has no sender. `labels` reads them as the
shapes of a conversation.
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
# ("+48 601 234 567", "07700.900.456"); privacy's patterns replace it in the text.
CHAT_NUMBER = re.compile(rf"{_CHAT_STAMP}\u200e?\+?\d[\d \u00a0().-]{{5,20}}\d[ \t]*:[ \t]*")
CHAT_NOTICE = re.compile(
    rf"{_CHAT_STAMP}(?:[^:\n]*$|[^:\n]*:[ \t]*\u200e?(?:<Media omitted>|<attached: [^>]*>"
    r"|(?:image|video|audio|sticker|GIF|document|Contact card) omitted|This message was deleted\.?"
    r"|You deleted this message\.?|Missed (?:voice|video) call|null)[ \t]*$)")
_NOT_IN_NAMES = re.compile(r"[^\w\s'’.()\-]")


def sender(label: str) -> str:
    """A sender as the phone shows them, without emoji ("Sarah W 🌻" is Sarah W)."""
    return " ".join(_NOT_IN_NAMES.sub(" ", label).split()) or label

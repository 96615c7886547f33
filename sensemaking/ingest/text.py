"""`.txt` and `.md` transcripts and documents (see `labels` for the shapes understood).

YAML front matter (`---` ... `---` at the top) becomes document metadata: `date`,
`interviewer`, `participant`/`interviewee`, `area`, `source_kind` and anything else the
team records; so do `Interviewee: ...`, `Date: ...` lines above the first turn. The people
a chat export's own lines name ("Sarah added Doreen Walsh", a direct message's recipient;
`chats.members`) are `member_name`, so privacy replaces them as it does speakers. In
markdown, inline markup is read as the writer meant it (markdown-it): `**Worth following
up:**` is "Worth following up:" in a quote, a link is its words (not its address, a
`mailto:` one too), an HTML comment nothing; lines stay where they are.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from pathlib import PurePosixPath

import yaml
from markdown_it import MarkdownIt

from ..records import Document
from .base import FRONT_MATTER, IngestWarning, ReadOptions, clean_transcriber_tags, content_hash
from .chats import members
from .decode import decode
from .labels import parse_turns

_MARKUP = re.compile(r"[*_`\[<&\\!]")  # a line holding none of these has no inline markup
_MARKDOWN = MarkdownIt("commonmark")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_ASKED = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+(?P<h>[^\n]+?\?)[ \t]*#*|(\*\*|__)(?P<b>[^\n]+?\?)\2)"
                    r"[ \t]*(?P<answer>(?<=\*\*|__)[ \t]*\S[^\n]*)?$")


def read(data: bytes, path: str, options: ReadOptions) -> Document:
    """Read a plain-text or markdown transcript (or any prose: then one turn per paragraph)."""
    text = clean_transcriber_tags(decode(data, path))
    metadata, body_start = front_matter(text)
    if PurePosixPath(path).suffix.lower() == ".md":
        text = text[:body_start] + plain_markdown(text[body_start:])
    first_line = text.count("\n", 0, body_start) + 1
    turns, shape, header = parse_turns(text[body_start:], known=options.known_labels,
                                  first_line=first_line, offset=body_start)
    metadata = {**header, **metadata}
    if any(t.speaker for t in turns) and (people := members(text)):
        # A person key (`*_name`): privacy replaces them wherever the chat names them.
        metadata.setdefault("member_name", "; ".join(people))
    kind = metadata.pop("source_kind", None) or shape
    return Document(
        path=path,
        source_type=PurePosixPath(path).suffix.lower().lstrip(".") or "txt",
        source_kind=str(kind),
        text=text,
        turns=tuple(turns),
        content_hash=content_hash(data),
        metadata=metadata,
    )


def plain_markdown(text: str) -> str:
    """`text` with markdown's inline markup taken out line by line (emphasis, links, code
    spans, images as their alt text, inline HTML tags), so line numbers stay right.
    Block markers (headings, list items) are left for `labels` to read. Where two lines or
    more are each a question in bold or as a heading ("**How long have you lived
    here?**"), each becomes `Q: ...`, so the lines after it are read as its answer
    (`labels.QUESTION_LABELS`), as in Word (`docx`); an answer after the bold question on
    its line ("**And the hub?** Brilliant.") becomes `A: ...`. HTML comments go
    whole, their line breaks kept: a note to the team that no one said ("<!-- typed by
    ..., her mobile is ... -->"), which markdown never shows; over several lines it was
    read as the turn around it."""
    text = _HTML_COMMENT.sub(lambda m: "\n" * m[0].count("\n"), text)
    lines = text.split("\n")
    asked = [(i, m) for i, line in enumerate(lines) if (m := _ASKED.match(line))]
    for i, m in asked if len(asked) >= 2 else ():
        lines[i] = "Q: " + (m["h"] or m["b"]).strip() + (f" A: {m['answer'].strip()}" if m["answer"] else "")
    for i, line in enumerate(lines):
        if _MARKUP.search(line):
            tokens = _MARKDOWN.parseInline(line)[0].children or []
            lines[i] = "".join(t.content for t in tokens if t.type in ("text", "code_inline", "image"))
    return "\n".join(lines)


def front_matter(text: str) -> tuple[dict, int]:
    """(metadata, offset where the body starts); ({}, 0) when there is no front matter."""
    m = FRONT_MATTER.match(text)
    if not m:
        return {}, 0
    try:
        loaded = yaml.safe_load(m[1] or "")
    except yaml.YAMLError:
        warnings.warn("its front matter is not valid YAML and was ignored; check the lines "
                      "between the two '---'", IngestWarning, stacklevel=2)
        return {}, m.end()
    if not isinstance(loaded, dict):
        return {}, m.end()
    return {str(k).strip().lower().replace(" ", "_"): _plain(v) for k, v in loaded.items()}, m.end()


def _plain(value):
    """Front-matter values as strings (dates as ISO), lists joined with '; '."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, (list, tuple)):
        return "; ".join(str(_plain(v)) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}={_plain(v)}" for k, v in value.items())
    return None if value is None else str(value)

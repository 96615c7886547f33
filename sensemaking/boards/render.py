"""HTML from the templates (autoescaped), and the PDF from that HTML with WeasyPrint.

`boards.html` and `pack.pdf` are the same document: the page sizes live in the CSS, so a
browser shows the sheets as they print. The PDF carries no dates, so the same pack
content gives the same bytes.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import jinja2

from .. import io
from ..disclosure import HIDDEN_TOO, shown_counts
from ..wording import both, plural, trim
from . import layout
from .content import Pack

# Label lengths (characters) past which a heading steps down a size.
LONG_LABEL, XLONG_LABEL = 38, 70
PLURALS = {"person": "people"}


def length_class(text: str) -> str:
    """CSS class for a heading or paragraph by its length: "", "long" or "xlong"."""
    n = len(str(text))
    return "xlong" if n > XLONG_LABEL else "long" if n > LONG_LABEL else ""


VOICES = {"people": "people", "notes": "organisers' notes", "documents": "documents"}


def heard_counts(board, k: int) -> dict[str, str]:
    """A board's people and notes as printed (`shown_counts`): "<k" under k, and beside
    that "*" where the report's count of voices (people, notes and documents) would tell it."""
    return shown_counts({"people": board.people, "notes": board.notes}, k)


def counts_line(board, k: int) -> str:
    """ "95 excerpts · 12 people · 40 notes · 1 document · 5 areas", leaving out what is
    zero: its people, notes and documents are the voices the report counts. People and
    notes (each records someone heard) are counted as in the chart below, 1 to k - 1 as
    "<k"; a document is no person. A theme of fewer than k voices gives no areas, as it
    has no chart: "1 excerpt · <5 people". Beside a count under k, the voices the report's
    total would tell it by are "some" ("some people · <5 notes"; `shown_counts`)."""
    shown = heard_counts(board, k)  # a document is no one: counted
    parts = [_counted(board.excerpts, "excerpt"), _counted(board.people, "person", shown["people"]),
             _counted(board.notes, "note", shown["notes"]),
             _counted(board.documents, "document"),
             _counted(0 if board.few_voices else board.areas, "area")]  # few voices: not placed
    return " · ".join(p for p in parts if p)


def _counted(n: int, noun: str, shown: str | None = None) -> str:
    """ "1 area", "12 people", "<5 people", "some people" (`shown`, as `shown_counts`
    prints a count of voices), "" for none."""
    shown = shown or str(n)
    shown = "some" if shown == HIDDEN_TOO else shown
    return f"{shown} {noun if shown == '1' else PLURALS.get(noun, noun + 's')}" if n else ""


def voices_caption(counted: list[str]) -> str:
    """What the overview's columns count: "How many people, organisers' notes and
    documents raised each theme." for `counted` ["people", "notes", "documents"]."""
    nouns = [VOICES[name] for name in counted]
    return f"How many {both(nouns)} raised each theme."


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("sensemaking.boards", "templates"),
        autoescape=True,  # every template, whatever its suffix: quotes are untrusted text
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["length_class"] = length_class
    env.filters["trim_to"] = trim
    env.filters["counts_line"] = counts_line
    env.filters["voices_caption"] = voices_caption
    env.filters["heard_counts"] = heard_counts
    env.filters["plural"] = plural
    return env


def _css() -> str:
    return resources.files("sensemaking.boards").joinpath("templates/boards.css").read_text("utf-8")


def render_html(pack: Pack) -> str:
    """The whole pack as one self-contained HTML document."""
    template = _environment().get_template("pack.html.j2")
    return template.render(
        pack=pack,
        css=_css(),
        sheets=layout.sheets(pack),
        prompts=layout.PROMPTS,
        agenda=layout.agenda(pack),
        return_rows=layout.return_rows(pack),
        blank_rows=layout.return_blank_rows(pack),
    )


def render_document(html: str, base_url: str | Path | None = None):
    """WeasyPrint's laid-out document (pages and their boxes), before writing."""
    import weasyprint

    return weasyprint.HTML(string=html, base_url=str(base_url) if base_url else None).render()


def write_pdf(html: str, path: str | Path) -> Path:
    """Lay out `html` and write it as a PDF (fonts embedded, no dates)."""
    pdf = render_document(html).write_pdf()
    return io.write_bytes(path, pdf)

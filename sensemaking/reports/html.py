"""The report as one self-contained HTML file (the source of the PDF too).

Jinja2 with autoescape on: every piece of text from the data (labels, quotes, memos) is
escaped, so a quote containing markup prints as text. Charts are inline as data URIs, the
stylesheet is inline, and nothing is fetched from anywhere, so the file can be emailed.
"""

from __future__ import annotations

import base64
from functools import cache
from importlib import resources
from typing import Any

import jinja2

from .. import __version__
from ..wording import plural

SECTIONS = (
    ("summary", "Summary of themes"),
    ("themes", "The themes in detail"),
    ("patterns", "Patterns across themes"),
    ("surprises", "Surprises"),
    ("missing", "Who’s missing"),
    ("decisions", "What the team decided"),
    ("method", "Method and its limits"),
)


def chart_uri(chart: Any, for_print: bool) -> str:
    """A chart as a data URI for `<img src>`: inline, yet not part of the page's markup.

    Print gets the SVG (vector, text laid out with the fonts WeasyPrint embeds); screens get
    the PNG, because an SVG's text is laid out again by each browser with whatever fonts
    the reader's computer has, and labels sized for DejaVu Sans can be clipped.
    """
    if for_print:
        return "data:image/svg+xml;base64," + base64.b64encode(chart.svg.encode("utf-8")).decode("ascii")
    return "data:image/png;base64," + base64.b64encode(chart.png).decode("ascii")


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("sensemaking.reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["plural"] = plural
    return env


def _css() -> str:
    return resources.files("sensemaking.reports").joinpath("templates").joinpath(
        "report.css").read_text(encoding="utf-8")


def render_html(content: dict[str, Any], *, for_print: bool = False) -> str:
    """The report page; `for_print` is the variant WeasyPrint prints (charts as SVG)."""
    template = _environment().get_template("report.html.j2")
    return template.render(c=content, sections=SECTIONS, css=_css(), version=__version__,
                           chart_uri=lambda chart: chart_uri(chart, for_print))

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

SECTIONS = (
    ("summary", "Summary of themes"),
    ("themes", "The themes in detail"),
    ("patterns", "Patterns across themes"),
    ("surprises", "Surprises"),
    ("missing", "Who’s missing"),
    ("decisions", "What the team decided"),
    ("method", "Method and its limits"),
)


def data_uri(svg: str) -> str:
    """An SVG as a data URI for `<img src>`: inline, yet not part of the page's markup."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def plural(n: int, one: str, many: str | None = None) -> str:
    """ "1 excerpt", "3 excerpts" """
    return f"{n} {one if n == 1 else (many or one + 's')}"


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
    env.filters["data_uri"] = data_uri
    env.filters["plural"] = plural
    return env


def _css() -> str:
    return resources.files("sensemaking.reports").joinpath("templates").joinpath(
        "report.css").read_text(encoding="utf-8")


def render_html(content: dict[str, Any], *, for_print: bool = False) -> str:
    """The report page. `for_print` leaves out the screen-only contents sidebar styling."""
    template = _environment().get_template("report.html.j2")
    return template.render(c=content, sections=SECTIONS, css=_css(), version=__version__,
                           for_print=for_print)

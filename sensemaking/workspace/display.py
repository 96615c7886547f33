"""Readable HTML in notebooks for themes, surprises, quotes, excerpts and searches (everything escaped)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import PurePosixPath
from typing import Any

import pandas as pd

from ..wording import trim

STYLE = (
    "<style>.sm-t{border-collapse:collapse;font:13px/1.4 system-ui,sans-serif}"
    # JupyterLab right-aligns table cells with a more specific rule than a class can beat
    ".sm-t td,.sm-t th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left!important;"
    "vertical-align:top}.sm-b{border-radius:8px;padding:0 6px;font-size:11px;color:#fff}"
    ".sm-q{color:#444;font-style:italic;max-width:40em}.sm-w{min-width:22em;max-width:44em}"
    ".sm-k{color:#888;font-size:11px}.sm-t td.sm-l{text-align:right!important;white-space:nowrap}"
    ".sm-t td.sm-r{white-space:nowrap}</style>"
)
STATUS_COLOURS = {"agreed": "#009E73", "parked": "#999999", "candidate": "#0072B2"}


def _cell(value: Any) -> str:
    return escape("" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value))


def _table(headers: list[str], rows: list[list[str]], classes: Sequence[str] = ()) -> str:
    """An HTML table of ready-made (escaped) cells; `classes`: a CSS class per column."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    tds = [f"<td class='{c}'>" if c else "<td>" for c in classes] or ["<td>"] * len(headers)
    body = "".join("<tr>" + "".join(f"{td}{c}</td>" for td, c in zip(tds, row)) + "</tr>" for row in rows)
    return f"{STYLE}<table class='sm-t'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _status(r: dict) -> str:
    status = r.get("status") or "candidate"
    badge = f"<span class='sm-b' style='background:{STATUS_COLOURS.get(status, '#666')}'>{_cell(status)}</span>"
    if r.get("tentative"):
        badge += " <span class='sm-b' style='background:#E69F00'>tentative</span>"
    return badge


def _label(r: dict) -> str:
    quotes = r.get("quotes") or []
    quote = f"<div class='sm-q'>“{_cell(trim(quotes[0]['text'], 160))}”</div>" if quotes else ""
    return f"<b>{_cell(r.get('label'))}</b>{quote}"


# Columns of a themes table, shown when present: (column, heading, cell of a row).
_THEME_COLUMNS = (
    ("theme_id", "id", lambda r: f"<b>{_cell(r.get('theme_id'))}</b>"),
    ("label", "label", _label),
    ("status", "status", _status),
    ("size", "excerpts", lambda r: _cell(r.get("size"))),
    ("participants", "voices", lambda r: _cell(r.get("participants"))),
    ("areas", "areas", lambda r: ", ".join(f"{_cell(a)} {n}" for a, n in (r.get("areas") or {}).items())),
    ("memo", "memo", lambda r: _cell(trim(str(r.get("memo") or ""), 120))),
)


def themes_html(frame: pd.DataFrame) -> str:
    return _columns_html(frame, _THEME_COLUMNS)


# Columns of a surprises table, shown when present: (column, heading, cell of a row).
_SURPRISE_COLUMNS = (
    ("rank", "#", lambda r: _cell(r.get("rank"))),
    ("kind", "kind", lambda r: _cell(str(r.get("kind")).replace("_", " "))
     + " 🚩" * min(int(r.get("flagged") or 0), 3)),
    ("explanation", "what", lambda r: f"<div class='sm-w'>{_cell(r.get('explanation'))}"
     + (f" <span class='sm-k'>test: {_cell(r.get('test'))}</span>" if r.get("test") else "") + "</div>"),
    ("question", "question for the workshop", lambda r: f"<div class='sm-q'>{_cell(r.get('question'))}</div>"),
    ("team_theme_id", "theme", lambda r: _cell(r.get("team_theme_id"))),
    ("key", "key", lambda r: f"<span class='sm-k'>{_cell(r.get('key'))}</span>"),
)

# The review list: each message whole (it says what changed and what to do), the theme by
# its id and label, and the key `dismiss` takes.
_REVIEW_COLUMNS = (
    ("theme_id", "theme", lambda r: _cell(r.get("theme_id"))),
    ("label", "label", lambda r: _cell(r.get("label"))),
    ("message", "to look at", lambda r: f"<div class='sm-w'>{_cell(r.get('message'))}</div>"),
    ("key", "key", lambda r: f"<span class='sm-k'>{_cell(r.get('key'))}</span>"),
)


def surprises_html(frame: pd.DataFrame) -> str:
    return _columns_html(frame, _SURPRISE_COLUMNS)


def review_html(frame: pd.DataFrame) -> str:
    return _columns_html(frame, _REVIEW_COLUMNS)


def _columns_html(frame: pd.DataFrame, spec) -> str:
    """The table of `spec`'s columns (column, heading, cell) that `frame` has."""
    columns = [c for c in spec if c[0] in frame.columns]
    rows = [[cell(r) for _, _, cell in columns] for r in frame.to_dict("records")]
    return _table([heading for _, heading, _ in columns], rows)


def texts_html(frame: pd.DataFrame) -> str:
    """Quotes or excerpts: each text whole, then who said it and where."""
    others = [c for c in frame.columns if c != "text"]
    rows = [[f"<div class='sm-w'>{_cell(r.get('text'))}</div>", *(_cell(r.get(c)) for c in others)]
            for r in frame.to_dict("records")]
    return _table(["text", *others], rows)


def kwic_html(frame: pd.DataFrame) -> str:
    """Keyword in context as a concordance: the words before right-aligned against the match;
    the source by its file name (the whole path on hover)."""
    rows = [[_cell(r.get("theme_id")), _cell(r.get("participant_id")), _cell(r.get("left")),
             f"<b>{_cell(r.get('match'))}</b>{_cell(r.get('right'))}",
             f"<span title='{_cell(r.get('source_id'))}'>{_cell(PurePosixPath(_cell(r.get('source_id'))).name)}</span>"]
            for r in frame.to_dict("records")]
    return _table(["theme", "who", "", "", "source"], rows, classes=("", "", "sm-l", "sm-r", "sm-k"))


class _RichTable(pd.DataFrame):
    """A DataFrame that shows itself as a readable HTML table (also after head, filters)."""

    _html = staticmethod(themes_html)
    _needs: tuple[str, ...] = ()

    @property
    def _constructor(self):
        return type(self)

    def _repr_html_(self) -> str | None:
        if not set(self._needs) <= set(self.columns):
            return super()._repr_html_()
        return self._html(self)


class ThemeTable(_RichTable):
    _html = staticmethod(themes_html)
    _needs = ("theme_id", "label")


class SurpriseTable(_RichTable):
    _html = staticmethod(surprises_html)
    _needs = ("explanation",)


class ReviewTable(_RichTable):
    _html = staticmethod(review_html)
    _needs = ("message",)


class TextTable(_RichTable):
    _html = staticmethod(texts_html)
    _needs = ("text",)


class KwicTable(_RichTable):
    _html = staticmethod(kwic_html)
    _needs = ("left", "match", "right")

"""Readable HTML for themes and surprises in notebooks (everything escaped)."""

from __future__ import annotations

from html import escape
from typing import Any

import pandas as pd

STYLE = (
    "<style>.sm-t{border-collapse:collapse;font:13px/1.4 system-ui,sans-serif}"
    ".sm-t td,.sm-t th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;"
    "vertical-align:top}.sm-b{border-radius:8px;padding:0 6px;font-size:11px;color:#fff}"
    ".sm-q{color:#444;font-style:italic;max-width:40em}</style>"
)
STATUS_COLOURS = {"agreed": "#009E73", "parked": "#999999", "candidate": "#0072B2"}


def _cell(value: Any) -> str:
    return escape("" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value))


def _trim(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"{STYLE}<table class='sm-t'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def themes_html(frame: pd.DataFrame) -> str:
    rows = []
    for r in frame.to_dict("records"):
        status = r.get("status", "candidate")
        badge = (f"<span class='sm-b' style='background:{STATUS_COLOURS.get(status, '#666')}'>"
                 f"{_cell(status)}</span>")
        if r.get("tentative"):
            badge += " <span class='sm-b' style='background:#E69F00'>tentative</span>"
        quotes = r.get("quotes") or []
        quote = f"<div class='sm-q'>“{_cell(_trim(quotes[0]['text']))}”</div>" if quotes else ""
        areas = ", ".join(f"{_cell(a)} {n}" for a, n in (r.get("areas") or {}).items())
        rows.append([
            f"<b>{_cell(r['theme_id'])}</b>",
            f"<b>{_cell(r['label'])}</b>{quote}",
            badge,
            _cell(r.get("size")),
            _cell(r.get("participants")),
            areas,
            _cell(_trim(str(r.get("memo") or ""), 120)),
        ])
    return _table(["id", "label", "status", "excerpts", "people", "areas", "memo"], rows)


def surprises_html(frame: pd.DataFrame) -> str:
    rows = []
    for r in frame.to_dict("records"):
        flagged = " 🚩" * min(int(r.get("flagged") or 0), 3)
        rows.append([
            _cell(r.get("rank")),
            _cell(r.get("kind")) + flagged,
            _cell(r.get("explanation")),
            f"<i>{_cell(r.get('question'))}</i>",
            _cell(r.get("team_theme_id")),
            _cell(r.get("key")),
        ])
    return _table(["#", "kind", "what", "question for the workshop", "theme", "key"], rows)


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
    _needs = ("kind", "explanation")

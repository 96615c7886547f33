"""An ipywidgets panel for JupyterLab: browse themes with their quotes and counts, and
rename, merge, flag, memo or set a status with buttons; dismiss what was to be looked at
again after a re-run. Every action is one event
written through the `Workspace` (nothing is kept in the panel itself).

    ws.panel()        # in a notebook cell
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import ipywidgets as w

from ..errors import SensemakingError
from .events import STATUSES

if TYPE_CHECKING:
    from .api import Workspace

QUOTES_SHOWN = 5


class ThemePanel:
    """The widgets and their callbacks; `.widget` is what a notebook displays."""

    def __init__(self, ws: Workspace):
        self.ws = ws
        wide = w.Layout(width="28em")
        self.author = w.Text(value=ws.author or "", description="You", placeholder="your name")
        self.reason = w.Text(description="Why", placeholder="optional reason", layout=wide)
        self.theme = w.Dropdown(description="Theme", layout=wide)
        self.info = w.HTML()
        self.label = w.Text(description="New label", layout=wide)
        self.other = w.Dropdown(description="Merge in", layout=wide)
        self.status = w.Dropdown(options=list(STATUSES), description="Status")
        self.memo = w.Textarea(description="Memo", layout=w.Layout(width="28em", height="5em"))
        self.note = w.Text(description="Flag note", placeholder="what surprised you", layout=wide)
        self.message = w.HTML()
        self.review = w.Dropdown(description="To review", layout=w.Layout(width="40em"))
        self.buttons = {
            "rename": w.Button(description="Rename", icon="pencil"),
            "merge": w.Button(description="Merge into this", icon="compress"),
            "status": w.Button(description="Set status", icon="check"),
            "memo": w.Button(description="Save memo", icon="comment"),
            "flag": w.Button(description="Flag as surprising", icon="flag"),
            "dismiss": w.Button(description="Looked at: dismiss", icon="eye-slash"),
        }
        for name, button in self.buttons.items():
            button.on_click(lambda _, name=name: self._act(name))
        self.theme.observe(lambda change: self._show(), names="value")
        self.refresh()
        self.widget = w.VBox([
            w.HBox([self.author, self.reason]), self.theme, self.info,
            w.HBox([self.label, self.buttons["rename"]]),
            w.HBox([self.other, self.buttons["merge"]]),
            w.HBox([self.status, self.buttons["status"]]),
            w.HBox([self.memo, self.buttons["memo"]]),
            w.HBox([self.note, self.buttons["flag"]]),
            w.HBox([self.review, self.buttons["dismiss"]]),
            self.message,
        ])

    def refresh(self) -> None:
        """Reload the themes (after an action, or after someone else wrote)."""
        table = self.ws.themes
        options = [(f"{r.theme_id} · {r.label} ({r.size})", r.theme_id) for r in table.itertuples()]
        current = self.theme.value
        self.theme.options = options
        ids = [value for _, value in options]
        self.theme.value = current if current in ids else (ids[0] if ids else None)
        picked = self.review.value
        self.review.options = [(f"{r.kind} · {r.theme_id or '-'} · {r.message[:70]}", r.key)
                               for r in self.ws.review().itertuples()] or [("nothing to review", None)]
        keys = [value for _, value in self.review.options]
        self.review.value = picked if picked in keys else keys[0]
        self._show()

    def _show(self) -> None:
        theme_id = self.theme.value
        self.other.options = [(label, value) for label, value in self.theme.options
                              if value != theme_id]
        if theme_id is None:
            self.info.value = "<i>No themes yet.</i>"
            return
        row = self.ws.resolved().set_index("theme_id").loc[theme_id]
        self.status.value = row["status"]
        self.memo.value = row["memo"] or ""
        self.info.value = _theme_html(row)

    def _act(self, name: str) -> None:
        theme_id, by, reason = self.theme.value, self.author.value.strip(), self.reason.value
        try:
            if not by:
                raise SensemakingError("type your name in 'You' first: every decision is signed")
            if name == "rename":
                self.ws.rename(theme_id, self.label.value, by=by, reason=reason)
                self.label.value = ""
            elif name == "merge":
                self.ws.merge(theme_id, self.other.value, by=by, reason=reason)
            elif name == "status":
                self.ws.status(theme_id, self.status.value, by=by, reason=reason)
            elif name == "memo":
                self.ws.memo(theme_id, self.memo.value, by=by, reason=reason)
            elif name == "flag":
                self.ws.flag(theme_id, self.note.value, by=by, reason=reason)
                self.note.value = ""
            elif name == "dismiss":
                if self.review.value is None:
                    raise SensemakingError("nothing to review")
                self.ws.dismiss(self.review.value, by=by, reason=reason)
                theme_id = self.review.value
        except SensemakingError as exc:
            self.message.value = f"<span style='color:#b00'>{escape(str(exc))}</span>"
            return
        self.message.value = f"<span style='color:#080'>{escape(name)} saved for {escape(theme_id)}</span>"
        self.refresh()


def _theme_html(row) -> str:
    areas = ", ".join(f"{escape(str(a))}: {n}" for a, n in (row["areas"] or {}).items())
    quotes = "".join(
        f"<li>“{escape(q['text'])}” <small>— {escape(str(q['participant_id'] or 'note'))}, "
        f"{escape(q['excerpt_id'])}</small></li>"
        for q in (row["quotes"] or [])[:QUOTES_SHOWN]
    )
    tentative = " · <b>tentative</b>" if row["tentative"] else ""
    return (
        f"<b>{escape(str(row['label']))}</b> · {escape(row['status'])}{tentative}<br>"
        f"{row['size']} excerpts · {row['participants']} people · {areas}<br>"
        f"<ul>{quotes}</ul>"
    )

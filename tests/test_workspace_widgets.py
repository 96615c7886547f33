"""The JupyterLab panel: every button writes one event through the workspace."""

from __future__ import annotations

from _workspace_project import make_project

from sensemaking.workspace import Workspace
from sensemaking.workspace.widgets import ThemePanel


def test_panel_buttons_write_events(tmp_path):
    ws = Workspace(make_project(tmp_path / "proj"))
    panel = ThemePanel(ws)
    assert [v for _, v in panel.theme.options] == ["T01", "T02", "T03"]
    assert "bus fare" in panel.info.value and "12 excerpts" in panel.info.value

    panel.buttons["rename"].click()  # nobody signed in yet
    assert "type your name" in panel.message.value
    assert list(ws.history()["kind"]) == ["run"]

    panel.author.value = "amira"
    panel.label.value = "Bus fares <b>"
    panel.buttons["rename"].click()
    assert "Bus fares &lt;b&gt;" in panel.info.value
    panel.other.value = "T02"
    panel.buttons["merge"].click()
    assert [v for _, v in panel.theme.options] == ["T01", "T03"]
    panel.status.value = "agreed"
    panel.buttons["status"].click()
    panel.memo.value = "Raised everywhere"
    panel.buttons["memo"].click()
    panel.note.value = "more than we thought"
    panel.buttons["flag"].click()
    assert list(ws.history()["kind"]) == ["run", "rename", "merge", "status", "memo", "flag"]
    row = ws.resolved().set_index("theme_id").loc["T01"]
    assert (row["status"], row["memo"], row["flags"], row["size"]) == ("agreed", "Raised everywhere", 1, 22)

    panel.theme.value = "T03"
    panel.label.value = ""
    panel.buttons["rename"].click()
    assert "empty" in panel.message.value


def test_panel_dismisses_review_items(tmp_path):
    ws = Workspace(make_project(tmp_path / "proj"))
    ws.apply([{"kind": "rename", "theme": "T01", "label": "A"},
              {"kind": "rename", "theme": "T02", "label": "B"}], by="alice")
    path = ws.store.log_path("alice")
    path.write_text(path.read_text().splitlines()[0] + "\n")  # a torn batch: one review item
    panel = ThemePanel(ws)
    assert [value for _, value in panel.review.options] == list(ws.review()["key"])
    panel.author.value = "lead"
    panel.buttons["dismiss"].click()
    assert ws.review().empty and list(ws.history()["kind"])[-1] == "dismiss"
    assert panel.review.options == (("nothing to review", None),)
    panel.buttons["dismiss"].click()
    assert "nothing to review" in panel.message.value

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

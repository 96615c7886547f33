"""Team themes keep their identity and decisions across re-runs: splits, merges, new data."""

from __future__ import annotations

import pytest
from _workspace_project import excerpt_rows, ids, make_project, write_run

from sensemaking.workspace import Workspace

RUN_B_ROWS = excerpt_rows({"bus": 15, "hub": 12, "rent": 8, "odd": 2, "park": 6})


@pytest.fixture()
def ws(tmp_path):
    return Workspace(make_project(tmp_path / "proj"))


def rerun(ws, themes, rows=RUN_B_ROWS, labels=None, unassigned=(), run_id="run-b"):
    write_run(ws.project.root, run_id, themes, rows=rows, labels=labels, unassigned=unassigned)


def table(ws):
    return ws.resolved().set_index("theme_id")


def kinds(ws):
    return sorted(ws.review()["kind"])


def test_new_data_keeps_ids_and_decisions_whatever_the_model_ids(ws):
    ws.rename("T01", "Bus fares", by="amira")
    ws.status("T01", "agreed", by="amira")
    ws.memo("T03", "Landlords", by="ben")
    # model ids shuffled; three new bus and two new hub excerpts; a new topic arrives
    rerun(ws, {0: ids("rent", 8), 1: ids("bus", 15), 2: ids("hub", 12), 3: ids("park", 6)},
          labels={0: "rent", 1: "bus", 2: "hub cafe", 3: "park"})
    t = table(ws)
    assert list(t.index) == ["T01", "T02", "T03", "T04"]
    assert (t.at["T01", "label"], t.at["T01", "status"], t.at["T01", "size"]) == ("Bus fares", "agreed", 15)
    assert t.at["T01", "model_theme_ids"] == [1] and t.at["T02", "model_theme_ids"] == [2]
    assert (t.at["T02", "size"], t.at["T03", "memo"], t.at["T04", "label"]) == (12, "Landlords", "park")
    assert set(t["run_id"]) == {"run-b"}
    assert kinds(ws) == ["agreed_changed"]
    review = ws.review().iloc[0]
    assert review["theme_id"] == "T01" and "gained 3 excerpts" in review["message"]


def test_model_splits_a_decided_theme_and_an_untouched_one(ws):
    ws.rename("T01", "Bus fares", by="amira")
    rerun(ws, {0: ids("bus", 6), 1: ids("bus", 9, 6), 2: ids("hub", 7), 3: ids("hub", 5, 7),
               4: ids("rent", 8), 5: ids("park", 6)})
    t = table(ws)
    assert t.at["T01", "size"] == 15 and t.at["T01", "model_theme_ids"] == [0, 1]
    assert t.at["T02", "excerpt_ids"] == sorted(ids("hub", 7))  # follows the model's bigger half
    new = t[t["model_theme_ids"].map(lambda ks: ks == [3])]
    assert list(new.index) == ["T04"] and new.iloc[0]["size"] == 5
    review = ws.review()
    assert list(review["kind"]) == ["model_splits"]
    assert "into 'model theme 0' (6) and 'model theme 1' (6)" in review.iloc[0]["message"]


def test_model_merges_untouched_themes_one_keeps_its_id(ws):
    rerun(ws, {0: ids("bus", 15), 1: ids("hub", 12) + ids("rent", 8)})
    t = table(ws)
    assert list(t.index) == ["T01", "T02"] and t.at["T02", "size"] == 20
    assert kinds(ws) == []


def test_model_merges_decided_themes_both_kept(ws):
    ws.status("T02", "agreed", by="amira")
    ws.memo("T03", "Landlords", by="ben")
    rerun(ws, {0: ids("bus", 15), 1: ids("hub", 12) + ids("rent", 8)})
    t = table(ws)
    assert list(t.index) == ["T01", "T02", "T03"]
    assert t.at["T02", "size"] == 12 and t.at["T03", "size"] == 8  # new hub excerpts -> owner
    assert t.at["T03", "model_theme_ids"] == [] and t.at["T02", "model_theme_ids"] == [1]
    assert kinds(ws) == ["agreed_changed", "model_merges"]
    assert "T03 'rent rose' together with T02" in ws.review().set_index("kind").at["model_merges", "message"]


def test_team_split_survives_a_model_that_keeps_them_together(ws):
    event = ws.split("T01", ids("bus", 4, 8), label="Night buses", by="amira")
    night = event.data["new_theme"]
    rerun(ws, {0: ids("bus", 15), 1: ids("hub", 12), 2: ids("rent", 8)})
    t = table(ws)
    assert t.at[night, "excerpt_ids"] == sorted(ids("bus", 4, 8))
    assert t.at["T01", "size"] == 11  # 8 kept + 3 new ones, placed by overlap
    assert kinds(ws) == ["ambiguous_new_excerpts"]
    assert night in ws.review().iloc[0]["message"]


def test_team_merge_survives_and_takes_in_new_excerpts(ws):
    ws.merge("T01", "T02", label="Getting out and about", by="amira")
    rerun(ws, {0: ids("bus", 15), 1: ids("hub", 12), 2: ids("rent", 8)})
    t = table(ws)
    assert list(t.index) == ["T01", "T03"]
    assert t.at["T01", "size"] == 27 and t.at["T01", "model_theme_ids"] == [0, 1]
    assert t.at["T01", "label"] == "Getting out and about"


def test_vanished_theme_kept_when_decided_retired_when_not(ws):
    ws.status("T03", "parked", by="amira")
    rerun(ws, {0: ids("bus", 15), 1: ids("hub", 12)}, unassigned=ids("rent", 8) + ids("odd", 2))
    t = table(ws)
    assert list(t.index) == ["T01", "T02", "T03"] and t.at["T03", "size"] == 8
    assert kinds(ws) == ["no_longer_found"]
    ws.undo(ws.history().query("kind == 'status'")["event_id"].iloc[0], by="amira")
    assert list(table(ws).index) == ["T01", "T02"]


def test_data_added_then_taken_out_again_gives_every_theme_its_id_back(ws):
    """A late interview is added (the model no longer proposes the rent theme and finds a
    park theme), then taken out: the first run comes back, every theme has its first id,
    and a decision made from then on applies to the themes as shown."""
    ws.rename("T01", "Bus fares", by="amira")
    first = table(ws)
    rerun(ws, {0: ids("bus", 15), 1: ids("hub", 12), 2: ids("park", 6)},
          unassigned=ids("rent", 8) + ids("odd", 2))
    assert list(table(ws).index) == ["T01", "T02", "T04"]  # rent retired; park is new
    make_project(ws.project.root)  # the same first run again
    back = table(ws)
    assert list(back.index) == list(first.index) == ["T01", "T02", "T03"]
    assert back.at["T03", "excerpt_ids"] == first.at["T03", "excerpt_ids"]
    assert ws.history().query("kind == 'run'")["run_id"].iloc[-1] == "run-a"  # adopted again
    ws.merge("T02", "T03", by="amira")
    # bus12-14 came and went: back on the first run, nothing is listed about them
    assert table(ws).at["T02", "size"] == 18 and kinds(ws) == []


def test_removed_data_and_stale_decisions_are_listed_not_dropped(ws):
    ws.rename("T01", "Bus fares", by="amira")
    ws.move("bus03", "T02", by="amira")  # bus03 will be gone from the data
    rows = [r for r in RUN_B_ROWS if r["excerpt_id"] not in ("bus00", "bus03")]
    rerun(ws, {0: [e for e in ids("bus", 15) if e not in ("bus00", "bus03")], 1: ids("hub", 12),
               2: ids("rent", 8)}, rows=rows)
    t = table(ws)
    assert "bus00" not in t.at["T01", "excerpt_ids"] and "bus03" not in t.at["T02", "excerpt_ids"]
    assert sorted(ws.review()["kind"]) == ["excerpts_gone", "excerpts_gone"]
    # a decision made against the old run, synced late, about an excerpt now gone
    ws.store.append([_late_move("bus00")], "cara")
    review = ws.review()
    assert review["kind"].iloc[-1] == "not_applied" and review["author"].iloc[-1] == "cara"
    assert "bus00 is not in the data of run run-b" in review["message"].iloc[-1]


def _late_move(excerpt_id):
    from sensemaking.workspace.events import make

    return make("move", "cara", run_id="run-a", excerpt_id=excerpt_id, theme="T02")


def test_an_id_comes_back_with_its_theme_never_with_another(ws):
    assert list(table(ws).index) == ["T01", "T02", "T03"]
    rerun(ws, {0: ids("bus", 15), 1: ids("hub", 12)}, unassigned=ids("rent", 8))
    assert list(table(ws).index) == ["T01", "T02"]
    rerun(ws, {0: ids("bus", 15), 1: ids("hub", 12), 2: ids("park", 6)}, unassigned=ids("rent", 8),
          run_id="run-c")
    assert list(table(ws).index) == ["T01", "T02", "T04"]  # park is no rent
    rerun(ws, {0: ids("bus", 15), 1: ids("hub", 12), 2: ids("rent", 8), 3: ids("park", 6)},
          run_id="run-d")
    assert list(table(ws).index) == ["T01", "T02", "T03", "T04"]  # rent is back
    runs = sorted(p.name for p in (ws.project.annotations_dir / "runs").iterdir())
    assert runs == ["run-a.json", "run-b.json", "run-c.json", "run-d.json"]
    fresh = Workspace(ws.project)
    assert list(fresh.themes["theme_id"]) == ["T01", "T02", "T03", "T04"]
    assert list(fresh.history()["detail"].str.extract(r'"run_id": "([^"]+)"')[0]) == [
        "run-a", "run-b", "run-c", "run-d"]


def test_decisions_on_an_older_run_apply_after_a_rerun(ws):
    assert ws.run_id == "run-a"  # the pack is printed from run-a, which the team adopts
    rerun(ws, {0: ids("bus", 15), 1: ids("hub", 12), 2: ids("rent", 8)})
    assert ws.run_id == "run-b"
    # a return sheet printed from run-a, applied now: ids are the team's, so they still fit
    ws.apply([{"kind": "rename", "theme": "T02", "label": "Hub cafe", "run_id": "run-a"},
              {"kind": "status", "theme": "T02", "value": "agreed", "run_id": "run-a"}],
             by="workshop")
    t = table(ws)
    assert (t.at["T02", "label"], t.at["T02", "status"], t.at["T02", "size"]) == ("Hub cafe", "agreed", 12)
    assert set(ws.history()["run_id"].iloc[-2:]) == {"run-a"}


def test_a_theme_raised_in_the_room_is_kept_without_a_review_item(ws):
    """The model never proposed a theme the team created, so a re-run does not report it
    as 'no longer found'; it keeps its excerpts, or none yet."""
    empty = ws.create("Childcare for volunteers", by="amira").data["new_theme"]
    with_some = ws.create("Odd jobs", ids("odd", 2), by="ben").data["new_theme"]
    rerun(ws, {0: ids("bus", 15), 1: ids("hub", 12), 2: ids("rent", 8)},
          unassigned=ids("odd", 2) + ids("park", 6))
    t = table(ws)
    assert t.at[empty, "size"] == 0 and t.at[with_some, "size"] == 2
    assert kinds(ws) == []

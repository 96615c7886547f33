"""The workspace: events, store, replay, undo and the notebook API on a tiny project."""

from __future__ import annotations

import json
import re
import shutil
import warnings

import pandas as pd
import pytest
from _workspace_project import ids, make_project

import sensemaking as sm
from sensemaking.tables import MEMBERSHIP_COLUMNS, RESOLVED_THEME_COLUMNS
from sensemaking.workspace import Workspace, events
from sensemaking.workspace.store import EventStore


@pytest.fixture()
def project(tmp_path):
    return make_project(tmp_path / "proj")


@pytest.fixture()
def ws(project):
    return Workspace(project)


def theme(ws, theme_id):
    return ws.resolved().set_index("theme_id").loc[theme_id]


def test_first_run_gives_team_ids_in_model_order(ws):
    themes = ws.themes
    assert list(themes["theme_id"]) == ["T01", "T02", "T03"]
    assert list(themes["label"]) == ["bus fare", "hub cafe", "rent rose"]
    assert list(themes["size"]) == [12, 10, 8]
    assert set(themes["status"]) == {"candidate"}


def test_resolved_table_has_contract_columns_and_counts(ws):
    table = ws.resolved()
    assert list(table.columns) == list(RESOLVED_THEME_COLUMNS)
    bus = theme(ws, "T01")
    assert bus["participants"] == 6
    assert bus["participant_ids"] == ["P01", "P02", "P03", "P04", "P05", "P06"]
    assert bus["areas"] == {"Eastgate": 2, "Northfield": 2, "Riverside": 2}
    assert bus["roles"] == {"partner": 1, "resident": 4, "staff": 1}
    assert bus["model_theme_ids"] == [0]
    assert set(table["run_id"]) == {"run-a"}
    rent = theme(ws, "T03")
    assert rent["stability"] == pytest.approx(0.3) and bool(rent["tentative"])
    assert not bool(bus["tentative"])


def test_quotes_never_from_quote_ok_no(ws):
    for row in ws.resolved().itertuples():
        assert row.quotes, row.theme_id
        assert all(q["participant_id"] != "P03" for q in row.quotes)
        assert len({q["excerpt_id"] for q in row.quotes}) == len(row.quotes)
    quotes = ws.quotes("T01")
    assert list(quotes.columns) == ["excerpt_id", "participant_id", "source_id", "text"]
    assert quotes["excerpt_id"].iloc[0] == "bus00"  # the model's own first quote leads
    assert "P03" not in set(ws.quotes("T01")["participant_id"])


def test_rename_memo_status_tag_vote(ws):
    ws.rename("T01", "Bus fares", by="amira", reason="people's words")
    ws.memo("bus fares", "Raised in every area", by="amira")  # by label, any case
    ws.status("T01", "agreed", by="ben")
    ws.tag("T01", "transport", by="ben")
    ws.vote("T01", 3, by="ben")
    ws.vote("T01", 2, by="cara")
    row = theme(ws, "T01")
    assert (row["label"], row["memo"], row["status"]) == ("Bus fares", "Raised in every area", "agreed")
    assert (row["tags"], row["votes"], bool(row["decided"])) == (["transport"], 5, True)
    files = sorted(p.name for p in (ws.project.annotations_dir).glob("events*.jsonl"))
    assert files == ["events-amira.jsonl", "events-ben.jsonl", "events-cara.jsonl",
                     "events-sensemaking.jsonl"]


def test_merge_split_move(ws):
    ws.merge("T01", "T02", by="amira")
    assert list(ws.themes["theme_id"]) == ["T01", "T03"]
    assert theme(ws, "T01")["size"] == 22
    event = ws.split("T01", ids("hub", 4), label="Hub cafe", by="amira")
    new = event.data["new_theme"]
    assert new == "T04"
    assert theme(ws, new)["excerpt_ids"] == sorted(ids("hub", 4))
    assert theme(ws, "T01")["size"] == 18
    ws.move("rent00", new, by="ben")
    ws.move("odd00", "T03", by="ben")
    ws.move("bus00", None, by="ben")
    membership = ws.membership()
    assert list(membership.columns) == list(MEMBERSHIP_COLUMNS)
    where = membership.set_index("excerpt_id")
    assert where.loc["rent00", "theme_id"] == new and where.loc["rent00", "how"] == "moved"
    assert where.loc["odd00", "theme_id"] == "T03"
    assert pd.isna(where.loc["bus00", "theme_id"]) and where.loc["odd01", "how"] == "unassigned"
    assert theme(ws, "T03")["size"] == 8  # lost rent00, gained odd00


def test_undo_restores_exactly_and_undo_of_undo_redoes(ws):
    before = ws.resolved()
    merge = ws.merge("T01", "T02", label="Getting about", by="amira")
    undo = ws.undo(merge.event_id, by="ben", reason="too broad")
    after = ws.resolved()
    pd.testing.assert_frame_equal(before.drop(columns=["quotes"]), after.drop(columns=["quotes"]))
    ws.undo(undo.event_id, by="amira")
    assert list(ws.themes["label"]) == ["Getting about", "rent rose"]
    history = ws.history()
    assert list(history["kind"]) == ["run", "merge", "undo", "undo"]
    assert list(history["in_force"]) == [True, True, True, True]
    assert history["what"].iloc[1] == "Merged T02 into T01"  # in words, as the command line says it
    assert history["what"].iloc[2] == f"Undid event {merge.event_id[:8]}"
    ws.undo(merge.event_id, by="ben")
    assert not ws.history().set_index("event_id").loc[merge.event_id, "in_force"]


def test_bad_decisions_raise_and_write_nothing(ws):
    with pytest.raises(sm.AnnotationError, match="no theme 'T99'"):
        ws.rename("T99", "x", by="amira")
    with pytest.raises(sm.AnnotationError, match="by="):
        ws.rename("T01", "x")
    with pytest.raises(sm.AnnotationError, match="status"):
        ws.status("T01", "done", by="amira")
    with pytest.raises(sm.AnnotationError, match="not in the data"):
        ws.move("nope", "T01", by="amira")
    with pytest.raises(sm.AnnotationError, match="no longer in T01"):
        ws.split("T01", ["hub00"], by="amira")
    ws.merge("T01", "T02", by="amira")
    with pytest.raises(sm.AnnotationError, match="merged into T01"):
        ws.memo("T02", "hello", by="amira")
    assert list(ws.history()["kind"]) == ["run", "merge"]


def test_apply_is_all_or_nothing(ws):
    good = {"kind": "rename", "theme": "T01", "label": "Bus fares", "by": "workshop"}
    bad = {"kind": "merge", "theme": "T01", "other": "T42", "by": "workshop"}
    with pytest.raises(sm.AnnotationError, match="nothing was written.*#2 merge"):
        ws.apply([good, bad])
    assert list(ws.history()["kind"]) == ["run"]
    preview = ws.apply([good, {"kind": "vote", "target": "T01", "value": 4}], by="workshop",
                       dry_run=True)
    assert [e.kind for e in preview] == ["rename", "vote"]
    assert list(ws.history()["kind"]) == ["run"]
    written = ws.apply([good, {"kind": "vote", "target": "T01", "value": 4},
                        {"kind": "create", "label": "Loneliness", "reason": "raised in the room"}],
                       by="workshop")
    assert len({e.batch for e in written}) == 1 and written[0].batch_size == 3
    assert written[2].data["new_theme"] == "T04"
    assert theme(ws, "T04")["size"] == 0 and theme(ws, "T04")["origin"] == "create"
    assert theme(ws, "T01")["votes"] == 4


def test_incomplete_batch_is_ignored_and_reported(ws):
    written = ws.apply([{"kind": "rename", "theme": "T01", "label": "A"},
                        {"kind": "rename", "theme": "T02", "label": "B"}], by="alice")
    path = ws.store.log_path("alice")
    lines = path.read_text().splitlines()
    path.write_text(lines[0] + "\n")  # the writer died after the first line of the batch
    assert written[0].event_id in lines[0]
    assert list(ws.themes["label"])[:2] == ["bus fare", "hub cafe"]
    assert list(ws.review()["kind"]) == ["incomplete_batch"]


def test_torn_last_line_is_skipped_reported_and_then_ended(ws):
    ws.rename("T01", "Bus fares", by="alice")
    path = ws.store.log_path("alice")
    with open(path, "ab") as fh:
        fh.write(b'{"event_id": "abc", "kind": "ren')
    assert ws.themes["label"].iloc[0] == "Bus fares"
    torn = "events-alice.jsonl, line 2: torn last line (a writer stopped mid-write); skipped"
    assert ws.problems == [torn]
    ws.rename("T02", "Hub", by="alice")
    assert list(ws.themes["label"])[:2] == ["Bus fares", "Hub"]
    assert len(path.read_text().splitlines()) == 3
    assert "line 2: unreadable" in ws.problems[0]


def test_sync_conflict_copies_are_merged_by_uuid(ws):
    ws.rename("T01", "Bus fares", by="alice")
    log = ws.store.log_path("alice")
    shutil.copy(log, log.with_name("events-alice (conflicted copy 2026-05-01).jsonl"))
    ws.memo("T01", "from the laptop", by="alice")
    ws.status("T02", "parked", by="alice")
    laptop = log.with_name("events-alice-LAPTOP.jsonl")
    shutil.copy(log, laptop)
    log.write_text(log.read_text().splitlines()[0] + "\n")  # desktop lost the later lines
    history = ws.history()
    assert list(history["kind"]) == ["run", "rename", "memo", "status"]
    assert history["event_id"].is_unique
    assert theme(ws, "T02")["status"] == "parked"


def test_export_log_csv(ws, tmp_path):
    ws.rename("T01", "Bus, fares \"and\" more", by="amira", reason="why, not what")
    path = ws.export_log(tmp_path / "log.csv")
    frame = pd.read_csv(path)
    assert list(frame["kind"]) == ["run", "rename"]
    assert frame["reason"].iloc[1] == "why, not what"
    assert json.loads(frame["detail"].iloc[1]) == {"label": "Bus, fares \"and\" more"}


def test_code_several_per_excerpt_and_theme_membership(ws):
    ws.code("bus00", "cost of living", by="amira")
    ws.code("bus00", "T03", by="amira")
    ws.code("bus01", "cost of living", by="amira")
    ws.uncode("bus01", "cost of living", by="amira")
    codes = ws.codes()
    assert codes.values.tolist() == [["bus00", "T03"], ["bus00", "cost of living"]]
    assert "bus00" in theme(ws, "T03")["excerpt_ids"] and theme(ws, "T03")["size"] == 9
    rows = ws.membership().query("excerpt_id == 'bus00'")
    assert rows[["theme_id", "primary", "how"]].values.tolist() == [
        ["T01", True, "model"], ["T03", False, "coded"]]


def test_search_kwic(ws):
    hits = ws.search("bus fare")
    assert len(hits) == 12 and set(hits["match"]) == {"bus fare"}
    assert hits["left"].iloc[0] == "The " and hits["theme_id"].iloc[0] == "T01"
    assert ws.search("rent", theme="T03")["excerpt_id"].tolist() == ids("rent", 8)
    assert ws.search("ren").empty  # whole words only
    assert len(ws.search("ren*")) == 8
    html = hits.head(3)._repr_html_()  # a concordance: the match in bold between its contexts
    assert html.count("<b>bus fare</b>") == 3 and "class='sm-l'" in html
    quotes = ws.quotes("T01")
    assert quotes["text"].iloc[0] in quotes._repr_html_()  # quotes shown whole, not cut at 50


def test_surprises_flag_and_memo(ws):
    table = ws.surprises
    key = table["key"].iloc[0]
    assert key == "group_contrast:T01:area=Northfield" and table["team_theme_id"].iloc[0] == "T01"
    ws.flag(1, "we did not expect this", by="amira")
    ws.memo(key, "check the Northfield route cut", by="ben")
    table = ws.surprises
    assert table["flagged"].iloc[0] == 1
    assert table["notes"].iloc[0] == ["check the Northfield route cut"]
    assert "Why Northfield?" in table._repr_html_()
    picked = table[["rank", "explanation", "question"]]._repr_html_()  # a few columns, still whole
    assert "question for the workshop" in picked and "bus fare&#x27; was raised by 4 of 4 in Northfield" in picked
    assert "key" not in picked


def test_surprises_name_a_renamed_theme_as_the_team_does(ws):
    ws.rename("T01", "Fares up, routes cut", by="amira")
    assert ws.surprises["explanation"].iloc[0] == "'Fares up, routes cut' was raised by 4 of 4 in Northfield"


def test_a_surprise_about_a_split_theme_stays_with_the_theme_that_was_split(ws):
    """Both parts of a split hold the model theme; a surprise about it is told in the part
    minted first, whatever order a table lists them in (boards took the first row, the
    report the last of a table sorted by voices, the notebook the last theme minted)."""
    part = list(theme(ws, "T01")["excerpt_ids"])[:6]
    ws.split("T01", part, label="Routes cut", by="amira")
    assert ws.surprises["team_theme_id"].iloc[0] == "T01"
    assert ws.surprises["explanation"].iloc[0].startswith("'bus fare' was raised")
    from sensemaking.workspace.resolved import model_owners

    resolved = ws.resolved()
    new = resolved["theme_id"].iloc[-1]
    assert 0 in resolved.set_index("theme_id").at[new, "model_theme_ids"]
    assert model_owners(resolved.iloc[::-1])[0] == ("T01", "bus fare")


def test_notes_on_a_surprise_key_of_an_earlier_version_are_kept(project):
    """surprises.json once held theme ids as floats ("6.0", "nan" for none) whenever one item
    had no theme, and keys were made from them; a note or flag written on such a key stays
    on its item when the file now holds whole numbers and nulls."""
    path = project.cache_dir / "surprises.json"
    items = json.loads(path.read_text(encoding="utf-8"))
    items.append({"rank": 2, "kind": "missing", "score": 0.5, "explanation": "Few voices",
                  "question": "Who in Eastgate?", "theme_id": None,
                  "group": {"attribute": "area", "value": "Eastgate"}, "run_id": "run-a"})
    path.write_text(json.dumps(items), encoding="utf-8")
    assert list(Workspace(project).surprises["key"]) == ["group_contrast:T01:area=Northfield",
                                                         "missing::area=Eastgate"]
    items[0]["theme_id"], items[1]["theme_id"] = 0.0, float("nan")  # as an earlier version wrote them
    path.write_text(json.dumps(items), encoding="utf-8")
    assert list(Workspace(project).surprises["key"]) == ["group_contrast:T01:area=Northfield",
                                                         "missing::area=Eastgate"]
    EventStore(project.annotations_dir).append([  # as the earlier version wrote them
        events.make("memo", "ben", target="group_contrast:0.0:area=Northfield", text="on an old key"),
        events.make("flag", "ben", target="missing:nan:area=Eastgate", note="old key too"),
    ], "ben")
    ws = Workspace(project)
    ws.flag("group_contrast:0.0:area=Northfield", "typed from an old printout", by="amira")
    table = ws.surprises
    assert table["notes"].iloc[0] == ["on an old key"]
    assert list(table["flagged"]) == [1, 1]


def test_a_flag_on_a_surprise_stays_on_it_when_a_re_run_numbers_the_themes_anew(project):
    """A re-run numbered the model themes anew: the flag, note and vote on the surprise about
    'bus fare' had stayed on model theme 0's key, now 'rent rose', and were lost from the
    item (and the report named the wrong theme). They follow the team's theme."""
    from _workspace_project import excerpt_rows, write_run

    ws = Workspace(project)
    ws.flag(1, "we believed the opposite", by="amira")
    ws.memo(1, "ask the bus company", by="ben")
    ws.vote(1, by="cy")
    first = ws.surprises["key"].iloc[0]
    rows = excerpt_rows({"bus": 12, "hub": 10, "rent": 8, "odd": 2})
    write_run(project.root, "run-b", {0: ids("rent", 8), 1: ids("bus", 12), 2: ids("hub", 10)},
              rows=rows, labels={0: "rent rose", 1: "bus fare", 2: "hub cafe"}, unassigned=ids("odd", 2))
    path = project.cache_dir / "surprises.json"
    items = json.loads(path.read_text(encoding="utf-8"))
    moved = {**items[0], "theme_id": 1, "run_id": "run-b"}
    other = {**items[0], "rank": 2, "theme_id": 0, "run_id": "run-b", "explanation": "'rent rose' in Northfield"}
    path.write_text(json.dumps([moved, other]), encoding="utf-8")
    ws = Workspace(project)
    table = ws.surprises
    assert list(table["team_theme_id"]) == ["T01", "T03"] and table["key"].iloc[0] == first
    assert list(table["flagged"]) == [1, 0] and list(table["notes"]) == [["ask the bus company"], []]
    flag = ws.history().query("kind == 'flag'").iloc[0]
    assert flag["theme"] == first  # the log names the item as the surprises table does
    ws.flag(2, "and this one", by="amira")  # a key of this run, by rank
    assert list(ws.surprises["flagged"]) == [1, 1]
    ws.merge("T02", "T03", by="amira")  # the flag goes with its theme
    assert list(ws.surprises["flagged"]) == [1, 1] and ws.surprises["key"].iloc[1].startswith("group_contrast:T02:")


def test_what_a_re_run_changed_leaves_the_review_list_when_the_data_goes_back(project):
    """A late interview added, then taken out again: its run listed "T01 is agreed and
    gained 2 excerpts"; back on the run before, those excerpts are gone and so is the item.
    A decision that does not fit stays listed."""
    from _workspace_project import excerpt_rows, write_run

    ws = Workspace(project)
    ws.status("T01", "agreed", by="amira")
    before = excerpt_rows({"bus": 12, "hub": 10, "rent": 8, "odd": 2})
    themes = {0: ids("bus", 12), 1: ids("hub", 10), 2: ids("rent", 8)}
    labels = {0: "bus fare", 1: "hub cafe", 2: "rent rose"}
    write_run(project.root, "run-late", {**themes, 0: ids("bus", 14)}, labels=labels, unassigned=ids("odd", 2),
              rows=excerpt_rows({"bus": 14, "hub": 10, "rent": 8, "odd": 2}))
    assert list(Workspace(project).review()["kind"]) == ["agreed_changed"]
    write_run(project.root, "run-a", themes, rows=before, labels=labels, unassigned=ids("odd", 2))
    assert Workspace(project).review().empty


def test_themes_html_escapes(ws):
    ws.rename("T01", "<script>alert(1)</script>", by="amira")
    html = ws.themes._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "tentative" in html
    picked = ws.themes[["theme_id", "label", "size"]]._repr_html_()  # only the columns chosen
    assert "<th>excerpts</th>" in picked and "<th>areas</th>" not in picked and "<th>memo</th>" not in picked


def test_store_reads_only_event_logs(project):
    store = EventStore(project.annotations_dir)
    (project.annotations_dir / "notes.jsonl").write_text("not an event\n")
    assert store.read().events == [] and store.read().problems == []


def test_project_workspace_entry_point(project):
    assert isinstance(project.workspace, Workspace)
    assert list(project.workspace.themes["theme_id"]) == ["T01", "T02", "T03"]


def test_cli_annotate_history_export_review(ws, tmp_path):
    from typer.testing import CliRunner

    from sensemaking.cli import app

    ws.rename("T01", "Bus fares", by="amira", reason="their words")
    runner = CliRunner()
    root = str(ws.project.root)
    ws.memo("T02", "Fares came up in every area; " * 8, by="amira")
    result = runner.invoke(app, ["annotate", "history", root])
    assert result.exit_code == 0 and "amira" in result.output
    lines = result.output.splitlines()  # readable at 80 columns: words whole, details in words
    assert max(map(len, lines)) <= 80 and "nan" not in result.output and "{" not in result.output
    assert any("Renamed T01 to “Bus fares”" in line for line in lines)
    assert any("why: their words" in line for line in lines) and result.output.count("every area") < 8
    out = tmp_path / "log.csv"
    result = runner.invoke(app, ["annotate", "export", root, "--out", str(out)])
    assert result.exit_code == 0 and list(pd.read_csv(out)["kind"]) == ["run", "rename", "memo"]
    result = runner.invoke(app, ["annotate", "review", root])
    assert result.exit_code == 0 and "Nothing to review" in result.output
    for command in (["forget"], ["annotate", "history"], ["annotate", "export"], ["annotate", "review"]):
        help_text = runner.invoke(app, [*command, "--help"]).output
        assert "Example: sensemaking" in help_text


def test_no_themes_yet_says_what_to_run(tmp_path):
    project = sm.init_project(tmp_path / "empty")
    with pytest.raises(sm.StageError, match="sensemaking themes"):
        _ = Workspace(project).themes


def test_dismissed_review_items_leave_the_list_until_undone(ws):
    from typer.testing import CliRunner

    from sensemaking.cli import app
    from sensemaking.errors import AnnotationError

    ws.apply([{"kind": "rename", "theme": "T01", "label": "A"},
              {"kind": "rename", "theme": "T02", "label": "B"}], by="alice")
    path = ws.store.log_path("alice")
    path.write_text(path.read_text().splitlines()[0] + "\n")  # a torn batch: one review item
    item = ws.review().iloc[0]
    shown = ws.review()._repr_html_()  # in a notebook: the message whole, not cut at 50
    assert item["message"].replace("'", "&#x27;") in shown and "event_id" not in shown
    with pytest.raises(AnnotationError, match="no review item"):
        ws.dismiss("0000000000", by="lead")
    event = ws.dismiss(item, by="lead", reason="re-entered by hand")
    assert ws.review().empty
    assert list(ws.history()["kind"])[-1] == "dismiss"
    ws.undo(event.event_id, by="lead")
    assert list(ws.review()["key"]) == [item["key"]]

    runner, root = CliRunner(), str(ws.project.root)
    listed = runner.invoke(app, ["annotate", "review", root])
    assert item["key"] in listed.output and "annotate dismiss" in listed.output
    assert max(map(len, listed.output.splitlines())) <= 80 and "nan" not in listed.output
    result = runner.invoke(app, ["annotate", "dismiss", root, item["key"], "--by", "lead"])
    assert result.exit_code == 0, result.output
    assert "Nothing to review" in runner.invoke(app, ["annotate", "review", root]).output
    again = runner.invoke(app, ["annotate", "dismiss", root, item["key"], "--by", "lead"])
    assert again.exit_code != 0 and "Traceback" not in again.output
    assert "no review item" in " ".join(again.output.split())
    assert "annotate review DIR" in " ".join(again.output.split())
    # what the dismissal says to do works: undo by the 8 characters printed
    short = re.search(r"annotate undo \S+ (\w{8}) --by NAME", " ".join(result.output.split()))[1]
    undone = runner.invoke(app, ["annotate", "undo", root, short, "--by", "lead"])
    assert undone.exit_code == 0, undone.output
    assert list(ws.review()["key"]) == [item["key"]]
    told = runner.invoke(app, ["annotate", "history", root, "--last", "1"]).output
    cells = " ".join(line.split("│")[-2].strip() for line in told.splitlines() if line.count("│") > 2)
    assert f"Undid event {short}: Took item {item['key']} off the review list" in cells, told
    nobody = runner.invoke(app, ["annotate", "dismiss", root, item["key"]])
    assert nobody.exit_code != 0 and "--by NAME" in nobody.output


def _listed(project, *names: str) -> None:
    """A manifest naming these participants (P01, P02, ... in this order)."""
    rows = [f"hub-{i:03d},{name},,resident" for i, name in enumerate(names, start=1)]
    project.manifest_path.write_text("participant_id,name,aliases,role\n" + "\n".join(rows) + "\n")


def _logged(project) -> str:
    return "".join(f"{p.name}\n{p.read_text()}" for p in project.annotations_dir.rglob("*.jsonl"))


def test_codes_typed_by_hand_are_pseudonymised_like_memos(project):
    """A code names a listed participant and a phone number: neither reaches the log,
    and typing the same words again takes the code off."""
    _listed(project, "Sarah Whitfield")
    ws = Workspace(project)
    ws.code("bus00", "Sarah Whitfield referral 07700 900765", by="amira")
    assert list(ws.codes()["code"]) == ["P01 referral [PHONE]"]
    logged = _logged(project)
    assert "Whitfield" not in logged and "900765" not in logged
    ws.uncode("bus00", "Sarah Whitfield referral 07700 900765", by="amira")
    assert ws.codes().empty



def test_an_author_named_like_a_listed_participant_signs_with_their_pseudonym(project):
    """Authors are team members; one who is also a listed participant (or on the
    deny-list) signs as their pseudonym (or initials), in the log, its file name and the
    history, while other authors keep the name they gave."""
    _listed(project, "Sarah Whitfield")
    (project.private_dir / "deny_list.txt").write_text("Becky Marriott\n")
    ws = Workspace(project)
    with warnings.catch_warnings(record=True) as told:
        warnings.simplefilter("always")
        ws.rename("T01", "Getting to the hub", by="Sarah Whitfield", reason="agreed in the room")
        ws.memo("T01", "Route 42 cut in June", by="Becky Marriott")
        ws.memo("T02", "Cafe prices", by="learning lead")
        ws.memo("T02", "and the queue", by="Sarah Whitfield")  # said once
    assert [str(w.message).split(":")[0] for w in told] == ["decisions signed P01", "decisions signed BM"]
    assert not any("Whitfield" in str(w.message) or "Marriott" in str(w.message) for w in told)
    assert list(ws.history()["author"])[-4:] == ["P01", "BM", "learning lead", "P01"]
    logged = _logged(project)
    assert "Whitfield" not in logged.lower() and "marriott" not in logged.lower()
    assert sorted(p.name for p in project.annotations_dir.glob("events-*.jsonl")) == [
        "events-bm.jsonl", "events-learning-lead.jsonl", "events-p01.jsonl", "events-sensemaking.jsonl"]


def test_apply_refuses_a_new_theme_id_or_run_id_that_is_not_an_id(project):
    """A caller's `new_theme` and `run_id` are printed as ids on boards, reports and
    exports, so free text there (a name, a phone number) is refused, never logged or
    quoted back; ids of the documented forms are kept."""
    _listed(project, "Sarah Whitfield")
    ws = Workspace(project)
    bad = [{"kind": "create", "label": "Raised in the room", "new_theme": "Sarah Whitfield story"},
           {"kind": "memo", "target": "T02", "text": "ok", "run_id": "call Sarah 07700 900765"}]
    with pytest.raises(sm.AnnotationError, match="#1 create.*theme id.*#2 memo.*run_id") as caught:
        ws.apply(bad, by="amira")
    assert "Whitfield" not in str(caught.value) and "900765" not in str(caught.value)
    logged = _logged(project)
    assert "Whitfield" not in logged and "900765" not in logged
    written = ws.apply([{"kind": "create", "label": "Raised in the room", "new_theme": "T09"},
                        {"kind": "memo", "target": "T02", "text": "ok", "run_id": "run-a"},
                        {"kind": "memo", "target": "T02", "text": "ok", "run_id": "run-0123456789ab"}],
                       by="amira")
    assert written[0].data["new_theme"] == "T09"
    assert [e.run_id for e in written[1:]] == ["run-a", "run-0123456789ab"]


def test_a_flag_on_an_expectation_stays_when_its_terms_move_to_another_theme(project):
    """An expectation is checked on the theme its terms fall in: an added interview moved
    "digital exclusion" from T01 to another theme, and the flag and note on it went (its
    key had named T01). Its key names no theme; keys written with one are read without."""
    path = project.cache_dir / "surprises.json"
    item = {"rank": 1, "kind": "expectation", "score": 1.0, "explanation": "Expected: older people",
            "question": "What did we believe?", "theme_id": 0, "run_id": "run-a",
            "group": {"attribute": "area", "value": "Northfield"}, "details": {"id": None}}
    path.write_text(json.dumps([item]), encoding="utf-8")
    EventStore(project.annotations_dir).append([  # as an earlier version keyed it
        events.make("memo", "ben", target="expectation:T01:area=Northfield", text="we were wrong"),
    ], "ben")
    ws = Workspace(project)
    ws.flag(1, "surprised us", by="amira")
    assert list(ws.surprises["key"]) == ["expectation::area=Northfield"]
    path.write_text(json.dumps([{**item, "theme_id": None}]), encoding="utf-8")  # terms in no theme now
    table = Workspace(project).surprises
    assert list(table["flagged"]) == [1] and list(table["notes"]) == [["we were wrong"]]


def test_a_log_line_that_cannot_be_read_is_said_where_its_decision_is_missing(ws):
    """A hand edit with a typo ("Parked") left the theme's decision out of the report and
    boards, and `run`, `report`, `board` and `annotate review` said nothing of it."""
    from typer.testing import CliRunner

    from sensemaking.cli import app

    ws.rename("T01", "Bus fares", by="alice")
    path = ws.store.log_path("alice")
    path.write_text(path.read_text(encoding="utf-8").replace('"Bus fares"', '"Bus fares'), encoding="utf-8")
    result = CliRunner().invoke(app, ["annotate", "review", str(ws.project.root)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "1 line of the team's annotations could not be read" in said
    assert "events-alice.jsonl, line 1" in said


def test_an_agreed_theme_that_keeps_what_a_run_gave_it_stays_listed_when_the_data_goes_back(project):
    """A source taken out, then put back: the run between merged 'hub cafe' into the
    agreed 'bus fare', which kept those excerpts when the data went back (an agreed theme
    keeps its members). The item saying so had been dropped from the review list as if
    the data going back had undone it."""
    from _workspace_project import excerpt_rows, write_run

    ws = Workspace(project)
    ws.status("T01", "agreed", by="amira")
    rows = excerpt_rows({"bus": 12, "hub": 10, "rent": 8, "odd": 2})
    themes = {0: ids("bus", 12), 1: ids("hub", 10), 2: ids("rent", 8)}
    labels = {0: "bus fare", 1: "hub cafe", 2: "rent rose"}
    write_run(project.root, "run-out", {0: ids("bus", 12) + ids("hub", 10), 1: ids("rent", 8)},
              labels={0: "bus fare", 1: "rent rose"}, rows=excerpt_rows({"bus": 12, "hub": 10, "rent": 8}))
    assert "agreed_changed" in list(Workspace(project).review()["kind"])
    write_run(project.root, "run-a", themes, rows=rows, labels=labels, unassigned=ids("odd", 2))
    ws = Workspace(project)
    assert set(ids("hub", 10)) <= set(ws.resolved().set_index("theme_id").at["T01", "excerpt_ids"])
    assert "agreed_changed" in list(ws.review()["kind"])


def test_merging_two_themes_with_memos_keeps_both(ws):
    """A merge kept the memo of the theme merged into and dropped the other's."""
    ws.memo("T01", "Fares went up in June", by="amira")
    ws.memo("T02", "Cafe is where people meet", by="ben")
    ws.merge("T01", "T02", by="amira")
    assert theme(ws, "T01")["memo"] == "Fares went up in June\n\nT02: Cafe is where people meet"
    ws.memo("T03", "Rent", by="ben")
    ws.merge("T01", "T03", by="amira")
    assert theme(ws, "T01")["memo"].endswith("\n\nT03: Rent")


def test_two_splits_at_once_and_a_later_decision_reaches_the_theme_its_writer_saw(project):
    """Two notebooks split at the same moment and both asked for T04; replay gave the
    second T05. A rename of T04 made afterwards, by the same author, went to T05 (the
    author's alias for the id), though T04 was the theme they saw as T04."""
    a = Workspace(project).split("T01", ids("bus", 12)[:3], label="Night buses", by="lead")
    # the other notebook had read the log before this split, and asked for the same id
    EventStore(project.annotations_dir).append([events.make(
        "split", "lead", theme="T02", excerpt_ids=ids("hub", 10)[:3], new_theme="T04", label="Skate park")], "lead")
    assert a.data["new_theme"] == "T04"
    ws = Workspace(project)
    assert theme(ws, "T04")["label"] == "Night buses" and theme(ws, "T05")["label"] == "Skate park"
    ws.rename("T04", "Night buses after 10pm", by="lead")
    ws.status("T05", "agreed", by="lead")
    ws = Workspace(project)
    assert theme(ws, "T04")["label"] == "Night buses after 10pm"
    assert theme(ws, "T05")["label"] == "Skate park" and theme(ws, "T05")["status"] == "agreed"


def test_how_a_theme_stands_with_the_model_is_listed_as_the_latest_run_says(project):
    """Review items piled up over runs and contradicted each other: a theme the model
    found again stayed listed as "no longer found"."""
    from _workspace_project import excerpt_rows, write_run

    ws = Workspace(project)
    ws.rename("T01", "Bus fares", by="amira")
    rows = excerpt_rows({"bus": 12, "hub": 10, "rent": 8, "odd": 2})
    labels = {0: "bus fare", 1: "hub cafe", 2: "rent rose"}
    write_run(project.root, "run-gone", {1: ids("hub", 10), 2: ids("rent", 8)}, rows=rows, labels=labels,
              unassigned=ids("odd", 2) + ids("bus", 12))
    assert list(Workspace(project).review()["kind"]) == ["no_longer_found"]
    write_run(project.root, "run-back", {0: ids("bus", 12) + ids("odd", 2), 1: ids("hub", 10), 2: ids("rent", 8)},
              rows=rows, labels=labels)
    assert "no_longer_found" not in list(Workspace(project).review()["kind"])


def test_untouched_themes_get_their_ids_back_when_the_data_goes_back(project):
    """A one-off run put everything in one new theme (T04); back on the first run, T04
    took over 'bus fare' and T01 stayed retired, though the README says a theme gets its
    id back when a later run proposes it again."""
    from _workspace_project import excerpt_rows, write_run

    assert list(Workspace(project).themes["theme_id"]) == ["T01", "T02", "T03"]
    rows = excerpt_rows({"bus": 12, "hub": 10, "rent": 8, "odd": 2})
    labels = {0: "bus fare", 1: "hub cafe", 2: "rent rose"}
    write_run(project.root, "run-one", {0: ids("bus", 12) + ids("hub", 10) + ids("rent", 8)}, rows=rows,
              labels={0: "everything"}, unassigned=ids("odd", 2))
    assert list(Workspace(project).themes["theme_id"]) == ["T04"]
    write_run(project.root, "run-a", {0: ids("bus", 12), 1: ids("hub", 10), 2: ids("rent", 8)},
              rows=rows, labels=labels, unassigned=ids("odd", 2))
    themes = Workspace(project).themes
    assert list(zip(themes["theme_id"], themes["label"])) == [("T01", "bus fare"), ("T02", "hub cafe"),
                                                              ("T03", "rent rose")]

"""The paper round trip: print a pack, fill in its return sheet, import it, see the decisions."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from boards_synthetic import make_project, real_name
from typer.testing import CliRunner

import sensemaking as sm
from sensemaking.boards import apply_import, plan_import
from sensemaking.cli import app
from sensemaking.errors import AnnotationError, ConfigError, InputError, KeptAsideWarning


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("rt") / "proj", n_themes=6, n_excerpts=120)
    return sm.open_project(root).board("june")


@pytest.fixture
def pack(printed, tmp_path) -> Path:
    """A fresh copy of the printed project, so each test starts from an empty log."""
    root = tmp_path / "proj"
    shutil.copytree(printed.parents[1], root)
    return root / "workshops" / "june"


def fill(
    folder: Path,
    rows: dict[str, dict[str, str]],
    new: list[dict[str, str]] = (),
    name: str = "return.xlsx",
) -> Path:
    """The printed sheet with decisions written into it, as a facilitator would."""
    sheet = pd.read_excel(folder / "return.xlsx", dtype=str).fillna("")
    for card_id, values in rows.items():
        (index,) = sheet.index[sheet["card_id"] == card_id]
        for column, value in values.items():
            sheet.loc[index, column] = value
    blanks = list(sheet.index[sheet["card_id"] == ""])
    for index, values in zip(blanks, new, strict=False):
        for column, value in values.items():
            sheet.loc[index, column] = value
    path = folder / name
    if name.endswith(".csv"):
        sheet.to_csv(path, index=False)
    else:
        sheet.to_excel(path, index=False)
    return path


def _log_size(project) -> int:
    return sum(len(p.read_bytes()) for p in project.annotations_dir.rglob("*.jsonl"))


def test_round_trip_end_to_end(pack):
    project = sm.open_project(pack.parents[1])
    before = project.workspace.resolved().set_index("theme_id")
    split_ids = ["T05-01", "T05-02"]
    sheet = fill(
        pack,
        {
            "T01": {"decision": "keep", "dots": "4", "note": "everyone agreed"},
            "T02": {"decision": "merge", "target": "T03"},
            "T04": {"decision": "rename", "new_label": "Youth provision"},
            "T06": {"decision": "park"},
            **{
                c: {"decision": "split", "target": "NEW1", "new_label": "Dark streets"}
                for c in split_ids
            },
        },
        new=[{"new_label": "Transport to hospital", "dots": "2"}],
    )
    plan = plan_import(project, sheet, by="facilitator")
    assert plan.ok, plan.problems
    written = apply_import(project, plan)
    assert len(written) == len(plan.events) == 9  # T01: status, vote, memo; new theme: create, vote
    after = project.workspace.resolved().set_index("theme_id")
    assert after.at["T01", "status"] == "agreed" and after.at["T01", "votes"] == 4
    assert "everyone agreed" in after.at["T01", "memo"]
    assert "T02" not in after.index
    assert after.at["T03", "size"] == before.at["T03", "size"] + before.at["T02", "size"]
    assert after.at["T04", "label"] == "Youth provision"
    assert after.at["T06", "status"] == "parked"
    cards = pd.read_json(pack / "cards.json", typ="series")["cards"]
    moved = {c["excerpt_id"] for c in cards if c["card_id"] in split_ids}
    dark = after[after["label"] == "Dark streets"]
    assert len(dark) == 1 and set(dark.iloc[0]["excerpt_ids"]) == moved
    hospital = after[after["label"] == "Transport to hospital"]
    assert len(hospital) == 1 and hospital.iloc[0]["votes"] == 2
    assert {e.run_id for e in written} == {plan.run_id}


def test_unknown_ids_and_conflicts_apply_nothing(pack):
    project = sm.open_project(pack.parents[1])
    sheet = fill(
        pack,
        {
            "T01": {"decision": "keep"},
            "T02": {"decision": "merge", "target": "T03"},
            "T03": {"decision": "merge", "target": "T04"},  # T02 would join a theme merged away
            "T05-01": {"decision": "rename"},
        },
        new=[
            {"card_id": "T09-07", "decision": "keep"},
            {"card_id": "T01", "decision": "park"},  # T01 is also marked keep
            {"card_id": "T01-01", "decision": "maybe"},
            {"card_id": "T02-01", "decision": "Renmae"},  # a typo, and its fix is named
        ],
    )
    size = _log_size(project)
    plan = plan_import(project, sheet, by="facilitator")
    text = " | ".join(plan.problems)
    assert "T09-07" in text and "not one of keep, merge, rename, split, park" in text
    assert "'Renmae' is not one of keep, merge, rename, split, park (did you mean 'rename'?)" in text
    assert text.count("did you mean") == 1  # nothing is near 'maybe'
    assert "marked park here but keep" in text and "merged away" in text
    assert "applies to a theme" in text
    with pytest.raises(AnnotationError, match="nothing was applied"):
        apply_import(project, plan)
    assert _log_size(project) == size


def test_sheet_from_another_run_is_refused(pack):
    project = sm.open_project(pack.parents[1])
    sheet = fill(pack, {"T01": {"decision": "keep", "run_id": "run-other"}})
    plan = plan_import(project, sheet)
    assert not plan.ok and "run-other" in plan.problems[0]


def test_workspace_refusal_is_reported_whole(pack):
    project = sm.open_project(pack.parents[1])
    project.workspace.merge("T01", "T02", by="someone")  # T02 is gone since the pack was printed
    sheet = fill(pack, {"T02": {"decision": "keep"}, "T03": {"decision": "keep"}})
    size = _log_size(project)
    plan = plan_import(project, sheet)
    assert not plan.ok and "workspace refuses" in plan.problems[0]
    assert _log_size(project) == size


def test_csv_sheet_and_missing_columns(pack):
    project = sm.open_project(pack.parents[1])
    sheet = fill(pack, {"T01": {"decision": "keep"}}, name="return.csv")
    assert plan_import(project, sheet).preview[0]["what"] == "T01: agreed"
    broken = pack / "broken.csv"
    pd.read_csv(sheet, dtype=str).drop(columns=["dots"]).to_csv(broken, index=False)
    with pytest.raises(InputError, match="missing column"):
        plan_import(project, broken)


def test_csv_sheet_as_spreadsheets_save_it(pack):
    """Excel saves CSV with ";" where the decimal mark is a comma, and in the system's
    code page unless told UTF-8: both read, with the spreadsheet's row numbers."""
    project = sm.open_project(pack.parents[1])
    sheet = pd.read_excel(pack / "return.xlsx", dtype=str).fillna("")
    row = sheet.index[sheet["card_id"] == "T02"][0]
    sheet.loc[row, ["decision", "new_label"]] = ["rename", "Café à midi"]
    for name, options in (("semi.csv", {"sep": ";"}), ("cp1252.csv", {"encoding": "cp1252"})):
        sheet.to_csv(pack / name, index=False, **options)
        plan = plan_import(project, pack / name)
        assert plan.ok, plan.problems
        assert plan.preview == [{"row": str(row + 2), "what": "T02: renamed to 'Café à midi'"}]


def test_cli_previews_then_applies(pack):
    project = sm.open_project(pack.parents[1])
    sheet = fill(pack, {"T03": {"decision": "rename", "new_label": "Young people"}})
    runner = CliRunner()
    refused = runner.invoke(app, ["annotate", "import", str(sheet), "--by", "fac"], input="n\n")
    assert refused.exit_code == 1 and "T03: renamed" in refused.output
    assert "T03" in project.workspace.resolved()["theme_id"].values
    result = runner.invoke(app, ["annotate", "import", str(sheet), "--by", "fac", "--yes"])
    assert result.exit_code == 0, result.output
    labels = sm.open_project(pack.parents[1]).workspace.resolved().set_index("theme_id")["label"]
    assert labels["T03"] == "Young people"



def test_cli_reads_the_sheet_path_from_here_or_from_the_project(pack, monkeypatch):
    """`workshops/june/return.xlsx`, as the guide prints it, works from inside the project
    and from elsewhere with --project; a sheet not found is said first, with the paths tried."""
    root = pack.parents[1]
    fill(pack, {"T03": {"decision": "keep"}})
    runner = CliRunner()
    monkeypatch.chdir(root.parent)
    missing = runner.invoke(app, ["annotate", "import", "workshops/june/return.xlsx"])
    said = " ".join(missing.output.split())
    assert missing.exit_code == 2 and said.startswith("error: no return sheet at workshops/june/return.xlsx;")
    assert "sensemaking.toml" not in said
    typo = runner.invoke(app, ["annotate", "import", "workshops/jun/return.xlsx", "--project", root.name])
    said = " ".join(typo.output.split())
    assert f"no return sheet at workshops/jun/return.xlsx or at {root.name}/workshops/jun/return.xlsx" in said
    found = runner.invoke(app, ["annotate", "import", "workshops/june/return.xlsx", "--project", root.name, "--yes"])
    assert found.exit_code == 0 and "Applied 1 event(s)" in found.output, found.output
    monkeypatch.chdir(root / "workshops")  # in the project, a folder down
    again = runner.invoke(app, ["annotate", "import", "workshops/june/return.xlsx", "--yes"])
    assert again.exit_code == 0 and "Nothing new to apply" in again.output, again.output


def test_cli_board_and_help(tmp_path):
    root = make_project(tmp_path / "p", n_themes=3, n_excerpts=60)
    runner = CliRunner()
    result = runner.invoke(app, ["board", str(root), "--name", "may", "--paper", "a4"])
    assert result.exit_code == 0, result.output
    assert (root / "workshops" / "may" / "pack.pdf").is_file()
    for command in (["board", "--help"], ["annotate", "import", "--help"]):
        assert "Example:" in runner.invoke(app, command).output
    bad = runner.invoke(app, ["board", str(root), "--name", "a b"])
    assert bad.exit_code == 2 and "session name" in bad.output


def test_decisions_are_signed_by_the_session(pack):
    """Without --by the room's decisions are the session's: "workshop june", and a session
    already called a workshop is not "workshop workshop"."""
    project = sm.open_project(pack.parents[1])
    sheet = fill(pack, {"T01": {"decision": "keep"}})
    assert {e["by"] for e in plan_import(project, sheet).events} == {"workshop june"}
    manifest = json.loads((pack / "cards.json").read_text())
    (pack / "cards.json").write_text(json.dumps({**manifest, "session": "spring-workshop"}))
    assert {e["by"] for e in plan_import(project, sheet).events} == {"spring-workshop"}


def test_printing_again_keeps_a_filled_sheet_importable(pack):
    """Printing the pack again (as `sensemaking run` does when the data change) moves a
    sheet with decisions typed in aside with its cards.json; it still imports. A sheet
    nobody wrote in is simply printed over."""
    project = sm.open_project(pack.parents[1])
    project.board("june")
    assert not list(pack.glob("filled-*"))
    fill(pack, {"T04": {"decision": "rename", "new_label": "Youth provision"}})
    with pytest.warns(KeptAsideWarning, match="had decisions typed in"):
        project.board("june")
    (kept,) = pack.glob("filled-*")
    assert sorted(p.name for p in kept.iterdir()) == ["cards.json", "return.xlsx"]
    fresh = pd.read_excel(pack / "return.xlsx", dtype=str).fillna("")
    assert (fresh[["decision", "new_label"]] == "").all().all()
    plan = plan_import(project, kept / "return.xlsx")
    assert plan.ok, plan.problems
    apply_import(project, plan)
    assert project.workspace.resolved().set_index("theme_id").at["T04", "label"] == "Youth provision"


def test_importing_a_sheet_twice_adds_nothing_the_second_time(pack):
    """Dots are not counted twice and a theme raised in the room is not added twice; a
    decision undone since is imported again."""
    project = sm.open_project(pack.parents[1])
    sheet = fill(pack, {"T01": {"decision": "keep", "dots": "3"}},
                 new=[{"new_label": "Transport to hospital", "dots": "2"}])
    apply_import(project, plan_import(project, sheet))
    again = plan_import(project, sheet)
    assert again.ok and again.events == [] and again.already == 4  # status, vote; create, vote
    resolved = project.workspace.resolved().set_index("theme_id")
    assert resolved.at["T01", "votes"] == 3 and (resolved["label"] == "Transport to hospital").sum() == 1
    history = project.workspace.history()
    vote = history[(history["kind"] == "vote") & (history["theme"] == "T01")]["event_id"].iloc[0]
    project.workspace.undo(vote, by="facilitator")
    assert [e["kind"] for e in plan_import(project, sheet).events] == ["vote"]
    result = CliRunner().invoke(app, ["annotate", "import", str(sheet), "--yes"])
    assert "Applied 1 event(s)" in result.output
    result = CliRunner().invoke(app, ["annotate", "import", str(sheet), "--yes"])
    assert result.exit_code == 0 and "Nothing new to apply" in result.output


def test_a_sheet_moved_aside_is_said_even_when_printing_then_fails(pack):
    sm.open_project(pack.parents[1])
    fill(pack, {"T01": {"decision": "keep"}})
    for name in ("themes.json", "assignments.csv"):
        (pack.parents[1] / ".sensemaking" / name).unlink()
    result = CliRunner().invoke(app, ["board", str(pack.parents[1]), "--name", "june"])
    assert result.exit_code != 0
    assert "had decisions typed in" in result.output and "filled-run-synth0" in result.output
    assert (pack / "filled-run-synth0" / "return.xlsx").is_file()


def test_ids_typed_in_lower_case_are_the_packs(pack):
    project = sm.open_project(pack.parents[1])
    sheet = fill(pack, {"T02": {"decision": "merge", "target": "t03 "},
                        "T05-01": {"decision": "merge", "target": "t01"}})
    plan = plan_import(project, sheet)
    assert plan.ok, plan.problems
    assert [line["what"] for line in plan.preview] == ["T02: merged into T03", "card T05-01: moved to T01"]


def test_names_typed_by_the_room_are_pseudonymised_like_the_sources(pack):
    """A facilitator types what the room said: a participant's real name and a phone
    number in a note, a name in a new label. They never reach the log, boards or report."""
    project = sm.open_project(pack.parents[1])
    name = real_name(0)
    sheet = fill(pack, {"T01": {"decision": "rename", "new_label": f"What {name} told us",
                                "note": f"ring {name.split()[0]} on 07700 900123"}})
    apply_import(project, plan_import(project, sheet))
    logged = "".join(p.read_text() for p in project.annotations_dir.rglob("*.jsonl"))
    assert name not in logged and "07700 900123" not in logged and "[PHONE]" in logged
    row = project.workspace.resolved().set_index("theme_id").loc["T01"]
    assert row["label"] == "What P01 told us" and name.split()[0] not in row["memo"]
    with pytest.warns(KeptAsideWarning):  # the filled sheet is kept aside, as it should be
        page = (project.board("june") / "boards.html").read_text()
    assert name not in page and "What P01 told us" in page


def test_the_preview_and_a_theme_raised_in_the_room_say_the_scrubbed_words(pack):
    """The import's printed preview says the label as logged ("What P01 told us"), and a
    theme raised in the room under a listed person's name, with dots and a note, is
    imported whole: its votes and memo go to the theme with the scrubbed label."""
    project = sm.open_project(pack.parents[1])
    name = real_name(0)
    sheet = fill(pack, {"T01": {"decision": "rename", "new_label": f"What {name} told us"}},
                 new=[{"new_label": f"{name}'s idea", "dots": "2", "note": f"good one, ask {name}"}])
    result = CliRunner().invoke(app, ["annotate", "import", str(sheet), "--by", "fac", "--yes"])
    assert result.exit_code == 0, result.output
    assert name not in result.output and "renamed to 'What P01 told us'" in result.output
    said = " ".join(result.output.split())  # the note's words, as logged
    assert "2 dots" in said and "note “good one, ask P01”" in said
    themes = project.workspace.resolved().set_index("label")
    assert themes.loc["P01's idea", "votes"] == 2 and "good one" in themes.loc["P01's idea", "memo"]


def test_project_and_session_names_are_printed_scrubbed(pack):
    """A person named in `[project] name` is printed as their pseudonym in boards.html,
    cards.json and the pack's PDF title; a session name (`board --name`) naming one is
    refused, since it names the pack's folder, without being quoted."""
    from pypdf import PdfReader

    root, name = pack.parents[1], real_name(0)
    settings = root / "sensemaking.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(re.sub(r'(?m)^name = .*$', f'name = "Hubs with {name} 07700 900321"', text))
    project = sm.open_project(root)
    with pytest.raises(ConfigError, match="names a person") as caught:
        project.board(f"{name.split()[1]}-group")
    assert name.split()[1] not in str(caught.value)
    folder = project.board("june")
    printed = (folder / "boards.html").read_text() + (folder / "cards.json").read_text()
    title = PdfReader(folder / "pack.pdf").metadata.title
    for text in (printed, title):
        assert name.split()[1] not in text and "900321" not in text and "P01" in text


def test_problems_point_at_the_cell_without_quoting_a_name_or_number_typed_there(pack):
    """A name or a phone number typed into an id, decision, dots or run cell is refused
    by row, and quoted only as the workspace would log it (pseudonym, [PHONE])."""
    project = sm.open_project(pack.parents[1])
    names = [real_name(i) for i in range(4)]
    sheet = fill(pack, {"T01": {"decision": f"ask {names[0]} 07700 900123"},
                        "T02": {"dots": "07700 900456"},
                        "T03": {"run_id": f"{names[1]}'s run", "decision": "keep"},
                        "T01-01": {"theme_id": names[2], "decision": "keep"}},
                 new=[{"card_id": names[3], "decision": "keep"},
                      {"theme_id": "ring 07700 900789", "decision": "keep"},
                      {"card_id": "T01-02", "decision": "[/x]"}])  # no markup, no traceback
    size = _log_size(project)
    result = CliRunner().invoke(app, ["annotate", "import", str(sheet), "--yes"])
    assert result.exit_code != 0 and _log_size(project) == size
    said = " ".join(result.output.split())
    for planted in [*names, *(n.split()[1] for n in names), "900123", "900456", "900789"]:
        assert planted not in said, planted
    assert said.count("return.xlsx row ") == 7 and "decision '[/x]' is not one of" in said
    assert "decision 'ask P01 [PHONE]' is not one of" in said
    assert "no card or theme 'P04' in this pack" in said and "not 'P03'" in said
    assert "no theme 'ring [PHONE]' in this pack" in said and "dots '[PHONE]'" in said

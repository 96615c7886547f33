"""Withdrawn participants: after `forget`, a re-ingest never brings their words back."""

from __future__ import annotations

import pandas as pd
import pytest

from sensemaking import open_project
from sensemaking.ingest import source_text_path
from sensemaking.pipeline import stage_status
from sensemaking.workspace.forget import forget

PEOPLE = ("participant_id,name,aliases,role,area,age_band,quote_ok\n"
          "hub-001,Sarah Whitfield,Sal,resident,Northfield,45-64,yes\n"
          "hub-002,Leanne Brooks,Lee,resident,Riverside,25-44,yes\n"
          "hub-003,Kieran Doyle,Kez,resident,Northfield,16-24,yes\n"
          "hub-201,Helen Mayberry,,interviewer,,,yes\n")
# Kieran's words are marked by made-up words that appear nowhere else.
GROUP = ("Helen: What do you use the hub for?\n\n"
         "Sarah: The pantry on a Tuesday, and the warm room when the gas is off.\n\n"
         "Kieran: Mostly the zorblatt club, and the quenditch sessions on a Friday night.\n\n"
         "Helen: Anything else?\n\n"
         "Kieran: The zorblatt club is why I go at all, honestly, nothing else.\n\n"
         "Sarah: Advice about the council tax, they helped me fill the forms in.\n")
KIERAN = ("Helen: Tell me about the youth night.\n\n"
          "Kieran: We do the vormish quiz and then everyone plays pool till nine.\n")
LEANNE = ("Helen: What brought you here?\n\n"
          "Leanne: The warm space, when the gas went up again this winter.\n")
THEIR_WORDS = ("zorblatt", "quenditch", "vormish")


def _everything(project) -> str:
    """Every file under .sensemaking/, parquet as CSV, names included."""
    blob = []
    for path in sorted(p for p in project.cache_dir.rglob("*") if p.is_file()):
        blob.append(path.relative_to(project.root).as_posix())
        blob.append(pd.read_parquet(path).to_csv() if path.suffix == ".parquet"
                    else path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(blob).lower()


@pytest.fixture
def project(make_project):
    root = make_project({"group.txt": GROUP, "kieran_youth.txt": KIERAN, "leanne.txt": LEANNE},
                        participants=PEOPLE)
    project = open_project(root)
    project.ingest()
    return project


def test_reingest_after_forget_leaves_their_words_out_everywhere(project):
    before = project.excerpts
    pid = forget(project, "hub-003").participant_id
    assert pid in set(before.participant_id)
    report = project.ingest()
    after = project.excerpts
    assert pid not in set(after.participant_id)
    assert set(after.participant_id) == set(before.participant_id) - {pid}
    blob = _everything(project)
    assert not [w for w in THEIR_WORDS if w in blob]
    assert report.dropped["withdrawn"] == 3
    assert report.to_dict()["dropped"]["withdrawn"] == 3


def test_shared_source_keeps_offsets_and_theirs_alone_is_not_stored(project):
    forget(project, "hub-003")
    project.ingest()
    frame = project.excerpts
    for row in frame.itertuples():
        stored = source_text_path(project, row.source_id).read_text(encoding="utf-8")
        assert stored[row.char_start:row.char_end] == row.text
    assert set(frame.source_id) == {"group.txt", "P02.txt"}  # file names are pseudonymised
    stored = {p.name for p in (project.cache_dir / "sources").iterdir()}
    assert stored == {source_text_path(project, s).name for s in ("group.txt", "P02.txt")}


def test_withdrawal_makes_ingest_out_of_date(project):
    def ingest_status():
        return next(s for s in stage_status(project) if s["stage"] == "ingest")["status"]

    project.ingest()
    assert ingest_status() == "up to date"
    forget(project, "hub-003")
    assert ingest_status() == "out of date"


def test_forget_names_the_raw_files_that_still_hold_their_words(project):
    """The raw files keep their real names (kieran_youth.txt, ingested as P03_youth.txt):
    forget names them as the team will find them, read from a key kept owner-only."""
    report = forget(project, "hub-003")
    assert report.raw_sources == ["data/raw/group.txt", "data/raw/kieran_youth.txt"]
    assert "\n  data/raw/kieran_youth.txt" in report.summary()
    key = project.private_dir / "source_files.csv"
    assert key.stat().st_mode & 0o077 == 0
    assert "kieran" not in _everything(project)

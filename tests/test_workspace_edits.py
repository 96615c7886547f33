"""End to end on the sample project: a transcript corrected after the team has worked on
it. Excerpt ids are hashes of their source's content, so a one-word fix gave every
excerpt of that source a new id, and the team's split, codes and memo on them were lost."""

from __future__ import annotations

import pytest

import sensemaking as sm
from sensemaking.moves import source_moves
from sensemaking.pipeline import run_stages

SOURCE = "interviews/eastgate/housing_association.md"


def test_excerpts_pair_by_their_words_then_by_the_most_alike():
    old = [("a", "The bus was late."), ("b", "Doing what you say. Honestly. It is not complicated."),
           ("c", "Nobody came."), ("d", "Something nobody says again.")]
    new = [("z", "Nobody came."), ("y", "The bus was late."),  # a table sorted anew
           ("x", "Doing what you say, honestly. It is not complicated."), ("w", "Quite different words here.")]
    assert source_moves(old, new) == {"a": "y", "b": "x", "c": "z"}


@pytest.mark.slow
def test_decisions_on_a_corrected_transcripts_excerpts_stay_on_them(sample_tfidf):
    project = sm.open_project(sample_tfidf)
    run_stages(project, only=["ingest", "themes"])
    ws = project.workspace
    theirs = project.excerpts[project.excerpts["source_id"] == SOURCE].sort_values("char_start")
    themed = ws.resolved().explode("excerpt_ids")
    home = themed[themed["excerpt_ids"].isin(theirs["excerpt_id"])]["theme_id"].value_counts().idxmax()
    moving = [e for e in theirs["excerpt_id"] if e in set(themed[themed["theme_id"] == home]["excerpt_ids"])][:6]
    split = ws.split(home, moving, label="Landlord repairs process", by="lead")
    new_theme = split.data["new_theme"]
    coded = list(theirs["excerpt_id"].iloc[:3])
    for excerpt_id in coded:
        ws.code(excerpt_id, "trust", by="lead")
    ws.memo(theirs["excerpt_id"].iloc[3], "Says it plainly", by="lead")

    path = project.raw_dir / SOURCE
    path.write_text(path.read_text(encoding="utf-8").replace("Doing what you say. Honestly.",
                                                             "Doing what you say, honestly."), encoding="utf-8")
    run_stages(project, only=["ingest", "themes"])
    project = sm.open_project(sample_tfidf)
    now = set(project.excerpts["excerpt_id"])
    assert not set(moving) & now, "the edit should have changed the source's excerpt ids"
    ws = project.workspace
    row = ws.resolved().set_index("theme_id").loc[new_theme]
    assert len(row["excerpt_ids"]) == len(moving) and set(row["excerpt_ids"]) <= now
    codes = ws.codes()
    assert len(codes) == 3 and set(codes["excerpt_id"]) <= now
    assert not [m for m in ws.review()["message"] if "left the data" in m]

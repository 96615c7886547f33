"""End to end on the sample project: the team's decisions survive a new interview.

Ingest + themes (TF-IDF, fast), then rename, agree, merge, split, move and memo; then an
extra interview arrives, ingest and themes run again, and every decision is still
applied or listed for review.
"""

from __future__ import annotations

import shutil

import pytest
from conftest import SAMPLE

import sensemaking as sm
from sensemaking.pipeline import run_stages

LATE_INTERVIEW = SAMPLE / "extra" / "late_interview_yusuf.txt"


@pytest.fixture(scope="module")
def project(sample_tfidf):
    project = sm.open_project(sample_tfidf)
    run_stages(project, only=["ingest", "themes"])
    return project


def _add_interview(project) -> None:
    """New data arrives: the late interview shipped in data/sample/extra/ (its speaker is
    already in the manifest)."""
    target = project.raw_dir / "interviews" / "riverside" / LATE_INTERVIEW.name
    shutil.copy(LATE_INTERVIEW, target)


@pytest.mark.slow
def test_decisions_survive_a_new_interview(project):
    ws = project.workspace
    themes = ws.themes
    bus = ws.search("bus*")["theme_id"].value_counts().idxmax()
    ws.rename(bus, "Cut off by the bus cuts", by="lead", reason="residents' words")
    ws.status(bus, "agreed", by="lead")
    keep, gone = themes.sort_values("size")["theme_id"].head(2)
    ws.merge(keep, gone, by="lead")
    memo_theme = next(t for t in themes["theme_id"] if t not in (bus, keep, gone))
    ws.memo(memo_theme, "Check with the food bank", by="lead")
    hospital = ws.search("hospital", theme=bus)["excerpt_id"].unique().tolist()[:3]
    split = ws.split(bus, hospital or ws.excerpts(bus)["excerpt_id"].head(2).tolist(),
                     label="Getting to hospital", by="lead").data["new_theme"]
    moved = ws.excerpts(memo_theme)["excerpt_id"].iloc[0]
    ws.move(moved, keep, by="lead")
    before = ws.resolved().set_index("theme_id")
    run_before = ws.run_id

    _add_interview(project)
    results = run_stages(project, only=["ingest", "themes"])
    assert results["ingest"] is not None and results["themes"] is not None

    ws = sm.open_project(project.root).workspace
    after = ws.resolved().set_index("theme_id")
    assert ws.run_id != run_before and set(after["run_id"]) == {ws.run_id}
    assert after.at[bus, "label"] == "Cut off by the bus cuts"
    assert after.at[bus, "status"] == "agreed"
    assert gone not in after.index and keep in after.index
    assert after.at[memo_theme, "memo"] == "Check with the food bank"
    assert after.at[split, "label"] == "Getting to hospital"
    assert moved in after.at[keep, "excerpt_ids"]
    for theme_id in (bus, keep, split, memo_theme):  # the team's themes keep their excerpts
        assert set(before.at[theme_id, "excerpt_ids"]) <= set(after.at[theme_id, "excerpt_ids"])
    review = ws.review()
    assert "not_applied" not in set(review["kind"])  # every decision still fits
    new_people = set().union(*after["participant_ids"]) - set().union(*before["participant_ids"])
    assert len(new_people) == 1  # the new participant's words reached the team's themes
    assert "Yusuf" not in after.to_json()

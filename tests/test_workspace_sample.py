"""End to end on the sample project: the team's decisions survive a new interview.

Ingest + themes (TF-IDF, fast), then rename, agree, merge, split, move and memo; then an
extra interview arrives, ingest and themes run again, and every decision is still
applied or listed for review.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import sensemaking as sm
from sensemaking.pipeline import run_stages

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
EXTRA = """HELEN: Thanks for seeing me, Olive. It's recorded but your name comes off everything.

OLIVE: That's alright, love. I've not got much else on, have I, since they took the 42 bus off.

HELEN: Tell me about that.

OLIVE: The 42 was my bus to the hospital and to the lunch club. Now there's no bus on a Sunday
and nothing in the evening. I used to go to the lunch club every Tuesday for my dinner and a
natter. Now I sit in. My daughter rings but she's in Leeds. Some weeks I don't speak to anybody.

HELEN: Is there anything that would help?

OLIVE: Bring back the bus. Or a minibus, like the church used to run. The hub could do it. And
tell us what's happening, we only found out about the cut from a notice on the shelter.

HELEN: What about the cost of things, heating and that?

OLIVE: I keep the heating off till the afternoon. I had the energy voucher from the hub last
winter and it was a godsend, but you have to fill the form in online and I haven't got the
internet. The lady at the hub did it for me on her computer.
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    if not any((SAMPLE / "data" / "raw").rglob("*.*")):
        pytest.skip("the sample project's sources (data/sample/data/raw/) are not there yet")
    root = tmp_path_factory.mktemp("sample") / "sample"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(
        ".sensemaking", "annotations", "workshops", "reports", "private"))
    settings = root / "sensemaking.toml"
    settings.write_text(settings.read_text().replace('embedder = "minilm"', 'embedder = "tfidf"'))
    project = sm.open_project(root)
    run_stages(project, only=["ingest", "themes"])
    return project


def _add_interview(project) -> None:
    with open(project.manifest_path, "a", encoding="utf-8") as fh:
        fh.write("hub-019,Olive Grant,Olive;Mrs Grant,resident,Millbrook,65+,,yes\n")
    path = project.raw_dir / "interviews" / "millbrook" / "olive_grant.txt"
    path.write_text(EXTRA, encoding="utf-8")


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
    assert len(new_people) == 1  # Olive's words reached the team's themes
    assert "Olive" not in after.to_json()

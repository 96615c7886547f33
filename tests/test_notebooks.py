"""The five notebooks run top to bottom, headless, on a copy of the sample project.

Fast mode: the copy's settings use the TF-IDF embedder (no model load). The notebooks
share one copy and run in order, as a learning lead would; each also brings the stages
it needs up to date itself, so any one can run alone.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

jupytext = pytest.importorskip("jupytext")
nbclient = pytest.importorskip("nbclient")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
NAMES = ["01_ingest_and_privacy", "02_themes", "03_surprises_and_missing", "04_annotate",
         "05_boards_and_report"]
NEEDS = {"05_boards_and_report": ("sensemaking.boards", "sensemaking.reports")}


def _run(name: str, project: Path, monkeypatch) -> None:
    monkeypatch.setenv("SENSEMAKING_PROJECT", str(project))
    notebook = jupytext.read(NOTEBOOKS / f"{name}.py")
    client = nbclient.NotebookClient(
        notebook, timeout=900, kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs(name, sample_tfidf, monkeypatch):
    missing = [m for m in NEEDS.get(name, ()) if importlib.util.find_spec(m) is None]
    if missing:
        pytest.skip(f"{name} needs {', '.join(missing)}, which is not in the package yet")
    _run(name, sample_tfidf, monkeypatch)
    if name == "01_ingest_and_privacy":
        assert (sample_tfidf / ".sensemaking" / "excerpts.parquet").is_file()
    if name == "04_annotate":
        logs = sorted(p.name for p in (sample_tfidf / "annotations").glob("events-*.jsonl"))
        assert "events-learning-lead.jsonl" in logs
        assert (sample_tfidf / "annotations" / "log.csv").is_file()
    if name == "05_boards_and_report":
        assert (sample_tfidf / "workshops" / "notebook-session" / "pack.pdf").is_file()
        assert (sample_tfidf / "reports" / "report.html").is_file()


@pytest.mark.slow
def test_the_ingest_notebook_runs_on_a_survey_that_records_nothing_about_people(shared_data, tmp_path,
                                                                              monkeypatch):
    """Real open answers with no area, age or role: "who we heard from" says so; its
    chart of people per area once failed on no data at all."""
    import pandas as pd

    import sensemaking as sm

    survey = pd.read_csv(shared_data / "surveys" / "covid_worry" / "data_incl_demographics.consent_filtered.csv")
    project = sm.init_project(tmp_path / "survey")
    survey[["id", "text_long"]].dropna().head(100).rename(columns={"id": "respondent", "text_long": "answer"}).to_csv(
        project.root / "data" / "raw" / "answers.csv", index=False)
    _run("01_ingest_and_privacy", project.root, monkeypatch)
    assert (project.cache_dir / "excerpts.parquet").is_file()


@pytest.mark.slow
def test_the_annotate_notebook_writes_no_made_up_decision_into_another_project(shared_data, tmp_path,
                                                                               monkeypatch):
    """Run on a project of one's own, the worked example (renames, merges, codes) stops
    before its first event, with a message saying why."""
    import nbclient.exceptions
    import pandas as pd

    import sensemaking as sm

    survey = pd.read_csv(shared_data / "surveys" / "covid_worry" / "data_incl_demographics.consent_filtered.csv")
    project = sm.init_project(tmp_path / "own")
    settings = project.root / "sensemaking.toml"
    settings.write_text(settings.read_text().replace('embedder = "minilm"', 'embedder = "tfidf"'))
    survey[["id", "text_long"]].dropna().head(120).rename(columns={"id": "respondent", "text_long": "answer"}).to_csv(
        project.root / "data" / "raw" / "answers.csv", index=False)
    with pytest.raises(nbclient.exceptions.CellExecutionError, match="is not the sample project"):
        _run("04_annotate", project.root, monkeypatch)
    assert not any(p.name != "events-sensemaking.jsonl" for p in project.annotations_dir.glob("events-*.jsonl"))


def test_notebooks_are_paired_percent_scripts():
    config = (NOTEBOOKS / "jupytext.toml").read_text(encoding="utf-8")
    assert 'formats = "ipynb,py:percent"' in config
    for name in NAMES:
        text = (NOTEBOOKS / f"{name}.py").read_text(encoding="utf-8")
        assert "format_name: percent" in text and "# %%" in text
        assert "/work/" not in text

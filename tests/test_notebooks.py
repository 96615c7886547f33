"""The five notebooks run top to bottom, headless, on a copy of the sample project.

Fast mode: the copy's settings use the TF-IDF embedder (no model load). The notebooks
share one copy and run in order, as a learning lead would; each also brings the stages
it needs up to date itself, so any one can run alone.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

jupytext = pytest.importorskip("jupytext")
nbclient = pytest.importorskip("nbclient")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
NAMES = ["01_ingest_and_privacy", "02_themes", "03_surprises_and_missing", "04_annotate",
         "05_boards_and_report"]
NEEDS = {"05_boards_and_report": ("sensemaking.boards", "sensemaking.reports")}


def _run(name: str, project: Path, monkeypatch, notebook=None):
    monkeypatch.setenv("SENSEMAKING_PROJECT", str(project))
    notebook = notebook or jupytext.read(NOTEBOOKS / f"{name}.py")
    client = nbclient.NotebookClient(
        notebook, timeout=900, kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    return client.execute()


def _printed(notebook) -> str:
    """Everything the notebook's cells showed, as text."""
    out = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            out.append(output.get("text", "") or output.get("data", {}).get("text/plain", ""))
    return "\n".join(out)


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs(name, sample_tfidf, monkeypatch):
    missing = [m for m in NEEDS.get(name, ()) if importlib.util.find_spec(m) is None]
    if missing:
        pytest.skip(f"{name} needs {', '.join(missing)}, which is not in the package yet")
    annotations = sorted((sample_tfidf / "annotations").glob("*"))
    ran = _run(name, sample_tfidf, monkeypatch)
    if name == "01_ingest_and_privacy":
        assert (sample_tfidf / ".sensemaking" / "excerpts.parquet").is_file()
    if name == "04_annotate":  # on a scratch copy: the sample's own annotations untouched
        printed = _printed(ran)
        assert re.search(r"Marked T\d+ as agreed \(by learning lead; event \w{8}\)", printed)
        assert "Cut off by the bus cuts" in printed
        assert "Event(" not in printed and "worked example on a copy of the sample" in printed
        assert sorted((sample_tfidf / "annotations").glob("*")) == annotations
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
                                                                               sample_tfidf, monkeypatch):
    """Run on a project of one's own, the worked example (renames, merges, codes) works on
    a scratch copy of the sample: it had stopped with an error, and a user stepping past
    it wrote its made-up decisions into their own annotations."""
    import pandas as pd

    import sensemaking as sm

    survey = pd.read_csv(shared_data / "surveys" / "covid_worry" / "data_incl_demographics.consent_filtered.csv")
    project = sm.init_project(tmp_path / "own")
    settings = project.root / "sensemaking.toml"
    settings.write_text(settings.read_text().replace('embedder = "minilm"', 'embedder = "tfidf"'))
    survey[["id", "text_long"]].dropna().head(120).rename(columns={"id": "respondent", "text_long": "answer"}).to_csv(
        project.root / "data" / "raw" / "answers.csv", index=False)
    monkeypatch.setenv("SENSEMAKING_SAMPLE", str(sample_tfidf))
    ran = _run("04_annotate", project.root, monkeypatch)
    assert "Cut off by the bus cuts" in _printed(ran)
    assert not any(p.name != "events-sensemaking.jsonl" for p in project.annotations_dir.glob("events-*.jsonl"))


def test_an_error_sensemaking_raises_shows_as_its_message_in_a_notebook(tmp_path, monkeypatch):
    """A mistake (here: annotating before any themes) gave 50 lines of traceback above
    the one line that said what to do; now the line alone, and the cell still fails so
    "Run all" stops there."""
    import nbformat

    import sensemaking as sm

    project = sm.init_project(tmp_path / "p")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import os, sensemaking as sm\nsm.open_project(os.environ['SENSEMAKING_PROJECT']).workspace.rename('T4', 'x', by='me')")])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3", allow_errors=True)
    monkeypatch.setenv("SENSEMAKING_PROJECT", str(project.root))
    ran = client.execute()
    printed = _printed(ran)
    assert printed.startswith("StageError: no themes yet in ") and "run `project.find_themes()`" in printed
    assert "Traceback" not in printed and "File " not in printed


def test_notebooks_are_paired_percent_scripts():
    config = (NOTEBOOKS / "jupytext.toml").read_text(encoding="utf-8")
    assert 'formats = "ipynb,py:percent"' in config
    for name in NAMES:
        text = (NOTEBOOKS / f"{name}.py").read_text(encoding="utf-8")
        assert "format_name: percent" in text and "# %%" in text
        assert "/work/" not in text

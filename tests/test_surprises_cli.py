"""`sensemaking surprises DIR` on a project whose tables were made without raw files,
and the JSON it writes (the fixed interface other stages and checks read)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from surprises_fixtures import contrast_corpus
from typer.testing import CliRunner

from sensemaking import io
from sensemaking.cli import app
from sensemaking.project import init_project

FIELDS = {"rank", "kind", "score", "explanation", "question", "theme_id", "group", "evidence",
          "run_id", "counts", "effect", "p_value", "q_value"}


@pytest.fixture
def project(tmp_path):
    project = init_project(tmp_path / "proj", name="fixture")
    settings = project.root / "sensemaking.toml"
    settings.write_text(settings.read_text().replace('embedder = "minilm"', 'embedder = "tfidf"')
                        + '\n[population.area]\nEast = 0.5\nWest = 0.5\n')
    excerpts, assignments, themes = contrast_corpus()
    project.cache_dir.mkdir()
    io.write_parquet(project.cache_dir / "excerpts.parquet", excerpts)
    io.write_csv(project.cache_dir / "assignments.csv", assignments)
    io.write_csv(project.cache_dir / "set_aside.csv", pd.DataFrame(columns=["excerpt_id", "reason"]))
    io.write_json(project.cache_dir / "themes.json", themes)
    io.write_json(project.cache_dir / "run.json", {"run_id": "run-7"})
    (project.root / "expectations.yaml").write_text(
        "expectations:\n  - statement: Damp is an East thing\n    terms: [damp]\n"
        "    group: {attribute: area, value: East}\n    direction: more\n")
    return project.root


def test_cli_writes_the_ranked_json_and_prints_a_table(project):
    result = CliRunner().invoke(app, ["surprises", str(project)])
    assert result.exit_code == 0, result.output
    assert "damp and mould" in result.output and "group contrast" in result.output
    items = json.loads((project / ".sensemaking" / "surprises.json").read_text(),
                       parse_constant=lambda name: pytest.fail(f"{name} in surprises.json"))
    assert [i["rank"] for i in items] == list(range(1, len(items) + 1))
    assert all(i["theme_id"] is None or type(i["theme_id"]) is int for i in items)
    assert any(i["theme_id"] is None for i in items) and any(i["theme_id"] is not None for i in items)
    assert all(FIELDS <= set(i) for i in items)
    assert {i["run_id"] for i in items} == {"run-7"}
    kinds = [i["kind"] for i in items]
    assert {"group_contrast", "expectation", "missing"} <= set(kinds)
    contrast = items[kinds.index("group_contrast")]
    assert contrast["group"] == {"attribute": "area", "value": "East"}
    assert contrast["effect"] == 1.0 and contrast["q_value"] < 0.001
    assert contrast["counts"]["group_raised"] == 5 and len(contrast["evidence"]) == 5


def test_cli_list_reads_in_an_80_column_terminal(project, monkeypatch):
    """Each item's explanation and question over the full width, words whole."""
    from sensemaking.cli import _app

    monkeypatch.setattr(_app.console, "width", 80)
    result = CliRunner().invoke(app, ["surprises", str(project)])
    assert result.exit_code == 0, result.output
    listed = [line for line in result.output.splitlines() if not line.startswith("Wrote ")]  # a path
    assert all(len(line) <= 80 for line in listed)
    flowing = " ".join(result.output.split())
    items = json.loads((project / ".sensemaking" / "surprises.json").read_text())
    for item in items[:10]:
        assert " ".join(item["explanation"].split()) in flowing
        assert "Ask: " + " ".join(item["question"].split()) in flowing


def test_cli_reports_a_bad_expectations_file_without_a_traceback(project):
    (project / "expectations.yaml").write_text("expectations:\n  - {statement: x, direction: more}\n")
    result = CliRunner().invoke(app, ["surprises", str(project)])
    assert result.exit_code == 2
    assert "say what is expected" in result.output and "Traceback" not in result.output


def test_surprises_command_has_help_with_an_example():
    result = CliRunner().invoke(app, ["surprises", "--help"])
    assert result.exit_code == 0 and "Example:" in result.output


def test_surprises_is_a_pipeline_stage_that_skips_when_up_to_date(project):
    from sensemaking.pipeline import run_stages
    from sensemaking.project import open_project

    first = run_stages(open_project(project), only=["surprises"])["surprises"]
    assert first is not None and first.figures["items"] >= 2
    assert any("group contrast:" in m for m in first.messages)
    assert run_stages(open_project(project), only=["surprises"])["surprises"] is None


def _written_with(project, expectations: str) -> str:
    """surprises.json and the console after `surprises` with Sarah Whitfield listed and
    `expectations` as expectations.yaml."""
    (project / "data" / "participants.csv").write_text(
        "participant_id,name,aliases,role\nhub-001,Sarah Whitfield,,resident\n")
    (project / "expectations.yaml").write_text(expectations)
    result = CliRunner().invoke(app, ["surprises", str(project)])
    assert result.exit_code == 0, result.output
    return (project / ".sensemaking" / "surprises.json").read_text() + result.output


def test_an_expectation_naming_people_is_pseudonymised_like_team_text(project):
    """The team's expectations are typed text: a listed participant, a titled name and a
    phone number in a statement reach neither surprises.json nor the console."""
    written = _written_with(project, (
        "expectations:\n  - id: damp-sarah-whitfield\n    statement: Sarah Whitfield and Mrs "
        "Kowalczyk (07700 900876) say damp is an East thing\n    terms: [damp]\n"
        "    group: {attribute: area, value: East}\n    direction: more\n"))
    assert "Expected: \"P01 and [NAME]" in written and "[PHONE]" in written
    assert not any(s in written for s in ("Whitfield", "Kowalczyk", "900876"))


def test_every_field_of_an_expectation_is_pseudonymised(project):
    """Terms and a group's value are typed text too, printed in the item's explanation: a
    name term becomes the pseudonym the text says (so it still matches), a contact detail
    its placeholder; a value the excerpts hold as a category stays as typed."""
    written = _written_with(project, (
        "expectations:\n  - statement: Damp is raised\n"
        "    terms: [damp, Sarah Whitfield, sw62@hotmail.co.uk, 07700 900876]\n"
        "    direction: present\n"
        "  - statement: Damp in the street\n    terms: [damp]\n"
        "    group: {attribute: area, value: Sarah Whitfield's street}\n    direction: more\n"
        "  - statement: Damp is an East thing\n    terms: [damp]\n"
        "    group: {attribute: area, value: East}\n    direction: more\n"))
    assert not any(s in written for s in ("Whitfield", "sw62", "hotmail", "900876")), written
    assert "P01" in written and "East" in written

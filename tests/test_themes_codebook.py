"""Codebooks in every accepted format, including a REFI-QDA .qdc from a QDA tool."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from _workspace_project import make_project
from typer.testing import CliRunner

from sensemaking.cli import app
from sensemaking.errors import ConfigError
from sensemaking.themes import assign_codes, load_codebook

QDC = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="test">
  <Codes>
    <Code guid="0b9d2a3e-1c4f-4a6b-9a7e-000000000001" name="Money" isCodable="true">
      <Description>Cost of living and bills</Description>
      <Code guid="0b9d2a3e-1c4f-4a6b-9a7e-000000000002" name="Food" isCodable="true"/>
    </Code>
    <Code guid="0b9d2a3e-1c4f-4a6b-9a7e-000000000003" name="Transport" isCodable="true">
      <Description>Buses, routes and getting to the hub</Description>
    </Code>
  </Codes>
</CodeBook>
"""


def test_qdc_codebook_is_read_with_parents_for_context(tmp_path):
    path = tmp_path / "codes.qdc"
    path.write_text(QDC, encoding="utf-8")
    codes = load_codebook(path)
    assert [c.code for c in codes] == ["Money", "Food", "Transport"]
    assert codes[0].description == "Cost of living and bills"
    assert codes[1].texts == ["Money: Food"]  # no description: matched on parent and name


def test_qdc_codes_are_assigned_by_similarity(tmp_path):
    path = tmp_path / "codes.qdc"
    path.write_text(QDC, encoding="utf-8")
    codes = load_codebook(path)
    words = {"Cost of living and bills": 0, "Money: Food": 1, "Buses, routes and getting to the hub": 2}

    def embed(texts):
        return np.stack([np.eye(3)[words[t]] for t in texts])

    rows = assign_codes(["a", "b"], np.array([[0.1, 0.0, 1.0], [1.0, 0.2, 0.0]]), codes, embed)
    assert rows.groupby("excerpt_id")["code_id"].first().to_dict() == {"a": "Transport", "b": "Money"}


def test_malformed_qdc_is_a_config_error(tmp_path):
    path = tmp_path / "broken.qdc"
    path.write_text("<CodeBook", encoding="utf-8")
    with pytest.raises(ConfigError, match="broken.qdc"):
        load_codebook(path)


def test_unknown_codebook_format_names_every_accepted_one(tmp_path):
    path = tmp_path / "codes.txt"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\.yaml, \.csv or \.qdc"):
        load_codebook(path)


def test_a_projects_codebook_is_scrubbed_and_named_relative_to_it(tmp_path):
    """A code naming a listed person (and a phone number in its description) reaches
    codes.csv and run.json only as its pseudonym; run.json names the codebook by its path
    in the project, not by this machine's."""
    project = make_project(tmp_path / "proj")
    project.manifest_path.write_text("participant_id,name,aliases,role\nhub-001,Sarah Whitfield,,resident\n")
    (project.root / "codebooks").mkdir()
    (project.root / "codebooks" / "Whitfield codes.yaml").write_text(
        "- code: Referred by Sarah Whitfield\n"
        "  description: The bus fare went up and the route is cut, Sarah Whitfield 07700 900222\n"
        "  examples: [Sarah Whitfield told me about the bus fare route]\n"
        "- code: Rent\n  description: rent rose landlord repairs\n", encoding="utf-8")
    project.find_themes(embedder="tfidf", codebook="codebooks/Whitfield codes.yaml", n_refits=0)
    written = "".join(p.read_text(errors="ignore") for p in project.cache_dir.glob("*.*")
                      if p.suffix in (".csv", ".json"))
    assert "Whitfield" not in written and "900222" not in written and str(tmp_path) not in written
    assert "Referred by P01" in written
    run = json.loads((project.cache_dir / "run.json").read_text())
    assert run["settings"]["codebook"] == "codebooks/P01 codes.yaml"


# Contact details and a name typed into a codebook (a facilitator's note of who to ask).
CONTACT = ("Okonjo", "07700", "900456", "jo.bloggs", "example.org", "Tanner", "LS6")


def test_an_input_runs_codebook_is_scrubbed_as_its_rows_are(tmp_path):
    """`themes --input` has no manifest: the codebook's codes, descriptions and examples go
    through the rows' pattern scrub before they reach codes.csv, run.json or the screen;
    run.json names the codebook by its file name alone."""
    rng = np.random.default_rng(0)
    words = {"bus": "bus route fare timetable driver stop late",
             "damp": "damp mould landlord repairs walls leak"}
    rows = [{"id": f"r{i}", "answer": " ".join(rng.choice(words[t].split(), 5))}
            for i, t in enumerate(list(words) * 20)]
    pd.DataFrame(rows).to_csv(tmp_path / "answers.csv", index=False)
    (tmp_path / "codes.yaml").write_text(
        "- code: Buses (ask Mrs Okonjo on 07700 900456)\n"
        "  description: bus route fare timetable driver stop late, jo.bloggs@example.org\n"
        "  examples: ['bus fare to 14 Tanner Street, Leeds LS6 2AB']\n"
        "- code: Damp\n  description: damp mould landlord repairs walls leak\n", encoding="utf-8")
    result = CliRunner().invoke(app, [
        "themes", "--input", str(tmp_path / "answers.csv"), "--text-column", "answer",
        "--id-column", "id", "--out", str(tmp_path / "out"), "--embedder", "tfidf",
        "--codebook", str(tmp_path / "codes.yaml")])
    assert result.exit_code == 0, result.output
    codes = pd.read_csv(tmp_path / "out" / "codes.csv")
    assert set(codes["code_id"]) == {"Buses (ask [NAME] on [PHONE])", "Damp"}
    written = result.output + "".join(p.read_text(errors="ignore") for p in (tmp_path / "out").rglob("*")
                                      if p.is_file() and p.suffix in (".csv", ".json"))
    assert not [w for w in CONTACT if w in written]
    assert json.loads((tmp_path / "out" / "run.json").read_text())["settings"]["codebook"] == "codes.yaml"


def test_a_codebooks_yaml_error_says_where_without_quoting_the_line(tmp_path):
    path = tmp_path / "codes.yaml"
    path.write_text("- code: Rent\n  description: rent\n"
                    "- code: Call Mrs Okonjo: 07700 900456\n  description: x\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"codes\.yaml: not valid YAML at line 3, column 24") as caught:
        load_codebook(path)
    assert not [w for w in CONTACT if w in str(caught.value)]


def test_a_csv_codebook_reads_as_a_spreadsheet_saves_it(tmp_path):
    """Excel's CSV: semicolons in much of Europe, Windows-1252 for "café", headers as typed;
    read as the manifest is, not as pandas' defaults (a traceback on both)."""
    path = tmp_path / "codes.csv"
    path.write_bytes("Code;Description;Examples\nfood;Food at the café;pantry|food bank\n".encode("cp1252"))
    (code,) = load_codebook(path)
    assert (code.code, code.description, code.examples) == ("food", "Food at the café", ("pantry", "food bank"))

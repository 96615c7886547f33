"""Codebooks in every accepted format, including a REFI-QDA .qdc from a QDA tool."""

from __future__ import annotations

import json

import numpy as np
import pytest
from _workspace_project import make_project

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

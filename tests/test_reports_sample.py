"""The report of the sample project, end to end: ingest, themes, surprises, the team's
decisions in the workspace, then `sensemaking report`. Slow (the whole pipeline runs)."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from lxml import etree
from test_reports import output_text
from typer.testing import CliRunner

from sensemaking import open_project
from sensemaking.cli import app
from sensemaking.disclosure import display_count
from sensemaking.pipeline import run_stages
from sensemaking.reports import OUTPUTS
from sensemaking.reports.refiqda import PROJECT_NS, validate

pytestmark = pytest.mark.slow


def planted_values(sample: Path) -> list[str]:
    """Real names from the manifest and every personal_data value of the answer key."""
    names = list(pd.read_csv(sample / "data" / "participants.csv")["name"].dropna())
    table = pd.read_csv(sample / "answer_key.csv", dtype=str)
    names += list(table.loc[table["kind"] == "personal_data", "snippet"].dropna())
    return sorted({" ".join(v.split()) for v in names if v.strip()})


@pytest.fixture(scope="module")
def reported(sample_tfidf):
    root = sample_tfidf
    project = open_project(root)
    run_stages(project, only=["ingest", "themes", "surprises"])
    ws = project.workspace
    themes = ws.resolved().sort_values("participants", ascending=False)
    first, second = themes["theme_id"].iloc[0], themes["theme_id"].iloc[1]
    ws.rename(first, "Somewhere warm to go & be welcome", by="Learning lead", reason="test")
    ws.memo(first, "People value a warm, free place where nobody judges them.", by="Learning lead")
    ws.status(first, "agreed", by="Learning lead")
    ws.status(second, "agreed", by="Learning lead")
    result = CliRunner().invoke(app, ["report", str(root)])
    assert result.exit_code == 0, result.output
    return open_project(root), {name: root / "reports" / name for name in OUTPUTS}


def test_agreed_themes_with_the_tables_counts(reported):
    project, paths = reported
    resolved = project.workspace.resolved()
    agreed = resolved[resolved["status"] == "agreed"]
    assert len(agreed) == 2
    tree = etree.HTML(paths["report.html"].read_bytes())
    cells = {c.get("data-theme"): c.get("data-voices") for c in tree.iter("td") if c.get("data-theme")}
    texts = [output_text(paths[n]) for n in ("report.html", "report.pdf", "report.docx")]
    assert all("Report on data up to 29 October 2026" in " ".join(t.split()) for t in texts)
    for row in agreed.itertuples():
        assert cells[row.theme_id] == display_count(row.participants, 5)  # "<5" under k, as on boards
        for text in texts:
            assert row.label.replace("&", "&amp;") in text or row.label in text


def _found(values: list[str], text: str) -> set[str]:
    return {v for v in values
            if re.search(r"(?<![\w@.])" + re.escape(v) + r"(?![\w])", text, flags=re.IGNORECASE)}


def test_no_planted_personal_data_anywhere(reported):
    """No output holds planted personal data, nor does the pseudonymised store they read."""
    from conftest import SAMPLE

    project, paths = reported
    values = planted_values(SAMPLE)
    assert len(values) > 20
    store = " ".join(" ".join(p.read_text(encoding="utf-8").split())
                     for p in sorted((project.cache_dir / "sources").glob("*.txt")))
    store += " " + " ".join(project.excerpts["text"].astype(str))
    assert not _found(values, store)
    for name, path in paths.items():
        assert not _found(values, output_text(path)), name


def test_no_hidden_count_can_be_worked_out_from_the_others(reported):
    """"Roles: resident (6), partner (<5), staff (0)" beside "7 participants" told that one
    partner raised the theme; so did "65+ <5" under four printed age bands of 22 people.
    Wherever a list prints one hidden count, or hidden ones that could only be ones, it
    hides one more ("*"), listed after the printed counts."""
    _, paths = reported
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", output_text(paths["report.html"]))).split())
    blocks = re.findall(r"Who raised it (.*?) Counts of voices", text)
    lines = [line for block in blocks for line in re.split(r"(?:^| )(?:Areas|Age bands|Roles) ", block) if line]
    assert len(lines) >= 6, "no 'Who raised it' lines found: the test checks nothing"
    for line in lines:
        counts = re.findall(r"\((\d+|<5|\*)\)", line)
        if "<5" in counts:
            assert counts.count("<5") > 1 or "*" in counts, line
        shown = [c for c in counts if c.isdigit() and c != "0"]
        assert counts[:len(shown)] == shown and shown == sorted(shown, key=int, reverse=True), line
    assert " (*)" in text


def test_qdpx_positions_on_real_sources(reported):
    project, paths = reported
    excerpts = project.excerpts.set_index("excerpt_id")
    with zipfile.ZipFile(paths["project.qdpx"]) as archive:
        qde = archive.read("project.qde")
        assert validate(qde, "Project.xsd") == []
        checked = 0
        for source in etree.fromstring(qde).iter(f"{{{PROJECT_NS}}}TextSource"):
            text = archive.read(source.get("plainTextPath").replace("internal://", "sources/"))
            text = text.decode("utf-8")
            for sel in source.iter(f"{{{PROJECT_NS}}}PlainTextSelection"):
                start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
                assert text[start:end] == excerpts.at[sel.get("name"), "text"]
                checked += 1
    assert checked > 100


def test_surprises_of_an_earlier_themes_run_are_left_out_and_said_so(sample_project):
    """After `themes --themes 6`, surprises.json still names the earlier run's theme ids,
    which now point at other themes: a report would pin them to the wrong theme."""
    settings = sample_project / "sensemaking.toml"
    settings.write_text(settings.read_text().replace('embedder = "minilm"', 'embedder = "tfidf"'))
    project = open_project(sample_project)
    run_stages(project, only=["ingest", "themes", "surprises"])
    found, stale = project.surprise_items()
    assert found and stale == 0
    result = CliRunner().invoke(app, ["themes", str(sample_project), "--themes", "6"])
    assert result.exit_code == 0, result.output
    assert project.surprise_items() == ([], len(found))
    result = CliRunner().invoke(app, ["report", str(sample_project)])
    assert result.exit_code == 0, result.output
    assert f"{len(found)} surprises found on an earlier themes run left out" in " ".join(result.output.split())
    assert "Related surprises" not in (sample_project / "reports" / "report.html").read_text()


def test_surprises_read_in_plain_words_with_their_tests_apart(reported):
    """A partner reads 'raised by 5 of 5 participants in Eastgate against fewer than 5 of
    17 elsewhere', and the test (Fisher's exact p < 0.05, q < 0.05) under it, in small
    type, with a reading guide that says what p and q are."""
    _, paths = reported
    tree = etree.HTML(paths["report.html"].read_bytes())
    chapter = tree.find(".//section[@id='surprises']")
    sentences = [" ".join(box.find("p").itertext()) for box in chapter.iter("div") if box.get("class") == "surprise"]
    tests = [" ".join(p.itertext()) for p in chapter.iter("p") if (p.text or "").startswith("Test: ")]
    assert sentences and tests, "no surprises in the report: the test checks nothing"
    jargon = re.compile(r"Fisher|Mann-Whitney|binomial|permutation|\b[pq] [=<]")
    assert not [s for s in sentences if jargon.search(s)], sentences
    assert any(jargon.search(t) for t in tests), tests
    guide = " ".join(tree.find(".//section[@class='reading']").itertext())
    assert "Tests under a surprise say how it was checked" in " ".join(guide.split())
    assert "Test: Fisher's exact" in output_text(paths["report.docx"])

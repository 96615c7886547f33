"""Slow checks: the sample project's pack end to end, Chromium, byte-identical PDFs."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from boards_synthetic import make_project
from pypdf import PdfReader
from typer.testing import CliRunner

import sensemaking as sm
from sensemaking.cli import app

pytestmark = pytest.mark.slow
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _pdf_text(path: Path) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages)


def _present(value: str, text: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(value) + r"(?!\w)", text) is not None


@pytest.fixture(scope="module")
def sample_pack(tmp_path_factory) -> Path:
    if not (SAMPLE / "data" / "raw").is_dir() or not (SAMPLE / "answer_key.csv").is_file():
        pytest.skip("the sample project (data/sample) or its answer key is not there")
    root = tmp_path_factory.mktemp("sample") / "sample"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".sensemaking", "workshops"))
    project = sm.open_project(root)
    project.ingest()
    project.find_themes(embedder="tfidf")
    project.find_surprises()
    return project.board("demo")


def test_sample_pack_has_every_theme_and_card(sample_pack):
    project = sm.open_project(sample_pack.parents[1])
    resolved = project.workspace.resolved()
    text = _pdf_text(sample_pack / "pack.pdf")
    for label in resolved.loc[resolved["status"] != "parked", "label"]:
        assert label in text
    cards = pd.read_csv(sample_pack / "return.csv", dtype=str, keep_default_na=False)["card_id"]
    for card_id in cards[cards.str.contains("-")]:
        assert card_id in text


def test_sample_pack_holds_no_planted_personal_data(sample_pack):
    key = pd.read_csv(SAMPLE / "answer_key.csv", dtype=str)
    planted = key[(key["kind"] == "personal_data") & (key["label"] != "filename")]["snippet"]
    names = pd.read_csv(SAMPLE / "data" / "participants.csv", dtype=str)["name"]
    outputs = {"pack.pdf": _pdf_text(sample_pack / "pack.pdf")}
    for name in ("boards.html", "return.csv", "cards.json"):
        outputs[name] = (sample_pack / name).read_text(encoding="utf-8")
    for where, text in outputs.items():
        for value in [*planted, *names]:
            assert not _present(value, text), (where, value)


def test_who_is_missing_gives_no_count_under_k_on_the_board_or_in_the_report(sample_pack):
    """One participant aged 65+ was heard: the charts show "<5", and the sentence beside
    them said "only 1 participant out of 22", on the board and in the report alike."""
    project = sm.open_project(sample_pack.parents[1])
    page = " ".join((sample_pack / "boards.html").read_text().split())
    board = page.split('id="missing"', 1)[1].split("</section>", 1)[0]
    report = " ".join(project.report()["report.html"].read_text().split())
    said = "Few voices from people aged 65+: fewer than 5 of the 22 participants heard."
    for where, text in (("board", board), ("report", report)):
        assert said in text, where
        assert not re.search(r"only [1-4] (participant|note|voice)", text), where
    assert "&lt;5 heard" in board  # the chart beside it


def test_boards_and_report_say_which_areas_a_theme_has_no_voice_from(sample_pack):
    """"Who is missing?" theme by theme: a board names the areas heard in the project that
    none of the theme's voices comes from, and the report gives them as 0; an area with a
    voice in the theme is never named."""
    project = sm.open_project(sample_pack.parents[1])
    excerpts = project.excerpts.set_index("excerpt_id")
    heard = set(excerpts["area"].dropna())
    page = " ".join((sample_pack / "boards.html").read_text().split())
    report = " ".join(project.report()["report.html"].read_text().split())
    named = 0
    for theme in project.workspace.resolved().to_dict("records"):
        areas = set(excerpts.loc[list(theme["excerpt_ids"]), "area"].dropna())
        board = page.split(f'id="{theme["theme_id"]}"', 1)[1].split("</section>", 1)[0]
        line = re.search(r'class="unheard">None from (.*?)\.</b>', board)
        unheard = set(re.split(r", | or ", line[1])) if line else set()
        if theme["participants"] < 5:  # too few voices to break down, on the board or in the report
            assert not line and "Not broken down: fewer than 5 voices" in report, theme["label"]
            continue
        if len(heard - areas) > 3:  # named by number: "None from 4 other areas."
            assert unheard == {f"{len(heard - areas)} other areas"}, (theme["label"], unheard)
            continue
        assert unheard == heard - areas, (theme["label"], unheard, heard - areas)
        section = report.split(f'id="h-{theme["theme_id"]}"', 1)[1].split("<h3", 1)[0]
        for area in unheard:
            assert f"{area} (0)" in section, (theme["label"], area)
        named += len(unheard)
    assert named, "no theme lacks an area: the test checks nothing"


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make system-deps)")
def test_boards_html_renders_in_chromium(tmp_path):
    pack = sm.open_project(make_project(tmp_path / "p", n_themes=3, n_excerpts=60)).board("web")
    shot = tmp_path / "shot.png"
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={shot}",
            "--window-size=1400,1000",
            (pack / "boards.html").as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    from PIL import Image

    image = Image.open(shot).convert("L")
    histogram = image.histogram()
    assert len([n for n in histogram if n]) > 20  # many shades: text and charts, not a blank page
    assert max(histogram) < 0.95 * image.width * image.height


def test_same_inputs_same_pdf(tmp_path):
    project = sm.open_project(make_project(tmp_path / "p", n_themes=3, n_excerpts=60))
    first = (project.board("one") / "pack.pdf").read_bytes()
    second = (project.board("one") / "pack.pdf").read_bytes()
    assert first == second


def test_pack_of_one_organisers_notes_counts_notes_not_zero_people(tmp_path):
    """A log of notes with no author column (one organiser's own): the pack says how many
    notes it was made from, never "from 0 people"."""
    project = sm.init_project(tmp_path / "log")
    notes = pd.read_csv(SAMPLE / "data" / "raw" / "notes" / "organiser_notes_2026.csv")
    notes.drop(columns=["organiser", "note_id"]).to_csv(project.root / "data" / "raw" / "field_notes.csv", index=False)
    project.ingest()
    project.find_themes(embedder="tfidf")
    project.find_surprises()
    folder = project.board("walks")
    page = " ".join((folder / "boards.html").read_text().split())
    n = len(project.excerpts)
    assert f"{n} excerpts from {n} notes and 1 source" in page and "0 people" not in page
    assert f"from {n} excerpts, {n} notes ·" in page


def test_pack_and_report_of_captions_without_speakers_dates_or_areas(shared_data, tmp_path):
    """Real council-meeting captions name no speaker, date or area: the overview counts
    excerpts and sources instead of a column of zero people, and the report has no empty
    date range and no column of zero areas."""
    project = sm.init_project(tmp_path / "council")
    for path in (shared_data / "transcripts" / "council_captions").glob("*.vtt"):
        shutil.copy(path, project.root / "data" / "raw" / path.name)
    project.ingest()
    project.find_themes(embedder="tfidf")
    project.find_surprises()
    page = " ".join((project.board("meeting") / "boards.html").read_text().split())
    assert "excerpts from 3 sources" in page and "0 people" not in page
    assert '<td class="n">excerpts</td><td class="n">sources</td>' in page
    assert "No area, age band or role recorded." in page and "No area recorded" not in page
    assert "stays empty: no area, age band or role is recorded" in page and "voices in each" not in page
    report = " ".join((project.report()["report.html"]).read_text().split())
    assert '<p class="subtitle">What we heard</p>' in report
    assert "(the sources carry no dates)" in report and "data up to" not in report
    assert "Voices</th>" in report and "Areas</th>" not in report
    # nothing is recorded about who spoke: one sentence says so, no lines of "not recorded"
    assert "Not broken down: no area, age band or role is recorded" in report
    assert "<dt>Areas</dt>" not in report and "not recorded</dd>" not in report


def test_survey_boards_say_who_raised_it_by_age_band_when_no_area_is_recorded(shared_data, tmp_path):
    """Real open answers with the respondents' ages and no area: the boards and the report
    count people per age band (banded at ingest) instead of saying no area was recorded."""
    survey = pd.read_csv(shared_data / "surveys" / "covid_worry" / "data_incl_demographics.consent_filtered.csv")
    rows = survey[["id", "age", "text_long"]].dropna().head(150)
    project = sm.init_project(tmp_path / "survey")
    rows.rename(columns={"id": "respondent", "text_long": "answer"}).to_csv(
        project.root / "data" / "raw" / "answers.csv", index=False)
    project.ingest()
    project.find_themes(embedder="tfidf")
    page = " ".join((project.board("survey") / "boards.html").read_text().split())
    assert "People per age band" in page and "No area recorded" not in page
    project.find_surprises()
    report = " ".join((project.report()["report.html"]).read_text().split())
    assert "<dt>Age bands</dt><dd>" in report
    assert "<dt>Areas</dt>" not in report and "<dt>Roles</dt>" not in report


def test_meeting_boards_say_who_raised_it_by_meeting(shared_data, tmp_path):
    """Real committee meetings with speakers and nothing else recorded about them: the
    boards count people per meeting (source) instead of saying no area was recorded."""
    import json

    project = sm.init_project(tmp_path / "meetings")
    for name in ("education_0", "education_1"):
        meeting = json.loads((shared_data / "transcripts" / "qmsum_committee" / "all" / f"{name}.json").read_text())
        turns = [f"{re.sub(r'[ ]*[(].*$', '', t['speaker'])}: {t['content'].strip()}"
                 for t in meeting["meeting_transcripts"]]
        (project.root / "data" / "raw" / f"{name}.txt").write_text("\n\n".join(turns) + "\n")
    project.ingest()
    themes = " ".join(CliRunner().invoke(app, ["themes", str(project.root), "--embedder", "tfidf"]).output.split())
    assert re.search(r"Conversation turns were read with \d+ turns either side", themes), themes
    page = " ".join((project.board("meetings") / "boards.html").read_text().split())
    assert "People per source" in page and "No area recorded" not in page
    assert '"Who raised it" shows how many voices in each source raised the theme' in page.replace("&#34;", '"')
    report = " ".join((project.report()["report.html"]).read_text().split())
    assert "<dt>Sources</dt><dd>education_" in report
    # one rule for both: every theme page says which meetings raised it, as its board
    # does, also a theme raised in one meeting only, unless it has too few voices to break down
    few = report.count("Not broken down: fewer than 5 voices")
    assert report.count("<dt>Sources</dt>") + few == len(re.findall(r'<h3 id="h-', report)) > few
    assert "<dt>Areas</dt>" not in report  # nothing about areas to say
    assert ">education_0<" in page and ">education_1<" in page


def test_one_to_one_interviews_are_not_broken_down_by_source(shared_data, tmp_path):
    """Recorded GP consultations, one patient in each and nothing recorded about them: a
    chart of people per source would be a bar of "<5" per consultation, so neither the
    boards nor the report break themes down by source."""
    import shutil

    project = sm.init_project(tmp_path / "gp")
    for path in sorted((shared_data / "transcripts" / "primock57" / "collated").glob("day1_*.txt")):
        shutil.copy(path, project.root / "data" / "raw" / path.name)
    project.ingest()
    CliRunner().invoke(app, ["themes", str(project.root), "--embedder", "tfidf"])
    page = " ".join((project.board("gp") / "boards.html").read_text().split())
    report = " ".join((project.report()["report.html"]).read_text().split())
    for output in (page, report):
        assert "day1_consultation" not in output and "People per source" not in output
    assert "<dt>Sources</dt>" not in report

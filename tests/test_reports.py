"""The partner report and exports, on a small derived project (see reports_fixture.py)."""

from __future__ import annotations

import html
import io
import re
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import docx
import html5lib
import pandas as pd
import pytest
from lxml import etree
from pypdf import PdfReader
from reports_fixture import HIDDEN, REAL_NAMES, build_project

from sensemaking.disclosure import Disclosure, display_count
from sensemaking.errors import ConfigError
from sensemaking.reports import OUTPUTS, make_report, read_qdc
from sensemaking.reports.charts import heatmap, saturation_points
from sensemaking.reports.content import build_content
from sensemaking.reports.docx import render_docx
from sensemaking.reports.html import render_html
from sensemaking.reports.inputs import load_inputs
from sensemaking.reports.refiqda import PROJECT_NS, validate

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """The fixture project with its report written once for the module."""
    project = build_project(tmp_path_factory.mktemp("reports") / "proj")
    return project, make_report(project)


def output_text(path: Path) -> str:
    """All human-readable text of an output file, whitespace collapsed."""
    if path.suffix == ".pdf":
        text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    elif path.suffix in (".docx", ".xlsx", ".qdpx"):
        with zipfile.ZipFile(path) as archive:
            parts = [archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                     if n.endswith((".xml", ".qde", ".txt"))]
        text = html.unescape(re.sub(r"<[^>]+>", " ", " ".join(parts)))
    else:
        text = path.read_text(encoding="utf-8")
    return " ".join(text.split())


def test_all_outputs_written(made):
    _, paths = made
    assert sorted(paths) == sorted(OUTPUTS)
    assert all(p.is_file() and p.stat().st_size > 0 for p in paths.values())


def test_html_parses_strictly_and_escapes_quotes(made):
    _, paths = made
    page = paths["report.html"].read_text(encoding="utf-8")
    html5lib.HTMLParser(strict=True).parse(page)
    assert "<script" not in page
    assert "&lt;script&gt;alert(" in page
    assert "R&amp;D" in page


def test_who_is_heard_counts_voices_and_says_so(made):
    """Shares heard count each person once and each note once, in every format."""
    _, paths = made
    for name in ("report.html", "report.pdf", "report.docx"):
        text = output_text(paths[name])
        assert "Voices heard" in text and "People heard" not in text, name


def test_agreed_themes_present_with_table_counts(made):
    project, paths = made
    resolved = project.workspace.resolved()
    agreed = resolved[resolved["status"] == "agreed"]
    tree = etree.HTML(paths["report.html"].read_bytes())
    cells = {c.get("data-theme"): c.get("data-voices") for c in tree.iter("td") if c.get("data-theme")}
    for row in agreed.itertuples():
        assert cells[row.theme_id] == display_count(row.participants, 5)  # "<5" under k, as on boards
        heading = tree.find(f".//h3[@id='h-{row.theme_id}']")
        assert row.label in "".join(heading.itertext())
    texts = {name: output_text(paths[name]) for name in ("report.pdf", "report.docx")}
    for row in agreed.itertuples():
        for name, text in texts.items():
            assert row.label in text, (row.label, name)
            assert f"{display_count(row.participants, 5)} voices" in text, (row.label, name)


def test_every_format_says_the_same_caveats(made):
    """The report's own sentences (limits of the privacy protection, what a chart shows,
    what the tool cannot tell) reach the Word file as well as the page and the PDF."""
    project, paths = made
    inputs = load_inputs(project)
    content = build_content(inputs, Disclosure.for_project(project, inputs.excerpts))
    say = content["say"]
    sentences = [say[key] for key in ("protection", "limits", "context", "how_found", "stability",
                                      "surprises", "missing", "decisions", "summary_caption")]
    sentences += [say["facts"][t["theme_id"]] for t in content["themes"]]
    sentences += [say["chart_notes"][c.key] for c in content["charts"] if c.key in say["chart_notes"]]
    assert all(sentences) and len(sentences) > 10
    texts = {name: output_text(paths[name]) for name in ("report.html", "report.docx")}
    texts["report.html"] = html.unescape(re.sub(r"<[^>]+>", " ", texts["report.html"]))
    for sentence in sentences:
        for name, text in texts.items():
            assert " ".join(sentence.split()) in " ".join(text.split()), (name, sentence)


def test_the_method_appendix_names_no_algorithm(made):
    """Partners read the settings table: it says what the grouping does and which model
    read the text, not the analyst's recipe (run.json keeps that)."""
    _, paths = made
    for name in ("report.html", "report.docx"):
        text = html.unescape(re.sub(r"<[^>]+>", " ", output_text(paths[name])))
        for jargon in ("HDBSCAN", "KMeans", "c-TF-IDF", "PCA", "->"):
            assert jargon not in text, (name, jargon)
        assert "gather densely" in text and "counts of words and word pairs" in text


def test_the_summary_hides_a_count_the_table_hides(made):
    """The widest theme's voices, under k, are "fewer than k" in the sentence as the table
    under it shows "<k": a sentence had said "by 3 voices" over a table of "<5"."""
    from sensemaking.reports.prose import report_sentences

    project, _ = made
    inputs = load_inputs(project)
    content = build_content(inputs, Disclosure.for_project(project, inputs.excerpts))
    few = {**content, "themes": [{**content["themes"][0], "voices": content["k"] - 1}, *content["themes"][1:]]}
    lead = report_sentences(few)["summary_lead"]
    assert lead.endswith(f"by fewer than {content['k']} voices.") and f"by {content['k'] - 1}" not in lead


def test_the_surprises_chapter_says_how_many_it_shows_and_why_none(made):
    """Thirteen ranked and eight shown: it said nothing of the five left out. With only
    who's-missing items it said "or the surprises step has not run", beside them."""
    from sensemaking.reports.prose import report_sentences

    project, _ = made
    inputs = load_inputs(project)
    content = build_content(inputs, Disclosure.for_project(project, inputs.excerpts))
    shown = [{"kind": "trend"}] * 8
    say = report_sentences({**content, "surprises": shown, "surprises_ranked": 13})
    assert say["surprises"].endswith("Here, the 8 strongest of the 13 the tool ranked.")
    assert "strongest of" not in report_sentences({**content, "surprises": shown[:2], "surprises_ranked": 2})["surprises"]
    heard = {**content, "surprises": [], "surprises_ranked": 0, "missing": {**content["missing"], "items": [{"x": 1}]}}
    assert "has not run" not in report_sentences(heard)["no_surprises"]


def test_the_summary_counts_people_only_where_some_were_heard(made):
    """Captions or documents with no speaker tied to a person: the summary counts excerpts,
    never "what 0 people said"; one person is "1 person"."""
    from sensemaking.reports.prose import report_sentences

    project, _ = made
    inputs = load_inputs(project)
    content = build_content(inputs, Disclosure.for_project(project, inputs.excerpts))
    heard = {"participants": 0, "excerpts": 108, "sources": 3}
    lead = report_sentences({**content, "overview": {**content["overview"], **heard}})["summary_lead"]
    assert " from 108 excerpts, in 3 sources. " in lead and "0 people" not in lead
    one = report_sentences({**content, "overview": {**content["overview"], "participants": 1}})["summary_lead"]
    assert "from what 1 person said and wrote, in " in one
    unheard = {**content, "overview": {**content["overview"], **heard}}
    unheard["say"] = report_sentences(unheard)
    cover = html.unescape(re.sub(r"<[^>]+>", " ", render_html(unheard).split("</header>")[0]))
    word = "\n".join(p.text for p in docx.Document(io.BytesIO(render_docx(unheard, when=date(2026, 6, 1)))).paragraphs[:6])
    for text in (cover, word):
        assert "people heard" not in text and "108" in text and "0 people" not in text


def test_memo_replaces_machine_summary(made):
    _, paths = made
    tree = etree.HTML(paths["report.html"].read_bytes())
    with_memo = "".join(tree.find(".//article[@id='theme-T01']").itertext())
    without = "".join(tree.find(".//article[@id='theme-T02']").itertext())
    assert "team’s summary" in with_memo and "Machine-drafted" not in with_memo
    assert "Machine-drafted" in without


def test_draft_mark_follows_status(tmp_path):
    project = build_project(tmp_path / "draft", agreed=False)
    page = make_report(project)["report.html"].read_text(encoding="utf-8")
    assert "has not yet agreed any theme" in page
    resolved = project.workspace.resolved()
    resolved["status"] = "agreed"
    project.workspace._resolved = resolved
    page = make_report(project)["report.html"].read_text(encoding="utf-8")
    assert 'class="draft-mark"' not in page and "DRAFT" not in page


def test_no_personal_data_in_any_format(made):
    _, paths = made
    for name, path in paths.items():
        text = output_text(path).lower()
        for real in REAL_NAMES:
            assert real.lower() not in text, (real, name)
        if name not in ("project.qdpx",):  # the qdpx carries whole pseudonymised sources
            assert HIDDEN.lower() not in text, name
        assert "900321" not in text, name  # typed in the project's name with a real name
    title = PdfReader(paths["report.pdf"]).metadata.title
    assert "Whitfield" not in title and "900321" not in title and "P01" in title


def test_quotes_carry_excerpt_ids(made):
    project, paths = made
    ids = set(project.excerpts["excerpt_id"])
    tree = etree.HTML(paths["report.html"].read_bytes())
    captions = tree.xpath("//figure[contains(@class, 'quote')]/figcaption/span[@class='ref']")
    assert captions and all(c.text in ids for c in captions)


def test_docx_has_heading_styles_and_fixed_dates(made):
    project, paths = made
    document = docx.Document(paths["report.docx"])
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "Heading 3", "Quote"} <= styles
    h1 = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "Summary of themes" in h1 and "Method and its limits" in h1
    assert document.core_properties.created.date() == load_inputs(project).as_of
    assert document.inline_shapes, "charts are pictures in the document"


def test_qdpx_validates_and_positions_point_at_the_text(made):
    project, paths = made
    excerpts = project.excerpts.set_index("excerpt_id")
    resolved = project.workspace.resolved()
    with zipfile.ZipFile(paths["project.qdpx"]) as archive:
        qde = archive.read("project.qde")
        assert validate(qde, "Project.xsd") == []
        root = etree.fromstring(qde)
        ns = {"q": PROJECT_NS}
        names = [c.get("name") for c in root.findall(".//q:CodeBook/q:Codes/q:Code", ns)]
        assert names == [*resolved["label"], "trust"]  # the team's own code after the themes
        first = resolved["excerpt_ids"].iloc[0][0]
        selection = next(s for s in root.iter(f"{{{PROJECT_NS}}}PlainTextSelection") if s.get("name") == first)
        refs = {r.get("targetGUID") for r in selection.iter(f"{{{PROJECT_NS}}}CodeRef")}
        guids = {c.get("name"): c.get("guid") for c in root.findall(".//q:CodeBook/q:Codes/q:Code", ns)}
        assert refs == {guids[resolved["label"].iloc[0]], guids[resolved["label"].iloc[1]], guids["trust"]}
        seen = set()
        for source in root.findall(".//q:Sources/q:TextSource", ns):
            path = source.get("plainTextPath").replace("internal://", "sources/")
            text = archive.read(path).decode("utf-8")
            for sel in source.findall("q:PlainTextSelection", ns):
                start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
                assert text[start:end] == excerpts.at[sel.get("name"), "text"]
                seen.add(sel.get("name"))
    coded = {e for ids in resolved["excerpt_ids"] for e in ids}
    assert seen == coded
    assert "Food costs came up in every area" in qde.decode("utf-8")  # the memo as a note


def test_qdc_validates_and_reads_back(made):
    project, paths = made
    assert validate(paths["codebook.qdc"].read_bytes(), "Codebook.xsd") == []
    codes = read_qdc(paths["codebook.qdc"])
    assert [c["name"] for c in codes] == [*project.workspace.resolved()["label"], "trust"]
    assert all(c["description"] for c in codes)


def test_read_qdc_refuses_entities_and_wrong_shapes(tmp_path):
    bomb = tmp_path / "bomb.qdc"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
                    '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/>&a;</CodeBook>')
    with pytest.raises(ConfigError, match="bomb.qdc"):
        read_qdc(bomb)
    wrong = tmp_path / "wrong.qdc"
    wrong.write_text('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
                     '<Code name="x" isCodable="true"/></Codes></CodeBook>')
    with pytest.raises(ConfigError, match="not a REFI-QDA codebook"):
        read_qdc(wrong)


def test_read_qdc_nested_codes(tmp_path):
    path = tmp_path / "nested.qdc"
    g = "0b3c8a3e-1d0a-4a1f-9d9e-{:012d}"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        f'<Code guid="{g.format(1)}" name="Money" isCodable="true"><Description>Costs</Description>'
        f'<Code guid="{g.format(2)}" name="Food" isCodable="true"/></Code>'
        "</Codes></CodeBook>", encoding="utf-8")
    assert read_qdc(path) == [
        {"name": "Money", "description": "Costs", "parent": None, "guid": g.format(1), "color": None},
        {"name": "Food", "description": "", "parent": "Money", "guid": g.format(2), "color": None},
    ]


def test_qdc_as_deductive_codebook(tmp_path):
    from sensemaking.themes import load_codebook

    path = tmp_path / "nested.qdc"
    g = "0b3c8a3e-1d0a-4a1f-9d9e-{:012d}"
    path.write_text(
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        f'<Code guid="{g.format(1)}" name="Money" isCodable="true"><Description>Costs</Description>'
        f'<Code guid="{g.format(2)}" name="Food" isCodable="true"/></Code>'
        "</Codes></CodeBook>", encoding="utf-8")
    codes = load_codebook(path)
    assert [(c.code, c.description) for c in codes] == [("Money", "Costs"), ("Food", "Money: Food")]


def test_coded_excerpts_table(made):
    project, paths = made
    table = pd.read_csv(paths["coded_excerpts.csv"])
    resolved = project.workspace.resolved()
    assert len(table) == int(resolved["size"].sum())
    assert set(table["theme_id"]) == set(resolved["theme_id"])
    assert table.loc[~table["quote_ok"], "text"].isna().all()
    assert (table["run_id"] == "run-fixture01").all()
    first = resolved["excerpt_ids"].iloc[0][0]
    assert list(table.loc[table["excerpt_id"] == first, "codes"]) == [f"trust; {resolved['theme_id'].iloc[1]}"]
    sheet = pd.read_excel(paths["coded_excerpts.xlsx"])
    assert list(sheet.columns) == list(table.columns) and len(sheet) == len(table)


def test_heatmap_hides_small_cells():
    themes = pd.DataFrame({"label": ["A", "B"], "areas": [{"North": 7, "South": 2}, {"North": 0}]})
    chart = heatmap(themes, k=5)
    # the row's total is the theme's voices, printed: "North 7" would tell South is 2
    assert "North *, South <5" in chart.alt and "North 0" in chart.alt
    assert ">2<" not in chart.svg and ">7<" not in chart.svg


def test_no_areas_means_no_heatmap_not_a_crash():
    # A project without a manifest (or without an area column): every theme's areas empty.
    themes = pd.DataFrame({"label": ["A", "B"], "areas": [{}, None]})
    assert heatmap(themes, k=5) is None


def test_saturation_counts_new_themes_in_date_order(made):
    project, _ = made
    inputs = load_inputs(project)
    shown = inputs.resolved[inputs.resolved["status"] == "agreed"]
    points = saturation_points(inputs.excerpts, shown)
    interviews = inputs.excerpts.query("source_kind == 'interview'")["source_id"].nunique()
    assert len(points) == interviews
    assert points == sorted(points) and points[-1] == len(shown)


def test_same_inputs_same_bytes(made, tmp_path):
    """A second run, in a fresh process, writes byte-identical files."""
    _, paths = made
    first = {name: path.read_bytes() for name, path in paths.items()}
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from pathlib import Path; from reports_fixture import build_project;"
        "from sensemaking.reports import make_report;"
        "make_report(build_project(Path(sys.argv[2])))"
    )
    subprocess.run([sys.executable, "-c", script, str(REPO / "tests"), str(tmp_path / "proj")],
                   check=True, cwd=REPO)
    for name, data in first.items():
        assert (tmp_path / "proj" / "reports" / name).read_bytes() == data, name


def test_subtitle_gives_the_dates_heard_only_when_sources_have_dates(made):
    from sensemaking.reports.method import _heard

    _, paths = made
    assert re.search(r"What we heard, from \d+ \w+ \d{4} to \d+ \w+ \d{4}", output_text(paths["report.html"]))
    assert _heard("", "") == "What we heard"  # undated captions: no "from to"
    assert _heard("2 March 2026", "2 March 2026") == "What we heard, on 2 March 2026"


def test_decisions_list_the_teams_and_sum_up_the_tools_runs():
    """Adopting a themes run is the tool's doing: one sentence, not a row per re-run that
    buries the team's decisions."""
    import json

    from sensemaking.reports.content import decisions
    from sensemaking.tables import ANNOTATION_EVENT_COLUMNS

    def event(n, kind, author, theme=None, **data):
        return (f"e{n}", f"2026-0{n}-01T10:00:00", author, kind, theme, json.dumps(data), "", None, True, "")

    history = pd.DataFrame([
        event(1, "run", "sensemaking", run_id="run-a"),
        event(2, "rename", "amira", "T01", label="Older relatives on their own"),
        event(3, "run", "sensemaking", run_id="run-b"),
        event(4, "vote", "ben", "T01", value=2),
        event(4, "vote", "amira", "T01", value=3),
        event(5, "run", "sensemaking", run_id="run-c"),
        event(6, "flag", "ben", "expectation:3:age_band=65+", target="expectation:3:age_band=65+"),
    ], columns=list(ANNOTATION_EVENT_COLUMNS))
    resolved = pd.DataFrame({"theme_id": ["T01"], "label": ["Older relatives on their own"],
                             "model_theme_ids": [[3]]})
    told = decisions(history, resolved)
    assert [e["what"] for e in told["items"]] == [
        "Renamed T01 to “Older relatives on their own”",
        "Flagged the surprise “Against expectations” on “Older relatives on their own” (age band 65+) as surprising"]
    assert told["authors"] == 2 and told["other"] == ["5 dot votes"]  # dots, not votes cast
    assert told["runs"].startswith("The themes are those of run run-c (2026-05-01).")  # not the flag's
    assert "re-ran them twice" in told["runs"]
    from sensemaking.wording import times

    assert [times(n) for n in (1, 2, 3)] == ["once", "twice", "3 times"]
    only_runs = decisions(history[history["kind"] == "run"].head(1), resolved)
    assert only_runs["items"] == [] and only_runs["runs"] == "The themes are those of run run-a (2026-01-01)."


def test_a_theme_raised_in_the_room_says_so(tmp_path):
    """A theme people raised in a workshop, with no excerpts yet, is not "0 voices: 0
    participants" with a "Who raised it" of nothing recorded."""
    project = build_project(tmp_path / "room")
    resolved = project.workspace.resolved()
    room = resolved.iloc[0].copy()
    room["theme_id"], room["label"], room["origin"], room["status"] = "T09", "Childcare for volunteers", "create", "agreed"
    for column in ("excerpt_ids", "participant_ids", "model_theme_ids", "quotes", "authors"):
        if column in room:
            room[column] = []
    room["size"] = room["participants"] = 0
    project.workspace._resolved = pd.concat([resolved, room.to_frame().T], ignore_index=True)
    paths = make_report(project)
    page = paths["report.html"].read_text(encoding="utf-8")
    article = page.split('id="theme-T09"', 1)[1].split("</article>", 1)[0]
    assert "Raised by people in a workshop; no excerpts are linked to it yet" in article
    assert not re.search(r"\b0 voices", article) and "Who raised it" not in article
    text = output_text(paths["report.docx"])
    assert "Raised by people in a workshop" in text
    assert not re.search(r"\b0 voices", text)


def test_an_edited_report_is_moved_aside_not_written_over(tmp_path):
    """A learning lead edits report.docx before sending it; the next report (or `run`
    after new data) keeps the edited copy in reports/edited-1/ and says so. Files nobody
    changed are simply written again."""
    from sensemaking.errors import KeptAsideWarning

    project = build_project(tmp_path / "edits")
    paths = make_report(project)
    edited = docx.Document(paths["report.docx"])
    edited.add_paragraph("A word from the learning lead before this goes to the board.")
    edited.save(paths["report.docx"])
    with pytest.warns(KeptAsideWarning, match=r"report\.docx in \S*reports/ was changed"):
        make_report(project)
    kept = project.reports_dir / "edited-1" / "report.docx"
    assert "A word from the learning lead" in output_text(kept)
    assert "A word from the learning lead" not in output_text(paths["report.docx"])
    assert sorted(p.name for p in (project.reports_dir / "edited-1").iterdir()) == ["report.docx"]
    make_report(project)  # nothing changed since: nothing moved
    assert not (project.reports_dir / "edited-2").exists()


def test_a_report_sensemaking_redacted_itself_is_not_taken_for_edits(tmp_path):
    """`forget` redacts old reports in place and records them as its own again."""
    from sensemaking.reports import rewritten

    project = build_project(tmp_path / "forgot")
    paths = make_report(project)
    page = paths["report.html"]
    page.write_text(page.read_text(encoding="utf-8").replace("pantry", "[withdrawn]"), encoding="utf-8")
    rewritten(page)
    make_report(project)
    assert not (project.reports_dir / "edited-1").exists()


def test_a_summary_sentence_keeps_what_stands_for_a_name():
    """Transcribers' marks go from the machine-drafted summary; "[NAME]" stays, or "they were
    all at [NAME]'s youth club" reads "all at's youth club"."""
    from sensemaking.reports.summary import split_sentences

    assert split_sentences("They were all at [NAME]'s youth club, every week [laughs] without fail. "
                           "Ring me on [PHONE] [inaudible] if the hub is open on Friday.") == [
        "They were all at [NAME]'s youth club, every week without fail.",
        "Ring me on [PHONE] if the hub is open on Friday."]

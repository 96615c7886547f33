"""The themes stage end to end: CSV mode, the CLI, a project, and the sample's planted themes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from sensemaking.cli import app
from sensemaking.errors import InputError
from sensemaking.tables import THEME_FIELDS
from sensemaking.themes import run_themes_csv
from sensemaking.themes.stage import read_excerpt_table

ROOT = Path(__file__).resolve().parents[1]
NHS = ROOT.parent / "shared" / "data" / "labelled" / "nhs_feedback_phase1" / "text_data.csv"
SAMPLE = ROOT / "data" / "sample"

needs_nhs = pytest.mark.skipif(not NHS.is_file(), reason="../shared/data (NHS feedback) not present")


@pytest.fixture(scope="module")
def nhs_csv(tmp_path_factory) -> Path:
    """1,000 real feedback comments with a planted email (must be scrubbed)."""
    if not NHS.is_file():
        pytest.skip("../shared/data (NHS feedback) not present")
    frame = pd.read_csv(NHS).dropna(subset=["feedback"]).head(1000)[["row_index", "feedback", "label"]]
    frame.iloc[3, 1] = "Please email me at jo.bloggs@example.org about parking"
    path = tmp_path_factory.mktemp("nhs") / "feedback.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def csv_run(nhs_csv, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = run_themes_csv(nhs_csv, text_column="feedback", id_column="row_index", out=out,
                            seed=7, embedder="tfidf")
    return result, out


@needs_nhs
def test_csv_mode_writes_one_row_per_excerpt(csv_run, nhs_csv):
    _result, out = csv_run
    rows = pd.read_csv(nhs_csv)
    assignments = pd.read_csv(out / "assignments.csv")
    assert list(assignments.columns) == ["excerpt_id", "theme_id", "probability"]
    assert sorted(assignments["excerpt_id"]) == sorted(rows["row_index"])
    assert assignments["theme_id"].min() >= -1
    assert assignments["probability"].between(0, 1).all()
    unassigned = (assignments["theme_id"] == -1).mean()
    assert unassigned <= 0.25  # non-answers ("Nothing.") included
    points = pd.read_csv(out / "map.csv")
    assert len(points) == len(rows) and {"x", "y"} <= set(points.columns)
    # what was kept out of every theme before clustering, and why: "Nothing.", "N/A"
    aside = pd.read_csv(out / "set_aside.csv").merge(rows, left_on="excerpt_id", right_on="row_index")
    assert list(aside.columns[:2]) == ["excerpt_id", "reason"] and set(aside["reason"]) == {"non_answer"}
    assert len(aside) >= 20 and aside["feedback"].str.split().str.len().median() <= 3
    theme_of = assignments.set_index("excerpt_id")["theme_id"]
    assert (theme_of[aside["excerpt_id"]] == -1).all()


@needs_nhs
def test_csv_mode_themes_json_fields_and_run_manifest(csv_run):
    _, out = csv_run
    themes = json.loads((out / "themes.json").read_text())
    run = json.loads((out / "run.json").read_text())
    assert themes and all(set(THEME_FIELDS) <= set(t) for t in themes)
    assert all(t["run_id"] == run["run_id"] for t in themes)
    for key in ("run_id", "seed", "settings", "packages", "inputs",
                "outlier_share_before", "outlier_share_after"):
        assert key in run
    assert run["seed"] == 7
    hierarchy = json.loads((out / "hierarchy.json").read_text())
    assert len(hierarchy["merges"]) == len(themes) - 1


@needs_nhs
def test_csv_mode_labels_quotes_and_stability(csv_run, nhs_csv):
    result, _ = csv_run
    texts = dict(zip(result.assignments["excerpt_id"].astype(str),
                     pd.read_csv(nhs_csv)["feedback"].astype(str)))
    labels = result.assignments.groupby("theme_id")["excerpt_id"].apply(list)
    for theme in result.themes:
        members = [texts[str(e)].lower() for e in labels[theme["theme_id"]]]
        assert any(theme["label"].lower() in m for m in members), theme["label"]
        assert 0 <= theme["stability"] <= 1
        assert theme["tentative"] == (theme["stability"] < 0.5)
        assert 1 <= len(theme["quotes"]) <= 8
        assert theme["size"] == len(labels[theme["theme_id"]])
        # A bare CSV row is one respondent: a theme counts its rows as people.
        assert theme["participants"] == theme["size"]


@needs_nhs
def test_csv_mode_scrubs_patterns(csv_run):
    _, out = csv_run
    for path in out.rglob("*"):
        if path.is_file():
            assert b"jo.bloggs@example.org" not in path.read_bytes(), path.name


@needs_nhs
def test_csv_mode_same_seed_same_output(nhs_csv, csv_run, tmp_path):
    _, out = csv_run
    run_themes_csv(nhs_csv, text_column="feedback", id_column="row_index", out=tmp_path,
                   seed=7, embedder="tfidf")
    for name in ("assignments.csv", "themes.json", "map.csv", "run.json", "hierarchy.json"):
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


@needs_nhs
def test_new_method_code_means_a_new_run_id(nhs_csv, csv_run, tmp_path, monkeypatch):
    # Else the workspace would take an upgraded run for the one its decisions were made on.
    from sensemaking.themes import stage

    monkeypatch.setattr(stage, "method_digest", lambda: "another version")
    run_themes_csv(nhs_csv, text_column="feedback", id_column="row_index", out=tmp_path,
                   seed=7, embedder="tfidf")
    _, out = csv_run
    before, after = (json.loads((d / "run.json").read_text())["run_id"] for d in (out, tmp_path))
    assert before != after


def test_cli_csv_mode_and_codebook(tmp_path):
    rng = np.random.default_rng(0)
    words = {"bus": "bus route fare timetable driver stop late", "damp": "damp mould landlord repairs walls leak",
             "youth": "youth club teenagers park football evenings"}
    rows = [{"id": f"r{i}", "answer": " ".join(rng.choice(words[t].split(), 5))}
            for i, t in enumerate(list(words) * 30)]
    rows.append({"id": "r-none", "answer": "Nothing."})
    pd.DataFrame(rows).to_csv(tmp_path / "answers.csv", index=False)
    codebook = ROOT / "sensemaking" / "codebooks" / "collaboration.yaml"
    result = CliRunner().invoke(app, [
        "themes", "--input", str(tmp_path / "answers.csv"), "--text-column", "answer",
        "--id-column", "id", "--out", str(tmp_path / "out"), "--seed", "3",
        "--embedder", "tfidf", "--codebook", str(codebook)])
    assert result.exit_code == 0, result.output
    assert "candidate themes" in result.output
    summary = " ".join(result.output.split())
    assert "Set aside as non-answers or small talk: 1 of 91 excerpts" in summary
    assert "Fit no theme: 0.0% of the 90 substantive excerpts" in summary
    assert "sat in a dense core" in summary
    assert "Conversation turns" not in summary  # survey answers stand alone
    assignments = pd.read_csv(tmp_path / "out" / "assignments.csv")
    assert len(assignments) == len(rows)
    assert assignments.set_index("excerpt_id").loc["r-none", "theme_id"] == -1
    codes = pd.read_csv(tmp_path / "out" / "codes.csv")
    assert list(codes.columns) == ["excerpt_id", "code_id", "score"]


def test_themes_on_a_csv_import_neither_spacy_nor_torch(nhs_csv, tmp_path):
    """Words, lemmas and name checks read spaCy's data files: importing spaCy would import
    torch (through thinc), 2 s of every themes run on cached vectors."""
    script = (
        "import sys\n"
        "from sensemaking.themes import run_themes_csv\n"
        f"run_themes_csv({str(nhs_csv)!r}, text_column='feedback', id_column='row_index',\n"
        f"               out={str(tmp_path / 'out')!r}, embedder='tfidf')\n"
        "print(sorted(m for m in ('spacy', 'thinc', 'torch') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
    assert json.loads((tmp_path / "out" / "themes.json").read_text())


def test_input_reads_an_xlsx_workbook_sheet_by_sheet(tmp_path):
    rng = np.random.default_rng(1)
    words = {"bus": "bus route fare timetable driver stop late", "damp": "damp mould landlord repairs walls leak"}
    waves = {name: pd.DataFrame([{"id": f"{name[-1]}-{i}", "answer": " ".join(rng.choice(words[t].split(), 5))}
                                 for i, t in enumerate(list(words) * 10)]) for name in ("Wave 1", "Wave 2")}
    waves["Wave 2"].loc[0, "answer"] = "Email me on jo.bloggs@example.org about the bus fare"
    book = tmp_path / "answers.xlsx"
    with pd.ExcelWriter(book) as writer:
        for name, frame in waves.items():
            frame.to_excel(writer, sheet_name=name, index=False)
        pd.DataFrame({"note": ["exported from the survey tool"]}).to_excel(writer, sheet_name="About", index=False)
    args = ["themes", "--input", str(book), "--text-column", "answer", "--id-column", "id",
            "--embedder", "tfidf"]
    result = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assignments = pd.read_csv(tmp_path / "out" / "assignments.csv")
    assert sorted(assignments["excerpt_id"]) == sorted(pd.concat(waves.values())["id"])
    assert "jo.bloggs" not in (tmp_path / "out" / "themes.json").read_text()

    waves["Wave 2"].loc[3, "id"] = "1-0"  # an id the first sheet already has
    with pd.ExcelWriter(book) as writer:
        for name, frame in waves.items():
            frame.to_excel(writer, sheet_name=name, index=False)
    result = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "again")])
    output = " ".join(result.output.split())
    assert result.exit_code == 2 and "answers.xlsx, line 5: 'id' has a repeated id (sheet 'Wave 2')" in output
    result = CliRunner().invoke(app, [*args[:4], "reply", *args[5:], "--out", str(tmp_path / "o")])
    output = " ".join(result.output.split())
    assert result.exit_code == 2 and "no column 'reply'; columns are: sheet 'Wave 1': id, answer" in output

    from openpyxl import load_workbook  # the answers on hidden sheets: the error says so

    hidden = load_workbook(book)
    for name in waves:
        hidden[name].sheet_state = "hidden"
    hidden.active = hidden.create_sheet("About")
    hidden.active.append(["note"])
    hidden.active.append(["exported from the survey tool"])
    hidden.save(book)
    result = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "hidden")])
    output = " ".join(result.output.split())
    assert result.exit_code == 2 and "answers.xlsx: 2 hidden sheets were not read; to include one, unhide it" in output
    assert "no column 'answer' or 'id'; columns are: note" in output


def test_redactions_of_xs_are_in_no_label_or_keyword(tmp_path):
    # Published feedback redacts staff names as "XXXX": on NHS feedback they made a theme
    # labelled "XXXX and XXXX". They are markers, as "[NAME]" is; quotes keep them.
    rng = np.random.default_rng(2)
    words = {"bus": "bus route fare timetable driver stop late", "damp": "damp mould landlord repairs walls leak"}
    rows = [{"id": f"r{i}", "answer": ("XXXX and XXXX said " if i % 2 else "XXXX's team: ")
             + " ".join(rng.choice(words[t].split(), 5))} for i, t in enumerate(list(words) * 15)]
    pd.DataFrame(rows).to_csv(tmp_path / "answers.csv", index=False)
    result = run_themes_csv(tmp_path / "answers.csv", text_column="answer", id_column="id",
                            out=tmp_path / "out", embedder="tfidf")
    assert result.themes
    for theme in result.themes:
        assert "xxx" not in (theme["label"] + " ".join(theme["keywords"])).lower(), theme
    assert any("XXXX" in quote["text"] for theme in result.themes for quote in theme["quotes"])


def test_csv_mode_scrubs_given_names_unless_the_not_names_file_keeps_them(tmp_path):
    rng = np.random.default_rng(1)
    words = {"gov": "government lockdown rules briefing announced", "work": "job furlough wages shifts office"}
    rows = [{"id": f"r{i}", "answer": f"{'Boris Johnson' if t == 'gov' else 'Katie'} "
             + " ".join(rng.choice(words[t].split(), 4))} for i, t in enumerate(list(words) * 15)]
    pd.DataFrame(rows).to_csv(tmp_path / "answers.csv", index=False)
    (tmp_path / "keep.txt").write_text("# public figures\nBoris\n")
    args = ["themes", "--input", str(tmp_path / "answers.csv"), "--text-column", "answer",
            "--id-column", "id", "--embedder", "tfidf"]
    for out, extra in (("plain", []), ("kept", ["--not-names", str(tmp_path / "keep.txt")])):
        result = CliRunner().invoke(app, [*args, "--out", str(tmp_path / out), *extra])
        assert result.exit_code == 0, result.output
    plain, kept = ((tmp_path / d / "themes.json").read_text() for d in ("plain", "kept"))
    assert "Boris" not in plain and "Katie" not in plain
    assert "Boris Johnson" in kept and "Katie" not in kept
    missing = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "x"), "--not-names",
                                       str(tmp_path / "none.txt")])
    assert missing.exit_code == 2 and "none.txt: cannot be read" in " ".join(missing.output.split())


def test_cli_theme_table_fits_an_80_column_terminal(nhs_csv, tmp_path, monkeypatch):
    from sensemaking.cli import _app

    monkeypatch.setattr(_app.console, "width", 80)
    result = CliRunner().invoke(app, [
        "themes", "--input", str(nhs_csv), "--text-column", "feedback", "--id-column",
        "row_index", "--out", str(tmp_path), "--embedder", "tfidf"])
    assert result.exit_code == 0, result.output
    rows = [line for line in result.output.splitlines() if line.startswith("│")]
    assert rows and all(len(line) <= 80 and line.rstrip().endswith("│") for line in rows)
    cells = [[cell.strip() for cell in line.split("│")[1:3]] for line in rows]
    ids = [i for i, _ in cells if i]
    assert ids[:3] == ["0", "1", "2"]
    # rows of a CSV are voices of their own, not organisers' notes
    output = " ".join(result.output.split())
    assert "each text counts as one voice" in output and "organiser" not in output
    # a long label wraps onto the next line rather than losing its end
    shown = " ".join(label for _, label in cells)
    themes = json.loads((tmp_path / "themes.json").read_text())
    themes = themes["themes"] if isinstance(themes, dict) else themes
    assert all(" ".join(t["label"].split()) in " ".join(shown.split()) for t in themes)


def test_cli_errors_are_one_line(tmp_path):
    (tmp_path / "a.csv").write_text("id,text\n1,hello\n")
    result = CliRunner().invoke(app, ["themes", "--input", str(tmp_path / "a.csv"), "--text-column",
                                      "answer", "--id-column", "id", "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    output = " ".join(result.output.split())
    assert "no column 'answer'" in output and "Traceback" not in output
    result = CliRunner().invoke(app, ["themes", "--input", str(tmp_path / "a.csv"), "--text-column",
                                      "txt", "--id-column", "ID", "--out", str(tmp_path / "o")])
    output = " ".join(result.output.split())
    assert "no column 'txt' (did you mean 'text'?) or 'ID' (did you mean 'id'?)" in output


def test_input_reads_a_qualtrics_export_by_code_or_question(tmp_path):
    """Its second and third rows are the questions and import ids, not answers."""
    ids = '"{""ImportId"":""startDate""}","{""ImportId"":""_recordId""}","{""ImportId"":""QID1_TEXT""}"'
    (tmp_path / "q.csv").write_text("StartDate,ResponseId,Q1\nStart Date,Response ID,What works well?\n"
                                    f"{ids}\n2026-03-11,R_1,The warm space\n2026-03-12,R_2,Staff are lovely\n")
    for text, ident in (("Q1", "ResponseId"), ("What works well?", "Response ID")):
        frame = read_excerpt_table(tmp_path / "q.csv", text_column=text, id_column=ident)
        assert frame[["excerpt_id", "text"]].values.tolist() == [["R_1", "The warm space"],
                                                                 ["R_2", "Staff are lovely"]]


@pytest.mark.parametrize("planted", ["jane.doe@example.com", "07700 900888", "Sarah Whitfield", "Doreen Walsh"])
def test_an_id_column_of_contact_details_or_names_is_not_carried(tmp_path, planted):
    # A Google Forms export's "Email Address" column given as --id-column: rows are known
    # by their row number instead, every one of them, and a warning says so.
    (tmp_path / "f.csv").write_text(f"id,answer\nr1,the bus is late\n{planted},damp again\nr3,the hub\n")
    with pytest.warns(UserWarning, match="not carried; rows are known by their row number"):
        frame = read_excerpt_table(tmp_path / "f.csv", text_column="answer", id_column="id")
    assert frame["excerpt_id"].tolist() == ["row 2", "row 3", "row 4"]


def test_an_id_column_of_ids_is_kept(tmp_path, recwarn):
    (tmp_path / "f.csv").write_text("id,answer\nBBC2,the bus is late\nCOVID19,damp again\nR_3,the hub\n")
    frame = read_excerpt_table(tmp_path / "f.csv", text_column="answer", id_column="id")
    assert frame["excerpt_id"].tolist() == ["BBC2", "COVID19", "R_3"] and not recwarn.list


def test_csv_mode_reads_spreadsheet_exports_and_names_bad_files(tmp_path):
    # Excel's "CSV" on Windows: cp1252, semicolons, CRLF. It is read, not refused.
    answers = ["The café shut early again", "Bus never came on Tuesday", "Damp in the back bedroom",
               "Youth club closed for the summer", "Food bank queue out the door"] * 3
    lines = ["id;answer"] + [f"r{i};{text}" for i, text in enumerate(answers)]
    (tmp_path / "excel.csv").write_bytes("\r\n".join(lines).encode("cp1252"))
    frame = read_excerpt_table(tmp_path / "excel.csv", text_column="answer", id_column="id")
    assert len(frame) == 15 and frame["text"].iloc[0] == "The café shut early again"

    (tmp_path / "header.csv").write_text("id,answer\n")
    (tmp_path / "few.csv").write_text("id,answer\n1,the bus is late\n2,damp again\n")
    expected = {"header.csv": "header.csv: has no rows under its header",
                "missing.csv": "missing.csv: cannot be read (No such file or directory)",
                "few.csv": "only 2 substantive excerpts: too few for themes"}
    for name, message in expected.items():
        result = CliRunner().invoke(app, ["themes", "--input", str(tmp_path / name), "--text-column",
                                          "answer", "--id-column", "id", "--out", str(tmp_path / "o"),
                                          "--embedder", "tfidf"])
        output = " ".join(result.output.split())
        assert result.exit_code == 2 and message in output and "Traceback" not in output, output


def test_themes_command_has_help_with_example():
    result = CliRunner().invoke(app, ["themes", "--help"])
    assert result.exit_code == 0 and "Example:" in result.output


def _planted(project) -> dict[str, set[str]]:
    """Planted theme slug -> excerpt ids whose text holds one of its snippets."""
    key = pd.read_csv(SAMPLE / "answer_key.csv")
    key = key[key["kind"] == "theme"]
    excerpts = project.excerpts
    texts = [" ".join(t.split()).lower() for t in excerpts["text"].astype(str)]
    planted: dict[str, set[str]] = {}
    for slug, snippet in zip(key["label"], key["snippet"]):
        needle = " ".join(str(snippet).split()).lower()
        for eid, text in zip(excerpts["excerpt_id"], texts):
            if needle in text:
                planted.setdefault(slug, set()).add(eid)
    return planted


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    """The sample's themes fitted with the default embedder, and each planted theme's
    excerpt ids (answer-key snippets matched to excerpts)."""
    import sensemaking as sm

    if not (SAMPLE / "answer_key.csv").is_file() or not (SAMPLE / "data" / "raw").is_dir():
        pytest.skip("sample corpus or answer key not present")
    root = tmp_path_factory.mktemp("sample") / "sample"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".sensemaking"))
    project = sm.open_project(root)
    project.ingest()
    return project.find_themes(embedder="minilm"), _planted(project)


@pytest.fixture(scope="module")
def sample_jaccards(sample_run) -> dict[str, float]:
    """Best-match Jaccard of each planted theme."""
    result, planted = sample_run
    keyed = set().union(*planted.values())
    members = result.assignments.groupby("theme_id")["excerpt_id"].apply(set)
    return {
        slug: max(len(ids & (m & keyed)) / len(ids | (m & keyed)) for t, m in members.items() if t >= 0)
        for slug, ids in planted.items()
    }


@pytest.mark.slow
def test_sample_quotes_carry_a_theme_in_their_own_words(sample_run):
    """The quotes a board shows first are turns about something, not a turn that only
    sits beside the theme in its conversation ("Eleven weeks. She's called [NAME].").
    Ranked in context, a quarter of them carried no planted theme."""
    result, planted = sample_run
    keyed = set().union(*planted.values())
    shown = [q["excerpt_id"] for theme in result.themes for q in theme["quotes"][:6]]
    about_nothing = [eid for eid in shown if eid not in keyed]
    assert len(about_nothing) <= 0.2 * len(shown), (len(about_nothing), len(shown))


@pytest.mark.slow
def test_sample_project_most_planted_themes_recovered(sample_jaccards):
    """Guards what is met: 9 of the 10 planted themes at Jaccard >= 0.5, mean >= 0.5."""
    recovered = [slug for slug, j in sample_jaccards.items() if j >= 0.5]
    assert len(recovered) >= 9, sample_jaccards
    assert np.mean(list(sample_jaccards.values())) >= 0.5, sample_jaccards


@pytest.mark.slow
@pytest.mark.xfail(reason="known gap: with MiniLM, loneliness (0.32) stays under 0.5; "
                   "see bench/results/themes_selection.md", strict=False)
def test_sample_project_planted_themes_recovered(sample_jaccards):
    for slug, best in sample_jaccards.items():
        assert best >= 0.5, f"{slug}: best-match Jaccard {best:.2f}"


def test_subject_words_are_left_out_of_theme_finding(shared_data, tmp_path):
    """Real open answers about the pandemic: named five ways, the subject splits themes by
    name; listed as subject words it is in no keyword or label, and quotes keep it."""
    survey = pd.read_csv(shared_data / "surveys" / "covid_worry" / "data_incl_demographics.consent_filtered.csv")
    answers = survey[["id", "text_short"]].dropna().head(800)
    answers.to_csv(tmp_path / "short.csv", index=False)
    subject = {"coronavirus", "corona", "covid", "virus"}

    def themes(*extra: str) -> list[dict]:
        out = tmp_path / f"out{len(extra)}"
        result = CliRunner().invoke(app, ["themes", "--input", str(tmp_path / "short.csv"), "--text-column",
                                          "text_short", "--id-column", "id", "--out", str(out),
                                          "--embedder", "tfidf", *extra])
        assert result.exit_code == 0, result.output
        return json.loads((out / "themes.json").read_text())

    def named(theme: dict) -> bool:
        words = " ".join([theme["label"], *theme["keywords"][:5]]).lower().split()
        return bool(subject & set(words))

    assert any(map(named, themes()))
    listed = themes("--subject-words", "coronavirus, corona, covid, virus")
    assert not any(map(named, listed)), [(t["label"], t["keywords"][:5]) for t in listed]
    quoted = " ".join(q["text"] for t in listed for q in t["quotes"]).lower()
    assert "corona" in quoted and "[" not in quoted.replace("[name]", "")


def test_no_theme_ends_smaller_than_min_theme_size(shared_data, tmp_path):
    """200 real banking queries from 10 intents: once outer members join nearer themes, a
    theme KMeans made of 5+ can be left with 3; it is dissolved like any small theme."""
    queries = pd.read_csv(shared_data / "labelled" / "banking77" / "test.csv")
    rng = np.random.default_rng(0)
    intents = set(rng.choice(sorted(queries["category"].unique()), size=10, replace=False))
    pool = np.flatnonzero(queries["category"].isin(intents).to_numpy())
    rows = queries.iloc[np.sort(rng.choice(pool, size=200, replace=False))].reset_index(drop=True)
    rows.assign(id=range(len(rows)))[["id", "text"]].to_csv(tmp_path / "queries.csv", index=False)
    run_themes_csv(tmp_path / "queries.csv", text_column="text", id_column="id", out=tmp_path / "out", seed=0)
    assignments = pd.read_csv(tmp_path / "out" / "assignments.csv")
    sizes = assignments.loc[assignments["theme_id"] >= 0, "theme_id"].value_counts()
    themes = json.loads((tmp_path / "out" / "themes.json").read_text())
    assert len(themes) == len(sizes) >= 8
    assert sizes.min() >= 5, sizes.to_dict()
    assert all(t["size"] >= 5 for t in themes)


def test_columns_kept_beside_the_text_are_scrubbed(tmp_path):
    """A theme's counts and breakdown quote the file's own participant, source, area and
    role columns: names and contact details in them reach no output, and the people of a
    column of names are still counted apart."""
    rng = np.random.default_rng(3)
    words = {"bus": "bus route fare timetable driver stop late", "damp": "damp mould landlord repairs walls leak"}
    rows = [{"id": f"r{i}", "answer": " ".join(rng.choice(words[t].split(), 6)),
             "participant_id": ["Sarah Whitfield", "sal62@hotmail.co.uk", "Gwen Pryce"][i % 3],
             "source_id": "Interview with Gwen Pryce LS6 2AB",
             "area": ["14 Tanner Street", "Northfield"][i % 2], "role": "07700 900123"}
            for i, t in enumerate(list(words) * 15)]
    pd.DataFrame(rows).to_csv(tmp_path / "answers.csv", index=False)
    with pytest.warns(UserWarning, match="'participant_id' holds names or contact details"):
        run_themes_csv(tmp_path / "answers.csv", text_column="answer", id_column="id",
                       out=tmp_path / "out", embedder="tfidf")
    written = " ".join(p.read_text() for p in (tmp_path / "out").glob("*.*") if p.suffix in (".json", ".csv"))
    for planted in ("Whitfield", "sal62", "Pryce", "LS6", "Tanner", "900123"):
        assert planted not in written, planted
    themes = json.loads((tmp_path / "out" / "themes.json").read_text())
    assert {p for t in themes for p in t["participant_ids"]} == {"R0001", "R0002", "R0003"}
    assert any("Northfield" in t["breakdown"]["area"] for t in themes)


def test_a_sheet_named_for_a_person_is_scrubbed_in_ids_and_messages(tmp_path):
    book = tmp_path / "answers.xlsx"
    sheets = {"Sheet1": "r", "Gwen Pryce 07700 900482": "r"}
    with pd.ExcelWriter(book) as writer:
        for name in sheets:
            pd.DataFrame({"Email": [f"{name[:2].lower()}{i}@x.org" for i in range(15)],
                          "Ref": range(15), "Answer": ["the bus was late again"] * 15}
                         ).to_excel(writer, sheet_name=name, index=False)
    with pytest.warns(UserWarning):
        frame = read_excerpt_table(book, text_column="Answer", id_column="Email")
    assert not frame.astype(str).apply(lambda c: c.str.contains("Pryce|900482")).any().any()
    with pytest.raises(InputError) as caught:
        read_excerpt_table(book, text_column="Answer", id_column="Ref")
    assert "repeated id" in str(caught.value) and "Pryce" not in str(caught.value)

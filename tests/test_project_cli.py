"""The project as a whole: init layout, the public API, help on every command, and
`run`/`status` skipping stages whose inputs are unchanged."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from typer.main import get_command
from typer.testing import CliRunner

import sensemaking as sm
from sensemaking import pipeline
from sensemaking.cli import app
from sensemaking.pipeline import run_stages, stage_status

TRANSCRIPT = """Interviewer: How do you get to the hub these days?
Sarah: Well, since they cut the 42 it's a proper trek, I walk down past the shops and
then it's another twenty minutes, and in the rain, honestly, I just don't bother.
Interviewer: And the pantry?
Sarah: The pantry's a lifeline, it really is. Without it I'd be choosing between the
meter and the shopping most weeks, and the volunteers there are lovely people.
"""
MANIFEST = ("participant_id,name,aliases,role,area\n"
            "p1,Sarah Whitfield,Sarah,resident,Northfield\n"
            "i1,Helen Mayberry,Helen,interviewer,\n")


def _sarah_project(root):
    """A new project with the manifest and Sarah's short transcript in data/raw/."""
    sm.init_project(root)
    (root / "data" / "participants.csv").write_text(MANIFEST)
    (root / "data" / "raw" / "sarah.txt").write_text(TRANSCRIPT)


def _commands(group, prefix=()):
    for name, command in getattr(group, "commands", {}).items():
        path = (*prefix, name)
        if hasattr(command, "commands"):
            yield from _commands(command, path)
        else:
            yield path


def test_public_api_is_what_we_mean():
    assert sorted(sm.__all__) == sm.__all__
    for name in ("open_project", "init_project", "Project", "SensemakingError", "tables"):
        assert name in sm.__all__


def test_version():
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"sensemaking {sm.__version__}"


def test_every_command_has_help_with_an_example():
    runner = CliRunner()
    commands = list(_commands(get_command(app)))
    assert {("init",), ("ingest",), ("run",), ("status",), ("themes",)} <= set(commands)
    for path in commands:
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, path
        assert "Example:" in result.output, f"`sensemaking {' '.join(path)} --help` has no example"
    # a docstring's paragraph reflows to the terminal, not broken where the source wraps
    wide = runner.invoke(app, ["themes", "--help"], env={"COLUMNS": "200"}).output
    assert "run.json into the project's .sensemaking/ folder" in wide


def test_help_lists_the_commands_in_the_order_of_the_work():
    from sensemaking.cli._app import COMMAND_ORDER

    output = CliRunner().invoke(app, ["--help"]).output
    listed = re.findall(r"^│ ([a-z]+) ", output, flags=re.MULTILINE)
    assert tuple(listed) == COMMAND_ORDER


def test_option_help_and_errors_name_the_option_not_the_settings(tmp_path):
    """`--embedder bert` is the option's mistake, said before any work; `--top` shows where
    its default comes from rather than a made-up 0."""
    root = tmp_path / "p"
    sm.init_project(root)
    bad = CliRunner().invoke(app, ["themes", str(root), "--embedder", "bert"])
    said = " ".join(bad.output.split())
    assert bad.exit_code == 2 and "'--embedder': 'bert' is not one of minilm, tfidf" in said
    assert "sensemaking.toml" not in said and "running it first" not in said
    top = " ".join(CliRunner().invoke(app, ["surprises", "--help"]).output.replace("│", " ").split())
    assert "[default: 0]" not in top and "[surprises] top in sensemaking.toml; 10 unless set there" in top


def test_init_creates_the_project_layout(tmp_path):
    result = CliRunner().invoke(app, ["init", str(tmp_path / "hubs")])
    assert result.exit_code == 0
    root = tmp_path / "hubs"
    for rel in ("sensemaking.toml", "data/raw", "data/participants.csv", "data/sources.csv",
                "private", "annotations", "workshops", "reports"):
        assert (root / rel).exists(), rel
    assert (root / "private").stat().st_mode & 0o077 == 0
    header = (root / "data" / "participants.csv").read_text().splitlines()[0].split(",")
    assert header[:5] == ["participant_id", "name", "aliases", "role", "area"]
    assert sm.open_project(root).seed == 42
    (root / "data" / "participants.csv").write_text("participant_id,name\nP01,Sarah Whitfield\n")
    again = CliRunner().invoke(app, ["init", str(root)])
    assert again.exit_code == 0 and "already a project" in again.output and "Created" not in again.output
    assert "Sarah Whitfield" in (root / "data" / "participants.csv").read_text()


def test_not_a_project_is_one_clean_line(tmp_path):
    done = subprocess.run([sys.executable, "-m", "sensemaking", "status", str(tmp_path)], check=False,
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr + done.stdout
    assert "sensemaking init" in done.stdout


def test_a_relative_path_that_is_no_folder_here_says_where_it_was_looked_for(tmp_path, monkeypatch):
    """The README's open_project("data/sample") run in JupyterLab, whose notebooks sit in
    notebooks/: it said to create an empty project there."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(sm.ConfigError) as caught:
        sm.open_project("data/sample")
    said = str(caught.value)
    assert said.startswith(f"there is no folder data/sample in {tmp_path}, where this runs")
    assert "../data/sample" in said


def test_run_skips_unchanged_stages_and_status_follows_changes(tmp_path):
    root = tmp_path / "p"
    _sarah_project(root)
    project = sm.open_project(root)
    assert {row["status"] for row in stage_status(project)} == {"never run"}

    first = run_stages(project, only=["ingest"])
    assert first["ingest"] is not None
    assert repr(first) == f"ingest: {first['ingest'].summary}"  # what a notebook cell shows
    again = run_stages(project, only=["ingest"])
    assert again["ingest"] is None and repr(again) == "ingest: up to date, skipped"  # unchanged
    status = {row["stage"]: row for row in stage_status(project)}
    assert status["ingest"]["status"] == "up to date"

    (root / "data" / "raw" / "sarah.txt").write_text(TRANSCRIPT + "Sarah: One more thing.\n")
    status = {row["stage"]: row for row in stage_status(project)}
    assert status["ingest"]["status"] == "out of date"
    later = [row for name, row in status.items() if name != "ingest"]
    assert all(row["status"] != "up to date" for row in later)
    assert run_stages(project, only=["ingest"])["ingest"] is not None


def test_run_reports_each_stage_and_names_the_one_that_stopped(tmp_path):
    root = tmp_path / "p"
    _sarah_project(root)  # two answers: too few for themes
    result = CliRunner().invoke(app, ["run", str(root)])
    output = " ".join(result.output.split())
    assert result.exit_code == 2 and "Traceback" not in output
    assert "ingest: 2 excerpts from 1 source (1 participant); 0 files skipped" in output
    assert "dropped" not in output  # nothing was left out, so nothing is said of it
    assert "error: themes stopped: only 2 substantive excerpts: too few" in output
    assert "Ingest is done and kept; fix this" in output
    assert {row["stage"]: row["status"] for row in stage_status(sm.open_project(root))}["ingest"] == "up to date"


def test_an_empty_or_unreadable_raw_folder_stops_ingest_and_nothing_runs_on_it(tmp_path):
    root = tmp_path / "p"
    sm.init_project(root)
    runner = CliRunner()
    empty = " ".join(runner.invoke(app, ["run", str(root)]).output.split())
    assert "ingest stopped:" in empty and "data/raw is empty; put the sources in it" in empty
    (root / "data" / "raw" / "x.txt").write_bytes(b"\x00\x01\x02binary")
    result = runner.invoke(app, ["ingest", str(root)])
    assert result.exit_code == 2 and "nothing could be ingested" in result.output
    assert {row["stage"]: row["status"] for row in stage_status(sm.open_project(root))}["ingest"] == "never run"
    themes = " ".join(runner.invoke(app, ["themes", str(root)]).output.split())
    assert "found no excerpts" in themes and "Traceback" not in themes


def test_sources_put_beside_data_raw_or_a_folder_inside_a_project_are_pointed_out(tmp_path):
    root = tmp_path / "p"
    sm.init_project(root)
    (root / "doreen_visit.txt").write_text(TRANSCRIPT)  # in the project folder, not data/raw/
    (root / "data" / "notes.csv").write_text("note\nThe pantry ran out of bread by eleven again\n")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(root)])  # the error `main` prints in one line
    said = " ".join(str(result.exception).split())
    assert "2 source file(s) are in" in said and "move them into data/raw/" in said
    assert "doreen" not in said  # file names may name people
    inside = " ".join(runner.invoke(app, ["ingest", str(root / "data" / "raw")]).output.split())
    assert f"it is inside the project {root.resolve()}" in inside and "sensemaking init" not in inside


def test_reviewed_word_lists_make_ingest_out_of_date_and_ingest_says_what_to_check(tmp_path):
    root = tmp_path / "p"
    sm.init_project(root)
    (root / "data" / "participants.csv").write_text(MANIFEST)
    (root / "data" / "raw" / "sarah.txt").write_text(
        TRANSCRIPT + "Sarah: Then Tommy Okonkwo-Vale came, and Zbyszek from Dunmow.\n")
    result = CliRunner().invoke(app, ["ingest", str(root)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "privacy: 2 possible names to check and 1 given name replaced" in said, said  # Zbyszek, Dunmow
    assert "private/privacy_review.csv" in said and "Tommy" not in said
    summary = json.loads((root / ".sensemaking" / "ingest_report.json").read_text())["summary"]
    assert summary.endswith("2 possible names to check in private/privacy_review.csv")  # `run` prints it
    run_stages(sm.open_project(root), only=["ingest"])
    with open(root / "private" / "not_names.txt", "a") as fh:
        fh.write("Dunmow\n")
    status = {row["stage"]: row["status"] for row in stage_status(sm.open_project(root))}
    assert status["ingest"] == "out of date"


def test_settings_change_makes_a_stage_out_of_date(tmp_path):
    root = tmp_path / "p"
    _sarah_project(root)
    run_stages(sm.open_project(root), only=["ingest"])
    settings = root / "sensemaking.toml"
    settings.write_text(settings.read_text().replace("max_file_mb = 50", "max_file_mb = 10"))
    status = {row["stage"]: row for row in stage_status(sm.open_project(root))}
    assert status["ingest"]["status"] == "out of date"
    assert status["ingest"]["why"] == "settings [ingest] changed"


def test_a_project_moved_elsewhere_stays_up_to_date(tmp_path):
    """The record is of what the files hold, not where the folder is (a synced drive)."""
    root = tmp_path / "p"
    _sarah_project(root)
    run_stages(sm.open_project(root), only=["ingest"])
    moved = root.rename(tmp_path / "moved")
    assert {r["stage"]: r["status"] for r in stage_status(sm.open_project(moved))}["ingest"] == "up to date"


def test_new_sensemaking_code_makes_stages_out_of_date(tmp_path, monkeypatch):
    """Outputs made by an older sensemaking are not 'up to date' after an upgrade."""
    root = tmp_path / "p"
    _sarah_project(root)
    run_stages(sm.open_project(root), only=["ingest"])
    assert {r["stage"]: r["status"] for r in stage_status(sm.open_project(root))}["ingest"] == "up to date"
    monkeypatch.setattr(pipeline, "code_digest", lambda: "another release")
    row = {r["stage"]: r for r in stage_status(sm.open_project(root))}["ingest"]
    assert row["status"] == "out of date" and row["why"] == "sensemaking was updated since it ran"


def test_themes_runs_an_out_of_date_ingest_first_and_says_so(tmp_path):
    """A transcript changed (or sensemaking upgraded) since the last ingest: `themes`
    works on what the project holds now, not on stale excerpts."""
    root = tmp_path / "p"
    _sarah_project(root)
    sm.open_project(root).ingest()
    extra = "Sarah: And the youth club shut, so the kids hang about by the garages now.\n"
    (root / "data" / "raw" / "sarah.txt").write_text(TRANSCRIPT + extra)
    result = CliRunner().invoke(app, ["themes", str(root), "--embedder", "tfidf"])
    output = " ".join(result.output.split())
    assert "ingest is out of date (data/raw/ changed): running it first" in output
    assert any("garages" in t for t in sm.open_project(root).excerpts["text"])
    again = CliRunner().invoke(app, ["themes", str(root), "--embedder", "tfidf"])
    assert "running it first" not in again.output  # up to date now
    settings = root / "sensemaking.toml"
    settings.write_text(settings.read_text().replace("max_file_mb = 50", "max_file_mb = 60"))
    result = CliRunner().invoke(app, ["themes", str(root), "--embedder", "tfidf"])
    assert "ingest is out of date (settings [ingest] changed): running it first" in " ".join(result.output.split())


def test_a_mistyped_setting_is_named_with_the_file_not_run_with_the_default(tmp_path):
    """`n_theme = 8` in [themes] would otherwise be ignored without a word."""
    root = tmp_path / "p"
    sm.init_project(root)
    settings = root / "sensemaking.toml"
    settings.write_text(settings.read_text().replace("n_themes = 0", "n_theme = 8"))
    result = CliRunner().invoke(app, ["status", str(root)])
    output = " ".join(result.output.split())
    assert result.exit_code != 0 and "Traceback" not in output
    assert "sensemaking.toml" in output and "[themes] has no setting 'n_theme' (did you mean 'n_themes'?)" in output
    settings.write_text(settings.read_text().replace("n_theme = 8", "n_themes = 8") + "\n[theme]\nquotes = 4\n")
    output = " ".join(CliRunner().invoke(app, ["status", str(root)]).output.split())
    assert "unknown section [theme] (did you mean [themes]?)" in output


def test_a_run_may_take_another_seed_and_says_which_it_used(shared_data, tmp_path):
    """`find_themes(seed=3)` and `sensemaking themes DIR --seed 5` fit with that seed; a key
    that is no setting is an error."""
    import pandas as pd
    import pytest

    from sensemaking.errors import ConfigError

    survey = pd.read_csv(shared_data / "surveys" / "covid_worry" / "data_incl_demographics.consent_filtered.csv")
    project = sm.init_project(tmp_path / "survey")
    survey[["id", "text_long"]].dropna().head(60).to_csv(project.root / "data" / "raw" / "answers.csv", index=False)
    project.ingest()
    project.find_themes(embedder="tfidf", seed=3)
    assert json.loads((project.cache_dir / "run.json").read_text())["seed"] == 3
    result = CliRunner().invoke(app, ["themes", str(project.root), "--embedder", "tfidf", "--seed", "5"])
    assert result.exit_code == 0, result.output
    assert json.loads((project.cache_dir / "run.json").read_text())["seed"] == 5
    with pytest.raises(ConfigError, match="no setting 'n_theme' \\(did you mean 'n_themes'\\?\\)"):
        project.find_themes(n_theme=4)
    # a one-off run leaves themes out of date, saying so; `run` then fits the settings' themes
    row = {r["stage"]: r for r in stage_status(project)}["themes"]
    assert row["status"] == "out of date" and row["why"].startswith(
        "made with embedder = 'tfidf', seed = 5 for one run, not the settings; to keep it, set it in sensemaking.toml")
    # the next stage command uses what the user just asked for, and says so
    result = CliRunner().invoke(app, ["surprises", str(project.root)])
    said = " ".join(result.output.split())
    assert result.exit_code == 0 and "themes: using its outputs made with embedder = 'tfidf', seed = 5" in said
    assert "running it first" not in said and json.loads((project.cache_dir / "run.json").read_text())["seed"] == 5
    settings = project.root / "sensemaking.toml"
    settings.write_text(settings.read_text().replace('embedder = "minilm"', 'embedder = "tfidf"'))
    project = sm.open_project(project.root)
    result = pipeline.run_stages(project, only=["themes"])["themes"]  # `run` replaces the one-off, saying so
    assert result.messages[0] == ("fitted with the settings again: the last run used embedder = 'tfidf', "
                                  "seed = 5 for one run; to keep that, set it in sensemaking.toml")
    project.find_themes(seed=5)
    settings.write_text(settings.read_text().replace('embedder = "minilm"', 'embedder = "tfidf"'))
    project = sm.open_project(project.root)
    project.find_themes()  # as a notebook calls it, with the settings: up to date, not fitted again by run
    assert {r["stage"]: r["status"] for r in stage_status(project)}["themes"] == "up to date"


def test_a_setting_out_of_range_is_named_with_its_range_not_a_library_error(tmp_path):
    """A number a library would choke on ("n_clusters must be >= 1") is stopped first."""
    root = tmp_path / "p"
    _sarah_project(root)
    settings = root / "sensemaking.toml"
    template = settings.read_text()
    for line, expected in [
        ("min_theme_size = 0", "[themes] min_theme_size = 0 must be a whole number >= 2 (default 5)"),
        ('tentative_below = "half"', "[themes] tentative_below = 'half' must be a number from 0 to 1"),
        ("n_themes = -3", "[themes] n_themes = -3 must be a whole number >= 0 (default 0)"),
    ]:
        settings.write_text(template.replace("n_themes = 0", line))
        result = CliRunner().invoke(app, ["run", str(root)])
        output = " ".join(result.output.split())
        assert result.exit_code == 2 and expected in output, output
        assert "Traceback" not in output and "sklearn" not in output
    # checked when the file is read, before any stage runs
    settings.write_text(template.replace("k = 5", "k = 0"))
    output = " ".join(CliRunner().invoke(app, ["status", str(root)]).output.split())
    assert "sensemaking.toml: [disclosure] k = 0 must be a whole number >= 1 (default 5)" in output
    bad = CliRunner().invoke(app, ["themes", str(root), "--themes", "-3"])
    assert bad.exit_code == 2 and "Traceback" not in bad.output


@pytest.mark.parametrize("table, expected", [
    ("[population.area]\nBrookside = -0.5\n", "[population.area] Brookside = -0.5 must be a number >= 0"),
    ('[population.area]\nBrookside = "a quarter"\n', "[population.area] Brookside = 'a quarter' must be a number >= 0"),
    ("[population.area]\nBrookside = 0\nHill = 0\n", "[population.area]: every share is 0"),
    ("[population]\narea = 0.5\n", "[population] area = 0.5 should be a table: write [population.area]"),
])
def test_a_population_share_that_is_no_share_is_named_when_the_settings_are_read(tmp_path, table, expected):
    """A negative share stopped `surprises` with scipy's traceback; a word, with Python's."""
    root = tmp_path / "p"
    _sarah_project(root)
    settings = root / "sensemaking.toml"
    settings.write_text(settings.read_text() + "\n" + table)
    result = CliRunner().invoke(app, ["status", str(root)])
    output = " ".join(result.output.split())
    assert result.exit_code == 2 and expected in output and "Traceback" not in output, output


def test_a_setting_that_takes_a_word_is_checked_when_the_settings_are_read(tmp_path):
    """`embedder = "bert"` stopped themes only after ingest had run; a mistyped group
    attribute was a Python list of names with no file or setting."""
    root = tmp_path / "p"
    _sarah_project(root)
    settings = root / "sensemaking.toml"
    template = settings.read_text()
    settings.write_text(template.replace('embedder = "minilm"', 'embedder = "MiniLM-L6"'))
    output = " ".join(CliRunner().invoke(app, ["status", str(root)]).output.split())
    assert "sensemaking.toml: [themes] embedder = 'MiniLM-L6' must be one of minilm, tfidf" in output

    from surprises_fixtures import contrast_corpus

    from sensemaking.surprises import build_corpus
    with pytest.raises(sm.StageError) as caught:
        build_corpus(*contrast_corpus(), attributes=["aera"])
    said = str(caught.value)
    assert said.startswith("[surprises] attributes names 'aera', which the excerpts do not have "
                           "(did you mean 'area'?); the columns to compare groups by are: area")
    assert "[" not in said.split("are:")[1]


def test_files_kept_aside_are_stage_messages_and_other_warnings_pass_on():
    import warnings

    from sensemaking.errors import KeptAsideWarning
    from sensemaking.pipeline import kept_aside

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.warn("return.xlsx moved to filled-run-a/", KeptAsideWarning, stacklevel=1)
        warnings.warn("something else", UserWarning, stacklevel=1)
    with pytest.warns(UserWarning, match="something else"):
        assert kept_aside(caught) == ["warning: return.xlsx moved to filled-run-a/"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1252"])
def test_settings_and_word_lists_are_read_as_an_editor_saved_them(tmp_path, encoding):
    """Notepad saves UTF-16 or a BOM, and older editors Windows-1252: settings read so had
    printed a traceback (or "Invalid statement" at line 1), and so had a deny-list with
    "Brûlécourt" on it."""
    root = tmp_path / "p"
    sm.init_project(root)
    settings = root / "sensemaking.toml"
    settings.write_bytes(settings.read_text().replace("n_themes = 0", "n_themes = 7").encode(encoding))
    deny = root / "private" / "deny_list.txt"
    deny.parent.mkdir(exist_ok=True)
    deny.write_bytes(("# names to replace\n" + "Ćwierć\n" * (encoding != "cp1252") + "Brûlécourt\n").encode(encoding))
    result = CliRunner().invoke(app, ["status", str(root)])
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    project = sm.open_project(root)
    assert project.config("themes")["n_themes"] == 7
    assert "Brûlécourt" not in project.team_text.scrub("The lift at Brûlécourt rang twice.")

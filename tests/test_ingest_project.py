"""A whole ingest over small hand-made projects: skipping, provenance, privacy, stability."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from typer.testing import CliRunner

from sensemaking import open_project
from sensemaking.cli import app
from sensemaking.errors import ConfigError, StageError
from sensemaking.ingest import source_text_path
from sensemaking.pipeline import run_stages, stage_status

PEOPLE = ("participant_id,name,aliases,role,area,age_band,quote_ok,email\n"
          "hub-001,Sarah Whitfield,Sal,resident,Northfield,45-64,yes,s@example.org\n"
          "hub-002,Leanne Brooks,Lee,resident,Riverside,25-44,no,\n"
          "hub-101,Rachel Dunn,Rach,organiser,Northfield,25-44,yes,\n"
          "hub-201,Helen Mayberry,,interviewer,,,yes,\n")
SARAH = ("Helen: How long have you lived in Northfield?\n\n"
         "Sarah: All my life, apart from two years in Leeds. My neighbour Maureen got me into "
         "the pantry at the hub.\n\nHelen: And what do people come in for?\n\n"
         "Sarah: Everything. People who are working full time and still cannot make the money "
         "stretch. Call me on 07700 900123 if you need more.\n")
LEANNE = ("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Helen>What brought you to the hub?\n\n"
          "00:00:05.000 --> 00:00:09.000\n<v Lee>The warm space, when the gas went up again.\n\n"
          "00:00:09.500 --> 00:00:12.000\n<v Lee>My kids do their homework there now.\n")
NOTES = ("date,organiser,area,note\n"
         "2026-01-05,Rachel Dunn,Northfield,Door knocking on Tanner St: heating on one hour a day.\n"
         "2026-01-06,Rach,Northfield,Pantry busy. Ran out of tinned veg by eleven today.\n")


def ingest(root):
    project = open_project(root)
    return project, project.ingest()


@pytest.fixture
def good(make_project):
    return make_project({"north/Interview_Sarah_Whitfield.txt": SARAH, "river/leanne.vtt": LEANNE,
                         "notes/notes.csv": NOTES}, participants=PEOPLE,
                        sources="file,date,interviewer,setting\n"
                                "north/Interview_Sarah_Whitfield.txt,12/03/2026,Helen Mayberry,home\n")


def test_excerpts_have_speakers_provenance_and_attributes(good):
    project, report = ingest(good)
    frame = project.excerpts
    assert report.ingested == 3 and not report.skipped
    interview = frame[frame.source_type == "txt"]
    assert set(interview.participant_id) == {"P01"} and set(interview.speaker_role) == {"participant"}
    assert list(interview.line_start) == [3, 7]
    assert set(interview.date) == {"2026-03-12"} and set(interview.setting) == {"home"}
    assert set(interview.source_id) == {"north/Interview_P01.txt"}
    vtt = frame[frame.source_type == "vtt"]
    assert list(vtt.participant_id) == ["P02"] and list(vtt.t_start) == [5.0]
    assert list(vtt.t_end) == [12.0] and not vtt.quote_ok.any()
    notes = frame[frame.source_kind == "notes"]
    assert notes.participant_id.isna().all() and set(notes.author) == {"Organiser A"}
    assert set(notes.speaker_role) == {"author"} and list(notes.date) == ["2026-01-05", "2026-01-06"]
    assert set(interview.area) == {"Northfield"} and set(interview.age_band) == {"45-64"}
    assert "email" not in frame.columns and "name" not in frame.columns
    assert list(frame.columns[:19]) == list(__import__("sensemaking").tables.EXCERPT_COLUMNS)


def test_offsets_index_the_stored_pseudonymised_texts(good):
    project, _ = ingest(good)
    for row in project.excerpts.itertuples():
        stored = source_text_path(project, row.source_id).read_text(encoding="utf-8")
        assert stored[row.char_start:row.char_end] == row.text


def test_speaker_labels_written_as_initials_become_pseudonyms_in_the_stored_text(make_project):
    """"SW:" and "LB:" are Sarah Whitfield and Leanne Brooks to anyone who knows them; a
    label spelling the name was replaced and initials were not, so they stayed beside the
    pseudonyms in .sensemaking/sources/ and the QDPX. Offsets still index the text."""
    text = ("HM: How long have you lived in Northfield?\n"
            "SW: All my life. My neighbour got me into the pantry at the hub.\n"
            "L.B.: Same here, near enough twenty years on the estate now.\n"
            "HM: And the buses?\n"
            "SW: Terrible since they cut the 42, you wait an hour some days.\n"
            "L.B.: I walk it now, honestly, it's quicker than waiting.\n")
    root = make_project({"initials.txt": text}, participants=PEOPLE)
    project, _ = ingest(root)
    (row, *_), = [list(project.excerpts.itertuples())]
    stored = source_text_path(project, row.source_id).read_text(encoding="utf-8")
    assert stored.splitlines()[1].startswith("P01: All my life") and re.match(r"P\d+: Same", stored.splitlines()[2])
    assert not re.search(r"\b(HM|SW|LB)\b", stored), stored
    for row in project.excerpts.itertuples():
        assert stored[row.char_start:row.char_end] == row.text


def test_no_personal_data_in_any_output(good):
    project, _ = ingest(good)
    (project.private_dir / "deny_list.txt").write_text("Maureen\n")
    project.ingest()
    outputs = [p for p in project.cache_dir.rglob("*") if p.is_file()]
    blob = "\n".join(str(p) for p in outputs)
    for path in outputs:
        blob += (pd.read_parquet(path).to_csv() if path.suffix == ".parquet"
                 else path.read_text(encoding="utf-8"))
    for secret in ("Sarah", "Whitfield", "Leanne", "Lee", "Rachel", "Rach", "Helen", "Maureen",
                   "07700 900123", "s@example.org"):
        assert not re.search(rf"(?<![\w@]){re.escape(secret)}(?!\w)", blob), secret
    assert (project.private_dir / "pseudonym_key.csv").stat().st_mode & 0o077 == 0


def test_excerpt_ids_survive_new_files_and_new_people(good):
    project, _ = ingest(good)
    before = project.excerpts.set_index("excerpt_id").text
    extra = "Helen: Hi?\n\nTomasz: The hub is where I learned English, every Tuesday morning.\n"
    (project.raw_dir / "east" / "tom.txt").parent.mkdir()
    (project.raw_dir / "east" / "tom.txt").write_text(extra)
    people = PEOPLE.replace("hub-001", "hub-000,Tomasz Nowak,Tom,resident,Eastgate,45-64,yes,\nhub-001", 1)
    project.manifest_path.write_text(people)
    project.ingest()
    after = project.excerpts.set_index("excerpt_id").text
    assert set(before.index) <= set(after.index)
    assert len(after) == len(before) + 1


@pytest.mark.parametrize("sw, hm", [("SW", "HM"), ("S.W.", "H.M."), ("S. W.", "H. M."), ("S.W", "H.M")])
def test_turns_labelled_by_initials_are_the_listed_people(make_project, sw, hm):
    """'SW:' and 'HM:', as transcribers label turns: before, SW was a speaker of her own,
    without her area, role or consent to be quoted; written with dots ('S.W.:') she still
    was, and 'H.M.' stayed in the stored text beside the pseudonyms."""
    talk = (f"{hm}: How long have you lived in Northfield, then?\n"
            f"{sw}: All my life, apart from two years in Leeds when I was first married.\n"
            f"{hm}: And what brings you to the hub?\n"
            f"{sw}: The warm space, honestly, when the gas went up again last winter.\n")
    project, _ = ingest(make_project({"north/interview_03.txt": talk}, participants=PEOPLE))
    frame = project.excerpts
    assert set(frame.participant_id) == {"P01"} and set(frame.area) == {"Northfield"}
    assert frame.question.str.contains("How long have you lived").any()
    stored = _stored(project)
    assert [line.split(":")[0] for line in stored.splitlines()] == ["Interviewer A", "P01"] * 2


def test_a_manifest_saved_from_excel_as_xlsx(make_project):
    """participants.xlsx was read as no manifest at all: listed people kept their names
    wherever no other rule caught them. Both files at once is an error naming both."""
    import io as bytes_io

    root = make_project({"north/Interview_Sarah_Whitfield.txt": SARAH})
    book = bytes_io.BytesIO()
    pd.read_csv(bytes_io.StringIO(PEOPLE), dtype=str).to_excel(book, index=False)
    (root / "data" / "participants.xlsx").write_bytes(book.getvalue())
    pd.DataFrame({"file": ["north/Interview_Sarah_Whitfield.txt"], "date": ["12/03/2026"]}).to_excel(
        root / "data" / "sources.xlsx", index=False)
    project, report = ingest(root)
    frame = project.excerpts
    assert report.ingested == 1 and set(frame.participant_id) == {"P01"}
    assert set(frame.area) == {"Northfield"} and set(frame.date) == {"2026-03-12"}
    assert not frame.text.str.contains("Maureen|Whitfield").any()
    (root / "data" / "participants.csv").write_text(PEOPLE, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"participants.csv and participants.xlsx both exist"):
        ingest(root)


def test_a_focus_group_with_numbered_facilitators(make_project):
    """Numbered voices are participants of their own; numbered facilitators and a
    moderator ask the questions (context for the answers, not excerpts)."""
    group = ("Facilitator 1: Thanks for coming. What is it like living round here?\n"
             "Resident 1: The buses are rubbish since they cut the 42, nothing after six.\n"
             "Resident 2: My lad gave up his college course over it, honestly.\n"
             "Facilitator 2: And what about the youth club closing?\n"
             "Woman 3: Where are they meant to go of an evening? Nowhere warm.\n"
             "Moderator: Anything else before we finish?\n"
             "Resident 1: The hub, keep the hub open, it is the only warm place.\n"
             "Resident 2: Same, we would be lost without the lunch club.\n")
    project, report = ingest(make_project({"groups/northfield.txt": group}, participants=PEOPLE))
    frame = project.excerpts
    assert report.ingested == 1 and len(frame) == 5
    assert set(frame.speaker_role) == {"participant"} and frame.participant_id.nunique() == 3
    assert not frame.text.str.contains("What is it like|youth club closing|before we finish").any()
    assert frame.question.str.contains("youth club closing").any()


def test_notes_under_dated_headings_take_their_date(make_project):
    """Field notes kept by day in markdown: a heading's day dates the notes under it, in
    the year of the file's date (sources.csv) nearest to it; without a year or a file
    date, the notes stay undated."""
    notes = ("# Field notes\n\n## Tuesday 30 December\n\n- Pantry shut early, the **boiler** again.\n\n"
             "## Friday 2 January, youth night\n\n- Pool table still broken, lads went to the park.\n")
    root = make_project({"notes/winter.md": notes, "notes/undated.md": notes.replace("Field", "Other")},
                        participants=PEOPLE, sources="file,date\nnotes/winter.md,05/01/2026\n")
    project, _ = ingest(root)
    frame = project.excerpts.set_index("source_id")
    assert list(frame.loc["notes/winter.md", "date"]) == ["2025-12-30", "2026-01-02"]
    assert frame.loc["notes/winter.md", "text"].iloc[0] == "Pantry shut early, the boiler again."
    assert frame.loc["notes/undated.md", "date"].isna().all()


def test_bad_files_are_skipped_and_listed_and_the_rest_go_on(make_project):
    root = make_project({
        "ok.txt": SARAH, "empty.txt": b"", "junk.txt": bytes(range(256)) * 20,
        "Interview_Sarah_Whitfield.docx": b"PK\x03\x04broken", "scan.pdf": b"%PDF-1.4 nothing",
        "tally.csv": "id,count\n1,4\n2,5\n", "audio.mp3": b"ID3", ".DS_Store": b"\x00\x01",
        "no_labels.txt": "I have lived here all my life.\n\nThe hub helps.\n",
        "zz_copy_of_ok.txt": SARAH,
    }, participants=PEOPLE, toml="[ingest]\nmax_file_mb = 0.5\n")
    (root / "data" / "raw" / "big.txt").write_text("Sarah: hello there\n" * 40_000)
    project, report = ingest(root)
    skipped = {s["file"]: s["reason"] for s in report.skipped}
    assert set(skipped) == {"empty.txt", "junk.txt", "Interview_P01.docx", "scan.pdf", "tally.csv",
                            "audio.mp3", ".DS_Store", "big.txt", "zz_copy_of_ok.txt"}
    assert "empty" in skipped["empty.txt"] and "binary" in skipped["junk.txt"]
    assert "audio" in skipped["audio.mp3"] and "max_file_mb" in skipped["big.txt"]
    assert "copy" in skipped["zz_copy_of_ok.txt"]
    assert report.ingested == 2
    warned = {s.source_id: s.warnings for s in report.sources}
    assert any("no speaker labels" in w for w in warned["no_labels.txt"])
    saved = json.loads((project.cache_dir / "ingest_report.json").read_text())
    assert {s["file"] for s in saved["skipped"]} == set(skipped)
    assert "Whitfield" not in json.dumps(saved)


def test_free_text_in_the_manifest_and_sources_table_keeps_no_personal_data(make_project):
    people = PEOPLE.replace("\n", ",notes\n", 1).replace(
        "s@example.org\n", 's@example.org,"daughter Karen Whitfield helps; 07700 900123; rose.t@gmail.com"\n')
    people = "\n".join(line + ("," if line.count(",") < 8 else "") for line in people.splitlines()) + "\n"
    root = make_project({"ok.txt": SARAH}, participants=people,
                        sources="file,setting\nok.txt,home visit with Araminta Fairweather\n")
    project, _ = ingest(root)
    frame = project.excerpts
    notes = " ".join(frame["notes"].dropna())
    assert "[PHONE]; [EMAIL]" in notes and not re.search(r"Karen|Whitfield|07700|gmail", notes)
    assert set(frame["area"].dropna()) == {"Northfield"}  # shared values are categories, kept
    assert set(frame["setting"]) == {"home visit with [NAME]"}  # a name no list holds, by its surname


def test_a_manifest_value_people_share_keeps_no_name_or_number(make_project):
    people = PEOPLE.replace("\n", ",referred_by,estate\n", 1)
    people = people.replace("s@example.org\n", "s@example.org,Rachel Dunn; ring 07700 900997,Beverley\n")
    people = people.replace("25-44,no,\n", "25-44,no,,Rachel Dunn; ring 07700 900997,Beverley\n")
    people = "\n".join(line + (",," if line.count(",") < 9 else "") for line in people.splitlines()) + "\n"
    root = make_project({"north/Interview_Sarah_Whitfield.txt": SARAH, "river/leanne.vtt": LEANNE},
                        participants=people)
    project, _ = ingest(root)
    frame = project.excerpts
    assert set(frame["referred_by"].dropna()) == {"Organiser A; ring [PHONE]"}
    assert set(frame["estate"].dropna()) == {"Beverley"}  # a category, kept


def test_a_file_name_with_decomposed_accents_loses_the_listed_name(make_project):
    # macOS stores "Siân" in a file name as "Sia" + a combining circumflex.
    people = PEOPLE + "hub-003,Siân Lloyd,,resident,Eastgate,65+,yes,\n"
    root = make_project({"Interview_Sia\u0302n_Lloyd.txt": SARAH.replace("Sarah:", "Siân:")}, participants=people)
    project, _ = ingest(root)
    assert set(project.excerpts["source_id"]) == {"Interview_P03.txt"}


def test_a_column_mapping_for_a_file_not_there_is_said(make_project):
    root = make_project({"ok.txt": SARAH}, participants=PEOPLE,
                        toml='[ingest.columns."notes/vists.xlsx"]\ntext = "What we heard"\n')
    _, report = ingest(root)
    assert any('"notes/vists.xlsx", which is not in data/raw/' in w for w in report.warnings)


def test_a_linked_folder_is_read_and_a_link_loop_ends(make_project, tmp_path):
    root = make_project({"ok.txt": SARAH}, participants=PEOPLE)
    shared = tmp_path / "shared_drive"
    shared.mkdir()
    (shared / "lee.vtt").write_text(LEANNE)
    (root / "data" / "raw" / "interviews").symlink_to(shared, target_is_directory=True)
    (shared / "again").symlink_to(shared, target_is_directory=True)  # a loop
    _, report = ingest(root)
    assert report.ingested == 2 and not report.skipped


def test_a_reader_that_fails_skips_its_file_and_the_rest_go_on(make_project, monkeypatch):
    from sensemaking.ingest import registry

    root = make_project({"ok.txt": SARAH, "visit.vtt": LEANNE}, participants=PEOPLE)
    reader = registry.read_file

    def broken(path, rel, *args, **kwargs):
        if rel == "visit.vtt":
            raise ValueError("a bug in a reader")
        return reader(path, rel, *args, **kwargs)

    monkeypatch.setattr("sensemaking.ingest.read_file", broken)
    _, report = ingest(root)
    assert report.ingested == 1
    assert [(s["file"], "could not read it (ValueError)" in s["reason"]) for s in report.skipped] == [("visit.vtt", True)]


def test_a_transcript_read_as_the_interviewer_alone_says_so(make_project):
    # The answer has no label of its own and the prompt asks no question, so the answer
    # continues the interviewer's turn and the file has no excerpt. It was "0 excerpts,
    # dropped nothing".
    root = make_project({"visit.txt": "Interviewer: Tell me about the hub.\n"
                                      "Honestly it is a lifeline, the warm space is the only time I get out.\n"})
    _, report = ingest(root)
    (source,) = report.sources
    assert source.excerpts == 0 and any("every turn was read as the interviewer's" in w for w in source.warnings)


@pytest.mark.parametrize("text", [
    # One question and its answer: no label is used twice, and "Jo" matches nobody.
    ("Interviewer: How do you find the hub?\n"
     "Jo: Honestly it is a lifeline, the warm space is the only time I get out.\n"),
    # The same below a header block; and a header whose "Interviewer: Sam" is no turn.
    ("Interviewee: Jo Bright\nArea: Northfield\n\nInterviewer: How do you find the hub?\n"
     "Jo: Honestly it is a lifeline, the warm space is the only time I get out.\n"),
    ("Interviewer: Sam\nDate: 3 March 2026\n\nQ: How do you find the hub?\n"
     "Resident: Honestly it is a lifeline, the warm space is the only time I get out.\n"),
])
def test_a_short_exchange_keeps_its_answer(make_project, text):
    # These lost the answer into the interviewer's turn (or the whole note to a header's
    # "Interviewer: Sam"), and warned that each answer needed a label it already had.
    root = make_project({"visit.txt": text})
    project, report = ingest(root)
    excerpts = project.excerpts
    assert list(excerpts["text"]) == ["Honestly it is a lifeline, the warm space is the only time I get out."]
    assert excerpts["participant_id"].notna().all()
    assert not any("interviewer's" in w for s in report.sources for w in s.warnings)


def test_a_header_above_field_notes_is_no_turn(make_project):
    root = make_project({"notes.txt": "Interviewer: Sam Okafor\nArea: Northfield\nDate: 3 March 2026\n\n"
                                      "We talked about the bus and the hub and how it has been since the route "
                                      "was cut. She has stopped going to the library because of her knee.\n"})
    project, report = ingest(root)
    excerpts = project.excerpts
    assert list(excerpts["text"].str[:15]) == ["We talked about"]
    assert excerpts.loc[0, "area"] == "Northfield"
    assert not any("interviewer's" in w for s in report.sources for w in s.warnings)


def test_nothing_ingested_fails_the_stage_and_the_cli(make_project):
    root = make_project({"empty.txt": b""})
    with pytest.raises(StageError, match="nothing could be ingested"):
        run_stages(open_project(root), only=["ingest"])
    result = CliRunner().invoke(app, ["ingest", str(root)])
    assert result.exit_code == 2 and "empty.txt" in result.output
    assert "Traceback" not in result.output


def test_cli_summary_strict_and_status(good):
    (good / "data" / "raw" / "bad.doc").write_bytes(b"x")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(good)])
    assert result.exit_code == 0, result.output
    assert "bad.doc" in result.output and ".docx" in result.output
    assert "excerpts from 3 sources" in result.output
    assert runner.invoke(app, ["ingest", str(good), "--strict"]).exit_code == 1
    status = {row["stage"]: row["status"] for row in stage_status(open_project(good))}
    assert status["ingest"] == "up to date"
    assert "Example:" in runner.invoke(app, ["ingest", "--help"]).output


def test_cli_names_every_skipped_file_and_states_each_reason_once(good):
    raw = good / "data" / "raw"
    for name in ("a.json", "b.json", "c.json"):
        (raw / name).write_text("{}")
    (raw / "empty.md").write_bytes(b"")
    for n in range(5):  # no labels: one kind of warning, five sources
        (raw / f"memo{n}.txt").write_text(f"Memo {n}. The pantry ran out of tins again today.\n")
    result = CliRunner().invoke(app, ["ingest", str(good)])
    out = " ".join(result.output.split())  # however the console wrapped it
    assert result.exit_code == 0, out
    assert all(name in out for name in ("a.json", "b.json", "c.json", "empty.md"))
    assert out.count("is not a format sensemaking reads") == 1 and "skipped 4 file(s)" in out
    assert out.count("no speaker labels found") == 1 and "5 source(s)" in out
    assert "and 2 more" in out and "ingest_report.json" in out


def test_warnings_that_differ_in_numbers_are_shown_once_with_their_range(good):
    """Unlisted speakers, 1 in one transcript and 3 in another: one warning, "1-3", not "N"."""
    raw = good / "data" / "raw"
    (raw / "one.txt").write_text("Oswald Pike: The pantry ran out of tins again today.\n\n"
                                 "Oswald Pike: And the queue was out of the door by ten.\n")
    (raw / "three.txt").write_text("Ida Crane: The bus never came this morning.\n\n"
                                   "Bram Stoke: It never comes on a Sunday at all, to be honest.\n\n"
                                   "Ula Finch: We walked to the hub in the end, all of us.\n\n"
                                   "Ida Crane: Took us forty minutes with the pushchair.\n")
    result = CliRunner().invoke(app, ["ingest", str(good)])
    out = " ".join(result.output.split())
    assert result.exit_code == 0, out
    assert out.count("match nobody in data/participants.csv") == 1, out
    assert "1-3 speaker label(s)" in out and " N " not in out, out


def test_real_transcripts(shared_data, make_project):
    """primock57 (txt, vtt, srt: a consultation each, as its formats hold the same words),
    council captions without speakers; qmsum .json is not a format."""
    primock = shared_data / "transcripts" / "primock57" / "collated"
    files = {f"primock/{name}": (primock / name).read_bytes() for name in (
        "day1_consultation01.txt", "day1_consultation02.vtt", "day2_consultation03.srt", "day2_consultation04.txt")}
    council = shared_data / "transcripts" / "council_captions"
    files.update({f"council/{p.name}": p.read_bytes() for p in sorted(council.glob("*.vtt"))})
    qmsum = sorted((shared_data / "transcripts" / "qmsum_committee").rglob("*.json"))[:1]
    files.update({f"qmsum/{p.name}": p.read_bytes() for p in qmsum})
    project, report = ingest(make_project(files, toml='[ingest]\ninterviewer_labels = ["DOCTOR"]\n'))
    frame = project.excerpts
    assert {s["reason"].split(";")[0] for s in report.skipped} == {"'.json' is not a format sensemaking reads"}
    gp = frame[frame.source_id.str.startswith("primock/")]
    assert set(gp.source_type) == {"txt", "vtt", "srt"}
    assert set(gp.speaker_role) == {"participant"}  # DOCTOR turns are context only
    assert gp.groupby("source_id").participant_id.nunique().eq(1).all()
    assert gp.t_start.notna().all() and not gp.text.str.contains("<UNSURE>|<UNIN/>").any()
    assert gp.question.notna().mean() > 0.9
    meeting = frame[frame.source_id.str.startswith("council/")]
    assert len(meeting) > 100 and meeting.participant_id.isna().all()
    assert meeting.t_start.notna().all() and (meeting.t_end >= meeting.t_start).all()


def _workbook(sheets: dict[str, list[list[str]]]) -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_messages_name_sheets_columns_and_files_without_quoting_them(make_project):
    """Sheet names, headers and paths may name people: the ingest report and the console
    say which sheet, column or mapping by number, letter and pseudonymised path, and what
    to do, but never quote them."""
    tally = [["Week", "Visits"], ["1", "12"], ["2", "15"]]
    followups = ("Date,Organiser,What happened,Call Mrs Kowalczyk back on 07700 900654\n"
                 "2026-05-02,Rachel Dunn,Lots of people asking about the bus changes and the hub.,yes\n")
    root = make_project(
        {"notes/drop_in_log.xlsx": _workbook({"Notes": NOTES_ROWS, "Sarah Whitfield 07700 900789": tally}),
         "notes/followups.csv": followups, "notes/Sarah_Whitfield tally.csv": "week,visits\n1,12\n"},
        participants=PEOPLE,
        toml='[ingest.columns."notes/followups.csv"]\ntext = "Notes"\ndate = "Date"\n\n'
             '[ingest.columns."notes/Sarah_Whitfield_home_visits.xlsx"]\ntext = "Notes"\n')
    result = CliRunner().invoke(app, ["ingest", str(root)])
    written = result.output + (root / ".sensemaking" / "ingest_report.json").read_text()
    assert not re.search(r"Whitfield|Kowalczyk|900789|900654", written, re.IGNORECASE)
    flowing = " ".join(result.output.split())
    assert "sheet 2 was skipped: none of its columns holds free text" in flowing
    assert "names a text column the table does not have (it has 4 columns, A to D)" in flowing
    assert '"notes/P01_home_visits.xlsx", which is not in data/raw/' in flowing


NOTES_ROWS = [["Date", "Organiser", "Notes"],
              ["2026-05-02", "Rachel Dunn", "Lots of people asking about the bus changes and the hub."],
              ["2026-05-09", "Rachel Dunn", "Busy pantry session, mostly families with young children."]]


def test_column_headers_naming_people_lose_the_names_and_go_on_the_review_list(make_project):
    """Extra columns of a notes table become excerpt columns: a header naming someone
    with a title, by a given name or as a listed participant loses the name as a file
    name would, and what is left is listed to check."""
    notes = NOTES.replace("area,note\n", "area,note,Referred to Mrs Kowalczyk,Lift from Bronagh Fee,"
                          "Called back by Sarah Whitfield,Seen by Tegwen\n")
    notes = notes.replace(".\n", ".,yes,no,yes,yes\n")
    root = make_project({"notes/notes.csv": notes}, participants=PEOPLE)
    project, _ = ingest(root)
    columns = list(project.excerpts.columns)
    assert not re.search(r"kowalczyk|bronagh|whitfield", " ".join(columns), re.IGNORECASE)
    assert {"referred_to_name", "lift_from_name", "called_back_by_p01"} <= set(columns)
    review = set(pd.read_csv(root / "private" / "privacy_review.csv")["word"])
    assert "Tegwen" in review  # a word in a header that may be a name, to check


def test_a_survey_column_of_respondents_names_is_not_carried(make_project):
    """A hand-made survey whose "Respondent" column holds names: it still tells
    respondents apart (R0001, ...), but no name is carried as the row's id."""
    survey = ("Respondent,Area,What would you change about the hub?\n"
              "Kath Murphy,Riverside,More evening sessions so people who work can come after shifts.\n"
              "Dai Jenkins,Eastgate,A proper bus back to the estate after the pantry closes at night.\n")
    root = make_project({"notes/summer_survey.csv": survey}, participants=PEOPLE)
    project, report = ingest(root)
    frame = project.excerpts
    assert not re.search(r"Kath|Murphy|Jenkins", frame.to_csv())
    assert frame["participant_id"].nunique() == 2 and "row_id" not in frame
    assert list(frame["line_start"]) == [2, 3]
    assert any("the id column holds words" in w for s in report.sources for w in s.warnings)


def test_file_names_with_an_initial_or_a_plural_lose_the_name_and_folders_are_reviewed(make_project):
    """A listed surname with an initial glued before it or as a family's plural leaves
    every source id; a folder named for a family nobody listed is on the review list."""
    other = SARAH.replace("Sarah:", "Leanne:")
    root = make_project({"north/SWhitfield notes.txt": SARAH, "north/the Whitfields home visit.txt": other,
                         "north/Kowalczyk family/visit1.txt": LEANNE}, participants=PEOPLE)
    project, _ = ingest(root)
    ids = set(project.excerpts["source_id"])
    assert ids == {"north/P01 notes.txt", "north/the P01 home visit.txt", "north/Kowalczyk family/visit1.txt"}
    assert "Whitfield" not in (root / ".sensemaking" / "ingest_report.json").read_text()
    review = pd.read_csv(root / "private" / "privacy_review.csv")
    assert list(review.loc[review["word"] == "Kowalczyk", "source_ids"]) == ["north/Kowalczyk family/visit1.txt"]


def _stored(project) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted((project.cache_dir / "sources").iterdir()))


def test_a_label_naming_the_interviewer_sets_them_apart(make_project):
    # Rachel, an organiser, interviewing: her questions had been excerpts of hers.
    visit = ("Rachel (interviewer): How long have you lived in Northfield?\n"
             "Sarah (resident): All my life, apart from two years in Leeds.\n"
             "Rachel (interviewer): And what do people come to the hub for?\n"
             "Sarah (resident): Everything, the pantry mostly, and the warm space in winter.\n")
    project, _ = ingest(make_project({"visit.txt": visit}, participants=PEOPLE))
    frame = project.excerpts
    assert list(frame["participant_id"].unique()) == ["P01"] and set(frame["speaker_role"]) == {"participant"}
    assert list(frame["question"]) == ["How long have you lived in Northfield?", "And what do people come to the hub for?"]


def test_a_transcripts_header_is_not_stored(make_project):
    """Front matter under any key ("transcriber:", "attendees:") and header lines above
    the first turn ("Notetaker: ...") named people no rule knew for names; they stayed in
    the stored text, which the QDPX export carries. They are blanked, offsets kept."""
    md = ("---\ninterviewer: Helen Mayberry\ntranscriber: Barnaby Quist\nattendees:\n"
          "  - Ottoline Farquharson\ndate: 2026-03-18\n---\n\n" + SARAH)
    txt = "Interview notes\nTyped up by: Barnaby Quist\nNotetaker: Ottoline Farquharson\n\n" + SARAH
    root = make_project({"a/visit.md": md, "b/visit.txt": txt}, participants=PEOPLE)
    project, _ = ingest(root)
    stored = _stored(project)
    assert not re.search(r"Barnaby|Quist|Ottoline|Farquharson|Interview notes|transcriber", stored)
    for row in project.excerpts.itertuples():
        text = source_text_path(project, row.source_id).read_text(encoding="utf-8")
        assert text[row.char_start:row.char_end] == row.text
    lines = project.excerpts.groupby("source_type")["line_start"].apply(list).to_dict()
    assert lines == {"md": [11, 15], "txt": [7, 11]}  # lines still count the header's


def test_who_was_there_or_took_notes_is_replaced_in_the_body_too(make_project):
    """A header or front matter naming who transcribed, took notes or was present
    ("Transcriber:", "Note taker:", "Present:", "Minutes:", "Scribe:") was blanked in the
    stored text, but the names were not learned: "Holloway said", "Nowak" or "Tegwen"
    alone in the talk stayed. They are now the document's people, replaced everywhere in
    it, and off the review list; "Present: Yes" names no one. Notes in prose have no
    header block: such a line there counts wherever it is. So do a meeting's "Apologies:"."""
    def body(names):
        return ("Helen: Who else was at the session?\n\n"
                f"Sarah: {names} said it was fine. Yes, that was all of us.\n\nHelen: Thanks.\n")
    txt = ("Session notes\nTranscriber: Jane Holloway\nPresent: Kay Briggs, Tomasz Nowak\n"
           "Note taker: Wilf Ambrose\nScribe: Tegwen\nAlso present: Yes\n\n"
           + body("Holloway, Nowak, Tegwen and Ambrose"))
    md = ("---\nminutes: Barnaby Quist\nattendees:\n  - Ottoline Farquharson\n  - Tomasz Nowak\n"
          "---\n\n" + body("Quist, Farquharson and Nowak"))
    notes = ("Residents meeting\nPresent: Kay Briggs, Tomasz Nowak\nNotetaker: Wilf Ambrose\n\n"
             "Nowak said the bus is late again. Ambrose agreed to write to the council.\n")
    minutes = ("Area working group - minutes\nDate: 14 May 2026\nApologies: Oyelaran Adebayo, Siobhan Ni Mhurchu\n\n"
               "Oyelaran had sent a note before the meeting saying the drop-in hours do not suit shift workers.\n")
    root = make_project({"a/session.txt": txt, "b/session.md": md, "c/notes.txt": notes, "d/minutes.txt": minutes},
                        participants=PEOPLE)
    project, _ = ingest(root)
    said = "\n".join(project.excerpts["text"])
    assert not re.search(r"Holloway|Nowak|Tegwen|Ambrose|Quist|Farquharson", _stored(project) + said)
    # A meeting's apologies name people too, a surname's particle and all ("Ni Mhurchu" had stayed).
    assert not re.search(r"Oyelaran|Adebayo|Mhurchu|\bNi\b", _stored(project) + said)
    assert said.count("Yes, that was all of us.") == 2
    review = pd.read_csv(root / "private" / "privacy_review.csv")
    left = set(review.loc[review["status"] == "left in text", "word"])
    assert left.isdisjoint({"Holloway", "Nowak", "Tegwen", "Ambrose", "Quist", "Farquharson"})


def test_a_chats_own_lines_and_the_people_they_name(make_project):
    """The app's lines name people who may never write ("Sarah added Araminta Quagg", a
    contact card sent, an iPhone's lines under the group's name, Teams' "... joined the
    meeting", a Zoom direct message's recipient): they stayed in the stored text, in
    quotes, and as a speaker (the group's name), and a message naming them kept the name."""
    android = ("03/03/2026, 14:20 - Sarah Whitfield added Araminta Quagg and Ptolemy Hargreaves\n"
               "03/03/2026, 14:21 - Sarah Whitfield: Pantry is really busy today, come early\n"
               "03/03/2026, 14:22 - Rachel Dunn: Hargreaves said he can drive the van on Friday\n"
               "03/03/2026, 14:23 - Rachel Dunn: Doreen Walsh.vcf (file attached)\n"
               "03/03/2026, 14:24 - Sarah Whitfield: Thanks, Araminta can help with the coat swap\n"
               "03/03/2026, 14:25 - Sarah Whitfield removed Ptolemy Hargreaves\n")
    ios = ("[03/03/2026, 14:20:01] Bus campaign: \u200eSarah Whitfield added Araminta Quagg\n"
           "[03/03/2026, 14:21:00] Sarah Whitfield: Has anyone heard whether the 42 is being cut?\n"
           "[03/03/2026, 14:22:00] Rachel Dunn: \u200eAraminta Quagg.vcf (file attached)\n"
           "[03/03/2026, 14:23:00] Rachel Dunn: Yes, the notice went up at the stop on Monday\n")
    teams = ("Sarah Whitfield   0:03\nThanks everyone for coming, shall we start with the buses?\n"
             "Xanthe Pockett joined the meeting\nRachel Dunn   0:10\nThe early service is most at risk.\n"
             "Sarah Whitfield   0:25\nThat is the one the factory relies on.\n")
    zoom = ("10:02:15 From Sarah Whitfield to Everyone:\n\tThe buses are the big thing for us\n"
            "10:03:02 From Rachel Dunn to Ptolemy Hargreaves (Direct Message):\n\tcan you share the slides?\n"
            "10:04:30 From Sarah Whitfield to Everyone:\n\tthanks all, see you next week\n")
    root = make_project({"chats/group.txt": android, "chats/iphone.txt": ios, "meet/teams.txt": teams,
                         "meet/zoom.txt": zoom}, participants=PEOPLE)
    project, _ = ingest(root)
    frame = project.excerpts
    blob = _stored(project) + frame.to_csv()
    assert not re.search(r"Araminta|Quagg|Ptolemy|Hargreaves|Doreen|Walsh|Xanthe|Pockett|Bus campaign", blob)
    assert not frame["text"].str.contains(r"vcf|joined|added").any()
    assert set(frame["participant_id"].dropna()) == {"P01", "Organiser A"}  # the group is no one


def test_an_author_written_surname_first_is_one_organiser(make_project):
    notes = ("date,author,area,note\n"
             '2026-01-05,"Tillotson, Marjorie",Northfield,Pantry busy today; the queue went round the block.\n'
             '2026-01-06,"Tillotson, Marjorie",Northfield,Quiet morning at the hub, two new families came.\n')
    root = make_project({"notes.csv": notes}, participants=PEOPLE)
    project, _ = ingest(root)
    assert set(project.excerpts["author"]) == {"Organiser B"}  # Rachel Dunn, listed, is A


def test_the_cli_says_how_each_table_was_read_by_column_letter(make_project):
    """A survey export's columns as ingest read them, so a wrong guess is seen; headers
    may name people, so columns are named by letter, in the terminal and in the report."""
    root = make_project({"survey.csv": (
        "Respondent ID,Ward,Visited by Sarah Whitfield,What would you change about the hub?\n"
        "R1,Northfield,yes,More evening sessions for people who work days\n"
        "R2,Riverside,no,The bus stops running before the session ends so I leave early\n")})
    result = CliRunner().invoke(app, ["ingest", str(root)])
    out = " ".join(result.output.split())
    assert result.exit_code == 0, out
    assert "survey.csv: answers in column D; id in column A; area in column B; 1 other column kept (C)" in out
    assert "[ingest.columns." in out and "Whitfield" not in out
    ran = " ".join(CliRunner().invoke(app, ["run", str(root), "--force"]).output.split())
    assert "read as: survey.csv: answers in column D" in ran  # `run` says it too
    report = json.loads((root / ".sensemaking" / "ingest_report.json").read_text())
    assert report["sources"][0]["read_as"] == [
        "answers in column D; id in column A; area in column B; 1 other column kept (C), to compare groups by"]


def test_the_same_interview_in_another_format_is_read_once(make_project):
    """The same interview as .txt and as .md (other line endings, labels in capitals): both
    were read, so each person counted twice, and from three copies on every sentence was
    dropped as boilerplate. The one read second is skipped and said to be a copy."""
    from conftest import SAMPLE

    text = (SAMPLE / "data" / "raw" / "interviews" / "northfield" / "Interview_Sarah_Whitfield.txt").read_text()
    shouted = text.replace("\n", "\r\n").replace("Sarah:", "SARAH:").replace("Helen:", "HELEN:")
    root = make_project({"a/Interview_Sarah_Whitfield.txt": text, "b/sarah_whitfield_copy.md": shouted,
                         "c/other.txt": SARAH}, participants=PEOPLE)
    project, report = ingest(root)
    skipped = {s["file"]: s["reason"] for s in report.skipped}
    assert list(skipped) == ["b/P01_copy.md"] and "words of another source" in skipped["b/P01_copy.md"]
    excerpts = project.excerpts
    assert set(excerpts["source_id"]) == {"a/Interview_P01.txt", "c/other.txt"}


def test_a_chat_name_saved_as_given_name_and_initial_is_the_listed_person(make_project):
    """Phones save contacts as "Tom B" and "Priya R": each had become a new person (a new
    pseudonym, without the manifest's area or consent), though the manifest had one Tom
    B(aker) and one Priya R(aman). Two Priyas are told apart by the initial."""
    people = ("participant_id,name,aliases,role,area\nh1,Priya Raman,,resident,North\n"
              "h2,Tom Baker,,resident,North\nh3,Priya Shah,,resident,South\n")
    chat = ("12/03/2026, 10:01 - Priya R: The bus was late again this morning, forty minutes\n"
            "12/03/2026, 10:02 - Tom B: Same here, the 42 never came\n"
            "12/03/2026, 10:03 - Priya S: Honestly the council should sort it out\n"
            "12/03/2026, 10:04 - Tom Baker: I rang them twice last week\n")
    project, _ = ingest(make_project({"WhatsApp Chat with Hub.txt": chat}, participants=people))
    assert list(project.excerpts.participant_id) == ["P01", "P02", "P03", "P02"]
    assert set(project.excerpts.area) == {"North", "South"}

"""Manifest and sources.csv: validation, and resolving speaker labels to people and roles."""

from __future__ import annotations

import pandas as pd
import pytest

from sensemaking.errors import ConfigError
from sensemaking.ingest import text
from sensemaking.ingest.base import IngestWarning, ReadOptions
from sensemaking.ingest.manifest import (
    SpeakerResolver,
    load_manifest,
    load_sources,
    looks_like_name,
)

MANIFEST = pd.DataFrame({
    "participant_id": ["hub-001", "hub-002", "hub-003", "hub-201", "hub-202"],
    "name": ["Sarah Whitfield", "Will Green", "May Okafor", "Helen Mayberry", "Luke Barnes"],
    "aliases": ["Sal;Mrs Whitfield", "Willy", "", "", ""],
    "role": ["resident", "resident", "resident", "interviewer", "interviewer"],
    "area": ["Northfield", "Riverside", "Eastgate", "", ""],
})
RESOLVER = SpeakerResolver(MANIFEST, interviewer_roles=["interviewer"],
                           interviewer_labels=["Interviewer", "I", "Q"])


def resolved(content: str, source=None, path="a.txt"):
    doc = text.read(content.encode(), path, ReadOptions(known_labels=RESOLVER.known_labels()))
    return [(t.speaker, t.participant, t.speaker_role) for t in RESOLVER.resolve(doc, source).turns]


@pytest.mark.parametrize("label", ["Sarah", "SARAH", "Sarah Whitfield", "Mrs Whitfield", "Sal",
                                   "WHITFIELD", "Mrs. Whitfield"])
def test_every_written_form_of_a_person(label):
    assert RESOLVER.lookup(label) == "hub-001"


def test_interviewers_by_manifest_role():
    assert resolved("Helen: Hi?\nSarah: Hello.\n") == [("Helen", "hub-201", "interviewer"),
                                                        ("Sarah", "hub-001", "participant")]


def test_q_and_a_take_the_interviewee_from_the_header():
    turns = resolved("Interviewee: May Okafor\nInterviewer: Helen Mayberry\n\n"
                     "Q: How long?\nA: Ten years.\nQ: And?\nA: That's all.\n")
    assert turns[:2] == [("Q", "hub-201", "interviewer"), ("A", "hub-003", "participant")]


def test_interviewer_from_sources_csv_even_when_not_in_manifest():
    turns = resolved("Dave: Hi?\nWILL: Hello.\nDave: Well?\nWILL: Fine.\n",
                     source={"interviewer": "Dave Smith"})
    assert turns[:2] == [("Dave", None, "interviewer"), ("WILL", "hub-002", "participant")]


def test_speaker_numbers_asker_is_the_interviewer_and_the_source_names_the_other():
    content = ("Speaker 1  0:01\nHow did you find the hub?\n\nSpeaker 2  0:05\nThrough school.\n\n"
               "Speaker 1  0:09\nAnd now?\n\nSpeaker 2  0:12\nI go every week.\n")
    turns = resolved(content, source={"participant": "hub-003"})
    assert turns[:2] == [("Speaker 1", None, "interviewer"), ("Speaker 2", "hub-003", "participant")]


def test_unlisted_labels_warn_without_quoting_names():
    with pytest.warns(IngestWarning, match="2 speaker label") as caught:
        turns = resolved("Maureen: Hi.\nPATIENT: Hello.\nMaureen: Well.\nPATIENT: Fine.\n",
                         path="x/visit.txt")
    assert turns[:2] == [("Maureen", "unlisted#maureen", "participant"),
                         ("PATIENT", "x/visit.txt#patient", "participant")]
    assert all("Maureen" not in str(w.message) for w in caught)
    assert "('patient' and names)" in str(caught[0].message)  # a role word is no one's name


def test_a_label_two_people_answer_to_keeps_the_no_to_quotes():
    """"Leanne" the alias of two listed people: her turns became an unlisted speaker,
    quotable though one of the two had said quote_ok = no, with a warning that the label
    matched nobody."""
    manifest = pd.DataFrame({
        "participant_id": ["hub-013", "hub-040"], "name": ["Leanne Brooks", "Leanne Carter"],
        "aliases": ["Leanne", "Leanne"], "role": ["resident", "resident"], "quote_ok": ["no", "yes"],
    })
    resolver = SpeakerResolver(manifest, interviewer_labels=["Interviewer"])
    doc = text.read(b"Interviewer: How is it?\nLeanne: Hard.\nInterviewer: Why?\nLeanne: The rent.\n",
                    "Interview_Leanne.txt", ReadOptions(known_labels=resolver.known_labels()))
    with pytest.warns(IngestWarning, match="name more than one person") as caught:
        turns = resolver.resolve(doc).turns
    said = [t for t in turns if t.speaker == "Leanne"]
    assert {t.participant for t in said} == {"unlisted#leanne"}
    assert {t.metadata.get("quote_ok") for t in said} == {"no"}
    message = " ".join(str(w.message) for w in caught)
    assert "hub-013, hub-040" in message and "Leanne" not in message and "match nobody" not in message


def test_unlabelled_transcript_goes_to_the_named_participant_or_warns():
    content = "I have lived here all my life.\n\nThe hub helps.\n"
    assert {p for _, p, _ in resolved(content, source={"participant": "Sarah Whitfield",
                                                       "source_kind": "interview"})} == {"hub-001"}
    with pytest.warns(IngestWarning, match="no speaker labels"):
        turns = resolved(content, source={"source_type": "interview"})
    assert {(p, r) for _, p, r in turns} == {(None, "participant")}
    with pytest.warns(IngestWarning, match="no speaker labels"):
        turns = resolved(content)
    assert {(p, r) for _, p, r in turns} == {(None, "author")}


def test_documents_are_authored_text(recwarn):
    assert {r for *_, r in resolved("A report.\n\nOn the hubs.\n",
                                    source={"source_kind": "document"})} == {"author"}
    # A meeting's minutes, its header saying who was there: no transcript that lost its labels.
    minutes = "Residents forum\nPresent: Kay Briggs, Tomasz Nowak\nApologies: Bronagh Fee\n\nThe bus again.\n"
    assert {r for *_, r in resolved(minutes)} == {"author"}
    assert not recwarn.list


def test_looks_like_name():
    assert looks_like_name("maureen") and looks_like_name("mrs okafor")
    assert not any(map(looks_like_name, ["speaker 2", "patient", "doctor", "q", "council member"]))


def test_load_manifest_errors_name_lines_not_names(tmp_path):
    path = tmp_path / "participants.csv"
    path.write_text("participant_id,name,aliases,role,area\nP1,Sarah Whitfield,,,\nP1,Tom Nowak,,,\n")
    with pytest.raises(ConfigError, match=r"line\(s\) 2, 3: participant_id is repeated") as info:
        load_manifest(path)
    assert "Sarah" not in str(info.value)
    path.write_text("id,name\nP1,Sarah\n")
    with pytest.raises(ConfigError, match="missing column.s. participant_id; .*participant_id,name"):
        load_manifest(path)
    assert load_manifest(tmp_path / "absent.csv").empty


def test_a_manifest_with_only_ids_and_names_or_semicolons_reads(tmp_path):
    """A CRM export may have no aliases, roles or areas; a spreadsheet in many locales
    saves CSV with semicolons. Both read, with the absent columns empty."""
    path = tmp_path / "participants.csv"
    path.write_text("participant_id,name\nP1,Sarah Whitfield\n")
    frame = load_manifest(path)
    assert frame.loc[0, "name"] == "Sarah Whitfield" and frame.loc[0, "area"] == "" and frame.loc[0, "aliases"] == ""
    path.write_text("participant_id;name;aliases;role;area\nP1;Sarah Whitfield;Sal;resident;Northfield\n"
                    "P2;Tom Nowak;;resident;Riverside\n")
    frame = load_manifest(path)
    assert frame["area"].tolist() == ["Northfield", "Riverside"] and frame.loc[0, "aliases"] == "Sal"
    assert SpeakerResolver(frame, interviewer_roles=["interviewer"]).lookup("Sal") == "P1"


def test_load_sources(tmp_path):
    raw = tmp_path / "raw"
    (raw / "a").mkdir(parents=True)
    (raw / "a" / "b.txt").write_text("x")
    path = tmp_path / "sources.csv"
    path.write_text("file,date,interviewer,setting\na/b.txt,12/03/2026,Helen,hub\nmissing.txt,,,\n")
    with pytest.warns(IngestWarning, match="1 file"):
        rows = load_sources(path, raw)
    assert rows["a/b.txt"] == {"date": "2026-03-12", "interviewer": "Helen", "setting": "hub"}
    path.write_text("file,date\na/b.txt,someday 2\n")
    with pytest.raises(ConfigError, match="line 2"):
        load_sources(path, raw)
    (raw / "c.txt").write_text("x")  # written month first throughout (US): read so
    path.write_text("file,date\na/b.txt,12/25/2026\nc.txt,02/03/2026\n")
    assert [r["date"] for r in load_sources(path, raw).values()] == ["2026-12-25", "2026-02-03"]


def test_a_manifest_row_with_too_many_cells_stops_with_its_line(tmp_path):
    """Which cell of a row with one too many is whose cannot be told: joined back into the
    wordiest column, "Will Green,resident" became a name and "by the park" an area (and a
    phone number typed after the header's last column an age band; the person was then
    missed in the text). A person's row is too important to guess: it stops."""
    path = tmp_path / "data" / "participants.csv"
    path.parent.mkdir()
    path.write_text("participant_id,name,role,area\nhub-001,Sarah Whitfield,resident,Northfield\n"
                    "hub-002,Will Green,resident,Riverside, by the park\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"participants\.csv, line\(s\) 3: more cells than the header row"):
        load_manifest(path)

"""`forget`: a withdrawn participant's words leave every table, cache, note and output."""

from __future__ import annotations

import io
import json

import docx
import numpy as np
import pandas as pd
import pytest
from _workspace_project import excerpt_rows, ids, make_project, write_run
from typer.testing import CliRunner

from sensemaking import open_project
from sensemaking.cli import app
from sensemaking.embed import PHRASE_CACHE, text_hash
from sensemaking.errors import InputError
from sensemaking.ingest import source_text_path
from sensemaking.workspace import Workspace
from sensemaking.workspace.forget import QuoteRedactor, forget

WITHDRAWN = "P04"
THEIR_WORDS = [
    "my neighbour drives me to the clinic every tuesday morning",
    "the lift in our tower block has been broken since march",
]


def _project(tmp_path):
    project = make_project(tmp_path / "proj")
    rows = excerpt_rows({"bus": 12, "hub": 10, "rent": 8, "odd": 2})
    theirs = [r for r in rows if r["participant_id"] == WITHDRAWN]
    for n, row in enumerate(theirs):
        row["text"] = f"{THEIR_WORDS[n % 2]} and {n}"
    theirs[0]["source_id"] = "groups/session.txt"  # a group session shared with P01
    next(r for r in rows if r["participant_id"] == "P01")["source_id"] = "groups/session.txt"
    _store_sources(project, rows)
    write_run(project.root, "run-a", {0: ids("bus", 12), 1: ids("hub", 10), 2: ids("rent", 8)},
              rows=rows, unassigned=ids("odd", 2))
    themes_path = project.cache_dir / "themes.json"
    themes = json.loads(themes_path.read_text())
    for theme in themes:
        theme["participant_ids"] = sorted({r["participant_id"] for r in rows})
    themes_path.write_text(json.dumps(themes))
    surprises = [{"rank": 1, "kind": "lone_voice", "explanation": "One voice on the lift",
                  "evidence": [theirs[1]["excerpt_id"], "bus00"], "theme_id": None, "group": None,
                  "quotes": [{"excerpt_id": theirs[1]["excerpt_id"], "text": theirs[1]["text"]}]}]
    (project.cache_dir / "surprises.json").write_text(json.dumps(surprises))
    texts = [r["text"] for r in rows]
    (project.cache_dir / "embeddings").mkdir()
    np.savez(project.cache_dir / "embeddings" / "tfidf-svd64.npz",
             hashes=np.array([text_hash(t) for t in texts]), vectors=np.eye(len(texts), 4))
    # label candidates are phrases from the excerpts, theirs among them
    (project.cache_dir / "embeddings" / PHRASE_CACHE).mkdir()
    np.savez(project.cache_dir / "embeddings" / PHRASE_CACHE / "all-MiniLM-L6-v2.npz",
             hashes=np.array([text_hash(THEIR_WORDS[0][:20]), text_hash("bus fare")]), vectors=np.eye(2, 4))
    return project, rows, theirs


def _store_sources(project, rows):
    by_source = {}
    for row in rows:
        text = by_source.get(row["source_id"], "")
        row["char_start"] = len(text) + 4
        text += "Q: ?" + row["text"] + "\n"
        row["char_end"] = row["char_start"] + len(row["text"])
        by_source[row["source_id"]] = text
    for source_id, text in by_source.items():
        path = source_text_path(project, source_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _all_text(project):
    out = []
    for folder in (project.cache_dir, project.annotations_dir, project.workshops_dir):
        for path in folder.rglob("*"):
            if path.is_file() and path.suffix != ".npz":
                out.append(path.read_bytes().decode("utf-8", "replace") if path.suffix != ".parquet"
                           else pd.read_parquet(path).to_csv())
    return "\n".join(out)


def test_forget_erases_their_words_everywhere(tmp_path):
    project, rows, theirs = _project(tmp_path)
    ws = Workspace(project)
    assert WITHDRAWN in set(ws.resolved().set_index("theme_id").at["T01", "participant_ids"])
    ws.memo("T01", f'Someone said "{THEIR_WORDS[1]}" which matters; bus fare went up again too',
            by="amira", reason=f"quote: {THEIR_WORDS[0]}")
    ws.rename("T02", "Hub cafe", by="amira")
    (project.workshops_dir / "may").mkdir(parents=True)
    (project.workshops_dir / "may" / "boards.html").write_text(f"<p>{theirs[0]['text']}</p>")
    (project.workshops_dir / "may" / "other.html").write_text("<p>nothing of theirs</p>")
    ids_theirs = {r["excerpt_id"] for r in theirs}

    report = forget(project, WITHDRAWN, by="amira")

    assert report.excerpts_removed == len(theirs) == 5
    everything = _all_text(project)
    for phrase in THEIR_WORDS:
        assert phrase not in everything.lower()
    excerpts = pd.read_parquet(project.cache_dir / "excerpts.parquet")
    assert WITHDRAWN not in set(excerpts["participant_id"]) and len(excerpts) == len(rows) - 5
    assignments = pd.read_csv(project.cache_dir / "assignments.csv")
    assert not ids_theirs & set(assignments["excerpt_id"])
    themes = json.loads((project.cache_dir / "themes.json").read_text())
    assert all(WITHDRAWN not in t["participant_ids"] for t in themes)
    surprise = json.loads((project.cache_dir / "surprises.json").read_text())[0]
    assert surprise["evidence"] == ["bus00"] and surprise["quotes"] == []
    with np.load(project.cache_dir / "embeddings" / "tfidf-svd64.npz") as data:
        assert len(data["hashes"]) == len(rows) - 5
    assert not (project.cache_dir / "embeddings" / PHRASE_CACHE).exists()
    assert "label phrase vectors removed" in report.files_changed[f".sensemaking/embeddings/{PHRASE_CACHE}"]
    assert not source_text_path(project, f"interviews/{WITHDRAWN}.txt").exists()
    shared = source_text_path(project, "groups/session.txt").read_text()
    p01 = next(r for r in rows if r["source_id"] == "groups/session.txt" and r is not theirs[0])
    assert shared[p01["char_start"]:p01["char_end"]] == p01["text"]  # offsets still hold
    assert shared[theirs[0]["char_start"]:theirs[0]["char_end"]].strip() == ""  # blanked
    assert len(shared) == theirs[0]["char_end"] + 1
    assert report.files_changed["annotations/events-amira.jsonl"] == "1 events redacted"
    assert report.outputs_to_redo == ["workshops/may/boards.html"]
    assert report.raw_sources == [f"data/raw/ (the file ingested as {s})"  # no ingest recorded the names
                                  for s in ("groups/session.txt", f"interviews/{WITHDRAWN}.txt")]
    summary = report.summary()
    assert "5 excerpts removed" in summary and "\n  workshops/may/boards.html\n" in summary
    assert f"{WITHDRAWN}'s words are still in these raw files" in summary

    ws = Workspace(project)
    memo = ws.resolved().set_index("theme_id").at["T01", "memo"]
    assert memo == 'Someone said "[withdrawn]" which matters; bus fare went up again too'
    history = ws.history()
    assert history["reason"].iloc[1] == "quote: [withdrawn]"
    assert list(history["kind"]) == ["run", "memo", "rename"]  # decisions all kept
    for row in ws.resolved().itertuples():
        assert WITHDRAWN not in row.participant_ids
        assert not ids_theirs & set(row.excerpt_ids)


def test_forget_keeps_a_log_line_it_cannot_read_with_their_words_redacted(tmp_path):
    """A hand-edited line with a typo was deleted, and counted "redacted": the team's
    decision on it was lost. It stays, with the withdrawn person's words taken out of it
    as from every other line, and a line with none of them stays as it was."""
    project, _, _ = _project(tmp_path)
    ws = Workspace(project)
    ws.rename("T02", "Hub cafe", by="amira")
    ws.memo("T01", f'Someone said "{THEIR_WORDS[1]}"', by="amira")
    path = ws.store.log_path("amira")
    torn = [line.replace('"Hub cafe"', '"Hub cafe').replace('"Someone said', '"Someone said\\')
            for line in path.read_text(encoding="utf-8").splitlines()]
    path.write_text("".join(line + "\n" for line in torn), encoding="utf-8")
    assert len(Workspace(project).problems) == 2

    report = forget(project, WITHDRAWN, by="amira")

    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == torn[0]  # nothing of theirs: as it was
    assert THEIR_WORDS[1] not in lines[1] and "[withdrawn]" in lines[1]
    assert report.files_changed["annotations/events-amira.jsonl"] == "1 events redacted"


def test_withdrawn_stay_out_even_if_ingest_brings_them_back(tmp_path):
    project, rows, _ = _project(tmp_path)
    forget(project, WITHDRAWN)
    write_run(project.root, "run-b", {0: ids("bus", 12), 1: ids("hub", 10), 2: ids("rent", 8)},
              rows=rows, unassigned=ids("odd", 2))  # a re-ingest that read them again
    ws = Workspace(project)
    table = ws.resolved()
    assert all(WITHDRAWN not in p for p in table["participant_ids"])
    assert all(q["participant_id"] != WITHDRAWN for qs in table["quotes"] for q in qs)
    assert ws.search(THEIR_WORDS[0]).empty
    assert WITHDRAWN not in set(ws.membership().merge(
        pd.DataFrame(rows), on="excerpt_id")["participant_id"])


def test_forget_by_manifest_id_through_the_private_key(tmp_path):
    project, _, _ = _project(tmp_path)
    (project.private_dir / "pseudonym_key.csv").write_text(
        "kind,key,pseudonym\nparticipant,hub-004,P04\n")
    assert forget(project, "hub-004").participant_id == "P04"
    with pytest.raises(InputError, match="no participant 'hub-999'"):
        forget(project, "hub-999")


def test_redactor_leaves_common_phrases_alone():
    redactor = QuoteRedactor(["the bus fare went up again and I gave up"],
                             ["the bus fare went up again last year"])
    assert redactor.redact("the bus fare went up again") == "the bus fare went up again"
    assert redactor.redact("she said: up again and I gave up.") == "she said: [withdrawn]."


def test_cli_forget(tmp_path):
    project, _, _ = _project(tmp_path)
    result = CliRunner().invoke(app, ["forget", str(project.root), WITHDRAWN])
    assert result.exit_code == 0, result.output
    assert "5 excerpts removed" in result.output
    assert json.loads((project.annotations_dir / "withdrawn.json").read_text())[0][
        "participant_id"] == WITHDRAWN


def test_forget_blanks_their_turns_too_short_to_be_excerpts(tmp_path):
    """A shared source's stored text (what the QDPX carries) loses every turn of theirs,
    the short ones that never became excerpts too; others' turns and offsets stay."""
    project = _project(tmp_path)[0]
    path = source_text_path(project, "groups/session.txt")
    before = path.read_text()
    short = f"[00:00:41] {WITHDRAWN}: Yeah, fine, ring me on 8821.\nP01: Boring.\n{WITHDRAWN}: Nope.\n"
    path.write_text(before + short)
    forget(project, WITHDRAWN, by="amira")
    after = path.read_text()
    assert "8821" not in after and "Nope" not in after and "P01: Boring." in after
    assert len(after) == len(before + short) and f"{WITHDRAWN}:" in after


GROUP_PEOPLE = ("participant_id,name,aliases,role,area,age_band,quote_ok\n"
                "hub-001,Sarah Whitfield,Sal,resident,Northfield,45-64,yes\n"
                "hub-003,Kieran Doyle,Kez,resident,Northfield,16-24,yes\n"
                "hub-201,Helen Mayberry,,interviewer,,,yes\n")


def _group(label: str) -> list[str]:
    """A group session's lines; Kieran's short turn goes on to a second line naming a
    friend ("Bazza": no list knows him), too short to be an excerpt."""
    return ["Helen: What do you use the hub for?", "",
            "Sarah: The pantry on a Tuesday, and the warm room when the gas is off.", "",
            f"{label}: Nah.", "Bazza.", "",
            "Helen: Anything else?", "",
            f"{label}: Mostly the zorblatt club, and the quenditch sessions on a Friday night.", "",
            "Sarah: Advice about the council tax, they helped me fill the forms in.", ""]


def _docx(lines: list[str]) -> bytes:
    document = docx.Document()
    for line in (ln for ln in lines if ln):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("name", "label"), [
    ("group.txt", "Kieran"),  # stored under their pseudonym ("P02: Nah.")
    ("group.txt", "KD"),      # initials, stored as typed: theirs because their excerpt is under it
    ("group.md", "Kieran"),
    ("group.docx", "Kieran"),
])
def test_forget_blanks_their_whole_turn_continuation_lines_too(make_project, name, label):
    lines = _group(label)
    content = _docx(lines) if name.endswith(".docx") else "\n".join(lines)
    project = open_project(make_project({name: content}, participants=GROUP_PEOPLE))
    project.ingest()
    path = source_text_path(project, name)
    before = path.read_text(encoding="utf-8")
    assert "Bazza" in before and "zorblatt" in before

    forget(project, "hub-003")

    after = path.read_text(encoding="utf-8")
    assert "Bazza" not in after and "Nah" not in after and "zorblatt" not in after
    assert len(after) == len(before)
    assert "What do you use the hub for?" in after and "Anything else?" in after
    for row in project.excerpts.itertuples():  # others' words and offsets stay
        assert after[row.char_start:row.char_end] == row.text


def test_forget_leaves_the_next_voice_in_captions(make_project):
    """Captions are stored one turn a line: the unlabelled voice after theirs (">>") stays."""
    vtt = ("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nSarah: Hello there how are you doing\n\n"
           "00:00:05.000 --> 00:00:08.000\nKieran: I am fine thanks, ring Bazza on the hub phone\n\n"
           "00:00:09.000 --> 00:00:10.000\n>> Who is that on the line now\n\n"
           "00:00:11.000 --> 00:00:14.000\nSarah: That is my neighbour from the flats\n")
    project = open_project(make_project({"call.vtt": vtt}, participants=GROUP_PEOPLE))
    project.ingest()
    path = source_text_path(project, "call.vtt")
    forget(project, "hub-003")
    after = path.read_text(encoding="utf-8")
    assert "Bazza" not in after
    assert "Who is that on the line now" in after and "my neighbour from the flats" in after

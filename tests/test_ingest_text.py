"""Plain-text and markdown transcripts, in every shape the readers promise to understand."""

from __future__ import annotations

import csv
import json
import re

import pytest

from sensemaking.ingest import text
from sensemaking.ingest.base import IngestWarning, ReadOptions


def read(content: str | bytes, path: str = "t.txt", known=frozenset()):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return text.read(data, path, ReadOptions(known_labels=frozenset(known)))


def turns_of(doc):
    return [(t.speaker, doc.text[t.char_start:t.char_end]) for t in doc.turns]


def test_name_colon_turns_with_lines():
    doc = read("Helen: How long have you lived here?\nSarah: All my life.\n"
               "Helen: And the hub?\nSarah: Two years.\n")
    assert turns_of(doc) == [("Helen", "How long have you lived here?"), ("Sarah", "All my life."),
                             ("Helen", "And the hub?"), ("Sarah", "Two years.")]
    assert [(t.line_start, t.line_end) for t in doc.turns] == [(1, 1), (2, 2), (3, 3), (4, 4)]
    assert doc.source_type == "txt" and doc.source_kind == "interview"


def test_invisible_characters_do_not_split_words():
    """A soft hyphen or zero-width space typed inside a name would hide it from every
    search, the pseudonymiser's too."""
    doc = read("Helen: Who helps?\nSarah: Mrs Whit\u00adfield and Tom\u200bas.\n"
               "Helen: Thanks.\nSarah: Bye.\n")
    assert turns_of(doc)[1] == ("Sarah", "Mrs Whitfield and Tomas.")


def test_upper_case_labels_and_multi_paragraph_turns():
    doc = read("LUKE: Go on.\n\nWILL: First bit.\n\nSecond paragraph, same turn.\n\n"
               "LUKE: Right.\nWILL: Yes.\n")
    assert turns_of(doc)[1] == ("WILL", "First bit.\n\nSecond paragraph, same turn.")
    assert (doc.turns[1].line_start, doc.turns[1].line_end) == (3, 5)


def test_bracketed_and_parenthesised_timecodes():
    doc = read("[00:01:02] Helen: Hello?\n[00:01:05] Sarah: Hi.\n"
               "Helen (00:02:00): Next?\nSarah (00:02:10): Yes.\n")
    assert [t.t_start for t in doc.turns] == [62.0, 65.0, 120.0, 130.0]
    assert [s for s, _ in turns_of(doc)] == ["Helen", "Sarah", "Helen", "Sarah"]
    assert turns_of(doc)[2][1] == "Next?"


def test_q_and_a_with_header_fields_above():
    doc = read("Interviewee: Hope Adeyemi\nInterviewer: Helen Mayberry\nDate: 20/03/2026\n\n"
               "Q: What do you do?\n\nA: I run the food bank.\n\nQ: Since when?\n\nA: Eight years.\n")
    assert [s for s, _ in turns_of(doc)] == ["Q", "A", "Q", "A"]
    assert doc.metadata["interviewee"] == "Hope Adeyemi"
    assert doc.metadata["interviewer"] == "Helen Mayberry"
    assert doc.metadata["date"] == "20/03/2026"


def test_oral_history_columns_with_hanging_indents_and_timecodes():
    doc = read("ORAL HISTORY\n\n"
               "00:00:07  I   So, before we\n"
               "              start, is that alright?\n\n"
               "00:00:31  R   Gwen, please. Yes,\n"
               "              that's all fine.\n\n"
               "00:00:46  I   Lovely.\n\n"
               "00:00:51  R   Better than my hearing aid.\n")
    assert [s for s, _ in turns_of(doc)] == ["I", "R", "I", "R"]
    assert [t.t_start for t in doc.turns] == [7.0, 31.0, 46.0, 51.0]
    assert turns_of(doc)[1][1].split() == ["Gwen,", "please.", "Yes,", "that's", "all", "fine."]
    assert (doc.turns[1].line_start, doc.turns[1].line_end) == (6, 7)


def test_i_r_tab_columns_and_timecode_lines_split_turns():
    doc = read("I\tTell me about\n\tyour childhood.\nR\tI was born\n\tin Leeds.\n"
               "[00:05:00]\n\tAnd then we moved.\nI\tWhen?\nR\tIn 1960.\n")
    assert [s for s, _ in turns_of(doc)] == ["I", "R", "R", "I", "R"]
    assert doc.turns[2].t_start == 300.0
    assert turns_of(doc)[2][1] == "And then we moved."


def test_two_spaces_in_prose_are_not_columns():
    doc = read("I  went to the hub.  It was fine.\nI  think so anyway.\n")
    assert [s for s, _ in turns_of(doc)] == [None]


def test_otter_speaker_and_time_on_own_line():
    # Otter's closing line is the app's, not the last speaker's words.
    doc = read("Hub coordinator interview\nWed, Jun 24, 2026 3:02PM\n\n"
               "Speaker 1  0:05\nHello there, how are you?\n\n"
               "Speaker 2  0:09\nFine thanks.\nReally fine.\n\n"
               "Speaker 1  1:02:03\nGood.\n\n\n\nTranscribed by https://otter.ai\n")
    assert turns_of(doc) == [("Speaker 1", "Hello there, how are you?"),
                             ("Speaker 2", "Fine thanks.\nReally fine."), ("Speaker 1", "Good.")]
    assert [t.t_start for t in doc.turns] == [5.0, 9.0, 3723.0]


def test_teams_and_zoom_text_exports():
    teams = read("Luke Barnes   0:03\nRight, recording.\n\nBernadette Kelly   0:35\nGrand.\n"
                 "And more.\n\nLuke Barnes   0:38\nOK.\n")
    assert [s for s, _ in turns_of(teams)] == ["Luke Barnes", "Bernadette Kelly", "Luke Barnes"]
    zoom = read("[Luke Barnes] 10:02:15\nHi Amira.\n\n[Amira Hassan] 10:02:19\nHi!\n\n"
                "[Luke Barnes] 10:02:25\nShall we start?\n")
    assert [s for s, _ in turns_of(zoom)] == ["Luke Barnes", "Amira Hassan", "Luke Barnes"]
    assert zoom.turns[1].t_start == 10 * 3600 + 2 * 60 + 19


def test_google_meet_transcript_times_go_to_the_turn_below():
    # A time on a line of its own above a label dates that turn; it had opened a turn of
    # the speaker before, and the labelled turn had no time.
    doc = read("Partner catch-up - Transcript\nAttendees\nHelen Mayberry, Kwame Mensah\nTranscript\n00:00:00\n\n"
               "Helen Mayberry: Shall we start with the referrals?\nKwame Mensah: The form keeps bouncing back.\n"
               "00:01:12\nHelen Mayberry: Bouncing back how?\nKwame Mensah: It asks for the NI number.\n"
               "00:02:30\nAnd half our families don't have it to hand.\n")
    assert turns_of(doc) == [("Helen Mayberry", "Shall we start with the referrals?"),
                             ("Kwame Mensah", "The form keeps bouncing back."),
                             ("Helen Mayberry", "Bouncing back how?"), ("Kwame Mensah", "It asks for the NI number."),
                             ("Kwame Mensah", "And half our families don't have it to hand.")]
    assert [t.t_start for t in doc.turns] == [0.0, None, 72.0, None, 150.0]


def test_a_notes_forms_header_dates_it_and_is_no_note():
    # A visit form typed up: its header lines are metadata ("Date of visit" is the date),
    # and the notes below are the note.
    doc = read("Home visit record\nDate of visit: 3 March 2026\nArea: Northfield\n\n"
               "She has not been out since the 42 was cut and misses the lunch club.\n")
    assert doc.metadata == {"date": "3 March 2026", "area": "Northfield"}
    assert turns_of(doc) == [(None, "Home visit record"),
                             (None, "She has not been out since the 42 was cut and misses the lunch club.")]


def test_questions_labelled_and_answers_not_are_two_voices():
    # "Q:" lines alone: the answers continued the questions and were set aside with them.
    doc = read("Q: How long have you lived here?\nThirty years this spring.\nI came when the estate was new.\n"
               "Q: And the hub, what do you make of it? Be honest.\n\nBrilliant.\n\nReally brilliant.\n"
               "Q: Tell me about\nthe bus, how is it?\nA joke.\n")
    assert turns_of(doc) == [("Q", "How long have you lived here?"),
                             ("A", "Thirty years this spring.\nI came when the estate was new."),
                             ("Q", "And the hub, what do you make of it? Be honest."), ("A", "Brilliant.\n\nReally brilliant."),
                             ("Q", "Tell me about\nthe bus, how is it?"), ("A", "A joke.")]


def test_one_voice_asking_with_the_answers_unlabelled():
    # The interviewer named, the answers typed under each question: the answers had been
    # the interviewer's, so set aside as context.
    doc = read("Sam (interviewer): How long have you lived here?\nThirty years, near enough.\n"
               "Sam (interviewer): And the hub?\nBrilliant, honestly.\n")
    assert turns_of(doc) == [("Sam", "How long have you lived here?"), ("A", "Thirty years, near enough."),
                             ("Sam", "And the hub?"), ("A", "Brilliant, honestly.")]
    # One voice telling, not asking, keeps its lines.
    told = read("Doreen: I have lived here thirty years.\nIt was lovely then.\nDoreen: The hub is good.\nReally.\n")
    assert [s for s, _ in turns_of(told)] == ["Doreen", "Doreen"]


def test_numbered_questions_are_asked_and_answered():
    doc = read("Q1: How long have you lived here?\nThirty years.\n\nQuestion 2. And the hub?\n\nBrilliant.\n")
    assert turns_of(doc) == [("Q", "How long have you lived here?"), ("A", "Thirty years."),
                             ("Q", "And the hub?"), ("A", "Brilliant.")]
    # A report's quarters ask nothing; one numbered question among notes is no interview.
    for notes in ("Q1: 34 visits, mostly pantry.\nQ2: 41 visits.\n", "Q1: What next?\nRing the housing officer.\n"):
        assert [s for s, _ in turns_of(read(notes))] == [None]


def test_a_question_and_its_answer_on_one_line_are_two_turns():
    # The answer was the interviewer's turn: set aside as context, so every answer was lost.
    labelled = read("Q: How long have you lived here? A: Thirty years, near enough.\n"
                    "Q: And the hub? A: Brilliant. Really.\n")
    assert turns_of(labelled) == [("Q", "How long have you lived here?"), ("A", "Thirty years, near enough."),
                                  ("Q", "And the hub?"), ("A", "Brilliant. Really.")]
    assert [t.line_start for t in labelled.turns] == [1, 1, 2, 2]
    dotted = read("Q. How long have you lived here? A. Thirty years, near enough.\nQ. And the hub? A. Brilliant. Really.\n")
    assert turns_of(dotted) == turns_of(labelled)
    named = read("Interviewer: How long have you lived here? Doreen: Thirty years.\n"
                 "Interviewer: And the hub? Doreen: Brilliant.\n")
    assert [s for s, _ in turns_of(named)] == ["Interviewer", "Doreen"] * 2
    oral = read("I: How long have you lived here? R: Thirty years.\nI: And the hub? R: Brilliant.\n")
    assert [s for s, _ in turns_of(oral)] == ["I", "R"] * 2
    # A word and a colon after a question answers nothing unless it does so again, or is a
    # given name or the manifest's: once, the answer had been the interviewer's, and lost.
    assert [s for s, _ in turns_of(read("I: went to the hub today. Busy? Yes: very.\nIt was good.\n"))] == ["I"]
    once = "Interviewer: How long have you lived here? Doreen: Thirty years.\nWe came from Salford.\n"
    assert turns_of(read(once)) == [("Interviewer", "How long have you lived here?"),
                                    ("Doreen", "Thirty years.\nWe came from Salford.")]
    listed = "Interviewer: How long have you lived here? Nkechi: Since 2009.\n"
    assert [s for s, _ in turns_of(read(listed))] == ["Interviewer"]
    assert [s for s, _ in turns_of(read(listed, known=frozenset({"nkechi"})))] == ["Interviewer", "Nkechi"]
    numbered = read("Q1: How long have you lived here? Thirty years.\nQ2: And the hub? Why? Brilliant.\n")
    assert turns_of(numbered) == [("Q", "How long have you lived here?"), ("A", "Thirty years."),
                                  ("Q", "And the hub? Why?"), ("A", "Brilliant.")]
    # A note's question answered in the same line stays a note.
    note = read("Visits up again.\nQ1: How many came? 34, mostly for the pantry.\n")
    assert turns_of(note) == [(None, "Visits up again.\nQ1: How many came? 34, mostly for the pantry.")]


def test_numbered_answers_are_one_voice():
    # "A1:" and "A2:" were two people of a focus group, and their labels pseudonyms.
    for shape in ("Q1: How long have you lived here?\nA1: Thirty years.\nQ2: And the hub?\nA2: Brilliant.\n",
                  "Q1: How long have you lived here? A1: Thirty years.\nQ2: And the hub? A2: Brilliant.\n"):
        assert turns_of(read(shape)) == [("Q", "How long have you lived here?"), ("A", "Thirty years."),
                                         ("Q", "And the hub?"), ("A", "Brilliant.")]


def test_questions_numbered_as_a_list_and_answered_below_are_asked_and_answered():
    # Each excerpt held its question ("How long have you lived here?\nThirty years."), so
    # the themes gathered by question.
    doc = read("1. How long have you lived here?\nThirty years, near enough.\n\n2) And the hub?\n\nBrilliant.\n\n"
               "3. Anything else?\n- The bus\n- The lifts\n")
    assert turns_of(doc) == [("Q", "How long have you lived here?"), ("A", "Thirty years, near enough."),
                             ("Q", "And the hub?"), ("A", "Brilliant."), ("Q", "Anything else?"),
                             ("A", "The bus"), ("A", "The lifts")]
    # A list of questions no one answered, or one question answered, stays notes.
    for notes in ("Questions for next time:\n1. Why do young people not come?\n2. Could we open later?\n",
                  "Agenda\n1. Welcome\n2. Transport\n3. Any other business?\nNone raised.\n"):
        assert {s for s, _ in turns_of(read(notes))} == {None}


def test_markdown_questions_in_bold_or_as_headings_are_asked_and_answered():
    bold = read("# Interview, Riverside\n\n**How long have you lived here?**\n\nThirty years this spring.\n\n"
                "**And the *hub*?**\n\nBrilliant, honestly.\n", path="x/notes.md")
    assert turns_of(bold) == [("Q", "How long have you lived here?"), ("A", "Thirty years this spring."),
                              ("Q", "And the hub?"), ("A", "Brilliant, honestly.")]
    headed = read("## How long have you lived here?\nThirty years.\n## What about the bus?\nA joke.\n", path="h.md")
    assert [s for s, _ in turns_of(headed)] == ["Q", "A", "Q", "A"]
    listed = read("**How long have you lived here?**\n\n- Thirty years this spring\n- Came when it was new\n\n"
                  "**And the hub?**\n\n- Brilliant\n", path="l.md")  # each item an answer of its own
    assert turns_of(listed) == [("Q", "How long have you lived here?"), ("A", "Thirty years this spring"),
                                ("A", "Came when it was new"), ("Q", "And the hub?"), ("A", "Brilliant")]
    inline = read("**How long have you lived here?** Thirty years this spring.\n\n**And the *hub*?** Brilliant.\n",
                  path="i.md")  # each answer on its question's line
    assert turns_of(inline) == [("Q", "How long have you lived here?"), ("A", "Thirty years this spring."),
                                ("Q", "And the hub?"), ("A", "Brilliant.")]
    one = read("# Notes\n\n**What next?**\n\nRing the housing officer.\n", path="n.md")
    assert [s for s, _ in turns_of(one)] == [None, None]


EMAIL = """From: Jane Doe <jane.doe@eastway-ha.org.uk>
Sent: 03 March 2026 10:02
To: Helen Mayberry <helen.mayberry@kestrelvale.gov.uk>
Cc: Mark Taylor <mark.taylor@eastway-ha.org.uk>
Subject: RE: Hub feedback for the learning report

Hi Helen,

The form is still the main problem. Tenants give up at the National Insurance number question.

The other thing is the opening hours. Most of our tenants work shifts.

Thanks,
Jane

Jane Doe | Tenancy Sustainment Lead | Eastway Housing Association
Tel: 0113 496 0123 | Mob: 07700 900456

-----Original Message-----
From: Helen Mayberry <helen.mayberry@kestrelvale.gov.uk>
Sent: 20 February 2026 15:40
To: Jane Doe <jane.doe@eastway-ha.org.uk>
Subject: Hub feedback for the learning report

Hi Jane, could you send a few lines on how the referrals have been going? Thanks, Helen
"""


def test_an_email_copied_out_is_its_senders_words_without_header_signature_or_thread():
    # Its header lines were six speakers ("From", "Sent", "To", "Cc", "Subject", "Tel"),
    # and the signature and the quoted message below were excerpts.
    doc = read(EMAIL)
    assert turns_of(doc) == [(None, "Hi Helen,"),
                             (None, "The form is still the main problem. Tenants give up at the National Insurance number question."),
                             (None, "The other thing is the opening hours. Most of our tenants work shifts.")]
    assert doc.source_kind == "document" and doc.metadata == {"date": "03 March 2026 10:02", "sender": "Jane Doe",
                                                                    "recipient_name": "Helen Mayberry"}


@pytest.mark.parametrize("manifest", [None, "participant_id,name\nHA1,Jane Doe\n",
                                      "participant_id,name,email\nHA1,J Doe,jane.doe@eastway-ha.org.uk\n"])
def test_an_emails_words_are_its_senders(make_project, manifest):
    """Its paragraphs had no participant (a partner's email counted nobody), and ingest
    warned that it had no speaker labels, "if it is a transcript"."""
    import sensemaking as sm

    if manifest and "email" in manifest:
        body = EMAIL.replace("From: Jane Doe <", "From: Doe, J. <", 1)  # no given name shown: the address
    else:
        body = EMAIL
    project = sm.open_project(make_project({"partner_email.txt": body}, participants=manifest))
    project.ingest()
    frame = project.excerpts
    assert len(frame) == 2 and frame["participant_id"].nunique() == 1
    assert set(frame["speaker_role"]) == {"participant"}
    if manifest:
        with open(project.root / "private" / "pseudonym_key.csv", newline="") as fh:
            keys = {row["key"]: row["pseudonym"] for row in csv.DictReader(fh)}
        assert frame["participant_id"].iloc[0] == keys["HA1"]
    report = json.loads((project.root / ".sensemaking" / "ingest_report.json").read_text(encoding="utf-8"))
    assert report["participants"] == 1 and report["warnings"] == [] and report["sources"][0]["warnings"] == []
    written = [p.read_text(encoding="utf-8") for p in (project.root / ".sensemaking").rglob("*")
               if p.is_file() and p.suffix in (".txt", ".json", ".csv")]
    for word in ("Jane", "Doe", "eastway-ha"):
        assert not any(re.search(rf"\b{word}\b", text) for text in [*written, *frame["text"]]), word


def test_a_title_with_a_date_dates_the_text():
    # Minutes and Otter exports give their day in the title; the excerpts had no date.
    for title in ("Riverside Residents Forum\nMinutes of the meeting held 2 June 2026\n",
                  "Riverside Residents Forum\nTue, Jun 2, 2026 3:02PM \u2022 17:38\n"):
        assert read(title + "\nThe bus came up again. People want the 42 back.\n").metadata == {"date": "2026-06-02"}
    # A PDF's or a form's title and fields, a paragraph each.
    minutes = read("Riverside Residents Forum\n\nMinutes of the meeting held 2 June 2026\n\n"
                   "Present: Kay Briggs, Tomasz Nowak\n\nApologies: Oyelaran Adebayo\n\nThe bus came up again.\n")
    assert minutes.metadata == {"date": "2026-06-02", "present": "Kay Briggs, Tomasz Nowak",
                                "apologies": "Oyelaran Adebayo"}
    assert [t for _, t in turns_of(minutes)][-1] == "The bus came up again."
    assert not any("Apologies" in t for _, t in turns_of(minutes))
    # A first paragraph that is a sentence, or a day without its year, dates nothing.
    for note in ("On 2 June 2026 the hub opened.\n", "Minutes of 2 June\n\nThe bus.\n"):
        assert "date" not in read(note).metadata


def test_an_emails_recipients_are_replaced_wherever_it_names_them(make_project):
    # "Wrobel" in the body had stayed: the To: line named him, and nothing else did.
    import sensemaking as sm

    body = ("From: Jane Doe <jane.doe@eastway-ha.org.uk>\nSent: 03 March 2026 10:02\n"
            "To: Helen Mayberry <helen@kestrelvale.gov.uk>; Zbyszek Wrobel <zb@kestrelvale.gov.uk>\n"
            "Cc: Eastway Housing <info@eastway-ha.org.uk>\nSubject: RE: Hub feedback\n\n"
            "The form is still the main problem; a phone referral, as Wrobel suggested at the forum, would help.\n\n"
            "Eastway Housing could host an evening session for tenants who work shifts.\n\nThanks,\nJane\n")
    project = sm.open_project(make_project({"partner_email.txt": body}))
    project.ingest()
    stored = "\n".join(p.read_text(encoding="utf-8") for p in (project.root / ".sensemaking" / "sources").iterdir())
    said = "\n".join(project.excerpts["text"])
    assert not re.search(r"Zbyszek|Wrobel|Helen|Mayberry", stored + said)
    assert "Eastway Housing could host" in said  # an organisation copied in is no one's name


def test_a_note_from_a_place_has_no_sender():
    doc = read("From: Northfield Hub\nTo: Learning team\nDate: 3 March 2026\n\n"
               "Busy session. Three new families came to the pantry and asked about the warm space.\n")
    assert "sender" not in doc.metadata and [s for s, _ in turns_of(doc)] == [None]


def test_a_transcribers_times_inside_a_turn_are_left_out_of_its_words():
    # "[00:12:33]" and f4's "#00:13:40-2#" inside a turn were printed in quotes on cards;
    # a turn's own time, and a time of day someone said, stay.
    doc = read("Helen: [00:00:05] So how was the winter?\n"
               "Doreen: It was [00:12:33] terrible, nobody came [inaudible 00:12:50] for a week. #00:13:40-2#\n"
               "Helen (00:14:02): And the hub?\nDoreen: We met at (10:30) and it was (00:14:30) lovely.\n")
    assert turns_of(doc) == [("Helen", "So how was the winter?"),
                             ("Doreen", "It was terrible, nobody came [inaudible 00:12:50] for a week."),
                             ("Helen", "And the hub?"), ("Doreen", "We met at (10:30) and it was lovely.")]
    assert [t.t_start for t in doc.turns] == [5.0, None, 842.0, None]


def test_a_transcript_run_into_one_line_is_turns():
    # Copied from a web player or a form: one paragraph, every turn in it, the
    # interviewer's questions with the answers.
    doc = read("Helen: So how was the winter for you? Doreen: Honestly it was terrible. Helen: And the hub? "
               "Doreen: The warm space saved me. Helen: Good to hear. Doreen: It was, love.\n")
    assert [s for s, _ in turns_of(doc)] == ["Helen", "Doreen"] * 3
    assert turns_of(doc)[3] == ("Doreen", "The warm space saved me.") and doc.turns[3].line_start == 1
    # Prose with a colon or two is no dialogue.
    note = read("We met Sarah at the hub. Note: the bus was late. Then Tom: he said hi. Sarah: yes.\n")
    assert [s for s, _ in turns_of(note)] == [None]


def test_zoom_captions_saved_as_text():
    # "[Name] time words" on one line had been one paragraph of no one's, questions and all.
    doc = read("[Sarah Whitfield] 14:02:33 Okay, so shall we start with the buses?\n"
               "[Doreen Walsh] 14:02:41 Go on then, the 42 is the worst.\n[Sarah Whitfield] 14:03:02 Tell me more.\n")
    assert turns_of(doc) == [("Sarah Whitfield", "Okay, so shall we start with the buses?"),
                             ("Doreen Walsh", "Go on then, the 42 is the worst."), ("Sarah Whitfield", "Tell me more.")]
    assert [t.t_start for t in doc.turns] == [50553.0, 50561.0, 50582.0]
    assert [s for s, _ in turns_of(read("Met at the hub.\n[Pantry] 10:30 busy again, queue to the door.\n"))] == [None]


@pytest.mark.parametrize("shape", ["{n} - {t}", "{n} | {t}", "{n}, {t}", "{t} - {n}", "{t} | {n}"])
def test_a_name_and_time_set_apart_above_each_turn(shape):
    # Each had been a paragraph of no one's, the name and time inside the quote.
    said = [("Sarah Whitfield", "00:05", "Okay, so shall we start with the buses?"),
            ("Doreen Walsh", "00:12", "Go on then, the 42 is the worst."),
            ("Sarah Whitfield", "00:30", "Tell me more about that."), ("Doreen Walsh", "00:41", "It just does not come.")]
    doc = read("".join(shape.format(n=n, t=t) + f"\n{x}\n\n" for n, t, x in said))
    assert turns_of(doc) == [(n, x) for n, _, x in said] and [t.t_start for t in doc.turns] == [5.0, 12.0, 30.0, 41.0]
    # Notes headed the same way each week are no dialogue.
    notes = read("Pantry - 10:00\nBusy, queue out the door.\n\nPantry - 10:00\nQuiet week.\n")
    assert {s for s, _ in turns_of(notes)} == {None}


def test_turns_opening_with_a_time_span():
    doc = read("0:00:00.0 - 0:00:04.0 Helen Mayberry: Okay so that is recording.\n"
               "0:00:04.0 - 0:00:07.0 Doreen Walsh: Go on then.\n0:00:07.0 - 0:00:10.0 Helen Mayberry: How was it?\n")
    assert turns_of(doc) == [("Helen Mayberry", "Okay so that is recording."), ("Doreen Walsh", "Go on then."),
                             ("Helen Mayberry", "How was it?")]
    assert [t.t_start for t in doc.turns] == [0.0, 4.0, 7.0]


def test_captions_pasted_into_a_text_file_are_turns_without_their_numbers():
    doc = read("".join(f"{i}\n00:00:0{i}.000 --> 00:00:0{i}.900\n{'Helen' if i % 2 else 'Doreen'}: Line {i} of the talk.\n\n"
                       for i in range(1, 6)))
    assert turns_of(doc) == [("Helen" if i % 2 else "Doreen", f"Line {i} of the talk.") for i in range(1, 6)]
    assert [t.t_start for t in doc.turns] == [1.0, 2.0, 3.0, 4.0, 5.0]


def test_yaml_front_matter_and_markdown_bold_labels():
    doc = read("---\ntitle: Partner interview\ninterviewee: Mark Taylor\ndate: 2026-06-10\n---\n\n"
               "# Partner interview\n\n**Helen:** Recording now.\n\n**Mark:** Fine.\n\n"
               "**Helen**: Your role?\n\n**Mark**: Housing.\n", path="x/interview.md")
    assert doc.source_type == "md"
    assert doc.metadata == {"title": "Partner interview", "interviewee": "Mark Taylor",
                            "date": "2026-06-10"}
    assert turns_of(doc) == [("Helen", "Recording now."), ("Mark", "Fine."),
                             ("Helen", "Your role?"), ("Mark", "Housing.")]
    assert doc.turns[0].line_start == 9


def test_focus_group_numbered_voices_are_speakers():
    """Before, "Resident 1:" was no label: the residents' words went into the
    facilitator's turns and were set aside as the interviewer's."""
    doc = read("Facilitator: What is it like round here?\nResident 1: The buses are rubbish.\n"
               "Resident 2: They cut the 42.\nWoman 3: I walk now, everywhere.\n"
               "Young person 4: Nowhere to go at night.\nFacilitator: And the hub?\n"
               "Resident 1: Love the hub.\nResident 2: Me too.\n")
    assert [s for s, _ in turns_of(doc)] == ["Facilitator", "Resident 1", "Resident 2", "Woman 3",
                                             "Young person 4", "Facilitator", "Resident 1", "Resident 2"]
    # in a one-to-one interview a numbered phrase heard once at a line's start is not a voice
    talk = read("Helen: Which bus?\nSarah: The one that went.\nRoute 42: gone since June.\n"
                "Helen: Right.\nSarah: Yes.\n")
    assert turns_of(talk)[1] == ("Sarah", "The one that went.\nRoute 42: gone since June.")


@pytest.mark.parametrize("transcript", [
    "INTERVIEWER\nHow long have you lived here?\n\nSARAH\nAll my life.\nYes\n\nINTERVIEWER\nAnd the hub?\n\nSARAH\nLove it.\nYes\n",
    "Interviewer – How long have you lived here?\nSarah – All my life.\nYes\nInterviewer – And the hub?\nSarah - Love it.\nYes\n",
    "Q. How long have you lived here?\nA. All my life.\nYes\nQ. And the hub?\nA. Love it.\nYes\n",
])
def test_speaker_alone_on_a_line_dash_and_q_dot_transcripts(transcript):
    doc = read(transcript)
    speakers = [s for s, _ in turns_of(doc)]
    assert [" ".join(t.split()) for _, t in turns_of(doc)] == [
        "How long have you lived here?", "All my life. Yes", "And the hub?", "Love it. Yes"]
    assert speakers[0] == speakers[2] != speakers[1] == speakers[3]
    assert doc.source_kind == "interview"


@pytest.mark.parametrize("transcript", [
    ("[00:00:05] Helen Mayberry\nHow long here?\n\n[00:00:10] Sarah Whitfield\nAll my life.\n\n"
    "[00:00:15] Helen Mayberry\nAnd the hub?\n\n[00:00:20] Sarah Whitfield\nLove it.\n"),  # Trint
    ("Helen Mayberry: [00:00:05] How long here?\nSarah Whitfield: [00:00:10] All my life.\n"
    "Helen Mayberry: [00:00:15] And the hub?\nSarah Whitfield: [00:00:20] Love it.\n"),  # Sonix
])
def test_time_before_the_name_or_after_the_colon(transcript):
    doc = read(transcript)
    assert [(s, t, turn.t_start) for (s, t), turn in zip(turns_of(doc), doc.turns)] == [
        ("Helen Mayberry", "How long here?", 5.0), ("Sarah Whitfield", "All my life.", 10.0),
        ("Helen Mayberry", "And the hub?", 15.0), ("Sarah Whitfield", "Love it.", 20.0)]
    # timestamped lines of one word are no speakers
    captions = read("[00:00:05] Okay\nso we start.\n[00:00:10] Yes\nfine.\n[00:00:15] Okay\nnext.\n"
                    "[00:00:20] Yes\ngood.\n")
    assert all(t.speaker is None for t in captions.turns)


def test_a_whatsapp_group_chat_export():
    """A community group's chat: each message a turn with its sender and its day; the
    app's own lines and placeholders are no one's words; an unsaved number is a voice
    without a name. Before, it was one paragraph with every stamp and name in it."""
    chat = ("03/03/2026, 14:20 - Messages and calls are end-to-end encrypted.\n"
            '03/03/2026, 14:21 - Rachel Dunn changed the subject to "Hub: volunteers"\n'
            "03/03/2026, 14:22 - Sarah Whitfield: Pantry is really busy today\n"
            "03/03/2026, 14:25 - Rachel Dunn: Thanks, I'll bring more tomorrow\nand some nappies\n"
            "13/03/2026, 09:01 - Sarah Whitfield joined using this group's invite link\n"
            "13/03/2026, 09:05 - Sarah Whitfield: <Media omitted>\n"
            "13/03/2026, 09:06 - +44 7700 900123: Is the youth club on tonight?\n"
            "13/03/2026, 09:10 - Rachel Dunn: Yes from 6\n")
    doc = read(chat, "whatsapp.txt")
    assert doc.source_kind == "conversation"  # a group chat, not an interview
    assert [(s, t, turn.metadata["date"]) for (s, t), turn in zip(turns_of(doc), doc.turns)] == [
        ("Sarah Whitfield", "Pantry is really busy today", "2026-03-03"),
        ("Rachel Dunn", "Thanks, I'll bring more tomorrow\nand some nappies", "2026-03-03"),
        (None, "Is the youth club on tonight?", "2026-03-13"),
        ("Rachel Dunn", "Yes from 6", "2026-03-13")]
    ios = ("[12/25/2026, 9:01:00 PM] Sarah Whitfield: Merry Christmas all\n"
           "[12/26/2026, 10:15:30 AM] Rachel Dunn: Pantry shut till the 2nd\n"
           "[12/26/2026, 10:16:02 AM] Sarah Whitfield: Thanks for letting us know\n")
    assert [t.metadata["date"] for t in read(ios, "chat.txt").turns] == ["2026-12-25", "2026-12-26", "2026-12-26"]
    # an iPhone's placeholders for what was sent besides words
    photos = read("[03/03/2026, 14:22:05] Sarah Whitfield: Pantry busy\n"
                  "[03/03/2026, 14:22:30] Sarah Whitfield: \u200e<attached: 00000012-PHOTO-2026-03-03.jpg>\n"
                  "[03/03/2026, 14:23:00] Rachel Dunn: \u200eimage omitted\n"
                  "[03/03/2026, 14:24:00] Rachel Dunn: Thanks for the photo\n", "chat.txt")
    assert turns_of(photos) == [("Sarah Whitfield", "Pantry busy"), ("Rachel Dunn", "Thanks for the photo")]
    # senders as the phone shows them: emoji left out, so a listed alias still matches
    emoji = read("03/03/2026, 14:22 - Sarah W 🌻: Busy\n03/03/2026, 14:25 - Mum ❤️: Thanks love\n"
                 "03/03/2026, 14:26 - Sarah W 🌻: Bye\n", "chat.txt")
    assert [s for s, _ in turns_of(emoji)] == ["Sarah W", "Mum", "Sarah W"]
    # the encryption notice under the group's name, its marks lost in a copy; a poll's options
    group = read("[03/03/2026, 14:22:05] Hub Volunteers: Messages and calls are end-to-end encrypted. No one "
                 "outside of this chat can read them.\n[03/03/2026, 14:23:00] Sarah W: Pantry busy\n"
                 "[03/03/2026, 14:24:00] Kwame: Minibus is off Thursday\n[03/03/2026, 14:30:00] Kwame: POLL:\n"
                 "Pantry day?\nOPTION: Tuesday (2 votes)\nOPTION: Friday (1 vote)\n", "chat.txt")
    assert [s for s, _ in turns_of(group)] == ["Sarah W", "Kwame", "Kwame"]


def test_the_meeting_apps_own_lines_are_no_ones_words():
    """Teams writes "Sarah Whitfield stopped transcription" below the last turn: it ended
    up in her last quote."""
    doc = read("Helen Mayberry started transcription\n\nHelen Mayberry   0:03\nHow long here?\n\n"
               "Sarah Whitfield   0:10\nAll my life. I started recording my mum's stories.\n\n"
               "Helen Mayberry   0:15\nLovely.\n\nSarah Whitfield   0:20\nYes.\n\n"
               "Helen Mayberry stopped transcription\n")
    assert turns_of(doc)[1:] == [("Sarah Whitfield", "All my life. I started recording my mum's stories."),
                                 ("Helen Mayberry", "Lovely."), ("Sarah Whitfield", "Yes.")]


def test_a_zoom_meeting_chat():
    """Residents' comments typed into an online session's chat, as Zoom saves them (the
    message below the sender, or after it in older versions); reactions are no one's words."""
    chat = ("10:02:15 From Sarah Whitfield to Everyone:\n\tThe buses are the big thing for us\n"
            "10:02:40 From Rachel Dunn to Everyone:\n\tAgree, and the youth club closing\n"
            "10:03:02 From Priya (she/her) to Rachel Dunn (Direct Message):\n\tcan you share the slides?\n"
            "10:03:30 From Sarah Whitfield to Everyone:\n\tReacted to \"Agree, and the yout...\" with 👍\n")
    assert [(s, " ".join(t.split())) for s, t in turns_of(read(chat, "zoom_chat.txt"))] == [
        ("Sarah Whitfield", "The buses are the big thing for us"), ("Rachel Dunn", "Agree, and the youth club closing"),
        ("Priya (she her)", "can you share the slides?")]
    older = ("10:02:15\t From  Sarah Whitfield : The buses are the big thing\n"
             "10:02:40\t From  Rachel Dunn : Agree, and the youth club\n10:03:30\t From  Sarah Whitfield : thanks all\n")
    assert [s for s, _ in turns_of(read(older, "chat.txt"))] == ["Sarah Whitfield", "Rachel Dunn", "Sarah Whitfield"]
    # copied from Google Meet or Teams: the sender and a time of day above the message
    meet = read("Sarah Whitfield 10:02 AM\nThe buses are the big thing\nRachel Dunn 10:03 AM\nAgree\n"
                "Sarah Whitfield 10:05 AM\nthanks all\n", "meet_chat.txt")
    assert meet.source_kind == "conversation" and [t.t_start for t in meet.turns] == [None, None, None]
    assert [s for s, _ in turns_of(meet)] == ["Sarah Whitfield", "Rachel Dunn", "Sarah Whitfield"]


def test_repeated_headings_and_dated_dashes_in_notes_are_not_speakers():
    for notes in ("Pantry\nBusy again.\n\nYouth club\nQuiet.\n\nPantry\nRan out of tins.\n\nYouth club\nPool table.\n",
                  "Monday – pantry busy\nTuesday – youth club quiet\nMonday – tins\nTuesday – pool table\n"):
        doc = read(notes)
        assert doc.source_kind == "document" and all(t.speaker is None for t in doc.turns)


def test_invalid_front_matter_warns_and_is_skipped():
    with pytest.warns(IngestWarning, match="front matter"):
        doc = read("---\nkey: [unclosed\n---\nHelen: Hi?\nSarah: Hello.\nHelen: Bye.\nSarah: Bye.\n")
    assert doc.metadata == {}
    assert len(doc.turns) == 4


def test_note_lines_inside_an_answer_do_not_start_turns():
    doc = read("Helen: Anything else?\nSarah: Well.\nNote: the pantry closes at four.\n"
               "Helen: Thanks.\nSarah: Bye.\n")
    assert turns_of(doc)[1] == ("Sarah", "Well.\nNote: the pantry closes at four.")


def test_a_speaker_heard_once_in_a_dialogue_still_has_a_turn():
    doc = read("Helen: Hi?\nSarah: Hello.\nHelen: And you?\nTom: Me too.\nSarah: Bye.\n")
    assert [s for s, _ in turns_of(doc)] == ["Helen", "Sarah", "Helen", "Tom", "Sarah"]


def test_known_label_seen_once_is_trusted():
    doc = read("Sarah: I have lived here all my life.\n", known={"sarah"})
    assert turns_of(doc) == [("Sarah", "I have lived here all my life.")]


def test_text_without_labels_becomes_paragraph_turns():
    doc = read("I have lived here all my life.\nIt has changed.\n\nThe hub helps.\n")
    assert turns_of(doc) == [(None, "I have lived here all my life.\nIt has changed."),
                             (None, "The hub helps.")]
    assert doc.source_kind == "document"


def test_each_list_item_of_notes_is_a_turn_without_its_marker():
    notes = ("## Tuesday, pantry\n\n- Busy again, forty households. Ran out of tins.\n"
             "- Two mums asked about the holiday forms,\n  nobody had told them.\n"
             "* Pool table still broken\n1. Need two more volunteers for Fridays\n")
    doc = read(notes, "notes.md")
    assert turns_of(doc) == [(None, "Busy again, forty households. Ran out of tins."),
                             (None, "Two mums asked about the holiday forms,\n  nobody had told them."),
                             (None, "Pool table still broken"), (None, "Need two more volunteers for Fridays")]
    assert [t.line_start for t in doc.turns] == [3, 4, 6, 7]
    # in a transcript a list stays inside the speaker's turn
    talk = read("Jo: Three things.\n- the bus\n- the damp\nSam: Go on.\nJo: That is it.\n")
    assert turns_of(talk)[0] == ("Jo", "Three things.\n- the bus\n- the damp")


def test_markdown_inline_markup_is_read_not_quoted():
    notes = ("---\ntitle: Walk *notes*\n---\n- **Worth following up:** the [referral form](https://example.org/a_b)\n"
             "- Pantry *really* busy, `40` households; snake_case_name and 5 * 3 stay\n")
    doc = read(notes, "notes.md")
    assert turns_of(doc) == [(None, "Worth following up: the referral form"),
                             (None, "Pantry really busy, 40 households; snake_case_name and 5 * 3 stay")]
    assert [t.line_start for t in doc.turns] == [4, 5]
    assert doc.metadata == {"title": "Walk *notes*"}  # front matter is YAML, not markdown
    assert "**" in turns_of(read(notes.replace("---\ntitle: Walk *notes*\n---\n", ""), "notes.txt"))[0][1]


def test_markdown_comments_are_no_ones_words():
    """An HTML comment is a note markdown never shows ("typed by ..., her mobile is ...");
    over several lines it was read as the turn above it, and so as the next answer's
    question, with the names no rule knew."""
    md = ("**Luke:** Can you tell me about the food bank?\n\n<!--\nTyped by Barnaby Quist. "
          "Her mobile is 07700 900482.\n-->\n\n**Cressida:** The first time I sat in the car. "
          "<!-- cried here -->\n\n**Luke:** What changed?\n\n**Cressida:** The volunteers. <!-- her ex,\n"
          "Mortimer --> I went back.\n")
    doc = read(md, "visit.md")
    assert turns_of(doc) == [("Luke", "Can you tell me about the food bank?"),
                             ("Cressida", "The first time I sat in the car."), ("Luke", "What changed?"),
                             ("Cressida", "The volunteers. \n I went back.")]
    assert [t.line_start for t in doc.turns] == [1, 7, 9, 11]
    assert not re.search(r"Barnaby|9004|cried|Mortimer", doc.text)

def test_a_dated_heading_dates_the_notes_under_it():
    notes = ("---\ndate: 2026-03-01\n---\n# Field notes, spring\n\n## Tuesday 3 March 2026\n\n"
             "- Pantry busy again\n\n### Walk with the warden\n\nDamp on Eastway Road.\n\n"
             "## March 5th, 2026\n- Lunch club full\n\n## To follow up\n- Ring the council\n")
    doc = read(notes, "notes.md")
    assert [(s, t.metadata.get("date")) for (_, s), t in zip(turns_of(doc), doc.turns)] == [
        ("Pantry busy again", "2026-03-03"), ("Damp on Eastway Road.", "2026-03-03"),
        ("Lunch club full", "2026-03-05"), ("Ring the council", None)]
    assert doc.metadata["date"] == "2026-03-01"  # the file's own date, for the undated ones
    undated = read("## Week 3\n\n- Pantry busy\n\n## 2026 plans\n\n- More volunteers\n", "n.md")
    assert all(not t.metadata for t in undated.turns)


def test_a_log_of_dated_notes_is_a_note_a_date():
    """Organisers' logs kept one note a line, each starting with its date, were one
    paragraph with no date."""
    log = ("03/03/2026 - Pantry busy, ran out of tins by eleven.\n"
           "3 March: two mums asked about the holiday forms\n"
           "Tue 4/3 – youth night quiet, park fenced off\n"
           "2026-03-05 Lunch club full again,\nthe minibus was late.\n"
           "3 March 2026 was hard for everyone\n")
    doc = read(log, "log.txt")
    assert [(s, t.metadata.get("date")) for (_, s), t in zip(turns_of(doc), doc.turns)] == [
        ("Pantry busy, ran out of tins by eleven.", "2026-03-03"),
        ("two mums asked about the holiday forms", "--03-03"),  # the file's date gives the year
        ("youth night quiet, park fenced off", "--03-04"),
        ("Lunch club full again,\nthe minibus was late.\n3 March 2026 was hard for everyone", "2026-03-05")]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"])
def test_encodings_and_line_endings(encoding):
    content = "Helen: Café?\r\nSarah: Yes – “lovely”, £3.\r\nHelen: Good.\r\nSarah: Bye.\r\n"
    doc = read(content.encode(encoding))
    assert "\r" not in doc.text
    assert turns_of(doc)[1] == ("Sarah", "Yes – “lovely”, £3.")


def test_transcriber_tags_are_cleaned():
    doc = read("DOCTOR: <UNSURE>Hello how</UNSURE> are you?\nPATIENT: <UNIN/> fine.\n"
               "DOCTOR: Good.\nPATIENT: <UNIN/>\nDOCTOR: And <INAUDIBLE_SPEECH/> then?\n")
    assert turns_of(doc)[:2] == [("DOCTOR", "Hello how are you?"), ("PATIENT", "[inaudible] fine.")]
    assert turns_of(doc)[3] == ("DOCTOR", "And [inaudible] then?")
    assert len(doc.turns) == 4  # a turn that is only [inaudible] has no words


def test_same_content_same_hash_and_spans_index_text():
    a = read("Helen: Hi?\nSarah: Hello.\n")
    b = read("Helen: Hi?\nSarah: Hello.\n", path="other.txt")
    assert a.content_hash == b.content_hash
    for turn in a.turns:
        assert a.text[turn.char_start:turn.char_end].strip() == a.text[turn.char_start:turn.char_end]


def test_primock_transcripts(shared_data):
    folder = shared_data / "transcripts" / "primock57" / "collated"
    files = sorted(folder.glob("*.txt"))
    assert len(files) >= 50
    for path in files[:10]:
        doc = text.read(path.read_bytes(), path.name, ReadOptions())
        speakers = {t.speaker for t in doc.turns}
        assert speakers == {"DOCTOR", "PATIENT"}, path.name
        assert "<UNSURE>" not in doc.text and "<UNIN/>" not in doc.text
        assert all(t.t_start is not None for t in doc.turns)
        first = doc.text.split("\n")[doc.turns[0].line_start - 1].split("]", 1)[0].lstrip("[")
        h, m, sec = first.split(":")
        assert doc.turns[0].t_start == pytest.approx(int(h) * 3600 + int(m) * 60 + float(sec))

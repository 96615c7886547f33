"""Word documents: paragraphs, bold speaker names, tables of turns, Teams exports."""

from __future__ import annotations

import io

import docx
import pytest

from sensemaking.errors import InputError
from sensemaking.ingest import docx as docx_reader
from sensemaking.ingest.base import ReadOptions


def build(paragraphs=(), table=None, author=None, title=None) -> bytes:
    """A .docx: paragraphs are str or (bold, rest) pairs; table is a list of rows."""
    document = docx.Document()
    for item in paragraphs:
        para = document.add_paragraph()
        if isinstance(item, tuple):
            para.add_run(item[0]).bold = True
            para.add_run(item[1])
        else:
            para.add_run(item)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    if author:
        document.core_properties.author = author
        document.core_properties.last_modified_by = author
    if title:
        document.core_properties.title = title
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def read(data: bytes):
    return docx_reader.read(data, "t.docx", ReadOptions())


def spoken(doc):
    return [(t.speaker, doc.text[t.char_start:t.char_end], t.line_start) for t in doc.turns]


def test_bold_speaker_names_with_and_without_colons():
    doc = read(build([("Luke", " Right, that's on."), ("Leanne:", " Fine."),
                      "And a second paragraph.", ("Luke:", "Thanks."), ("Leanne", " Bye.")]))
    assert spoken(doc) == [("Luke", "Right, that's on.", 1),
                           ("Leanne", "Fine.\nAnd a second paragraph.", 2),
                           ("Luke", "Thanks.", 4), ("Leanne", "Bye.", 5)]
    assert doc.turns[1].line_end == 3
    assert doc.source_kind == "interview"


def test_questions_in_bold_are_the_interviewers_and_the_paragraphs_after_them_the_answers():
    # Interview notes typed up with the questions in bold and no labels: each question
    # was an excerpt of its own and the answers had no speaker.
    doc = read(build([("How long have you lived here?", ""), "Thirty years this spring.",
                      ("What do you think of the hub?", ""), "Brilliant, honestly.", "The warm space saved me.",
                      ("Q4. How do you get there?", ""), "Bus, when it comes."]))
    assert spoken(doc) == [("Q", "How long have you lived here?", 1), ("A", "Thirty years this spring.", 2),
                           ("Q", "What do you think of the hub?", 3), ("A", "Brilliant, honestly.\nThe warm space saved me.", 4),
                           ("Q", "Q4. How do you get there?", 6), ("A", "Bus, when it comes.", 7)]
    assert doc.source_kind == "interview"
    # The questions as Word headings, the same.
    document = docx.Document()
    for question, answer in (("How long have you lived here?", "Thirty years."), ("And the hub?", "Brilliant.")):
        document.add_heading(question, 2)
        document.add_paragraph(answer)
    out = io.BytesIO()
    document.save(out)
    assert [s for s, *_ in spoken(read(out.getvalue()))] == ["Q", "A", "Q", "A"]
    # One question in bold among notes is a heading of sorts, not an interview.
    notes = read(build([("What next?", ""), "Ring the housing officer about the damp.", "Book the minibus."]))
    assert [s for s, *_ in spoken(notes)] == [None, None, None] and notes.source_kind == "document"


def test_a_bold_question_and_its_answer_in_one_paragraph_are_two_turns():
    # Each excerpt held the question before the answer, so themes gathered by question.
    doc = read(build([("How long have you lived here? ", "Thirty years this spring."),
                      ("What do you think of the hub?", " Brilliant, honestly.")]))
    assert spoken(doc) == [("Q", "How long have you lived here?", 1), ("A", "Thirty years this spring.", 1),
                           ("Q", "What do you think of the hub?", 2), ("A", "Brilliant, honestly.", 2)]
    one = read(build([("What next? ", "Ring the housing officer about the damp."), "Book the minibus."]))
    assert [s for s, *_ in spoken(one)] == [None, None]


def test_a_table_of_questions_and_answers_is_asked_and_answered():
    # An interview template's table: each question was an excerpt of its own, beside its answer.
    rows = [["How long have you lived here?", "Thirty years, since the flats went up."],
            ["What do you think of the hub?", "Good for the pantry, but the hours are no use."]]
    for table in ([["Question", "Answer"], *rows], rows):
        doc = read(build(["Resident interview, Beech Court"], table=table))
        assert [(s, t) for s, t, _ in spoken(doc)] == [
            ("Q", "How long have you lived here?"), ("A", "Thirty years, since the flats went up."),
            ("Q", "What do you think of the hub?"), ("A", "Good for the pantry, but the hours are no use.")]
    # A table of notes by date asks nothing.
    notes = read(build([], table=[["Date", "Note"], ["3 March", "Busy pantry, two new families."],
                                  ["10 March", "Quiet, and the bus was late again."]]))
    assert {s for s, *_ in spoken(notes)} == {None}


def test_a_log_kept_as_a_word_table_carries_its_dates_and_areas():
    """Organisers' notes typed into a Word table (Date | Where | Who | What happened): each
    row is a note with its date and area, as a spreadsheet's are, and the column of names
    is not carried. Each cell had been a paragraph of its own and the areas lost."""
    log = [["Date", "Where", "Who", "What happened"],
           ["3 March 2026", "Northfield", "Rachel", ("Pantry busy again, ran out of tins by eleven, "
            "one lad said he'd been sleeping at his mate's since January.")],
           ["5 March 2026", "Riverside", "Joanne", ("Two mums asked about the holiday forms, online "
            "only and neither has a laptop.")],
           ["", "", "", ""],
           ["12 March 2026", "Millbrook", "Owen", ("Walked the estate with the tenants' rep, damp in "
            "nearly every block on the north side.")]]
    data = build(["Organiser log, spring 2026", "Typed up after each visit."], table=log, title="Log")
    with pytest.warns(UserWarning, match="identify people"):
        doc = docx_reader.read(data, "notes/organiser_log.docx", ReadOptions())
    assert doc.source_kind == "notes" and doc.source_type == "docx" and doc.metadata == {"title": "Log"}
    assert [(t.metadata["date"], t.metadata["area"], t.line_start) for t in doc.turns] == [
        ("2026-03-03", "Northfield", 4), ("2026-03-05", "Riverside", 5), ("2026-03-12", "Millbrook", 7)]
    assert doc.text.startswith("Pantry busy again") and "Rachel" not in doc.text
    # a report with a table in it is read as a document, its table a cell a paragraph
    report = build(["The hub's spring report. " * 20], table=log)
    assert docx_reader.read(report, "report.docx", ReadOptions()).source_kind == "document"


def test_plain_name_colon_paragraphs():
    doc = read(build(["Helen: Hi?", "Priya: Hello.", "Helen: Bye.", "Priya: Bye."]))
    assert [s for s, *_ in spoken(doc)] == ["Helen", "Priya", "Helen", "Priya"]


def test_teams_docx_export():
    doc = read(build(["Transcript", "Helen Mayberry   0:04", "Hi Chloe, can you hear me?",
                      "Chloe Marsh   0:09", "Yeah, I can.", "Helen Mayberry   0:16", "Great."]))
    assert spoken(doc) == [("Helen Mayberry", "Hi Chloe, can you hear me?", 3),
                           ("Chloe Marsh", "Yeah, I can.", 5), ("Helen Mayberry", "Great.", 7)]
    assert [t.t_start for t in doc.turns] == [4.0, 9.0, 16.0]


def test_teams_older_docx_download_with_cue_ranges():
    # A cue range, the speaker's name alone, the words: it was one paragraph a cue, with
    # no speaker and the times in the text.
    doc = read(build(["0:0:0.0 --> 0:0:5.450", "Helen Mayberry", "Shall we start with the referrals?",
                      "0:0:5.450 --> 0:0:9.120", "Doreen Walsh", "Yeah. It has been a nightmare with the form.",
                      "0:0:9.120 --> 0:0:12.0", "Helen Mayberry", "Why is that?",
                      "0:0:12.0 --> 0:0:20.0", "Doreen Walsh", "It asks for the NI number."]))
    assert [(s, t) for s, t, _ in spoken(doc)] == [
        ("Helen Mayberry", "Shall we start with the referrals?"), ("Doreen Walsh", "Yeah. It has been a nightmare with the form."),
        ("Helen Mayberry", "Why is that?"), ("Doreen Walsh", "It asks for the NI number.")]
    assert [t.t_start for t in doc.turns] == [0.0, 5.45, 9.12, 12.0]


def test_table_of_turns_with_header_and_times():
    rows = [["Time", "Speaker", "Text"], ["00:00:05", "Helen", "Shall we start?"],
            ["00:00:09", "Priya", "Yes, go on."], ["00:00:15", "Helen", "Your role?"]]
    doc = read(build(["Interview"], table=rows))
    assert [(s, t) for s, t, _ in spoken(doc)] == [("Helen", "Shall we start?"),
                                                  ("Priya", "Yes, go on."), ("Helen", "Your role?")]
    assert [t.t_start for t in doc.turns] == [5.0, 9.0, 15.0]
    assert [t.line_start for t in doc.turns] == [3, 4, 5]  # paragraph 1, header row 2


def test_table_of_turns_without_header():
    rows = [["Helen", "Shall we start then, is that alright?"], ["Priya", "Yes, go on."],
            ["Helen", "What is your role at the surgery?"], ["Priya", "Social prescriber."]]
    doc = read(build(table=rows))
    assert [s for s, *_ in spoken(doc)] == ["Helen", "Priya", "Helen", "Priya"]


def test_document_without_labels_and_properties():
    doc = read(build(["A report on the hubs.", "", "Second paragraph here."],
                     author="Sarah Whitfield", title="Hub report"))
    assert spoken(doc) == [(None, "A report on the hubs.", 1), (None, "Second paragraph here.", 3)]
    assert doc.source_kind == "document"
    assert doc.metadata == {"title": "Hub report"}
    assert "Sarah" not in repr(doc)


def test_notes_in_word_are_a_turn_per_paragraph_and_headings_none():
    # Word users rarely leave an empty paragraph between paragraphs: a page of notes was
    # one turn, headings and all, then cut at 90 words across topics.
    document = docx.Document()
    document.add_heading("Field notes, March", 1)
    document.add_heading("Tuesday, pantry", 2)
    document.add_paragraph("Busy again, forty households by half ten. Ran out of tins.", style="List Bullet")
    document.add_paragraph("Two mums asked about the holiday forms; nobody had told them.", style="List Bullet")
    document.add_heading("Thursday 5 March 2026, youth night", 2)
    document.add_paragraph("Quieter than usual. The park has been fenced off since the new flats.")
    out = io.BytesIO()
    document.save(out)
    doc = read(out.getvalue())
    assert spoken(doc) == [(None, "Busy again, forty households by half ten. Ran out of tins.", 3),
                           (None, "Two mums asked about the holiday forms; nobody had told them.", 4),
                           (None, "Quieter than usual. The park has been fenced off since the new flats.", 6)]
    assert [t.metadata.get("date") for t in doc.turns] == [None, None, "2026-03-05"]  # a dated heading
    # a date typed in bold on a line of its own heads the notes as well, and is no note
    document = docx.Document()
    document.add_paragraph().add_run("Friday 6 March 2026").bold = True
    document.add_paragraph("Lunch club full, the minibus was late again.")
    out = io.BytesIO()
    document.save(out)
    doc = read(out.getvalue())
    assert [(text, t.metadata.get("date")) for (_, text, _), t in zip(spoken(doc), doc.turns)] == [
        ("Lunch club full, the minibus was late again.", "2026-03-06")]
    # a transcript's turn still runs on over the paragraphs that follow its label
    doc = read(build([("Jo:", " The bus stops at six."), "And on Sundays not at all.", ("Sam:", " Go on."),
                      ("Jo:", " That is it.")]))
    assert spoken(doc)[0] == ("Jo", "The bus stops at six.\nAnd on Sundays not at all.", 1)


def test_a_forms_content_controls_are_read():
    """A notes form made in Word keeps its answers in content controls, which python-docx's
    paragraphs pass over."""
    from docx.oxml import OxmlElement

    document = docx.Document()
    document.add_paragraph("Field notes form")
    control, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    content.append(document.add_paragraph("Pantry busy again, ran out of tins by eleven.")._p)
    control.append(content)
    document.element.body.insert(1, control)
    out = io.BytesIO()
    document.save(out)
    assert [text for _, text, _ in spoken(read(out.getvalue()))] == [
        "Field notes form", "Pantry busy again, ran out of tins by eleven."]


def test_text_boxes_are_read_once():
    """A partner update laid out in Word's text boxes: python-docx's paragraphs pass them
    over, and Word keeps a second copy of each for older readers."""
    from docx.oxml import OxmlElement
    from lxml import etree

    compat = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    document = docx.Document()
    anchor = document.add_paragraph("Partner update")
    run = OxmlElement("w:r")
    alternate = etree.SubElement(run, f"{{{compat}}}AlternateContent")
    for part in ("Choice", "Fallback"):
        box, paragraph, words, text = (OxmlElement(t) for t in ("w:txbxContent", "w:p", "w:r", "w:t"))
        text.text = "Volunteers are tired; the same dozen people carried us."
        words.append(text)
        paragraph.append(words)
        box.append(paragraph)
        etree.SubElement(alternate, f"{{{compat}}}{part}").append(box)
    anchor._p.append(run)
    document.add_paragraph("Energy vouchers ran out in October.")
    out = io.BytesIO()
    document.save(out)
    assert [text for _, text, _ in spoken(read(out.getvalue()))] == [
        "Partner update", "Volunteers are tired; the same dozen people carried us.",
        "Energy vouchers ran out in October."]


def test_tracked_changes_are_read_accepted():
    """python-docx's paragraph text leaves out tracked insertions: a transcript corrected
    with track changes on lost its corrections."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def change(tag: str, text_tag: str, text: str):
        element, run, words = OxmlElement(tag), OxmlElement("w:r"), OxmlElement(text_tag)
        element.set(qn("w:id"), "1")
        element.set(qn("w:author"), "Helen Mayberry")
        words.text = text
        words.set(qn("xml:space"), "preserve")
        run.append(words)
        element.append(run)
        return element

    document = docx.Document()
    first = document.add_paragraph("Sarah: I have lived in Northfield ")
    first._p.append(change("w:ins", "w:t", "all my life"))
    first._p.append(change("w:del", "w:delText", " forty years"))
    first.add_run(", apart from Leeds.")
    for line in ("Helen: And the hub?", "Sarah: Love it.", "Helen: Thanks."):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    doc = read(out.getvalue())
    assert spoken(doc)[0] == ("Sarah", "I have lived in Northfield all my life, apart from Leeds.", 1)


@pytest.mark.parametrize("data", [b"PK\x03\x04 not really a zip", b"plain text, wrong extension",
                                  build(["x"])[:400]])
def test_corrupt_docx_is_one_input_error(data):
    with pytest.raises(InputError, match="save it again as .docx") as info:
        read(data)
    assert "\n" not in str(info.value)


def test_empty_docx():
    with pytest.raises(InputError, match="no text"):
        read(build([]))


def test_what_the_writer_noted_about_the_text_is_not_read():
    """Comments, headers and footers, and the document properties besides its title and
    subject name who typed, checked or must be rung back: none of it is read."""
    document = docx.Document()
    paragraph = document.add_paragraph("Sarah: The bus is the only way I get to the hub now.")
    document.add_paragraph("Helen: And when it does not come?")
    document.add_comment(paragraph.runs[0], text="Ring Gladys Pennington on 07700 900431",
                         author="Gladys Pennington", initials="GP")
    section = document.sections[0]
    section.header.paragraphs[0].text = "Confidential: Ottoline Farquharson"
    section.footer.paragraphs[0].text = "Typed by Barnaby Quist"
    properties = document.core_properties
    properties.author, properties.last_modified_by = "Barnaby Quist", "Gladys Pennington"
    properties.comments, properties.keywords, properties.category = "Ottoline", "Quist", "Pennington"
    out = io.BytesIO()
    document.save(out)
    doc = read(out.getvalue())
    assert doc.text == "Sarah: The bus is the only way I get to the hub now.\nHelen: And when it does not come?\n"
    assert not any(name in repr(doc) for name in ("Gladys", "Pennington", "Ottoline", "Quist", "9004"))


def test_a_table_of_turns_set_inside_a_layout_table_is_read():
    """A table inside a table's cell: the document read as holding no text."""
    document = docx.Document()
    document.add_paragraph("Interview at the hub, 3 June")
    turns = document.add_table(1, 1).cell(0, 0).add_table(4, 2)
    for i, (who, said) in enumerate([("Speaker", "Text"), ("Helen", "How long have you lived here?"),
                                     ("Sarah", "All my life, apart from two years in Leeds."),
                                     ("Helen", "And the hub?")]):
        turns.cell(i, 0).text, turns.cell(i, 1).text = who, said
    buffer = io.BytesIO()
    document.save(buffer)
    doc = docx_reader.read(buffer.getvalue(), "a.docx", ReadOptions(known_labels=frozenset({"helen", "sarah"})))
    assert [t.speaker for t in doc.turns] == ["Helen", "Sarah", "Helen"]
    assert "All my life" in doc.text

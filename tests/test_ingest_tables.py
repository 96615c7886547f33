"""Notes and survey tables: column detection, mapping, metadata, personal columns."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

from sensemaking.errors import InputError
from sensemaking.ingest import tables
from sensemaking.ingest.base import IngestWarning, ReadAs, ReadOptions
from sensemaking.ingest.sheets import read_csv_table

NOTES = (
    "note_id,date,organiser,area,activity,note\n"
    "N001,2026-01-05,Rachel Dunn,Northfield,door knocking,\"Thirty doors, eleven answered. "
    "Heating on for an hour at tea time.\"\n"
    "N002,06/01/2026,Joanne Fletcher,Riverside,pantry,\"Busy, 42 households, ran out of veg.\"\n"
    "N003,2026-01-07,Joanne Fletcher,Riverside,pantry,\n"
)


def read(data: bytes | str, path: str = "notes/n.csv", columns=None):
    data = data.encode("utf-8") if isinstance(data, str) else data
    return tables.read(data, path, ReadOptions(columns=columns or {}))


def test_notes_columns_detected():
    doc = read(NOTES)
    assert doc.source_type == "csv" and doc.source_kind == "notes"
    assert len(doc.turns) == 2  # the empty note is not a turn
    first, second = doc.turns
    assert doc.text[first.char_start:first.char_end].startswith("Thirty doors")
    assert first.metadata == {"activity": "door knocking", "date": "2026-01-05",
                              "area": "Northfield", "row_id": "N001", "author": "Rachel Dunn"}
    assert second.metadata["date"] == "2026-01-06"  # day first, as written in the UK
    assert (first.line_start, second.line_start) == (2, 3)
    assert first.speaker is None and first.speaker_role == "author"


def test_row_numbers_are_the_spreadsheets_after_blank_rows(tmp_path):
    # A blank line and a row of empty cells are rows a spreadsheet numbers too: the note
    # after them is on row 5, and provenance must say so.
    csv = ("id,note,organiser\n1,The bus was late again and nobody said why,Org A\n\n,,\n"
           "2,Damp in the back bedroom came back after they painted,Org B\n")
    assert [t.line_start for t in read(csv).turns] == [2, 5]
    rows = [["id", "note", "organiser"], [1, "The bus was late again and nobody said why", "Org A"],
            [None, None, None], [None, None, None], [2, "Damp came back after they painted", "Org B"]]
    buffer = io.BytesIO()
    pd.DataFrame(rows[1:], columns=rows[0]).to_excel(buffer, index=False)
    assert [t.line_start for t in read(buffer.getvalue(), "notes/n.xlsx").turns] == [2, 5]


OUTSIDE_QUOTES = [
    ("N1", "2026-01-05", "Rachel Dunn", "Northfield", "Tanner St, approx 30 doors and 11 answered, heating off."),
    ("N2", "2026-01-06", "Joanne Fletcher", "Riverside", "Busy pantry, 42 households and no tinned veg by eleven."),
    ("N3", "2026-01-07", "Samir Khan", "Eastgate", "Three households raised black mould in bedrooms, again."),
    ("N4", "2026-01-08", "Owen Price", "Hollins Park", "Lunch club had 17, two regulars not seen since Christmas."),
]


@pytest.mark.parametrize("bad", [0, 1, 3])
def test_a_comma_outside_quotes_goes_back_into_the_note(bad):
    # A hand-typed CSV with an unquoted comma in one note has a row with cells to spare.
    # Wherever the row is, every note is read whole, under its own date, area and author
    # (first row: pandas took the ids for an index; a middle row: read as the header,
    # organisers' names became column names; a late row: the whole file was refused).
    rows = ["note_id,date,organiser,area,note"] + [
        ",".join(row[:4]) + "," + (row[4] if i == bad else f'"{row[4]}"') for i, row in enumerate(OUTSIDE_QUOTES)]
    with pytest.warns(IngestWarning, match=rf"^row {bad + 2} had more cells than the header row"):
        doc = read("\n".join(rows) + "\n")
    assert [doc.text[t.char_start:t.char_end] for t in doc.turns] == [row[4] for row in OUTSIDE_QUOTES]
    assert [(t.metadata["row_id"], t.metadata["date"], t.metadata["author"], t.metadata["area"], t.line_start)
            for t in doc.turns] == [(*row[:4], i + 2) for i, row in enumerate(OUTSIDE_QUOTES)]


def test_a_semicolon_outside_quotes_in_a_semicolon_file():
    csv = ("id;area;note\n1;North;a long note; with a semicolon inside it here\n"
           "2;South;another long note about the bus\n3;East;and the pantry was busy again today\n")
    with pytest.warns(IngestWarning, match=r"^row 2 had more cells than the header row \(a separator"):
        doc = read(csv)
    first = doc.turns[0]
    assert (first.metadata["area"], doc.text[first.char_start:first.char_end]) == (
        "North", "a long note; with a semicolon inside it here")


def test_trailing_commas_and_a_title_above_the_header():
    csv = ("Organiser notes, spring 2026\nnote_id,area,note,\n"
           "N1,Northfield,The warm space was full by ten and people stayed for lunch,\n"
           "N2,Riverside,Nobody came to the evening session because of the rain,,\n")
    doc = read(csv)
    assert [(t.metadata["area"], t.line_start) for t in doc.turns] == [("Northfield", 3), ("Riverside", 4)]


def test_a_header_over_answers_that_all_have_a_comma_outside_quotes_is_kept():
    """Every answer typed with a comma and no quotes made the rows wider than "id,text":
    the header was passed over as a title, the first answer read as the header."""
    csv = "id,text\n" + "".join(f"r{i},the bus was late{' again' * i}, so I missed the lunch club\n"
                                 for i in range(1, 6))
    with pytest.warns(IngestWarning, match="^rows 2, 3, 4, 5, 6 had more cells than the header row"):
        frame = read_csv_table(csv.encode(), "answers.csv")
    assert list(frame.columns) == ["id", "text"] and list(frame["id"]) == ["r1", "r2", "r3", "r4", "r5"]
    assert frame["text"].iloc[0] == "the bus was late again, so I missed the lunch club"


def test_a_where_column_is_the_area_and_a_question_asking_where_is_not():
    notes = ("Date,Where,Notes\n2026-03-03,Northfield,Pantry busy again and we ran out of tins by eleven\n"
             "2026-03-05,Riverside,Two mums asked about the holiday forms at the school gate\n")
    assert [t.metadata["area"] for t in read(notes).turns] == ["Northfield", "Riverside"]
    survey = ("Where did you hear about us?,What would you change?\nFacebook,More evening sessions for working people\n"
              "A friend,A lift to the lunch club on Tuesdays and Thursdays\n")
    doc = read(survey, "survey/answers.csv")
    assert [t.metadata.get("area") for t in doc.turns] == [None, None]
    assert doc.turns[0].metadata["Where_did_you_hear_about_us"] == "Facebook"


def test_survey_answers_are_respondents_with_question_columns():
    csv = ("respondent,age_band,area,What works well?,What would you change?\n"
           "R1,16-24,Millbrook,The youth night is the best thing here,More evenings please\n"
           "R2,65+,Hollins Park,The warm space and a cup of tea,\n")
    doc = read(csv, "survey/answers.csv")
    assert doc.source_kind == "survey"
    assert [(t.metadata["question"], t.participant) for t in doc.turns] == [
        ("What works well?", "survey/answers.csv##R1"),
        ("What would you change?", "survey/answers.csv##R1"),
        ("What works well?", "survey/answers.csv##R2")]
    assert all(t.speaker_role == "respondent" for t in doc.turns)
    assert doc.turns[0].metadata["age_band"] == "16-24"


@pytest.mark.parametrize("path, header", [("notes/field_notes.csv", "what happened"), ("notes/weekly_log.csv", "text"),
                                          ("notes/n.csv", "Note"), ("notes/n.csv", "Observations"),
                                          ("workshop/stickies.csv", "text"), ("workshop/w.csv", "Sticky note")])
def test_a_log_one_organiser_keeps_is_notes_without_an_author_column(path, header):
    """No author column, but named or headed as notes: the rows are one organiser's notes, or
    a workshop's sticky notes, not respondents' answers."""
    doc = read(f"date,area,{header}\n2026-03-01,Eastgate,Lunch club busy and the bus was late again\n"
               "2026-03-08,Eastgate,Quiet week. Youth club cancelled, no volunteers\n", path)
    assert doc.source_kind == "notes"
    assert all(t.participant is None and t.speaker_role == "author" for t in doc.turns)
    survey = read("date,area,Note\n2026-03-01,Eastgate,The hub is great and the bus is late\n", "survey_notes.csv")
    assert survey.source_kind == "survey"


@pytest.mark.parametrize("header", ["Start time", "Completion time", "StartDate", "RecordedDate", "Timestamp",
                                    "W/C", "Week commencing"])
def test_survey_tools_date_columns(header):
    """Microsoft Forms, Qualtrics and Google Forms name their date columns so; weekly
    logs by the week's first day."""
    csv = (f"ID,{header},Email,Name,What do you like about the hub?\n"
           "1,03/11/2026 09:14:02,anonymous,,The warm space on a Tuesday afternoon\n"
           "2,04/11/2026 10:01:10,j.patel@example.org,Jaspreet Patel,Staff are lovely\n")
    with pytest.warns(IngestWarning, match="identify people"):
        doc = read(csv, "survey/forms.csv")
    assert [t.metadata.get("date") for t in doc.turns] == ["2026-11-03", "2026-11-04"]
    assert "Jaspreet" not in doc.text and "example.org" not in str([t.metadata for t in doc.turns])


def test_surveymonkey_second_header_row_is_not_an_answer():
    csv = ("Respondent ID,Start Date,IP Address,What do you like about the hub?\n"
           ",,,Open-Ended Response\n"
           "11873,11/03/2026 09:14:02,81.2.69.160,The warm space on a Tuesday afternoon\n")
    with pytest.warns(IngestWarning, match="identify people"):  # the IP address
        doc = read(csv, "survey/monkey.csv")
    assert [doc.text[t.char_start:t.char_end] for t in doc.turns] == ["The warm space on a Tuesday afternoon"]
    assert doc.turns[0].metadata["date"] == "2026-03-11" and "81.2" not in str(doc.turns[0].metadata)


def test_qualtrics_three_header_rows_and_its_personal_columns():
    ids = ",".join(f'"{{""ImportId"":""{c}""}}"' for c in ("startDate", "ipAddress", "_recordId",
                                                             "recipientEmail", "locationLatitude", "QID1_TEXT"))
    csv = ("StartDate,IPAddress,ResponseId,RecipientEmail,LocationLatitude,Q1\n"
           "Start Date,IP Address,Response ID,Recipient Email,Location Latitude,What do you like about the hub?\n"
           f"{ids}\n"
           "2026-03-11 09:14:02,81.2.69.160,R_1abcDEF,j@example.org,53.4808,The warm space on a Tuesday\n")
    with pytest.warns(IngestWarning, match="3 column"):
        doc = read(csv, "survey/qualtrics.csv")
    [turn] = doc.turns
    assert doc.text[turn.char_start:turn.char_end] == "The warm space on a Tuesday"
    assert turn.metadata == {"date": "2026-03-11", "row_id": "R_1abcDEF",
                             "question": "What do you like about the hub?"}


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_title_above_the_header_row(fmt):
    """'Organiser notes, spring 2026' typed in the first row: before, the title was the
    header ('organiser' in it made the date column the author) or the CSV was refused."""
    rows = [["Organiser notes, spring 2026 (Northfield and Riverside)"], [],
            ["Date", "Organiser", "Area", "What we heard"],
            ["2026-03-03", "Rachel Dunn", "Northfield", "Pantry busy again, ran out of tins by eleven."],
            ["2026-03-05", "Joanne Fletcher", "Riverside", "Two mums asked about the holiday forms."]]
    if fmt == "xlsx":
        out = io.BytesIO()
        pd.DataFrame(rows[1:]).to_excel(out, index=False, header=rows[0] + [""] * 3)
        data = out.getvalue()
    else:
        text = io.StringIO()
        csv.writer(text).writerows(rows)
        data = text.getvalue().encode()
    doc = read(data, f"notes/titled.{fmt}")
    assert [(t.metadata["author"], t.metadata["date"], t.line_start) for t in doc.turns] == [
        ("Rachel Dunn", "2026-03-03", 4), ("Joanne Fletcher", "2026-03-05", 5)]
    assert doc.text.split("\n")[0].startswith("Pantry busy again")


def test_headings_over_groups_of_columns_above_the_header_row():
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["About the visit", None, None, "What we heard", None])
    sheet.merge_cells("A1:C1")
    sheet.merge_cells("D1:E1")
    sheet.append(["Date", "Organiser", "Area", "Notes", "Follow up"])
    sheet.append(["2026-03-03", "Rachel Dunn", "Northfield", "Pantry busy again, ran out of tins.", "Order more"])
    out = io.BytesIO()
    book.save(out)
    [turn] = read(out.getvalue(), "notes/grouped.xlsx").turns
    assert turn.metadata == {"Follow_up": "Order more", "date": "2026-03-03", "area": "Northfield",
                             "author": "Rachel Dunn"}
    assert turn.line_start == 3


def test_survey_questions_are_answers_whatever_words_they_use():
    """'When did you first come...' was taken for the date column and 'How did staff treat
    you' for the author, and their answers were lost; a question without its question
    mark is a question too."""
    csv = ("Respondent,When did you first come to the hub?,How did staff treat you,What day suits you best\n"
           "R1,Two years ago when the gas went up,Really kindly and they listened,Tuesday mornings\n"
           "R2,Last winter with my neighbour,Like a friend not a number,Any day\n")
    doc = read(csv, "survey/s.csv")
    assert [(t.metadata["question"], doc.text[t.char_start:t.char_end]) for t in doc.turns][:2] == [
        ("When did you first come to the hub?", "Two years ago when the gas went up"),
        ("How did staff treat you", "Really kindly and they listened")]
    assert len(doc.turns) == 4 and all("date" not in t.metadata and "author" not in t.metadata for t in doc.turns)
    assert doc.turns[0].metadata["What_day_suits_you_best"] == "Tuesday mornings"  # short answers: an attribute
    # long column names that are no question keep their roles
    notes = read("Date of the session attended,Staff member who wrote this note,What we heard\n"
                 "03/03/2026,Rachel Dunn,Pantry busy again and people were turned away\n")
    assert {k: notes.turns[0].metadata[k] for k in ("date", "author")} == {"date": "2026-03-03",
                                                                           "author": "Rachel Dunn"}
    # a question answered in a word or two that asks where people live gives their area
    doc = read("Respondent,Which area do you live in?,What would you change about the hub site?\n"
               "R1,Northfield,More evening sessions please and a cafe\n", "survey/s.csv")
    assert [(t.metadata["area"], t.metadata["question"]) for t in doc.turns] == [
        ("Northfield", "What would you change about the hub site?")]


def test_a_numeric_age_gives_an_age_band_in_the_population_bands():
    survey = ("respondent,age,answer\n"
              "r1,17,The buses stop at six so I can't get to college and back really\n"
              "r2,44,Childcare costs more than I earn some weeks to be honest with you\n"
              "r3,71,I don't use the internet and every form is online now\n"
              "r4,prefer not to say,The hub is the only warm place I know of\n")
    doc = tables.read(survey.encode(), "surveys/s.csv", ReadOptions())
    assert [t.metadata.get("age_band") for t in doc.turns] == ["16-24", "25-44", "65+", None]
    own = tables.read(survey.encode(), "surveys/s.csv",
                      ReadOptions(age_bands=("under 18", "18 to 64", "65 and over")))
    assert [t.metadata.get("age_band") for t in own.turns] == ["under 18", "18 to 64", "65 and over", None]
    own_column = ("respondent,age,age band,answer\n"
                  "r1,17,,The buses stop at six so I can't get to college and back really\n"
                  "r2,44,35-44,Childcare costs more than I earn some weeks to be honest with you\n")
    kept = tables.read(own_column.encode(), "surveys/s.csv", ReadOptions())
    assert [t.metadata.get("age_band") for t in kept.turns] == [None, "35-44"]  # the table's own
    # as survey tools ask it: "How old are you?" is an age, "Which age group are you in?" a band
    for header, value, band in (("How old are you?", "37", "25-44"), ("Which age group are you in?", "65+", "65+")):
        asked = tables.read(f"respondent,{header},answer\nr1,{value},The buses stop at six\n".encode(),
                            "surveys/s.csv", ReadOptions())
        assert asked.turns[0].metadata["age_band"] == band


def test_mapping_from_settings_wins():
    csv = "Ref,When,Who wrote it,Where,What we heard\nA1,2026-02-01,Owen Price,Hollins Park,Ok.\n"
    mapping = {"text": "What we heard", "id": "Ref", "date": "When", "author": "Who wrote it",
               "area": "Where"}
    doc = read(csv, columns=mapping)
    assert doc.turns[0].metadata == {"date": "2026-02-01", "area": "Hollins Park",
                                     "row_id": "A1", "author": "Owen Price"}


def test_mapping_naming_a_missing_column_is_clear():
    with pytest.raises(InputError, match="does not have"):
        read(NOTES, columns={"text": "Comments"})
    csv = "Ref,When,What we heard\nA1,2026-02-01,Ok.\n"
    with pytest.raises(InputError) as info:  # a typo in sensemaking.toml is named with its fix
        read(csv, columns={"text": "What we herd", "id": "ref"})
    # by letter, as headers may name people
    assert "names a text (did you mean column C?), id (did you mean column A?) column" in str(info.value)
    assert "it has 3 columns, A to C" in str(info.value) and "What we heard" not in str(info.value)


def test_a_mapping_with_no_such_kind_says_so_first():
    """`kind = "diary"` without a text column was told it names no text column."""
    with pytest.raises(InputError, match='kind must be "notes", "survey" or "interview"'):
        read(NOTES, columns={"kind": "diary"})


def test_table_without_a_text_column_says_how_to_name_it():
    with pytest.raises(InputError, match=r'\[ingest.columns."<its path under data/raw>"\] text') as info:
        read("id,date,count\n1,2026-01-01,4\n2,2026-01-02,5\n")
    assert "\n" not in str(info.value)


def test_personal_columns_are_not_carried():
    csv = ("id,Name,Email,Phone number,Name of person spoken to,Name of group,area,comment\n"
           "1,Sarah Whitfield,s@x.org,07700 900123,Gwen Pryce,Lunch club,Northfield,The pantry helped us a lot\n")
    with pytest.warns(IngestWarning, match="4 column"):
        doc = read(csv)
    assert "Sarah" not in repr(doc) and "s@x.org" not in repr(doc) and "Gwen" not in repr(doc)
    assert doc.turns[0].metadata == {"Name_of_group": "Lunch club", "area": "Northfield", "row_id": "1",
                                     "question": "comment"}


def test_semicolon_separated_cp1252_csv():
    csv = "id;area;comments\n1;Eastgate;The café – it’s warm and £1 a cuppa\n".encode("cp1252")
    doc = read(csv)
    assert doc.text.strip() == "The café – it’s warm and £1 a cuppa"


def test_a_column_of_us_dates_is_read_month_first_and_said_so():
    us = ("id,date,organiser,note\n"
          "1,12/25/2026,Org A,The pantry was packed and we ran out of bread by eleven\n"
          "2,02/03/2026,Org B,Minibus late again so three regulars missed the lunch club\n")
    with pytest.warns(IngestWarning, match="read month first"):
        doc = read(us)
    assert [t.metadata["date"] for t in doc.turns] == ["2026-12-25", "2026-02-03"]
    # one date that only reads day first keeps the whole column day first (UK)
    uk = us.replace("12/25/2026", "25/12/2026")
    assert [t.metadata["date"] for t in read(uk).turns] == ["2026-12-25", "2026-03-02"]


def test_a_time_of_day_or_a_date_without_its_year_is_no_date():
    # pandas reads "10:30" as the day it runs and "3 March" as the year 1: dates of the
    # clock, not of the notes. They are said to be unreadable instead.
    notes = ("date,organiser,note\n"
             "3 March,Org A,The pantry was packed and we ran out of bread by eleven\n"
             "10:30,Org B,Minibus late again so three regulars missed the lunch club\n")
    with pytest.warns(IngestWarning, match=r"2 date\(s\) could not be read"):
        doc = read(notes)
    assert [t.metadata.get("date") for t in doc.turns] == [None, None]


def test_a_sheet_without_free_text_is_named_by_its_number_when_skipped():
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Sarah Whitfield 07700 900789"  # a tally named after someone
    book.active.append(["code", "area"])
    book.active.append(["N", "Northfield"])
    notes = book.create_sheet("Notes")
    notes.append(["Ref", "Note"])
    notes.append(["A1", "Families asked about warm spaces after the boiler scheme closed."])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.warns(IngestWarning, match="^sheet 1 was skipped: none of its columns holds free text$"):
        doc = read(buffer.getvalue(), "notes/visits.xlsx")
    assert len(doc.turns) == 1


def test_a_workbooks_cell_comments_and_properties_are_not_read():
    """A note on a cell ("ring Gladys on ...") and who made or last saved the workbook are
    the team's, not the notes: none of it is read."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    book = Workbook()
    book.properties.creator, book.properties.lastModifiedBy = "Barnaby Quist", "Gladys Pennington"
    book.active.append(["Ref", "Note"])
    book.active.append(["A1", "Families asked about warm spaces after the boiler scheme closed."])
    book.active["B2"].comment = Comment("Ring Gladys Pennington on 07700 900462", "Ottoline Farquharson")
    buffer = io.BytesIO()
    book.save(buffer)
    doc = read(buffer.getvalue(), "notes/visits.xlsx")
    assert doc.text == "Families asked about warm spaces after the boiler scheme closed.\n"
    assert not any(word in repr(doc) for word in ("Gladys", "Quist", "Ottoline", "9004"))

def test_a_hidden_sheet_is_not_read_and_the_warning_does_not_name_it():
    """What no one sees on opening the workbook (the lists behind drop-downs, contacts put
    out of sight) is not read; a visible sheet left alone reads as a workbook of one."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Ref", "Note"])
    book.active.append(["A1", "Families asked about warm spaces after the boiler scheme closed."])
    for title, state in (("Gladys Pennington", "hidden"), ("Lists", "veryHidden")):
        sheet = book.create_sheet(title)
        sheet.sheet_state = state
        sheet.append(["Name", "Notes"])
        sheet.append(["Gladys Pennington", "Ring her on 07700 900462 about the lunch club rota please."])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.warns(IngestWarning, match=r"^2 hidden sheets were not read; to include one, unhide it") as caught:
        doc = read(buffer.getvalue(), "notes/visits.xlsx")
    assert doc.text == "Families asked about warm spaces after the boiler scheme closed.\n"
    assert "sheet" not in doc.turns[0].metadata
    assert not any("Gladys" in str(w.message) for w in caught)


def test_cells_merged_down_give_every_row_their_value():
    # One date, organiser and area typed once for a day's visits, merged down over its rows.
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Ref", "Date of visit", "Organiser", "Hub area", "What we heard"])
    sheet.append(["V1", "2026-02-03", "Rachel Dunn", "Northfield", "Three families asked about warm spaces."])
    sheet.append(["V2", None, None, None, "A dad said the pantry is why the kids ate over half term."])
    sheet.append(["V3", None, None, None, "Two older residents have not left the flats since the lift broke."])
    for column in "BCD":
        sheet.merge_cells(f"{column}2:{column}4")
    buffer = io.BytesIO()
    book.save(buffer)
    doc = read(buffer.getvalue(), "notes/visits.xlsx")
    assert [(t.metadata["date"], t.metadata["author"], t.metadata["area"]) for t in doc.turns] == [
        ("2026-02-03", "Rachel Dunn", "Northfield")] * 3


def test_xlsx_sheets_and_unreadable_dates():
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        pd.DataFrame({"Ref": ["A1", "A2"], "Date of visit": ["2026-03-01", "not a date"],
                      "Organiser name": ["Owen Price", "Rachel Dunn"],
                      "What we heard": ["Walked round with two tenants", "Mould in every house"]}
                     ).to_excel(writer, sheet_name="walks", index=False)
        pd.DataFrame({"count": [1, 2]}).to_excel(writer, sheet_name="tally", index=False)
    with pytest.warns(IngestWarning):
        doc = read(out.getvalue(), "notes/walks.xlsx")
    assert doc.source_type == "xlsx" and doc.source_kind == "notes"
    assert [t.metadata.get("date") for t in doc.turns] == ["2026-03-01", None]
    assert [t.metadata["author"] for t in doc.turns] == ["Owen Price", "Rachel Dunn"]
    assert doc.turns[0].metadata["sheet"] == "walks"


@pytest.mark.parametrize("data", [b"PK\x03\x04broken", b"\x00\x01\x02" * 50])
def test_corrupt_xlsx(data):
    with pytest.raises(InputError):
        read(data, "notes/broken.xlsx")


def test_sample_notes(sample_project):
    from sensemaking.project import open_project

    project = open_project(sample_project)
    raw = project.raw_dir
    for path in sorted(raw.glob("notes/*")):
        rel = path.relative_to(raw).as_posix()
        mapping = project.config("ingest")["columns"].get(rel, {})
        doc = tables.read(path.read_bytes(), rel, ReadOptions(columns=mapping))
        assert doc.source_kind == "notes" and len(doc.turns) >= 50
        assert all(t.metadata.get("author") and t.metadata.get("date") for t in doc.turns)
        assert all(t.metadata.get("area") for t in doc.turns)


def test_how_a_sheet_was_read_names_its_columns_by_letter():
    from sensemaking.ingest.base import ReadAs

    with pytest.warns(ReadAs) as said:
        read(NOTES)
    assert [str(w.message) for w in said if w.category is ReadAs] == [
        ("notes in column F; id in column A; date in column B; author in column C; area in column D; "
         "1 other column kept (E), to compare groups by")]


TRANSCRIPT_TABLE = (
    "Speaker,Start Time,End Time,Text\n"
    "Luke Barnes,00:00:01,00:00:09,\"Right, that's recording now. So, Denise, before we start properly, it's for the council.\"\n"
    "Denise Holt,00:00:10,00:00:16,\"Yeah, that's fine, love. I've got till half eleven, then it's round to Mum's.\"\n"
    "Luke Barnes,00:00:17,00:00:25,So how long have you been looking after your mum now?\n"
    "Denise Holt,00:00:26,00:01:10,\"Oh, going on four years. Since Dad passed, really. She can't do the stairs.\"\n"
    ",00:01:11,00:01:30,\"And she won't have a stairlift, she says it's for old people, she's eighty-six!\"\n"
)


def test_a_transcript_kept_as_a_table_is_read_as_one():
    # A transcription tool's CSV export. It was read as a survey of five respondents, the
    # interviewer's questions among them, and "00:00:01" as the day it was read.
    with pytest.warns(ReadAs, match=r"turns in column D; speaker in column A; start time in column B; end time in column C"):
        doc = read(TRANSCRIPT_TABLE, "interviews/denise.csv")
    assert doc.source_kind == "interview"
    assert [t.speaker for t in doc.turns] == ["Luke Barnes", "Denise Holt", "Luke Barnes", "Denise Holt", "Denise Holt"]
    assert [(t.t_start, t.t_end, t.line_start) for t in doc.turns][-2:] == [(26.0, 70.0, 5), (71.0, 90.0, 6)]
    assert all("date" not in t.metadata and t.speaker_role is None for t in doc.turns)


def test_a_transcript_table_mapped_in_the_settings():
    table = TRANSCRIPT_TABLE.replace("Speaker,Start Time,End Time,Text", "Who,In,Out,Said")
    doc = read(table, "t.csv", columns={"text": "Said", "speaker": "Who", "time": "In"})
    assert doc.source_kind == "interview" and doc.turns[1].speaker == "Denise Holt" and doc.turns[1].t_start == 10.0
    with pytest.raises(InputError, match='needs the column of who speaks, or of the questions asked; add speaker = '):
        read(table, "t.csv", columns={"text": "Said", "kind": "interview"})


QUESTIONS = ("How long have you lived here?", "What do you think of the hub?", "What would you change?")


def test_an_interview_kept_as_its_questions_and_answers_is_asked_and_answered():
    # Read as a survey: each question a respondent, the question column a group to
    # compare by, "Answer" as every answer's question.
    answers = ("Thirty years, since the flats went up.", "Good for the pantry, but the hours are no use.",
               "Open later, and fix the lifts.")
    table = "Question,Answer\n" + "".join(f'{q},"{a}"\n' for q, a in zip(QUESTIONS, answers, strict=True))
    with pytest.warns(ReadAs, match=r"answers in column B; questions in column A"):
        doc = read(table, "interviews/beech_court.csv")
    assert doc.source_kind == "interview"
    said = [(t.speaker, doc.text[t.char_start:t.char_end]) for t in doc.turns]
    assert said == [x for pair in zip([("Q", q) for q in QUESTIONS], [("A", a) for a in answers],
                                      strict=True) for x in pair]
    mapped = read(table.replace("Question,", "Asked,"), "t.csv", columns={"text": "Answer", "question": "Asked"})
    assert [t.speaker for t in mapped.turns] == ["Q", "A"] * 3


def test_an_analysis_grid_is_a_conversation_a_person():
    # Questions down the side, a column of answers for each person interviewed.
    table = ("Question,Doreen,Sam\n" + f'{QUESTIONS[0]},"Thirty years, since the flats.","Two years, from Leeds."\n'
             f'{QUESTIONS[1]},"Good for the pantry.","Never been, did not know."\n')
    doc = read(table, "grid.csv")
    assert [(t.speaker, doc.text[t.char_start:t.char_end][:10]) for t in doc.turns] == [
        ("Q", "How long h"), ("Doreen", "Thirty yea"), ("Q", "What do yo"), ("Doreen", "Good for t"),
        ("Q", "How long h"), ("Sam", "Two years,"), ("Q", "What do yo"), ("Sam", "Never been")]
    # A survey's questions are its headers: its answers ask nothing.
    survey = read("What do you think of the hub?,Anything else?\nGood for the pantry really,No\n"
                  "Brilliant for the kids,More buses please\n", "survey.csv")
    assert survey.source_kind == "survey"
    asks = read("What would you ask the council?,Anything else?\nWhy is the hub shut on Fridays?,No\n"
                "When will the 42 come back?,More buses please\n", "survey.csv")
    assert asks.source_kind == "survey" and len(asks.turns) == 4  # answers that ask are answers


def test_a_speaker_column_with_a_name_a_row_is_no_transcript():
    # Notes of who was spoken to, one person a row: not voices taking turns, and names.
    notes = ("Speaker,Time,Comments\n"
             "Doreen Walsh,10:30,Says the bus to the hub has not come on time once this month\n"
             "Kwame Mensah,11:15,Would come to the lunch club if it were not on a Wednesday\n")
    with pytest.warns(IngestWarning, match="identify people"):
        doc = read(notes, "notes/visits.csv")
    assert doc.source_kind == "survey" and all(t.speaker is None for t in doc.turns)
    assert all("Speaker" not in t.metadata and "speaker" not in t.metadata for t in doc.turns)
    assert [t.metadata.get("Time") for t in doc.turns] == ["10:30", "11:15"]  # kept, as before


def test_a_transcript_table_resolves_its_voices_like_a_transcript(make_project):
    from openpyxl import Workbook

    from sensemaking import open_project
    from sensemaking.pipeline import run_stages

    book = Workbook()
    for line in TRANSCRIPT_TABLE.splitlines():
        book.active.append(next(csv.reader([line])))
    data = io.BytesIO()
    book.save(data)
    root = make_project({"interviews/denise_holt.xlsx": data.getvalue()},
                        participants="participant_id,name,role\nS1,Luke Barnes,staff\nC1,Denise Holt,carer\n",
                        toml='[ingest]\ninterviewer_roles = ["staff"]\n')
    project = open_project(root)
    run_stages(project, only=["ingest"])
    frame = project.excerpts
    assert len(frame) == 3 and frame["participant_id"].nunique() == 1  # Denise's turns; Luke's are context
    assert set(frame["speaker_role"]) == {"participant"} and list(frame["t_start"]) == [10.0, 26.0, 71.0]
    written = "\n".join(p.read_text(encoding="utf-8") for p in (root / ".sensemaking").rglob("*")
                        if p.is_file() and p.suffix in (".txt", ".json", ".csv"))
    for name in ("Denise", "Holt", "Luke", "Barnes"):
        assert name not in written and not frame["text"].str.contains(name).any(), name


def test_a_sheet_named_after_someone_in_the_manifest_is_their_interview(make_project):
    """A workbook of one question-and-answer interview a sheet, each sheet named after its
    interviewee: the answers are that participant's, with their area, where the manifest
    lists them. Each sheet had been a voice of its own, unlinked, while its name took the
    person's pseudonym; a sheet named after nobody listed stays a voice of its own."""
    from openpyxl import Workbook

    from sensemaking import open_project
    from sensemaking.pipeline import run_stages

    book = Workbook()
    for n, (name, answers) in enumerate([
            ("Doreen Walsh", ("Thirty years, since the flats went up.", "Good for the pantry, but the hours are no use.")),
            ("Kwame Mensah", ("Two years, we came from Leeds for work.", "Never been, did not know it was there."))]):
        sheet = book.active if n == 0 else book.create_sheet()
        sheet.title = name
        sheet.append(("Question", "Answer"))
        for question, answer in zip(("How long have you lived here?", "What do you think of the hub?"), answers):
            sheet.append((question, answer))
    data = io.BytesIO()
    book.save(data)
    manifest = "participant_id,name,area\nP01,Doreen Walsh,Northfield\n"
    project = open_project(make_project({"interviews.xlsx": data.getvalue()}, participants=manifest))
    run_stages(project, only=["ingest"])
    frame = project.excerpts
    assert frame["area"].tolist()[:2] == ["Northfield"] * 2 and frame["area"].isna().tolist()[2:] == [True] * 2
    assert frame["participant_id"].nunique() == 2 and frame["sheet"].iloc[0] == frame["participant_id"].iloc[0]
    assert "Kwame" not in frame.to_csv() and "Doreen" not in frame.to_csv()


def test_a_workbook_of_one_transcript_a_sheet_has_a_voice_for_each(make_project):
    # "Interviewee" in the Doreen sheet is not the one in the Kwame sheet: two people, who
    # had been one participant. The sheets' names (people's) reach no output.
    from openpyxl import Workbook

    from sensemaking import open_project
    from sensemaking.pipeline import run_stages

    book = Workbook()
    for n, (name, answers) in enumerate([
            ("Doreen", ("Since it opened, love. My daughter told me about it when I was struggling.",
                        "It gets me out of the house. Before that I could go a week without talking to anyone.")),
            ("Kwame", ("My mates mostly, and there is nowhere else to go after school round here.",
                       "Longer hours. It shuts at eight and then we are just on the street again."))]):
        sheet = book.active if n == 0 else book.create_sheet()
        sheet.title = name
        sheet.append(("Speaker", "Text"))
        for question, answer in zip(("What brings you here?", "What would you change?"), answers):
            sheet.append(("Interviewer", question))
            sheet.append(("Interviewee", answer))
    data = io.BytesIO()
    book.save(data)
    root = make_project({"interviews.xlsx": data.getvalue()})
    project = open_project(root)
    run_stages(project, only=["ingest"])
    frame = project.excerpts
    assert len(frame) == 4 and frame.groupby("participant_id").size().tolist() == [2, 2]
    assert frame.iloc[0]["participant_id"] != frame.iloc[2]["participant_id"]
    warned = [w for source in json.loads((root / ".sensemaking" / "ingest_report.json").read_text())["sources"]
              for w in source["warnings"]]
    assert len(warned) == len(set(warned)) == 1
    written = "\n".join(p.read_text(encoding="utf-8") for p in (root / ".sensemaking").rglob("*")
                        if p.is_file() and p.suffix in (".txt", ".json", ".csv"))
    assert "Doreen" not in written and "Kwame" not in written


def test_a_column_of_the_people_notes_are_about_is_not_carried():
    # "Resident: Zbyszek" was kept as a column to compare groups by, and a name no list
    # holds stayed in it after pseudonymising.
    notes = ("Date,Organiser,Resident,Spoke to,Note\n"
             "03/03/2026,Sam,Zbyszek,Mrs Khan,She has not been out since the 42 was cut and misses the lunch club\n"
             "04/03/2026,Sam,Araminta,the Walsh family,Says the youth club shuts too early for her two lads\n"
             "05/03/2026,Priya,Oyelaran,Mr Nowak,Worried about the damp in the back bedroom and the landlord\n")
    with pytest.warns(IngestWarning, match="2 column\\(s\\) that identify people"):
        doc = read(notes, "notes/visits.csv")
    assert all(set(t.metadata) == {"date", "author"} for t in doc.turns)
    # A "Resident" column of yes and no says who answered, not who they are: kept.
    survey = ("Resident,What would you change?\n" + "".join(
        f"{'Yes' if i % 3 else 'No'},More on at weekends for families and the bus back on route {i}\n" for i in range(9)))
    assert {t.metadata.get("Resident") for t in read(survey, "survey/s.csv").turns} == {"Yes", "No"}


def test_a_note_longer_than_the_csv_modules_limit_is_read():
    """A cell over 131,072 characters had the whole file skipped ("cannot be read (Error)")."""
    data = b'Date,Note\n2026-03-01,"' + b"The bus was late again today. " * 4400 + b'"\n2026-03-02,Short one.\n'
    frame = read_csv_table(data, "notes.csv")
    assert len(frame) == 2 and len(frame.iloc[0, 1]) > 131_072


def test_a_quote_never_closed_is_named_by_its_row():
    """An unclosed quote swallowed the rows after it into one cell, without a word."""
    data = (b'Date,Area,Note\n2026-03-01,Northfield,"Lift broken again\n'
            b"2026-03-02,Eastgate,Bins not collected\n2026-03-03,Eastgate,Damp in the flat\n")
    with pytest.warns(IngestWarning, match=r"row 2 opens a quote .* that is never closed"):
        read_csv_table(data, "notes.csv")


def test_dates_that_cannot_be_read_are_named_by_row():
    """"5 date(s) could not be read" named no row to mend."""
    data = (b"date,organiser,area,note\n2026-03-01,Rachel Dunn,Northfield,The lift broke again on Tuesday.\n"
            b"last Tues,Rachel Dunn,Northfield,Bins not collected for weeks now.\n"
            b"2026-03-05,Rach,Eastgate,Damp in every room of the flat.\n"
            b"31/02/2026,Rach,Eastgate,Nobody came about the heating.\n")
    with pytest.warns(IngestWarning, match=r"2 date\(s\) could not be read and were left empty \(row 3, 5\)"):
        tables.read(data, "notes.csv", ReadOptions())


def test_a_notes_table_with_no_header_row_keeps_its_first_note():
    """The first of four dated notes was taken for the header: lost, its words copied into
    a 'question' on every row and its values made into column names."""
    data = (b'2026-03-10,Rachel Dunn,Northfield,"Lift out again, third time this month."\n'
            b'2026-03-11,Rachel Dunn,Northfield,"Bins not collected for two weeks now."\n'
            b'2026-03-12,Rachel Dunn,Eastgate,"Damp in every room, kids on inhalers."\n'
            b'2026-03-13,Rachel Dunn,Eastgate,"Nobody came about the heating, again."\n')
    with pytest.warns(IngestWarning, match="row 1 is a row of data"):
        frame = read_csv_table(data, "notes.csv")
    assert len(frame) == 4 and frame.index[0] == -1  # row 1 of the file, as a spreadsheet numbers it
    with pytest.warns(IngestWarning, match="row 1 is a row of data"):
        doc = tables.read(data, "notes.csv", ReadOptions())
    assert "Lift out again" in doc.text and "2026_03_10" not in doc.text
    # its columns read by what they hold: the dates are dates, the column of names is not carried
    assert [t.metadata.get("date") for t in doc.turns] == ["2026-03-10", "2026-03-11", "2026-03-12", "2026-03-13"]
    assert not any("Rachel Dunn" in str(t.metadata) for t in doc.turns)


def test_formulas_written_with_no_saved_value_are_said():
    """A workbook written by a script: its formula cells read as empty without a word."""
    import io as bytes_io

    from openpyxl import Workbook

    from sensemaking.ingest.sheets import read_sheets

    book = Workbook()
    book.active.append(["date", "area", "note"])
    book.active.append(["2026-03-01", "Northfield", "The lift broke again today, third time."])
    book.active.append(["2026-03-02", "Eastgate", '=CONCATENATE("Damp ","everywhere")'])
    buffer = bytes_io.BytesIO()
    book.save(buffer)
    with pytest.warns(IngestWarning, match="1 formula cell holds no saved value"):
        read_sheets(buffer.getvalue(), "notes.xlsx")

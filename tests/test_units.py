"""The counting-unit rule: participant, else the note (its id or line), else the document."""

import numpy as np
import pandas as pd

from sensemaking.units import unit_keys, unit_kinds, voices


def _frame() -> pd.DataFrame:
    return pd.DataFrame({
        "excerpt_id": ["e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8"],
        "source_id": ["int/P01.txt", "int/P01.txt", "notes/visits.csv", "notes/visits.csv",
                      "notes/log.md", "notes/scan.pdf", "report.pdf", "survey.csv"],
        "source_kind": ["interview", "interview", "notes", "notes", "notes", "notes",
                        "document", "survey"],
        "participant_id": ["P01", "P01", None, None, np.nan, None, None, "survey.csv##7"],
        "author": [None, None, "Organiser A", "Organiser A", "Organiser B", None, None, None],
        "row_id": [None, None, "N07", "N08", None, None, None, None],
        "line_start": [3.0, 9.0, 2.0, 3.0, 14.0, np.nan, np.nan, 7.0],
    })


def test_unit_kinds():
    assert unit_kinds(_frame()).tolist() == [
        "participant", "participant", "note", "note", "note", "note", "document", "participant"]


def test_unit_keys_prefer_the_note_id_then_its_line_then_the_excerpt():
    assert unit_keys(_frame()).tolist() == [
        "P01", "P01", "notes/visits.csv#N07", "notes/visits.csv#N08", "notes/log.md#14",
        "notes/scan.pdf#e6", "report.pdf", "survey.csv##7"]


def test_note_id_is_used_when_there_is_no_row_id():
    frame = _frame().assign(note_id=[None, None, None, None, "L1", None, None, None])
    assert unit_keys(frame).tolist()[4] == "notes/log.md#L1"


def test_voices_show_a_notes_author():
    assert voices(_frame()).tolist() == [
        "P01", "P01", "Organiser A", "Organiser A", "Organiser B", "notes/scan.pdf#e6",
        "report.pdf", "survey.csv##7"]


def test_keep_the_frame_index_and_missing_columns():
    frame = pd.DataFrame({"source_id": ["a.txt", "b.txt"]}, index=["x", "y"])
    assert unit_keys(frame).to_dict() == {"x": "a.txt", "y": "b.txt"}
    assert unit_kinds(frame).to_dict() == {"x": "document", "y": "document"}

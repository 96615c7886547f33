"""Tables as people save them (CSV from any spreadsheet, `.xlsx` workbooks) read into
tables of strings: any common encoding and delimiter, empty rows and columns dropped, the
index keeping each row's position so row numbers are those the sheet shows.

Exports are read as they come: a title typed above the header row is passed over, and
SurveyMonkey's second header row and Qualtrics' question and import-id rows are left out
(Qualtrics' questions name its columns; `frame.attrs["codes"]` maps each code, "Q1", to
its question).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import PurePosixPath

import pandas as pd

from .base import unreadable
from .decode import decode


def read_sheets(data: bytes, path: str) -> dict[str | None, pd.DataFrame]:
    """A `.xlsx` workbook's sheets by name (None for a workbook of one sheet), or a CSV
    file as one table under None; tables of strings as `read_csv_table` makes them."""
    if PurePosixPath(path).suffix.lower() == ".xlsx":
        return _xlsx(data, path)
    return {None: read_csv_table(data, path)}


def read_csv_table(data: bytes, path: str) -> pd.DataFrame:
    """A CSV file's bytes as a table of strings: any common encoding (see `decode`), the
    delimiter sniffed (, ; tab |), cells and headers stripped, empty rows and columns
    dropped (the index keeps each row's position in the file)."""
    text = decode(data, path)
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
        sep = dialect.delimiter
    except csv.Error:
        sep = ","
    try:
        # Blank lines are kept as rows (and dropped by `_tidy`), so the index counts them
        # and row numbers are those a spreadsheet shows.
        frame = _read_csv(text, sep)
    except Exception as exc:  # noqa: BLE001 -- pandas parser errors quote the line
        # A title line above the header ("Organiser notes, spring 2026"): the header is
        # further down; the index still counts the lines above it.
        for header in range(1, 10):
            try:
                frame = _read_csv(text, sep, header)
            except Exception:  # noqa: BLE001, S112 -- not this line either
                continue
            if len(frame.columns) > 1 and isinstance(frame.index, pd.RangeIndex):
                frame.index += header
                break
        else:
            raise unreadable("a CSV table", path, exc, "open it in a spreadsheet and save it as "
                             "CSV (UTF-8) again") from None
    return _tidy(frame)


def _read_csv(text: str, sep: str, header: int = 0) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                       skip_blank_lines=False, header=header)


def _xlsx(data: bytes, path: str) -> dict[str | None, pd.DataFrame]:
    try:
        sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, dtype=str, engine="openpyxl")
    except Exception as exc:  # noqa: BLE001 -- zip/XML errors of a damaged file
        raise unreadable("an Excel workbook", path, exc, "open it in Excel and save it again as "
                         ".xlsx") from None
    many = len(sheets) > 1
    return {(name if many else None): _tidy(frame.fillna("")) for name, frame in sheets.items()}


# SurveyMonkey's exports have a second header row naming each column's answer type.
_SUBHEADER = re.compile(r"(?:open-ended response|response|other \(please specify\))", re.IGNORECASE)


def _tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """String cells, headers stripped, empty rows and columns dropped, a title above the
    header row and a second header row ("Open-Ended Response") left out."""
    frame = frame.astype(str).apply(lambda col: col.str.strip())
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.loc[:, [not (c.startswith("Unnamed:") and not frame[c].any()) for c in frame.columns]]
    frame = _under_title(frame[(frame != "").any(axis=1)] if len(frame.columns) else frame)
    if len(frame) and all(_SUBHEADER.fullmatch(v) for v in frame.iloc[0] if v):
        frame = frame.iloc[1:]
    elif len(frame) > 1 and all(v.startswith('{"ImportId"') for v in frame.iloc[1] if v):
        # Qualtrics: column codes (Q1), then each question's text, then import ids. The
        # questions name the columns; `attrs["codes"]` keeps what each was called.
        questions = [q or c for c, q in zip(frame.columns, frame.iloc[0])]
        codes = dict(zip(frame.columns, questions))
        frame = frame.iloc[2:].set_axis(questions, axis=1)
        frame.attrs["codes"] = codes
    return frame


def _under_title(frame: pd.DataFrame) -> pd.DataFrame:
    """A sheet with a title typed above its header ("Organiser notes, spring 2026" in A1),
    or headings over groups of columns in merged cells ("About you" over three), was read
    with those as the header, most columns unnamed: the first row that fills every column
    with short labels is the header, and what is above it goes."""
    named = sum(not c.startswith("Unnamed:") for c in frame.columns)
    if len(frame.columns) < 2 or named > len(frame.columns) / 2:
        return frame
    for i in range(min(10, len(frame))):
        cells = frame.iloc[i].tolist()
        if all(cells) and all(len(v) <= 60 and not any(ch.isdigit() for ch in v) for v in cells):
            return frame.iloc[i + 1:].set_axis(cells, axis=1)
    return frame

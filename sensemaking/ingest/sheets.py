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
import statistics
import warnings
import zipfile
from collections import Counter
from pathlib import PurePosixPath

import pandas as pd

from .base import IngestWarning, unreadable
from .decode import decode, visible


def read_sheets(data: bytes, path: str) -> dict[str | None, pd.DataFrame]:
    """A `.xlsx` workbook's visible sheets by name (None for a workbook of one), or a CSV
    file as one table under None; tables of strings as `read_csv_table` makes them."""
    if PurePosixPath(path).suffix.lower() == ".xlsx":
        return _xlsx(data, path)
    return {None: read_csv_table(data, path)}


_DELIMITERS = ",;\t|"


def _warn_unclosed_quote(text: str, sep: str, rows: list[list[str]]) -> None:
    """Warn when a quote that opens a cell is never closed: everything after it, to the
    end of the file, was read as that one cell (the rows after it lost as rows). Such a
    cell is in the last row and holds a line break; only then is the file read again,
    strictly, to tell it from a note typed over several lines."""
    if not rows or not any("\n" in cell for cell in rows[-1]):
        return
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True):
            pass
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            warnings.warn(f"row {len(rows)} opens a quote (\") that is never closed, so every line after "
                          "it was read into that one cell; close the quote, or take it out, and run "
                          "ingest again", IngestWarning, stacklevel=3)


def read_csv_table(data: bytes, path: str) -> pd.DataFrame:
    """A CSV file's bytes as a table of strings: any common encoding (see `decode`), the
    delimiter sniffed (, ; tab |), cells and headers stripped, empty rows and columns
    dropped (the index keeps each row's position in the file: row `i + 2` as a
    spreadsheet numbers it).

    The header is the first row with at least as many cells (up to its last one not
    blank) as the median row, so a title typed above it ("Organiser notes, spring 2026")
    is passed over, unless the first row is short labels ("id,text") and the wider one is
    plainly data (answers all typed with a comma outside quotes). A row with more cells
    than the header is a delimiter typed in a note outside quotes ("Tanner St, approx 30
    doors"): its extra cells are joined back into the column that holds the most text, and
    a warning names the rows to check.
    """
    text = decode(data, path)
    try:
        sep = csv.Sniffer().sniff(text[:8192], delimiters=_DELIMITERS).delimiter
    except csv.Error:  # rows of unequal length: the delimiter the header line uses most
        first = text.lstrip().split("\n", 1)[0]
        sep = max(_DELIMITERS, key=first.count) if any(d in first for d in _DELIMITERS) else ","
    # a note may be longer than the csv module's 131,072 characters: the whole file was skipped
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    except csv.Error as exc:
        raise unreadable("a CSV table", path, exc, "open it in a spreadsheet and save it as "
                         "CSV (UTF-8) again") from None
    _warn_unclosed_quote(text, sep, rows)
    filled = [_filled(row) for row in rows]
    if not any(filled):
        return pd.DataFrame()
    usual = statistics.median_low([n for n in filled if n])
    top = next(i for i, n in enumerate(filled) if n >= usual)
    first = next(i for i, n in enumerate(filled) if n)
    if first < top and _labels(rows[first]) and _reads_as_data(rows[top], rows[top + 1:]):
        top = first  # "id,text" above answers that all have a comma outside quotes: no title
    header, body = rows[top], rows[top + 1:]
    if _shaped_like_below(header, body):  # no header row: the first is one of the notes
        warnings.warn(f"row {top + 1} is a row of data (its dates or ids are shaped as those below "
                      "it), so the file has no header row; its columns are read by what they hold: "
                      "add a header row (date,organiser,area,note) to name them", IngestWarning, stacklevel=2)
        header, body, top = [""] * len(header), rows[top:], top - 1
    body = _fit_rows(body, len(header), top, sep)
    frame = pd.DataFrame(body, columns=_column_names(header), index=range(top, top + len(body)), dtype=str)
    return _tidy(frame)


def _labels(row: list[str]) -> bool:
    """Two or more short labels without figures ("id", "text"), as a header is; a title
    ("Organiser notes, spring 2026") has figures or one cell."""
    cells = [c.strip() for c in row if c.strip()]
    return len(cells) > 1 and all(len(c.split()) <= 3 and not any(ch.isdigit() for ch in c) for c in cells)


def _shape(cell: str) -> str:
    """A cell's shape: letters as a, figures as 0 ("R12" and "r3" are both "a0")."""
    return re.sub(r"(?:[a-z]+|\d+)", lambda m: "0" if m[0][0].isdigit() else "a", cell.strip().lower())


def _reads_as_data(row: list[str], below: list[list[str]]) -> bool:
    """A row that is one of the rows below it, not their header: a sentence in a cell (six
    words or more), or an id shaped as the cells below it are (`_shaped_like_below`)."""
    return any(len(cell.split()) >= 6 for cell in row) or _shaped_like_below(row, below)


def _shaped_like_below(row: list[str], below: list[list[str]]) -> bool:
    """A cell with figures shaped as most of the cells below it ("r1" over "r2", "r3";
    "2026-03-10" over dates): a row of data, whatever its other cells hold (a survey's
    header may be a question of six words or more)."""
    for column, cell in enumerate(row):
        values = [r[column] for r in below if len(r) > column and r[column].strip()]
        if any(ch.isdigit() for ch in cell) and len(values) >= 3 and \
                sum(_shape(v) == _shape(cell) for v in values) >= 0.8 * len(values):
            return True
    return False


class ExtraCells(IngestWarning):
    """Rows with more cells than the header, joined back into one column (`_fit_rows`);
    `rows` names them ("3, 7"). A settings table refuses them (`manifest.read_table`)."""

    def __init__(self, message: str, rows: str):
        super().__init__(message)
        self.rows = rows


def _fit_rows(rows: list[list[str]], width: int, top: int, sep: str) -> list[list[str]]:
    """Rows padded to `width` cells, and longer ones joined back (by `sep`) into the
    column with the most text, with a warning that names them."""
    good = [row for row in rows if len(row) == width]
    lengths = [sum(len(row[c]) for row in good) for c in range(width)]
    wordy = max(range(width), key=lambda c: (lengths[c], c)) if width else 0
    longer = []
    fitted = []
    for i, row in enumerate(rows):
        row = row[:max(width, _filled(row))]  # trailing empty cells ("a,b,c,") are no cells
        if len(row) > width:
            extra = len(row) - width
            row = row[:wordy] + [sep.join(row[wordy:wordy + extra + 1])] + row[wordy + extra + 1:]
            longer.append(top + i + 2)
        fitted.append(row + [""] * (width - len(row)))
    if longer:
        shown = ", ".join(map(str, longer[:10])) + (f" and {len(longer) - 10} more" if len(longer) > 10 else "")
        one = len(longer) == 1
        typed = "comma" if sep == "," else "separator"
        warnings.warn(ExtraCells(
            f"{'row' if one else 'rows'} {shown} had more cells than the header row (a "
            f"{typed} typed in the text, outside quotes?); the extra cells were read as part "
            f"of the column with the most text: check {'it' if one else 'them'}, or put that "
            "text in quotes", shown), stacklevel=3)
    return fitted


def _filled(row: list[str]) -> int:
    """Cells up to the last one that is not blank."""
    n = len(row)
    while n and not row[n - 1].strip():
        n -= 1
    return n


def _column_names(header: list[str]) -> list[str]:
    """Header cells as pandas names them: "Unnamed: i" for a blank one, "x.1" for a repeat."""
    names, seen = [], Counter()
    for i, cell in enumerate(header):
        name = cell.strip() or f"Unnamed: {i}"
        names.append(f"{name}.{seen[name]}" if seen[name] else name)
        seen[name] += 1
    return names


def _xlsx(data: bytes, path: str) -> dict[str | None, pd.DataFrame]:
    """The workbook's visible sheets: a hidden one is read by no one who opens the file."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
        _fill_merged_down(book)
        shown = [sheet.title for sheet in book.worksheets if sheet.sheet_state == "visible"]
        sheets = pd.read_excel(book, sheet_name=shown, dtype=str, engine="openpyxl")
    except Exception as exc:  # noqa: BLE001 -- zip/XML errors of a damaged file
        raise unreadable("an Excel workbook", path, exc, "open it in Excel and save it again as "
                         ".xlsx") from None
    hidden = len(book.worksheets) - len(shown)
    if hidden:  # lists behind drop-downs, workings, or contacts put out of sight: not by name
        warnings.warn(f"{hidden} hidden {'sheet was' if hidden == 1 else 'sheets were'} not read; to "
                      "include one, unhide it in Excel (right-click a sheet's tab, Unhide) and run "
                      "again", IngestWarning, stacklevel=3)
    if uncached := _uncached_formulas(data):
        warnings.warn(f"{uncached} formula {'cell holds' if uncached == 1 else 'cells hold'} no "
                      "saved value (the file was written by a program, not saved in Excel) and "
                      f"read as empty; open it in Excel and save it to keep {'its value' if uncached == 1 else 'their values'}",
                      IngestWarning, stacklevel=3)
    many = len(sheets) > 1
    return {(name if many else None): _tidy(frame.fillna("")) for name, frame in sheets.items()}


_CELL = re.compile(rb"<c\b[^>]*?(?:/>|>(.*?)</c>)", re.DOTALL)
_SAVED = re.compile(rb"<v>[^<]")  # a value saved with the formula (an empty <v></v> is none)


def _uncached_formulas(data: bytes) -> int:
    """Formula cells with no value saved beside them, which read as empty: Excel saves
    each formula's last value; a file written by a script may not."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/")]
    return sum(1 for xml in sheets if b"<f" in xml  # most sheets hold no formula: no cells read
               for m in _CELL.finditer(xml) if m[1] and b"<f" in m[1] and not _SAVED.search(m[1]))


def _fill_merged_down(book) -> None:
    """A cell merged down over several rows (one date or organiser for a day's notes)
    holds its value in every row it covers; openpyxl gives it to the first row only.
    Cells merged across columns (a heading over a group of columns) are left as they are
    (see `_under_title`)."""
    for sheet in book.worksheets:
        for merged in list(sheet.merged_cells.ranges):
            if merged.min_col != merged.max_col or merged.min_row == merged.max_row:
                continue
            value = sheet.cell(merged.min_row, merged.min_col).value
            sheet.unmerge_cells(str(merged))
            for row in range(merged.min_row + 1, merged.max_row + 1):
                sheet.cell(row, merged.min_col).value = value


# SurveyMonkey's exports have a second header row naming each column's answer type.
_SUBHEADER = re.compile(r"(?:open-ended response|response|other \(please specify\))", re.IGNORECASE)


def _tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """String cells, headers stripped, empty rows and columns dropped, a title above the
    header row and a second header row ("Open-Ended Response") left out."""
    frame = frame.astype(str).apply(lambda col: col.map(visible).str.strip())
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

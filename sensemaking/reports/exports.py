"""Coded excerpts as a table (CSV and XLSX): one row per excerpt and team theme.

For analysts who continue in a spreadsheet or another tool: each row names the theme (id,
label, status), the excerpt's provenance (source, lines, page, times, character offsets),
its speaker's pseudonym and attributes, and the pseudonymised text. Excerpts from people
who asked not to be quoted keep their row and counts but their text is left out.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from .. import io as sm_io
from .inputs import ReportInputs, missing
from .zipfiles import normalise_zip

CODED_EXCERPT_COLUMNS: dict[str, str] = {
    "theme_id": "the team's theme id (T01, ...)",
    "theme_label": "the team's label",
    "theme_status": "candidate, agreed or parked",
    "codes": "codes the team gave the excerpt by hand (a second theme, or their own), '; ' between",
    "excerpt_id": "the excerpt's stable id",
    "source_id": "pseudonymised source name",
    "source_kind": "interview, conversation (a group chat), notes, survey or document",
    "participant_id": "speaker's pseudonym, empty for notes and documents",
    "author": "note author's pseudonym",
    "role": "speaker's role",
    "area": "area",
    "date": "date of the interview, note or answer",
    "line_start": "first line in the source",
    "line_end": "last line in the source",
    "page": "page (pdf)",
    "t_start": "start time in seconds",
    "char_start": "offset into the stored pseudonymised source text",
    "char_end": "end offset (exclusive)",
    "quote_ok": "false: counted, never quoted (text left empty)",
    "text": "the pseudonymised excerpt",
    "run_id": "themes run the table was resolved against",
}
_WIDTHS = {"theme_label": 28, "source_id": 34, "text": 80}


def coded_excerpts_frame(inputs: ReportInputs) -> pd.DataFrame:
    """The table (columns in `CODED_EXCERPT_COLUMNS`), sorted by theme then excerpt."""
    pairs = inputs.resolved[["theme_id", "label", "status", "excerpt_ids"]].explode("excerpt_ids")
    pairs = pairs.dropna(subset=["excerpt_ids"]).rename(columns={
        "label": "theme_label", "status": "theme_status", "excerpt_ids": "excerpt_id"})
    table = pairs.merge(inputs.excerpts, on="excerpt_id", how="inner")
    for column in CODED_EXCERPT_COLUMNS:
        if column not in table:
            table[column] = None
    quotable = table["quote_ok"].map(lambda v: v is not False and str(v).lower() not in ("false", "no"))
    table["quote_ok"] = quotable
    table["text"] = table["text"].where(quotable, "")
    hand = inputs.hand_codes()
    table["codes"] = table["excerpt_id"].map(lambda e: "; ".join(hand.get(str(e), [])))
    table["run_id"] = inputs.run_id
    table = table.sort_values(["theme_id", "excerpt_id"]).reset_index(drop=True)
    return table[list(CODED_EXCERPT_COLUMNS)]


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    return sm_io.write_csv(path, frame)


def write_xlsx(frame: pd.DataFrame, path: Path, when: date) -> Path:
    """An XLSX with a frozen, bold header and readable widths; fixed dates inside."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Coded excerpts"
    sheet.append(list(frame.columns))
    for r, row in enumerate(frame.itertuples(index=False), start=2):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c, value=_cell(value))
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # people's words, never a formula
    for n, column in enumerate(frame.columns, start=1):
        sheet.cell(row=1, column=n).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(n)].width = _WIDTHS.get(column, 14)
    for cell in sheet[get_column_letter(frame.columns.get_loc("text") + 1)][1:]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    stamp = datetime(when.year, when.month, when.day)
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = "sensemaking"
    buf = io.BytesIO()
    # openpyxl's own save() stamps the clock into the file; its writer does not.
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    return sm_io.write_bytes(path, normalise_zip(buf.getvalue(), when))


def _cell(value):
    """Spreadsheet-friendly value: no NaN, no numpy types."""
    if missing(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value

"""Dates written in notes: a dated heading, a line that is only a date, a note that starts
with its date. Field notes are kept by day ("## Tuesday 3 March", "3 March: pantry busy"),
often without the year, which is then taken from the file's own date.

A date without its year is written as ISO 8601 writes one, `--MM-DD`; `in_year_of` gives
it the year that puts it nearest the document's date.
"""

from __future__ import annotations

import datetime as dt
import re

from .base import iso_date

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = (r"(?:january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul|august|aug"
          r"|september|sept|sep|october|oct|november|nov|december|dec)\.?")
_NTH = r"(?:st|nd|rd|th)?"
_DATE = (rf"(?P<d1>\d{{1,2}}){_NTH}[ \t]+(?P<m1>{_MONTH})(?:[ \t,]+(?P<y1>\d{{4}}))?"
         rf"|(?P<m2>{_MONTH})[ \t]+(?P<d2>\d{{1,2}}){_NTH}(?:,?[ \t]+(?P<y2>\d{{4}}))?"
         r"|(?P<numeric>\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4})")
# At a line's start: a weekday, then a date or a numeric day and month ("Tue 3/3").
_STARTS = (r"[ \t]*(?:\*\*|__)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?[ \t]+)?"
           rf"(?:{_DATE}|(?P<dm>\d{{1,2}}/\d{{1,2}}))\b")
_SEPARATOR = r"[ \t]*(?:[:–—,)\t]|-[ \t]|(?<=[ \t])-)"

# A day and month in a heading, the year if written: "## Tuesday 3 March", "March 3rd, 2026",
# "2026-03-03", "3/3/2026" (numeric dates need their year; they are read day first).
_IN_HEADING = re.compile(rf"\b(?:{_DATE})\b", re.IGNORECASE)
# A note that starts with its date, as a log kept one note a line: "3 March: pantry busy",
# "Tue 3/3 - ...", "2026-03-03 Lunch club ..." (a numeric date with its year needs no
# colon or dash after it).
_DATED_LINE = re.compile(rf"{_STARTS}(?(numeric){_SEPARATOR}?|{_SEPARATOR})[ \t]*(?=\S)", re.IGNORECASE)
# A line that is only a date, as a heading typed in bold rather than styled: "Tuesday 3
# March", "**3/3/2026**", "March 5th:".
_DATE_ONLY = re.compile(rf"{_STARTS}[ \t]*[:.]?(?:\*\*|__)?[ \t]*", re.IGNORECASE)


def heading_date(heading: str) -> str | None:
    """The date a heading gives: YYYY-MM-DD, or --MM-DD where it has no year."""
    m = _IN_HEADING.search(heading)
    return _date_of(m) if m else None


def date_heading(text: str, start: int, end: int) -> bool:
    """True when `text[start:end]` (a line) is only a date."""
    return _DATE_ONLY.fullmatch(text, start, end) is not None


def dated_line(text: str, start: int, end: int) -> tuple[str | None, int]:
    """(the date a line opens with, where its note starts), or (None, `start`)."""
    m = _DATED_LINE.match(text, start, end)
    return (_date_of(m), m.end()) if m else (None, start)


def in_year_of(date: str | None, doc_date: str | None) -> str | None:
    """`date`, else `doc_date`. A date without its year (--MM-DD) takes the year that puts
    it nearest `doc_date`, and is dropped when there is none."""
    if not date or not date.startswith("--"):
        return date or doc_date
    if not doc_date:
        return None
    near = dt.date.fromisoformat(doc_date[:10])
    month, day = map(int, date[2:].split("-"))
    options = []
    for year in (near.year - 1, near.year, near.year + 1):
        try:
            options.append(dt.date(year, month, day))
        except ValueError:  # 29 February
            continue
    return min(options, key=lambda d: abs((d - near).days)).isoformat() if options else doc_date


def _date_of(m: re.Match) -> str | None:
    """The date a match of the patterns above names (see `heading_date`)."""
    if m["numeric"]:
        return iso_date(m["numeric"])
    if m.groupdict().get("dm"):
        day, month, year = *m["dm"].split("/"), None
    else:
        day, month, year = m["d1"] or m["d2"], m["m1"] or m["m2"], m["y1"] or m["y2"]
        month = _MONTHS.index(month[:3].lower()) + 1
    try:
        when = dt.date(int(year or 2000), int(month), int(day))  # 2000: 29 Feb too
    except ValueError:
        return None
    return when.isoformat() if year else when.strftime("--%m-%d")

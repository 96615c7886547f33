"""The report as an editable Word document (python-docx), for partners who rework it.

Real heading styles (Title, Heading 1-3) so the navigation pane and a table of contents
work; tables in a built-in style; charts as pictures with alt text; quotes in the Quote
style with their excerpt ID; A4 with page numbers. Core properties carry the report's data
date, never the clock, and the zip is written with fixed dates: same inputs, same bytes.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .. import __version__
from ..wording import plural
from .content import WHO_NOT_RECORDED
from .html import SECTIONS
from .zipfiles import normalise_zip

MUTED = RGBColor(0x5F, 0x63, 0x68)
WARN = RGBColor(0x8A, 0x4B, 0x00)
TABLE_STYLE = "Light List Accent 1"


def render_docx(content: dict[str, Any], *, when: date) -> bytes:
    """DOCX bytes of the report."""
    doc = Document()
    _page_setup(doc, content)
    _cover(doc, content)
    titles = dict(SECTIONS)
    _summary(doc, content, titles["summary"])
    _themes(doc, content, titles["themes"])
    _patterns(doc, content, titles["patterns"])
    _surprises(doc, content, titles["surprises"], titles["missing"])
    _decisions(doc, content, titles["decisions"])
    _method(doc, content, titles["method"])
    _properties(doc, content, when)
    buf = io.BytesIO()
    doc.save(buf)
    return normalise_zip(buf.getvalue(), when)


# -- document furniture ------------------------------------------------------------------------
def _page_setup(doc, content: dict[str, Any]) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(20), Mm(22)
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    header = section.header.paragraphs[0]
    header.text = content["title"] + (" · DRAFT: themes not yet agreed" if content["draft"] else "")
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")


def _field(paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the pages out."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        else:
            node = OxmlElement("w:instrText" if text == code else "w:t")
            node.set(qn("xml:space"), "preserve")
            node.text = text
        run._r.append(node)


def _properties(doc, content: dict[str, Any], when: date) -> None:
    props = doc.core_properties
    stamp = datetime(when.year, when.month, when.day)
    props.title = content["title"]
    props.subject = "Learning and insights report"
    props.author = props.last_modified_by = f"sensemaking {__version__}"
    props.created = props.modified = props.last_printed = stamp
    props.revision = 1
    props.comments = f"Themes run {content['run_id']}"


def _muted(doc, text: str, size: float = 9) -> None:
    run = doc.add_paragraph().add_run(text)
    run.font.size = Pt(size)
    run.font.color.rgb = MUTED


def _table(doc, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = doc.styles[TABLE_STYLE]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = str(text)
    _repeat_header(table)
    doc.add_paragraph()


def _repeat_header(table) -> None:
    """Repeat the header row on each page, and keep rows whole across page breaks."""
    for n, row in enumerate(table.rows):
        props = row._tr.get_or_add_trPr()
        node = OxmlElement("w:tblHeader" if n == 0 else "w:cantSplit")
        props.append(node)


def _quote(doc, quote: dict[str, str]) -> None:
    doc.add_paragraph(f"“{quote['text']}”", style="Quote")
    _muted(doc, f"{quote['who']} · excerpt {quote['excerpt_id']}")


def _picture(doc, chart) -> None:
    doc.add_picture(io.BytesIO(chart.png), width=Mm(165))
    properties = doc.paragraphs[-1].runs[-1]._r.xpath(".//wp:docPr")
    if properties:
        properties[0].set("descr", chart.alt)
        properties[0].set("title", chart.title)
    _muted(doc, chart.title + ".")


# -- sections -----------------------------------------------------------------------------------
def _cover(doc, content: dict[str, Any]) -> None:
    o = content["overview"]
    doc.add_paragraph(content["title"], style="Title")
    doc.add_paragraph(o["heard"], style="Subtitle")
    if content["draft"]:
        run = doc.add_paragraph().add_run(
            "Draft. Some themes are not yet agreed by the team; this report may change.")
        run.bold = True
        run.font.color.rgb = WARN
    doc.add_paragraph(
        f"{o['participants']} people interviewed or surveyed · {plural(o['sources'], 'source')} · "
        f"{plural(o['excerpts'], 'excerpt')} · {plural(len(content['themes']), 'theme')} reported")
    _muted(doc, f"{content['provenance']} · themes run {content['run_id']}")
    doc.add_heading("How to read this report", level=2)
    for term, text in content["reading"]:
        paragraph = doc.add_paragraph(style="List Bullet")
        paragraph.add_run(term).bold = True
        paragraph.add_run(" " + text)


def _summary(doc, content: dict[str, Any], title: str) -> None:
    doc.add_heading(title, level=1)
    by_area = any(t["areas"] for t in content["themes"])  # no column of zeros without areas
    rows = [[t["label"], str(t["voices"]), str(t["excerpts"]), *([str(len(t["areas"]))] if by_area else []),
             t["status"]] for t in content["themes"]]
    if rows:
        _table(doc, ["Theme", "Voices", "Excerpts", *(["Areas"] if by_area else []), "Status"], rows)
        _muted(doc, "A voice is one participant, one organiser note or one document.")
    for chart in content["charts"]:
        if chart.key == "prevalence":
            _picture(doc, chart)
    if content["other_themes"]:
        doc.add_heading("Other themes", level=2)
        _table(doc, ["Theme", "Voices", "Status"], [
            [t["label"], str(t["voices"]), "set aside" if t["status"] == "parked" else "under discussion"]
            for t in content["other_themes"]])


def _themes(doc, content: dict[str, Any], title: str) -> None:
    doc.add_heading(title, level=1)
    for n, t in enumerate(content["themes"], start=1):
        doc.add_heading(f"{n}. {t['label']}", level=2)
        if t["raised_in_room"]:
            _muted(doc, content["raised_in_room"] + ".", 10)
            _theme_body(doc, t, content["k"])
            continue
        facts = (f"{plural(t['voices'], 'voice')}: {plural(t['people'], 'participant')}"
                 + (f" and {plural(t['other_units'], 'note or document', 'notes or documents')}"
                    if t["other_units"] else "") + f" · {plural(t['excerpts'], 'excerpt')}")
        if t["stability"] is not None:
            facts += f" · stability {t['stability']:.2f}"
        if t["tentative"]:
            facts += " · tentative"
        _muted(doc, facts, 10)
        _theme_body(doc, t, content["k"])


def _theme_body(doc, t: dict[str, Any], k: int) -> None:
    doc.add_heading("What people said", level=3)
    if t["memo"]:
        doc.add_paragraph(t["memo"])
        _muted(doc, "The team's summary.")
    elif t["summary"]:
        _muted(doc, "Machine-drafted: sentences picked by the tool from what different people "
                    "said. The team has not written its own summary yet.")
        for s in t["summary"]:
            doc.add_paragraph(f"“{s['text']}” ({s['excerpt_id']})", style="List Bullet")
    if t["raised_in_room"]:
        return
    doc.add_heading("Who raised it", level=3)
    for who in t["who"]:
        doc.add_paragraph(f"{who['name']}: {who['text']}")
    _muted(doc, f"Counts of voices; fewer than {k} are shown as “<{k}” to protect people."
           if t["who"] else WHO_NOT_RECORDED)
    if t["quotes"]:
        doc.add_heading("In their words", level=3)
        for quote in t["quotes"]:
            _quote(doc, quote)
    if t["surprises"]:
        doc.add_heading("Related surprises", level=3)
        for s in t["surprises"]:
            doc.add_paragraph(f"{s['kind']}. {s['explanation']} {s['question']}", style="List Bullet")
    if t["dissent"]:
        doc.add_heading("Dissenting voices", level=3)
        for s in t["dissent"]:
            doc.add_paragraph(f"{s['explanation']} {s['question']}")
            if s["example"]:
                _quote(doc, s["example"])


def _patterns(doc, content: dict[str, Any], title: str) -> None:
    doc.add_heading(title, level=1)
    for chart in content["charts"]:
        if chart.key != "prevalence":
            _picture(doc, chart)


def _surprises(doc, content: dict[str, Any], title: str, missing_title: str) -> None:
    doc.add_heading(title, level=1)
    doc.add_paragraph("Things the tool flagged for a closer look, strongest first. They are "
                      "prompts for discussion, not conclusions.")
    for s in content["surprises"]:
        doc.add_heading(s["kind"] + (f": {s['theme']}" if s.get("theme") else ""), level=2)
        doc.add_paragraph(s["explanation"])
        doc.add_paragraph().add_run(s["question"]).italic = True
        if s["example"]:
            _quote(doc, s["example"])
    doc.add_heading(missing_title, level=1)
    doc.add_paragraph("Who we heard from, against who the programme serves. A gap is a question "
                      "about how the listening was done, not a finding about the group.")
    for s in content["missing"]["items"]:
        doc.add_paragraph(f"{s['explanation']} {s['question']}", style="List Bullet")
    if content["missing"]["coverage"]:
        _table(doc, ["Group", "Voices heard", "Share heard", "Share expected"], [
            [f"{r['value']} ({r['attribute']})", r["heard"], r["heard_pct"], r["expected_pct"]]
            for r in content["missing"]["coverage"]])


def _decisions(doc, content: dict[str, Any], title: str) -> None:
    doc.add_heading(title, level=1)
    d = content["decisions"]
    if not d["items"] and not d["other"]:
        doc.add_paragraph("The team has not recorded any decisions yet: the themes are the "
                          "tool's proposals.")
    else:
        doc.add_paragraph(f"The tool proposes; the team decides. {plural(d['authors'], 'person', 'people')} "
                          "reviewed the themes. Every decision is kept in the project's annotation log.")
        if d["items"]:
            _table(doc, ["Date", "Decision", "Why", "By"],
                   [[e["date"], e["what"], e["reason"], e["author"]] for e in d["items"]])
        if d["other"]:
            doc.add_paragraph("Also: " + "; ".join(d["other"]) + ".")
    if d["runs"]:
        doc.add_paragraph(d["runs"])


def _method(doc, content: dict[str, Any], title: str) -> None:
    m = content["method"]
    doc.add_heading(title, level=1)
    doc.add_heading("What we read", level=2)
    _table(doc, ["Kind", "Sources", "Excerpts", "People", "Dates"], [
        [r["kind"], str(r["sources"]), str(r["excerpts"]),
         str(r["people"]) if r["people"] else plural(r["authors"], "author"), r["dates"]]
        for r in m["sources"]])
    doc.add_heading("How people were protected", level=2)
    replaced = ", ".join(f"{r['kind']} {r['count']}" for r in m["privacy"])
    doc.add_paragraph(
        "Before any analysis, names of people on the participant list were replaced by "
        "pseudonyms, other people's names by [NAME], and emails, phone numbers, postcodes, "
        "street addresses, dates of birth and NHS, National Insurance, bank and vehicle "
        "numbers by placeholders such as [PHONE]."
        + (f" Replacements made: {replaced}." if replaced else "")
        + f" Counts under {m['k']} are hidden; people who asked not to be quoted are counted "
        "but never quoted.")
    doc.add_paragraph(
        "Limits: names not on the participant list, nicknames and unusual spellings can slip "
        "through, and details that identify in combination are not removed automatically.")
    doc.add_heading("How themes were found", level=2)
    rows = [[s["name"], s["value"]] for s in m["settings"]]
    _table(doc, ["Setting", "Value"], rows + [["seed", str(m["seed"])], ["themes run", m["run_id"]]])
    if m["stability"]["mean"] is not None:
        doc.add_paragraph(
            f"Stability: refitting on resampled data, the themes in this report kept on average "
            f"{100 * m['stability']['mean']:.0f}% of their members (lowest "
            f"{100 * m['stability']['min']:.0f}%); {plural(m['stability']['tentative'], 'theme')} "
            "marked tentative.")
    doc.add_heading("What this method cannot tell you", level=2)
    for line in m["cannot_tell"]:
        doc.add_paragraph(line, style="List Bullet")

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


def _tested(paragraph, surprise: dict[str, Any], question: bool = False) -> None:
    """A surprise's paragraph ended by its question in italics (`question`) and its test
    in small grey type, as the HTML report sets them."""
    if question:
        paragraph.add_run(surprise["question"]).italic = True
    if surprise.get("test"):
        run = paragraph.add_run(f" Test: {surprise['test']}.")
        run.font.size = Pt(8)
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
        paragraph = doc.add_paragraph()
        run = paragraph.add_run("Draft. ")
        run.bold = True
        run.font.color.rgb = WARN
        paragraph.add_run(content["say"]["draft"]).font.color.rgb = WARN
    people = [f"{plural(o['participants'], 'person', 'people')} heard"] if o["participants"] else []
    doc.add_paragraph(" · ".join(people + [
        plural(o["sources"], "source"), plural(o["excerpts"], "excerpt"), f"{plural(len(content['themes']), 'theme')} reported"]))
    _muted(doc, f"{content['provenance']} · themes from {content['run_id']}")
    doc.add_heading("How to read this report", level=2)
    for term, text in content["reading"]:
        paragraph = doc.add_paragraph(style="List Bullet")
        paragraph.add_run(term).bold = True
        paragraph.add_run(" " + text)


def _summary(doc, content: dict[str, Any], title: str) -> None:
    say = content["say"]
    doc.add_heading(title, level=1)
    if not content["themes"]:
        doc.add_paragraph(say["no_themes"])
    else:
        doc.add_paragraph(say["summary_lead"])
        by_area = any(t["areas"] for t in content["themes"])  # no column of zeros without areas
        rows = [[t["label"], t["voices_shown"], str(t["excerpts"]), *([t["areas_shown"]] if by_area else []),
                 t["status"] + (", tentative" if t["tentative"] else "")] for t in content["themes"]]
        _table(doc, ["Theme", "Voices", "Excerpts", *(["Areas"] if by_area else []), "Status"], rows)
        _muted(doc, say["summary_caption"])
    for chart in content["charts"]:
        if chart.key == "prevalence":
            _picture(doc, chart)
    if content["other_themes"]:
        doc.add_heading("Other themes", level=2)
        doc.add_paragraph(say["other_themes"])
        _table(doc, ["Theme", "Voices", "Status"], [
            [t["label"], t["voices_shown"], "set aside" if t["status"] == "parked" else "under discussion"]
            for t in content["other_themes"]])


def _themes(doc, content: dict[str, Any], title: str) -> None:
    say = content["say"]
    doc.add_heading(title, level=1)
    for t in content["themes"]:  # by the team's ids, as the pack and its return sheet give them
        doc.add_heading(f"{t['theme_id']} {t['label']}", level=2)
        status = f" · {t['status']}" if t["status"] != "agreed" else ""
        _muted(doc, (say["raised_in_room"] if t["raised_in_room"] else say["facts"][t["theme_id"]]) + status, 10)
        if t["tentative"]:
            paragraph = doc.add_paragraph()
            run = paragraph.add_run("Tentative: ")
            run.bold = True
            run.font.color.rgb = WARN
            paragraph.add_run(say["tentative"])
        _theme_body(doc, t, say)


def _theme_body(doc, t: dict[str, Any], say: dict[str, Any]) -> None:
    doc.add_heading("What people said", level=3)
    if t["memo"]:
        doc.add_paragraph(t["memo"])
        _muted(doc, say["team_summary"] + ".")
    elif t["summary"]:
        _muted(doc, say["machine_drafted"])
        for s in t["summary"]:
            doc.add_paragraph(f"“{s['text']}” ({s['excerpt_id']})", style="List Bullet")
    else:
        _muted(doc, say["nothing_quotable"])
    if t["raised_in_room"]:
        return
    doc.add_heading("Who raised it", level=3)
    for who in t["who"]:
        doc.add_paragraph(f"{who['name']}: {who['text']}")
    _muted(doc, say["counts"] if t["who"] else say["few_voices"] if t["few_voices"] else say["who_not_recorded"])
    if t["quotes"]:
        doc.add_heading("In their words", level=3)
        for quote in t["quotes"]:
            _quote(doc, quote)
    if t["surprises"]:
        doc.add_heading("Related surprises", level=3)
        for s in t["surprises"]:
            _tested(doc.add_paragraph(f"{s['kind']}. {s['explanation']} {s['question']}", style="List Bullet"), s)
    if t["dissent"]:
        doc.add_heading("Dissenting voices", level=3)
        for s in t["dissent"]:
            _tested(doc.add_paragraph(f"{s['explanation']} {s['question']}"), s)
            if s["example"]:
                _quote(doc, s["example"])


def _patterns(doc, content: dict[str, Any], title: str) -> None:
    doc.add_heading(title, level=1)
    charts = [chart for chart in content["charts"] if chart.key != "prevalence"]
    for chart in charts:
        _picture(doc, chart)
        if chart.key in content["say"]["chart_notes"]:
            _muted(doc, content["say"]["chart_notes"][chart.key])
    if not charts:
        _muted(doc, content["say"]["no_charts"])


def _surprises(doc, content: dict[str, Any], title: str, missing_title: str) -> None:
    say = content["say"]
    doc.add_heading(title, level=1)
    doc.add_paragraph(say["surprises"])
    for s in content["surprises"]:
        doc.add_heading(s["kind"] + (f": {s['theme']}" if s.get("theme") else ""), level=2)
        doc.add_paragraph(s["explanation"])
        _tested(doc.add_paragraph(), s, question=True)
        if s["example"]:
            _quote(doc, s["example"])
    if not content["surprises"]:
        _muted(doc, say["no_surprises"])
    doc.add_heading(missing_title, level=1)
    doc.add_paragraph(say["missing"])
    for s in content["missing"]["items"]:
        _tested(doc.add_paragraph(f"{s['explanation']} {s['question']}", style="List Bullet"), s)
    if content["missing"]["coverage"]:
        _table(doc, ["Group", "Voices heard", "Share heard", "Share expected"], [
            [f"{r['value']} ({r['attribute']})", r["heard"], r["heard_pct"], r["expected_pct"]]
            for r in content["missing"]["coverage"]])
        _muted(doc, say["coverage"])
    elif not content["missing"]["items"]:
        _muted(doc, say["no_coverage"])


def _decisions(doc, content: dict[str, Any], title: str) -> None:
    doc.add_heading(title, level=1)
    d = content["decisions"]
    doc.add_paragraph(content["say"]["decisions"])
    if d["items"]:
        _table(doc, ["Date", "Decision", "Why", "By"],
               [[e["date"], e["what"], e["reason"], e["author"]] for e in d["items"]])
    if d["other"]:
        doc.add_paragraph("Also: " + "; ".join(d["other"]) + ".")
    if d["runs"]:
        doc.add_paragraph(d["runs"])


def _method(doc, content: dict[str, Any], title: str) -> None:
    m, say = content["method"], content["say"]
    doc.add_heading(title, level=1)
    doc.add_heading("What we read", level=2)
    _table(doc, ["Kind", "Sources", "Excerpts", "People", "Dates"], [
        [r["kind"], str(r["sources"]), str(r["excerpts"]),
         str(r["people"]) if r["people"] else plural(r["authors"], "author") if r["authors"] else "–", r["dates"]]
        for r in m["sources"]])
    for line in (say["skipped"], say["context"]):
        if line:
            doc.add_paragraph(line)
    doc.add_heading("How people were protected", level=2)
    doc.add_paragraph(say["protection"])
    paragraph = doc.add_paragraph()
    paragraph.add_run("Limits. ").bold = True
    paragraph.add_run(say["limits"])
    doc.add_heading("How themes were found", level=2)
    doc.add_paragraph(say["how_found"])
    rows = [[s["name"], s["value"]] for s in m["settings"]]
    _table(doc, ["Setting", "Value"], rows + [["seed", str(m["seed"])], ["themes run", m["run_id"]]])
    if say["stability"]:
        paragraph = doc.add_paragraph()
        paragraph.add_run("Stability. ").bold = True
        paragraph.add_run(say["stability"])
    doc.add_heading("What this method cannot tell you", level=2)
    for line in m["cannot_tell"]:
        doc.add_paragraph(line, style="List Bullet")

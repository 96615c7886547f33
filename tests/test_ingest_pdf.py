"""PDF text layer with page numbers; transcripts in PDFs; scans and damaged files."""

from __future__ import annotations

import pandas as pd
import pytest

from sensemaking.errors import InputError
from sensemaking.ingest import pdf
from sensemaking.ingest.base import ReadOptions


def tiny_pdf(pages: list[list[str]], title: str | None = None) -> bytes:
    """A minimal PDF whose pages hold the given lines in Helvetica (no text when empty)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None,
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for lines in pages:
        body = "BT /F1 11 Tf 14 TL 72 720 Td " + " ".join(
            "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*"
            for line in lines) + " ET"
        objects.append(f"<< /Length {len(body)} >>\nstream\n{body}\nendstream")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents "
                       f"{len(objects)} 0 R /Resources << /Font << /F1 3 0 R >> >> >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    if title:
        objects.append(f"<< /Title ({title}) /Author (Sarah Whitfield) >>")
    out, offsets = b"%PDF-1.4\n", []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{obj}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    info = f" /Info {len(objects)} 0 R" if title else ""
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{info} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def read(data: bytes):
    return pdf.read(data, "docs/update.pdf", ReadOptions())


def test_document_paragraphs_carry_page_numbers():
    doc = read(tiny_pdf([["Riverside food partnership update.", "", "Vouchers are running low."],
                         ["Second page: volunteers are tired."]], title="Partnership update"))
    assert doc.source_kind == "document" and doc.source_type == "pdf"
    spans = [(doc.text[t.char_start:t.char_end], t.page) for t in doc.turns]
    assert spans[-1] == ("Second page: volunteers are tired.", 2)
    assert {page for _, page in spans[:-1]} == {1}
    assert "Vouchers are running low." in " ".join(s for s, _ in spans)
    assert doc.metadata == {"title": "Partnership update"}  # the author is not carried
    assert all(t.line_start is None for t in doc.turns)


def test_words_the_typesetter_broke_are_whole_again():
    """A surname hyphenated over a line break would pass the pseudonymiser in two halves."""
    doc = read(tiny_pdf([["Our longest-serving volunteer, Whit-", "field, runs the Tuesday drop-",
                          "in with Okon-", "kwo and a long-", "serving team."]]))
    text = " ".join(doc.text.split())
    assert text == ("Our longest-serving volunteer, Whitfield, runs the Tuesday drop- in with Okonkwo "
                    "and a long- serving team.")  # lower-case words as typeset


def test_document_paragraphs_list_items_without_running_feet():
    """The plain text layer has no blank lines; the layout's gaps mark paragraphs, list
    items are turns of their own, and a foot repeated on every page is no turn at all."""
    doc = read(tiny_pdf([["Referrals and who we are seeing", "Far more working families.", "",
                          "Vouchers are running low this winter.", "- the bus changes in June",
                          "- volunteers are tired", "", "Food Bank \u00b7 page 1 of 2"],
                         ["Please keep sending the slip.", "", "7", "", "Food Bank \u00b7 page 2 of 2"]]))
    spans = [(" ".join(doc.text[t.char_start:t.char_end].split()), t.page) for t in doc.turns]
    assert spans == [("Referrals and who we are seeing Far more working families.", 1),
                     ("Vouchers are running low this winter.", 1), ("the bus changes in June", 1),
                     ("volunteers are tired", 1), ("Please keep sending the slip.", 2)]
    assert "page" not in doc.text.lower()


def test_letterhead_and_sign_off_are_not_excerpts(tmp_path):
    """A partner letter's title, byline, sign-off and contact block hold no sentence: they
    are dropped and counted; a list between its sentences stays."""
    from sensemaking.privacy import Pseudonymiser
    from sensemaking.segment import segment

    doc = read(tiny_pdf([
        ["Riverside Food Partnership - update for partners, summer 2026", "",
         "From the Coordinator, Riverside Food Bank - August 2026", "",
         "Dear friends, the summer has been busier than we hoped.", "",
         "- the bus changes in June", "", "Volunteers are tired, and we need more of them.", "",
         "With thanks, as ever,", "", "Riverside Food Bank, 12 Wharf Lane",
         "Telephone: 01632 960123 (Monday to Friday, 9.30 to 3)", "Email: food@example.org"]]))
    manifest = pd.DataFrame(columns=["participant_id", "name", "aliases", "role"])
    rows, counts = segment(Pseudonymiser(manifest, tmp_path / "private").apply(doc))
    assert [r["text"].split(",")[0] for r in rows] == [
        "Dear friends", "the bus changes in June", "Volunteers are tired"]
    assert counts["letterhead"] == 4


def test_a_page_in_columns_keeps_its_reading_order():
    """Layout mode puts two columns side by side on each line: such a page is read from
    the plain text layer, column after column (in excerpts cut by length, not paragraph)."""
    from weasyprint import HTML

    left = ["The pantry has been busier than ever this autumn, with working families the largest group.",
            "Volunteers are tired. Most are retired and the same dozen people carried us through."]
    right = ["Since the route 42 changes, older people across the river cannot reach the depot.",
             "Energy vouchers ran out in October, six weeks earlier than last year."]
    paragraphs = "".join(f"<p>{p}</p>" for p in left + right)
    html = ("<h1 style='font-size:13pt'>Riverside Food Partnership: an update for all our hub partners this autumn</h1>"
            f"<div style='column-count:2;column-gap:3em;font-size:11pt'>{paragraphs}</div>")
    doc = read(HTML(string=html).write_pdf())
    assert " ".join(doc.text.split()).endswith(" ".join(left + right))
    # a page in one column is read by paragraph
    assert len(read(HTML(string=f"<h1>Update</h1>{paragraphs}").write_pdf()).turns) == 5


def test_transcript_in_a_pdf():
    doc = read(tiny_pdf([["Helen: How did you hear of the hub?", "Priya: Through a patient."],
                         ["Helen: And now?", "Priya: I refer people every week."]]))
    assert doc.source_kind == "interview"
    assert [(t.speaker, t.page) for t in doc.turns] == [("Helen", 1), ("Priya", 1), ("Helen", 2),
                                                       ("Priya", 2)]


def test_scan_without_text_layer():
    with pytest.raises(InputError, match="OCR"):
        read(tiny_pdf([[], []]))


@pytest.mark.parametrize("data", [b"%PDF-1.4\n garbage", tiny_pdf([["Hello there"]])[:60],
                                  b"not a pdf at all"])
def test_damaged_pdf_is_one_input_error(data):
    with pytest.raises(InputError) as info:
        read(data)
    assert "\n" not in str(info.value)


def test_sample_pdf(sample_project):
    files = sorted((sample_project / "data" / "raw").rglob("*.pdf"))
    if not files:
        pytest.skip("the sample has no pdf yet")
    doc = pdf.read(files[0].read_bytes(), files[0].name, ReadOptions())
    assert doc.turns and all(t.page for t in doc.turns)


def test_notes_on_the_page_and_the_document_information_are_not_read():
    """A reviewer's sticky notes and typed-on comments, and the document information
    besides the title (author, subject, keywords), are not the document's text."""
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import FreeText, Text

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(tiny_pdf([["Vouchers are running low at the pantry this month."]]))))
    writer.add_annotation(0, Text(rect=(50, 550, 200, 650), text="Ring Gladys Pennington 07700 900431"))
    writer.add_annotation(0, FreeText(text="Ottoline Farquharson, 6 Birch Lane", rect=(50, 700, 400, 750)))
    writer.add_metadata({"/Title": "Pantry update", "/Author": "Barnaby Quist", "/Subject": "Ottoline",
                         "/Keywords": "Pennington"})
    out = io.BytesIO()
    writer.write(out)
    doc = read(out.getvalue())
    assert [doc.text[t.char_start:t.char_end] for t in doc.turns] == [
        "Vouchers are running low at the pantry this month."]
    assert doc.metadata == {"title": "Pantry update"}
    assert not any(name in repr(doc) for name in ("Gladys", "Pennington", "Ottoline", "Quist", "Birch"))

"""The report as an A4 PDF, printed by WeasyPrint from the same HTML as the web page.

The PDF's metadata dates are the report's data date, never the clock, and its file
identifier is derived from the content, so the same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import date

from .. import __version__


def render_pdf(html: str, *, title: str, when: date) -> bytes:
    """PDF bytes of `html` (self-contained: no base URL, nothing fetched)."""
    from weasyprint import HTML

    # WeasyPrint logs every unsupported CSS property it skips; a report is not the place.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    stamp = f"{when.isoformat()}T00:00:00Z"
    document = HTML(string=html).render()
    document.metadata.title = title
    document.metadata.generator = f"sensemaking {__version__}"
    document.metadata.created = stamp
    document.metadata.modified = stamp
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    return document.write_pdf(pdf_identifier=identifier)

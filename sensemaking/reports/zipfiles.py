"""Zip archives that are byte-for-byte the same for the same contents.

`.qdpx`, `.docx` and `.xlsx` files are zips, and zip entries carry a modification time:
written naively, the same report made twice differs. Every zip we write goes through
here, with entries in a fixed order, one fixed date and fixed permissions.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from datetime import date

# Plain files, rw-r--r--, as a Unix zip tool would record them.
_FILE_ATTR = (0o100644 & 0xFFFF) << 16


def zip_bytes(entries: Iterable[tuple[str, bytes]], when: date) -> bytes:
    """A deflated zip of `(name, data)` entries, in the given order, all dated `when`."""
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = _FILE_ATTR
            info.create_system = 3
            archive.writestr(info, data, compresslevel=6)
    return buf.getvalue()


def normalise_zip(data: bytes, when: date) -> bytes:
    """The same archive rewritten with fixed dates (for files other libraries zipped).

    Entry order is kept: Office readers expect `[Content_Types].xml` first.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    return zip_bytes(entries, when)

"""Which format a filing is in, from its first bytes rather than its name.

Filings are renamed, mailed and re-exported: a PDF saved as `.txt`, a tab-separated export
named `.xls`, an `.xlsx` without extension. The content decides: `%PDF` opens a PDF, a ZIP
holding `xl/` is an Excel workbook and one holding `word/` a Word document, an OLE2 compound
file is a legacy `.xls` (or something this tool cannot read, said plainly), anything else is text.
The name is only consulted for an OLE2 file whose stream names were lost to truncation.
"""

from __future__ import annotations

import io
import zipfile
from typing import Literal

from scorer.errors import FilingError

Format = Literal["text", "pdf", "xlsx", "xls", "docx"]

_PDF_MAGIC = b"%PDF-"
_PDF_HEADER_WINDOW = 1024  # the PDF header may follow a little junk
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def _zip_kind(data: bytes, path: str) -> Format:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        # A damaged archive still shows its member names in the local headers near the start.
        head = data[:65536]
        names = ["xl/"] if b"xl/" in head else ["word/"] if b"word/" in head else []
    if any(name.startswith("xl/") for name in names):
        return "xlsx"
    if any(name.startswith("word/") for name in names):
        return "docx"
    raise FilingError(path, "this ZIP archive is neither an Excel workbook (.xlsx) nor a Word document (.docx)")


def _ole2_kind(data: bytes, path: str) -> Format:
    if _utf16("EncryptedPackage") in data:
        raise FilingError(path, "the Office file is password-protected; save an unprotected copy and score that")
    if _utf16("WordDocument") in data:
        raise FilingError(path, "this is a Word 97-2003 (.doc) file, which cannot be read; save it as .docx")
    if _utf16("Workbook") in data or _utf16("Book") in data or path.lower().endswith(".xls"):
        return "xls"  # a truncated .xls may have lost the directory that names its streams
    raise FilingError(
        path, "this Office 97-2003 file is neither an Excel workbook nor a Word document, or it is damaged"
    )


def sniff(data: bytes, path: str) -> Format:
    """The format of a filing's bytes; FilingError for Office files that cannot be read at all."""
    if _PDF_MAGIC in data[:_PDF_HEADER_WINDOW]:
        return "pdf"
    if data.startswith(_ZIP_MAGIC):
        return _zip_kind(data, path)
    if data.startswith(_OLE2_MAGIC):
        return _ole2_kind(data, path)
    return "text"

"""Turn a filing into lines of cells, whatever its format (text, PDF, Excel, Word) and encoding.

The format is sniffed from the content; the PDF, Excel and Word readers (and their libraries)
are imported only when such a file arrives, so scoring text filings does not pay for loading them.
"""

from __future__ import annotations

from pathlib import Path

from scorer.ingest.sniff import Format, sniff
from scorer.ingest.text import SourceText, decode_bytes, read_bytes, read_text_file, text_from_bytes


def source_from_bytes(data: bytes, name: str) -> SourceText:
    """Lines of cells from a filing's bytes, by the format its content shows."""
    file_format = sniff(data, name)
    if file_format == "pdf":
        from scorer.ingest.pdf import read_pdf

        return read_pdf(data, name)
    if file_format == "xlsx":
        from scorer.ingest.excel import read_xlsx

        return read_xlsx(data, name)
    if file_format == "xls":
        from scorer.ingest.excel import read_xls

        return read_xls(data, name)
    if file_format == "docx":
        from scorer.ingest.word import read_docx

        return read_docx(data, name)
    return text_from_bytes(data, name)


def read_source(path: str | Path) -> SourceText:
    """Read a filing from disk in any supported format."""
    return source_from_bytes(read_bytes(path), str(path))


__all__ = [
    "Format",
    "SourceText",
    "decode_bytes",
    "read_bytes",
    "read_source",
    "read_text_file",
    "sniff",
    "source_from_bytes",
    "text_from_bytes",
]

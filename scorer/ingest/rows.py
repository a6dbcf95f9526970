"""Table rows from PDF, Excel and Word as the lines of TAB-separated cells a text filing has.

Every layout parser reads text lines, so each binary format is turned into the same shape: one
line per table row (or paragraph), cells in column order, and a merged cell holding its text
only in its first row and column with empty cells where it spans, exactly as text extracted
from a PDF shows it. Each line keeps a location (page, sheet, table and row) for messages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from scorer.ingest.text import SourceText

# A line break inside a cell is only wrapping, except between two ASCII letters or digits,
# where it stood for a space ("ISO\n9001").
_WRAP = re.compile(r"\s*\n\s*")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


@dataclass(frozen=True)
class Row:
    """One line of a filing read from a table or a paragraph, and where it is in the file."""

    cells: tuple[str, ...]
    location: str


def cell_text(text: str | None) -> str:
    """A cell as one line: wrapped lines joined, TABs (which separate cells) turned into spaces."""
    if not text:
        return ""
    text = text.replace("\t", " ").replace("\r", "\n").strip()
    if "\n" not in text:
        return text
    parts = _WRAP.split(text)
    joined = parts[0]
    for part in parts[1:]:
        if joined and part and _ASCII_WORD.match(joined[-1]) and _ASCII_WORD.match(part[0]):
            joined += " "
        joined += part
    return joined


def make_row(cells: Iterable[str | None], location: str) -> Row:
    return Row(tuple(cell_text(cell) for cell in cells), location)


def source_from_rows(path: str, rows: Sequence[Row]) -> SourceText:
    """The SourceText every layout reads, with each line's location kept beside it."""
    return SourceText(
        path=path,
        lines=tuple("\t".join(row.cells) for row in rows),
        encoding=None,
        locations=tuple(row.location for row in rows),
    )

"""PDF filings (公开文件): ruled tables read cell by cell with pdfplumber, other text by its layout.

Disclosure documents print each 绩效目标表 as a ruled table, often running over several pages.
pdfplumber finds the table from its rules, so merged cells come back as one cell (text in its
first row and column, empty where it spans). A table continued on the next page continues its
rows, and its pieces share one set of columns: a piece left at the foot of a page with only
merged cells in it would otherwise show fewer columns than the rest. Text outside ruled tables
(titles, the year heading, and whole tables printed without rules) is read from the text layer:
words on one baseline form a line, and a gap wider than a character starts a new cell. A
scanned PDF has no text layer and is reported as such, since reading it needs OCR first.
"""

from __future__ import annotations

import bisect
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect

from scorer.errors import FilingError, short_reason, unreadable
from scorer.ingest.rows import Row, make_row, source_from_rows
from scorer.ingest.text import SourceText

# Words whose tops differ by less than this share of their height sit on one line.
_SAME_LINE = 0.5
# A horizontal gap wider than this many character heights separates two cells.
_CELL_GAP = 1.0
# Cell edges closer than this (points) are one column; tables whose sides are this close align.
_EDGE_TOLERANCE = 2.0

# A page number ("- 5 -", "第5页", "5/40", "第 5 页 共 40 页") does not part a table from its continuation.
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(第\s*)?\d+\s*(页)?(\s*[/／]\s*\d+|\s*共\s*\d+\s*页)?[-—–\s]*$")

Box = tuple[float, float, float, float]


@dataclass
class TablePiece:
    """The part of a ruled table on one page: per row, each cell's left edge and text."""

    table_no: int
    bbox: Box
    rows: list[list[tuple[float, str]]]
    columns: list[float] = field(default_factory=list)


@dataclass
class TextLine:
    """A line of the text layer outside ruled tables, cut into cells."""

    top: float
    row: Row


@dataclass
class PdfPage:
    """What one page holds, top to bottom."""

    number: int
    height: float
    items: list[TablePiece | TextLine]

    @property
    def pieces(self) -> list[TablePiece]:
        return [item for item in self.items if isinstance(item, TablePiece)]

    def text_between(self, top: float, bottom: float) -> bool:
        """Whether text other than a page number lies between two heights."""
        return any(
            isinstance(item, TextLine) and top < item.top < bottom and not _PAGE_NUMBER.match(" ".join(item.row.cells))
            for item in self.items
        )


def read_pdf(data: bytes, path: str) -> SourceText:
    """Rows of every table and text line of a PDF, page by page, top to bottom."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages
    except Exception as exc:  # pdfminer raises many types for damaged files; all mean the same here
        if isinstance(exc, PDFPasswordIncorrect) or isinstance(exc.__cause__ or exc.__context__, PDFPasswordIncorrect):
            raise FilingError(path, "the PDF is password-protected; save an unprotected copy and score that") from exc
        raise unreadable(path, "the PDF", exc) from exc
    read: list[PdfPage] = []
    chars = images = 0
    with pdf:
        for page_no, page in enumerate(pages, start=1):
            try:
                chars += len(page.chars)
                images += len(page.images)
                read.append(read_page(page, page_no))
            except Exception as exc:
                raise FilingError(
                    path, f"page {page_no} of the PDF cannot be read, the file is damaged ({short_reason(exc)})"
                ) from exc
            finally:
                page.close()  # frees the page's parsed objects; long filings run to hundreds of pages
    if not pages:
        raise FilingError(path, "the PDF has no pages")
    if chars == 0:
        if images:
            raise FilingError(path, "the PDF has no text layer (scanned pages): OCR is needed before it can be read")
        raise FilingError(path, "the PDF contains no text")
    share_columns(read)
    return source_from_rows(path, [row for page in read for item in page.items for row in _rows(page, item)])


def read_page(page: Any, page_no: int) -> PdfPage:
    """One page in reading order: ruled tables as pieces of cells, the rest from the text layer."""
    placed: list[tuple[float, int, TablePiece | TextLine]] = []
    boxes: list[Box] = []
    for table_no, table in enumerate(page.find_tables(), start=1):
        texts = table.extract()
        rows = [
            [(cell[0], text or "") for cell, text in zip(row.cells, row_texts, strict=True) if cell is not None]
            for row, row_texts in zip(table.rows, texts, strict=True)
        ]
        boxes.append(table.bbox)
        placed.append((table.bbox[1], len(placed), TablePiece(table_no, table.bbox, rows)))
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes)) if boxes else page
    words = outside.extract_words(keep_blank_chars=False, use_text_flow=False)
    for line_no, (top, cells) in enumerate(text_lines(words), start=1):
        placed.append((top, len(placed), TextLine(top, make_row(cells, f"第{page_no}页正文第{line_no}行"))))
    placed.sort(key=lambda item: (item[0], item[1]))
    return PdfPage(page_no, float(page.height), [item for _, _, item in placed])


def share_columns(pages: list[PdfPage]) -> None:
    """Give every piece its columns: those of all pieces of the same table, across page breaks."""
    group: list[TablePiece] = []
    for index, page in enumerate(pages):
        pieces = page.pieces
        for number, piece in enumerate(pieces):
            if not (number == 0 and group and continues(pages[index - 1], group[-1], page, piece)):
                _set_columns(group)
                group = []
            group.append(piece)
            if number < len(pieces) - 1:
                _set_columns(group)
                group = []
    _set_columns(group)


def continues(page_before: PdfPage, before: TablePiece, page_after: PdfPage, after: TablePiece) -> bool:
    """Whether the first table of a page goes on with the last table of the page before: both have
    the same sides and nothing but a page number parts them (a new table has a title, a heading
    or at least a line of text above it)."""
    a, b = before.bbox, after.bbox
    if abs(a[0] - b[0]) > _EDGE_TOLERANCE or abs(a[2] - b[2]) > _EDGE_TOLERANCE:
        return False
    return not page_before.text_between(a[3], page_before.height) and not page_after.text_between(0, b[1])


def _edges(pieces: list[TablePiece]) -> list[float]:
    """Left edges of the cells of some pieces, one per column."""
    columns: list[float] = []
    for x in sorted({x for piece in pieces for row in piece.rows for x, _ in row}):
        if not columns or x - columns[-1] > _EDGE_TOLERANCE:
            columns.append(x)
    return columns


def _set_columns(pieces: list[TablePiece]) -> None:
    columns = _edges(pieces)
    for piece in pieces:
        piece.columns = columns


def _rows(page: PdfPage, item: TablePiece | TextLine) -> list[Row]:
    if isinstance(item, TextLine):
        return [item.row]
    rows = []
    for row_no, cells in enumerate(item.rows, start=1):
        line = [""] * len(item.columns)
        for x, text in cells:
            line[bisect.bisect_right(item.columns, x + _EDGE_TOLERANCE) - 1] = text
        rows.append(make_row(line, f"第{page.number}页表{item.table_no}第{row_no}行"))
    return rows


def _inside(char: dict[str, Any], boxes: list[Box]) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def text_lines(words: Iterable[dict[str, Any]]) -> list[tuple[float, list[str]]]:
    """Words grouped into lines by baseline, and each line cut into cells at wide gaps."""
    lines: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        height = max(word["bottom"] - word["top"], 1.0)
        if lines and abs(word["top"] - lines[-1][0]["top"]) < _SAME_LINE * height:
            lines[-1].append(word)
        else:
            lines.append([word])
    result = []
    for line in lines:
        line.sort(key=lambda w: w["x0"])
        cells: list[str] = []
        previous: dict[str, Any] | None = None
        for word in line:
            height = max(word["bottom"] - word["top"], 1.0)
            if previous is None or word["x0"] - previous["x1"] > _CELL_GAP * height:
                cells.append(word["text"])
            else:
                cells[-1] += " " + word["text"]
            previous = word
        result.append((line[0]["top"], cells))
    return result

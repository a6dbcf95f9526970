"""PDF filings (公开文件): ruled tables read cell by cell with pdfplumber, other text by its layout.

Disclosure documents print each 绩效目标表 as a ruled table, often running over several pages.
pdfplumber finds the table from its rules, so merged cells come back as one cell (text in
its first row and column, empty where it spans) and a table continued on the next page simply
continues the rows. Text outside ruled tables (titles, the year heading, and whole tables
printed without rules) is read from the text layer: words on one baseline form a line, and a
gap wider than a character starts a new cell. A scanned PDF has no text layer and is reported
as such, since reading it needs OCR first.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from scorer.errors import FilingError, short_reason, unreadable
from scorer.ingest.rows import Row, make_row, source_from_rows
from scorer.ingest.text import SourceText

# Words whose tops differ by less than this share of their height sit on one line.
_SAME_LINE = 0.5
# A horizontal gap wider than this many character heights separates two cells.
_CELL_GAP = 1.0

Box = tuple[float, float, float, float]


def read_pdf(data: bytes, path: str) -> SourceText:
    """Rows of every table and text line of a PDF, page by page, top to bottom."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages
    except Exception as exc:  # pdfminer raises many types for damaged files; all mean the same here
        if isinstance(exc, PDFPasswordIncorrect) or isinstance(exc.__cause__ or exc.__context__, PDFPasswordIncorrect):
            raise FilingError(path, "the PDF is password-protected; save an unprotected copy and score that") from exc
        raise unreadable(path, "the PDF", exc) from exc
    rows: list[Row] = []
    chars = images = 0
    with pdf:
        for page_no, page in enumerate(pages, start=1):
            try:
                chars += len(page.chars)
                images += len(page.images)
                rows.extend(page_rows(page, page_no))
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
    return source_from_rows(path, rows, "pdf")


def page_rows(page: Any, page_no: int) -> list[Row]:
    """The rows of one page in reading order: ruled tables as cells, the rest from the text layer."""
    placed: list[tuple[float, int, list[Row]]] = []
    boxes: list[Box] = []
    for table_no, table in enumerate(page.find_tables(), start=1):
        rows = [
            make_row(cells, f"第{page_no}页表{table_no}第{row_no}行")
            for row_no, cells in enumerate(table.extract(), start=1)
        ]
        boxes.append(table.bbox)
        placed.append((table.bbox[1], len(placed), rows))
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes)) if boxes else page
    words = outside.extract_words(keep_blank_chars=False, use_text_flow=False)
    for line_no, (top, cells) in enumerate(text_lines(words), start=1):
        placed.append((top, len(placed), [make_row(cells, f"第{page_no}页正文第{line_no}行")]))
    placed.sort(key=lambda item: (item[0], item[1]))
    return [row for _, _, rows in placed for row in rows]


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

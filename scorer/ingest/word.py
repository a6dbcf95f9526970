"""Word filings (.docx): paragraphs and tables in document order, read with python-docx.

A Word table is read from its XML rather than through python-docx's cell grid, because the
grid repeats a merged cell in every position it covers: here a horizontally merged cell
(gridSpan) keeps its text in its first column and leaves the columns it spans empty, and a
vertically merged cell (vMerge) reads as empty below its first row, as in every other format.
A table nested in a cell is unfolded in place: its rows become lines, set at the column of the
cell that holds it, and the other cells of the outer row stand on the first of those lines.
"""

from __future__ import annotations

import io
from typing import Any

import docx
from docx.oxml.ns import nsmap, qn
from docx.text.paragraph import Paragraph
from lxml import etree

from scorer.errors import FilingError, unreadable
from scorer.ingest.rows import Row, cell_text, make_row, source_from_rows
from scorer.ingest.text import SourceText

# A cell's block of lines: each line is that cell's share of one output line.
Block = list[list[str]]

# Compiled once: python-docx's own xpath() compiles its expression on every call. Content
# controls (w:sdt) wrap paragraphs, tables, rows or cells in forms filled in Word.
_W = {"w": nsmap["w"]}
_BLOCKS = etree.XPath("./w:p | ./w:tbl | ./w:sdt/w:sdtContent/w:p | ./w:sdt/w:sdtContent/w:tbl", namespaces=_W)
_ROWS = etree.XPath("./w:tr | ./w:sdt/w:sdtContent/w:tr", namespaces=_W)
_CELLS = etree.XPath("./w:tc | ./w:sdt/w:sdtContent/w:tc", namespaces=_W)
_TBL, _P = qn("w:tbl"), qn("w:p")


def read_docx(data: bytes, path: str) -> SourceText:
    """Every paragraph and table row of a .docx, in document order."""
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # zipfile, XML and python-docx errors all mean a damaged document here
        raise unreadable(path, "the Word document", exc) from exc
    rows: list[Row] = []
    tables = paragraphs = 0
    for element in _BLOCKS(document.element.body):
        if element.tag == _TBL:
            tables += 1
            rows.extend(make_row(cells, f"表{tables}{where}") for cells, where in table_lines(element))
        elif element.tag == _P:
            paragraphs += 1
            rows.append(make_row(_paragraph_text(element).split("\t"), f"第{paragraphs}段"))
    if tables == 0 and not any(len(row.cells) > 1 for row in rows):
        raise FilingError(path, "the Word document has no tables; a 绩效目标表 is expected as a Word table")
    return source_from_rows(path, rows)


def _paragraph_text(p: Any) -> str:
    return Paragraph(p, None).text


def table_lines(tbl: Any) -> list[tuple[list[str], str]]:
    """Lines of one table, each with where it is (第3行, or 第3行内嵌表第2行 for a nested table's rows)."""
    lines: list[tuple[list[str], str]] = []
    for row_no, tr in enumerate(_ROWS(tbl), start=1):
        blocks: list[Block] = [[[""]] for _ in range(tr.grid_before)]
        for tc in _CELLS(tr):
            blocks.append(_cell_block(tc))
        height = max((len(block) for block in blocks), default=1)
        for index in range(height):
            cells: list[str] = []
            for block in blocks:
                width = len(block[0])
                cells.extend(block[index] if index < len(block) else [""] * width)
            where = f"第{row_no}行" if index == 0 else f"第{row_no}行内嵌表第{index}行"
            lines.append((cells, where))
    return lines


def _cell_block(tc: Any) -> Block:
    """What one cell contributes: one line for plain text, a nested table's lines otherwise."""
    span = tc.grid_span
    if tc.vMerge == "continue":
        return [[""] * span]
    texts: list[str] = []
    nested: list[list[str]] = []
    for child in _BLOCKS(tc):
        if child.tag == _TBL:
            nested.extend(cells for cells, _ in table_lines(child))
        else:
            texts.append(_paragraph_text(child))
    text = cell_text("\n".join(texts))
    if not nested:
        return [[text] + [""] * (span - 1)]
    lines = ([[text]] if text else []) + nested
    width = max(span, *(len(line) for line in lines))
    return [line + [""] * (width - len(line)) for line in lines]

"""Render a text filing as the PDF, XLSX, XLS and DOCX files evaluators receive, for round-trip tests.

The seed filings are text extracted from PDF: TAB-separated cells, one line per table row. Here
each run of TAB-separated lines becomes one table as wide as its widest line and each other line a
paragraph. Cells are merged where a printed form merges them, as far as the text shows it: a
一级/二级 label (and the 绩效指标, 项目资金 labels) runs down over the empty cells below it, and
in the head of a target table (above its 三级指标 header row) a cell runs right over the empty
cells after it. A merge only ever covers empty cells, so a reader that keeps a merged cell's text in its first
row and column must give back the text's own lines.

reportlab, xlwt and the CJK font are needed only here, to make test files: reportlab and xlwt come
with the `dev` extra, the font with Debian's fonts-wqy-zenhei (see the README).
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from scorer.hierarchy import recognise
from scorer.ingest import read_text_file

Merge = tuple[int, int, int, int]  # first row, last row, first column, last column (0-based, inclusive)

FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
)
_TITLE = re.compile(r"绩效目标(申报)?表$")
_DOWN_LABELS = ("绩效指标", "项目资金")
_AMOUNT = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
_DECIMAL = re.compile(r"^-?(0|[1-9]\d*)\.\d+$")
_INTEGER = re.compile(r"^-?(0|[1-9]\d{0,14})$")


@dataclass
class Block:
    """A paragraph (one row of one cell, no merges) or a table with its merged ranges."""

    rows: list[list[str]]
    merges: list[Merge] = field(default_factory=list)
    table: bool = True

    @property
    def width(self) -> int:
        return len(self.rows[0])

    @property
    def text(self) -> str:
        return self.rows[0][0]


def read_blocks(path: Path) -> list[Block]:
    """The filing's lines grouped into paragraphs and tables (blank lines are left out)."""
    return blocks_from_lines(read_text_file(path).lines)


def blocks_from_lines(lines: Sequence[str]) -> list[Block]:
    """Lines of a text filing grouped into paragraphs and tables (blank lines are left out)."""
    blocks: list[Block] = []
    run: list[list[str]] = []

    def close_run() -> None:
        if run:
            width = max(len(cells) for cells in run)
            rows = [cells + [""] * (width - len(cells)) for cells in run]
            blocks.append(Block(rows, find_merges(rows)))
            run.clear()

    for line in lines:
        if "\t" in line:
            run.append(line.split("\t"))
            continue
        close_run()
        if line.strip():
            blocks.append(Block([[line]], table=False))
    close_run()
    return blocks


def _runs_down(text: str) -> bool:
    label = recognise(text.strip())
    return bool(label and label.level in (1, 2)) or text.strip().startswith(_DOWN_LABELS)


def find_merges(rows: list[list[str]]) -> list[Merge]:
    """Merged ranges a printed form would have, each covering only empty cells."""
    height, width = len(rows), len(rows[0])
    empty = [[not cell.strip() for cell in row] for row in rows]
    taken = [[False] * width for _ in rows]
    merges: list[Merge] = []
    for r in range(height):
        for c in range(width):
            if empty[r][c] or not _runs_down(rows[r][c]):
                continue
            last = r
            while last + 1 < height and empty[last + 1][c] and not all(empty[last + 1]):
                last += 1
            if last > r:
                merges.append((r, last, c, c))
                for k in range(r, last + 1):
                    taken[k][c] = True
    head_end = next((r for r, row in enumerate(rows) if any(cell.strip() == "三级指标" for cell in row)), 0)
    for r in range(head_end):
        c = 0
        while c < width:
            if empty[r][c] or taken[r][c]:
                c += 1
                continue
            last = c
            while last + 1 < width and empty[r][last + 1] and not taken[r][last + 1]:
                last += 1
            if last > c:
                merges.append((r, r, c, last))
                for k in range(c, last + 1):
                    taken[r][k] = True
            c = last + 1
    # A PDF reader knows a column only where some cell starts in it: keep every column's start.
    for c in range(1, width):
        if all(taken[r][c] and not any(m[0] == r and m[2] == c for m in merges) for r in range(height)):
            merges = [m for m in merges if not (m[0] == m[1] and m[2] < c <= m[3])]
    return merges


def is_title(block: Block) -> bool:
    cells = [cell.strip() for cell in block.rows[0] if cell.strip()]
    return len(cells) == 1 and len(cells[0]) <= 40 and bool(_TITLE.search(cells[0]))


# ---------------------------------------------------------------------------------------- Excel


def excel_value(text: str) -> tuple[object, str]:
    """A cell as an export stores it: amounts and plain numbers as numbers with their display format."""
    if _AMOUNT.match(text):
        decimals = len(text.split(".")[1]) if "." in text else 0
        return float(text.replace(",", "")), "#,##0" + ("." + "0" * decimals if decimals else "")
    if _DECIMAL.match(text):
        return float(text), "0." + "0" * len(text.split(".")[1])
    if _INTEGER.match(text):
        return int(text), "General"
    return text, "General"


def write_block(sheet, block: Block, row: int) -> None:
    """Write a block's cells from `row` down, numbers as numbers, with its merged ranges."""
    for r, cells in enumerate(block.rows):
        for c, text in enumerate(cells):
            if text.strip():
                value, number_format = excel_value(text)
                cell = sheet.cell(row=row + r, column=c + 1, value=value)
                cell.number_format = number_format
    for r0, r1, c0, c1 in block.merges:
        sheet.merge_cells(start_row=row + r0, end_row=row + r1, start_column=c0 + 1, end_column=c1 + 1)


def to_xlsx(blocks: Sequence[Block], sheet_per_table: bool) -> bytes:
    """An .xlsx workbook: every table on one sheet, or a new sheet at each 绩效目标表 title."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "表1"
    row = 1
    for block in blocks:
        if sheet_per_table and is_title(block) and row > 1:
            sheet = workbook.create_sheet(f"表{len(workbook.worksheets) + 1}")
            row = 1
        write_block(sheet, block, row)
        row += len(block.rows) + (0 if block.table else 1)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def to_xls(blocks: Sequence[Block]) -> bytes:
    """A legacy .xls workbook (one sheet) with the same cells and merges."""
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("表1")
    styles: dict[str, xlwt.XFStyle] = {}
    row = 0
    for block in blocks:
        covered = {(r, c) for r0, r1, c0, c1 in block.merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        anchors = {(m[0], m[2]): m for m in block.merges}
        for r, cells in enumerate(block.rows):
            for c, text in enumerate(cells):
                value, number_format = excel_value(text) if text.strip() else ("", "General")
                style = styles.setdefault(number_format, xlwt.easyxf(num_format_str=number_format))
                if (r, c) in anchors:
                    r0, r1, c0, c1 = anchors[(r, c)]
                    sheet.write_merge(row + r0, row + r1, c0, c1, value, style)
                elif (r, c) not in covered and text.strip():
                    sheet.write(row + r, c, value, style)
        row += len(block.rows) + (0 if block.table else 1)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------- Word


def _nested_region(block: Block) -> tuple[int, int] | None:
    """Rows of the indicator grid when it can sit in one cell beside the 绩效指标 label."""
    rows = block.rows
    header = next((r for r, row in enumerate(rows) if any(cell.strip() == "三级指标" for cell in row)), None)
    if header is None or not rows[header][0].strip() or block.width < 3:
        return None
    end = header
    while end + 1 < len(rows) and not rows[end + 1][0].strip():
        end += 1
    return (header, end) if end > header else None


def to_docx(blocks: Sequence[Block], nest: bool = True) -> bytes:
    """A .docx document; with `nest`, each indicator grid is a table nested in the outer form."""
    import docx

    document = docx.Document()
    for block in blocks:
        if not block.table:
            document.add_paragraph(block.text)
            continue
        region = _nested_region(block) if nest else None
        if region is None:
            _word_table(document, block.rows, block.merges)
            continue
        first, last = region
        outer_rows = [*block.rows[:first], [block.rows[first][0], ""], *block.rows[last + 1 :]]
        outer_merges = find_merges([row + [""] * (block.width - len(row)) for row in outer_rows])
        outer_merges = [m for m in outer_merges if not (m[0] <= first <= m[1])]
        table = _word_table(document, outer_rows, outer_merges, spans={first: (1, block.width - 1)})
        holder = table.rows[first].cells[1]
        inner_rows = [row[1:] for row in block.rows[first : last + 1]]
        _word_table(holder, inner_rows, find_merges(inner_rows))
        holder._tc.remove(holder._tc.p_lst[0])  # the nested table, then the paragraph a cell must end with
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _word_table(parent, rows: list[list[str]], merges: list[Merge], spans: dict[int, tuple[int, int]] | None = None):
    """A Word table written through its XML: gridSpan for merges across, vMerge for merges down."""
    width = max(len(row) for row in rows)
    table = parent.add_table(rows=0, cols=width)
    table.style = "Table Grid" if hasattr(parent, "styles") else None
    across = {(m[0], m[2]): m[3] - m[2] + 1 for m in merges if m[0] == m[1]}
    down_start = {(m[0], m[2]) for m in merges if m[0] != m[1]}
    down_rest = {(r, m[2]) for m in merges if m[0] != m[1] for r in range(m[0] + 1, m[1] + 1)}
    skipped = {(m[0], c) for m in merges if m[0] == m[1] for c in range(m[2] + 1, m[3] + 1)}
    for r, cells in enumerate(rows):
        row = table.add_row()
        trs = row._tr
        tcs = list(trs.tc_lst)
        for c in range(width):
            tc = tcs[c]
            if (r, c) in skipped or (spans and r in spans and c > spans[r][0]):
                trs.remove(tc)
                continue
            text = cells[c] if c < len(cells) else ""
            if text:
                tc.p_lst[0].add_r().text = text
            if (r, c) in across:
                tc.grid_span = across[(r, c)]
            if spans and r in spans and c == spans[r][0]:
                tc.grid_span = spans[r][1]
            if (r, c) in down_start:
                tc.vMerge = "restart"
            elif (r, c) in down_rest:
                tc.vMerge = "continue"
    return table


# ---------------------------------------------------------------------------------------- PDF


def cjk_font() -> Path | None:
    """A TrueType CJK font reportlab can embed, if one is installed."""
    return next((path for path in FONT_CANDIDATES if path.exists()), None)


def to_pdf(blocks: Sequence[Block], font: Path, ruled: bool = True) -> bytes:
    """An A4 landscape PDF with an embedded CJK font; tables ruled (or, with ruled=False, bare text)."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    if "CJK" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("CJK", str(font), subfontIndex=0))
    cell_style = ParagraphStyle("cell", fontName="CJK", fontSize=7, leading=8.5, wordWrap="CJK")
    text_style = ParagraphStyle("text", parent=cell_style, fontSize=9, leading=12, spaceAfter=4)
    page = landscape(A4)
    margin = 10 * mm
    usable = page[0] - 2 * margin
    story = []
    for block in blocks:
        if not block.table:
            story.append(Paragraph(escape(block.text.strip()), text_style))
            continue
        widths = _column_widths(block, usable)
        data = [
            [Paragraph(escape(text.strip()), cell_style) if text.strip() else "" for text in row] for row in block.rows
        ]
        commands = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), "CJK")]
        if ruled:
            commands.append(("GRID", (0, 0), (-1, -1), 0.5, "black"))
        commands += [("SPAN", (c0, r0), (c1, r1)) for r0, r1, c0, c1 in _pieces(block.merges)]
        table = Table(data, colWidths=widths, style=TableStyle(commands), hAlign="LEFT", spaceBefore=4, spaceAfter=4)
        story.append(table)
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out, pagesize=page, leftMargin=margin, rightMargin=margin, topMargin=margin, bottomMargin=margin
    )
    document.build(story)
    return out.getvalue()


def _pieces(merges: list[Merge], rows: int = 8) -> list[Merge]:
    """Long merges down cut into pieces, as a merged cell continued on the next page is drawn.

    reportlab never breaks a page inside a merged range; the text stays in the first piece.
    """
    cut = []
    for r0, r1, c0, c1 in merges:
        for start in range(r0, r1 + 1, rows):
            end = min(start + rows - 1, r1)
            if end > start or c1 > c0:
                cut.append((start, end, c0, c1))
    return cut


def _column_widths(block: Block, usable: float) -> list[float]:
    """Wider columns for longer text (a merged cell's text counts for none of its columns)."""
    anchors = {(m[0], m[2]) for m in block.merges if m[3] > m[2]}
    weights = []
    for c in range(block.width):
        longest = max((len(row[c].strip()) for r, row in enumerate(block.rows) if (r, c) not in anchors), default=0)
        weights.append(min(longest, 24) + 3)
    total = sum(weights)
    return [usable * weight / total for weight in weights]


# ---------------------------------------------------------------------------------------- cache

KINDS = ("pdf", "xlsx", "xlsx-sheets", "xls", "docx", "docx-flat")
SUFFIX = {"pdf": ".pdf", "pdf-unruled": ".pdf", "xls": ".xls", "docx": ".docx", "docx-flat": ".docx"}


@functools.cache
def blocks_of(seed: Path) -> tuple[Block, ...]:
    return tuple(read_blocks(seed))


@functools.cache
def rendered(seed: Path, kind: str) -> bytes:
    """A seed filing rendered as `kind` (see KINDS, and pdf-unruled), made once per test session."""
    return render(blocks_of(seed), kind)


def render(blocks: Sequence[Block], kind: str) -> bytes:
    """Blocks rendered as `kind`: pdf, pdf-unruled, xlsx, xlsx-sheets, xls, docx or docx-flat."""
    if kind in ("pdf", "pdf-unruled"):
        font = cjk_font()
        assert font is not None, "no CJK font: apt-get install fonts-wqy-zenhei"
        return to_pdf(blocks, font, ruled=kind == "pdf")
    if kind in ("xlsx", "xlsx-sheets"):
        return to_xlsx(blocks, sheet_per_table=kind == "xlsx-sheets")
    if kind == "xls":
        return to_xls(blocks)
    if kind in ("docx", "docx-flat"):
        return to_docx(blocks, nest=kind == "docx")
    raise ValueError(kind)


def file_name(seed: Path, kind: str) -> str:
    return seed.stem + SUFFIX.get(kind, ".xlsx")


def require_cjk_font() -> Path:
    """The font PDF tests need; skipped with the reason when it is missing, but never under CI."""
    import os

    import pytest

    font = cjk_font()
    if font is None:
        reason = "no TrueType CJK font to render PDF test files: apt-get install fonts-wqy-zenhei"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return font

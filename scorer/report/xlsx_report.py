"""XLSX for evaluators in Excel/WPS: an overview to sort and annotate, and each filing laid out like its table.

Every flagged cell is filled by severity and carries a comment with the messages and fixes, so
the evaluator reads the finding where the filer wrote the row. Filing text is always written as
text: a cell that starts with = is shown, never evaluated.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from scorer.config import Config, load_config
from scorer.duplicates import Pair
from scorer.model import Document, Flag, Indicator, Project
from scorer.report.findings import (
    DUPLICATE_KIND_LABEL,
    PERIOD_LABEL,
    SEVERITY_LABEL,
    SEVERITY_ORDER,
    flagged_column,
    grade_label,
    review_draft,
    rule_title,
    sorted_projects,
    top_problems,
)

SEVERITY_FILL = {
    "error": PatternFill("solid", fgColor="FFC7CE"),
    "warning": PatternFill("solid", fgColor="FFEB9C"),
    "info": PatternFill("solid", fgColor="DDEBF7"),
}
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
LABEL_FILL = PatternFill("solid", fgColor="F2F2F2")
PLAIN = Font(name="Calibri", size=11)  # the workbook's default font: without a name, viewers fall back to a serif
BOLD = Font(name="Calibri", size=11, bold=True)
TITLE = Font(name="Calibri", bold=True, size=13)
WRAP = Alignment(wrap_text=True, vertical="top")
THIN = Side(style="thin", color="A6A6A6")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)

# Named styles: assigning one copies an index tuple, while setting font/fill/border one by one hashes
# every style object again (most of the time spent writing a workbook of a few hundred tables).
STYLES = {
    "cell": {"font": PLAIN, "alignment": WRAP, "border": GRID},
    "header": {"font": BOLD, "fill": HEADER_FILL, "alignment": WRAP, "border": GRID},
    "label": {"font": BOLD, "fill": LABEL_FILL, "alignment": WRAP, "border": GRID},
    "name": {"font": BOLD, "alignment": WRAP, "border": GRID},
    "title": {"font": TITLE},
    "wrap": {"font": PLAIN, "alignment": WRAP},
    **{s: {"font": PLAIN, "fill": fill, "alignment": WRAP, "border": GRID} for s, fill in SEVERITY_FILL.items()},
}


def register_styles(workbook: Workbook) -> None:
    for name, settings in STYLES.items():
        workbook.add_named_style(NamedStyle(name=f"scorer {name}", **settings))


_ROW_FIELDS = ("where", "level1", "level2", "level3", "value", "problems")
_ROW_HEADINGS = ("行/位置", "一级指标", "二级指标", "三级指标", "指标值", "问题")
_ROW_WIDTHS = (11, 10, 12, 26, 16, 22)
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(wanted: str, taken: set[str]) -> str:
    """A valid, unused sheet name: ≤31 characters, none of []:*?/\\, no edge apostrophes, unique ignoring case."""
    base = _SHEET_FORBIDDEN.sub("_", wanted).strip("'").strip() or "Sheet"
    base = base[:31]
    name, number = base, 2
    while name.lower() in taken or name.lower() == "history":
        suffix = f"~{number}"
        name = base[: 31 - len(suffix)] + suffix
        number += 1
    taken.add(name.lower())
    return name


def as_text(value: object) -> str:
    """Cell text without characters XLSX cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def put(sheet: Worksheet, row: int, column: int, value: object, style: str | None = None) -> Cell:
    """Write one cell; strings stay strings (quote prefix, so =… is never a formula even after editing)."""
    cell = sheet.cell(row=row, column=column)
    if value is None or value == "":
        cell.value = None
    elif isinstance(value, bool) or not isinstance(value, int | float):
        cell.value = as_text(value)
        cell.data_type = "s"
    else:
        cell.value = value
    if style:
        restyle(cell, style)
    elif isinstance(cell.value, str) and cell.value[:1] in "=+-@":
        cell.quotePrefix = True
    return cell


def restyle(cell: Cell, style: str) -> None:
    """Apply a named style, keeping the quote prefix that marks text which looks like a formula."""
    cell.style = f"scorer {style}"
    if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
        cell.quotePrefix = True


def merge(sheet: Worksheet, row: int, first: int, last: int, style: str = "cell") -> None:
    """Merge one row's cells first..last, styled before the top-left cell is written (so openpyxl has no borders
    to re-derive cell by cell)."""
    sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    for column in range(first + 1, last + 1):
        sheet.cell(row=row, column=column).style = f"scorer {style}"


def flag_comment(flags: list[Flag]) -> Comment:
    """The messages and fixes of the findings on one cell, for the cell's comment."""
    parts = []
    for flag in flags:
        heading = f"{flag.code} {rule_title(flag.code)}（{SEVERITY_LABEL[flag.severity]}）"
        parts.append(f"{heading}\n{flag.message}\n建议：{flag.suggestion}")
    text = as_text("\n\n".join(parts))
    comment = Comment(text, "scorer")
    comment.width = 360
    comment.height = min(600, 80 + 18 * (text.count("\n") + len(text) // 24))
    return comment


def worst(flags: list[Flag]) -> str:
    return min((f.severity for f in flags), key=SEVERITY_ORDER.__getitem__)


def mark(cell: Cell, flags: list[Flag]) -> None:
    """Fill a cell by its worst finding and attach every finding as a comment."""
    if flags:
        restyle(cell, worst(flags))
        cell.comment = flag_comment(flags)


def print_setup(sheet: Worksheet, landscape: bool = True) -> None:
    """Print (and PDF-convert) a whole table width on one page, as many pages long as needed."""
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = False
    sheet.page_margins.left = sheet.page_margins.right = 0.4


def _display_width(text: str) -> float:
    """Roughly how many column-width units a line takes: CJK and full-width characters count double."""
    return sum(1.0 if char.isascii() else 1.8 for char in text)


def fit_rows(sheet: Worksheet) -> None:
    """Set each row's height to fit its wrapped text: LibreOffice and WPS do not always re-measure on opening."""
    widths: dict[str, float] = {}

    def width(column: int) -> float:
        letter = get_column_letter(column)
        if letter not in widths:
            widths[letter] = sheet.column_dimensions[letter].width or 8.43
        return widths[letter]

    spans = {(r.min_row, r.min_col): r.max_col for r in sheet.merged_cells.ranges}
    for row in sheet.iter_rows():
        lines_needed = 1
        for cell in row:
            if not isinstance(cell.value, str) or not (cell.alignment and cell.alignment.wrap_text):
                continue
            last = spans.get((cell.row, cell.column), cell.column)
            available = max(2.0, sum(width(c) for c in range(cell.column, last + 1)) - 1.5)
            lines = sum(max(1, math.ceil(_display_width(part) / available)) for part in cell.value.split("\n"))
            lines_needed = max(lines_needed, lines)
        if lines_needed > 1:
            sheet.row_dimensions[row[0].row].height = min(409.0, 13.5 * lines_needed + 3)


def set_widths(sheet: Worksheet, widths: list[int] | tuple[int, ...], start: int = 1) -> None:
    for offset, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(start + offset)].width = width


def write_summary(sheet: Worksheet, documents: list[Document], config: Config, sheets: dict[str, str]) -> None:
    """One row per table, worst first; the 审核意见 column is a draft for the evaluator to edit."""
    headings = ("文件", "项目编号", "项目", "得分", "等级", "主要问题", "审核意见", "位置")
    for column, heading in enumerate(headings, start=1):
        put(sheet, 1, column, heading, "header")
    paths = {p.id: d.path for d in documents for p in d.projects}
    for row, project in enumerate(sorted_projects(documents), start=2):
        name = project.name or "（未命名）"
        if project.scope == "department":
            name += "（部门整体）"
        values = (
            Path(paths[project.id]).name,
            project.id,
            name,
            project.score,
            grade_label(project),
            top_problems(project, config) if project.scope == "project" else "",
            review_draft(project),
            project.where,
        )
        for column, value in enumerate(values, start=1):
            cell = put(sheet, row, column, value, "cell")
            if column == 4 and project.score is not None:
                cell.number_format = "0.0"
        if project.grade is not None:
            grade_style = {"C": "warning", "D": "error"}.get(project.grade)
            if grade_style is not None:
                restyle(sheet.cell(row=row, column=5), grade_style)
        target = sheets.get(project.id)
        if target:
            link = sheet.cell(row=row, column=3)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=target)
            link.font = Font(name="Calibri", size=11, color="0563C1", underline="single")
    sheet.freeze_panes = "A2"
    last = max(1, sheet.max_row)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headings))}{last}"
    set_widths(sheet, (22, 9, 28, 7, 7, 32, 90, 14))


def _by_indicator(project: Project) -> dict[str, list[Flag]]:
    found: dict[str, list[Flag]] = defaultdict(list)
    for flag in project.flags:
        if flag.indicator:
            found[flag.indicator].append(flag)
    return found


def _header_block(sheet: Worksheet, row: int, project: Project, span: int) -> int:
    """项目名称 … 年度目标, as label | value rows merged across the grid's width; returns the next row."""
    funds = project.funds
    money = "实施期 {} 元；年度 {} 元".format(
        "—" if funds.total is None else f"{funds.total:,.2f}", "—" if funds.annual is None else f"{funds.annual:,.2f}"
    )
    score = "" if project.score is None else f"{project.score:.1f} 分 {grade_label(project)}"
    block = (
        ("项目名称", (project.name or "（未命名）") + ("（部门整体）" if project.scope == "department" else "")),
        ("主管部门", project.department or ""),
        ("实施单位", project.implementer or ""),
        ("资金 (元)", money),
        ("总体目标", project.goal_total or ""),
        ("年度目标", project.goal_annual or ""),
        ("得分", score),
        ("位置", f"{project.id} · {project.where}"),
    )
    for label, value in block:
        put(sheet, row, 1, label, "label")
        merge(sheet, row, 2, span)
        put(sheet, row, 2, value, "name" if label == "项目名称" else "cell")
        row += 1
    table_flags = [f for f in project.flags if f.indicator is None]
    if table_flags:
        put(sheet, row, 1, "表级问题", "label")
        text = "\n".join(f"{f.code} {f.message}" for f in table_flags)
        merge(sheet, row, 2, span, worst(table_flags))
        mark(put(sheet, row, 2, text, "cell"), table_flags)
        row += 1
    return row


def _indicator_grid(sheet: Worksheet, row: int, project: Project) -> int:
    """Both periods side by side, 实施期 then 年度 as in the filing, each row in its filing order."""
    periods = [p for p in ("total", "annual") if any(i.period == p for i in project.indicators)]
    if not periods:
        put(sheet, row, 1, "（未读到绩效指标）", "wrap")
        return row + 1
    width = len(_ROW_FIELDS)
    for index, period in enumerate(periods):
        start = 1 + index * width
        merge(sheet, row, start, start + width - 1, "header")
        put(sheet, row, start, f"{PERIOD_LABEL[period]}绩效指标", "header")
        for offset, heading in enumerate(_ROW_HEADINGS):
            put(sheet, row + 1, start + offset, heading, "header")
    row += 2
    flags = _by_indicator(project)
    columns: list[list[Indicator]] = [[i for i in project.indicators if i.period == p] for p in periods]
    for offset in range(max(len(c) for c in columns)):
        for index, indicators in enumerate(columns):
            if offset >= len(indicators):
                continue
            indicator = indicators[offset]
            start = 1 + index * width
            own = flags.get(indicator.id, [])
            texts = {
                "where": indicator.where,
                "level1": indicator.level1,
                "level2": indicator.level2,
                "level3": indicator.level3,
                "value": indicator.value,
                "problems": "；".join(f"{f.code} {rule_title(f.code)}" for f in own),
            }
            cells = {}
            for column, field in enumerate(_ROW_FIELDS):
                cells[field] = put(sheet, row + offset, start + column, texts[field], "cell")
            by_column: dict[str, list[Flag]] = defaultdict(list)
            for flag in own:
                by_column[flagged_column(flag)].append(flag)
            for field, column_flags in by_column.items():
                mark(cells[field], column_flags)
            if own:
                restyle(cells["problems"], worst(own))
    return row + max(len(c) for c in columns)


def write_filing(sheet: Worksheet, document: Document) -> dict[str, int]:
    """One filing's tables one under the other; returns the first row of each project (for links)."""
    span = len(_ROW_FIELDS) * 2
    put(sheet, 1, 1, f"{document.path}", "title")
    about = f"版式 {document.layout or '—'} · {document.budget_year or '—'}年度 · {len(document.projects)}张表"
    put(sheet, 2, 1, about)
    for offset, (severity, label) in enumerate(SEVERITY_LABEL.items()):
        put(sheet, 3, 1 + offset, label, severity)
    put(sheet, 3, 4, "（带颜色的单元格有批注：问题与修改建议）")
    row = 5
    if document.error:
        merge(sheet, row, 1, span, "error")
        put(sheet, row, 1, document.error, "error")
        row += 2
    starts: dict[str, int] = {}
    for project in document.projects:
        starts[project.id] = row
        row = _header_block(sheet, row, project, span)
        row = _indicator_grid(sheet, row, project) + 2
    set_widths(sheet, _ROW_WIDTHS * 2)
    sheet.column_dimensions["A"].width = 12
    sheet.freeze_panes = "A5"
    sheet.sheet_view.zoomScale = 90
    return starts


def write_duplicates(sheet: Worksheet, pairs: list[Pair]) -> None:
    """Suspected duplicates, most similar first, the two projects side by side."""
    headings = ("项目A编号", "项目A", "项目A文件", "项目B编号", "项目B", "项目B文件", "相似度", "类型", "理由")
    for column, heading in enumerate(headings, start=1):
        put(sheet, 1, column, heading, "header")
    for row, pair in enumerate(sorted(pairs, key=lambda p: -p.similarity), start=2):
        values = (
            pair.a.id,
            pair.a.name,
            Path(pair.a.doc_path).name,
            pair.b.id,
            pair.b.name,
            Path(pair.b.doc_path).name,
            round(pair.similarity, 3),
            DUPLICATE_KIND_LABEL.get(pair.kind, pair.kind),
            pair.reason,
        )
        for column, value in enumerate(values, start=1):
            cell = put(sheet, row, column, value, "cell")
            if column == 7:
                cell.number_format = "0.00"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headings))}{max(1, sheet.max_row)}"
    set_widths(sheet, (10, 28, 22, 10, 28, 22, 8, 10, 50))


def write_errors(sheet: Worksheet, documents: list[Document]) -> None:
    put(sheet, 1, 1, "文件", "header")
    put(sheet, 1, 2, "错误", "header")
    for row, document in enumerate((d for d in documents if d.error), start=2):
        put(sheet, row, 1, document.path, "cell")
        put(sheet, row, 2, document.error, "cell")
    set_widths(sheet, (40, 100))


def build_workbook(documents: list[Document], pairs: list[Pair], config: Config | None = None) -> Workbook:
    """The whole report as an openpyxl Workbook (pure: no file is touched)."""
    config = config or load_config()
    workbook = Workbook()
    register_styles(workbook)
    summary = workbook.active
    taken: set[str] = set()
    summary.title = sheet_name("概览", taken)
    duplicates = workbook.create_sheet(sheet_name("疑似重复", taken))
    links: dict[str, str] = {}
    for document in documents:
        sheet = workbook.create_sheet(sheet_name(Path(document.path).stem, taken))
        for project_id, first_row in write_filing(sheet, document).items():
            links[project_id] = f"'{sheet.title}'!A{first_row}"
    write_duplicates(duplicates, pairs)
    if any(d.error for d in documents):
        write_errors(workbook.create_sheet(sheet_name("读取错误", taken), 1), documents)
    write_summary(summary, documents, config, links)
    for sheet in workbook.worksheets:
        print_setup(sheet)
        fit_rows(sheet)
    summary.print_title_rows = "1:1"
    return workbook


def write_xlsx(
    documents: list[Document], pairs: list[Pair], target: Path | BinaryIO, config: Config | None = None
) -> None:
    """Write the report to a path or a binary stream (a web response)."""
    workbook = build_workbook(documents, pairs, config)
    workbook.save(target)

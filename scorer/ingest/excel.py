"""Excel filings (预算一体化系统 exports): .xlsx with openpyxl, legacy .xls with xlrd.

Every visible sheet is read top to bottom, so one table per sheet and many tables stacked on a
sheet come out the same way. A merged range keeps its value in its top-left cell only and the
cells it covers read as empty (even when an exporter stored copies there), which is how the
layouts see a merged 一级指标 in any other format. Numbers are shown as Excel shows them, by
their number format (`40,000`, `95%`, `1.20`), so an amount or a 指标值 reads as it was typed.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable
from typing import Any

import openpyxl
import xlrd

from scorer.errors import unreadable
from scorer.ingest.rows import Row, make_row, source_from_rows
from scorer.ingest.text import SourceText

_DECIMALS = re.compile(r"\.(0+)")
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')

Merge = tuple[int, int, int, int]  # first row, last row, first column, last column (1-based, inclusive)


def format_value(value: Any, number_format: str = "General") -> str:
    """A cell value as Excel displays it under its number format (the common formats only)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return _format_date(value, number_format)
    if isinstance(value, int | float):
        return _format_number(float(value), number_format)
    return str(value)


def _format_number(number: float, number_format: str) -> str:
    section = _QUOTED.sub("", (number_format or "General").split(";")[0])
    decimals_match = _DECIMALS.search(section)
    decimals = len(decimals_match.group(1)) if decimals_match else 0
    if "%" in section:
        return f"{number * 100:.{decimals}f}%"
    if "0" in section:
        return f"{number:,.{decimals}f}" if "," in section else f"{number:.{decimals}f}"
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number)


def _format_date(value: dt.datetime | dt.date | dt.time, number_format: str) -> str:
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, dt.datetime) and value.time() != dt.time(0):
        return value.isoformat(sep=" ")
    day = value.date() if isinstance(value, dt.datetime) else value
    if "年" in number_format:
        return f"{day.year}年{day.month}月{day.day}日"
    return day.isoformat()


def sheet_rows(title: str, values: Iterable[tuple[int, list[str]]], merges: Iterable[Merge]) -> list[Row]:
    """Rows of one sheet with every cell a merged range covers emptied, its anchor kept."""
    covered = {
        (row, column)
        for first_row, last_row, first_column, last_column in merges
        for row in range(first_row, last_row + 1)
        for column in range(first_column, last_column + 1)
        if (row, column) != (first_row, first_column)
    }
    rows = []
    for row_no, cells in values:
        shown = ["" if (row_no, column) in covered else text for column, text in enumerate(cells, start=1)]
        rows.append(make_row(shown, f"工作表“{title}”第{row_no}行"))
    return rows


def read_xlsx(data: bytes, path: str) -> SourceText:
    """Every visible sheet of an .xlsx workbook, one line per row."""
    try:
        # Not read-only: the merged ranges are only known to a fully loaded sheet.
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl errors all mean a damaged workbook here
        raise unreadable(path, "the Excel workbook", exc) from exc
    rows: list[Row] = []
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible":
            continue
        values = (
            (cells[0].row, [format_value(cell.value, cell.number_format) for cell in cells])
            for cells in sheet.iter_rows(min_row=1, min_col=1)
        )
        merges = [(m.min_row, m.max_row, m.min_col, m.max_col) for m in sheet.merged_cells.ranges]
        rows.extend(sheet_rows(sheet.title, values, merges))
    workbook.close()
    return source_from_rows(path, rows)


def read_xls(data: bytes, path: str) -> SourceText:
    """Every visible sheet of a legacy .xls workbook (Excel 97-2003), one line per row."""
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True)
    except Exception as exc:  # xlrd's compound-document and record errors
        raise unreadable(path, "the Excel workbook", exc) from exc
    rows: list[Row] = []
    for sheet in book.sheets():
        if sheet.visibility != 0:
            continue
        values = (
            (index + 1, [_xls_cell(book, sheet.cell(index, c)) for c in range(sheet.ncols)])
            for index in range(sheet.nrows)
        )
        merges = [(rlo + 1, rhi, clo + 1, chi) for rlo, rhi, clo, chi in sheet.merged_cells]
        rows.extend(sheet_rows(sheet.name, values, merges))
    return source_from_rows(path, rows)


def _xls_cell(book: Any, cell: Any) -> str:
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if cell.ctype == xlrd.XL_CELL_TEXT:
        return str(cell.value)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return format_value(bool(cell.value))
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERROR")
    number_format = book.format_map[book.xf_list[cell.xf_index].format_key].format_str
    if cell.ctype == xlrd.XL_CELL_DATE:
        return format_value(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode), number_format)
    return format_value(cell.value, number_format)

"""Excel filings: every visible sheet, merged ranges read once, numbers shown as Excel shows them."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from conftest import SEEDS
from renderings import rendered

from scorer.ingest.excel import format_value, read_xls, read_xlsx
from scorer.pipeline import parse_bytes


def _save(workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (40000, "#,##0", "40,000"),
        (607082.39, "#,##0.00", "607,082.39"),
        (4000.0, "#,##0.00", "4,000.00"),
        (1.2, "0.00", "1.20"),
        (0.95, "0%", "95%"),
        (0.955, "0.0%", "95.5%"),
        (689.49, "General", "689.49"),
        (718.0, "General", "718"),
        (20250417152943, "General", "20250417152943"),
        (1320, '#,##0"万元"', "1,320"),
        (-5, "#,##0;[Red]-#,##0", "-5"),
        (dt.datetime(2025, 12, 31), "yyyy年m月d日", "2025年12月31日"),
        (dt.datetime(2025, 12, 31), "yyyy-mm-dd", "2025-12-31"),
        (True, "General", "TRUE"),
        (None, "General", ""),
        ("≥95%", "@", "≥95%"),
    ],
)
def test_numbers_read_as_excel_shows_them(value, number_format, shown):
    assert format_value(value, number_format) == shown


def test_merged_ranges_keep_their_value_in_the_first_cell_only():
    """Some exporters store copies of a merged value in every covered cell; they must not count."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "绩效目标"
    for row in sheet.iter_rows(min_row=1, max_row=3, max_col=4):
        for cell in row:
            cell.value = "产出指标" if cell.column == 1 else None
    sheet["B1"], sheet["C1"], sheet["D1"] = "数量指标", "购买公益性岗位人数（人）", 718
    sheet["B2"], sheet["C2"], sheet["D2"] = "质量指标", "公益性岗位补贴发放准确率", "≥95%"
    sheet["B3"] = "时效指标"
    sheet["C3"] = sheet["D3"] = "资金在规定时间内下达率≥95%"
    sheet.merged_cells.add("A1:A3")  # registered without clearing A2:A3, as such exporters write them
    sheet.merged_cells.add("C3:D3")
    source = read_xlsx(_save(workbook), "copies.xlsx")
    assert [line.split("\t") for line in source.lines] == [
        ["产出指标", "数量指标", "购买公益性岗位人数（人）", "718"],
        ["", "质量指标", "公益性岗位补贴发放准确率", "≥95%"],
        ["", "时效指标", "资金在规定时间内下达率≥95%", ""],
    ]
    assert source.locations == ("工作表“绩效目标”第1行", "工作表“绩效目标”第2行", "工作表“绩效目标”第3行")


def test_hidden_sheets_are_left_out():
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "部门项目支出预算绩效目标表"
    hidden = workbook.create_sheet("代码表")
    hidden["A1"] = "011 数量指标"
    hidden.sheet_state = "hidden"
    assert read_xlsx(_save(workbook), "hidden.xlsx").lines == ("部门项目支出预算绩效目标表",)


def test_renderings_hold_real_merges_on_one_or_many_sheets():
    one = openpyxl.load_workbook(io.BytesIO(rendered(SEEDS["002"], "xlsx")))
    many = openpyxl.load_workbook(io.BytesIO(rendered(SEEDS["002"], "xlsx-sheets")))
    assert len(one.worksheets) == 1 and len(many.worksheets) == 16  # the preamble, then one per table
    assert len(one.active.merged_cells.ranges) > 15 * 10
    amounts = [c for row in one.active.iter_rows() for c in row if isinstance(c.value, float | int)]
    assert amounts and any(c.number_format == "#,##0" for c in amounts)  # funds stored as numbers


def test_corrupt_workbook_is_a_clear_error():
    data = bytearray(rendered(SEEDS["004"], "xlsx"))
    middle = len(data) // 2
    data[middle : middle + 400] = b"\x00" * 400
    result = parse_bytes(bytes(data), "corrupt.xlsx")
    assert result.projects == []
    assert result.error.startswith("corrupt.xlsx: the Excel workbook cannot be read, it is damaged or truncated (")


def test_truncated_workbooks_are_clear_errors():
    xlsx = rendered(SEEDS["004"], "xlsx")
    assert parse_bytes(xlsx[:3000], "cut.xlsx").error == (
        "cut.xlsx: the Excel workbook cannot be read, it is damaged or truncated (File is not a zip file)"
    )
    xls = rendered(SEEDS["004"], "xls")
    error = parse_bytes(xls[: len(xls) // 2], "cut.xls").error
    assert error.startswith("cut.xls: the Excel workbook cannot be read, it is damaged or truncated (")


def test_legacy_xls_keeps_merges_and_formats():
    source = read_xls(rendered(SEEDS["000"], "xls"), "000.xls")
    line = next(line for line in source.lines if line.startswith("项目资金(元)") and "40,000" in line)
    assert line.split("\t")[:6] == ["项目资金(元)", "", "实施期资金总额:", "40,000", "年度资金总额:", "40,000"]
    assert source.locations[0] == "工作表“表1”第1行"

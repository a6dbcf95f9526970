"""Word filings: tables read from their XML, merged cells once, nested tables unfolded in place."""

from __future__ import annotations

import io

import docx
from conftest import SEEDS
from docx.oxml.ns import qn
from renderings import rendered

from scorer.ingest import source_from_bytes
from scorer.ingest.word import read_docx
from scorer.pipeline import parse_bytes


def _save(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _cells(source) -> list[list[str]]:
    return [line.split("\t") for line in source.lines]


def test_merged_cells_keep_their_text_once():
    """python-docx's own grid repeats a merged cell everywhere it covers; the reader must not."""
    document = docx.Document()
    table = document.add_table(rows=3, cols=4)
    table.cell(0, 0).merge(table.cell(2, 0)).text = "产出指标"  # merged down
    table.cell(0, 2).merge(table.cell(0, 3)).text = "≥95%"  # merged across
    table.cell(0, 1).text = "质量指标"
    table.cell(1, 1).text = "时效指标"
    table.cell(1, 2).text = "12月底前"
    source = read_docx(_save(document), "merged.docx")
    assert _cells(source) == [
        ["产出指标", "质量指标", "≥95%", ""],
        ["", "时效指标", "12月底前", ""],
        ["", "", "", ""],
    ]
    assert source.locations == ("表1第1行", "表1第2行", "表1第3行")
    assert [len(row.cells) for row in table.rows] == [4, 4, 4]  # what python-docx itself would repeat


def test_a_nested_table_is_unfolded_beside_its_row():
    document = docx.Document()
    document.add_paragraph("部门项目支出预算绩效目标表")
    outer = document.add_table(rows=2, cols=2)
    outer.cell(0, 0).text = "项目名称"
    outer.cell(0, 1).text = "公益性岗位人员岗位补贴"
    outer.cell(1, 0).text = "绩效指标"
    holder = outer.cell(1, 1)
    inner = holder.add_table(rows=2, cols=3)
    for r, row in enumerate([["数量指标", "购买公益性岗位人数（人）", "718"], ["", "补贴发放准确率", "≥95%"]]):
        for c, text in enumerate(row):
            inner.cell(r, c).text = text
    holder._tc.remove(holder._tc.p_lst[0])
    source = read_docx(_save(document), "nested.docx")
    assert _cells(source) == [
        ["部门项目支出预算绩效目标表"],
        ["项目名称", "公益性岗位人员岗位补贴"],
        ["绩效指标", "数量指标", "购买公益性岗位人数（人）", "718"],
        ["", "", "补贴发放准确率", "≥95%"],
    ]
    assert source.locations == ("第1段", "表1第1行", "表1第2行", "表1第2行内嵌表第1行")


def test_rendered_seeds_really_hold_nested_tables_and_merges():
    body = docx.Document(io.BytesIO(rendered(SEEDS["000"], "docx"))).element.body
    # 14 of the 16 project grids sit in a cell; two have a row whose 绩效指标 column holds slid text
    assert len(body.xpath(".//w:tc//w:tbl")) == 14
    assert body.xpath(".//w:vMerge[@w:val='restart']") and body.xpath(".//w:gridSpan")
    source = source_from_bytes(rendered(SEEDS["000"], "docx"), "000.docx")
    assert any("内嵌表" in where for where in source.locations)


def test_document_without_tables_is_a_clear_error():
    document = docx.Document()
    document.add_paragraph("2025年度部门预算")
    document.add_paragraph("项目支出绩效目标表另附。")
    result = parse_bytes(_save(document), "cover-letter.docx")
    assert result.error == (
        "cover-letter.docx: the Word document has no tables; a 绩效目标表 is expected as a Word table"
    )


def test_damaged_document_is_a_clear_error():
    data = rendered(SEEDS["004"], "docx")
    result = parse_bytes(data[: len(data) // 2], "cut.docx")
    assert result.error == (
        "cut.docx: the Word document cannot be read, it is damaged or truncated (File is not a zip file)"
    )


def test_content_controls_do_not_hide_rows():
    """Forms filled in Word often wrap rows in content controls (w:sdt)."""
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "项目名称"
    table.cell(0, 1).text = "就业见习补贴"
    table.cell(1, 0).text = "实施单位"
    table.cell(1, 1).text = "平罗县就业创业服务局"
    tr = table.rows[1]._tr
    sdt = tr.makeelement(qn("w:sdt"), {})
    content = sdt.makeelement(qn("w:sdtContent"), {})
    sdt.append(content)
    tr.addprevious(sdt)
    content.append(tr)
    assert _cells(read_docx(_save(document), "sdt.docx")) == [
        ["项目名称", "就业见习补贴"],
        ["实施单位", "平罗县就业创业服务局"],
    ]

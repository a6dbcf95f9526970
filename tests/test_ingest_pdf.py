"""PDF filings: ruled tables through pdfplumber, the text-layer fallback, and PDFs that cannot be read."""

from __future__ import annotations

import io
import json

import pdfplumber
import pytest
from conftest import SEEDS
from renderings import rendered, require_cjk_font
from reportlab.lib import pdfencrypt
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from scorer.ingest import source_from_bytes
from scorer.ingest.pdf import text_lines
from scorer.pipeline import parse_bytes, parse_file
from scorer.report.json_report import contract


@pytest.fixture(scope="module", autouse=True)
def _font():
    require_cjk_font()


def _canvas_pdf(draw, **options) -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out, **options)
    draw(page)
    page.showPage()
    page.save()
    return out.getvalue()


def test_pdfplumber_really_sees_merged_cells():
    """The rendering is read through pdfplumber's table finder: a merged 一级 cell spans its rows."""
    with pdfplumber.open(io.BytesIO(rendered(SEEDS["004"], "pdf"))) as pdf:
        table = pdf.pages[0].find_tables()[0]
        rows = table.extract()
    start = next(i for i, row in enumerate(rows) if row[0] == "1-产出指标")
    assert rows[start][:4] == ["1-产出指标", "11-数量指标", "购买公益性岗位人数（人）", "718"]
    assert rows[start + 1][:2] == [None, "12-质量指标"]  # covered by the merged 1-产出指标 cell
    assert rows[0] == ["部门项目支出预算绩效目标表", None, None, None]  # a title merged across the table


def test_rows_and_locations_of_a_real_table():
    source = source_from_bytes(rendered(SEEDS["004"], "pdf"), "004.pdf")
    number = source.lines.index("1-产出指标\t11-数量指标\t购买公益性岗位人数（人）\t718") + 1
    assert source.lines[number] == "\t12-质量指标\t公益性岗位补贴发放准确率\t≥95%"
    assert source.where(number) == "第1页表1第9行"
    assert (
        source.where(1) == "第1页正文第1行" and source.lines[0] == "附件 2：平罗县就业创业服务局项目支出预算绩效目标表"
    )


def test_json_names_the_page_and_row_of_every_indicator(tmp_path):
    path = tmp_path / "004.pdf"
    path.write_bytes(rendered(SEEDS["004"], "pdf"))
    data = contract([parse_file(path)])
    project = data["documents"][0]["projects"][0]
    first = project["indicators"][0]
    assert list(first)[-2:] == ["source_line", "source_location"]
    assert (first["level3"], first["source_location"]) == ("购买公益性岗位人数(人)", "第1页表1第9行")
    assert project["source_location"] == ["第1页表1第1行", "第1页表1第16行"]  # title row to last row
    json.dumps(data, ensure_ascii=False)


def test_text_layer_fallback_reads_an_unruled_table():
    """Without rules there is no table to find: words on a line, cut at wide gaps, give the cells."""
    expected = parse_file(SEEDS["004"])
    document = parse_bytes(rendered(SEEDS["004"], "pdf-unruled"), "004-unruled.pdf")
    assert document.error is None
    assert [(p.name, p.funds.annual) for p in document.projects] == [
        (p.name, p.funds.annual) for p in expected.projects
    ]
    assert [(i.level1, i.level2, i.level3, i.value) for p in document.projects for i in p.indicators] == [
        (i.level1, i.level2, i.level3, i.value) for p in expected.projects for i in p.indicators
    ]
    assert all("正文" in i.location for p in document.projects for i in p.indicators)


def test_text_lines_cut_cells_at_wide_gaps_only():
    def word(text, x0, x1, top=100.0):
        return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": top + 9}

    words = [word("项目期限", 40, 76), word("2025", 120, 138), word("年", 140, 149), word("1月", 151, 163)]
    words.append(word("单位：万元", 40, 85, top=120.5))
    assert text_lines(words) == [(100.0, ["项目期限", "2025 年 1月"]), (120.5, ["单位：万元"])]


def test_scanned_pdf_asks_for_ocr():
    from PIL import Image

    scan = Image.new("L", (400, 300), 230)
    data = _canvas_pdf(lambda page: page.drawImage(ImageReader(scan), 40, 400, 500, 375))
    assert parse_bytes(data, "scan.pdf").error == (
        "scan.pdf: the PDF has no text layer (scanned pages): OCR is needed before it can be read"
    )


def test_password_protected_pdf_is_a_clear_error():
    def draw(page):
        page.drawString(72, 720, "locked")

    locked = _canvas_pdf(draw, encrypt=pdfencrypt.StandardEncryption("secret"))
    assert parse_bytes(locked, "locked.pdf").error == (
        "locked.pdf: the PDF is password-protected; save an unprotected copy and score that"
    )
    # Only an owner password (no copying): readable, so the error is about the content.
    owner_only = _canvas_pdf(draw, encrypt=pdfencrypt.StandardEncryption("", ownerPassword="owner", canCopy=0))
    assert parse_bytes(owner_only, "owner.pdf").error == (
        "owner.pdf: no 绩效目标表 (performance target table) found in this file"
    )


def test_truncated_pdf_is_a_clear_error():
    data = rendered(SEEDS["002"], "pdf")
    document = parse_bytes(data[: len(data) * 2 // 3], "cut.pdf")
    assert document.projects == []
    assert document.error.startswith("cut.pdf: the PDF cannot be read, it is damaged or truncated (")

"""Formats are told apart by content, so the CLI and a batch take any mix of files, whatever their names."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from conftest import SEEDS
from renderings import rendered, require_cjk_font
from typer.testing import CliRunner

from scorer.cli import app
from scorer.errors import FilingError
from scorer.ingest import sniff
from scorer.pipeline import parse_bytes, parse_file

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def _zip(*names: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "pdf"),
        (b"\r\n\r\n%PDF-1.4\n", "pdf"),  # a little junk before the header, as some exporters write
        (_zip("[Content_Types].xml", "xl/workbook.xml"), "xlsx"),
        (_zip("[Content_Types].xml", "word/document.xml"), "docx"),
        (OLE2 + "Workbook".encode("utf-16-le"), "xls"),
        ("项目名称\t就业见习补贴\n".encode("gbk"), "text"),
        (b"", "text"),
    ],
)
def test_sniff_by_magic_bytes(data, kind):
    assert sniff(data, "upload") == kind


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_zip("mimetype", "content.xml"), "this ZIP archive is neither an Excel workbook (.xlsx) nor a Word document"),
        (OLE2 + "EncryptedPackage".encode("utf-16-le"), "the Office file is password-protected"),
        (OLE2 + "WordDocument".encode("utf-16-le"), "this is a Word 97-2003 (.doc) file, which cannot be read"),
        (OLE2, "this Office 97-2003 file is neither an Excel workbook nor a Word document, or it is damaged"),
    ],
)
def test_office_files_that_cannot_be_read_say_why(data, message):
    with pytest.raises(FilingError, match="^" + re.escape("upload: " + message)):
        sniff(data, "upload")


def test_content_wins_over_the_name(tmp_path):
    misnamed = tmp_path / "004-export.txt"
    misnamed.write_bytes(rendered(SEEDS["004"], "xlsx"))
    document = parse_file(misnamed)
    assert document.error is None and len(document.projects) == 5
    assert document.projects[0].indicators[0].location == "工作表“表1”第11行"


def test_tab_separated_export_named_xls_reads_as_text():
    """Budget systems often save tab-separated text under an .xls name."""
    data = SEEDS["004"].read_text(encoding="utf-8").encode("gb18030")
    document = parse_bytes(data, "平罗县绩效目标表.xls")
    assert document.error is None and len(document.projects) == 5
    assert document.projects[0].indicators[0].location is None


def test_cli_scores_a_mix_of_formats_and_reports_bad_files(tmp_path):
    require_cjk_font()
    files = {
        "000.pdf": rendered(SEEDS["000"], "pdf"),
        "001.xlsx": rendered(SEEDS["001"], "xlsx-sheets"),
        "002.docx": rendered(SEEDS["002"], "docx"),
        "004.txt": SEEDS["004"].read_bytes(),
        "broken.xlsx": rendered(SEEDS["004"], "xlsx")[:2000],
        "scan.pdf": b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n",
    }
    paths = []
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    out = tmp_path / "out.json"
    result = CliRunner().invoke(app, ["score", *paths, "--format", "json", "-o", str(out)])
    assert result.exit_code == 1  # some files had errors
    documents = json.loads(out.read_text(encoding="utf-8"))["documents"]
    assert [d["path"] for d in documents] == paths
    assert [len(d["projects"]) for d in documents] == [18, 62, 15, 5, 0, 0]
    assert [d["error"] is None for d in documents] == [True, True, True, True, False, False]
    assert documents[4]["error"].startswith(f"{paths[4]}: the Excel workbook cannot be read")
    assert documents[5]["error"].startswith(f"{paths[5]}: the PDF cannot be read")
    assert all(p["score"] is not None for d in documents[:4] for p in d["projects"] if p["scope"] == "project")

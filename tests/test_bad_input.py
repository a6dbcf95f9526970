"""Bad files give a clear per-document error and never stop the others."""

from __future__ import annotations

import json

from conftest import SEEDS
from typer.testing import CliRunner

from scorer.cli import app
from scorer.pipeline import parse_bytes, parse_file, parse_files

runner = CliRunner()


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"  \n\n")
    document = parse_file(path)
    assert document.error == f"{path}: the file is empty"
    assert document.projects == []


def test_binary_file(tmp_path):
    path = tmp_path / "scan.txt"
    path.write_bytes(bytes(range(256)) * 8)
    assert parse_file(path).error == f"{path}: this is a binary file, not a text, PDF, Excel or Word filing"


def test_missing_file(tmp_path):
    error = parse_file(tmp_path / "nope.txt").error
    assert error is not None and error.startswith(f"{tmp_path / 'nope.txt'}: cannot read the file")


def test_file_without_target_table():
    text = "岚县创业就业服务中心\n2025年度单位预算公开\n表一2025年预算收支总表\n合计\t689.49\n"
    document = parse_bytes(text.encode(), "budget-only.txt")
    assert document.error == "budget-only.txt: no 绩效目标表 (performance target table) found in this file"


def test_unknown_title_is_read_by_its_header_row_with_one_warning_per_project():
    lines = SEEDS["004"].read_text(encoding="utf-8").splitlines()
    renamed = "\n".join(line.replace("部门项目支出预算绩效目标表", "项目绩效目标一览") for line in lines)
    document = parse_bytes(renamed.encode(), "other-province.txt")
    original = parse_file(SEEDS["004"])
    assert (document.layout, document.budget_year, document.error) == ("generic", 2025, None)

    def content(doc):
        return [
            (p.name, p.department, p.funds.annual, [(i.level1, i.level2, i.level3, i.value) for i in p.indicators])
            for p in doc.projects
        ]

    assert content(document) == content(original)
    assert [[f.code for f in p.flags] for p in document.projects] == [["W111"]] * 5
    assert [[f.code for f in p.flags] for p in original.projects] == [[]] * 5


def test_unknown_layout_without_an_indicator_header_names_the_known_ones():
    lines = SEEDS["004"].read_text(encoding="utf-8").splitlines()
    renamed = "\n".join(
        line.replace("部门项目支出预算绩效目标表", "项目绩效目标一览") for line in lines if "三级指标" not in line
    )
    document = parse_bytes(renamed.encode(), "other-province.txt")
    assert document.error is not None
    assert document.error.startswith("other-province.txt: the file mentions performance targets")
    assert "shanxi-county" in document.error and "ningxia-county" in document.error


def test_truncated_file_keeps_what_was_read_and_says_where(tmp_path):
    lines = SEEDS["000"].read_text(encoding="utf-8").split("\n")
    cut = tmp_path / "cut.txt"
    cut.write_text("\n".join(lines[:650]), encoding="utf-8")  # stops inside 残保金 (title at 629)
    document = parse_file(cut)
    assert document.error == (
        f"{cut}:650: the last table stops without its footer (负责人/填报日期); "
        "the file looks truncated — the projects read so far are kept"
    )
    names = [p.name for p in document.projects]
    assert names == ["039003-岚县创业就业服务中心", "2025年招聘会工作经费", "残保金"]
    assert any(f.code == "W106" for f in document.projects[-1].flags)
    assert len([i for i in document.projects[-1].indicators if i.period == "annual"]) == 1


def test_gbk_and_bom_filings_parse_like_utf8(tmp_path):
    text = SEEDS["004"].read_text(encoding="utf-8")
    reference = parse_file(SEEDS["004"])
    for encoding in ("gbk", "gb18030", "utf-8-sig"):
        path = tmp_path / f"004-{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        document = parse_file(path)
        assert document.error is None, encoding
        assert [(p.name, p.funds.annual) for p in document.projects] == [
            (p.name, p.funds.annual) for p in reference.projects
        ]
        assert [i.value for p in document.projects for i in p.indicators] == [
            i.value for p in reference.projects for i in p.indicators
        ]
    assert parse_file(tmp_path / "004-gbk.txt").encoding == "gb18030"


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    documents = parse_files([empty, SEEDS["004"]])
    assert documents[0].error and not documents[1].error
    assert len(documents[1].projects) == 5


def test_cli_exit_status_and_json_errors(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["score", str(SEEDS["004"]), str(empty), "--format", "json", "-o", str(out)])
    assert result.exit_code == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [d["error"] for d in data["documents"]] == [None, f"{empty}: the file is empty"]
    assert len(data["documents"][0]["projects"]) == 5
    ok = runner.invoke(app, ["score", str(SEEDS["004"])], env={"COLUMNS": "200"})
    assert ok.exit_code == 0
    assert "公益性岗位人员岗位补贴" in ok.output

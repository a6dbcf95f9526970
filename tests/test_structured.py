"""Structured exports (scorer/layouts/structured.py, columns.py) and the checks on their columns.

The check fixtures are the real annual rows of 002's first project (本级公益性岗位2026年补贴保险,
lines 460–468) as a budget-management system exports them, with one cell changed per hit; the
round-trip tests convert every seed filing into each export variant (tests/structured_renderings.py).
"""

from __future__ import annotations

import json

import pytest
from conftest import SEEDS
from hypothesis import given
from hypothesis import strategies as st

from scorer.checks.columns import reported_by_columns, unit_from_cell
from scorer.config import load_config
from scorer.layouts.columns import field_of, map_header
from scorer.model import Document
from scorer.pipeline import parse_bytes, parse_file, score_document
from scorer.report.json_report import document_dict
from scorer.values import Value, parse_cells, parse_value

CONFIG = load_config()

HEAD = [
    "项目支出绩效目标表",
    "（2026年度）",
    "\t\t\t\t\t\t\t单位：万元",
    "项目名称\t本级公益性岗位2026年补贴保险\t\t\t项目编码\t140581260001",
    "主管部门\t[103]高平市人力资源和社会保障局\t\t\t实施单位\t高平市就业和人才服务中心",
    "项目类别\t一次性项目\t\t\t项目期限\t1年",
    "年度资金总额\t2200\t\t\t其中：财政拨款\t2200",
    "年度绩效目标\t为缓解我市就业困难人员就业压力,提高我市就业率。",
    "一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\t权重(%)\t指标值设定依据及说明",
]
# 002 lines 460–468 (annual half), split into 指标性质 | 指标值 | 度量单位 | 权重 as an export does
ROWS = {
    "count": ["产出指标", "数量指标", "2026年本级公益岗位在岗人数", "≥", "500", "人", "20"],
    "quality": ["", "质量指标", "发放补贴完成率", "=", "100", "%", "15"],
    "time": ["", "时效指标", "发放补贴时间", "定量", "按月发放", "", "15"],
    "cost": ["", "成本指标", "发放补贴标准", "=", "2150", "元/人/月", "20"],
    "benefit": ["效益指标", "社会效益指标", "促进高校毕业生就业", "定性", "促进", "", "15"],
    "satisfaction": ["满意度指标", "服务对象满意度指标", "公益岗位满意度", "≥", "90", "%", "15"],
}


def export(**changes: list[str]) -> Document:
    rows = {**ROWS, **changes}
    text = "\n".join(HEAD + ["\t".join(cells) for cells in rows.values()]) + "\n"
    return score_document(parse_bytes(text.encode(), "export.txt"), CONFIG)


def codes(document: Document, name: str) -> set[str]:
    project = document.projects[0]
    row = next(i for i in project.indicators if i.level3 == name)
    return {f.code for f in project.flags if f.indicator == row.id}


def project_codes(document: Document) -> set[str]:
    return {f.code for f in document.projects[0].flags if f.indicator is None}


# ------------------------------------------------------------------------------ header map


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("指标值", "value"),
        ("绩效值", "value"),
        ("目标值", "value"),
        ("年度指标值", "value"),
        ("计量单位", "unit"),
        ("度量单位", "unit"),
        ("指标方向", "nature"),
        ("运算符号", "nature"),
        ("指标性质", "nature"),
        ("分值", "weight"),
        ("权重(%)", "weight"),
        ("权重（%）", "weight"),
        ("三级指标名称", "level3"),
        ("指标值设定依据及说明", None),
        ("评(扣)分标准", None),
        ("数据来源", None),
    ],
)
def test_headers_are_read_through_the_synonym_table(header, field):
    assert field_of(header) == field


def test_header_map_ignores_order_and_extra_columns():
    cmap = map_header(["三级指标名称", "目标值", "指标解释", "计量单位", "运算符号", "一级指标", "二级指标", "分值"])
    assert cmap is not None and cmap.structured
    assert cmap.columns == {
        "level3": 0,
        "value": 1,
        "unit": 3,
        "nature": 4,
        "level1": 5,
        "level2": 6,
        "weight": 7,
    }
    seed_header = ["一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"]
    assert map_header(seed_header).structured is False
    assert map_header(["项目名称", "本级公益性岗位2026年补贴保险"]) is None


# ------------------------------------------------------------------------------ parse


def test_export_parses_fields_funds_in_yuan_and_split_cells():
    document = export()
    assert (document.layout, document.budget_year, document.error) == ("structured", 2026, None)
    project = document.projects[0]
    assert (project.name, project.department, project.implementer, project.attribute, project.term) == (
        "本级公益性岗位2026年补贴保险",
        "[103]高平市人力资源和社会保障局",
        "高平市就业和人才服务中心",
        "一次性项目",
        "1年",
    )
    assert (project.funds.total, project.funds.annual) == (None, 22000000.0)
    count = project.indicators[0]
    assert (count.level1, count.level2, count.level3, count.value) == (
        "产出指标",
        "数量指标",
        "2026年本级公益岗位在岗人数",
        "500",
    )
    assert (count.nature, count.unit_cell, count.weight) == ("≥", "人", 20.0)
    assert count.parsed == Value(">=", 500.0, None, "人", "count")
    cost = project.indicators[3]
    assert (cost.level1, cost.level2) == ("产出指标", "成本指标")  # 一级 carried down over the merged cells
    assert cost.parsed == Value("=", 2150.0, None, "元/人/月", "money")
    benefit = project.indicators[4]
    assert (benefit.level1, benefit.nature, benefit.parsed.kind) == ("效益指标", "定性", "text")


def test_json_adds_the_three_cells_only_for_structured_rows():
    row = document_dict(export())["projects"][0]["indicators"][0]
    assert list(row)[-3:] == ["nature", "unit_cell", "weight"]
    assert (row["value"], row["nature"], row["unit_cell"], row["weight"]) == ("500", "≥", "人", 20.0)
    assert row["parsed"] == {"op": ">=", "number": 500.0, "upper": None, "unit": "人", "kind": "count"}
    seed_row = document_dict(parse_file(SEEDS["002"]))["projects"][0]["indicators"][0]
    assert not {"nature", "unit_cell", "weight"} & set(seed_row)
    json.dumps(document_dict(export()), ensure_ascii=False)


def test_parse_cells_combines_nature_value_and_unit():
    assert parse_cells("1626", "≥", "人") == Value(">=", 1626.0, None, "人", "count")
    assert parse_cells("及时发放", "定性", "") == Value(None, None, None, None, "text")
    assert parse_cells("3360", "=", "元/人.年") == Value("=", 3360.0, None, "元/人.年", "money")
    assert parse_cells("1.2", "≤", "万元") == Value("<=", 12000.0, None, "元", "money")
    assert parse_cells("95", "正向", "%") == Value(">=", 95.0, None, "%", "percent")
    assert parse_cells("≥95%", "定量", "%") == Value(">=", 95.0, None, "%", "percent")  # value keeps its own
    assert parse_cells("12月底前", "定量", "月") == Value("<=", None, None, "12月底前", "date")


def test_funds_unit_from_the_header_label():
    lines = [line.replace("年度资金总额", "年度资金总额(万元)") for line in HEAD if "单位：" not in line]
    text = "\n".join(lines + ["\t".join(cells) for cells in ROWS.values()])
    assert parse_bytes(text.encode(), "export.txt").projects[0].funds.annual == 22000000.0
    plain = "\n".join(line for line in HEAD if "单位：" not in line)
    text = plain + "\n" + "\n".join("\t".join(cells) for cells in ROWS.values())
    assert parse_bytes(text.encode(), "export.txt").projects[0].funds.annual == 2200.0  # no unit stated: 元


def test_a_file_without_indicator_header_is_an_error():
    text = "\n".join(HEAD[:-1]) + "\n"
    document = parse_bytes(text.encode(), "export.txt")
    assert document.error is not None and document.error.startswith("export.txt: the file mentions performance")


# ------------------------------------------------------------------------------ checks


def test_clean_export_raises_none_of_the_column_checks():
    document = export()
    assert codes(document, "2026年本级公益岗位在岗人数") == set()
    assert codes(document, "发放补贴标准") == set()
    assert codes(document, "公益岗位满意度") == set()
    assert codes(document, "促进高校毕业生就业") == {"V101"}
    assert project_codes(document) == set()


def test_U109_unit_in_value_disagrees_with_unit_column():
    hit = export(count=["产出指标", "数量指标", "2026年本级公益岗位在岗人数", "≥", "1500元", "人", "20"])
    # the 元 in the value also disagrees with 人数 in the name (U102)
    assert codes(hit, "2026年本级公益岗位在岗人数") == {"U109", "U102"}
    near = export(count=["产出指标", "数量指标", "2026年本级公益岗位在岗人数", "≥", "500人", "人", "20"])
    assert codes(near, "2026年本级公益岗位在岗人数") == set()
    wan = export(cost=["", "成本指标", "发放补贴标准", "≤", "0.215万元/人/月", "元/人/月", "20"])
    assert codes(wan, "发放补贴标准") == set()  # 万元 and 元 are one unit of money


def test_U110_unit_column_disagrees_with_wording_instead_of_U102():
    hit = export(cost=["", "成本指标", "发放补贴标准", "=", "2150", "人", "20"])
    assert codes(hit, "发放补贴标准") == {"U110"}
    in_value = export(cost=["", "成本指标", "发放补贴标准", "=", "2150人", "", "20"])
    assert codes(in_value, "发放补贴标准") == {"U102"}  # no 度量单位: the value's own unit is judged


def test_M107_qualitative_on_a_quantity():
    # 001's 办公耗材购置数量 → 参照往年: a count declared 定性 (M107, one finding in place of M102 and V101)
    hit = export(count=["产出指标", "数量指标", "2026年本级公益岗位在岗人数", "定性", "参照往年", "", "20"])
    assert codes(hit, "2026年本级公益岗位在岗人数") == {"M107"}
    time = export(time=["", "时效指标", "发放补贴时间", "定性", "按月发放", "", "15"])
    assert codes(time, "发放补贴时间") == {"M107", "V103"}  # 按月发放 is a frequency only (V103)
    assert {f.severity for f in time.projects[0].flags if f.code == "M107"} == {"warning"}
    near = export()  # 促进 under 社会效益 is 定性 too, but a benefit may be described
    assert codes(near, "促进高校毕业生就业") == {"V101"}


def test_M108_comparator_before_words():
    hit = export(satisfaction=["满意度指标", "服务对象满意度指标", "公益岗位满意度", "≥", "满意", "", "15"])
    assert codes(hit, "公益岗位满意度") == {"M108"}  # one finding for the cell: not M102 or V101 as well
    near = export(satisfaction=["满意度指标", "服务对象满意度指标", "公益岗位满意度", "定性", "满意", "", "15"])
    assert codes(near, "公益岗位满意度") == {"M102"}


def test_S101_weights_not_adding_up():
    hit = export(quality=["", "质量指标", "发放补贴完成率", "=", "100", "%", "10"])
    assert project_codes(hit) == {"S101"}
    flag = next(f for f in hit.projects[0].flags if f.code == "S101")
    assert (flag.kind, flag.message) == ("weights", "年度指标权重合计为95，应为100。")
    missing = export(quality=["", "质量指标", "发放补贴完成率", "=", "100", "%", ""])
    assert "另有1个指标没有权重" in next(f.message for f in missing.projects[0].flags if f.code == "S101")
    assert project_codes(export()) == set()


def test_no_missing_unit_flag_when_the_unit_has_its_own_column():
    document = export()
    assert codes(document, "2026年本级公益岗位在岗人数") == set()
    bare = export(count=["产出指标", "数量指标", "2026年本级公益岗位在岗人数", "≥", "500", "", "20"])
    assert codes(bare, "2026年本级公益岗位在岗人数") == {"U105"}


def test_helpers_say_which_rule_owns_a_row():
    project = export(cost=["", "成本指标", "发放补贴标准", "=", "2150", "人", "20"]).projects[0]
    cost = project.indicators[3]
    assert unit_from_cell(cost) and not reported_by_columns(cost)
    words = export(satisfaction=["满意度指标", "服务对象满意度指标", "公益岗位满意度", "≥", "满意", "", "15"])
    satisfaction = words.projects[0].indicators[5]
    assert reported_by_columns(satisfaction) and not unit_from_cell(satisfaction)


# ------------------------------------------------------------------------------ property


@given(
    op=st.sampled_from(["≥", "≤", "=", ">", "<", ""]),
    number=st.one_of(st.integers(0, 10**7).map(str), st.decimals(0, 10**5, places=2).map(str)),
    unit=st.sampled_from(["人", "人次", "%", "元", "万元", "元/人/月", "元/人.年", "个", "天", "台", "万元/台"]),
)
def test_split_cells_read_as_the_value_written_in_one(op, number, unit):
    nature = op or "定量"
    assert parse_cells(number, nature, unit) == parse_value(f"{op}{number}{unit}")


@given(text=st.sampled_from(["及时发放", "有效保障", "显著提高", "满意", "按标准执行", "是"]))
def test_qualitative_cells_read_as_written(text):
    assert parse_cells(text, "定性", "人") == parse_value(text)


def test_both_periods_in_one_row():
    header = "一级指标\t二级指标\t三级指标\t指标性质\t实施期指标值\t年度指标值\t度量单位"
    rows = [
        "产出指标\t数量指标\t2026年本级公益岗位在岗人数\t≥\t500\t500\t人",
        "\t成本指标\t发放补贴标准\t=\t2150\t2150\t元/人/月",
    ]
    text = "\n".join([*HEAD[:-1], header, *rows]) + "\n"
    project = parse_bytes(text.encode(), "export.txt").projects[0]
    assert [(i.period, i.level2, i.level3, i.parsed) for i in project.indicators] == [
        ("total", "数量指标", "2026年本级公益岗位在岗人数", Value(">=", 500.0, None, "人", "count")),
        ("annual", "数量指标", "2026年本级公益岗位在岗人数", Value(">=", 500.0, None, "人", "count")),
        ("total", "成本指标", "发放补贴标准", Value("=", 2150.0, None, "元/人/月", "money")),
        ("annual", "成本指标", "发放补贴标准", Value("=", 2150.0, None, "元/人/月", "money")),
    ]
    assert map_header(header.split("\t")).period_values == (("total", 4), ("annual", 5))


def test_a_lone_name_that_starts_like_a_section_stays_a_row():
    text = "\n".join([*HEAD, "\t".join(ROWS["count"]), "\t\t年度目标完成率", "年度绩效指标"]) + "\n"
    names = [i.level3 for i in parse_bytes(text.encode(), "export.txt").projects[0].indicators]
    assert names == ["2026年本级公益岗位在岗人数", "年度目标完成率"]


def test_a_header_on_two_rows():
    upper = "绩效指标\t\t\t指标性质\t指标值\t度量单位\t权重(%)"
    lower = "一级指标\t二级指标\t三级指标\t\t\t\t"
    text = "\n".join([*HEAD[:-1], upper, lower, *("\t".join(cells) for cells in ROWS.values())]) + "\n"
    document = parse_bytes(text.encode(), "export.txt")
    assert document.layout == "structured"
    project = document.projects[0]
    assert [i.level3 for i in project.indicators] == [cells[2] for cells in ROWS.values()]
    assert project.indicators[0].parsed == Value(">=", 500.0, None, "人", "count")
    assert sum(i.weight or 0 for i in project.indicators) == 100

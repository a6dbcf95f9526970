"""Exact rows for representative projects of every seed layout, awkward ones included."""

from __future__ import annotations

from conftest import project_at, rows

from scorer.layouts import detect_layout

OUT, BEN, SAT = "产出指标", "效益指标", "满意度指标"


def test_every_seed_is_detected_with_its_layout(seed_docs):
    assert {k: d.layout for k, d in seed_docs.items()} == {
        "000": "shanxi-county",
        "001": "shanxi-city",
        "002": "shanxi-county",
        "004": "ningxia-county",
    }
    assert {k: d.budget_year for k, d in seed_docs.items()} == {
        "000": 2025,
        "001": 2023,
        "002": 2026,
        "004": 2025,
    }


def test_every_project_is_present_with_funds_in_yuan(seed_docs):
    counts = {k: len([p for p in d.projects if p.scope == "project"]) for k, d in seed_docs.items()}
    assert counts == {"000": 17, "001": 62, "002": 15, "004": 5}
    annual = {
        k: round(sum(p.funds.annual or 0 for p in d.projects if p.scope == "project"), 2) for k, d in seed_docs.items()
    }
    # Σ 年度资金总额 reconciles with each filing's narrative: 511.18万元, 4,141.55万元, 5,366.57万元
    assert annual["000"] == 5_111_747.44
    assert annual["002"] == 41_415_500.0
    assert annual["004"] == 53_665_700.0
    assert all(p.funds.annual for d in seed_docs.values() for p in d.projects)


def test_county_table_with_a_right_half_value_missing(seed_docs):
    """000 2025年招聘会工作经费: the 成本指标 label slid into the right half on line 619."""
    project = project_at(seed_docs["000"], 596)
    assert project.name == "2025年招聘会工作经费"
    assert project.department == "039-岚县人力资源和社会保障局"
    assert project.implementer == "岚县创业就业服务中心"
    assert (project.attribute, project.term) == ("一次性项目(1年结束)", "1年")
    assert (project.funds.total, project.funds.annual) == (40000.0, 40000.0)
    assert project.source_lines == (592, 627)
    assert project.stamp == "20250417152943"
    assert rows(project) == [
        (OUT, "数量指标", "宣传单种类", "≤9类", 612),
        (OUT, "数量指标", "图版制作数量", "≤21块", 613),
        (OUT, "数量指标", "现场参会企业数量", "≤36家", 614),
        (OUT, "数量指标", "线上参会企业数量", "≤24家", 615),
        (OUT, "质量指标", "就业政策宣传覆盖率", "≥96%", 616),
        (OUT, "质量指标", "所用资金拨付到位率", "及时", 617),
        (OUT, "时效指标", "招聘会所需资料的保障性", "保障", 618),
        (OUT, "成本指标", "宣传资料成本支出", "", 619),
        (OUT, "成本指标", "住宿支出费用", "≤1.4万元", 620),
        (OUT, "成本指标", "设备租赁费成本支出", "≤1万元", 621),
        (BEN, "经济效益指标", "提高了就业困难人员的生活水平", "提高", 622),
        (BEN, "社会效益指标", "提高了就业人员就业困难问题", "提高", 623),
        (SAT, "服务对象满意度指标", "受益人员的满意度", "≥98%", 626),
    ]
    # the left (实施期) half never printed its 成本 label, so its costs stay under 时效 as printed
    assert rows(project, "total")[7:10] == [
        (OUT, "时效指标", "设备租赁费成本支出", "≤1万元", 619),
        (OUT, "时效指标", "宣传资料成本支出", "≤1.6万元", 620),
        (OUT, "时效指标", "住宿支出费用", "≤1.4万元", 621),
    ]


def test_rows_present_in_one_half_only_go_to_the_right_half(seed_docs):
    """000 就业见习生活补贴 lines 1173–1174 hold only 年度 cells."""
    project = project_at(seed_docs["000"], 1152)
    assert [r for r in rows(project) if r[1] == "成本指标"] == [
        (OUT, "成本指标", "意外险", "240元/人/月", 1172),
        (OUT, "成本指标", "2024年就业见习生活补贴发放标准", "1068元/人/月", 1173),
        (OUT, "成本指标", "2025年就业见习生活补贴发放标准", "1170元/人/月", 1174),
    ]
    assert [r for r in rows(project, "total") if r[1] == "成本指标"] == [
        (OUT, "成本指标", "2024年就业见习生活补贴发放标准", "1068//", 1172),
    ]


def test_city_declaration_with_truncated_cells_and_label_in_level1_column(seed_docs):
    """001 first table: 成本指标 printed in the 一级 column; right-half names cut short."""
    project = project_at(seed_docs["001"], 532)
    assert project.name == "新中国成立前参加工作退休老工人津贴"
    assert (project.funds.total, project.funds.annual) == (180000.0, 87372.0)
    assert (project.attribute, project.term) == ("延续性项目(阶段开展)", "2年")
    assert rows(project) == [
        (OUT, "数量指标", "全市新中国成立前参加", "3名", 549),
        (OUT, "质量指标", "补助对象核定", "100%", 550),
        (OUT, "质量指标", "补贴标准执行度", "100%", 551),
        (OUT, "时效指标", "补助发放及时性", "及时", 552),
        (OUT, "成本指标", "津贴补贴标准", "2177元/人/月", 553),
        (OUT, "成本指标", "人均医疗补助标", "3000元/人/年", 554),
        (BEN, "社会效益指标", "政策知晓度", "98%", 556),
        (BEN, "社会效益指标", "退休老工人生活", "95%", 557),
        (SAT, "服务对象满意度指标", "受益对象满意度", "98%", 560),
    ]


def test_amount_inside_the_label_cell(seed_docs):
    """001 项目资金 lines print `实施期资金总额：1,697,500` in one cell for 业务工作经费."""
    project = project_at(seed_docs["001"], 2098)
    assert project.name == "业务工作经费"
    assert (project.funds.total, project.funds.annual) == (1_697_500.0, 1_697_500.0)


def test_right_half_without_value_column(seed_docs):
    """002 招聘全业务费: the 年度 header has no 指标值 column, so its values are missing."""
    project = project_at(seed_docs["002"], 874)
    assert rows(project) == [
        (OUT, "数量指标", "支付足额率", "", 891),
        (OUT, "数量指标", "举办招聘会场次", "", 892),
        (OUT, "质量指标", "招聘会开展完成率", "", 893),
        (OUT, "质量指标", "", "每周", 894),
        (OUT, "成本指标", "招聘会业务成本", "", 895),
        (BEN, "社会效益指标", "促进就业供需匹配", "", 897),
        (SAT, "服务对象满意度指标", "求职人员满意度", "", 900),
        (SAT, "服务对象满意度指标", "招聘企业满意度", "", 901),
    ]
    assert [f.code for f in project.flags if f.code == "W109"] == ["W109"]


def test_label_lag_is_kept_as_printed_for_the_checks(seed_docs):
    """002 本级公益性岗位: the left half's 二级 labels lag one row; the right half is correct."""
    project = project_at(seed_docs["002"], 443)
    assert rows(project, "total")[3:5] == [
        (OUT, "成本指标", "发放补贴时间", "按月发放", 463),
        (BEN, "经济效益指标", "发放补贴标准", "2150元/人/月", 464),
    ]
    assert rows(project)[3:5] == [
        (OUT, "时效指标", "发放补贴时间", "按月发放", 463),
        (OUT, "成本指标", "发放补贴标准", "2150元/人/月", 464),
    ]
    # left half: 满意度 row without a 三级 name (line 468)
    assert rows(project, "total")[-1] == (SAT, "服务对象满意度指标", "", "≥90%", 468)


def test_unknown_level2_label_is_a_parse_warning(seed_docs):
    project = project_at(seed_docs["002"], 908)
    # an unknown 二级 keeps the 一级 it was printed under
    assert rows(project)[0] == (OUT, "覆盖指标", "每年开展职业介绍活动次数", "≥20次", 925)
    assert any(f.code == "W103" and "覆盖指标" in f.message for f in project.flags)


def test_ningxia_coded_levels_and_benefit_under_output_block(seed_docs):
    project = project_at(seed_docs["004"], 7)
    assert project.name == "公益性岗位人员岗位补贴"
    assert (project.department, project.implementer) == ("平罗县人力资源和社会保障局", "平罗县就业创业服务局")
    assert (project.funds.total, project.funds.annual) == (None, 13_200_000.0)
    assert project.term == "2025年1月至12月"
    assert project.goal_annual.startswith("目标1:资金按规定用于公益性岗位人员岗位补贴")
    assert rows(project) == [
        (OUT, "数量指标", "购买公益性岗位人数(人)", "718", 13),
        (OUT, "质量指标", "公益性岗位补贴发放准确率", "≥95%", 14),
        (OUT, "时效指标", "资金在规定时间内下达率", "≥95%", 15),
        (OUT, "时效指标", "补贴资金在规定时间内支付到位率", "≥95%", 16),
        (OUT, "成本指标", "公益性岗位人员岗位补贴人均标准", "2050元/月", 17),
        (BEN, "社会效益指标", "因就业问题发生重大群体性事件数量", "减少", 18),
        (BEN, "可持续影响指标", "就业困难人员就业压力", "降低", 19),
        (SAT, "服务对象满意度指标", "公共就业服务满意度", "≥85%", 20),
    ]
    assert not project.flags


def test_department_wide_table_is_marked(seed_docs):
    department = seed_docs["000"].projects[0]
    assert department.scope == "department"
    assert department.name == "039003-岚县创业就业服务中心"
    assert department.funds.annual == 6_894_900.0  # 689.49万元
    assert department.source_lines == (466, 590)
    assert rows(department)[:3] == [
        (OUT, "数量指标", "办公用品、耗材购置数量", "参照以往年度", 494),
        (OUT, "数量指标", "临时工人数", "≤3人", 495),
        (OUT, "数量指标", "已安排残疾人人", "0人", 496),
    ]
    assert rows(department)[-1] == (SAT, "服务对象满意度指标", "受益人员满意度", "≥99%", 590)
    assert len(rows(department)) == 95  # every line 494–590 holding a 三级 or a value
    assert all(p.scope == "project" for p in seed_docs["000"].projects[1:])


def test_detect_layout_returns_none_for_other_text():
    from scorer.ingest import text_from_bytes

    source = text_from_bytes("一般公共预算支出表\n合计\t100".encode(), "x.txt")
    assert detect_layout(source) is None


def test_a_half_without_a_level2_cell_takes_the_label_printed_beside_the_same_name(seed_docs):
    """002 落实人才政策专项资金 line 764: the 年度 half prints no 二级 beside 大学生一次性就业奖励, the 实施期
    half prints 成本指标 beside the same name, so the row is a cost, not a 时效 row carried down."""
    project = project_at(seed_docs["002"], 742)
    assert project.name == "落实人才政策专项资金"
    for period in ("total", "annual"):
        assert rows(project, period)[3:5] == [
            (OUT, "时效指标", "发放补贴时间", "12月底前", 763),
            (OUT, "成本指标", "大学生一次性就业奖励", "5000元/人", 764),
        ]
    assert [f.message for f in project.flags if f.code == "W110"] == [
        "第764行：二级指标按另一期补齐（按同一行的“成本指标”读取）"
    ]
    # 001 平台维护升级及服务器安全 line 1254: the left half takes 质量指标 from the right (a name cut short
    # in one half counts as the same name: 001 line 1921 差旅发放及时率(%) beside 差旅发放及时率)
    platform = project_at(seed_docs["001"], 1254)
    assert rows(platform, "total")[1] == (OUT, "质量指标", "人才网正常运行度", "≥95%", 1254)
    travel = project_at(seed_docs["001"], 1921)
    assert rows(travel, "total")[2] == (OUT, "时效指标", "差旅发放及时率(%)", "100%", 1921)


def test_a_label_beside_another_name_is_not_taken(seed_docs):
    """Near-misses: 000 line 619 prints 成本指标 beside 宣传资料成本支出 in the right half, but the left half's
    row is 设备租赁费成本支出, so the left keeps its carried 时效指标; 002 line 463 prints a label in both
    halves (成本指标 | 时效指标), and each half keeps its own."""
    fair = project_at(seed_docs["000"], 596)
    assert rows(fair, "total")[7] == (OUT, "时效指标", "设备租赁费成本支出", "≤1万元", 619)
    assert not [f for f in fair.flags if f.code == "W110"]
    posts = project_at(seed_docs["002"], 443)
    assert [r[1] for r in (rows(posts, "total")[3], rows(posts)[3])] == ["成本指标", "时效指标"]
    assert not [f for f in posts.flags if f.code == "W110"]


def test_a_wrapped_cell_repeating_the_row_above_is_not_a_new_row(seed_docs):
    """001 平台维护升级及服务器安全 line 1263: the 实施期 cell 求职者、报考者使用满意度 | 满意 of line 1262
    wraps, and the PDF text repeats its start (求职者、报考者 | 满意) on the next line; the 年度 half of
    that line is a row of its own (the 年度 half of 1262 holds 网站使用者满意度)."""
    project = project_at(seed_docs["001"], 1254)
    assert rows(project, "total")[-2:] == [
        (SAT, "服务对象满意度指标", "保障就业信息、各类政策", "有效保障", 1261),
        (SAT, "服务对象满意度指标", "求职者、报考者使用满意度", "满意", 1262),
    ]
    assert rows(project)[-2:] == [
        (SAT, "服务对象满意度指标", "网站使用者满意度", "≥95%", 1262),
        (SAT, "服务对象满意度指标", "求职者、报考者", "满意", 1263),
    ]


def test_a_shorter_name_with_another_value_is_a_new_row(seed_docs):
    """Near-miss: 001 业务费 lines 963–964 print 工作人员满意度(%) ≥95% then 工作人员满意度 ≥96%: the name
    repeats a prefix but the value differs, so both are indicators in both halves."""
    project = project_at(seed_docs["001"], 963)
    for period, first in (("total", "工作人员满意度(%)"), ("annual", "工作人员满意度")):
        assert rows(project, period)[-2:] == [
            (SAT, "服务对象满意度指标", first, "≥95%", 963),
            (SAT, "服务对象满意度指标", "工作人员满意度", "≥96%", 964),
        ]


def test_a_value_cut_off_at_the_lines_edge_is_a_parse_warning_not_an_empty_cell(seed_docs):
    """001 工作经费 line 2253 is shifted one cell right in the extraction: the 年度 half's 工作人员满意度(%)
    sits in the 指标值 column as the last cell, its ≥95% cut off. Near-miss: 000 line 619's 年度 half
    leaves 宣传资料成本支出 without a value inside the line (cells follow it): no W112 there."""
    project = project_at(seed_docs["001"], 2253)
    assert [f.message for f in project.flags if f.code == "W112"] == [
        "第2253行：指标值可能在提取时被截去（“工作人员满意度(%)”位于指标值列且在行尾）"
    ]
    assert not [f for f in project_at(seed_docs["000"], 619).flags if f.code == "W112"]

"""The indicator library on the real seed filings: build, grouping, search and rewrites."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from scorer.checks.units import reordered_unit
from scorer.config import load_config
from scorer.library.build import build_library
from scorer.library.deadlines import recurring, stated_deadline, stated_period, timing_name, yearly_name
from scorer.library.fitting import fits
from scorer.library.index import DEFAULT_DIR, Library, default_library
from scorer.library.project_types import project_type
from scorer.library.rewrite import Adapted, adapt, affordable, stated_numbers
from scorer.library.subjects import group_and_measure, subject_measure
from scorer.library.suggest import measured_name, slogan
from scorer.library.typical import blank_value, candidates, linked, measurable
from scorer.pipeline import score_files
from scorer.values import parse_value

PER_PERIOD = "按期发生的事项写每期的期限，"
FILINGS = Path(__file__).resolve().parent.parent / "corpora" / "filings"
F000, F001, F002 = (
    FILINGS / f"{stem}.txt" for stem in ("000_86600bf36a8b4edf", "001_ab1a38b56cc10efc", "002_b33ec0d1a505bade")
)


@pytest.fixture(scope="module")
def library() -> Library:
    shipped = default_library()
    assert shipped is not None, "corpora/library/ is shipped with the repository"
    return shipped


@pytest.fixture(scope="module")
def scored():
    return score_files([F002, F001])


def _flag(documents, project: str, level3: str, code: str, period: str = "annual"):
    for document in documents:
        for p in document.projects:
            rows = {i.id: i for i in p.indicators if i.period == period}
            for flag in p.flags:
                row = rows.get(flag.indicator or "")
                if p.name == project and flag.code == code and row is not None and row.level3 == level3:
                    return p, row, flag
    raise AssertionError(f"no {code} on {project} / {level3}")


def test_build_is_deterministic_and_matches_the_shipped_library(tmp_path: Path) -> None:
    first = build_library(sorted(FILINGS.iterdir()), tmp_path / "a")
    second = build_library(sorted(FILINGS.iterdir()), tmp_path / "b")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
        assert a.read_bytes() == (DEFAULT_DIR / a.name).read_bytes()


def test_groups_by_level2_and_project_type(library: Library) -> None:
    group = library.group("服务对象满意度指标", "岗位人员")
    assert group is not None
    assert (group["kind"], group["unit"], group["op"], group["range"]) == ("percent", "%", ">=", [85.0, 98.0])
    entry = next(e for e in library.entries if e.level3 == "公益岗位满意度" and e.filing == F002.name)
    assert (entry.level2, entry.type, entry.value, entry.project) == (
        "服务对象满意度指标",
        "岗位人员",
        "≥90%",
        "本级公益性岗位2026年补贴保险",
    )
    # flagged rows never enter the library: 001's 办公耗材购置数量 “参照往年” is vague
    assert not any(e.value == "参照往年" for e in library.entries)


def test_project_types_from_name_and_description() -> None:
    assert project_type("就业见习生活补贴") == "补贴发放"
    assert project_type("人事政策业务培训费") == "培训"
    assert project_type("039003-岚县") == "其他"


def test_search_returns_the_expected_neighbour(library: Library) -> None:
    best = library.nearest("补助发放及时性", "时效指标", "补贴发放", limit=3)[0]
    assert (best.entry.level3, best.entry.value, best.entry.filing, best.entry.project) == (
        "遗属补助发放及时性",
        "≥98%",
        F001.name,
        "遗属补助及丧葬抚恤金支出",
    )


def test_monthly_payment_gets_a_due_day_per_period_not_a_year_end_date(scored) -> None:
    _, row, flag = _flag(scored, "本级公益性岗位2026年补贴保险", "发放补贴时间", "V103")
    assert row.value == "按月发放"
    assert flag.suggestion == PER_PERIOD + "写成“发放补贴时间 每月__日前发放”，__处填写本项目计划的日期。"
    # 水电费 are paid every month: a misplaced 每月 row moves to 时效 with a due day, not 2026年12月底前
    _, row, flag = _flag(scored, "人力资源市场办公楼日常运行费", "水电费缴纳时间", "C101", "total")
    assert (row.level2, row.value) == ("成本指标", "每月")
    assert (
        flag.suggestion
        == "移到时效指标下，" + PER_PERIOD + "写成“水电费缴纳时间 每月__日前缴纳”，__处填写本项目计划的日期。"
    )
    # 遗属生活补助 pays 528元/月 (its 成本指标): its 按时发放率 “及时” is a monthly pay-day too
    _, row, flag = _flag(scored, "遗属生活补助", "按时发放率", "M102")
    assert flag.suggestion == PER_PERIOD + "写成“发放时间 每月__日前发放”，__处填写本项目计划的日期。"


def test_one_off_work_gets_a_deadline_with_blanks_not_another_filings_date(scored) -> None:
    project, row, flag = _flag(scored, "社保基金年报会审费", "培训开展及时性", "V101")
    assert not recurring(row, project)
    assert flag.suggestion == "写成“培训开展时间 2023年__月底前”，__处填写本项目计划的日期。"
    business = "业务费(会议费、人事年报费、信访维稳、人事劳动监察、法律顾问费、印刷费等)"
    _, _, flag = _flag(scored, business, "印刷资料到位及时性", "V101")
    assert flag.suggestion == "写成“印刷资料到位时间 2023年__月前”，__处填写本项目计划的日期。"  # not 设备购置费's 5月


def test_a_date_the_project_states_is_used(scored, library: Library) -> None:
    project, row, _ = _flag(scored, "落实人才政策专项资金", "大学生一次性就业奖励", "F102")
    assert "2026年12月31日前发放" in " ".join((project.overview, project.goal_annual, project.goal_total))
    assert stated_deadline(row, project) == "2026年12月31日前"
    deadline = next(e for e in library.entries if e.value == "5月底前" and e.project == "三支一扶人员慰问金")
    assert adapt(deadline, row, project, 2026).value == "2026年12月31日前"
    other, row, _ = _flag(scored, "社保基金年报会审费", "培训开展及时性", "V101")
    assert stated_deadline(row, other) is None
    assert adapt(deadline, row, other, 2023) == Adapted("2023年__月底前", "2023年5月底前", "date_blank")


def test_placeholder_instead_of_another_filings_number(scored) -> None:
    _, row, flag = _flag(scored, "业务工作经费", "办公耗材购置数量", "M102")
    assert row.value == "参照往年"
    # the example (000 单位运转类经费: 办公耗材购置 ≥9类) lends its shape, not its number or its file name
    assert flag.suggestion == "参照同类项目写成“办公耗材购置数量 ≥__类”，__处填写本项目计划的数值。"


def test_library_off_keeps_the_generic_suggestion() -> None:
    config = load_config()
    config["library"]["enabled"] = False
    _, _, flag = _flag(score_files([F002], config), "本级公益性岗位2026年补贴保险", "发放补贴时间", "V103")
    assert flag.suggestion == "写明每期的完成日，如“每月__日前发放”。"


def test_dates_move_to_the_budget_year(library: Library, scored) -> None:
    heating = next(e for e in library.entries if e.level3 == "供暖时间" and e.filing == F000.name)
    assert (heating.value, heating.year) == ("2024年11月1日至2025年3月31日", 2025)
    project, row, _ = _flag(scored, "本级公益性岗位2026年补贴保险", "发放补贴时间", "V103")
    moved = adapt(heating, row, project, 2026)
    assert (moved.value, moved.filled) == ("2025年__月__日至2026年__月__日", "2025年11月1日至2026年3月31日")
    whole_year = next(e for e in library.entries if e.value == "2025年1月1日-12月31日")
    assert adapt(whole_year, row, project, 2026).value == "2026年1月1日-12月31日"  # the whole year is no one's date


def test_numbers_the_project_states_are_used(scored) -> None:
    project, row, _ = _flag(scored, "本级公益性岗位2026年补贴保险", "发放补贴时间", "V103")
    assert stated_numbers(project, "人") == {500.0}  # 2026年在岗人数500人
    # 每人每月2150元 (subsidy) and 每人每月993.25元 (insurance): two standards, so no single one is used
    assert stated_numbers(project, "元/人/月") == {2150.0, 993.25}
    headcount = dataclasses.replace(row, level2="数量指标", level3="在岗人数", value="足额", parsed=None)
    count_example = next(e for e in default_library().entries if e.kind == "count" and e.unit == "人" and e.op == ">=")
    assert adapt(count_example, headcount, project, 2026).value == "≥500人"
    standard = next(e for e in default_library().entries if e.unit == "元/人/月" and e.value.startswith("≤"))
    assert adapt(standard, headcount, project, 2026).value.startswith("≤__")


def test_missing_value_takes_the_other_half_of_the_same_row() -> None:
    _, row, flag = _flag(score_files([F000]), "2025年招聘会工作经费", "宣传资料成本支出", "M101")
    assert row.value == ""
    assert flag.suggestion == "按本表另一期的同一指标写成“宣传资料成本支出 ≤1.6万元”。"


def test_eval_judges_a_rewrite_by_running_the_checks_on_it(scored, library: Library) -> None:
    from scorer.library.evaluate import sound
    from scorer.library.suggest import Rewrite

    project, row, _ = _flag(scored, "本级公益性岗位2026年补贴保险", "发放补贴时间", "V103")
    example = next(e for e in library.entries if e.value == "12月底前" and e.project == "落实人才政策专项资金")
    config = load_config()

    def judged(value: str) -> bool:
        candidate = Rewrite("时效指标", "发放补贴时间", value, value, "year", example, False, 100.0)
        return sound(project, row, candidate, 2026, config)

    assert judged("2026年12月底前")
    assert not judged("及时")  # V101
    assert not judged("≥500人")  # a count for a date: U102


@pytest.fixture(scope="module")
def scored000():
    return score_files([F000])


def test_a_slogan_borrows_no_value_shape_from_an_unrelated_project(scored) -> None:
    _, row, flag = _flag(scored, "大学生实习实训补贴资金", "提高大学生就业能力", "V101")
    assert slogan(row.level3)
    # not “100%” from 劳动能力鉴定费: its own group's employment, the blank to fill, no other project's value
    assert flag.suggestion == "改为可衡量的指标，如“大学生就业率 ≥__%”，__处填写本项目计划的数值。"
    _, row, flag = _flag(scored, "全民技能提升培训奖励、离石灵活就业市场、技能大赛经费", "保增收", "V101")
    assert slogan(row.level3)  # nothing measurable about 增收 nearby: the check's own advice asks for a name
    assert flag.suggestion.startswith("“保增收”是一句目标表述，不是可衡量的指标：改写为写明衡量什么")


def test_a_slogan_takes_the_measurable_name_of_a_neighbour_about_the_same_thing(scored) -> None:
    _, _, flag = _flag(scored, "本级公益性岗位2026年补贴保险", "促进高校毕业生就业", "V101")
    assert flag.suggestion == ("参照同类项目写成“高校毕业生就业率 ≥__%”，__处填写本项目计划的数值。")
    assert not slogan("提高就业率")  # a rate: keeps its measure, the direction goes into the comparator
    _, _, flag = _flag(scored, "人才储备2026年工资保险", "提高就业率", "V101")
    assert flag.suggestion == "参照同类项目写成“就业率 ≥__%”，__处填写本项目计划的数值。"
    assert measured_name("提高我市就业率") == "我市就业率"
    assert measured_name("提高了工作人员的办事效率") == "提高了工作人员的办事效率"  # near-miss: 效率 is no measure
    assert measured_name("就业率") == "就业率"


def test_a_timing_name_gets_a_date_not_a_percent(scored) -> None:
    _, row, flag = _flag(scored, "财监办审核费用", "审核工作周期", "U106")
    assert row.value == "≥5月"
    # the check says which reading to write; a date under a 周期 name would mix the two
    assert flag.suggestion == "时限写“5月底前”，时长写“≤5个月”。"
    example = next(e for e in default_library().entries if e.level3 == "印刷工作完成及时性")
    assert not fits("审核工作周期", example)  # “≥95%” does not say when
    assert fits("印刷资料到位及时性", example)


def test_a_direction_flip_keeps_the_rows_number_unless_the_funds_cannot_pay(scored, scored000) -> None:
    _, row, flag = _flag(scored000, "招聘会工作经费", "现场参会企业数量", "V106")
    assert row.value == "≤36家"
    # the row's own number turned round stands on its own: no unrelated project (监察企业数量) is cited
    assert flag.suggestion == "写成“现场参会企业数量 ≥36家”。"
    # 350,000元 at 28元 a card pays for 12,500 cards: “≥100000张” would contradict the project
    project, row, flag = _flag(scored, "社会保障卡工本费", "社会保障卡工本", "V106")
    assert affordable(row, project) == 12500.0
    assert flag.suggestion == (
        "写成“社会保障卡工本制作数量 __张”，__处填写本项目计划的数值（按该期资金和成本指标的单价测算不超过12500张）。"
    )
    # 001 购置费: 采购数 ≤50个 at ≤5000元/台 of 100,000元 — 个 and 台 count the same purchase
    project, row, flag = _flag(scored, "购置费", "采购数", "V106")
    assert affordable(row, project) == 20.0
    assert affordable(dataclasses.replace(row, parsed=parse_value("≤50人")), project) is None  # people, not pieces
    assert flag.suggestion.endswith("（按该期资金和成本指标的单价测算不超过20个）。")


def test_a_contracted_area_is_neither_a_floor_nor_a_cap(scored000) -> None:
    _, row, flag = _flag(scored000, "零工市场营运经费", "利民小区零工市场物业管理面积", "V106")
    assert row.value == "≤250平方米"
    assert flag.suggestion == "写成“利民小区零工市场物业管理面积 250平方米”。"


def test_a_misplaced_row_is_merged_where_its_twin_already_stands(scored) -> None:
    _, _, flag = _flag(scored, "遗属生活补助", "补助人员满意度", "C101")
    # the row already there says only 满意 too: it is the one to rewrite (M102 on the cell gives the value)
    assert flag.suggestion == (
        "删除本行，并把服务对象满意度指标下的“服务对象满意度”（满意）改写为“补助人员满意度 ≥__%”，"
        "__处填写本项目计划的数值。"
    )
    # near-miss: the row already there states ≥95%: delete this one; its value only if it is kept
    _, _, flag = _flag(scored, "创业服务就业指导工作经历", "指导就业人员的满意度", "C101")
    _, _, empty = _flag(scored, "创业服务就业指导工作经历", "指导就业人员的满意度", "M102")
    assert flag.suggestion == "删除本行：服务对象满意度指标下已有“创业就业人员满意度”（≥95%）。"
    assert empty.suggestion == "如保留本行，指标值写成“≥__%”，__处填写本项目计划的数值。"
    # a merge with no other finding on the cell says it whole (000 department table)
    _, _, alone = _flag(score_files([F000]), "039003-岚县创业就业服务中心", "系统故障修复处理时间", "C101")
    assert alone.suggestion.startswith("删除本行：时效指标下已有“系统故障修复响应时间”（≤1小时）；如需单独考核")
    # no 发放补贴达标率 under 质量指标 yet: the row moves
    _, _, flag = _flag(scored, "本级公益性岗位2026年补贴保险", "发放补贴达标率", "C101")
    assert flag.suggestion == "移到质量指标下，指标值“100%”不变。"  # already checkable: only the place is wrong


def test_a_slogan_is_replaced_by_a_typical_row_of_its_kind_of_project(scored, scored000) -> None:
    # nothing about 促进就业创业 reads like it, but good filings measure a training project by its 就业率
    _, _, flag = _flag(scored, "技能培训业务费", "促进就业创业", "V101")
    assert flag.suggestion == (
        "改为可衡量的指标，如“提升培训人员就业率 ≥__%”，__处填写本项目计划的数值。"
    )  # the example's ≥95% is not carried
    _, _, flag = _flag(scored000, "单位运转类经费", "办公耗材保障性", "V101")
    assert flag.suggestion == ("改为可衡量的指标，如“办公耗材到位及时率 ≥__%”，__处填写本项目计划的数值。")


def test_a_typical_row_about_another_thing_is_not_suggested(scored, scored000) -> None:
    # 高校毕业生就业率 is a typical 社会效益 row, but 保障档案完整 is about archives: generic advice
    _, _, flag = _flag(scored, "高校毕业生档案业务费", "保障档案完整", "V101")
    assert flag.suggestion == (
        "“保障档案完整”是一句目标表述，不是可衡量的指标：改写为写明衡量什么（比率、人数或金额）的指标名称，并写明目标值。"
    )
    assert not linked("保障档案完整", "高校毕业生就业率")
    # 政策知晓度 speaks of 政策 (in the project name), not of the 大学生 the slogan names: their 就业率 instead
    _, _, flag = _flag(scored, "落实人才政策专项资金", "促进大学生就业", "V101")
    assert flag.suggestion == "改为可衡量的指标，如“大学生就业率 ≥__%”，__处填写本项目计划的数值。"
    assert not linked("促进大学生就业", "政策知晓度")
    assert linked("促进就业创业", "提升培训人员就业率")
    # a 时效 slogan about 临时工 gets no 办公耗材 row, though the project buys 办公耗材
    _, _, flag = _flag(scored000, "单位运转类经费", "临时工人工按时到位情况", "V101")
    assert "办公耗材" not in flag.suggestion
    # names that say no quantity are no typical rows
    assert not measurable("专项工作推进程度") and not measurable("公共服务效率提升率")
    assert measurable("办公耗材到位及时率") and measurable("因就业问题发生重大群体性事件数")


def test_a_typical_row_the_project_already_has_is_not_suggested(scored000, library: Library) -> None:
    project, row, _ = _flag(scored000, "单位运转类经费", "办公耗材保障性", "V101")
    found = [t.level3 for t in candidates(row.level3, "时效指标", "运转经费", project, library)]
    assert found == ["办公耗材到位及时率", "办公耗材到位及时性"]
    twin = dataclasses.replace(row, id="twin", level3="办公耗材到位及时率", value="≥95%")
    having = dataclasses.replace(project, indicators=[*project.indicators, twin])
    assert list(candidates(row.level3, "时效指标", "运转经费", having, library)) == []


def test_a_typical_value_keeps_a_blank_but_no_incident_stays_zero(library: Library) -> None:
    rate = next(e for e in library.entries if e.level3 == "办公耗材到位及时率")
    assert blank_value(rate) == ("≥__%", "≥95%")
    incidents = next(e for e in library.entries if e.value == "0起")
    assert blank_value(incidents) == ("0起", "0起")
    deadline = next(e for e in library.entries if e.kind == "date")
    assert blank_value(deadline) is None


def test_an_example_from_the_same_table_is_named_as_its_other_half(scored) -> None:
    """002 招聘全业务费 has no 年度 value column; its 实施期 half states 100场 for the same row."""
    _, _, flag = _flag(scored, "招聘全业务费", "举办招聘会场次", "M101")
    assert flag.suggestion == "按本表另一期的同一指标写成“举办招聘会场次 100场”。"
    # near-miss: an example from another project is called one, without its file name
    _, _, other = _flag(scored, "招聘全业务费", "支付足额率", "C101")  # one finding for both halves
    assert other.suggestion == "移到质量指标下。"  # the cell's M101 gives the value


def test_a_unit_in_the_wrong_order_is_reordered_not_replaced(scored000) -> None:
    _, row, flag = _flag(scored000, "单位运转类经费", "差旅费支出标准", "U101")
    assert row.value == "≤180人/天/元"
    assert flag.suggestion == "写成“差旅费支出标准 ≤180元/人/天”。"  # not a neighbour's per-trip “元/次”
    assert reordered_unit("人/天/元") == "元/人/天"
    assert reordered_unit("元/元") is None and reordered_unit("元/人/月") is None


def test_a_department_table_gets_no_invented_cycle(scored000) -> None:
    project, row, flag = _flag(scored000, "039003-岚县创业就业服务中心", "资金支付到位及时性", "V101")
    assert project.scope == "department" and row.value == "及时"
    # its other rows pay 1780元/人/月, but a department table pools many projects: no 每月__日前
    assert not recurring(row, project) and stated_period(row, project) is None
    assert "每月" not in flag.suggestion
    assert flag.suggestion == "写成“资金支付到位时间 2025年__月前”，__处填写本单位计划的日期。"


def test_upkeep_without_a_stated_period_keeps_the_generic_advice(scored) -> None:
    project, row, flag = _flag(scored, "孵化基地日常工作经费", "护工大厅维护及时性", "V101")
    assert recurring(row, project) and stated_period(row, project) is None  # 日常 says it recurs, not how often
    assert flag.suggestion == "写明完成时限，如“__月__日前”或“≤__个工作日”。"
    project, row, _ = _flag(scored, "遗属生活补助", "按时发放率", "M102")
    assert stated_period(row, project) == "月"  # its 成本指标 pays 528元/月


def test_every_finding_of_a_row_gets_the_rewrite_that_mends_the_row(scored, scored000) -> None:
    # 补助人员满意度 “满意” is misplaced (C101) and states no number (M102): one rewrite answers both,
    # each finding its own part — where the row goes, and the value
    _, _, misplaced = _flag(scored, "遗属生活补助", "补助人员满意度", "C101")
    _, _, empty = _flag(scored, "遗属生活补助", "补助人员满意度", "M102")
    assert misplaced.suggestion.startswith("删除本行，并把服务对象满意度指标下的“服务对象满意度”（满意）")
    assert empty.suggestion == "并入服务对象满意度指标后，指标值写成“≥__%”。"
    # a name cut short (补贴资金发放时) is read whole to find where it belongs; the move and the due day
    _, row, flag = _flag(scored000, "2025年公益性岗位补贴及社保补贴", "补贴资金发放时", "C101")
    _, _, frequency = _flag(scored000, "2025年公益性岗位补贴及社保补贴", "补贴资金发放时", "V103")
    assert row.level2 == "质量指标"
    assert flag.suggestion == "移到时效指标下。"
    assert frequency.suggestion == "指标值写成“每季度末月__日前发放”，__处填写本项目计划的日期。"
    # a renamed row says its new name where it moves (招聘会召开及时性 → …时间 under 时效)
    _, _, renamed = _flag(scored, "校园招聘", "招聘会召开及时性", "C101")
    assert renamed.suggestion == "移到时效指标下，名称写成“全年招聘会完成时间”。"  # it holds several


def test_a_slogan_about_a_groups_employment_is_measured_on_that_group(scored, library: Library) -> None:
    documents = score_files([F002])
    # the evaluator's own advice for 促进求职者就业: a checkable employment figure of the job seekers
    _, _, flag = _flag(documents, "零工市场2026日常运行费", "促进求职者就业", "V101")
    assert flag.suggestion == "改为可衡量的指标，如“求职者就业率 ≥__%”，__处填写本项目计划的数值。"
    assert group_and_measure("提高大学生就业能力") == ("大学生", "就业率")
    assert group_and_measure("促进脱贫劳动力稳定增收") == ("脱贫劳动力", "经济收入")
    # no group, only 人员, a burden, or a wish: no measure to give
    for wish in ("促进充分就业", "解决了部分人员就业困难的问题", "缓解我市就业压力", "促进乡村振兴"):
        assert group_and_measure(wish) is None, wish
    _, _, flag = _flag(documents, "高平市乡村运营师2026工资保险", "促进乡村振兴", "V101")
    assert flag.suggestion.startswith("“促进乡村振兴”是一句目标表述")  # the check's own advice stays
    # a project that already measures 就业率 gets no second one
    project = next(p for d in score_files([F000]) for p in d.projects if p.name == "就业见习生活补贴")
    assert any(i.level3 == "高校毕业生就业率" for i in project.indicators)
    assert subject_measure("促进高校毕业生就业", "社会效益指标", project, library) is None


def test_a_timing_row_that_names_no_time_gets_the_time_its_work_is_done(scored000) -> None:
    _, row, flag = _flag(scored000, "招聘会工作经费", "招聘会所需资料的保障性", "V101")
    assert (row.level2, row.value) == ("时效指标", "保障")
    assert flag.suggestion == "写成“招聘会所需资料到位时间 2025年__月底前”，__处填写本项目计划的日期。"
    assert timing_name("临时工人工按时到位情况") == "临时工人工到位时间"
    # consumables are restocked all year, a subject alone says no work: no one date
    assert timing_name("办公耗材保障性") is None and timing_name("市级城乡居民基本养老保") is None
    _, _, flag = _flag(scored000, "单位运转类经费", "办公耗材保障性", "V101")
    assert flag.suggestion.startswith("改为可衡量的指标，如“办公耗材到位及时率 ≥__%”")  # a rate, not a date


def test_a_unit_of_the_wrong_form_keeps_the_checks_own_advice(scored, scored000) -> None:
    """1500元/元 (000 一次性吸纳就业补贴) and ≤120万 (001 对个人和家庭的补助): the number is the filing's and
    only the unit's form is wrong, so no neighbour's denominator (元/人/月) or blank (≤__万元) replaces it."""
    _, row, flag = _flag(scored000, "一次性吸纳就业补贴", "非脱贫户一次性", "U101")
    assert row.value == "1500元/元"
    assert flag.suggestion == "改为“金额/计量对象”的写法，如“1500元/人”。"  # paid once: not per month
    _, _, flag = _flag(scored, "对个人和家庭的补助", "成本总额", "U105")
    assert flag.suggestion == "写明货币单位，并按年度资金总额1,126,029元核定成本上限。"
    # near-miss: a unit only in the wrong order is still reordered by the library (≤180人/天/元)
    _, _, flag = _flag(scored000, "单位运转类经费", "差旅费支出标准", "U101")
    assert flag.suggestion == "写成“差旅费支出标准 ≤180元/人/天”。"


def test_a_misplaced_rewrite_moves_the_row_where_the_finding_says() -> None:
    """004 就业经办机构…: C101 says 了解度 belongs under 社会效益; the rewrite must not say 可持续影响."""
    documents = score_files([FILINGS / "004_eab7f7ea09c3d307.txt"])
    project = next(p for p in documents[0].projects if p.name.startswith("就业经办机构"))
    [flag] = [f for f in project.flags if f.code == "C101"]
    assert "属于社会效益指标" in flag.message
    assert flag.suggestion.startswith("移到社会效益指标下")
    # near-miss: 001 大型招聘会's rate under 数量 goes to 质量, as its C101 says
    _, _, other = _flag(score_files([F001]), "大型招聘会", "职业指导数量占", "C101")  # 年度 cell cut short
    assert "属于质量指标" in other.message and other.suggestion.startswith("移到质量指标下")


def test_a_rows_value_fault_is_one_finding_across_a_slipped_label(scored) -> None:
    # 002 公益岗位: the 实施期 half files 发放补贴时间 “按月发放” under 成本指标 (the 年度 half: 时效). The
    # frequency without a due day is one V103 for both halves, in the words of the half that files it
    # right, answered as the 时效 row it is; C101 names the slip on the 实施期 row
    _, row, frequency = _flag(scored, "本级公益性岗位2026年补贴保险", "发放补贴时间", "V103")
    assert row.level2 == "时效指标"
    assert frequency.message == "实施期和年度目标中时效指标“发放补贴时间”只写了频次“按月发放”，没有写每期的完成时间。"
    assert frequency.suggestion == (PER_PERIOD + "写成“发放补贴时间 每月__日前发放”，__处填写本项目计划的日期。")
    _, _, misplaced = _flag(scored, "本级公益性岗位2026年补贴保险", "发放补贴时间", "C101", "total")
    assert misplaced.suggestion == (
        "移到时效指标下，" + PER_PERIOD + "写成“发放补贴时间 每月__日前发放”，__处填写本项目计划的日期。"
    )


def test_a_second_finding_of_a_row_only_moved_keeps_its_own_advice(scored) -> None:
    # 001 劳动能力鉴定完成率(%) “≥100%” under 时效: C101 moves it and writes 100%; U104 asks for that value
    _, _, misplaced = _flag(scored, "劳动能力鉴定费", "劳动能力鉴定完", "C101")
    _, _, above = _flag(scored, "劳动能力鉴定费", "劳动能力鉴定完", "U104")
    assert misplaced.suggestion == "移到质量指标下。"
    assert above.suggestion == "指标值写成“100%”。"


def test_a_department_table_is_told_to_fill_in_its_units_plan(scored000) -> None:
    """000 部门整体支出 table line 536: 资金支付到位及时性 → 及时; near-miss: a project's own row says 本项目."""
    department = next(p for p in scored000[0].projects if p.scope == "department")
    (flag,) = [f for f in department.flags if f.code == "V101" and "资金支付到位及时性" in f.message]
    assert flag.suggestion.endswith("__处填写本单位计划的日期。")
    _, _, own = _flag(scored000, "招聘会工作经费", "招聘会所需资料的保障性", "V101")
    assert own.suggestion.endswith("__处填写本项目计划的日期。")


def test_work_counted_many_times_a_year_gets_one_date_for_all_of_it(scored) -> None:
    """001 业务费: 宣传活动举办次数 ≥5次 — one date is when all of them are done; near-miss: case work
    (工伤鉴定, ≥2000人) keeps its completion time, and a name without a count keeps its own."""
    _, _, flag = _flag(
        scored, "业务费(会议费、人事年报费、信访维稳、人事劳动监察、法律顾问费、印刷费等)", "宣传活动开展及时性", "V101"
    )
    assert flag.suggestion == "写成“全年宣传活动完成时间 2023年__月底前”，__处填写本项目计划的日期。"
    _, _, case = _flag(scored, "劳动能力鉴定费", "工伤鉴定及时性", "C101")
    assert case.suggestion == "移到时效指标下，名称写成“工伤鉴定完成时间”。"
    project, row, _ = _flag(scored, "劳动能力鉴定费", "工伤鉴定及时性", "C101")
    assert yearly_name("资金拨付时间", row, project) == "资金拨付时间"

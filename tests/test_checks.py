"""Every check on a real row that should fire it and on a real near-miss that should not.

Rows are addressed by (filing, a line inside the project's table, the row's source line,
period), and each test asserts the exact set of codes raised on that row.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import SEEDS

import scorer.duplicates  # noqa: F401  (registers D101)
from scorer.checks import RULES
from scorer.checks.advice import expense_items
from scorer.checks.registry import ProjectContext
from scorer.config import load_config
from scorer.model import Document, Indicator, Project
from scorer.pipeline import parse_file, score_document
from scorer.values import parse_value

CONFIG = load_config()


@pytest.fixture(scope="module")
def scored() -> dict[str, Document]:
    return {key: score_document(parse_file(path), CONFIG) for key, path in SEEDS.items()}


def project_of(document: Document, line: int) -> Project:
    return next(p for p in document.projects if p.source_lines[0] <= line <= p.source_lines[1])


def codes_on(document: Document, table_line: int, row_line: int, period: str = "annual") -> set[str]:
    project = project_of(document, table_line)
    ids = {i.id for i in project.indicators if i.source_line == row_line and i.period == period}
    assert ids, f"no {period} row on line {row_line}"
    return {f.code for f in project.flags if f.indicator in ids}


def project_codes(document: Document, table_line: int) -> set[str]:
    return {f.code for f in project_of(document, table_line).flags if f.indicator is None}


ROWS = [
    # (test id, filing, table line, row line, period, expected codes)
    ("M102 (not V101 too) rate answered 及时", "000", 596, 617, "annual", {"M102"}),
    ("M102 (not V101 too) 参照以往年度 for a count", "000", 470, 494, "annual", {"M102"}),
    ("V101 benefit answered 提高: no quantity asked, so not M102", "000", 596, 622, "annual", {"V101"}),
    ("V101 benefit 促进", "002", 443, 465, "annual", {"V101"}),
    ("V101 Ningxia 减少", "004", 7, 18, "annual", {"V101"}),
    ("V103 frequency only (not V101)", "000", 1152, 1171, "annual", {"V103"}),
    ("V106 output count written as a cap", "000", 592, 614, "annual", {"V106"}),
    ("V106 economic benefit written as a cap", "000", 1037, 1064, "annual", {"V106"}),
    ("V106 cost written as a floor", "002", 502, 527, "annual", {"V106"}),
    ("near-miss V106: capped number of insured people", "000", 1110, 1132, "annual", set()),
    ("near-miss V106: electricity use capped", "000", 850, 872, "annual", set()),
    ("near-miss V106: 故障解决率 ≥95% is a good direction", "001", 1998, 2020, "annual", set()),
    ("near-miss 100%", "001", 532, 550, "annual", set()),
    ("U101 人/天/元", "000", 665, 690, "annual", {"U101"}),
    ("near-miss 元/人/月", "001", 532, 553, "annual", set()),
    ("U101 1068// alone: a malformed unit tells no kind (not U102 too)", "000", 1152, 1172, "total", {"U101", "Y101"}),
    ("U102 cost in 张", "001", 2034, 2054, "annual", {"U102"}),
    ("U102 cost in 人", "001", 1796, 1824, "annual", {"U102"}),
    ("U103 a duration under 满意度", "000", 470, 584, "annual", {"U103"}),
    ("C101 a rate under 成本 (not U103)", "000", 1110, 1135, "annual", {"C101"}),
    ("C101 awareness under 经济效益", "004", 76, 93, "annual", {"C101", "V101"}),
    ("U104 ≥100%", "000", 470, 512, "annual", {"U104"}),
    ("near-miss ≥99%", "000", 470, 513, "annual", set()),
    ("U105 ≤120万 without unit", "001", 737, 757, "annual", {"U105"}),
    ("near-miss unit in the name (人)", "004", 7, 13, "annual", set()),
    ("U106 ≥5月", "001", 1869, 1888, "annual", {"U106"}),
    ("U107 electricity priced per m²", "000", 854, 877, "annual", {"U107"}),
    ("near-miss electricity per 度 (department table)", "000", 470, 550, "annual", set()),
    ("U108 0.15元/年: 万 lost", "000", 927, 951, "annual", {"U108"}),
    ("near-miss: a rule with a number: no M102, no V105 (2024 is)", "000", 1041, 1063, "annual", {"Y101"}),
    ("near-miss ≥95% rate", "001", 1869, 1887, "annual", set()),
    ("M101 empty value", "000", 596, 619, "annual", {"M101"}),
    ("M103 another indicator's name as value", "000", 470, 497, "annual", {"M103"}),
    ("C101 cost under 时效 (left half)", "000", 596, 619, "total", {"C101"}),
    ("near-miss same cost under 成本", "000", 596, 621, "annual", set()),
    ("near-miss C101: 年度 cost row takes the 成本指标 printed beside it", "002", 742, 764, "annual", {"F102"}),
    ("C101+U104 reported on the 年度 row its 实施期 twin names in full", "001", 1979, 1989, "annual", {"C101", "U104"}),
    ("near-miss: the 实施期 twin keeps no finding of its own", "001", 1979, 1989, "total", set()),
    ("C101 deadline under 质量", "000", 470, 528, "annual", {"C101"}),
    ("C101+M102 satisfaction under 社会效益 answered 满意", "001", 1070, 1092, "annual", {"C101", "M102"}),
    ("F101 cost cap above funds (2024年和2025年: no Y101)", "000", 777, 802, "annual", {"F101"}),
    ("near-miss cost within funds", "000", 596, 620, "annual", set()),
    ("F104 cost restates the budget", "002", 475, 495, "annual", {"F104"}),
    ("near-miss Y101: 2024 in a table headed (2024)年度, whose heading Y102 names", "000", 470, 508, "annual", set()),
    ("P102 one-year halves disagree", "000", 661, 689, "annual", {"P102"}),
    ("V105 节约 (not in the lexicon, read by the model)", "001", 1496, 1524, "annual", {"V105"}),
    ("M102 (not V105 too) 按最低工资标准执行 for a cost", "000", 470, 547, "annual", {"M102"}),
    ("near-miss V105: 提高 is V101's", "000", 596, 622, "annual", {"V101"}),
]


@pytest.mark.parametrize(
    ("filing", "table", "row", "period", "expected"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS]
)
def test_codes_on_real_rows(scored, filing, table, row, period, expected):
    assert codes_on(scored[filing], table, row, period) == expected


def test_project_level_checks(scored):
    assert project_codes(scored["001"], 602) == {"M104"}  # 全民技能…: 成本指标 block empty
    # the cost example follows what the project counts: 13 county audits (财监办审核费用);
    # a count of one line (工作经费 租赁线路数量 1条) gives the total only (test below)
    # (全民技能… names three activities of its own, so its costs are asked by them: test below)
    assert [f.suggestion for f in project_of(scored["001"], 602).flags if f.code == "M104"] == [
        "补充成本指标，按主要开支分项写明成本，如“全民技能提升培训奖励 ≤__万元”“离石灵活就业市场 ≤__万元”"
        "“技能大赛经费 ≤__万元”，合计不超过年度资金。"
    ]
    assert project_codes(scored["001"], 1870) == {"M104"}
    assert [f.suggestion for f in project_of(scored["001"], 1870).flags if f.code == "M104"] == [
        "补充成本指标，如单位成本“≤__元/个”（按数量指标“城乡居民养老保险年审核”13个测算），"
        "或主要开支的分项成本“__费 ≤__万元”。"
    ]
    # every required 二级 present, but both 效益 rows are 减少/降低: no checkable benefit target
    assert project_codes(scored["004"], 7) == {"V104"}
    assert project_codes(scored["004"], 76) == {"V104"}  # all three benefits are 显著提高/明显改善/有效提高
    assert project_codes(scored["002"], 475) == set()  # the one benefit row is 促进: V101 says it, not V104
    assert project_codes(scored["001"], 1404) == {"M106"}  # 成本节约率 ≥2% is the only cost row

    # 60,760 元 vs 10,000 元 on a one-year project; both benefits are 提高
    assert project_codes(scored["000"], 960) == {"F105", "P101", "V104", "W105"}  # costs add up to 60,760 元
    # a 2-year project may differ between halves; 政策知晓度 98% makes the 效益 block checkable
    assert project_codes(scored["001"], 532) == set()
    assert project_codes(scored["000"], 470) == {"Y102"}  # department table headed (2024) in the 2025 filing


def test_messages_name_the_indicator_and_severity_follows_the_year(scored):
    project = project_of(scored["000"], 701)  # 技能工作经费大赛: 参赛时间 2024年9月24日开始
    by_id = {i.id: i for i in project.indicators}
    stale = [f for f in project.flags if f.code == "Y101"]
    assert {f.severity for f in stale} == {"info"}  # 2024 in a 2025 filing: previous year only
    first = stale[0]
    assert by_id[first.indicator].level3 in first.message
    project = project_of(scored["001"], 602)  # both halves print an empty 成本指标 block
    m104 = next(f for f in project.flags if f.code == "M104")
    assert (m104.severity, m104.message) == ("error", "年度目标和实施期目标都缺少成本指标。")
    # near-miss: with a cost row in the 实施期 half only, the finding is about the 年度 half alone
    costed = replace(project, indicators=[*project.indicators, _indicator("成本指标", "培训成本", "≤5万元")])
    costed.indicators[-1].period = "total"
    found = RULES["M104"].check(ProjectContext.of(costed, 2023, CONFIG))
    assert [f.message for f in found] == ["年度目标缺少成本指标。"]


def test_f102_a_monthly_standard_is_paid_for_the_months_the_project_states(scored):
    """002 大学生实习实训补贴资金: 400人 × 1290元/人/月 is 516,000元 a month against 600,000元 — the
    概况 pays each student about once, so no month count is assumed (near-miss); stating 12个月 makes
    it ten times the funds (hit), and so does a count no single month could pay."""
    project = project_of(scored["002"], 506)
    assert not [f for f in project.flags if f.code == "F102"]
    ctx = ProjectContext.of(replace(project, overview="每人每月补贴，发放12个月"), 2026, CONFIG)
    (found,) = RULES["F102"].check(ctx)
    assert "（按12个月）" in found.message and "6,192,000元" in found.message and "10.3倍" in found.message
    many = [
        replace(i, value="≥4000人", parsed=parse_value("≥4000人")) if i.level2 == "数量指标" else i
        for i in project.indicators
    ]
    (found,) = RULES["F102"].check(ProjectContext.of(replace(project, indicators=many), 2026, CONFIG))
    assert "（按1个月）" in found.message and "5,160,000元" in found.message
    assert not [f for f in project_of(scored["004"], 7).flags if f.code == "F102"]  # 718人×2050元/月: within


def test_m102_says_what_the_name_asks_for_and_a_cited_standard_is_a_warning(scored):
    """000 department table line 547: 2025年临时工工资 → 按最低工资标准执行 cites a standard one can look up;
    near-miss: 001 办公耗材购置数量 → 参照往年 cites nothing checkable (an error)."""
    wage = [f for f in project_of(scored["000"], 470).flags if f.code == "M102" and "临时工工资" in f.message]
    assert [(f.severity, f.message) for f in wage] == [
        (
            "warning",
            "（部门整体支出绩效目标表）成本指标“2025年临时工工资”应当量化，指标值“按最低工资标准执行”"
            "只写了参照的标准，没有写明具体数值。",
        )
    ]
    assert [f.suggestion for f in wage] == ["写明金额，总额如“≤__万元”，按月的标准如“≤__元/人/月”。"]
    from scorer.checks.advice import concrete_target

    department = project_of(scored["000"], 470)
    row = next(i for i in department.indicators if i.level3 == "2025年临时工工资")
    ctx = ProjectContext.of(department, 2025, CONFIG)
    for other in ("临时工一次性生活补贴", "办公场地租金"):  # near-misses: paid once, or no pay at all
        assert "元/人/月" not in concrete_target(replace(row, level3=other), ctx), other
    past = [f for f in project_of(scored["001"], 2448).flags if f.code == "M102"]
    assert [f.severity for f in past] == ["error"]
    # under 时效指标 a rate answered 及时 may take a deadline as well: it lacks the time limit
    timely = [f for f in project_of(scored["001"], 1089).flags if f.code == "M102" and "按时发放率" in f.message]
    assert [f.message for f in timely] == [
        "实施期和年度目标中时效指标“按时发放率”应当量化，指标值“及时”只写了“及时”一类的要求，没有写明完成时限。"
    ]


def test_p102_lists_every_row_of_a_one_year_project_that_differs_once(scored):
    """000 公益性岗位社保补贴: three 滞纳金 rows differ between the halves, their 年度 names cut short
    (公益性岗位医保 beside 公益性岗位医保滞纳金 and 公益性岗位医保补贴人数). Near-miss: one row, as before."""
    assert _messages(scored["000"], 1139, "P102") == [
        "年度目标与实施期目标不一致：一年期项目的3个指标两期不同："
        "成本指标“公益性岗位养老滞纳金”年度为“≤2735.31元/月”，实施期为“≤3180元/月”；"
        "成本指标“公益性岗位工伤滞纳金”年度为“≤15.12元/月”，实施期为“≤18元/月”；"
        "成本指标“公益性岗位医保滞纳金”年度为“≤499.25元/月”，实施期为“≤470元/月”。"
    ]
    assert _messages(scored["000"], 661, "P102") == [
        "年度目标与实施期目标不一致：一年期项目的成本指标“宣传资料费用”年度为“≤1.85万元”，实施期为“≤1.2万元”。"
    ]


def test_v105_says_what_the_words_lack_not_the_models_confidence(scored):
    """001 人事考试面试专用场地房租费: 节约考试成本 → 节约 is outside the lexicon; the model reads it."""
    assert _messages(scored["001"], 1524, "V105") == [
        "实施期和年度目标中生态效益指标“节约考试成本”的指标值“节约”没有数值、日期或等级，无法核对是否完成。"
    ]


def test_f102_well_below_the_funds_asks_what_the_rest_pays_for(scored):
    """002 落实人才政策专项资金: 30人 × 5000元/人 = 150,000元 of 500,000元 — not “0.3倍” of the funds."""
    project = project_of(scored["002"], 745)
    assert [(f.message, f.suggestion) for f in project.flags if f.code == "F102"] == [
        (
            "年度目标中按成本指标“大学生一次性就业奖励”“5000元/人”和数量指标“企业补贴人数”“≥30人”测算需150,000元，"
            "只占年度资金500,000元的30%。",
            "核对补贴标准和受益人数；其余资金另有用途的，补充相应的数量指标和成本指标。",
        )
    ]


def test_f104_asks_for_a_unit_cost_in_what_the_project_counts(scored):
    """002 技能培训业务费: 培训成本 ≤50000元 is the whole budget; the project counts 培训人数 ≥180人.
    Near-miss: 000 残保金 counts nothing, so only items are asked for."""
    project = project_of(scored["002"], 680)
    assert [f.suggestion for f in project.flags if f.code == "F104"] == [
        "写出单位成本，如“≤__元/人”（按数量指标“培训人数”≥180人测算），或主要分项成本，如“__费≤__万元”。"
    ]
    disabled = [p for p in scored["000"].projects if p.name == "残保金"]
    assert [f.suggestion for f in disabled[0].flags if f.code == "F104"] == [
        "写出主要分项成本，如“__费≤__万元”，或单位成本。"
    ]


def test_costs_are_asked_by_the_items_a_multi_purpose_project_names(scored):
    """001 业务费(会议费、人事年报费、信访维稳、人事劳动监察、法律顾问费、印刷费等): a budget for meetings,
    reports, petitions and printing is not divided by printed copies; its 费 items come first, the rest 等.
    002 人力资源市场办公楼日常运行费: the 概况 states 水费每年1.5万元，电费每年4万元，劳务费4.5万元."""
    business = project_of(scored["001"], 930)
    assert [f.suggestion for f in business.flags if f.code == "M104"] == [
        "补充成本指标，按主要开支分项写明成本，如“会议费 ≤__万元”“人事年报费 ≤__万元”“法律顾问费 ≤__万元”"
        "“印刷费 ≤__万元”等，合计不超过年度资金。"
    ]
    building = project_of(scored["002"], 807)
    assert [f.suggestion for f in building.flags if f.code == "F104"] == [
        "按主要开支分项写明成本，如“水费 ≤1.5万元”“电费 ≤4万元”“劳务费 ≤4.5万元”，合计不超过年度资金。"
    ]
    # an amount stated without its unit (其他交通费15000) is left blank, in the unit of the other items;
    # the parts of 办公费35000元 in its brackets (档案耗材费5000元) are not items of their own
    # (their amounts, 15000 counted in 元, add up to more than the funds: that is said first)
    archives = project_of(scored["002"], 607)
    assert [f.suggestion for f in archives.flags if f.code == "F104"] == [
        "概况所列分项合计70,000元，超过年度资金55,000元，请先核对分项预算，再按核定后的分项写明成本，"
        "如“办公费 ≤35000元”“邮电费 ≤2000元”“其他交通费 ≤__元”“印刷费 ≤18000元”。"
    ]


def test_one_stated_item_or_a_rate_keeps_the_unit_cost_advice(scored):
    """Near-misses: 001 吕梁市随军家属生活补贴 states 生活费每人每月1000元 (a rate, not an item's cost) and
    工作经费3万元 (the budget, not an item); 001 会议(培训)费 brackets one word, not a list."""
    allowance = project_of(scored["001"], 1563)
    assert expense_items(allowance) == []
    assert expense_items(project_of(scored["001"], 1933)) == []
    assert project_of(scored["001"], 1933).name == "会议(培训)费"
    # 财监办审核费用 names no items: M104 still asks for a cost per county audit
    assert [f.suggestion for f in project_of(scored["001"], 1870).flags if f.code == "M104"] == [
        "补充成本指标，如单位成本“≤__元/个”（按数量指标“城乡居民养老保险年审核”13个测算），"
        "或主要开支的分项成本“__费 ≤__万元”。"
    ]
    # 技能培训业务费 names no items (预算资金5万元 is the budget): F104 keeps the cost per trainee
    assert expense_items(project_of(scored["002"], 680)) == []


def _indicator(level2: str, level3: str, value: str) -> Indicator:
    row = Indicator("annual", "产出指标", level2, level3, value, source_line=1, id="t-i0")
    row.parsed = parse_value(value)
    return row


def test_v102_value_restating_its_name():
    """The 000 招聘会工作经费 row `招聘会所需资料的保障性 | 招聘会所需资料的保障性` as read cell for cell."""
    project = Project(name="招聘会工作经费", source_lines=(1, 2))
    ctx = ProjectContext.of(project, 2025, CONFIG)
    hit = _indicator("时效指标", "招聘会所需资料的保障性", "招聘会所需资料的保障性")
    miss = _indicator("时效指标", "招聘会所需资料的保障性", "2025年3月底前")
    assert RULES["V102"].check(hit, ctx) is not None
    assert RULES["V101"].check(hit, ctx) is None  # one finding, not two
    assert RULES["V102"].check(miss, ctx) is None


def test_v101_accepts_及时_when_the_name_states_the_deadline():
    project = Project(name="x", source_lines=(1, 2))
    ctx = ProjectContext.of(project, 2025, CONFIG)
    assert RULES["V101"].check(_indicator("时效指标", "补助发放及时性", "及时"), ctx) is not None
    assert RULES["V101"].check(_indicator("时效指标", "12月底前补助发放情况", "及时"), ctx) is None


def test_every_rule_is_documented_and_registered_once():
    for code, rule in RULES.items():
        assert code == rule.code and code[0] in "VUMCFYPDS" and len(code) == 4
        for heading in ("检查什么", "为什么", "示例", "建议写法", "依据"):
            assert heading in rule.explanation, (code, heading)


def _messages(document: Document, table_line: int, code: str) -> list[str]:
    return [f.message for f in project_of(document, table_line).flags if f.code == code]


def test_a_fault_in_both_halves_is_reported_once_and_names_both(scored):
    """000 招聘会工作经费: 所用资金拨付到位率 → 及时 in the 实施期 and the 年度 half of line 986."""
    project = project_of(scored["000"], 960)
    on_row = [f for f in project.flags if "所用资金拨付到位率" in f.message]
    assert [(f.code, f.message) for f in on_row] == [
        (
            "M102",
            "实施期和年度目标中质量指标“所用资金拨付到位率”应当量化，指标值“及时”只写了“及时”一类的要求，没有写明比率。",
        )
    ]
    assert on_row[0].indicator in {i.id for i in project.indicators if i.period == "annual"}


def test_a_fault_in_one_half_names_that_half_and_the_slipped_row(scored):
    """001 line 1131: only the 实施期 half files 指导就业宣讲时效 under 质量指标; the 年度 half has it right."""
    project = project_of(scored["001"], 1131)
    misplaced = [f for f in project.flags if f.code == "C101" and "指导就业宣讲时效" in f.message]
    assert [f.message for f in misplaced] == [
        "实施期目标中质量指标“指导就业宣讲时效”（及时）看起来属于时效指标，却放在质量指标下；"
        "年度目标中该指标在时效指标下，疑为表格错行，请核对。"
    ]
    assert misplaced[0].suggestion.startswith("移到时效指标下")
    # near-miss: 002 files 发放工资完成率 under 数量指标 in both halves: the author's choice, not a slipped row
    both = [f for f in project_of(scored["002"], 590).flags if f.code == "C101"]
    assert [f.message for f in both] == [
        "实施期和年度目标中数量指标“发放工资完成率”（100%）看起来属于质量指标，却放在数量指标下。"
    ]


def test_v101_says_what_the_wording_lacks():
    from scorer.checks.vague import what_is_missing

    assert what_is_missing("合格") == "只写了合格一类的评价，没有合格率或验收标准"
    assert what_is_missing("按标准") == what_is_missing("参照往年") == "只写了参照的标准，没有写明具体数值"
    assert what_is_missing("及时") == "只写了“及时”一类的要求，没有写明完成时限"
    assert what_is_missing("有效保障") == "只是保障性表述，没有写明要达到的目标"
    assert what_is_missing("提高") == what_is_missing("有效提高") == "只是方向性表述，没有写明要达到的程度"


def test_y102_leaves_out_policy_numbers_and_start_dates(scored):
    """001 2023年市级城乡居民基本养老保险“出口”补助资金 cites 吕政办发【2019】41号 and a rule 从2019年1月1日起."""
    from scorer.checks.years import goal_years

    project = next(p for p in scored["001"].projects if "“出口”" in p.name)
    assert "2019" in (project.goal_total or "") and not _messages(scored["001"], project.source_lines[0], "Y102")
    assert goal_years("吕政办发【2019】41号文件，从2019年1月1日起加发") == []
    assert goal_years("完成2019年度工作目标") == [2019]  # near-miss: a goal about 2019 itself


def test_v104_names_the_rows_of_the_block(scored):
    messages = _messages(scored["001"], 1931, "V104")
    assert messages == [
        "实施期和年度目标中效益指标下的“专项工作推进程度”（推进）、“业务能力提升度”（提升）2个指标都没有可核对的目标值，"
        "这一类绩效无从评价。"
    ]  # both halves carry the same two rows (line 1959 f.)


def test_department_table_findings_say_so(scored):
    department = next(p for p in scored["000"].projects if p.scope == "department")
    assert department.flags and all(f.message.startswith("（部门整体支出绩效目标表）") for f in department.flags)


def test_halves_are_one_row_when_a_narrow_column_cut_one_of_them(scored):
    """001 line 1758: the right half prints 保障人事档案保 for 保障人事档案保存完整; 000 line 1063 cuts the value."""
    archive = [f for f in project_of(scored["001"], 1758).flags if f.code == "V101" and "保障人事档案" in f.message]
    assert [f.message for f in archive] == [
        "实施期和年度目标中社会效益指标“保障人事档案保存完整”的指标值“保障”只是保障性表述，没有写明要达到的目标，"
        "无法核对是否完成。"
    ]
    (stale,) = [f for f in project_of(scored["000"], 1063).flags if f.code == "Y101"]
    assert stale.message == (
        "实施期和年度目标中成本指标“2024年公岗补贴标准”（按最低工资的60%执行）写的是2024年，预算年度是2025年。"
    )


def test_rows_of_the_two_halves_pair_only_when_alike():
    from scorer.checks import same_row

    left = Indicator("total", "产出指标", "社会效益指标", "保障人事档案保存完整", "保障", source_line=1758)
    right = Indicator("annual", "产出指标", "社会效益指标", "保障人事档案保", "保障", source_line=1758)
    assert same_row(left, right)
    # near-misses: another 二级, another value, a name cut to two characters, the same half
    assert not same_row(left, replace(right, level2="质量指标"))
    assert not same_row(left, replace(right, value="≥95%"))
    assert not same_row(left, replace(right, level3="保障"))
    assert not same_row(left, replace(left))


def _flags(document: Document, table_line: int, code: str) -> list[tuple[str, str]]:
    return [(f.message, f.suggestion) for f in project_of(document, table_line).flags if f.code == code]


def test_a_missing_value_column_gives_each_row_the_other_halfs_value(scored):
    """002 招聘全业务费 (one-year): the 年度 half has no 指标值 column (W109)."""
    cost = [m for m in _flags(scored["002"], 890, "M101") if "招聘会业务成本" in m[0]]
    assert cost == [
        (
            "年度目标缺少指标值列，成本指标“招聘会业务成本”没有指标值（实施期为“2.5万元”）。",
            "补填年度指标值；一年期项目与实施期一致，即“2.5万元”。",
        )
    ]
    # near-miss: the 实施期 value 促进 is itself not checkable, so it is not offered as the fix
    benefit = [m for m in _flags(scored["002"], 890, "M101") if "促进就业供需匹配" in m[0]]
    [(_, advice)] = benefit
    assert "即“促进”" not in advice and advice.startswith("“促进就业供需匹配”是一句目标表述")
    # the empty satisfaction block is M101's alone, not also V104's
    assert _flags(scored["002"], 890, "V104") == []


def test_a_single_cost_row_is_reported_once(scored):
    """001 社会保障卡工本费: 社保卡公本费 → ≤28张 is U102's; M106 would say it again."""
    assert codes_on(scored["001"], 2034, 2054) == {"U102"}
    assert project_codes(scored["001"], 2034) == set()
    # near-miss: 成本节约率 ≥2% raises no row finding, so M106 stays (test_project_level_checks)
    assert project_codes(scored["001"], 1404) == {"M106"}


def test_u105_keeps_the_amount_and_says_it_exceeds_the_funds(scored):
    """001 对个人和家庭的补助: 成本总额 → ≤120万 with annual funds of 1,126,029 元."""
    [(message, _)] = _flags(scored["001"], 737, "U105")
    assert message == (
        "实施期和年度目标中成本指标“成本总额”的指标值“≤120万”只写到“万”，没有写货币单位；"
        "若为1,200,000元，已超过年度资金总额1,126,029元。"
    )
    assert project_codes(scored["001"], 737) == set()  # no M106 beside it


def test_v103_leaves_the_schedule_of_a_recurring_event(scored):
    """002 招聘全业务费: 招聘会举办时间 → 每周 is when the fair is held, not a delivery without a due day."""
    assert codes_on(scored["002"], 890, 894, "total") == {"C101"}
    # near-miss: 发放补贴时间 → 按月发放 (000, line 1171) keeps V103 (ROWS)


def test_cost_items_above_the_funds_are_one_finding(scored):
    """000 招聘会工作经费: 10,000 元 a year, cost items adding up to the 实施期 funds of 60,760 元."""
    assert _messages(scored["000"], 960, "F105") == [
        "3个分项成本合计60,760元，与实施期资金总额相同，超过年度资金总额10,000元，"
        "其中“宣传资料成本支出”（≤3.676万元）、“住宿成本”（≤1.4万元）单项即已超过。"
    ]
    assert _messages(scored["000"], 960, "F101") == []  # the items are named in F105
    # near-miss: a single cost row above the funds stays F101 (ROWS, 000 line 802)


def test_p102_pairs_a_name_a_narrow_column_cut_short(scored):
    """001 社会保障卡工本费 (one-year): 年度 社会保障卡工本 <100000张, 实施期 社会保障卡工本制作数量 <200000张."""
    assert _messages(scored["001"], 2034, "P102") == [
        "年度目标与实施期目标不一致：一年期项目的数量指标“社会保障卡工本制作数量”"
        "年度为“<100000张”，实施期为“<200000张”。"
    ]
    # near-miss: 社会保障卡质量 / 社会保障卡质量达标率 are both 100%, so no P102 on that row
    assert codes_on(scored["001"], 2034, 2052) == set()


def test_a_missing_cost_block_is_asked_by_items_where_the_project_counts_one_thing(scored):
    """001 工作经费: 租赁线路数量 1条 — a cost per line would equal the total, and a total restates the budget."""
    project = next(p for p in scored["001"].projects if p.name == "工作经费")
    assert [f.suggestion for f in project.flags if f.code == "M104"] == [
        "补充成本指标，写明主要开支的分项成本，如“__费 ≤__万元”，合计不超过年度资金。"
    ]


def test_a_row_of_a_half_without_values_is_the_same_row(scored):
    """002 招聘全业务费: 支付足额率 under 数量 in both halves; the 年度 half has no value column (W109)."""
    assert _messages(scored["002"], 890, "C101")[0] == (
        "实施期和年度目标中数量指标“支付足额率”（100%）看起来属于质量指标，却放在数量指标下。"
    )
    # near-miss: the nameless 年度 row beside 招聘会举办时间 → 每周 (W102) gets no V103 of its own
    assert codes_on(scored["002"], 890, 894) == {"W102"}


def test_m106_stays_beside_a_finding_about_something_else(scored):
    """000 公岗补贴及公岗人员的社保补贴: the one cost row 2024年公岗补贴标准 → 按最低工资的60%执 has only
    Y101 (a year) on it, so the block without an amount is still M106's to say."""
    assert project_codes(scored["000"], 1037) == {"M106"}


def test_a_wrapped_cell_is_reported_once_for_both_halves(scored):
    """001 平台维护升级及服务器安全: 求职者、报考者使用满意度 → 满意 (实施期, line 1262, its cell wrapped onto
    line 1263) and 求职者、报考者 → 满意 (年度, line 1263) are one indicator: one M102, on the 年度 row."""
    project = project_of(scored["001"], 1254)
    satisfied = [f for f in project.flags if f.code == "M102" and "求职者" in f.message]
    assert [f.message for f in satisfied] == [
        "实施期和年度目标中服务对象满意度指标“求职者、报考者使用满意度”应当量化，指标值“满意”只是方向性表述，"
        "没有写明要达到的程度。"
    ]
    (annual,) = [i for i in project.indicators if i.id == satisfied[0].indicator]
    assert (annual.period, annual.source_line) == ("annual", 1263)


def test_a_finding_covers_the_twin_a_narrow_column_cut_short(scored):
    """001 劳动能力鉴定费 line 1989: the 年度 half cuts 劳动能力鉴定完成率(%) to 劳动能力鉴定完, which no longer
    reads as a rate, so C101 fires on the 实施期 half only; the rows are one row, so the finding names both."""
    project = project_of(scored["001"], 1979)
    (misplaced,) = [f for f in project.flags if f.code == "C101" and "“劳动能力鉴定完成率(%)”（" in f.message]
    assert misplaced.message.startswith(
        "实施期和年度目标中时效指标“劳动能力鉴定完成率(%)”（≥100%）看起来属于质量指标，却放在时效指标下"
    )
    (row,) = [i for i in project.indicators if i.id == misplaced.indicator]
    assert (row.period, row.level3, row.source_line) == ("annual", "劳动能力鉴定完", 1989)
    # 001 业务费 line 953: U102 on 制定/修订政策法规文件数 beside 制定/修订政策法规 (gold: unit_mismatch)
    # the count is the 数量 row of the same name above it (≥10次): the rate needs a name of its own
    assert [(f.message, f.suggestion) for f in project_of(scored["001"], 953).flags if f.code == "U102"] == [
        (
            "实施期和年度目标中质量指标“制定/修订政策法规文件数”与数量指标“制定/修订政策法规文件数”（≥10次）同名，"
            "指标值“≥95%”却是百分比。",
            "数量已由数量指标反映；本行改为写明衡量什么的比率名称，如“__合格率”“__通过率”，目标值“≥95%”可保留。",
        )
    ]
    # near-miss: 001 社保卡工本费's 社保卡公本费 → ≤28张 has no twin count: the generic form stays
    assert _messages(scored["001"], 2054, "U102")[0].endswith("要求金额，指标值“≤28张”却是数量。")
    # … and reads its own number as the likely price per card before asking for a total
    assert [f.suggestion for f in project_of(scored["001"], 2054).flags if f.code == "U102"] == [
        "如28是每张的金额，写成“≤28元/张”；如是总额，写成“≤__万元”。"
    ]


def test_a_one_half_finding_stays_in_its_half_when_the_other_row_differs(scored):
    """Near-misses: 000 一次性吸纳就业补贴 line 1208 cuts the name in the 年度 half but leaves its value empty
    (another fault, M101); 001 社会保障卡工本费 line 2051 has another value in each half (<200000张 / <100000张);
    001 平台维护升级及服务器安全 line 1261 files the row under another 二级 in each half."""
    assert _messages(scored["000"], 1208, "U101")[1] == (
        "实施期目标中成本指标“脱贫户一次性吸纳就业补助标准”的指标值“1000元/元”金额被金额相除（如“元/元”）。"
    )
    # a one-off payment (一次性) is per person, not per month; near-miss: a 生活补贴 standard may be monthly
    one_off = [f.suggestion for f in project_of(scored["000"], 1208).flags if f.code == "U101"]
    assert one_off == ["改为“金额/计量对象”的写法，如“1500元/人”。", "改为“金额/计量对象”的写法，如“1000元/人”。"]
    assert [f.suggestion for f in project_of(scored["000"], 1172).flags if f.code == "U101"] == [
        "改为“金额/计量对象”的写法，如“1068元/人”（按月的标准写“元/人/月”）。"
    ]
    assert [m[:5] for m in _messages(scored["001"], 2051, "V106")] == ["实施期目标", "年度目标中"]
    # … and its 有效保障, read as vague under the 年度 half's 可持续影响 and as an unquantified satisfaction
    # under the 实施期 half's slipped label, is one finding, saying where the other half files it
    assert not [m for m in _messages(scored["001"], 1261, "M102") if "保障就业信息" in m]
    (kept,) = [m for m in _messages(scored["001"], 1261, "V101") if "保障就业信息" in m]
    assert kept.startswith("实施期和年度目标中可持续影响指标“保障就业信息、各类政策”")
    assert kept.endswith("（实施期目标中该行列在服务对象满意度指标下）。")


def test_cut_twins_only_for_a_flagged_row_whose_twin_is_cut_and_unflagged():
    from scorer.checks import cut_twins

    full = Indicator("total", "产出指标", "时效指标", "劳动能力鉴定完成率(%)", "≥100%", source_line=1989)
    cut = Indicator("annual", "产出指标", "时效指标", "劳动能力鉴定完", "≥100%", source_line=1989)
    assert cut_twins([("C101", full)], [full, cut]) == {0: cut}
    # near-misses: the finding is on the cut row; the twin has the finding too (pair_halves merges it);
    # the twin is cut to three characters
    assert cut_twins([("C101", cut)], [full, cut]) == {}
    assert cut_twins([("C101", full), ("C101", cut)], [full, cut]) == {}
    short = replace(cut, level3="劳动能")
    assert cut_twins([("C101", full)], [full, short]) == {}


def test_m106_quotes_the_fuller_half_and_sees_a_cost_filed_elsewhere(scored):
    """000 公岗补贴…: the 年度 cell is cut to 按最低工资的60%执; the 实施期 half reads …执行."""
    assert _messages(scored["000"], 1041, "M106") == [
        "实施期和年度目标中成本指标只有“2024年公岗补贴标准”一项（按最低工资的60%执行），未以金额表示。"
    ]
    # near-miss: 001 工作经费 (line 2224) files 差旅补助标准 ≤340元/人/天 under 经济效率指标 (labels shifted
    # a row): the cost is stated, so no M106 beside the C101 on 档案整理及时性
    assert _messages(scored["001"], 2224, "M106") == []


def test_review_rejections_stay_fixed(scored):
    """Findings an evaluator rejected, on the rows they were about."""
    # a video's length in seconds is not a deadline (000 技能工作经费大赛); near-miss: 按月发放 is (V103 row)
    assert codes_on(scored["000"], 725, 725) == set()
    # 按计划培训(会议)率 measures keeping to plan: a timeliness rate where it sits (001 会议费)
    assert codes_on(scored["001"], 1823, 1823) == set()
    # a service life under 满意度 is named as a lasting effect in the wrong block (000 department table)
    assert _messages(scored["000"], 470, "U103") == [
        "（部门整体支出绩效目标表）服务对象满意度指标“系统(硬件)正常使用年限”是使用年限（1年），"
        "属于可持续影响指标，不是满意度。"
    ]
    # its advice moves the row; no rewrite turns a service life into a percentage
    assert [f.suggestion for f in project_of(scored["000"], 470).flags if f.code == "U103"] == [
        "移到可持续影响指标下；满意度指标写调查所得的比率，如“≥__%”。"
    ]
    # halves that differ only by the empty unit slots of 1068// are U101's, not also P102's
    assert "P102" not in codes_on(scored["000"], 1152, 1172) | codes_on(scored["000"], 1152, 1172, "total")
    assert "U101" in codes_on(scored["000"], 1152, 1172, "total")


def test_a_pseudo_degree_is_told_from_a_word_ending_in_cheng():
    from scorer.checks.advice import PSEUDO_DEGREE

    assert PSEUDO_DEGREE.search("工作环境改善程")  # 程度 cut short by a narrow column (001 办公楼维修费)
    assert PSEUDO_DEGREE.search("单位正常运转保障度")
    for word in ("民生工程", "培训课程", "办理流程"):  # near-misses: the word itself ends in 程
        assert not PSEUDO_DEGREE.search(word), word


def test_a_benefit_named_as_a_wish_is_asked_for_a_measurable_name(scored):
    """001 保增收 → 逐步提高, 004 基层教育、农业、卫生等事业发展 → 提高, a sentence with a full stop (000
    department table): asking for “≥__%” after such a name measures nothing. Near-miss: 004
    高校毕业生就业率 → 提高 names a measure, so the value alone is asked for."""
    from scorer.checks.advice import concrete_target

    def advice(document, line, name):
        project = project_of(document, line)
        row = next(i for i in project.indicators if i.level3.startswith(name) and i.period == "annual")
        return concrete_target(row, ProjectContext.of(project, document.budget_year, CONFIG))

    tail = "：改写为写明衡量什么（比率、人数或金额）的指标名称，并写明目标值。"
    assert advice(scored["001"], 627, "保增收") == "“保增收”是一句目标表述，不是可衡量的指标" + tail
    assert advice(scored["004"], 55, "基层教育、农业、卫生等事业发展") == (
        "“基层教育、农业、卫生等事业发展”没有可统计的口径" + tail
    )
    assert advice(scored["000"], 561, "吕梁山护工培训就业工作") == (
        "“吕梁山护工培训就业工作,持续助力我市乡村振兴发展”是一句目标表述，不是可衡量的指标" + tail
    )
    assert advice(scored["004"], 55, "高校毕业生就业率") == "写明比率目标，如“≥__%”。"
    # 000 护工补贴和乘车费: a name saying things 有所提高 is a wish too
    assert advice(scored["000"], 1103, "培训人员的技能和生活水平有所提高").startswith(
        "“培训人员的技能和生活水平有所提高”是一句目标表述"
    )


def test_a_cited_standard_is_told_from_a_bare_one():
    from scorer.checks.advice import cites_standard

    for named in ("按最低工资标准执行", "按省定标准发放", "执行国家规定"):
        assert cites_standard(named), named
    for bare in ("按标准", "按标准按标准", "按规定", "参照往年"):  # near-misses: nothing to look up
        assert not cites_standard(bare), bare


def test_a_finding_on_both_halves_takes_the_advice_of_the_half_read_whole(scored):
    """001 人事考试面试专用场地房租费 line 1523: the 实施期 half prints 工作正常运转保障度, the 年度 half a
    name a narrow column cut; the pseudo-degree advice follows the whole name, as the message does."""
    (flag,) = [f for f in project_of(scored["001"], 1523).flags if f.code == "V101" and "运转保障度" in f.message]
    assert flag.message.startswith("实施期和年度目标中社会效益指标“工作正常运转保障度”")
    assert flag.suggestion == (
        "“工作正常运转保障度”没有可统计的口径：改写为写明衡量什么（比率、人数或金额）的指标名称，并写明目标值。"
    )


def test_m104_names_a_block_printed_under_a_label_no_standard_knows(scored):
    """002 职业介绍业务费: the 年度 half files 每年开展职业介绍活动次数 ≥20次 under “覆盖指标”, the 实施期
    half under 数量指标; near-miss: 001 全民技能… lacks 成本指标 in both halves and is told to add one."""
    assert [(f.message, f.suggestion) for f in project_of(scored["002"], 925).flags if f.code == "M104"] == [
        (
            "年度目标没有数量指标：“每年开展职业介绍活动次数”（≥20次）的二级指标写成了“覆盖指标”，实施期中该指标在数量指标下。",
            "把该行的二级指标改为数量指标。",
        )
    ]
    assert _messages(scored["001"], 602, "M104") == ["年度目标和实施期目标都缺少成本指标。"]


def test_a_quality_row_answered_pass_is_asked_for_its_pass_rate(scored):
    """001 人才交流政府购买服务经费 line 1288: 护工拍摄视频质量 → 合格; near-miss: 000 招聘会工作经费's
    所用资金拨付到位率 → 及时 is already a rate and keeps the generic advice."""
    (flag,) = [f for f in project_of(scored["001"], 1288).flags if "护工拍摄视频质量" in f.message]
    assert flag.suggestion == "写成合格率，如“护工拍摄视频合格率 ≥__%”。"
    from scorer.checks.advice import _pass_rate_name

    assert _pass_rate_name("工作开展情况") is None and _pass_rate_name("质量") is None


def test_cost_and_count_advice_follow_the_project(scored):
    """F104 on 002 高校毕业生档案业务费: the 概况's items add up to 70,000元 against 55,000元, said first;
    M104 on 001 工作经费 with nothing counted or itemised asks for items, not a total F104 would flag;
    a count named …人数 is asked in 人 (001 持续带动就业人数), near-miss: a name without its unit."""
    (f104,) = [f for f in project_of(scored["002"], 629).flags if f.code == "F104"]
    assert f104.suggestion.startswith("概况所列分项合计70,000元，超过年度资金55,000元，请先核对分项预算")
    (m104,) = [f for f in project_of(scored["001"], 2152).flags if f.code == "M104"]
    assert m104.suggestion == "补充成本指标，写明主要开支的分项成本，如“__费 ≤__万元”，合计不超过年度资金。"
    (people,) = [f for f in project_of(scored["001"], 1191).flags if "持续带动就业人数" in f.message]
    assert people.suggestion == "写明数量，如“≥__人”。"
    from scorer.checks.advice import _counted_unit

    assert _counted_unit("宣传活动举办次数(次)") == "次" and _counted_unit("采购数") is None


def test_a_name_cut_in_both_halves_is_completed_from_another_table_of_the_filing(scored):
    """001 工作经费 (line 2186): 工作开展便捷程 in both halves, 工作开展便捷程度 whole in another copy of the
    table; near-miss: 000's 促进残疾人劳动就业稳定发展 is whole, not the start of a phrase run into it."""
    (cut,) = [f for f in project_of(scored["001"], 2186).flags if f.code == "V101" and "便捷" in f.message]
    assert "社会效益指标“工作开展便捷程度”" in cut.message
    project = next(
        p
        for p in scored["000"].projects
        if p.scope == "project" and any("促进残疾人劳动就业稳定发展" in f.message for f in p.flags)
    )
    (whole,) = [f.message for f in project.flags if "促进残疾人劳动就业稳定发展" in f.message]
    assert "“促进残疾人劳动就业稳定发展”的指标值" in whole


def test_m101_leaves_a_value_cut_off_in_the_extraction_to_w112(scored):
    """001 工作经费 line 2253 (W112): no M101 on 工作人员满意度(%); near-miss: 000 招聘会工作经费 line 619's
    宣传资料成本支出, empty inside its line, keeps its M101."""
    assert not [f for f in project_of(scored["001"], 2253).flags if f.code == "M101" and "工作人员满意度" in f.message]
    assert [m for m in _messages(scored["000"], 619, "M101") if "宣传资料成本支出" in m]


def test_c101_says_when_moving_the_row_empties_its_block_or_trades_places(scored):
    """001 工伤保险鉴定费: 案件受理率(%) is 数量指标's only row, so moving it empties 数量; 001 劳动能力鉴定费:
    the 质量 and 时效 rows traded places (工伤鉴定及时性 / 劳动能力鉴定完成率(%), the latter cut short)."""
    (alone,) = _messages(scored["001"], 917, "C101")
    assert alone.endswith("；该行是数量指标下唯一的一行，移出后需另补数量指标。")
    swapped = _messages(scored["001"], 1988, "C101")
    assert [m.split("下；")[-1] for m in swapped] == [
        "时效指标下的“劳动能力鉴定完成率(%)”则属于质量指标，两行疑为位置对调。",
        "质量指标下的“工伤鉴定及时性”则属于时效指标，两行疑为位置对调。",
    ]


def test_m104_says_which_blocks_both_halves_lack(scored):
    """001 就业服务信息化平台: 时效 is missing from the 年度 half only, 成本 from both."""
    (flag,) = [f for f in project_of(scored["001"], 1622).flags if f.code == "M104"]
    assert flag.message == "年度目标缺少时效指标；年度目标和实施期目标都缺少成本指标。"


def test_m105_keeps_its_own_advice_in_the_rows_unit(scored):
    """000 残保金 and the department table: 已安排残疾人人数 → 0人 (the department table's name cut short,
    completed from the project's table); no library rewrite borrows another row's unit (次)."""
    for line in (650, 496):
        (flag,) = [f for f in project_of(scored["000"], line).flags if f.code == "M105"]
        assert "“已安排残疾人人数”" in flag.message
        assert flag.suggestion == "写出本年度计划完成的数量，如“≥__人”。"


def test_review_fixes_on_rows_outside_the_seeds(scored):
    """Rows other filings will bring, each on a real project with one cell changed."""
    from scorer.checks.advice import cites_standard, full_name

    # a bare reference to rules is no named standard (error stays); a named one is
    for bare in ("按相关规定", "按要求执行相关政策", "按时足额拨付，符合规定"):
        assert not cites_standard(bare), bare
    # U102 keeps the number as written (≤1,200张), U106 keeps a floor outside 时效
    cards = project_of(scored["001"], 2054)
    row = next(i for i in cards.indicators if i.source_line == 2054 and i.period == "annual")
    ctx = ProjectContext.of(cards, 2023, CONFIG)
    big = replace(row, value="≤1,200张", parsed=parse_value("≤1,200张"))
    assert RULES["U102"].check(big, ctx).suggestion.startswith("如1,200是每张的金额，写成“≤1,200元/张”")
    audit = project_of(scored["001"], 1888)
    period = next(i for i in audit.indicators if i.source_line == 1888 and i.period == "annual")
    actx = ProjectContext.of(audit, 2023, CONFIG)
    assert RULES["U106"].check(period, actx).suggestion == "时限写“5月底前”，时长写“≤5个月”。"
    lasting = replace(period, level2="质量指标", level3="稳定就业时长")
    assert RULES["U106"].check(lasting, actx).suggestion == "时限写“5月底前”，时长写“≥5个月”。"
    # a name is completed from another table only beside the same value
    cut = replace(period, level3="工作开展便捷程", value="便捷")
    names = frozenset({("工作开展便捷程度", "便捷"), ("工作开展便捷程度", "便捷便捷")})
    assert full_name(cut, ProjectContext.of(audit, 2023, CONFIG, names)) == "工作开展便捷程度"
    other = frozenset({("工作开展便捷程度", "≥95%")})
    assert full_name(cut, ProjectContext.of(audit, 2023, CONFIG, other)) == "工作开展便捷程"


def test_c101_calls_it_a_swap_only_when_the_other_row_sits_in_this_rows_home(scored):
    """001 工作经费 line 2248: 档案整理及时性 under 成本 belongs to 时效, and 差旅补助标准 (under the unknown
    经济效率指标) belongs to 成本 — not a swap, the cost row is to be moved in; 001 劳动能力鉴定费 is one."""
    (note,) = [m for m in _messages(scored["001"], 2248, "C101") if "档案整理及时性" in m]
    assert note.endswith("；经济效率指标下的“差旅补助标准”则属于成本指标，移入成本指标即可。")
    assert all(m.endswith("两行疑为位置对调。") for m in _messages(scored["001"], 1988, "C101"))


def test_a_unit_cost_for_people_paid_a_wage_is_per_month(scored):
    """000 公岗补贴及公岗人员的社保补贴: its only cost row pays 按最低工资的60%, so M106's unit cost is per
    person per month; near-miss: 001 劳动能力鉴定费's appraisals are paid once per person."""
    (wage,) = [f for f in project_of(scored["000"], 1063).flags if f.code == "M106"]
    assert wage.suggestion.startswith("写出金额：如单位成本“≤__元/人/月”（按数量指标“公益性岗位补贴人数”≤510人测算）")
    (once,) = [f for f in project_of(scored["001"], 1988).flags if f.code == "M104"]
    assert "单位成本“≤__元/人”（" in once.suggestion

"""U: malformed units, and units whose kind disagrees with the indicator."""

from __future__ import annotations

import re

from scorer.checks.advice import concrete_target, quoted, shown_value, yuan
from scorer.checks.category import expected_level2
from scorer.checks.columns import unit_from_cell
from scorer.checks.funds import period_funds
from scorer.checks.kinds import CURRENCIES, INTENT_WORDS, KIND_WORDS, KINDS_FOR_INTENT, malformed, money_unit_problem
from scorer.checks.registry import Finding, ProjectContext, rule
from scorer.model import Indicator
from scorer.wording import intent_of, unit_in_name

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")  # a number as the filing writes it (1,200 or 0.15)
# What a value under these 二级 must be; a percentage under 成本 is a misfiled rate (C101).
_LEVEL2_WANTS = {
    "服务对象满意度指标": {"percent"},
    "成本指标": {"money", "percent"},
    "经济成本指标": {"money", "percent"},
}


@rule("U101", "unit_mismatch", "error", "复合计量单位写法错误")
def malformed_unit(indicator: Indicator, ctx: ProjectContext) -> Finding | None:
    """检查什么：复合计量单位顺序颠倒、金额除以金额或有空缺。
    为什么：单位写错后目标值无法换算，也无法与预算标准比对。
    示例：“≤180人/天/元”（应为元/人/天）、“1500元/元”（应为元/人）、“1068//”。
    建议写法：货币单位在前，其后依次写计量对象和期间，如“≤180元/人/天”“1500元/人”。
    依据：财预〔2020〕10号（指标可衡量）。"""
    parsed = indicator.parsed
    problem = money_unit_problem(parsed.unit) if parsed is not None and malformed(parsed.unit) else None
    if parsed is None or problem is None:
        return None
    return Finding(
        message=f"{quoted(indicator, ctx)}的指标值“{shown_value(indicator)}”{problem}。",
        suggestion=_unit_fix(indicator, parsed.unit),
        indicator=indicator,
    )


def reordered_unit(unit: str) -> str | None:
    """A compound unit with its one currency put first (人/天/元 → 元/人/天), or None when order is not the fault.

    A unit written in the wrong order says what it means: reorder it, do not guess another unit.
    """
    parts = unit.split("/")
    currencies = [p for p in parts if p in CURRENCIES]
    if len(currencies) != 1 or parts[0] == currencies[0] or not all(parts):
        return None
    return "/".join([currencies[0]] + [p for p in parts if p not in CURRENCIES])


def _unit_fix(indicator: Indicator, unit: str) -> str:
    """The value with the currency first where only the order is wrong (≤180人/天/元 → ≤180元/人/天);
    else the form to use, keeping the filing's own number (1500元/元 → 如“1500元/人”), with the
    monthly form only for a standard that is not paid once (一次性吸纳就业补贴 is per person)."""
    value = indicator.value
    fixed = reordered_unit(unit)
    if fixed is not None:
        return f"改为“{value.replace(unit, fixed)}”。"
    number = _NUMBER.search(value)
    shown = number.group() if number else "__"
    monthly = "" if "一次性" in indicator.level3 else "（按月的标准写“元/人/月”）"
    return f"改为“金额/计量对象”的写法，如“{shown}元/人”{monthly}。"


@rule("U102", "unit_mismatch", "error", "指标值类型与指标名称不符")
def kind_against_wording(indicator: Indicator, ctx: ProjectContext) -> Finding | None:
    """检查什么：三级指标名称要求的量（人数、比率、金额、时限）与指标值的单位不符。
    为什么：名称说的是人数而值写成元或百分比时，目标无法对应到名称所说的事物。
    示例：“补助人数 → 1500元”“发放准确率 → 30人”“人均补助标准 → 95%”。
    建议写法：按名称所指的量填写，如人数用“人”、比率用“%”、标准用“元/人/月”。
    依据：财预〔2020〕10号（指标可衡量）。"""
    parsed = indicator.parsed
    if parsed is None or parsed.kind in ("text", "boolean") or not parsed.unit:
        return None
    if unit_from_cell(indicator):
        return None  # the unit is the 度量单位 cell of a structured export: U110 names that cell
    if malformed(parsed.unit):
        return None  # 1068//: U101 says the unit is malformed; what kind it is cannot be read from it
    intent = intent_of(indicator.level3)
    wanted = KINDS_FOR_INTENT.get(intent)
    if not wanted or parsed.kind in wanted:
        return None
    if intent == "time" and parsed.kind == "count":
        return None  # "26天" style counts of days are read as counts by some filings
    counted = _counted_elsewhere(indicator, ctx) if parsed.kind == "percent" and intent == "count" else None
    if counted is not None:
        # the count is already a 数量 row: this rate measures its quality under a count's name
        return Finding(
            message=(
                f"{quoted(indicator, ctx)}与数量指标“{counted.level3}”（{shown_value(counted)}）同名，"
                f"指标值“{shown_value(indicator)}”却是百分比。"
            ),
            suggestion=(
                f"数量已由数量指标反映；本行改为写明衡量什么的比率名称，如“__合格率”“__通过率”，"
                f"目标值“{shown_value(indicator)}”可保留。"
            ),
            indicator=indicator,
        )
    suggestion = concrete_target(indicator, ctx)
    if intent == "money" and parsed.kind == "count" and parsed.number:
        # ≤28张 on a 工本费 row: most likely 28元 a card with the currency lost, else a total
        shown = shown_value(indicator)
        written = _NUMBER.search(shown)
        if written is not None:
            head, number = shown[: written.start()], written.group()
            suggestion = (
                f"如{number}是每{parsed.unit}的金额，写成“{head}{number}元/{parsed.unit}”；如是总额，写成“≤__万元”。"
            )
    return Finding(
        message=(
            f"{quoted(indicator, ctx)}要求{INTENT_WORDS[intent]}，"
            f"指标值“{shown_value(indicator)}”却是{KIND_WORDS[parsed.kind]}。"
        ),
        suggestion=suggestion,
        indicator=indicator,
    )


def _counted_elsewhere(indicator: Indicator, ctx: ProjectContext) -> Indicator | None:
    """The 数量 row of the same half with the same name (制定/修订政策法规文件数 ≥10次), for a row
    filed elsewhere that repeats that name with a percentage."""
    if indicator.level2 == "数量指标":
        return None
    rows = ctx.annual if indicator.period == "annual" else ctx.total
    name = indicator.level3.strip()
    return next(
        (
            r
            for r in rows
            if r.level2 == "数量指标"
            and r is not indicator
            and r.level3.strip() == name
            and r.parsed
            and r.parsed.kind == "count"
        ),
        None,
    )


_SERVICE_LIFE = re.compile(r"年限|使用年|寿命|使用期")


@rule("U103", "unit_mismatch", "error", "指标值类型与二级指标不符")
def kind_against_level2(indicator: Indicator, ctx: ProjectContext) -> Finding | None:
    """检查什么：满意度指标不是百分比，成本指标不是金额。
    为什么：满意度只能用调查比率衡量，成本只能用金额衡量；其他单位说明填错了值或放错了栏。
    示例：“服务对象满意度 → 30人”“成本指标 … → 100%”。
    建议写法：满意度写“≥90%”，成本写“≤__元/人/月”或“≤__万元”。
    依据：财预〔2021〕101号（成本指标、满意度指标取值要求）。"""
    parsed = indicator.parsed
    wanted = _LEVEL2_WANTS.get(indicator.level2)
    if parsed is None or not wanted or parsed.kind in wanted or parsed.kind == "text" or not parsed.unit:
        return None
    if malformed(parsed.unit):
        return None  # U101 says the unit is malformed
    if intent_of(indicator.level3) != "unknown":
        return None  # the wording says what it wants: U102 or C101 report the disagreement
    expected = expected_level2(indicator)
    if expected and indicator.level2 in expected[1]:
        return None  # the value says it belongs elsewhere: C101 reports the misfiling
    if parsed.kind == "duration" and _SERVICE_LIFE.search(indicator.level3):
        # 系统(硬件)正常使用年限 1年 under 满意度: a sound lasting-effect row in the wrong block
        return Finding(
            message=f"{quoted(indicator, ctx)}是使用年限（{shown_value(indicator)}），属于可持续影响指标，不是满意度。",
            suggestion="移到可持续影响指标下；满意度指标写调查所得的比率，如“≥__%”。",
            indicator=indicator,
        )
    return Finding(
        message=(
            f"{quoted(indicator, ctx)}属于{indicator.level2}，"
            f"指标值“{shown_value(indicator)}”却是{KIND_WORDS[parsed.kind]}。"
        ),
        suggestion=concrete_target(indicator, ctx),
        indicator=indicator,
    )


@rule("U104", "unit_mismatch", "warning", "百分比超出0–100%")
def percent_out_of_range(indicator: Indicator, ctx: ProjectContext) -> Finding | None:
    """检查什么：百分比大于100%，或写成“≥100%”。
    为什么：比率不会超过100%，“≥100%”与“100%”含义相同却暴露了取值未经推敲。
    示例：“办公用品、耗材质量合格率 → ≥100%”。
    建议写法：写“100%”或一个可达到的下限，如“≥98%”。
    依据：本项目约定（比率取值范围）。"""
    parsed = indicator.parsed
    if parsed is None or parsed.kind != "percent" or parsed.number is None:
        return None
    top = parsed.upper if parsed.upper is not None else parsed.number
    if top > 100 or (parsed.op in (">=", ">") and parsed.number >= 100):
        fault = "超过了100%" if top > 100 else "没有意义：比率不可能超过100%"
        return Finding(
            message=f"{quoted(indicator, ctx)}的指标值“{shown_value(indicator)}”{fault}。",
            suggestion="写“100%”或可达到的下限，如“≥98%”。",
            indicator=indicator,
        )
    return None


@rule("U105", "unit_mismatch", "warning", "数值没有计量单位")
def number_without_unit(indicator: Indicator, ctx: ProjectContext) -> Finding | None:
    """检查什么：指标值只有数字，没有计量单位，三级名称里也没有括注单位。
    为什么：没有单位的数字无法判断是人、次还是元，“≤120万”更看不出是金额还是人数。
    示例：“成本总额 → ≤120万”。不报告：“购买公益性岗位人数（人） → 718”。
    建议写法：在数值后写明单位，如“≤120万元”“718人”。
    依据：财预〔2020〕10号（指标可衡量）。"""
    parsed = indicator.parsed
    if parsed is None or parsed.kind != "count" or parsed.unit or parsed.number is None:
        return None
    if unit_in_name(indicator.level3):
        return None
    shown = shown_value(indicator)
    multiplier = _MULTIPLIER_ONLY.search(shown)
    if multiplier and (indicator.level2 == "成本指标" or intent_of(indicator.level3) == "money"):
        # “≤120万” under 成本: the amount is stated, only the currency is missing — keep the number,
        # and say what F101 would have said had the currency been written
        funds = period_funds(indicator, ctx)
        above = parsed.number > funds * 1.0001 if funds else False
        period = "年度" if indicator.period == "annual" else "实施期"
        return Finding(
            message=(
                f"{quoted(indicator, ctx)}的指标值“{shown}”只写到“{multiplier.group(1)}”，没有写货币单位"
                + (f"；若为{yuan(parsed.number)}，已超过{period}资金总额{yuan(funds)}。" if above and funds else "。")
            ),
            suggestion=(
                f"写明货币单位，并按{period}资金总额{yuan(funds)}核定成本上限。"
                if above and funds
                else f"写成“{shown}元”。"
            ),
            indicator=indicator,
        )
    return Finding(
        message=f"{quoted(indicator, ctx)}的指标值“{shown}”没有计量单位。",
        suggestion="在数值后写明计量单位，如“__人”“__万元”。",
        indicator=indicator,
    )


_MULTIPLIER_ONLY = re.compile(r"\d\s*(万|亿|千)$")


@rule("U106", "unit_mismatch", "warning", "月份与时长混淆")
def month_or_duration(indicator: Indicator, ctx: ProjectContext) -> Finding | None:
    """检查什么：指标值用“≥”“>”修饰一个月份，如“≥5月”。
    为什么：“≥5月”既可读作“5月以后”，也可读作“至少5个月”，无法核对。
    示例：“审核工作周期 → ≥5月”。
    建议写法：时限写“5月底前”，时长写“≤5个月”。
    依据：财预〔2020〕10号（指标可衡量）。"""
    parsed = indicator.parsed
    if parsed is None or parsed.kind != "date" or parsed.op not in (">=", ">"):
        return None
    unit = parsed.unit or ""
    if not unit.endswith("月") or "日" in unit:
        return None
    return Finding(
        message=f"{quoted(indicator, ctx)}的“{shown_value(indicator)}”分不清是月份还是月数。",
        # a 时效 duration is a limit; elsewhere (稳定就业时长 ≥6月) the filer's floor stands
        suggestion=f"时限写“{unit}底前”，时长写“{'≤' if indicator.level2 == '时效指标' else '≥'}{unit[:-1]}个月”。",
        indicator=indicator,
    )


# What a per-unit price must be counted in, by what the name says is bought.
_PER_NOUN_BY_NAME = (
    (re.compile(r"用电|电费|电量"), ("度", "千瓦时", "kWh"), "度"),
    (re.compile(r"用水|水费"), ("吨", "立方米"), "吨"),
)
# Per-unit prices that are legitimately below one 元.
_SMALL_PRICE_NOUNS = ("度", "千瓦时", "吨", "立方米", "张", "页", "份", "分钟", "公里", "平方米")


@rule("U107", "unit_mismatch", "warning", "单价的计量对象与指标名称不符")
def per_unit_against_name(indicator: Indicator, ctx: ProjectContext) -> Finding | None:
    """检查什么：单价的分母与指标名称所说的对象不符，如用电成本按平方米计价、用水成本按人计价。
    为什么：计量对象错了，单价就无法与用量或人数相乘核对总成本。
    示例：“单位用电成本 → ≤0.6元/平方米”（应为元/度）。
    建议写法：用电按“元/度”、用水按“元/吨”计。
    依据：财预〔2021〕101号（成本指标应反映支出标准）。"""
    parsed = indicator.parsed
    if parsed is None or parsed.kind != "money" or not parsed.unit or "/" not in parsed.unit:
        return None
    per = parsed.unit.split("/")[1:]
    for pattern, nouns, example in _PER_NOUN_BY_NAME:
        if pattern.search(indicator.level3) and not any(part in nouns for part in per):
            return Finding(
                message=f"{quoted(indicator, ctx)}按“{'/'.join(per)}”计价，与名称所说的对象不符。",
                suggestion=f"按“元/{example}”计价，如“≤__元/{example}”。",
                indicator=indicator,
            )
    return None


@rule("U108", "unit_mismatch", "warning", "金额小得不合常理")
def implausibly_small_amount(indicator: Indicator, ctx: ProjectContext) -> Finding | None:
    """检查什么：成本或标准金额不足1元，而计量对象不是度、吨、张一类小额单价的对象。
    为什么：不足1元的年度费用或人均标准几乎总是漏写了“万”，目标与预算对不上。
    示例：5,200元项目的“单位系统软运行维护成本 → 0.15元/年”（应为0.15万元/年）。
    建议写法：核对金额单位，写成“0.15万元/年”或“1500元/年”。
    依据：财预〔2015〕88号（相应匹配）。"""
    parsed = indicator.parsed
    if parsed is None or parsed.kind != "money" or parsed.number is None or not 0 < parsed.number < 1:
        return None
    per = (parsed.unit or "").split("/")[1:]
    if any(part in _SMALL_PRICE_NOUNS for part in per):
        return None
    return Finding(
        message=f"{quoted(indicator, ctx)}的“{shown_value(indicator)}”不足1元，可能漏写了“万”。",
        suggestion="核对金额单位，如“0.15万元/年”。",
        indicator=indicator,
    )

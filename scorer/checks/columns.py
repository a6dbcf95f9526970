"""Checks on the 指标性质, 度量单位 and 权重 columns of structured exports (U109, U110, M107, M108, S101).

Budget-management systems split a target over several cells, so a row can contradict itself in
ways a one-cell 指标值 cannot: a unit in the value that is not the 度量单位, a 度量单位 that is not
what the name measures, a quantity declared 定性, a comparator before words, and weights that do
not add up. Rows of other layouts have none of these cells and are never flagged here.
"""

from __future__ import annotations

from collections.abc import Iterator

from scorer.checks.advice import cites_standard, concrete_target, quoted, shown_value
from scorer.checks.kinds import INTENT_WORDS, KIND_WORDS, KINDS_FOR_INTENT, malformed
from scorer.checks.registry import Finding, ProjectContext, rule
from scorer.model import Indicator, Value
from scorer.normalize import clean_cell
from scorer.values import is_qualitative, nature_op, parse_value
from scorer.wording import intent_of

# 二级 whose indicators are quantities by definition (财预〔2021〕101号): 定性 does not apply to them.
QUANTITATIVE_LEVEL2 = ("数量指标", "成本指标", "时效指标", "经济成本指标")
_UNIT_SYNONYMS = {"百分比": "%", "百分率": "%", "％": "%", "人民币元": "元"}
_EMPTY_UNITS = ("", "无", "/", "-", "—")
_WEIGHT_TOTAL = 100.0
_WEIGHT_TOLERANCE = 0.05


def unit_cell_value(indicator: Indicator) -> Value | None:
    """The 度量单位 cell read as the unit of a number (万元 → 元, money); None when empty or not a unit."""
    unit = clean_cell(indicator.unit_cell or "").replace(" ", "")
    unit = _UNIT_SYNONYMS.get(unit, unit)
    if unit in _EMPTY_UNITS:
        return None
    value = parse_value(f"1{unit}")
    return value if value.unit and value.kind != "text" else None


def own_unit(indicator: Indicator) -> Value | None:
    """The 指标值 cell read alone, when it carries a unit of its own (`1500元`)."""
    value = parse_value(indicator.value)
    return value if value.unit and value.kind not in ("text", "date") else None


def unit_from_cell(indicator: Indicator) -> bool:
    """The row's unit is its 度量单位 cell (the 指标值 has none): U110 then judges it, not U102."""
    return unit_cell_value(indicator) is not None and own_unit(indicator) is None


def reported_by_columns(indicator: Indicator) -> bool:
    """A text value that M107 (定性 quantity) or M108 (comparator before words) already reports."""
    if indicator.parsed is None or indicator.parsed.kind != "text":
        return False
    if nature_op(indicator.nature):
        return True
    return is_qualitative(indicator.nature) and indicator.level2 in QUANTITATIVE_LEVEL2


@rule("U109", "unit_mismatch", "error", "指标值的单位与度量单位不符")
def value_unit_against_unit_cell(indicator: Indicator, ctx: ProjectContext) -> Finding | None:
    """检查什么：结构化导出表中，指标值一栏自带的单位与“度量单位”一栏不一致。
    为什么：同一行给出两个单位，无法判断目标是多少；系统按度量单位汇总时会算错。
    示例：“补助人数 | 指标值 1500元 | 度量单位 人”。不报告：“≤1.2万元 | 万元”（同为金额）。
    建议写法：指标值只填数字，单位统一写在度量单位栏，如“指标值 1500 | 度量单位 人”。
    依据：财预〔2020〕10号（指标可衡量）；预算管理一体化系统绩效目标填报要求。"""
    cell = unit_cell_value(indicator)
    mine = own_unit(indicator)
    if cell is None or mine is None or cell.unit == mine.unit:
        return None
    return Finding(
        message=(
            f"{quoted(indicator, ctx)}的指标值“{indicator.value}”自带单位“{mine.unit}”，"
            f"度量单位却是“{indicator.unit_cell}”。"
        ),
        suggestion=f"指标值只填数字，单位写在度量单位栏；核对应为“{mine.unit}”还是“{indicator.unit_cell}”。",
        indicator=indicator,
    )


@rule("U110", "unit_mismatch", "error", "度量单位与指标名称不符")
def unit_cell_against_wording(indicator: Indicator, ctx: ProjectContext) -> Finding | None:
    """检查什么：结构化导出表中，“度量单位”一栏的单位与三级指标名称要求的量（人数、比率、金额、时限）不符。
    为什么：名称说的是人均标准而度量单位是“人”时，目标值无法对应到名称所说的事物。
    示例：“人均补助标准 | = | 3360 | 人”（应为元/人）。不报告：“人均补助标准 | = | 3360 | 元/人.年”。
    建议写法：按名称所指的量选择度量单位，如人数用“人”、比率用“%”、标准用“元/人/月”。
    依据：财预〔2020〕10号（指标可衡量）。"""
    cell = unit_cell_value(indicator)
    if cell is None or own_unit(indicator) is not None:
        return None  # a unit in the value itself is judged by U102 (and U109 against the cell)
    if indicator.parsed is not None and malformed(indicator.parsed.unit):
        return None  # 1068 | //: U101 says the unit is malformed
    intent = intent_of(indicator.level3)
    wanted = KINDS_FOR_INTENT.get(intent)
    if not wanted or cell.kind in wanted or (intent == "time" and cell.kind == "count"):
        return None
    return Finding(
        message=(
            f"{quoted(indicator, ctx)}要求{INTENT_WORDS[intent]}，"
            f"度量单位“{indicator.unit_cell}”却是{KIND_WORDS.get(cell.kind, cell.kind)}单位。"
        ),
        suggestion=concrete_target(indicator, ctx),
        indicator=indicator,
    )


def _quantified_by_name(indicator: Indicator) -> bool:
    """A 三级 that names a number (按时发放率, 补助人数, 成本): its value must be one whatever its 二级."""
    return intent_of(clean_cell(indicator.level3)) in ("rate", "satisfaction", "count", "money")


@rule("M107", "missing_quantity", "error", "数量、成本或时效指标标为定性")
def qualitative_quantity(indicator: Indicator, ctx: ProjectContext) -> Finding | None:
    """检查什么：结构化导出表中，数量、成本、时效指标的“指标性质”选了“定性”。
    为什么：这三类指标按定义是数量、金额和时限，标为定性就无法按数值考核，年终自评只能凭描述打分。
    数量、成本指标和名称为比率、人数、金额的指标报为错误（与M102相同），其余时效指标报为警告。
    示例：“发放时效 | 定性 | 及时发放”“人均补助标准 | 定性 | 按标准发放”。
    不报告：满意度、效益指标的定性表述（由V101判断）。
    建议写法：改为定量，写明比较符号、数值和单位，如“≥ | 1626 | 人”“≤ | 3360 | 元/人.年”“12月底前”。
    依据：财预〔2021〕101号（产出指标取值）；财预〔2015〕88号（细化量化）。"""
    if not is_qualitative(indicator.nature) or indicator.level2 not in QUANTITATIVE_LEVEL2:
        return None
    if not indicator.level3.strip() and not indicator.value.strip():
        return None
    shown = shown_value(indicator) or "空"
    return Finding(
        message=f"{quoted(indicator, ctx)}属于{indicator.level2}，指标性质却是“定性”（{shown}）。",
        suggestion=concrete_target(indicator, ctx),
        indicator=indicator,
        # a count, a cost or a rate without a number is the fault M102 reports as an error on other layouts;
        # a timing item answered in words (及时) is vague rather than missing
        # (a value naming the standard it follows is a warning there too)
        severity="warning"
        if (indicator.level2 == "时效指标" and not _quantified_by_name(indicator)) or cites_standard(shown)
        else "error",
    )


@rule("M108", "missing_quantity", "error", "比较符号后没有数值")
def comparator_before_words(indicator: Indicator, ctx: ProjectContext) -> Finding | None:
    """检查什么：结构化导出表中，“指标性质”是≥、≤、=一类比较符号，指标值却是文字。
    为什么：“≥ 及时发放”无法比较大小，说明指标值或指标性质填错了栏。
    示例：“发放时效 | ≥ | 及时发放”。不报告：“补助人数 | ≥ | 1626 | 人”。
    建议写法：写出可比较的数值和单位，如“≥ | 95 | %”；确属描述性目标时把指标性质改为“定性”。
    依据：财预〔2015〕88号（细化量化）。"""
    op = nature_op(indicator.nature)
    parsed = indicator.parsed
    if op is None or parsed is None or parsed.kind != "text" or not indicator.value.strip():
        return None
    return Finding(
        message=f"{quoted(indicator, ctx)}的指标性质是“{indicator.nature}”，指标值“{indicator.value}”却不是数值。",
        suggestion=concrete_target(indicator, ctx),
        indicator=indicator,
    )


@rule("S101", "weights", "warning", "指标权重合计不为100", scope="project")
def weights_do_not_add_up(ctx: ProjectContext) -> Iterator[Finding]:
    """检查什么：结构化导出表中，同一期（年度或实施期）各三级指标的“权重(%)”或“分值”之和不等于100，或部分指标没有权重。
    为什么：权重决定年终自评时各指标的得分；合计不是100，自评总分就不是百分制，指标之间的轻重也说不清。
    示例：年度指标权重13+12+12+…合计95。不报告：各期权重合计100。
    建议写法：调整各指标权重使每期合计为100，每个三级指标都填写权重。
    依据：财预〔2020〕10号（评价指标权重）；预算管理一体化系统绩效目标填报要求。"""
    for period, rows in (("年度", ctx.annual), ("实施期", ctx.total)):
        filled = [i for i in rows if i.level3.strip() or i.value.strip()]
        weighted = [i for i in filled if i.weight is not None]
        if not weighted:
            continue
        total = round(sum(i.weight for i in weighted if i.weight is not None), 2)
        unweighted = len(filled) - len(weighted)
        if abs(total - _WEIGHT_TOTAL) <= _WEIGHT_TOLERANCE and not unweighted:
            continue
        missing = f"，另有{unweighted}个指标没有权重" if unweighted else ""
        yield Finding(
            message=f"{period}指标权重合计为{total:g}{missing}，应为100。",
            suggestion=f"调整{period}各指标权重使合计为100，并为每个三级指标填写权重。",
        )

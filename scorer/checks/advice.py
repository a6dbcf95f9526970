"""Ready-to-paste wording for 审核意见: what a concrete target for this indicator looks like.

Suggestions show the shape of a target with blanks (“≥__%”, “__月__日前”), never a number the
filing does not state: units copy example numbers into their tables as targets.
"""

from __future__ import annotations

import re

from scorer.checks.registry import ProjectContext
from scorer.model import Indicator
from scorer.normalize import clean_cell, undouble
from scorer.values import indicator_text
from scorer.wording import intent_of

_BAD_EVENTS = re.compile(r"事件|事故|投诉|上访|信访|纠纷|违规|违纪|差错|失误|欠薪")
_BY_LEVEL2 = {
    "数量指标": "写明数量和计量单位，如“≥__个（人、场、台）”。",
    "质量指标": "写明可检验的比率，如“≥__%”。",
    "成本指标": "写明金额，总额如“≤__万元”，标准如“≤__元/人”。",
    "服务对象满意度指标": "写明满意度比率，如“≥__%”，并说明调查方式。",
    "经济效益指标": "写明可核实的金额或比率，如“≥__万元”“≥__%”。",
    "社会效益指标": "写明可核实的比率或数量，如“≥__%”“≥__人”。",
    "可持续影响指标": "写明可核实的目标值及其口径（比率、数量或持续年限）。",
    "生态效益指标": "写明可核实的数量或比率。",
}
_BY_INTENT = {
    "satisfaction": "写明满意度比率，如“≥__%”。",
    "rate": "写明比率目标，如“≥__%”。",
    "count": "写明数量和计量单位，如“≥__个（人、场、台）”。",
    "money": "写明金额，总额如“≤__万元”，标准如“≤__元/人”。",
    "benefit_money": "写明可核实的金额，如“≥__万元”。",
}


_BENEFITS = ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")
# a degree no survey or record counts (单位正常运转保障度, 工作效率提升度): a % after it is a pseudo-rate
# (a 程 at the end is 程度 cut short by a narrow column — 推进程, 改善程 — not 工程, 课程 or 流程)
PSEUDO_DEGREE = re.compile(
    r"(?:程度|(?<![工课流规章议日历])程|持续度|上升度|提升度|提升率|保障度|便捷度|运转度)(?:\(%\))?$"
)
# a benefit "name" that states a wish (提高了工作人员的办事效率, 保障单位正常运转) is no indicator:
# a number after it (≥__%) measures nothing, so the advice is to name what is measured
_STATEMENT = re.compile(
    r"^(?:有效|进一步|持续)?(?:提高|提升|促进|保障|确保|降低|减少|缓解|推进|推动|营造|助力|狠抓|加强|完善|增强|改善|解决|实现|维护)|了"
)


def concrete_target(indicator: Indicator, ctx: ProjectContext) -> str:
    """The shape a checkable target for this indicator takes, with blanks for the numbers."""
    name = undoubled(indicator.level3)
    if indicator.level2 in _BENEFITS and (_STATEMENT.search(name) or PSEUDO_DEGREE.search(name)):
        why = "是一句目标表述，不是可衡量的指标" if _STATEMENT.search(name) else "没有可统计的口径"
        return f"“{full_name(indicator, ctx)}”{why}：改写为写明衡量什么（比率、人数或金额）的指标名称，并写明目标值。"
    intent = intent_of(indicator.level3)
    if indicator.level2 == "时效指标" or intent == "time":
        return "写明完成时限，如“__月__日前”或“≤__个工作日”。"
    if _BAD_EVENTS.search(indicator.level3):
        return "写明控制目标，如“__起”或“≤__起”。"
    return (
        _BY_INTENT.get(intent) or _BY_LEVEL2.get(indicator.level2) or "写明可衡量的目标值（数值和单位，或完成时限）。"
    )


def alike(a: str, b: str) -> bool:
    """Equal, or one cut short from the other by a narrow column (at least 3 characters kept)."""
    return a == b or (min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a)))


def undoubled(text: str) -> str:
    """'满足满足' → '满足': a cell merged from both halves repeats itself."""
    return undouble(clean_cell(text))


def full_name(indicator: Indicator, ctx: ProjectContext | None = None) -> str:
    """The 三级 name to quote: where a narrow column cut it short, the other half's full name."""
    name = undoubled(indicator.level3)
    if ctx is None or len(name) < 4:
        return name
    longer = {i.level3 for i in ctx.project.indicators if len(i.level3) > len(name) and i.level3.startswith(name)}
    return next(iter(longer)) if len(longer) == 1 else name


def quoted(indicator: Indicator, ctx: ProjectContext | None = None) -> str:
    """How messages name an indicator: its 二级 and 三级, so an evaluator can find the row."""
    name = full_name(indicator, ctx) or "（无三级指标名称）"
    return f"{indicator.level2 or '未分类'}“{name}”"


def yuan(amount: float) -> str:
    """An amount for a message: 1697500.0 → '1,697,500元', 607082.39 → '607,082.39元'."""
    return f"{amount:,.2f}".rstrip("0").rstrip(".") + "元"


def shown_value(indicator: Indicator) -> str:
    """The value as an evaluator should read it in a message (doubled cells shown once; the
    指标性质 and 度量单位 cells of structured exports joined to it)."""
    return undoubled(indicator_text(indicator))


_PEOPLE_UNITS = ("人", "名", "人次", "户", "户次")


def unit_cost_example(rows: list[Indicator], ctx: ProjectContext) -> str | None:
    """A unit cost in what the project itself counts (“≤__元/人”（按数量指标“培训人数”≥180人测算）), or None.

    An audit of 13 counties costs so much per county, training 30000 people so much per person:
    the unit follows the project's own 数量指标 among `rows` (people first: subsidies are paid per
    person). A count of one says nothing a total would not, and with no counted unit there is none.
    """
    counts = [
        i
        for i in rows
        if i.level2 == "数量指标"
        and i.parsed
        and i.parsed.kind == "count"
        and i.parsed.unit
        and (i.parsed.number or 0) > 1
    ]
    if not counts:
        return None
    count = next((i for i in counts if i.parsed and i.parsed.unit in _PEOPLE_UNITS), counts[0])
    unit = count.parsed.unit  # type: ignore[union-attr]
    return f"“≤__元/{unit}”（按数量指标“{full_name(count, ctx)}”{shown_value(count)}测算）"

"""Ready-to-paste wording for 审核意见: what a concrete target for this indicator looks like."""

from __future__ import annotations

from scorer.checks.registry import ProjectContext
from scorer.model import Indicator
from scorer.wording import intent_of

_BY_LEVEL2 = {
    "数量指标": "写明数量和计量单位，如“≥__人”“__场”。",
    "质量指标": "写明可检验的比率，如“≥95%”“100%”。",
    "成本指标": "写明金额，总额如“≤__万元”，标准如“≤__元/人/月”。",
    "服务对象满意度指标": "写明满意度比率，如“≥90%”，并说明调查方式。",
    "经济效益指标": "写明可核实的金额或比率，如“≥__万元”。",
    "社会效益指标": "写明可核实的比率或数量，如“≥95%”“0起”。",
    "可持续影响指标": "写明可核实的年限、数量或比率，如“≥1年”。",
    "生态效益指标": "写明可核实的数量或比率。",
}
_BY_INTENT = {
    "satisfaction": "写明满意度比率，如“≥90%”。",
    "rate": "写明比率目标，如“≥95%”或“100%”。",
    "count": "写明数量和计量单位，如“≥__人”。",
    "money": "写明金额，总额如“≤__万元”，标准如“≤__元/人/月”。",
    "benefit_money": "写明可核实的金额，如“≥__万元”。",
}


def deadline_example(ctx: ProjectContext) -> str:
    year = ctx.budget_year
    return f"“{year}年12月底前完成”" if year else "“12月底前完成”"


def concrete_target(indicator: Indicator, ctx: ProjectContext) -> str:
    """A suggestion that never invents a number the filing does not state (placeholders instead)."""
    intent = intent_of(indicator.level3)
    if indicator.level2 == "时效指标" or intent == "time":
        return f"写明完成时限，如{deadline_example(ctx)}或“≤30个工作日”。"
    return (
        _BY_INTENT.get(intent) or _BY_LEVEL2.get(indicator.level2) or "写明可衡量的目标值（数值和单位，或完成时限）。"
    )


def quoted(indicator: Indicator) -> str:
    """How messages name an indicator: its 二级 and 三级, so an evaluator can find the row."""
    name = indicator.level3 or "（无三级指标名称）"
    return f"{indicator.level2 or '未分类'}“{name}”"

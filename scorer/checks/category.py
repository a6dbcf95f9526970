"""C: indicators filed under the wrong 二级, judged by their wording and value."""

from __future__ import annotations

import re

from scorer.checks.advice import quoted, shown_value
from scorer.checks.registry import Finding, ProjectContext, rule
from scorer.model import Indicator, Severity
from scorer.wording import intent_of

_OUTPUT = ("数量指标", "质量指标", "时效指标", "成本指标")
_BENEFIT = ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")
_AWARENESS = re.compile(r"知晓|了解|认知|普及|知名")
_COST_WORDS = re.compile(r"成本|费用|节约|节省|支出|资金")
_TIMELY_WORDS = re.compile(r"及时|按时|时间|时限|期限|进度|规定|当年|当月|年内|月内|前|到位|拨付|下达|支付")


def expected_level2(indicator: Indicator) -> tuple[str, tuple[str, ...], Severity] | None:
    """(where it belongs, the 二级 it must not sit under, how sure) from wording and value."""
    parsed = indicator.parsed
    kind = parsed.kind if parsed else "text"
    intent = intent_of(indicator.level3)
    if intent == "satisfaction":
        return "服务对象满意度指标", _OUTPUT + _BENEFIT, "warning"
    if intent == "money" and kind in ("money", "text"):
        return "成本指标", ("数量指标", "质量指标", "时效指标", *_BENEFIT), "warning"
    if kind == "money" and intent == "unknown":
        return "成本指标", ("数量指标", "质量指标", "时效指标"), "warning"
    if intent == "time" and kind in ("date", "duration", "text"):
        severity: Severity = "info" if kind == "duration" else "warning"
        return "时效指标", ("数量指标", "质量指标", "成本指标"), severity
    if kind == "date" and intent in ("unknown", "time") and parsed and parsed.unit and parsed.unit.startswith("每"):
        return "时效指标", ("数量指标", "质量指标", "成本指标"), "warning"
    if kind in ("date", "duration") and intent == "unknown":
        # a date or a time span with a name that does not say otherwise is a timing target
        return "时效指标", ("数量指标", "成本指标"), "warning"
    if intent == "rate" and kind in ("percent", "text"):
        if _AWARENESS.search(indicator.level3):
            return "社会效益指标", ("数量指标", "成本指标", "经济效益指标"), "warning"
        wrong: tuple[str, ...] = ("数量指标",)
        if not _COST_WORDS.search(indicator.level3):
            wrong += ("成本指标",)  # 成本节约率 is a cost measure, 发放准确率 is not
        if not _TIMELY_WORDS.search(indicator.level3):
            wrong += ("时效指标",)
        return "质量指标或效益指标", wrong, "warning"
    if kind == "percent" and intent == "unknown":
        return "质量指标或效益指标", ("数量指标", "成本指标"), "warning"
    if intent == "count" and kind == "count":
        return "数量指标", ("质量指标", "时效指标", "成本指标", "服务对象满意度指标"), "warning"
    return None


@rule("C101", "misplaced", "warning", "指标放错了二级指标")
def misplaced(indicator: Indicator, ctx: ProjectContext) -> Finding | None:
    """检查什么：从三级名称和指标值看，指标属于另一个二级指标（金额放在时效指标下、满意度放在社会效益下、
    比率放在数量指标下、发放时间放在成本指标下）。
    为什么：放错类别会使产出、效益的描述失衡，评价时也会按错误的标准打分；常见原因是表格错行。
    示例：“时效指标 | 设备租赁费成本支出 | ≤1万元”“成本指标 | 发放补贴时间 | 按月发放”。
    建议写法：把该指标移到所属的二级指标下，或改写名称与目标值使之与所在类别相符。
    依据：财预〔2020〕10号、财预〔2021〕101号（指标体系与定义）。"""
    if not indicator.level2 or not indicator.level3:
        return None
    expected = expected_level2(indicator)
    if expected is None:
        return None
    home, wrong, severity = expected
    if indicator.level2 not in wrong:
        return None
    return Finding(
        message=(
            f"{quoted(indicator, ctx)}（{shown_value(indicator) or '无值'}）看起来属于{home}，"
            f"却放在{indicator.level2}下。"
        ),
        suggestion=f"移到{home}下，或核对是否表格错行。",
        indicator=indicator,
        severity=severity,
    )

"""C: indicators filed under the wrong 二级, judged by their wording and value."""

from __future__ import annotations

import dataclasses
import re

from scorer.checks.advice import full_name, quoted, shown_value
from scorer.checks.registry import Finding, ProjectContext, rule
from scorer.hierarchy import LEVEL2_PARENT, REQUIRED_LEVEL2
from scorer.model import Indicator, Severity
from scorer.wording import intent_of

_OUTPUT = ("数量指标", "质量指标", "时效指标", "成本指标")
_BENEFIT = ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")
_AWARENESS = re.compile(r"知晓|了解|认知|普及|知名")
_LENGTH_UNITS = ("秒", "秒钟")
_COST_WORDS = re.compile(r"成本|费用|节约|节省|支出|资金")
_TIMELY_WORDS = re.compile(r"及时|按时|按计划|时间|时限|期限|进度|规定|当年|当月|年内|月内|前|到位|拨付|下达|支付")


_OUTCOME = re.compile(r"就业率|增长|增加|提高|提升|降低|下降|减少|脱贫|收入|稳定|受益|普及|参保率")


def _rate_home(level3: str) -> str:
    """A rate of the work done (发放准确率, 完成率) is a quality target; a rate of what it changed
    (就业率, 参保率, 增长率) is a social benefit."""
    return "社会效益指标" if _OUTCOME.search(level3) else "质量指标"


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
    if kind == "duration" and parsed and parsed.unit in _LENGTH_UNITS:
        return None  # 宣传视频时间 ≤40秒: how long a thing runs, not when work is done
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
        return _rate_home(indicator.level3), wrong, "warning"
    if kind == "percent" and intent == "unknown":
        return _rate_home(indicator.level3), ("数量指标", "成本指标"), "warning"
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
            f"却放在{indicator.level2}下{_misaligned(indicator, ctx)}{_leaves_empty(indicator, ctx, home)}。"
        ),
        suggestion=f"移到{home}下。",
        indicator=indicator,
        severity=severity,
    )


def _leaves_empty(indicator: Indicator, ctx: ProjectContext, home: str) -> str:
    """When the row is its required block's only row, moving it empties the block: say so."""
    if indicator.level2 not in REQUIRED_LEVEL2:  # a block every table must fill (M104)
        return ""
    rows = ctx.annual if indicator.period == "annual" else ctx.total
    if any(r is not indicator and r.level2 == indicator.level2 and (r.level3 or r.value) for r in rows):
        return ""
    for other in rows:
        whole = dataclasses.replace(other, level3=full_name(other, ctx))  # 劳动能力鉴定完 → …完成率(%)
        expected = expected_level2(whole) if other is not indicator else None
        elsewhere = expected and (other.level2 in expected[1] or other.level2 not in LEVEL2_PARENT)
        if expected and expected[0] == indicator.level2 and elsewhere:
            # the block's own row sits elsewhere: moved in, it fills the block again; where it sits
            # in this row's home, the two traded places
            swapped = "两行疑为位置对调" if other.level2 == home else f"移入{indicator.level2}即可"
            return f"；{other.level2}下的“{whole.level3}”则属于{indicator.level2}，{swapped}"
    return f"；该行是{indicator.level2}下唯一的一行，移出后需另补{indicator.level2}"


def _misaligned(indicator: Indicator, ctx: ProjectContext) -> str:
    """When the other half files the same row elsewhere, the labels slipped a row: say so."""
    others = ctx.total if indicator.period == "annual" else ctx.annual
    twin = next((i for i in others if i.level3 == indicator.level3 and i.level2 != indicator.level2), None)
    if twin is None:
        return ""
    half = "实施期" if twin.period == "total" else "年度"
    return f"；{half}目标中该指标在{twin.level2}下，疑为表格错行，请核对"


@rule("C102", "misplaced", "warning", "模型判断指标属于另一个二级指标")
def misplaced_by_model(indicator: Indicator, ctx: ProjectContext) -> Finding | None:
    """检查什么：类别模型从三级名称和指标值判断，该指标属于另一个二级指标，且把握达到训练时校准的阈值；
    C101 已报告的行不再重复。
    为什么：措辞规则只认识常见的名称写法；模型从四份申报表的数千行指标中学到更多写法。
    阈值只在训练用的申报表上校准（按申报表分组交叉验证），模型达不到目标精度时不单独报告
    （见 models/category/MODEL_CARD.md）。
    示例：“经济效益指标 | 在全社会营造劳动光荣、技能宝贵的良好氛围”读作社会效益指标。
    建议写法：把该指标移到所属的二级指标下，或改写名称与目标值使之与所在类别相符。
    依据：财预〔2020〕10号、财预〔2021〕101号（指标体系与定义）。"""
    prediction = indicator.prediction
    if prediction is None or prediction.filled or prediction.misplaced_threshold is None:
        return None
    if prediction.printed is None or prediction.level2 == indicator.level2:
        return None
    if prediction.confidence < prediction.misplaced_threshold or misplaced(indicator, ctx) is not None:
        return None
    return Finding(
        message=(
            f"{quoted(indicator, ctx)}（{shown_value(indicator) or '无值'}）读起来属于{prediction.level2}，"
            f"却放在{indicator.level2}下。"
        ),
        suggestion=f"核对后移到{prediction.level2}下，或改写名称与目标值使之与{indicator.level2}相符。",
        indicator=indicator,
    )


@rule("C103", "parse_warning", "info", "二级指标由模型补全")
def level2_filled(indicator: Indicator, ctx: ProjectContext) -> Finding | None:
    """检查什么：表格没有给出该行的二级指标（单元格丢失或为空），类别模型按三级名称和指标值补上了最可能的二级指标。
    为什么：没有二级指标，按类别进行的检查和评分都无从进行；补全只在模型把握达到训练时校准的阈值时进行，
    并在此注明，供核对。
    示例：产出指标下一行只有“发放补贴标准 | 2150元/人/月”，补为成本指标。
    建议写法：在原表中填写该行的二级指标。
    依据：本项目约定（解析无法确定的内容一律注明）。"""
    prediction = indicator.prediction
    if prediction is None or not prediction.filled:
        return None
    return Finding(
        message=(f"“{indicator.level3}”一行没有二级指标，按名称和指标值补为{indicator.level2}，请核对。"),
        suggestion=f"在原表中为该行填写二级指标（看起来是{indicator.level2}）。",
        indicator=indicator,
    )

"""M: values without a quantity, empty values, and whole 二级 blocks left out."""

from __future__ import annotations

import re
from collections.abc import Iterator

from scorer.checks.advice import (
    alike,
    cites_standard,
    concrete_target,
    full_name,
    itemised_cost_example,
    quoted,
    shown_value,
    unit_cost_example,
)
from scorer.checks.category import expected_level2
from scorer.checks.columns import reported_by_columns
from scorer.checks.kinds import INTENT_WORDS
from scorer.checks.registry import Finding, ProjectContext, rule
from scorer.checks.vague import checkable, core_text, what_is_missing
from scorer.hierarchy import LEVEL2_PARENT, REQUIRED_LEVEL2
from scorer.model import Indicator
from scorer.wording import intent_of

_NEEDS_NUMBER = ("数量指标", "质量指标", "成本指标", "服务对象满意度指标")
_BENEFIT = ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")
_BLOCK_EXAMPLES = {
    "数量指标": "“__人数≥__人”",
    "质量指标": "“__合格率≥__%”",
    "时效指标": "“__月__日前完成”",
    "成本指标": "“__成本≤__元/人”",
    "服务对象满意度指标": "“__满意度≥__%”",
    "效益指标": "“__就业率≥__%”",
}
_NAME_INTENTS = ("count", "rate", "satisfaction", "money", "time")
# Without these a project states neither what it buys, what it costs, nor whom it serves.
_CORE = ("数量指标", "成本指标", "服务对象满意度指标")


@rule("M101", "missing_quantity", "error", "指标值为空")
def empty_value(indicator: Indicator, ctx: ProjectContext) -> Finding | None:
    """检查什么：三级指标有名称，指标值一栏却是空的。
    为什么：没有目标值就无法审核，也无法在年终评价时对照。
    示例：“宣传资料成本支出 → （空）”。不报告：提取的文本中该行右移、指标值在行尾被截去的（W112）。
    建议写法：补填目标值，如“≤1.6万元”。
    依据：财预〔2015〕88号（完整性审核）。"""
    if indicator.value.strip() or not indicator.level3.strip():
        return None
    if any(f.code == "W112" and f.indicator == indicator.id for f in ctx.project.flags):
        return None  # the value was cut off in the extraction, not left empty: W112 says so
    period, other = ("年度", ctx.total) if indicator.period == "annual" else ("实施期", ctx.annual)
    other_period = "实施期" if indicator.period == "annual" else "年度"
    twin = next((i for i in other if i.level3 == indicator.level3 and i.value.strip()), None)
    if any(f.code == "W109" for f in ctx.project.flags):
        # the whole column is missing: each row still needs its value, and the other half shows which
        stated = f"（{other_period}为“{shown_value(twin)}”）" if twin is not None else ""
        return Finding(
            message=f"{period}目标缺少指标值列，{quoted(indicator, ctx)}没有指标值{stated}。",
            suggestion=(
                f"补填{period}指标值；一年期项目与{other_period}一致，即“{shown_value(twin)}”。"
                if twin is not None and ctx.one_year and checkable(twin)
                else concrete_target(indicator, ctx)
            ),
            indicator=indicator,
            severity="warning" if twin is not None else None,  # as below: the other half states it
        )
    if twin is not None:
        return Finding(
            message=f"{period}目标中{quoted(indicator, ctx)}没有填写指标值（{other_period}为“{shown_value(twin)}”）。",
            suggestion=f"补填{period}指标值，或说明与{other_period}“{shown_value(twin)}”不同的原因。",
            indicator=indicator,
            severity="warning",  # the other half states the target: an omission, or a cell lost in extraction
        )
    return Finding(
        message=f"{period}目标中{quoted(indicator, ctx)}没有填写指标值。",
        suggestion=concrete_target(indicator, ctx),
        indicator=indicator,
    )


@rule("M102", "missing_quantity", "error", "应量化的指标没有数值")
def no_quantity(indicator: Indicator, ctx: ProjectContext) -> Finding | None:
    """检查什么：数量、质量、成本、满意度指标，或名称是人数、比率、金额的产出指标，指标值只有文字。
    效益指标写成文字时由V101报告为方向性表述；本条报告的行不再由V101重复报告。
    引用了可查的标准或规定（“按最低工资标准执行”）的报为警告：缺的是数值，不是依据。
    为什么：这些指标按定义是数量或比率，文字（“及时”“满意”“参照往年”）无法核对。
    示例：“所用资金拨付到位率 → 及时”“受益对象满意度 → 满意”“办公耗材购置数量 → 参照往年”。
    建议写法：写明数值和单位，如“100%”“≥90%”“≥9类”。
    结构化导出表中标为“定性”的数量/成本/时效指标由M107报告，比较符号后写文字的由M108报告。
    依据：财预〔2015〕88号（细化量化）；财预〔2021〕101号。"""
    parsed = indicator.parsed
    text = core_text(indicator.value)
    if parsed is None or parsed.kind != "text" or not text:
        return None
    if reported_by_columns(indicator):
        return None  # M107 (定性 on a quantity) or M108 (a comparator before words) says it for this row
    if re.search(r"\d", text):
        return None  # a rule with a number (按最低工资的60%执行) states a quantity, if indirectly
    intent = intent_of(indicator.level3)
    if text == core_text(indicator.level3):
        return None  # V102 reports a value that restates its name
    if len(text) >= 4 and intent_of(text) in _NAME_INTENTS:
        return None  # M103 reports another indicator's name in the value cell
    quantified_by_name = intent in ("rate", "satisfaction", "count", "money")
    if intent == "time":
        return None  # a timing item answered with a word (及时) is vague: V101, and C101 if misfiled
    if indicator.level2 in _BENEFIT and intent != "satisfaction":
        return None  # a benefit answered with a word is vague (V101), not a missing quantity
    if indicator.level2 not in _NEEDS_NUMBER and not quantified_by_name:
        return None
    if text in ctx.config["vague"]["graded"] and not quantified_by_name:
        return None
    worded = any(word in text for word in ctx.config["vague"]["lexicon"]) or cites_standard(text)
    # a rate under 时效指标 (按时发放率 → 及时) is answered with a deadline as well as a rate: say what 时效 asks
    asked = INTENT_WORDS.get(intent) if quantified_by_name and indicator.level2 != "时效指标" else None
    lacks = what_is_missing(text, asked) if worded else "却没有数值"
    return Finding(
        message=f"{quoted(indicator, ctx)}应当量化，指标值“{shown_value(indicator)}”{lacks}。",
        suggestion=concrete_target(indicator, ctx),
        indicator=indicator,
        # a cited standard (按最低工资标准执行) can be looked up: the number is missing, not unknowable
        severity="warning" if cites_standard(text) else None,
    )


@rule("M103", "missing_quantity", "error", "指标值填成了其他指标名称")
def name_in_value(indicator: Indicator, ctx: ProjectContext) -> Finding | None:
    """检查什么：指标值一栏填的是另一个指标的名称（如“临时工人数”）。
    为什么：这是错格：真正的目标值丢失了。
    示例：“开招聘会现场和线下参会企业数量 → 临时工人数”。
    建议写法：在指标值一栏填写本指标的目标值。
    依据：财预〔2015〕88号（完整性审核）。"""
    parsed = indicator.parsed
    text = core_text(indicator.value)
    if parsed is None or parsed.kind != "text" or len(text) < 4 or text == core_text(indicator.level3):
        return None
    if intent_of(text) in _NAME_INTENTS:
        return Finding(
            message=f"{quoted(indicator, ctx)}的指标值“{shown_value(indicator)}”是一个指标名称，不是目标值。",
            suggestion=concrete_target(indicator, ctx),
            indicator=indicator,
        )
    return None


def _block_advice(name: str, ctx: ProjectContext) -> str:
    """What to add for a missing block. For 成本: the costs of the items the project names when it
    names two or more (a budget for 会议、年报、印刷 is not divided by printed copies), else a unit
    cost in what the project itself counts, else items to name — a total would restate the budget."""
    if name != "成本指标":
        return f"补充{name}，如{_BLOCK_EXAMPLES[name]}"
    return f"补充{name}，{cost_example(ctx)}"


def cost_example(ctx: ProjectContext) -> str:
    """How to state a cost without restating the budget (F104): by the project's items, else a unit
    cost in what it counts, else items to name."""
    itemised = itemised_cost_example(ctx.project)
    if itemised:
        return itemised
    per_unit = unit_cost_example(ctx.annual, ctx)
    if per_unit:
        return f"如单位成本{per_unit}，或主要开支的分项成本“__费 ≤__万元”"
    return "写明主要开支的分项成本，如“__费 ≤__万元”，合计不超过年度资金"


def _under_other_labels(
    missing: list[str], filled: list[Indicator], ctx: ProjectContext
) -> list[tuple[str, Indicator, Indicator]]:
    """(missing block, 年度 row, its 实施期 twin) for a block whose row the 年度 half prints under a
    二级 label the hierarchy does not know while the 实施期 half files the same row under the block."""
    found = []
    for row in filled:
        if row.level2 in LEVEL2_PARENT or not row.level2 or not row.level3:
            continue  # (an empty 二级 cell is W103's and W110's to report)
        twin = next((t for t in ctx.total if t.level3 == row.level3 and t.level2 in missing), None)
        if twin is not None and twin.level2 not in {name for name, _, _ in found}:
            found.append((twin.level2, row, twin))
    return found


@rule("M104", "missing_quantity", "warning", "缺少必备的二级指标", scope="project")
def missing_blocks(ctx: ProjectContext) -> Iterator[Finding]:
    """检查什么：年度目标没有数量、质量、时效、成本或服务对象满意度指标中的某一类，或没有任何效益指标。
    为什么：产出应从数量、质量、时效、成本四方面描述，服务对象满意度反映受益对象的评价；缺一类，目标就不完整。
    缺数量、成本或满意度报为错误，缺质量或时效报为警告。
    示例：成本指标一栏为空的培训奖补项目（4000万元）。
    建议写法：为缺少的二级指标各补充至少一个量化的三级指标；缺成本指标而项目名称或概况列出两项以上开支的
    （业务费(会议费、法律顾问费、印刷费等)），按这些分项写明成本。年度目标把该类的行写在不规范的二级名称下
    （“覆盖指标”）而实施期写在该类下的，报告的是这个名称，建议改正二级指标。
    依据：财预〔2020〕10号（绩效指标框架）；财预〔2021〕101号。"""
    if not ctx.annual:
        return
    filled = [i for i in ctx.annual if i.level3 or i.value]
    present = {i.level2 for i in filled}
    present |= {home for i in filled if (e := expected_level2(i)) and i.level2 in e[1] for home in (e[0],)}
    missing = [name for name in REQUIRED_LEVEL2 if name not in present]
    if not any(i.level1 == "效益指标" for i in filled):
        missing.append("效益指标")
    for name, row, twin in _under_other_labels(missing, filled, ctx):
        # the row is there under a label no standard knows (覆盖指标): the label is the fault, not the row
        missing.remove(name)
        yield Finding(
            message=(
                f"年度目标没有{name}：“{full_name(row, ctx)}”（{shown_value(row)}）的二级指标写成了“{row.level2}”，"
                f"实施期中该指标在{twin.level2}下。"
            ),
            suggestion=f"把该行的二级指标改为{name}。",
        )  # a project finding: the row itself states its quantity
    if missing:
        core = [name for name in missing if name in _CORE]
        filled_total = {i.level2 for i in ctx.total if i.level3 or i.value} | {i.level1 for i in ctx.total if i.level3}
        in_both = [name for name in missing if ctx.total and name not in filled_total]
        annual_only = [name for name in missing if name not in in_both]
        parts = [f"年度目标缺少{'、'.join(annual_only)}"] if annual_only else []
        parts += [f"年度目标和实施期目标都缺少{'、'.join(in_both)}"] if in_both else []
        yield Finding(
            message="；".join(parts) + "。",
            suggestion="；".join(_block_advice(name, ctx) for name in missing) + "。",
            severity="error" if core else "warning",
        )


@rule("M105", "missing_quantity", "warning", "数量目标为零")
def zero_output(indicator: Indicator, ctx: ProjectContext) -> Finding | None:
    """检查什么：数量指标的目标值为0（如“已安排残疾人人数 → 0人”）。
    为什么：产出数量为零等于没有承诺任何产出，与项目申请资金相矛盾；“0起”一类控制不良事件的目标应放在效益指标下。
    示例：残保金项目（3.5万元）“已安排残疾人人数 → 0人”。
    建议写法：写出本年度计划完成的数量，如“≥__人”。
    依据：财预〔2015〕88号（相应匹配：目标与投入相匹配）。"""
    parsed = indicator.parsed
    if indicator.level2 != "数量指标" or parsed is None or parsed.kind != "count" or parsed.number != 0:
        return None
    if parsed.op in ("<=", "<"):
        return None
    return Finding(
        message=f"{quoted(indicator, ctx)}的目标是“{shown_value(indicator)}”，没有承诺任何产出。",
        suggestion=f"写出本年度计划完成的数量，如“≥__{parsed.unit or '人'}”。",
        indicator=indicator,
    )


@rule("M106", "missing_quantity", "warning", "成本指标没有金额", scope="project")
def cost_block_without_money(ctx: ProjectContext) -> Iterator[Finding]:
    """检查什么：成本指标下有指标，却没有一个以金额（元、万元、元/人/月）表示。
    为什么：成本指标反映预算支出标准，只写比率或文字（“成本节约率 ≥2%”“按标准”）无法与预算比对。
    示例：“成本节约率 → ≥2%”是成本指标下唯一的指标。
    建议写法：写出总成本或单位成本，如“≤__万元”“≤__元/人/月”。
    依据：财预〔2021〕101号（成本指标取值）。"""
    costs = [i for i in ctx.annual if i.level2 == "成本指标" and (i.level3 or i.value)]
    # a cost in money filed under another 二级 (labels shifted a row, C101 says so) is a cost all the same
    elsewhere = [
        i
        for i in ctx.annual
        if (e := expected_level2(i)) and e[0] == "成本指标" and (i.level2 in e[1] or i.level2 not in LEVEL2_PARENT)
    ]
    if any(i.parsed and i.parsed.kind == "money" for i in elsewhere):
        return
    if costs and not any(i.parsed and i.parsed.kind == "money" for i in costs):
        total = [i for i in ctx.total if i.level2 == "成本指标" and (i.level3 or i.value)]
        halves = (
            "实施期和年度目标中"
            if total and not any(i.parsed and i.parsed.kind == "money" for i in total)
            else "年度目标中"
        )
        # the value as the half a narrow column cut least shows it (按最低工资的60%执 → …执行)
        value = max((shown_value(i) for i in [costs[0], *total] if alike(i.level3, costs[0].level3)), key=len)
        yield Finding(
            message=(
                f"{halves}成本指标只有“{full_name(costs[0], ctx)}”一项（{value}），未以金额表示。"
                if len(costs) == 1
                else f"{halves}成本指标的{len(costs)}个指标都未以金额表示。"
            ),
            suggestion=f"写出金额：{cost_example(ctx)}。",
            unless_reported=costs[0] if len(costs) == 1 else None,  # U102/U105 on that row say it
        )

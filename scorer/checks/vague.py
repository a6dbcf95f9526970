"""V: values that state a direction or an assurance instead of a checkable target."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from scorer.checks.advice import concrete_target, full_name, quoted, shown_value
from scorer.checks.columns import reported_by_columns
from scorer.checks.registry import Finding, ProjectContext, rule
from scorer.model import Indicator
from scorer.normalize import clean_cell, undouble
from scorer.wording import intent_of

_PREFIXES = ("预计", "约", "力争")
# a recurring event (举办, 召开) is held on a schedule; only deliveries have a due day per period
_EVENT = re.compile(r"举办|召开|举行|开展|组织")
_DUE_EXAMPLES = {
    "每周": "每周星期__前",
    "每日": "当日办结",
    "每天": "当日办结",
    "每季度": "每季度末月15日前",
    "每年": "每年12月底前",
}
_DEADLINE_IN_NAME = re.compile(r"\d{1,2}月|年底|年末|季度|\d+个?工作日|\d+天|规定时限|\d{4}年\d")


@lru_cache(maxsize=65536)
def core_text(value: str) -> str:
    """The value without 预计-style prefixes and without a doubled half ('提升提升').

    Several checks ask for it on every row, and stock values repeat across filings: cached.
    """
    text = clean_cell(value)
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return undouble(text)


def _same(a: str, b: str) -> bool:
    return re.sub(r"\s", "", a) == re.sub(r"\s", "", b)


_TIMELY_WORDS = re.compile(r"及时|按时|按期|准时|如期")
_WHAT_IS_MISSING = (
    (re.compile(r"参照|按标准|按规定|按政策|按照|依据|标准"), "只写了参照的标准，没有写明具体数值"),
    (re.compile(r"合格|达标|优良|良好|规范|符合"), "只写了合格一类的评价，没有合格率或验收标准"),
    (_TIMELY_WORDS, "只写了“及时”一类的要求，没有写明完成时限"),
    (re.compile(r"保障|确保|满足|到位"), "只是保障性表述，没有写明要达到的目标"),
)


def what_is_missing(text: str, asked: str | None = None) -> str:
    """Why this kind of wording cannot be checked, in the words an evaluator would use.

    `asked` is what the 三级 name asks for (比率, 数量): “及时” answering a rate lacks the rate,
    not a deadline.
    """
    if asked and _TIMELY_WORDS.search(text):
        return f"只写了“及时”一类的要求，没有写明{asked}"
    for pattern, what in _WHAT_IS_MISSING:
        if pattern.search(text):
            return what
    return "只是方向性表述，没有写明要达到的程度"


def reads_vague(indicator: Indicator, ctx: ProjectContext) -> bool:
    """The wording test of V101: a value of direction or assurance words, not a checkable target.

    Kept apart from the finding because the models' training compares with what the rules read,
    whichever check then reports the row.
    """
    parsed = indicator.parsed
    text = core_text(indicator.value)
    if not text or parsed is None or parsed.kind != "text" or _same(text, indicator.level3):
        return False
    vague_cfg = ctx.config["vague"]
    if text in vague_cfg["graded"] or re.search(r"\d", text):
        return False
    hits = [word for word in vague_cfg["lexicon"] if word in text]
    if not hits and (len(text) > 8 or intent_of(text) != "unknown"):
        return False  # long prose, or another indicator's name in the value cell (M103)
    return not (text in ("及时", "按时") and _DEADLINE_IN_NAME.search(indicator.level3))


@rule("V101", "vague", "warning", "指标值为方向性、保障性表述")
def vague_value(indicator: Indicator, ctx: ProjectContext) -> Finding | None:
    """检查什么：指标值没有数字、日期或可评分的等级，只写了“保障、提高、及时、参照往年”一类词。
    为什么：这类表述无法在年终核对是否实现，不符合“细化量化、可衡量”的要求。
    示例：“所用资金拨付到位率 → 及时”“提高了就业困难人员的生活水平 → 提高”。
    建议写法：写明数值和单位（≥95%、≥500人、≤3400元/人/月）或完成时限（2025年12月底前）。
    例外：时效指标的三级名称已写明时限时，“及时”“按时”不再单独报告；应量化的指标写成文字时由M102（结构化导出表中由M107、M108）一并报告。
    依据：财预〔2015〕88号（指向明确、细化量化）；财预〔2020〕10号（指标内涵明确、具体、可衡量）。"""
    if not reads_vague(indicator, ctx):
        return None
    from scorer.checks.missing import no_quantity  # (missing.py imports this module)

    if reported_by_columns(indicator) or no_quantity(indicator, ctx) is not None:
        return None  # a quantity answered with words: one finding (M102, or M107/M108 in an export)
    text = core_text(indicator.value)
    return Finding(
        message=(
            f"{quoted(indicator, ctx)}的指标值“{shown_value(indicator)}”{what_is_missing(text)}，无法核对是否完成。"
        ),
        suggestion=concrete_target(indicator, ctx),
        indicator=indicator,
    )


@rule("V102", "vague", "warning", "指标值重复指标名称")
def restated_value(indicator: Indicator, ctx: ProjectContext) -> Finding | None:
    """检查什么：指标值与三级指标名称相同。
    为什么：重复名称等于没有设定目标值，通常是填表时复制错了格子。
    示例：“招聘会所需资料的保障性 → 招聘会所需资料的保障性”。
    建议写法：在指标值一栏填写该指标的目标数值或时限。
    依据：财预〔2015〕88号（完整性审核）。"""
    if indicator.level3 and indicator.value and _same(core_text(indicator.value), indicator.level3):
        return Finding(
            message=f"{quoted(indicator, ctx)}的指标值只是重复了指标名称，没有目标值。",
            suggestion=concrete_target(indicator, ctx),
            indicator=indicator,
        )
    return None


@rule("V103", "vague", "info", "时效只写了频次")
def frequency_only(indicator: Indicator, ctx: ProjectContext) -> Finding | None:
    """检查什么：时效指标的指标值只写了“每月”“每周”“按月发放”等频次，没有写明每期的完成日。
    为什么：频次说明了节奏，但没有说明每期何时完成，核对时仍有余地；属于提示，不算错误。
    示例：“发放补贴时间 → 按月发放”。
    建议写法：写明每期的完成日，如“每月10日前发放”。
    不报告：举办、召开一类的活动（“招聘会举办时间 → 每周”），频次就是它的安排。
    依据：本项目约定（时效指标应有明确时限）。"""
    parsed = indicator.parsed
    if parsed is None or parsed.kind != "date" or not (parsed.unit or "").startswith("每"):
        return None
    if _EVENT.search(indicator.level3) or not indicator.level3.strip():
        # 招聘会举办时间 → 每周: for a recurring event the frequency is the schedule; without a
        # name (W102) an event cannot be told from a delivery
        return None
    return Finding(
        message=f"{quoted(indicator, ctx)}只写了频次“{shown_value(indicator)}”，没有写每期的完成时间。",
        suggestion=f"写明每期的完成日，如“{_DUE_EXAMPLES.get(parsed.unit or '', '每月__日前发放')}”。",
        indicator=indicator,
    )


_BLOCKS = {"产出指标": "error", "效益指标": "warning", "满意度指标": "warning"}


def checkable(indicator: Indicator) -> bool:
    """A target that can be checked at year end: a number, a date, a schedule or a yes/no."""
    parsed = indicator.parsed
    return parsed is not None and parsed.kind != "text"


@rule("V104", "vague", "warning", "整类指标没有可核对的目标", scope="project")
def block_without_target(ctx: ProjectContext) -> Iterator[Finding]:
    """检查什么：产出、效益或满意度一级指标下有指标，却没有一个指标值是数值、日期或是/否。
    为什么：一整类目标都只有方向性表述时，这一方面的绩效无从评价；产出类全部如此报为错误，其余报为警告。
    示例：效益指标下只有“提高了就业困难人员的生活水平 → 提高”“促进残疾人劳动就业稳定发展 → 促进”。
    建议写法：每类至少写一个可核对的指标，如社会效益“高校毕业生就业率 ≥95%”“因就业问题发生的重大事件 0起”。
    依据：财预〔2021〕101号、财预〔2020〕10号（产出、效益、满意度指标均应可衡量）。"""
    for level1, severity in _BLOCKS.items():
        # an empty value is M101's (also when a whole value column is missing)
        rows = [i for i in ctx.annual if i.level1 == level1 and i.value.strip()]
        if len(rows) >= 2 and not any(checkable(i) for i in rows):  # one row: V101 already says it
            named = "、".join(f"“{full_name(i, ctx)}”（{shown_value(i)}）" for i in rows[:3])
            more = f"等{len(rows)}个指标" if len(rows) > 3 else f"{len(rows)}个指标"
            total = [i for i in ctx.total if i.level1 == level1 and i.value.strip()]
            halves = "实施期和年度目标中" if total and not any(checkable(i) for i in total) else "年度目标中"
            yield Finding(
                message=f"{halves}{level1}下的{named}{more}都没有可核对的目标值，这一类绩效无从评价。",
                suggestion=f"为{level1}至少写一个可核对的目标，如比率“≥__%”或数量“≥__人”。",
                severity=severity,  # type: ignore[arg-type]
            )


@rule("V105", "vague", "warning", "模型判断指标值不可核对")
def vague_by_model(indicator: Indicator, ctx: ProjectContext) -> Finding | None:
    """检查什么：具体性模型判断指标值不是可核对的目标（没有数值、日期或等级，只是方向或保障），
    且把握达到训练时校准的阈值；V101、V102 已报告的行、含数字的值和填成其他指标名称的值（M103）不在此报告。
    为什么：词表只认识列出的说法；模型结合值的语法、词表和词语特征，能认出词表之外的同类表述。
    阈值只在训练用的申报表上校准（按申报表分组交叉验证，见 models/specificity/MODEL_CARD.md）。
    示例：“社会群众对就业创业工作的了解度 → 有较大改观”。
    建议写法：写明数值和单位（≥95%、≥500人）或完成时限（2025年12月底前）。
    依据：财预〔2015〕88号（指向明确、细化量化）；财预〔2020〕10号（指标内涵明确、具体、可衡量）。"""
    prediction = indicator.prediction
    if prediction is None or prediction.vague is None or prediction.vague_threshold is None:
        return None
    if prediction.vague < prediction.vague_threshold:
        return None
    from scorer.checks.missing import name_in_value, no_quantity  # (missing.py imports this module)

    text = core_text(indicator.value)
    if not text or re.search(r"\d", text) or name_in_value(indicator, ctx):
        return None  # a number states a quantity, if indirectly; another indicator's name is M103
    if vague_value(indicator, ctx) or restated_value(indicator, ctx) or no_quantity(indicator, ctx):
        return None
    if reported_by_columns(indicator):
        return None  # M107 or M108 reports the words in place of a quantity
    return Finding(
        # the model's confidence is the tool's business (scorer rules V105), not the department's
        message=f"{quoted(indicator, ctx)}的指标值“{shown_value(indicator)}”没有数值、日期或等级，无法核对是否完成。",
        suggestion=concrete_target(indicator, ctx),
        indicator=indicator,
    )


# a capped number of beneficiaries (补贴人数 ≤510人) or a consumption cap (用电量 ≤8000度) is a fair limit
_RECIPIENT_CAP = re.compile(
    r"补贴|补助|救助|资助|慰问|津贴|享受|参保|保险|医保|社保|工伤|养老|用电|用水|用量|消耗|能耗"
)
_PERSON_UNITS = ("人", "名", "户", "人次", "户次")
_BAD_RATE = re.compile(r"事件|事故|投诉|上访|信访|纠纷|违规|违纪|差错|失误|欠薪|失业率|流失|故障率|返工|闲置|空置|误差")
_FIXING = re.compile(r"解决|处理|处置|化解|办结|修复|排除|整改|登记|查处|调处")
_COST_LIKE = re.compile(r"成本|费用|支出|损失")


def wrong_way(indicator: Indicator) -> str | None:
    """'upper' when a target that should be reached is written as a cap, 'lower' for a cost floor."""
    parsed = indicator.parsed
    if parsed is None or parsed.op not in ("<=", "<", ">=", ">"):
        return None
    cap = parsed.op in ("<=", "<")
    name, level2 = indicator.level3, indicator.level2
    if _BAD_RATE.search(name) and not _FIXING.search(name):
        return None if cap else "lower"  # fewer incidents is the goal: 0起, ≤1起
    if level2 == "数量指标" and cap and parsed.kind == "count":
        return None if _RECIPIENT_CAP.search(name) or parsed.unit in _PERSON_UNITS else "upper"
    if level2 in ("质量指标", "服务对象满意度指标", "社会效益指标") and cap and parsed.kind == "percent":
        return "upper"
    if level2 == "经济效益指标" and cap and parsed.kind in ("money", "percent") and not _COST_LIKE.search(name):
        return "upper"
    if level2 == "成本指标" and not cap and parsed.kind == "money":
        return "lower"
    return None


@rule("V106", "vague", "info", "目标值方向与指标含义相反")
def wrong_direction(indicator: Indicator, ctx: ProjectContext) -> Finding | None:
    """检查什么：比较符号与指标的含义相反：要完成的产出数量、质量或满意度比率、经济效益写成了上限（≤），
    成本写成了下限（≥），不良事件写成了下限（≥）。
    为什么：上限式的产出目标完成多少都算达标，下限式的成本不能控制支出，年终都无从评价；
    受益人数（补贴、补助、参保人数）按预算封顶时写“≤”是常见做法，不在此报告。属于提示，请结合项目核实。
    示例：“现场参会企业数量 → ≤36家”“发放补贴成本 → ≥1290元/人/月”“年工资性收入 → ≤10亿元”。
    建议写法：产出、质量、效益写成“≥”，成本写成“≤”，不良事件写成“0起”或“≤__起”。
    依据：财预〔2021〕101号、财预〔2020〕10号（指标值应能反映预期的产出和效果）。"""
    way = wrong_way(indicator)
    if way is None:
        return None
    value = shown_value(indicator)
    if way == "upper":
        message = f"{quoted(indicator, ctx)}的“{value}”写成了上限，完成得再少也算达标，说明不了要完成的量。"
        fixed = value.replace("≤", "≥").replace("<", "≥")
        suggestion = f"如这是要达到的目标，改为下限，如“{fixed}”；如确为按预算封顶的数量，请在说明中写明。"
    elif _BAD_RATE.search(indicator.level3) and not _FIXING.search(indicator.level3):
        message = f"{quoted(indicator, ctx)}是需要控制的事项，“{value}”却写成了下限。"
        suggestion = "改为控制目标，如“0起”或“≤__起”。"
    else:
        message = f"{quoted(indicator, ctx)}的“{value}”写成了下限，不能控制支出。"
        fixed = value.replace("≥", "≤").replace(">", "≤")
        suggestion = f"成本写成上限，如“{fixed}”。"
    return Finding(message=message, suggestion=suggestion, indicator=indicator)

"""Ready-to-paste wording for 审核意见: what a concrete target for this indicator looks like.

Suggestions show the shape of a target with blanks (“≥__%”, “__月__日前”), never a number the
filing does not state: units copy example numbers into their tables as targets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scorer.checks.registry import ProjectContext
from scorer.model import Indicator, Project
from scorer.normalize import clean_cell, undouble
from scorer.values import COUNT_UNITS, indicator_text
from scorer.wording import intent_of

# a value that names a standard one can look up (按最低工资标准执行, 按省定标准): the number is
# missing, not unknowable — a warning where a bare 按标准 or 参照往年 is an error
_CITES_STANDARD = re.compile(
    r"(?:按照?|执行)(?!相关|有关|要求|时|规定|标准)(?:(?!标准|规定|政策)[^，,。；;]){2,8}(?:标准|规定|政策)"
)


def cites_standard(text: str) -> bool:
    """Whether a value in words names the standard or rule its number follows (not a bare 按标准)."""
    return bool(_CITES_STANDARD.search(text))


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
    r"^(?:有效|进一步|持续)?(?:提高|提升|促进|保障|确保|降低|减少|缓解|推进|推动|营造|助力|狠抓|加强|完善|增强|改善|解决|实现|维护)"
    r"|^保(?=增|就业|稳|民生|运转|供)|了|[，,。；;]"
    r"|(?:有所|得到|明显|显著|不断|逐步|进一步|有效)(?:提高|提升|改善|增强|增加|加强)|正常运转"
)
# a benefit named by what it hopes for, not by anything counted (基层教育、农业、卫生等事业发展, 生活水平)
_NO_MEASURE = re.compile(r"(?:发展|氛围|作用|效果|影响|水平|意识|形象)$")


def concrete_target(indicator: Indicator, ctx: ProjectContext) -> str:
    """The shape a checkable target for this indicator takes, with blanks for the numbers."""
    name = undoubled(indicator.level3)
    if indicator.level2 in _BENEFITS and (
        _STATEMENT.search(name) or PSEUDO_DEGREE.search(name) or _NO_MEASURE.search(name)
    ):
        # a pseudo-degree (单位正常运转保障度) is named as one even when it also reads as a wish
        wish = _STATEMENT.search(name) and not PSEUDO_DEGREE.search(name)
        why = "是一句目标表述，不是可衡量的指标" if wish else "没有可统计的口径"
        shown = full_name(indicator, ctx).rstrip("。；;，,")
        return f"“{shown}”{why}：改写为写明衡量什么（比率、人数或金额）的指标名称，并写明目标值。"
    intent = intent_of(indicator.level3)
    passed = _PASSED.search(clean_cell(indicator.value))
    if indicator.level2 == "质量指标" and intent != "rate" and passed and (rate := _pass_rate_name(name)):
        return f"写成合格率，如“{rate} ≥__%”。"  # 护工拍摄视频质量 → 合格: the share that passes is the measure
    if indicator.level2 == "时效指标" or intent == "time":
        return "写明完成时限，如“__月__日前”或“≤__个工作日”。"
    if _BAD_EVENTS.search(indicator.level3):
        return "写明控制目标，如“__起”或“≤__起”。"
    if intent == "count" and (unit := _counted_unit(name)):
        return f"写明数量，如“≥__{unit}”。"  # 带动就业人数 counts people, not 个
    money = intent == "money" or (intent == "unknown" and indicator.level2 == "成本指标")
    if money and _MONTHLY_PAY.search(name) and "一次性" not in name:
        return "写明金额，总额如“≤__万元”，按月的标准如“≤__元/人/月”。"  # wages and allowances are paid monthly
    return (
        _BY_INTENT.get(intent) or _BY_LEVEL2.get(indicator.level2) or "写明可衡量的目标值（数值和单位，或完成时限）。"
    )


# the unit a count's name says (带动就业人数 → 人): its own, not a generic “个（人、场、台）”
_COUNTED = (
    ("人次数", "人次"), ("人次", "人次"), ("人数", "人"), ("户数", "户"), ("场次", "场"),
    ("次数", "次"), ("家数", "家"), ("件数", "件"),
)  # fmt: skip


def _counted_unit(name: str) -> str | None:
    bracketed = re.search(r"[(（]([^()（）]{1,3})[)）]$", name)
    if bracketed and bracketed.group(1) in COUNT_UNITS:  # 补贴人数(新增) is no unit
        return bracketed.group(1)
    return next((unit for ending, unit in _COUNTED if name.endswith(ending)), None)


_MONTHLY_PAY = re.compile(r"工资|薪酬|津贴|生活补贴|岗位补贴|生活费")
_PASSED = re.compile(r"合格|达标|验收")
_QUALITY_TAIL = re.compile(r"(?:的)?(?:质量|品质)$")


def _pass_rate_name(name: str) -> str | None:
    """护工拍摄视频质量 → 护工拍摄视频合格率: the rate a 质量 row answered 合格 means; None for a name
    that is no thing to inspect (工作开展情况)."""
    if not _QUALITY_TAIL.search(name):
        return None
    base = _QUALITY_TAIL.sub("", name)
    return f"{base}合格率" if len(base) >= 2 else None


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
    if not longer and len(name) >= _MIN_FILING_PREFIX:
        # cut in both halves: another table of the same filing may print it whole — a few characters
        # more, not another phrase run into it (…稳定发展有效推进“人人持证…”的建设)
        value = undoubled(indicator.value)
        longer = {
            other.rstrip("。，,；;")
            for other, other_value in ctx.filing_names
            if other.startswith(name)
            and other_value == value  # the same row in another copy, not another indicator beginning alike
            and 0 < len(other.rstrip("。，,；;")) - len(name) <= _MAX_CUT
            and not _QUOTES.search(other[len(name) :])
        }
    return next(iter(longer)) if len(longer) == 1 else name


_MIN_FILING_PREFIX = 6  # a name completed from another table must be long enough to be the same row
_MAX_CUT = 8  # characters a narrow column cuts off a name
_QUOTES = re.compile(r"[“”\"'‘’]")


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
    # people paid a wage or an allowance (a cost row 按最低工资…) are paid by the month
    paid = any(r.level2 == "成本指标" and _MONTHLY_PAY.search(r.level3 + r.value) for r in rows)
    per = f"{unit}/月" if unit in _PEOPLE_UNITS and paid else unit
    return f"“≤__元/{per}”（按数量指标“{full_name(count, ctx)}”{shown_value(count)}测算）"


# an item the project states with its amount: 水费每年1.5万元, 其中印刷费2000元, 办公费35000元(…)
_ITEM_AMOUNT = re.compile(
    r"(?:^|(?<=[,，;；。、:：(（）)]))([\u4e00-\u9fa5]{1,12}?费)(?:每年|全年|年)?(?:约|共|为)?(\d[\d,]*(?:\.\d+)?)(?:(万元|元)(?![/／每])|(?=[(（)）,，;；。、]|$))"
)
# words before an item's name (需工作经费, 其中印刷费, 测算为：水费)
_LEAD = re.compile(r"^(?:其中|另|包括|主要|用于|需要|需|预计|测算为|合计|和|及)+")
# a name for the whole budget (需工作经费15.1万元, 给挂靠单位工作经费3万元), not one of its items
_GENERIC = re.compile(r"经费$|^(?:费|费用|项目费|业务费|专项费)$|^(?:需|给)|等$")
_MAX_ITEMS = 4


def _outside_brackets(text: str) -> str:
    """The text with bracketed parts blanked out (、 for each character, so offsets keep)."""
    out, depth = [], 0
    for char in text:
        if char in "(（":
            depth += 1
        out.append("、" if depth and char not in "(（)）" else char)
        if char in ")）" and depth:
            depth -= 1
    return "".join(out)


def _name_items(name: str) -> list[str]:
    """Items a project's name lists: 业务费(会议费、人事年报费、…等) or 甲、乙、丙经费."""
    name = clean_cell(name)
    inside = re.search(r"[(（]([^()（）]+)[)）]", name)
    if inside and "、" in inside.group(1):
        parts = inside.group(1).split("、")
    else:
        parts = re.sub(r"[(（][^()（）]*[)）]", "", name).split("、")
    parts = [re.sub(r"(?:等|等等)$", "", p.strip()) for p in parts]
    parts = [p for p in parts if len(p) >= 2]
    return parts if len(parts) >= 2 else []


def expense_items(project: Project) -> list[tuple[str, str | None]]:
    """The expense items a project names, each with the amount it states ('1.5万元') or None.

    Items come from the name (业务费(会议费、法律顾问费、印刷费等), 甲、乙、丙经费) and from
    the 概况 and goals where an item is given its amount (水费每年1.5万元, 其中印刷费2000元).
    A rate (生活费每人每月1000元) is a standard, not an item's cost; parts of an item stated in
    its brackets (办公费35000元(…档案耗材费5000元)) are not items of their own.
    """
    items: dict[str, str | None] = dict.fromkeys(_name_items(project.name))
    for item, number, unit in _stated_amounts(project):
        if items.get(item) is None:
            # an amount without its unit (其他交通费15000) is not copied: the unit would be a guess
            items[item] = number + unit if unit else None
    return list(items.items())


def _stated_amounts(project: Project) -> Iterator[tuple[str, str, str | None]]:
    """(item, its amount as written, its unit or None) for each item the 概况 and goals give an amount."""
    for text in (project.overview, project.goal_annual, project.goal_total):
        for match in _ITEM_AMOUNT.finditer(_outside_brackets(clean_cell(text or ""))):
            item = _LEAD.sub("", match.group(1))
            if len(item) >= 2 and not _GENERIC.search(item):
                yield item, match.group(2), match.group(3)


def stated_items_total(project: Project) -> float | None:
    """What the items the 概况 and goals give amounts for add up to, in 元 (an amount without its
    unit counted in the unit the project's other items use); None below two amounts."""
    found: dict[str, tuple[float, str | None]] = {}
    for item, number, unit in _stated_amounts(project):
        found.setdefault(item, (float(number.replace(",", "")), unit))
    units = {unit for _, unit in found.values() if unit}
    unitless = any(unit is None for _, unit in found.values())
    if len(found) < 2 or not units or (unitless and len(units) > 1):
        return None  # an amount without its unit is read in the others' unit only when they agree
    scale = 1e4 if units == {"万元"} else 1.0
    return sum(number * (1e4 if unit == "万元" else 1.0 if unit else scale) for number, unit in found.values())


def itemised_cost_example(project: Project, period: str = "年度") -> str | None:
    """Costs by the project's own items (“水费 ≤1.5万元”“电费 ≤4万元”), or None below two items.

    Amounts are the project's own; an item it states none for gets a blank (“会议费 ≤__万元”), in
    the unit its other items are stated in.
    With more than four items, those named as a 费 come first, and the rest are left to 等.
    """
    items = expense_items(project)
    if len(items) < 2:
        return None
    shown = items
    if len(items) > _MAX_ITEMS:
        fees = {name for name, _ in items if name.endswith("费")}
        chosen = [i for i in items if i[0] in fees][:_MAX_ITEMS]
        chosen += [i for i in items if i[0] not in fees][: _MAX_ITEMS - len(chosen)]
        shown = [i for i in items if i in chosen]
    # a blank in the unit the project states its other items in (办公费35000元, 其他交通费15000 → __元)
    stated = next((amount for _, amount in items if amount), "万元")
    blank = "__万元" if stated.endswith("万元") else "__元"
    listed = "".join(f"“{name} ≤{amount or blank}”" for name, amount in shown)
    more = "等" if len(items) > len(shown) else ""
    funds = project.funds.annual if period == "年度" else project.funds.total
    total = stated_items_total(project)
    if funds and total and total > funds + 1.0:  # the 概况's own items already exceed the funds: say so first
        return (
            f"概况所列分项合计{yuan(total)}，超过{period}资金{yuan(funds)}，请先核对分项预算，"
            f"再按核定后的分项写明成本，如{listed}{more}"
        )
    return f"按主要开支分项写明成本，如{listed}{more}，合计不超过{period}资金"

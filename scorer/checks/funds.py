"""F: cost indicators that disagree with the money the project asks for."""

from __future__ import annotations

import re
from collections.abc import Iterator

from scorer.checks.advice import full_name, itemised_cost_example, quoted, shown_value, unit_cost_example, yuan
from scorer.checks.registry import Finding, ProjectContext, rule
from scorer.model import Indicator, Project, Severity

_COST_LEVEL2 = ("成本指标", "经济成本指标")
# per-person standards and how many times a year they are paid; per-day or per-trip standards
# need a number of days or trips the tables rarely state, so they are not estimated
_TIMES_A_YEAR = {
    "月": 12.0,
    "人/月": 12.0,
    "月/人": 12.0,
    "人·月": 12.0,
    "人.月": 12.0,
    "人": 1.0,
    "年": 1.0,
    "人/年": 1.0,
    "年/人": 1.0,
    "人·年": 1.0,
    "人.年": 1.0,
}


def total_cost(indicator: Indicator) -> float | None:
    """The amount of a total-cost row (成本 in 元 or 万元, not a unit price), else None."""
    parsed = indicator.parsed
    if indicator.level2 not in _COST_LEVEL2 or parsed is None or parsed.kind != "money" or parsed.unit != "元":
        return None
    return parsed.number


def period_funds(indicator: Indicator, ctx: ProjectContext) -> float | None:
    """The funds of the period the indicator belongs to."""
    return ctx.project.funds.annual if indicator.period == "annual" else ctx.project.funds.total


def above_funds(indicator: Indicator, project: Project) -> bool:
    """Whether a total-cost row alone exceeds its period's funds (F101, or named in F105)."""
    amount = total_cost(indicator)
    funds = project.funds.annual if indicator.period == "annual" else project.funds.total
    return amount is not None and funds is not None and funds > 0 and amount > funds * 1.0001


def cost_items_over(ctx: ProjectContext) -> tuple[list[tuple[Indicator, float]], float] | None:
    """The annual total-cost items and their sum, when two or more of them add up above the annual funds."""
    funds = ctx.project.funds.annual
    items = [(i, a) for i in ctx.annual if (a := total_cost(i)) is not None]
    if not funds or len(items) < 2:
        return None
    total = sum(a for _, a in items)
    return (items, total) if total > funds * 1.05 else None


@rule("F101", "funds_mismatch", "error", "成本指标超过资金总额")
def cost_above_funds(indicator: Indicator, ctx: ProjectContext) -> Finding | None:
    """检查什么：一个总额型成本指标（单位为元或万元，不是“元/人”一类单价）超过了该期间的资金总额。
    为什么：成本目标应与预算投入相匹配；超出预算的成本上限说明目标或金额有一处填错。
    示例：年度资金1,126,029元的项目，“成本总额 → ≤120万元”。
    建议写法：按预算金额核定成本上限，或说明资金缺口的来源。
    依据：财预〔2015〕88号（相应匹配）；财预〔2021〕101号（成本指标）。"""
    if not above_funds(indicator, ctx.project):
        return None
    if indicator.period == "annual" and cost_items_over(ctx):
        return None  # F105 reports the items together, naming those above the funds on their own
    funds = period_funds(indicator, ctx) or 0.0  # above_funds: stated and exceeded
    period = "年度" if indicator.period == "annual" else "实施期"
    return Finding(
        message=f"{quoted(indicator, ctx)}的“{shown_value(indicator)}”超过了{period}资金总额{yuan(funds)}。",
        suggestion=f"按{period}资金总额{yuan(funds)}核定成本上限，或核对金额单位（元/万元）。",
        indicator=indicator,
    )


@rule("F102", "funds_mismatch", "warning", "单价×数量与资金总额相差过大", scope="project")
def unit_cost_times_quantity(ctx: ProjectContext) -> Iterator[Finding]:
    """检查什么：项目只有一个人均标准（元/人、元/人/年、元/人/月、元/月）和一个人数指标时，二者相乘
    与年度资金总额相差超过配置的倍数（默认0.5–2倍）。按月的标准乘以项目写明的月数；没有写明时，
    只有按1个月测算仍超出、或按12个月测算仍不足时才报告（发放几个月表中常不写明）。
    为什么：补贴类项目的资金应当约等于标准×人数；相差过大说明人数、标准或资金有一处不实。
    示例：年度资金1,320万元，“718人”ד2050元/月”×12 = 1,766万元（在范围内，不报告）。
    建议写法：核对补贴标准、受益人数和资金测算过程，使三者一致。
    依据：财预〔2015〕88号（相应匹配）。"""
    funds = ctx.project.funds.annual
    if not funds:
        return
    per_person = [
        i
        for i in ctx.annual
        if i.parsed
        and i.parsed.kind == "money"
        and i.parsed.number
        and (i.parsed.unit or "").startswith("元/")
        and "人" in (i.parsed.unit or "") + i.level3
    ]
    people = [
        i
        for i in ctx.annual
        if i.level2 == "数量指标"
        and i.parsed
        and i.parsed.kind == "count"
        and i.parsed.number
        and ((i.parsed.unit or "").startswith("人") or "人" in i.level3)
    ]
    if len(per_person) != 1 or len(people) != 1:
        return
    cost, count = per_person[0], people[0]
    assert cost.parsed and count.parsed and cost.parsed.number and count.parsed.number
    per = (cost.parsed.unit or "元/").split("/", 1)[1]
    if per not in _TIMES_A_YEAR:
        return
    times = _TIMES_A_YEAR[per]
    per_period = cost.parsed.number * count.parsed.number
    stated = _stated_months(ctx) if times == 12.0 else None
    # a monthly standard is paid for as many months as the project runs, which the table seldom says:
    # without stated months, only a product above the funds at one month or below it at twelve is a fault
    fewest, most = (stated, stated) if stated else ((1.0, times) if times == 12.0 else (times, times))
    low, high = ctx.config["funds"]["unit_cost_ratio"]
    if per_period * fewest / funds > high:
        estimate, months = per_period * fewest, fewest
    elif per_period * most / funds < low:
        estimate, months = per_period * most, most
    else:
        return
    ratio = estimate / funds
    note = f"（按{months:g}个月）" if times == 12.0 else ""
    basis = f"按{quoted(cost, ctx)}“{cost.value}”{note}和{quoted(count, ctx)}“{count.value}”测算需{yuan(estimate)}，"
    if ratio > 1:
        yield Finding(
            message=f"{basis}是年度资金{yuan(funds)}的{ratio:.1f}倍。",
            suggestion="核对补贴标准、受益人数与资金测算，使标准×人数与年度资金相符。",
            indicator=cost,
        )
        return
    # well below the funds: the rest pays for something no indicator states, or the count is too low
    yield Finding(
        message=f"{basis}只占年度资金{yuan(funds)}的{ratio:.0%}。",
        suggestion="核对补贴标准和受益人数；其余资金另有用途的，补充相应的数量指标和成本指标。",
        indicator=cost,
    )


_MONTHS = re.compile(r"(?<![\d.满超过够])(\d{1,2})个月(?!以上|及以上)")  # not 就业满6个月 (who is eligible)


def _stated_months(ctx: ProjectContext) -> float | None:
    """How many months a monthly standard is paid for, where the project says so once (发放12个月)."""
    texts = (ctx.project.name, ctx.project.overview, ctx.project.goal_annual, ctx.project.goal_total)
    found = {int(m.group(1)) for text in texts if text for m in _MONTHS.finditer(text)}
    found = {n for n in found if 1 <= n <= 12}
    return float(found.pop()) if len(found) == 1 else None


@rule("F103", "funds_mismatch", "warning", "资金来源合计与资金总额不符", scope="project")
def sources_do_not_add_up(ctx: ProjectContext) -> Iterator[Finding]:
    """检查什么：“其中”各项资金来源（中央、省级、市县、单位自筹、其他）之和不等于资金总额。
    为什么：资金来源应完整拆分总额；不相等说明有来源漏填或金额错填。
    示例：年度资金总额200,000元，其中各项合计0元。
    建议写法：补全或更正各资金来源的金额。
    依据：绩效目标表填报要求。"""
    funds = ctx.project.funds
    for period, total, sources in (
        ("实施期", funds.total, funds.sources_total),
        ("年度", funds.annual, funds.sources_annual),
    ):
        if not total or not sources:
            continue
        added = sum(sources.values())
        if abs(added - total) > 1.0:
            yield Finding(
                message=f"{period}资金来源合计{yuan(added)}，与{period}资金总额{yuan(total)}不符。",
                suggestion=f"核对{period}各资金来源金额，使其合计等于资金总额。",
            )


@rule("F104", "funds_mismatch", "info", "成本指标只重复了资金总额")
def cost_restates_funds(indicator: Indicator, ctx: ProjectContext) -> Finding | None:
    """检查什么：唯一的成本指标是一个总额，且恰好等于资金总额，没有单价或分项成本。
    为什么：照抄预算总额的成本上限不提供任何成本信息，无法判断资金使用是否经济。
    示例：年度资金26,000元的项目，“实名制登记成本 → ≤26000元”。
    建议写法：写出单位成本或主要分项成本，如“≤26元/人”“宣传费≤0.5万元”；项目名称或概况列出两项以上开支的
    （水费每年1.5万元、电费每年4万元），按这些分项写明成本，金额照项目所述。
    依据：财预〔2021〕101号（成本指标应反映预算支出标准）。"""
    amount = total_cost(indicator)
    funds = period_funds(indicator, ctx)
    rows = ctx.annual if indicator.period == "annual" else ctx.total
    costs = [i for i in rows if i.level2 in _COST_LEVEL2 and (i.level3 or i.value)]
    if amount is None or not funds or len(costs) != 1 or abs(amount - funds) > 1.0:
        return None
    itemised = itemised_cost_example(ctx.project, "年度" if indicator.period == "annual" else "实施期")
    per_unit = unit_cost_example(rows, ctx)
    return Finding(
        message=f"{quoted(indicator, ctx)}的指标值“{shown_value(indicator)}”只是重复了资金总额，没有单价或分项成本。",
        suggestion=(
            f"{itemised}。"
            if itemised
            else f"写出单位成本，如{per_unit}，或主要分项成本，如“__费≤__万元”。"
            if per_unit
            else "写出主要分项成本，如“__费≤__万元”，或单位成本。"
        ),
        indicator=indicator,
    )


@rule("F105", "funds_mismatch", "warning", "分项成本合计超过资金总额", scope="project")
def cost_items_above_funds(ctx: ProjectContext) -> Iterator[Finding]:
    """检查什么：年度成本指标中各个总额型分项（单位为元或万元）相加，超过了年度资金总额。
    为什么：分项成本应在预算之内；合计超出说明分项金额、资金总额或两期数据有一处填错。
    示例：年度资金10,000元，成本指标“≤1万元”“≤3.676万元”“≤1.4万元”合计60,760元（等于实施期资金）。
    单项超过资金总额的在本条中列出，不再逐项报告为F101。
    建议写法：按年度资金重新核定各分项成本，使合计不超过年度资金总额。
    依据：财预〔2015〕88号（相应匹配）；财预〔2021〕101号（成本指标）。"""
    over = cost_items_over(ctx)
    if over is None:
        return
    items, total = over
    funds = ctx.project.funds.annual or 0.0
    alone = [f"“{full_name(i, ctx)}”（{shown_value(i)}）" for i, _ in items if above_funds(i, ctx.project)]
    named = f"，其中{'、'.join(alone)}单项即已超过" if alone else ""
    severity: Severity | None = "error" if alone else None  # what F101 would have said, said here
    other = ctx.project.funds.total
    if other and abs(total - other) <= 1.0 and abs(other - funds) > 1.0:
        # the items add up to the 实施期 funds exactly: the annual figure is the likelier slip
        yield Finding(
            message=f"{len(items)}个分项成本合计{yuan(total)}，与实施期资金总额相同，超过年度资金总额{yuan(funds)}{named}。",
            suggestion=f"核实年度资金总额{yuan(funds)}是否填错（分项成本按实施期资金{yuan(other)}测算）。",
            severity=severity,
        )
        return
    yield Finding(
        message=f"{len(items)}个分项成本合计{yuan(total)}，超过年度资金总额{yuan(funds)}{named}。",
        suggestion=f"核实年度资金{yuan(funds)}是否填错；如无误，按年度资金重新核定各分项成本。",
        severity=severity,
    )

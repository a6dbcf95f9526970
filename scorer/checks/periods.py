"""P: the 实施期 and 年度 halves of one project disagreeing."""

from __future__ import annotations

from collections.abc import Iterator

from scorer.checks.advice import quoted, shown_value, yuan
from scorer.checks.registry import Finding, ProjectContext, rule
from scorer.checks.vague import core_text
from scorer.layouts.table import same_name
from scorer.model import Indicator
from scorer.values import indicator_text

_last_totals: tuple[ProjectContext | None, dict[str, Indicator]] = (None, {})


def _cut_twin(indicator: Indicator, ctx: ProjectContext) -> Indicator | None:
    """The 实施期 row of the same 二级 whose name one of the two narrow columns cut short
    (社会保障卡工本 beside 社会保障卡工本制作数量); only when exactly one row fits."""
    found = [row for row in ctx.total if row.level2 == indicator.level2 and same_name(row.level3, indicator.level3)]
    return found[0] if len(found) == 1 else None


def _totals_by_name(ctx: ProjectContext) -> dict[str, Indicator]:
    """三级 name → its first 实施期 row; built once per project, not once per annual row."""
    global _last_totals
    last = _last_totals  # read once: other threads may replace it meanwhile
    if last[0] is ctx:
        return last[1]
    totals: dict[str, Indicator] = {}
    for row in ctx.total:
        totals.setdefault(row.level3, row)
    _last_totals = (ctx, totals)
    return totals


@rule("P101", "period_mismatch", "error", "一年期项目两期资金不一致", scope="project")
def one_year_funds_differ(ctx: ProjectContext) -> Iterator[Finding]:
    """检查什么：一次性项目(1年结束)或项目期1年的项目，实施期资金总额与年度资金总额不相等。
    为什么：一年期项目的实施期就是预算年度，两期金额应当相同；不同说明有一处填错。
    示例：“招聘会工作经费”实施期60,760元、年度10,000元。
    建议写法：核对后使两期资金总额一致。
    依据：绩效目标表填报要求。"""
    funds = ctx.project.funds
    if ctx.one_year and funds.total and funds.annual and abs(funds.total - funds.annual) > 1.0:
        yield Finding(
            message=f"一年期项目的实施期资金{yuan(funds.total)}与年度资金{yuan(funds.annual)}不一致。",
            suggestion="核对项目资金，使实施期与年度资金总额一致。",
        )


def _disagreeing_twin(indicator: Indicator, ctx: ProjectContext) -> Indicator | None:
    """The 实施期 row this 年度 row disagrees with: another number on a one-year project, or a
    larger count or amount than the whole period on a longer one."""
    if indicator.period != "annual" or not indicator.level3:
        return None
    match = _totals_by_name(ctx).get(indicator.level3) or _cut_twin(indicator, ctx)
    if match is None:
        return None
    a, t = indicator.parsed, match.parsed
    if any(p is not None and p.unit and "" in p.unit.split("/") for p in (a, t)):
        return None  # 1068// : a unit with empty slots is U101's, and the halves differ only by it
    if ctx.one_year:
        mine, theirs = core_text(indicator_text(indicator)), core_text(indicator_text(match))
        differ = mine and theirs and mine != theirs and a and t and (a.number, a.unit) != (t.number, t.unit)
        return match if differ else None
    exceeds = (
        a
        and t
        and a.number is not None
        and t.number is not None
        and a.kind == t.kind
        and a.kind in ("count", "money")
        and a.unit == t.unit
        and a.number > t.number
    )
    return match if exceeds else None


def disagreeing_rows(ctx: ProjectContext) -> list[tuple[Indicator, Indicator]]:
    """(年度 row, its 实施期 twin) for every row P102 names (its one finding on a one-year project lists them all)."""
    return [(row, twin) for row in ctx.annual if (twin := _disagreeing_twin(row, ctx)) is not None]


def _name(indicator: Indicator, twin: Indicator, ctx: ProjectContext) -> str:
    """The row as messages name it: the other half's name where a narrow column cut this one
    (公益性岗位医保 beside 公益性岗位医保滞纳金), even when other rows begin the same way."""
    if len(twin.level3) > len(indicator.level3) and twin.level3.startswith(indicator.level3):
        return f"{indicator.level2}“{twin.level3}”"
    return quoted(indicator, ctx)


@rule("P102", "period_mismatch", "warning", "年度目标与实施期目标不一致", scope="project")
def halves_disagree(ctx: ProjectContext) -> Iterator[Finding]:
    """检查什么：同一三级指标，年度目标超过实施期目标（多年期项目），或一年期项目两期目标不同。
    为什么：年度是实施期的一部分，年度数量和金额不应超过整个实施期；一年期项目两期本应相同。
    一年期项目有几个指标两期不同时合为一条意见，逐一列出。
    示例：一年期“社会保障卡工本费”年度“<100000张”、实施期“<200000张”。
    建议写法：核对两期目标，使年度目标不超过实施期目标，一年期项目两期一致。
    依据：绩效目标表填报要求。"""
    found = disagreeing_rows(ctx)
    if not found:
        return
    if ctx.one_year:
        pairs = [
            f"{_name(row, twin, ctx)}年度为“{shown_value(row)}”，实施期为“{shown_value(twin)}”" for row, twin in found
        ]
        listed = pairs[0] if len(pairs) == 1 else f"{len(pairs)}个指标两期不同：" + "；".join(pairs)
        yield Finding(
            message=f"年度目标与实施期目标不一致：一年期项目的{listed}。",
            suggestion="核对后使两期目标一致。",
            indicator=found[0][0],
        )
        return
    for row, twin in found:
        yield Finding(
            message=(
                f"年度目标中{_name(row, twin, ctx)}的“{shown_value(row)}”超过了实施期目标“{indicator_text(twin)}”。"
            ),
            suggestion="年度目标不应超过整个实施期的目标，请核对两期数值。",
            indicator=row,
        )

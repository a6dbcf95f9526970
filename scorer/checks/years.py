"""Y: years that do not belong to the budget year."""

from __future__ import annotations

import re
from collections.abc import Iterator

from scorer.checks.advice import quoted
from scorer.checks.registry import Finding, ProjectContext, rule
from scorer.model import Indicator
from scorer.values import indicator_text

_YEAR = re.compile(r"(?<!\d)(20\d{2})(?=年|\s*-\s*20\d{2}|$)")


# years that date a rule still in force, not the target: 吕政办发【2019】41号, 从2019年1月1日起
_POLICY_DATES = re.compile(r"[〔【\[(（]20\d{2}[〕】\])）]\s*\d*号?|[从自]20\d{2}年[^，,。；;]{0,10}?起")


def years_in(text: str) -> list[int]:
    return [int(y) for y in _YEAR.findall(text or "")]


def goal_years(text: str) -> list[int]:
    """Years a goal is about, leaving out document numbers and the start dates of policies."""
    return years_in(_POLICY_DATES.sub("", text or ""))


@rule("Y101", "stale_year", "warning", "指标中出现往年年份")
def stale_year(indicator: Indicator, ctx: ProjectContext) -> Finding | None:
    """检查什么：三级指标或指标值写的是预算年度之前的年份。
    为什么：照搬往年的表格会留下过期的人数、标准和时限；上一年度的年份只在结算上年欠款等情形下才合理，
    因此上一年度报为提示，更早的年份报为警告。
    示例：2025年度预算中的“2024年9月24日开始”。不报告：“2024年护工补助发放时间”旁边另有
    “2025年护工补助发放时间”（上年事项单列），“2024年和2025年单位物业管理成本”，以及表头年度
    本身就是该年份的表中的行（表头由Y102报告）。
    建议写法：改为预算年度的数字和时限，确属上年事项的在名称中注明。
    依据：本项目约定（年度目标应与预算年度一致）。"""
    if not ctx.budget_year:
        return None
    years = years_in(indicator.level3) + years_in(indicator_text(indicator))  # 2000 | 份 is no year
    old = [y for y in years if y < ctx.budget_year]
    if not old or ctx.budget_year in years:
        return None  # "2024年和2025年…" spans into the budget year: not a stale copy
    rows = ctx.annual if indicator.period == "annual" else ctx.total
    current = indicator.level3.replace(f"{min(old)}年", f"{ctx.budget_year}年")
    if current != indicator.level3 and any(r.level3.startswith(current[:8]) for r in rows if r is not indicator):
        return None  # the table has the budget-year row beside it: last year's item is deliberate
    oldest = min(old)
    heading = ctx.project.table_year
    if heading and oldest >= heading:
        return None  # the row agrees with its table's heading year: Y102 reports the heading
    lag = ctx.config["years"]["allowed_lag"]
    severity = "info" if oldest >= ctx.budget_year - lag else "warning"
    written = indicator_text(indicator)
    return Finding(
        message=f"{quoted(indicator, ctx)}（{written}）写的是{oldest}年，预算年度是{ctx.budget_year}年。",
        suggestion=f"改为{ctx.budget_year}年度的目标；确属上年事项的请注明。",
        indicator=indicator,
        severity=severity,
    )


@rule("Y102", "stale_year", "warning", "表头年度或总体目标不是预算年度", scope="project")
def stale_heading_or_goal(ctx: ProjectContext) -> Iterator[Finding]:
    """检查什么：绩效目标表表头的年度，或总体目标中写的“XXXX年度”早于预算年度。
    为什么：表头和总体目标停在往年，说明目标表是照搬上年的，需要更新。
    示例：2025年公开的部门整体支出绩效目标表表头为“(2024)年度”，目标写“2024年度工作目标”。
    建议写法：把表头和总体目标更新为预算年度。
    依据：本项目约定。"""
    year = ctx.budget_year
    if not year:
        return
    heading = ctx.project.table_year
    if heading and heading < year:
        yield Finding(
            message=f"表头年度为{heading}年，预算年度是{year}年。",
            suggestion=f"把表头更新为({year}年度)。",
        )
    for label, goal in (
        ("实施期总体目标", ctx.project.goal_total),
        ("年度总体目标", ctx.project.goal_annual),
    ):
        old = sorted({y for y in goal_years(goal or "") if y < year - ctx.config["years"]["allowed_lag"]})
        if old:
            yield Finding(
                message=f"{label}写的是{'、'.join(map(str, old))}年的事项，预算年度是{year}年。",
                suggestion=f"按{year}年度的任务重写总体目标。",
            )

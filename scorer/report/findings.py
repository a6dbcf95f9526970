"""What every evaluator-facing report says the same way: findings merged per cell, worst first, and a draft 审核意见.

The terminal, XLSX and HTML reports all read these so that an evaluator sees the same
wording whichever file they open.
"""

from __future__ import annotations

from collections.abc import Iterable

from scorer.checks import RULES
from scorer.config import Config
from scorer.layouts.warnings import PARSE_WARNINGS
from scorer.model import Document, Flag, Indicator, Project
from scorer.scoring import GRADE_NAMES, score_project

PERIOD_LABEL = {"annual": "年度", "total": "实施期"}
SEVERITY_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
KIND_LABEL = {
    "vague": "表述模糊",
    "unit_mismatch": "单位不符",
    "missing_quantity": "缺少量化",
    "misplaced": "指标错位",
    "funds_mismatch": "资金不符",
    "stale_year": "年份过期",
    "period_mismatch": "期间不符",
    "duplicate": "疑似重复",
    "weights": "权重",
    "parse_warning": "读取提示",
}
DUPLICATE_KIND_LABEL = {
    "same_project": "同一项目",
    "split_period": "拆分期间",
    "same_content_different_name": "换名申报",
}


# which cell of an indicator row a finding of each kind is about; the other kinds concern the 指标值
_KIND_COLUMN = {"misplaced": "level2", "duplicate": "level3", "period_mismatch": "level3"}


def flagged_column(flag: Flag) -> str:
    """The Indicator field whose cell a report highlights for this finding."""
    return _KIND_COLUMN.get(flag.kind, "value")


def cell_marks(flags: list[Flag]) -> dict[str, str]:
    """Indicator field → the worst severity of the findings about that cell."""
    marks: dict[str, str] = {}
    for flag in sorted(flags, key=lambda f: -SEVERITY_ORDER[f.severity]):
        marks[flagged_column(flag)] = flag.severity
    return marks


def rule_title(code: str) -> str:
    """The check's short Chinese title, or the code itself when unknown."""
    if code in RULES:
        return RULES[code].title
    if code in PARSE_WARNINGS:
        return PARSE_WARNINGS[code].title
    return code


def grade_label(project: Project) -> str:
    """ "B 良", or "" for a table that is not graded (a department-wide table)."""
    if project.grade is None:
        return ""
    return f"{project.grade} {GRADE_NAMES.get(project.grade, '')}".strip()


def sorted_projects(documents: Iterable[Document]) -> list[Project]:
    """Worst first, so the evaluator starts with the projects that need an 审核意见."""
    projects = [p for d in documents for p in d.projects]
    return sorted(projects, key=lambda p: (p.score if p.score is not None else 101, p.id))


def merged_flags(project: Project) -> list[tuple[Flag, list[Indicator]]]:
    """A row repeated in both halves raises the same finding twice: show it once with both periods.

    Worst first; the findings of one row stay together, its misplaced finding (which carries the
    row's rewrite) first, so an 审核意见 reads one opinion per cell.
    """
    by_id = {i.id: i for i in project.indicators}
    merged: dict[tuple[str, str], tuple[Flag, list[Indicator]]] = {}
    for flag in project.flags:
        if flag.kind == "parse_warning" and flag.severity == "info":
            continue
        indicator = by_id.get(flag.indicator or "")
        key = (flag.code, flag.message)
        if key not in merged:
            merged[key] = (flag, [])
        if indicator is not None:
            merged[key][1].append(indicator)
    items = list(merged.values())
    groups: dict[str, tuple[int, str]] = {}  # row id → (worst severity, first code) of its findings
    for flag, indicators in items:
        if indicators:
            rank = (SEVERITY_ORDER[flag.severity], flag.code)
            groups[indicators[0].id] = min(groups.get(indicators[0].id, rank), rank)

    position = {indicator.id: at for at, indicator in enumerate(project.indicators)}

    def order(item: tuple[Flag, list[Indicator]]) -> tuple[int, str, int, bool, int, str]:
        flag, indicators = item
        row = indicators[0].id if indicators else ""
        group = groups[row] if row else (SEVERITY_ORDER[flag.severity], flag.code)
        return (*group, position.get(row, -1), flag.kind != "misplaced", SEVERITY_ORDER[flag.severity], flag.code)

    return sorted(items, key=order)


def places(indicators: list[Indicator]) -> str:
    """第605行年度、第605行实施期: where a merged finding sits."""
    return "、".join(f"{i.where}{PERIOD_LABEL[i.period]}" for i in sorted(indicators, key=lambda i: i.period))


def top_problems(project: Project, config: Config, limit: int = 3) -> str:
    """The checks that cost the most points, e.g. 指标值表述模糊×2(-25)."""
    _, _, reasons = score_project(project, config)
    return "；".join(f"{rule_title(r.code)}×{r.count}(-{r.points:g})" for r in reasons[:limit])


def review_draft(project: Project) -> str:
    """A numbered 审核意见 an evaluator edits rather than writes: each finding's message, place and fix."""
    findings = merged_flags(project)
    if not findings:
        return "经审核，该绩效目标表未发现明显问题。"
    lines = ["经审核，该绩效目标表存在以下问题，请修改后重新报送："]
    for number, (flag, indicators) in enumerate(findings, start=1):
        where = places(indicators)
        lines.append(f"{number}. {flag.message}" + (f"（{where}）" if where else "") + f"建议：{flag.suggestion}")
    return "\n".join(lines)

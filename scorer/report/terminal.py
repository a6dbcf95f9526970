"""Readable terminal output with rich: what an evaluator reads when screening one filing."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.table import Table
from rich.text import Text

from scorer.model import Document, Project

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_PERIOD_LABEL = {"annual": "年度", "total": "实施期"}


def _money(amount: float | None) -> str:
    return "—" if amount is None else f"{amount:,.2f}元"


def project_heading(project: Project) -> Text:
    scope = "部门整体" if project.scope == "department" else "项目"
    text = Text()
    text.append(f"{project.id} {scope}：", style="bold")
    text.append(project.name or "（未命名）", style="bold green")
    text.append(
        f"  主管部门 {project.department or '—'} · 实施单位 {project.implementer or '—'}"
        f" · 资金 实施期 {_money(project.funds.total)} / 年度 {_money(project.funds.annual)}"
        f" · 第{project.source_lines[0]}–{project.source_lines[1]}行"
    )
    return text


def indicator_table(project: Project, periods: set[str]) -> Table:
    flagged = {f.indicator: f for f in project.flags if f.indicator}
    table = Table(show_lines=False, header_style="bold", expand=False)
    for column in ("行", "期间", "一级指标", "二级指标", "三级指标", "指标值", "问题"):
        table.add_column(column, overflow="fold")
    for indicator in project.indicators:
        if indicator.period not in periods:
            continue
        flag = flagged.get(indicator.id)
        problem = Text(flag.code + " " + flag.message, style=_SEVERITY_STYLE[flag.severity]) if flag else ""
        table.add_row(
            str(indicator.source_line),
            _PERIOD_LABEL[indicator.period],
            indicator.level1,
            indicator.level2,
            indicator.level3,
            indicator.value,
            problem,
        )
    return table


def print_documents(documents: Iterable[Document], console: Console, periods: set[str]) -> None:
    """Every project with its indicator rows and flags."""
    for document in documents:
        if document.error:
            console.print(Text(f"✗ {document.error}", style="bold red"))
            continue
        console.rule(
            f"{document.path} · {document.layout} · {document.budget_year}年度 · {len(document.projects)}张表"
        )
        for project in document.projects:
            console.print(project_heading(project))
            console.print(indicator_table(project, periods))
            for flag in project.flags:
                if flag.indicator is None:
                    console.print(Text(f"  {flag.code} {flag.message}", style=_SEVERITY_STYLE[flag.severity]))


def print_summary(documents: Iterable[Document], console: Console) -> None:
    """One line per project: the screening overview."""
    table = Table(header_style="bold", title="绩效目标表评审概览")
    for column in ("文件", "项目", "年度资金", "指标数", "问题数", "得分", "等级"):
        table.add_column(column, overflow="fold")
    for document in documents:
        if document.error:
            table.add_row(document.path, Text(document.error, style="red"), "", "", "", "", "")
            continue
        for project in document.projects:
            annual = [i for i in project.indicators if i.period == "annual"]
            table.add_row(
                document.path.rsplit("/", 1)[-1],
                project.name + ("（部门整体）" if project.scope == "department" else ""),
                _money(project.funds.annual),
                str(len(annual)),
                str(len(project.flags)),
                "—" if project.score is None else f"{project.score:.1f}",
                project.grade or "—",
            )
    console.print(table)

"""Readable terminal output with rich: what an evaluator reads when screening one filing."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.table import Table
from rich.text import Text

from scorer.checks import RULES
from scorer.config import Config
from scorer.duplicates import Pair
from scorer.model import Document, Project
from scorer.report.findings import merged_flags, sorted_projects
from scorer.scoring import GRADE_NAMES, score_project
from scorer.values import indicator_text

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
        f" · {project.where}"
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
            indicator.location or str(indicator.source_line),
            _PERIOD_LABEL[indicator.period],
            indicator.level1,
            indicator.level2,
            indicator.level3,
            indicator_text(indicator),  # structured exports: 指标性质, 指标值 and 度量单位 joined
            problem,
        )
    return table


def print_documents(documents: Iterable[Document], console: Console, periods: set[str]) -> None:
    """Every project with its indicator rows and flags."""
    for document in documents:
        if document.error:
            console.print(Text(f"✗ {document.error}", style="bold red"))
            continue
        console.rule(f"{document.path} · {document.layout} · {document.budget_year}年度 · {len(document.projects)}张表")
        for project in document.projects:
            console.print(project_heading(project))
            console.print(indicator_table(project, periods))
            for flag in project.flags:
                if flag.indicator is None:
                    console.print(Text(f"  {flag.code} {flag.message}", style=_SEVERITY_STYLE[flag.severity]))


def _grade_text(project: Project) -> Text:
    if project.grade is None:
        return Text("—")
    style = {"A": "bold green", "B": "green", "C": "yellow", "D": "bold red"}.get(project.grade, "")
    return Text(f"{project.grade} {GRADE_NAMES.get(project.grade, '')}", style=style)


def _top_reasons(project: Project, config: Config, limit: int = 3) -> str:
    _, _, reasons = score_project(project, config)
    titles = {code: rule.title for code, rule in RULES.items()}
    return "；".join(f"{titles.get(r.code, r.code)}×{r.count}(-{r.points:g})" for r in reasons[:limit])


def print_summary(documents: list[Document], console: Console, config: Config) -> None:
    """One line per project, worst first: the screening overview."""
    table = Table(header_style="bold", title="绩效目标表评审概览（按得分从低到高）")
    for column in ("项目", "年度资金", "指标", "得分", "等级", "主要扣分原因"):
        table.add_column(column, overflow="fold")
    for project in sorted_projects(documents):
        annual = sum(1 for i in project.indicators if i.period == "annual")
        table.add_row(
            f"{project.id} {project.name}" + ("（部门整体）" if project.scope == "department" else ""),
            _money(project.funds.annual),
            str(annual),
            "—" if project.score is None else f"{project.score:.1f}",
            _grade_text(project),
            _top_reasons(project, config),
        )
    console.print(table)
    for document in documents:
        if document.error:
            console.print(Text(f"✗ {document.error}", style="bold red"))


def print_findings(documents: list[Document], console: Console) -> None:
    """Per project, worst first: every finding with its line, message and a fix to paste."""
    for project in sorted_projects(documents):
        findings = merged_flags(project)
        heading = project_heading(project)
        heading.append("  ")
        heading.append_text(_grade_text(project))
        if project.score is not None:
            heading.append(f" {project.score:.1f}分")
        console.print(heading)
        if not findings:
            console.print(Text("  未发现问题。", style="green"))
            continue
        for flag, indicators in findings:
            where = "、".join(f"{i.where}{_PERIOD_LABEL[i.period]}" for i in sorted(indicators, key=lambda i: i.period))
            line = Text("  ")
            line.append(f"{flag.code} ", style=_SEVERITY_STYLE[flag.severity])
            line.append(flag.message)
            if where:
                line.append(f"（{where}）", style="dim")
            console.print(line)
            console.print(Text(f"      建议：{flag.suggestion}", style="dim"))


def print_duplicates(pairs: list[Pair], console: Console) -> None:
    """Suspected duplicates side by side, most similar first."""
    if not pairs:
        return
    table = Table(header_style="bold", title=f"疑似重复项目（{len(pairs)}对）")
    for column in ("项目A", "项目B", "相似度", "类型", "理由"):
        table.add_column(column, overflow="fold")
    kinds = {"same_project": "同一项目", "split_period": "拆分期间", "same_content_different_name": "换名申报"}
    for pair in pairs:
        table.add_row(
            f"{pair.a.id} {pair.a.name}",
            f"{pair.b.id} {pair.b.name}",
            f"{pair.similarity:.2f}",
            kinds.get(pair.kind, pair.kind),
            pair.reason,
        )
    console.print(table)

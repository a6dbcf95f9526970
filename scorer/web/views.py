"""What the pages show, computed from scored documents: ranking, top issues, flags per indicator.

Pure functions over the model records, so the upload pages and the stored-run pages share them
and tests can check them without a browser.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from scorer.model import Document, Flag, Indicator, Project

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
PERIOD_TITLES = {"annual": "年度指标", "total": "实施期指标"}


def by_severity(flags: list[Flag]) -> list[Flag]:
    return sorted(flags, key=lambda flag: SEVERITY_ORDER.get(flag.severity, 3))


def severity_counts(flags: list[Flag]) -> dict[str, int]:
    """Flags per severity, errors first."""
    counts = Counter(flag.severity for flag in flags)
    return {severity: counts[severity] for severity in sorted(counts, key=lambda s: SEVERITY_ORDER.get(s, 3))}


@dataclass(frozen=True)
class ProjectRow:
    """A project on a results page, with the document it came from and its worst findings."""

    document_index: int
    document: Document
    project: Project
    top_issues: list[Flag]
    severities: dict[str, int]


def ranked_projects(documents: list[Document], top: int = 3) -> list[ProjectRow]:
    """Every project, the lowest score first (an evaluator reads the weakest tables first);
    department-wide tables, which carry no score, come last."""
    rows = [
        ProjectRow(
            index,
            document,
            project,
            by_severity(project.flags)[:top],
            severity_counts(project.flags),
        )
        for index, document in enumerate(documents)
        for project in document.projects
    ]
    return sorted(rows, key=lambda row: (row.project.score is None, row.project.score or 0.0, row.project.id))


def file_problems(documents: list[Document]) -> list[str]:
    """What went wrong per file, each naming the file: read errors, and tables with no indicator rows."""
    problems = []
    for document in documents:
        if document.error:
            problems.append(document.error)
        elif not document.projects:
            problems.append(f"{document.path}: no projects found")
        elif not any(project.indicators for project in document.projects):
            tables = len(document.projects)
            problems.append(
                f"{document.path}: its {tables} table{'s' if tables > 1 else ''} hold no indicator rows "
                "(三级指标 and 指标值), so there is nothing to judge"
            )
    return problems


def scorable(documents: list[Document]) -> bool:
    """Whether any project has indicator rows: else the upload gets an error page, not empty results."""
    return any(project.indicators for document in documents for project in document.projects)


def grade_counts(documents: list[Document]) -> dict[str, int]:
    grades = Counter(p.grade for d in documents for p in d.projects if p.grade is not None)
    return dict(sorted(grades.items()))


def find_project(documents: list[Document], project_id: str) -> tuple[Document, Project] | None:
    for document in documents:
        for project in document.projects:
            if project.id == project_id:
                return document, project
    return None


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    flags: list[Flag]


@dataclass(frozen=True)
class ProjectView:
    """A project's indicators grouped by period with their flags inline, and its table-wide flags."""

    periods: list[tuple[str, list[IndicatorRow]]]
    project_flags: list[Flag]


def project_view(project: Project) -> ProjectView:
    ids = {indicator.id for indicator in project.indicators}
    flags_of: dict[str, list[Flag]] = {}
    for flag in by_severity(project.flags):
        if flag.indicator in ids:
            flags_of.setdefault(flag.indicator, []).append(flag)
    periods: list[tuple[str, list[IndicatorRow]]] = []
    for period, title in PERIOD_TITLES.items():
        rows = [IndicatorRow(i, flags_of.get(i.id, [])) for i in project.indicators if i.period == period]
        if rows:
            periods.append((title, rows))
    table_flags = [flag for flag in by_severity(project.flags) if flag.indicator not in ids]
    return ProjectView(periods, table_flags)


def pairs_touching(pairs: list[dict[str, Any]], prefix: str) -> list[dict[str, Any]]:
    """The duplicate pairs with a project id starting with `prefix` (a document's `d<i>-`)."""
    return [pair for pair in pairs if pair["a"].startswith(prefix) or pair["b"].startswith(prefix)]


def money(value: float | None) -> str:
    """元 with thousands separators, for the project page; an empty cell where the filing has none."""
    if value is None:
        return "—"
    return f"{value:,.2f} 元"

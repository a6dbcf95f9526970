"""CSV for spreadsheets: one row per project and one row per flag (pandas, UTF-8 with BOM for Excel/WPS)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from scorer.model import Document


def project_rows(documents: Iterable[Document]) -> pd.DataFrame:
    rows = []
    for document in documents:
        for project in document.projects:
            rows.append(
                {
                    "path": document.path,
                    "layout": document.layout,
                    "budget_year": document.budget_year,
                    "project_id": project.id,
                    "scope": project.scope,
                    "name": project.name,
                    "department": project.department,
                    "implementer": project.implementer,
                    "funds_total": project.funds.total,
                    "funds_annual": project.funds.annual,
                    "indicators_annual": sum(1 for i in project.indicators if i.period == "annual"),
                    "flags": len(project.flags),
                    "score": project.score,
                    "grade": project.grade,
                    "line_start": project.source_lines[0],
                    "line_end": project.source_lines[1],
                    "location": project.where,
                }
            )
        if document.error:
            rows.append({"path": document.path, "name": None, "error": document.error})
    return pd.DataFrame(rows)


def flag_rows(documents: Iterable[Document]) -> pd.DataFrame:
    rows = []
    for document in documents:
        for project in document.projects:
            by_id = {i.id: i for i in project.indicators}
            for flag in project.flags:
                indicator = by_id.get(flag.indicator or "")
                rows.append(
                    {
                        "path": document.path,
                        "project_id": project.id,
                        "project": project.name,
                        "code": flag.code,
                        "kind": flag.kind,
                        "severity": flag.severity,
                        "indicator_id": flag.indicator,
                        "period": indicator.period if indicator else None,
                        "level2": indicator.level2 if indicator else None,
                        "level3": indicator.level3 if indicator else None,
                        "value": indicator.value if indicator else None,
                        "source_line": indicator.source_line if indicator else None,
                        "message": flag.message,
                        "suggestion": flag.suggestion,
                        "location": indicator.where if indicator else None,
                    }
                )
    return pd.DataFrame(rows)


def write_csv(documents: list[Document], output: Path) -> tuple[Path, Path]:
    """Write `<stem>-projects.csv` and `<stem>-flags.csv` next to `output`."""
    stem = output.with_suffix("")
    projects_path = stem.with_name(stem.name + "-projects.csv")
    flags_path = stem.with_name(stem.name + "-flags.csv")
    project_rows(documents).to_csv(projects_path, index=False, encoding="utf-8-sig")
    flag_rows(documents).to_csv(flags_path, index=False, encoding="utf-8-sig")
    return projects_path, flags_path

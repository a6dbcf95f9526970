"""The `scorer/v1` JSON contract (see the README): the stable interface other tools read.

Keys and their order follow the contract exactly. Additive fields that carry what the parser
reads beyond the contract (`scope`, `attribute`, `term`) come after the contract's own keys, and
so do the `nature`, `unit_cell` and `weight` cells of structured exports (only theirs) and
`source_location` for filings read from PDF, Excel or Word, where `source_line` counts rows as
read rather than lines anyone can see (第3页表1第5行 says where the row is printed).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from scorer.model import Document, Flag, Indicator, Project

SCHEMA = "scorer/v1"


def is_structured(indicator: Indicator) -> bool:
    """Whether the row came from a layout with 指标性质/度量单位/权重 columns."""
    return indicator.nature is not None or indicator.unit_cell is not None or indicator.weight is not None


def indicator_dict(indicator: Indicator) -> dict[str, Any]:
    data = {
        "id": indicator.id,
        "period": indicator.period,
        "level1": indicator.level1,
        "level2": indicator.level2,
        "level3": indicator.level3,
        "value": indicator.value,
        "parsed": asdict(indicator.parsed) if indicator.parsed else None,
        "source_line": indicator.source_line,
    }
    if indicator.location is not None:
        data["source_location"] = indicator.location
    if is_structured(indicator):  # the three cells of structured exports (design.md §3); others omit them
        data["nature"] = indicator.nature
        data["unit_cell"] = indicator.unit_cell
        data["weight"] = indicator.weight
    return data


def flag_dict(flag: Flag) -> dict[str, Any]:
    return {
        "code": flag.code,
        "kind": flag.kind,
        "severity": flag.severity,
        "indicator": flag.indicator,
        "message": flag.message,
        "suggestion": flag.suggestion,
    }


def project_dict(project: Project) -> dict[str, Any]:
    data = {
        "id": project.id,
        "name": project.name,
        "department": project.department,
        "implementer": project.implementer,
        "funds": {"total": project.funds.total, "annual": project.funds.annual},
        "goals": {"total": project.goal_total, "annual": project.goal_annual},
        "source_lines": list(project.source_lines),
        "indicators": [indicator_dict(i) for i in project.indicators],
        "flags": [flag_dict(f) for f in project.flags],
        "score": project.score,
        "grade": project.grade,
        "scope": project.scope,
        "attribute": project.attribute,
        "term": project.term,
    }
    if project.location is not None:
        data["source_location"] = list(project.location)
    return data


def document_dict(document: Document) -> dict[str, Any]:
    return {
        "path": document.path,
        "layout": document.layout,
        "budget_year": document.budget_year,
        "error": document.error,
        "projects": [project_dict(p) for p in document.projects],
    }


def contract(documents: Iterable[Document], duplicates: Iterable[dict[str, Any]] = ()) -> dict[str, Any]:
    """The whole `scorer/v1` object for a run."""
    return {
        "schema": SCHEMA,
        "documents": [document_dict(d) for d in documents],
        "duplicates": list(duplicates),
    }


def dumps(documents: Iterable[Document], duplicates: Iterable[dict[str, Any]] = ()) -> str:
    return json.dumps(contract(documents, duplicates), ensure_ascii=False, indent=2)

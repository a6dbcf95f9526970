"""Model records ↔ table rows: the one mapping between a scored Document and its stored rows.

`record_of` runs where the document was scored (a worker process or a Dask worker), so the
process that writes the database only inserts ready rows; `project_of` rebuilds a Project from
its rows for exports and for the batch-wide duplicate pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from scorer.model import Document, Flag, Funds, Indicator, Project, Value

Row = dict[str, Any]


@dataclass
class DocumentRecord:
    """A scored document as rows, without its database id (filled in when it is written)."""

    path: str
    content_hash: str | None
    document: Row
    projects: list[Row] = field(default_factory=list)
    indicators: list[Row] = field(default_factory=list)
    flags: list[Row] = field(default_factory=list)


def _indicator_position(indicator_id: str | None) -> int | None:
    """'d0-p3-i5' → 5 (ids are positional, so a position is all the store needs)."""
    if not indicator_id:
        return None
    return int(indicator_id.rsplit("-i", 1)[1])


def flag_row(flag: Flag, project_position: int, position: int) -> Row:
    return {
        "project_position": project_position,
        "position": position,
        "code": flag.code,
        "kind": flag.kind,
        "severity": flag.severity,
        "indicator_position": _indicator_position(flag.indicator),
        "message": flag.message,
        "suggestion": flag.suggestion,
    }


def record_of(document: Document, content_hash: str | None) -> DocumentRecord:
    """The rows of one scored document."""
    record = DocumentRecord(
        path=document.path,
        content_hash=content_hash,
        document={
            "path": document.path,
            "content_hash": content_hash,
            "layout": document.layout,
            "budget_year": document.budget_year,
            "encoding": document.encoding,
            "error": document.error,
            "projects": len(document.projects),
            "indicators": sum(len(p.indicators) for p in document.projects),
        },
    )
    for p_pos, project in enumerate(document.projects):
        record.projects.append(
            {
                "position": p_pos,
                "scope": project.scope,
                "name": project.name,
                "department": project.department,
                "implementer": project.implementer,
                "attribute": project.attribute,
                "term": project.term,
                "funds_total": project.funds.total,
                "funds_annual": project.funds.annual,
                "goal_total": project.goal_total,
                "goal_annual": project.goal_annual,
                "line_start": project.source_lines[0],
                "line_end": project.source_lines[1],
                "stamp": project.stamp,
                "table_year": project.table_year,
                "score": project.score,
                "grade": project.grade,
            }
        )
        for i_pos, indicator in enumerate(project.indicators):
            parsed = indicator.parsed
            record.indicators.append(
                {
                    "project_position": p_pos,
                    "position": i_pos,
                    "period": indicator.period,
                    "level1": indicator.level1,
                    "level2": indicator.level2,
                    "level3": indicator.level3,
                    "value": indicator.value,
                    "op": parsed.op if parsed else None,
                    "number": parsed.number if parsed else None,
                    "upper": parsed.upper if parsed else None,
                    "unit": parsed.unit if parsed else None,
                    "kind": parsed.kind if parsed else None,
                    "source_line": indicator.source_line,
                }
            )
        record.flags.extend(flag_row(flag, p_pos, f_pos) for f_pos, flag in enumerate(project.flags))
    return record


def project_id(doc_position: int, project_position: int) -> str:
    """The contract's positional id, as `scorer score` gives it for the same file order."""
    return f"d{doc_position}-p{project_position}"


def project_of(row: Mapping[str, Any], doc_position: int) -> Project:
    """A Project (without indicators or flags) from its row."""
    return Project(
        id=project_id(doc_position, row["position"]),
        name=row["name"],
        source_lines=(row["line_start"], row["line_end"]),
        scope=row["scope"],
        department=row["department"],
        implementer=row["implementer"],
        attribute=row["attribute"],
        term=row["term"],
        funds=Funds(total=row["funds_total"], annual=row["funds_annual"]),
        goal_total=row["goal_total"],
        goal_annual=row["goal_annual"],
        stamp=row["stamp"],
        table_year=row["table_year"],
        score=row["score"],
        grade=row["grade"],
    )


def indicator_of(row: Mapping[str, Any], project: Project) -> Indicator:
    parsed = None
    if row["kind"] is not None:
        parsed = Value(op=row["op"], number=row["number"], upper=row["upper"], unit=row["unit"], kind=row["kind"])
    return Indicator(
        id=f"{project.id}-i{row['position']}",
        period=row["period"],
        level1=row["level1"],
        level2=row["level2"],
        level3=row["level3"],
        value=row["value"],
        source_line=row["source_line"],
        parsed=parsed,
    )


def flag_of(row: Mapping[str, Any], project: Project) -> Flag:
    position = row["indicator_position"]
    return Flag(
        code=row["code"],
        kind=row["kind"],
        severity=row["severity"],
        message=row["message"],
        suggestion=row["suggestion"],
        indicator=None if position is None else f"{project.id}-i{position}",
    )


def with_document_id(rows: Iterable[Row], document_id: int) -> list[Row]:
    return [{**row, "document_id": document_id} for row in rows]

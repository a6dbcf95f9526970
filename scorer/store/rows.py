"""Model records ↔ table rows: the one mapping between a scored Document and its stored rows.

`record_of` runs where the document was scored (a worker process or a Dask worker), so the
process that writes the database only inserts ready rows; `project_of` rebuilds a Project from
its rows for exports and for the batch-wide duplicate pass.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from scorer.model import Document, Flag, Funds, Indicator, Project, Value

Row = dict[str, Any]
Values = tuple[Any, ...]

# Column order of the value tuples below; `document_id` comes first when they are written.
PROJECT_COLUMNS = (
    "position",
    "scope",
    "name",
    "department",
    "implementer",
    "attribute",
    "term",
    "funds_total",
    "funds_annual",
    "goal_total",
    "goal_annual",
    "line_start",
    "line_end",
    "location_start",
    "location_end",
    "stamp",
    "table_year",
    "score",
    "grade",
)
INDICATOR_COLUMNS = (
    "project_position",
    "position",
    "period",
    "level1",
    "level2",
    "level3",
    "value",
    "op",
    "number",
    "upper",
    "unit",
    "kind",
    "source_line",
    "location",
    "nature",
    "unit_cell",
    "weight",
)
FLAG_COLUMNS = (
    "project_position",
    "position",
    "code",
    "kind",
    "severity",
    "indicator_position",
    "message",
    "suggestion",
)


@dataclass
class DocumentRecord:
    """A scored document as rows, without its database id (filled in when it is written).

    Projects, indicators and flags are plain tuples in the *_COLUMNS order: they cross a
    process boundary and go to the database by the hundred thousand.
    """

    path: str
    content_hash: str | None
    document: Row
    projects: list[Values] = field(default_factory=list)
    indicators: list[Values] = field(default_factory=list)
    flags: list[Values] = field(default_factory=list)


def _indicator_position(indicator_id: str | None) -> int | None:
    """'d0-p3-i5' → 5 (ids are positional, so a position is all the store needs)."""
    if not indicator_id:
        return None
    return int(indicator_id.rsplit("-i", 1)[1])


def flag_values(flag: Flag, project_position: int, position: int) -> Values:
    return (
        project_position,
        position,
        flag.code,
        flag.kind,
        flag.severity,
        _indicator_position(flag.indicator),
        flag.message,
        flag.suggestion,
    )


def flag_row(flag: Flag, project_position: int, position: int) -> Row:
    return dict(zip(FLAG_COLUMNS, flag_values(flag, project_position, position), strict=True))


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
            (
                p_pos,
                project.scope,
                project.name,
                project.department,
                project.implementer,
                project.attribute,
                project.term,
                project.funds.total,
                project.funds.annual,
                project.goal_total,
                project.goal_annual,
                project.source_lines[0],
                project.source_lines[1],
                project.location[0] if project.location else None,
                project.location[1] if project.location else None,
                project.stamp,
                project.table_year,
                project.score,
                project.grade,
            )
        )
        for i_pos, indicator in enumerate(project.indicators):
            parsed = indicator.parsed
            record.indicators.append(
                (
                    p_pos,
                    i_pos,
                    indicator.period,
                    indicator.level1,
                    indicator.level2,
                    indicator.level3,
                    indicator.value,
                    parsed.op if parsed else None,
                    parsed.number if parsed else None,
                    parsed.upper if parsed else None,
                    parsed.unit if parsed else None,
                    parsed.kind if parsed else None,
                    indicator.source_line,
                    indicator.location,
                    indicator.nature,
                    indicator.unit_cell,
                    indicator.weight,
                )
            )
        record.flags.extend(flag_values(flag, p_pos, f_pos) for f_pos, flag in enumerate(project.flags))
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
        location=(row["location_start"], row["location_end"]) if row["location_start"] is not None else None,
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
        location=row.get("location"),
        nature=row.get("nature"),
        unit_cell=row.get("unit_cell"),
        weight=row.get("weight"),
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

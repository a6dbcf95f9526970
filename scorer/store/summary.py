"""The figures an evaluation centre compares: SQL aggregates over one stored run.

A project's score in a run is its rescored value where the run's duplicate pass changed it,
else the score stored with its document; only project tables (not 部门整体 tables) count.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, and_, case, func, select
from sqlalchemy.sql import Select

from scorer.store import schema

p, d, rd, r, f = schema.projects, schema.documents, schema.run_documents, schema.rescored, schema.flags


def _scored(run_id: int) -> Select:
    """One row per scored project of the run: department, budget year, score, grade, flag count."""
    flag_count = (
        select(func.count())
        .where(
            f.c.document_id == p.c.document_id,
            f.c.project_position == p.c.position,
            (f.c.run_id.is_(None)) | (f.c.run_id == run_id),
        )
        .scalar_subquery()
    )
    return (
        select(
            func.coalesce(p.c.department, "（未填主管部门）").label("department"),
            d.c.budget_year.label("year"),
            func.coalesce(r.c.score, p.c.score).label("score"),
            func.coalesce(r.c.grade, p.c.grade).label("grade"),
            flag_count.label("flags"),
        )
        .join(rd, and_(rd.c.document_id == p.c.document_id, rd.c.run_id == run_id))
        .join(d, d.c.id == p.c.document_id)
        .outerjoin(
            r,
            and_(r.c.run_id == run_id, r.c.document_id == p.c.document_id, r.c.project_position == p.c.position),
        )
        .where(p.c.scope == "project", p.c.score.is_not(None))
    )


def _figure(value: float) -> float:
    """Averages to 4 decimals: databases sum floats in different orders, the last bits differ."""
    return round(float(value), 4)


@dataclass(frozen=True)
class DepartmentRow:
    department: str
    projects: int
    mean_score: float
    min_score: float
    grade_d: int
    flags_per_project: float


def league(engine: Engine, run_id: int) -> list[DepartmentRow]:
    """Departments ranked by mean project score (best first), with their weakest project and D count."""
    scored = _scored(run_id).subquery()
    query = (
        select(
            scored.c.department,
            func.count(),
            func.avg(scored.c.score),
            func.min(scored.c.score),
            func.sum(case((scored.c.grade == "D", 1), else_=0)),
            func.avg(scored.c.flags),
        )
        .group_by(scored.c.department)
        .order_by(func.avg(scored.c.score).desc(), scored.c.department)
    )
    with engine.connect() as connection:
        return [
            DepartmentRow(dept, n, _figure(mean), _figure(low), int(d_count), _figure(flags))
            for dept, n, mean, low, d_count, flags in connection.execute(query)
        ]


@dataclass(frozen=True)
class YearRow:
    department: str
    year: int | None
    projects: int
    mean_score: float
    change: float | None  # against the department's previous year in the run


def year_over_year(engine: Engine, run_id: int, department: str | None = None) -> list[YearRow]:
    """Mean score per department and budget year, with the change from the year before."""
    scored = _scored(run_id).subquery()
    query = select(scored.c.department, scored.c.year, func.count(), func.avg(scored.c.score)).group_by(
        scored.c.department, scored.c.year
    )
    if department:
        query = query.where(scored.c.department == department)
    with engine.connect() as connection:
        rows = sorted(connection.execute(query), key=lambda row: (row[0], row[1] is None, row[1] or 0))
    out: list[YearRow] = []
    previous: tuple[str, float] | None = None
    for dept, year, count, mean in rows:
        change = _figure(mean - previous[1]) if previous and previous[0] == dept and year is not None else None
        out.append(YearRow(dept, year, count, _figure(mean), change))
        previous = (dept, float(mean))
    return out


def flag_kinds(engine: Engine, run_id: int, limit: int = 15) -> list[tuple[str, str, int]]:
    """(code, kind, count) of the most frequent flags in the run's documents."""
    query = (
        select(f.c.code, f.c.kind, func.count().label("n"))
        .join(rd, and_(rd.c.document_id == f.c.document_id, rd.c.run_id == run_id))
        .where((f.c.run_id.is_(None)) | (f.c.run_id == run_id))
        .group_by(f.c.code, f.c.kind)
        .order_by(func.count().desc(), f.c.code)
        .limit(limit)
    )
    with engine.connect() as connection:
        return [(code, kind, n) for code, kind, n in connection.execute(query)]


def score_distribution(engine: Engine, run_id: int) -> tuple[dict[str, int], list[tuple[int, int]]]:
    """Projects per grade, and per 10-point band (band 90 holds 90–100)."""
    scored = _scored(run_id).subquery()
    band = case(*((scored.c.score >= lower, lower) for lower in range(90, 0, -10)), else_=0)
    with engine.connect() as connection:
        by_grade = select(scored.c.grade, func.count()).group_by(scored.c.grade).order_by(scored.c.grade)
        grades = {grade: count for grade, count in connection.execute(by_grade)}
        bands = [
            (int(lower), n) for lower, n in connection.execute(select(band, func.count()).group_by(band).order_by(band))
        ]
    return grades, bands


def run_errors(engine: Engine, run_id: int) -> list[str]:
    query = (
        select(d.c.error)
        .join(rd, and_(rd.c.document_id == d.c.id, rd.c.run_id == run_id))
        .where(d.c.error.is_not(None))
        .order_by(rd.c.position)
    )
    with engine.connect() as connection:
        return [error for (error,) in connection.execute(query)]

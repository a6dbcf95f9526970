"""Reading a stored run back: its documents as model records, in the run's file order.

Documents are rebuilt one at a time (three queries each), so exporting a province's batch
never holds more than one document's rows beyond what the caller keeps.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, select

from scorer.model import Document, Indicator, Project
from scorer.store import schema
from scorer.store.rows import flag_of, indicator_of, project_id, project_of


class RunNotFound(LookupError):
    pass


def resolve_run(engine: Engine, run_id: int | None = None) -> int:
    """The given run, or the latest run that finished; RunNotFound names what is missing."""
    runs = schema.runs
    with engine.connect() as connection:
        if run_id is not None:
            if connection.execute(select(runs.c.id).where(runs.c.id == run_id)).first() is None:
                raise RunNotFound(f"no run {run_id} in this database")
            return run_id
        latest = connection.execute(
            select(runs.c.id).where(runs.c.status == "finished").order_by(runs.c.id.desc()).limit(1)
        ).scalar()
    if latest is None:
        raise RunNotFound("no finished run in this database — run `scorer batch` first")
    return latest


def run_info(engine: Engine, run_id: int) -> dict[str, Any]:
    with engine.connect() as connection:
        return dict(connection.execute(select(schema.runs).where(schema.runs.c.id == run_id)).mappings().one())


@dataclass(frozen=True)
class Member:
    """A document of a run: its place in the run's file order and its stored row."""

    position: int
    document_id: int
    row: dict[str, Any]


def members(engine: Engine, run_id: int) -> list[Member]:
    rd, d = schema.run_documents, schema.documents
    query = (
        select(rd.c.position, d)
        .join(d, d.c.id == rd.c.document_id)
        .where(rd.c.run_id == run_id)
        .order_by(rd.c.position)
    )
    with engine.connect() as connection:
        return [Member(row["position"], row["id"], dict(row)) for row in connection.execute(query).mappings()]


def _rank(items: list[Member]) -> dict[int, int]:
    """document id → its index among the run's documents, the `d<i>` of contract ids."""
    return {member.document_id: index for index, member in enumerate(items)}


def _document(connection: Connection, run_id: int, rank: int, member: Member) -> Document:
    """One document of the run with indicators, flags (the run's D101 flags last) and final scores."""
    p, i, f, r = schema.projects, schema.indicators, schema.flags, schema.rescored
    row = member.row
    document = Document(
        path=row["path"],
        layout=row["layout"],
        budget_year=row["budget_year"],
        error=row["error"],
        encoding=row["encoding"],
    )
    doc_id = member.document_id
    project_rows = connection.execute(select(p).where(p.c.document_id == doc_id).order_by(p.c.position)).mappings()
    projects = [project_of(pr, rank) for pr in project_rows]
    for ir in connection.execute(
        select(i).where(i.c.document_id == doc_id).order_by(i.c.project_position, i.c.position)
    ).mappings():
        project = projects[ir["project_position"]]
        project.indicators.append(indicator_of(ir, project))
    flag_query = (
        select(f)
        .where(f.c.document_id == doc_id, (f.c.run_id.is_(None)) | (f.c.run_id == run_id))
        .order_by(f.c.project_position, f.c.run_id.is_not(None), f.c.position)
    )
    for fr in connection.execute(flag_query).mappings():
        project = projects[fr["project_position"]]
        project.flags.append(flag_of(fr, project))
    score_query = select(r.c.project_position, r.c.score, r.c.grade).where(
        r.c.run_id == run_id, r.c.document_id == doc_id
    )
    for position, score, grade in connection.execute(score_query):
        projects[position].score, projects[position].grade = score, grade
    document.projects = projects
    return document


def load_documents(engine: Engine, run_id: int) -> Iterator[Document]:
    """The run's documents with indicators, flags (the run's D101 flags last) and final scores."""
    items = members(engine, run_id)
    with engine.connect() as connection:
        for rank, member in enumerate(items):
            yield _document(connection, run_id, rank, member)


def load_document(engine: Engine, run_id: int, rank: int) -> Document:
    """The run's document at this place in its file order (`d<rank>` in contract ids), for browsing one at a time."""
    items = members(engine, run_id)
    if not 0 <= rank < len(items):
        raise RunNotFound(f"run {run_id} has no document {rank}")
    with engine.connect() as connection:
        return _document(connection, run_id, rank, items[rank])


def load_pairs(engine: Engine, run_id: int) -> list[dict[str, Any]]:
    """The run's duplicate pairs in the contract's shape, ids by the run's document order."""
    rank = _rank(members(engine, run_id))
    dup, p = schema.duplicates, schema.projects
    a, b = p.alias("a"), p.alias("b")
    query = (
        select(dup, a.c.name.label("a_name"), b.c.name.label("b_name"))
        .join(a, (a.c.document_id == dup.c.a_document_id) & (a.c.position == dup.c.a_project_position))
        .join(b, (b.c.document_id == dup.c.b_document_id) & (b.c.position == dup.c.b_project_position))
        .where(dup.c.run_id == run_id)
        .order_by(dup.c.position)
    )
    with engine.connect() as connection:
        return [
            {
                "a": project_id(rank[row["a_document_id"]], row["a_project_position"]),
                "b": project_id(rank[row["b_document_id"]], row["b_project_position"]),
                "a_name": row["a_name"],
                "b_name": row["b_name"],
                "similarity": round(row["similarity"], 3),
                "kind": row["kind"],
                "reason": row["reason"],
            }
            for row in connection.execute(query).mappings()
        ]


def load_project(engine: Engine, document_id: int, position: int, rank: int) -> Project:
    """One project with its indicators and its document-phase flags (to add batch flags and rescore)."""
    p, i, f = schema.projects, schema.indicators, schema.flags
    with engine.connect() as connection:
        row = connection.execute(select(p).where(p.c.document_id == document_id, p.c.position == position))
        project = project_of(row.mappings().one(), rank)
        key = (i.c.document_id == document_id) & (i.c.project_position == position)
        for ir in connection.execute(select(i).where(key).order_by(i.c.position)).mappings():
            project.indicators.append(indicator_of(ir, project))
        flag_key = (f.c.document_id == document_id) & (f.c.project_position == position) & f.c.run_id.is_(None)
        for fr in connection.execute(select(f).where(flag_key).order_by(f.c.position)).mappings():
            project.flags.append(flag_of(fr, project))
    return project


def stream_projects(engine: Engine, run_id: int) -> Iterator[tuple[str, Project]]:
    """(document path, project with the period, 三级 name and value of its indicators), in run order.

    What duplicate matching reads, and no more: projects and indicators come from two queries
    in the same order, merged as they stream, so memory holds one project's rows at a time
    beyond what the caller keeps.
    """
    p, i, rd, d = schema.projects, schema.indicators, schema.run_documents, schema.documents
    project_query = (
        select(p, d.c.path, rd.c.position.label("rank_position"))
        .join(rd, rd.c.document_id == p.c.document_id)
        .join(d, d.c.id == p.c.document_id)
        .where(rd.c.run_id == run_id)
        .order_by(rd.c.position, p.c.position)
    )
    indicator_query = (
        select(i.c.document_id, i.c.project_position, i.c.position, i.c.period, i.c.level3, i.c.value)
        .join(rd, rd.c.document_id == i.c.document_id)
        .where(rd.c.run_id == run_id)
        .order_by(rd.c.position, i.c.project_position, i.c.position)
    )
    rank = {m.document_id: index for index, m in enumerate(members(engine, run_id))}
    with engine.connect() as projects_conn, engine.connect() as indicators_conn:
        stream = indicators_conn.execution_options(stream_results=True, yield_per=5000).execute(indicator_query)
        current = next(stream, None)
        rows = projects_conn.execution_options(stream_results=True, yield_per=2000).execute(project_query)
        for row in rows.mappings():
            project = project_of(row, rank[row["document_id"]])
            key = (row["document_id"], row["position"])
            while current is not None and (current.document_id, current.project_position) == key:
                project.indicators.append(
                    Indicator(
                        period=current.period,
                        level1="",
                        level2="",
                        level3=current.level3,
                        value=current.value,
                        source_line=0,
                        id=f"{project.id}-i{current.position}",
                    )
                )
                current = next(stream, None)
            yield row["path"], project

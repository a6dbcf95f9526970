"""Writing a batch: runs, one transaction per document, then the run's batch-wide duplicate results.

Every document is committed with its membership in the run in a single transaction, so a
killed or interrupted batch keeps exactly the documents it finished and a rerun skips them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Engine, Table, insert, select, update

from scorer.store import schema
from scorer.store.rows import FLAG_COLUMNS, INDICATOR_COLUMNS, PROJECT_COLUMNS, DocumentRecord, Row


@dataclass(frozen=True)
class Versions:
    """What a stored result depends on besides the file's bytes; a change means rescoring."""

    tool_version: str
    rules_version: str
    model_version: str
    config_hash: str

    def columns(self) -> dict[str, str]:
        return {
            "tool_version": self.tool_version,
            "rules_version": self.rules_version,
            "model_version": self.model_version,
            "config_hash": self.config_hash,
        }


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def scored_documents(engine: Engine, versions: Versions) -> dict[tuple[str, str], int]:
    """(path, content hash) → document id of everything already scored with these versions."""
    d = schema.documents
    query = select(d.c.path, d.c.content_hash, d.c.id).where(
        *(d.c[name] == value for name, value in versions.columns().items()), d.c.content_hash.is_not(None)
    )
    with engine.connect() as connection:
        return {(path, digest): doc_id for path, digest, doc_id in connection.execute(query)}


def start_run(engine: Engine, versions: Versions, engine_name: str, workers: int | None, files: int) -> int:
    with engine.begin() as connection:
        return connection.execute(
            insert(schema.runs)
            .values(
                started_at=_now(),
                status="running",
                engine=engine_name,
                workers=workers,
                files=files,
                **versions.columns(),
            )
            .returning(schema.runs.c.id)
        ).scalar_one()


def add_skipped(engine: Engine, run_id: int, members: Iterable[tuple[int, int]]) -> None:
    """Record (position, document id) pairs that this run takes over from earlier runs."""
    rows = [{"run_id": run_id, "position": pos, "document_id": doc_id, "skipped": True} for pos, doc_id in members]
    if rows:
        with engine.begin() as connection:
            connection.execute(insert(schema.run_documents), rows)


@lru_cache(maxsize=32)
def _insert_statement(
    dialect_name: str, quote: Callable[[str], str], paramstyle: str, table: str, columns: tuple[str, ...]
) -> str:
    mark = "?" if paramstyle == "qmark" else "%s"
    names = ", ".join(quote(name) for name in ("document_id", *columns))
    return f"INSERT INTO {quote(table)} ({names}) VALUES ({', '.join([mark] * (len(columns) + 1))})"


def _insert_sql(connection: Connection, table: Table, columns: tuple[str, ...]) -> str:
    """A plain positional INSERT: the driver's executemany takes the tuples as they come.

    Hundreds of thousands of rows go in this way; SQLAlchemy's per-row parameter processing
    would cost more than the insert itself.
    """
    dialect = connection.dialect
    return _insert_statement(dialect.name, dialect.identifier_preparer.quote, dialect.paramstyle, table.name, columns)


def write_document(engine: Engine, run_id: int, position: int, record: DocumentRecord, versions: Versions) -> int:
    """Store one scored document and its place in the run, all in one transaction."""
    with engine.begin() as connection:
        document_id = connection.execute(
            insert(schema.documents)
            .values(**record.document, **versions.columns(), run_id=run_id, scored_at=_now())
            .returning(schema.documents.c.id)
        ).scalar_one()
        for table, columns, rows in (
            (schema.projects, PROJECT_COLUMNS, record.projects),
            (schema.indicators, INDICATOR_COLUMNS, record.indicators),
            (schema.flags, FLAG_COLUMNS, record.flags),
        ):
            if rows:
                connection.exec_driver_sql(_insert_sql(connection, table, columns), [(document_id, *r) for r in rows])
        connection.execute(
            insert(schema.run_documents).values(
                run_id=run_id, position=position, document_id=document_id, skipped=False
            )
        )
    return document_id


def write_batch_results(
    connection: Connection,
    run_id: int,
    pairs: Iterable[Mapping[str, Any]],
    batch_flags: Iterable[Row],
    scores: Iterable[Row],
) -> None:
    """The run's duplicate pairs, their D101 flags and the scores they changed (one transaction)."""
    for table in (schema.duplicates, schema.rescored):
        connection.execute(table.delete().where(table.c.run_id == run_id))
    connection.execute(schema.flags.delete().where(schema.flags.c.run_id == run_id))
    for table, rows in ((schema.duplicates, pairs), (schema.flags, batch_flags), (schema.rescored, scores)):
        rows = [{**row, "run_id": run_id} for row in rows]
        if rows:
            connection.execute(insert(table), rows)


def finish_run(engine: Engine, run_id: int, status: str, **counts: int | None) -> None:
    with engine.begin() as connection:
        connection.execute(
            update(schema.runs).where(schema.runs.c.id == run_id).values(status=status, finished_at=_now(), **counts)
        )

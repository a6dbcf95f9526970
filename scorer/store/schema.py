"""The database tables of a batch store, and the versioned schema that creates or upgrades them.

One schema serves SQLite (a file, no server) and PostgreSQL (by URL). Rows carry what the
`scorer/v1` contract carries, keyed so that a document's rows can be written in one
transaction without waiting for generated ids: projects, indicators and flags are addressed
by (document, position). Results that depend on the whole batch — duplicate pairs, their
D101 flags and the scores they change — belong to a run, so re-running a batch with other
files never disturbs another run's results.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    inspect,
    select,
)

SCHEMA_VERSION = 2

metadata = MetaData()

schema_info = Table("schema_info", metadata, Column("version", Integer, nullable=False))

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", DateTime, nullable=False),
    Column("finished_at", DateTime),
    Column("status", String(16), nullable=False),  # running | finished | interrupted
    Column("tool_version", String(32), nullable=False),
    Column("rules_version", String(64), nullable=False),
    Column("model_version", String(64), nullable=False),
    Column("config_hash", String(64), nullable=False),
    Column("engine", String(16), nullable=False),
    Column("workers", Integer),
    Column("files", Integer, nullable=False, default=0),
    Column("scored", Integer, nullable=False, default=0),
    Column("skipped", Integer, nullable=False, default=0),
    Column("failed", Integer, nullable=False, default=0),
    Column("duplicates", Integer),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("path", Text, nullable=False),
    Column("content_hash", String(64)),  # sha256 of the file's bytes; None when it could not be read
    Column("tool_version", String(32), nullable=False),
    Column("rules_version", String(64), nullable=False),
    Column("model_version", String(64), nullable=False),
    Column("config_hash", String(64), nullable=False),
    Column("layout", String(64)),
    Column("budget_year", Integer),
    Column("encoding", String(32)),
    Column("error", Text),
    Column("projects", Integer, nullable=False),
    Column("indicators", Integer, nullable=False),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False),  # the run that scored it
    Column("scored_at", DateTime, nullable=False),
    UniqueConstraint(
        "path", "content_hash", "tool_version", "rules_version", "model_version", "config_hash", name="uq_document_key"
    ),
)

run_documents = Table(
    "run_documents",
    metadata,
    Column("run_id", Integer, ForeignKey("runs.id"), primary_key=True),
    Column("position", Integer, primary_key=True),  # the file's place in the run's sorted list
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("skipped", Boolean, nullable=False),  # already scored with the same versions
)

projects = Table(
    "projects",
    metadata,
    Column("document_id", Integer, ForeignKey("documents.id"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("scope", String(16), nullable=False),
    Column("name", Text, nullable=False),
    Column("department", Text),
    Column("implementer", Text),
    Column("attribute", Text),
    Column("term", Text),
    Column("funds_total", Float),
    Column("funds_annual", Float),
    Column("goal_total", Text),
    Column("goal_annual", Text),
    Column("line_start", Integer, nullable=False),
    Column("line_end", Integer, nullable=False),
    Column("location_start", Text),  # first and last row in a PDF, Excel or Word filing (第3页表1第5行)
    Column("location_end", Text),
    Column("stamp", String(32)),
    Column("table_year", Integer),
    Column("score", Float),  # before batch-wide duplicate flags; a run's changes are in `rescored`
    Column("grade", String(2)),
)

indicators = Table(
    "indicators",
    metadata,
    Column("document_id", Integer, primary_key=True),
    Column("project_position", Integer, primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("period", String(8), nullable=False),
    Column("level1", Text, nullable=False),
    Column("level2", Text, nullable=False),
    Column("level3", Text, nullable=False),
    Column("value", Text, nullable=False),
    Column("op", String(8)),
    Column("number", Float),
    Column("upper", Float),
    Column("unit", Text),
    Column("kind", String(16)),  # None when the value was not parsed
    Column("source_line", Integer, nullable=False),
    Column("location", Text),  # the row's place in a PDF, Excel or Word filing; None for text
    # the 指标性质, 度量单位 and 权重 cells of structured exports (schema 2); None for other layouts
    Column("nature", Text),
    Column("unit_cell", Text),
    Column("weight", Float),
    ForeignKeyConstraint(["document_id", "project_position"], ["projects.document_id", "projects.position"]),
)

flags = Table(
    "flags",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", Integer, nullable=False),
    Column("project_position", Integer, nullable=False),
    Column("position", Integer, nullable=False),
    Column("run_id", Integer, ForeignKey("runs.id")),  # set for batch-wide flags (D101) of one run
    Column("code", String(8), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("severity", String(8), nullable=False),
    Column("indicator_position", Integer),
    Column("message", Text, nullable=False),
    Column("suggestion", Text, nullable=False),
    ForeignKeyConstraint(["document_id", "project_position"], ["projects.document_id", "projects.position"]),
    Index("ix_flags_project", "document_id", "project_position"),
)

duplicates = Table(
    "duplicates",
    metadata,
    Column("run_id", Integer, ForeignKey("runs.id"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("a_document_id", Integer, nullable=False),
    Column("a_project_position", Integer, nullable=False),
    Column("b_document_id", Integer, nullable=False),
    Column("b_project_position", Integer, nullable=False),
    Column("similarity", Float, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("reason", Text, nullable=False),
)

rescored = Table(
    "rescored",
    metadata,
    Column("run_id", Integer, ForeignKey("runs.id"), primary_key=True),
    Column("document_id", Integer, primary_key=True),
    Column("project_position", Integer, primary_key=True),
    Column("score", Float),
    Column("grade", String(2)),
)


def _add_structured_columns(connection: Connection) -> None:
    """Schema 1 → 2: the 指标性质, 度量单位 and 权重 cells of structured exports (stored rows keep None)."""
    present = {column["name"] for column in inspect(connection).get_columns("indicators")}
    for name, kind in (("nature", "TEXT"), ("unit_cell", "TEXT"), ("weight", "FLOAT")):
        if name not in present:
            connection.exec_driver_sql(f"ALTER TABLE indicators ADD COLUMN {name} {kind}")


# Upgrades from version N to N+1, applied in order; each is a function of a connection.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _add_structured_columns}


class SchemaError(RuntimeError):
    """The database was written by a newer scorer, or cannot be upgraded."""


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL lets readers watch a running batch; NORMAL sync keeps every commit across a killed process."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def database_url(url_or_path: str) -> str:
    """A SQLAlchemy URL; a plain file path means a SQLite file, postgresql:// means psycopg 3."""
    if "://" not in url_or_path:
        return f"sqlite:///{url_or_path}"
    if url_or_path.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url_or_path.split("://", 1)[1]
    return url_or_path


def connect(url_or_path: str) -> Engine:
    """Open the store, creating or upgrading its tables to SCHEMA_VERSION."""
    engine = create_engine(database_url(url_or_path))
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    with engine.begin() as connection:
        if not inspect(connection).has_table("schema_info"):
            metadata.create_all(connection)
            connection.execute(schema_info.insert().values(version=SCHEMA_VERSION))
            return engine
        version = connection.execute(select(schema_info.c.version)).scalar_one()
        if version > SCHEMA_VERSION:
            raise SchemaError(
                f"the database has schema version {version}; this scorer knows up to {SCHEMA_VERSION} — upgrade scorer"
            )
        while version < SCHEMA_VERSION:
            MIGRATIONS[version](connection)
            version += 1
            connection.execute(schema_info.update().values(version=version))
    return engine

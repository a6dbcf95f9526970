"""The same batch on a real PostgreSQL server (a throwaway cluster) gives the same results as SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from batch_corpus import bad_filings
from conftest import SEEDS
from postgres_server import postgres_cluster
from sqlalchemy import create_engine, text

from scorer.batch.paths import expand
from scorer.batch.runner import run_batch
from scorer.config import load_config
from scorer.report import json_report
from scorer.store import reader, schema, summary


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    pytest.importorskip("psycopg", reason="the postgres extra (psycopg) is not installed")
    with postgres_cluster() as url:
        yield url


def fresh_database(server_url: str, name: str) -> str:
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return server_url.rsplit("/", 1)[0] + f"/{name}"


def results(db: str) -> tuple[dict, list, list, list, tuple]:
    engine = schema.connect(db)
    run_id = reader.resolve_run(engine)
    contract = json_report.contract(reader.load_documents(engine, run_id), reader.load_pairs(engine, run_id))
    figures = (
        summary.league(engine, run_id),
        summary.year_over_year(engine, run_id),
        summary.flag_kinds(engine, run_id, 50),
        summary.score_distribution(engine, run_id),
    )
    engine.dispose()
    return contract, *figures


def test_postgres_and_sqlite_store_identical_results(postgres_url: str, tmp_path: Path) -> None:
    files = expand([str(p) for p in SEEDS.values()] + [str(p) for p in bad_filings(tmp_path)])
    pg = fresh_database(postgres_url, "scorer_batch")
    sqlite = str(tmp_path / "batch.sqlite")
    for db in (pg, sqlite):
        result = run_batch(files, db, load_config(), workers=2)
        assert (result.scored, len(result.errors), result.duplicates) == (6, 2, 63)
    on_postgres, on_sqlite = results(pg), results(sqlite)
    assert on_postgres[0] == on_sqlite[0]
    assert on_postgres[1:] == on_sqlite[1:]
    assert sum(len(d["projects"]) for d in on_postgres[0]["documents"]) == 100

    again = run_batch(files, pg, load_config(), workers=1)
    assert (again.scored, again.skipped) == (0, 6), "PostgreSQL resumes by content hash too"


def test_plain_postgresql_url_uses_psycopg() -> None:
    assert schema.database_url("postgresql://u@h:5/db") == "postgresql+psycopg://u@h:5/db"
    assert schema.database_url("runs/x.sqlite") == "sqlite:///runs/x.sqlite"

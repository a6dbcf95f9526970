"""`scorer batch`: score many filings into a database, in parallel, resumably.

The coordinating process reads and hashes each file, skips those already stored with the
same versions, hands the rest to an engine and commits each result as it arrives (one
transaction per document). After the per-document phase the batch-wide duplicate pass runs
over the stored projects. Ctrl-C or a killed process loses nothing already committed; the
next run over the same files picks up where it stopped.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from scorer.batch.duplicates import run_duplicates
from scorer.batch.engines import DaskEngine, Engine, ProcessEngine, SerialEngine, Task
from scorer.batch.versions import current_versions
from scorer.batch.work import content_hash, unreadable
from scorer.config import Config
from scorer.store import schema
from scorer.store.summary import run_errors
from scorer.store.writer import add_skipped, finish_run, scored_documents, start_run, write_document

ENGINES = ("process", "dask")


@dataclass
class BatchResult:
    """What a run did, for the closing report."""

    run_id: int
    files: int
    scored: int = 0
    skipped: int = 0
    projects: int = 0
    duplicates: int | None = None
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    interrupted: bool = False


@dataclass
class Tick:
    """One finished file, as the progress display sees it."""

    projects: int
    error: str | None


def make_engine(name: str, config: Config, workers: int | None, scheduler: str | None) -> Engine:
    if name == "dask":
        if not scheduler:
            raise ValueError("--engine dask needs --scheduler ADDRESS (e.g. tcp://scheduler-host:8786)")
        return DaskEngine(config, scheduler)
    if name != "process":
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}")
    if workers == 1:
        return SerialEngine(config)
    return ProcessEngine(config, workers)


def run_batch(
    files: list[str],
    db: str,
    config: Config,
    engine_name: str = "process",
    workers: int | None = None,
    scheduler: str | None = None,
    duplicates: bool = True,
    on_file: Callable[[Tick], None] | None = None,
    on_phase: Callable[[str], None] | None = None,
) -> BatchResult:
    """Score `files` (already expanded and sorted) into the database at `db`."""
    store = schema.connect(db)
    versions = current_versions(config)
    done = scored_documents(store, versions)
    engine = make_engine(engine_name, config, workers, scheduler)
    run_id = start_run(store, versions, engine.name, engine.workers, len(files))
    result = BatchResult(run_id=run_id, files=len(files))
    started = time.perf_counter()
    skipped: list[tuple[int, int]] = []

    def tasks() -> Iterator[Task]:
        for position, path in enumerate(files):
            try:
                data = Path(path).read_bytes()
            except OSError as exc:
                write_document(store, run_id, position, unreadable(path, exc.strerror or str(exc)), versions)
                result.errors.append(f"{path}: cannot read the file ({exc.strerror or exc})")
                _tick(Tick(0, result.errors[-1]))
                continue
            known = done.get((path, content_hash(data)))
            if known is not None:
                skipped.append((position, known))
                result.skipped += 1
                if len(skipped) >= 500:
                    add_skipped(store, run_id, skipped)
                    skipped.clear()
                _tick(Tick(0, None))
                continue
            yield position, path, data

    def _tick(tick: Tick) -> None:
        if on_file:
            on_file(tick)

    status = "failed"
    try:
        for position, record in engine.run(tasks()):
            write_document(store, run_id, position, record, versions)
            result.scored += 1
            result.projects += record.document["projects"]
            if record.document["error"]:
                result.errors.append(record.document["error"])
            _tick(Tick(record.document["projects"], record.document["error"]))
        add_skipped(store, run_id, skipped)
        skipped.clear()
        result.errors = run_errors(store, run_id)  # also those of files stored by an earlier run
        if duplicates:
            if on_phase:
                on_phase("duplicates")
            result.duplicates = run_duplicates(store, run_id, config)
        status = "finished"
    except KeyboardInterrupt:
        status = "interrupted"
        result.interrupted = True
        add_skipped(store, run_id, skipped)
    finally:
        engine.close()
        result.seconds = time.perf_counter() - started
        finish_run(
            store,
            run_id,
            status,
            scored=result.scored,
            skipped=result.skipped,
            failed=len(result.errors),
            duplicates=result.duplicates,
        )
        store.dispose()
    return result

"""Where the per-document function runs: in this process, a local process pool, or a Dask cluster.

Each engine takes an iterator of tasks (position, path, bytes) and yields (position, record)
as results arrive, keeping only a bounded number of files in flight so memory stays flat
however large the batch. All engines run `work.score_source` unchanged.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Protocol

from scorer.batch.work import score_source
from scorer.config import Config
from scorer.store.rows import DocumentRecord

Task = tuple[int, str, bytes]
Result = tuple[int, DocumentRecord]


class Engine(Protocol):
    name: str
    workers: int

    def run(self, tasks: Iterator[Task]) -> Iterator[Result]: ...

    def close(self) -> None: ...


class SerialEngine:
    """In this process, one file after another (for `--workers 1` and debugging)."""

    name = "serial"
    workers = 1

    def __init__(self, config: Config) -> None:
        self.config = config

    def run(self, tasks: Iterator[Task]) -> Iterator[Result]:
        for position, path, data in tasks:
            yield position, score_source(path, data, self.config)

    def close(self) -> None:
        pass


_worker_config: Config | None = None


def _init_worker(config: Config) -> None:
    """Workers ignore Ctrl-C: the coordinating process decides when to stop and what is kept."""
    global _worker_config
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_config = config


def _score_in_worker(path: str, data: bytes) -> DocumentRecord:
    assert _worker_config is not None
    return score_source(path, data, _worker_config)


class ProcessEngine:
    """A pool of worker processes on this machine, one per core by default."""

    name = "process"

    def __init__(self, config: Config, workers: int | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.pool = ProcessPoolExecutor(max_workers=self.workers, initializer=_init_worker, initargs=(config,))

    def run(self, tasks: Iterator[Task]) -> Iterator[Result]:
        window = self.workers * 4
        in_flight: dict[Future[DocumentRecord], int] = {}
        for position, path, data in tasks:
            in_flight[self.pool.submit(_score_in_worker, path, data)] = position
            if len(in_flight) >= window:
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in done:
                    yield in_flight.pop(future), future.result()
        while in_flight:
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in done:
                yield in_flight.pop(future), future.result()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)  # running files finish (a second at most)


class DaskEngine:
    """A dask.distributed cluster: the scheduler's workers run the same per-document function.

    Workers need `scorer` installed; the files travel as bytes, so they need no shared disk.
    """

    name = "dask"

    def __init__(self, config: Config, scheduler: str) -> None:
        try:
            from distributed import Client
        except ImportError as exc:  # the dask extra is optional
            raise RuntimeError("the dask engine needs dask.distributed: pip install 'scorer[dask]'") from exc
        self.client = Client(scheduler)
        self.workers = max(1, sum(w.get("nthreads", 1) for w in self.client.scheduler_info()["workers"].values()))
        [self.config] = self.client.scatter([config], broadcast=True)

    def run(self, tasks: Iterator[Task]) -> Iterator[Result]:
        from distributed import as_completed

        window = self.workers * 4
        positions: dict[str, int] = {}
        pending = as_completed()
        count = 0
        for position, path, data in tasks:
            future = self.client.submit(score_source, path, data, self.config, pure=False)
            positions[future.key] = position
            pending.add(future)
            count += 1
            if count >= window:
                future = next(pending)
                count -= 1
                yield positions.pop(future.key), future.result()
        for future in pending:
            yield positions.pop(future.key), future.result()

    def close(self) -> None:
        self.client.close()

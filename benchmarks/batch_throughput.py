"""End-to-end `scorer batch` over 10,000+ realistic filings: throughput per core and memory as the batch grows.

Builds the corpus (benchmarks/filing_corpus.py) once, then runs the real command in a
subprocess — read, hash, parse, checks, score, store — without the cross-filing duplicate
pass, sampling the resident memory of the coordinating process and of its workers while the
batch grows. With --kill-at it also SIGKILLs a second run part-way, resumes it, and checks
that the resumed database holds exactly the rows of the uninterrupted one.

    .venv/bin/python benchmarks/batch_throughput.py --filings 10000 --corpus /tmp/filings-10k
    .venv/bin/python benchmarks/batch_throughput.py --filings 10000 --corpus /tmp/filings-10k --kill-at 0.5
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from filing_corpus import build
from sqlalchemy import create_engine, text

from scorer.store.schema import database_url


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of one process so far (all its threads)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return 0.0


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(child) for child in handle.read().split()]
    except OSError:
        return []


@dataclass
class Samples:
    """(documents stored, coordinator RSS, largest worker RSS, all processes) over the run, in MiB."""

    points: list[tuple[int, float, float, float]] = field(default_factory=list)
    coordinator_cpu: float = 0.0  # the last reading before the coordinating process ended


def _stored(db: str) -> int:
    engine = create_engine(database_url(db))
    try:
        with engine.connect() as connection:
            return connection.execute(
                text("SELECT count(*) FROM run_documents WHERE run_id = (SELECT max(id) FROM runs)")
            ).scalar_one()
    except Exception:  # tables not created yet
        return 0
    finally:
        engine.dispose()


def _sample(process: subprocess.Popen, db: str, samples: Samples, stop: threading.Event) -> None:
    while not stop.is_set() and process.poll() is None:
        workers = [_rss_kib(child) for child in _children(process.pid)]
        coordinator = _rss_kib(process.pid)
        samples.coordinator_cpu = max(samples.coordinator_cpu, _cpu_seconds(process.pid))
        samples.points.append(
            (_stored(db), coordinator / 1024, max(workers, default=0) / 1024, (coordinator + sum(workers)) / 1024)
        )
        stop.wait(0.5)


def run(
    corpus: Path, db: str, workers: int, progress: bool, kill_after: int | None = None
) -> tuple[float, float, Samples, int]:
    """Run `scorer batch`; returns (wall seconds, CPU seconds of all its processes, samples, exit code)."""
    command = [
        sys.executable,
        "-m",
        "scorer.cli",
        "batch",
        str(corpus),
        "--db",
        db,
        "--no-duplicates",
        "--workers",
        str(workers),
    ]
    if not progress:
        command.append("--no-progress")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, start_new_session=True)
    samples, stop = Samples(), threading.Event()
    sampler = threading.Thread(target=_sample, args=(process, db, samples, stop), daemon=True)
    sampler.start()
    if kill_after is not None:
        while process.poll() is None and _stored(db) < kill_after:
            time.sleep(0.2)
        os.killpg(process.pid, signal.SIGKILL)
    code = process.wait()
    stop.set()
    sampler.join()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, samples, code


DIGEST = """
SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM projects), (SELECT count(*) FROM indicators),
       (SELECT count(*) FROM flags), (SELECT round(CAST(sum(score) AS numeric), 1) FROM projects),
       (SELECT count(DISTINCT content_hash) FROM documents)
"""


def digest(db: str) -> tuple:
    engine = create_engine(database_url(db))
    with engine.connect() as connection:
        row = tuple(connection.execute(text(DIGEST)).one())
    engine.dispose()
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--filings", type=int, default=10_000)
    parser.add_argument("--corpus", type=Path, required=True, help="folder for the generated filings (kept)")
    parser.add_argument("--db", help="database URL (default: a new SQLite file in a temp folder)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--progress", action="store_true", help="show the batch's progress bar")
    parser.add_argument("--kill-at", type=float, help="also kill a second run at this share of files and resume it")
    args = parser.parse_args()

    build(args.filings, args.corpus)
    folder = Path(tempfile.mkdtemp(prefix="scorer-bench-"))
    db = args.db or str(folder / "batch.sqlite")
    wall, cpu, samples, code = run(args.corpus, db, args.workers, args.progress)
    assert code in (0, 1), f"scorer batch exited with {code}"
    documents, projects, indicators, flags, _, _ = digest(db)
    print(f"filings            {documents}  (exit code {code}: {'some' if code else 'no'} files with errors)")
    print(f"projects           {projects}")
    print(f"indicator rows     {indicators}")
    print(f"flags              {flags}")
    print(f"workers            {args.workers}  (cores on this machine: {os.cpu_count()})")
    print(f"wall seconds       {wall:.1f}")
    print(f"projects/s         {projects / wall:.0f}  ({projects / wall / args.workers:.0f} per worker core)")
    workers_cpu = cpu - samples.coordinator_cpu
    print(f"CPU seconds        {cpu:.1f}  (coordinator + workers)")
    print(f"  coordinator      {samples.coordinator_cpu:.1f}  (read, hash, hand out, store)")
    print(f"  workers          {workers_cpu:.1f}  (parse + checks + score + rows)")
    print(f"projects/CPU-s     {projects / cpu:.0f}  (whole batch with storage, per core)")
    print(f"  in the workers   {projects / workers_cpu:.0f}  (parse + checks + score, per core)")
    print("memory as the batch grows (MiB): stored filings, coordinator, largest worker, all processes")
    shown = -1
    for stored, coordinator, worker, total in samples.points:
        if stored >= shown + max(1, documents // 10):
            print(f"  {stored:>7}  {coordinator:>8.0f}  {worker:>8.0f}  {total:>8.0f}")
            shown = stored
    peak = max((p[3] for p in samples.points), default=0)
    print(f"peak, all processes  {peak:.0f} MiB")

    if args.kill_at:
        killed_db = str(folder / "killed.sqlite")
        at = int(documents * args.kill_at)
        _, _, _, killed_code = run(args.corpus, killed_db, args.workers, False, kill_after=at)
        stored = digest(killed_db)[0]
        _, _, _, resumed_code = run(args.corpus, killed_db, args.workers, False)
        same = digest(killed_db) == digest(db)
        print(
            f"killed at          {stored} of {documents} filings stored (exit {killed_code}); "
            f"resumed (exit {resumed_code})"
        )
        print(f"resumed == uninterrupted  {same}  {digest(killed_db)}")
        assert same


if __name__ == "__main__":
    main()

"""Throughput of parse, and of parse + checks + score, over thousands of projects built from real filings.

Each round re-reads every seed filing with its project names and amounts varied, so the
regular expressions and the row-placement programme see realistic text, not a cache hit.
Prints projects/s, indicator rows/s and peak resident memory; the README quotes the output.

    .venv/bin/python benchmarks/parse_throughput.py --projects 5000           # parse only
    .venv/bin/python benchmarks/parse_throughput.py --projects 5000 --score   # parse + checks + score
"""

from __future__ import annotations

import argparse
import re
import resource
import time
from pathlib import Path

from scorer.config import load_config
from scorer.ingest import text_from_bytes
from scorer.pipeline import parse_text, score_document

FILINGS = Path(__file__).resolve().parent.parent / "corpora" / "filings"
_AMOUNT = re.compile(r"(?<=\t)(\d{1,3}(?:,\d{3})+)(?=\t)")


def vary(text: str, round_no: int) -> str:
    """Rename projects and scale header amounts so every round parses different text."""
    text = text.replace("项目名称\t", f"项目名称\t批次{round_no}", -1)
    return _AMOUNT.sub(lambda m: f"{int(m.group(1).replace(',', '')) + round_no:,}", text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=5000, help="stop after at least this many")
    parser.add_argument("--score", action="store_true", help="also run the checks and score every project")
    args = parser.parse_args()
    config = load_config()
    seeds = [path.read_text(encoding="utf-8") for path in sorted(FILINGS.glob("*.txt"))]
    projects = rows = filings = 0
    started, cpu_started = time.perf_counter(), time.process_time()
    round_no = 0
    while projects < args.projects:
        for index, seed in enumerate(seeds):
            data = vary(seed, round_no).encode("utf-8")
            document = parse_text(text_from_bytes(data, f"round{round_no}-{index}.txt"), filings)
            assert document.error is None, document.error
            if args.score:
                score_document(document, config)
            projects += len(document.projects)
            rows += sum(len(p.indicators) for p in document.projects)
            filings += 1
        round_no += 1
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"stages             {'parse + checks + score' if args.score else 'parse'}")
    print(f"filings            {filings}")
    print(f"projects           {projects}")
    print(f"indicator rows     {rows}")
    print(f"seconds            {elapsed:.2f}")
    print(f"cpu seconds        {cpu:.2f}")
    print(f"projects/s         {projects / elapsed:.0f}  (one process, one core)")
    print(f"projects/cpu-s     {projects / cpu:.0f}  (per core, whatever else the machine runs)")
    print(f"indicator rows/s   {rows / elapsed:.0f}")
    print(f"peak RSS           {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()

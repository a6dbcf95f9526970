"""What the indicator library costs: loading it, searching it, and attaching its suggestions.

Loads the shipped library (corpora/library/) from JSON, times `Library.nearest` on every
distinct 三级 name of the seed filings, and times scoring the four seed filings with the
library's suggestions on and off (models warm, best of `--rounds`). The README quotes the output.

    .venv/bin/python benchmarks/library_speed.py --rounds 3
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from scorer.config import load_config
from scorer.library.index import DEFAULT_DIR, Library
from scorer.pipeline import parse_files, score_batch

FILINGS = sorted((Path(__file__).resolve().parent.parent / "corpora" / "filings").glob("*.txt"))


def best(rounds: int, run) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    load = best(args.rounds, lambda: Library.load(DEFAULT_DIR))
    library = Library.load(DEFAULT_DIR)
    print(f"load: {len(library.entries)} rows in {load * 1000:.1f} ms")
    names = sorted({i.level3 for d in parse_files(FILINGS) for p in d.projects for i in p.indicators if i.level3})
    library.nearest(names[0])  # the tokenizer's dictionary loads once
    search = best(args.rounds, lambda: [library.nearest(n, None, None, limit=10) for n in names])
    print(f"search: {len(names)} names in {search:.2f} s ({search / len(names) * 1000:.2f} ms per name)")
    on, off = load_config(), load_config()
    off["library"]["enabled"] = False
    score_batch(FILINGS, on)  # models, dictionary and library warm
    with_library = best(args.rounds, lambda: score_batch(FILINGS, on))
    without = best(args.rounds, lambda: score_batch(FILINGS, off))
    print(f"score 4 seed filings: {without:.2f} s without suggestions, {with_library:.2f} s with them")


if __name__ == "__main__":
    main()

"""Read-and-parse speed per input format: the seed filings as text, PDF, XLSX, XLS and DOCX.

Each round varies every seed's project names and amounts (as parse_throughput.py does), renders
it with tests/renderings.py (ruled PDF tables with merged cells over page breaks, one workbook
sheet per table, Word grids nested in the form) and then times only the reading: bytes → lines
of cells (ingest) → projects and indicator rows (layout parse). Rendering is not timed.

    .venv/bin/python benchmarks/format_throughput.py --projects 1000
    .venv/bin/python benchmarks/format_throughput.py --projects 1000 --formats pdf,docx
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the renderer lives with the tests that use it

from parse_throughput import vary  # noqa: E402
from renderings import blocks_from_lines, cjk_font, render  # noqa: E402

from scorer.ingest import source_from_bytes  # noqa: E402
from scorer.pipeline import parse_text  # noqa: E402

FORMATS = {"text": None, "pdf": "pdf", "xlsx": "xlsx-sheets", "xls": "xls", "docx": "docx"}
FILINGS = ROOT / "corpora" / "filings"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=1000, help="per format, stop after at least this many")
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated: " + ", ".join(FORMATS))
    args = parser.parse_args()
    if "pdf" in args.formats and cjk_font() is None:
        sys.exit("PDF needs a CJK font: apt-get install fonts-wqy-zenhei")
    seeds = [path.read_text(encoding="utf-8") for path in sorted(FILINGS.glob("*.txt"))]
    print(
        f"{'format':6} {'files':>5} {'MiB':>6} {'projects':>8} {'rows':>7} {'ingest s':>8} {'parse s':>7} "
        f"{'projects/s':>10} {'rows/s':>7}"
    )
    for name in args.formats.split(","):
        kind = FORMATS[name]
        files = projects = rows = size = 0
        ingest = parse = 0.0
        round_no = 0
        while projects < args.projects:
            for index, seed in enumerate(seeds):
                text = vary(seed, round_no)
                data = text.encode("utf-8") if kind is None else render(blocks_from_lines(text.split("\n")), kind)
                started = time.perf_counter()
                source = source_from_bytes(data, f"round{round_no}-{index}.{name}")
                read = time.perf_counter()
                document = parse_text(source, files)
                parse += time.perf_counter() - read
                ingest += read - started
                assert document.error is None, document.error
                files += 1
                size += len(data)
                projects += len(document.projects)
                rows += sum(len(p.indicators) for p in document.projects)
            round_no += 1
        total = ingest + parse
        print(
            f"{name:6} {files:5} {size / 2**20:6.1f} {projects:8} {rows:7} {ingest:8.2f} {parse:7.2f} "
            f"{projects / total:10.0f} {rows / total:7.0f}"
        )
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak_mib:.0f} MiB (one process, one core; rendering not timed)")


if __name__ == "__main__":
    main()

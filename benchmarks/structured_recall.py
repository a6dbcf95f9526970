"""Row recall and precision of the structured-export reader, per export variant and file format.

Every seed filing is parsed by its own layout, converted into each budget-management-system
variant of tests/structured_renderings.py (column order and headings, split 指标性质 | 指标值 |
度量单位 cells, 万元 funds, one sheet per project or per period) as text, CSV and XLSX, and read
back. A row counts as found when its project, period, 一级, 二级, 三级 and parsed target
(op, number, upper, unit, kind) all equal the original's; projects are matched by name (and by
occurrence, for repeated names), and a project's funds must match in 元.

    .venv/bin/python benchmarks/structured_recall.py
    .venv/bin/python benchmarks/structured_recall.py --formats xlsx
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the converter lives with the tests that use it

from structured_renderings import VARIANTS, project_keys, render, row_agreement  # noqa: E402

from scorer.model import Document  # noqa: E402
from scorer.pipeline import parse_bytes, parse_file  # noqa: E402

FILINGS = ROOT / "corpora" / "filings"
FORMATS = ("text", "csv", "xlsx")


def funds_agreement(original: Document, converted: Document) -> tuple[int, int]:
    """(projects whose name, total and annual funds all match, projects of the original)."""
    keys = project_keys(converted)
    theirs = {key: (p.funds.total, p.funds.annual) for key, p in zip(keys, converted.projects, strict=True)}
    same = sum(
        theirs.get(key) == (p.funds.total, p.funds.annual)
        for key, p in zip(project_keys(original), original.projects, strict=True)
    )
    return same, len(original.projects)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated: " + ", ".join(FORMATS))
    args = parser.parse_args()
    formats = [f for f in args.formats.split(",") if f]
    originals = [parse_file(path) for path in sorted(FILINGS.glob("*.txt"))]
    print("| variant | format | projects (funds equal) | rows original | rows read | rows found | recall | precision |")
    print("|---|---|---|---|---|---|---|---|")
    for variant in VARIANTS:
        for kind in formats:
            found = want = got = same_funds = projects = 0
            for original in originals:
                name = Path(original.path).stem + "." + ("txt" if kind == "text" else kind)
                converted = parse_bytes(render(original, variant, kind), name)
                both, rows_before, rows_after = row_agreement(original, converted)
                found, want, got = found + both, want + rows_before, got + rows_after
                equal, total = funds_agreement(original, converted)
                same_funds, projects = same_funds + equal, projects + total
            recall = found / want if want else 0.0
            precision = found / got if got else 0.0
            print(
                f"| {variant.name} | {kind} | {same_funds}/{projects} | {want} | {got} | {found} | "
                f"{recall:.4f} | {precision:.4f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()

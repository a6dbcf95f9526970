"""Re-run reviewed findings through the current code: for each reviewed n, the old and the new suggestion.

Usage: python benchmarks/library_review.py REVIEW.json [--save OUT.json] [--only-problems]
REVIEW.json is a list of reviewed findings (file, project, code, indicator with source_line and
period, suggestion, verdict, problem), as produced by a reviewer from `scorer` JSON output.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from scorer.pipeline import score_files

FILINGS = Path(__file__).resolve().parent.parent / "corpora" / "filings"


def _key(file: str, project: str, code: str, line: int | None, period: str | None) -> tuple:
    return (file, project, code, line, period)


def current_suggestions(files: list[str]) -> dict[tuple, str]:
    """Every flag's suggestion in a fresh run of the seed filings, by (file, project, code, line, period)."""
    found: dict[tuple, str] = {}
    for document in score_files([FILINGS / f for f in files]):
        name = Path(document.path).name
        for project in document.projects:
            rows = {i.id: i for i in project.indicators}
            for flag in project.flags:
                row = rows.get(flag.indicator or "")
                line = row.source_line if row else None
                period = row.period if row else None
                found.setdefault(_key(name, project.name, flag.code, line, period), flag.suggestion)
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("review", type=Path)
    parser.add_argument("--save", type=Path)
    parser.add_argument("--only-problems", action="store_true")
    args = parser.parse_args()
    items = json.loads(args.review.read_text(encoding="utf-8"))
    now = current_suggestions(sorted({i["file"] for i in items}))
    out = []
    for item in items:
        row = item.get("indicator") or {}
        key = _key(item["file"], item["project"], item["code"], row.get("source_line"), row.get("period"))
        new = now.get(key, "(finding no longer raised)")
        out.append({"n": item["n"], "verdict": item["verdict"], "old": item["suggestion"], "new": new})
        if args.only_problems and (item["verdict"] == "sign" or new == item["suggestion"]):
            continue
        mark = "=" if new == item["suggestion"] else "*"
        head = f"n{item['n']:>2} {mark} [{item['verdict']}] {item['code']}"
        print(f"{head} {row.get('level3', '')} | {row.get('value', '')}")
        print(f"     old: {item['suggestion']}")
        if new != item["suggestion"]:
            print(f"     new: {new}")
    if args.save:
        args.save.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()

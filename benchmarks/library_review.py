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


def current_suggestions(files: list[str]) -> tuple[dict[tuple, str], dict[tuple, list[tuple[str, str]]]]:
    """Every flag's suggestion in a fresh run of the seed filings, by (file, project, code, line, period).

    Also by (file, project, code): (三级, suggestion) pairs, to find a finding merged into its other half.
    """
    found: dict[tuple, str] = {}
    by_name: dict[tuple, list[tuple[str, str]]] = {}
    for document in score_files([FILINGS / f for f in files]):
        name = Path(document.path).name
        for project in document.projects:
            rows = {i.id: i for i in project.indicators}
            for flag in project.flags:
                row = rows.get(flag.indicator or "")
                line = row.source_line if row else None
                period = row.period if row else None
                found.setdefault(_key(name, project.name, flag.code, line, period), flag.suggestion)
                if row is not None:
                    by_name.setdefault((name, project.name, flag.code), []).append((row.level3, flag.suggestion))
    return found, by_name


def merged(by_name: dict[tuple, list[tuple[str, str]]], file: str, project: str, code: str, level3: str) -> str:
    """The suggestion of the finding on the other half of the same row (a name cut short or not), if any."""
    for name, suggestion in by_name.get((file, project, code), []):
        if name and level3 and (name.startswith(level3) or level3.startswith(name)):
            return f"(merged into the other half) {suggestion}"
    return "(finding no longer raised)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("review", type=Path)
    parser.add_argument("--save", type=Path)
    parser.add_argument("--only-problems", action="store_true")
    args = parser.parse_args()
    items = json.loads(args.review.read_text(encoding="utf-8"))
    now, by_name = current_suggestions(sorted({i["file"] for i in items}))
    out = []
    for item in items:
        row = item.get("indicator") or {}
        key = _key(item["file"], item["project"], item["code"], row.get("source_line"), row.get("period"))
        new = now.get(key) or merged(by_name, item["file"], item["project"], item["code"], row.get("level3", ""))
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

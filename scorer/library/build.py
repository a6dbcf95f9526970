"""Build the indicator library (指标库) from scored filings: every row that passed all checks.

The library answers “what does a good 时效指标 of a subsidy project look like?”: each good row is
kept once (the 实施期 and 年度 halves of one table usually repeat it) with its 二级, project type,
parsed value and source, and every (二级, type) group gets its typical unit, comparator and
value range. Files are plain JSON written in a fixed order, so the same corpora give the same
bytes.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from scorer.checks import with_twins
from scorer.checks.advice import full_name
from scorer.checks.funds import above_funds
from scorer.checks.periods import disagreeing_rows
from scorer.checks.registry import ProjectContext
from scorer.hierarchy import LEVEL2_PARENT, recognise
from scorer.library.project_types import type_of_project
from scorer.model import Document, Indicator, Project
from scorer.nlp import tokenize
from scorer.normalize import clean_cell

SCHEMA = "scorer-library/v1"
ENTRIES_FILE = "indicators.json"
GROUPS_FILE = "groups.json"
ALL_TYPES = "全部"


@dataclass(frozen=True)
class Entry:
    """One good indicator as printed, with where it comes from."""

    level2: str
    type: str
    level3: str
    value: str
    op: str | None
    number: float | None
    unit: str | None
    kind: str
    filing: str
    project: str
    line: int
    year: int | None  # the filing's budget year, to move its dates to another year
    tokens: tuple[str, ...]

    @property
    def cited(self) -> str:
        """How a suggestion names its source: filing, project, 三级 and value."""
        return f"{self.filing} {self.project}：{self.level3} {self.value}"


def canonical_level2(label: str) -> str | None:
    """The standard 二级 name, or None for a label the hierarchy does not know."""
    found = recognise(label or "")
    return found.name if found and found.name in LEVEL2_PARENT else None


def good_indicators(project: Project) -> Iterable[tuple[Indicator, str]]:
    """(row, 二级) for every checkable row of a scored project that no check flagged."""
    if project.scope != "project":
        return
    # a fault found in both halves is reported once, on the annual row: its twin is no better
    # a cost above the funds may be named by a project finding (F105) instead of flagged on its row,
    # and the rows of a one-year project whose halves disagree by one P102 finding on the first
    faulty = {flag.indicator for flag in project.flags if flag.indicator}
    faulty |= {i.id for i in project.indicators if above_funds(i, project)}
    faulty |= {row.id for row, _ in disagreeing_rows(ProjectContext.of(project, None, {}))}
    flagged = with_twins(project, faulty)
    for indicator in project.indicators:
        level2 = canonical_level2(indicator.level2)
        parsed = indicator.parsed
        if indicator.id in flagged or level2 is None or not clean_cell(indicator.level3):
            continue
        if parsed is not None and parsed.kind != "text":
            yield indicator, level2


def collect(documents: Iterable[Document]) -> list[Entry]:
    """The good rows of all documents, each (二级, 三级, 值, filing, project) once, in a fixed order.

    A 三级 a narrow column cut short is stored under the full name the other half prints.
    """
    entries: dict[tuple[str, ...], Entry] = {}
    for document in documents:
        filing = Path(document.path).name
        for project in document.projects:
            kind = type_of_project(project)
            context = ProjectContext(project=project, budget_year=document.budget_year, config={})
            for indicator, level2 in good_indicators(project):
                parsed = indicator.parsed
                assert parsed is not None
                level3, value = clean_cell(full_name(indicator, context)), clean_cell(indicator.value)
                key = (level2, level3, value, filing, project.name)
                if key in entries:
                    continue
                entries[key] = Entry(
                    level2=level2,
                    type=kind,
                    level3=level3,
                    value=value,
                    op=parsed.op,
                    number=parsed.number,
                    unit=parsed.unit,
                    kind=parsed.kind,
                    filing=filing,
                    project=project.name,
                    line=indicator.source_line,
                    year=document.budget_year,
                    tokens=tuple(tokenize(level3)),
                )
    return sorted(entries.values(), key=lambda e: (e.level2, e.type, e.level3, e.value, e.filing, e.project, e.line))


def _range(entries: list[Entry], unit: str | None) -> list[float] | None:
    numbers = [e.number for e in entries if e.unit == unit and e.number is not None]
    return [min(numbers), max(numbers)] if numbers else None


def _top(counter: Counter[Any]) -> Any:
    """The most common item; ties go to the smallest, so the result never depends on order."""
    if not counter:
        return None
    best = max(counter.values())
    return min((k for k, v in counter.items() if v == best), key=lambda k: (k is None, str(k)))


def group_stats(entries: list[Entry]) -> list[dict[str, Any]]:
    """Per (二级, type) and per 二级 over all types: size, typical kind, unit, comparator and range."""
    groups: dict[tuple[str, str], list[Entry]] = {}
    for entry in entries:
        groups.setdefault((entry.level2, entry.type), []).append(entry)
        groups.setdefault((entry.level2, ALL_TYPES), []).append(entry)
    stats = []
    for (level2, kind), members in sorted(groups.items()):
        value_kind = _top(Counter(e.kind for e in members))
        typical = [e for e in members if e.kind == value_kind]
        unit = _top(Counter(e.unit for e in typical))
        stats.append(
            {
                "level2": level2,
                "type": kind,
                "count": len(members),
                "kind": value_kind,
                "unit": unit,
                "op": _top(Counter(e.op for e in typical if e.unit == unit)),
                "range": _range(members, unit),
                "filings": sorted({e.filing for e in members}),
            }
        )
    return stats


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def write_library(entries: list[Entry], output: Path) -> list[Path]:
    """indicators.json (every good row) and groups.json (per-group statistics) under `output`."""
    output.mkdir(parents=True, exist_ok=True)
    sources = sorted({e.filing for e in entries})
    rows = [{**asdict(e), "tokens": list(e.tokens)} for e in entries]
    written = []
    for name, data in (
        (ENTRIES_FILE, {"schema": SCHEMA, "sources": sources, "entries": rows}),
        (GROUPS_FILE, {"schema": SCHEMA, "sources": sources, "groups": group_stats(entries)}),
    ):
        path = output / name
        path.write_text(_dumps(data), encoding="utf-8")
        written.append(path)
    return written


def build_library(paths: Iterable[str | Path], output: Path) -> list[Path]:
    """Score the filings with the rules and models (library suggestions off) and write the library."""
    from scorer.config import load_config
    from scorer.pipeline import score_files

    config = load_config()
    config.setdefault("library", {})["enabled"] = False
    return write_library(collect(score_files(sorted(str(p) for p in paths), config)), output)

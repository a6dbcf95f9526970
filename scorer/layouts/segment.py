"""Cut a filing into target tables at their title lines and parse each one.

A document holds narrative text, budget tables and then one target table per project; a
table runs from its title to its footer or to the next title. A title repeated by a page
break opens no new project: a segment without a 项目名称 continues the previous table.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from scorer.ingest import SourceText
from scorer.layouts.table import NAME_LABELS, ParsedTable, TableSpec, parse_table

DEPARTMENT_TITLE = re.compile(r"整体支出绩效目标(申报)?表")
_MAX_TITLE_CELLS = 2
_YEAR = re.compile(r"(20\d{2})\s*年")


@dataclass
class ParsedFiling:
    """What a layout read from one document, before ids and checks."""

    layout: str
    budget_year: int | None
    tables: list[ParsedTable] = field(default_factory=list)
    # line where the file stops inside a table that should have had a footer
    truncated_at: int | None = None


def title_lines(source: SourceText, pattern: re.Pattern[str]) -> list[int]:
    """1-based lines that are a table title matching `pattern` (short lines only)."""
    found = []
    for number, line in enumerate(source.lines, start=1):
        if "目标" not in line:  # cheap pre-filter: every title names a 绩效目标表
            continue
        cells = [c for c in source.cells(number) if c]
        if 0 < len(cells) <= _MAX_TITLE_CELLS and pattern.search(cells[0]):
            found.append(number)
    return found


def _has_name(source: SourceText, start: int, end: int) -> bool:
    for number in range(start, end + 1):
        cells = [c for c in source.cells(number) if c]
        if any(c.startswith(NAME_LABELS) for c in cells[:2]):
            return True
    return False


def parse_segments(
    source: SourceText, project_title: re.Pattern[str], spec: TableSpec, department_spec: TableSpec
) -> ParsedFiling:
    """Parse every project table (and 部门整体支出 table) of a document."""
    starts = [(n, spec) for n in title_lines(source, project_title)]
    starts += [(n, department_spec) for n in title_lines(source, DEPARTMENT_TITLE)]
    starts.sort(key=lambda item: item[0])
    segments: list[tuple[int, int, TableSpec]] = []
    for index, (start, table_spec) in enumerate(starts):
        end = starts[index + 1][0] - 1 if index + 1 < len(starts) else len(source)
        if not _has_name(source, start, end) and segments and segments[-1][2] is table_spec:
            previous_start, _, previous_spec = segments[-1]
            segments[-1] = (previous_start, end, previous_spec)
            continue
        segments.append((start, end, table_spec))
    filing = ParsedFiling(layout=spec.layout, budget_year=None)
    for start, end, table_spec in segments:
        table = parse_table(source, start, end, table_spec)
        if not table.project.name and not table.project.indicators:
            continue  # a document heading that only looks like a title
        filing.tables.append(table)
    filing.budget_year = filing_budget_year(source, filing.tables)
    if filing.tables and any(w.code == "W106" for w in filing.tables[-1].warnings):
        filing.truncated_at = filing.tables[-1].project.source_lines[1]
    return filing


def filing_budget_year(source: SourceText, tables: list[ParsedTable]) -> int | None:
    """The year most project tables are headed with; else the year their terms start in."""
    years = Counter(t.budget_year for t in tables if t.budget_year and t.project.scope == "project")
    if years:
        return years.most_common(1)[0][0]
    terms = Counter(int(m.group(1)) for t in tables if t.project.term and (m := _YEAR.search(t.project.term)))
    if terms:
        return terms.most_common(1)[0][0]
    head = Counter(int(m.group(1)) for line in source.lines[:80] for m in _YEAR.finditer(line))
    return head.most_common(1)[0][0] if head else None

"""Structured exports of budget-management systems: indicator columns found by their headers.

An export prints, per project, a title, a few labelled field rows (项目名称, 主管部门, 年度资金总额 …)
and an indicator table whose header row names its columns (一级指标 | 二级指标 | 三级指标 |
指标性质 | 指标值 | 度量单位 | 权重 …, in any order and with any extra columns). Unlike text
extracted from PDF, an export keeps every cell in its column, so rows are read by the header's
column map (scorer/layouts/columns.py), not by placement. Many projects may share one sheet; a
new 项目名称 row starts the next. 实施期 and 年度 tables may follow each other in one project or
sit on separate sheets, in which case the two halves of a project are joined by its name.

The same reader parses any table with a recognisable indicator header when no registered layout
claims the file (`parse_generic`), and says so with one W111 parse warning per project.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scorer.hierarchy import COST, LEVEL1_NAMES, ONLY_CHILD, parent_of, recognise
from scorer.ingest import SourceText
from scorer.layouts import fields as f
from scorer.layouts import table as t
from scorer.layouts.columns import ColumnMap, map_header_rows, named_cells
from scorer.layouts.grid import non_empty_cells
from scorer.layouts.segment import ParsedFiling, filing_budget_year
from scorer.layouts.table import ParsedTable
from scorer.layouts.warnings import PendingWarning
from scorer.model import Indicator, Period, Project

NAME = "structured"
GENERIC_NAME = "generic"

_TITLE = re.compile(r"绩效目标(申报|审核)?表")
_SECTION = re.compile(r"^(实施期|中期|年度|本年度|全年)(绩效)?(指标|目标)(表)?$")  # not 年度目标完成率
_SHEET = re.compile(r"^工作表“([^”]*)”")
_WEIGHT = re.compile(r"^(\d+(?:\.\d+)?)\s*%?$")
_FUNDS_LABEL = re.compile(r"^(实施期|年度|项目年度|项目)?(资金总额|金额|资金)")
_MAY_NAME_COLUMNS = re.compile(r"指标|绩效值|目标值|单位|权重|分值|性质|符号|方向")
_UNIT_LINE = re.compile(r"^(金额)?单位\s*[:：]")


def detect(source: SourceText) -> float:
    """Above the seed layouts' 1.0: an export with 指标性质/度量单位/权重 columns is read by header
    even when its title is one a seed template also prints."""
    return 2.0 if any(cmap.structured for _, cmap in header_rows(source, first_structured=True)) else 0.0


def header_rows(source: SourceText, first_structured: bool = False) -> list[tuple[int, ColumnMap]]:
    """Lines that are an indicator header row (or its second row), with their column maps
    (up to the first structured one when `first_structured`: detection needs no more)."""
    found = []
    previous: list[str] | None = None
    for number in range(1, len(source) + 1):
        line = source.lines[number - 1]
        if not _MAY_NAME_COLUMNS.search(line):  # cheap pre-filter: most lines name no column
            previous = None
            continue
        cells = source.cells(number)
        if named_cells(cells) < 2:
            previous = None
            continue
        cmap = map_header_rows(previous, cells)
        if cmap is not None:
            found.append((number, cmap))
            if first_structured and cmap.structured:
                break
        previous = cells
    return found


def parse(source: SourceText) -> ParsedFiling:
    return _Reader(source, NAME).read()


def parse_generic(source: SourceText) -> ParsedFiling:
    """A table no registered layout claims, read by its header row, each project warned (W111)."""
    filing = _Reader(source, GENERIC_NAME).read()
    for parsed in filing.tables:
        start = parsed.project.source_lines[0]
        parsed.warnings.insert(0, PendingWarning("W111", start, "按表头识别列"))
    return filing


@dataclass
class _Table:
    """One project while it is read: its fields, indicators and the grid being filled."""

    start: int
    unit: str
    period: Period | None  # from a title or sheet that names one period
    project: Project = field(default_factory=lambda: Project(name="", source_lines=(0, 0)))
    year: int | None = None
    warnings: list[PendingWarning] = field(default_factory=list)
    last: int = 0
    grid: ColumnMap | None = None
    grid_period: Period = "annual"
    level1: str = ""
    level2: str = ""

    def periods(self) -> set[str]:
        return {i.period for i in self.project.indicators}


class _Reader:
    def __init__(self, source: SourceText, layout: str) -> None:
        self.source = source
        self.layout = layout
        self.tables: list[_Table] = []
        self.current: _Table | None = None
        self.unit = "元"
        self.year: int | None = None
        self.title_period: Period | None = None
        self.section: Period | None = None
        self.sheet: str | None = None
        self.header_part: list[str] | None = None  # the first row of a two-row header

    def read(self) -> ParsedFiling:
        for number in range(1, len(self.source) + 1):
            self._line(number)
        self._close()
        tables = [self._finish(table) for table in self.tables]
        return ParsedFiling(layout=self.layout, budget_year=filing_budget_year(self.source, tables), tables=tables)

    # --------------------------------------------------------------------------- one line

    def _line(self, number: int) -> None:
        cells = self.source.cells(number)
        texts = [c for c in cells if c]
        if not texts:
            return
        self._sheet_changes(number)
        first = texts[0]
        table = self.current
        part, self.header_part = self.header_part, None
        named = named_cells(cells) if len(texts) > 1 and _MAY_NAME_COLUMNS.search(self.source.lines[number - 1]) else 0
        cmap = map_header_rows(part, cells) if named >= 2 else None
        if cmap is None and named >= 2:
            self.header_part = cells  # 指标性质 | 指标值 | 度量单位 over a row naming 一级/二级/三级
            return
        if cmap is not None:
            if table is None:
                table = self._open(number)
            table.grid = cmap
            table.grid_period = self._grid_period(cmap, table)
            table.level1 = table.level2 = ""
            table.last = number
            self.section = None
            return
        if len(texts) <= 2 and _TITLE.search(first) and len(first) <= 40:
            self._close()
            self.title_period = "total" if "实施期" in first else None
            self.year = f.year_of_heading(first) or self.year
            return
        if len(texts) == 1 and (year := f.year_of_heading(first)):
            self.year = year
            if table is not None and table.year is None and not table.project.indicators:
                table.year = year
            return
        if _UNIT_LINE.match(first) and (unit := f.unit_in_label(first)) and len(texts) <= 2:
            self.unit = unit
            if table is not None and not table.project.indicators:
                table.unit = unit
            return
        if len(texts) == 1 and (m := _SECTION.match(first)):
            self.section = "total" if m.group(1) in ("实施期", "中期") else "annual"
            return
        if any(f.label_matches(c, t.NAME_LABELS) for c in texts[:2]):
            self._close()
            table = self._open(number)
            self._fields(table, non_empty_cells(cells))
            return
        if table is None:
            return
        if any(c.startswith(t.FOOTER_LABELS) for c in texts[:2]):
            table.project.stamp = f.find_stamp(" ".join(texts))
            table.grid = None
            table.last = number
            return
        if table.grid is not None:
            self._row(table, number, cells)
            return
        self._fields(table, non_empty_cells(cells))
        table.last = number

    def _sheet_changes(self, number: int) -> None:
        """A new sheet of a workbook starts afresh: its own unit line and its own period."""
        match = _SHEET.match(self.source.where(number)) if self.source.locations else None
        sheet = match.group(1) if match else None
        if sheet == self.sheet:
            return
        self.sheet = sheet
        self.unit = "元"
        self.title_period = None

    def _grid_period(self, cmap: ColumnMap, table: _Table) -> Period:
        if cmap.period_hint:
            return "total" if cmap.period_hint == "total" else "annual"
        if self.section:
            return self.section
        if table.period:
            return table.period
        if self.sheet and "实施期" in self.sheet:
            return "total"
        return "annual"

    def _open(self, number: int) -> _Table:
        period = self.title_period or ("total" if self.sheet and "实施期" in self.sheet else None)
        table = _Table(start=number, unit=self.unit, period=period, year=self.year, last=number)
        table.project.source_lines = (number, number)
        self.current = table
        return table

    def _close(self) -> None:
        table, self.current = self.current, None
        if table is None or (not table.project.name and not table.project.indicators):
            return
        table.project.source_lines = (table.start, table.last)
        twin = self._twin(table)
        if twin is None:
            self.tables.append(table)
            return
        # the other period of a project printed on its own sheet or in its own table
        twin.project.indicators.extend(table.project.indicators)
        twin.warnings.extend(table.warnings)
        funds, other = twin.project.funds, table.project.funds
        funds.total = funds.total if funds.total is not None else other.total
        funds.annual = funds.annual if funds.annual is not None else other.annual
        for mine, theirs in ((funds.sources_total, other.sources_total), (funds.sources_annual, other.sources_annual)):
            for key, amount in theirs.items():
                mine.setdefault(key, amount)
        twin.project.goal_total = twin.project.goal_total or table.project.goal_total
        twin.project.goal_annual = twin.project.goal_annual or table.project.goal_annual

    def _twin(self, table: _Table) -> _Table | None:
        """The earlier table of the same project holding only the other period, if any."""
        periods = table.periods()
        if len(periods) != 1:
            return None
        key = (table.project.name, table.project.department)
        for other in self.tables:
            theirs = other.periods()
            if (other.project.name, other.project.department) == key and len(theirs) == 1 and theirs != periods:
                return other
        return None

    # --------------------------------------------------------------------------- fields

    def _fields(self, table: _Table, cells: list[t.Cell]) -> None:
        project = table.project
        texts = [c.text for c in cells]
        if any(f.label_matches(c, t.NAME_LABELS) for c in texts[:2]) and not project.name:
            project.name = t._field_value(cells, t.NAME_LABELS) or ""
            if texts[0].startswith("部门名称"):
                project.scope = "department"
                project.department = project.name
        if f.label_matches(texts[0], t.DEPARTMENT_LABELS) or any(c.startswith("主管部门") for c in texts):
            project.department = t._field_value(cells, t.DEPARTMENT_LABELS) or project.department
        project.implementer = t._field_value(cells, t.IMPLEMENTER_LABELS) or project.implementer
        project.attribute = t._field_value(cells, t.ATTRIBUTE_LABELS) or project.attribute
        project.term = t._field_value(cells, t.TERM_LABELS) or project.term
        if f.label_matches(texts[0], t.OVERVIEW_LABELS):
            project.overview = t._field_value(cells, t.OVERVIEW_LABELS)
        goal = f.label_matches(texts[0], ("实施期绩效目标", "实施期总体目标", "实施期目标", *t.GOAL_LABELS))
        if goal and len(texts) > 1:
            if goal.startswith("实施期") or table.period == "total":
                project.goal_total = texts[1]
            elif goal == "总体目标" and len(texts) > 2:
                project.goal_total, project.goal_annual = texts[1], texts[2]
            else:
                project.goal_annual = texts[1]
        self._funds(table, cells)
        sources = t._sources(cells, table.unit)
        if sources:
            target = project.funds.sources_total if table.period == "total" else project.funds.sources_annual
            if len(sources) > 1:
                project.funds.sources_total.setdefault(*sources[0])
                project.funds.sources_annual.setdefault(*sources[1])
            else:
                target.setdefault(*sources[0])

    def _funds(self, table: _Table, cells: list[t.Cell]) -> None:
        """年度资金总额 546.336, 实施期资金总额(万元) 1,200, 资金总额：40,000 — in 元, by the line's unit."""
        funds = table.project.funds
        for index, cell in enumerate(cells):
            match = _FUNDS_LABEL.match(cell.text.replace(" ", ""))
            if not match or "其中" in cell.text:
                continue
            declared = f.unit_in_label(cell.text[: match.end() + 6])
            if declared:
                table.unit = declared  # 年度资金总额(万元): the 其中 lines below are in 万元 too
            unit = declared or table.unit
            rest = re.sub(r"^[^\d-]*", "", cell.text[match.end() :])
            if not rest and index + 1 < len(cells):
                rest = cells[index + 1].text
            amount = f.parse_amount(rest, unit)
            if amount is None:
                continue
            period = match.group(1) or ""
            if period == "实施期" or (not period and table.period == "total"):
                funds.total = amount
            else:
                funds.annual = amount

    # --------------------------------------------------------------------------- indicators

    def _row(self, table: _Table, number: int, cells: list[str]) -> None:
        cmap = table.grid
        assert cmap is not None
        read = {name: (cmap.cell(cells, name) or "").strip() for name in cmap.columns}
        self._levels(table, read.get("level1", ""), read.get("level2", ""), number)
        table.last = number
        name = read.get("level3", "")
        columns = cmap.period_values or ((table.grid_period, cmap.columns["value"]),)
        for period, column in columns:
            value = (cells[column] if column < len(cells) else "").strip()
            self._indicator(table, number, cells, name, value, "total" if period == "total" else "annual")

    def _indicator(self, table: _Table, number: int, cells: list[str], name: str, value: str, period: Period) -> None:
        cmap = table.grid
        assert cmap is not None
        nature, unit = cmap.cell(cells, "nature"), cmap.cell(cells, "unit")
        if not name and not value and not (nature or "").strip():
            return  # a 一级/二级 row with no 三级 beneath it yet, or an empty placeholder
        if name and not value and (label := recognise(name)) and label.level == 2:
            return  # a placeholder 二级 printed in the 三级 column
        level2 = table.level2 or ONLY_CHILD.get(table.level1, "")
        indicator = Indicator(
            period=period,
            level1=parent_of(level2, table.level1),
            level2=level2,
            level3=name,
            value=value,
            source_line=number,
            nature=nature.strip() if nature is not None else None,
            unit_cell=unit.strip() if unit is not None else None,
            weight=_weight(cmap.cell(cells, "weight")),
        )
        table.project.indicators.append(indicator)
        if not name:
            table.warnings.append(PendingWarning("W102", number, f"指标值“{value}”", indicator))
        if not level2:
            table.warnings.append(PendingWarning("W103", number, "二级指标为空", indicator))

    def _levels(self, table: _Table, first: str, second: str, number: int) -> None:
        if first:
            label = recognise(first)
            if label and (label.level == 1 or label.name == COST):
                table.level1 = label.name if label.name in LEVEL1_NAMES else COST
                table.level2 = ""
            elif label and label.level == 2 and not second:
                second = first  # a 二级 printed in the 一级 column of a narrow export
        if not second:
            return
        label = recognise(second)
        if label is None:
            table.level2 = second
            table.warnings.append(PendingWarning("W103", number, f"“{second}”"))
            return
        if label.level == 1:
            table.level1, table.level2 = label.name, second
            table.warnings.append(PendingWarning("W103", number, f"二级指标栏填写的是一级指标“{label.name}”"))
            return
        table.level2 = label.name
        table.level1 = parent_of(label.name, table.level1)
        if not label.known:
            table.warnings.append(PendingWarning("W103", number, f"“{second}”"))
        elif label.truncated:
            table.warnings.append(PendingWarning("W104", number, f"“{second}”按“{label.name}”读取"))

    # --------------------------------------------------------------------------- end

    def _finish(self, table: _Table) -> ParsedTable:
        project = table.project
        project.table_year = table.year
        unique: dict[tuple[str, int, str, str], PendingWarning] = {}
        for warning in table.warnings:
            period = warning.indicator.period if warning.indicator else ""
            unique.setdefault((warning.code, warning.line, warning.detail, period), warning)
        warnings = list(unique.values())
        if not project.indicators:
            warnings.append(PendingWarning("W107", table.start, project.name or "未命名表格"))
        if project.scope == "project" and project.funds.annual is None and project.funds.total is None:
            warnings.append(PendingWarning("W108", table.start, project.name or "未命名项目"))
        return ParsedTable(project=project, budget_year=table.year, warnings=warnings)


def _weight(cell: str | None) -> float | None:
    """权重 13, 13%, 13.0 → 13.0; empty or not a number → None."""
    if cell is None:
        return None
    match = _WEIGHT.match(cell.replace(",", "").strip())
    return float(match.group(1)) if match else None

"""Read one target table (header fields + indicator grid) into a Project.

All seed layouts share this reader: they differ in how a table is titled, which field labels
they print and how many period halves the grid has, and the grid's own header row says the
latter. A layout module therefore only supplies a `TableSpec`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scorer.cellkind import value_likeness
from scorer.hierarchy import HEADER_WORDS, ONLY_CHILD, parent_of, recognise
from scorer.ingest import SourceText
from scorer.layouts import fields as f
from scorer.layouts.grid import L1, L2, NAME, VALUE, Cell, Slot, non_empty_cells, place_row
from scorer.layouts.warnings import PendingWarning
from scorer.model import Funds, Indicator, Period, Project, Scope

NAME_LABELS = ("项目名称", "部门名称")
DEPARTMENT_LABELS = ("主管部门及代码", "主管部门")
IMPLEMENTER_LABELS = ("实施单位",)
ATTRIBUTE_LABELS = ("项目属性", "项目类别", "项目类型")
TERM_LABELS = ("项目期限", "项目日期", "项目期", "实施期限")
TOTAL_FUNDS_LABELS = ("实施期资金总额",)
ANNUAL_FUNDS_LABELS = ("年度资金总额", "项目年度金额", "年度金额")
GOAL_LABELS = ("总体目标", "年度总体绩效目标", "年度绩效目标", "年度总体目标", "绩效目标")
OVERVIEW_LABELS = ("项目概况",)
SOURCE_LABELS = (
    ("中央", "中央财政资金"),
    ("省级", "省级财政资金"),
    ("市县", "市县(区)财政资金"),
    ("单位自筹", "单位自筹"),
    ("其他资金", "其他资金"),
)
FOOTER_LABELS = ("负责人", "填报日期", "填报人", "审核人")
FIELD_LABELS = (
    NAME_LABELS
    + DEPARTMENT_LABELS
    + IMPLEMENTER_LABELS
    + ATTRIBUTE_LABELS
    + TERM_LABELS
    + TOTAL_FUNDS_LABELS
    + ANNUAL_FUNDS_LABELS
    + ("项目主管处室", "项目资金", "项目编码")
)
_CONTINUATION_LIKENESS = 0.8
# A 三级 name cut short by a narrow column keeps at least this many characters; shorter
# prefixes (数量, 满意度) say too little to tie two cells to one indicator.
MIN_CUT_NAME = 4


def _repeats(previous: Indicator | None, name: str, value: str) -> bool:
    """Whether a half's cells on a line only repeat the row read from the line above: a cell
    wrapped onto a second line comes out of the PDF text as the start of the name again, with
    the same value, and is the same indicator, not a new one."""
    return (
        previous is not None
        and value == previous.value
        and len(name) >= MIN_CUT_NAME
        and len(name) < len(previous.level3)
        and previous.level3.startswith(name)
    )


def same_name(a: str, b: str) -> bool:
    """Whether two 三级 cells name one indicator: equal, or one cut short from the other."""
    return a == b or (min(len(a), len(b)) >= MIN_CUT_NAME and (a.startswith(b) or b.startswith(a)))


@dataclass(frozen=True)
class TableSpec:
    """What a layout tells the shared reader about its tables."""

    layout: str
    money_unit: str = "元"
    scope: Scope = "project"
    # slot kinds per half, used only when a table prints no grid header row
    default_halves: tuple[tuple[str, ...], ...] = ((L1, L2, NAME, VALUE), (L2, NAME, VALUE))


@dataclass
class ParsedTable:
    project: Project
    budget_year: int | None
    warnings: list[PendingWarning] = field(default_factory=list)


def _periods(n_halves: int) -> list[Period]:
    return ["total", "annual"] if n_halves == 2 else ["annual"] * n_halves


def slots_from_header(cells: list[Cell]) -> tuple[list[Slot], int] | None:
    """Slots announced by a grid header row (一级指标 二级指标 三级指标 指标值 …)."""
    kinds = {
        "一级指标": L1,
        "二级指标": L2,
        "三级指标": NAME,
        "指标值": VALUE,
        "绩效值": VALUE,
        "目标值": VALUE,
    }
    slots: list[Slot] = []
    half = -1
    seen: set[str] = set()
    for cell in cells:
        kind = kinds.get(cell.text)
        if kind is None:
            continue
        if half < 0 or (kind in seen and kind in (L1, L2, NAME, VALUE)):
            half += 1
            seen = set()
        seen.add(kind)
        slots.append(Slot(half, kind, cell.column))
    if not any(s.kind == NAME for s in slots):
        return None
    # Every half of a grid has a value, even when its header cell is missing (the values are
    # then missing too, which W109 reports); the slot stays so a stray value still finds it.
    for h in range(half + 1):
        if not any(s.half == h and s.kind == VALUE for s in slots):
            last = max(i for i, s in enumerate(slots) if s.half == h)
            slots.insert(last + 1, Slot(h, VALUE, None))
    return slots, half + 1


def _default_slots(spec: TableSpec) -> tuple[list[Slot], int]:
    slots = [Slot(h, kind) for h, kinds in enumerate(spec.default_halves) for kind in kinds]
    return slots, len(spec.default_halves)


def _is_header_row(cells: list[Cell]) -> bool:
    return any(c.text == "三级指标" for c in cells)


def _is_footer(cells: list[Cell]) -> bool:
    return any(c.text.startswith(FOOTER_LABELS) for c in cells[:2])


def _field_value(cells: list[Cell], labels: tuple[str, ...]) -> str | None:
    value = f.value_after(cells, labels)
    if value is None or f.label_matches(value, FIELD_LABELS):
        return None
    return value


class _Grid:
    """Indicator rows of one table, with 一级/二级 carried down per half."""

    def __init__(self, slots: list[Slot], n_halves: int, line: int) -> None:
        self.slots = slots
        self.n_halves = n_halves
        self.periods = _periods(n_halves)
        self.has_value = [
            any(s.half == h and s.kind == VALUE and s.column is not None for s in slots)
            or all(s.column is None for s in slots)
            for h in range(n_halves)
        ]
        self.level1 = ""
        self.level2 = [""] * n_halves
        self.indicators: list[Indicator] = []
        self.seen: list[set[str]] = [set() for _ in range(n_halves)]
        self.warnings: list[PendingWarning] = []
        self.awaiting_value: list[Indicator] = []
        # per half, the row read from the previous line (a wrapped cell may repeat it)
        self.previous: list[Indicator | None] = [None] * n_halves
        if not all(self.has_value):
            self.warnings.append(PendingWarning("W109", line, "表头缺少指标值列"))

    def add_row(self, line: int, cells: list[Cell]) -> None:
        if cells and cells[0].text == "绩效指标":
            cells = cells[1:]
        cells = [c for c in cells if c.text not in HEADER_WORDS]
        if not cells:
            return
        if self._continues_previous(cells):
            return
        placement = place_row(cells, self.slots, self.n_halves, self.seen)
        awaiting: list[Indicator] = []
        level1_before = self.level1
        for half, got in enumerate(placement.halves):
            self._update_levels(half, got, line)
        if self.level1 != level1_before:
            self._follow_new_block(placement.halves, line)
        self._follow_label_beside(placement.halves, line)
        previous, self.previous = self.previous, [None] * self.n_halves
        for half, got in enumerate(placement.halves):
            name = got.get(NAME)
            value = got.get(VALUE)
            if name and not value and (label := recognise(name.text)) and label.level == 2:
                continue  # a placeholder 二级 label printed in the 三级 column
            if not name and not value:
                continue
            if name and value and _repeats(previous[half], name.text, value.text):
                self.previous[half] = previous[half]
                continue
            level2 = self.level2[half] or ONLY_CHILD.get(self.level1, "")
            indicator = Indicator(
                period=self.periods[half],
                level1=parent_of(level2, self.level1),
                level2=level2,
                level3=name.text if name else "",
                value=value.text if value else "",
                source_line=line,
            )
            self.indicators.append(indicator)
            self.previous[half] = indicator
            self.seen[half].add(indicator.level3)
            if not value and self.has_value[half]:
                awaiting.append(indicator)
                if name and self._cut_at_edge(half, name, cells):
                    self.warnings.append(PendingWarning("W112", line, f"“{name.text}”位于指标值列且在行尾", indicator))
            if not name:
                self.warnings.append(PendingWarning("W102", line, f"指标值“{indicator.value}”", indicator))
            if not level2:
                self.warnings.append(PendingWarning("W103", line, "二级指标为空", indicator))
        for cell in placement.dropped:
            self.warnings.append(PendingWarning("W105", line, f"“{cell.text}”"))
        self.awaiting_value = awaiting

    def _cut_at_edge(self, half: int, name: Cell, cells: list[Cell]) -> bool:
        """Whether a half's 三级 sits in its 指标值 column as the line's last cell: the row is shifted
        right in the extraction and the value that followed was cut off at the table's edge."""
        column = next((s.column for s in self.slots if s.half == half and s.kind == VALUE), None)
        return column is not None and name.column >= column and name.column == max(c.column for c in cells)

    def _follow_new_block(self, halves: list[dict[str, Cell]], line: int) -> None:
        """A new 一级 in this row ends every half's block; a half that printed no 二级 of its own
        (its cell was lost or overwritten) takes the one printed beside it, since halves mirror each other."""
        printed = [h for h, got in enumerate(halves) if got.get(L2) and parent_of(self.level2[h], None) == self.level1]
        if not printed:
            return
        donor = self.level2[printed[0]]
        for half, got in enumerate(halves):
            if got.get(L2) or not self.level2[half] or parent_of(self.level2[half], None) == self.level1:
                continue
            self.warnings.append(PendingWarning("W110", line, f"按同一行的“{donor}”读取"))
            self.level2[half] = donor

    def _follow_label_beside(self, halves: list[dict[str, Cell]], line: int) -> None:
        """A half that printed no 二级 on this row takes the 二级 the other half printed beside the
        same 三级 (equal, or one cut short by a narrow column): both halves list the same indicators,
        so an explicit label on the row outweighs one carried down from the rows above."""
        for half, got in enumerate(halves):
            name = got.get(NAME)
            if got.get(L2) or got.get(L1) or name is None:
                continue
            for other, beside in enumerate(halves):
                label = recognise(beside[L2].text) if other != half and L2 in beside else None
                if label is None or label.level != 2 or not label.known:
                    continue
                twin = beside.get(NAME)
                if twin is None or not same_name(name.text, twin.text) or self.level2[half] == self.level2[other]:
                    continue
                donor = self.level2[other]
                self.warnings.append(PendingWarning("W110", line, f"按同一行的“{donor}”读取"))
                self.level2[half] = donor
                break

    def _continues_previous(self, cells: list[Cell]) -> bool:
        """A lone value on its own line completes the previous row (page or cell break)."""
        if len(cells) != 1 or not self.awaiting_value:
            return False
        text = cells[0].text
        if recognise(text) or value_likeness(text) < _CONTINUATION_LIKENESS:
            return False
        indicator = self.awaiting_value.pop()
        indicator.value = text
        return True

    def _update_levels(self, half: int, got: dict[str, Cell], line: int) -> None:
        first = got.get(L1)
        second = got.get(L2)
        first_label = recognise(first.text) if first else None
        second_label = recognise(second.text) if second else None
        if first_label and first_label.level == 1:
            self.level1 = first_label.name
            if not second_label:
                self.level2[half] = ""
        if second_label is None:
            return
        if second_label.level == 1:
            # a 一级 label printed in the 二级 column: keep it as printed and say so
            self.level1 = second_label.name
            self.level2[half] = second.text if second else ""
            self.warnings.append(PendingWarning("W103", line, f"二级指标栏填写的是一级指标“{second_label.name}”"))
            return
        self.level2[half] = second_label.name
        if not second_label.known:
            self.warnings.append(PendingWarning("W103", line, f"“{second.text}”" if second else ""))
        elif second_label.truncated:
            self.warnings.append(
                PendingWarning("W104", line, f"“{second.text}”按“{second_label.name}”读取" if second else "")
            )

    def finish(self) -> None:
        """Keep each distinct warning once (both halves often repeat the same label)."""
        unique: dict[tuple[str, int, str], PendingWarning] = {}
        for warning in self.warnings:
            key = (warning.code, warning.line, warning.detail)
            if warning.indicator is not None:
                key += (warning.indicator.period,)  # type: ignore[assignment]
            unique.setdefault(key, warning)
        self.warnings = list(unique.values())


_SOURCE_LEAD = re.compile(r"^其中[:：]?")
_SOURCE_KEYS = tuple(key for key, _ in SOURCE_LABELS)


def _sources(cells: list[Cell], unit: str) -> list[tuple[str, float]]:
    """(source, amount) pairs on a 其中 line, left half first."""
    found: list[tuple[str, float]] = []
    for index, cell in enumerate(cells):
        text = cell.text
        if text.startswith("其中"):
            text = _SOURCE_LEAD.sub("", text)
        if not text.startswith(_SOURCE_KEYS):  # most cells name no source: settled in one test
            continue
        for key, canonical in SOURCE_LABELS:
            if text.startswith(key):
                rest = text[len(key) :]
                amount = None
                tail = re.sub(r"^[^\d]*", "", rest)
                if tail:
                    amount = f.parse_amount(tail, unit)
                elif index + 1 < len(cells) and f.is_amount(cells[index + 1].text):
                    amount = f.parse_amount(cells[index + 1].text, unit)
                found.append((canonical, amount if amount is not None else 0.0))
                break
    return found


def parse_table(source: SourceText, start: int, end: int, spec: TableSpec) -> ParsedTable:
    """Parse lines start..end (1-based, inclusive) of `source` as one target table."""
    project = Project(name="", source_lines=(start, end), scope=spec.scope)
    funds = Funds()
    unit = spec.money_unit
    budget_year: int | None = None
    grid: _Grid | None = None
    last_line = start
    footer_seen = False
    department_budget_unit: str | None = None
    for line_no in range(start, end + 1):
        raw = source.lines[line_no - 1]
        cells = non_empty_cells(source.cells(line_no))
        if not cells:
            continue
        first = cells[0].text
        if line_no <= start + 4 and budget_year is None and (year := f.year_of_heading(raw)):
            budget_year = year
            if line_no != start:
                continue
        if line_no == start:
            continue
        if _is_footer(cells):
            project.stamp = f.find_stamp(" ".join(c.text for c in cells))
            last_line = line_no
            footer_seen = True
            break
        if first.startswith("单位") and (u := f.unit_in_label(first)) and len(cells) <= 2:
            unit = u
            continue
        if _is_header_row(cells):
            header = slots_from_header(cells)
            if grid is None:
                if header is None or header[1] < len(spec.default_halves):
                    header = _default_slots(spec)  # the header names fewer halves than the rows hold
                slots, n_halves = header
                grid = _Grid(slots, n_halves, line_no)
            last_line = line_no
            continue
        if grid is not None:
            if f.year_of_heading(raw):
                continue  # a page break repeated the heading
            grid.add_row(line_no, cells)
            last_line = line_no
            continue
        last_line = line_no
        # header fields
        if any(f.label_matches(c.text, NAME_LABELS) for c in cells[:2]) and not project.name:
            project.name = _field_value(cells, NAME_LABELS) or ""
            if any(c.text.startswith("部门名称") for c in cells[:2]):
                project.department = project.name
        elif f.label_matches(first, DEPARTMENT_LABELS):
            project.department = _field_value(cells, DEPARTMENT_LABELS)
            project.implementer = _field_value(cells, IMPLEMENTER_LABELS) or project.implementer
        elif f.label_matches(first, IMPLEMENTER_LABELS):
            project.implementer = _field_value(cells, IMPLEMENTER_LABELS)
        elif f.label_matches(first, ATTRIBUTE_LABELS) or f.label_matches(first, TERM_LABELS):
            project.attribute = _field_value(cells, ATTRIBUTE_LABELS) or project.attribute
            project.term = _field_value(cells, TERM_LABELS) or project.term
        elif f.label_matches(first, OVERVIEW_LABELS):
            project.overview = _field_value(cells, OVERVIEW_LABELS)
        elif f.label_matches(first, GOAL_LABELS) and len(cells) > 1:
            texts = [c.text for c in cells[1:]]
            if first.startswith("年度") or len(spec.default_halves) == 1:
                project.goal_annual = texts[0]
            else:
                project.goal_total = texts[0]
                project.goal_annual = texts[1] if len(texts) > 1 else None
        elif first == "绩效指标" and len(cells) > 1:
            slots, n_halves = _default_slots(spec)
            grid = _Grid(slots, n_halves, line_no)
            grid.add_row(line_no, cells)
        else:
            _read_money_line(cells, unit, funds, project)
            if any("资金总额(万元)" in c.text or "资金总额(亿元)" in c.text for c in cells):
                department_budget_unit = f.unit_in_label(next(c.text for c in cells if "资金总额(" in c.text))
            elif department_budget_unit and funds.annual is None:
                funds.annual = f.amount_after(cells, ("合计",), department_budget_unit)
        if (u := f.unit_in_label(first)) and first.startswith("项目资金"):
            unit = u
            _read_money_line(cells, unit, funds, project)
    project.funds = funds
    project.source_lines = (start, last_line)
    project.table_year = budget_year
    warnings: list[PendingWarning] = []
    if grid is not None:
        grid.finish()
        project.indicators = grid.indicators
        warnings.extend(grid.warnings)
    if not project.indicators:
        warnings.append(PendingWarning("W107", start, project.name or "未命名表格"))
    if not footer_seen and spec.scope == "project" and _expects_footer(spec):
        warnings.append(PendingWarning("W106", last_line, "未见负责人/填报日期行"))
    if spec.scope == "project" and funds.annual is None and funds.total is None:
        warnings.append(PendingWarning("W108", start, project.name or "未命名项目"))
    return ParsedTable(project=project, budget_year=budget_year, warnings=warnings)


def _expects_footer(spec: TableSpec) -> bool:
    return len(spec.default_halves) == 2


def _read_money_line(cells: list[Cell], unit: str, funds: Funds, project: Project) -> None:
    total = f.amount_after(cells, TOTAL_FUNDS_LABELS, unit)
    annual = f.amount_after(cells, ANNUAL_FUNDS_LABELS, unit)
    if total is not None:
        funds.total = total
    if annual is not None:
        funds.annual = annual
    sources = _sources(cells, unit)
    if sources:
        funds.sources_total.setdefault(sources[0][0], sources[0][1])
        if len(sources) > 1:
            funds.sources_annual.setdefault(sources[1][0], sources[1][1])

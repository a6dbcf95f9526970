"""Render parsed seed filings as budget-management-system exports (text, CSV and XLSX).

The seed filings are PDF text of provincial templates; budget-management systems export the same
projects as structured tables whose columns are named by their headers. Each `Variant` is one
such system: its column order and header vocabulary, whether the 指标值 is split into 指标性质 |
指标值 | 度量单位 cells, whether money is in 元 or 万元 (declared by a `单位：万元` line or by the
header itself), whether 一级/二级 labels are printed once per block (merged cells in XLSX) or on
every row, and whether the 实施期 and 年度 tables follow each other or sit on sheets of their own.

A converted filing must read back as the same projects, funds and indicator rows as the original
(tests/test_structured.py), and benchmarks/structured_recall.py measures how many rows do.
"""

from __future__ import annotations

import csv
import io
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from renderings import blocks_from_lines, write_block

from scorer.model import Document, Indicator, Project
from scorer.values import parse_cells, parse_value

_OP = re.compile(r"^(≥|≤|>=|<=|=|>|<)")
_NUMBER_AND_UNIT = re.compile(r"^(\d[\d,]*(?:\.\d+)?)([^\d]*)$")
_SYMBOL = {">=": "≥", "<=": "≤"}


@dataclass(frozen=True)
class Variant:
    """One export format: which columns, under which headings, in which order, and how filled."""

    name: str
    columns: tuple[tuple[str, str], ...]  # (field, header text); fields level1…weight, or extra:…
    split: bool  # ≥1626人 → 指标性质 ≥ | 指标值 1626 | 度量单位 人
    money: str  # "元" or "万元"
    unit_in_header: bool  # 年度资金总额(万元) instead of a 单位：万元 line
    labels_every_row: bool  # 一级/二级 printed on every row instead of once per block
    period_sheets: bool  # 实施期 and 年度 tables on sheets (text: sections) of their own
    sheet_per_project: bool  # XLSX: one sheet per project instead of all on one
    two_row_header: bool = False  # 绩效指标 over 一级/二级/三级 on a second header row


VARIANTS = (
    Variant(
        name="budget-system",
        columns=(
            ("level1", "一级指标"),
            ("level2", "二级指标"),
            ("level3", "三级指标"),
            ("nature", "指标性质"),
            ("value", "指标值"),
            ("unit", "度量单位"),
            ("weight", "权重(%)"),
            ("extra", "指标值设定依据及说明"),
        ),
        split=True,
        money="万元",
        unit_in_header=False,
        labels_every_row=False,
        period_sheets=False,
        sheet_per_project=False,
    ),
    Variant(
        name="reordered",
        columns=(
            ("level3", "三级指标名称"),
            ("value", "目标值"),
            ("unit", "计量单位"),
            ("nature", "运算符号"),
            ("extra", "指标解释"),
            ("level1", "一级指标"),
            ("level2", "二级指标"),
            ("weight", "分值"),
            ("extra", "评(扣)分标准"),
            ("extra", "数据来源"),
        ),
        split=True,
        money="元",
        unit_in_header=True,
        labels_every_row=True,
        period_sheets=True,
        sheet_per_project=False,
    ),
    Variant(
        name="value-as-written",
        columns=(
            ("level1", "一级指标"),
            ("level2", "二级指标"),
            ("level3", "三级指标"),
            ("value", "绩效值"),
            ("nature", "指标方向"),
            ("unit", "计量单位"),
        ),
        split=False,
        money="万元",
        unit_in_header=True,
        labels_every_row=False,
        period_sheets=False,
        sheet_per_project=True,
        two_row_header=True,
    ),
)
# No 一级 or 指标性质 column and no weights: the 一级 follows from the 二级 alone.
MINIMAL = Variant(
    name="minimal",
    columns=(("level2", "二级指标"), ("level3", "指标名称"), ("value", "指 标 值"), ("unit", "计量单位")),
    split=False,
    money="元",
    unit_in_header=False,
    labels_every_row=True,
    period_sheets=False,
    sheet_per_project=False,
)
VARIANTS = (*VARIANTS, MINIMAL)
VARIANT_BY_NAME = {variant.name: variant for variant in VARIANTS}


# ------------------------------------------------------------------------------ cells of a row


def split_value(value: str, split: bool) -> tuple[str, str, str]:
    """(指标性质, 指标值, 度量单位) cells that read back as the same target as `value`.

    Text targets are 定性; a comparator, number and unit go to their own cells when `split` (and
    the unit is repeated in its column otherwise); whatever does not split cleanly (dates, ranges,
    word comparators) stays as written under 定量.
    """
    text = value.strip()
    if not text:
        return "", "", ""
    original = parse_value(text)
    if original.kind == "text":
        return "定性", text, ""
    op_match = _OP.match(text)
    op = _SYMBOL.get(op_match.group(1), op_match.group(1)) if op_match else ""
    rest = text[op_match.end() :] if op_match else text
    match = _NUMBER_AND_UNIT.match(rest.replace(" ", ""))
    if match and original.kind != "date":
        number, unit = match.groups()
        cells = (op or "定量", number, unit) if split else ("定量", text, unit)
        if parse_cells(cells[1], cells[0], cells[2]) == original:
            return cells
    return "定量", text, ""


def weights(count: int) -> list[int]:
    """Whole-number weights of `count` rows adding up to 100."""
    if count == 0:
        return []
    base, extra = divmod(100, count)
    return [base + 1 if n < extra else base for n in range(count)]


def money(amount: float, unit: str) -> str:
    if unit == "万元":
        return f"{amount / 1e4:.6f}".rstrip("0").rstrip(".")
    return f"{amount:.2f}".rstrip("0").rstrip(".")


# ------------------------------------------------------------------------------ one project


def _head(project: Project, year: int | None, variant: Variant, period: str | None) -> list[str]:
    scope = "部门整体支出绩效目标表" if project.scope == "department" else "项目支出绩效目标表"
    title = scope + ("（实施期）" if period == "total" else "（年度）" if period == "annual" else "")
    lines = [title]
    if year:
        lines.append(f"（{year}年度）")
    if not variant.unit_in_header:
        lines.append("\t" * 6 + f"单位：{variant.money}")
    label = "部门名称" if project.scope == "department" else "项目名称"
    lines.append(f"{label}\t{project.name}\t\t\t项目编码\t{zlib.crc32(project.name.encode()) % 10**8:08d}")
    pairs = [("主管部门", project.department), ("实施单位", project.implementer)]
    pairs += [("项目类别", project.attribute), ("项目期限", project.term)]
    for first, second in zip(pairs[::2], pairs[1::2], strict=True):
        cells = [f"{k}\t{v}" for k, v in (first, second) if v]
        if cells:
            lines.append("\t\t\t".join(cells))
    suffix = f"({variant.money})" if variant.unit_in_header else ""
    funds = project.funds
    amounts = []
    if funds.total is not None and period != "annual":
        amounts.append(f"实施期资金总额{suffix}\t{money(funds.total, variant.money)}")
    if funds.annual is not None and period != "total":
        amounts.append(f"年度资金总额{suffix}\t{money(funds.annual, variant.money)}")
    if amounts:
        lines.append("\t\t\t".join(amounts))
    for key in dict.fromkeys([*funds.sources_total, *funds.sources_annual]):
        left, right = funds.sources_total.get(key), funds.sources_annual.get(key)
        shown = [(side, amount) for side, amount in (("total", left), ("annual", right)) if amount is not None]
        shown = [(side, amount) for side, amount in shown if period in (None, side)]
        if shown:
            lines.append("\t\t\t".join(f"其中：{key}\t{money(amount, variant.money)}" for _, amount in shown))
    if project.goal_total and period != "annual":
        lines.append(f"实施期绩效目标\t{project.goal_total}")
    if project.goal_annual and period != "total":
        lines.append(f"年度绩效目标\t{project.goal_annual}")
    return lines


def indicator_cells(indicator: Indicator, weight: int, variant: Variant) -> dict[str, str]:
    nature, value, unit = split_value(indicator.value, variant.split)
    return {
        "level1": indicator.level1,
        "level2": indicator.level2,
        "level3": indicator.level3,
        "nature": nature,
        "value": value,
        "unit": unit,
        "weight": str(weight),
        "extra": "",
    }


def _header(variant: Variant) -> list[str]:
    if not variant.two_row_header:
        return ["\t".join(header for _, header in variant.columns)]
    levels = ("level1", "level2", "level3")
    upper = ["" if name in levels else header for name, header in variant.columns]
    upper[next(n for n, (name, _) in enumerate(variant.columns) if name in levels)] = "绩效指标"
    lower = [header if name in levels else "" for name, header in variant.columns]
    return ["\t".join(upper), "\t".join(lower)]


def _grid(rows: Sequence[Indicator], variant: Variant) -> list[str]:
    lines = _header(variant)
    previous: tuple[str, str] | None = None
    for indicator, weight in zip(rows, weights(len(rows)), strict=True):
        cells = indicator_cells(indicator, weight, variant)
        if not variant.labels_every_row and previous is not None and previous[0] == indicator.level1:
            cells["level1"] = ""
            if previous[1] == indicator.level2:
                cells["level2"] = ""
        previous = (indicator.level1, indicator.level2)
        lines.append("\t".join(cells[name] for name, _ in variant.columns))
    return lines


def _rows(project: Project, period: str) -> list[Indicator]:
    return [i for i in project.indicators if i.period == period]


def project_lines(project: Project, year: int | None, variant: Variant, period: str | None = None) -> list[str]:
    """One project as the export prints it: both periods, or only `period` (sheet per period)."""
    lines = _head(project, year, variant, period)
    periods = [p for p in ("total", "annual") if _rows(project, p) and period in (None, p)]
    for each in periods:
        if period is None and len(periods) > 1:
            lines.append("实施期绩效指标" if each == "total" else "年度绩效指标")
        lines += _grid(_rows(project, each), variant)
    if not periods:
        lines += _grid([], variant)
    return lines


def sheets(document: Document, variant: Variant) -> list[tuple[str, list[str]]]:
    """(sheet name, lines) of the export; a text or CSV export is the sheets one after another."""
    year = document.budget_year
    projects = document.projects
    if variant.period_sheets:
        found = []
        for period, name in (("total", "实施期"), ("annual", "年度")):
            chosen = [p for p in projects if _rows(p, period)]
            lines = [line for p in chosen for line in project_lines(p, p.table_year or year, variant, period)]
            if lines:
                found.append((name, lines))
        return found
    if variant.sheet_per_project:
        return [(f"项目{n + 1}", project_lines(p, p.table_year or year, variant)) for n, p in enumerate(projects)]
    lines = [line for p in projects for line in project_lines(p, p.table_year or year, variant)]
    return [("项目支出绩效目标表", lines)]


# ------------------------------------------------------------------------------ file formats


def to_text(document: Document, variant: Variant) -> str:
    return "\n".join(line for _, lines in sheets(document, variant) for line in lines) + "\n"


def to_csv(document: Document, variant: Variant) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for line in to_text(document, variant).splitlines():
        writer.writerow(line.split("\t"))
    return out.getvalue()


def to_xlsx(document: Document, variant: Variant) -> bytes:
    """A workbook with the merged 一级/二级 cells and head rows a system export has."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, lines in sheets(document, variant):
        sheet = workbook.create_sheet(name[:31])
        row = 1
        for block in blocks_from_lines(lines):
            write_block(sheet, block, row)
            row += len(block.rows)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def render(document: Document, variant: Variant, kind: str) -> bytes:
    """The export as file bytes: kind is text, csv or xlsx."""
    if kind == "xlsx":
        return to_xlsx(document, variant)
    if kind == "csv":
        return to_csv(document, variant).encode("utf-8")
    return to_text(document, variant).encode("utf-8")


# ------------------------------------------------------------------------------ comparison


def project_keys(document: Document) -> list[tuple[str, int]]:
    """(name, how many earlier projects have that name) per project: an export on period sheets
    lists projects in its own order, and a filing may repeat a project's name."""
    seen: Counter[str] = Counter()
    keys = []
    for project in document.projects:
        keys.append((project.name, seen[project.name]))
        seen[project.name] += 1
    return keys


def row_keys(document: Document) -> Counter[tuple[object, ...]]:
    """Every indicator row as (project, period, 一级, 二级, 三级, parsed target): what must survive."""
    return Counter(
        (key, i.period, i.level1, i.level2, i.level3, i.parsed)
        for key, p in zip(project_keys(document), document.projects, strict=True)
        for i in p.indicators
    )


def row_agreement(original: Document, converted: Document) -> tuple[int, int, int]:
    """(rows found in both, rows of the original, rows read from the export)."""
    want, got = row_keys(original), row_keys(converted)
    return sum((want & got).values()), sum(want.values()), sum(got.values())

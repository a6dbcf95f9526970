"""Indicator columns found by their header text: the synonym table and the header-row map.

Budget-management systems (预算管理一体化系统 and its provincial cousins) export the same
indicator table under different headings and in different orders: 指标值/绩效值/目标值,
度量单位/计量单位, 指标性质/指标方向/运算符号, 权重/分值, plus columns the checker does not
read (指标解释, 评(扣)分标准, 数据来源). A column is known by what its header says, so order,
extra columns and missing optional columns do not matter. To support another system, add its
heading to `COLUMN_SYNONYMS`; nothing else changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from scorer.normalize import clean_cell

# field → the header texts that name it (compared after `header_key`: no spaces, no bracketed
# unit such as 权重(%), no 年度/实施期 prefix, which only says which period the column holds).
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标", "一级指标名称", "一级"),
    "level2": ("二级指标", "二级指标名称", "二级"),
    "level3": ("三级指标", "三级指标名称", "三级", "指标名称", "绩效指标名称", "具体指标"),
    "value": ("指标值", "绩效值", "目标值", "指标目标值", "绩效指标值", "绩效目标值", "预期目标值", "预期值", "目标"),
    "nature": ("指标性质", "指标方向", "运算符号", "运算符", "比较符号", "符号", "指标类型", "值类型", "性质"),
    "unit": ("度量单位", "计量单位", "单位", "指标单位", "计量单位名称"),
    "weight": ("权重", "分值", "指标权重", "权重分值", "指标分值", "权重值"),
}
# Columns whose presence marks a structured export (the seed templates print none of them).
STRUCTURED_FIELDS = ("nature", "unit", "weight")
REQUIRED_FIELDS = ("level3", "value")

_BRACKETS = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")
_PERIOD_PREFIX = re.compile(r"^(实施期|中期|年度|本年度|全年)")
_TOTAL_PREFIXES = ("实施期", "中期")
_BY_KEY = {synonym: name for name, synonyms in COLUMN_SYNONYMS.items() for synonym in synonyms}


@lru_cache(maxsize=65536)
def header_key(text: str) -> tuple[str, str | None]:
    """A header cell reduced to what names its column, and the period prefix it had (if any)."""
    key = _BRACKETS.sub("", clean_cell(text)).replace(" ", "").strip("：:*")
    match = _PERIOD_PREFIX.match(key)
    if match and key[match.end() :] in _BY_KEY:
        return key[match.end() :], match.group(1)
    return key, None


_MAX_HEADER_LEN = 16


@lru_cache(maxsize=65536)
def field_of(text: str) -> str | None:
    """The field a header cell names, or None for a column the checker does not read."""
    if not text or len(text) > _MAX_HEADER_LEN:  # most cells are values or prose: settled at once
        return None
    return _BY_KEY.get(text) or _BY_KEY.get(header_key(text)[0])


@dataclass(frozen=True)
class ColumnMap:
    """Where each field's column is in the header row (0-based cell positions)."""

    columns: dict[str, int]
    # the period a 年度指标值 / 实施期指标值 heading names, if any
    period_hint: str | None = None
    # a row holding both periods' targets (实施期指标值 | 年度指标值): (period, column) of each
    period_values: tuple[tuple[str, int], ...] = ()

    @property
    def structured(self) -> bool:
        return any(name in self.columns for name in STRUCTURED_FIELDS)

    def cell(self, cells: list[str], name: str) -> str | None:
        """The row's cell for a field; None when the table has no such column."""
        at = self.columns.get(name)
        if at is None:
            return None
        return cells[at] if at < len(cells) else ""


def map_header(cells: list[str]) -> ColumnMap | None:
    """The column map of an indicator header row, or None when the row is not one.

    A header row names at least a 三级指标 column and a value column; the first column named for
    a field wins (an export that repeats a heading repeats it for a second period, read apart).
    """
    columns: dict[str, int] = {}
    hint: str | None = None
    by_period: dict[str, int] = {}
    for position, text in enumerate(cells):
        if not text or len(text) > _MAX_HEADER_LEN:
            continue
        key, prefix = header_key(text)
        name = _BY_KEY.get(key)
        if name == "value" and prefix:
            by_period.setdefault("total" if prefix in _TOTAL_PREFIXES else "annual", position)
        if name is None or name in columns:
            continue
        columns[name] = position
        if name == "value" and prefix:
            hint = "total" if prefix in _TOTAL_PREFIXES else "annual"
    if not all(name in columns for name in REQUIRED_FIELDS):
        return None
    if len(by_period) > 1:
        return ColumnMap(columns, None, tuple(sorted(by_period.items(), key=lambda item: item[1])))
    return ColumnMap(columns, hint)


def named_cells(cells: list[str]) -> int:
    """How many cells of a row name a field: two or more make it (part of) a header row."""
    return sum(1 for text in cells if field_of(text))


def join_header_rows(upper: list[str], lower: list[str]) -> list[str]:
    """A header printed on two rows (绩效指标 over 一级/二级/三级, 指标值 merged down) as one row:
    each column named by its lower cell, else by the one above it."""
    width = max(len(upper), len(lower))
    padded_upper, padded_lower = upper + [""] * (width - len(upper)), lower + [""] * (width - len(lower))
    return [low or high for high, low in zip(padded_upper, padded_lower, strict=True)]


def map_header_rows(previous: list[str] | None, cells: list[str]) -> ColumnMap | None:
    """The column map of a header row, or of it joined to the header part on the row above."""
    cmap = map_header(cells)
    if cmap is None and previous is not None and named_cells(previous) >= 2:
        cmap = map_header(join_header_rows(previous, cells))
    return cmap

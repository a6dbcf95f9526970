"""Header fields of a target table: labelled cells such as 项目名称, 主管部门, 项目资金.

Field labels are found by their text, never by column, and a value is the next non-empty cell
(or the rest of the label cell after a colon: "实施期资金总额:1,697,500").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from scorer.layouts.grid import Cell

_AMOUNT = re.compile(r"^-?\d[\d,]*(?:\.\d+)?$")
_AMOUNT_WITH_UNIT = re.compile(r"^(-?\d[\d,]*(?:\.\d+)?)\s*(亿元|万元|元)?$")
_STAMP = re.compile(r"(?<!\d)(20\d{12})(?!\d)")
_YEAR_HEADING = re.compile(r"^[#\s]*[(（]?\s*(20\d{2})\s*[)）]?\s*年度?\s*[)）]?$")
_YEAR_IN_TITLE = re.compile(r"[(（]\s*(20\d{2})\s*[)）]?\s*年度")
UNIT_FACTORS = {"元": 1.0, "万元": 1e4, "亿元": 1e8}


def label_matches(cell: str, labels: Iterable[str]) -> str | None:
    """The label a cell starts with, if any (labels are tried in the given order)."""
    labels = labels if isinstance(labels, tuple) else tuple(labels)
    if not cell.startswith(labels):  # one C-level test settles the usual case: no label at all
        return None
    for label in labels:
        if cell.startswith(label):
            return label
    return None


def value_after(cells: list[Cell], labels: Iterable[str]) -> str | None:
    """The value that follows the first cell starting with one of `labels`."""
    labels = tuple(labels)
    for index, cell in enumerate(cells):
        if not cell.text.startswith(labels):  # the usual case, settled without a call
            continue
        label = label_matches(cell.text, labels)
        if label is None:
            continue
        rest = cell.text[len(label) :].lstrip(":：").strip()
        rest = re.sub(r"^(及代码|代码)", "", rest).lstrip(":：").strip()
        if rest:
            return rest
        if index + 1 < len(cells):
            return cells[index + 1].text
        return None
    return None


def parse_amount(text: str | None, default_unit: str) -> float | None:
    """An amount in 元 from '40,000', '1320万元' or '4,000.00' (with the table's unit)."""
    if not text:
        return None
    match = _AMOUNT_WITH_UNIT.match(text.replace(" ", ""))
    if not match:
        return None
    number = float(match.group(1).replace(",", ""))
    return round(number * UNIT_FACTORS[match.group(2) or default_unit], 2)


def amount_after(cells: list[Cell], labels: Iterable[str], default_unit: str) -> float | None:
    """Amount following a label; it may sit in the label cell itself."""
    return parse_amount(value_after(cells, labels), default_unit)


def unit_in_label(text: str) -> str | None:
    """'项目资金(元)' → '元', '资金总额(万元)' → '万元', '单位:万元' → '万元'."""
    match = re.search(r"(亿元|万元|元)", text)
    return match.group(1) if match else None


def find_stamp(text: str) -> str | None:
    """The yyyymmddhhmmss 填报日期 stamp of a footer line."""
    match = _STAMP.search(text)
    return match.group(1) if match else None


def year_of_heading(text: str) -> int | None:
    """Budget year from a heading line such as '(2025年度)' or '(2024) 年度'."""
    match = _YEAR_HEADING.match(text.strip()) or _YEAR_IN_TITLE.search(text)
    return int(match.group(1)) if match else None


def is_amount(text: str) -> bool:
    return bool(_AMOUNT.match(text))

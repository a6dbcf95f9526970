"""Shanxi county template: 县(区)级预算部门(单位)项目支出绩效目标表.

Two period halves side by side (实施期 | 年度) with money in 元. Used by every county of the
province (岚县, 高平市 …); the county name in front of the title varies, the grid does not.
"""

from __future__ import annotations

import re

from scorer.ingest import SourceText
from scorer.layouts.segment import ParsedFiling, parse_segments, title_lines
from scorer.layouts.table import TableSpec

NAME = "shanxi-county"
TITLE = re.compile(r"县\(区\)级预算部门\(单位\)项目支出绩效目标表")
SPEC = TableSpec(layout=NAME, money_unit="元")
DEPARTMENT_SPEC = TableSpec(
    layout=NAME, money_unit="万元", scope="department", default_halves=(("L1", "L2", "NAME", "VALUE"),)
)


def detect(source: SourceText) -> float:
    """Share of confidence that this is the layout: any county-template title is enough."""
    return 1.0 if title_lines(source, TITLE) else 0.0


def parse(source: SourceText) -> ParsedFiling:
    return parse_segments(source, TITLE, SPEC, DEPARTMENT_SPEC)

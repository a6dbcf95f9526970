"""Shanxi city 申报表: 市级预算部门(单位)项目支出绩效目标申报表 (e.g. 吕梁市).

Same two-half grid as the county template, but multi-year projects (年度 < 实施期 is normal),
二级 labels ending in 指标, amounts printed inside the label cell and mixed full-width
punctuation — the last two are handled by the shared reader after width folding.
"""

from __future__ import annotations

import re

from scorer.ingest import SourceText
from scorer.layouts.segment import ParsedFiling, parse_segments, title_lines
from scorer.layouts.shanxi_county import DEPARTMENT_SPEC
from scorer.layouts.table import TableSpec

NAME = "shanxi-city"
TITLE = re.compile(r"市级预算部门\(单位\)项目支出绩效目标申报表")
SPEC = TableSpec(layout=NAME, money_unit="元")


def detect(source: SourceText) -> float:
    return 1.0 if title_lines(source, TITLE) else 0.0


def parse(source: SourceText) -> ParsedFiling:
    return parse_segments(source, TITLE, SPEC, DEPARTMENT_SPEC)

"""Ningxia county template: 部门项目支出预算绩效目标表 (e.g. 平罗县).

One (annual) half, 绩效值 instead of 指标值, coded levels (1-产出指标, 22-社会效益) whose 一级 is
the code's first digit, 项目年度金额 under a `单位：万元` line, and no footer: a table ends at
the next title.
"""

from __future__ import annotations

import re

from scorer.ingest import SourceText
from scorer.layouts.segment import ParsedFiling, parse_segments, title_lines
from scorer.layouts.shanxi_county import DEPARTMENT_SPEC
from scorer.layouts.table import TableSpec

NAME = "ningxia-county"
TITLE = re.compile(r"^(部门)?项目支出预算绩效目标表$")
SPEC = TableSpec(layout=NAME, money_unit="万元", default_halves=(("L1", "L2", "NAME", "VALUE"),))


def detect(source: SourceText) -> float:
    return 1.0 if title_lines(source, TITLE) else 0.0


def parse(source: SourceText) -> ParsedFiling:
    return parse_segments(source, TITLE, SPEC, DEPARTMENT_SPEC)

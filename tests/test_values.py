"""The 指标值 grammar on every value of the seed filings, exact parses of real values, and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorer.model import Value
from scorer.values import KINDS, parse_value

REAL = [
    ("≥95%", Value(">=", 95.0, None, "%", "percent")),
    ("100%", Value(None, 100.0, None, "%", "percent")),
    ("2050 元/月", Value(None, 2050.0, None, "元/月", "money")),
    ("≤0.33万元/台", Value("<=", 3300.0, None, "元/台", "money")),
    ("≤1.4万元", Value("<=", 14000.0, None, "元", "money")),
    ("≤10亿元", Value("<=", 1_000_000_000.0, None, "元", "money")),
    ("≤180人/天/元", Value("<=", 180.0, None, "人/天/元", "money")),
    ("1500元/元", Value(None, 1500.0, None, "元/元", "money")),
    ("≥31万户", Value(">=", 310_000.0, None, "户", "count")),
    ("≤120万", Value("<=", 1_200_000.0, None, None, "count")),
    ("718", Value(None, 718.0, None, None, "count")),
    ("378 人", Value(None, 378.0, None, "人", "count")),
    ("<200000张", Value("<", 200_000.0, None, "张", "count")),
    ("0起", Value(None, 0.0, None, "起", "count")),
    ("≥1年", Value(">=", 1.0, None, "年", "duration")),
    ("1年1年", Value(None, 1.0, None, "年", "duration")),
    ("≤1小时", Value("<=", 1.0, None, "小时", "duration")),
    ("12月底前", Value("<=", None, None, "12月底前", "date")),
    ("每月10日前发放", Value("<=", None, None, "月10日前", "date")),  # a due day in every period
    ("每周五前", Value("<=", None, None, "周五前", "date")),
    ("按月发放", Value(None, None, None, "每月", "date")),  # a frequency only (V103)
    ("2025年5月前", Value("<=", 2025.0, None, "5月前", "date")),
    ("2025年底", Value("<=", 2025.0, None, "年底", "date")),
    ("预计2025年1月", Value(None, 2025.0, None, "1月", "date")),
    ("2024年1月1日至2025年12月31日", Value(None, 2024.0, 2025.0, "期间", "date")),
    ("2026年3月至10月", Value(None, 2026.0, 2026.0, "期间", "date")),
    ("9月份", Value(None, None, None, "9月", "date")),
    ("按季度发放", Value(None, None, None, "每季度", "date")),
    ("每月", Value(None, None, None, "每月", "date")),
    ("≥5月", Value(">=", None, None, "5月", "date")),
    ("保障", Value(None, None, None, None, "text")),
    ("按最低工资的60%执行", Value(None, None, None, None, "text")),
]

GRAMMAR = [
    ("不低于95%", Value(">=", 95.0, None, "%", "percent")),
    ("95%以上", Value(">=", 95.0, None, "%", "percent")),
    ("大于等于90%", Value(">=", 90.0, None, "%", "percent")),
    ("控制在5000元以内", Value("<=", 5000.0, None, "元", "money")),
    ("不超过3万元", Value("<=", 30000.0, None, "元", "money")),
    ("90%-95%", Value(None, 90.0, 95.0, "%", "percent")),
    ("10~20人", Value(None, 10.0, 20.0, "人", "count")),
    ("一百二十人", Value(None, 120.0, None, "人", "count")),
    ("两次", Value(None, 2.0, None, "次", "count")),
    ("十万元", Value(None, 100_000.0, None, "元", "money")),
    ("1,200人次", Value(None, 1200.0, None, "人次", "count")),
    ("3360元/人.年", Value(None, 3360.0, None, "元/人.年", "money")),
    ("＞90％", Value(">", 90.0, None, "%", "percent")),
    ("≤30个工作日", Value("<=", 30.0, None, "个工作日", "duration")),
    ("第四季度", Value(None, None, None, "第4季度", "date")),
    ("年底前", Value("<=", None, None, "年底前", "date")),
    ("2025年12月31日前", Value("<=", 2025.0, None, "12月31日前", "date")),
    ("是", Value("=", 1.0, None, None, "boolean")),
    ("无", Value("=", 0.0, None, None, "boolean")),
]


@pytest.mark.parametrize(("text", "expected"), REAL + GRAMMAR, ids=[t for t, _ in REAL + GRAMMAR])
def test_exact_parses(text, expected):
    assert parse_value(text) == expected


def test_every_seed_value_parses(seed_docs):
    values = {i.value for d in seed_docs.values() for p in d.projects for i in p.indicators}
    assert len(values) > 300
    kinds = {v: parse_value(v).kind for v in values}
    assert set(kinds.values()) <= set(KINDS)
    numeric_share = sum(1 for k in kinds.values() if k != "text") / len(kinds)
    assert numeric_share > 0.75, numeric_share


@given(st.text(max_size=40))
def test_never_raises(text):
    assert parse_value(text).kind in KINDS


@given(st.integers(min_value=0, max_value=100), st.sampled_from(["≥", "≤", ">", "<", "="]))
def test_percent_targets_round_trip(number, comparator):
    parsed = parse_value(f"{comparator}{number}%")
    ops = {"≥": ">=", "≤": "<=", ">": ">", "<": "<", "=": "="}
    assert (parsed.op, parsed.number, parsed.unit, parsed.kind) == (ops[comparator], float(number), "%", "percent")

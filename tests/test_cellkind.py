import pytest

from scorer.cellkind import value_likeness

VALUES = [
    "≥95%",
    "100%",
    "2050元/月",
    "≤180人/天/元",
    "12月底前",
    "2025年5月前",
    "预计2025年1月",
    "2024年1月1日至2025年12月31日",
    "9月份",
    "保障",
    "提升提升",
    "0起",
    "718",
    "2025年1月1日-12月3",
]
NAMES = [
    "2024年护工补助人数",
    "2026年本级公益岗位在岗人数",
    "招聘会所需资料的保障性",
    "受益人员满意度",
    "临时工人数",
    "每年开展职业介绍活动次数",
]


@pytest.mark.parametrize("cell", VALUES)
def test_values_look_like_values(cell):
    assert value_likeness(cell) >= 0.8


@pytest.mark.parametrize("cell", NAMES)
def test_indicator_names_do_not(cell):
    assert value_likeness(cell) <= 0.2

import pytest

from scorer.hierarchy import parent_of, recognise


@pytest.mark.parametrize(
    ("cell", "level", "name", "truncated"),
    [
        ("经济效益", 2, "经济效益指标", False),
        ("经济效益指标", 2, "经济效益指标", False),
        ("11-数量指标", 2, "数量指标", False),
        ("1-产出指标", 1, "产出指标", False),
        ("22-社会效益", 2, "社会效益指标", False),  # 004: benefit code under the output block
        ("31-服务对象满意度", 2, "服务对象满意度指标", False),
        ("满意度指标", 1, "满意度指标", False),
        ("服务对象满", 2, "服务对象满意度指标", True),  # 001 truncated cell
        ("社会效益指", 2, "社会效益指标", True),
        ("服务对象满意度指", 2, "服务对象满意度指标", True),
    ],
)
def test_printed_labels_map_to_canonical_names(cell, level, name, truncated):
    label = recognise(cell)
    assert label is not None
    assert (label.level, label.name, label.known, label.truncated) == (level, name, True, truncated)


def test_unknown_label_is_reported_not_mapped():
    label = recognise("覆盖指标")  # 002 职业介绍业务费
    assert label is not None and label.level == 2 and not label.known and label.name == "覆盖指标"
    assert not recognise("经济效率指标").known  # 001 typo stays visible


@pytest.mark.parametrize("cell", ["保障", "受益人员满意度", "≥95%", "三级指标", "临时工人数"])
def test_near_misses_are_not_labels(cell):
    assert recognise(cell) is None


def test_parent_comes_from_the_level2_not_the_carried_level1():
    assert parent_of("社会效益指标", "产出指标") == "效益指标"
    assert parent_of("覆盖指标", "产出指标") == "产出指标"

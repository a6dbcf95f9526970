"""The 一级 → 二级 indicator hierarchy and how printed labels map onto it.

Templates print the same label in several forms: with or without the trailing 指标
(经济效益 / 经济效益指标), with Ningxia's numeric codes (11-数量指标, 31-服务对象满意度), or cut
short by a narrow PDF column (服务对象满). Everything downstream works with one canonical name,
so this module is the only place that knows the spellings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

OUTPUT, BENEFIT, SATISFACTION, COST = "产出指标", "效益指标", "满意度指标", "成本指标"

LEVEL1_NAMES: tuple[str, ...] = (OUTPUT, BENEFIT, SATISFACTION, COST)

# canonical 二级 name → its 一级 (E2020 templates: 成本指标 under 产出; G2021: under 成本).
LEVEL2_PARENT: dict[str, str] = {
    "数量指标": OUTPUT,
    "质量指标": OUTPUT,
    "时效指标": OUTPUT,
    "成本指标": OUTPUT,
    "经济效益指标": BENEFIT,
    "社会效益指标": BENEFIT,
    "生态效益指标": BENEFIT,
    "可持续影响指标": BENEFIT,
    "服务对象满意度指标": SATISFACTION,
    "经济成本指标": COST,
    "社会成本指标": COST,
    "生态环境成本指标": COST,
}

# Ningxia-style numeric codes: first digit is the 一级, both digits the 二级.
_LEVEL2_BY_CODE = {
    "11": "数量指标",
    "12": "质量指标",
    "13": "时效指标",
    "14": "成本指标",
    "21": "经济效益指标",
    "22": "社会效益指标",
    "23": "生态效益指标",
    "24": "可持续影响指标",
    "31": "服务对象满意度指标",
}
_LEVEL1_BY_CODE = {"1": OUTPUT, "2": BENEFIT, "3": SATISFACTION, "4": COST}

# Column headings of the indicator grid, never labels of a row.
HEADER_WORDS = frozenset({"绩效指标", "年度绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "绩效值", "指标"})

_CODE_PREFIX = re.compile(r"^\s*(\d{1,2})\s*[-－—.、]\s*")
_MIN_TRUNCATED_LEN = 4


def _stem(label: str) -> str:
    label = _CODE_PREFIX.sub("", label).strip()
    return label[:-2] if label.endswith("指标") else label


_LEVEL2_BY_STEM = {_stem(name): name for name in LEVEL2_PARENT}
_LEVEL1_BY_STEM = {_stem(name): name for name in LEVEL1_NAMES}


@dataclass(frozen=True)
class LevelLabel:
    """A printed cell recognised as a hierarchy label."""

    level: int  # 1 or 2
    name: str  # canonical name, or the printed text when unknown
    known: bool
    truncated: bool = False


@lru_cache(maxsize=65536)
def recognise(cell: str) -> LevelLabel | None:
    """Return the hierarchy label a cell spells, or None when the cell is not a label.

    成本指标 is reported as a 二级 label; the caller decides from context whether it heads a
    G2021 成本 block instead (see `is_cost_level1`).
    """
    text = cell.strip()
    if not text or len(text) > 14 or text in HEADER_WORDS:
        return None
    code = _CODE_PREFIX.match(text)
    if code:
        digits = code.group(1)
        if len(digits) == 2 and digits in _LEVEL2_BY_CODE:
            return LevelLabel(2, _LEVEL2_BY_CODE[digits], True)
        if len(digits) == 1 and digits in _LEVEL1_BY_CODE:
            return LevelLabel(1, _LEVEL1_BY_CODE[digits], True)
    stem = _stem(text)
    if stem in _LEVEL2_BY_STEM:
        return LevelLabel(2, _LEVEL2_BY_STEM[stem], True)
    if stem in _LEVEL1_BY_STEM:
        return LevelLabel(1, _LEVEL1_BY_STEM[stem], True)
    if text.endswith("指") and (cut := _stem(text[:-1])) in _LEVEL2_BY_STEM:
        return LevelLabel(2, _LEVEL2_BY_STEM[cut], True, truncated=True)  # "社会效益指"
    if text.endswith("指") and cut in _LEVEL1_BY_STEM:
        return LevelLabel(1, _LEVEL1_BY_STEM[cut], True, truncated=True)
    if len(stem) >= _MIN_TRUNCATED_LEN and not text.endswith("指标"):
        matches = [name for key, name in _LEVEL2_BY_STEM.items() if key.startswith(stem)]
        if len(matches) == 1:
            return LevelLabel(2, matches[0], True, truncated=True)
    if text.endswith("指标") and 3 <= len(text) <= 8 and not re.search(r"\d", text):
        return LevelLabel(2, text, False)
    return None


# A 一级 with a single 二级 child: a row under it needs no printed 二级 to be placed.
ONLY_CHILD = {SATISFACTION: "服务对象满意度指标"}
# the 二级 blocks every project table must fill (M104), in the order they are listed
REQUIRED_LEVEL2 = ("数量指标", "质量指标", "时效指标", "成本指标", "服务对象满意度指标")


def parent_of(level2: str, fallback: str | None) -> str:
    """The 一级 a 二级 belongs to; for an unknown 二级, the 一级 it was printed under."""
    return LEVEL2_PARENT.get(level2) or fallback or ""


def is_cost_level1(level2_name: str) -> bool:
    """True for the G2021 children that make 成本指标 a 一级 heading."""
    return LEVEL2_PARENT.get(level2_name) == COST

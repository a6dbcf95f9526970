"""How much a table cell looks like a 指标值 rather than a 三级指标 name.

Extracted grids lose their column positions, so the parser has to decide from a cell's
content which slot it fills. Values are short and shaped (≥95%, 2050元/月, 12月底前) or are
one of the stock words authors write instead of a target (保障, 及时, 提高); names are noun
phrases that end in what they measure (…率, …人数, …标准, …时间).
"""

from __future__ import annotations

import re
from functools import lru_cache

from scorer.normalize import undouble

_COMPARATOR_START = re.compile(
    r"^(预计|约)?\s*([≥≤<>=＞＜≧≦]|不低于|不少于|不高于|不超过|不大于|不小于|大于|小于|高于|低于|达到|控制在|至少|最多)"
)
_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_NUMBER_WITH_UNIT = re.compile(
    rf"^(预计|约)?{_NUMBER}(\s*[-~～至]\s*{_NUMBER})?\s*(%|‰|[万亿千]?[\u4e00-\u9fff]{{0,3}}(/[\u4e00-\u9fff·.]{{0,4}}){{0,3}})?(以上|以内|以下|左右)?$"
)
_DATE = r"(?:\d{4}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?"
_DATE_VALUE = re.compile(
    rf"^(预计|约|于)?(?:{_DATE}(?:前|底前|底|份|以前|之前|内|中旬|上旬|下旬|初|末)?|\d{{4}}年(?:底|末|内)|[一二三四]?季度|年底前?|年内|月底前?)"
    rf"(?:\s*(?:至|-|—|~|到)\s*{_DATE}(?:前|底前|底)?)?(?:开始|完成|结束|前完成)?$"
)
_DATE_CHARS = re.compile(r"^[\d年月日至\-—~前底份]+$")
_NAME_SUFFIX = re.compile(
    r"(率|人数|数量|次数|数|度|标准|时间|时限|成本|费用|性|情况|面积|年限|金额|效益|周期|质量|规模|水平|比例|覆盖面|期限|支出|收入|影响|能力)$"
)

# Words written in place of a target. Kept here only to place cells; judging vagueness is
# the checks' job.
_STOCK_VALUE_WORDS = frozenset(
    [
        "保障",
        "有效保障",
        "及时",
        "按时",
        "提高",
        "提升",
        "显著提高",
        "有效提高",
        "积极提高",
        "逐步提高",
        "明显改善",
        "确保",
        "促进",
        "减少",
        "降低",
        "缓解",
        "参照往年",
        "参照以往年度",
        "满意",
        "有效",
        "营造",
        "健全",
        "合格",
        "便捷",
        "正常",
        "满足",
        "按标准",
        "每月",
        "每周",
        "按月发放",
        "按季度发放",
        "达标",
        "完成",
        "到位",
        "良好",
        "较好",
        "好",
        "是",
        "否",
        "有",
        "无",
        "显著",
        "明显",
        "稳定",
        "增加",
        "提质",
        "规范",
        "持续影响",
        "效益显著",
        "显著提升",
        "及时保障",
        "持续助力",
        "不断提高",
        "稳步提升",
        "长期",
        "持续",
        "全覆盖",
        "足额",
        "准确",
        "安全",
    ]
)


@lru_cache(maxsize=65536)
def value_likeness(cell: str) -> float:
    """0 (surely a 三级 name) … 1 (surely a 指标值)."""
    text = cell.strip()
    if not text:
        return 0.5
    core = undouble(text)
    if _COMPARATOR_START.match(core):
        return 0.97
    if _NUMBER_WITH_UNIT.match(core) or _DATE_VALUE.match(core):
        return 0.95
    if core in _STOCK_VALUE_WORDS:
        return 0.85
    has_digit = bool(re.search(r"\d", core))
    if has_digit and _DATE_CHARS.match(core):
        return 0.9  # a date cut short by a narrow column: "2025年1月1日-12月3"
    if _NAME_SUFFIX.search(core) and len(core) >= 4:
        return 0.1
    if len(core) <= 4:
        return 0.65 if not has_digit else 0.7
    if has_digit and re.search(r"[%元]", core) and len(core) <= 16:
        return 0.6
    if core.startswith(("按", "参照", "依据", "根据")) and len(core) <= 16:
        return 0.6
    return 0.2

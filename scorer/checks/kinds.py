"""What a 三级 name asks its value to be, and how messages name kinds of values.

Shared by the unit checks of every layout (U102 on the value, U110 on a 度量单位 column), with
what makes a compound unit malformed (U101): such a unit says nothing reliable about its kind.
"""

from __future__ import annotations

from scorer.values import COUNT_UNITS, DURATION_UNITS

CURRENCIES = ("元", "万元", "亿元", "千元")
_PER_NOUNS = set(COUNT_UNITS) | set(DURATION_UNITS) | {"人·月", "人·年", "人.年", "人.月", "季度", "学期"}

# the value kinds that answer a name of each intent (scorer.wording.intent_of)
KINDS_FOR_INTENT = {
    "count": {"count", "duration"},  # 培训天数 → ≥50天: a number of days is a count
    "rate": {"percent", "ratio"},
    "satisfaction": {"percent"},
    "money": {"money"},
    "benefit_money": {"money", "percent"},
    "time": {"date", "duration", "percent"},
}

KIND_WORDS = {
    "count": "数量",
    "percent": "百分比",
    "money": "金额",
    "date": "日期",
    "duration": "时长",
    "ratio": "比例",
    "boolean": "是/否",
    "text": "文字",
}

INTENT_WORDS = {
    "count": "数量",
    "rate": "比率",
    "satisfaction": "满意度比率",
    "money": "金额",
    "benefit_money": "金额或比率",
    "time": "时限",
}


def money_unit_problem(unit: str) -> str | None:
    """Why a compound money unit is malformed, or None: 元/人/月 is fine, 元/元 and 人/天/元 are not."""
    parts = unit.split("/")
    if any(not part for part in parts):
        return "计量单位有空缺（“/”前后缺少单位）"
    currencies = [i for i, part in enumerate(parts) if part in CURRENCIES]
    if currencies and currencies[0] != 0:
        return "货币单位应在最前（应为“元/人/天”一类写法）"
    if len(currencies) > 1:
        return "金额被金额相除（如“元/元”）"
    for part in parts[1:]:
        if part not in _PER_NOUNS:
            return f"“/{part}”不是计量单位"
    return None


def malformed(unit: str | None) -> bool:
    """Whether a compound unit is written wrongly (U101): then it says nothing reliable about the value's kind."""
    return bool(unit) and "/" in unit and money_unit_problem(unit) is not None

"""What a 三级 name asks its value to be, and how messages name kinds of values.

Shared by the unit checks of every layout (U102 on the value, U110 on a 度量单位 column).
"""

from __future__ import annotations

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

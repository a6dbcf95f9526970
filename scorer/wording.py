"""What a 三级指标 name says it measures, read from its wording.

Names end in what they measure: …人数/…数量 is a count, …率/…度 a rate, …满意度 a satisfaction
rate, …成本/…标准/…费用 money, …时间/…时限 a date or period; a unit in brackets (`（人）`)
settles it. The unit and category checks compare this intent with the value and the 二级.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

Intent = Literal["satisfaction", "rate", "count", "money", "time", "benefit_money", "unknown"]

_UNIT_IN_NAME = re.compile(r"[(（]([^()（）]{1,6})[)）]\s*$")
_COUNT_UNITS_IN_NAME = (
    "人",
    "个",
    "家",
    "户",
    "次",
    "份",
    "场",
    "项",
    "台",
    "套",
    "名",
    "条",
    "期",
    "人次",
    "天",
    "学时",
)

_SATISFACTION = re.compile(r"满意度|满意率")
_TIME = re.compile(
    r"(时间|时限|时效|期限|日期|周期|进度|完成时间|发放时间|到位时间|开始|截止|及时性|按时性)$|(时间|日期)"
)
_RATE = re.compile(
    r"(率|比例|占比|覆盖面|知晓度|了解度|普及度|认知度|知名度|执行度|符合度|达标度|完成度|准确度|保障度|稳定度|合格度)(\(%\))?$"
)
_MONEY = re.compile(r"(成本|标准|费用|费|金额|支出|经费|价格|单价|预算|投入)(\(月\)|\(元\))?$|人均.*(补助|补贴|资金)$")
_BENEFIT_MONEY = re.compile(r"(收入|增收|节约|节省|创收|产值)")
_COUNT = re.compile(
    r"(人数|数量|次数|个数|户数|场次|场数|家数|项数|份数|人次|件数|台数|批次|规模|面积|期数|名额|天数|课时|学时)(\(.{1,3}\))?$"
)


@lru_cache(maxsize=65536)
def intent_of(level3: str) -> Intent:
    """The kind of quantity a 三级 name asks for."""
    name = level3.strip()
    if not name:
        return "unknown"
    bracket = _UNIT_IN_NAME.search(name)
    if bracket:
        unit = bracket.group(1)
        if unit in ("%",):
            return "rate"
        if "元" in unit:
            return "money"
        if unit in _COUNT_UNITS_IN_NAME:
            return "count"
    if _SATISFACTION.search(name):
        return "satisfaction"
    if _BENEFIT_MONEY.search(name):
        return "benefit_money"  # 节约的人力成本, 经济收入: money the project brings, not spends
    if _TIME.search(name) and not _RATE.search(name):
        return "time"
    if _RATE.search(name):
        return "rate"
    if _COUNT.search(name):
        return "count"
    if _MONEY.search(name):
        return "money"
    return "unknown"


def unit_in_name(level3: str) -> str | None:
    """The unit a name carries in brackets: '购买公益性岗位人数（人）' → '人'."""
    match = _UNIT_IN_NAME.search(level3.strip())
    return match.group(1) if match else None

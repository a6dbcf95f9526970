"""Whether a good example's value shape fits the row it would rewrite.

A timing name takes a percent only from an example about timing; a per-unit cost never goes to a
total, nor a per-person one to a row and project that count no people; a 及时性 row given a date
reads as a completion time.
"""

from __future__ import annotations

import re

from scorer.library.build import Entry
from scorer.model import Project
from scorer.wording import intent_of

_TIME_POINT = re.compile(r"(时间|时限|期限|日期|周期)$")
_TIMELY = re.compile(r"(及时性|按时性|及时|及时度)$")
_DONE_WORDS = re.compile(r"(开展|召开|举办|发放|完成|支付|缴纳|拨付|到位)$")


def fits(name: str, example: Entry) -> bool:
    """A timing row takes a percent only from an example about timing, and never for a time or period name."""
    if intent_of(name) == "time" and example.kind == "percent":
        return intent_of(example.level3) == "time" and not _TIME_POINT.search(name)
    return True


_TOTAL = re.compile(r"总额|总成本|合计|总计|总投入|总金额")
_PEOPLE_UNITS = ("人", "名", "人次", "户", "户次")


def unit_fits(name: str, example: Entry, project: Project) -> bool:
    """A per-unit example fits neither a total, nor (per person) a row and project that count no people."""
    unit = example.unit or ""
    if "/" not in unit:
        return True
    if _TOTAL.search(name):
        return False
    if not re.search(r"元/(?:人|户|名)", unit) or "人" in name:
        return True
    counted = {i.parsed.unit for i in project.indicators if i.level2 == "数量指标" and i.parsed and i.parsed.unit}
    return bool(counted & set(_PEOPLE_UNITS))


def dated_name(name: str) -> str:
    """A 及时性 name given a date reads as a completion time (档案整理及时性 → 档案整理完成时间)."""
    stem = _TIMELY.sub("", name)
    if stem == name or not stem:
        return name
    return stem + ("时间" if _DONE_WORDS.search(stem) else "完成时间")

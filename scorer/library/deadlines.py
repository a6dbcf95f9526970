"""Deadlines for a rewrite: the project's own date, a blank in the budget year, or a per-period due day.

A month or day is a promise of one project (设备购置费's “2025年5月前” says nothing about another
project's archive work), so a borrowed deadline keeps only its shape: the budget year goes in and
the month and day become blanks (“2023年__月__日前”). The project's own date is used where it states
one: the other period's row of the same name, or a single deadline in its 概况 and goals. Work that
recurs (monthly subsidies, 水电费, upkeep, wages) has no one-off year-end date: it gets a due day in
every period it states (“每月__日前发放”); where neither the row nor its table states the period
(a department's table, 日常 upkeep), no cycle is invented.
"""

from __future__ import annotations

import re

from scorer.model import Indicator, Project
from scorer.normalize import clean_cell

BLANK = "__"
_MONTH_DAY = re.compile(r"\d{1,2}(?=月|日)")
_WHOLE_YEAR = re.compile(r"1月1日\s*(?:至|-|—|~|到)\s*(?:20\d\d年)?12月3[01]?日?$")
_QUARTER = re.compile(r"第?[一二三四1-4](?=季度)")
_YEAR_END = re.compile(r"(?<=\d)年(?:底|末)(?:之|以)?前?")
_STATED_DEADLINE = re.compile(r"(?:20\d\d年)?\d{1,2}月(?:\d{1,2}日)?(?:底|末)?(?:之|以)?前")
# wording of work that recurs in every period: a due day per period, not a one-off deadline
_RECURRING = re.compile(r"每月|按月|月度|每周|按周|每季|按季|日常|运行|运维|维护|维修|水电|工资|薪酬|物业|租金|供暖")
_PAYMENT = re.compile(r"发放|支付|缴纳|缴费|拨付")
_MONTHLY_STANDARD = re.compile(r"每月|按月|元/月|/人/月|月人均")
_PAY_WORDS = (
    ("发放", re.compile(r"发放|补贴|补助|工资|薪|慰问|生活费")),
    ("缴纳", re.compile(r"缴|水电|电费|租金|房租|物业费")),
)


def blank_date(value: str) -> str:
    """A borrowed date with its months, days and quarters blanked; a whole-year span stays."""
    value = re.sub(r"^(?:预计|约|计划)", "", value)
    if _WHOLE_YEAR.search(value):
        return value
    value = _YEAR_END.sub(f"年{BLANK}月底前", value)  # 年底 is a month too: another project's
    return _QUARTER.sub("第" + BLANK, _MONTH_DAY.sub(BLANK, value))


def stated_deadline(indicator: Indicator, project: Project) -> str | None:
    """The date the project itself gives this row: the other period's row of the same name, else one deadline."""
    name = clean_cell(indicator.level3)
    for row in project.indicators:
        parsed = row.parsed
        twin = row.period != indicator.period and clean_cell(row.level3) == name
        dated = parsed is not None and parsed.kind == "date"
        if twin and dated and (parsed.number is not None or (parsed.unit or "").endswith("前")):
            return clean_cell(row.value)
    text = " ".join(t for t in (project.overview, project.goal_annual, project.goal_total) if t)
    found = {m.group() for m in _STATED_DEADLINE.finditer(text)}
    return found.pop() if len(found) == 1 else None


def _texts(indicator: Indicator, project: Project) -> tuple[str, str]:
    """The row's own wording, and what the table says of the row's work (nothing, for a department table).

    A department's table (部门整体支出绩效目标表) pools the work of many projects: its name, goals
    and other rows say nothing about the cycle of one row.
    """
    own = f"{clean_cell(indicator.level3)} {clean_cell(indicator.value)}"
    if project.scope == "department":
        return own, ""
    stated = [project.name, project.overview, project.goal_annual, project.goal_total]
    stated += [row.value for row in project.indicators if row.parsed is not None and row.parsed.kind == "money"]
    return own, " ".join(t for t in stated if t)


def recurring(indicator: Indicator, project: Project) -> bool:
    """Whether the row's work recurs every period: its own wording, its project's name, or a monthly payment."""
    own, table = _texts(indicator, project)
    if _RECURRING.search(own) or (table and _RECURRING.search(project.name or "")):
        return True
    return bool(_PAYMENT.search(own) and _MONTHLY_STANDARD.search(table))


def stated_period(indicator: Indicator, project: Project) -> str | None:
    """The period the row or its table states for the row's work (周, 季, 月), or None: never invented.

    日常 or 维护 say that work recurs, not how often; a due day per period needs the period written:
    每月/按季度 in the row, or in the project's name, 概况 and goals, or a monthly standard of a payment.
    """
    own, table = _texts(indicator, project)
    for text in (own, table):
        if re.search(r"每周|按周", text):
            return "周"
        if re.search(r"每季|按季", text):
            return "季"
        if re.search(r"每月|按月|月度", text):
            return "月"
    return "月" if _PAYMENT.search(own) and _MONTHLY_STANDARD.search(table) else None


def period_due(indicator: Indicator, project: Project, period: str) -> tuple[str, str]:
    """A due day in every stated period, worded for the row's kind of work: (as shown, with the blank filled)."""
    own = f"{clean_cell(indicator.level3)} {clean_cell(indicator.value)} {project.name or ''}"
    verb = next((word for word, pattern in _PAY_WORDS if pattern.search(own)), "完成")
    if period == "周":
        return f"每周周{BLANK}前{verb}", f"每周五前{verb}"
    if period == "季":
        return f"每季度末月{BLANK}日前{verb}", f"每季度末月15日前{verb}"
    return f"每月{BLANK}日前{verb}", f"每月10日前{verb}"


_ASSURANCE = re.compile(r"的?(?:保障性|保障度|保障|及时性|及时|按时|情况|时效)+$")
_DONE = re.compile(r"(?:到位|到岗|开展|召开|举办|发放|完成|支付|拨付|缴纳)$")
# goods delivered once; consumables (耗材, 办公用品) are restocked all year, so one date does not describe them
_GOODS = re.compile(r"(?:资料|材料|物资|设备)$")


def timing_name(name: str) -> str | None:
    """A 时效 row's name that says no time, read as the time its work is done (招聘会所需资料的保障性 → …到位时间).

    Only where the name says what is done or delivered once: 临时工按时到位情况 → 临时工到位时间. A name
    that only names a subject (市级城乡居民基本养老保险 “及时”) or consumables (办公耗材保障性) says no one date.
    """
    stem = _ASSURANCE.sub("", name).replace("按时", "").replace("及时", "")
    if stem == name or len(stem) < 2:
        return None
    if _DONE.search(stem):
        return stem + "时间"
    return stem + "到位时间" if _GOODS.search(stem) else None


_EVENTS = frozenset({"次", "场", "期", "批", "场次", "届"})  # units of events, not of people (培训人数 ≥300人)
_EVENT_TIME = re.compile(r"(?:开展|召开|举办|举行|组织)?(?:完成)?时间$")


def yearly_name(name: str, indicator: Indicator, project: Project) -> str:
    """A dated name for work the project counts more than once a year (宣传活动举办次数 ≥5次): one date
    is when all of it is done (宣传活动开展时间 → 全年宣传活动完成时间), not the date of one event."""
    subject = _EVENT_TIME.sub("", name)
    if subject == name or len(subject) < 2 or name.startswith("全年") or _CASE_WORK.search(subject):
        return name
    for row in project.indicators:
        parsed = row.parsed
        counted = row.period == indicator.period and row.level2 == "数量指标" and row.id != indicator.id
        many = parsed is not None and parsed.kind == "count" and (parsed.number or 0) > 1 and parsed.unit in _EVENTS
        if counted and many and subject in clean_cell(row.level3):
            return f"全年{subject}完成时间"
    return name


# work done case by case all year (工伤鉴定, 审核, 办理): a yearly completion date says nothing of it
_CASE_WORK = re.compile(r"鉴定|审核|审批|办理|受理|处理|认定|咨询|调解|仲裁|查处")

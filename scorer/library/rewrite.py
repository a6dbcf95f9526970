"""Turn a good example's value into a value for another project, without borrowing its numbers.

A deadline carries over only as a shape: the budget year put in, its month and day blanked
(12月底前 → 2026年__月底前), unless the project states its own date. A full target (100%) carries
over as is. A number is a promise of one project: it is taken only from the flagged row itself
(with the row's own comparator, turned round only when the check that fired is about the direction)
or from the project's own 概况 and goals (在岗人数500人, 每人每月2150元); otherwise the rewrite keeps
a visible blank (≥__人) and the example's number only fills the blank when the shape is checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scorer.library.build import Entry
from scorer.library.deadlines import blank_date, stated_deadline
from scorer.model import Indicator, Project
from scorer.normalize import clean_cell

PLACEHOLDER = "__"
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?(?:\s*[-~～至到]\s*\d[\d,]*(?:\.\d+)?)?")
_YEAR = re.compile(r"20\d\d(?=年)")
_YEARLESS_DATE = re.compile(r"^(?:\d{1,2}月|第?[一二三四1-4]季度|年底|年末|年内|上半年|下半年)")
_FIXED_BY_CONTRACT = re.compile(r"面积|租赁|租用|承租|合同|物业")
_SCALES = (("亿元", 1e8), ("万元", 1e4), ("千元", 1e3))
# where a 概况 states a per-head standard, and the unit the grammar gives it
_STANDARDS = (
    (re.compile(r"每人每月[^\d，,。；;]{0,6}?(\d[\d,]*(?:\.\d+)?)元"), "元/人/月"),
    (re.compile(r"每人每年[^\d，,。；;]{0,6}?(\d[\d,]*(?:\.\d+)?)元"), "元/人/年"),
    (re.compile(r"(\d[\d,]*(?:\.\d+)?)元/人/月"), "元/人/月"),
    (re.compile(r"(\d[\d,]*(?:\.\d+)?)元/人/年"), "元/人/年"),
)


@dataclass(frozen=True)
class Adapted:
    """A value to suggest: `value` as shown (may hold a blank), `filled` as checked."""

    value: str
    filled: str
    how: str  # year | verbatim | own | stated | other_half | placeholder | affordable | date_blank


def _scale(value: str) -> float:
    return next((factor for unit, factor in _SCALES if unit in value), 1.0)


def _number_text(number: float) -> str:
    return f"{number:.2f}".rstrip("0").rstrip(".")


def stated_numbers(project: Project, unit: str) -> set[float]:
    """Numbers the project's own name, 概况 and goals state with this unit (one per distinct value)."""
    text = " ".join(t for t in (project.name, project.overview, project.goal_annual, project.goal_total) if t)
    found: set[float] = set()
    if "元" in unit:
        for pattern, standard_unit in _STANDARDS:
            if standard_unit == unit:
                found.update(float(m.group(1).replace(",", "")) for m in pattern.finditer(text))
        return found
    pattern = re.compile(rf"(?<![\d.每])(\d[\d,]*(?:\.\d+)?)(万)?{re.escape(unit)}(?!次|天|民|均|数)")
    for match in pattern.finditer(text):
        start = match.start()
        if text[max(0, start - 1) : start] == "每" or re.match(r"20\d\d$", match.group(1)):
            continue
        found.add(float(match.group(1).replace(",", "")) * (1e4 if match.group(2) else 1.0))
    return found


def _other_half(indicator: Indicator, project: Project, kind: str) -> str | None:
    """The number and unit the other period's row of the same name states, without its comparator."""
    name = clean_cell(indicator.level3)
    for row in project.indicators:
        parsed = row.parsed
        if row.period != indicator.period and clean_cell(row.level3) == name and parsed and parsed.kind == kind:
            written = _NUMBER.search(clean_cell(row.value))
            if written is not None and parsed.number:
                return clean_cell(row.value)[written.start() :]
    return None


def own_head(indicator: Indicator, example_head: str, direction: str | None) -> str:
    """The comparator to put before the row's own number: its own, turned round only for a direction flag.

    A quantity fixed by a contract (a rented or managed area) is neither a floor nor a cap: as written.
    """
    text = clean_cell(indicator.value)
    written = _NUMBER.search(text)
    head = text[: written.start()].strip() if written else ""
    if direction is None:
        return head or example_head
    if _FIXED_BY_CONTRACT.search(clean_cell(indicator.level3)):
        return ""
    return "≥" if direction == "upper" else "≤"


def turned(indicator: Indicator, direction: str) -> str | None:
    """The row's own value with its comparator turned round (≤36家 → ≥36家), or None without a number of its own."""
    text = clean_cell(indicator.value)
    written = _NUMBER.search(text)
    own = indicator.parsed
    if written is None or own is None or not own.number or own.upper is not None:
        return None
    return own_head(indicator, "", direction) + text[written.start() :]


def affordable(indicator: Indicator, project: Project) -> float | None:
    """How many units the period's funds pay for at the unit cost the project's own 成本指标 states, if it does."""
    own = indicator.parsed
    funds = project.funds.annual if indicator.period == "annual" else project.funds.total
    if own is None or not own.unit or not funds:
        return None
    for row in project.indicators:
        cost = row.parsed
        if row.period != indicator.period or row.level2 != "成本指标" or cost is None or not cost.number:
            continue
        if cost.unit == f"元/{own.unit}" or (cost.kind == "count" and cost.unit == own.unit):  # ≤28张: 28元 a card
            return float(int(funds // cost.number))
        per = (cost.unit or "").removeprefix("元/")
        if cost.kind == "money" and own.unit in _PIECES and per in _PIECES:  # 采购数 ≤50个 at ≤5000元/台
            return float(int(funds // cost.number))
    return None


# counters of one purchased thing that filings use interchangeably (采购数 50个, 5000元/台)
_PIECES = frozenset({"个", "台", "件", "套", "部"})


def _full_target(example: Entry, number: str, head: str) -> bool:
    """100% and 0起 promise everything or nothing: targets, not another project's quantities."""
    if example.kind == "percent":
        return number == "100" and head in ("", "=", "≥")
    return number == "0" and head in ("", "=", "≤")


def adapt(
    example: Entry,
    indicator: Indicator,
    project: Project,
    budget_year: int | None,
    keep_unit: bool = True,
    direction: str | None = None,
) -> Adapted | None:
    """The example's value rewritten for this project, or None when it cannot be carried over.

    `keep_unit=False` (a unit flag) takes the example's unit with the row's own number;
    `direction` ("upper"/"lower") says the check that fired wants the row's cap made a floor or back.
    """
    value = example.value
    if example.kind == "boolean":
        return Adapted(value, value, "verbatim")
    if example.kind == "date":
        own_date = stated_deadline(indicator, project)
        if own_date is not None:
            return Adapted(own_date, own_date, "stated")
        if budget_year is None:
            return Adapted(blank_date(value), value, "date_blank") if not _YEAR.search(value) else None
        if _YEAR.search(value):
            first = int(_YEAR.search(value).group())  # type: ignore[union-attr]
            shift = budget_year - (example.year or first)
            dated = _YEAR.sub(lambda m: str(int(m.group()) + shift), value)
        elif _YEARLESS_DATE.match(value):
            dated = f"{budget_year}年{value}"
        else:
            dated = value
        shown = blank_date(dated)
        if shown != dated:
            return Adapted(shown, dated, "date_blank")
        return Adapted(dated, dated, "year" if dated != value else "verbatim")
    match = _NUMBER.search(value)
    if match is None:
        return None  # a number in Chinese numerals: not worth a template
    head, tail = value[: match.start()], value[match.end() :]
    if _full_target(example, match.group(), head):
        return Adapted(value, value, "verbatim")
    own = indicator.parsed
    if own is not None and own.kind == example.kind and own.number and own.number > 0 and own.upper is None:
        written_number = _number_text(own.number / _scale(value))
        head = own_head(indicator, head, direction)
        if direction == "upper" and (fits := affordable(indicator, project)) is not None and own.number > fits:
            unit = own.unit or ""  # a floor the funds cannot pay for: the planned number, within the funds
            return Adapted(PLACEHOLDER + unit, _number_text(fits) + unit, "affordable")
        if own.unit == example.unit or keep_unit is False:
            if float(written_number) > 0 and (example.kind != "percent" or float(written_number) <= 100):
                text = head + written_number + tail
                return Adapted(text, text, "own")
        elif (written := _NUMBER.search(clean_cell(indicator.value))) is not None:
            text = head + written.group() + clean_cell(indicator.value)[written.end() :]  # its own number and unit
            return Adapted(text, text, "own")
    twin = _other_half(indicator, project, example.kind)
    if twin is not None:
        text = head + twin
        return Adapted(text, text, "other_half")
    if example.kind in ("count", "money") and example.unit:
        stated = stated_numbers(project, example.unit)
        if len(stated) == 1:
            text = head + _number_text(stated.pop() / _scale(value)) + tail
            return Adapted(text, text, "stated")
    if example.kind == "percent" and not head.strip():
        head = "≥"  # a rate to fill in needs its direction: “__%” alone says nothing (专项工作推进程度 95%)
    return Adapted(head + PLACEHOLDER + tail, head + value[match.start() :], "placeholder")

"""The 指标值 grammar: a value as written → Value(op, number, upper, unit, kind).

Targets are written in a small, regular language: an optional comparator (symbol or word),
a number (Arabic with separators, or Chinese: 两次, 一百二十人), an optional multiplier
(万/亿/千), and a unit (元/人/月, 人次, %, 个工作日), or a date/deadline (2025年12月31日前,
12月底前, 第四季度), a period (2024年1月1日至2025年12月31日), a frequency (每月), a boolean
(是/否) — or free text. Money is converted to 元 and multipliers applied, so checks compare
numbers without re-reading text. Anything outside the grammar comes back as kind "text".
"""

from __future__ import annotations

import re
from functools import lru_cache

import cn2an

from scorer.model import Indicator, Value
from scorer.normalize import clean_cell, undouble

KINDS = ("count", "percent", "money", "date", "duration", "ratio", "boolean", "text")

_SYMBOLS = [
    (">=", ("≥", "≧", ">=", "=>")),
    ("<=", ("≤", "≦", "<=", "=<")),
    (">", (">",)),
    ("<", ("<",)),
    ("=", ("=", "==")),
]
_WORDS = [
    (">=", ("大于等于", "大于或等于", "不低于", "不少于", "不小于", "至少", "达到", "不得低于", "不得少于")),
    (
        "<=",
        ("小于等于", "小于或等于", "不超过", "不高于", "不大于", "控制在", "最多", "不得超过", "不得高于"),
    ),
    (">", ("大于", "高于", "超过", "多于")),
    ("<", ("小于", "低于", "少于")),
    ("=", ("等于",)),
]
_SUFFIX_OPS = (("以上", ">="), ("以内", "<="), ("以下", "<="), ("之内", "<="), ("内", "<="))
_PREFIXES = ("预计", "约", "力争", "确保", "计划", "全年", "年均")

MONEY_UNITS = {"元": 1.0, "千元": 1e3, "万元": 1e4, "亿元": 1e8}
_MULTIPLIERS = {"万": 1e4, "亿": 1e8, "千": 1e3, "百万": 1e6, "千万": 1e7}
DURATION_UNITS = (
    "个工作日",
    "工作日",
    "个月",
    "小时",
    "分钟",
    "年",
    "月",
    "天",
    "日",
    "周",
    "秒",
    "学时",
    "课时",
)
COUNT_UNITS = (
    "人次",
    "人天",
    "场次",
    "户次",
    "人",
    "个",
    "家",
    "项",
    "次",
    "户",
    "场",
    "期",
    "名",
    "批",
    "套",
    "台",
    "份",
    "条",
    "张",
    "本",
    "册",
    "块",
    "类",
    "辆",
    "所",
    "间",
    "座",
    "处",
    "篇",
    "件",
    "单",
    "卷",
    "页",
    "平方米",
    "立方米",
    "公里",
    "千米",
    "米",
    "吨",
    "度",
    "千瓦时",
    "兆",
    "亩",
    "起",
    "部",
    "支",
    "门",
    "节",
    "课",
    "班",
    "轮",
    "组",
    "位",
    "只",
    "头",
    "株",
    "棵",
    "盏",
    "根",
    "片",
    "公顷",
    "平米",
)

_NUM = r"\d[\d,]*(?:\.\d+)?"
_CN_NUM = r"[零〇一二两三四五六七八九十百千万亿]+"
_NUMBER_UNIT = re.compile(
    rf"^(?P<n>{_NUM}|{_CN_NUM})(?:\s*[-~～至到]\s*(?P<u>{_NUM}|{_CN_NUM}))?"
    r"(?P<mult>百万|千万|万|亿|千)?(?P<unit>%|‰|[^\d]*)$"
)
_PERCENT_RANGE = re.compile(rf"^(?P<n>{_NUM})%\s*[-~～至到]\s*(?P<u>{_NUM})%$")
_D = r"(?:(?P<{p}y>\d{{4}})年)?(?:(?P<{p}m>\d{{1,2}})月(?:份)?)?(?:(?P<{p}d>\d{{1,2}})日{opt})?"
_DATE_ONE = _D.format(p="a", opt="")
_DATE_TWO = _D.format(p="b", opt="?")  # a range's end is often cut short: "12月3"
_DEADLINE_WORDS = r"(?P<tail>底前|底|前|以前|之前|末前|末|初|中旬|上旬|下旬|前完成|内完成|开始|完成|结束)?"
_DATE = re.compile(rf"^{_DATE_ONE}{_DEADLINE_WORDS}$")
_DATE_RANGE = re.compile(rf"^{_DATE_ONE}\s*(?:至|-|—|~|到)\s*{_DATE_TWO}(?P<tail>前|底前|底|止)?$")
_YEAR_END = re.compile(r"^(?:(?P<y>\d{4})年)?(?P<what>年底|年末|年内|年中|上半年|下半年|全年)(?P<tail>前|之前|以前)?$")
_QUARTER = re.compile(r"^(?:(?P<y>\d{4})年)?(?:第)?(?P<q>[一二三四1-4])季度(?P<tail>前|末|底|内)?$")
_MONTH_END = re.compile(r"^(?:每年)?(?P<m>\d{1,2})月(?:底|末)(?P<tail>前|之前)?$")
_FREQUENCY = re.compile(r"^(?:每|按)(?P<what>日|天|周|月|季度|季|半年|年)(?:度)?(?:发放|支付|缴纳|开展|一次|1次)?$")
# a due day in every period (每月10日前发放, 每周五前, 每季度末月15日前): a deadline, not only a frequency
_PERIOD_DUE = re.compile(
    r"^(?:每|按)(?P<what>月|周|季度|季)(?P<due>(?:末月|首月)?\d{1,2}日|[一二三四五六日])(?P<tail>(?:之|以)?前)?"
    r"(?:发放|支付|缴纳|缴费|完成|开展|拨付|办结|到位)?$"
)
_BOOLEANS = {"是": 1.0, "有": 1.0, "否": 0.0, "无": 0.0}
_QUARTER_NUMBER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _split_comparator(text: str) -> tuple[str | None, str]:
    for op, symbols in _SYMBOLS:
        for symbol in symbols:
            if text.startswith(symbol):
                return op, text[len(symbol) :]
    for op, words in _WORDS:
        for word in words:
            if text.startswith(word):
                return op, text[len(word) :]
    return None, text


def _to_number(text: str) -> float | None:
    if re.fullmatch(_NUM, text):
        return float(text.replace(",", ""))
    try:
        return float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError, TypeError):
        return None


def _unit_kind(unit: str) -> str:
    if unit in ("%", "‰"):
        return "percent"
    if "元" in unit:
        return "money"
    if ":" in unit or unit.startswith("比"):
        return "ratio"
    if unit in DURATION_UNITS:
        return "duration"
    return "count"


def _date_value(text: str, op: str | None) -> Value | None:
    if (m := _DATE_RANGE.match(text)) and (m.group("am") or m.group("ad") or m.group("ay")):
        first = int(m.group("ay")) if m.group("ay") else None
        last = int(m.group("by")) if m.group("by") else first
        return Value(op, float(first) if first else None, float(last) if last else None, "期间", "date")
    if (m := _DATE.match(text)) and (m.group("am") or m.group("ay")) and (m.group("am") or m.group("tail")):
        year = float(m.group("ay")) if m.group("ay") else None
        tail = m.group("tail") or ""
        deadline = tail.endswith("前") or tail in ("底", "末")
        unit = "".join(f"{m.group(k)}{s}" for k, s in (("am", "月"), ("ad", "日")) if m.group(k)) or "年"
        return Value(op or ("<=" if deadline else None), year, None, unit + tail, "date")
    if m := _YEAR_END.match(text):
        year = float(m.group("y")) if m.group("y") else None
        return Value(op or "<=", year, None, m.group("what") + (m.group("tail") or ""), "date")
    if m := _MONTH_END.match(text):
        return Value(op or "<=", None, None, f"{int(m.group('m'))}月底", "date")
    if m := _QUARTER.match(text):
        year = float(m.group("y")) if m.group("y") else None
        return Value(op, year, None, f"第{_QUARTER_NUMBER[m.group('q')]}季度", "date")
    if m := _PERIOD_DUE.match(text):
        tail = "前" if m.group("tail") else ""
        return Value(op or ("<=" if tail else None), None, None, f"{m.group('what')}{m.group('due')}{tail}", "date")
    if m := _FREQUENCY.match(text):
        return Value(None, None, None, "每" + m.group("what"), "date")
    return None


@lru_cache(maxsize=65536)
def parse_value(raw: str) -> Value:
    """Parse one 指标值 cell. Never raises: unknown shapes are kind 'text'."""
    text = undouble(clean_cell(raw or ""))
    if not text:
        return Value(None, None, None, None, "text")
    for prefix in _PREFIXES:
        if text.startswith(prefix) and len(text) > len(prefix):
            text = text[len(prefix) :]
            break
    if text in _BOOLEANS:
        return Value("=", _BOOLEANS[text], None, None, "boolean")
    op, rest = _split_comparator(text)
    for suffix, suffix_op in _SUFFIX_OPS:
        if rest.endswith(suffix) and len(rest) > len(suffix) and re.search(r"\d|[一二三四五六七八九十]", rest):
            rest = rest[: -len(suffix)]
            op = op or suffix_op
            break
    if date := _date_value(rest, op):
        return date
    if m := _PERCENT_RANGE.match(rest):
        return Value(op, float(m.group("n").replace(",", "")), float(m.group("u").replace(",", "")), "%", "percent")
    if m := _NUMBER_UNIT.match(rest):
        number = _to_number(m.group("n"))
        upper = _to_number(m.group("u")) if m.group("u") else None
        unit = (m.group("unit") or "").strip()
        if number is not None and _plausible_unit(unit):
            return _quantity(op, number, upper, m.group("mult"), unit)
    return Value(op, None, None, None, "text")


def _plausible_unit(unit: str) -> bool:
    """A unit is short and made of unit-like characters, not a sentence."""
    if not unit:
        return True
    if unit in ("%", "‰"):
        return True
    return len(unit) <= 8 and bool(re.fullmatch(r"[\u4e00-\u9fff/·.()（）:兆A-Za-z%]+", unit))


def _quantity(op: str | None, number: float, upper: float | None, mult: str | None, unit: str) -> Value:
    factor = _MULTIPLIERS.get(mult or "", 1.0)
    head = unit.split("/", 1)[0]
    if head in MONEY_UNITS:
        factor *= MONEY_UNITS[head]
        unit = "元" + unit[len(head) :]
    number *= factor
    upper = upper * factor if upper is not None else None
    if not unit:
        return Value(op, number, upper, None, "count")
    return Value(op, number, upper, unit, _unit_kind(unit))


# 指标性质 / 指标方向 / 运算符号 cells of structured exports, as the comparator they stand for.
# 定量 states only that a number follows; 定性 that the value is words, so neither adds a comparator.
NATURE_OPS = {
    "≥": ">=",
    "≧": ">=",
    ">=": ">=",
    "≤": "<=",
    "≦": "<=",
    "<=": "<=",
    ">": ">",
    "<": "<",
    "=": "=",
    "＝": "=",
    "大于等于": ">=",
    "小于等于": "<=",
    "大于": ">",
    "小于": "<",
    "等于": "=",
    "正向": ">=",
    "正向指标": ">=",
    "反向": "<=",
    "反向指标": "<=",
}
_OP_SYMBOL = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}
QUALITATIVE = ("定性", "定性指标")


def nature_op(nature: str | None) -> str | None:
    """The comparator a 指标性质 cell states (≥, 大于等于, 正向 …), or None (定量, 定性, empty)."""
    return NATURE_OPS.get(clean_cell(nature or "").replace(" ", ""))


def is_qualitative(nature: str | None) -> bool:
    return clean_cell(nature or "").replace(" ", "") in QUALITATIVE


def written_value(value: str, nature: str | None = None, unit_cell: str | None = None) -> str:
    """The target as one 指标值 string: the 指标性质 comparator, the value cell, then the 度量单位.

    Structured exports split `≥1626人` over three cells; joining them lets one grammar (and every
    check) read the target. A value that already carries a comparator or a unit keeps its own: a
    disagreeing 度量单位 is reported by U109, not silently preferred. 定性 values are read as written.
    """
    text = (value or "").strip()
    if (nature is None and unit_cell is None) or not text or is_qualitative(nature):
        return text
    cleaned = clean_cell(text)
    op = nature_op(nature)
    if op and _split_comparator(cleaned)[0] is None:
        text = _OP_SYMBOL[op] + text
    unit = clean_cell(unit_cell or "").replace(" ", "")
    if unit and unit not in ("无", "/", "-", "—") and re.search(r"\d", cleaned):
        alone = parse_value(cleaned)
        if alone.unit is None and alone.kind != "date":
            text += unit
    return text


def parse_cells(value: str, nature: str | None = None, unit_cell: str | None = None) -> Value:
    """Parse a target split over 指标性质 | 指标值 | 度量单位 cells (a plain 指标值 when both are None)."""
    return parse_value(written_value(value, nature, unit_cell))


def indicator_text(indicator: Indicator) -> str:
    """The row's target as one string (its cells joined for structured exports): what messages quote."""
    return written_value(indicator.value, indicator.nature, indicator.unit_cell)

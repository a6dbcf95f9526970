"""Typical indicators (典型案例库): a measurable row to put in place of a slogan.

A slogan (提高大学生就业能力, 保障单位的正常运转) says no quantity, so no value shape fits it;
evaluators ask instead what good filings measure under the same 二级 for the same kind of
project. Candidates are good rows of the library with (a) the same 二级 and project type and a
name that itself says what it measures; they must share a specific word with the slogan or the
project's name, 概况 and goals, so a 公益性岗位 example never goes to a training project; they are
ranked by (b) jieba-token similarity to the slogan and the project name, then (c) how many
projects use the name (typical indicators first). A row the project already has is never
suggested, and the example's number is never carried: it stays a blank (≥__%, ≥__人).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from scorer.library.build import Entry
from scorer.library.index import Library, name_similarity, words
from scorer.library.rewrite import PLACEHOLDER
from scorer.model import Project
from scorer.normalize import clean_cell
from scorer.wording import intent_of

# a name that reads like a measure but cannot be counted or surveyed (促进人社事业发展程度, 提高就业人数持续度)
_UNMEASURABLE = re.compile(r"(程度|持续度|上升度|提升度|提升率|保障度|影响|社会反响|保障|效果|水平)(?:\(%\))?$")
_YEAR_IN_NAME = re.compile(r"20\d\d")
# words every indicator of the corpus shares: sharing only these says nothing about the subject
GENERIC = frozenset(
    {
        "工作", "项目", "经费", "资金", "人员", "提高", "提升", "促进", "保障", "确保", "推进", "有效",
        "实施", "开展", "完成", "情况", "水平", "能力", "程度", "社会", "效益", "指标", "年度", "全年",
        "率", "度", "数", "人数", "及时", "及时率", "规定", "时间", "业务", "业务费", "运行", "正常",
        "发展", "持续", "稳定", "就业", "问题", "的", "和", "及", "了", "在", "内", "对", "与", "或",
    }
)  # fmt: skip
# words that say how a thing is measured, not what it is: they may differ from the slogan's
_MEASURE_WORD = re.compile(r"[率性度]$")
MEASURE_WORDS = frozenset(
    {"到位", "按时", "发放", "支付", "下达", "完成", "使用", "投入使用", "覆盖", "占比", "人数", "数量", "时间", "次数"}
)
# another project's row already about the same thing: the project has it, do not suggest it
SAME_ROW_SIMILARITY = 70.0
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


@dataclass(frozen=True)
class Typical:
    """A replacement row: its name, its value with a blank, the value to check, the example."""

    level3: str
    value: str
    filled: str
    example: Entry
    similarity: float
    projects: int  # how many projects of the library use this name


def measurable(name: str) -> bool:
    """Whether a name says what is measured: a known kind of quantity, not a degree or a wish."""
    return intent_of(name) != "unknown" and not _UNMEASURABLE.search(name) and not _YEAR_IN_NAME.search(name)


def _specific(text: str) -> set[str]:
    """The content words of a text that are not shared by every indicator of the corpus."""
    return {w for w in words(text).split() if w not in GENERIC and len(w) > 1}


def linked(slogan: str, level3: str) -> bool:
    """Whether the measurable name speaks of what the slogan names (就业 of 促进就业创业 in 培训人员就业率)."""
    tokens = set(words(slogan).split())
    tokens |= {w[i : i + 2] for w in tokens if len(w) == 4 for i in (0, 2)}  # 就业创业: 就业, 创业
    return any(w in level3 for w in tokens if len(w) > 1 and (w not in GENERIC or w == "就业"))


def subject_words(name: str) -> set[str]:
    """What a measurable name is about (办公耗材 in 办公耗材到位及时率), without its measure words."""
    return {w for w in _specific(name) if not _MEASURE_WORD.search(w) and w not in MEASURE_WORDS}


@cache
def _full_names(library: Library) -> dict[tuple[str, str], str]:
    """Each (二级, 三级) to the longest name of the library it begins (a name a narrow column cut short)."""
    names: dict[str, set[str]] = {}
    for entry in library.entries:
        names.setdefault(entry.level2, set()).add(entry.level3)
    full = {}
    for level2, group in names.items():
        for name in group:
            full[(level2, name)] = max((other for other in group if other.startswith(name)), key=len)
    return full


def blank_value(example: Entry) -> tuple[str, str] | None:
    """The example's value with its number blanked, and as written (to check the shape); None for dates.

    0起 (no incident) is a target any project can take, so it stays.
    """
    value = example.value
    if example.kind not in ("percent", "count", "money"):
        return None
    match = _NUMBER.search(value)
    if match is None:
        return None
    head, tail = value[: match.start()], value[match.end() :]
    if example.kind == "count" and match.group() == "0" and head in ("", "=", "≤"):
        return value, value
    if not head.strip():
        head = "≥" if example.op in (None, "=", ">=") else head
    return head + PLACEHOLDER + tail, head + match.group() + tail


def candidates(
    name: str, level2: str, kind: str, project: Project, library: Library, exclude: str = ""
) -> Iterator[Typical]:
    """Measurable rows of the same 二级 and project type about the slogan's or the project's subject, best first."""
    context = " ".join(t for t in (project.name, project.overview, project.goal_annual, project.goal_total) if t)
    subject = _specific(name) | _specific(context)
    named = _specific(name) | _specific(project.name)
    query = words(f"{name} {project.name}")
    own = [words(clean_cell(row.level3)) for row in project.indicators if clean_cell(row.level3)]
    full = _full_names(library)
    users: dict[str, set[tuple[str, str]]] = {}
    for entry in library.entries:
        if entry.level2 == level2:
            users.setdefault(full[(level2, entry.level3)], set()).add((entry.filing, entry.project))
    found: dict[str, Typical] = {}
    for entry in library.entries:
        if entry.level2 != level2 or entry.filing == exclude:
            continue
        level3 = full[(level2, entry.level3)]
        about = subject_words(level3)
        # the example is about something this project speaks of, named in the slogan or the project name;
        # from a project of another type only when the slogan or the project name says all of it
        if level3 in found or not measurable(level3) or not about or not about <= subject or not about & named:
            continue
        if (entry.type != kind and not about <= named) or not linked(name, level3):
            continue
        mine = words(level3)
        if any(name_similarity(mine, other) >= SAME_ROW_SIMILARITY for other in own):
            continue
        shaped = blank_value(entry)
        if shaped is None:
            continue
        similarity = round(name_similarity(query, mine), 2)
        found[level3] = Typical(level3, shaped[0], shaped[1], entry, similarity, len(users[level3]))
    yield from sorted(found.values(), key=lambda t: (-t.similarity, -t.projects, t.level3, t.example.filing))

"""A slogan about a group's employment or income, rewritten to that group's measure.

促进大学生就业, 促进求职者就业, 提高大学生就业能力 name a group and what should happen to it, but
no quantity. Evaluators ask for the same group measured the way good filings measure that
outcome under the same 二级: 就业 by a 就业率 (高校毕业生就业率 ≥95%), 增收 by the group's income
(公益性岗位人员的经济收入 ≥41.15万元). The group stays the slogan's own words (大学生就业率), the
measure and its value shape come from the library, and the number stays a blank. Nothing is
offered when the slogan names no group (促进充分就业), names its group only as 人员, names a
burden rather than an outcome (缓解就业压力), or when the library has no row of that measure
under the 二级: a borrowed shape for a wish (促进乡村振兴 ≥__%) is what evaluators reject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scorer.library.build import Entry
from scorer.library.index import Library
from scorer.library.typical import blank_value, measurable
from scorer.model import Project
from scorer.normalize import clean_cell

_VERB = r"(?:有效)?(?:促进|提高了?|提升|推动|助力|带动|实现)"
_PLACE = r"(?:我市|我县|全市|全县|本地|部分)?"
# a group of people the slogan names: the subject a measure can count (not 人员 alone)
_WHO = r"(?P<who>[\u4e00-\u9fff]{0,6}?(?:大学生|毕业生|求职者|残疾人|劳动力|困难人员|农民工|青年|妇女))"
# the outcome, and the measure good rows give it: (its wording in the slogan, what the measure's name ends with)
_TOPICS = (
    (r"(?:劳动)?就业(?:能力|稳定发展|稳定|质量)?", "就业率"),
    (r"(?:稳定)?增收|收入(?:水平)?", "经济收入"),
)


@dataclass(frozen=True)
class SubjectMeasure:
    """The slogan's group with a measure: its name, its value with a blank, the value to check, the example."""

    level3: str
    value: str
    filled: str
    example: Entry


def group_and_measure(name: str) -> tuple[str, str] | None:
    """(group, measure) a slogan speaks of (促进大学生就业 → 大学生, 就业率), or None when it names neither."""
    text = re.sub(r"[，,。；;、\s]", "", clean_cell(name))
    for topic, measure in _TOPICS:
        found = re.fullmatch(rf"{_VERB}{_PLACE}{_WHO}(?:{topic})", text)
        if found is not None:
            return found.group("who"), measure
    return None


def _example(measure: str, level2: str, library: Library, exclude: str) -> Entry | None:
    """The most used good row of the 二级 whose measurable name ends with the measure (ties: fixed order)."""
    rows = [
        e
        for e in library.entries
        if e.level2 == level2 and e.filing != exclude and e.level3.endswith(measure) and measurable(e.level3)
    ]
    rows = [e for e in rows if blank_value(e) is not None]
    if not rows:
        return None
    count = {e.level3: sum(1 for o in rows if o.level3 == e.level3) for e in rows}
    return min(rows, key=lambda e: (-count[e.level3], e.level3, e.filing, e.project, e.line))


def subject_measure(
    name: str, level2: str, project: Project, library: Library, exclude: str = ""
) -> SubjectMeasure | None:
    """The slogan's group measured as good rows of its 二级 measure that outcome, unless the project already has it."""
    parsed = group_and_measure(name)
    if parsed is None:
        return None
    who, measure = parsed
    example = _example(measure, level2, library, exclude)
    if example is None:
        return None
    if any(measure in clean_cell(row.level3) for row in project.indicators):
        return None  # the project measures it already (高校毕业生就业率): the slogan is to be deleted, not rewritten
    level3 = who + measure
    shaped = blank_value(example)
    if shaped is None:
        return None
    return SubjectMeasure(level3, shaped[0], shaped[1], example)

"""Concrete rewrites for weak indicators, taken from the nearest good ones in the library.

For a flag of kind vague, unit_mismatch, missing_quantity or misplaced, the nearest good rows
of the same 二级 (the one the row belongs under, for a misplaced row) are tried in order of
nearness, a same-type project first; the first whose adapted value passes every indicator
check in this project is suggested, as 参照同类项目 when it is about the same thing (whether a
rewrite passes: trial.py; whether a shape fits: fitting.py). Where none passes,
the check's own generic suggestion stays. Some cases get no borrowed shape: a unit in the wrong
order is reordered and a wrong-way bound turned, recurring work gets a due day per period it
states (deadlines.py), a slogan (提高大学生就业能力) only takes the measurable name and value of a
neighbour about the same thing, else its own group's measure (subjects.py), else the typical
measurable row of its 二级 and project type (typical.py), and a misplaced row whose target 二级
already holds an equivalent row is merged, not moved. A rewrite answers every finding of its row.
This runs once after the checks.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

from scorer.checks import filing_names
from scorer.checks.advice import PSEUDO_DEGREE, full_name
from scorer.checks.category import expected_level2
from scorer.checks.registry import ProjectContext
from scorer.checks.units import reordered_unit
from scorer.checks.vague import checkable, wrong_way
from scorer.config import Config
from scorer.hierarchy import LEVEL2_PARENT
from scorer.library.build import ALL_TYPES, Entry, canonical_level2
from scorer.library.deadlines import period_due, recurring, stated_period, timing_name, yearly_name
from scorer.library.fitting import dated_name, fits, unit_fits
from scorer.library.index import Library, Neighbour, default_library, name_similarity, words
from scorer.library.project_types import type_of_project
from scorer.library.rewrite import PLACEHOLDER, adapt, affordable, turned
from scorer.library.subjects import subject_measure
from scorer.library.trial import VALUE_KINDS_OF_INTENT, passes
from scorer.library.typical import candidates
from scorer.model import Document, Flag, Indicator, Project
from scorer.normalize import clean_cell
from scorer.wording import intent_of

KINDS = frozenset({"vague", "unit_mismatch", "missing_quantity", "misplaced"})
MIN_SIMILARITY = 50.0  # token ratio below which a neighbour is about something else
# a name that does not say what it measures borrows a value shape only from a neighbour this near
MIN_SHAPE_SIMILARITY = 30.0
# a name that does not say what it measures (促进就业创业) takes a neighbour's measurable name and
# value only from one this near: on the reviewed findings the unrelated pairs reach 64
# (工作开展便捷程度 / 专项工作推进程度), the genuine ones start at 86 (see README)
SLOGAN_SIMILARITY = 70.0
# an example is called 同类项目 only when it is about the same thing, by the same measure as for slogans
CITE_SIMILARITY = SLOGAN_SIMILARITY
# an equivalent row already under the target 二级 (补助人员满意度 / 服务对象满意度): merge, do not move
SAME_ROW_SIMILARITY = 70.0
_SLOGAN_VERB = re.compile(r"^(?:保|确保|促进|提高|提升|加强|推动|增强|改善|推进|助力|保障|维护|实现)")
CANDIDATES = 8
_LEVEL2_OF_INTENT = {
    "time": "时效指标",
    "satisfaction": "服务对象满意度指标",
    "money": "成本指标",
    "count": "数量指标",
    "rate": "质量指标",
    "benefit_money": "经济效益指标",
}


@dataclass(frozen=True)
class Rewrite:
    """A suggested row: where it goes, what it says, and the good example it follows."""

    level2: str
    level3: str
    value: str  # as suggested; may hold a blank (≥__人)
    filled: str  # the blank filled with the example's number, to check the shape
    how: str
    example: Entry | None  # None: nothing in the library is about the same thing (a per-period due day)
    moved: bool
    similarity: float
    merge: str = ""  # an equivalent row already under the target 二级 (“服务对象满意度”（满意）)
    merge_checkable: bool = False  # whether that row already states a checkable target (≥95%)
    own_name: str = ""  # the row's own 三级 as read whole, to tell a renamed row from a moved one

    @property
    def cites(self) -> bool:
        """Whether the example is about the same thing, so worth citing."""
        return self.example is not None and self.similarity >= CITE_SIMILARITY

    def _typical_text(self) -> str:
        """A slogan replaced by a typical measurable row: the example's filing and project, not its number."""
        row = f"改为可衡量的指标，如“{self.level3} {self.value}”"
        head = f"移到{self.level2}下，{row}" if self.moved else row
        return f"{head}{self._fill_note()}。"

    def _fill_note(self) -> str:
        """“，__处填写本项目计划的数值” (or 日期) where the suggested value holds a blank."""
        what = "日期" if self.how in ("period", "date_blank") else "数值"
        return f"，{PLACEHOLDER}处填写本项目计划的{what}" if PLACEHOLDER in self.value else ""

    def _renamed(self) -> str:
        """“，名称写成“…”” where the rewrite gives the row another name than its own."""
        return f"，名称写成“{self.level3}”" if self.own_name and self.level3 != self.own_name else ""

    def _from_this_table(self, table: tuple[str, str] | None) -> bool:
        """Whether the value comes from the other half of the flagged row's own table."""
        same_table = self.example is not None and (self.example.filing, self.example.project) == table
        return table is not None and not self.moved and (same_table or self.how == "other_half")

    def place_text(self) -> str:
        """Only where the row goes (and its name, where that changes), for a misplaced finding whose
        row's value another finding of the same cell answers."""
        if self.merge and self.merge_checkable:
            return f"删除本行：{self.level2}下已有{self.merge}。"
        if self.merge:  # the row already there is as vague: the merged row's value is part of the move
            return f"删除本行，并把{self.level2}下的{self.merge}改写为“{self.level3} {self.value}”{self._fill_note()}。"
        return f"移到{self.level2}下{self._renamed()}。"

    def value_text(self, table: tuple[str, str] | None = None) -> str | None:
        """Only the value this rewrite writes, for a second finding of the same cell; None when the
        rewrite replaces the row's name or leaves its value as it is."""
        if self.how in ("typical", "subject", "moved"):
            return None  # a new name or an unchanged value: the finding's own advice stays
        if self.merge and self.merge_checkable:
            return f"如保留本行，指标值写成“{self.value}”{self._fill_note()}。"
        if self.merge:
            return f"并入{self.level2}后，指标值写成“{self.value}”。"  # as the merge on this cell says
        if self._from_this_table(table):
            return f"指标值按本表另一期写成“{self.value}”。"
        return f"指标值写成“{self.value}”{self._fill_note()}。"

    def text(self, table: tuple[str, str] | None = None) -> str:
        """The suggestion string of the flag, ready to paste into an 审核意见.

        The example's source (another unit's filing) is not named: a department is told what to
        write, not which file it came from; `scorer library search` shows the sources.

        `table` is (filing, project) of the flagged row: an example from that same table (the
        other half of a one-year project) is named as such, not as another project.
        """
        if self.how in ("typical", "subject"):
            return self._typical_text()
        if self.how == "moved" and self.moved and not self.merge:  # its value is checkable already
            return f"移到{self.level2}下{self._renamed()}，指标值“{self.value}”不变。"
        if self._from_this_table(table):
            # the number comes from the other half of this table: that is the source, not the example
            return f"按本表另一期的同一指标写成“{self.level3} {self.value}”。"
        row = f"“{self.level3} {self.value}”"
        like = "参照同类项目写成" if self.cites else "写成"
        if self.merge and self.merge_checkable:
            head = f"删除本行：{self.level2}下已有{self.merge}；如需单独考核，在该指标下{like}{row}"
        elif self.merge:
            head = f"删除本行，并把{self.level2}下的{self.merge}{like}{row}"
        elif self.how == "period":
            head = f"按期发生的事项写每期的期限，{like}{row}"
            head = f"移到{self.level2}下，{head}" if self.moved else head
        else:
            head = f"移到{self.level2}下，{like}{row}" if self.moved else f"{like}{row}"
        blank = self._fill_note()
        if self.how == "affordable":  # the row's own floor is more than the funds buy at its own unit cost
            blank += f"（按该期资金和成本指标的单价测算不超过{self.filled}）"
        return f"{head}{blank}。"


def target_level2(indicator: Indicator, flag: Flag, name: str = "") -> str | None:
    """The 二级 a rewrite is written for: the printed one, or for a misplaced row where it belongs.

    `name` is the row's full 三级 where a narrow column cut it short (补贴资金发放时 → …时间).
    """
    printed = canonical_level2(indicator.level2)
    if flag.kind != "misplaced":
        return printed
    stated = expected_level2(indicator) if flag.code == "C101" else None
    if stated is not None and stated[0] != printed:
        return stated[0]  # where the rule's message says the row belongs, not another reading of it
    prediction = indicator.prediction
    if prediction is not None and prediction.level2 != printed and prediction.level2 in LEVEL2_PARENT:
        return prediction.level2
    wanted = _LEVEL2_OF_INTENT.get(intent_of(name or clean_cell(indicator.level3)))
    return wanted if wanted != printed else None


def _name_for(own: str, example: Entry) -> str:
    """The row's own 三级 when it asks for the example's kind of value, else the example's name."""
    intent = intent_of(own) if own else "unknown"
    if own and (intent == "unknown" or example.kind in VALUE_KINDS_OF_INTENT.get(intent, set())):
        return own
    return example.level3


TIMELINESS = "时效指标"


def _deadline(entry: Entry) -> bool:
    """A dated deadline (12月底前, 2025年5月前), not a fixed day or a frequency."""
    return entry.kind == "date" and entry.op == "<="


def _shapes(name: str, level2: str, kind: str, library: Library) -> set[str]:
    """Value kinds a row named so may take: from its wording, else the typical kind of its group."""
    intent = intent_of(name)
    if intent in VALUE_KINDS_OF_INTENT:
        return VALUE_KINDS_OF_INTENT[intent]
    group = library.group(level2, kind) or library.group(level2, ALL_TYPES)
    return {group["kind"]} if group else set()


def slogan(name: str) -> bool:
    """A name that does not say what it measures: no intent, or a benefit worded as a wish (保增收)."""
    intent = intent_of(name)
    if intent == "unknown" or name.endswith("效率"):  # 提高了工作人员的办事效率: a 效率 is no 率
        return True
    if PSEUDO_DEGREE.search(name):
        return True  # 单位正常运转保障度: a % after it would be a pseudo-rate
    return intent == "benefit_money" and bool(_SLOGAN_VERB.match(name))


# a direction before a measure (提高我市就业率): the direction belongs in the comparator (≥), not the name
_DIRECTION = re.compile(r"^(?:有效|进一步|持续|逐步)?(?:提高|提升|增加|扩大)了?")  # (降低 would want ≤)
_MEASURES = frozenset({"rate", "count", "money", "benefit_money", "satisfaction"})


def measured_name(name: str) -> str:
    """The name without a leading direction where what follows is itself a measure (提高我市就业率 →
    我市就业率, with ≥ in the value); a name whose rest measures nothing (提高办事效率) is left whole."""
    match = _DIRECTION.match(name)
    rest = name[match.end() :] if match else ""
    if len(rest) >= 3 and intent_of(rest) in _MEASURES and not slogan(rest):
        return rest
    return name


_GENERIC_SATISFACTION = re.compile(r"^(?:服务对象|受益对象|受益人员?|受益群众|群众|社会公众)?满意[度率](?:\(%\))?$")


def equivalent_row(indicator: Indicator, level2: str, name: str, project: Project) -> Indicator | None:
    """A row of the same period already under `level2` that says what this row says, if any."""
    intent = intent_of(name)
    for row in project.indicators:
        other = clean_cell(row.level3)
        if row.id == indicator.id or row.period != indicator.period or not other:
            continue
        if canonical_level2(row.level2) != level2:
            continue
        if intent != "unknown" and intent_of(other) not in (intent, "unknown"):
            continue  # 发放补贴标准 (money) is no 发放补贴时间 (time), however alike the words
        if name_similarity(words(name), words(other)) >= SAME_ROW_SIMILARITY:
            return row
        if intent == "satisfaction" == intent_of(other) and (
            _GENERIC_SATISFACTION.match(other) or _GENERIC_SATISFACTION.match(name)
        ):
            return row
    return None


def rewrite(
    indicator: Indicator,
    flag: Flag,
    ctx: ProjectContext,
    library: Library,
    kind: str,
    exclude: str = "",
    home: str | None = None,
) -> Rewrite | None:
    """The rewrite of a flagged row, merged into an equivalent row where its target 二级 already has one.

    `home` is the 二级 a misplaced finding of the same row moves it to: every finding of the row
    is answered there (a frequency under 成本指标 is rewritten as the 时效 row it belongs to).
    """
    own_name = full_name(indicator, ctx)  # completed where a narrow column cut it short
    name = measured_name(own_name)
    level2 = home or target_level2(indicator, flag, name)
    if level2 is None or not name:
        return None
    percent = indicator.parsed is not None and indicator.parsed.kind == "percent"
    if flag.code == "U102" and percent and equivalent_row(indicator, "数量指标", name, ctx.project) is not None:
        return None  # a rate under a count's name that 数量指标 already counts: U102 asks for a name
    if flag.code in ("U106", "M105") or (
        flag.code == "U103" and indicator.parsed and indicator.parsed.kind == "duration"
    ):
        # ≥5月 (a month or months?), a target of 0 and a service life under 满意度: the check's own advice says it
        return None
    counted = indicator.parsed is not None and indicator.parsed.kind == "count" and indicator.parsed.number
    if flag.code == "U102" and counted and intent_of(name) == "money":
        return None  # ≤28张 for a cost: U102 reads its own number as a price per 张 (or asks for a total)
    found = _rewrite_row(indicator, flag, ctx, library, kind, exclude, level2, name)
    if found is not None and found.moved:
        twin = equivalent_row(indicator, level2, name, ctx.project)
        if twin is not None:
            merge = f"“{full_name(twin, ctx)}”（{clean_cell(twin.value) or '未填写'}）"
            found = dataclasses.replace(found, moved=False, merge=merge, merge_checkable=checkable(twin))
    return dataclasses.replace(found, own_name=own_name) if found is not None else None


def _own_fix(indicator: Indicator, flag: Flag, project: Project) -> str | None:
    """The row's own value, mended where the flag says exactly what is wrong with it.

    A unit written in the wrong order is reordered (≤180人/天/元 → ≤180元/人/天), a bound the
    wrong way round is turned (V106: ≤36家 → ≥36家); no example is needed for either.
    """
    own = indicator.parsed
    if own is None:
        return None
    if flag.kind == "unit_mismatch" and own.unit and (fixed := reordered_unit(own.unit)) is not None:
        return clean_cell(indicator.value).replace(own.unit, fixed)
    direction = wrong_way(indicator) if flag.code == "V106" else None
    if direction is None or not own.number:
        return None
    if direction == "upper" and (fits := affordable(indicator, project)) is not None and own.number > fits:
        return None  # a floor the funds cannot pay for at the project's own unit cost: see adapt()
    return turned(indicator, direction)


# unit faults of form, not kind (1500元/元, ≤120万 without 元, 0.15元/年 with 万 lost): the row's
# own check says what to write; the denominator or currency of another project would be invented
_OWN_NUMBER_CODES = frozenset({"U101", "U105", "U108"})


def _rewrite_row(
    indicator: Indicator,
    flag: Flag,
    ctx: ProjectContext,
    library: Library,
    kind: str,
    exclude: str,
    level2: str,
    name: str,
) -> Rewrite | None:
    """The nearest good example that, adapted to this project, passes every row check.

    First the examples whose 三级 reads like this row's; failing those, the nearest example of the
    value shape the row's own name asks for (a rate, a deadline, a count), keeping the row's name.
    A 时效 row without a number of its own gets a due day per period for recurring work, else tries
    dated deadlines first; a misplaced row whose value is already checkable is only moved. A slogan
    only takes the name and value of a neighbour about the same thing, else a typical row to replace it.
    """
    moved = level2 != canonical_level2(indicator.level2)
    own = indicator.parsed
    if level2 == TIMELINESS and intent_of(name) != "time" and (own is None or own.number is None):
        name = timing_name(name) or name  # 招聘会所需资料的保障性 “保障”: the time the materials are in place
    ranked = library.nearest(name, level2, kind, limit=len(library.entries), exclude=exclude)
    close = [n for n in ranked[:CANDIDATES] if n.similarity >= MIN_SIMILARITY]
    shapes = _shapes(name, level2, kind, library)
    floor = 0.0 if intent_of(name) in VALUE_KINDS_OF_INTENT else MIN_SHAPE_SIMILARITY
    shaped = [n for n in ranked if n.entry.kind in shapes and n.similarity >= floor][:CANDIDATES]
    if flag.kind == "misplaced" and own is not None and own.kind != "text" and (close or shaped):
        value = clean_cell(indicator.value)  # a checkable value under the wrong 二级 only moves
        if passes(indicator, level2, name, value, ctx):
            neighbour = (close or shaped)[0]
            return Rewrite(level2, name, value, value, "moved", neighbour.entry, True, neighbour.similarity)
    own_fix = _own_fix(indicator, flag, ctx.project)
    if own_fix is not None and passes(indicator, level2, name, own_fix, ctx):
        return Rewrite(level2, name, own_fix, own_fix, "own", None, moved, 0.0)  # stands on its own: nothing to cite
    if flag.code in _OWN_NUMBER_CODES and own is not None and own.number is not None:
        return None  # the number is the filing's; only the unit's form is wrong: a neighbour's unit would be a guess
    timing = level2 == TIMELINESS and flag.kind != "unit_mismatch" and (own is None or own.number is None)
    frequency = own is not None and own.kind == "date" and (own.unit or "").startswith("每")  # 按季度发放
    if (timing or frequency) and recurring(indicator, ctx.project):
        period = stated_period(indicator, ctx.project)
        if period is None:
            return None  # recurring work with no stated period: neither a one-off date nor an invented cycle
        value, filled = period_due(indicator, ctx.project, period)
        level3 = dated_name(name) if intent_of(name) == "time" else value[-2:] + "时间"
        if passes(indicator, level2, level3, filled, ctx):
            return Rewrite(level2, level3, value, filled, "period", None, moved, 0.0)
    tries: list[tuple[list[Neighbour], bool]] = [(close, False), (shaped, True)]
    borrow_name = slogan(name) and (own is None or own.number is None)
    if borrow_name:
        # no number of its own: only a neighbour about the same thing lends its measurable name and value
        tries = [([n for n in ranked[:CANDIDATES] if n.similarity >= SLOGAN_SIMILARITY], False)]
    elif timing:
        # a deadline in the budget year is the most checkable 时效 target (a 及时率 still needs one): first
        deadlines = [n for n in ranked if _deadline(n.entry) and n.similarity >= floor][:CANDIDATES]
        tries.insert(0, (deadlines, True))
    direction = wrong_way(indicator) if flag.code == "V106" else None
    for neighbours, own_name in tries:
        for neighbour in neighbours:
            example = neighbour.entry
            if borrow_name and not own_name:
                if slogan(example.level3):
                    continue  # a neighbour that is itself a wish or a pseudo-rate lends nothing measurable
                level3 = example.level3  # the measurable name of the same thing
            else:
                level3 = name if own_name else _name_for(name, example)
            if (level3 == name and not fits(name, example)) or not unit_fits(level3, example, ctx.project):
                continue
            adapted = adapt(
                example,
                indicator,
                ctx.project,
                ctx.budget_year,
                keep_unit=flag.kind != "unit_mismatch",
                direction=direction,
            )
            if adapted is None:
                continue
            if example.kind == "date":
                level3 = yearly_name(dated_name(level3), indicator, ctx.project)
            if passes(indicator, level2, level3, adapted.filled, ctx):
                return Rewrite(
                    level2, level3, adapted.value, adapted.filled, adapted.how, example, moved, neighbour.similarity
                )
    # 促进大学生就业: the slogan's own group, measured as good rows of the 二级 measure that outcome
    measured = subject_measure(name, level2, ctx.project, library, exclude) if borrow_name else None
    if measured is not None and passes(indicator, level2, measured.level3, measured.filled, ctx):
        return Rewrite(
            level2, measured.level3, measured.value, measured.filled, "subject", measured.example, moved, 0.0
        )
    if borrow_name:
        # nothing about the same thing: what good filings of this kind of project measure under this 二级
        for typical in candidates(name, level2, kind, ctx.project, library, exclude):
            if passes(indicator, level2, typical.level3, typical.filled, ctx):
                return Rewrite(
                    level2,
                    typical.level3,
                    typical.value,
                    typical.filled,
                    "typical",
                    typical.example,
                    moved,
                    typical.similarity,
                )
    return None


def project_rewrites(
    project: Project,
    budget_year: int | None,
    config: Config,
    library: Library,
    exclude: str = "",
    names: frozenset[tuple[str, str]] = frozenset(),
) -> dict[int, Rewrite]:
    """Rewrites for the project's flags of the four kinds, by the flag's position in project.flags.

    A misplaced finding is answered first; the row's other findings are answered in the 二级 it
    moves the row to. A rewrite passes every row check, so it answers every finding of its row
    (补助人员满意度 “满意” is both misplaced and without a number): another finding of the same row
    that found none takes it.
    """
    ctx = ProjectContext.of(project, budget_year, config, names)  # names: the filing's, as the checks saw them
    kind = type_of_project(project)
    rows = {i.id: i for i in project.indicators}
    wanted = [(p, f) for p, f in enumerate(project.flags) if f.kind in KINDS and f.indicator in rows]
    wanted.sort(key=lambda pair: pair[1].kind != "misplaced")
    found: dict[int, Rewrite] = {}
    home: dict[str, str] = {}
    for position, flag in wanted:
        row = rows[flag.indicator or ""]
        result = rewrite(row, flag, ctx, library, kind, exclude, home.get(row.id))
        if flag.kind == "misplaced":
            target = result.level2 if result is not None else target_level2(row, flag, full_name(row, ctx))
            if target is not None:
                home.setdefault(row.id, target)
        if result is not None:
            found[position] = result
    by_row: dict[str, Rewrite] = {}
    for position, flag in wanted:
        if position in found:
            by_row.setdefault(flag.indicator or "", found[position])
    for position, flag in wanted:
        if position not in found and flag.indicator in by_row:
            found[position] = by_row[flag.indicator or ""]
    return dict(sorted(found.items()))


def suggestion_texts(project: Project, found: dict[int, Rewrite], table: tuple[str, str]) -> dict[int, str]:
    """The suggestion of each rewritten flag: one opinion per cell, each finding its own part.

    A row's misplaced finding says where the row goes (and its name, where that changes); the
    row's other findings say the value the rewrite writes. A row with one finding, or whose other
    findings the rewrite says nothing about (a slogan replaced, a value kept), gets the whole
    rewrite on its first finding (its misplaced one, where it has one); the rest keep their own advice.
    """
    lead: dict[str, int] = {}
    for position in sorted(found, key=lambda p: (project.flags[p].kind != "misplaced", p)):
        lead.setdefault(project.flags[position].indicator or "", position)
    values: dict[int, str] = {}
    for position in found:
        first = lead[project.flags[position].indicator or ""]
        if position != first and (value := found[first].value_text(table)) is not None:
            values[position] = value
    split = {project.flags[p].indicator for p in values}
    texts: dict[int, str] = dict(values)
    for row, first in lead.items():
        result = found[first]
        place = project.flags[first].kind == "misplaced" and row in split
        texts[first] = result.place_text() if place else result.text(table)
    return texts


def attach_suggestions(document: Document, config: Config, library: Library | None = None) -> None:
    """Replace the generic suggestion of every weak-indicator flag by a library rewrite, where one exists."""
    settings = config.get("library", {})
    if not settings.get("enabled", True):
        return
    library = library or default_library()
    if library is None:
        return
    filing = Path(document.path).name
    names = filing_names(document)
    for project in document.projects:
        found = project_rewrites(project, document.budget_year, config, library, names=names)
        for position, suggestion in suggestion_texts(project, found, (filing, project.name)).items():
            if project.scope == "department":
                suggestion = suggestion.replace("本项目计划", "本单位计划")  # a 部门整体支出 table is no project
            project.flags[position] = dataclasses.replace(project.flags[position], suggestion=suggestion)

"""Concrete rewrites for weak indicators, taken from the nearest good ones in the library.

For a flag of kind vague, unit_mismatch, missing_quantity or misplaced, the nearest good rows
of the same 二级 (the one the row belongs under, for a misplaced row) are tried in order of
nearness, a same-type project first; the first whose adapted value passes every indicator
check in this project is suggested, citing its filing and project. Where none passes, the
check's own generic suggestion stays. This runs once after the checks (`attach_suggestions`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache

from scorer.checks.advice import full_name
from scorer.checks.registry import RULES, ProjectContext
from scorer.config import Config
from scorer.hierarchy import LEVEL2_PARENT
from scorer.library.build import ALL_TYPES, Entry, canonical_level2
from scorer.library.index import Library, default_library
from scorer.library.project_types import type_of_project
from scorer.library.rewrite import PLACEHOLDER, adapt
from scorer.model import Document, Flag, Indicator, Project
from scorer.normalize import clean_cell
from scorer.values import parse_value
from scorer.wording import intent_of

KINDS = frozenset({"vague", "unit_mismatch", "missing_quantity", "misplaced"})
MIN_SIMILARITY = 50.0  # token ratio below which a neighbour is about something else
# a name that does not say what it measures borrows a value shape only from a neighbour this near
MIN_SHAPE_SIMILARITY = 30.0
CANDIDATES = 8
# checks that compare a row with the other half or other projects: a single rewritten row cannot satisfy them
_NOT_ROW_CHECKS = frozenset({"period_mismatch", "duplicate"})
_LEVEL2_OF_INTENT = {
    "time": "时效指标",
    "satisfaction": "服务对象满意度指标",
    "money": "成本指标",
    "count": "数量指标",
    "rate": "质量指标",
    "benefit_money": "经济效益指标",
}
_VALUE_KINDS_OF_INTENT = {
    "time": {"date", "duration", "percent"},
    "satisfaction": {"percent"},
    "rate": {"percent"},
    "count": {"count"},
    "money": {"money"},
    "benefit_money": {"money", "percent"},
}


@dataclass(frozen=True)
class Rewrite:
    """A suggested row: where it goes, what it says, and the good example it follows."""

    level2: str
    level3: str
    value: str  # as suggested; may hold a blank (≥__人)
    filled: str  # the blank filled with the example's number, to check the shape
    how: str
    example: Entry
    moved: bool
    similarity: float

    def text(self) -> str:
        """The suggestion string of the flag, with the cited example inside it."""
        row = f"“{self.level3} {self.value}”"
        head = f"移到{self.level2}下，参照同类项目写成{row}" if self.moved else f"参照同类项目写成{row}"
        blank = f"，{PLACEHOLDER}处填写本项目计划的数值" if PLACEHOLDER in self.value else ""
        return f"{head}{blank}（参考：{self.example.cited}）。"


def target_level2(indicator: Indicator, flag: Flag) -> str | None:
    """The 二级 a rewrite is written for: the printed one, or for a misplaced row where it belongs."""
    printed = canonical_level2(indicator.level2)
    if flag.kind != "misplaced":
        return printed
    prediction = indicator.prediction
    if prediction is not None and prediction.level2 != printed and prediction.level2 in LEVEL2_PARENT:
        return prediction.level2
    wanted = _LEVEL2_OF_INTENT.get(intent_of(clean_cell(indicator.level3)))
    return wanted if wanted != printed else None


def _name_for(own: str, example: Entry) -> str:
    """The row's own 三级 when it asks for the example's kind of value, else the example's name."""
    intent = intent_of(own) if own else "unknown"
    if own and (intent == "unknown" or example.kind in _VALUE_KINDS_OF_INTENT.get(intent, set())):
        return own
    return example.level3


@lru_cache(maxsize=4096)
def _prediction(level2: str, level3: str, value: str):  # type: ignore[no-untyped-def]
    """The shipped models' reading of a rewritten row (None when the models are unavailable)."""
    from scorer.classify import ModelError, annotate, loaded

    row = Indicator("annual", LEVEL2_PARENT.get(level2, ""), level2, level3, value, 0)
    try:
        annotate([row], loaded())
    except ModelError:
        return None
    return row.prediction


def passes(indicator: Indicator, level2: str, level3: str, value: str, ctx: ProjectContext) -> bool:
    """Whether the row, rewritten so, raises no indicator check in its project."""
    trial = dataclasses.replace(
        indicator,
        level1=LEVEL2_PARENT.get(level2, indicator.level1),
        level2=level2,
        level3=level3,
        value=value,
        parsed=parse_value(value),
        prediction=None,
    )
    if ctx.config.get("nlp", {}).get("enabled", True):
        trial.prediction = _prediction(level2, level3, value)
    for code in sorted(RULES):
        rule = RULES[code]
        if rule.scope == "indicator" and rule.kind not in _NOT_ROW_CHECKS and rule.check(trial, ctx) is not None:
            return False
    return True


TIMELINESS = "时效指标"


def _deadline(entry: Entry) -> bool:
    """A dated deadline (12月底前, 2025年5月前), not a fixed day or a frequency."""
    return entry.kind == "date" and entry.op == "<="


def _shapes(name: str, level2: str, kind: str, library: Library) -> set[str]:
    """Value kinds a row named so may take: from its wording, else the typical kind of its group."""
    intent = intent_of(name)
    if intent in _VALUE_KINDS_OF_INTENT:
        return _VALUE_KINDS_OF_INTENT[intent]
    group = library.group(level2, kind) or library.group(level2, ALL_TYPES)
    return {group["kind"]} if group else set()


def rewrite(
    indicator: Indicator, flag: Flag, ctx: ProjectContext, library: Library, kind: str, exclude: str = ""
) -> Rewrite | None:
    """The nearest good example that, adapted to this project, passes every row check.

    First the examples whose 三级 reads like this row's; failing those, the nearest example of the
    value shape the row's own name asks for (a rate, a deadline, a count), keeping the row's name.
    A 时效 row without a number of its own tries dated deadlines first; a misplaced row whose value
    is already checkable is only moved.
    """
    level2 = target_level2(indicator, flag)
    name = full_name(indicator, ctx)  # a name a narrow column cut short, completed from the other half
    if level2 is None or not name:
        return None
    ranked = library.nearest(name, level2, kind, limit=len(library.entries), exclude=exclude)
    close = [n for n in ranked[:CANDIDATES] if n.similarity >= MIN_SIMILARITY]
    shapes = _shapes(name, level2, kind, library)
    floor = 0.0 if intent_of(name) in _VALUE_KINDS_OF_INTENT else MIN_SHAPE_SIMILARITY
    shaped = [n for n in ranked if n.entry.kind in shapes and n.similarity >= floor][:CANDIDATES]
    own = indicator.parsed
    tries = [(close, False), (shaped, True)]
    if level2 == TIMELINESS and flag.kind != "unit_mismatch" and (own is None or own.number is None):
        # a deadline in the budget year is the most checkable 时效 target (a 及时率 still needs one): first
        deadlines = [n for n in ranked if _deadline(n.entry) and n.similarity >= floor][:CANDIDATES]
        tries.insert(0, (deadlines, True))
    if flag.kind == "misplaced" and own is not None and own.kind != "text" and (close or shaped):
        value = clean_cell(indicator.value)  # a checkable value under the wrong 二级 only moves
        if passes(indicator, level2, name, value, ctx):
            neighbour = (close or shaped)[0]
            return Rewrite(level2, name, value, value, "moved", neighbour.entry, True, neighbour.similarity)
    for neighbours, own_name in tries:
        for neighbour in neighbours:
            example = neighbour.entry
            adapted = adapt(example, indicator, ctx.project, ctx.budget_year, keep_unit=flag.kind != "unit_mismatch")
            if adapted is None:
                continue
            level3 = name if own_name else _name_for(name, example)
            if passes(indicator, level2, level3, adapted.filled, ctx):
                moved = level2 != canonical_level2(indicator.level2)
                return Rewrite(
                    level2, level3, adapted.value, adapted.filled, adapted.how, example, moved, neighbour.similarity
                )
    return None


def project_rewrites(
    project: Project, budget_year: int | None, config: Config, library: Library, exclude: str = ""
) -> dict[int, Rewrite]:
    """Rewrites for the project's flags of the four kinds, by the flag's position in project.flags."""
    ctx = ProjectContext.of(project, budget_year, config)
    kind = type_of_project(project)
    rows = {i.id: i for i in project.indicators}
    found: dict[int, Rewrite] = {}
    for position, flag in enumerate(project.flags):
        if flag.kind in KINDS and flag.indicator in rows:
            result = rewrite(rows[flag.indicator], flag, ctx, library, kind, exclude)
            if result is not None:
                found[position] = result
    return found


def attach_suggestions(document: Document, config: Config, library: Library | None = None) -> None:
    """Replace the generic suggestion of every weak-indicator flag by a library rewrite, where one exists."""
    settings = config.get("library", {})
    if not settings.get("enabled", True):
        return
    library = library or default_library()
    if library is None:
        return
    for project in document.projects:
        for position, result in project_rewrites(project, document.budget_year, config, library).items():
            project.flags[position] = dataclasses.replace(project.flags[position], suggestion=result.text())

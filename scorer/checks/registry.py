"""The one table of checks: code → rule. A check is a function registered with @rule.

Codes are stable once published; the letter names the family (V vague, U unit, M missing,
C category, F funds, Y year, P period, D duplicate, S weights). The function's docstring is the explanation that
`scorer rules CODE` prints, written under fixed headings (检查什么 / 为什么 / 示例 / 建议写法 / 依据).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from scorer.config import Config
from scorer.model import Indicator, Project, Severity

FLAG_KINDS = (
    "vague",
    "unit_mismatch",
    "missing_quantity",
    "misplaced",
    "funds_mismatch",
    "stale_year",
    "period_mismatch",
    "duplicate",
    "weights",
    "parse_warning",
)


@dataclass(frozen=True)
class Finding:
    """What a check found; the registry turns it into a Flag with the rule's code and kind."""

    message: str
    suggestion: str
    indicator: Indicator | None = None
    severity: Severity | None = None  # overrides the rule's default when set
    # a project finding that is about one row only: dropped when a row check already reports that row
    unless_reported: Indicator | None = None


@dataclass
class ProjectContext:
    """Everything a check may read about one project; checks never re-read filing text."""

    project: Project
    budget_year: int | None
    config: Config
    annual: list[Indicator] = field(default_factory=list)
    total: list[Indicator] = field(default_factory=list)
    # every (三级, value) of the filing: a name a narrow column cut in both halves of this table may
    # be printed whole, beside the same value, in another copy of it (工作开展便捷程 / 工作开展便捷程度)
    filing_names: frozenset[tuple[str, str]] = frozenset()

    @classmethod
    def of(
        cls,
        project: Project,
        budget_year: int | None,
        config: Config,
        filing_names: frozenset[tuple[str, str]] = frozenset(),
    ) -> ProjectContext:
        return cls(
            project=project,
            budget_year=budget_year,
            config=config,
            annual=[i for i in project.indicators if i.period == "annual"],
            total=[i for i in project.indicators if i.period == "total"],
            filing_names=filing_names,
        )

    @property
    def one_year(self) -> bool:
        """一次性项目(1年结束) or a 1-year 项目期: both halves should then agree."""
        attribute = self.project.attribute or ""
        term = (self.project.term or "").replace(" ", "")
        return "1年结束" in attribute or term in ("1年", "一年")


IndicatorCheck = Callable[[Indicator, ProjectContext], Finding | None]
ProjectCheck = Callable[[ProjectContext], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    kind: str
    severity: Severity
    title: str
    scope: Literal["indicator", "project", "batch"]
    check: Callable[..., object]

    @property
    def explanation(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or "")


RULES: dict[str, Rule] = {}


def rule(
    code: str,
    kind: str,
    severity: Severity,
    title: str,
    scope: Literal["indicator", "project", "batch"] = "indicator",
) -> Callable[[Callable[..., object]], Callable[..., object]]:
    """Register a check under its stable code (batch checks run over a whole batch, not per project)."""
    if kind not in FLAG_KINDS:
        raise ValueError(f"{code}: unknown flag kind {kind!r}")

    def register(check: Callable[..., object]) -> Callable[..., object]:
        if code in RULES:
            raise ValueError(f"duplicate check code {code}")
        RULES[code] = Rule(code, kind, severity, title, scope, check)
        return check

    return register

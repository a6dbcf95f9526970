"""The shared vocabulary: plain, immutable-ish records that flow from parsing to reports.

Every later stage reads these records and never re-reads the filing text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Period = Literal["annual", "total"]
Scope = Literal["project", "department"]
Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Value:
    """A parsed 指标值: comparator, number(s), unit and what kind of quantity it is."""

    op: str | None
    number: float | None
    upper: float | None
    unit: str | None
    kind: str


@dataclass(frozen=True)
class Flag:
    """One finding about a project or one of its indicators."""

    code: str
    kind: str
    severity: Severity
    message: str
    suggestion: str
    indicator: str | None = None


@dataclass(frozen=True)
class Prediction:
    """What the shipped models read from one indicator row (see scorer/classify.py).

    Thresholds travel with the probabilities so that checks decide without loading models;
    a threshold of None means the model is not trusted to flag on its own.
    """

    level2: str  # the 二级 the category model reads from the 三级 wording and the value
    confidence: float  # its probability
    printed: float | None  # probability of the printed 二级; None when that is not a standard name
    misplaced_threshold: float | None  # flag when the prediction differs with at least this confidence
    vague: float | None  # probability that a free-text value is not a checkable target (None: not free text)
    vague_threshold: float | None
    filled: bool = False  # the row had no 二级 and the prediction was filled in


@dataclass
class Indicator:
    """One 三级指标 row of one period, with the 一级/二级 labels that apply to it."""

    period: Period
    level1: str
    level2: str
    level3: str
    value: str
    source_line: int
    id: str = ""
    parsed: Value | None = None
    prediction: Prediction | None = None
    # where the row is in a PDF, Excel or Word filing (第3页表1第5行); None for text filings
    location: str | None = None
    # the 指标性质, 度量单位 and 权重 cells of structured exports (scorer/layouts/structured.py);
    # None where the layout has no such column, so reports leave them out
    nature: str | None = None
    unit_cell: str | None = None
    weight: float | None = None

    @property
    def where(self) -> str:
        """The row's place in the filing, for messages: its location, else its line."""
        return self.location or f"第{self.source_line}行"


@dataclass
class Funds:
    """Money of a project in 元; None where the filing does not state it."""

    total: float | None = None
    annual: float | None = None
    sources_total: dict[str, float] = field(default_factory=dict)
    sources_annual: dict[str, float] = field(default_factory=dict)


@dataclass
class Project:
    """One 绩效目标表: a project (or the department as a whole, when scope is 'department')."""

    name: str
    source_lines: tuple[int, int]
    scope: Scope = "project"
    department: str | None = None
    implementer: str | None = None
    attribute: str | None = None
    term: str | None = None
    funds: Funds = field(default_factory=Funds)
    goal_total: str | None = None
    goal_annual: str | None = None
    overview: str | None = None
    stamp: str | None = None
    table_year: int | None = None
    indicators: list[Indicator] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    id: str = ""
    score: float | None = None
    grade: str | None = None
    # first and last row of the table in a PDF, Excel or Word filing; None for text filings
    location: tuple[str, str] | None = None

    @property
    def where(self) -> str:
        """The table's place in the filing, for messages: its locations, else its lines."""
        if self.location:
            return f"{self.location[0]}–{self.location[1]}"
        return f"第{self.source_lines[0]}–{self.source_lines[1]}行"


@dataclass
class Document:
    """One input file and what was read from it; `error` is set when nothing usable was."""

    path: str
    layout: str | None = None
    budget_year: int | None = None
    projects: list[Project] = field(default_factory=list)
    error: str | None = None
    encoding: str | None = None

"""One self-contained HTML page for evaluators: open it from an e-mail or a share, no server, no network.

The page is rendered by jinja2 with autoescaping, so filing text (names, values, goals) is always
shown as text, whatever it contains. CSS, the score chart (SVG) and the small filter script are inline.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader

from scorer.config import Config, load_config
from scorer.duplicates import Pair
from scorer.model import Document, Flag, Indicator, Project
from scorer.report.findings import (
    DUPLICATE_KIND_LABEL,
    KIND_LABEL,
    PERIOD_LABEL,
    SEVERITY_LABEL,
    SEVERITY_ORDER,
    cell_marks,
    grade_label,
    review_draft,
    rule_title,
    sorted_projects,
    top_problems,
)

_ENVIRONMENT = Environment(
    loader=PackageLoader("scorer.report", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class Bar:
    """One bin of the score histogram, already placed in SVG coordinates."""

    label: str
    count: int
    x: float
    y: float
    height: float
    grade: str


@dataclass(frozen=True)
class Card:
    """What one project card shows."""

    project: Project
    path: str
    grade: str
    problems: str
    draft: str
    table_flags: list[Flag]
    periods: list[tuple[str, list[tuple[Indicator, list[Flag], dict[str, str]]]]]


CHART_WIDTH, CHART_HEIGHT, CHART_TOP, CHART_BOTTOM = 560, 200, 20, 30


def histogram(projects: list[Project], config: Config) -> list[Bar]:
    """Graded projects in ten bins of ten points (the last bin holds 90–100), coloured by the grade of the bin."""
    counts = Counter(min(9, int(p.score // 10)) for p in projects if p.score is not None)
    tallest = max(counts.values(), default=0) or 1
    bands = sorted(config["score"]["grades"].items(), key=lambda item: -item[1])
    usable = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    step = CHART_WIDTH / 10
    bars = []
    for index in range(10):
        height = usable * counts[index] / tallest
        grade = next((g for g, lower in bands if index * 10 >= lower), bands[-1][0])
        bars.append(
            Bar(
                label=f"{index * 10}–{index * 10 + 9 if index < 9 else 100}",
                count=counts[index],
                x=index * step + 4,
                y=CHART_TOP + usable - height,
                height=height,
                grade=grade,
            )
        )
    return bars


def card_of(project: Project, path: str, config: Config) -> Card:
    by_indicator: dict[str, list[Flag]] = {}
    for flag in sorted(project.flags, key=lambda f: (SEVERITY_ORDER[f.severity], f.code)):
        if flag.indicator:
            by_indicator.setdefault(flag.indicator, []).append(flag)
    periods = []
    for period in ("total", "annual"):
        rows = []
        for indicator in project.indicators:
            if indicator.period == period:
                flags = by_indicator.get(indicator.id, [])
                rows.append((indicator, flags, cell_marks(flags)))
        if rows:
            periods.append((PERIOD_LABEL[period], rows))
    return Card(
        project=project,
        path=path,
        grade=grade_label(project),
        problems=top_problems(project, config) if project.scope == "project" else "",
        draft=review_draft(project),
        table_flags=[f for f in project.flags if f.indicator is None],
        periods=periods,
    )


def render_html(documents: list[Document], pairs: list[Pair], config: Config | None = None) -> str:
    """The whole report as one HTML string (pure: the caller decides where it goes)."""
    config = config or load_config()
    paths = {p.id: d.path for d in documents for p in d.projects}
    projects = sorted_projects(documents)
    flags = [f for p in projects for f in p.flags]
    kinds = sorted({f.kind for f in flags}, key=lambda k: list(KIND_LABEL).index(k) if k in KIND_LABEL else 99)
    template = _ENVIRONMENT.get_template("report.html.j2")
    return template.render(
        documents=documents,
        cards=[card_of(p, Path(paths[p.id]).name, config) for p in projects],
        bars=histogram(projects, config),
        chart={"width": CHART_WIDTH, "height": CHART_HEIGHT, "base": CHART_HEIGHT - CHART_BOTTOM},
        severity_counts=Counter(f.severity for f in flags),
        kinds=[(k, KIND_LABEL.get(k, k), sum(1 for f in flags if f.kind == k)) for k in kinds],
        severities=list(SEVERITY_LABEL.items()),
        pairs=sorted(pairs, key=lambda p: -p.similarity),
        pair_kinds=DUPLICATE_KIND_LABEL,
        errors=[d for d in documents if d.error],
        severity_label=SEVERITY_LABEL,
        kind_label=KIND_LABEL,
        rule_title=rule_title,
        basename=lambda path: Path(path).name,
    )

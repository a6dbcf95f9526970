"""0–100 score and grade per project, with the reasons that cost the most points.

Each annual indicator is worth the same share of the indicator score; its flags take away
up to all of that share (weights by severity). Project-level flags (a missing 二级 block,
funds that disagree) take fixed points off the whole. So a long indicator list is neither
punished nor rewarded for its length, and one bad row in a short table weighs more than in
a long one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from scorer.config import Config
from scorer.model import Project


@dataclass(frozen=True)
class Reason:
    code: str
    points: float
    count: int


def score_project(project: Project, config: Config) -> tuple[float, str, list[Reason]]:
    """(score, grade, reasons sorted by points lost)."""
    settings = config["score"]
    weights = settings["indicator_weight"]
    project_points = settings["project_points"]
    ignored = set(settings["ignore_kinds"])
    annual = [i for i in project.indicators if i.period == "annual"]
    annual_ids = {i.id for i in annual}
    per_indicator: dict[str, float] = defaultdict(float)
    lost_by_code: dict[str, float] = defaultdict(float)
    count_by_code: dict[str, int] = defaultdict(int)
    project_loss = 0.0
    share = 100.0 / len(annual) if annual else 0.0
    for flag in project.flags:
        if flag.kind in ignored:
            continue
        if flag.indicator is None:
            points = project_points[flag.severity]
            project_loss += points
            lost_by_code[flag.code] += points
            count_by_code[flag.code] += 1
        elif flag.indicator in annual_ids:
            before = min(1.0, per_indicator[flag.indicator])
            per_indicator[flag.indicator] += weights[flag.severity]
            after = min(1.0, per_indicator[flag.indicator])
            lost_by_code[flag.code] += (after - before) * share
            count_by_code[flag.code] += 1
    # a table without annual targets has nothing to judge and scores 0
    indicator_score = 100.0 - share * sum(min(1.0, v) for v in per_indicator.values()) if annual else 0.0
    score = max(0.0, round(indicator_score - project_loss, 1))
    reasons = sorted(
        (Reason(code, round(points, 1), count_by_code[code]) for code, points in lost_by_code.items() if points > 0),
        key=lambda r: -r.points,
    )
    return score, grade_of(score, config), reasons


def grade_of(score: float, config: Config) -> str:
    bands = sorted(config["score"]["grades"].items(), key=lambda item: -item[1])
    for grade, lower in bands:
        if score >= lower:
            return grade
    return bands[-1][0]


GRADE_NAMES = {"A": "优", "B": "良", "C": "中", "D": "差"}

"""Whether a rewritten row passes the checks: the test every library suggestion must pass.

A rewrite is put in place of the row in its own project and every indicator check is run on it,
with the shipped models' reading of the new wording; the project's funds arithmetic (unit cost ×
count against the funds) must not turn against it. Checks that compare a row with the other half
or with other projects are left out: one rewritten row cannot satisfy them.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

from scorer.checks.registry import RULES, ProjectContext
from scorer.hierarchy import LEVEL2_PARENT
from scorer.model import Indicator
from scorer.values import parse_value

# checks that compare a row with the other half or other projects: a single rewritten row cannot satisfy them
NOT_ROW_CHECKS = frozenset({"period_mismatch", "duplicate"})
VALUE_KINDS_OF_INTENT = {
    "time": {"date", "duration", "percent"},  # a percent only for a 及时性 row, from a time-named example
    "satisfaction": {"percent"},
    "rate": {"percent"},
    "count": {"count"},
    "money": {"money"},
    "benefit_money": {"money", "percent"},
}


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
        if rule.scope == "indicator" and rule.kind not in NOT_ROW_CHECKS and rule.check(trial, ctx) is not None:
            return False
    # the project's own arithmetic (unit cost × count against the funds) must not turn against the rewrite
    rows = [trial if i.id == indicator.id else i for i in ctx.project.indicators]
    project = dataclasses.replace(ctx.project, indicators=rows, flags=[])
    raised = _funds_findings(ProjectContext.of(project, ctx.budget_year, ctx.config))
    return not any(row == indicator.id for _, row in raised) and raised <= _funds_findings(ctx)


def _funds_findings(ctx: ProjectContext) -> set[tuple[str, str]]:
    """The project-level funds findings of a project, as (code, flagged row)."""
    found: set[tuple[str, str]] = set()
    for code in sorted(RULES):
        rule = RULES[code]
        if rule.scope == "project" and rule.kind == "funds_mismatch":
            found.update((code, f.indicator.id if f.indicator else "") for f in rule.check(ctx))  # type: ignore[arg-type]
    return found

"""Run every registered check over a document's projects.

Importing the family modules registers their rules in `RULES`; nothing else needs to know
which checks exist.
"""

from __future__ import annotations

from scorer.checks import category, columns, funds, missing, periods, units, vague, years  # noqa: F401  (registration)
from scorer.checks.registry import RULES, Finding, ProjectContext, Rule
from scorer.config import Config
from scorer.model import Document, Flag, Project

# Project-level rules that also hold for a 部门整体支出 table (a heading left at last year).
_DEPARTMENT_TABLE_RULES = frozenset({"Y102"})


def _flag(rule: Rule, finding: Finding) -> Flag:
    return Flag(
        code=rule.code,
        kind=rule.kind,
        severity=finding.severity or rule.severity,
        message=finding.message,
        suggestion=finding.suggestion,
        indicator=finding.indicator.id if finding.indicator else None,
    )


def check_project(project: Project, budget_year: int | None, config: Config) -> list[Flag]:
    """All findings for one project, indicator rules first, in code order."""
    ctx = ProjectContext.of(project, budget_year, config)
    flags: list[Flag] = []
    for code in sorted(RULES):
        rule = RULES[code]
        if rule.scope == "indicator":
            for indicator in project.indicators:
                finding = rule.check(indicator, ctx)
                if finding is not None:
                    flags.append(_flag(rule, finding))
        elif rule.scope == "project" and (project.scope == "project" or code in _DEPARTMENT_TABLE_RULES):
            flags.extend(_flag(rule, finding) for finding in rule.check(ctx))
    return flags


def check_document(document: Document, config: Config) -> None:
    """Append check flags to every project's parse warnings.

    A 部门整体支出 table states the unit's whole budget and tasks, not a project: its indicator
    values are checked like any target, but the project rules (funds, periods, required
    blocks) do not apply to it and it is not scored.
    """
    for project in document.projects:
        project.flags.extend(check_project(project, document.budget_year, config))


__all__ = ["RULES", "check_document", "check_project"]

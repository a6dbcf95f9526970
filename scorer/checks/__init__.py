"""Run every registered check over a document's projects.

Importing the family modules registers their rules in `RULES`; nothing else needs to know
which checks exist.
"""

from __future__ import annotations

from dataclasses import replace

from scorer.checks import category, columns, funds, missing, periods, units, vague, years  # noqa: F401  (registration)
from scorer.checks.advice import shown_value
from scorer.checks.registry import RULES, Finding, ProjectContext, Rule
from scorer.config import Config
from scorer.model import Document, Flag, Indicator, Project

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
    found: list[tuple[Rule, Finding]] = []
    for code in sorted(RULES):
        rule = RULES[code]
        if rule.scope == "indicator":
            for indicator in project.indicators:
                finding = rule.check(indicator, ctx)
                if finding is not None:
                    found.append((rule, finding))
        elif rule.scope == "project" and (project.scope == "project" or code in _DEPARTMENT_TABLE_RULES):
            found.extend((rule, finding) for finding in rule.check(ctx))
    if ctx.total and ctx.annual:
        found = _one_per_row(found)
    flags = [_flag(rule, finding) for rule, finding in found]
    if project.scope == "department":
        flags = [replace(flag, message=f"（部门整体支出绩效目标表）{flag.message}") for flag in flags]
    return flags


_PERIOD_NAMES = {"annual": "年度目标", "total": "实施期目标"}


def row_key(indicator: Indicator) -> tuple[str, str, str]:
    """What makes two rows the same cell content: a finding on one holds for its twin in the other half."""
    return indicator.level2, indicator.level3, shown_value(indicator)


def _one_per_row(found: list[tuple[Rule, Finding]]) -> list[tuple[Rule, Finding]]:
    """Name the half of a two-period table each finding is about, and report a fault once
    when both halves carry the same row with the same value (the annual row keeps it).

    Evaluators read both halves of one table: two identical messages read as one fault
    reported twice, and a message without its half reads as if both halves were wrong.
    """
    annual_keys = {
        (rule.code, row_key(f.indicator)) for rule, f in found if f.indicator and f.indicator.period == "annual"
    }
    total_keys = {
        (rule.code, row_key(f.indicator)) for rule, f in found if f.indicator and f.indicator.period == "total"
    }
    both = annual_keys & total_keys
    kept: list[tuple[Rule, Finding]] = []
    for rule, finding in found:
        indicator = finding.indicator
        if indicator is None or finding.message.startswith(tuple(_PERIOD_NAMES.values())):
            kept.append((rule, finding))
            continue
        key = (rule.code, row_key(indicator))
        if key in both:
            if indicator.period == "total":
                continue
            where = "实施期和年度目标中"
        else:
            where = _PERIOD_NAMES[indicator.period] + "中"
        kept.append((rule, replace(finding, message=f"{where}{finding.message}")))
    return kept


def check_document(document: Document, config: Config) -> None:
    """Append check flags to every project's parse warnings.

    A 部门整体支出 table states the unit's whole budget and tasks, not a project: its indicator
    values are checked like any target, but the project rules (funds, periods, required
    blocks) do not apply to it and it is not scored.
    """
    for project in document.projects:
        project.flags.extend(check_project(project, document.budget_year, config))


__all__ = ["RULES", "check_document", "check_project", "row_key"]

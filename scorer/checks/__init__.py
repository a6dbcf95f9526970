"""Run every registered check over a document's projects.

Importing the family modules registers their rules in `RULES`; nothing else needs to know
which checks exist.
"""

from __future__ import annotations

from dataclasses import replace

from scorer.checks import category, columns, funds, missing, periods, units, vague, years  # noqa: F401  (registration)
from scorer.checks.advice import alike, shown_value, undoubled
from scorer.checks.registry import RULES, Finding, ProjectContext, Rule
from scorer.config import Config
from scorer.layouts.table import same_name
from scorer.model import Document, Flag, Indicator, Project

# Project-level rules that also hold for a 部门整体支出 table (a heading left at last year).
_DEPARTMENT_TABLE_RULES = frozenset({"Y102", "P102"})


def _flag(rule: Rule, finding: Finding) -> Flag:
    return Flag(
        code=rule.code,
        kind=rule.kind,
        severity=finding.severity or rule.severity,
        message=finding.message,
        suggestion=finding.suggestion,
        indicator=finding.indicator.id if finding.indicator else None,
    )


def check_project(
    project: Project,
    budget_year: int | None,
    config: Config,
    filing_names: frozenset[tuple[str, str]] = frozenset(),
) -> list[Flag]:
    """All findings for one project, indicator rules first, in code order."""
    ctx = ProjectContext.of(project, budget_year, config, filing_names)
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
    found = _without_repeats(found)
    if ctx.total and ctx.annual:
        found = _one_per_row(found, project.indicators)
    flags = [_flag(rule, finding) for rule, finding in found]
    if project.scope == "department":
        flags = [replace(flag, message=f"（部门整体支出绩效目标表）{flag.message}") for flag in flags]
    return flags


# row findings that already say a value is not in the form its block asks for (a count for a cost)
_FORM_KINDS = frozenset({"unit_mismatch", "missing_quantity"})


def _without_repeats(found: list[tuple[Rule, Finding]]) -> list[tuple[Rule, Finding]]:
    """Drop a project finding about one row that a row check already reports (one finding per cell)."""
    reported = {id(f.indicator) for rule, f in found if f.indicator is not None and rule.kind in _FORM_KINDS}
    return [(rule, f) for rule, f in found if f.unless_reported is None or id(f.unless_reported) not in reported]


_PERIOD_NAMES = {"annual": "年度目标", "total": "实施期目标"}


def same_row(a: Indicator, b: Indicator) -> bool:
    """Whether two rows of the two halves are one row: same 二级, and 三级 and value alike.

    A finding on one holds for its twin, so it is reported once.
    """
    return (
        a.period != b.period
        and a.level2 == b.level2
        and alike(a.level3, b.level3)
        and alike(shown_value(a), shown_value(b))
    )


def _same_row_for(code: str, a: Indicator, b: Indicator) -> bool:
    """same_row, and for a finding about where a row sits (not its value) also the twin whose half
    shows no value (a half without a value column, W109); for a finding about the value itself also
    the twin one half files under a slipped 二级 label (按月发放 under 成本 beside 时效): the value's
    fault is the same wherever the row sits, and C101 names the slip."""
    if same_row(a, b):
        return True
    rule = RULES.get(code)
    if rule is None or a.period == b.period or not alike(a.level3, b.level3):
        return False
    if rule.kind == "misplaced":
        return a.level2 == b.level2 and not (shown_value(a) and shown_value(b))
    return rule.kind in _VALUE_KINDS and bool(shown_value(a)) and shown_value(a) == shown_value(b)


# findings about what a value says, not where its row sits
_VALUE_KINDS = frozenset({"vague", "unit_mismatch", "missing_quantity"})


def _slipped_value_twins(code: str, other_code: str, total: Indicator, annual: Indicator) -> bool:
    """Two value findings of different checks on one row whose halves file it under different 二级
    (保障就业信息 “有效保障” read as a satisfaction by the 实施期 half's slipped label, as vague by the
    年度 half's): one fault of the value, said once, in the 年度 half's words."""
    kinds = {RULES[c].kind for c in (code, other_code) if c in RULES}
    return kinds <= _VALUE_KINDS and len(kinds) > 0 and total.level2 != annual.level2


def with_twins(project: Project, ids: set[str]) -> set[str]:
    """The rows `ids` and their twins in the other half: a finding reported once holds for both."""
    found = [i for i in project.indicators if i.id in ids]
    return {i.id for i in project.indicators if i.id in ids or any(same_row(i, f) for f in found)}


def _fuller(a: Indicator, b: Indicator) -> bool:
    """Whether `a` shows more of the row than `b` (its cells were cut less)."""
    return len(a.level3) + len(shown_value(a)) > len(b.level3) + len(shown_value(b))


def pair_halves(findings: list[tuple[str, Indicator | None]]) -> dict[int, int]:
    """For (code, row) findings: total-half position → the annual-half position it repeats.

    Each annual finding takes at most one twin, an exact copy of its row before a row cut short.
    """
    annual = [(at, code, row) for at, (code, row) in enumerate(findings) if row and row.period == "annual"]
    twin_of: dict[int, int] = {}
    taken: set[int] = set()
    # exact copies first, then rows cut short; the same check's finding before another check's
    for exact, same_code in ((True, True), (False, True), (True, False), (False, False)):
        for at, (code, row) in enumerate(findings):
            if row is None or row.period != "total" or at in twin_of:
                continue
            for other, other_code, candidate in annual:
                if other in taken or (other_code == code) != same_code or not _same_row_for(code, row, candidate):
                    continue
                if other_code != code and not _slipped_value_twins(code, other_code, row, candidate):
                    continue
                if exact and (row.level3, shown_value(row)) != (candidate.level3, shown_value(candidate)):
                    continue
                twin_of[at] = other
                taken.add(other)
                break
    return twin_of


def cut_twins(
    findings: list[tuple[str, Indicator | None]], rows: list[Indicator], paired: dict[int, int] | None = None
) -> dict[int, Indicator]:
    """For (code, row) findings: position → the other half's row it also covers, when the check fired
    on one half only because a narrow column cut the other half's cells (劳动能力鉴定完成率(%) beside
    劳动能力鉴定完): that row is the same row, cut short, with no finding of the code on it.

    The cut name keeps at least `MIN_CUT_NAME` characters (a twin without a finding of its own is
    weaker evidence than two findings pair_halves pairs). Findings pair_halves already pairs are
    left to it (`paired`, its result where the caller has it); the row on the same line is taken first.
    """
    paired = pair_halves(findings) if paired is None else paired
    covered = set(paired) | set(paired.values())
    flagged = {(code, id(row)) for code, row in findings if row is not None}
    twin_of: dict[int, Indicator] = {}
    taken: set[int] = set()
    for at, (code, row) in enumerate(findings):
        if row is None or at in covered:
            continue
        candidates = [
            other
            for other in rows
            if id(other) not in taken
            and (code, id(other)) not in flagged
            and same_row(row, other)
            and same_name(row.level3, other.level3)
            and _fuller(row, other)
        ]
        if candidates:
            twin = min(candidates, key=lambda other: abs(other.source_line - row.source_line))
            twin_of[at] = twin
            taken.add(id(twin))
    return twin_of


def _one_per_row(found: list[tuple[Rule, Finding]], rows: list[Indicator]) -> list[tuple[Rule, Finding]]:
    """Name the half of a two-period table each finding is about, and report a fault once
    when both halves carry the same row (the annual row keeps it, in the words of the half
    whose cells were cut less).

    Evaluators read both halves of one table: two identical messages read as one fault
    reported twice, and a message without its half reads as if both halves were wrong.
    """
    findings = [(rule.code, finding.indicator) for rule, finding in found]
    twin_of = pair_halves(findings)
    fuller = {annual_at: total_at for total_at, annual_at in twin_of.items()}
    cut = cut_twins(findings, rows, twin_of)
    moved = {f.indicator.id for rule, f in found if f.indicator is not None and rule.kind == "misplaced"}
    kept: list[tuple[Rule, Finding]] = []
    for position, (rule, finding) in enumerate(found):
        indicator = finding.indicator
        if indicator is None or finding.message.startswith(tuple(_PERIOD_NAMES.values())):
            kept.append((rule, finding))
        elif position in twin_of:
            continue
        elif position in cut:
            annual = indicator if indicator.period == "annual" else cut[position]
            kept.append((rule, replace(finding, indicator=annual, message=f"实施期和年度目标中{finding.message}")))
        elif position in fuller:
            total_rule, total = found[fuller[position]]
            assert total.indicator is not None
            # the half read whole, where both say the same check's words
            words = total if total_rule is rule and _fuller(total.indicator, indicator) else finding
            message = f"实施期和年度目标中{words.message}"
            if total.indicator.level2 != indicator.level2 and not {total.indicator.id, indicator.id} & moved:
                # the halves file the row apart and no C101 says so: say where the other half has it
                message = f"{message.rstrip('。')}（实施期目标中该行列在{total.indicator.level2 or '空白二级'}下）。"
            kept.append((rule, replace(finding, message=message, suggestion=words.suggestion)))
        else:
            kept.append((rule, replace(finding, message=f"{_PERIOD_NAMES[indicator.period]}中{finding.message}")))
    return kept


def check_document(document: Document, config: Config) -> None:
    """Append check flags to every project's parse warnings.

    A 部门整体支出 table states the unit's whole budget and tasks, not a project: its indicator
    values are checked like any target, but the project rules (funds, periods, required
    blocks) do not apply to it and it is not scored.
    """
    names = filing_names(document)
    for project in document.projects:
        project.flags.extend(check_project(project, document.budget_year, config, names))


def filing_names(document: Document) -> frozenset[tuple[str, str]]:
    """Every (三级, value) of a filing, to complete a name a narrow column cut in both halves of a table."""
    return frozenset(
        (undoubled(i.level3), undoubled(i.value)) for p in document.projects for i in p.indicators if i.level3
    )


__all__ = [
    "RULES",
    "check_document",
    "check_project",
    "cut_twins",
    "filing_names",
    "pair_halves",
    "same_row",
    "with_twins",
]

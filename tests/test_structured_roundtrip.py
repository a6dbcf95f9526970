"""Every seed filing converted into each structured export variant reads back as the original.

tests/structured_renderings.py prints the parsed seeds the way three budget-management systems
export them (column order and headings, split 指标性质 | 指标值 | 度量单位 cells, 万元 funds, one
sheet per project or per period, merged 一级/二级 cells). The export must give the same projects,
header fields, funds (in 元), goals and indicator rows, with each value split exactly as the
converter split it, and the same findings: the only differences allowed are the column checks
taking over a row (U102 → U110 when the unit is the 度量单位 cell, M102 → M107 for a 定性
quantity) and M107 on 定性 rows M102 leaves to other checks (时效 rows, names in the value cell),
which no single-cell layout can state; scores agree wherever nothing was added.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest
from conftest import SEEDS
from structured_renderings import MINIMAL, VARIANTS, project_keys, render, row_agreement, row_keys, split_value, weights

from scorer.checks import RULES, pair_halves
from scorer.checks.columns import QUANTITATIVE_LEVEL2, reported_by_columns, unit_from_cell
from scorer.config import load_config
from scorer.model import Document, Indicator, Project
from scorer.pipeline import parse_bytes, parse_file, score_document
from scorer.values import is_qualitative

CONFIG = load_config()
KINDS = ("text", "csv", "xlsx")
ALL_CASES = [(seed, variant.name, kind) for seed in SEEDS for variant in VARIANTS for kind in KINDS]
# A minimal export has no 一级 column: a row under a non-standard 二级 cannot know its 一级.
CASES = [case for case in ALL_CASES if case[1] != MINIMAL.name]
VARIANT = {variant.name: variant for variant in VARIANTS}


@cache
def original(seed: str) -> Document:
    return score_document(parse_file(SEEDS[seed]), CONFIG)


@cache
def converted(seed: str, variant: str, kind: str) -> Document:
    name = f"{seed}-{variant}." + ("txt" if kind == "text" else kind)
    return score_document(parse_bytes(render(original(seed), VARIANT[variant], kind), name), CONFIG)


def paired(seed: str, variant: str, kind: str) -> list[tuple[Project, Project]]:
    before, after = original(seed), converted(seed, variant, kind)
    mine = dict(zip(project_keys(before), before.projects, strict=True))
    theirs = dict(zip(project_keys(after), after.projects, strict=True))
    assert set(mine) == set(theirs)
    return [(mine[key], theirs[key]) for key in mine]


def fields(project: Project) -> tuple[object, ...]:
    funds = project.funds
    return (
        project.scope,
        project.department,
        project.implementer,
        project.attribute,
        project.term,
        funds.total,
        funds.annual,
        funds.sources_total,
        funds.sources_annual,
        project.goal_total,
        project.goal_annual,
    )


def finding_codes(project: Project, indicator: Indicator) -> set[str]:
    return {f.code for f in project.flags if f.indicator == indicator.id and f.kind != "parse_warning"}


def expected_codes(before: set[str], row: Indicator) -> set[str]:
    """The original row's findings as the export's columns state them."""
    codes = set(before)
    if "U102" in codes and unit_from_cell(row):
        codes = (codes - {"U102"}) | {"U110"}
    if reported_by_columns(row):
        codes -= {"M102", "V101"}  # M107 or M108 reports the words in place of a quantity
    if is_qualitative(row.nature) and row.level2 in QUANTITATIVE_LEVEL2 and (row.level3 or row.value):
        codes.add("M107")
    return codes


@pytest.mark.parametrize(("seed", "variant", "kind"), ALL_CASES)
def test_projects_fields_and_funds_survive(seed, variant, kind):
    document = converted(seed, variant, kind)
    assert (document.layout, document.error, document.budget_year) == ("structured", None, original(seed).budget_year)
    for before, after in paired(seed, variant, kind):
        assert fields(after) == fields(before), before.name


@pytest.mark.parametrize(("seed", "variant", "kind"), CASES)
def test_every_indicator_row_survives_with_its_value_split(seed, variant, kind):
    both, rows_before, rows_after = row_agreement(original(seed), converted(seed, variant, kind))
    assert both == rows_before == rows_after
    for before, after in paired(seed, variant, kind):
        for period in ("total", "annual"):
            old = [i for i in before.indicators if i.period == period]
            new = [i for i in after.indicators if i.period == period]
            cells = [split_value(i.value, VARIANT[variant].split) for i in old]
            assert [(i.nature, i.value, i.unit_cell) for i in new] == cells
            weighted = "weight" in dict(VARIANT[variant].columns)
            expected = [float(w) for w in weights(len(old))] if weighted else []
            assert [i.weight for i in new if i.weight is not None] == expected
            assert [i.parsed for i in new] == [i.parsed for i in old]


def by_period(project: Project) -> list[Indicator]:
    """Rows 实施期 first, then 年度, each in printed order (an export on period sheets reorders the halves)."""
    return [i for period in ("total", "annual") for i in project.indicators if i.period == period]


def cut(before: Project, old: Indicator) -> set[str]:
    """A value the text extraction cut off at the line's edge (W112) is an empty cell in the export: M101."""
    return {"M101"} if any(f.code == "W112" and f.indicator == old.id for f in before.flags) else set()


def released(before: Project, after: Project, rows: list[tuple[Indicator, Indicator]], old: Indicator) -> set[str]:
    """A value finding the original reports once for both halves across a slipped 二级 label (on the
    年度 row) whose 年度 half the export's columns report otherwise (M107): the 实施期 row states it again."""
    if old.period != "total":
        return set()
    for twin, converted_twin in rows:
        if (
            twin.period == "annual"
            and (twin.level3, twin.value) == (old.level3, old.value)
            and twin.level2 != old.level2
        ):
            lost = finding_codes(before, twin) - finding_codes(after, converted_twin)
            return {code for code in lost if RULES[code].kind in ("vague", "unit_mismatch", "missing_quantity")}
    return set()


@pytest.mark.parametrize(("seed", "variant", "kind"), [c for c in CASES if c[2] != "csv"])
def test_findings_and_scores_agree(seed, variant, kind):
    for before, after in paired(seed, variant, kind):
        added = False  # a finding only the export's columns can state (M107 where M102 did not fire)
        rows = list(zip(by_period(before), by_period(after), strict=True))
        expected = [
            expected_codes(finding_codes(before, old) | released(before, after, rows, old) | cut(before, old), new)
            for old, new in rows
        ]
        # a finding the columns add on both halves is reported once, on the annual row
        findings = [
            (code, new)
            for (old, new), codes in zip(rows, expected, strict=True)
            for code in sorted(codes - finding_codes(before, old))
        ]
        merged = {(findings[at][0], id(findings[at][1])) for at in pair_halves(findings)}
        for (old, new), codes in zip(rows, expected, strict=True):
            codes = {code for code in codes if (code, id(new)) not in merged}
            assert finding_codes(after, new) == codes, (before.name, old.level3, old.value)
            added |= "M107" in finding_codes(after, new) and "M102" not in finding_codes(before, old)
        project_before = Counter(f.code for f in before.flags if f.indicator is None and f.kind != "parse_warning")
        project_after = Counter(f.code for f in after.flags if f.indicator is None and f.kind != "parse_warning")
        # M106 (no amount in the cost block) yields to a form finding on its only cost row, which
        # the export's columns may add (M107 on 按最低工资的60%执 marked 定性)
        assert not project_after - project_before, before.name
        dropped = project_before - project_after
        assert not dropped or (dropped == Counter({"M106": 1}) and added), before.name
        if before.score is None:
            assert after.score is None
        elif added:
            # the added finding costs points; M106 yielding to it gives back its own at most
            given_back = CONFIG["score"]["project_points"]["warning"] if dropped else 0.0
            assert after.score <= before.score + given_back, before.name
        else:
            assert (after.score, after.grade) == (before.score, before.grade), before.name


@pytest.mark.parametrize("kind", KINDS)
def test_minimal_export_loses_only_the_level1_of_nonstandard_level2_rows(kind):
    missing, extra, total = Counter(), Counter(), 0
    for seed in SEEDS:
        want, got = row_keys(original(seed)), row_keys(converted(seed, MINIMAL.name, kind))
        missing += want - got
        extra += got - want
        total += sum(want.values())
    lost = sorted((key[0][0], key[1], key[2], key[3], key[4]) for key in missing)
    assert lost == [
        ("工作经费", "annual", "效益指标", "经济效率指标", "差旅补助标准"),  # 001: printed under 效益
        ("工作经费", "total", "效益指标", "经济效率指标", "差旅补助标准"),
        ("职业介绍业务费", "annual", "产出指标", "覆盖指标", "每年开展职业介绍活动次数"),  # 002: first row
    ]
    assert sorted((k[0][0], k[1], k[3], k[4]) for k in extra) == sorted((k[0], k[1], k[3], k[4]) for k in lost)
    assert 1 - len(lost) / total >= 0.99

"""The indicator library on the real seed filings: build, grouping, search and rewrites."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from scorer.config import load_config
from scorer.library.build import build_library
from scorer.library.index import DEFAULT_DIR, Library, default_library
from scorer.library.project_types import project_type
from scorer.library.rewrite import adapt, stated_numbers
from scorer.pipeline import score_files

FILINGS = Path(__file__).resolve().parent.parent / "corpora" / "filings"
F000, F001, F002 = (
    FILINGS / f"{stem}.txt" for stem in ("000_86600bf36a8b4edf", "001_ab1a38b56cc10efc", "002_b33ec0d1a505bade")
)


@pytest.fixture(scope="module")
def library() -> Library:
    shipped = default_library()
    assert shipped is not None, "corpora/library/ is shipped with the repository"
    return shipped


@pytest.fixture(scope="module")
def scored():
    return score_files([F002, F001])


def _flag(documents, project: str, level3: str, code: str):
    for document in documents:
        for p in document.projects:
            rows = {i.id: i for i in p.indicators if i.period == "annual"}
            for flag in p.flags:
                row = rows.get(flag.indicator or "")
                if p.name == project and flag.code == code and row is not None and row.level3 == level3:
                    return p, row, flag
    raise AssertionError(f"no {code} on {project} / {level3}")


def test_build_is_deterministic_and_matches_the_shipped_library(tmp_path: Path) -> None:
    first = build_library(sorted(FILINGS.iterdir()), tmp_path / "a")
    second = build_library(sorted(FILINGS.iterdir()), tmp_path / "b")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
        assert a.read_bytes() == (DEFAULT_DIR / a.name).read_bytes()


def test_groups_by_level2_and_project_type(library: Library) -> None:
    group = library.group("服务对象满意度指标", "岗位人员")
    assert group is not None
    assert (group["kind"], group["unit"], group["op"], group["range"]) == ("percent", "%", ">=", [85.0, 98.0])
    entry = next(e for e in library.entries if e.level3 == "公益岗位满意度" and e.filing == F002.name)
    assert (entry.level2, entry.type, entry.value, entry.project) == (
        "服务对象满意度指标",
        "岗位人员",
        "≥90%",
        "本级公益性岗位2026年补贴保险",
    )
    # flagged rows never enter the library: 001's 办公耗材购置数量 “参照往年” is vague
    assert not any(e.value == "参照往年" for e in library.entries)


def test_project_types_from_name_and_description() -> None:
    assert project_type("就业见习生活补贴") == "补贴发放"
    assert project_type("人事政策业务培训费") == "培训"
    assert project_type("039003-岚县") == "其他"


def test_search_returns_the_expected_neighbour(library: Library) -> None:
    best = library.nearest("补助发放及时性", "时效指标", "补贴发放", limit=3)[0]
    assert (best.entry.level3, best.entry.value, best.entry.filing, best.entry.project) == (
        "遗属补助发放及时性",
        "≥98%",
        F001.name,
        "遗属补助及丧葬抚恤金支出",
    )


def test_vague_row_gets_a_dated_rewrite_citing_its_source(scored) -> None:
    _, row, flag = _flag(scored, "本级公益性岗位2026年补贴保险", "发放补贴时间", "V103")
    assert row.value == "按月发放"
    assert flag.suggestion == (
        "参照同类项目写成“发放补贴时间 2026年12月底前”"
        "（参考：002_b33ec0d1a505bade.txt 大学生实习实训补贴资金：发放补贴时间 12月底前）。"
    )


def test_placeholder_instead_of_another_filings_number(scored) -> None:
    _, row, flag = _flag(scored, "业务工作经费", "办公耗材购置数量", "M102")
    assert row.value == "参照往年"
    assert "“办公耗材购置数量 ≥__类”" in flag.suggestion
    assert "（参考：000_86600bf36a8b4edf.txt 单位运转类经费：办公耗材购置 ≥9类）" in flag.suggestion
    assert "≥9类”" not in flag.suggestion.split("（参考")[0]


def test_library_off_keeps_the_generic_suggestion() -> None:
    config = load_config()
    config["library"]["enabled"] = False
    _, _, flag = _flag(score_files([F002], config), "本级公益性岗位2026年补贴保险", "发放补贴时间", "V103")
    assert flag.suggestion == "写明每期的完成日，如“每月__日前发放”。"


def test_dates_move_to_the_budget_year(library: Library, scored) -> None:
    heating = next(e for e in library.entries if e.level3 == "供暖时间" and e.filing == F000.name)
    assert (heating.value, heating.year) == ("2024年11月1日至2025年3月31日", 2025)
    project, row, _ = _flag(scored, "本级公益性岗位2026年补贴保险", "发放补贴时间", "V103")
    assert adapt(heating, row, project, 2026).value == "2025年11月1日至2026年3月31日"
    deadline = next(e for e in library.entries if e.value == "12月底前" and e.project == "落实人才政策专项资金")
    assert adapt(deadline, row, project, 2023).value == "2023年12月底前"


def test_numbers_the_project_states_are_used(scored) -> None:
    project, row, _ = _flag(scored, "本级公益性岗位2026年补贴保险", "发放补贴时间", "V103")
    assert stated_numbers(project, "人") == {500.0}  # 2026年在岗人数500人
    # 每人每月2150元 (subsidy) and 每人每月993.25元 (insurance): two standards, so no single one is used
    assert stated_numbers(project, "元/人/月") == {2150.0, 993.25}
    headcount = dataclasses.replace(row, level2="数量指标", level3="在岗人数", value="足额", parsed=None)
    count_example = next(e for e in default_library().entries if e.kind == "count" and e.unit == "人" and e.op == ">=")
    assert adapt(count_example, headcount, project, 2026).value == "≥500人"
    standard = next(e for e in default_library().entries if e.unit == "元/人/月" and e.value.startswith("≤"))
    assert adapt(standard, headcount, project, 2026).value.startswith("≤__")


def test_missing_value_takes_the_other_half_of_the_same_row() -> None:
    _, row, flag = _flag(score_files([F000]), "2025年招聘会工作经费", "宣传资料成本支出", "M101")
    assert row.value == ""
    assert flag.suggestion.startswith("参照同类项目写成“宣传资料成本支出 ≤1.6万元”")


def test_eval_judges_a_rewrite_by_running_the_checks_on_it(scored, library: Library) -> None:
    from scorer.library.evaluate import sound
    from scorer.library.suggest import Rewrite

    project, row, _ = _flag(scored, "本级公益性岗位2026年补贴保险", "发放补贴时间", "V103")
    example = next(e for e in library.entries if e.value == "12月底前" and e.project == "落实人才政策专项资金")
    config = load_config()

    def judged(value: str) -> bool:
        candidate = Rewrite("时效指标", "发放补贴时间", value, value, "year", example, False, 100.0)
        return sound(project, row, candidate, 2026, config)

    assert judged("2026年12月底前")
    assert not judged("及时")  # V101
    assert not judged("≥500人")  # a count for a date: U102

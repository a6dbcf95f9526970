"""Near-duplicate projects on the seed filings: real duplicates found, look-alikes left alone."""

from __future__ import annotations

import json

import pytest
from conftest import LABELS, SEEDS
from typer.testing import CliRunner

from scorer.blocking import name_candidates
from scorer.cli import app
from scorer.config import load_config
from scorer.duplicates import Settings, entries, find_duplicates, judge, name_key
from scorer.evaluate import evaluate_pairs
from scorer.ingest import text_from_bytes
from scorer.pipeline import parse_file, parse_text, score_batch, score_document


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("2025年招聘会工作经费", "招聘会工作经费"),
        ("高平市乡村运营师2026工资保险", "高平市乡村运营师工资保险"),
        ("业务费(会议费、人事年报费、信访维稳等)", "业务费"),
        ("2025年上半年公益性岗位补贴", "公益性岗位补贴"),
        ("会议（培训）费", "会议费"),
    ],
)
def test_name_key_strips_years_periods_brackets(name, key):
    assert name_key(name) == key


def _by_line(document, line):
    return next(e for e in entries([document]) if e.project.source_lines[0] <= line <= e.project.source_lines[1])


def test_renamed_copy_is_a_duplicate_and_lookalikes_are_not():
    document = parse_file(SEEDS["000"])
    settings = Settings()
    pair = judge(_by_line(document, 596), _by_line(document, 964), settings)  # 2025年招聘会工作经费 / 招聘会工作经费
    assert pair is not None and pair.kind == "same_project"
    assert "三级指标重合" in pair.reason and "“2025年招聘会工作经费”与“招聘会工作经费”" in pair.reason
    # same name, same 总体目标, different purchases (network lines vs property management)
    assert judge(_by_line(document, 745), _by_line(document, 781), settings) is None
    # 营运 / 运营 / 普运: similar names, different content
    assert judge(_by_line(document, 745), _by_line(document, 854), settings) is None
    assert judge(_by_line(document, 816), _by_line(document, 854), settings) is None


def test_repeated_tables_are_found_as_one_cluster():
    document = parse_file(SEEDS["001"])
    pairs = find_duplicates([document])
    ids = {frozenset((p.a.project.source_lines[0], p.b.project.source_lines[0])) for p in pairs}
    copies = [2094, 2256, 2291, 2326, 2361, 2395, 2427, 2462, 2497, 2531, 2565]  # 业务工作经费 ×10 + 业务工作经历
    assert {frozenset((a, b)) for i, a in enumerate(copies) for b in copies[i + 1 :]} <= ids
    assert frozenset((1764, 1898)) not in ids  # two 工作经费 of different units and amounts
    assert len(pairs) == 55 + 6 + 1


def test_split_period_across_a_batch():
    """The same 004 filing submitted again as a 上半年/下半年 split under another path."""
    text = SEEDS["004"].read_text(encoding="utf-8")
    first = parse_text(text_from_bytes(text.encode(), "a.txt"), 0)
    halves = text.replace("公益性岗位人员岗位补贴", "上半年公益性岗位人员岗位补贴", 1)
    second = parse_text(text_from_bytes(halves.encode(), "b.txt"), 1)
    pairs = find_duplicates([first, second])
    kinds = {(p.a.name, p.b.name): p.kind for p in pairs}
    assert kinds[("公益性岗位人员岗位补贴", "上半年公益性岗位人员岗位补贴")] == "split_period"
    assert all("不同文件" in p.reason for p in pairs)
    assert len(pairs) == 5  # each project of the first file with its twin, nothing else


def test_name_candidates_find_variants_not_everything():
    keys = ["零工市场营运经费", "零工市场运营经费", "招聘会工作经费", "公益性岗位社保补贴", "零工市场营运经费"]
    pairs = name_candidates(keys, 80)
    assert (0, 4) in pairs and (0, 1) in pairs
    assert (0, 2) not in pairs and (2, 3) not in pairs


def test_duplicates_reach_the_contract_and_the_scores(tmp_path):
    out = tmp_path / "out.json"
    result = CliRunner().invoke(app, ["score", str(SEEDS["000"]), "--format", "json", "-o", str(out)])
    assert result.exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    [pair] = data["duplicates"]
    assert list(pair) == ["a", "b", "a_name", "b_name", "similarity", "kind", "reason"]
    assert (pair["a_name"], pair["b_name"], pair["kind"]) == ("2025年招聘会工作经费", "招聘会工作经费", "same_project")
    projects = {p["id"]: p for p in data["documents"][0]["projects"]}
    assert any(f["code"] == "D101" and f["kind"] == "duplicate" for f in projects[pair["a"]]["flags"])
    documents, _ = score_batch([SEEDS["000"]])
    config = load_config()
    alone = score_document(parse_file(SEEDS["000"]), config)
    assert documents[0].projects[1].name == alone.projects[1].name == "2025年招聘会工作经费"
    points = config["score"]["project_points"]["warning"]
    assert documents[0].projects[1].score == pytest.approx(alone.projects[1].score - points)


def test_pair_accuracy_on_the_labels():
    result = evaluate_pairs([LABELS])
    assert result.f1 >= 0.9, result.misses
    assert result.fp == 0


def test_one_duplicate_finding_per_project_names_every_copy():
    from scorer.duplicates import duplicate_flags

    document = parse_file(SEEDS["001"])
    by_project = duplicate_flags(find_duplicates([document]))
    first = next(p for p in document.projects if p.source_lines[0] == 2094)
    (flag,) = by_project[first.id]
    assert flag.message.startswith(
        "与另外10张表疑似重复（第2256、2291、2326、2361、2395、2427、2497、2531、2565行起的“业务工作经费”表"
        "和第2462行起的“业务工作经历”表）。"
    )
    assert (
        flag.suggestion
        == "核实这些表是否为同一支出：如重复，只保留一张表，撤回其余各表；确为不同支出的，在项目概况中写明区别。"
    )
    # near-miss: a project with one partner gets the pair's own reason
    single = next(p for p in document.projects if p.source_lines[0] == 1898)
    (pair_flag,) = by_project[single.id]
    assert pair_flag.message == (
        "与第2224行起的“工作经费”表疑为同一项目重复申报：三级指标重合100%，指标值一致86%，"
        "年度资金同为1,292,000元，填报日期同为20230210103422。"
    )
    assert pair_flag.suggestion.startswith("核实两张表是否为同一支出")
    # the group of eleven copies is stated in full once, on its first table; the other copies point to it
    copy = next(p for p in document.projects if p.source_lines[0] == 2256)
    assert [(f.message, f.suggestion) for f in by_project[copy.id]] == [
        (
            "与第2094行起的“业务工作经费”表等另外10张表疑似重复，证据和全部表的位置见该表的意见。",
            "与第2094行起的表一并核实；如为同一支出，撤回本表。",
        )
    ]
    # near-miss: both tables of a pair (1898, 2224) state it in full
    other = next(p for p in document.projects if p.source_lines[0] == 2224)
    assert by_project[other.id][0].message.startswith("与第1898行起的“工作经费”表疑为同一项目重复申报：")


def test_the_first_table_of_a_chain_of_copies_names_the_whole_group():
    """Pairs p0–p1, p1–p2, p2–p3 (a copy of a copy): p0 names all three others, though it was paired with
    p1 only; the others point to p0. Near-miss: a lone pair names only its partner."""
    from scorer.duplicates import Pair, duplicate_flags, entry_of

    document = parse_file(SEEDS["001"])
    tables = [entry_of(p, document.path) for p in document.projects[:6]]
    chain = [Pair(tables[i], tables[i + 1], 0.95, "same_project", "r", "疑为同一项目重复申报", "e") for i in range(3)]
    lone = [Pair(tables[4], tables[5], 0.95, "same_project", "r", "疑为同一项目重复申报", "e")]
    flags = duplicate_flags(chain + lone)
    first = flags[tables[0].id][0].message
    assert first.startswith("与另外3张表疑似重复（") and all(
        f"第{t.project.source_lines[0]}" in first or f"{t.project.source_lines[0]}" in first for t in tables[1:4]
    )
    assert flags[tables[3].id][0].message.startswith(f"与第{tables[0].project.source_lines[0]}行起的")
    assert flags[tables[4].id][0].message.startswith(f"与第{tables[5].project.source_lines[0]}行起的")

"""Segmentation of indicator text: the domain dictionary, both engines, the model tokenizer."""

from __future__ import annotations

import os

import pytest
from conftest import SEEDS

from scorer import nlp
from scorer.pipeline import parse_file

RJIEBA_MISSING = "rjieba" not in nlp.available_engines()
needs_rjieba = pytest.mark.skipif(
    RJIEBA_MISSING and not os.environ.get("CI"),
    reason="rjieba (the optional accelerator, pip install -e '.[fast]') is not installed",
)


@pytest.fixture(scope="module")
def seed_texts() -> list[str]:
    """Every distinct 三级 name, value, project name and goal of the seed filings."""
    texts: set[str] = set()
    for path in SEEDS.values():
        for project in parse_file(path).projects:
            texts |= {project.name, project.goal_total or "", project.goal_annual or ""}
            texts |= {i.level3 for i in project.indicators} | {i.value for i in project.indicators}
    return sorted(t for t in texts if t)


@pytest.mark.parametrize(
    ("text", "with_dictionary", "without"),
    [
        (
            "就业困难人员实名登记人数",
            ["就业困难人员", "实名登记", "人数"],
            ["就业", "困难", "人员", "实名", "登记", "人数"],
        ),
        ("三支一扶人员满意度", ["三支一扶", "人员", "满意度"], ["三支", "一扶", "人员", "满意度"]),
        ("公益性岗位补贴人数", ["公益性岗位", "补贴", "人数"], ["公益性", "岗位补贴", "人数"]),
        ("资金在规定时间内下达率", ["资金", "在", "规定", "时间", "内", "下达率"], None),
        ("零就业家庭帮扶率", ["零就业家庭", "帮扶率"], None),
    ],
)
def test_the_dictionary_keeps_domain_terms_whole(text, with_dictionary, without):
    assert nlp.segment(text, "jieba") == with_dictionary
    if without is not None:
        assert nlp.segment(text, "jieba", dictionary=False) == without


def test_the_dictionary_improves_segmentation_of_the_labelled_examples():
    gold = nlp.load_segmentation_gold()
    assert len(gold) == 50
    plain = nlp.segmentation_scores(gold, lambda t: nlp.segment(t, "jieba", dictionary=False))
    domain = nlp.segmentation_scores(gold, lambda t: nlp.segment(t, "jieba"))
    assert (plain.gold_words, plain.predicted_words, plain.correct) == (197, 257, 143)
    assert (domain.gold_words, domain.predicted_words, domain.correct) == (197, 198, 196)
    assert round(plain.f1, 3) == 0.630 and round(domain.f1, 3) == 0.992


def test_numbers_and_symbols_are_split_by_one_rule_for_both_engines():
    assert nlp.segment("2024年10-12月公益性岗位补贴人数", "jieba") == [
        "2024",
        "年",
        "10",
        "-",
        "12",
        "月",
        "公益性岗位",
        "补贴",
        "人数",
    ]
    assert nlp.segment("≤0.33万元/台", "jieba") == ["≤", "0.33", "万元", "/", "台"]


def test_model_tokens_drop_stopwords_and_punctuation_and_fold_numbers():
    assert nlp.tokenize("提高了就业困难人员的生活水平") == ["提高", "就业困难人员", "生活", "水平"]
    assert nlp.tokenize("≥95%") == ["≥", "<num>", "%"]
    assert nlp.tokenize("2150元/人/月") == ["<num>", "元", "/", "人", "/", "月"]
    assert nlp.tokenize("") == []


@needs_rjieba
def test_rjieba_gives_jiebas_words_on_every_seed_text(seed_texts):
    differ = [t for t in seed_texts if nlp.segment(t, "rjieba") != nlp.segment(t, "jieba")]
    assert len(seed_texts) > 1200
    assert differ == []
    plain = [t for t in seed_texts if nlp.segment(t, "rjieba", False) != nlp.segment(t, "jieba", False)]
    assert plain == []


def test_engine_choice_follows_the_environment(monkeypatch):
    monkeypatch.setenv(nlp.ENGINE_VARIABLE, "jieba")
    assert nlp.default_engine() == "jieba"
    monkeypatch.setenv(nlp.ENGINE_VARIABLE, "auto")
    assert nlp.default_engine() == nlp.available_engines()[-1]
    monkeypatch.setenv(nlp.ENGINE_VARIABLE, "pkuseg")
    with pytest.raises(ValueError, match="SCORER_TOKENIZER='pkuseg'"):
        nlp.default_engine()


def test_a_malformed_dictionary_line_names_file_and_line(tmp_path):
    bad = tmp_path / "terms.txt"
    bad.write_text("公益性岗位 100 n\n三支一扶 n\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"terms.txt:2: expected 'word frequency tag'"):
        nlp.load_terms(bad)
    assert [t.word for t in nlp.load_terms()][:3] == ["公益性岗位", "公岗", "三支一扶"]

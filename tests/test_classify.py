"""The shipped models: safe loading, reproducible training, and their use by the checks."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
import skops.io as sio
from conftest import ROOT, SEEDS

from scorer.checks import RULES
from scorer.checks.registry import ProjectContext
from scorer.classify import (
    MODEL_NAMES,
    TRUSTED_TYPES,
    ModelError,
    annotate,
    annotate_documents,
    load,
    loaded,
    model_path,
    save,
)
from scorer.config import load_config
from scorer.model import Document, Project
from scorer.model_card import CARDS
from scorer.pipeline import parse_file, score_document

CONFIG = load_config()


@pytest.fixture(scope="module")
def retrained():
    from scorer.training import train_all

    return train_all(ROOT / "corpora")


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_shipped_model_loads_with_only_trusted_types(name):
    path = model_path(name)
    untrusted = set(sio.get_untrusted_types(file=path))
    assert untrusted <= set(TRUSTED_TYPES), untrusted - set(TRUSTED_TYPES)
    model = load(path)
    assert model.name == name
    assert path.stat().st_size < 1_000_000  # committed to the repository: keep it small
    assert (path.parent / "MODEL_CARD.md").read_text(encoding="utf-8") == CARDS[name](model)


def test_category_metrics_of_the_shipped_model():
    """Grouped CV by filing: macro-F1 per test filing, as the model card reports."""
    metrics = loaded().category.metrics
    folds = {f["test_filing"][:3]: f["macro_f1"] for f in metrics["folds"]}
    assert folds == {"000": 0.6774, "001": 0.5604, "002": 0.6584, "004": 0.6761}
    assert sum(map(sum, metrics["confusion"])) == sum(f["test_rows"] for f in metrics["folds"]) == 885
    assert metrics["misplaced_rules"] == metrics["misplaced_rules_and_model"] == {"tp": 12, "fp": 0, "fn": 3}
    assert loaded().category.thresholds == {"misplaced": None, "fill": 0.9058}


def test_specificity_metrics_of_the_shipped_model():
    metrics = loaded().specificity.metrics
    assert metrics["rules"] == metrics["rules_and_model"] == {"tp": 85, "fp": 0, "fn": 0}
    assert metrics["model_alone"] == {"tp": 85, "fp": 0, "fn": 0}
    assert loaded().specificity.thresholds == {"vague": 0.5}


def test_retraining_reproduces_the_shipped_models(retrained, tmp_path):
    for name in MODEL_NAMES:
        shipped, fresh = load(model_path(name)), retrained[name]
        assert fresh.metrics == shipped.metrics, name
        assert fresh.thresholds == shipped.thresholds, name
        assert CARDS[name](fresh) == CARDS[name](shipped), name
        save(fresh, tmp_path / name / "model.skops")
        assert load(tmp_path / name / "model.skops").metrics == shipped.metrics
    document = parse_file(SEEDS["001"])
    rows = [i for p in document.projects for i in p.indicators]
    from scorer.classify import Models

    annotate(rows, Models(retrained["category"], retrained["specificity"]))
    fresh_predictions = [i.prediction for i in rows]
    annotate(rows, loaded())
    assert fresh_predictions == [i.prediction for i in rows]


def test_a_file_of_another_format_version_is_refused(tmp_path):
    model = load(model_path("specificity"))
    path = tmp_path / "model.skops"
    save(model, path)
    payload = sio.loads(path.read_bytes(), trusted=TRUSTED_TYPES)
    payload["version"] = 99
    path.write_bytes(sio.dumps(payload))
    with pytest.raises(ModelError, match=r"model.skops: model format version 99, this scorer reads version 1"):
        load(path)


def test_untrusted_types_are_refused_before_anything_is_loaded(tmp_path):
    path = tmp_path / "model.skops"
    path.write_bytes(sio.dumps({"format": "scorer-model", "version": 1, "payload": Path("x")}))
    with pytest.raises(ModelError, match=r"refusing to load types outside the trusted list: pathlib"):
        load(path)


def test_a_missing_model_file_names_its_path(tmp_path):
    with pytest.raises(ModelError, match=r"missing/model.skops: model file not found; run 'scorer train'"):
        load(tmp_path / "missing" / "model.skops")


def _rows_at(document: Document, lines: tuple[int, ...]) -> list:
    return [i for p in document.projects for i in p.indicators if i.period == "annual" and i.source_line in lines]


def test_a_lost_level2_is_filled_only_when_the_model_is_sure():
    """000 2025年招聘会工作经费 with its annual 二级 cells blanked: a count is filled, a cost at 0.64 is not."""
    document = parse_file(SEEDS["000"])
    sure, unsure = _rows_at(document, (614, 620))
    assert (sure.level3, unsure.level3) == ("现场参会企业数量", "住宿支出费用")
    sure.level2 = unsure.level2 = ""
    score_document(document, CONFIG)
    assert (sure.level1, sure.level2, sure.prediction.filled) == ("产出指标", "数量指标", True)
    assert (unsure.level2, unsure.prediction.level2, unsure.prediction.filled) == ("", "成本指标", False)
    project = next(p for p in document.projects if sure in p.indicators)
    c103 = [f for f in project.flags if f.code == "C103"]
    assert [(f.indicator, f.kind, f.severity) for f in c103] == [(sure.id, "parse_warning", "info")]
    assert c103[0].message == "年度目标中“现场参会企业数量”一行没有二级指标，按名称和指标值补为数量指标，请核对。"


def _context(document: Document, row) -> ProjectContext:
    project = next(p for p in document.projects if row in p.indicators)
    return ProjectContext.of(project, document.budget_year, CONFIG)


def test_c102_flags_only_above_the_calibrated_confidence():
    """000 技能工作经费大赛: a social-atmosphere goal under 经济效益, which C101 misses.

    The shipped threshold is None (the model did not reach 90% precision on held-out filings),
    so C102 stays silent; with a threshold it flags only at or above it.
    """
    document = parse_file(SEEDS["000"])
    annotate([i for p in document.projects for i in p.indicators], loaded())
    row = next(i for p in document.projects for i in p.indicators if i.level3.startswith("在全社会营造劳动光荣"))
    ctx = _context(document, row)
    assert (row.level2, row.prediction.level2) == ("经济效益指标", "社会效益指标")
    assert RULES["C101"].check(row, ctx) is None
    assert RULES["C102"].check(row, ctx) is None  # shipped: not trusted on its own
    confidence = row.prediction.confidence
    row.prediction = dataclasses.replace(row.prediction, misplaced_threshold=confidence)
    finding = RULES["C102"].check(row, ctx)
    assert finding is not None and finding.message.endswith("读起来属于社会效益指标，却放在经济效益指标下。")
    assert "模型" not in finding.message  # the model's confidence is in `scorer rules C102`, not in an 审核意见
    row.prediction = dataclasses.replace(row.prediction, misplaced_threshold=confidence + 0.01)
    assert RULES["C102"].check(row, ctx) is None


def test_c102_leaves_rows_to_c101():
    """000 招聘会工作经费 (实施期): 设备租赁费成本支出 ≤1万元 under 时效 is C101's, even above any threshold."""
    document = parse_file(SEEDS["000"])
    annotate([i for p in document.projects for i in p.indicators], loaded())
    row = next(
        i for p in document.projects for i in p.indicators if i.period == "total" and i.level3 == "设备租赁费成本支出"
    )
    ctx = _context(document, row)
    row.prediction = dataclasses.replace(row.prediction, misplaced_threshold=0.5)
    assert row.prediction.level2 == "成本指标" and row.level2 == "时效指标"
    assert RULES["C101"].check(row, ctx) is not None
    assert RULES["C102"].check(row, ctx) is None


def test_models_are_batched_over_documents_with_the_same_result():
    one = [parse_file(path, n) for n, path in enumerate(SEEDS.values())]
    many = [parse_file(path, n) for n, path in enumerate(SEEDS.values())]
    for document in one:
        annotate_documents([document])
    annotate_documents(many)
    predictions = [[i.prediction for p in d.projects for i in p.indicators] for d in (*one, *many)]
    assert predictions[:4] == predictions[4:]
    assert all(p is not None for doc in predictions for p in doc)


def test_models_can_be_switched_off():
    config = load_config()
    config["nlp"]["enabled"] = False
    document = score_document(parse_file(SEEDS["001"]), config)
    assert all(i.prediction is None for p in document.projects for i in p.indicators)
    assert not [f for p in document.projects for f in p.flags if f.code in ("V105", "C102", "C103")]


def test_an_empty_project_needs_no_model_call():
    annotate([], loaded())
    project = Project(name="x", source_lines=(1, 1))
    annotate(project.indicators, loaded())


def test_rjieba_gives_the_models_the_same_input_as_jieba(monkeypatch):
    """Both paths of the tokenizer, forced: the accelerator must not change a prediction."""
    from scorer import nlp

    if "rjieba" not in nlp.available_engines():
        if os.environ.get("CI"):
            pytest.fail("rjieba must be installed in CI (pip install -e '.[dev]' includes the fast extra)")
        pytest.skip("rjieba (the optional accelerator) is not installed")
    predictions = {}
    for engine in ("jieba", "rjieba"):
        monkeypatch.setenv(nlp.ENGINE_VARIABLE, engine)
        document = parse_file(SEEDS["002"])
        annotate([i for p in document.projects for i in p.indicators], loaded())
        predictions[engine] = [i.prediction for p in document.projects for i in p.indicators]
    assert predictions["jieba"] == predictions["rjieba"]
    assert len(predictions["jieba"]) > 200


def test_a_model_trained_with_another_scikit_learn_loads_with_a_warning(tmp_path):
    model = dataclasses.replace(load(model_path("specificity")), versions={"scikit-learn": "0.24.2"})
    save(model, tmp_path / "model.skops")
    with pytest.warns(UserWarning, match=r"trained with scikit-learn 0.24.2, running"):
        load(tmp_path / "model.skops")


def test_scorer_train_writes_models_and_cards(retrained, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import scorer.training
    from scorer.cli import app

    monkeypatch.setattr(scorer.training, "train_all", lambda corpora: retrained)
    result = CliRunner().invoke(app, ["train", "--output", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for name in MODEL_NAMES:
        assert load(tmp_path / name / "model.skops").metrics == retrained[name].metrics
        card = (tmp_path / name / "MODEL_CARD.md").read_text(encoding="utf-8")
        assert card == (ROOT / "models" / name / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "0.677" in result.output and "1.000 / 0.800 / 0.889" in result.output


def test_without_model_files_the_rules_still_score(monkeypatch, tmp_path):
    import scorer.classify

    monkeypatch.setattr(scorer.classify, "MODELS_DIR", tmp_path)
    with pytest.warns(UserWarning, match=r"model.skops: model file not found.*scoring with the rules alone"):
        document = score_document(parse_file(SEEDS["004"]), CONFIG)
    assert all(p.score is not None for p in document.projects)
    assert all(i.prediction is None for p in document.projects for i in p.indicators)

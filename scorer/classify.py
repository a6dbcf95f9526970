"""The two shipped models: which 二级 an indicator belongs to, and whether its value is checkable.

Both are scikit-learn Pipelines over the features of `scorer.features`. They are saved with
skops (no pickle) under models/<name>/model.skops together with their metrics and calibrated
thresholds, and loaded with an explicit list of trusted types: a file that needs any other
type, or was written by another format version, is refused with a message naming it.
Models are loaded on first use, and every document's rows go through each model in one
batched call (`annotate`).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from scorer.hierarchy import LEVEL2_PARENT, parent_of
from scorer.model import Document, Indicator, Prediction
from scorer.values import indicator_text, parse_value

FORMAT = "scorer-model"
FORMAT_VERSION = 1
MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
MODEL_NAMES = ("category", "specificity")

# The 二级 of the E2020 templates that every seed filing uses (the G2021 成本 children are
# not in the corpora, so the model cannot predict them).
CATEGORIES = (
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
)

# Everything a shipped model file may contain beyond skops' own defaults. Loading refuses
# any other type, so a tampered or foreign file cannot run code.
TRUSTED_TYPES = [
    "scorer.features.ValueReader",
    "scorer.nlp.tokenize",
    "sklearn.compose._column_transformer.ColumnTransformer",
    "sklearn.feature_extraction._dict_vectorizer.DictVectorizer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.pipeline.Pipeline",
    "builtins.slice",
    "numpy.float64",
    "numpy.int64",
]


class ModelError(RuntimeError):
    """A model file that cannot be used: missing, of another format version, or untrusted."""


@dataclass
class ShippedModel:
    """A trained pipeline with what was measured when it was trained."""

    name: str
    pipeline: Any
    thresholds: dict[str, float | None] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)

    @property
    def classes(self) -> list[str]:
        return [str(c) for c in self.pipeline.classes_]


def model_path(name: str, models_dir: Path = MODELS_DIR) -> Path:
    return models_dir / name / "model.skops"


def save(model: ShippedModel, path: Path) -> None:
    import skops.io as sio

    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "name": model.name,
        "pipeline": model.pipeline,
        "thresholds": model.thresholds,
        "metrics": model.metrics,
        "versions": model.versions,
    }
    path.write_bytes(sio.dumps(payload, compression=8))


def load(path: Path) -> ShippedModel:
    """Load a model file, trusting only `TRUSTED_TYPES` and checking the format version."""
    import skops.io as sio

    if not path.is_file():
        raise ModelError(f"{path}: model file not found; run 'scorer train' to build it")
    data = path.read_bytes()
    untrusted = sorted(set(sio.get_untrusted_types(data=data)) - set(TRUSTED_TYPES))
    if untrusted:
        raise ModelError(f"{path}: refusing to load types outside the trusted list: {', '.join(untrusted)}")
    payload = sio.loads(data, trusted=TRUSTED_TYPES)
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ModelError(f"{path}: not a scorer model file")
    if payload.get("version") != FORMAT_VERSION:
        raise ModelError(
            f"{path}: model format version {payload.get('version')}, this scorer reads version {FORMAT_VERSION}; "
            "run 'scorer train' to rebuild it"
        )
    model = ShippedModel(
        payload["name"], payload["pipeline"], payload["thresholds"], payload["metrics"], payload["versions"]
    )
    _warn_on_other_sklearn(model, path)
    return model


def _warn_on_other_sklearn(model: ShippedModel, path: Path) -> None:
    import sklearn

    trained = model.versions.get("scikit-learn", "")
    if trained.split(".")[:2] != sklearn.__version__.split(".")[:2]:
        warnings.warn(
            f"{path}: trained with scikit-learn {trained}, running {sklearn.__version__}; "
            "predictions may differ (run 'scorer train' to rebuild)",
            stacklevel=3,
        )


@dataclass(frozen=True)
class Models:
    category: ShippedModel
    specificity: ShippedModel


@cache
def loaded(models_dir: Path = MODELS_DIR) -> Models:
    """Both shipped models, loaded once per process on first use."""
    return Models(load(model_path("category", models_dir)), load(model_path("specificity", models_dir)))


Rows = Sequence[Indicator] | Sequence[tuple[str, str, str]]


def _predict_proba(model: ShippedModel, rows: Rows) -> np.ndarray:
    """One batched call; input checks are skipped (the features are built here, always finite)."""
    import sklearn

    from scorer.features import frame

    with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
        return model.pipeline.predict_proba(frame(rows))


def category_probabilities(model: ShippedModel, rows: Rows) -> np.ndarray:
    """Probability of each of `model.classes` for every row."""
    return _predict_proba(model, rows)


def vague_probabilities(model: ShippedModel, rows: Rows) -> np.ndarray:
    """Probability that each row's value is vague."""
    return _predict_proba(model, rows)[:, list(model.pipeline.classes_).index(True)]


def _allowed(level1: str, classes: list[str]) -> np.ndarray:
    """Which classes may fill an empty 二级 under the printed 一级 (all when the 一级 is unknown)."""
    children = [c for c in classes if LEVEL2_PARENT.get(c) == level1]
    return np.array([c in children for c in classes]) if children else np.ones(len(classes), dtype=bool)


def annotate(rows: Sequence[Indicator], models: Models) -> None:
    """Attach a Prediction to every row with a 三级 name or a value; fill a lost 二级 when sure.

    Each distinct (二级, 三级, 指标值) goes through each model once, in one batched call per
    model; the specificity model only reads values the grammar leaves as free text. A row
    whose 二级 the layout lost gets the most probable 二级 under its printed 一级, if the model
    is at least as sure as its calibrated fill threshold.
    """
    rows = [r for r in rows if r.level3.strip() or r.value.strip()]
    if not rows:
        return
    distinct = list(dict.fromkeys((r.level2, r.level3, indicator_text(r)) for r in rows))
    category, specificity = models.category, models.specificity
    probabilities = category_probabilities(category, distinct)
    free_rows = [n for n, key in enumerate(distinct) if free_text(key[2])]
    vague: list[float | None] = [None] * len(distinct)
    if free_rows:
        for n, p in zip(free_rows, vague_probabilities(specificity, [distinct[n] for n in free_rows]), strict=True):
            vague[n] = float(p)
    where = {key: n for n, key in enumerate(distinct)}
    shared: dict[int, Prediction] = {}
    for row in rows:
        n = where[(row.level2, row.level3, indicator_text(row))]
        if not row.level2.strip() and row.level3.strip():  # a lost 二级 depends on the row's 一级
            row.prediction = _prediction(row, probabilities[n], vague[n], category, specificity)
            continue
        if n not in shared:
            shared[n] = _prediction(row, probabilities[n], vague[n], category, specificity)
        row.prediction = shared[n]


def free_text(value: str) -> bool:
    """Values the grammar reads no number, date or level from: the only ones V105 may flag."""
    return bool(value.strip()) and parse_value(value).kind == "text"


def _prediction(
    row: Indicator, p: np.ndarray, vague: float | None, category: ShippedModel, specificity: ShippedModel
) -> Prediction:
    """One row's reading; fills the row's 二级 (and 一级 when empty) where the layout lost it."""
    classes = category.classes
    lost = not row.level2.strip() and bool(row.level3.strip())
    if lost:
        p = np.where(_allowed(row.level1, classes), p, 0.0)
        p = p / p.sum()
    best = int(np.argmax(p))
    fill_at = category.thresholds.get("fill")
    filled = lost and fill_at is not None and p[best] >= fill_at
    if filled:
        row.level2 = classes[best]
        row.level1 = row.level1 or parent_of(classes[best], None)
    return Prediction(
        level2=classes[best],
        confidence=round(float(p[best]), 4),
        printed=round(float(p[classes.index(row.level2)]), 4) if row.level2 in classes and not filled else None,
        misplaced_threshold=category.thresholds.get("misplaced"),
        vague=round(vague, 4) if vague is not None else None,
        vague_threshold=specificity.thresholds.get("vague"),
        filled=filled,
    )


def annotate_documents(documents: Sequence[Document], models_dir: Path | None = None) -> None:
    """Run both models over every indicator of the documents: one batched call per model."""
    annotate([i for d in documents for p in d.projects for i in p.indicators], loaded(models_dir or MODELS_DIR))

"""Train the shipped models and measure them by grouped cross-validation by filing.

Every measure is taken on a filing the model did not see: with four labelled filings, each
fold trains on three and tests on the fourth. Decision thresholds are calibrated only on
training filings (an inner leave-one-filing-out inside each fold; for the shipped model, the
out-of-fold predictions of all four), never on the filing being tested. Training is
deterministic: the same corpora and library versions give the same models and numbers.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix, f1_score
from sklearn.pipeline import Pipeline

from scorer.classify import CATEGORIES, ShippedModel, free_text
from scorer.config import load_config
from scorer.corpus import CORPORA, Row, category_rows, corpus_rows, specificity_rows, table
from scorer.features import char_tfidf, value_features, word_tfidf
from scorer.metrics import Counts
from scorer.nlp import ENGINE_VARIABLE

# A model flags on its own only where, on held-out training filings, the flags it would have
# added were right at least this often; it fills a lost 二级 only where it was right this often.
FLAG_PRECISION_TARGET = 0.9
FILL_ACCURACY_TARGET = 0.9
CONFIDENCE_FLOOR = 0.5


def category_pipeline() -> Pipeline:
    """三级 words and characters, and the value's kind, comparator and number → 二级."""
    features = ColumnTransformer(
        [
            ("words", word_tfidf(), "level3"),
            ("chars", char_tfidf(min_df=2), "level3"),
            ("value", value_features(), ["level2", "level3", "value"]),
        ]
    )
    classifier = LogisticRegression(C=4.0, max_iter=3000, class_weight="balanced")
    return Pipeline([("features", features), ("classifier", classifier)])


def specificity_pipeline(lexicon: tuple[str, ...], graded: tuple[str, ...]) -> Pipeline:
    """The value's words and characters, its grammar, the vague lexicon and the 二级 → vague or not."""
    features = ColumnTransformer(
        [
            ("words", word_tfidf(ngram_range=(1, 1)), "value"),
            ("chars", char_tfidf(), "value"),
            ("value", value_features(lexicon=lexicon, graded=graded, with_level2=True), ["level2", "level3", "value"]),
        ]
    )
    classifier = LogisticRegression(C=1.0, max_iter=3000, class_weight="balanced")
    return Pipeline([("features", features), ("classifier", classifier)])


def calibrate(scores: np.ndarray, correct: np.ndarray, target: float, floor: float = CONFIDENCE_FLOOR) -> float | None:
    """The lowest confidence ≥ floor above which the model's candidate decisions were right at
    least `target` of the time; the floor when it proposed none; None when no level reaches it."""
    scores, correct = np.asarray(scores, dtype=float), np.asarray(correct, dtype=bool)
    if not (scores >= floor).any():
        return floor
    for level in [floor, *sorted(set(scores[scores >= floor].tolist()))]:
        if correct[scores >= level].mean() >= target:
            return round(float(level), 4)
    return None


def counts(flags: Iterable[bool], truth: Iterable[bool]) -> dict[str, int]:
    pairs = [(bool(f), bool(t)) for f, t in zip(flags, truth, strict=True)]
    return {
        "tp": sum(f and t for f, t in pairs),
        "fp": sum(f and not t for f, t in pairs),
        "fn": sum(t and not f for f, t in pairs),
    }


def prf(c: dict[str, int]) -> dict[str, float]:
    """Precision, recall and F1 of stored TP/FP/FN counts, rounded for reports."""
    measured = Counts(tp=c["tp"], fp=c["fp"], fn=c["fn"])
    return {"precision": round(measured.precision, 4), "recall": round(measured.recall, 4), "f1": round(measured.f1, 4)}


class _Fitter:
    """fit(frame) → fitted pipeline on the frame's `target` column; `classes` fixes column order."""

    def __init__(self, make: Callable[[], Pipeline], target: str, classes: list[Any]):
        self.make, self.target, self.classes = make, target, classes

    def __call__(self, frame: pd.DataFrame) -> Pipeline:
        return self.make().fit(frame, frame[self.target])


def out_of_fold(fit: _Fitter, train: pd.DataFrame, predict: pd.DataFrame) -> np.ndarray:
    """Leave-one-filing-out probabilities for `predict`: each filing's rows from a model of the others."""
    out = np.zeros((len(predict), len(fit.classes)))
    for filing in sorted(train.filing.unique()):
        model = fit(train[train.filing != filing])
        mask = (predict.filing == filing).to_numpy()
        out[mask] = _align(model.predict_proba(predict[mask]), model.classes_, fit.classes)
    return out


def _align(probabilities: np.ndarray, have: Iterable[Any], want: list[Any]) -> np.ndarray:
    """Columns in the order of `want` (a fold may miss a rare class: its column is zero)."""
    aligned = np.zeros((probabilities.shape[0], len(want)))
    for column, cls in enumerate(have):
        aligned[:, want.index(cls)] = probabilities[:, column]
    return aligned


# ---- category ---------------------------------------------------------------------------------


def _misplaced_candidates(frame: pd.DataFrame, probabilities: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(confidence, would-add-a-flag) of the category model on each row, as check C102 decides."""
    best = probabilities.argmax(axis=1)
    predicted = np.array(CATEGORIES)[best]
    confidence = probabilities.max(axis=1)
    standard = frame.level2.isin(CATEGORIES).to_numpy()
    candidate = standard & (predicted != frame.level2.to_numpy()) & ~frame.rule_misplaced.to_numpy(dtype=bool)
    return confidence, candidate


def _category_thresholds(frame: pd.DataFrame, probabilities: np.ndarray) -> dict[str, float | None]:
    """Misplaced-flag and fill thresholds from out-of-fold probabilities of training filings."""
    confidence, candidate = _misplaced_candidates(frame, probabilities)
    labelled = frame.gold.notna().to_numpy()
    truly = np.array([bool(g) and "misplaced" in g for g in frame.gold])
    pick = candidate & labelled
    fill_rows = frame.fit_row.to_numpy()
    agrees = np.array(CATEGORIES)[probabilities.argmax(axis=1)] == frame.level2.to_numpy()
    return {
        "misplaced": calibrate(confidence[pick], truly[pick], FLAG_PRECISION_TARGET),
        "fill": calibrate(confidence[fill_rows], agrees[fill_rows], FILL_ACCURACY_TARGET),
    }


def _category_frame(rows: list[Row]) -> pd.DataFrame:
    """All rows (for flags) with a marker on the de-duplicated rows the model learns from."""
    frame = table(rows)
    learn = {r.key for r in category_rows(rows)}
    seen: set[tuple[str, str, str, str]] = set()
    marks = []
    for row in rows:
        marks.append(row.key in learn and row.key not in seen)
        seen.add(row.key)
    frame["fit_row"] = marks
    return frame


def train_category(rows: list[Row]) -> ShippedModel:
    frame = _category_frame(rows)
    fit = _Fitter(category_pipeline, "level2", list(CATEGORIES))
    learn = frame[frame.fit_row]
    filings = sorted(frame.filing.unique())
    folds: list[dict[str, Any]] = []
    predicted_all: list[str] = []
    printed_all: list[str] = []
    oof = np.zeros((len(frame), len(CATEGORIES)))
    rules_flags: list[bool] = []
    model_flags: list[bool] = []
    truth: list[bool] = []
    for filing in filings:
        train, test_mask = learn[learn.filing != filing], (frame.filing == filing).to_numpy()
        model = fit(train)
        probabilities = _align(model.predict_proba(frame[test_mask]), model.classes_, fit.classes)
        oof[test_mask] = probabilities
        test = frame[test_mask]
        inner_rows = frame[(frame.filing != filing)]
        thresholds = _category_thresholds(inner_rows, out_of_fold(fit, train, inner_rows))
        scored = test.fit_row.to_numpy()
        predicted = np.array(CATEGORIES)[probabilities.argmax(axis=1)]
        y_true, y_pred = test.level2.to_numpy()[scored], predicted[scored]
        predicted_all += list(y_pred)
        printed_all += list(y_true)
        fold_rules, fold_model, fold_truth = _misplaced_flags(test, probabilities, thresholds["misplaced"])
        rules_flags += fold_rules
        model_flags += fold_model
        truth += fold_truth
        folds.append(
            {
                "test_filing": filing,
                "train_rows": len(train),
                "test_rows": int(scored.sum()),
                "macro_f1": round(float(f1_score(y_true, y_pred, average="macro", zero_division=0)), 4),
                "accuracy": round(float((y_true == y_pred).mean()), 4),
                "thresholds": thresholds,
                "misplaced_rules": counts(fold_rules, fold_truth),
                "misplaced_rules_and_model": counts(
                    [a or b for a, b in zip(fold_rules, fold_model, strict=True)], fold_truth
                ),
            }
        )
    final = fit(learn)
    metrics = {
        "rows": {"all": len(frame), "learned_from": len(learn), "classes": learn.level2.value_counts().to_dict()},
        "folds": folds,
        "pooled_macro_f1": round(float(f1_score(printed_all, predicted_all, average="macro", zero_division=0)), 4),
        "confusion_labels": list(CATEGORIES),
        "confusion": confusion_matrix(printed_all, predicted_all, labels=list(CATEGORIES)).tolist(),
        "misplaced_rules": counts(rules_flags, truth),
        "misplaced_rules_and_model": counts([a or b for a, b in zip(rules_flags, model_flags, strict=True)], truth),
        "misplaced_by_confidence": _added_flags_by_confidence(frame, oof),
    }
    return ShippedModel("category", final, _category_thresholds(frame, oof), metrics, _versions())


def _added_flags_by_confidence(frame: pd.DataFrame, probabilities: np.ndarray) -> list[dict[str, float | int]]:
    """On the labelled rows, out of fold: how many flags C102 would add at a few confidences, and how
    many of them the labels call misplaced (the evidence behind the calibrated threshold)."""
    confidence, candidate = _misplaced_candidates(frame, probabilities)
    pick = candidate & frame.gold.notna().to_numpy()
    truly = np.array([bool(g) and "misplaced" in g for g in frame.gold])
    return [
        {
            "confidence": level,
            "added": int((pick & (confidence >= level)).sum()),
            "misplaced": int((pick & (confidence >= level) & truly).sum()),
        }
        for level in (0.5, 0.7, 0.9, 0.95)
    ]


def _misplaced_flags(
    test: pd.DataFrame, probabilities: np.ndarray, threshold: float | None
) -> tuple[list[bool], list[bool], list[bool]]:
    """On the labelled rows of a test filing: C101's flags, the model's added flags, the truth."""
    confidence, candidate = _misplaced_candidates(test, probabilities)
    labelled = test.gold.notna().to_numpy()
    added = candidate & (confidence >= threshold) if threshold is not None else np.zeros(len(test), dtype=bool)
    truth = [bool(g) and "misplaced" in g for g in test.gold]
    rules = test.rule_misplaced.to_numpy(dtype=bool)
    return (
        [bool(x) for x in rules[labelled]],
        [bool(x) for x in added[labelled]],
        [t for t, keep in zip(truth, labelled, strict=True) if keep],
    )


# ---- specificity ------------------------------------------------------------------------------


def _vague_candidates(frame: pd.DataFrame) -> np.ndarray:
    """Rows check V105 may flag: free text without a digit that the vague rules let through."""
    free = np.array([free_text(v) and not re.search(r"\d", v) for v in frame.value], dtype=bool)
    return free & ~frame.rule_vague.to_numpy(dtype=bool)


def train_specificity(rows: list[Row]) -> ShippedModel:
    vague_settings = load_config()["vague"]
    lexicon, graded = tuple(vague_settings["lexicon"]), tuple(vague_settings["graded"])
    frame = table(r for r in rows if r.gold is not None)  # every unambiguous labelled row
    frame["vague"] = [bool(g) and "vague" in g for g in frame.gold]
    learn = table(specificity_rows(rows))
    learn["vague"] = [bool(g) and "vague" in g for g in learn.gold]
    fit = _Fitter(lambda: specificity_pipeline(lexicon, graded), "vague", [False, True])
    folds = []
    oof = np.zeros(len(frame))
    totals: dict[str, list[bool]] = {"rules": [], "model": [], "combined": [], "truth": []}
    for filing in sorted(frame.filing.unique()):
        train, test_mask = learn[learn.filing != filing], (frame.filing == filing).to_numpy()
        test = frame[test_mask]
        model = fit(train)
        probability = _align(model.predict_proba(test), model.classes_, fit.classes)[:, 1]
        oof[test_mask] = probability
        inner = frame[frame.filing != filing]
        inner_p = out_of_fold(fit, train, inner)[:, 1]
        pick = _vague_candidates(inner)
        threshold = calibrate(inner_p[pick], inner.vague.to_numpy()[pick], FLAG_PRECISION_TARGET)
        rules = test.rule_vague.to_numpy(dtype=bool)
        added = _vague_candidates(test) & (probability >= threshold if threshold is not None else False)
        model_alone = np.array([bool(v.strip()) for v in test.value]) & (probability >= 0.5)
        truth = test.vague.to_numpy(dtype=bool)
        for key, flags in (("rules", rules), ("model", model_alone), ("combined", rules | added), ("truth", truth)):
            totals[key] += [bool(x) for x in flags]
        folds.append(
            {
                "test_filing": filing,
                "train_rows": len(train),
                "test_rows": len(test),
                "threshold": threshold,
                "rules": counts(rules, truth),
                "model_alone": counts(model_alone, truth),
                "rules_and_model": counts(rules | added, truth),
            }
        )
    pick = _vague_candidates(frame)
    thresholds = {"vague": calibrate(oof[pick], frame.vague.to_numpy()[pick], FLAG_PRECISION_TARGET)}
    metrics = {
        "rows": {"labelled": len(frame), "learned_from": len(learn), "vague": int(learn.vague.sum())},
        "folds": folds,
        "rules": counts(totals["rules"], totals["truth"]),
        "model_alone": counts(totals["model"], totals["truth"]),
        "rules_and_model": counts(totals["combined"], totals["truth"]),
    }
    model = ShippedModel("specificity", fit(learn), thresholds, metrics, _versions())
    model.metrics["lexicon_words"] = len(lexicon)
    return model


def _versions() -> dict[str, str]:
    import jieba
    import sklearn
    import skops

    return {"scikit-learn": sklearn.__version__, "skops": skops.__version__, "jieba": jieba.__version__}


def train_all(corpora: Path = CORPORA) -> dict[str, ShippedModel]:
    """Both models trained on all of corpora/, with their cross-validated metrics.

    Training always segments with jieba, the reference engine, and keeps BLAS to one thread:
    the problems are small, and on a shared 2-core machine threads make them six times slower.
    """
    from threadpoolctl import threadpool_limits

    previous = os.environ.get(ENGINE_VARIABLE)
    os.environ[ENGINE_VARIABLE] = "jieba"
    limits = None
    try:
        limits = threadpool_limits(limits=1)
        rows = corpus_rows(corpora)
        return {"category": train_category(rows), "specificity": train_specificity(rows)}
    finally:
        if limits is not None:
            limits.restore_original_limits()
        if previous is None:
            os.environ.pop(ENGINE_VARIABLE, None)
        else:
            os.environ[ENGINE_VARIABLE] = previous

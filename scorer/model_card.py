"""MODEL_CARD.md for each shipped model, written from the metrics measured when it was trained.

The cards hold no dates or timings, so `scorer train` on the same corpora and library
versions rewrites them byte for byte (tests/test_classify.py compares).
"""

from __future__ import annotations

from typing import Any

from scorer.classify import FORMAT_VERSION, TRUSTED_TYPES, ShippedModel
from scorer.training import CONFIDENCE_FLOOR, FILL_ACCURACY_TARGET, FLAG_PRECISION_TARGET, prf


def _counts_row(name: str, c: dict[str, int]) -> str:
    m = prf(c)
    return f"| {name} | {c['tp']} | {c['fp']} | {c['fn']} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} |"


_COUNTS_HEAD = "| | TP | FP | FN | precision | recall | F1 |\n|---|---|---|---|---|---|---|"


def _threshold(value: float | None) -> str:
    return "none (the model does not flag on its own)" if value is None else f"{value:.4f}"


def _loading(model: ShippedModel) -> str:
    return (
        "## Loading\n\n"
        f"`scorer.classify.load` reads `models/{model.name}/model.skops` with skops, trusting only the types "
        f"listed in `scorer.classify.TRUSTED_TYPES` ({len(TRUSTED_TYPES)} types: the pipeline's scikit-learn "
        "classes, `scorer.features.ValueReader` and the tokenizer `scorer.nlp.tokenize`); any other type in the "
        f"file is refused. The file records format version {FORMAT_VERSION}, which the loader checks, and the "
        "library versions it was trained with:\n\n"
        + "\n".join(f"- {name} {version}" for name, version in sorted(model.versions.items()))
        + "\n\nRebuild with `scorer train`: the same corpora and library versions give the same model, "
        "predictions, numbers and card (the .skops bytes differ between runs: skops records object ids).\n"
    )


def category_card(model: ShippedModel) -> str:
    m: dict[str, Any] = model.metrics
    labels = m["confusion_labels"]
    short = [label.removesuffix("指标") for label in labels]
    folds = "\n".join(
        f"| {f['test_filing'][:3]} | {f['train_rows']} | {f['test_rows']} | {f['macro_f1']:.3f} | "
        f"{f['accuracy']:.3f} | {_threshold(f['thresholds']['misplaced'])} | {_threshold(f['thresholds']['fill'])} |"
        for f in m["folds"]
    )
    matrix = "\n".join(
        f"| **{name}** | " + " | ".join(str(n) for n in row) + " |"
        for name, row in zip(short, m["confusion"], strict=True)
    )
    classes = ", ".join(f"{k.removesuffix('指标')} {v}" for k, v in m["rows"]["classes"].items())
    by_confidence = "\n".join(
        f"| {row['confidence']} | {row['added']} | {row['misplaced']} |" for row in m["misplaced_by_confidence"]
    )
    return f"""# Model card: category (二级指标 from the 三级 text and the value)

Predicts which of the nine 二级指标 of the E2020 templates an indicator belongs to:
{", ".join(short)}.

## Use in scorer

- **C102** (misplaced, warning): the model reads another 二级 than the printed one with at
  least the calibrated confidence, where the wording rule C101 says nothing.
  Calibrated threshold: {_threshold(model.thresholds.get("misplaced"))}.
- **C103** (parse_warning, info): a row whose 二级 the layout lost gets the most probable 二级
  under its printed 一级, when at least as sure as {_threshold(model.thresholds.get("fill"))}.

Thresholds are the lowest confidence ≥ {CONFIDENCE_FLOOR} at which, on out-of-fold predictions of the
training filings, the added misplaced flags were right at least {FLAG_PRECISION_TARGET:.0%} of the time
(checked against the labels), and the filled 二级 matched the printed one at least
{FILL_ACCURACY_TARGET:.0%} of the time. "none" means no confidence reached the target: the model
is then not trusted to flag misplaced rows on its own.

## Training data

Every indicator row of `corpora/filings/` (both the 实施期 and 年度 halves, all four seed
filings): {m["rows"]["all"]} rows, of which {m["rows"]["learned_from"]} are learned from — rows with a
standard 二级 and a 三级 name, de-duplicated within each filing (001 repeats whole tables), and
without the rows that `corpora/labels/` marks misplaced (their printed 二级 is wrong) or
their twin in the other half. Target: the printed 二级. Per class: {classes}.

## Features and model

- TF-IDF of the 三级 name's words (unigrams and bigrams) from `scorer.nlp.tokenize`: jieba with
  the domain dictionary `corpora/lexicon/domain_terms.txt`, stopwords removed, numbers as one token;
- TF-IDF of the 三级 name's character 1–3-grams (seen in ≥ 2 names), robust to names cut short;
- the value's kind, comparator, unit head, number present (`scorer.values.parse_value`), and
  what the name asks for (`scorer.wording.intent_of`) and the unit in its brackets;
- multinomial logistic regression (C = 4, balanced class weights).

## Grouped cross-validation by filing

Train on three filings, test on the fourth. Scored against the printed 二级 of the test filing's
de-duplicated rows, leaving out those labelled misplaced. Thresholds in each fold come from an
inner leave-one-filing-out over its three training filings only.

| test filing | train rows | test rows | macro-F1 | accuracy | misplaced threshold | fill threshold |
|---|---|---|---|---|---|---|
{folds}

Macro-F1 over all four test folds pooled: {m["pooled_macro_f1"]:.3f}.

Confusion matrix, all folds pooled (rows: printed 二级, columns: predicted):

| printed \\ predicted | {" | ".join(short)} |
|---|{"---|" * len(short)}
{matrix}

Misplaced flags on the labelled 年度 rows of each test filing (C101 alone, and C101 with the
model's flags at the fold's threshold):

{_COUNTS_HEAD}
{_counts_row("rules (C101)", m["misplaced_rules"])}
{_counts_row("rules + model (C101 + C102)", m["misplaced_rules_and_model"])}

The flags the model alone would add on the labelled rows (out of fold, rows C101 already flags
left out), by confidence:

| confidence ≥ | flags added | labelled misplaced |
|---|---|---|
{by_confidence}

## Known limits

- Four filings from two provinces and one sector (employment services); 001 alone gives half
  the rows. Other sectors' vocabulary is unseen.
- Filings differ in where they file rates: 及时率 under 时效 (001) or 质量 (others), 知晓度 and
  就业率 under 质量 or 社会效益. Most errors are these rates, which the confusion matrix shows;
  they are conventions, not misplacements, which is why the model rarely reaches the confidence
  to flag on its own.
- 生态效益 has one training row and 经济效益, 可持续影响 about two dozen each: those classes are
  predicted poorly.
- The printed 二级 is the target, so rows misplaced without a label teach the model their error.

{_loading(model)}"""


def specificity_card(model: ShippedModel) -> str:
    m: dict[str, Any] = model.metrics
    folds = "\n".join(
        f"| {f['test_filing'][:3]} | {f['train_rows']} | {f['test_rows']} | {_threshold(f['threshold'])} | "
        + " | ".join(
            f"{prf(f[key])['precision']:.3f} / {prf(f[key])['recall']:.3f}"
            for key in ("rules", "model_alone", "rules_and_model")
        )
        + " |"
        for f in m["folds"]
    )
    rules, combined = prf(m["rules"]), prf(m["rules_and_model"])
    return f"""# Model card: specificity (is a 指标值 a checkable target?)

Predicts whether an indicator's value is vague — a direction or an assurance (保障, 提高, 及时,
参照往年) instead of a number, a date or a graded level — from the value, its indicator and its
二级.

## Use in scorer

- **V105** (vague, warning): the value is vague by the model with at least the calibrated
  probability, where the rules V101/V102 say nothing. Calibrated threshold:
  {_threshold(model.thresholds.get("vague"))} (the lowest probability ≥ {CONFIDENCE_FLOOR} at which the flags the
  model would have added on held-out training filings were right at least {FLAG_PRECISION_TARGET:.0%} of the time;
  {CONFIDENCE_FLOOR} when it would have added none).

## Training data

The labelled 年度 rows of `corpora/labels/` (four filings), matched to the parsed rows:
{m["rows"]["labelled"]} unambiguous rows; {m["rows"]["learned_from"]} learned from after de-duplication within each
filing and leaving out empty values, {m["rows"]["vague"]} of them labelled `vague`.

## Features and model

- TF-IDF of the value's words (`scorer.nlp.tokenize`: jieba + domain dictionary) and of its
  character 1–3-grams;
- the value grammar (`scorer.values.parse_value`: kind, comparator, unit, number), the vague
  rule's evidence (hits of the {m["lexicon_words"]}-word lexicon of `default_config.toml`, a graded level, a value
  that restates the name, a short value), what the name asks for, and the printed 二级;
- logistic regression (C = 1, balanced class weights).

## Grouped cross-validation by filing

Train on three filings, test on all unambiguous labelled rows of the fourth (as `scorer eval`
counts them). Precision / recall of the vague flags:

| test filing | train rows | test rows | threshold | rules (V101, V102) | model alone (p ≥ 0.5) | rules + model (V105) |
|---|---|---|---|---|---|---|
{folds}

All folds:

{_COUNTS_HEAD}
{_counts_row("rules (V101, V102)", m["rules"])}
{_counts_row("model alone (p ≥ 0.5)", m["model_alone"])}
{_counts_row("rules + model", m["rules_and_model"])}

The model changes precision by {combined["precision"] - rules["precision"]:+.3f} and recall by
{combined["recall"] - rules["recall"]:+.3f} over the rules alone on this set.

## Known limits

- On the labelled rows, vague coincides almost exactly with "the value grammar reads no number,
  date or level", which both the rules and the model's grammar features see; the rules were
  written against these same four filings. The set cannot show a gain from the model: its use
  is values the lexicon does not know, in filings not yet labelled.
- {m["rows"]["vague"]} vague examples from one sector; long prose values are rare in training.
- Empty values are left to M101 (missing_quantity) and are not learned from.

{_loading(model)}"""


CARDS = {"category": category_card, "specificity": specificity_card}

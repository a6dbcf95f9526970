"""What the models see of an indicator row: words, characters, and the grammar of its value.

Model input is a pandas DataFrame with one row per indicator and the columns of `COLUMNS`;
the transformers here follow scikit-learn's estimator contract (keyword-only parameters
stored unchanged, `fit` returns self, learned state in `attr_` names) so they sit in a
`Pipeline` and are saved with it. The value features reuse the checks' own readings — the
指标值 grammar (`scorer.values.parse_value`), the 三级 wording (`scorer.wording.intent_of`)
and the vague lexicon — so a model learns from what the rules already know, plus the words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline

from scorer.model import Indicator
from scorer.nlp import tokenize
from scorer.normalize import clean_cell, undouble
from scorer.values import indicator_text, parse_value
from scorer.wording import intent_of, unit_in_name

COLUMNS = ("level2", "level3", "value")
_PREFIXES = ("预计", "约", "力争")
_DIGIT = re.compile(r"\d")
_BRACKET_UNIT = re.compile(r"[(（][^()（）]{1,6}[)）]\s*$")  # read apart: 满意度(%) is a satisfaction


def frame(rows: Iterable[Indicator] | Iterable[Sequence[str]]) -> pd.DataFrame:
    """Model input from indicators or (level2, level3, value) triples."""
    data = [(r.level2, r.level3, indicator_text(r)) if isinstance(r, Indicator) else tuple(r) for r in rows]
    return pd.DataFrame(data, columns=list(COLUMNS), dtype=object).fillna("")


def core_value(value: str) -> str:
    """The value as the vague rule reads it: cleaned, 预计-style prefix and doubled half removed."""
    text = clean_cell(value or "")
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return undouble(text)


@lru_cache(maxsize=65536)
def value_reading(
    level3: str, value: str, lexicon: tuple[str, ...] = (), graded: tuple[str, ...] = ()
) -> dict[str, Any]:
    """One row's grammar and lexicon features as a dict for DictVectorizer (callers must not change it)."""
    parsed = parse_value(value)
    text = core_value(value)
    unit = parsed.unit or ""
    hits = sum(1 for word in lexicon if word in text)
    features: dict[str, Any] = {
        "kind=" + parsed.kind: 1.0,
        "op=" + (parsed.op or "none"): 1.0,
        "has_number": 1.0 if parsed.number is not None or _DIGIT.search(text) else 0.0,
        "unit_head=" + (unit.split("/", 1)[0][:2] or "none"): 1.0,
        "per_unit": 1.0 if "/" in unit else 0.0,
        "intent=" + intent_of(_BRACKET_UNIT.sub("", level3 or "")): 1.0,
        "name_unit=" + (unit_in_name(level3 or "") or "none"): 1.0,
        "empty": 0.0 if text else 1.0,
    }
    if lexicon:
        features["lexicon_hits"] = float(min(hits, 3))
        features["graded"] = 1.0 if text in graded else 0.0
        features["restates_name"] = 1.0 if text and re.sub(r"\s", "", text) == re.sub(r"\s", "", level3) else 0.0
        features["short"] = 1.0 if 0 < len(text) <= 8 else 0.0
    return features


class ValueReader(TransformerMixin, BaseEstimator):
    """Rows → feature dicts from the value grammar, the 三级 wording and (optionally) the vague lexicon.

    With an empty `lexicon` only unit kind, comparator, number and wording are read (the
    category model); with the lexicon, the vague rule's evidence too (the specificity model).
    """

    def __init__(self, *, lexicon: tuple[str, ...] = (), graded: tuple[str, ...] = (), with_level2: bool = False):
        self.lexicon = lexicon
        self.graded = graded
        self.with_level2 = with_level2

    def fit(self, X: pd.DataFrame, y: object = None) -> ValueReader:
        self.n_features_in_ = len(COLUMNS)
        return self

    def transform(self, X: pd.DataFrame) -> list[dict[str, Any]]:
        rows = []
        for level2, level3, value in zip(X["level2"], X["level3"], X["value"], strict=True):
            features = value_reading(level3, value, tuple(self.lexicon), tuple(self.graded))
            if self.with_level2:
                features = {**features, "level2=" + (level2 or "none"): 1.0}
            rows.append(features)
        return rows


def value_features(**reader: Any) -> Pipeline:
    """ValueReader followed by one-hot encoding."""
    return Pipeline([("read", ValueReader(**reader)), ("encode", DictVectorizer())])


def word_tfidf(**options: Any) -> TfidfVectorizer:
    """TF-IDF over the domain tokenizer's words (unigrams and bigrams)."""
    settings = {"ngram_range": (1, 2), "sublinear_tf": True, **options}
    return TfidfVectorizer(tokenizer=tokenize, token_pattern=None, lowercase=False, **settings)


def char_tfidf(**options: Any) -> TfidfVectorizer:
    """TF-IDF over character 1–3-grams: robust to names cut short by a narrow column."""
    settings = {"ngram_range": (1, 3), "sublinear_tf": True, **options}
    return TfidfVectorizer(analyzer="char", lowercase=False, **settings)

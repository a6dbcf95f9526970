"""Word segmentation of indicator text: jieba with the domain dictionary of corpora/lexicon/.

General dictionaries split the names of employment and social-security programmes
(公益性/岗位, 三支/一扶, 就业/困难/人员) and many measure heads (下达/率, 知晓/度), so the
words a model should learn from never appear whole. The domain dictionary keeps them whole;
corpora/lexicon/segmentation_gold.txt measures by how much (`segmentation_scores`).

jieba is the reference engine. rjieba (jieba-rs: same dictionary, same frequencies, same
HMM) is an optional accelerator: `pip install -e '.[fast]'`. Both engines only ever see runs
of Han characters; digits, Latin letters and symbols are split here by one rule, because the
engines disagree on ranges such as `10-12`. With that, both give the same words on every text
of the seed filings (tests/test_nlp.py), and the shipped models are trained with jieba.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from scorer.metrics import Counts

LEXICON_DIR = Path(__file__).resolve().parent.parent / "corpora" / "lexicon"
DOMAIN_TERMS = LEXICON_DIR / "domain_terms.txt"
STOPWORDS = LEXICON_DIR / "stopwords.txt"
SEGMENTATION_GOLD = LEXICON_DIR / "segmentation_gold.txt"

ENGINES = ("jieba", "rjieba")
ENGINE_VARIABLE = "SCORER_TOKENIZER"  # jieba | rjieba | auto (default: rjieba when installed)

# Han runs go to the engine; a number (with its decimals, separators and a range), a Latin
# word or one other visible character is a token of its own.
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_OTHER = re.compile(r"\d+(?:[.,]\d+)*|[A-Za-z]+|[^\s\u4e00-\u9fff]")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)*$")
NUMBER_TOKEN = "<num>"


@dataclass(frozen=True)
class Term:
    """One line of the domain dictionary, in jieba's user-dictionary format `word freq tag`."""

    word: str
    freq: int
    tag: str


def load_terms(path: Path = DOMAIN_TERMS) -> list[Term]:
    """The domain dictionary; a malformed line is an error naming the file and line."""
    terms = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split()
        if len(parts) != 3 or not parts[1].isdigit():
            raise ValueError(f"{path}:{number}: expected 'word frequency tag', got {line!r}")
        terms.append(Term(parts[0], int(parts[1]), parts[2]))
    return terms


@cache
def stopwords(path: Path = STOPWORDS) -> frozenset[str]:
    return frozenset(w.strip() for w in path.read_text(encoding="utf-8").splitlines() if w.strip())


def available_engines() -> tuple[str, ...]:
    """The engines importable here; jieba always is (a declared dependency)."""
    try:
        import rjieba  # noqa: F401
    except ImportError:
        return ("jieba",)
    return ENGINES


def default_engine() -> str:
    """SCORER_TOKENIZER when set, else the fastest installed engine."""
    wanted = os.environ.get(ENGINE_VARIABLE, "auto").strip().lower() or "auto"
    if wanted == "auto":
        return available_engines()[-1]
    if wanted not in ENGINES:
        raise ValueError(f"{ENGINE_VARIABLE}={wanted!r}: expected one of {', '.join(ENGINES)} or auto")
    return wanted


@cache
def han_cutter(engine: str, dictionary: bool = True) -> Callable[[str], list[str]]:
    """A function that cuts one run of Han characters into words (loaded once per engine)."""
    terms = load_terms() if dictionary else []
    if engine == "jieba":
        import jieba

        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        for term in terms:
            tokenizer.add_word(term.word, term.freq, term.tag)
        return tokenizer.lcut
    if engine == "rjieba":
        import rjieba

        fast = rjieba.Jieba()
        for term in terms:
            fast.add_word(term.word, term.freq, term.tag)
        return fast.cut
    raise ValueError(f"unknown tokenizer engine {engine!r}: expected one of {', '.join(ENGINES)}")


def segment(text: str, engine: str | None = None, dictionary: bool = True) -> list[str]:
    """All words of a text in order, punctuation included (what segmentation is judged on)."""
    cut = han_cutter(engine or default_engine(), dictionary)
    words: list[str] = []
    position = 0
    for run in _HAN_RUN.finditer(text):
        words.extend(_OTHER.findall(text[position : run.start()]))
        words.extend(cut(run.group()))
        position = run.end()
    words.extend(_OTHER.findall(text[position:]))
    return words


@lru_cache(maxsize=65536)
def _tokens(text: str, engine: str) -> tuple[str, ...]:
    stop = stopwords()
    out = []
    for word in segment(text, engine):
        if _NUMBER.match(word):
            out.append(NUMBER_TOKEN)
        elif word not in stop and (word.isalnum() or word in "%‰≥≤<>=/"):
            out.append(word)
    return tuple(out)


def tokenize(text: str) -> list[str]:
    """Content words for a model: no stopwords or punctuation, every number as one placeholder.

    Comparators, % and / are kept: `≥95%` and `元/人/月` say what kind of target a value is.
    This is the tokenizer the shipped models were trained with; it is referenced by name from
    the model files, so its name and behaviour are part of the model format.
    """
    return list(_tokens(text, default_engine()))


@dataclass
class SegmentationScore(Counts):
    """Word-boundary agreement with hand-segmented text (a word counts when both its ends match)."""

    examples: int = 0

    @property
    def gold_words(self) -> int:
        return self.tp + self.fn

    @property
    def predicted_words(self) -> int:
        return self.tp + self.fp

    @property
    def correct(self) -> int:
        return self.tp


def load_segmentation_gold(path: Path = SEGMENTATION_GOLD) -> list[list[str]]:
    """Hand-segmented examples: one per line, words separated by spaces, # starts a comment."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split() for line in lines if line.strip() and not line.startswith("#")]


def _spans(words: Sequence[str]) -> set[tuple[int, int]]:
    spans, start = set(), 0
    for word in words:
        spans.add((start, start + len(word)))
        start += len(word)
    return spans


def segmentation_scores(gold: Iterable[Sequence[str]], cut: Callable[[str], list[str]]) -> SegmentationScore:
    """Precision/recall of the words `cut` finds in the gold examples' joined text."""
    score = SegmentationScore()
    for words in gold:
        expected = _spans(words)
        found = _spans(cut("".join(words)))
        score.examples += 1
        score.tp += len(expected & found)
        score.fp += len(found - expected)
        score.fn += len(expected - found)
    return score

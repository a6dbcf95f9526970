"""The training rows: every indicator row of corpora/filings/, with the labels of corpora/labels/
and what the rules said about it.

Rows are read by the same parser and checked by the same rules as in `scorer score` (with the
models switched off), so the models learn from the text the pipeline sees and are measured
against the rules exactly as they run.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from scorer.classify import CATEGORIES
from scorer.config import Config, load_config

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
_SPACE = re.compile(r"\s+")

# Codes of the rules the models join; their model twins are excluded while measuring the rules.
RULE_CODES = {"vague": frozenset({"V101", "V102"}), "misplaced": frozenset({"C101"})}


@dataclass(frozen=True)
class Row:
    """One indicator row of the corpora with its gold labels and what the rules said."""

    filing: str
    period: str
    level1: str
    level2: str
    level3: str
    value: str
    gold: frozenset[str] | None  # labels of a matched, unambiguous gold row; None when unlabelled
    rule_vague: bool
    rule_misplaced: bool

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.filing, self.level2, _SPACE.sub("", self.level3), _SPACE.sub("", self.value))


def corpus_rows(corpora: Path = CORPORA, config: Config | None = None) -> list[Row]:
    """Every indicator row of every filing (both periods), labelled where corpora/labels/ says."""
    from scorer.checks import with_twins
    from scorer.checks.registry import ProjectContext
    from scorer.checks.vague import reads_vague, restated_value
    from scorer.evaluate import flagged_kinds, matched_projects, matched_rows
    from scorer.pipeline import parse_file, score_document

    config = deepcopy(config or load_config())
    config["nlp"]["enabled"] = False  # the rules alone: what the models are measured against
    rows: list[Row] = []
    for index, path in enumerate(sorted((corpora / "filings").glob("*.txt"))):
        document = score_document(parse_file(path, index), config)
        label_file = corpora / "labels" / f"{path.stem}.json"
        gold_by_id: dict[str, frozenset[str] | None] = {}
        if label_file.exists():
            gold = json.loads(label_file.read_text(encoding="utf-8"))
            for project, gold_project in matched_projects(gold, document):
                for hit, g in matched_rows(gold_project, project):
                    gold_by_id[hit.id] = None if g.get("ambiguous") else frozenset(g.get("labels", []))
        for project in document.projects:
            ctx = ProjectContext.of(project, document.budget_year, config)
            misplaced = with_twins(project, set(flagged_kinds(project, RULE_CODES["misplaced"])))
            for i in project.indicators:
                rows.append(
                    Row(
                        filing=path.stem,
                        period=i.period,
                        level1=i.level1,
                        level2=i.level2,
                        level3=i.level3,
                        value=i.value,
                        gold=gold_by_id.get(i.id),
                        rule_vague=reads_vague(i, ctx) or restated_value(i, ctx) is not None,
                        rule_misplaced=i.id in misplaced,
                    )
                )
    return rows


def table(rows: Iterable[Row]) -> pd.DataFrame:
    columns = ["filing", "period", "level1", "level2", "level3", "value", "gold", "rule_vague", "rule_misplaced"]
    return pd.DataFrame([[getattr(r, c) for c in columns] for r in rows], columns=columns)


def _dedupe(rows: Iterable[Row]) -> list[Row]:
    seen: set[tuple[str, str, str, str]] = set()
    out = []
    for row in rows:
        if row.key not in seen:
            seen.add(row.key)
            out.append(row)
    return out


def category_rows(rows: list[Row]) -> list[Row]:
    """Rows to learn the 二级 from: a standard 二级 and a 三级 name, once per filing, and none
    that the labels call misplaced (nor their twin in the other period)."""
    misplaced = {r.key for r in rows if r.gold and "misplaced" in r.gold}
    usable = [r for r in rows if r.level2 in CATEGORIES and r.level3.strip() and r.key not in misplaced]
    return _dedupe(usable)


def specificity_rows(rows: list[Row]) -> list[Row]:
    """Rows to learn specificity from: labelled, unambiguous, with a value; once per filing."""
    return _dedupe(r for r in rows if r.gold is not None and r.value.strip())

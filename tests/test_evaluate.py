"""The parser against the hand-checked dev set in corpora/labels/ (the issue's bar: ≥ 0.99)."""

from __future__ import annotations

from conftest import LABELS

from scorer.evaluate import evaluate, load_gold

BAR = 0.99


def test_dev_set_covers_enough_projects():
    gold = load_gold([LABELS])
    assert len(gold) >= 2
    assert sum(len(g["projects"]) for _, g in gold) >= 13


def test_parser_meets_the_bar_on_every_labelled_filing():
    scores = evaluate([LABELS])
    for score in scores:
        details = [f"{m.side} {m.project} {m.level2}/{m.level3}={m.value}" for m in score.misses]
        assert score.precision >= BAR, (score.filing, details)
        assert score.recall >= BAR, (score.filing, details)
        assert score.projects_found == score.projects, score.filing
        assert score.funds_correct == score.funds_checked, (score.filing, score.funds_errors)

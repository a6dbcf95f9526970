"""The parser against the hand-checked dev set in corpora/labels/ (the issue's bar: ≥ 0.99)."""

from __future__ import annotations

import pytest
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


def test_the_gold_grade_is_the_mean_of_two_independent_graders():
    from scorer.evaluate import FlagEvaluation, Graded

    grades = [Graded("a", 90.0, 4, 5), Graded("b", 60.0, 3, 2), Graded("c", 75.0, 2, 4), Graded("d", 40.0, 1)]
    evaluation = FlagEvaluation(kinds={}, grades=grades)
    assert [g.gold for g in grades] == [4.5, 2.5, 3.0, 1]
    assert evaluation.spearman == pytest.approx(1.0)  # 90 > 75 > 60 > 40 and 4.5 > 3 > 2.5 > 1
    first, second = evaluation.spearman_by_grader()
    assert first == pytest.approx(0.8) and second == pytest.approx(1.0)
    assert evaluation.grader_agreement == pytest.approx(0.5)

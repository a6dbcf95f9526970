"""Candidate name pairs: every pair of a small batch, blocks of shared name segments in a large one."""

from __future__ import annotations

import itertools

from conftest import SEEDS
from rapidfuzz import fuzz

from scorer.blocking import name_candidates, segments
from scorer.duplicates import name_key
from scorer.pipeline import parse_file


def real_keys() -> list[str]:
    names = {p.name for path in SEEDS.values() for p in parse_file(path).projects if p.scope == "project"}
    return sorted(name_key(n) for n in names if n)


def brute_force(keys: list[str], cut: float) -> set[tuple[int, int]]:
    return {(i, j) for i, j in itertools.combinations(range(len(keys)), 2) if fuzz.ratio(keys[i], keys[j]) >= cut}


def test_segments_are_counted_from_both_ends():
    assert segments("零工市场营运经费") == ["e0:营运经费", "s0:零工市场"]
    # the first and the last half in four-character pieces: a year or a typo at one end spares the other
    name = "大学生就业失业实名制登记信息化补助"
    assert segments(name) == ["e0:息化补助", "e4:制登记信", "s0:大学生就", "s4:业失业实"]


def test_small_batches_compare_every_pair():
    keys = real_keys()
    assert len(keys) > 50
    assert name_candidates(keys, 80) == brute_force(keys, 80)


def test_blocks_find_the_alike_names_of_the_seeds():
    """The seeds' names with 2025年-free twins, a 营运/运营 swap and a one-character typo, compared in blocks."""
    keys = real_keys()
    keys += [k.replace("营运", "运营") for k in keys if "营运" in k] + [k.replace("经费", "径费", 1) for k in keys[:20]]
    blocked = name_candidates(keys, 80, all_pairs_up_to=0)
    exact = brute_force(keys, 80)
    assert blocked <= exact
    assert len(blocked & exact) / len(exact) >= 0.95
    swapped = keys.index("零工市场运营经费", len(keys) - 30)
    assert any(swapped in pair for pair in blocked)


def test_identical_names_pair_even_in_a_block_too_large_to_compare():
    keys = ["公用经费"] * 5 + ["招聘会工作经费", "招聘会工作经费"]
    pairs = name_candidates(keys, 80, all_pairs_up_to=0, max_block=1)
    assert pairs == {(0, 1), (0, 2), (0, 3), (0, 4), (5, 6)}
    # near-miss: with blocks allowed, every pair of copies is found
    assert len(name_candidates(keys, 80, all_pairs_up_to=0)) == 10 + 1

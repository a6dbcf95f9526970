"""Candidate pairs of alike project names, from one filing to a province's year.

Whole-project judgement (`scorer.duplicates.judge`) is too costly to run on every pair of a
large batch, so names are first compared cheaply with rapidfuzz: every pair of a small batch,
and within blocks for a large one. A block holds the names sharing one short segment counted
from the start or from the end of the name (`岚县人社局`, `工作经费`); names alike enough to
be the same project share at least one segment outside the place where they differ, so
comparing inside blocks finds almost all of them while comparing a tiny share of all pairs.
Blocks larger than `max_block` (segments every tenth name has, such as `工作经费`) are left
out: the names in them also share rarer segments.

Measured by `benchmarks/duplicate_scaling.py` against comparing all pairs (see README).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process

ALL_PAIRS_UP_TO = 4000  # below this many names every pair is compared (exact, well under a second)
SEGMENT = 4
MAX_BLOCK = 1000
_SMALL_BLOCK = 24  # blocks up to this size are compared pair by pair in one vectorised call
_FLUSH_PAIRS = 2_000_000  # pairs held before small blocks are compared and repeats merged (memory bound)


def segments(name: str, width: int = SEGMENT) -> list[str]:
    """Segments of `width` characters over the first and the last half of the name, as keys
    ('s4:业失业实' is the second segment from the start).

    Counting from both ends keeps a segment in place when a character is added or dropped
    at the other end or in the middle (a year, 上半年, a typo).
    """
    half = (len(name) + 1) // 2
    keys = {f"s0:{name[:width]}", f"e0:{name[-width:]}"}
    for offset in range(width, max(width, half - width + 1), width):
        keys.add(f"s{offset}:{name[offset : offset + width]}")
        keys.add(f"e{offset}:{name[len(name) - offset - width : len(name) - offset]}")
    return sorted(keys)


def _codes(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    """Pairs (a, b) as one int64 each, smaller index first, so duplicates collapse in np.unique."""
    return np.minimum(a, b).astype(np.int64) * n + np.maximum(a, b)


def _all_pairs(names: Sequence[str], min_ratio: float) -> np.ndarray:
    scores = process.cdist(names, names, scorer=fuzz.ratio, score_cutoff=min_ratio, workers=-1, dtype=np.uint8)
    first, second = np.nonzero(np.triu(scores, 1))
    return _codes(first, second, len(names))


def _workers(size: int) -> int:
    """Threads for one block: starting them costs more than comparing a small block on one core."""
    return -1 if size > 150 else 1


class _Blocks:
    """Compares the names inside each block with rapidfuzz and keeps the pairs above the cut."""

    def __init__(self, names: Sequence[str], min_ratio: float, max_block: int) -> None:
        self.names = np.array(names, dtype=object)
        self.min_ratio = min_ratio
        self.max_block = max_block
        self.found: list[np.ndarray] = []
        self.pending = 0  # codes in `found` since the last merge
        self.distinct = 0  # distinct pairs after the last merge
        self.small: dict[int, list[list[int]]] = defaultdict(list)
        self.small_pairs = 0
        self.stats = {"blocks": 0, "skipped": 0, "comparisons": 0}

    def compare(self, members: list[int]) -> bool:
        """Compare one block; False when it is too large to compare."""
        size = len(members)
        if size < 2:
            return True
        if size > self.max_block:
            return False
        self.stats["blocks"] += 1
        self.stats["comparisons"] += size * (size - 1) // 2
        if size <= _SMALL_BLOCK:
            self.small[size].append(members)  # compared together, size by size
            self.small_pairs += size * (size - 1) // 2
            if self.small_pairs > _FLUSH_PAIRS:
                self._compare_small()
            return True
        block = self.names[members].tolist()
        scores = process.cdist(
            block, block, scorer=fuzz.ratio, score_cutoff=self.min_ratio, workers=_workers(size), dtype=np.uint8
        )
        first, second = np.nonzero(np.triu(scores, 1))
        index = np.asarray(members)
        self._keep(_codes(index[first], index[second], len(self.names)))
        return True

    def _keep(self, codes: np.ndarray) -> None:
        """Collect found pairs; alike names meet in several blocks, so repeats are merged away
        from time to time to keep memory near the number of distinct pairs."""
        self.found.append(codes)
        self.pending += len(codes)
        if self.pending > max(_FLUSH_PAIRS, self.distinct):  # doubling: each pair is sorted O(log) times
            self.found = [np.unique(np.concatenate(self.found))]
            self.distinct = len(self.found[0])
            self.pending = 0

    def _compare_small(self) -> None:
        """Compare the collected small blocks, size by size in one vectorised call each."""
        for size, groups in self.small.items():
            grid = np.asarray(groups)
            upper_first, upper_second = np.triu_indices(size, 1)
            first, second = grid[:, upper_first].ravel(), grid[:, upper_second].ravel()
            scores = process.cpdist(
                self.names[first].tolist(),
                self.names[second].tolist(),
                scorer=fuzz.ratio,
                score_cutoff=self.min_ratio,
                workers=-1,
            )
            keep = scores > 0
            self._keep(_codes(first[keep], second[keep], len(self.names)))
        self.small.clear()
        self.small_pairs = 0

    def finish(self) -> np.ndarray:
        """All pairs found (with repeats)."""
        self._compare_small()
        return np.concatenate(self.found) if self.found else np.empty(0, np.int64)


def _blocked_pairs(
    names: Sequence[str], min_ratio: float, width: int, max_block: int
) -> tuple[np.ndarray, dict[str, int]]:
    """Blocks of one shared segment; a block too large is split by a second shared segment,
    so that names sharing only a common segment (工作经费) are not compared, and names alike
    enough still meet, since they share more than one segment."""
    keys = [segments(name, width) for name in names]
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, own in enumerate(keys):
        for key in own:
            blocks[key].append(index)
    work = _Blocks(names, min_ratio, max_block)
    for key, members in blocks.items():
        if work.compare(members):
            continue
        split: dict[str, list[int]] = defaultdict(list)
        for index in members:
            for other in keys[index]:
                if other != key:
                    split[other].append(index)
        for part in split.values():
            if not work.compare(part):
                work.stats["skipped"] += 1
    return work.finish(), work.stats


def name_candidates(
    names: Sequence[str],
    min_ratio: float,
    *,
    width: int = SEGMENT,
    max_block: int = MAX_BLOCK,
    all_pairs_up_to: int = ALL_PAIRS_UP_TO,
) -> set[tuple[int, int]]:
    """Index pairs (i < j) whose names have rapidfuzz ratio ≥ min_ratio (0–100).

    Identical names always pair, even inside a block too large to compare.
    """
    codes, _ = candidate_codes(names, min_ratio, width, max_block, all_pairs_up_to)
    n = len(names)
    return set(zip((codes // n).tolist(), (codes % n).tolist(), strict=True))


def candidate_codes(
    names: Sequence[str], min_ratio: float, width: int, max_block: int, all_pairs_up_to: int
) -> tuple[np.ndarray, dict[str, int]]:
    """The pairs as sorted codes i * n + j (compact for millions of pairs), and what the blocking
    did (blocks compared, blocks skipped, comparisons), for benchmarks."""
    n = len(names)
    if n < 2:
        return np.empty(0, np.int64), {"blocks": 0, "skipped": 0, "comparisons": 0}
    if n <= all_pairs_up_to:
        codes, stats = _all_pairs(names, min_ratio), {"blocks": 1, "skipped": 0, "comparisons": n * (n - 1) // 2}
    else:
        codes, stats = _blocked_pairs(names, min_ratio, width, max_block)
    same: dict[str, list[int]] = defaultdict(list)
    for index, name in enumerate(names):
        same[name].append(index)
    twins = [_codes(np.full(len(m) - 1, m[0]), np.asarray(m[1:]), n) for m in same.values() if len(m) > 1]
    # identical names pair with the first of them even where their blocks were too large to compare
    return np.unique(np.concatenate([codes, *twins])), stats

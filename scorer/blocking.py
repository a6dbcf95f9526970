"""Candidate pairs of alike project names, from one filing to a province's year.

Whole-project judgement (`scorer.duplicates.judge`) is too costly to run on every pair of a
large batch, so names are first compared cheaply with rapidfuzz: every pair of a small batch,
and within blocks for a large one. A block holds the names sharing one short segment counted
from the start or from the end of the name (`岚县人社局`, `工作经费`); names alike enough to
be the same project share at least one segment outside the place where they differ, so
comparing inside blocks finds almost all of them while comparing a tiny share of all pairs.
A block larger than `max_block` (a segment every tenth name has, such as `工作经费`) is not
compared as a whole: its names are compared within each second segment they share.

Measured by `benchmarks/duplicate_scaling.py` against comparing all pairs (see README).
"""

from __future__ import annotations

from array import array
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


def distinct_sorted(codes: np.ndarray) -> np.ndarray:
    """np.unique without its extra copy: sorts `codes` in place (tens of millions of pairs)."""
    if len(codes) == 0:
        return codes
    codes.sort()
    keep = np.empty(len(codes), dtype=bool)
    keep[0] = True
    np.not_equal(codes[1:], codes[:-1], out=keep[1:])
    return codes[keep]


def _codes(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    """Pairs (a, b) as one int64 each, smaller index first, so repeats collapse when sorted."""
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
        self.stats = {"blocks": 0, "skipped": 0, "comparisons": 0}

    def compare_groups(self, members: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> list[tuple[int, int]]:
        """Compare every block `members[start:start + size]`; returns (start, size) of the blocks too large."""
        too_large: list[tuple[int, int]] = []
        for size in np.unique(sizes[sizes >= 2]).tolist():
            at = starts[sizes == size]
            if size > self.max_block:
                too_large.extend((start, size) for start in at.tolist())
                continue
            self.stats["blocks"] += len(at)
            self.stats["comparisons"] += len(at) * size * (size - 1) // 2
            if size <= _SMALL_BLOCK:
                self._compare_small(members[at[:, None] + np.arange(size)])
            else:
                for start in at.tolist():
                    self._compare_block(members[start : start + size])
        return too_large

    def _compare_block(self, index: np.ndarray) -> None:
        block = self.names[index].tolist()
        size = len(block)
        scores = process.cdist(
            block, block, scorer=fuzz.ratio, score_cutoff=self.min_ratio, workers=_workers(size), dtype=np.uint8
        )
        first, second = np.nonzero(np.triu(scores, 1))
        self._keep(_codes(index[first], index[second], len(self.names)))

    def _compare_small(self, grid: np.ndarray) -> None:
        """Blocks of one small size, as rows of `grid`, compared pair by pair in vectorised calls."""
        size = grid.shape[1]
        upper_first, upper_second = np.triu_indices(size, 1)
        rows_per_call = max(1, _FLUSH_PAIRS // len(upper_first))
        for row in range(0, len(grid), rows_per_call):
            part = grid[row : row + rows_per_call]
            first, second = part[:, upper_first].ravel(), part[:, upper_second].ravel()
            scores = process.cpdist(
                self.names[first].tolist(),
                self.names[second].tolist(),
                scorer=fuzz.ratio,
                score_cutoff=self.min_ratio,
                workers=-1,
            )
            keep = scores > 0
            self._keep(_codes(first[keep], second[keep], len(self.names)))

    def _keep(self, codes: np.ndarray) -> None:
        """Collect found pairs; alike names meet in several blocks, so repeats are merged away
        from time to time to keep memory near the number of distinct pairs."""
        self.found.append(codes)
        self.pending += len(codes)
        if self.pending > max(_FLUSH_PAIRS, self.distinct // 2):  # each pair is sorted O(log) times
            merged = np.concatenate(self.found)
            self.found.clear()
            self.found.append(distinct_sorted(merged))
            self.distinct = len(self.found[0])
            self.pending = 0

    def finish(self) -> np.ndarray:
        """All pairs found (with repeats)."""
        merged = np.concatenate(self.found) if self.found else np.empty(0, np.int64)
        self.found.clear()
        return merged


def _grouped(keys: np.ndarray, owners: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Owners and keys sorted by key, with the start and size of each run of one key."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    return owners[order], sorted_keys, starts, sizes


def _blocked_pairs(
    names: Sequence[str], min_ratio: float, width: int, max_block: int
) -> tuple[np.ndarray, dict[str, int]]:
    """Blocks of one shared segment; a block too large is split by a second shared segment,
    so that names sharing only a common segment (工作经费) are not compared, and names alike
    enough still meet, since they share more than one segment.

    Segments are kept as 64-bit hashes in flat arrays (a million names hold four million), so
    memory stays a few bytes per segment rather than a Python object each.
    """
    owner_list, key_list = array("q"), array("q")
    for index, name in enumerate(names):
        for key in segments(name, width):
            owner_list.append(index)
            key_list.append(hash(key))
    owners, keys = np.frombuffer(owner_list, np.int64), np.frombuffer(key_list, np.int64)
    first_of = np.r_[0, np.cumsum(np.bincount(owners, minlength=len(names)))]  # name → its segments
    work = _Blocks(names, min_ratio, max_block)
    members, block_keys, starts, sizes = _grouped(keys, owners)
    for start, size in work.compare_groups(members, starts, sizes):
        # a block too large: compare its names within each second segment they share
        inside = members[start : start + size]
        counts = first_of[inside + 1] - first_of[inside]
        at = np.repeat(first_of[inside] - np.r_[0, np.cumsum(counts)[:-1]], counts) + np.arange(counts.sum())
        other = keys[at] != block_keys[start]
        sub_members, _, sub_starts, sub_sizes = _grouped(keys[at][other], owners[at][other])
        work.stats["skipped"] += len(work.compare_groups(sub_members, sub_starts, sub_sizes))
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
    return distinct_sorted(np.concatenate([codes, *twins])), stats

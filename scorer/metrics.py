"""Precision, recall and F1 from counts: one definition for flags, duplicate pairs, segmentation and models."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Counts:
    """True/false positives and false negatives, with the measures derived from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

"""Load the indicator library and find the good indicators nearest to a 三级 name.

Nearness is rapidfuzz's token ratios over jieba tokens (numbers and comparators dropped), so
“补贴发放及时率” finds “补助资金发放及时率” whatever the word order; a neighbour from a project of
the same type gets a bonus, because a subsidy's deadline is not a training's. The shipped
library (corpora/library/) is read on first use only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz

from scorer.library.build import ENTRIES_FILE, GROUPS_FILE, SCHEMA, Entry, group_stats
from scorer.nlp import NUMBER_TOKEN, tokenize

DEFAULT_DIR = Path(__file__).resolve().parent.parent.parent / "corpora" / "library"
SAME_TYPE_BONUS = 15.0
_NOT_WORDS = frozenset({NUMBER_TOKEN, "%", "≥", "≤", "<", ">", "=", "/"})


@dataclass(frozen=True)
class Neighbour:
    entry: Entry
    similarity: float  # 0–100: token ratio of the 三级 names
    score: float  # similarity plus the same-type bonus; what neighbours are ranked by


def words(text: str) -> str:
    """The content words of a name as one space-joined string, for the token ratio."""
    return " ".join(t for t in tokenize(text) if t not in _NOT_WORDS)


def name_similarity(a: str, b: str) -> float:
    """Mean of rapidfuzz's sorted-token and token-set ratios: one shared word alone is not enough."""
    return (fuzz.token_sort_ratio(a, b) + fuzz.token_set_ratio(a, b)) / 2


class Library:
    """The good indicators of some corpora, grouped by 二级, with their group statistics."""

    def __init__(self, entries: list[Entry], groups: list[dict] | None = None) -> None:
        self.entries = entries
        self.groups = groups if groups is not None else group_stats(entries)
        self.sources = sorted({e.filing for e in entries})
        self._by_level2: dict[str, list[tuple[Entry, str]]] = {}
        # the same 三级 names recur across a province's projects: rank each (name, 二级, type) once
        self._nearest: dict[tuple[str, str | None, str | None, int, str], tuple[Neighbour, ...]] = {}
        for entry in entries:
            joined = " ".join(t for t in entry.tokens if t not in _NOT_WORDS)
            self._by_level2.setdefault(entry.level2, []).append((entry, joined))

    @classmethod
    def load(cls, folder: Path) -> Library:
        """Read a library folder written by `scorer library build`; a wrong file is an error naming it."""
        path = folder / ENTRIES_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ValueError(f"{path}: cannot read the indicator library ({exc})") from exc
        if data.get("schema") != SCHEMA:
            raise ValueError(f"{path}: not an indicator library (schema {data.get('schema')!r}, expected {SCHEMA})")
        entries = [Entry(**{**row, "tokens": tuple(row["tokens"])}) for row in data["entries"]]
        groups_path = folder / GROUPS_FILE
        groups = json.loads(groups_path.read_text(encoding="utf-8"))["groups"] if groups_path.exists() else []
        return cls(entries, groups)

    def group(self, level2: str, kind: str) -> dict | None:
        """The statistics of one (二级, type) group, if the library has it."""
        return next((g for g in self.groups if g["level2"] == level2 and g["type"] == kind), None)

    def nearest(
        self, name: str, level2: str | None = None, kind: str | None = None, limit: int = 10, exclude: str = ""
    ) -> list[Neighbour]:
        """Good indicators ranked by nearness of their 三级 name to `name` (ties in a fixed order).

        `exclude` leaves out one filing's rows, so a filing is never its own example.
        """
        key = (name, level2, kind, limit, exclude)
        ranked = self._nearest.get(key)  # one read: another thread (the web app) may clear the memo meanwhile
        if ranked is None:
            if len(self._nearest) >= _REMEMBERED:
                self._nearest.clear()
            ranked = self._nearest[key] = tuple(self._rank(name, level2, kind, limit, exclude))
        return list(ranked)

    def _rank(self, name: str, level2: str | None, kind: str | None, limit: int, exclude: str) -> list[Neighbour]:
        query = words(name)
        pools = [self._by_level2.get(level2, [])] if level2 else list(self._by_level2.values())
        found = []
        for pool in pools:
            for entry, joined in pool:
                if entry.filing == exclude:
                    continue
                similarity = name_similarity(query, joined) if query and joined else 0.0
                score = similarity + (SAME_TYPE_BONUS if kind and entry.type == kind else 0.0)
                found.append(Neighbour(entry, round(similarity, 2), round(score, 2)))
        found.sort(key=lambda n: (-n.score, n.entry.level3, n.entry.value, n.entry.filing, n.entry.project))
        return found[:limit]


_REMEMBERED = 1_000  # rankings kept per library, each up to one neighbour per entry (~20 KiB per 500 entries)


@cache
def default_library(folder: Path = DEFAULT_DIR) -> Library | None:
    """The shipped library, loaded once on first use; None when it is not installed."""
    if not (folder / ENTRIES_FILE).exists():
        return None
    return Library.load(folder)

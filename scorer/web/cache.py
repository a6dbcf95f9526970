"""Scored uploads kept server-side under random tokens, in memory, bounded in count and size.

A results page, its project pages and its downloads all read the same scored batch; keeping it
under an unguessable token means the browser never sends a path or a file name back, and the
bound means a busy evaluation centre cannot fill the server's memory: the oldest batch goes first.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from scorer.model import Document


@dataclass
class Result:
    """One scored upload: its documents, duplicate pairs, and what each file was sniffed as."""

    documents: list[Document]
    pairs: list[Any]  # scorer.duplicates.Pair, as score_parsed returns them
    formats: dict[int, str] = field(default_factory=dict)  # document index → sniffed format
    size: int = 0  # bytes uploaded, the cost counted against the cache bound

    def pair_dicts(self) -> list[dict[str, Any]]:
        return [pair.contract() if hasattr(pair, "contract") else pair for pair in self.pairs]


class ResultCache:
    """Least-recently-used results, at most `max_entries` and `max_bytes` of uploads in all."""

    def __init__(self, max_entries: int = 32, max_bytes: int = 256 * 1024 * 1024) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._items: OrderedDict[str, Result] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, result: Result) -> str:
        token = secrets.token_urlsafe(16)
        with self._lock:
            self._items[token] = result
            while len(self._items) > 1 and (
                len(self._items) > self.max_entries or sum(r.size for r in self._items.values()) > self.max_bytes
            ):
                self._items.popitem(last=False)
        return token

    def get(self, token: str) -> Result | None:
        with self._lock:
            result = self._items.get(token)
            if result is not None:
                self._items.move_to_end(token)
            return result

    def __len__(self) -> int:
        return len(self._items)

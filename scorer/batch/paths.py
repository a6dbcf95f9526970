"""Paths and globs from the command line → one sorted list of files, each once."""

from __future__ import annotations

import glob
from collections.abc import Iterable
from pathlib import Path

FILING_SUFFIXES = (".txt", ".pdf", ".xlsx", ".xls", ".docx")  # the formats scorer reads (sniffed by content)


def expand(patterns: Iterable[str]) -> list[str]:
    """Globs (`**` allowed) and folders (their filings, recursively) expanded; a plain path is kept as given.

    A plain path that does not exist is kept too, so the run records it as an error.
    """
    found: set[str] = set()
    for pattern in patterns:
        if glob.has_magic(pattern):
            found.update(p for p in glob.glob(pattern, recursive=True) if Path(p).is_file())
        elif Path(pattern).is_dir():
            found.update(str(p) for p in Path(pattern).rglob("*") if p.is_file() and p.suffix in FILING_SUFFIXES)
        else:
            found.add(pattern)
    return sorted(found)

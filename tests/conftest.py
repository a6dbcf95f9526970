"""Shared fixtures: the seed filings, parsed once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from scorer.model import Document, Project
from scorer.pipeline import parse_file

ROOT = Path(__file__).resolve().parent.parent
FILINGS = ROOT / "corpora" / "filings"
LABELS = ROOT / "corpora" / "labels"

SEEDS = {
    "000": FILINGS / "000_86600bf36a8b4edf.txt",
    "001": FILINGS / "001_ab1a38b56cc10efc.txt",
    "002": FILINGS / "002_b33ec0d1a505bade.txt",
    "004": FILINGS / "004_eab7f7ea09c3d307.txt",
}


@pytest.fixture(scope="session")
def seed_docs() -> dict[str, Document]:
    return {key: parse_file(path) for key, path in SEEDS.items()}


def project_at(document: Document, name_line: int) -> Project:
    """The project whose table contains the given 项目名称 line."""
    for project in document.projects:
        start, end = project.source_lines
        if start <= name_line <= end:
            return project
    raise AssertionError(f"no project spans line {name_line}")


def rows(project: Project, period: str = "annual") -> list[tuple[str, str, str, str, int]]:
    return [(i.level1, i.level2, i.level3, i.value, i.source_line) for i in project.indicators if i.period == period]

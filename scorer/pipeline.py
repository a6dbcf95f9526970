"""From paths to scored Documents: the one place that runs the stages in order.

Each stage is a plain function over plain data; this module only sequences them, gives ids,
and turns a failure in one file into that document's `error` so the others still run.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from pathlib import Path

from scorer.checks import check_document
from scorer.config import Config, load_config
from scorer.duplicates import Pair, duplicate_flags, find_duplicates
from scorer.duplicates import Settings as DuplicateSettings
from scorer.errors import FilingError
from scorer.ingest import SourceText, read_source, source_from_bytes
from scorer.layouts import parse_source
from scorer.layouts.segment import ParsedFiling
from scorer.library.suggest import attach_suggestions
from scorer.model import Document
from scorer.scoring import score_project
from scorer.values import parse_cells


def build_document(source: SourceText, filing: ParsedFiling, doc_index: int) -> Document:
    """Give ids to projects and indicators, say where each sits, and attach parse warnings as flags."""
    document = Document(
        path=source.path, layout=filing.layout, budget_year=filing.budget_year, encoding=source.encoding
    )
    located = source.locations is not None
    for project_index, table in enumerate(filing.tables):
        project = table.project
        project.id = f"d{doc_index}-p{project_index}"
        if located:
            project.location = (source.where(project.source_lines[0]), source.where(project.source_lines[1]))
        for indicator_index, indicator in enumerate(project.indicators):
            indicator.id = f"{project.id}-i{indicator_index}"
            indicator.parsed = parse_cells(indicator.value, indicator.nature, indicator.unit_cell)
            if located:
                indicator.location = source.where(indicator.source_line)
        project.flags = [warning.to_flag(source.where) for warning in table.warnings]
        document.projects.append(project)
    if filing.truncated_at is not None:
        document.error = (
            f"{source.path}:{source.position(filing.truncated_at)}: the last table stops without its footer "
            "(负责人/填报日期); the file looks truncated — the projects read so far are kept"
        )
    return document


def parse_text(source: SourceText, doc_index: int = 0) -> Document:
    """Parse a filing already read into lines of cells; errors become the document's `error`."""
    try:
        filing = parse_source(source)
    except FilingError as exc:
        return Document(path=source.path, error=str(exc), encoding=source.encoding)
    return build_document(source, filing, doc_index)


def annotate(documents: list[Document], config: Config) -> None:
    """The models' readings of every indicator (scorer/classify.py), unless switched off.

    Without usable model files (an install without models/) the rules still run: the model
    checks stay silent and a warning names the file.
    """
    if not config.get("nlp", {}).get("enabled", True):
        return
    from scorer.classify import ModelError, annotate_documents

    try:
        annotate_documents(documents)
    except ModelError as exc:
        warnings.warn(f"{exc}; scoring with the rules alone", stacklevel=2)


def score_document(document: Document, config: Config, annotated: bool = False) -> Document:
    """Run the models and the checks, and score every project of a parsed document (in place)."""
    if not annotated:
        annotate([document], config)
    check_document(document, config)
    attach_suggestions(document, config)  # concrete rewrites from the indicator library
    for project in document.projects:
        if project.scope == "project":
            project.score, project.grade, _ = score_project(project, config)
    return document


def score_files(paths: Iterable[str | Path], config: Config | None = None) -> list[Document]:
    """Parse, check and score many filings; one bad file never stops the others."""
    return score_batch(paths, config)[0]


def score_batch(paths: Iterable[str | Path], config: Config | None = None) -> tuple[list[Document], list[Pair]]:
    """Score filings, then look for near-duplicate projects within and across them.

    Duplicate flags join each affected project's flags and its score is recomputed.
    """
    return score_parsed(parse_files(paths), config)


def score_parsed(documents: list[Document], config: Config | None = None) -> tuple[list[Document], list[Pair]]:
    """Score documents already parsed (from files or uploaded bytes) and find their near-duplicates.

    The web app parses uploads in memory with `parse_bytes` and comes here, so an upload is
    scored exactly as `scorer score` scores the same file.
    """
    config = config or load_config()
    annotate(documents, config)  # one batched model call for the whole batch
    documents = [score_document(document, config, annotated=True) for document in documents]
    pairs = find_duplicates(documents, DuplicateSettings(**config["duplicates"]))
    by_project = duplicate_flags(pairs)
    for document in documents:
        for project in document.projects:
            if project.id in by_project:
                project.flags.extend(by_project[project.id])
                project.score, project.grade, _ = score_project(project, config)
    return documents, pairs


def parse_file(path: str | Path, doc_index: int = 0) -> Document:
    """Read and parse one filing (text, PDF, Excel or Word, told apart by content); never raises for a bad file."""
    try:
        source = read_source(path)
    except FilingError as exc:
        return Document(path=str(path), error=str(exc))
    return parse_text(source, doc_index)


def parse_bytes(data: bytes, name: str, doc_index: int = 0) -> Document:
    """Parse a filing held in memory (an upload), in any supported format."""
    try:
        source = source_from_bytes(data, name)
    except FilingError as exc:
        return Document(path=name, error=str(exc))
    return parse_text(source, doc_index)


def parse_files(paths: Iterable[str | Path]) -> list[Document]:
    """Parse many filings; one bad file never stops the others."""
    return [parse_file(path, index) for index, path in enumerate(paths)]

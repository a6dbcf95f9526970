"""The result of a batch as files to download: scorer/v1 JSON, CSV (projects, flags), XLSX and HTML.

Each is built in memory from the scored records with the same report modules the command line
uses, so a download equals `scorer score --format json|csv` for the same files.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from scorer.config import Config
from scorer.model import Document
from scorer.report import csv_report, json_report


@dataclass(frozen=True)
class Download:
    filename: str
    media_type: str
    content: bytes


class XlsxUnavailable(RuntimeError):
    """This install has no XLSX report writer (scorer.report.xlsx_report)."""


def as_json(documents: list[Document], pairs: list[dict[str, Any]]) -> Download:
    text = json_report.dumps(documents, pairs) + "\n"
    return Download("scorer-result.json", "application/json", text.encode("utf-8"))


def as_csv(documents: list[Document], table: str) -> Download:
    """`projects` or `flags`, UTF-8 with BOM as the command line writes them (Excel/WPS open it)."""
    frame = csv_report.project_rows(documents) if table == "projects" else csv_report.flag_rows(documents)
    text = frame.to_csv(index=False)
    return Download(f"scorer-result-{table}.csv", "text/csv; charset=utf-8", text.encode("utf-8-sig"))


@dataclass(frozen=True)
class StoredSide:
    """One side of a stored duplicate pair, with what the XLSX duplicates sheet reads of it."""

    id: str
    name: str
    doc_path: str


@dataclass(frozen=True)
class StoredPair:
    """A duplicate pair read back from the database, shaped like scorer.duplicates.Pair for the reports."""

    a: StoredSide
    b: StoredSide
    similarity: float
    kind: str
    reason: str

    def contract(self) -> dict[str, Any]:
        return {
            "a": self.a.id,
            "b": self.b.id,
            "a_name": self.a.name,
            "b_name": self.b.name,
            "similarity": self.similarity,
            "kind": self.kind,
            "reason": self.reason,
        }


def stored_pairs(pairs: list[dict[str, Any]], paths: dict[int, str]) -> list[StoredPair]:
    """Contract-shaped pairs of a stored run as report pairs; `paths` maps a document's rank to its path."""

    def side(project_id: str, name: str) -> StoredSide:
        rank = int(project_id.split("-", 1)[0][1:])
        return StoredSide(project_id, name, paths.get(rank, ""))

    return [
        StoredPair(side(p["a"], p["a_name"]), side(p["b"], p["b_name"]), p["similarity"], p["kind"], p["reason"])
        for p in pairs
    ]


def as_html(documents: list[Document], pairs: list[Any], config: Config | None = None) -> Download:
    """The self-contained evaluators' page (scorer/report/html_report.py), to mail or share without a server."""
    from scorer.report.html_report import render_html

    text = render_html(documents, pairs, config)
    return Download("scorer-report.html", "text/html; charset=utf-8", text.encode("utf-8"))


def as_xlsx(documents: list[Document], pairs: list[Any], config: Config | None = None) -> Download:
    """The evaluators' workbook (scorer/report/xlsx_report.py): flagged cells coloured, a draft 审核意见."""
    try:
        from scorer.report.xlsx_report import write_xlsx
    except ImportError as exc:
        raise XlsxUnavailable("the XLSX report is not part of this install") from exc
    buffer = io.BytesIO()
    write_xlsx(documents, pairs, buffer, config)
    return Download(
        "scorer-result.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        buffer.getvalue(),
    )

"""The result of a batch as files to download: scorer/v1 JSON, CSV (projects, flags) and XLSX.

Each is built in memory from the scored records with the same report modules the command line
uses, so a download equals `scorer score --format json|csv` for the same files.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

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


def as_xlsx(documents: list[Document], pairs: list[Any]) -> Download:
    try:
        from scorer.report.xlsx_report import write_xlsx
    except ImportError as exc:
        raise XlsxUnavailable("the XLSX report is not part of this install") from exc
    buffer = io.BytesIO()
    write_xlsx(documents, pairs, buffer)
    return Download(
        "scorer-result.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        buffer.getvalue(),
    )

"""`scorer export`: a stored run as tables — CSV files, one XLSX workbook, Parquet files — or the JSON contract.

Each table is one SQL query streamed in chunks, so an export of a province's batch holds one
chunk of rows at a time. Rows name their document by its place in the run (`doc`), which is
the `d<doc>` of the contract's project ids in a finished run.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Engine, Float, Integer, and_, func, select
from sqlalchemy.sql import Select

from scorer.report import json_report
from scorer.store import reader, schema

FORMATS = ("csv", "xlsx", "parquet", "json")
CHUNK = 10_000
XLSX_MAX_ROWS = 1_048_576

p, d, rd, r, i, f, dup = (
    schema.projects,
    schema.documents,
    schema.run_documents,
    schema.rescored,
    schema.indicators,
    schema.flags,
    schema.duplicates,
)


def _tables(run_id: int) -> dict[str, Select]:
    member = and_(rd.c.run_id == run_id)
    a_rd, b_rd = rd.alias("a_rd"), rd.alias("b_rd")
    a, b = p.alias("a"), p.alias("b")
    return {
        "documents": select(
            rd.c.position.label("doc"),
            d.c.path,
            d.c.content_hash,
            d.c.layout,
            d.c.budget_year,
            d.c.encoding,
            d.c.error,
            d.c.projects,
            d.c.indicators,
            rd.c.skipped,
        )
        .join(d, d.c.id == rd.c.document_id)
        .where(member)
        .order_by(rd.c.position),
        "projects": select(
            rd.c.position.label("doc"),
            p.c.position.label("project"),
            p.c.scope,
            p.c.name,
            p.c.department,
            p.c.implementer,
            p.c.attribute,
            p.c.term,
            p.c.funds_total,
            p.c.funds_annual,
            p.c.goal_total,
            p.c.goal_annual,
            p.c.line_start,
            p.c.line_end,
            p.c.location_start,
            p.c.location_end,
            func.coalesce(r.c.score, p.c.score).label("score"),
            func.coalesce(r.c.grade, p.c.grade).label("grade"),
        )
        .join(rd, and_(member, rd.c.document_id == p.c.document_id))
        .outerjoin(
            r, and_(r.c.run_id == run_id, r.c.document_id == p.c.document_id, r.c.project_position == p.c.position)
        )
        .order_by(rd.c.position, p.c.position),
        "indicators": select(
            rd.c.position.label("doc"),
            i.c.project_position.label("project"),
            i.c.position.label("indicator"),
            *(i.c[name] for name in ("period", "level1", "level2", "level3", "value", "op", "number", "upper")),
            *(i.c[name] for name in ("unit", "kind", "source_line", "location", "nature", "unit_cell", "weight")),
        )
        .join(rd, and_(member, rd.c.document_id == i.c.document_id))
        .order_by(rd.c.position, i.c.project_position, i.c.position),
        "flags": select(
            rd.c.position.label("doc"),
            f.c.project_position.label("project"),
            f.c.indicator_position.label("indicator"),
            *(f.c[name] for name in ("code", "kind", "severity", "message", "suggestion")),
        )
        .join(rd, and_(member, rd.c.document_id == f.c.document_id))
        .where((f.c.run_id.is_(None)) | (f.c.run_id == run_id))
        .order_by(rd.c.position, f.c.project_position, f.c.run_id.is_not(None), f.c.position),
        "duplicates": select(
            a_rd.c.position.label("a_doc"),
            dup.c.a_project_position.label("a_project"),
            a.c.name.label("a_name"),
            b_rd.c.position.label("b_doc"),
            dup.c.b_project_position.label("b_project"),
            b.c.name.label("b_name"),
            dup.c.similarity,
            dup.c.kind,
            dup.c.reason,
        )
        .join(a_rd, and_(a_rd.c.run_id == run_id, a_rd.c.document_id == dup.c.a_document_id))
        .join(b_rd, and_(b_rd.c.run_id == run_id, b_rd.c.document_id == dup.c.b_document_id))
        .join(a, and_(a.c.document_id == dup.c.a_document_id, a.c.position == dup.c.a_project_position))
        .join(b, and_(b.c.document_id == dup.c.b_document_id, b.c.position == dup.c.b_project_position))
        .where(dup.c.run_id == run_id)
        .order_by(dup.c.position),
    }


def _chunks(engine: Engine, query: Select) -> Iterator[list[tuple[Any, ...]]]:
    with engine.connect() as connection:
        result = connection.execution_options(stream_results=True, yield_per=CHUNK).execute(query)
        yield from result.partitions(CHUNK)


def _write_csv(engine: Engine, name: str, query: Select, target: Path) -> None:
    with target.open("w", encoding="utf-8-sig", newline="") as handle:  # BOM: Excel/WPS read it as UTF-8
        writer = csv.writer(handle)
        writer.writerow(query.selected_columns.keys())
        for chunk in _chunks(engine, query):
            writer.writerows(chunk)


def _arrow_type(column: Any) -> Any:
    import pyarrow as pa

    if isinstance(column.type, Boolean):
        return pa.bool_()
    if isinstance(column.type, Integer):
        return pa.int64()
    if isinstance(column.type, Float):
        return pa.float64()
    return pa.string()


def _write_parquet(engine: Engine, name: str, query: Select, target: Path) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise RuntimeError("parquet export needs pyarrow: pip install 'scorer[parquet]'") from exc
    arrow_schema = pa.schema([(c.key, _arrow_type(c)) for c in query.selected_columns])
    with pq.ParquetWriter(target, arrow_schema) as writer:
        for chunk in _chunks(engine, query):
            columns = list(zip(*chunk, strict=True))
            writer.write_table(pa.Table.from_arrays(columns, schema=arrow_schema))


def export(engine: Engine, run_id: int, output_format: str, stem: Path) -> list[Path]:
    """Write the run in the given format next to `stem`; returns the files written."""
    if output_format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    stem.parent.mkdir(parents=True, exist_ok=True)
    if output_format == "json":
        target = stem.with_suffix(".json")
        contract = json_report.contract(reader.load_documents(engine, run_id), reader.load_pairs(engine, run_id))
        target.write_text(json.dumps(contract, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return [target]
    tables = _tables(run_id)
    if output_format == "xlsx":
        return [_write_xlsx(engine, tables, stem.with_suffix(".xlsx"))]
    written = []
    for name, query in tables.items():
        target = stem.parent / f"{stem.name}-{name}.{output_format}"
        (_write_csv if output_format == "csv" else _write_parquet)(engine, name, query, target)
        written.append(target)
    return written


def _write_xlsx(engine: Engine, tables: dict[str, Select], target: Path) -> Path:
    try:
        from openpyxl import Workbook
    except ImportError as exc:
        raise RuntimeError("xlsx export needs openpyxl: pip install 'scorer[xlsx]'") from exc
    workbook = Workbook(write_only=True)  # rows go straight to disk, one sheet per table
    for name, query in tables.items():
        header = list(query.selected_columns.keys())
        sheet, rows, part = workbook.create_sheet(name), 0, 1
        sheet.append(header)
        for chunk in _chunks(engine, query):
            for row in chunk:
                if rows == XLSX_MAX_ROWS - 1:  # a sheet holds 1,048,576 rows: go on in "<name> 2", …
                    part += 1
                    sheet, rows = workbook.create_sheet(f"{name} {part}"), 0
                    sheet.append(header)
                sheet.append(list(row))
                rows += 1
    workbook.save(target)
    return target

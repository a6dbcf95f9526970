"""Every seed filing rendered as PDF, XLSX, XLS and DOCX parses to exactly what its text version gives.

The renderings (tests/renderings.py) carry real merged cells, tables running over pages, several
tables on one sheet or one per sheet, and indicator grids nested in the outer Word table; the
readers must undo all of it: same projects, header fields, funds, goals, every indicator row
of both periods, and the same parse warnings.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from conftest import SEEDS
from renderings import KINDS, blocks_of, file_name, rendered, require_cjk_font

from scorer.ingest import SourceText, read_text_file, source_from_bytes
from scorer.model import Document
from scorer.normalize import split_cells
from scorer.pipeline import parse_text

LOCATION = {
    "pdf": re.compile(r"^第\d+页(表\d+第\d+行|正文第\d+行)$"),
    "xlsx": re.compile(r"^工作表“表\d+”第\d+行$"),
    "xlsx-sheets": re.compile(r"^工作表“表\d+”第\d+行$"),
    "xls": re.compile(r"^工作表“表1”第\d+行$"),
    "docx": re.compile(r"^(表\d+第\d+行(内嵌表第\d+行)?|第\d+段)$"),
    "docx-flat": re.compile(r"^(表\d+第\d+行|第\d+段)$"),
}


@functools.cache
def read(seed: Path, kind: str) -> SourceText:
    if kind.startswith("pdf"):
        require_cjk_font()
    return source_from_bytes(rendered(seed, kind), file_name(seed, kind))


@functools.cache
def text_document(seed: Path) -> Document:
    return parse_text(read_text_file(seed))


def reading(document: Document) -> list[tuple]:
    """Everything a layout read from a filing, without where it was read."""
    return [
        (
            p.name,
            p.scope,
            p.department,
            p.implementer,
            p.attribute,
            p.term,
            p.funds.total,
            p.funds.annual,
            p.funds.sources_total,
            p.funds.sources_annual,
            p.goal_total,
            p.goal_annual,
            p.stamp,
            p.table_year,
            [(i.period, i.level1, i.level2, i.level3, i.value) for i in p.indicators],
            [f.code for f in p.flags],
        )
        for p in document.projects
    ]


def lines_of(source: SourceText, keep=lambda line_no: True) -> list[tuple[str, ...]]:
    """Non-blank lines as cleaned cells without trailing empty ones."""
    found = []
    for number, line in enumerate(source.lines, start=1):
        cells = split_cells(line)
        while cells and not cells[-1]:
            cells.pop()
        if cells and keep(number):
            found.append(tuple(cells))
    return found


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_rendering_parses_like_the_text(seed, kind):
    expected = text_document(SEEDS[seed])
    source = read(SEEDS[seed], kind)
    document = parse_text(source)
    assert document.error is None
    assert (document.layout, document.budget_year) == (expected.layout, expected.budget_year)
    assert len(document.projects) == len(expected.projects)
    for got, want in zip(reading(document), reading(expected), strict=True):
        assert got == want
    rows = sum(len(p.indicators) for p in document.projects)
    assert rows == sum(len(p.indicators) for p in expected.projects) > 0
    pattern = LOCATION[kind]
    assert all(pattern.match(i.location) for p in document.projects for i in p.indicators)


@pytest.mark.parametrize("kind", ["xlsx", "xlsx-sheets", "xls", "docx", "docx-flat"])
@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_office_files_give_back_the_texts_lines(seed, kind):
    """Cell for cell: merged ranges read as their text in the first cell and empty cells after."""
    assert lines_of(read(SEEDS[seed], kind)) == lines_of(read_text_file(SEEDS[seed]))


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_pdf_project_tables_give_back_the_texts_rows(seed):
    """Every project's table cell for cell, merged cells and page breaks included."""
    source = read(SEEDS[seed], "pdf")
    text = read_text_file(SEEDS[seed])
    document = parse_text(source)
    projects = [p for p in document.projects if p.scope == "project"]
    expected = [p for p in text_document(SEEDS[seed]).projects if p.scope == "project"]
    spanning = 0
    for got, want in zip(projects, expected, strict=True):
        (first, last), (start, end) = got.source_lines, want.source_lines
        assert lines_of(source, lambda n, a=first, b=last: a <= n <= b) == lines_of(
            text, lambda n, a=start, b=end: a <= n <= b
        ), got.name
        spanning += got.location[0].split("页")[0] != got.location[1].split("页")[0]
    assert spanning > 0  # some tables run over a page break


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_pdf_gives_back_every_cell_and_all_prose(seed):
    """All other tables too, non-empty cells in order; text outside tables character for character."""
    source = read(SEEDS[seed], "pdf")
    in_table = [bool(re.search(r"表\d+第", where)) for where in source.locations]
    blocks = blocks_of(SEEDS[seed])
    table_rows = [split_cells("\t".join(row)) for block in blocks if block.table for row in block.rows]
    want = [tuple(c for c in cells if c) for cells in table_rows]
    got = [tuple(c for c in cells if c) for cells in lines_of(source, lambda n: in_table[n - 1])]
    assert got == [cells for cells in want if cells]
    prose = "".join(block.text for block in blocks if not block.table)
    text_layer = "".join("".join(cells) for cells in lines_of(source, lambda n: not in_table[n - 1]))
    assert text_layer.replace(" ", "") == "".join(split_cells(prose)).replace(" ", "")

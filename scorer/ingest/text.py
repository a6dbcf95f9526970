"""Text filings: bytes → str with the encoding detected, then lines of cells.

Filings arrive as UTF-8 (with or without BOM) or as GBK/GB18030 from older Windows tools.
Strict UTF-8 is tried first because it never decodes GBK by accident; otherwise
charset-normalizer chooses, and anything it cannot place is reported as not text. CSV exports
(named .csv, or comma-separated with a 三级指标 header) become the same TAB-separated lines.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import charset_normalizer

from scorer.errors import FilingError
from scorer.normalize import split_cells

_BINARY_SNIFF_BYTES = 8192


@dataclass(frozen=True)
class SourceText:
    """A filing as lines of TAB-separated cells (1-based via `cells(n)`), whatever format it came in.

    Text filings keep their own lines and encoding. PDF, Excel and Word filings become one line per
    table row (or paragraph), and `locations` then says where each line sits in the original file
    (page and table row, sheet and row, table and row), since their line numbers mean nothing to a reader.
    """

    path: str
    lines: tuple[str, ...]
    encoding: str | None
    locations: tuple[str, ...] | None = None

    @cached_property
    def _cells(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(split_cells(line)) for line in self.lines)

    def cells(self, line_no: int) -> list[str]:
        """Cleaned cells of a 1-based line number (computed once per document)."""
        return list(self._cells[line_no - 1])

    def __len__(self) -> int:
        return len(self.lines)

    def where(self, line_no: int) -> str:
        """Where a 1-based line is, in words an evaluator can follow: 第12行, 第3页表1第5行, 工作表“项目”第8行."""
        if self.locations is not None and 0 < line_no <= len(self.locations):
            return self.locations[line_no - 1]
        return f"第{line_no}行"

    def position(self, line_no: int) -> str:
        """The `path:position` part of an error: the line number for text, the location otherwise."""
        return str(line_no) if self.locations is None else self.where(line_no)


def decode_bytes(data: bytes, path: str) -> tuple[str, str]:
    """Decode filing bytes; returns (text, encoding name) or raises FilingError."""
    if not data.strip():
        raise FilingError(path, "the file is empty")
    if b"\x00" in data[:_BINARY_SNIFF_BYTES] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FilingError(path, "this is a binary file, not a text, PDF, Excel or Word filing")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise FilingError(path, "the text encoding could not be recognised (not UTF-8 or GBK text)")
    return str(best).lstrip("\ufeff"), best.encoding


def read_bytes(path: str | Path) -> bytes:
    """A filing's bytes, or a FilingError saying why the file cannot be read."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise FilingError(str(path), f"cannot read the file ({exc.strerror or exc})") from exc


def read_text_file(path: str | Path) -> SourceText:
    """Read and decode a text filing from disk."""
    return text_from_bytes(read_bytes(path), str(path))


def text_from_bytes(data: bytes, name: str) -> SourceText:
    """Build a SourceText from bytes already in memory (uploads, archives, tests)."""
    text, encoding = decode_bytes(data, name)
    if is_csv(text, name):
        return SourceText(path=name, lines=csv_lines(text), encoding=encoding)
    lines = tuple(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return SourceText(path=name, lines=lines, encoding=encoding)


def is_csv(text: str, name: str) -> bool:
    """Comma-separated exports: named .csv, or TAB-free text whose rows split into a 三级指标 header."""
    if "\t" in text[:65536]:
        return False
    if name.lower().endswith(".csv"):
        return True
    head = [line for line in text[:65536].splitlines() if "三级指标" in line or "指标名称" in line]
    return any("三级指标" in row or "指标名称" in row for line in head for row in csv.reader([line]))


def csv_lines(text: str) -> tuple[str, ...]:
    """A CSV file as the TAB-separated lines every layout reads (quoted cells may hold commas and breaks)."""
    rows = csv.reader(io.StringIO(text, newline=""))
    return tuple("\t".join(" ".join(cell.replace("\t", " ").split()) for cell in row) for row in rows)

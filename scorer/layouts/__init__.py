"""Table layouts: each module offers `NAME`, `detect(source)` and `parse(source)`.

A new province's template is one new module added to `LAYOUTS`; nothing else changes.
"""

from __future__ import annotations

from types import ModuleType

from scorer.errors import FilingError
from scorer.ingest import SourceText
from scorer.layouts import ningxia, shanxi_city, shanxi_county, structured
from scorer.layouts.segment import ParsedFiling

LAYOUTS: tuple[ModuleType, ...] = (shanxi_county, shanxi_city, ningxia, structured)

_HINTS = ("三级指标", "绩效目标", "指标值", "绩效值")


def detect_layout(source: SourceText) -> ModuleType | None:
    """The layout module most confident about this document, or None."""
    scored = [(layout.detect(source), index, layout) for index, layout in enumerate(LAYOUTS)]
    confidence, _, layout = max(scored, key=lambda item: (item[0], -item[1]))
    return layout if confidence > 0 else None


def parse_source(source: SourceText) -> ParsedFiling:
    """Detect the layout and parse; FilingError when no 绩效目标表 is present.

    A table no registered layout claims is still read by its indicator header row (generic
    layout, flagged W111 on every project); only a file without such a header is an error.
    """
    layout = detect_layout(source)
    if layout is None and structured.header_rows(source):
        filing = structured.parse_generic(source)
        if filing.tables:
            return filing
    if layout is None:
        text = "\n".join(source.lines)
        if any(hint in text for hint in _HINTS):
            raise FilingError(
                source.path,
                "the file mentions performance targets but has no indicator table with a 三级指标 and "
                f"指标值 header row, and no known 绩效目标表 layout (known: {', '.join(m.NAME for m in LAYOUTS)})",
            )
        raise FilingError(source.path, "no 绩效目标表 (performance target table) found in this file")
    return layout.parse(source)

"""Character-level clean-up of extracted filing text.

PDF and Office exports mix full-width and half-width punctuation, ideographic spaces and
stray spaces inside numbers ("378 人", "2025 年 1 月"). Folding these once, at ingestion, lets
every later stage match labels and values with simple patterns without changing what a value
means.
"""

from __future__ import annotations

import re

# Full-width ASCII block U+FF01..U+FF5E maps onto U+0021..U+007E.
_WIDTH_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE.update(
    {
        0x3000: 0x20,  # ideographic space
        0x00A0: 0x20,  # no-break space
        0x2002: 0x20,
        0x2003: 0x20,
        0x2009: 0x20,
        0x200B: None,  # zero-width space
        0x200C: None,
        0x200D: None,
        0xFEFF: None,  # stray byte-order mark
    }
)

_SPACE_RUN = re.compile(r"[ \u000b\u000c\r]+")
# A space is kept only between two ASCII letters/digits ("ISO 9001", "Wi Fi");
# elsewhere in Chinese text it is an extraction artefact.
_REMOVABLE_SPACE = re.compile(r"(?<![A-Za-z0-9]) | (?![A-Za-z0-9])|(?<=[0-9]) (?=[0-9])")


def fold_width(text: str) -> str:
    """Map full-width ASCII and exotic spaces onto their plain forms."""
    return text.translate(_WIDTH_TABLE)


def clean_cell(text: str) -> str:
    """Normalise one table cell: fold widths, trim, and drop spaces that carry no meaning."""
    if not text or text.isspace():
        return ""
    cleaned = _CLEANED.get(text)
    if cleaned is None:
        cleaned = _clean(text)
        if len(_CLEANED) >= _CLEANED_MAX:  # a batch of many filings: start afresh rather than grow
            _CLEANED.clear()
        _CLEANED[text] = cleaned
    return cleaned


# Labels and stock values repeat across every table of every filing; a plain dict remembers
# them (cheaper than the regexes, and than lru_cache's bookkeeping).
_CLEANED: dict[str, str] = {}
_CLEANED_MAX = 100_000


def _clean(text: str) -> str:
    text = fold_width(text)
    if " " not in text and "\x0b" not in text and "\x0c" not in text and "\r" not in text:
        return text.strip()  # nothing for the space rules to do
    text = _SPACE_RUN.sub(" ", text).strip()
    return _REMOVABLE_SPACE.sub("", text)


def undouble(text: str) -> str:
    """'提升提升' → '提升', '1年1年' → '1年': a cell merged from both period halves repeats itself."""
    half = len(text) // 2
    if len(text) % 2 == 0 and half and text[:half] == text[half:]:
        return text[:half]
    return text


def split_cells(line: str) -> list[str]:
    """TAB-separated cells of a line, cleaned; empty cells are kept so positions survive."""
    return [clean_cell(cell) for cell in line.split("\t")]

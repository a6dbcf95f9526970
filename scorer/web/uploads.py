"""From uploaded files to a scored Result, in memory: no uploaded name ever becomes a path.

A file's name is only a label for messages (its last component, cleaned and shortened); what
the file is comes from its bytes (scorer/ingest/sniff.py). A file that is too large, empty or
unreadable becomes that document's error, so it never hides the other files' results.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

from scorer.config import Config
from scorer.errors import FilingError
from scorer.ingest.sniff import sniff
from scorer.model import Document
from scorer.pipeline import parse_bytes, score_parsed
from scorer.web.cache import Result

_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")
NAME_LIMIT = 120


def display_name(filename: str | None, index: int) -> str:
    """A label for an uploaded file: its base name without control characters, never a path."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("", name).strip()
    if name in ("", ".", ".."):
        name = f"upload-{index + 1}"
    return name if len(name) <= NAME_LIMIT else name[: NAME_LIMIT - 1] + "…"


def megabytes(size: int) -> str:
    """A size limit as people read it: 20 MB, 98 KB."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.3g} MB"
    return f"{size / 1024:.0f} KB"


@dataclass
class Upload:
    """One uploaded file as received: its label and bytes, or why it was refused."""

    name: str
    data: bytes | None
    refused: str | None = None


def read_upload(stream: BinaryIO, filename: str | None, index: int, limit: int) -> Upload:
    """Read at most `limit` bytes of one upload; a larger file is refused with the limit named."""
    name = display_name(filename, index)
    data = stream.read(limit + 1)
    if len(data) > limit:
        return Upload(name, None, f"{name}: the file is larger than the {megabytes(limit)} upload limit")
    return Upload(name, data)


def score_uploads(uploads: Iterable[Upload], config: Config) -> Result:
    """Parse every upload from its bytes, then score them together as `scorer score` scores files."""
    documents: list[Document] = []
    formats: dict[int, str] = {}
    size = 0
    for index, upload in enumerate(uploads):
        if upload.data is None:
            documents.append(Document(path=upload.name, error=upload.refused))
            continue
        size += len(upload.data)
        try:
            formats[index] = sniff(upload.data, upload.name)
        except FilingError:
            formats[index] = "unreadable"
        documents.append(parse_bytes(upload.data, upload.name, index))
    documents, pairs = score_parsed(documents, config)
    return Result(documents=documents, pairs=pairs, formats=formats, size=max(size, 1))

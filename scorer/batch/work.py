"""The per-document function every engine runs: bytes of one filing → its scored rows.

It is a plain top-level function of (path, bytes, config) so that a process pool and a Dask
worker on another machine run exactly the same code, and the files need not be on a shared
disk: the coordinator reads and hashes them, workers only compute.
"""

from __future__ import annotations

import hashlib

from scorer.config import Config
from scorer.model import Document
from scorer.pipeline import parse_bytes, score_document
from scorer.store.rows import DocumentRecord, record_of


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def score_source(path: str, data: bytes, config: Config) -> DocumentRecord:
    """Parse, check and score one filing; any failure becomes the document's error, never an exception."""
    try:
        document = score_document(parse_bytes(data, path), config)
    except Exception as exc:  # one broken filing (or an unforeseen bug) must not stop a province's batch
        document = Document(path=path, error=f"{path}: could not be scored ({type(exc).__name__}: {exc})")
    return record_of(document, content_hash(data))


def unreadable(path: str, reason: str) -> DocumentRecord:
    """The record of a file that could not be read at all (no hash: it is retried on every run)."""
    return record_of(Document(path=path, error=f"{path}: cannot read the file ({reason})"), None)

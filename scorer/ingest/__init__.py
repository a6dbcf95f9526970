"""Turn a file on disk into decoded, normalised lines of cells, whatever its encoding."""

from scorer.ingest.text import SourceText, decode_bytes, read_text_file, text_from_bytes

__all__ = ["SourceText", "decode_bytes", "read_text_file", "text_from_bytes"]

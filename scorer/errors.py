"""Errors that name the file (and line) so a batch can report them and carry on."""

from __future__ import annotations


class FilingError(Exception):
    """A filing could not be read or parsed; carries the path and, where known, the line."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.reason = message
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")

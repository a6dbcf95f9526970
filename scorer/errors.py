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


def short_reason(exc: BaseException, limit: int = 120) -> str:
    """A third-party reader's exception in a few words, for the end of a FilingError message."""
    message = " ".join(str(exc).split()) or type(exc).__name__
    return message if len(message) <= limit else message[: limit - 3] + "..."


def unreadable(path: str, what: str, exc: BaseException) -> FilingError:
    """The error for a PDF, workbook or document its reader library gave up on."""
    return FilingError(path, f"{what} cannot be read, it is damaged or truncated ({short_reason(exc)})")

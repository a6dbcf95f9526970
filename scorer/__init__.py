"""scorer: read 项目支出绩效目标表 filings and judge how good their performance indicators are."""

from scorer.model import Document, Flag, Indicator, Project, Value
from scorer.pipeline import parse_bytes, parse_file, parse_files

__all__ = ["Document", "Flag", "Indicator", "Project", "Value", "parse_bytes", "parse_file", "parse_files"]
__version__ = "0.1.0"

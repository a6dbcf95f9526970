"""What kind of project an indicator belongs to (补贴发放, 培训, 会议 …), read from its wording.

Good indicators differ by the kind of work the money buys: a 时效指标 of a subsidy is a payment
date, that of a training a course period. The table of types and keywords is data
(project_types.toml) so users add their own; the project's name weighs most, its 概况 and goals
break ties. Projects that match nothing are "其他".
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from scorer.model import Project
from scorer.nlp import segment

TYPES_FILE = Path(__file__).resolve().parent / "project_types.toml"
OTHER = "其他"
NAME_WEIGHT = 10


@dataclass(frozen=True)
class ProjectType:
    name: str
    keywords: tuple[str, ...]


@cache
def load_types(path: Path = TYPES_FILE) -> tuple[ProjectType, ...]:
    """The type table; a type without a name or keywords is an error naming the file."""
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    types = []
    for number, entry in enumerate(data.get("type", []), 1):
        name, keywords = entry.get("name"), entry.get("keywords")
        if not name or not keywords:
            raise ValueError(f"{path}: type #{number} needs a name and a list of keywords")
        types.append(ProjectType(str(name), tuple(str(k) for k in keywords)))
    return tuple(types)


def _hits(keyword: str, text: str, words: frozenset[str]) -> int:
    """A keyword counts once per occurrence in the text, or once when jieba cut it out whole."""
    return text.count(keyword) or int(keyword in words)


def project_type(name: str, description: str = "", types: tuple[ProjectType, ...] | None = None) -> str:
    """The best-matching type for a project name and its 概况/goal text, else 其他."""
    types = types or load_types()
    name_words = frozenset(segment(name))
    text_words = frozenset(segment(description)) if description else frozenset()
    best, best_score = OTHER, 0
    for kind in types:
        score = sum(NAME_WEIGHT * _hits(k, name, name_words) + _hits(k, description, text_words) for k in kind.keywords)
        if score > best_score:
            best, best_score = kind.name, score
    return best


def type_of_project(project: Project) -> str:
    """The type of a parsed project, from its name, 概况 and goals."""
    description = " ".join(t for t in (project.overview, project.goal_annual, project.goal_total) if t)
    return project_type(project.name, description)

"""Compare parser output with the hand-checked labels in corpora/labels/.

Row matching follows docs of the label format: same project (by name, then nearest start
line), same 二级 and 三级 after whitespace removal, same value; where one 三级 is empty or cut
short, the same 二级 and value suffice. Ambiguous gold rows are left out of both measures.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from scorer.hierarchy import recognise
from scorer.metrics import Counts
from scorer.model import Document, Indicator, Project
from scorer.pipeline import parse_file

_SPACE = re.compile(r"\s+")


def _norm(text: str | None) -> str:
    from scorer.normalize import fold_width

    return _SPACE.sub("", fold_width(text or ""))


def _level2(text: str | None) -> str:
    label = recognise(text or "")
    return label.name if label else _norm(text)


@dataclass
class RowMiss:
    filing: str
    project: str
    side: str  # "missed" (gold row not produced) or "extra" (produced row not in gold)
    level2: str
    level3: str
    value: str
    line: int | None = None


@dataclass
class FilingScore:
    filing: str
    gold_rows: int = 0
    predicted_rows: int = 0
    matched: int = 0
    projects: int = 0
    projects_found: int = 0
    funds_checked: int = 0
    funds_correct: int = 0
    misses: list[RowMiss] = field(default_factory=list)
    funds_errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted_rows if self.predicted_rows else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold_rows if self.gold_rows else 1.0


def _same_row(gold: dict, row: Indicator) -> bool:
    if _level2(gold.get("level2")) != _level2(row.level2):
        # an ambiguous gold row may be doubtful in its 二级 (an empty cell read two ways): same name and value
        same = _norm(gold.get("level3")) == _norm(row.level3) and _norm(gold.get("value")) == _norm(row.value)
        return bool(gold.get("ambiguous")) and same
    if _norm(gold.get("value")) != _norm(row.value) and not gold.get("ambiguous"):
        return False  # an ambiguous gold row is matched by its name alone: its value is the doubt
    a, b = _norm(gold.get("level3")), _norm(row.level3)
    if a == b:
        return True
    if gold.get("ambiguous") and _norm(gold.get("value")) != _norm(row.value):
        return bool(a and b and (a.startswith(b) or b.startswith(a)))
    return bool(a and b and (a.startswith(b) or b.startswith(a))) or not a or not b


def _match_project(gold: dict, projects: list[Project], used: set[str]) -> Project | None:
    name = _norm(gold["name"])
    candidates = [p for p in projects if _norm(p.name) == name and p.id not in used]
    if not candidates:
        return None
    start = gold.get("line_start") or 0
    return min(candidates, key=lambda p: abs(p.source_lines[0] - start))


def score_filing(gold: dict, document: Document) -> FilingScore:
    """Row-level precision/recall and funds accuracy of one parsed filing against its labels."""
    result = FilingScore(filing=gold.get("source", document.path))
    used: set[str] = set()
    projects = [p for p in document.projects if p.scope == "project"]
    for gold_project in gold.get("projects", []):
        result.projects += 1
        project = _match_project(gold_project, projects, used)
        gold_rows = gold_project.get("indicators", [])
        counted = [g for g in gold_rows if not g.get("ambiguous")]
        result.gold_rows += len(counted)
        if project is None:
            for g in counted:
                result.misses.append(
                    RowMiss(
                        result.filing,
                        gold_project["name"],
                        "missed",
                        g.get("level2", ""),
                        g.get("level3", ""),
                        g.get("value", ""),
                    )
                )
            continue
        used.add(project.id)
        result.projects_found += 1
        _score_funds(gold_project, project, result)
        predicted = [row for row in project.indicators if row.period == "annual"]
        unmatched = list(predicted)
        for g in gold_rows:
            hit = next((row for row in unmatched if _same_row(g, row)), None)
            if hit is not None:
                unmatched.remove(hit)
                if not g.get("ambiguous"):
                    result.matched += 1
                    result.predicted_rows += 1
            elif not g.get("ambiguous"):
                result.misses.append(
                    RowMiss(
                        result.filing,
                        project.name,
                        "missed",
                        g.get("level2", ""),
                        g.get("level3", ""),
                        g.get("value", ""),
                    )
                )
        for row in unmatched:
            result.predicted_rows += 1
            result.misses.append(
                RowMiss(result.filing, project.name, "extra", row.level2, row.level3, row.value, row.source_line)
            )
    return result


def _score_funds(gold: dict, project: Project, result: FilingScore) -> None:
    for key, got in (("funds_total", project.funds.total), ("funds_annual", project.funds.annual)):
        if key not in gold:
            continue
        result.funds_checked += 1
        expected = gold[key]
        if (expected is None and got is None) or (
            expected is not None and got is not None and abs(float(expected) - got) < 0.005
        ):
            result.funds_correct += 1
        else:
            result.funds_errors.append(f"{project.name}: {key} expected {expected}, got {got}")


def load_gold(paths: Iterable[Path]) -> list[tuple[Path, dict]]:
    """Gold label files: a directory expands to its *.json files."""
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.json")) if path.is_dir() else [path])
    return [(file, json.loads(file.read_text(encoding="utf-8"))) for file in files]


def find_filing(gold_file: Path, gold: dict, filings_dir: Path | None) -> Path:
    """Where the filing named by a label file's `source` lives."""
    source = gold["source"]
    candidates = [filings_dir / source] if filings_dir else []
    candidates += [gold_file.parent.parent / "filings" / source, gold_file.parent / source]
    for candidate in candidates:
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"{gold_file}: filing {source} not found (looked in {candidates})")


def evaluate(gold_paths: Iterable[Path], filings_dir: Path | None = None) -> list[FilingScore]:
    scores = []
    for gold_file, gold in load_gold(gold_paths):
        document = parse_file(find_filing(gold_file, gold, filings_dir))
        scores.append(score_filing(gold, document))
    return scores


LABEL_KINDS = ("vague", "unit_mismatch", "missing_quantity", "misplaced")


@dataclass
class KindScore(Counts):
    kind: str = ""


@dataclass(frozen=True)
class Graded:
    """One labelled project's score beside its independent grades (second grader optional)."""

    project: str
    score: float
    grade: int
    grade_second: int | None = None

    @property
    def gold(self) -> float:
        """The gold grade: the mean of the graders' grades, which evens out one grader's leanings."""
        return self.grade if self.grade_second is None else (self.grade + self.grade_second) / 2


def _rank_correlation(x: list[float], y: list[float]) -> float | None:
    if len(x) < 3:
        return None
    import pandas as pd

    return float(pd.Series(x).rank().corr(pd.Series(y).rank()))


@dataclass
class FlagEvaluation:
    kinds: dict[str, KindScore]
    grades: list[Graded]

    @property
    def spearman(self) -> float | None:
        """Spearman(score, gold grade): the mean grade of the graders."""
        return _rank_correlation([g.score for g in self.grades], [g.gold for g in self.grades])

    def spearman_by_grader(self) -> tuple[float | None, float | None]:
        """Spearman of the score with each grader alone (second: projects it graded)."""
        second = [g for g in self.grades if g.grade_second is not None]
        return (
            _rank_correlation([g.score for g in self.grades], [g.grade for g in self.grades]),
            _rank_correlation([g.score for g in second], [g.grade_second for g in second]),  # type: ignore[misc]
        )

    @property
    def grader_agreement(self) -> float | None:
        """Spearman between the two graders: how far the grade itself is reproducible."""
        both = [g for g in self.grades if g.grade_second is not None]
        return _rank_correlation([g.grade for g in both], [g.grade_second for g in both])  # type: ignore[misc]


def matched_projects(gold: dict, document: Document) -> list[tuple[Project, dict]]:
    """(project, gold project) pairs of one labelled filing, matched by name and nearest start line."""
    projects = [p for p in document.projects if p.scope == "project"]
    used: set[str] = set()
    pairs = []
    for gold_project in gold.get("projects", []):
        project = _match_project(gold_project, projects, used)
        if project is not None:
            used.add(project.id)
            pairs.append((project, gold_project))
    return pairs


def matched_rows(gold_project: dict, project: Project) -> list[tuple[Indicator, dict]]:
    """(annual indicator, gold row) pairs of one project, each row used once."""
    unmatched = [row for row in project.indicators if row.period == "annual"]
    pairs = []
    for g in gold_project.get("indicators", []):
        hit = next((row for row in unmatched if _same_row(g, row)), None)
        if hit is not None:
            unmatched.remove(hit)
            pairs.append((hit, g))
    return pairs


def flagged_kinds(project: Project, codes: frozenset[str] | None = None) -> dict[str, set[str]]:
    """Indicator id → kinds of its warning- and error-level flags (only `codes`, when given)."""
    flagged: dict[str, set[str]] = {}
    for flag in project.flags:
        if flag.indicator and flag.severity != "info" and (codes is None or flag.code in codes):
            flagged.setdefault(flag.indicator, set()).add(flag.kind)
    return flagged


def evaluate_flags(
    gold_paths: Iterable[Path], filings_dir: Path | None = None, config: dict | None = None
) -> FlagEvaluation:
    """Per-kind precision/recall/F1 of indicator flags on matched gold rows, and score–grade rank correlation.

    Info-level flags are advice, not findings, and are left out; so are ambiguous gold rows.
    """
    from scorer.config import load_config
    from scorer.pipeline import score_document

    config = config or load_config()
    kinds = {kind: KindScore(kind=kind) for kind in LABEL_KINDS}
    grades: list[Graded] = []
    for gold_file, gold in load_gold(gold_paths):
        document = score_document(parse_file(find_filing(gold_file, gold, filings_dir)), config)
        for project, gold_project in matched_projects(gold, document):
            if gold_project.get("grade") is not None and project.score is not None:
                second = gold_project.get("grade_second")
                second_grade = None if second is None else int(second)
                grades.append(Graded(project.name, project.score, int(gold_project["grade"]), second_grade))
            flagged = flagged_kinds(project)
            for hit, g in matched_rows(gold_project, project):
                if g.get("ambiguous"):
                    continue
                expected = set(g.get("labels", [])) & set(kinds)
                got = flagged.get(hit.id, set())
                where = f"{gold.get('source', '')[:3]} {project.name} {hit.level2}/{hit.level3}={hit.value}"
                for kind in kinds:
                    if kind in expected and kind in got:
                        kinds[kind].tp += 1
                    elif kind in got:
                        kinds[kind].fp += 1
                        kinds[kind].misses.append(f"FP {where}")
                    elif kind in expected:
                        kinds[kind].fn += 1
                        kinds[kind].misses.append(f"FN {where}")
    return FlagEvaluation(kinds=kinds, grades=grades)


@dataclass
class PairEvaluation(Counts):
    unjudged: int = 0


_LINE = re.compile(r"(?<!\d)(\d{3,4})(?!\d)")


def _resolve(name: str, note: str, projects: list[Project]) -> list[Project]:
    """Projects a label names; line numbers in the note pick among projects sharing a name."""
    named = [p for p in projects if _norm(p.name) == _norm(name)]
    lines = [int(n) for n in _LINE.findall(note or "")]
    picked = [p for p in named if any(p.source_lines[0] <= n <= p.source_lines[1] for n in lines)]
    return picked or named


def gold_pairs(gold: dict, projects: list[Project]) -> tuple[set[frozenset[str]], set[frozenset[str]]]:
    """(duplicate pairs, not-duplicate pairs) of project ids from one label file."""

    def expand(items: list[dict]) -> set[frozenset[str]]:
        found: set[frozenset[str]] = set()
        for item in items:
            left = _resolve(item["a"], item.get("note", ""), projects)
            right = _resolve(item["b"], item.get("note", ""), projects)
            found.update(frozenset((x.id, y.id)) for x in left for y in right if x.id != y.id)
        return found

    positive = expand(gold.get("near_duplicates", []))
    return positive, expand(gold.get("not_duplicates", [])) - positive


def evaluate_pairs(gold_paths: Iterable[Path], filings_dir: Path | None = None) -> PairEvaluation:
    """Pair precision/recall of duplicate detection within each labelled filing."""
    from scorer.duplicates import find_duplicates

    result = PairEvaluation()
    for gold_file, gold in load_gold(gold_paths):
        document = parse_file(find_filing(gold_file, gold, filings_dir))
        projects = [p for p in document.projects if p.scope == "project"]
        positive, negative = gold_pairs(gold, projects)
        names = {p.id: f"{p.name}@{p.source_lines[0]}" for p in projects}
        predicted = {frozenset((pair.a.id, pair.b.id)) for pair in find_duplicates([document])}
        for pair in predicted:
            label = " | ".join(sorted(names[i] for i in pair))
            if pair in positive:
                result.tp += 1
            elif pair in negative:
                result.fp += 1
                result.misses.append(f"FP {label}")
            else:
                result.unjudged += 1
        for pair in positive - predicted:
            result.fn += 1
            result.misses.append(f"FN {' | '.join(sorted(names[i] for i in pair))}")
    return result

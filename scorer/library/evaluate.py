"""How often the library has a rewrite for a weak indicator, and whether the rewrites are sound.

On the labelled dev set (corpora/labels/): coverage is the share of flags of the four
weak-indicator kinds on labelled annual rows that get a library rewrite; passing is the share
of rewrites that, put in place of the row in its project (blanks filled with the example's
number), raise no row flag in a fresh run of every check and the models, with a value of the
kind the 三级 name asks for. The shipped library is built from the same filings, so the
leave-one-filing-out run rebuilds it from the other filings for each one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from scorer.checks import check_project
from scorer.config import Config, load_config
from scorer.evaluate import find_filing, load_gold, matched_projects, matched_rows
from scorer.library.build import collect
from scorer.library.index import Library, default_library
from scorer.library.suggest import KINDS, Rewrite, project_rewrites
from scorer.library.trial import NOT_ROW_CHECKS, VALUE_KINDS_OF_INTENT
from scorer.model import Document, Flag, Indicator, Project
from scorer.normalize import clean_cell
from scorer.values import parse_value
from scorer.wording import intent_of


@dataclass
class Sample:
    filing: str
    project: str
    indicator: Indicator
    flag: Flag
    rewrite: Rewrite | None
    passed: bool | None


@dataclass
class LibraryScore:
    flags: int = 0
    covered: int = 0
    passing: int = 0
    rows: int = 0
    rows_covered: int = 0
    samples: list[Sample] = field(default_factory=list)

    @property
    def coverage(self) -> float:
        return self.covered / self.flags if self.flags else 0.0

    @property
    def passing_share(self) -> float:
        return self.passing / self.covered if self.covered else 0.0

    @property
    def row_coverage(self) -> float:
        return self.rows_covered / self.rows if self.rows else 0.0


def sound(project: Project, indicator: Indicator, result: Rewrite, budget_year: int | None, config: Config) -> bool:
    """Whether the rewritten row passes every row check in its project, with a value its name asks for."""
    trial = dataclasses.replace(
        indicator,
        level2=result.level2,
        level3=result.level3,
        value=result.filled,
        parsed=parse_value(result.filled),
        prediction=None,
    )
    if config.get("nlp", {}).get("enabled", True):
        from scorer.classify import annotate, loaded

        annotate([trial], loaded())
    copy = dataclasses.replace(
        project, indicators=[trial if i.id == indicator.id else i for i in project.indicators], flags=[]
    )
    raised = [f for f in check_project(copy, budget_year, config) if f.indicator == indicator.id]
    if any(f.kind not in NOT_ROW_CHECKS for f in raised):
        return False
    intent = intent_of(clean_cell(result.level3))
    return trial.parsed is not None and trial.parsed.kind in VALUE_KINDS_OF_INTENT.get(intent, {trial.parsed.kind})


def _scored(path: Path, config: Config) -> Document:
    from scorer.pipeline import parse_file, score_document

    return score_document(parse_file(path), config)


def evaluate_library(
    gold_paths: Iterable[Path], filings_dir: Path | None = None, leave_one_out: bool = False
) -> LibraryScore:
    """Coverage and passing share of library rewrites on the labelled rows (see the module doc)."""
    config = load_config()
    config.setdefault("library", {})["enabled"] = False  # flags keep their generic suggestions here
    labelled = [(gold, _scored(find_filing(path, gold, filings_dir), config)) for path, gold in load_gold(gold_paths)]
    shipped = default_library()
    score = LibraryScore()
    for gold, document in labelled:
        if leave_one_out:
            library = Library(collect(d for g, d in labelled if d is not document))
        elif shipped is None:
            raise ValueError(
                "no indicator library installed: run `scorer library build corpora/filings -o corpora/library`"
            )
        else:
            library = shipped
        filing = Path(document.path).name
        for project, gold_project in matched_projects(gold, document):
            rows = {hit.id: hit for hit, g in matched_rows(gold_project, project) if not g.get("ambiguous")}
            rewrites = project_rewrites(project, document.budget_year, config, library)
            per_row: dict[str, list[bool]] = {}
            for position, flag in enumerate(project.flags):
                if flag.kind not in KINDS or flag.indicator not in rows:
                    continue
                result = rewrites.get(position)
                score.flags += 1
                passed = None
                if result is not None:
                    score.covered += 1
                    passed = sound(project, rows[flag.indicator], result, document.budget_year, config)
                    score.passing += passed
                per_row.setdefault(flag.indicator, []).append(result is not None)
                score.samples.append(Sample(filing, project.name, rows[flag.indicator], flag, result, passed))
            score.rows += len(per_row)
            score.rows_covered += sum(all(found) for found in per_row.values())
    return score


def sample_markdown(samples: list[Sample], size: int = 30) -> str:
    """A review sheet: `size` flags spread evenly over the run, each with its rewrite or the generic advice."""
    step = max(1, len(samples) // size)
    picked = samples[::step][:size]
    lines = [
        "# Library suggestions: a sample for review",
        "",
        "Produced by `scorer library eval --gold corpora/labels/ --sample corpora/library/suggestion_sample.md`:",
        f"every {step}th flag of kind vague, unit_mismatch, missing_quantity or misplaced on the labelled rows.",
        "",
    ]
    for n, s in enumerate(picked, 1):
        i = s.indicator
        lines.append(f"## {n}. {s.filing} {s.project} (第{i.source_line}行)")
        lines.append("")
        lines.append(f"- row: {i.level2} / {i.level3} = `{i.value}`")
        lines.append(f"- flag: {s.flag.code} {s.flag.kind} — {s.flag.message}")
        if s.rewrite is None:
            lines.append(f"- no library rewrite; generic: {s.flag.suggestion}")
        else:
            verdict = "passes every check" if s.passed else "does NOT pass the checks"
            lines.append(
                f"- library ({s.rewrite.how}, similarity {s.rewrite.similarity:.0f}, {verdict}): {s.rewrite.text()}"
            )
            if s.rewrite.example is not None:
                lines.append(f"- example: {s.rewrite.example.cited}")
        lines.append("")
    return "\n".join(lines)

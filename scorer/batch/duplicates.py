"""The batch-wide pass after every document is stored: near-duplicate projects across the whole run.

It reads back only what matching needs (names, funds, annual rows) from the store, finds the
pairs with the same code as `scorer score`, and writes the pairs, their D101 flags and the
scores they change for this run — so the stored run equals `scorer score` over the same files.
"""

from __future__ import annotations

from sqlalchemy import Engine

from scorer.config import Config
from scorer.duplicates import Settings, duplicate_flags, entry_of, find_pairs, takes_part
from scorer.scoring import score_project
from scorer.store import reader
from scorer.store.rows import Row, flag_row
from scorer.store.writer import write_batch_results


def _address(project_id: str) -> tuple[int, int]:
    """'d12-p3' → (12, 3): the run rank of the document and the project's position."""
    doc, project = project_id[1:].split("-p")
    return int(doc), int(project)


def run_duplicates(engine: Engine, run_id: int, config: Config) -> int:
    """Find and store the run's duplicate pairs; returns how many."""
    items = []
    for path, project in reader.stream_projects(engine, run_id):
        if takes_part(project):
            items.append(entry_of(project, path))
            project.indicators = []  # the entry keeps only its row keys
    pairs = find_pairs(items, Settings(**config["duplicates"]))
    document_ids = [member.document_id for member in reader.members(engine, run_id)]
    pair_rows: list[Row] = []
    for position, pair in enumerate(pairs):
        (a_rank, a_pos), (b_rank, b_pos) = _address(pair.a.id), _address(pair.b.id)
        pair_rows.append(
            {
                "position": position,
                "a_document_id": document_ids[a_rank],
                "a_project_position": a_pos,
                "b_document_id": document_ids[b_rank],
                "b_project_position": b_pos,
                "similarity": pair.similarity,
                "kind": pair.kind,
                "reason": pair.reason,
            }
        )
    flag_rows: list[Row] = []
    score_rows: list[Row] = []
    for pid, new_flags in duplicate_flags(pairs).items():
        rank, position = _address(pid)
        document_id = document_ids[rank]
        project = reader.load_project(engine, document_id, position, rank)
        first = len(project.flags)
        project.flags.extend(new_flags)
        score, grade, _ = score_project(project, config)
        for offset, flag in enumerate(new_flags):
            flag_rows.append({**flag_row(flag, position, first + offset), "document_id": document_id})
        score_rows.append({"document_id": document_id, "project_position": position, "score": score, "grade": grade})
    with engine.begin() as connection:
        write_batch_results(connection, run_id, pair_rows, flag_rows, score_rows)
    return len(pairs)

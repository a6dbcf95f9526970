"""`scorer batch` into SQLite: same results as `scorer score`, errors recorded, resumable after a kill."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from batch_corpus import bad_filings, varied_filings
from conftest import SEEDS
from typer.testing import CliRunner

from scorer.batch.paths import expand
from scorer.batch.runner import run_batch
from scorer.cli import app
from scorer.config import load_config
from scorer.pipeline import score_batch
from scorer.report import json_report
from scorer.store import export, reader, schema


def stored_contract(db: str, run_id: int | None = None) -> dict:
    engine = schema.connect(db)
    run_id = reader.resolve_run(engine, run_id)
    contract = json_report.contract(reader.load_documents(engine, run_id), reader.load_pairs(engine, run_id))
    engine.dispose()
    return contract


def reference_contract(files: list[str]) -> dict:
    documents, pairs = score_batch(files, load_config())
    return json_report.contract(documents, [pair.contract() for pair in pairs])


SEED_RUN = 1  # the fixture's run; later tests add runs (one with another configuration)


@pytest.fixture(scope="module")
def seed_batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[str]]:
    """The four seeds plus two bad files, scored into SQLite with two worker processes."""
    folder = tmp_path_factory.mktemp("seeds")
    files = expand([str(p) for p in SEEDS.values()] + [str(p) for p in bad_filings(folder)])
    db = str(folder / "batch.sqlite")
    result = run_batch(files, db, load_config(), workers=2)
    assert (result.scored, result.skipped, len(result.errors)) == (6, 0, 2)
    return db, files


def test_stored_run_equals_scorer_score(seed_batch: tuple[str, list[str]]) -> None:
    db, files = seed_batch
    stored, reference = stored_contract(db, SEED_RUN), reference_contract(files)
    assert stored == reference
    assert len(stored["duplicates"]) == 63
    assert sum(len(d["projects"]) for d in stored["documents"]) == 100


def test_bad_files_are_recorded_with_their_error(seed_batch: tuple[str, list[str]]) -> None:
    db, _ = seed_batch
    errors = {Path(d["path"]).name: d["error"] for d in stored_contract(db)["documents"] if d["error"]}
    assert set(errors) == {"binary.txt", "empty.txt"}
    assert errors["empty.txt"].endswith("empty.txt: the file is empty")
    assert "binary file" in errors["binary.txt"]


def test_rerun_skips_what_is_stored_and_rescores_a_changed_file(seed_batch: tuple[str, list[str]]) -> None:
    db, files = seed_batch
    again = run_batch(files, db, load_config(), workers=1)
    assert (again.scored, again.skipped) == (0, 6)
    assert len(again.errors) == 2, "files with errors stored earlier are still reported"
    assert stored_contract(db, again.run_id) == stored_contract(db, again.run_id - 1)
    other = load_config()
    other["score"]["project_points"]["error"] = 9
    changed = run_batch(files, db, other, workers=1)
    assert (changed.scored, changed.skipped) == (6, 0), "a new configuration must rescore everything"


def test_cli_batch_summary_and_export(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.sqlite")
    runner = CliRunner()
    first = runner.invoke(app, ["batch", str(SEEDS["000"]), str(SEEDS["004"]), "--db", db, "--workers", "1"])
    assert first.exit_code == 0, first.output
    assert "2 files, 2 scored, 0 already stored, 23 projects" in " ".join(first.output.split())
    summary = runner.invoke(app, ["summary", "--db", db])
    assert summary.exit_code == 0, summary.output
    assert "039-岚县人力资源和社会保障局" in summary.output and "V101" in summary.output
    out = runner.invoke(app, ["export", "--db", db, "--format", "csv", "-o", str(tmp_path / "run")])
    assert out.exit_code == 0, out.output
    projects = (tmp_path / "run-projects.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(projects) == 1 + 23
    assert projects[0].startswith("doc,project,scope,name,department")


def test_export_formats_hold_the_same_rows(seed_batch: tuple[str, list[str]], tmp_path: Path) -> None:
    pyarrow_parquet = pytest.importorskip("pyarrow.parquet")
    openpyxl = pytest.importorskip("openpyxl")
    db, _ = seed_batch
    engine = schema.connect(db)
    run_id = reader.resolve_run(engine)
    export.export(engine, run_id, "parquet", tmp_path / "run")
    export.export(engine, run_id, "xlsx", tmp_path / "run")
    export.export(engine, run_id, "csv", tmp_path / "run")
    contract = stored_contract(db)
    flags = sum(len(p["flags"]) for d in contract["documents"] for p in d["projects"])
    indicators = sum(len(p["indicators"]) for d in contract["documents"] for p in d["projects"])
    assert pyarrow_parquet.read_table(tmp_path / "run-flags.parquet").num_rows == flags
    table = pyarrow_parquet.read_table(tmp_path / "run-indicators.parquet")
    assert table.num_rows == indicators
    assert table.schema.field("number").type == "double"
    book = openpyxl.load_workbook(tmp_path / "run.xlsx", read_only=True)
    assert book.sheetnames == ["documents", "projects", "indicators", "flags", "duplicates"]
    assert len(list(book["duplicates"].iter_rows())) == 1 + len(contract["duplicates"])
    csv_rows = (tmp_path / "run-indicators.csv").read_text(encoding="utf-8-sig").count("\n")
    assert csv_rows >= 1 + indicators  # multi-line cells can only add lines


def test_schema_newer_than_the_tool_is_refused(tmp_path: Path) -> None:
    db = str(tmp_path / "future.sqlite")
    schema.connect(db).dispose()
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE schema_info SET version = 99")
    with pytest.raises(schema.SchemaError, match="schema version 99"):
        schema.connect(db)


def test_an_older_schema_is_upgraded_by_its_registered_steps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "old.sqlite")
    schema.connect(db).dispose()
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE schema_info SET version = 0")
    applied: list[int] = []
    monkeypatch.setitem(schema.MIGRATIONS, 0, lambda connection: applied.append(0))
    schema.connect(db).dispose()
    assert applied == [0]
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT version FROM schema_info").fetchone() == (schema.SCHEMA_VERSION,)


def _stored_documents(db: str) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as connection:
            return connection.execute("SELECT count(*) FROM run_documents").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_killed_batch_resumes_with_nothing_lost(tmp_path: Path) -> None:
    """SIGKILL a real `scorer batch` process mid-run; the rerun stores exactly what an unbroken run does.

    (Sixty near-copies would make the duplicate pass the slow part, so it is left to the other tests.)
    """
    files = [str(p) for p in varied_filings(tmp_path / "filings", rounds=15)]
    full_db, killed_db = str(tmp_path / "full.sqlite"), str(tmp_path / "killed.sqlite")
    run_batch(files, full_db, load_config(), workers=1, duplicates=False)

    command = [sys.executable, "-m", "scorer.cli", "batch", str(tmp_path / "filings"), "--db", killed_db]
    process = subprocess.Popen(
        [*command, "--workers", "1", "--no-progress", "--no-duplicates"],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while _stored_documents(killed_db) < 5 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, process.stderr.read() if process.stderr else ""
    committed = _stored_documents(killed_db)
    assert 5 <= committed < len(files), "the kill must land mid-batch"

    resumed = run_batch(files, killed_db, load_config(), workers=2, duplicates=False)
    assert resumed.skipped == committed and resumed.scored == len(files) - committed
    assert stored_contract(killed_db) == stored_contract(full_db)
    with sqlite3.connect(killed_db) as connection:
        assert connection.execute("SELECT count(*) FROM documents").fetchone()[0] == len(files)
        statuses = dict(connection.execute("SELECT id, status FROM runs"))
    assert statuses == {1: "running", 2: "finished"}, "a killed run stays marked as never finished"


def test_contract_ids_follow_the_run_order(tmp_path: Path) -> None:
    files = [str(p) for p in varied_filings(tmp_path / "filings", rounds=1)]
    db = str(tmp_path / "order.sqlite")
    run_batch(files, db, load_config(), workers=1, duplicates=False)
    stored = stored_contract(db)
    assert [d["path"] for d in stored["documents"]] == files
    assert stored["duplicates"] == []
    first = stored["documents"][1]["projects"][0]
    assert first["id"] == "d1-p0" and first["indicators"][0]["id"] == "d1-p0-i0"
    assert json.dumps(stored, ensure_ascii=False).count('"D101"') == 0


def test_summary_figures_agree_with_the_stored_projects(seed_batch: tuple[str, list[str]]) -> None:
    from collections import Counter, defaultdict

    from scorer.store import summary

    db, _ = seed_batch
    contract = stored_contract(db, SEED_RUN)
    scored = [
        (p["department"], d["budget_year"], p["score"], p["grade"], len(p["flags"]))
        for d in contract["documents"]
        for p in d["projects"]
        if p["scope"] == "project" and p["score"] is not None
    ]
    by_department: dict[str, list[float]] = defaultdict(list)
    for department, _, score, _, _ in scored:
        by_department[department].append(score)
    engine = schema.connect(db)
    run_id = reader.resolve_run(engine, SEED_RUN)
    league = summary.league(engine, run_id)
    assert [row.department for row in league] == sorted(
        by_department, key=lambda name: (-sum(by_department[name]) / len(by_department[name]), name)
    )
    top = league[0]
    assert (top.department, top.projects, top.mean_score) == ("906-科教文化科", 1, 91.4)
    grades, bands = summary.score_distribution(engine, run_id)
    expected = dict(sorted(Counter(grade for *_, grade, _ in scored).items()))
    assert grades == expected == {"A": 22, "B": 34, "C": 38, "D": 5}
    assert sum(count for _, count in bands) == len(scored) == 99
    kinds = {(code, kind): n for code, kind, n in summary.flag_kinds(engine, run_id, 100)}
    flags = [f for d in contract["documents"] for p in d["projects"] for f in p["flags"]]
    all_flags = Counter((f["code"], f["kind"]) for f in flags)
    assert kinds == dict(all_flags)
    # one D101 finding per project that has any duplicate, naming all its partners
    in_pairs = {pair[end] for pair in contract["duplicates"] for end in ("a", "b")}
    assert len(contract["duplicates"]) == 63 and kinds[("D101", "duplicate")] == len(in_pairs) == 19
    years = summary.year_over_year(engine, run_id, "039-岚县人力资源和社会保障局")
    assert [(row.year, row.projects, row.change) for row in years] == [(2025, 17, None)]


def test_ctrl_c_stops_the_batch_and_keeps_what_was_stored(tmp_path: Path) -> None:
    files = varied_filings(tmp_path / "filings", rounds=10)
    db = str(tmp_path / "interrupted.sqlite")
    command = [sys.executable, "-m", "scorer.cli", "batch", str(tmp_path / "filings"), "--db", db]
    process = subprocess.Popen(
        [*command, "--workers", "2", "--no-progress", "--no-duplicates"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 60
    while _stored_documents(db) < 3 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 130, output
    assert "interrupted — rerun the same command to resume" in " ".join(output.split())
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT status FROM runs").fetchall() == [("interrupted",)]
    kept = _stored_documents(db)
    resumed = run_batch([str(p) for p in files], db, load_config(), workers=1, duplicates=False)
    assert (resumed.skipped, resumed.scored) == (kept, len(files) - kept)


def test_cli_names_what_is_wrong_with_the_database(tmp_path: Path) -> None:
    runner = CliRunner()
    empty = runner.invoke(app, ["summary", "--db", str(tmp_path / "new.sqlite")])
    assert empty.exit_code == 2
    assert "no finished run in this database" in " ".join(empty.output.split())
    missing = runner.invoke(app, ["export", "--db", str(tmp_path / "no" / "such" / "dir.sqlite")])
    assert missing.exit_code == 2
    assert "cannot use the database: unable to open database file" in " ".join(missing.output.split())
    nothing = runner.invoke(app, ["batch", str(tmp_path / "none*.txt"), "--db", str(tmp_path / "x.sqlite")])
    assert nothing.exit_code == 2 and "no files match" in nothing.output


def test_a_changed_file_is_rescored_and_the_run_uses_its_new_content(tmp_path: Path) -> None:
    files = [str(p) for p in varied_filings(tmp_path / "filings", rounds=1)]
    db = str(tmp_path / "changed.sqlite")
    run_batch(files, db, load_config(), workers=1, duplicates=False)
    edited = Path(files[3])  # the 平罗县 filing: five projects
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("公益性岗位人员岗位补贴", "公益岗位补贴"), encoding="utf-8")
    again = run_batch(files, db, load_config(), workers=1, duplicates=False)
    assert (again.scored, again.skipped) == (1, 3)
    names = [p["name"] for p in stored_contract(db)["documents"][3]["projects"]]
    assert names[0] == "第0批公益岗位补贴"
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM documents WHERE path = ?", (files[3],)).fetchone()[0] == 2


def test_xlsx_export_goes_on_in_a_new_sheet_past_the_row_limit(
    seed_batch: tuple[str, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    db, _ = seed_batch
    monkeypatch.setattr(export, "XLSX_MAX_ROWS", 1001)
    engine = schema.connect(db)
    export.export(engine, SEED_RUN, "xlsx", tmp_path / "small")
    book = openpyxl.load_workbook(tmp_path / "small.xlsx", read_only=True)
    indicator_sheets = [name for name in book.sheetnames if name.startswith("indicators")]
    rows = sum(len(list(book[name].iter_rows())) - 1 for name in indicator_sheets)
    contract = stored_contract(db, SEED_RUN)
    assert rows == sum(len(p["indicators"]) for d in contract["documents"] for p in d["projects"])
    assert indicator_sheets[:2] == ["indicators", "indicators 2"]
    assert all(len(list(book[name].iter_rows())) <= 1001 for name in indicator_sheets)


def test_a_folder_of_excel_and_word_filings_is_batched_like_scorer_score(tmp_path: Path) -> None:
    from renderings import rendered

    folder = tmp_path / "formats"
    folder.mkdir()
    (folder / "004.xlsx").write_bytes(rendered(SEEDS["004"], "xlsx"))
    (folder / "002.docx").write_bytes(rendered(SEEDS["002"], "docx"))
    (folder / "notes.md").write_text("not a filing", encoding="utf-8")
    files = expand([str(folder)])
    assert [Path(f).name for f in files] == ["002.docx", "004.xlsx"]
    db = str(tmp_path / "formats.sqlite")
    result = run_batch(files, db, load_config(), workers=2)
    assert result.errors == []
    stored = stored_contract(db)
    assert stored == reference_contract(files)
    assert [len(d["projects"]) for d in stored["documents"]] == [15, 5]


def test_structured_exports_keep_their_columns_in_the_store(tmp_path: Path) -> None:
    from structured_renderings import VARIANT_BY_NAME
    from structured_renderings import render as render_export

    folder = tmp_path / "exports"
    folder.mkdir()
    seed = score_batch([SEEDS["004"]], load_config())[0][0]
    (folder / "004-export.xlsx").write_bytes(render_export(seed, VARIANT_BY_NAME["budget-system"], "xlsx"))
    files = expand([str(folder)])
    db = str(tmp_path / "exports.sqlite")
    assert run_batch(files, db, load_config(), workers=1).errors == []
    stored = stored_contract(db)
    assert stored == reference_contract(files)
    first = stored["documents"][0]["projects"][0]["indicators"][0]
    assert (first["value"], first["nature"], first["unit_cell"], first["weight"]) == ("718", "定量", "", 13.0)


def test_a_schema_1_store_gains_the_structured_columns(tmp_path: Path) -> None:
    db = str(tmp_path / "v1.sqlite")
    schema.connect(db).dispose()
    with sqlite3.connect(db) as connection:
        for column in ("nature", "unit_cell", "weight"):
            connection.execute(f"ALTER TABLE indicators DROP COLUMN {column}")
        connection.execute("UPDATE schema_info SET version = 1")
    schema.connect(db).dispose()
    with sqlite3.connect(db) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(indicators)")]
        assert columns[-3:] == ["nature", "unit_cell", "weight"]
        assert connection.execute("SELECT version FROM schema_info").fetchone() == (2,)

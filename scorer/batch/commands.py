"""The `scorer batch`, `scorer summary` and `scorer export` commands (registered in scorer/cli.py)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from scorer.batch.paths import expand
from scorer.batch.runner import ENGINES, BatchResult, Tick, run_batch
from scorer.config import load_config
from scorer.store import export as exporter
from scorer.store import reader, schema, summary

console = Console()
DEFAULT_DB = "scorer.sqlite"
DbOption = Annotated[
    str, typer.Option("--db", help="SQLite file path, or a URL such as postgresql://user@host/dbname.")
]
RunOption = Annotated[int | None, typer.Option("--run", help="Run id (default: the latest finished run).")]


class ProjectsColumn(ProgressColumn):
    """Projects stored so far and projects per second since the start."""

    def render(self, task: Task) -> Text:
        projects = task.fields.get("projects", 0)
        elapsed = task.elapsed or 0.0
        rate = projects / elapsed if elapsed > 0 else 0.0
        return Text(f"{projects:,} projects  {rate:,.0f} projects/s", style="progress.data.speed")


def batch(
    paths: Annotated[list[str], typer.Argument(help="Filings, folders or globs (quote globs: 'filings/**/*.txt').")],
    db: DbOption = DEFAULT_DB,
    engine: Annotated[str, typer.Option(help="process (local cores) or dask (a cluster).")] = "process",
    workers: Annotated[int | None, typer.Option(help="Processes (default: all cores; 1 = this one).")] = None,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler, e.g. tcp://scheduler-host:8786.")] = None,
    config: Annotated[Path | None, typer.Option(help="TOML file overriding weights and lexicons.")] = None,
    duplicates: Annotated[bool, typer.Option(help="Look for near-duplicate projects across the batch.")] = True,
    progress: Annotated[bool, typer.Option(help="Show the progress bar.")] = True,
) -> None:
    """Score many filings into a database, in parallel; a rerun skips what is already stored."""
    if engine not in ENGINES:
        raise typer.BadParameter(f"engine must be one of {', '.join(ENGINES)}")
    files = expand(paths)
    if not files:
        console.print("[red]no files match[/red] " + " ".join(paths))
        raise typer.Exit(2)
    settings = load_config(config)
    bar = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files"),
        ProjectsColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        disable=not progress,
    )
    with bar:
        task = bar.add_task("scoring", total=len(files), projects=0)
        counted = {"projects": 0}

        def on_file(tick: Tick) -> None:
            counted["projects"] += tick.projects
            bar.update(task, advance=1, projects=counted["projects"])

        def on_phase(name: str) -> None:
            bar.update(task, description="duplicates across the batch")

        try:
            result = run_batch(files, db, settings, engine, workers, scheduler, duplicates, on_file, on_phase)
        except (ValueError, RuntimeError, schema.SchemaError, ImportError, OperationalError) as exc:
            console.print(f"[red]error:[/red] {_explain(exc)}", highlight=False)
            raise typer.Exit(2) from exc
    _report(result, db)
    if result.interrupted:
        raise typer.Exit(130)
    raise typer.Exit(1 if result.errors else 0)


def _report(result: BatchResult, db: str) -> None:
    rate = result.projects / result.seconds if result.seconds else 0.0
    state = "[yellow]interrupted[/yellow] — rerun the same command to resume" if result.interrupted else "finished"
    console.print(
        f"run {result.run_id} {state}: {result.files} files, {result.scored} scored, {result.skipped} already stored, "
        f"{result.projects:,} projects in {result.seconds:.1f}s ({rate:,.0f} projects/s)"
        + ("" if result.duplicates is None else f", {result.duplicates} duplicate pairs"),
        highlight=False,
    )
    if result.errors:
        console.print(f"[red]{len(result.errors)} files with errors[/red] (stored with the run; the batch went on):")
        for error in result.errors:
            console.print(f"  {error}", highlight=False)
    console.print(f"database: {db}", highlight=False)


def _explain(exc: Exception) -> str:
    """One line for the errors a user can fix: a missing driver, a database out of reach."""
    if isinstance(exc, ImportError):
        return f"{exc} — PostgreSQL needs psycopg: pip install 'scorer[postgres]'"
    if isinstance(exc, OperationalError):
        return f"cannot use the database: {str(exc.orig).strip().splitlines()[0] if exc.orig else exc}"
    return str(exc)


def _open(db: str, run: int | None) -> tuple[Engine, int]:
    try:
        store = schema.connect(db)
        return store, reader.resolve_run(store, run)
    except (reader.RunNotFound, schema.SchemaError, ImportError, OperationalError) as exc:
        console.print(f"[red]error:[/red] {_explain(exc)}", highlight=False)
        raise typer.Exit(2) from exc


def summary_command(
    db: DbOption = DEFAULT_DB,
    run: RunOption = None,
    department: Annotated[
        str | None, typer.Option(help="Year-over-year change of this department (主管部门) only.")
    ] = None,
    top: Annotated[int, typer.Option(help="How many flag codes to list.")] = 15,
) -> None:
    """League table of departments, year-over-year change, most common flags and the score distribution."""
    store, run_id = _open(db, run)
    info = reader.run_info(store, run_id)
    console.print(
        f"run {run_id} ({info['status']}, {info['started_at']:%Y-%m-%d %H:%M}): {info['files']} files, "
        f"rules {info['rules_version']}, config {info['config_hash']}",
        highlight=False,
    )
    table = Table(title="Departments by mean project score", header_style="bold")
    for column in ("#", "department (主管部门)", "projects", "mean", "lowest", "grade D", "flags/project"):
        table.add_column(column, justify="left" if column.startswith("department") else "right")
    for rank, row in enumerate(summary.league(store, run_id), 1):
        table.add_row(
            str(rank),
            row.department,
            str(row.projects),
            f"{row.mean_score:.1f}",
            f"{row.min_score:.1f}",
            str(row.grade_d),
            f"{row.flags_per_project:.1f}",
        )
    console.print(table)
    years = Table(title="Mean score by budget year", header_style="bold")
    for column in ("department", "year", "projects", "mean", "change"):
        years.add_column(column, justify="left" if column == "department" else "right")
    for row in summary.year_over_year(store, run_id, department):
        change = "" if row.change is None else f"{row.change:+.1f}"
        years.add_row(row.department, str(row.year or "?"), str(row.projects), f"{row.mean_score:.1f}", change)
    console.print(years)
    flags = Table(title="Most common flags", header_style="bold")
    for column in ("code", "kind", "count"):
        flags.add_column(column, justify="right" if column == "count" else "left")
    for code, kind, count in summary.flag_kinds(store, run_id, top):
        flags.add_row(code, kind, f"{count:,}")
    console.print(flags)
    grades, bands = summary.score_distribution(store, run_id)
    total = sum(grades.values()) or 1
    dist = Table(title="Score distribution", header_style="bold")
    for column in ("score", "projects", ""):
        dist.add_column(column, justify="right" if column == "projects" else "left")
    for lower, count in bands:
        label = f"{lower}–100" if lower == 90 else f"{lower}–{lower + 9.9:.1f}"
        dist.add_row(label, str(count), "█" * round(40 * count / total))
    console.print(dist)
    console.print("grades: " + ", ".join(f"{grade} {count}" for grade, count in grades.items()), highlight=False)
    errors = summary.run_errors(store, run_id)
    if errors:
        console.print(f"[red]{len(errors)} files with errors in this run[/red]")


def export_command(
    db: DbOption = DEFAULT_DB,
    output_format: Annotated[str, typer.Option("--format", "-f", help="csv, xlsx, parquet or json.")] = "csv",
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Stem of the files written (csv/parquet: <stem>-<table>.<ext>).")
    ] = Path("scorer-export"),
    run: RunOption = None,
) -> None:
    """Write a stored run as tables (documents, projects, indicators, flags, duplicates) or the JSON contract."""
    if output_format not in exporter.FORMATS:
        raise typer.BadParameter(f"format must be one of {', '.join(exporter.FORMATS)}")
    store, run_id = _open(db, run)
    started = time.perf_counter()
    try:
        written = exporter.export(store, run_id, output_format, output)
    except RuntimeError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    console.print(
        f"run {run_id}: wrote "
        + ", ".join(str(path) for path in written)
        + f" in {time.perf_counter() - started:.1f}s",
        highlight=False,
    )

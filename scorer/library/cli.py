"""`scorer library build|search|eval`: the indicator library (指标库) on the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from scorer.library.index import DEFAULT_DIR, Library, default_library

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="The indicator library (指标库): build, search, eval."
)
console = Console()


def _filings(paths: list[Path]) -> list[Path]:
    """Files as given; a folder stands for the filings directly inside it."""
    found: list[Path] = []
    for path in paths:
        found.extend(sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path])
    return found


@app.command()
def build(
    corpus: Annotated[list[Path], typer.Argument(help="Filings or folders of filings, in any supported format.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for indicators.json and groups.json.")] = (
        DEFAULT_DIR
    ),
) -> None:
    """Index every indicator that passes all checks, by 二级 and project type (deterministic)."""
    from scorer.library.build import build_library

    for path in build_library(_filings(corpus), output):
        console.print(f"wrote {path}")
    library = Library.load(output)
    console.print(f"{len(library.entries)} good indicators from {len(library.sources)} filings")


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="A 三级指标 name (or any wording) to look up.")],
    level2: Annotated[str | None, typer.Option("--level2", help="Only this 二级, e.g. 数量指标.")] = None,
    project_type: Annotated[str | None, typer.Option("--type", help="Prefer this project type, e.g. 补贴发放.")] = None,
    limit: Annotated[int, typer.Option(help="How many neighbours to show.")] = 10,
    library_dir: Annotated[Path | None, typer.Option("--library", help="A library folder (default: shipped).")] = None,
) -> None:
    """The nearest good indicators to TEXT, with the filing and project they come from."""
    from scorer.library.build import canonical_level2

    library = Library.load(library_dir) if library_dir else default_library()
    if library is None:
        console.print("[red]no indicator library: run `scorer library build corpora/filings`[/red]")
        raise typer.Exit(2)
    wanted = canonical_level2(level2) if level2 else None
    if level2 and wanted is None:
        raise typer.BadParameter(f"unknown 二级 {level2!r}")
    table = Table(header_style="bold", title=f"Good indicators nearest to “{text}”")
    for column in ("similarity", "二级", "type", "三级", "value", "filing", "project", "line"):
        table.add_column(column, overflow="fold")
    for n in library.nearest(text, wanted, project_type, limit=limit):
        e = n.entry
        table.add_row(f"{n.similarity:.0f}", e.level2, e.type, e.level3, e.value, e.filing, e.project, str(e.line))
    console.print(table)


@app.command("eval")
def eval_command(
    gold: Annotated[list[Path], typer.Option("--gold", help="Label files or folders.")],
    filings: Annotated[Path | None, typer.Option(help="Folder holding the labelled filings.")] = None,
    sample: Annotated[Path | None, typer.Option(help="Write 30 flags with their suggestions here (Markdown).")] = None,
) -> None:
    """Coverage and passing share of library suggestions, in-sample and leaving each filing out."""
    from scorer.library.evaluate import evaluate_library, sample_markdown

    table = Table(header_style="bold", title="Library suggestions on the labelled annual rows")
    for column in ("library", "flags", "with rewrite", "coverage", "rows covered", "rewrites passing", "passing"):
        table.add_column(column)
    for name, loo in (("shipped (in-sample)", False), ("leave one filing out", True)):
        s = evaluate_library(gold, filings, leave_one_out=loo)
        table.add_row(
            name,
            str(s.flags),
            str(s.covered),
            f"{s.coverage:.3f}",
            f"{s.rows_covered}/{s.rows} ({s.row_coverage:.3f})",
            str(s.passing),
            f"{s.passing_share:.3f}",
        )
        if sample and not loo:
            sample.write_text(sample_markdown(s.samples), encoding="utf-8")
    console.print(table)
    if sample:
        console.print(f"wrote {sample}")

"""Command line: `scorer parse`, `scorer score`, `scorer eval`, `scorer train`, `scorer batch`, `scorer summary`,
`scorer export`, `scorer library`, `scorer serve`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from scorer.batch import commands as batch_commands
from scorer.config import load_config
from scorer.evaluate import FlagEvaluation, evaluate, evaluate_flags, evaluate_pairs
from scorer.library import cli as library_cli
from scorer.pipeline import parse_files, score_batch
from scorer.report import csv_report, json_report, terminal

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
console = Console()

PERIODS = {"annual": {"annual"}, "total": {"total"}, "all": {"annual", "total"}}


@app.command()
def parse(
    files: Annotated[
        list[Path], typer.Argument(help="Filings to read: text (UTF-8 or GBK), PDF, Excel or Word, in any mix.")
    ],
    period: Annotated[str, typer.Option(help="Which half to show: annual, total or all.")] = "annual",
) -> None:
    """Show every project and indicator row read from the filings, as tables."""
    if period not in PERIODS:
        raise typer.BadParameter(f"period must be one of {', '.join(PERIODS)}")
    documents = parse_files(files)
    terminal.print_documents(documents, console, PERIODS[period])
    raise typer.Exit(1 if any(d.error for d in documents) else 0)


FORMATS = ("table", "json", "csv", "xlsx", "html")
DEFAULT_REPORT = {"xlsx": Path("scorer-report.xlsx"), "html": Path("scorer-report.html")}


@app.command()
def score(
    files: Annotated[list[Path], typer.Argument(help="Filings to score: text, PDF, Excel or Word, in any mix.")],
    output_format: Annotated[str, typer.Option("--format", "-f", help="table, json, csv, xlsx or html.")] = "table",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write here (csv: <stem>-projects.csv, <stem>-flags.csv; xlsx and html default to scorer-report.*).",
        ),
    ] = None,
    config: Annotated[Path | None, typer.Option(help="TOML file overriding weights and lexicons.")] = None,
    brief: Annotated[bool, typer.Option("--brief", help="Only the overview table.")] = False,
) -> None:
    """Check and score filings: a report per project, the scorer/v1 JSON contract, CSV, or an XLSX/HTML report."""
    if output_format not in FORMATS:
        raise typer.BadParameter(f"format must be one of {', '.join(FORMATS)}")
    settings = load_config(config)
    documents, pairs = score_batch(files, settings)
    if output_format == "json":
        text = json_report.dumps(documents, [pair.contract() for pair in pairs])
        if output:
            output.write_text(text + "\n", encoding="utf-8")
            console.print(f"wrote {output} ({sum(len(d.projects) for d in documents)} projects)")
        else:
            print(text)
    elif output_format == "csv":
        target = output or Path("scorer-result.csv")
        written = csv_report.write_csv(documents, target)
        console.print("wrote " + ", ".join(str(path) for path in written))
    elif output_format in DEFAULT_REPORT:
        target = output or DEFAULT_REPORT[output_format]
        if output_format == "xlsx":
            from scorer.report.xlsx_report import write_xlsx

            write_xlsx(documents, pairs, target, settings)
        else:
            from scorer.report.html_report import render_html

            target.write_text(render_html(documents, pairs, settings), encoding="utf-8")
        console.print(f"wrote {target} ({sum(len(d.projects) for d in documents)} projects)")
    else:
        if not brief:
            terminal.print_findings(documents, console)
        terminal.print_summary(documents, console, settings)
        terminal.print_duplicates(pairs, console)
    if output_format != "table":
        for document in documents:
            if document.error:
                console.print(f"[red]error:[/red] {document.error}", highlight=False)
    raise typer.Exit(1 if any(d.error for d in documents) else 0)


@app.command()
def rules(code: Annotated[str | None, typer.Argument(help="A check code, e.g. V101.")] = None) -> None:
    """List the checks, or explain one: what it checks, why, an example, the fix, the source."""
    from scorer.checks import RULES
    from scorer.layouts.warnings import PARSE_WARNINGS

    if code:
        code = code.upper()
        if code in RULES:
            rule = RULES[code]
            console.print(f"[bold]{rule.code} {rule.title}[/bold]  kind={rule.kind} severity={rule.severity}")
            console.print(rule.explanation, highlight=False)
            return
        if code in PARSE_WARNINGS:
            warning = PARSE_WARNINGS[code]
            console.print(
                f"[bold]{warning.code} {warning.title}[/bold]  kind=parse_warning severity={warning.severity}"
            )
            console.print(warning.explanation, highlight=False)
            return
        console.print(f"[red]unknown check code {code}[/red]")
        raise typer.Exit(2)
    table = Table(header_style="bold", title="Checks")
    for column in ("code", "kind", "severity", "title"):
        table.add_column(column)
    for rule in sorted(RULES.values(), key=lambda r: r.code):
        table.add_row(rule.code, rule.kind, rule.severity, rule.title)
    for warning in PARSE_WARNINGS.values():
        table.add_row(warning.code, "parse_warning", warning.severity, warning.title)
    console.print(table)


@app.command()
def shapes(
    files: Annotated[list[Path], typer.Argument(help="Filings whose 指标值 to read.")],
    limit: Annotated[int, typer.Option(help="How many unparsed values to list.")] = 40,
) -> None:
    """Which 指标值 shapes the grammar reads, and which it leaves as free text (to find gaps)."""
    from collections import Counter

    from scorer.values import parse_value

    values = [i.value for d in parse_files(files) for p in d.projects for i in p.indicators if i.value]
    kinds = Counter(parse_value(v).kind for v in values)
    table = Table(header_style="bold", title=f"{len(values)} values, {len(set(values))} distinct")
    table.add_column("kind")
    table.add_column("values", justify="right")
    for kind, count in kinds.most_common():
        table.add_row(kind, str(count))
    console.print(table)
    unparsed = Counter(v for v in values if parse_value(v).kind == "text")
    rest = Table(header_style="bold", title="Unparsed (kind text), most frequent first")
    rest.add_column("value")
    rest.add_column("count", justify="right")
    for value, count in unparsed.most_common(limit):
        rest.add_row(value, str(count))
    console.print(rest)


@app.command("eval")
def eval_command(
    gold: Annotated[list[Path], typer.Option("--gold", help="Label files or folders.")],
    filings: Annotated[Path | None, typer.Option(help="Folder holding the labelled filings.")] = None,
    show: Annotated[bool, typer.Option("--show/--no-show", help="List every mismatched row and flag.")] = False,
    config: Annotated[Path | None, typer.Option(help="TOML file overriding weights and lexicons.")] = None,
) -> None:
    """Parser row precision/recall, flag precision/recall/F1 per kind, and score–grade correlation."""
    scores = evaluate(gold, filings)
    table = Table(header_style="bold", title="Parser accuracy on annual indicator rows")
    for column in ("filing", "projects", "gold rows", "predicted", "matched", "precision", "recall", "funds"):
        table.add_column(column)
    totals = [0, 0, 0, 0, 0, 0, 0]
    for s in scores:
        table.add_row(
            s.filing,
            f"{s.projects_found}/{s.projects}",
            str(s.gold_rows),
            str(s.predicted_rows),
            str(s.matched),
            f"{s.precision:.3f}",
            f"{s.recall:.3f}",
            f"{s.funds_correct}/{s.funds_checked}",
        )
        for i, v in enumerate(
            (
                s.projects_found,
                s.projects,
                s.gold_rows,
                s.predicted_rows,
                s.matched,
                s.funds_correct,
                s.funds_checked,
            )
        ):
            totals[i] += v
    found, projects, gold_rows, predicted, matched, funds_ok, funds_n = totals
    table.add_row(
        "all",
        f"{found}/{projects}",
        str(gold_rows),
        str(predicted),
        str(matched),
        f"{matched / predicted if predicted else 1:.3f}",
        f"{matched / gold_rows if gold_rows else 1:.3f}",
        f"{funds_ok}/{funds_n}",
        style="bold",
    )
    console.print(table)
    flags = evaluate_flags(gold, filings, load_config(config))
    kinds = Table(
        header_style="bold", title="Flags on matched annual rows (info-level flags and ambiguous rows left out)"
    )
    for column in ("kind", "TP", "FP", "FN", "precision", "recall", "F1"):
        kinds.add_column(column)
    for k in flags.kinds.values():
        kinds.add_row(k.kind, str(k.tp), str(k.fp), str(k.fn), f"{k.precision:.3f}", f"{k.recall:.3f}", f"{k.f1:.3f}")
    console.print(kinds)
    console.print(_grade_line(flags))
    pairs = evaluate_pairs(gold, filings)
    console.print(
        f"Duplicate pairs: TP {pairs.tp}, FP {pairs.fp}, FN {pairs.fn} (predicted but unlabelled: {pairs.unjudged}); "
        f"precision {pairs.precision:.3f}, recall {pairs.recall:.3f}, F1 {pairs.f1:.3f}"
    )
    if show:
        for miss in pairs.misses:
            console.print(f"duplicates       {miss}", highlight=False)
        for k in flags.kinds.values():
            for miss in k.misses:
                console.print(f"{k.kind:16} {miss}", highlight=False)
        for s in scores:
            for miss in s.misses:
                console.print(
                    f"{miss.side:6} {miss.filing} {miss.project} 第{miss.line or '?'}行 "
                    f"{miss.level2} / {miss.level3} = {miss.value}",
                    highlight=False,
                )
            for error in s.funds_errors:
                console.print(f"funds  {s.filing} {error}", highlight=False)


def _grade_line(flags: FlagEvaluation) -> str:
    def shown(rho: float | None) -> str:
        return "n/a" if rho is None else f"{rho:.3f}"

    first, second = flags.spearman_by_grader()
    line = f"Spearman(score, gold grade) over {len(flags.grades)} projects: {shown(flags.spearman)}"
    if flags.grader_agreement is not None:
        line += (
            f" (gold grade = mean of two independent graders; score vs first {shown(first)}, vs second "
            f"{shown(second)}; the graders agree with each other at {shown(flags.grader_agreement)})"
        )
    return line


@app.command()
def train(
    corpora: Annotated[Path, typer.Option(help="Folder with filings/ and labels/.")] = Path("corpora"),
    output: Annotated[Path, typer.Option(help="Where the model folders go.")] = Path("models"),
) -> None:
    """Rebuild the shipped models and their MODEL_CARD.md from the corpora (deterministic)."""
    from scorer.classify import model_path, save
    from scorer.model_card import CARDS
    from scorer.training import train_all

    models = train_all(corpora)
    for name, model in models.items():
        path = model_path(name, output)
        save(model, path)
        (path.parent / "MODEL_CARD.md").write_text(CARDS[name](model), encoding="utf-8")
        console.print(f"wrote {path} ({path.stat().st_size // 1024} KiB) and {path.parent / 'MODEL_CARD.md'}")
    category = models["category"].metrics
    folds = Table(header_style="bold", title="category: grouped cross-validation by filing")
    for column in ("test filing", "train rows", "test rows", "macro-F1", "accuracy"):
        folds.add_column(column)
    for fold in category["folds"]:
        folds.add_row(
            fold["test_filing"][:3],
            str(fold["train_rows"]),
            str(fold["test_rows"]),
            f"{fold['macro_f1']:.3f}",
            f"{fold['accuracy']:.3f}",
        )
    console.print(folds)
    from scorer.training import prf

    flags = Table(header_style="bold", title="flags on the labelled rows, all folds (precision / recall / F1)")
    for column in ("kind", "rules", "rules + model"):
        flags.add_column(column)
    for kind, metrics, rules_key, both_key in (
        ("vague", models["specificity"].metrics, "rules", "rules_and_model"),
        ("misplaced", category, "misplaced_rules", "misplaced_rules_and_model"),
    ):
        cells = [prf(metrics[key]) for key in (rules_key, both_key)]
        flags.add_row(kind, *(f"{c['precision']:.3f} / {c['recall']:.3f} / {c['f1']:.3f}" for c in cells))
    console.print(flags)


app.command("batch")(batch_commands.batch)
app.command("summary")(batch_commands.summary_command)
app.command("export")(batch_commands.export_command)
app.add_typer(library_cli.app, name="library")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    db: Annotated[
        str | None, typer.Option("--db", help="Browse the runs of this `scorer batch` database (path or URL).")
    ] = None,
    config: Annotated[Path | None, typer.Option(help="TOML file overriding weights and lexicons.")] = None,
    max_upload_mb: Annotated[float, typer.Option(help="Largest file accepted, in MB.")] = 20.0,
) -> None:
    """Web app: upload filings and screen their projects in a browser; browse stored batch runs with --db."""
    try:
        import uvicorn

        from scorer.web import create_app
    except ImportError as exc:
        console.print(f"[red]error:[/red] the web app needs its extra: pip install 'scorer[web]' ({exc})")
        raise typer.Exit(2) from exc
    web_app = create_app(db, load_config(config), max_upload_bytes=int(max_upload_mb * 1024 * 1024))
    uvicorn.run(web_app, host=host, port=port)


if __name__ == "__main__":
    app()

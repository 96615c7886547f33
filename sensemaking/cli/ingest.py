"""`ingest`: read, pseudonymise and segment a project's sources, and say what was skipped."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from ..ingest import ingest_project
from ._app import app, console, load, rich_progress


@app.command()
def ingest(
    directory: Path = typer.Argument(Path("."), help="Project folder."),
    strict: bool = typer.Option(False, "--strict", help="Exit non-zero if any file is skipped."),
) -> None:
    """Read every source in data/raw/ into DIR/.sensemaking/excerpts.parquet (pseudonymised).

    Unreadable files are skipped and listed with the reason; the others are ingested.

    Exit code 1 when nothing could be ingested, or with --strict when a file was skipped.

    Example: sensemaking ingest data/sample --strict
    """
    project = load(directory)
    report = ingest_project(project, progress=rich_progress)
    table = Table(title=f"{project.root.name}: ingested sources")
    for column in ("format", "kind", "sources", "excerpts"):
        table.add_column(column, justify="right" if column in ("sources", "excerpts") else "left")
    groups: dict[tuple[str, str], list[int]] = {}
    for source in report.sources:
        group = groups.setdefault((source.source_type, source.source_kind), [0, 0])
        group[0] += 1
        group[1] += source.excerpts
    for (fmt, kind), (n, excerpts) in sorted(groups.items()):
        table.add_row(fmt, kind, str(n), str(excerpts))
    console.print(table)
    console.print(f"[bold green]ingest[/]: {report.summary()}")
    for line in report.messages():
        colour = "red" if line.startswith("skipped") else "yellow"
        console.print(f"  [{colour}]{line}[/]")
    console.print(f"Excerpts: {project.cache_dir / 'excerpts.parquet'}")
    if not report.ingested:
        console.print("[bold red]error:[/] nothing could be ingested; see the reasons above")
        raise typer.Exit(1)
    if strict and report.skipped:
        console.print(f"[bold red]error:[/] {len(report.skipped)} file(s) skipped (--strict)")
        raise typer.Exit(1)

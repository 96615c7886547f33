"""`ingest`: read, pseudonymise and segment a project's sources, and say what was skipped."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from ..ingest import IngestReport, ingest_project
from ..wording import plural
from ._app import app, console, fail, indented, load, rich_progress


@app.command()
def ingest(
    directory: Path = typer.Argument(Path("."), help="Project folder."),
    strict: bool = typer.Option(False, "--strict", help="Exit non-zero if any file is skipped."),
) -> None:
    """Read every source in data/raw/ into DIR/.sensemaking/excerpts.parquet (pseudonymised).

    Unreadable files are skipped and listed with the reason; the others are ingested.
    Warnings of one kind are shown once, with a few of the sources they concern; every
    warning, by source, is in .sensemaking/ingest_report.json.

    Exit code 2 when nothing could be ingested; 1 with --strict when a file was skipped.

    Example: sensemaking ingest data/sample --strict
    """
    project = load(directory)
    report = ingest_project(project, progress=rich_progress)
    console.print(_formats_table(escape(project.root.name), report))
    _print_summary(report)
    _print_read_as(report)
    _print_skipped(report)
    _print_warnings(report)
    console.print(f"Excerpts: {project.cache_dir / 'excerpts.parquet'}", soft_wrap=True)
    console.print(f"Report:   {project.cache_dir / 'ingest_report.json'}", soft_wrap=True)
    if not report.ingested:
        fail("nothing could be ingested; see the reasons above")
    if strict and report.skipped:
        console.print(f"[bold red]error:[/] {len(report.skipped)} file(s) skipped (--strict)")
        raise typer.Exit(1)


def _formats_table(name: str, report: IngestReport) -> Table:
    table = Table(title=f"{name}: ingested sources")
    for column in ("format", "kind", "sources", "excerpts"):
        table.add_column(column, justify="right" if column in ("sources", "excerpts") else "left")
    groups: dict[tuple[str, str], list[int]] = {}
    for source in report.sources:
        group = groups.setdefault((source.source_type, source.source_kind), [0, 0])
        group[0] += 1
        group[1] += source.excerpts
    for (fmt, kind), (n, excerpts) in sorted(groups.items()):
        table.add_row(fmt, kind, str(n), str(excerpts))
    return table


def _print_summary(report: IngestReport) -> None:
    console.print(f"[bold green]ingest[/]: {plural(report.excerpts, 'excerpt')} from "
                  f"{plural(report.ingested, 'source')}, {plural(report.participants, 'participant')}")
    dropped = ", ".join(f"{n} {k}" for k, n in report.dropped.items() if n)
    if dropped:
        indented(f"left out: {dropped} (counts by source in the report)")
    if report.to_review or report.given_names:
        indented(f"privacy: {plural(report.to_review, 'possible name')} to check and "
                 f"{plural(report.given_names, 'given name')} replaced without a manifest, "
                 "in private/privacy_review.csv")


def _print_read_as(report: IngestReport) -> None:
    """How the tables were read, columns by letter: a wrong guess is seen here and put
    right in sensemaking.toml ([ingest.columns."<file>"])."""
    lines = report.tables_read()
    if not lines:
        return
    indented("tables read as:")
    for line in lines:
        console.print(f"    {escape(line)}", soft_wrap=True)
    indented(escape('a column read wrongly? map it in sensemaking.toml under [ingest.columns."<file>"]'))


def _print_skipped(report: IngestReport) -> None:
    """Every skipped file, named, under its reason (one reason shown once)."""
    if not report.skipped:
        return
    console.print(f"[red]skipped {len(report.skipped)} file(s)[/]:")
    for reason, files in report.skipped_by_reason().items():
        indented(f"[red]{escape(reason)}[/]")
        console.print("    " + escape(", ".join(files)))


def _print_warnings(report: IngestReport) -> None:
    """Each kind of warning once, with a few of the sources it concerns."""
    lines = [line for line in report.messages() if line.startswith("warning: ")]
    if lines:
        console.print(f"[yellow]{len(lines)} kind(s) of warning[/]:")
    for line in lines:
        indented(f"[yellow]{escape(line.removeprefix('warning: '))}[/]")

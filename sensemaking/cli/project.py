"""`init`, `run` and `status`: the project as a whole."""

from __future__ import annotations

import shlex
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from ..errors import SensemakingError
from ..pipeline import SKIPPED, run_stages, stage_status
from ..project import SETTINGS_FILE, init_project
from ._app import (
    app,
    console,
    fail,
    indented,
    load,
    note_left_out,
    rich_progress,
    saying_kept_aside,
)


@app.command()
def init(
    directory: Path = typer.Argument(..., help="Folder to create the project in."),
    name: str = typer.Option(None, help="Project name (default: the folder name)."),
) -> None:
    """Create a project folder: settings, data/raw/, manifest template, private/, ...

    Example: sensemaking init hubs-2026
    """
    existed = (directory / SETTINGS_FILE).is_file()
    project = init_project(directory, name=name)
    if existed:
        console.print(f"{escape(str(directory))} is already a project: missing folders and templates were "
                      "added, nothing was changed", soft_wrap=True)
        return
    console.print(f"Created project [bold]{escape(project.root.name)}[/] in {escape(str(directory))}", soft_wrap=True)
    console.print(
        "Next: put transcripts and notes in data/raw/, list people in data/participants.csv, "
        f"then run `sensemaking run {escape(shlex.quote(str(directory)))}`.", soft_wrap=True
    )


@app.command()
def run(
    directory: Path = typer.Argument(Path("."), help="Project folder."),
    force: bool = typer.Option(False, "--force", help="Re-run stages even if up to date."),
) -> None:
    """Run every stage in order, skipping those whose inputs are unchanged.

    Example: sensemaking run data/sample
    """
    project = load(directory)
    done: list[str] = []

    def report(stage: str, result) -> None:
        done.append(stage)
        _print_stage(stage, result)

    try:
        with saying_kept_aside():
            run_stages(project, progress=rich_progress, force=force, on_stage=report)
    except SensemakingError as exc:
        kept = f"{', '.join(done)} {'is' if len(done) == 1 else 'are'} done and kept; " if done else ""
        then = f"{kept}fix this, then run `sensemaking run {shlex.quote(str(directory))}` again."
        fail(f"{getattr(exc, 'stage_name', 'a stage')} stopped: {exc}\n"
             f"{then[0].upper()}{then[1:]}")
    note_left_out(project)


def _print_stage(stage: str, result) -> None:
    if result is None:
        console.print(f"[dim]{stage}: {SKIPPED}[/]")
        return
    console.print(f"[bold green]{stage}[/]: {escape(result.summary)}")
    for message in result.messages:
        indented(escape(message))


@app.command()
def status(directory: Path = typer.Argument(Path("."), help="Project folder.")) -> None:
    """Show which stage outputs are missing or out of date.

    Example: sensemaking status data/sample
    """
    project = load(directory)
    table = Table(title=f"{escape(project.root.name)}: stages")
    for column in ("stage", "status", "why"):
        table.add_column(column)
    colours = {"up to date": "green", "out of date": "yellow", "never run": "red"}
    for row in stage_status(project):
        table.add_row(row["stage"], f"[{colours[row['status']]}]{row['status']}[/]", escape(row["why"]))
    console.print(table)

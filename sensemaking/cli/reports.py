"""`report`: the partner report and exchange files."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import SensemakingError
from ._app import app, console, fail, load, note_left_out, rich_progress, saying_kept_aside


@app.command()
def report(directory: Path = typer.Argument(Path("."), help="Project folder.")) -> None:
    """Write the partner report (HTML, PDF, DOCX) and QDA exports into DIR/reports/.

    The exports: a REFI-QDA project and codebook, and the coded excerpts (CSV, XLSX).

    Example: sensemaking report data/sample
    """
    project = load(directory)
    try:
        with saying_kept_aside():
            paths = project.report(progress=rich_progress)
    except SensemakingError as exc:
        fail(str(exc))
    console.print(f"[bold green]report[/]: {len(paths)} files in {project.reports_dir}", soft_wrap=True)
    for path in paths.values():
        console.print(f"  {path.relative_to(project.root)}", soft_wrap=True)
    note_left_out(project)

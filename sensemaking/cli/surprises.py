"""`surprises`: rank what should make a workshop stop and look."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from ..errors import SensemakingError
from ._app import app, console, fail, load, rich_progress, run_stale


@app.command()
def surprises(
    directory: Path = typer.Argument(Path("."), help="Project folder."),
    top: int = typer.Option(0, help="Rows to show (default: [surprises] top in settings)."),
) -> None:
    """Find and rank surprises (runs ingest and themes first when their outputs are missing or stale).

    Writes DIR/.sensemaking/surprises.json.

    Example: sensemaking surprises data/sample --top 15
    """
    from ..surprises import run_surprises

    project = load(directory)
    try:
        run_stale(project, ("ingest", "themes"))
        table = run_surprises(project, progress=rich_progress)
    except SensemakingError as exc:
        fail(str(exc))
    _print(table, top or int(project.config("surprises").get("top", 10)))
    console.print(f"Wrote {len(table)} items to {project.cache_dir / 'surprises.json'}", soft_wrap=True)


def _print(table, top: int) -> None:
    for line in table.attrs.get("summary", []):
        console.print(f"[dim]{line}[/]")
    if table.empty:
        console.print("Nothing stood out: no detector found anything past its bar.")
        return
    if not table["kind"].isin(["group_contrast", "trend"]).any():
        console.print("[yellow]No group difference or change over time passed the significance "
                      "bar; what follows are prompts, not findings.[/]")
    grid = Table(title=f"Top {min(top, len(table))} surprises", show_lines=True)
    for column, style in (("#", "bold"), ("kind", "cyan"), ("score", ""), ("why", ""), ("ask", "green")):
        grid.add_column(column, style=style, overflow="fold")
    for row in table.head(top).itertuples():
        grid.add_row(str(row.rank), row.kind.replace("_", " "), f"{row.score:.2f}", row.explanation, row.question)
    console.print(grid)

"""`surprises`: rank what should make a workshop stop and look."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from ..errors import SensemakingError
from ..project import DEFAULT_SETTINGS
from ._app import app, console, fail, load, rich_progress, run_stale


@app.command()
def surprises(
    directory: Path = typer.Argument(Path("."), help="Project folder."),
    top: int = typer.Option(None, min=1, show_default=False, help="Rows to show (default: from settings, "
                            f"[surprises] top in sensemaking.toml; {DEFAULT_SETTINGS['surprises']['top']} "
                            "unless set there)."),
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
    _print(table, top or int(project.config("surprises")["top"]))
    console.print(f"Wrote {len(table)} items to {project.cache_dir / 'surprises.json'}", soft_wrap=True)


def _print(table, top: int) -> None:
    for line in table.attrs.get("summary", []):
        console.print(f"[dim]{escape(line)}[/]")
    if table.empty:
        console.print("Nothing stood out: no detector found anything past its bar.")
        return
    if not table["kind"].isin(["group_contrast", "trend"]).any():
        console.print("[yellow]No group difference or change over time passed the significance "
                      "bar; what follows are prompts, not findings.[/]")
    # One item per block, its text over the full width: five columns in an 80-column
    # terminal left the explanation 20 characters wide and split its words.
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for row in table.head(top).itertuples():
        kind = escape(row.kind.replace("_", " "))
        grid.add_row(str(row.rank), f"[cyan]{kind}[/] [dim]score {row.score:.2f}[/]")
        grid.add_row("", escape(row.explanation)
                     + (f" [dim](test: {escape(row.test)})[/]" if getattr(row, "test", "") else ""))
        grid.add_row("", f"[green]Ask: {escape(row.question)}[/]")
        grid.add_row("", "")
    console.print(f"[bold]Top {min(top, len(table))} surprises[/]")
    console.print(grid)

"""`board` (print a workshop pack) and `annotate import` (bring its return sheet back)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from ..errors import SensemakingError
from ..project import SETTINGS_FILE
from ._app import (
    app,
    console,
    fail,
    load,
    note_left_out,
    rich_progress,
    saying_kept_aside,
    saying_notes,
)
from .workspace import annotate_app


@app.command()
def board(
    directory: Annotated[Path, typer.Argument(help="Project folder.")] = Path("."),
    name: Annotated[
        str, typer.Option("--name", "-n", help="Session name: the folder under workshops/.")
    ] = "workshop",
    paper: Annotated[
        str, typer.Option(help="a3 (one board per sheet) or a4 (each board on two sheets).")
    ] = "a3",
    tables: Annotated[int, typer.Option(min=1, help="Split the themes into N table packs.")] = 1,
) -> None:
    """Print a workshop pack: boards, quote cards, guide and return sheet.

    Writes DIR/workshops/SESSION/ with pack.pdf, boards.html, return.csv and return.xlsx.

    Example: sensemaking board data/sample --name june --paper a4 --tables 3
    """
    project = load(directory)
    try:
        with saying_kept_aside():
            folder = project.board(name, paper=paper.lower(), tables=tables, progress=rich_progress)
    except SensemakingError as exc:
        fail(str(exc))
    console.print(f"Printed the pack into {escape(str(folder))}: pack.pdf, boards.html, return.xlsx, return.csv",
                  soft_wrap=True)
    note_left_out(project)


@annotate_app.command("import")
def import_sheet(
    sheet: Annotated[Path, typer.Argument(
        help="The filled-in return.xlsx or return.csv: its path from here, or from the project folder.")],
    project_dir: Annotated[
        Path | None,
        typer.Option("--project", help="Project folder (default: the one the sheet, or this folder, is in)."),
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Who decided (default: the session, as 'workshop june').")
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Apply without asking.")] = False,
) -> None:
    """Preview a workshop's return sheet, then apply it as workspace events, all or nothing.

    The sheet's path is read from this folder, then from the project folder (--project, or
    the project this folder is in), so workshops/SESSION/return.xlsx works from either.

    Example: sensemaking annotate import data/sample/workshops/june/return.xlsx

    Example: sensemaking annotate import workshops/june/return.xlsx --project data/sample
    """
    from ..boards import apply_import, plan_import

    sheet = _find_sheet(sheet, project_dir)
    project = load(project_dir or _project_above(sheet))
    try:
        plan = plan_import(project, sheet, by=by)
    except SensemakingError as exc:
        fail(str(exc))
    if plan.preview:
        _print_preview(plan)
    if not plan.ok:
        for problem in plan.problems:
            console.print(f"[red]•[/] {escape(problem)}")  # typed text: "[/x]" is no markup
        fail(f"nothing was applied: {len(plan.problems)} problem(s) in {sheet.name}")
    if plan.already:
        console.print(f"{plan.already} decision(s) on this sheet are in the annotation log from an "
                      "earlier import and are left out.", soft_wrap=True)
    if not plan.events:
        console.print("Nothing new to apply." if plan.already else
                      "The sheet holds no decisions; nothing to apply.")
        return
    if not yes and not typer.confirm(f"Apply these {len(plan.events)} event(s)?"):
        raise typer.Exit(1)
    try:
        with saying_notes():
            written = apply_import(project, plan)
    except SensemakingError as exc:
        fail(str(exc))
    console.print(f"Applied {len(written)} event(s) from {sheet.name} to {project.annotations_dir}", soft_wrap=True)


def _find_sheet(sheet: Path, project_dir: Path | None) -> Path:
    """The sheet as typed, from here; else the same path from the project folder (given, or
    the one this folder is in). Not found: say so first, naming every path tried."""
    tried = [sheet]
    if not sheet.is_absolute():
        project = project_dir or _project_at_or_above(Path.cwd())
        if project is not None and (project / sheet).resolve() != sheet.resolve():
            tried.append(project / sheet)
    for path in tried:
        if path.is_file():
            return path
    fail(f"no return sheet at {' or at '.join(str(p) for p in tried)}; give the path to the "
         "filled-in return.xlsx or return.csv from this folder (DIR/workshops/SESSION/return.xlsx), "
         "or from the project folder with --project DIR")


def _project_at_or_above(folder: Path) -> Path | None:
    """The project folder `folder` is in (its own or a parent's sensemaking.toml), if any."""
    folder = folder.resolve()
    return next((f for f in (folder, *folder.parents) if (f / SETTINGS_FILE).is_file()), None)


def _project_above(path: Path) -> Path:
    found = _project_at_or_above(Path(path).resolve().parent)
    if found is None:
        fail(f"no {SETTINGS_FILE} in a folder above {path}; say which project with --project DIR")
    return found


def _print_preview(plan) -> None:
    grid = Table(title=f"{plan.path.name}: what it will do (run {plan.run_id})")
    grid.add_column("row", justify="right")
    grid.add_column("decision")
    for item in sorted(plan.preview, key=lambda item: int(item["row"])):
        grid.add_row(item["row"], escape(item["what"]))
    console.print(grid)

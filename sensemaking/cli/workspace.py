"""`forget` and `annotate history|export|review|dismiss`: the team's work from the terminal.

Other modules add commands to the same `annotate` group through `annotate_app`
(e.g. `annotate import` for workshop return sheets, over `Workspace.apply`).
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.markup import escape
from rich.table import Table

from ..errors import AnnotationError
from ..wording import plural, trim
from ..workspace.events import describe
from ..workspace.forget import forget as forget_participant
from ._app import app, console, fail, load, note_left_out, saying_notes

annotate_app = typer.Typer(
    help="The team's annotations: a workshop's return sheet imported, the log (history, export to "
    "CSV, undo), decisions to review and dismiss.",
    no_args_is_help=True,
)
app.add_typer(annotate_app, name="annotate")


@app.command()
def forget(
    directory: Annotated[Path, typer.Argument(help="Project folder.")],
    participant_id: Annotated[str, typer.Argument(
        help="Pseudonym (P07) or manifest participant_id.")],
    by: Annotated[str, typer.Option(help="Who records the withdrawal.")] = "",
) -> None:
    """Erase a withdrawn participant's words from every table, cache, note and future output.

    Example: sensemaking forget data/sample P07
    """
    project = load(directory)
    report = forget_participant(project, participant_id, by=by or None)
    for line in report.summary().splitlines():  # sentences wrap; a path stays whole, to copy
        console.print(escape(line), soft_wrap=line.startswith(" "))
    if report.files_changed:
        console.print("Files changed:")
    for path, what in report.files_changed.items():
        console.print(f"  {escape(path)}: {escape(what)}", soft_wrap=True)


MEMO_CHARS = 160  # a longer memo is cut in the terminal; `annotate export` has it whole


@annotate_app.command()
def history(
    directory: Annotated[Path, typer.Argument(help="Project folder.")] = Path("."),
    last: Annotated[int, typer.Option(help="Show the last N events (0 = all).")] = 30,
) -> None:
    """Show the annotation log, oldest first: who decided what, when and why.

    Example: sensemaking annotate history data/sample --last 10
    """
    ws = load(directory).workspace
    frame = ws.history()
    shown = frame.tail(last) if last else frame
    more = f", the last {len(shown)} shown" if len(shown) < len(frame) else ""
    table = Table(title=f"{len(frame)} events{more}", expand=True)
    table.add_column("when", no_wrap=True)
    table.add_column("event", no_wrap=True)
    table.add_column("who", max_width=14)
    table.add_column("what (and why)", ratio=1)
    labels = dict(zip(ws.themes["theme_id"], ws.themes["label"], strict=True))
    by_id = {row.event_id: row for row in frame.itertuples()}
    for row in shown.itertuples():
        table.add_row(f"{row.time[:10]}\n{row.time[11:16]}", row.event_id[:8], escape(row.author),
                      _event_words(row, labels, by_id), style=None if row.in_force else "dim")
    console.print(table)
    for problem in ws.problems:
        console.print(f"[yellow]skipped:[/] {escape(problem)}", soft_wrap=True)


def _event_words(row, labels: dict[str, str], by_id: dict) -> str:
    """A log row in words, its theme called by its label too, and the reason under it; an
    undo says what it undid."""
    what = _event_what(row, labels)
    undone = by_id.get(json.loads(row.detail or "{}").get("event")) if row.kind == "undo" else None
    if undone is not None:
        what += ": " + _event_what(undone, labels)
    what = trim(what, MEMO_CHARS)
    words = escape(what) + ("" if row.in_force else " (undone)")
    return words + (f"\n[italic]why: {escape(row.reason)}[/]" if row.reason else "")


def _event_what(row, labels: dict[str, str]) -> str:
    """What a log row did, in plain words (`events.describe`), its theme called by its label too."""
    theme = "" if pd.isna(row.theme) else str(row.theme)
    name = f"{theme} ({labels[theme]})" if theme in labels else theme
    return describe(row.kind, theme, json.loads(row.detail or "{}"), name)


@annotate_app.command()
def export(
    directory: Annotated[Path, typer.Argument(help="Project folder.")] = Path("."),
    out: Annotated[Path | None, typer.Option(
        "--out", help="CSV file (default: annotations/log.csv).")] = None,
) -> None:
    """Export the whole annotation log to CSV (one row per event).

    Example: sensemaking annotate export data/sample --out log.csv
    """
    project = load(directory)
    path = project.workspace.export_log(out or project.annotations_dir / "log.csv")
    console.print(f"Wrote {path}", soft_wrap=True)


@annotate_app.command()
def review(
    directory: Annotated[Path, typer.Argument(help="Project folder.")] = Path("."),
) -> None:
    """List decisions that no longer fit the latest run, and changes to check.

    Example: sensemaking annotate review data/sample
    """
    project = load(directory)
    ws = project.workspace
    frame = ws.review()
    if frame.empty:
        console.print(f"Nothing to review: every decision fits run {ws.run_id}.")
        note_left_out(project)
        return
    table = Table(title=f"{plural(len(frame), 'item')} to review (run {ws.run_id})", expand=True)
    table.add_column("key", no_wrap=True)
    table.add_column("what to check", ratio=1)
    authors = frame["author"].fillna("")
    if authors.any():  # the decision an item concerns, and who made it
        table.add_column("decided by", max_width=14)
    for key, message, author in zip(frame["key"], frame["message"], authors, strict=True):
        table.add_row(key, escape(message), *([escape(author)] if authors.any() else []))
    console.print(table)
    console.print("Looked at one? sensemaking annotate dismiss DIR KEY --by NAME")
    note_left_out(project)


@annotate_app.command()
def dismiss(
    directory: Annotated[Path, typer.Argument(help="Project folder.")],
    key: Annotated[str, typer.Argument(help="The item's key, from `annotate review`.")],
    by: Annotated[str, typer.Option(help="Who looked at it.")] = "",
    reason: Annotated[str, typer.Option(help="What was decided, for the log.")] = "",
) -> None:
    """Take an item off the review list once someone has looked at it (kept in the log).

    Example: sensemaking annotate dismiss data/sample 3f9c2a1b7e --by "learning lead"
    """
    event = _decide(directory, lambda ws: ws.dismiss(key, by=by or None, reason=reason))
    console.print(f"Dismissed {key} (event {event.event_id[:8]}; `sensemaking annotate undo "
                  f"{shlex.quote(str(directory))} {event.event_id[:8]} --by NAME` lists it again).", soft_wrap=True)


@annotate_app.command()
def undo(
    directory: Annotated[Path, typer.Argument(help="Project folder.")],
    event: Annotated[str, typer.Argument(help="The event's id, or its first 8 characters, from "
                                                "`annotate history`.")],
    by: Annotated[str, typer.Option(help="Who undoes it.")] = "",
    reason: Annotated[str, typer.Option(help="Why, for the log.")] = "",
) -> None:
    """Cancel an earlier decision (a new event in the log; undo the undo to redo it).

    Example: sensemaking annotate undo data/sample 059847cd --by "learning lead"
    """
    done = _decide(directory, lambda ws: ws.undo(event, by=by or None, reason=reason))
    console.print(f"Undid event {escape(event)} (event {done.event_id[:8]}).")


def _decide(directory: Path, decision):
    """Log one decision on the project's workspace (`decision(ws)`), or exit saying why not."""
    try:
        with saying_notes():
            return decision(load(directory).workspace)
    except AnnotationError as exc:
        fail(str(exc))

"""The typer app, the console and the rich progress bar shared by all commands."""

from __future__ import annotations

import warnings
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from typer.core import TyperGroup

from .. import __version__
from ..errors import KeptAsideWarning, SensemakingError
from ..pipeline import kept_aside, null_progress
from ..project import Project, open_project
from ..wording import plural

# `--help` lists the commands in the order a user works through a project.
COMMAND_ORDER = ("init", "ingest", "themes", "surprises", "board", "annotate", "report", "run", "status", "forget")


class _InWorkOrder(TyperGroup):
    def list_commands(self, ctx) -> list[str]:
        rank = {name: n for n, name in enumerate(COMMAND_ORDER)}
        return sorted(super().list_commands(ctx), key=lambda name: rank.get(name, len(rank)))


app = typer.Typer(
    name="sensemaking",
    cls=_InWorkOrder,
    help="Qualitative sense-making: ingest and pseudonymise transcripts and notes, find "
    "candidate themes and surprises, print workshop packs and partner reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Markdown: a docstring's paragraphs reflow to the terminal (its lines are wrapped at
    # 90 columns in the source).
    rich_markup_mode="markdown",
)
# Lines that name a file are printed with soft_wrap=True: a path folded at the terminal
# width cannot be copied and pasted.
console = Console(highlight=False)


def indented(markup: str, depth: int = 1) -> None:
    """Print `markup` two spaces in per `depth`, its wrapped lines too (a detail under the
    line it belongs to, not back at the margin)."""
    console.print(Padding(markup, (0, 0, 0, 2 * depth), expand=False))


def _show_version(value: bool) -> None:
    if value:
        console.print(f"sensemaking {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    # Options of `sensemaking` itself, before any command. (No docstring: it would
    # replace the app's help text.)
    pass


class _Tracker:
    def __init__(self, bar: Progress, task):
        self._bar, self._task = bar, task

    def advance(self, n: int = 1) -> None:
        self._bar.advance(self._task, n)


@contextmanager
def rich_progress(description: str, total: int | None):
    """A rich progress bar for one piece of long work (see `pipeline.Progress`).

    Drawn only on a terminal: in logs and CI a transient bar would leave blank lines.
    """
    if not console.is_terminal:
        with null_progress(description, total) as tracker:
            yield tracker
        return
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        yield _Tracker(bar, bar.add_task(description, total=total))


@contextmanager
def saying_notes():
    """Print the notes a decision raised (a `UserWarning`: "decisions signed P07: ..."),
    after it, as the command's own lines rather than Python's warning text."""
    caught: list[warnings.WarningMessage] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", UserWarning)
            yield
    finally:
        for warning in caught:
            console.print(f"[yellow]note:[/] {escape(str(warning.message))}", soft_wrap=True)


@contextmanager
def saying_kept_aside():
    """Print, after the command's work, the files it moved aside rather than wrote over
    (`errors.KeptAsideWarning`: a filled return sheet, an edited report)."""
    caught: list[warnings.WarningMessage] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", KeptAsideWarning)
            yield
    finally:  # said even when the command then fails: the files are safe, and where
        for message in kept_aside(caught):
            console.print(f"[yellow]{escape(message)}[/]", soft_wrap=True)


def load(directory: Path) -> Project:
    """Open a project for a command, or exit with a clean message."""
    try:
        return open_project(directory)
    except SensemakingError as exc:
        fail(str(exc))


def run_stale(project: Project, upstream: tuple[str, ...]) -> None:
    """Run the stages in `upstream` that are out of date (or never run, with no outputs),
    saying so: a stage command then works on what the project holds now, not on what an
    older run or an older sensemaking left behind."""
    from ..pipeline import run_stages, stage_status

    rows = [row for row in stage_status(project) if row["stage"] in upstream]
    for row in rows:  # a one-off run is what the user asked for: the next command uses it
        if row["one_off"]:
            made = escape(f"made with {row['one_off']}")
            console.print(f"[dim]{row['stage']}: using its outputs {made} (one run's options; `sensemaking "
                          "run` makes them with the settings)[/]", soft_wrap=True)
    stale = [row for row in rows if not row["one_off"] and _needs_run(project, row)]
    for row in stale:
        state = "has never run" if row["status"] == "never run" else f"is {row['status']} ({row['why']})"
        console.print(f"[dim]{row['stage']} {escape(state)}: running it first[/]")
    if stale:
        run_stages(project, progress=rich_progress, only=[row["stage"] for row in stale])


def note_left_out(project: Project) -> None:
    """Say what the outputs left out: surprises found on an earlier themes run, and lines
    of the team's annotations that could not be read (a hand edit with a typo), whose
    decisions are then missing from the report and the boards."""
    _, stale = project.surprise_items()
    if stale:
        console.print(f"[yellow]{plural(stale, 'surprise')} found on an earlier themes run left out; "
                      f"run `sensemaking surprises {project.root}`, then this again[/]", soft_wrap=True)
    if not (project.annotations_dir.is_dir() and (project.cache_dir / "themes.json").is_file()):
        return
    try:
        problems = project.workspace.problems
    except SensemakingError:
        return
    if problems:
        console.print(f"[yellow]{plural(len(problems), 'line')} of the team's annotations could not be "
                      "read, so the decisions on them are left out; mend or remove them (`sensemaking "
                      f"annotate history {project.root}` lists them too):[/]", soft_wrap=True)
        for problem in problems:
            indented(f"[yellow]{escape(problem)}[/]")


def _needs_run(project: Project, row: dict) -> bool:
    """Out of date, or never run and its outputs are not there (made some other way)."""
    if row["status"] == "out of date":
        return True
    names = {"ingest": "excerpts.parquet", "themes": "themes.json"}
    return row["status"] == "never run" and not (project.cache_dir / names[row["stage"]]).is_file()


def print_error(message: str) -> None:
    """Print `message` as the one line of an error: brackets as written ("[themes]"), a
    long path not broken across lines."""
    console.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)


def fail(message: str, code: int = 2):
    """`print_error`, then exit with `code`."""
    print_error(message)
    raise typer.Exit(code)

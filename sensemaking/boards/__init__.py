"""Workshop packs: printable pattern boards, quote cards, a guide and a return sheet.

    path = project.board("june", paper="a3", tables=2)   # -> workshops/june/

writes into `workshops/<name>/`:

    pack.pdf      guide, overview board, one board per theme, surprises, who's missing,
                  quote-card sheets with crop marks and QR codes, the return sheet
    boards.html   the same document for screens and projectors
    return.csv    the return sheet (columns in `returns.RETURN_COLUMNS`)
    return.xlsx   the same, with a drop-down for decisions
    cards.json    card ids -> excerpt ids and the run printed from, for the import

A return sheet already there with decisions typed in is moved to `filled-<run id>/` with
its cards.json first (`returns.set_aside_filled`): printing again never loses them.

Boards read only the workspace's resolved-themes table, surprises.json, map.csv and the
pseudonymised excerpt table; small-number disclosure is applied while assembling
(see `sensemaking.disclosure`). Bring decisions back with `returns.plan_import` and
`returns.apply_import` (CLI: `sensemaking annotate import`).
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from .. import io
from ..errors import ConfigError, KeptAsideWarning
from ..pipeline import Stage, StageResult, null_progress, register
from ..wording import did_you_mean, typed_path
from . import layout
from .content import Pack, build_pack
from .render import render_html, write_pdf
from .returns import (
    ImportPlan,
    apply_import,
    plan_import,
    set_aside_filled,
    write_return_files,
)

if TYPE_CHECKING:
    from ..project import Project

__all__ = ["ImportPlan", "Pack", "apply_import", "build_pack", "make_pack", "plan_import"]

SESSION_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def _session(project: Project, name: str) -> str:
    """The session name as printed (scrubbed as the team's text: a person in it is their
    pseudonym); ConfigError, not quoting it, when scrubbing leaves no folder name."""
    session = project.team_text.scrub(name)
    if session != name and not SESSION_NAME.match(session):
        raise ConfigError("the session name names a person or a contact detail, and it is printed "
                          "on the pack and names its folder; choose another, e.g. --name june-workshop")
    return session


def _check(name: str, paper: str, tables: int) -> None:
    if not SESSION_NAME.match(name or ""):
        raise ConfigError(
            f"session name {name!r} must be 1-64 letters, digits, '.', '_' or '-' "
            "(it becomes a folder name), e.g. --name june-workshop"
        )
    if paper not in layout.PAPERS:
        raise ConfigError(f"paper {paper!r} is not one of {', '.join(layout.PAPERS)}"
                          + did_you_mean(str(paper).lower(), layout.PAPERS))
    if not isinstance(tables, int) or tables < 1:
        raise ConfigError(f"tables = {tables!r} must be a whole number >= 1")


def make_pack(
    project: Project, name: str, *, paper: str = "a3", tables: int = 1, progress=None
) -> Path:
    """Print the workshop pack for `project` into workshops/<name>/ and return that folder
    (`name` scrubbed as the team's text: it names the folder and is printed on the pack)."""
    name = _session(project, name)
    _check(name, paper, tables)
    folder = project.workshops_dir / name
    kept = set_aside_filled(folder) if folder.is_dir() else None
    if kept is not None:
        sheet = typed_path(next(kept.glob("return.*")))
        warnings.warn(f"the return sheet in {typed_path(folder)} had decisions typed in: it was moved "
                      f"to {sheet} with its cards.json, not printed over; import it with "
                      f"`sensemaking annotate import {sheet}`", KeptAsideWarning, stacklevel=2)
    with (progress or null_progress)("Printing the workshop pack", 4) as bar:
        pack = build_pack(project, name, paper=paper, tables=tables)
        bar.advance()
        html = render_html(pack)
        io.write_text(folder / "boards.html", html)
        bar.advance()
        write_pdf(html, folder / "pack.pdf")
        bar.advance()
        write_return_files(pack, folder)
        bar.advance()
    return folder


def _run(project: Project, progress=None) -> StageResult:
    settings = project.config("boards")
    folder = make_pack(
        project,
        str(settings.get("session", "workshop")),
        paper=str(settings.get("paper", "a3")),
        tables=int(settings.get("tables", 1)),
        progress=progress,
    )
    return StageResult(
        summary=f"workshop pack in {folder.relative_to(project.root)}",
        figures={"pack": str(folder / "pack.pdf")},
    )


def _outputs(project: Project) -> list[Path]:
    folder = project.workshops_dir / project.team_text.scrub(str(project.config("boards").get("session", "workshop")))
    return [folder / n for n in ("pack.pdf", "boards.html", "return.csv", "return.xlsx")]


def _inputs(project: Project) -> list[Path]:
    cache = project.cache_dir
    return [
        cache / "excerpts.parquet",
        cache / "themes.json",
        cache / "assignments.csv",
        cache / "surprises.json",
        cache / "map.csv",
        project.annotations_dir,
    ]


register(
    Stage(
        name="boards",
        order=40,
        run=_run,
        inputs=_inputs,
        outputs=_outputs,
        settings=("project", "boards", "disclosure", "population"),
        help="print the workshop pack: A3 boards, quote cards, guide and return sheet",
    )
)

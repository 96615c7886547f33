"""Partner reports and exchange files, made from the resolved-themes table.

`make_report(project)` writes into `<project>/reports/`:

    report.html           one self-contained page (charts inline, print CSS)
    report.pdf            A4, printed from the same HTML by WeasyPrint
    report.docx           editable Word document with real heading styles
    project.qdpx          REFI-QDA project for NVivo, ATLAS.ti, MAXQDA, QualCoder
    codebook.qdc          REFI-QDA codebook of the team's themes
    coded_excerpts.csv    one row per excerpt x theme (also .xlsx)
    coded_excerpts.xlsx

All of them read only pseudonymised tables, carry the run_id they were made from, and are
byte-for-byte the same for the same inputs (no clock time inside any file).

`reports/.written.json` holds a hash of each file as written. A file changed since (a
report.docx someone edited before sending it on) is moved to `reports/edited-N/` before the
next report is written, and a `KeptAsideWarning` says so: a re-run never loses the edits.
"""

from __future__ import annotations

import hashlib
import warnings
from itertools import count
from pathlib import Path
from typing import TYPE_CHECKING

from .. import io
from ..disclosure import Disclosure
from ..errors import KeptAsideWarning
from ..pipeline import Stage, StageResult, register, track
from ..wording import typed_path
from .content import build_content
from .docx import render_docx
from .exports import coded_excerpts_frame, write_csv, write_xlsx
from .html import render_html
from .inputs import ReportInputs, load_inputs
from .pdf import render_pdf
from .refiqda import read_qdc, write_qdc, write_qdpx

if TYPE_CHECKING:
    from ..project import Project

OUTPUTS = ("report.html", "report.pdf", "report.docx", "project.qdpx", "codebook.qdc",
           "coded_excerpts.csv", "coded_excerpts.xlsx")

__all__ = ["OUTPUTS", "make_report", "read_qdc"]


WRITTEN = ".written.json"  # name -> sha256 of each file as sensemaking last wrote it


def make_report(project: Project, progress=None) -> dict[str, Path]:
    """Write the report and exports into `project.reports_dir`; returns name -> path."""
    inputs = load_inputs(project)
    disclosure = Disclosure.for_project(project, inputs.excerpts)
    out = project.reports_dir
    paths = {name: out / name for name in OUTPUTS}
    kept = set_aside_edited(out)
    if kept:
        names = sorted(p.name for p in kept.iterdir())
        one = len(names) == 1
        warnings.warn(f"{', '.join(names)} in {typed_path(out)}/ {'was' if one else 'were'} changed after "
                      f"sensemaking wrote {'it' if one else 'them'}: moved to {typed_path(kept)}/, not "
                      "written over", KeptAsideWarning, stacklevel=2)
    steps = _steps(inputs, disclosure, paths)
    for step in track(progress, steps, "Writing the report"):
        step()
    io.write_json(out / WRITTEN, {name: _digest(path) for name, path in paths.items()})
    return paths


def set_aside_edited(out: Path) -> Path | None:
    """Move the files of `out` changed since sensemaking wrote them into `out/edited-N/`
    (the next free N); returns that folder, or None when nothing was changed."""
    record = out / WRITTEN
    if not record.is_file():
        return None
    edited = [out / name for name, digest in io.read_json(record).items()
              if (out / name).is_file() and _digest(out / name) != digest]
    if not edited:
        return None
    kept = io.new_folder(out, (f"edited-{n}" for n in count(1)))
    for path in edited:
        path.replace(kept / path.name)
    return kept


def rewritten(path: Path) -> None:
    """Record `path` (a file of reports/) as sensemaking's own again after sensemaking
    rewrote it in place (`forget` redacting a withdrawn participant), so the next report
    does not take it for someone's edits."""
    record = path.parent / WRITTEN
    written = io.read_json(record) if record.is_file() else {}
    if path.name in written:
        io.write_json(record, {**written, path.name: _digest(path)})


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _steps(inputs: ReportInputs, disclosure: Disclosure, paths: dict[str, Path]) -> list:
    """The report's writes, in order, as callables (so progress can count them)."""
    state: dict[str, object] = {}

    def html() -> None:
        state["content"] = content = build_content(inputs, disclosure)
        state["html"] = render_html(content)
        io.write_text(paths["report.html"], state["html"])

    def pdf() -> None:
        printed = render_html(state["content"], for_print=True)
        io.write_bytes(paths["report.pdf"], render_pdf(
            printed, title=state["content"]["title"], when=inputs.as_of))

    def docx() -> None:
        io.write_bytes(paths["report.docx"], render_docx(state["content"], when=inputs.as_of))

    def tables() -> None:
        frame = coded_excerpts_frame(inputs)
        write_csv(frame, paths["coded_excerpts.csv"])
        write_xlsx(frame, paths["coded_excerpts.xlsx"], inputs.as_of)

    return [html, pdf, docx, lambda: write_qdpx(inputs, paths["project.qdpx"]),
            lambda: write_qdc(inputs, paths["codebook.qdc"]), tables]


def _run(project: Project, progress=None) -> StageResult:
    paths = make_report(project, progress=progress)
    return StageResult(
        summary=f"report and exports written to {project.reports_dir.name}/",
        figures={"files": len(paths)},
        messages=[str(p.relative_to(project.root)) for p in paths.values()],
    )


def _inputs(project: Project) -> list[Path]:
    cache = project.cache_dir
    names = ("excerpts.parquet", "sources", "run.json", "themes.json", "assignments.csv",
             "surprises.json")
    return [cache / n for n in names] + [project.annotations_dir]


register(Stage(
    name="reports",
    order=50,
    run=_run,
    inputs=_inputs,
    outputs=lambda project: [project.reports_dir / n for n in OUTPUTS],
    settings=("project", "disclosure", "population"),
    help="Partner report (HTML, PDF, DOCX), REFI-QDA project and codebook, coded excerpts.",
))

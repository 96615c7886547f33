"""Everything a report reads, loaded once: the resolved themes and what surrounds them.

Reports read only pseudonymised tables: the resolved-themes table (the team's themes after
replaying the annotation log), the annotation history, the excerpt table, the stored
pseudonymised source texts, surprises, and the run and ingest reports. Nothing here reads
`data/raw/`, the manifest or `private/`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .. import io
from ..errors import StageError

if TYPE_CHECKING:
    from ..project import Project

FALLBACK_DATE = date(2000, 1, 1)


@dataclass
class ReportInputs:
    """The tables behind one report. `resolved` has `tables.RESOLVED_THEME_COLUMNS`."""

    name: str
    excerpts: pd.DataFrame
    resolved: pd.DataFrame
    history: pd.DataFrame
    surprises: list[dict[str, Any]]
    run: dict[str, Any]
    ingest: dict[str, Any]
    settings: dict[str, Any]
    text_path: Callable[[str], Path]
    seed: int
    privacy_audit: pd.DataFrame = field(default_factory=pd.DataFrame)
    codes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["excerpt_id", "code"]))
    extra: dict[str, Any] = field(default_factory=dict)

    def hand_codes(self) -> dict[str, list[str]]:
        """Excerpt id -> the codes the team gave it by hand (`ws.code`): a theme of theirs
        (T04, as a second theme) or a code of their own ("trust")."""
        out: dict[str, list[str]] = {}
        for excerpt_id, code in zip(self.codes["excerpt_id"], self.codes["code"], strict=True):
            out.setdefault(str(excerpt_id), []).append(str(code))
        return out

    def own_codes(self) -> list[str]:
        """The team's own codes: those given by hand that name no theme ("trust")."""
        themes = set(self.resolved["theme_id"].astype(str)) if len(self.resolved) else set()
        return sorted({str(c) for c in self.codes["code"]} - themes)

    @property
    def run_id(self) -> str:
        ids = [str(r) for r in self.resolved.get("run_id", pd.Series(dtype=str)).dropna().unique()]
        return ids[0] if ids else str(self.run.get("run_id", "unknown"))

    @property
    def as_of(self) -> date:
        """The latest date in the data or the team's log: the report's date, and every
        file's metadata date. Taken from the inputs, not the clock, so the same inputs give
        the same files.
        """
        columns = [self.excerpts.get("date"), self.history.get("time")]
        found = [pd.to_datetime(c, errors="coerce", utc=True) for c in columns if c is not None]
        dates = pd.concat(found).dropna() if found else pd.Series(dtype="datetime64[ns, UTC]")
        return dates.max().date() if len(dates) else FALLBACK_DATE

    def source_text(self, source_id: str) -> str:
        """The stored pseudonymised text of a source (excerpt offsets index into it)."""
        path = self.text_path(source_id)
        if not path.is_file():
            raise StageError(
                f"{path} is missing: the pseudonymised text of a source; "
                "run `sensemaking ingest` again to rebuild it"
            )
        return path.read_text(encoding="utf-8")


def missing(value: Any) -> bool:
    """True for None, NaN and pandas' NA: a table cell with nothing in it."""
    return value is None or (not isinstance(value, (list, dict, tuple)) and bool(pd.isna(value)))


def load_inputs(project: Project) -> ReportInputs:
    """Read what the report needs from the project; StageError names what is missing."""
    from ..ingest import source_text_path

    cache = project.cache_dir
    workspace = project.workspace
    return ReportInputs(
        name=project.name,
        excerpts=project.excerpts,
        resolved=workspace.resolved(),
        history=_history(workspace),
        surprises=project.surprise_items()[0],
        run=_optional_json(cache / "run.json", {}),
        ingest=_optional_json(cache / "ingest_report.json", {}),
        settings=project.settings,
        text_path=lambda source_id: source_text_path(project, source_id),
        seed=project.seed,
        privacy_audit=_optional_csv(cache / "privacy_audit.csv"),
        codes=workspace.codes(),
    )


def _optional_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path) if path.is_file() else pd.DataFrame()


def _history(workspace: Any) -> pd.DataFrame:
    """The annotation log as a table (`tables.ANNOTATION_EVENT_COLUMNS`), or an empty one."""
    history = workspace.history()
    return history if history is not None else pd.DataFrame()


def _optional_json(path: Path, default: Any) -> Any:
    """A stage output that may legitimately be absent (no themes run recorded yet, ...)."""
    return io.read_json(path) if path.is_file() else default

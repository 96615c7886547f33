"""A themes run as the workspace sees it: model themes as sets of excerpt ids.

The latest run is read from `.sensemaking/` (run.json, themes.json, assignments.csv).
Because that folder is disposable, the workspace keeps a compact snapshot of every run
it adopts in `annotations/runs/<run_id>.json` (ids and model labels only, no text), so
the team's history can be replayed after the run itself has been replaced.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .. import io
from ..errors import StageError


@dataclass(frozen=True)
class ModelTheme:
    theme_id: int
    label: str
    members: frozenset[str]


@dataclass(frozen=True)
class RunData:
    """One run: its model themes, and every excerpt id it covered (assigned or not)."""

    run_id: str
    themes: dict[int, ModelTheme]
    universe: frozenset[str]
    details: dict[int, dict[str, Any]] = field(default_factory=dict)  # themes.json entries

    def snapshot(self) -> dict[str, Any]:
        """The compact, deterministic form kept in annotations/runs/."""
        assigned = set().union(*(t.members for t in self.themes.values())) if self.themes else set()
        return {
            "run_id": self.run_id,
            "themes": [
                {"theme_id": t.theme_id, "label": t.label, "excerpt_ids": sorted(t.members)}
                for t in sorted(self.themes.values(), key=lambda t: t.theme_id)
            ],
            "unassigned": sorted(self.universe - assigned),
        }

    def moved(self, moves: dict[str, str]) -> RunData:
        """The run with excerpt ids an edit of their source changed read as they are now
        (`sensemaking.moves`)."""
        if not moves:
            return self
        themes = {k: ModelTheme(t.theme_id, t.label, frozenset(moves.get(e, e) for e in t.members))
                  for k, t in self.themes.items()}
        return RunData(self.run_id, themes, frozenset(moves.get(e, e) for e in self.universe), self.details)

    @classmethod
    def from_snapshot(cls, data: dict[str, Any]) -> RunData:
        themes = {
            int(t["theme_id"]): ModelTheme(int(t["theme_id"]), str(t["label"]), frozenset(t["excerpt_ids"]))
            for t in data.get("themes", [])
        }
        universe = frozenset(data.get("unassigned", [])).union(*(t.members for t in themes.values()))
        return cls(str(data["run_id"]), themes, universe)


def latest_run(cache_dir: Path) -> RunData:
    """The run currently in `.sensemaking/`; StageError (with the fix) when there is none."""
    themes_path = cache_dir / "themes.json"
    assign_path = cache_dir / "assignments.csv"
    if not themes_path.is_file() or not assign_path.is_file():
        raise StageError(
            f"no themes yet in {cache_dir.parent}; run `project.find_themes()` "
            f"or `sensemaking themes {cache_dir.parent}` first"
        )
    details = {int(t["theme_id"]): t for t in io.read_json(themes_path) if int(t["theme_id"]) >= 0}
    assignments = pd.read_csv(assign_path, dtype={"excerpt_id": str})
    members: dict[int, set[str]] = {k: set() for k in details}
    for excerpt_id, theme_id in zip(assignments["excerpt_id"], assignments["theme_id"], strict=True):
        if int(theme_id) >= 0:
            members.setdefault(int(theme_id), set()).add(excerpt_id)
    themes = {
        k: ModelTheme(k, str(details.get(k, {}).get("label", f"theme {k}")), frozenset(ids))
        for k, ids in members.items()
    }
    return RunData(_run_id(cache_dir, assign_path), themes, frozenset(assignments["excerpt_id"]), details)


def _run_id(cache_dir: Path, assign_path: Path) -> str:
    run_path = cache_dir / "run.json"
    if run_path.is_file():
        run = io.read_json(run_path)
        if isinstance(run, dict) and run.get("run_id"):
            return str(run["run_id"])
    return "run-" + hashlib.sha256(assign_path.read_bytes()).hexdigest()[:12]


def run_signature(cache_dir: Path) -> tuple:
    """Changes whenever the latest run's files change."""
    out = []
    for name in ("run.json", "themes.json", "assignments.csv"):
        path = cache_dir / name
        stat = path.stat() if path.is_file() else None
        out.append((name, stat.st_size, stat.st_mtime_ns) if stat else (name,))
    return tuple(out)

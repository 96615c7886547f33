"""The stage registry, and `run`/`status` over it.

Each stage module registers a `Stage` when imported: what it reads (files or folders
whose content decides whether it must run again), which settings sections it depends on,
what it writes, and the function that does the work. `run_stages` runs them in order and
skips a stage whose inputs and settings are unchanged since it last succeeded; the
fingerprints live in `.sensemaking/state.json`. A fingerprint also covers sensemaking's
own code, so after an upgrade every stage runs once more instead of leaving outputs made
by the old code looking up to date.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import json
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from . import io
from .errors import KeptAsideWarning, SensemakingError, StageError

if TYPE_CHECKING:
    from .project import Project

STAGE_MODULES = (
    "sensemaking.ingest",
    "sensemaking.themes",
    "sensemaking.surprises",
    "sensemaking.boards",
    "sensemaking.reports",
)


class Tracker(Protocol):
    def advance(self, n: int = 1) -> None: ...


class Progress(Protocol):
    """Library code reports long work through this; the CLI draws it with rich."""

    def __call__(self, description: str, total: int | None) -> Any: ...


class _NullTracker:
    def advance(self, n: int = 1) -> None:
        pass


@contextmanager
def null_progress(description: str, total: int | None) -> Iterator[_NullTracker]:
    """Progress that shows nothing (library default, tests, notebooks)."""
    yield _NullTracker()


def track(progress: Progress | None, items: Iterable, description: str, total: int | None = None):
    """Iterate `items`, advancing a progress bar when one is given."""
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    with (progress or null_progress)(description, total) as tracker:
        for item in items:
            yield item
            tracker.advance()


@dataclass
class StageResult:
    """What a stage reports: a one-line summary, named figures and messages for the user."""

    summary: str
    figures: dict[str, Any] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)


SKIPPED = "up to date, skipped"  # what a stage `run_stages` skipped is shown as


class StageResults(dict):
    """What `run_stages` did: {stage: its StageResult, or None when skipped as up to date},
    shown as one line per stage (a notebook cell ending in `run_stages(...)` shows these
    lines, not the figures of every stage)."""

    def __repr__(self) -> str:
        return "\n".join(f"{name}: {SKIPPED}" if result is None else f"{name}: {result.summary}"
                         for name, result in self.items())

    def _repr_pretty_(self, printer, cycle) -> None:  # IPython's display
        printer.text(repr(self))


@dataclass(frozen=True)
class Stage:
    name: str
    order: int
    run: Callable[..., StageResult]
    inputs: Callable[[Project], list[Path]]
    outputs: Callable[[Project], list[Path]]
    settings: tuple[str, ...] = ("project",)
    help: str = ""


_REGISTRY: dict[str, Stage] = {}


def register(stage: Stage) -> Stage:
    """Add a stage to the pipeline (called by each stage module at import)."""
    _REGISTRY[stage.name] = stage
    return stage


def stages() -> list[Stage]:
    """All registered stages, in running order."""
    for name in STAGE_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return sorted(_REGISTRY.values(), key=lambda s: s.order)


def _hash_path(path: Path) -> str:
    """Hash of a file's content, or of a folder's files (their paths within it and content)."""
    h = hashlib.sha256()
    files = sorted(io.files_under(path)) if path.is_dir() else [path]
    for file in files:
        h.update(file.relative_to(path).as_posix().encode() if file != path else b"")
        if not file.is_file():
            h.update(b"missing")
            continue
        with open(file, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()


CODE_SUFFIXES = frozenset([".py", ".j2", ".css", ".yaml", ".csv", ".txt", ".xsd"])


@functools.cache
def code_digest() -> str:
    """Hash of sensemaking's own source and templates (read once per process)."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for file in sorted(root.rglob("*")):
        if file.is_file() and file.suffix in CODE_SUFFIXES and "__pycache__" not in file.parts:
            h.update(file.relative_to(root).as_posix().encode())
            h.update(file.read_bytes())
    return h.hexdigest()


def fingerprint(project: Project, stage: Stage) -> dict[str, Any]:
    """What a stage depends on, part by part, so that `status` can say which part changed:
    sensemaking's own code, each input by its path in the project, each settings section."""
    return {
        "code": code_digest(),
        "inputs": {_shown(project, Path(p)): _hash_path(Path(p)) for p in stage.inputs(project)},
        "settings": {s: hashlib.sha256(json.dumps(project.settings.get(s), sort_keys=True, default=str)
                                       .encode()).hexdigest() for s in stage.settings},
    }


def _shown(project: Project, path: Path) -> str:
    """An input as the user knows it: its path in the project ("data/raw/")."""
    try:
        shown = path.relative_to(project.root).as_posix()
    except ValueError:
        shown = str(path)
    return shown + "/" if path.is_dir() else shown


_NEW_CODE = "sensemaking was updated since it ran"


def _changed(before: Any, now: dict[str, Any]) -> str:
    """Which parts of a stage's fingerprint changed since it last ran, in words."""
    if not isinstance(before, dict):  # one hash: recorded by a sensemaking before this one
        return _NEW_CODE
    one_off = (f"made with {before.get('one_off')} for one run, not the settings; to keep it, set it "
               "in sensemaking.toml")
    said = [one_off] if before.get("one_off") else []
    inputs = before.get("inputs", {})
    said += [f"{name} changed" for name in sorted(set(inputs) | set(now["inputs"]))
             if inputs.get(name) != now["inputs"].get(name)]
    settings = before.get("settings", {})
    said += [f"settings [{name}] changed" for name in sorted(set(settings) | set(now["settings"]))
             if settings.get(name) != now["settings"].get(name)]
    if before.get("code") != now["code"]:
        said.append(_NEW_CODE)
    return "; ".join(said) or "its record changed"


def _state_path(project: Project) -> Path:
    return project.cache_dir / "state.json"


def _read_state(project: Project) -> dict[str, Any]:
    path = _state_path(project)
    if not path.is_file():
        return {}
    try:
        return io.read_json(path)
    except (OSError, ValueError):
        return {}


def record_run(project: Project, stage_name: str, one_off: str = "") -> None:
    """Note that a stage has just succeeded on its current inputs; `one_off`: the settings
    it was run with for that run only ("n_themes = 8"), which leaves it out of date."""
    stage = _REGISTRY[stage_name]
    state = _read_state(project)
    state[stage_name] = fingerprint(project, stage) | ({"one_off": one_off} if one_off else {})
    io.write_json(_state_path(project), state)


def stage_status(project: Project) -> list[dict[str, Any]]:
    """One row per stage: up to date, out of date (and why) or never run; `one_off` (the
    options, "n_themes = 8", else "") when all that makes it out of date is a run with
    options of its own (`record_run`)."""
    state = _read_state(project)
    rows = []
    upstream_stale = None
    for stage in stages():
        status, why, one_off = _status_of(project, stage, state)
        if status == "up to date" and upstream_stale:
            status, why, one_off = "out of date", f"{upstream_stale} must run first", ""
        if status != "up to date" and upstream_stale is None:
            upstream_stale = stage.name
        rows.append({"stage": stage.name, "status": status, "why": why, "one_off": one_off})
    return rows


def _status_of(project: Project, stage: Stage, state: dict[str, Any]) -> tuple[str, str, str]:
    """(status, why, the options of a run with options of its own when that is all that
    differs, else "")."""
    missing = [p for p in stage.outputs(project) if not Path(p).exists()]
    if stage.name not in state:
        return "never run", "no record of a successful run", ""
    if missing:
        return "out of date", f"{len(missing)} output(s) missing", ""
    before, now = state[stage.name], fingerprint(project, stage)
    if before != now:
        only = isinstance(before, dict) and {k: v for k, v in before.items() if k != "one_off"} == now
        return "out of date", _changed(before, now), before.get("one_off", "") if only else ""
    return "up to date", "", ""


def kept_aside(caught: list[warnings.WarningMessage]) -> list[str]:
    """The user's messages among `caught` warnings (files moved aside, see `errors`);
    every other warning is passed on as it was raised."""
    kept = [w for w in caught if issubclass(w.category, KeptAsideWarning)]
    pass_on([w for w in caught if w not in kept])
    return [f"warning: {w.message}" for w in kept]


def pass_on(caught: list[warnings.WarningMessage]) -> None:
    """Raise `caught` warnings again, as they were raised, for whoever listens outside."""
    for w in caught:
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


def run_stages(
    project: Project,
    *,
    progress: Progress | None = None,
    force: bool = False,
    only: Iterable[str] | None = None,
    on_stage: Callable[[str, StageResult | None], None] | None = None,
) -> StageResults:
    """Run stages in order; a stage whose inputs are unchanged is skipped (result None).

    `on_stage(name, result)` is called as each stage ends, so a caller can report it
    before a later stage fails. An error raised by a stage gets `stage_name` set to it.
    """
    wanted = set(only) if only else None
    results = StageResults()
    for stage in stages():
        if wanted is not None and stage.name not in wanted:
            continue
        state = _read_state(project)
        status, _, _ = _status_of(project, stage, state)
        before = state.get(stage.name)
        one_off = before.get("one_off") if isinstance(before, dict) else None
        if not force and status == "up to date":
            results[stage.name] = None
        else:
            kept: list[warnings.WarningMessage] = []
            try:
                with warnings.catch_warnings(record=True) as kept:
                    warnings.simplefilter("always", KeptAsideWarning)
                    result = stage.run(project, progress=progress)
            except SensemakingError as exc:
                exc.stage_name = stage.name
                pass_on(kept)  # the caller still hears of files the stage moved aside
                raise
            if not isinstance(result, StageResult):
                raise StageError(f"stage {stage.name!r} returned {type(result).__name__}, not StageResult")
            result.messages.extend(kept_aside(kept))
            if one_off:  # the one-off is replaced: say so, and how to keep it
                result.messages.insert(0, f"fitted with the settings again: the last run used {one_off} "
                                          "for one run; to keep that, set it in sensemaking.toml")
            record_run(project, stage.name)
            results[stage.name] = result
        if on_stage is not None:
            on_stage(stage.name, results[stage.name])
    return results

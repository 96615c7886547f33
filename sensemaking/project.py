"""A project is a folder; `Project` knows its paths and settings and runs its stages.

    sensemaking.toml        settings (one `seed` drives every random step)
    data/raw/               sources, any mix of formats; never modified
    data/participants.csv   the manifest: real names, read but never copied
    data/sources.csv        optional per-source metadata (date, interviewer, ...)
    private/                pseudonym key and deny-list; never read downstream
    annotations/            the team's decisions (append-only logs): precious
    .sensemaking/           derived tables and caches: disposable
    workshops/  reports/    printed packs and partner reports
"""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .errors import ConfigError, StageError
from .wording import did_you_mean

if TYPE_CHECKING:
    from .privacy import Pseudonymiser
    from .workspace import Workspace

SETTINGS_FILE = "sensemaking.toml"
MANIFEST_COLUMNS = ("participant_id", "name", "aliases", "role", "area")

DEFAULT_SETTINGS: dict[str, Any] = {
    "project": {"name": "Untitled project", "seed": 42},
    "ingest": {
        "max_file_mb": 50,
        "interviewer_roles": ["interviewer", "facilitator"],
        "interviewer_labels": ["Interviewer", "I", "Q", "Int", "Facilitator", "Moderator", "Researcher"],
        "columns": {},
    },
    "privacy": {"ner": False, "min_review_count": 1},
    "segment": {"max_words": 90, "min_words": 3},
    "themes": {
        "embedder": "minilm", "n_themes": 0, "tentative_below": 0.5, "min_theme_size": 5,
        "n_refits": 10, "outlier_mads": 6.0, "quotes": 8, "codebook": "", "code_min_score": 0.3,
        "subject_words": [], "threads": 1,
    },
    "surprises": {"alpha": 0.05, "top": 10, "min_effect": 0.1, "few_voices": 5},
    "disclosure": {"k": 5, "attributes": ["role", "area", "age_band"]},
    "boards": {"session": "workshop", "paper": "a3", "tables": 1, "quotes": 6, "trim_chars": 130,
               "surprises": 8, "dots": 3, "blank_rows": 8, "evidence_chars": 160},
    "population": {},
}
# Settings with no default value, and sections whose keys are the team's own (population
# shares per attribute). Tables under a known key ([ingest.columns."file"]) are not checked.
OPTIONAL_SETTINGS = {"surprises": {"attributes"}}
OPEN_SECTIONS = {"population"}
# The numeric settings: (whole number, lowest, highest); checked when the file is read.
NUMBERS: dict[str, dict[str, tuple[bool, float | None, float | None]]] = {
    "project": {"seed": (True, 0, 2**32 - 1)},
    "ingest": {"max_file_mb": (False, 0, None)},
    "privacy": {"min_review_count": (True, 1, None)},
    "segment": {"max_words": (True, 1, None), "min_words": (True, 0, None)},
    "themes": {"n_themes": (True, 0, None), "min_theme_size": (True, 2, None), "n_refits": (True, 0, None),
               "tentative_below": (False, 0, 1), "outlier_mads": (False, 0, None), "quotes": (True, 1, None),
               "code_min_score": (False, -1, 1), "threads": (True, 1, None)},
    "surprises": {"alpha": (False, 0, 1), "top": (True, 1, None), "min_effect": (False, 0, None),
                  "few_voices": (True, 1, None)},
    "disclosure": {"k": (True, 1, None)},
    "boards": {"tables": (True, 1, None), "quotes": (True, 1, None), "trim_chars": (True, 20, None),
               "surprises": (True, 0, None), "dots": (True, 0, None), "blank_rows": (True, 0, None),
               "evidence_chars": (True, 20, None)},
}

TEMPLATE_TOML = """\
# Settings for this sensemaking project. Every key is optional; defaults are shown.
[project]
name = "{name}"
seed = 42                 # drives every random step: same inputs + seed -> same outputs

[ingest]
max_file_mb = 50
interviewer_roles = ["interviewer", "facilitator"]   # manifest roles kept as context only

# Column mapping for notes and survey tables, when auto-detection is not enough:
# [ingest.columns."notes/visits.xlsx"]
# text = "What we heard"
# id = "Ref"
# date = "Date of visit"
# author = "Organiser name"

[themes]
embedder = "minilm"       # "minilm" (packaged model) or "tfidf" (no model, fast)
n_themes = 0              # 0 = let the data decide
subject_words = []        # what every answer is about, left out of theme-finding: ["coronavirus", "covid"]

# The groups surprises compare (manifest columns, mapped note and survey columns). Without
# this list every column with 2-12 values is compared, scores and all, which spreads the
# tests thin:
# [surprises]
# attributes = ["area", "age_band", "role"]

[disclosure]
k = 5                     # quotes never single out fewer than k people

# Expected shares of the population the programme serves, for "who's missing":
# [population.area]
# Northfield = 0.25
# Riverside = 0.25
"""

PARTICIPANTS_TEMPLATE = "participant_id,name,aliases,role,area,age_band,quote_ok\n"
SOURCES_TEMPLATE = "file,date,interviewer,source_type\n"


def known_settings(section: str) -> set[str]:
    """The keys a section of sensemaking.toml may hold."""
    return set(DEFAULT_SETTINGS.get(section, {})) | OPTIONAL_SETTINGS.get(section, set())


def check_known(keys: Iterable[str], known: set[str], where: str) -> None:
    """ConfigError for the first of `keys` that is no setting in `known`, naming the
    nearest one: a typo would otherwise be ignored without a word, and the run made with
    the default."""
    for key in keys:
        if key not in known:
            raise ConfigError(f"{where} has no setting {key!r}{did_you_mean(key, known)}; the settings "
                              f"there are: {', '.join(sorted(known))}")


def _checked_shares(population: dict[str, Any], path: Path) -> dict[str, Any]:
    """[population.<attribute>] tables of expected shares, each a number >= 0 and not all
    0: a negative share had stopped `surprises` with scipy's traceback, a word with
    Python's. Percentages (40, 30, 30) are shares too; who's missing normalises them."""
    for attribute, shares in population.items():
        where = f"{path}: [population.{attribute}]"
        if not isinstance(shares, dict):
            raise ConfigError(f"{path}: [population] {attribute} = {shares!r} should be a table: write "
                              f"[population.{attribute}] on a line of its own, then a line per group "
                              "with its share (Northfield = 0.25)")
        for group, share in shares.items():
            try:
                checked_number(share, f"population.{attribute}", group, low=0)
            except ConfigError as exc:
                raise ConfigError(f"{path}: {exc}; a share of the population, as 0.25 or 25") from None
        if shares and not sum(shares.values()):
            raise ConfigError(f"{where}: every share is 0; give each group its share of the population")
    return population


def checked_settings(user: dict[str, Any], path: Path) -> dict[str, Any]:
    """`user` (sensemaking.toml) with its numbers checked; a ConfigError naming the file
    and the key for a section or setting not known, or a number out of range."""
    out = dict(user)
    for section, values in user.items():
        if section not in DEFAULT_SETTINGS:
            hint = did_you_mean(section, DEFAULT_SETTINGS, shown=lambda s: f"[{s}]")
            raise ConfigError(f"{path}: unknown section [{section}]{hint}; sections are: "
                              f"{', '.join(f'[{s}]' for s in DEFAULT_SETTINGS)}")
        if not isinstance(values, dict):
            raise ConfigError(f"{path}: {section} = {values!r} should be a section: write [{section}] "
                              "on a line of its own and its settings under it")
        if section in OPEN_SECTIONS:
            out[section] = _checked_shares(values, path)
            continue
        check_known(values, known_settings(section), f"{path}: [{section}]")
        try:
            checked_choices(section, values)
            out[section] = checked_numbers(section, values)
        except ConfigError as exc:
            raise ConfigError(f"{path}: {exc}") from None
    return out


EMBEDDERS = ("minilm", "tfidf")  # [themes] embedder: the sentence model, or TF-IDF with no model
CHOICES = {"themes": {"embedder": EMBEDDERS}}  # settings that take one of a few words


def checked_choices(section: str, values: dict[str, Any]) -> None:
    """A ConfigError for a setting of `[section]` that is none of its words (`CHOICES`):
    `embedder = "bert"` had been found only when themes ran, after ingest."""
    for key, words in CHOICES.get(section, {}).items():
        if key in values and values[key] not in words:
            raise ConfigError(f"[{section}] {key} = {values[key]!r} must be one of {', '.join(words)}"
                              + did_you_mean(str(values[key]).lower(), words))


def checked_numbers(section: str, values: dict[str, Any]) -> dict[str, Any]:
    """`values` of `[section]` with each numeric setting checked (`checked_number`)."""
    out = dict(values)
    for key, (whole, low, high) in NUMBERS.get(section, {}).items():
        if out.get(key) is not None:
            out[key] = checked_number(out[key], section, key, whole=whole, low=low, high=high)
    return out


def checked_number(value: Any, section: str, key: str, *, whole: bool = False,
                   low: float | None = None, high: float | None = None) -> Any:
    """`value` of the setting `[section] key` if it is a number (a whole one with `whole`)
    from `low` to `high`; else a ConfigError that names the setting, the range and the
    default, rather than a failure deep inside a library."""
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if number and (not whole or float(value).is_integer()) and (low is None or value >= low) \
            and (high is None or value <= high):
        return int(value) if whole else float(value)
    kind = "a whole number" if whole else "a number"
    low, high = (int(b) if b is not None and float(b).is_integer() else b for b in (low, high))
    span = (f"from {low} to {high}" if low is not None and high is not None
            else f">= {low}" if low is not None else f"<= {high}" if high is not None else "")
    default = DEFAULT_SETTINGS.get(section, {}).get(key)
    raise ConfigError(f"[{section}] {key} = {value!r} must be {kind} {span}".rstrip()
                      + (f" (default {default})" if default is not None else ""))


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


class Project:
    """A sensemaking project folder: paths, settings, and the stages run over it."""

    def __init__(self, root: str | Path):
        self.root = Path(root).resolve()
        if not self.root.exists() and not Path(root).is_absolute():
            # "data/sample" from a notebook in notebooks/: the path is read from the folder
            # Python runs in, which is not where the user thinks
            raise ConfigError(f"there is no folder {root} in {Path.cwd()}, where this runs: give the "
                              "project's path from here or in full (from notebooks/ the sample is "
                              f"../data/sample), or create a project with `sensemaking init {root}`")
        if not (self.root / SETTINGS_FILE).is_file():
            inside = next((p for p in self.root.parents if (p / SETTINGS_FILE).is_file()), None)
            fix = (f"it is inside the project {inside}: give that folder instead" if inside
                   else f"create one with `sensemaking init {root}`")
            raise ConfigError(f"{self.root} is not a sensemaking project (no {SETTINGS_FILE}); {fix}")
        self.settings = self._load_settings()

    def __repr__(self) -> str:
        return f"Project({str(self.root)!r})"

    # -- paths -------------------------------------------------------------------
    @property
    def raw_dir(self) -> Path:
        return self.root / "data" / "raw"

    @property
    def manifest_path(self) -> Path:
        return _table_path(self.root / "data" / "participants")

    @property
    def sources_path(self) -> Path:
        return _table_path(self.root / "data" / "sources")

    @property
    def private_dir(self) -> Path:
        return self.root / "private"

    @property
    def annotations_dir(self) -> Path:
        return self.root / "annotations"

    @property
    def cache_dir(self) -> Path:
        return self.root / ".sensemaking"

    @property
    def workshops_dir(self) -> Path:
        return self.root / "workshops"

    @property
    def reports_dir(self) -> Path:
        return self.root / "reports"

    @property
    def seed(self) -> int:
        return int(self.settings["project"]["seed"])

    def config(self, section: str) -> dict[str, Any]:
        """Settings of one section, defaults filled in."""
        return self.settings.get(section, {})

    def _load_settings(self) -> dict[str, Any]:
        from .errors import InputError
        from .ingest.decode import read_text_file

        path = self.root / SETTINGS_FILE
        try:  # as an editor saved it: with a BOM, or UTF-16 from Notepad
            user = tomllib.loads(read_text_file(path))
        except InputError as exc:
            raise ConfigError(f"{exc}; save it again as UTF-8 text") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: {exc}; fix the TOML syntax there") from None
        return _merge(DEFAULT_SETTINGS, checked_settings(user, path))

    # -- stages --------------------------------------------------------------------
    def ingest(self, progress=None):
        """Read, pseudonymise and segment every source; returns the ingest report."""
        from .ingest import ingest_project

        return ingest_project(self, progress=progress)

    @property
    def excerpts(self) -> pd.DataFrame:
        """The excerpt table (columns in `sensemaking.tables.EXCERPT_COLUMNS`)."""
        path = self.cache_dir / "excerpts.parquet"
        if not path.is_file():
            raise StageError(
                f"no excerpts yet in {self.root}; run `project.ingest()` "
                f"or `sensemaking ingest {self.root}`"
            )
        return pd.read_parquet(path)

    def find_themes(self, progress=None, **overrides):
        """Embed excerpts and fit candidate themes (see `sensemaking.themes`)."""
        from .themes import run_themes

        return run_themes(self, progress=progress, **overrides)

    @property
    def themes(self) -> pd.DataFrame:
        """The latest model themes (fields in `sensemaking.tables.THEME_FIELDS`)."""
        from . import io

        return pd.DataFrame(io.read_json(self._output("themes.json", "find_themes", "themes")))

    @property
    def assignments(self) -> pd.DataFrame:
        """One row per excerpt: its primary model theme (-1 = none fits)."""
        return pd.read_csv(self._output("assignments.csv", "find_themes", "themes"))

    @property
    def set_aside(self) -> pd.DataFrame:
        """The excerpts the latest themes run kept out of every theme, and why
        (excerpt_id, reason: non_answer, small_talk, small_talk_theme)."""
        return pd.read_csv(self._output("set_aside.csv", "find_themes", "themes"), dtype={"excerpt_id": str})

    def find_surprises(self, progress=None):
        """Rank what should make a workshop stop and look (see `sensemaking.surprises`)."""
        from .surprises import run_surprises

        return run_surprises(self, progress=progress)

    @property
    def surprises(self) -> pd.DataFrame:
        """The latest ranked surprises (fields in `sensemaking.tables.SURPRISE_FIELDS`),
        those found on the latest themes run (`surprise_items`)."""
        self._output("surprises.json", "find_surprises", "surprises")  # never found: say what to run
        return surprise_frame(self.surprise_items()[0])

    def surprise_items(self) -> tuple[list[dict], int]:
        """The items of surprises.json found on the latest themes run (run.json), in rank
        order, and how many items of an earlier run were left out: their theme ids may name
        other themes now (after `sensemaking themes --themes 8`, say). ([], 0) when
        surprises were never found. A theme id is a whole number or None, also in files
        of earlier versions, which wrote 5.0, and NaN for none. `theme_label` is the model
        theme's label, as the item's sentences name it (`wording.in_team_words`)."""
        from . import io

        path, run = self.cache_dir / "surprises.json", self.cache_dir / "run.json"
        data = io.read_json(path) if path.is_file() else []
        items = list(data.get("surprises", [])) if isinstance(data, dict) else list(data)
        run_id = io.read_json(run).get("run_id") if run.is_file() else None
        themes = self.cache_dir / "themes.json"
        labels = {_whole(t.get("theme_id")): t.get("label") for t in (io.read_json(themes) if themes.is_file() else [])}
        current = [{**s, "theme_id": _whole(s.get("theme_id")), "theme_label": labels.get(_whole(s.get("theme_id")))}
                   for s in items if not run_id or s.get("run_id") in (None, run_id)]
        return current, len(items) - len(current)

    def board(self, name: str, *, paper: str = "a3", tables: int = 1, progress=None) -> Path:
        """Print a workshop pack into workshops/<name>/ (see `sensemaking.boards`)."""
        from .boards import make_pack

        return make_pack(self, name, paper=paper, tables=tables, progress=progress)

    def report(self, progress=None) -> dict[str, Path]:
        """Write the partner report and exports into reports/ (see `sensemaking.reports`)."""
        from .reports import make_report

        return make_report(self, progress=progress)

    def _output(self, filename: str, method: str, command: str) -> Path:
        """The path of a stage output in `.sensemaking/`; StageError saying what to run when
        it is not there yet."""
        path = self.cache_dir / filename
        if not path.is_file():
            raise StageError(
                f"no {filename} yet in {self.root}; run `project.{method}()` "
                f"or `sensemaking {command} {self.root}`"
            )
        return path

    def run(self, progress=None, force: bool = False):
        """Run every stage whose inputs changed, in order; returns their results."""
        from .pipeline import run_stages

        return run_stages(self, progress=progress, force=force)

    def status(self):
        """Which stage outputs are missing or out of date."""
        from .pipeline import stage_status

        return stage_status(self)

    @property
    def name(self) -> str:
        """The project's name (`[project] name`), scrubbed as the team's text: it is
        printed on every report, export and pack, a person named in it as their pseudonym."""
        return self.team_text.scrub(str(self.config("project").get("name") or self.root.resolve().name))

    @cached_property
    def team_text(self) -> Pseudonymiser:
        """Scrubs what the team types (labels, memos, codes, authors, expectations) by the
        rules the sources went through, so a name or number typed there never reaches a
        log, board or report; built from the manifest and private/ on first use."""
        from .ingest.manifest import load_manifest
        from .privacy import Pseudonymiser

        return Pseudonymiser(load_manifest(self.manifest_path), self.private_dir,
                             interviewer_roles=self.config("ingest")["interviewer_roles"])

    @cached_property
    def workspace(self) -> Workspace:
        """The team's annotations over the latest run (see `sensemaking.workspace`)."""
        from .workspace import Workspace

        return Workspace(self)


def _table_path(stem: Path) -> Path:
    """`stem.csv`, or `stem.xlsx` where the table was saved from a spreadsheet as that.
    Both at once is an error: reading one while the team edits the other would leave
    people out of the manifest, and so unpseudonymised."""
    csv, xlsx = stem.with_suffix(".csv"), stem.with_suffix(".xlsx")
    if xlsx.is_file() and csv.is_file():
        raise ConfigError(f"{csv} and {xlsx.name} both exist; keep one of them "
                          "(sensemaking reads either)")
    return xlsx if xlsx.is_file() else csv


def surprise_frame(items: list[dict[str, Any]]) -> pd.DataFrame:
    """Surprise items as a table, theme ids whole numbers beside missing ones (6, not 6.0);
    with no items, an empty table with the columns a notebook selects and groups by."""
    from .surprises import COLUMNS

    frame = pd.DataFrame(items, columns=None if items else COLUMNS)
    return frame.astype({"theme_id": "Int64"}) if "theme_id" in frame else frame


def open_project(path: str | Path = ".") -> Project:
    """Open an existing project folder."""
    return Project(path)


def init_project(path: str | Path, name: str | None = None) -> Project:
    """Create the project layout under `path` (existing files are left untouched)."""
    root = Path(path)
    for sub in ("data/raw", "private", "annotations", "workshops", "reports"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    (root / "private").chmod(0o700)
    files = {
        SETTINGS_FILE: TEMPLATE_TOML.format(name=name or root.resolve().name),
        "data/participants.csv": PARTICIPANTS_TEMPLATE,
        "data/sources.csv": SOURCES_TEMPLATE,
    }
    for rel, text in files.items():
        target = root / rel
        if not target.exists():
            target.write_text(text, encoding="utf-8")
    return Project(root)


def _whole(value: Any) -> int | None:
    """A theme id read from JSON as a whole number; None for none (None or NaN)."""
    return None if value is None or pd.isna(value) else int(value)

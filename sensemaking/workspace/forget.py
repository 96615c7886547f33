"""Consent withdrawal: erase a participant's words from the project, with a report.

`forget(project, "P07")` (the pseudonym, or the manifest participant_id):

1. records the withdrawal in `annotations/withdrawn.json` first, so everything that
   reads the workspace (resolved themes, quotes, search, boards, reports) leaves them out
   from then on, even if a later ingest brought their words back;
2. drops their excerpts from every table in `.sensemaking/` (excerpts, assignments,
   map, codes, ...) and their ids, quotes and evidence from every JSON output
   (themes, surprises, hierarchy, ...);
3. deletes the stored text of sources that were theirs alone and blanks their passages
   (same length, so other excerpts' offsets still hold) in shared ones;
4. removes their vectors from the embedding cache, and every cached vector of a label
   candidate (a phrase someone said; made again on the next run);
5. redacts passages quoting them from annotation text (memos, labels, notes, reasons);
   events keep only ids, so the history of decisions stays whole;
6. redacts them from packs and reports made before (text files) and lists those, and
   every file it cannot check (pdf, docx, ...), to be made again.

Passages count as quoting them when they share a run of `QUOTE_WORDS` words with their
excerpts that no one else's excerpt contains (so common phrases are left alone).
The raw files in data/raw/ are the team's to delete: the report names them.
"""

from __future__ import annotations

import csv
import re
import shutil
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .. import io
from ..embed import PHRASE_CACHE, text_hash
from ..errors import InputError
from .events import TEXT_FIELDS, now
from .store import EventStore

if TYPE_CHECKING:
    from ..project import Project

QUOTE_WORDS = 5
REDACTED = "[withdrawn]"
WITHDRAWN_FILE = "withdrawn.json"
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_TEXT_OUTPUTS = {".html", ".htm", ".csv", ".json", ".txt", ".md", ".xml", ".svg", ".qdc"}


@dataclass
class ForgetReport:
    """What `forget` changed; paths are relative to the project. Those of `raw_sources` are
    the files in data/raw/ as the team named them (which may name someone): the files the
    team must delete or edit by hand."""

    participant_id: str
    excerpts_removed: int = 0
    files_changed: dict[str, str] = field(default_factory=dict)
    annotation_texts_redacted: int = 0
    outputs_to_redo: list[str] = field(default_factory=list)
    raw_sources: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        lines = [
            (f"{self.participant_id}: {self.excerpts_removed} excerpts removed; "
            f"{len(self.files_changed)} files changed; "
            f"{self.annotation_texts_redacted} annotation texts redacted."),
        ]
        if self.outputs_to_redo:
            lines.append(f"Packs and reports made before may show {self.participant_id}'s words "
                         "(those that are text were redacted; PDF, Word and other files cannot be "
                         "checked). Make them again and destroy old printed copies of:")
            lines += [f"  {path}" for path in self.outputs_to_redo]
        if self.raw_sources:
            lines.append(f"{self.participant_id}'s words are still in these raw files: delete or edit "
                         "them by hand (until then every output keeps leaving them out):")
            lines += [f"  {path}" for path in self.raw_sources]
        lines.append("Counts and labels in themes and surprises are refreshed by the next "
                     "`sensemaking run`.")
        return "\n".join(lines)


def withdrawn_ids(project: Project) -> set[str]:
    """Pseudonyms of participants who withdrew (ingest and every output leave them out)."""
    path = project.annotations_dir / WITHDRAWN_FILE
    return {str(item["participant_id"]) for item in io.read_json(path)} if path.is_file() else set()


def forget(project: Project, participant_id: str, *, by: str | None = None) -> ForgetReport:
    """Erase a participant's words everywhere; see the module docstring."""
    excerpts = _read_excerpts(project)
    pid = _pseudonym(project, str(participant_id).strip(), excerpts)
    mine = excerpts["participant_id"].astype(str).eq(pid) if len(excerpts) else pd.Series(dtype=bool)
    theirs = excerpts[mine] if len(excerpts) else excerpts
    report = ForgetReport(pid, excerpts_removed=len(theirs))
    report.raw_sources = _raw_files(project, theirs)
    _record(project, pid, by, len(theirs))
    ids = set(theirs["excerpt_id"].astype(str)) if len(theirs) else set()
    redactor = QuoteRedactor(
        [str(t) for t in theirs.get("text", [])],
        [str(t) for t in excerpts[~mine]["text"]] if len(excerpts) else [],
    )
    _scrub_sources(project, pid, theirs, excerpts[~mine] if len(excerpts) else excerpts, report)
    _scrub_embeddings(project, [str(t) for t in theirs.get("text", [])], report)
    for path in sorted(project.cache_dir.rglob("*")) if project.cache_dir.is_dir() else []:
        if _skip(project, path):
            continue
        changed = _scrub_file(path, ids, pid, redactor)
        if changed:
            report.files_changed[_rel(project, path)] = changed
    report.annotation_texts_redacted = _scrub_annotations(project, redactor, report)
    report.outputs_to_redo = _old_outputs(project, redactor)
    return report


def _read_excerpts(project: Project) -> pd.DataFrame:
    path = project.cache_dir / "excerpts.parquet"
    return pd.read_parquet(path) if path.is_file() else pd.DataFrame(
        columns=["excerpt_id", "participant_id", "source_id", "text"])


def _raw_files(project: Project, theirs: pd.DataFrame) -> list[str]:
    """The files in data/raw/ their excerpts came from, by the names ingest read them under
    (a project ingested before that was recorded: the name each was ingested as)."""
    from ..privacy.pseudonymiser import source_files

    raw = _rel(project, project.raw_dir)
    named = source_files(project.private_dir)
    found = set(theirs["source_id"].astype(str)) if len(theirs) else set()
    return sorted(f"{raw}/{named[s]}" if s in named else f"{raw}/ (the file ingested as {s})" for s in found)


def _pseudonym(project: Project, given: str, excerpts: pd.DataFrame) -> str:
    """The pseudonym for a pseudonym or a manifest participant_id (via the private key)."""
    if len(excerpts) and given in set(excerpts["participant_id"].dropna().astype(str)):
        return given
    if given in withdrawn_ids(project):
        return given
    key = project.private_dir / "pseudonym_key.csv"
    if key.is_file():
        with open(key, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if row.get("kind") == "participant" and given in (row.get("key"), row.get("pseudonym")):
                    return str(row["pseudonym"])
    raise InputError(
        f"no participant {given!r} in this project; give the pseudonym shown in the tables "
        "(e.g. P07) or the participant_id from data/participants.csv",
        path=project.manifest_path,
    )


def _record(project: Project, pid: str, by: str | None, n: int) -> None:
    path = project.annotations_dir / WITHDRAWN_FILE
    items = io.read_json(path) if path.is_file() else []
    items = [i for i in items if i.get("participant_id") != pid]
    items.append({"participant_id": pid, "time": now(), "by": by or "", "excerpts": n})
    io.write_json(path, items)


class QuoteRedactor:
    """Finds passages that quote someone: runs of words only their excerpts contain."""

    def __init__(self, theirs: Iterable[str], others: Iterable[str], n: int = QUOTE_WORDS):
        self.n = n
        self.texts = [t for t in theirs if t.strip()]
        self.grams: set[tuple[str, ...]] = set()
        for text in self.texts:
            self.grams |= self._grams(self._words(text))
        for text in others:
            if self.grams:
                self.grams -= self._grams(self._words(text))

    @staticmethod
    def _words(text: str) -> list[str]:
        return [w.lower() for w in _WORD.findall(text)]

    def _grams(self, words: list[str]) -> set[tuple[str, ...]]:
        if len(words) < self.n:
            return {tuple(words)} if len(words) >= 3 else set()
        return {tuple(words[i:i + self.n]) for i in range(len(words) - self.n + 1)}

    def redact(self, text: str) -> str:
        """`text` with every quoting passage replaced by [withdrawn]."""
        if not self.grams or not text:
            return text
        tokens = list(_WORD.finditer(text))
        words = [t.group(0).lower() for t in tokens]
        marked = [False] * len(tokens)
        sizes = sorted({len(g) for g in self.grams})
        for size in sizes:
            for i in range(len(words) - size + 1):
                if tuple(words[i:i + size]) in self.grams:
                    marked[i:i + size] = [True] * size
        if not any(marked):
            return text
        out, pos, i = [], 0, 0
        while i < len(tokens):
            if not marked[i]:
                i += 1
                continue
            j = i
            while j + 1 < len(tokens) and marked[j + 1]:
                j += 1
            out += [text[pos:tokens[i].start()], REDACTED]
            pos, i = tokens[j].end(), j + 1
        return "".join(out) + text[pos:]


def _scrub_sources(project: Project, pid: str, theirs: pd.DataFrame, others: pd.DataFrame,
                   report: ForgetReport) -> None:
    from ..ingest import source_text_path

    shared = set(others["source_id"].astype(str)) if len(others) else set()
    for source_id, rows in theirs.groupby("source_id") if len(theirs) else []:
        path = source_text_path(project, str(source_id))
        if not path.is_file():
            continue
        if str(source_id) not in shared:
            path.unlink()
            report.files_changed[_rel(project, path)] = "deleted (their words alone)"
            continue
        text = path.read_text(encoding="utf-8")
        kept = _spans(others[others["source_id"].astype(str) == str(source_id)])
        io.write_text(path, _blank_turns(text, pid, _spans(rows), kept, _source_type(str(source_id), rows)))
        report.files_changed[_rel(project, path)] = "their passages blanked"


def _spans(rows: pd.DataFrame) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in zip(rows["char_start"], rows["char_end"], strict=True)
            if pd.notna(a) and pd.notna(b)]


def _source_type(source_id: str, rows: pd.DataFrame) -> str:
    types = rows["source_type"].dropna().astype(str) if "source_type" in rows else ()
    return types.iloc[0] if len(types) else PurePosixPath(source_id).suffix.lower().lstrip(".")


def _blank_turns(text: str, pid: str, spans: list[tuple[int, int]], kept: list[tuple[int, int]],
                 source_type: str) -> str:
    """`text` with their excerpts (`spans`) and every turn of theirs blanked, read as ingest
    reads turns: from the label to the next speaker's, continuation lines and turns too
    short to be excerpts too (the stored text is what the QDPX carries). Theirs are the
    turns under their pseudonym, and under a label ("A", initials) whose turns hold their
    excerpts and none of anyone else's (`kept`). Same length, so offsets still hold."""
    from ..ingest import stored_turns
    from ..ingest.labels import classify_lines, label_key

    key = label_key(pid)
    turns = stored_turns(text, source_type, known=frozenset({key}))

    def labels_holding(found: list[tuple[int, int]]) -> set[str]:
        return {label_key(t.speaker or "") for t in turns
                if any(t.char_start <= a and b <= t.char_end for a, b in found)}

    keys = {key} | (labels_holding(spans) - labels_holding(kept))
    blank = spans + [(t.char_start, t.char_end) for t in turns if label_key(t.speaker or "") in keys]
    # a line under their label that is no trusted turn ("P07: Hi" once, above the others)
    blank += [(ln.rest, ln.end) for ln in classify_lines(text) if ln.kind == "label" and ln.key == key]
    chars = list(text)
    for start, end in blank:
        chars[start:end] = re.sub(r"\S", " ", text[start:end])
    return "".join(chars)


def _scrub_embeddings(project: Project, texts: list[str], report: ForgetReport) -> None:
    hashes = {text_hash(t) for t in texts}
    folder = project.cache_dir / "embeddings"
    for path in sorted(folder.glob("*.npz")) if folder.is_dir() and hashes else []:
        with np.load(path, allow_pickle=False) as data:
            stored, vectors = [str(h) for h in data["hashes"]], data["vectors"]
        keep = [i for i, h in enumerate(stored) if h not in hashes]
        if len(keep) == len(stored):
            continue
        with io.atomic_path(path) as tmp, open(tmp, "wb") as fh:
            np.savez(fh, hashes=np.array([stored[i] for i in keep]), vectors=vectors[keep])
        report.files_changed[_rel(project, path)] = f"{len(stored) - len(keep)} vectors removed"
    phrases = folder / PHRASE_CACHE
    if phrases.is_dir():
        shutil.rmtree(phrases)
        report.files_changed[_rel(project, phrases)] = "label phrase vectors removed (made again on the next run)"


def _skip(project: Project, path: Path) -> bool:
    parts = path.relative_to(project.cache_dir).parts
    return not path.is_file() or parts[0] in ("sources", "embeddings") or path.name.startswith(".")


def _scrub_file(path: Path, ids: set[str], pid: str, redactor: QuoteRedactor) -> str:
    """Scrub one table or JSON output in place; returns what changed ("" if nothing)."""
    if path.suffix == ".json":
        data = io.read_json(path)
        new = _scrub_json(data, ids, pid, redactor)
        if new != data:
            io.write_json(path, new)
            return "ids, quotes and evidence removed"
        return ""
    if path.suffix not in (".csv", ".parquet"):
        return ""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False) if path.suffix == ".csv" \
        else pd.read_parquet(path)
    keep = pd.Series(True, index=frame.index)
    for column in ("excerpt_id", "participant_id"):
        if column in frame:
            keep &= ~frame[column].astype(str).isin(ids | {pid})
    out = frame[keep].copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(lambda v: redactor.redact(v) if isinstance(v, str) else v)
    if len(out) == len(frame) and out.equals(frame):
        return ""
    (io.write_csv if path.suffix == ".csv" else io.write_parquet)(path, out)
    return f"{len(frame) - len(out)} rows removed"


def _scrub_json(value: Any, ids: set[str], pid: str, redactor: QuoteRedactor) -> Any:
    if isinstance(value, dict):
        return {k: _scrub_json(v, ids, pid, redactor) for k, v in value.items()}
    if isinstance(value, list):
        kept = [v for v in value if not _about(v, ids, pid)]
        return [_scrub_json(v, ids, pid, redactor) for v in kept]
    if isinstance(value, str):
        return redactor.redact(value)
    return value


def _about(value: Any, ids: set[str], pid: str) -> bool:
    """A list item that is theirs: their excerpt id or pseudonym, or a record of either."""
    if isinstance(value, str):
        return value in ids or value == pid
    if isinstance(value, dict):
        return value.get("excerpt_id") in ids or value.get("participant_id") == pid
    return False


def _scrub_annotations(project: Project, redactor: QuoteRedactor, report: ForgetReport) -> int:
    store = EventStore(project.annotations_dir)
    total = 0

    def transform(record: dict) -> dict:
        data = dict(record.get("data") or {})
        for name in TEXT_FIELDS:
            if isinstance(data.get(name), str):
                data[name] = redactor.redact(data[name])
        return {**record, "data": data, "reason": redactor.redact(str(record.get("reason") or ""))}

    for path in store.log_files():
        changed = store.rewrite(path, transform, redactor.redact)
        if changed:
            total += changed
            report.files_changed[_rel(project, path)] = f"{changed} events redacted"
    return total


def _old_outputs(project: Project, redactor: QuoteRedactor) -> list[str]:
    """Packs and reports made before: text files that quote them are redacted in place;
    all that did, and every file that cannot be checked (pdf, docx, ...), are listed."""
    from ..reports import rewritten

    found = []
    for folder in (project.workshops_dir, project.reports_dir):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if not path.is_file():
                continue
            if path.suffix.lower() in _TEXT_OUTPUTS:
                text = path.read_text(encoding="utf-8", errors="replace")
                redacted = redactor.redact(text)
                if redacted == text:
                    continue
                io.write_text(path, redacted)
                rewritten(path)
            found.append(_rel(project, path))
    return found


def _rel(project: Project, path: Path) -> str:
    return path.relative_to(project.root).as_posix()

"""The event store: one append-only JSON Lines log per author in `<project>/annotations/`.

Why this design (and not SQLite): project folders live in OneDrive, Dropbox or SharePoint
sync, where SQLite's WAL and locks are unsafe and a synced database file can be corrupted
or silently rolled back. Plain append-only text survives that:

- Several writers: each author appends to their own `events-<author>.jsonl`, so two
  machines rarely touch the same file. On one machine, appends take an exclusive
  `flock` and go out as a single `write` on an `O_APPEND` descriptor, then `fsync`.
- A writer killed mid-write leaves at most one torn last line. Readers skip it and
  report it (file and line), never fail; the next append first ends that torn line so
  no later event is glued to it.
- Sync conflicts: a sync client that sees two versions of one log keeps both, as
  "events-alice (conflicted copy).jsonl", "events-alice-LAPTOP.jsonl" or
  "events-alice (1).jsonl". Every `events*.jsonl` file is read and events are merged by
  UUID, so both copies count and nothing is counted twice.
- Run snapshots (`runs/<run_id>.json`) are written whole and atomically, with the same
  bytes whoever writes them, so a sync conflict between two copies is harmless.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .. import io
from ..errors import AnnotationError
from .events import Event

try:  # POSIX; on Windows per-author files keep writers apart
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

LOG_GLOB = "events*.jsonl"


@dataclass(frozen=True)
class Problem:
    """A log line that could not be read (never fatal); `line` counts from 1."""

    file: str
    line: int
    reason: str


@dataclass
class LogRead:
    """Everything read from the logs: unique events and the problems met."""

    events: list[Event] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def author_slug(author: str) -> str:
    """A file-name-safe form of an author name ("Alice B." -> "alice-b")."""
    slug = re.sub(r"[^a-z0-9]+", "-", author.strip().lower()).strip("-")
    if not slug:
        raise AnnotationError(
            f"author {author!r} has no letters or digits; pass by='your name'"
        )
    return slug


@contextmanager
def _locked(fd: int) -> Iterator[None]:
    if fcntl is None:  # pragma: no cover
        yield
        return
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


class EventStore:
    """Reads and appends the annotation logs of one project."""

    def __init__(self, directory: str | Path):
        self.directory = Path(directory)

    def log_path(self, author: str) -> Path:
        return self.directory / f"events-{author_slug(author)}.jsonl"

    @property
    def runs_dir(self) -> Path:
        return self.directory / "runs"

    def log_files(self) -> list[Path]:
        """Every log, conflict copies included, in a fixed order."""
        if not self.directory.is_dir():
            return []
        return sorted(p for p in self.directory.glob(LOG_GLOB) if p.is_file())

    def signature(self) -> tuple:
        """Changes whenever any log changes (used to cache the replayed state)."""
        out = []
        for path in self.log_files():
            stat = path.stat()
            out.append((path.name, stat.st_size, stat.st_mtime_ns))
        return tuple(out)

    def append(self, events: Iterable[Event], author: str) -> Path:
        """Append events to `author`'s log as one locked write, then fsync."""
        lines = [json.dumps(e.to_dict(), ensure_ascii=False, sort_keys=True) for e in events]
        if not lines:
            return self.log_path(author)
        path = self.log_path(author)
        self.directory.mkdir(parents=True, exist_ok=True)
        payload = ("\n".join(lines) + "\n").encode("utf-8")
        while not self._append_once(path, payload):
            pass  # the log was replaced (by `forget`) while we waited: append to the new one
        return path

    @staticmethod
    def _append_once(path: Path, payload: bytes) -> bool:
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            with _locked(fd):
                if os.fstat(fd).st_ino != os.stat(path).st_ino:
                    return False
                size = os.fstat(fd).st_size
                if size and os.pread(fd, 1, size - 1) != b"\n":
                    payload = b"\n" + payload  # end a torn line left by a killed writer
                _write_all(fd, payload)
                os.fsync(fd)
        finally:
            os.close(fd)
        return True

    def read(self) -> LogRead:
        """All unique events from every log, sorted by time; bad lines reported, skipped."""
        result = LogRead()
        seen: dict[str, Event] = {}
        for path in self.log_files():
            result.files.append(path.name)
            for event in self._read_file(path, result.problems):
                seen.setdefault(event.event_id, event)
        result.events = sorted(seen.values(), key=lambda e: e.sort_key)
        return result

    def _read_file(self, path: Path, problems: list[Problem]) -> Iterator[Event]:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            problems.append(Problem(path.name, 0, f"cannot be read ({exc.strerror})"))
            return
        lines = raw.split(b"\n")
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            torn = number == len(lines)  # no newline after it: the write did not finish
            try:
                record = json.loads(line.decode("utf-8"))
                yield Event.from_dict(record if isinstance(record, dict) else {})
            except (ValueError, UnicodeDecodeError, AnnotationError):
                reason = (
                    "torn last line (a writer stopped mid-write); skipped"
                    if torn
                    else "unreadable line (cut off by a stopped writer, or edited); skipped"
                )
                problems.append(Problem(path.name, number, reason))

    def rewrite(self, path: Path, transform, redact) -> int:
        """Rewrite one log line by line under its lock (used only by `forget`).

        `transform(record) -> record` returns the new record; returns how many lines
        changed. A line that cannot be read (a hand edit with a typo, a torn write) is
        kept, its words passed through `redact(text) -> text`: dropping it lost the
        decision on it, which the team can still mend by hand.
        """
        fd = os.open(path, os.O_RDWR)
        changed = 0
        try:
            with _locked(fd):
                out = []
                for line in path.read_bytes().split(b"\n"):
                    if not line.strip():
                        continue
                    try:
                        record = json.loads(line.decode("utf-8"))
                    except (ValueError, UnicodeDecodeError):
                        text = line.decode("utf-8", errors="replace")
                        out.append(redact(text))
                        changed += out[-1] != text
                        continue
                    new = transform(record)
                    changed += new != record
                    out.append(json.dumps(new, ensure_ascii=False, sort_keys=True))
                if changed:
                    io.write_text(path, "".join(line + "\n" for line in out))
        finally:
            os.close(fd)
        return changed

    # -- run snapshots ----------------------------------------------------------
    def snapshot_path(self, run_id: str) -> Path:
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", run_id)
        return self.runs_dir / f"{safe}.json"

    def has_snapshot(self, run_id: str) -> bool:
        return self.snapshot_path(run_id).is_file()

    def write_snapshot(self, run_id: str, data: dict) -> Path:
        path = self.snapshot_path(run_id)
        if not path.is_file():
            io.write_json(path, data)
        return path

    def read_snapshot(self, run_id: str) -> dict | None:
        path = self.snapshot_path(run_id)
        try:
            return io.read_json(path)
        except (OSError, ValueError):
            return None

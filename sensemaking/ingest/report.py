"""The ingest report: what was read, what was skipped and why, what was dropped.

Written to `.sensemaking/ingest_report.json` and printed by `sensemaking ingest`. File
names in it are pseudonymised source ids; reasons and warnings never quote contents.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class SourceReport:
    """One ingested source."""

    source_id: str
    source_type: str
    source_kind: str
    turns: int
    excerpts: int
    participants: int
    dropped: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass
class IngestReport:
    """The whole run: sources read, files skipped (with reasons), counts of what was dropped."""

    sources: list[SourceReport] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dropped: dict[str, int] = field(default_factory=dict)
    excerpts: int = 0
    participants: int = 0
    bytes_read: int = 0

    @property
    def ingested(self) -> int:
        return len(self.sources)

    def by(self, attribute: str) -> dict[str, int]:
        """Excerpts per source_type or source_kind."""
        out: dict[str, int] = {}
        for source in self.sources:
            key = getattr(source, attribute)
            out[key] = out.get(key, 0) + source.excerpts
        return dict(sorted(out.items()))

    def summary(self) -> str:
        dropped = ", ".join(f"{n} {k}" for k, n in self.dropped.items() if n) or "nothing"
        return (f"{self.excerpts} excerpts from {self.ingested} sources "
                f"({self.participants} participants); {len(self.skipped)} file(s) skipped; "
                f"dropped {dropped}")

    def skipped_by_reason(self) -> dict[str, list[str]]:
        """Skipped files grouped by reason, the most common reason first."""
        groups: dict[str, list[str]] = {}
        for item in self.skipped:
            groups.setdefault(item["reason"], []).append(item["file"])
        return dict(sorted(groups.items(), key=lambda kv: -len(kv[1])))

    def warnings_by_kind(self) -> list[tuple[str, list[str]]]:
        """(warning, sources it concerns) with warnings that differ only in their numbers
        together, the most common first; project-wide warnings concern no one source."""
        groups: dict[str, list[tuple[str, str]]] = {}
        for message in self.warnings:
            groups.setdefault(message, []).append((message, ""))
        for source in self.sources:
            for message in source.warnings:
                groups.setdefault(re.sub(r"\d+", "N", message), []).append((message, source.source_id))
        out = []
        for shape, items in sorted(groups.items(), key=lambda kv: -len(kv[1])):
            messages = {m for m, _ in items}
            out.append((messages.pop() if len(messages) == 1 else shape,
                        [s for _, s in items if s]))
        return out

    def messages(self) -> list[str]:
        """One line per skipped file and per warning, for the CLI and `sensemaking run`."""
        lines = [f"skipped {s['file']}: {s['reason']}" for s in self.skipped]
        lines += [f"warning: {w}" for w in self.warnings]
        lines += [f"warning: {s.source_id}: {w}" for s in self.sources for w in s.warnings]
        return lines

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary(),
            "ingested": self.ingested,
            "excerpts": self.excerpts,
            "participants": self.participants,
            "excerpts_by_format": self.by("source_type"),
            "excerpts_by_kind": self.by("source_kind"),
            "dropped": self.dropped,
            "skipped": self.skipped,
            "warnings": self.warnings,
            "sources": [asdict(s) for s in self.sources],
        }

"""The ingest report: what was read, what was skipped and why, what was dropped.

Written to `.sensemaking/ingest_report.json` and printed by `sensemaking ingest`. File
names in it are pseudonymised source ids; reasons and warnings never quote contents.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from ..wording import plural


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
    read_as: list[str] = field(default_factory=list)  # a table's columns by role, by letter


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
    # private/privacy_review.csv: words left in the text that may be names, and given
    # names replaced without a manifest (counts only; the words stay in private/)
    to_review: int = 0
    given_names: int = 0

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
        dropped = ", ".join(f"{n} {k}" for k, n in self.dropped.items() if n)
        left_out = f"; left out {dropped}" if dropped else ""
        privacy = (f"; {plural(self.to_review, 'possible name')} to check in private/privacy_review.csv"
                   if self.to_review else "")
        return (f"{plural(self.excerpts, 'excerpt')} from {plural(self.ingested, 'source')} "
                f"({plural(self.participants, 'participant')}); "
                f"{plural(len(self.skipped), 'file')} skipped{left_out}{privacy}")

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
        return [(_number_ranges([m for m, _ in items]), list(dict.fromkeys(s for _, s in items if s)))
                for _, items in sorted(groups.items(), key=lambda kv: -len(kv[1]))]

    def messages(self, shown: int = 3) -> list[str]:
        """For the CLI and `sensemaking run`: each skip reason once with every file it
        concerns, each kind of warning once with the first `shown` sources, and how the
        first `shown` tables were read (columns by letter)."""
        lines = [f"skipped ({reason}): {', '.join(files)}"
                 for reason, files in self.skipped_by_reason().items()]
        for message, sources in self.warnings_by_kind():
            where = ""
            if sources:
                more = f" and {len(sources) - shown} more" if len(sources) > shown else ""
                where = f" ({len(sources)} source(s): {', '.join(sources[:shown])}{more})"
            lines.append(f"warning: {message}{where}")
        return lines + [f"read as: {line}" for line in self.tables_read(shown)]

    def tables_read(self, shown: int = 3) -> list[str]:
        """How the first `shown` tables were read ("feedback.csv: answers in column D;
        ..."), and how many more the report lists."""
        tables = [f"{s.source_id}: {line}" for s in self.sources for line in s.read_as]
        more = [f"{len(tables) - shown} more tables, in the ingest report"] if len(tables) > shown else []
        return tables[:shown] + more

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary(),
            "ingested": self.ingested,
            "excerpts": self.excerpts,
            "participants": self.participants,
            "excerpts_by_format": self.by("source_type"),
            "excerpts_by_kind": self.by("source_kind"),
            "dropped": self.dropped,
            "privacy_review": {"to_check": self.to_review, "given_names_replaced": self.given_names},
            "skipped": self.skipped,
            "warnings": self.warnings,
            "sources": [asdict(s) for s in self.sources],
        }


def _number_ranges(messages: list[str]) -> str:
    """One message for messages that differ only in their numbers, each number shown as
    the range it takes: "3-25 speaker label(s) match nobody" for 36 sources."""
    numbers = [re.findall(r"\d+", m) for m in messages]
    spans = iter(f"{min(col, key=int)}-{max(col, key=int)}" if len({int(n) for n in col}) > 1 else col[0]
                 for col in zip(*numbers))  # a number as written when it does not vary: "P01"
    return re.sub(r"\d+", lambda _: next(spans), messages[0])

"""Annotation events: the team's decisions, one immutable record each.

Every decision is an `Event` with a UUID, an author, a UTC time, a reason and the
`run_id` it was made against. Events never change once written; undo is a new event
that cancels an earlier one, so the log is a complete account of who decided what.

Kinds and their `data` fields (`theme` values are team theme ids such as "T03"):

    run     run_id, n_excerpts, n_themes          a themes run was adopted (written by the tool)
    rename  theme, label
    merge   theme, other, label?                  `other` joins `theme` and is retired
    split   theme, excerpt_ids, new_theme, label?  those excerpts leave for a new theme
    create  new_theme, label, excerpt_ids?        a theme raised by people, not the model
    move    excerpt_id, theme                     theme None = no theme
    code    excerpt_id, code                      manual coding; several codes per excerpt
    uncode  excerpt_id, code
    memo    target, text                          target: theme, excerpt or surprise key
    tag     target, tag, remove?
    vote    target, value                         dot votes, summed
    status  theme, value                          candidate, agreed or parked
    flag    target, note?                         "this surprised us" (theme or surprise)
    dismiss item                                  a review item looked at (its `key`)
    undo    event                                 cancels that event (undo an undo to redo)

Events written together by `Workspace.apply` share a `batch` id and carry `batch_size`;
replay ignores a batch that is not complete (a writer stopped half way through it).

A field naming a theme the team made (by split or create) has beside it the id of the
event that made it (`theme_event`, `other_event`, `target_event`): two people who split
at once may both have asked for T25, and replay gives the second T26; a later decision
on T25 goes to the theme its writer saw as T25, whichever that was.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from ..errors import AnnotationError
from ..wording import did_you_mean, plural

SYSTEM_AUTHOR = "sensemaking"
STATUSES = ("candidate", "agreed", "parked")

# kind -> (required fields, optional fields)
KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "run": (("run_id",), ("n_excerpts", "n_themes")),
    "rename": (("theme", "label"), ("theme_event",)),
    "merge": (("theme", "other"), ("label", "theme_event", "other_event")),
    "split": (("theme", "excerpt_ids", "new_theme"), ("label", "theme_event")),
    "create": (("new_theme", "label"), ("excerpt_ids",)),
    "move": (("excerpt_id", "theme"), ("theme_event",)),
    "code": (("excerpt_id", "code"), ()),
    "uncode": (("excerpt_id", "code"), ()),
    "memo": (("target", "text"), ("target_event",)),
    "tag": (("target", "tag"), ("remove", "target_event")),
    "vote": (("target", "value"), ("target_event",)),
    "status": (("theme", "value"), ("theme_event",)),
    "flag": (("target",), ("note", "target_event")),
    "dismiss": (("item",), ()),
    "undo": (("event",), ()),
}
TEXT_FIELDS = ("label", "text", "note", "tag", "code")  # free text people typed (scrubbed, redacted by forget)
THEME_ID = re.compile(r"T\d+")  # a team theme id: "T07" (see `replay.theme_code`)


def now() -> str:
    """The current UTC time, ISO 8601 with microseconds (sortable as text)."""
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


@dataclass(frozen=True, slots=True)
class Event:
    """One decision. `data` holds the kind's fields (see the module docstring)."""

    kind: str
    author: str
    data: dict[str, Any]
    event_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    time: str = field(default_factory=now)
    reason: str = ""
    run_id: str | None = None
    batch: str | None = None
    batch_size: int | None = None

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.time, self.event_id)

    def _repr_pretty_(self, printer, cycle) -> None:
        """How a notebook shows the event a call returns: in words, as the history does."""
        theme = str(self.data.get("theme") or self.data.get("target") or "")
        printer.text(f"{describe(self.kind, theme, self.data)} (by {self.author}; event {self.event_id[:8]})")

    def to_dict(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "event_id": self.event_id,
            "kind": self.kind,
            "author": self.author,
            "time": self.time,
            "reason": self.reason,
            "run_id": self.run_id,
            "data": self.data,
        }
        if self.batch:
            record["batch"] = self.batch
            record["batch_size"] = self.batch_size
        return record

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Event:
        """Rebuild an event read from a log line; raises AnnotationError if malformed."""
        try:
            event = cls(
                kind=str(record["kind"]),
                author=str(record["author"]),
                data=dict(record.get("data") or {}),
                event_id=str(record["event_id"]),
                time=str(record["time"]),
                reason=str(record.get("reason") or ""),
                run_id=record.get("run_id"),
                batch=record.get("batch"),
                batch_size=record.get("batch_size"),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise AnnotationError(f"event record lacks a field or has a bad value ({exc})") from None
        validate(event)
        return event


def validate(event: Event) -> None:
    """Check an event's kind and fields (not whether it fits the current state)."""
    if event.kind not in KINDS:
        raise AnnotationError(
            f"unknown event kind {event.kind!r}; valid kinds: {', '.join(sorted(KINDS))}"
        )
    required, optional = KINDS[event.kind]
    missing = [name for name in required if name not in event.data]
    if missing:
        raise AnnotationError(f"{event.kind} event needs {', '.join(missing)}")
    extra = set(event.data) - set(required) - set(optional)
    if extra:
        raise AnnotationError(
            f"{event.kind} event has unknown field(s) {', '.join(sorted(extra))}; "
            f"allowed: {', '.join(required + optional)}"
        )
    if not event.author.strip():
        raise AnnotationError(f"{event.kind} event needs an author (by=...)")
    if event.kind == "status" and event.data["value"] not in STATUSES:
        raise AnnotationError(
            f"status {event.data['value']!r} is not one of {', '.join(STATUSES)}"
            + did_you_mean(str(event.data["value"]), STATUSES)
        )
    if event.kind == "vote" and not isinstance(event.data["value"], int):
        raise AnnotationError("vote value must be a whole number of dots")
    if event.kind in ("split", "create") and not isinstance(
        event.data.get("excerpt_ids", []), list
    ):
        raise AnnotationError(f"{event.kind} excerpt_ids must be a list of excerpt ids")
    if event.kind in ("split", "create") and not THEME_ID.fullmatch(str(event.data["new_theme"])):
        # the id is printed on boards, reports and exports, so it is never free text
        raise AnnotationError(
            f"{event.kind} new_theme must be a theme id: T and digits, such as T07 "
            "(leave it out to get the next free id; put words in the label)"
        )


def make(kind: str, author: str, *, reason: str = "", run_id: str | None = None, **data) -> Event:
    """Build and validate a new event (fresh UUID, current time)."""
    event = Event(kind=kind, author=author, data=data, reason=reason or "", run_id=run_id)
    validate(event)
    return event


def moved(event: Event, moves: dict[str, str]) -> Event:
    """The event with excerpt ids an edit of their source changed read as they are now
    (`sensemaking.moves`); the log itself keeps what was written."""
    data = event.data
    if not moves or not any(k in data for k in ("excerpt_ids", "excerpt_id", "target")):
        return event
    data = dict(data)
    if isinstance(data.get("excerpt_ids"), list):
        data["excerpt_ids"] = [moves.get(e, e) for e in data["excerpt_ids"]]
    for name in ("excerpt_id", "target"):  # a memo's target may be an excerpt
        if isinstance(data.get(name), str):
            data[name] = moves.get(data[name], data[name])
    return replace(event, data=data)


def theme_refs(event: Event) -> list[str]:
    """Team theme ids an event acts on (the themes it makes 'decided')."""
    data = event.data
    refs = [data.get(name) for name in ("theme", "other", "new_theme")]
    if event.kind in ("memo", "tag", "vote", "flag"):
        refs.append(data.get("target"))
    if event.kind == "code":
        refs.append(data.get("code"))
    return [ref for ref in refs if isinstance(ref, str)]


def describe(kind: str, theme: str, detail: dict[str, Any], name: str | None = None) -> str:
    """One event in words ("Renamed T04 to “Getting to the hub”"), as a log row shows it:
    `theme` is the row's theme (or target) and `detail` its other fields. `name` is how to
    call that theme when it is not the subject being renamed or split ("T04 (Bus stop)")."""
    name = name or theme
    d = detail
    count = len(d.get("excerpt_ids") or [])
    return {
        "run": f"Adopted themes run {d.get('run_id', '')}: {d.get('n_themes', '?')} themes from "
               f"{d.get('n_excerpts', '?')} excerpts",
        "rename": f"Renamed {theme} to “{d.get('label', '')}”",
        "merge": f"Merged {d.get('other', '')} into {name}",
        "split": f"Split {plural(count, 'excerpt')} of {theme} into {d.get('new_theme', '')}",
        "create": f"Added a theme raised by people: {d.get('new_theme', '')} “{d.get('label', '')}”",
        "move": f"Moved excerpt {d.get('excerpt_id', '')} to {name or 'no theme'}",
        "code": f"Coded excerpt {d.get('excerpt_id', '')} as “{d.get('code', '')}”",
        "uncode": f"Took the code “{d.get('code', '')}” off excerpt {d.get('excerpt_id', '')}",
        "memo": f"Memo on {name}: “{d.get('text', '')}”",
        "tag": (f"Took the tag “{d.get('tag', '')}” off {name}" if d.get("remove")
                else f"Tagged {name} “{d.get('tag', '')}”"),
        "vote": f"{d.get('value', '')} dot votes for {name}",
        "status": f"Marked {name} as {d.get('value', '')}",
        "flag": f"Flagged {name} as surprising",
        "dismiss": f"Took item {d.get('item', '')} off the review list",
        "undo": f"Undid event {str(d.get('event', ''))[:8]}",
    }.get(kind, kind)

"""`Workspace`: the notebook API over the team's annotations.

    ws = sm.open_project("data/sample").workspace
    ws.themes                                   # team themes over the latest run
    ws.quotes("T03")
    ws.rename("T03", "Bus fares", by="amira", reason="what people call it")
    ws.merge("T03", "T07", by="amira")
    ws.split("T03", ["e1a2", "e9f0"], label="Night buses", by="amira")
    ws.move("e1a2", "T05", by="amira")
    ws.memo("T03", "Raised in every area", by="amira")
    ws.status("T03", "agreed", by="amira")
    ws.search("bus fare")
    ws.history()

Every write is one event in the author's log (see `store`); the themes shown are a
replay of the whole log over the latest run (see `replay` and `identity`). The first
reading of a new run records it (a `run` event and a snapshot of its model themes in
annotations/runs/), so the team's ids and decisions carry over to every later run.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import re
import uuid
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .. import io
from ..errors import AnnotationError
from ..moves import read_moves
from ..project import surprise_frame
from ..wording import in_team_words
from . import events as ev
from .display import KwicTable, ReviewTable, SurpriseTable, TextTable, ThemeTable
from .forget import WITHDRAWN_FILE, withdrawn_ids
from .keys import canonical_key, surprise_keys, team_key
from .replay import State, active_events, apply_event, current_owners, replay, theme_code
from .resolved import (
    ExcerptInfo,
    excerpt_lookup,
    membership,
    model_owners,
    prepare_excerpts,
    resolve_themes,
)
from .runs import RunData, latest_run, run_signature
from .search import kwic
from .store import EventStore, LogRead

if TYPE_CHECKING:
    from ..project import Project

RUN_ID = re.compile(r"run-[0-9a-f]{12}")  # as `themes.stage` makes them
THEME_VIEW = ("theme_id", "label", "status", "size", "participants", "areas", "stability",
              "tentative", "votes", "tags", "memo", "quotes")


@dataclass
class _View:
    """One consistent reading of logs + latest run, cached until either changes."""

    signature: tuple
    log: LogRead
    state: State
    run: RunData
    excerpts: pd.DataFrame
    lookup: dict[str, ExcerptInfo]
    resolved: pd.DataFrame


class Workspace:
    """The team's themes and decisions over the latest run of a project.

    `author`: default for `by=` (else the SENSEMAKING_AUTHOR environment variable).
    """

    def __init__(self, project: Project, *, author: str | None = None):
        self.project = project
        self.store = EventStore(project.annotations_dir)
        self.author = author or os.environ.get("SENSEMAKING_AUTHOR")
        self._cached: _View | None = None
        self._excerpts: tuple[tuple, pd.DataFrame, dict[str, ExcerptInfo]] | None = None
        self._told: set[str] = set()  # signatures `_signed` has explained

    def __repr__(self) -> str:
        return f"Workspace({str(self.project.root)!r})"

    # -- reading ------------------------------------------------------------------
    def _signature(self) -> tuple:
        return (self.store.signature(), run_signature(self.project.cache_dir),
                self._excerpts_signature())

    def _excerpts_signature(self) -> tuple:
        out = []
        for path in (self.project.cache_dir / "excerpts.parquet",
                     self.project.annotations_dir / WITHDRAWN_FILE):
            stat = path.stat() if path.is_file() else None
            out.append((stat.st_size, stat.st_mtime_ns) if stat else None)
        return tuple(out)

    def _excerpt_tables(self) -> tuple[pd.DataFrame, dict[str, ExcerptInfo]]:
        """The excerpts that may be shown, as a frame and a lookup (cached: only the
        excerpt table or a withdrawal changes them, not annotations)."""
        signature = self._excerpts_signature()
        if self._excerpts is None or self._excerpts[0] != signature:
            path = self.project.cache_dir / "excerpts.parquet"
            frame = prepare_excerpts(pd.read_parquet(path) if path.is_file() else None,
                                     withdrawn_ids(self.project))
            self._excerpts = (signature, frame, excerpt_lookup(frame))
        return self._excerpts[1], self._excerpts[2]

    def _view(self) -> _View:
        signature = self._signature()
        if self._cached is not None and self._cached.signature == signature:
            return self._cached
        # excerpt ids an edit of their source changed are read as they are now, everywhere
        moves = read_moves(self.project.cache_dir)
        run = latest_run(self.project.cache_dir).moved(moves)
        log = self.store.read()
        # the log's latest run, not any earlier one: data taken out again brings back a run
        # seen before, and decisions made from now on are made on it
        adopted = next((e.data["run_id"] for e in reversed(log.events) if e.kind == "run"), None) == run.run_id
        if not adopted and self._adopt(run):
            log = self.store.read()
        state = replay([ev.moved(e, moves) for e in log.events], lambda r: self._load_run(r, moves),
                       run)
        excerpts, lookup = self._excerpt_tables()
        tentative_below = float(self.project.config("themes").get("tentative_below", 0.5))
        resolved = resolve_themes(state, run, lookup, tentative_below=tentative_below)
        self._cached = _View(self._signature(), log, state, run, excerpts, lookup, resolved)
        return self._cached

    def _adopt(self, run: RunData) -> bool:
        """Record that the team now works on `run` (snapshot + a run event)."""
        try:
            self.store.write_snapshot(run.run_id, run.snapshot())
            data = {"run_id": run.run_id, "n_excerpts": len(run.universe),
                    "n_themes": len(run.themes)}
            event = ev.Event("run", ev.SYSTEM_AUTHOR, data, run_id=run.run_id)
            ev.validate(event)
            self.store.append([event], ev.SYSTEM_AUTHOR)
        except OSError:
            return False  # read-only project: the replay still ends on this run
        return True

    def _load_run(self, run_id: str, moves: dict[str, str]) -> RunData | None:
        data = self.store.read_snapshot(run_id)
        return RunData.from_snapshot(data).moved(moves) if data else None

    @property
    def run_id(self) -> str:
        return self._view().run.run_id

    @property
    def themes(self) -> ThemeTable:
        """The team's themes (a readable table in notebooks; all columns: `resolved()`)."""
        return ThemeTable(self._view().resolved[list(THEME_VIEW)].copy())

    def resolved(self) -> pd.DataFrame:
        """THE resolved-themes table boards, reports and exports read (tables.RESOLVED_THEME_COLUMNS)."""
        return self._view().resolved.copy()

    def membership(self) -> pd.DataFrame:
        """One row per excerpt and team theme (tables.MEMBERSHIP_COLUMNS)."""
        view = self._view()
        return membership(view.state, view.lookup)

    def quotes(self, theme, n: int | None = None) -> pd.DataFrame:
        """Quotes fit to show for a theme (quote_ok respected), best first."""
        row = self._row(theme)
        frame = TextTable(row["quotes"], columns=["excerpt_id", "participant_id", "source_id", "text"])
        return frame.head(n) if n else frame

    def excerpts(self, theme) -> pd.DataFrame:
        """Every member excerpt of a theme with its text, for review, moving and splitting."""
        view, row = self._view(), self._row(theme)
        frame = view.excerpts.reindex(row["excerpt_ids"])
        frame = frame.assign(excerpt_id=row["excerpt_ids"],
                             how=[view.state.how.get(e, "coded") for e in row["excerpt_ids"]])
        cols = ["excerpt_id", "participant_id", "source_id", "how", "quotable", "text"]
        return TextTable(frame[[c for c in cols if c in frame]].reset_index(drop=True))

    def search(self, query: str, *, theme=None, width: int = 50, regex: bool = False) -> pd.DataFrame:
        """Keyword in context across excerpts (or one theme's); see `search.kwic`."""
        view = self._view()
        primary = {e: t.theme_id for t in view.state.themes.values() for e in t.members}
        frame = view.excerpts
        if theme is not None:
            frame = frame.reindex(self._row(theme)["excerpt_ids"]).dropna(subset=["text"])
        return KwicTable(kwic(frame, query, themes=primary, width=width, regex=regex))

    def codes(self) -> pd.DataFrame:
        """Manual codes: one row per excerpt and code (several codes per excerpt allowed)."""
        state = self._view().state
        rows = [(e, c) for e in sorted(state.codes) for c in sorted(state.codes[e])]
        return pd.DataFrame(rows, columns=["excerpt_id", "code"])

    def history(self) -> pd.DataFrame:
        """Every event, oldest first (tables.ANNOTATION_EVENT_COLUMNS)."""
        view = self._view()
        events = view.log.events
        kept = {e.event_id for e in active_events(events)[0]}
        rows = []
        for e in events:
            data = dict(e.data)
            target = data.pop("theme", None) or data.pop("target", None) or data.get("new_theme")
            target = view.state.targets.get(e.event_id, target)  # a surprise as it is keyed now
            rows.append((e.event_id, e.time, e.author, e.kind, target,
                         json.dumps(data, ensure_ascii=False, sort_keys=True), e.reason, e.run_id,
                         e.kind == "undo" or e.event_id in kept, ev.describe(e.kind, str(target or ""), data)))
        from ..tables import ANNOTATION_EVENT_COLUMNS

        return pd.DataFrame(rows, columns=list(ANNOTATION_EVENT_COLUMNS))

    def export_log(self, path: str | Path) -> Path:
        """Write the whole event log as CSV (one row per event)."""
        return io.write_csv(path, self.history())

    def review(self) -> pd.DataFrame:
        """Decisions and changes the team should look at again (never dropped silently;
        `dismiss` takes an item off once someone has looked at it)."""
        view = self._view()
        labels = {t.theme_id: t.label for t in view.state.themes.values()}
        rows = [(r.key, r.kind, r.theme_id, labels.get(r.theme_id), r.message, r.run_id,
                 r.event_id, r.author) for r in view.state.review]
        return ReviewTable(rows, columns=["key", "kind", "theme_id", "label", "message", "run_id",
                                          "event_id", "author"])

    @property
    def problems(self) -> list[str]:
        """Log lines that could not be read (skipped, never fatal)."""
        return [f"{p.file}, line {p.line}: {p.reason}" for p in self._view().log.problems]

    @property
    def surprises(self) -> SurpriseTable:
        """The ranked surprises with the team theme each concerns, flags and notes."""
        view = self._view()
        owners = model_owners(view.resolved)
        items = in_team_words(self.project.surprise_items()[0], {k: label for k, (_, label) in owners.items()})
        frame = surprise_frame(items)
        frame["key"] = surprise_keys(items, {model_id: team for model_id, (team, _) in owners.items()})
        frame["team_theme_id"] = [owners[i["theme_id"]][0] if i.get("theme_id") in owners else None for i in items]
        frame["flagged"] = [len(view.state.flags.get(k, [])) for k in frame["key"]]
        frame["notes"] = [[n["text"] for n in view.state.notes.get(k, [])] for k in frame["key"]]
        first = ["rank", "kind", "team_theme_id", "explanation", "question"]
        return SurpriseTable(frame[first + [c for c in frame.columns if c not in first]])

    def _row(self, theme) -> dict[str, Any]:
        view = self._view()
        theme_id = resolve_theme(view.state, theme)
        return view.resolved.set_index("theme_id", drop=False).loc[theme_id].to_dict()

    # -- writing ------------------------------------------------------------------
    def rename(self, theme, label: str, *, by: str | None = None, reason: str = "") -> ev.Event:
        """Give a theme the team's own label."""
        return self._one("rename", by, reason, theme=theme, label=_text(label, "label"))

    def merge(self, a, b, *, label: str | None = None, by: str | None = None,
              reason: str = "") -> ev.Event:
        """Merge theme `b` into theme `a` (a keeps its id; b is retired)."""
        fields: dict[str, Any] = {"theme": a, "other": b}
        if label:
            fields["label"] = _text(label, "label")
        return self._one("merge", by, reason, **fields)

    def split(self, theme, excerpt_ids, *, label: str | None = None, by: str | None = None,
              reason: str = "") -> ev.Event:
        """Move these excerpts of `theme` into a new theme; its id is `event.data['new_theme']`."""
        fields: dict[str, Any] = {"theme": theme, "excerpt_ids": _ids(excerpt_ids)}
        if label:
            fields["label"] = _text(label, "label")
        return self._one("split", by, reason, **fields)

    def create(self, label: str, excerpt_ids=(), *, by: str | None = None,
               reason: str = "") -> ev.Event:
        """A new theme the team raised (e.g. in a workshop), with excerpts or none yet."""
        return self._one("create", by, reason, label=_text(label, "label"),
                         excerpt_ids=_ids(excerpt_ids))

    def move(self, excerpt_id: str, theme, *, by: str | None = None, reason: str = "") -> ev.Event:
        """Make `theme` the excerpt's primary theme (None: take it out of every theme)."""
        return self._one("move", by, reason, excerpt_id=str(excerpt_id), theme=theme)

    def code(self, excerpt_id: str, code: str, *, by: str | None = None, reason: str = "") -> ev.Event:
        """Code an excerpt (a team theme id or any code of your own; several per excerpt)."""
        return self._one("code", by, reason, excerpt_id=str(excerpt_id), code=_text(code, "code"))

    def uncode(self, excerpt_id: str, code: str, *, by: str | None = None, reason: str = "") -> ev.Event:
        """Remove a code from an excerpt."""
        return self._one("uncode", by, reason, excerpt_id=str(excerpt_id), code=_text(code, "code"))

    def memo(self, target, text: str, *, by: str | None = None, reason: str = "") -> ev.Event:
        """Write a memo on a theme (or an excerpt, or a surprise by its key)."""
        return self._one("memo", by, reason, target=target, text=_text(text, "memo text"))

    def tag(self, target, tag: str, *, remove: bool = False, by: str | None = None,
            reason: str = "") -> ev.Event:
        """Tag a theme, excerpt or surprise (remove=True takes the tag off)."""
        fields: dict[str, Any] = {"target": target, "tag": _text(tag, "tag")}
        if remove:
            fields["remove"] = True
        return self._one("tag", by, reason, **fields)

    def vote(self, target, dots: int = 1, *, by: str | None = None, reason: str = "") -> ev.Event:
        """Add dot votes to a theme (or a surprise)."""
        return self._one("vote", by, reason, target=target, value=int(dots))

    def status(self, theme, value: str, *, by: str | None = None, reason: str = "") -> ev.Event:
        """Mark a theme candidate, agreed or parked."""
        return self._one("status", by, reason, theme=theme, value=value)

    def flag(self, target, note: str = "", *, by: str | None = None, reason: str = "") -> ev.Event:
        """Flag a theme or a surprise (key, or rank as an int) as something that surprised us."""
        return self._one("flag", by, reason, target=target, note=note)

    def dismiss(self, item, *, by: str | None = None, reason: str = "") -> ev.Event:
        """Take an item off the review list: its `key`, or its row of `ws.review()`.

        The event is kept like any decision (undo it to list the item again). A later
        run that raises the same concern lists it again, as a new item.
        """
        key = item["key"] if isinstance(item, (pd.Series, dict)) else item
        return self._one("dismiss", by, reason, item=key)

    def undo(self, event_id: str, *, by: str | None = None, reason: str = "") -> ev.Event:
        """Cancel an earlier event (a new event; undo the undo to redo): its id, or the
        first 8 characters of it that the history shows."""
        ref = str(event_id).strip()
        found = [e.event_id for e in self._view().log.events if e.event_id.startswith(ref)] if len(ref) >= 8 else []
        return self._one("undo", by, reason, event=found[0] if len(found) == 1 else ref)

    def apply(self, events, *, by: str | None = None, dry_run: bool = False) -> list[ev.Event]:
        """Write several decisions all together or none (the paper round trip of boards).

        `events`: dicts with `kind`, the kind's fields (see `events`), optional `by`,
        `reason` and `run_id` (the run a printed pack came from), or `Event`s. Every
        problem is reported at once in one AnnotationError and nothing is written.
        With `dry_run=True` the checked events are returned and nothing is written.
        """
        specs = [_spec(item) for item in events]
        return self._commit(specs, default_by=by, batch=True, dry_run=dry_run)

    def forget(self, participant_id: str, *, by: str | None = None):
        """Erase a withdrawn participant's words everywhere (see `forget.forget`)."""
        from .forget import forget

        return forget(self.project, participant_id, by=by or self.author)

    def agreement(self, coder_a: str, coder_b: str, excerpt_ids=None) -> pd.DataFrame:
        """Cohen's kappa and Krippendorff's alpha between two coders' blind codes."""
        from .agreement import coder_agreement

        events = active_events(self._view().log.events)[0]
        return coder_agreement(events, coder_a, coder_b, excerpt_ids=excerpt_ids)

    def panel(self):
        """An ipywidgets panel to browse and annotate themes in JupyterLab."""
        from .widgets import ThemePanel

        return ThemePanel(self).widget

    # -- internals ------------------------------------------------------------------
    def _one(self, kind: str, by: str | None, reason: str, **fields) -> ev.Event:
        spec = {"kind": kind, "by": by, "reason": reason, **fields}
        return self._commit([spec], default_by=None, batch=False)[0]

    def _commit(self, specs: list[dict], *, default_by: str | None, batch: bool,
                dry_run: bool = False) -> list[ev.Event]:
        view = self._view()
        trial = copy.deepcopy(view.state)
        known = {e.event_id: e for e in view.log.events}
        keys = set(surprise_keys(self._surprise_items(), current_owners(trial)))
        runs = {e.data["run_id"] for e in view.log.events if e.kind == "run"} | {trial.run_id}
        built, errors = [], []
        for number, spec in enumerate(specs, start=1):
            try:
                event = self._build(spec, trial, default_by, keys, runs)
                _check(trial, event, known)
                known[event.event_id] = event
                built.append(event)
            except AnnotationError as exc:
                errors.append(f"#{number} {spec.get('kind')}: {exc}" if batch else str(exc))
        if errors:
            raise AnnotationError("nothing was written: " + "; ".join(errors))
        if batch and len(built) > 1:
            batch_id = uuid.uuid4().hex
            built = [dataclasses.replace(e, batch=batch_id, batch_size=len(built)) for e in built]
        if not dry_run:
            for author in dict.fromkeys(e.author for e in built):
                self.store.append([e for e in built if e.author == author], author)
            self._cached = None
        return built

    def _signed(self, given: str) -> str:
        """Who signs a decision (`Pseudonymiser.scrub_author`), saying so once where a name
        becomes a listed person's pseudonym or initials: a team member who shares a
        participant's name ("amira", one of P07's) had their decisions shown as P07's."""
        signed = self.project.team_text.scrub_author(given)
        if signed != given.strip() and signed not in self._told:
            self._told.add(signed)
            warnings.warn(f"decisions signed {signed}: the name given is one of a listed person's "
                          "(data/participants.csv or private/deny_list.txt) and stays out of the log; "
                          "if that is not you, sign with a name of your own (full name or initials)",
                          UserWarning, stacklevel=4)
        return signed

    def _build(self, spec: dict, state: State, default_by: str | None, keys: set[str],
               runs: set[str | None]) -> ev.Event:
        spec = dict(spec)
        kind = spec.pop("kind", None)
        by = spec.pop("by", None) or spec.pop("author", None) or default_by or self.author
        if not by:
            raise AnnotationError("say who decided: --by NAME on the command line, by='your name' in a "
                                  "notebook (or set ws.author)")
        by = self._signed(str(by))
        reason = self._scrubbed(str(spec.pop("reason", "") or ""))
        for name in ev.TEXT_FIELDS:
            if isinstance(spec.get(name), str):
                spec[name] = self._scrubbed(spec[name])
        run_id = _run_id(spec.pop("run_id", None), state, runs)
        if kind == "run":
            raise AnnotationError("run events are written by sensemaking itself")
        for name in ("theme", "other"):
            if spec.get(name) is not None:
                spec[name] = resolve_theme(state, spec[name])
        if kind == "memo" or kind in ("tag", "vote", "flag"):
            spec["target"] = _resolve_target(state, spec.get("target"), keys, self._surprise_items())
        for name in ("theme", "other", "target"):  # the theme as this writer sees it (`events`)
            made = state.themes[spec[name]].made_by if spec.get(name) in state.themes else None
            if made is not None:
                spec[f"{name}_event"] = made
        if kind in ("split", "create") and not spec.get("new_theme"):
            spec["new_theme"] = theme_code(state.next_number)
        if kind == "flag" and not spec.get("note"):
            spec.pop("note", None)
        if kind == "dismiss":
            spec["item"] = str(spec.get("item", "")).strip()
            if spec["item"] not in {r.key for r in state.review}:
                raise AnnotationError(f"no review item {spec['item']!r} is listed; the keys are in "
                                      "`sensemaking annotate review DIR` (ws.review() in a notebook)")
        return ev.make(str(kind), str(by), reason=reason, run_id=run_id, **spec)

    def _scrubbed(self, text: str) -> str:
        """`text` a person typed (a label, memo, code, note or reason) pseudonymised as the
        sources are: people on the manifest become their pseudonyms, deny-listed names
        [NAME], phone numbers [PHONE] and so on, before it is written to the log that
        boards, reports and exports read."""
        return self.project.team_text.scrub(text) if text else text

    def _surprise_items(self) -> list[dict]:
        return self.project.surprise_items()[0]


def _check(trial: State, event: ev.Event, known: dict[str, ev.Event]) -> None:
    """Apply an event to the trial state; raise if it does not fit."""
    if event.kind == "undo":
        target = known.get(event.data["event"])
        if target is None:
            raise AnnotationError(f"no event {event.data['event']} in the log; the ids are in "
                                  "`sensemaking annotate history DIR` (ws.history() in a notebook)")
        if target.kind == "run":
            raise AnnotationError("a run cannot be undone; re-run themes instead")
        return
    before = len(trial.review)
    apply_event(trial, event)
    if len(trial.review) > before:
        raise AnnotationError("; ".join(r.message for r in trial.review[before:]))


def resolve_theme(state: State, theme) -> str:
    """A theme id from an id, a label (exact, any case) or a row of `ws.themes`."""
    if isinstance(theme, (pd.Series, dict)):
        theme = theme["theme_id"]
    ref = str(theme).strip()
    if ref in state.themes:
        return ref
    if ref in state.retired:
        raise AnnotationError(f"theme {ref} is {state.retired[ref]}; see ws.themes for current ids")
    matches = [t.theme_id for t in state.themes.values() if t.label.lower() == ref.lower()]
    if len(matches) == 1:
        return matches[0]
    some = ", ".join(list(state.themes)[:5])
    raise AnnotationError(f"no theme {ref!r}; use a theme_id from ws.themes (e.g. {some})")


def _run_id(requested, state: State, runs: set[str | None]) -> str | None:
    """The run a decision was made on: the latest run unless `requested` names another the
    log knows, or one of the run id form (a pack printed from a copy of the project). Any
    other value is refused, not logged: it is printed with the decision wherever it goes."""
    if not requested:
        return state.run_id
    if requested in runs or RUN_ID.fullmatch(str(requested)):
        return str(requested)
    raise AnnotationError("run_id is not a run of this project; leave it out for the latest run "
                          "or give the run_id printed on the pack (run- and 12 hex digits)")


def _resolve_target(state: State, target, keys: set[str], items: list[dict]) -> str:
    owners = current_owners(state)
    if isinstance(target, int) and not isinstance(target, bool):
        by_rank = dict(zip([i.get("rank") for i in items], surprise_keys(items, owners), strict=True))
        if target not in by_rank:
            raise AnnotationError(f"no surprise ranked {target}; see ws.surprises")
        return by_rank[target]
    ref = str(target).strip() if target is not None else ""
    key = team_key(canonical_key(ref), owners)  # a key as an earlier version spelled it, too
    if key in keys:
        return key
    if ref in state.universe:
        return ref
    return resolve_theme(state, target)


def _spec(item) -> dict:
    if isinstance(item, ev.Event):
        return {"kind": item.kind, "by": item.author, "reason": item.reason,
                "run_id": item.run_id, **item.data}
    if not isinstance(item, dict):
        raise AnnotationError(f"apply() takes dicts or Events, not {type(item).__name__}")
    return dict(item)


def _text(value, what: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise AnnotationError(f"the {what} is empty")
    return text


def _ids(excerpt_ids) -> list[str]:
    if isinstance(excerpt_ids, str):
        excerpt_ids = [excerpt_ids]
    if isinstance(excerpt_ids, pd.DataFrame):
        excerpt_ids = excerpt_ids["excerpt_id"]
    return [str(e) for e in excerpt_ids]

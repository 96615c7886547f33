"""The current state of the team's work: a replay of the event log over the runs.

Replay folds the events in time order. A `run` event re-bases the team's themes onto
that run (see `identity.rebase`), also onto a run seen before (data added, then taken out
again); every other event applies one decision. After the last event the state is
re-based onto the latest run if the log has not adopted it yet.
Nothing in the log is ever dropped: a decision that no longer fits (its theme is gone,
its excerpts left the data, two people created the same theme id at once) is kept in
`State.review` with the event that made it. A `dismiss` event takes one review item off
the list once someone has looked at it; the item is matched by its `key`, which covers
its message and run, so the same concern raised again by a later run is listed again.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .events import Event
from .keys import canonical_key, key_theme, team_key
from .runs import RunData


@dataclass
class TeamTheme:
    """A team theme: a named set of excerpts with the team's decisions on it."""

    theme_id: str
    label: str
    members: set[str]
    model_theme_ids: list[int] = field(default_factory=list)
    renamed: bool = False
    decided: bool = False  # the team acted on it: it keeps its members across runs
    status: str = "candidate"
    memo: str = ""
    tags: set[str] = field(default_factory=set)
    votes: int = 0
    flags: list[str] = field(default_factory=list)
    origin: str = "model"  # model, split or create
    made_by: str | None = None  # the split or create event that made it
    merged: list[str] = field(default_factory=list)
    siblings: set[str] = field(default_factory=set)  # split apart by the team


# Review items a re-run raises about what changed in the data or the model's themes
# (`identity.rebase`): undone when the data goes back to a run seen before.
CHANGE_KINDS = frozenset(("agreed_changed", "ambiguous_new_excerpts", "model_splits", "model_merges",
                          "no_longer_found", "excerpts_gone"))
# Of those, the ones that say how a theme stands with the model now: each run says them
# afresh, so one an earlier run raised goes (after seven runs one theme had been listed as
# "no longer found", "separated into two" and "merge with T04" at once).
STANDING_KINDS = frozenset(("model_splits", "model_merges", "no_longer_found"))


@dataclass(frozen=True)
class ReviewItem:
    """A decision, or a change in the data, the team should look at again."""

    kind: str
    theme_id: str | None
    message: str
    run_id: str | None = None
    event_id: str | None = None
    author: str | None = None

    @property
    def key(self) -> str:
        """A short id for dismissing this item: the same on every replay of the same log
        and run, different when the message or the run changes."""
        text = "\x1f".join(str(part or "") for part in
                            (self.kind, self.theme_id, self.message, self.run_id, self.event_id))
        return hashlib.sha1(text.encode()).hexdigest()[:10]


@dataclass
class State:
    themes: dict[str, TeamTheme] = field(default_factory=dict)
    retired: dict[str, str] = field(default_factory=dict)  # theme id -> why
    run_id: str | None = None
    universe: frozenset[str] = frozenset()
    dormant: dict[str, set[str]] = field(default_factory=dict)  # retired by the model: last members
    pinned_out: set[str] = field(default_factory=set)  # moved out of every theme by the team
    how: dict[str, str] = field(default_factory=dict)  # excerpt -> how it got its theme
    codes: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    notes: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    flags: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    tags: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    votes: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    aliases: dict[tuple[str, str], str] = field(default_factory=dict)
    run_owners: dict[str, dict[int, str]] = field(default_factory=dict)  # `theme_owners` per run
    targets: dict[str, str] = field(default_factory=dict)  # event id -> the surprise key it names
    next_number: int = 1
    review: list[ReviewItem] = field(default_factory=list)
    dismissed: set[str] = field(default_factory=set)  # keys of review items looked at
    applied: list[str] = field(default_factory=list)

    def new_id(self) -> str:
        theme_id = theme_code(self.next_number)
        self.next_number += 1
        return theme_id

    def claim_id(self, theme_id: str) -> bool:
        """Reserve a requested id; False when it is taken (or was used before)."""
        if theme_id in self.themes or theme_id in self.retired:
            return False
        number = theme_number(theme_id)
        if number is not None:
            self.next_number = max(self.next_number, number + 1)
        return True

    def theme_of(self, excerpt_id: str) -> str | None:
        for theme in self.themes.values():
            if excerpt_id in theme.members:
                return theme.theme_id
        return None

    def lookup(self, ref: str | None, author: str, made_by: str | None = None) -> TeamTheme | None:
        """The theme `ref` names for `author`; with `made_by` (the event that made the theme
        the writer saw), that theme, whatever id a clash gave it."""
        if ref is None:
            return None
        if made_by is not None:
            made = next((t for t in self.themes.values() if t.made_by == made_by), None)
            if made is not None:
                return made
        ref = self.aliases.get((author, ref), ref)
        return self.themes.get(ref)


def theme_code(number: int) -> str:
    return f"T{number:02d}"


def theme_number(theme_id: str) -> int | None:
    if theme_id[:1] == "T" and theme_id[1:].isdigit():
        return int(theme_id[1:])
    return None


def theme_owners(themes: Iterable[tuple[str, Iterable[int]]]) -> dict[int, str]:
    """Each model theme id -> the team theme holding it, of (team theme id, its model theme
    ids) pairs: the theme a surprise about that model theme is told in. A split leaves the
    model theme in both parts; the part minted first (the theme that was split, whose id is
    lowest) holds it."""
    owners: dict[int, str] = {}
    for theme_id, model_ids in sorted(themes, key=lambda pair: (theme_number(pair[0]) or 0, pair[0])):
        for model_id in model_ids:
            owners.setdefault(int(model_id), theme_id)
    return owners


def current_owners(state: State) -> dict[int, str]:
    """`theme_owners` of the state's themes now."""
    return theme_owners((t.theme_id, t.model_theme_ids) for t in state.themes.values())


class Unfit(Exception):
    """A decision that cannot be applied to the current state (becomes a review item)."""


def _theme(state: State, event: Event, name: str = "theme") -> TeamTheme:
    ref = event.data.get(name)
    theme = state.lookup(ref, event.author, event.data.get(f"{name}_event"))
    if theme is None:
        why = state.retired.get(state.aliases.get((event.author, ref), ref), "unknown theme")
        raise Unfit(f"theme {ref} is not in the current themes ({why})")
    theme.decided = True
    return theme


def _excerpt(state: State, excerpt_id: str) -> str:
    if excerpt_id not in state.universe:
        raise Unfit(f"excerpt {excerpt_id} is not in the data of run {state.run_id}")
    return excerpt_id


def _place(state: State, excerpt_ids: Iterable[str], target: TeamTheme | None, how: str) -> None:
    """Make `target` the primary theme of these excerpts (None: no theme)."""
    ids = set(excerpt_ids)
    for theme in state.themes.values():
        if theme is not target:
            theme.members -= ids
    if target is None:
        state.pinned_out |= ids
    else:
        target.members |= ids
        state.pinned_out -= ids
    for excerpt_id in ids:
        state.how[excerpt_id] = how


def _new_theme(state: State, event: Event, label: str, origin: str) -> TeamTheme:
    requested = event.data["new_theme"]
    notes = []
    theme_id = requested
    if not state.claim_id(requested):
        theme_id = state.new_id()
        state.aliases[(event.author, requested)] = theme_id
        notes.append(f"theme id {requested} was already taken; this theme is {theme_id}")
    theme = TeamTheme(theme_id, label, set(), renamed=True, decided=True, origin=origin,
                      made_by=event.event_id)
    state.themes[theme_id] = theme
    if notes:
        _note(state, event, theme_id, "id_clash", notes[0])
    return theme


def _note(state: State, event: Event, theme_id: str | None, kind: str, message: str) -> None:
    state.review.append(
        ReviewItem(kind, theme_id, message, event.run_id, event.event_id, event.author)
    )


def apply_rename(state: State, event: Event) -> None:
    theme = _theme(state, event)
    theme.label, theme.renamed = event.data["label"], True


def apply_merge(state: State, event: Event) -> None:
    keep, other = _theme(state, event), _theme(state, event, "other")
    if keep is other:
        raise Unfit(f"cannot merge {keep.theme_id} with itself")
    _place(state, sorted(other.members), keep, "merged")
    keep.model_theme_ids += [k for k in other.model_theme_ids if k not in keep.model_theme_ids]
    keep.merged += [other.theme_id, *other.merged]
    keep.tags |= other.tags
    keep.votes += other.votes
    keep.flags += other.flags
    # both memos stay, the merged theme's under its id: one had been dropped
    keep.memo = "\n\n".join(m for m in (keep.memo, other.memo and f"{other.theme_id}: {other.memo}") if m)
    keep.siblings = (keep.siblings | other.siblings) - {keep.theme_id, other.theme_id}
    if event.data.get("label"):
        keep.label, keep.renamed = event.data["label"], True
    del state.themes[other.theme_id]
    state.retired[other.theme_id] = f"merged into {keep.theme_id}"
    _rekey_surprises(state, other.theme_id, keep.theme_id)


def _rekey_surprises(state: State, old: str, new: str) -> None:
    """Notes, flags, tags and votes on surprises about theme `old` go with it to `new`."""
    for store in (state.notes, state.flags, state.tags, state.votes):
        for key in [k for k in store if key_theme(k) == old]:
            value = store.pop(key)
            moved = key.replace(f":{old}:", f":{new}:", 1)
            store[moved] = store[moved] | value if isinstance(value, set) else store[moved] + value


def apply_split(state: State, event: Event) -> None:
    source = _theme(state, event)
    wanted = list(dict.fromkeys(event.data["excerpt_ids"]))
    moving = [e for e in wanted if e in source.members]
    label = event.data.get("label") or f"{source.label} (split)"
    theme = _new_theme(state, event, label, "split")
    theme.siblings.add(source.theme_id)
    source.siblings.add(theme.theme_id)
    theme.model_theme_ids = list(source.model_theme_ids)
    _place(state, moving, theme, "split")
    left = len(wanted) - len(moving)
    if left:
        _note(state, event, theme.theme_id, "split_partial",
              f"{left} of {len(wanted)} excerpts to split off were no longer in {source.theme_id}")


def apply_create(state: State, event: Event) -> None:
    wanted = [e for e in event.data.get("excerpt_ids", []) if e in state.universe]
    theme = _new_theme(state, event, event.data["label"], "create")
    _place(state, wanted, theme, "created")
    left = len(event.data.get("excerpt_ids", [])) - len(wanted)
    if left:
        _note(state, event, theme.theme_id, "excerpt_missing",
              f"{left} excerpts for new theme {theme.theme_id} are not in the data")


def apply_move(state: State, event: Event) -> None:
    excerpt_id = _excerpt(state, event.data["excerpt_id"])
    target = None if event.data["theme"] is None else _theme(state, event)
    source = state.lookup(state.theme_of(excerpt_id), event.author)
    if source is not None:
        source.decided = True
    _place(state, [excerpt_id], target, "moved")


def apply_code(state: State, event: Event) -> None:
    excerpt_id = _excerpt(state, event.data["excerpt_id"])
    code = state.aliases.get((event.author, event.data["code"]), event.data["code"])
    if code in state.themes:
        state.themes[code].decided = True
    if event.kind == "code":
        state.codes[excerpt_id].add(code)
    else:
        state.codes[excerpt_id].discard(code)


def _target(state: State, event: Event) -> TeamTheme | str:
    """A theme when the target names one, else the key itself (excerpt or surprise)."""
    ref = event.data["target"]
    theme = state.lookup(ref, event.author, event.data.get("target_event"))
    if theme is not None:
        theme.decided = True
        return theme
    if ref in state.retired:
        raise Unfit(f"theme {ref} is not in the current themes ({state.retired[ref]})")
    if not isinstance(ref, str):
        return ref
    # a key naming a model theme by number: the team theme that held it in the run it was
    # made on (a pack printed from an earlier run, too)
    owners = state.run_owners.get(event.run_id or "") if event.run_id != state.run_id else None
    key = team_key(canonical_key(ref), owners if owners is not None else current_owners(state))
    state.targets[event.event_id] = key
    return key


def apply_memo(state: State, event: Event) -> None:
    target = _target(state, event)
    if isinstance(target, TeamTheme):
        target.memo = event.data["text"]
    else:
        state.notes[target].append({"text": event.data["text"], "author": event.author,
                                    "time": event.time, "event_id": event.event_id})


def apply_tag(state: State, event: Event) -> None:
    target = _target(state, event)
    tags = target.tags if isinstance(target, TeamTheme) else state.tags[target]
    (tags.discard if event.data.get("remove") else tags.add)(event.data["tag"])


def apply_vote(state: State, event: Event) -> None:
    target = _target(state, event)
    if isinstance(target, TeamTheme):
        target.votes += event.data["value"]
    else:
        state.votes[target] += event.data["value"]


def apply_status(state: State, event: Event) -> None:
    _theme(state, event).status = event.data["value"]


def apply_flag(state: State, event: Event) -> None:
    target = _target(state, event)
    note = event.data.get("note") or ""
    if isinstance(target, TeamTheme):
        target.flags.append(note)
    else:
        state.flags[target].append({"note": note, "author": event.author, "time": event.time,
                                    "event_id": event.event_id})


def apply_dismiss(state: State, event: Event) -> None:
    # Not checked against the list here: after a re-run the item may be gone, and a
    # dismissal must not turn into a review item of its own. The workspace checks before
    # it writes one.
    state.dismissed.add(str(event.data["item"]))


APPLY: dict[str, Callable[[State, Event], None]] = {
    "rename": apply_rename,
    "merge": apply_merge,
    "split": apply_split,
    "create": apply_create,
    "move": apply_move,
    "code": apply_code,
    "uncode": apply_code,
    "memo": apply_memo,
    "tag": apply_tag,
    "vote": apply_vote,
    "status": apply_status,
    "flag": apply_flag,
    "dismiss": apply_dismiss,
}


def apply_event(state: State, event: Event) -> None:
    """Apply one decision; one that does not fit is kept as a review item."""
    try:
        APPLY[event.kind](state, event)
    except Unfit as exc:
        _note(state, event, event.data.get("theme") or event.data.get("target"), "not_applied",
              f"{event.kind} by {event.author} not applied: {exc}")
        return
    state.applied.append(event.event_id)


def active_events(events: list[Event]) -> tuple[list[Event], list[str]]:
    """Events in force: complete batches only, minus undone ones; undo events removed.

    An event is undone when an undo in force targets it, so undoing an undo redoes.
    Returns the events and a message per incomplete batch.
    """
    batches: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        if event.batch:
            batches[event.batch].append(event)
    broken = {b for b, evs in batches.items() if len(evs) < (evs[0].batch_size or 0)}
    events = [e for e in events if e.batch not in broken]
    messages = [
        f"batch {b[:8]} by {batches[b][0].author} is incomplete "
        f"({len(batches[b])} of {batches[b][0].batch_size} events; the write was cut off); ignored"
        for b in sorted(broken)
    ]
    undos: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        if event.kind == "undo":
            undos[event.data["event"]].append(event)
    memo: dict[str, bool] = {}

    def in_force(event: Event) -> bool:
        if event.event_id not in memo:
            memo[event.event_id] = not any(in_force(u) for u in undos.get(event.event_id, []))
        return memo[event.event_id]

    kept = [e for e in events if e.kind != "undo" and (e.kind == "run" or in_force(e))]
    return kept, messages


def replay(
    events: list[Event],
    load_run: Callable[[str], RunData | None],
    latest: RunData | None,
) -> State:
    """The current state: all events in force, in time order, ending on the latest run."""
    from .identity import rebase

    kept, messages = active_events(events)
    state = State()
    for message in messages:
        state.review.append(ReviewItem("incomplete_batch", None, message))
    listed: dict[str, set[str]] = {}  # run id -> review items listed when it became current
    held: dict[str, dict[str, frozenset[str]]] = {}  # run id -> each theme's members then

    def undone(item: ReviewItem, before: dict[str, frozenset[str]]) -> bool:
        """A change a run made that the data going back undid: its theme holds what it
        held on that run before (an agreed theme that kept excerpts it gained is not)."""
        theme = state.themes.get(item.theme_id or "")
        return item.kind in CHANGE_KINDS and (
            item.theme_id is None or (theme is not None and before.get(theme.theme_id) == theme.members))

    def move_to(run: RunData) -> None:
        rebase(state, run)
        if run.run_id in listed:  # data taken out again: what changed since, and back, is undone
            state.review = [r for r in state.review
                            if r.key in listed[run.run_id] or not undone(r, held[run.run_id])]
        listed[run.run_id] = {r.key for r in state.review}
        held[run.run_id] = {t.theme_id: frozenset(t.members) for t in state.themes.values()}
        state.run_owners[run.run_id] = current_owners(state)

    for event in kept:
        if event.kind != "run":
            apply_event(state, event)
            continue
        run_id = event.data["run_id"]
        if run_id == state.run_id:
            continue
        run = latest if latest is not None and latest.run_id == run_id else load_run(run_id)
        if run is None:
            _note(state, event, None, "run_missing",
                  f"run {run_id} has no snapshot in annotations/runs/; its re-basing was skipped")
            continue
        move_to(run)
    if latest is not None and state.run_id != latest.run_id:
        move_to(latest)
    review, seen = [], set(state.dismissed)
    for item in state.review:  # each item once: a run returned to may raise it again
        if item.key not in seen:
            seen.add(item.key)
            review.append(item)
    state.review = review
    return state

"""Team theme identity across runs: match the team's themes to a new run's model themes.

A team theme is a named set of excerpts; a run's `theme_id`s mean nothing in the next
run. When a new run is adopted, each model theme is given an owner: the team theme
holding the largest share of its previously known excerpts, if that share is at least
`OWNER_SHARE` (so a model theme made mostly of new data, or spread thinly over many team
themes, becomes a new theme). Then:

- a theme the team has acted on ("decided") keeps its members (those still in the data)
  and gains the excerpts of every model theme it owns that no other decided theme holds;
  one team theme can own several model themes (the model split it) and several team
  themes can sit inside one model theme (the model merged them, or the team split it);
- an untouched theme is a model proposal: it follows the model, keeping its id through
  the owned model theme it overlaps most; it is retired when nothing matches, and gets its
  id back when a later run proposes it again (most of its last members and it, together:
  data added and taken out again);
- other model themes nobody owns become new themes with fresh ids (an id never names
  another theme).

Whatever no longer fits a decision is listed for review, never dropped silently.
"""

from __future__ import annotations

from collections import Counter

from ..wording import both, plural
from .replay import STANDING_KINDS, ReviewItem, State, TeamTheme, theme_number
from .runs import RunData

OWNER_SHARE = 0.5  # share of a model theme's known excerpts its owner must hold
SPLIT_SHARE = 0.25  # share of a decided theme in each of two model themes to call it split
SPLIT_MIN = 3


def _owners(state: State, run: RunData) -> dict[str, list[tuple[int, int]]]:
    """Team theme id -> [(model theme id, overlap)], largest overlap first."""
    where = {e: t.theme_id for t in state.themes.values() for e in t.members}
    owned: dict[str, list[tuple[int, int]]] = {}
    for k in sorted(run.themes):
        members = run.themes[k].members
        known = len(members & state.universe)
        counts = Counter(where[e] for e in members if e in where)
        if not counts:
            continue
        best, overlap = min(counts.items(), key=lambda item: (-item[1], item[0]))
        if overlap >= OWNER_SHARE * known:
            owned.setdefault(best, []).append((k, overlap))
    for pairs in owned.values():
        pairs.sort(key=lambda p: (-p[1], p[0]))
    return owned


def _review(state: State, run: RunData, kind: str, theme: TeamTheme, message: str) -> None:
    state.review.append(ReviewItem(kind, theme.theme_id, message, run.run_id))


def _keep_decided(state: State, run: RunData, theme: TeamTheme, owned: list[tuple[int, int]],
                  claimed: set[str]) -> None:
    """A decided theme keeps its members and takes in its model themes' free excerpts."""
    name = f"{theme.theme_id} '{theme.label}'"
    _review_model_split(state, run, theme, name)
    ks = [k for k, _ in owned]
    added = set().union(*(run.themes[k].members for k in ks)) - claimed if ks else set()
    theme.members |= added
    for excerpt_id in added:
        state.how[excerpt_id] = "model"
    claimed |= added
    theme.model_theme_ids = ks
    if ks and not theme.renamed:
        theme.label = run.themes[ks[0]].label
    if not ks:
        _review_unmatched(state, run, theme, name)
    if added and theme.status == "agreed":
        _review(state, run, "agreed_changed", theme,
                f"{name} is agreed and gained {plural(len(added), 'excerpt')} the new run groups with "
                "it: check them")
    alive = sorted(s for s in theme.siblings if s in state.themes)
    if added and alive:
        _review(state, run, "ambiguous_new_excerpts", theme,
                f"{plural(len(added), 'excerpt')} the new run groups with {name} joined it; the "
                f"team had split {both(alive)} off it: check where they belong")


def _review_model_split(state: State, run: RunData, theme: TeamTheme, name: str) -> None:
    where = {e: k for k, t in run.themes.items() for e in t.members}
    counts = Counter(where[e] for e in theme.members if e in where)
    big = sorted((k for k, n in counts.items()
                  if n >= SPLIT_MIN and n >= SPLIT_SHARE * len(theme.members)),
                 key=lambda k: (-counts[k], k))
    if len(big) >= 2:
        parts = " and ".join(f"'{run.themes[k].label}' ({counts[k]})" for k in big)
        _review(state, run, "model_splits", theme,
                f"the model now separates {name} into {parts}: consider splitting it")


def _review_unmatched(state: State, run: RunData, theme: TeamTheme, name: str) -> None:
    """A decided theme owning no model theme: merged by the model into another, or gone."""
    where = {e: k for k, t in run.themes.items() for e in t.members}
    counts = Counter(where[e] for e in theme.members if e in where)
    k, n = min(counts.items(), key=lambda item: (-item[1], item[0])) if counts else (None, 0)
    if k is not None and n >= OWNER_SHARE * len(theme.members):
        others = sorted(t.theme_id for t in state.themes.values()
                        if t is not theme and len(t.members & run.themes[k].members) >= n)
        if set(others) & theme.siblings:
            return  # the team split them apart on purpose; new excerpts are reviewed there
        if others:
            _review(state, run, "model_merges", theme,
                    f"the model now puts {name} together with {', '.join(others)} in one theme "
                    f"('{run.themes[k].label}'); kept apart as the team decided: consider merging")
            return
    if theme.origin == "create":
        return  # raised by the team, never proposed by the model: nothing to report
    _review(state, run, "no_longer_found", theme,
            f"the model no longer finds {name}; kept with its {len(theme.members)} "
            "excerpts as the team left it")


def _follow_model(state: State, run: RunData, theme: TeamTheme, owned: list[tuple[int, int]],
                  claimed: set[str]) -> list[int]:
    """An untouched theme follows its best model theme; returns model themes left over."""
    if not owned:
        del state.themes[theme.theme_id]
        state.retired[theme.theme_id] = f"no longer proposed by the model (run {run.run_id})"
        state.dormant[theme.theme_id] = theme.members
        return []
    k = owned[0][0]
    members = set(run.themes[k].members) - claimed
    theme.members, theme.model_theme_ids, theme.label = members, [k], run.themes[k].label
    claimed |= members
    for excerpt_id in members:
        state.how[excerpt_id] = "model"
    return [k for k, _ in owned[1:]]


def rebase(state: State, run: RunData) -> None:
    """Carry the team's themes onto `run` (in place); see the module docstring."""
    state.review = [r for r in state.review if r.kind not in STANDING_KINDS]  # said afresh below
    decided = [t for t in state.themes.values() if t.decided]
    for theme in decided:
        gone = theme.members - run.universe
        if gone:
            theme.members -= gone
            _review(state, run, "excerpts_gone", theme,
                    f"{plural(len(gone), 'excerpt')} of {theme.theme_id} '{theme.label}' left "
                    "the data (source removed, participant withdrawn, or the words edited past "
                    "recognition)")
    for theme in state.themes.values():
        theme.members &= run.universe
    state.pinned_out &= run.universe
    owned = _owners(state, run)
    claimed = set(state.pinned_out).union(*(t.members for t in decided))
    for theme in decided:
        _keep_decided(state, run, theme, owned.get(theme.theme_id, []), claimed)
    leftover: list[int] = []
    owners = {k for pairs in owned.values() for k, _ in pairs}
    for theme in [t for t in state.themes.values() if not t.decided]:
        leftover += _follow_model(state, run, theme, owned.get(theme.theme_id, []), claimed)
    for k in sorted(set(leftover) | (set(run.themes) - owners)):
        members = set(run.themes[k].members) - claimed
        if not members:
            continue
        theme_id = _revived(state, members) or state.new_id()
        state.themes[theme_id] = TeamTheme(theme_id, run.themes[k].label, members, [k])
        claimed |= members
        for excerpt_id in members:
            state.how[excerpt_id] = "model"
    _restore_ids(state, run)
    state.themes = dict(sorted(state.themes.items(), key=lambda item: theme_number(item[0]) or 0))
    state.run_id, state.universe = run.run_id, run.universe


def _restore_ids(state: State, run: RunData) -> None:
    """Back on a run seen before (data taken out, or a one-off `--themes 8`, then back), an
    untouched theme following a model theme takes the id it had on that run, where the
    model retired that theme since (a theme the team merged away stays so): a theme made
    while away had taken over the model theme, and 'Energy vouchers' came back as T23
    rather than T02. The id it had meanwhile is retired."""
    before = state.run_owners.get(run.run_id, {})
    for theme in [t for t in state.themes.values() if not t.decided and len(t.model_theme_ids) == 1]:
        earlier = before.get(theme.model_theme_ids[0])
        if earlier is None or earlier == theme.theme_id or earlier not in state.dormant:
            continue
        del state.retired[earlier], state.dormant[earlier]
        del state.themes[theme.theme_id]
        state.retired[theme.theme_id] = f"its model theme is {earlier} again (run {run.run_id})"
        theme.theme_id = earlier
        state.themes[earlier] = theme


def _revived(state: State, members: set[str]) -> str | None:
    """The id of the theme the model retired that `members` are again: the dormant theme
    sharing most with them, when that is at least `OWNER_SHARE` of both; it is in force
    again (its retirement lifted)."""
    overlaps = sorted((-len(members & last), theme_id) for theme_id, last in state.dormant.items())
    if not overlaps:
        return None
    overlap, theme_id = -overlaps[0][0], overlaps[0][1]
    last = state.dormant[theme_id]
    if overlap < OWNER_SHARE * max(len(members), len(last)) or overlap == 0:
        return None
    del state.dormant[theme_id], state.retired[theme_id]
    return theme_id

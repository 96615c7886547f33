"""Keys that name a surprise across re-runs, for the team's flags, notes, tags and votes.

A key is the surprise's kind, the team's theme and group: "group_contrast:T06:area=Eastgate",
"missing::age_band=65+" (no theme), with "#2" on a second item of the same key. The team's
theme (T06) is the one that holds the surprise's model theme in this run, so a re-run that
numbers the model themes anew keeps each note on its item. Earlier versions named the
model theme by its number in the run the note was made on ("group_contrast:6:..."),
spelt "6.0" or "nan" whenever one item had no theme; `canonical_key` reads those
spellings as one, and `team_key` names the team's theme for it, so no annotation made on
them is lost.

An expectation is the team's own statement, checked on whatever theme its terms fall in
this run: its key names no theme ("expectation::age_band=65+"), and a key an earlier
version gave it with a theme ("expectation:T01:age_band=65+") is read without one, so a
flag stays on it when an added interview moves its terms to another theme.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_OLD_THEME = re.compile(r"^([^:#]+):(?:(-?\d+)\.0|nan|None)(?=:)")
_MODEL_THEME = re.compile(r"^([^:#]+):(-?\d+)(?=:)")
_EXPECTATION_THEME = re.compile(r"^expectation:[^:]+(?=:)")
THEMELESS = frozenset({"expectation"})  # kinds whose key names no theme


def surprise_keys(items: list[dict], owners: Mapping[int, str]) -> list[str]:
    """A key per surprise (`Project.surprise_items`: theme ids whole numbers or None);
    `owners`: each model theme id -> the team theme holding it (`replay.theme_owners`)."""
    keys, seen = [], {}
    for item in items:
        if item.get("id"):
            keys.append(str(item["id"]))
            continue
        group = item.get("group") or {}
        themeless = item.get("theme_id") is None or item.get("kind") in THEMELESS
        theme = "" if themeless else owners.get(item["theme_id"], item["theme_id"])
        base = f"{item.get('kind')}:{theme}:{group.get('attribute', '')}={group.get('value', '')}"
        seen[base] = seen.get(base, 0) + 1
        keys.append(base if seen[base] == 1 else f"{base}#{seen[base]}")
    return keys


def canonical_key(key: str) -> str:
    """`key` with an earlier version's spelling of the theme made today's:
    "group_contrast:6.0:area=Eastgate" -> "group_contrast:6:area=Eastgate",
    "missing:nan:age_band=65+" -> "missing::age_band=65+", and an expectation's without
    its theme: "expectation:T01:age_band=65+" -> "expectation::age_band=65+"."""
    key = _OLD_THEME.sub(lambda m: f"{m.group(1)}:{m.group(2) or ''}", key)
    return _EXPECTATION_THEME.sub("expectation:", key)


def team_key(key: str, owners: Mapping[int, str]) -> str:
    """A key naming a model theme by number ("expectation:0:age_band=65+", as the log kept
    them before) with the team theme `owners` says holds it: "expectation:T01:age_band=65+"."""
    m = _MODEL_THEME.match(key)
    if m is None or int(m[2]) not in owners:
        return key
    return f"{m[1]}:{owners[int(m[2])]}{key[m.end():]}"


def key_theme(key: str) -> str:
    """The theme part of a key ("T06" of "group_contrast:T06:area=Eastgate")."""
    return key.split(":", 2)[1] if key.count(":") >= 2 else ""

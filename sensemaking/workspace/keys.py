"""Keys that name a surprise across re-runs, for the team's flags, notes, tags and votes.

A key is the surprise's kind, model theme and group: "group_contrast:6:area=Eastgate",
"missing::age_band=65+" (no theme), with "#2" on a second item of the same key. Earlier
versions wrote the theme as surprises.json held it, "6.0" or "nan" whenever one item had
no theme; `canonical_key` reads those spellings as today's, so no annotation made on them
is lost.
"""

from __future__ import annotations

import re

_OLD_THEME = re.compile(r"^([^:#]+):(?:(-?\d+)\.0|nan|None)(?=:)")


def surprise_keys(items: list[dict]) -> list[str]:
    """A key per surprise (`Project.surprise_items`: theme ids whole numbers or None)."""
    keys, seen = [], {}
    for item in items:
        if item.get("id"):
            keys.append(str(item["id"]))
            continue
        group = item.get("group") or {}
        theme = "" if item.get("theme_id") is None else item["theme_id"]
        base = f"{item.get('kind')}:{theme}:{group.get('attribute', '')}={group.get('value', '')}"
        seen[base] = seen.get(base, 0) + 1
        keys.append(base if seen[base] == 1 else f"{base}#{seen[base]}")
    return keys


def canonical_key(key: str) -> str:
    """`key` with an earlier version's spelling of the theme made today's:
    "group_contrast:6.0:area=Eastgate" -> "group_contrast:6:area=Eastgate",
    "missing:nan:age_band=65+" -> "missing::age_band=65+"."""
    return _OLD_THEME.sub(lambda m: f"{m.group(1)}:{m.group(2) or ''}", key)

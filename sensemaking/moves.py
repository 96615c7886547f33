"""Where an edited source's excerpts went: old excerpt id -> new excerpt id.

An excerpt's id is a hash of its source's content and its place in it, so correcting one
word of a transcript gives every excerpt of that source a new id. The team's decisions
name excerpts by id (a split, a code, a memo), and the workspace's snapshots of earlier
runs do too: without a map from the old ids to the new, a theme split off by hand came
back with no excerpts after a typo was fixed. Ingest aligns each source's excerpts before
and after (`source_moves`: same words first, then the most alike of those left)
and keeps the map, cumulative, in `.sensemaking/excerpt_moves.json`; the workspace reads
every excerpt id through it (`read_moves`). Ids only: no text is kept.
"""

from __future__ import annotations

import difflib
from collections import defaultdict, deque
from pathlib import Path

import pandas as pd

from . import io

MOVES_FILE = "excerpt_moves.json"
ALIKE = 0.6  # an edited excerpt is the same excerpt when this alike (difflib ratio)
MAX_PAIRS = 10_000  # excerpts left unmatched are compared pair by pair up to this many pairs


def source_moves(old: list[tuple[str, str]], new: list[tuple[str, str]]) -> dict[str, str]:
    """Old id -> new id for one source's excerpts, each list (excerpt_id, text) in order:
    the same words pair first (the n-th of a text before with its n-th after, so a table
    sorted anew pairs too), then each old excerpt left goes to the most alike new one left
    (at least `ALIKE`; up to `MAX_PAIRS` comparisons)."""
    def words(text: str) -> str:
        return " ".join(text.split())

    waiting: dict[str, deque[str]] = defaultdict(deque)
    for excerpt_id, text in new:
        waiting[words(text)].append(excerpt_id)
    moves, left = {}, []
    for excerpt_id, text in old:
        same = waiting.get(words(text))
        if same:
            moves[excerpt_id] = same.popleft()
        else:
            left.append((excerpt_id, words(text)))
    unmatched = {e for queue in waiting.values() for e in queue}
    free = [(e, words(t)) for e, t in new if e in unmatched]
    if len(left) * len(free) <= MAX_PAIRS:
        for excerpt_id, text in left:
            scored = [(difflib.SequenceMatcher(None, text, other).ratio(), -n) for n, (_, other) in enumerate(free)]
            if scored and (best := max(scored))[0] >= ALIKE:
                moves[excerpt_id] = free.pop(-best[1])[0]
    return {a: b for a, b in moves.items() if a != b}


def frame_moves(old: pd.DataFrame, new: pd.DataFrame) -> dict[str, str]:
    """`source_moves` of every source in both excerpt tables whose excerpt ids changed."""
    def by_source(frame: pd.DataFrame) -> dict[str, list[tuple[str, str]]]:
        rows = frame.sort_values(["source_id", "char_start"])
        return {s: list(zip(g["excerpt_id"].astype(str), g["text"].astype(str), strict=True))
                for s, g in rows.groupby("source_id", sort=False)}

    before, after = by_source(old), by_source(new)
    moves: dict[str, str] = {}
    for source, rows in before.items():
        if source in after and {e for e, _ in rows} != {e for e, _ in after[source]}:
            moves.update(source_moves(rows, after[source]))
    return moves


def record_moves(cache_dir: Path, new: pd.DataFrame) -> None:
    """Add the moves from the excerpts.parquet still in `cache_dir` to `new` to the kept
    map, so an id moved twice leads to the latest."""
    try:
        old = pd.read_parquet(cache_dir / "excerpts.parquet", columns=["excerpt_id", "source_id", "char_start", "text"])
    except (OSError, ValueError, KeyError):  # none yet, or unreadable: nothing to compare
        return
    found = frame_moves(old, new)
    if not found:
        return
    kept = {a: found.get(b, b) for a, b in read_moves(cache_dir).items()} | found
    io.write_json(cache_dir / MOVES_FILE, dict(sorted(kept.items())))


def read_moves(cache_dir: Path) -> dict[str, str]:
    path = cache_dir / MOVES_FILE
    return dict(io.read_json(path)) if path.is_file() else {}


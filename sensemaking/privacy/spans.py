"""Replacing spans of a text and mapping offsets between the original and the result.

Every finder (names, patterns, NER) proposes `Match`es on the original text. `resolve`
keeps a non-overlapping set (earliest start, then longest, then lowest priority number),
widening a kept match over one that overlaps it and runs on past its end, and cuts any
match that would straddle a protected boundary (a turn's start or end), so turn spans
stay exact. `replace` builds the new text and an `OffsetMap` that translates
positions both ways.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Match:
    """A span of the original text to replace, and what kind of personal data it is."""

    start: int
    end: int
    replacement: str
    kind: str
    priority: int = 5


def resolve(matches: Iterable[Match], boundaries: Sequence[int] = ()) -> list[Match]:
    """Non-overlapping matches in text order, none straddling a boundary.

    Of matches that overlap, the one starting first is kept (the longest, then the lowest
    priority number, of those starting together). One that starts inside it and runs on
    past its end widens it, and the wider span takes the replacement of the longer of the
    two: "@Sarah Whitfield" (a chat's mention) is a handle, "@Sarah", and a name, "Sarah
    Whitfield", and all of it becomes the name's pseudonym, where keeping the first alone
    left "[HANDLE] Whitfield".
    """
    chosen: list[Match] = []
    for m in sorted(matches, key=lambda m: (m.start, m.start - m.end, m.priority)):
        if m.end <= m.start:
            continue
        if chosen and m.start < chosen[-1].end:
            last = chosen[-1]
            if m.end > last.end:
                longer = m if m.end - m.start > last.end - last.start else last
                chosen[-1] = Match(last.start, m.end, longer.replacement, longer.kind, longer.priority)
            continue
        chosen.append(m)
    return _cut_at(chosen, sorted(set(boundaries)))


def _cut_at(matches: list[Match], boundaries: list[int]) -> list[Match]:
    """Split matches at boundaries inside them; each piece keeps the placeholder."""
    out: list[Match] = []
    for m in matches:
        lo = bisect.bisect_right(boundaries, m.start)
        hi = bisect.bisect_left(boundaries, m.end)
        cuts = boundaries[lo:hi]
        if not cuts:
            out.append(m)
            continue
        edges = [m.start, *cuts, m.end]
        for a, b in itertools.pairwise(edges):
            out.append(Match(a, b, m.replacement, m.kind, m.priority))
    return out


class OffsetMap:
    """Translates offsets between an original text and its replaced version.

    Outside replaced spans positions shift by the length change so far. A position
    inside a replaced span maps to the span's start (or, for `to_new(..., end=True)`,
    its end), so a span boundary never lands inside a placeholder.
    """

    def __init__(self, spans: Sequence[tuple[int, int, int, int]]):
        self._spans = list(spans)  # (orig_start, orig_end, new_start, new_end), sorted
        self._orig_starts = [s[0] for s in self._spans]
        self._new_starts = [s[2] for s in self._spans]

    def to_new(self, offset: int, *, end: bool = False) -> int:
        """Original offset -> offset in the replaced text."""
        return self._translate(offset, self._orig_starts, 0, 2, end=end)

    def to_original(self, offset: int) -> int:
        """Offset in the replaced text -> original offset."""
        return self._translate(offset, self._new_starts, 2, 0, end=False)

    def _translate(self, offset: int, starts: list[int], src: int, dst: int, *, end: bool) -> int:
        """Map `offset` from one side of the spans (tuple index `src`) to the other (`dst`)."""
        i = bisect.bisect_right(starts, offset) - 1
        if i < 0:
            return offset
        span = self._spans[i]
        if offset >= span[src + 1]:
            return span[dst + 1] + (offset - span[src + 1])
        return span[dst + 1] if end and offset != span[src] else span[dst]

    def __call__(self, offset: int) -> int:
        return self.to_original(offset)


def replace(text: str, matches: Sequence[Match]) -> tuple[str, OffsetMap]:
    """Apply resolved (sorted, non-overlapping) matches; return new text and offset map."""
    parts: list[str] = []
    spans: list[tuple[int, int, int, int]] = []
    pos = 0
    new_len = 0
    for m in matches:
        parts.append(text[pos : m.start])
        new_len += m.start - pos
        spans.append((m.start, m.end, new_len, new_len + len(m.replacement)))
        parts.append(m.replacement)
        new_len += len(m.replacement)
        pos = m.end
    parts.append(text[pos:])
    return "".join(parts), OffsetMap(spans)

"""Small-number disclosure: what a printed quote or chart may say about who said it.

Boards and reports are left on tables and sent to partners, so two rules hold everywhere:

- A quote is attributed to a pseudonym plus the attributes (role, area, age band, ...)
  that describe the speaker. When that combination of attributes fits fewer than `k`
  people in the project, the quote shows the pseudonym with at most one attribute: the
  first, in the order of settings `[disclosure] attributes`, whose group has at least `k`
  people, or none. A participant always gets the same attribution, so two quotes cannot
  be combined to narrow them down.
- A count of people between 1 and k - 1 in a chart or table cell is suppressed (shown as
  "<k"); zeros stay, since they single nobody out and "nobody from here" is a finding.
  Where the other cells and their total would tell it, the smallest other cell is hidden
  too, as "*" (`shown_counts`).
  Sentences printed beside the charts (surprises, who's missing) follow the same rule:
  "fewer than k" ("some but not all of the 5" for a part of a group of k), without the
  share that would tell the count (`surprises.base.count`, `of`), and with p- and q-values
  only as the side of alpha they fall on (`surprises.base.fmt_p`).
- A theme heard through 1 to k - 1 voices is not broken down by group (area, age band,
  role, source) at all: any breakdown would place each of them, quoted ones too
  (`too_few_to_break_down`).

Participants whose manifest says `quote_ok = no` are counted but never quoted.

    d = Disclosure.for_project(project)
    d.attribution("P07")      # "P07 · resident, Eastgate" or "P07 · resident" or "P07"
    suppress(counts, d.k)     # cells 1..k-1 become NaN
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from .project import Project

DEFAULT_K = 5
DEFAULT_ATTRIBUTES = ("role", "area", "age_band")
SEPARATOR = " · "


def k_threshold(project: Project) -> int:
    """The project's k (settings `[disclosure] k`, checked when the settings are read)."""
    return int(project.config("disclosure").get("k", DEFAULT_K))


def _blank(value: Any) -> bool:
    return value is None or bool(pd.isna(value)) or str(value).strip() == ""


def people_table(excerpts: pd.DataFrame, attributes: Sequence[str]) -> pd.DataFrame:
    """One row per participant pseudonym: their attributes and whether they may be quoted."""
    speakers = excerpts[excerpts["participant_id"].map(lambda v: not _blank(v))]
    cols = [a for a in attributes if a in speakers.columns]
    people = speakers.groupby("participant_id", sort=True)[cols].first()
    if "quote_ok" in speakers.columns:
        people["quote_ok"] = speakers.groupby("participant_id")["quote_ok"].agg(
            lambda s: not any(v is False or str(v).lower() in ("false", "no") for v in s)
        )
    else:
        people["quote_ok"] = True
    return people


class Disclosure:
    """Attribution and suppression for one project's people, at threshold `k`.

    `people`: index participant pseudonym, one column per attribute, and `quote_ok`.
    """

    def __init__(
        self,
        people: pd.DataFrame,
        *,
        k: int = DEFAULT_K,
        attributes: Sequence[str] = DEFAULT_ATTRIBUTES,
    ):
        self.people = people
        self.k = k
        self.attributes = tuple(a for a in attributes if a in people.columns)
        self._cache: dict[str, tuple[tuple[str, str], ...]] = {}

    @classmethod
    def from_excerpts(
        cls,
        excerpts: pd.DataFrame,
        *,
        k: int = DEFAULT_K,
        attributes: Sequence[str] = DEFAULT_ATTRIBUTES,
    ) -> Disclosure:
        return cls(people_table(excerpts, attributes), k=k, attributes=attributes)

    @classmethod
    def for_project(cls, project: Project, excerpts: pd.DataFrame | None = None) -> Disclosure:
        """Disclosure over the project's excerpt table with its settings."""
        attributes = project.config("disclosure").get("attributes", DEFAULT_ATTRIBUTES)
        frame = project.excerpts if excerpts is None else excerpts
        return cls.from_excerpts(frame, k=k_threshold(project), attributes=attributes)

    def quotable(self, participant_id: str | None) -> bool:
        """False for participants with quote_ok = no; notes and documents are quotable."""
        if _blank(participant_id) or participant_id not in self.people.index:
            return True
        return bool(self.people.at[participant_id, "quote_ok"])

    def shown(self, participant_id: str) -> tuple[tuple[str, str], ...]:
        """(attribute, value) pairs that may be printed beside this participant's quotes."""
        if participant_id in self._cache:
            return self._cache[participant_id]
        pairs: tuple[tuple[str, str], ...] = ()
        if participant_id in self.people.index:
            row = self.people.loc[participant_id]
            own = [(a, str(row[a])) for a in self.attributes if not _blank(row[a])]
            if own and self._group_size(own) >= self.k:
                pairs = tuple(own)
            else:
                pairs = next(((p,) for p in own if self._group_size([p]) >= self.k), ())
        self._cache[participant_id] = pairs
        return pairs

    def attribution(
        self,
        participant_id: str | None,
        *,
        author: str | None = None,
        source_kind: str | None = None,
    ) -> str:
        """The line printed under a quote, e.g. "P07 · resident, Eastgate"."""
        if _blank(participant_id):
            who = author if not _blank(author) else (source_kind or "document")
            return str(who)
        values = [v for _, v in self.shown(str(participant_id))]
        return str(participant_id) + (SEPARATOR + ", ".join(values) if values else "")

    def _group_size(self, pairs: Iterable[tuple[str, str]]) -> int:
        mask = pd.Series(True, index=self.people.index)
        for attribute, value in pairs:
            mask &= self.people[attribute].astype(str) == value
        return int(mask.sum())


def is_suppressed(count: float | None, k: int) -> bool:
    """True for a count of people that would single out fewer than k of them."""
    return count is not None and not pd.isna(count) and 0 < count < k


def too_few_to_break_down(voices: float | None, k: int) -> bool:
    """Whether a theme's `voices` (people and notes, as `sensemaking.units` counts them)
    are too few for any breakdown by group: 1 to k - 1. Boards draw no chart for it and
    the report prints no breakdown table."""
    return is_suppressed(voices, k)


def suppress(counts: pd.DataFrame | pd.Series, k: int) -> pd.DataFrame | pd.Series:
    """Counts with every cell between 1 and k - 1 replaced by NaN (a float copy)."""
    out = counts.astype(float)
    return out.mask((out > 0) & (out < k))


# A count hidden only so that a count under k beside it cannot be worked out: no bound is
# printed ("5+" beside "<5" of 6 left over told 5 and 1).
HIDDEN_TOO = "*"


def shown_counts(counts: Mapping[str, float], k: int, elsewhere: Sequence[float] = ()) -> dict[str, str]:
    """Each group's count as printed beside the others, where their total can be known
    (printed with them, or summed from them): 1 to k - 1 as "<k", and, where that would
    still tell a hidden count (one hidden, as "resident 6, partner <5" of 7 people tells
    1; or hidden ones that can only be ones), the smallest other count as `HIDDEN_TOO`.
    `elsewhere`: counts in the same total hidden outside this table (a board's "<5 people"
    beside its chart of voices)."""
    hidden = [g for g, v in counts.items() if is_suppressed(v, k)]
    small = [float(v) for v in elsewhere if is_suppressed(v, k)] + [float(counts[g]) for g in hidden]
    told = len(small) == 1 or (small and sum(small) == len(small))
    others = sorted((float(v), str(g)) for g, v in counts.items() if g not in hidden and v and not pd.isna(v))
    complement = {others[0][1]} if told and others else set()
    return {g: HIDDEN_TOO if str(g) in complement else display_count(v, k) for g, v in counts.items()}


def shown_order(counts: Mapping[str, float], shown: Mapping[str, str]) -> list[str]:
    """The groups as a list prints them: largest count first, then those shown as
    `HIDDEN_TOO`, as "<k" and as 0, each of these by name (an order by their counts would
    tell them)."""
    def rank(group: str) -> tuple:
        text = shown[group]
        if text.isdigit() and text != "0":
            return (0, -float(counts[group]), group)
        return ({"0": 3, HIDDEN_TOO: 1}.get(text, 2), 0, group)
    return sorted(counts, key=rank)


def display_count(count: float | None, k: int) -> str:
    """A count as printed: "<5" when suppressed, "" when unknown, else the number."""
    if count is None or pd.isna(count):
        return ""
    return f"<{k}" if is_suppressed(count, k) else str(int(count))


def quotable_quotes(quotes: Iterable[Mapping[str, Any]], disclosure: Disclosure) -> list[dict]:
    """The quotes whose speaker may be quoted, in their order."""
    return [dict(q) for q in quotes if disclosure.quotable(q.get("participant_id"))]

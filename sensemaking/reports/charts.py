"""The report's four charts, drawn in the shared house style (`sensemaking.charts`).

- prevalence: how many voices raised each theme;
- theme x area: voices per theme and area, cells under k suppressed;
- saturation: new themes found as interviews are added in date order (when the curve
  flattens, further interviews of the same kind added few new themes);
- change over time: the share of each month's voices raising each theme.

Each chart comes as SVG (HTML and PDF) and PNG (DOCX), with alt text that states what it
shows in numbers, so a reader who cannot see it loses nothing.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure

from ..charts import FAINT, INK, MUTED, OKABE_ITO, chart_style, new_figure, theme_colour, to_svg
from ..disclosure import display_count, is_suppressed, shown_counts
from ..units import unit_keys
from ..wording import plural

WIDTH = 6.7  # inches: the A4 text width at the report's margins
# Bars per theme chart: more would not fit one A4 page (a meeting project has 100 themes);
# the table above the chart lists every theme.
CHART_THEMES = 24
MAX_LINES = 7
_BLUES = LinearSegmentedColormap.from_list("voices", ["#eef4fa", OKABE_ITO[0]])


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    alt: str
    svg: str
    png: bytes


def _finish(fig: Figure, key: str, title: str, alt: str) -> Chart:
    with chart_style():
        # a wide pad: the PNG is drawn at 200 dpi, where hinted text runs a little wider
        # than at the 72 dpi the layout is computed at
        fig.tight_layout(pad=1.2)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=200, metadata={"Software": "sensemaking"})
    return Chart(key, title, alt, to_svg(fig, salt=key, title=title), buf.getvalue())


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def prevalence(themes: pd.DataFrame, k: int, more: str = "") -> Chart:
    """Horizontal bars: voices per theme, most first (`more`: what the title adds when
    not every theme is shown). A theme of fewer than k voices is a hatched bar to k,
    labelled "<k", as the rest of the report gives it."""
    labels, values = list(themes["label"]), [int(v) for v in themes["participants"]]
    small = [is_suppressed(v, k) for v in values]
    lengths = [k if hide else v for v, hide in zip(values, small, strict=True)]
    with chart_style(10):
        fig = new_figure(WIDTH, 0.7 + 0.34 * max(len(labels), 1))
        ax = fig.add_subplot()
        ax.barh(range(len(values)), lengths, height=0.62, linewidth=0.5,
                color=["white" if hide else OKABE_ITO[0] for hide in small],
                edgecolor=[FAINT if hide else OKABE_ITO[0] for hide in small],
                hatch=["///" if hide else "" for hide in small])
        for i, v in enumerate(lengths):
            ax.text(v + max(lengths + [1]) * 0.01, i, display_count(values[i], k), va="center", color=INK, fontsize=9)
        ax.set_yticks(range(len(labels)), [_short(t, 40) for t in labels])
        ax.invert_yaxis()
        ax.set_xlim(0, max(lengths + [1]) * 1.12)
        ax.set_xlabel("voices")
        ax.tick_params(axis="y", length=0)
    alt = "Bar chart of voices per theme: " + "; ".join(
        f"{t}: {display_count(v, k)}" for t, v in zip(labels, values, strict=True)) + "."
    return _finish(fig, "prevalence", "How many voices raised each theme" + more, alt)


def heatmap(themes: pd.DataFrame, k: int, more: str = "") -> Chart | None:
    """Theme x area grid of voices; cells of 1 to k-1 voices shown as "<k", not coloured.
    None when no excerpt has an area (no manifest, or one without an `area` column)."""
    areas = sorted({a for m in themes["areas"] for a in (m or {})})
    if not areas:
        return None
    grid = np.array([[int((m or {}).get(a, 0)) for a in areas] for m in themes["areas"]], float)
    # each row's total is the theme's voices, printed: a cell under k alone in its row is
    # told by the others unless one more is hidden (`shown_counts`)
    shown = [[row[a] for a in areas] for row in
             (shown_counts(dict(zip(areas, values, strict=True)), k) for values in grid)]
    hidden = np.array([[not text.isdigit() for text in row] for row in shown]) & (grid > 0)
    with chart_style(9):
        fig = new_figure(WIDTH, 1.0 + 0.36 * max(len(themes), 1))
        ax = fig.add_subplot()
        ax.imshow(np.ma.masked_where(hidden | (grid == 0), grid), cmap=_BLUES, aspect="auto",
                  vmin=0, vmax=max(grid.max(), 1))
        for (r, c), value in np.ndenumerate(grid):
            if hidden[r, c]:
                ax.add_patch(_cell(c, r))
            dark = not hidden[r, c] and value > 0.55 * grid.max()
            ax.text(c, r, shown[r][c], ha="center", va="center", fontsize=9,
                    color="white" if dark else (MUTED if hidden[r, c] else INK))
        ax.set_xticks(range(len(areas)), areas)
        ax.xaxis.tick_top()
        ax.set_yticks(range(len(themes)), [_short(t, 40) for t in themes["label"]])
        ax.tick_params(length=0)
        for side in ax.spines.values():
            side.set_visible(False)
    alt = (f"Grid of voices per theme and area; cells with fewer than {k} voices are hidden "
           "to protect people. " + "; ".join(
               f"{t}: " + ", ".join(f"{a} {v}" for a, v in zip(areas, row, strict=True))
               for t, row in zip(themes["label"], shown, strict=True)) + ".")
    return _finish(fig, "areas", "Voices per theme and area" + more, alt)


def _cell(col: int, row: int):
    from matplotlib.patches import Rectangle

    return Rectangle((col - 0.5, row - 0.5), 1, 1, facecolor="white", edgecolor=FAINT,
                     hatch="///", linewidth=0.5)


def saturation_points(excerpts: pd.DataFrame, themes: pd.DataFrame) -> list[int]:
    """Cumulative count of distinct themes heard after each interview, in date order.

    Falls back to every source when there are no interviews (a notes-only project).
    """
    member_of = {e: t for t, ids in zip(themes["theme_id"], themes["excerpt_ids"], strict=True)
                 for e in ids}
    rows = excerpts[excerpts["source_kind"] == "interview"]
    rows = rows if len(rows) else excerpts
    order = (rows.assign(_d=pd.to_datetime(rows["date"], errors="coerce"))
             .groupby("source_id")["_d"].min().reset_index()
             .sort_values(["_d", "source_id"], na_position="last")["source_id"])
    seen: set[str] = set()
    points = []
    for source_id in order:
        ids = rows.loc[rows["source_id"] == source_id, "excerpt_id"]
        seen |= {member_of[e] for e in ids if e in member_of}
        points.append(len(seen))
    return points


def saturation(excerpts: pd.DataFrame, themes: pd.DataFrame) -> Chart:
    points = saturation_points(excerpts, themes)
    x = list(range(1, len(points) + 1))
    with chart_style(10):
        fig = new_figure(WIDTH, 2.6)
        ax = fig.add_subplot()
        ax.step([0] + x, [0] + points, where="post", color=OKABE_ITO[0], linewidth=2)
        ax.plot(x, points, "o", color=OKABE_ITO[0], markersize=4)
        ax.axhline(len(themes), color=MUTED, linewidth=0.8, linestyle="--", zorder=0)
        ax.text(max(x + [1]) + 0.4, len(themes) + 0.15, f"{plural(len(themes), 'theme')} in this report",
                ha="right", va="bottom", color=MUTED, fontsize=8)
        ax.set_xlabel("interviews, in the order they were held")
        ax.set_ylabel("themes heard so far")
        ax.set_xlim(0, max(x + [1]) + 0.5)
        ax.set_ylim(0, len(themes) * 1.25 + 0.5)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.xaxis.get_major_locator().set_params(integer=True)  # no "interview 2.5"
    first_all = next((i + 1 for i, p in enumerate(points) if p == len(themes)), None)
    alt = (f"Step chart of themes heard as {len(points)} interviews are added in date order: "
           + ", ".join(map(str, points)) + "."
           + (f" {'The theme' if len(themes) == 1 else f'All {len(themes)} themes'} had been heard by "
              f"interview {first_all}." if first_all else ""))
    return _finish(fig, "saturation", "New themes as interviews were added", alt)


def monthly_shares(excerpts: pd.DataFrame, themes: pd.DataFrame) -> pd.DataFrame:
    """Rows: months; columns: theme labels; values: % of that month's voices raising it."""
    frame = excerpts.assign(_unit=unit_keys(excerpts),
                            _month=pd.to_datetime(excerpts["date"], errors="coerce").dt.strftime("%Y-%m"))
    frame = frame.dropna(subset=["_month"])
    totals = frame.groupby("_month")["_unit"].nunique()
    shares = {}
    for label, ids in zip(themes["label"], themes["excerpt_ids"], strict=True):
        members = frame[frame["excerpt_id"].isin(list(ids))]
        shares[label] = (members.groupby("_month")["_unit"].nunique() / totals * 100).reindex(
            totals.index, fill_value=0)
    return pd.DataFrame(shares, index=totals.index).fillna(0)


def over_time(excerpts: pd.DataFrame, themes: pd.DataFrame) -> Chart | None:
    """Lines of each theme's monthly share of voices; None with fewer than two months."""
    shares = monthly_shares(excerpts, themes.head(MAX_LINES))
    if len(shares) < 2:
        return None
    stamps = [pd.Timestamp(m + "-01") for m in shares.index]
    months = [t.strftime("%b %Y") for t in stamps]
    ticks = [t.strftime("%b") if n and t.month != 1 else t.strftime("%b\n%Y")
             for n, t in enumerate(stamps)]
    top = float(shares.to_numpy().max()) if shares.size else 0.0
    with chart_style(10):
        fig = new_figure(WIDTH, 3.4 + 0.2 * len(shares.columns))
        ax = fig.add_subplot()
        for i, label in enumerate(shares.columns):
            ax.plot(range(len(months)), shares[label], marker="os^Dv<>"[i % 7],
                    color=theme_colour(i), linewidth=1.8, label=_short(label, 44))
        ax.set_xticks(range(len(months)), ticks)
        ax.set_ylabel("% of the month's voices")
        ax.set_ylim(0, min(100, max(10, top * 1.15)))
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), frameon=False, fontsize=8.5,
                  ncol=2)
    alt = "Line chart of each theme's share of the month's voices. " + " ".join(
        f"{label}: " + ", ".join(f"{m} {round(v)}%" for m, v in zip(months, shares[label], strict=True)) + "."
        for label in shares.columns)
    return _finish(fig, "time", "How themes changed month by month", alt)


def report_charts(excerpts: pd.DataFrame, themes: pd.DataFrame, k: int) -> list[Chart]:
    """All charts for the themes the report shows, in reading order."""
    if themes.empty:
        return []
    top = themes.head(CHART_THEMES)  # themes come most voices first
    more = f" (the {len(top)} raised by most voices; the table lists all {len(themes)})" \
        if len(themes) > len(top) else ""
    # a theme of fewer than k voices has no row by area: it would place each of them
    broken_down = top[~top["participants"].astype(int).map(lambda v: is_suppressed(v, k))]
    charts: Sequence[Chart | None] = (prevalence(top, k, more), heatmap(broken_down, k, more),
                                      saturation(excerpts, themes), over_time(excerpts, themes))
    return [c for c in charts if c is not None]


"""Charts shared by boards and reports: one look, colour-blind safe, byte-for-byte repeatable.

Every chart is a matplotlib `Figure` (no pyplot, so no global state) drawn in the
Okabe-Ito palette, which stays distinguishable under the common colour-vision
deficiencies, and saved as SVG with text kept as text (DejaVu Sans), no date in its
metadata and a fixed id salt, so the same inputs always give the same file.

    with chart_style():
        fig = new_figure(6, 3)
        ...                                   # draw on fig.add_subplot()
    svg = to_svg(fig, salt="prevalence")     # inline <svg> element, no XML prolog

Ready-made: `who_raised_svg` (bars of how many people, cells under k suppressed) and
`theme_map_svg` (the 2-D map of excerpts coloured by theme, labels placed without overlap).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from .disclosure import shown_counts, shown_order

# Okabe & Ito (2008), "Color Universal Design"; black last, used for text and outlines.
OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
INK = "#222222"
MUTED = "#8a8a8a"
FAINT = "#d9d9d9"
FONT = "DejaVu Sans"

_STYLE = {
    "font.family": FONT,
    "font.size": 12,
    "svg.fonttype": "none",
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "axes.titlesize": 14,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": INK,
    "ytick.color": INK,
    "figure.dpi": 72,
}


def theme_colour(index: int) -> str:
    """Colour for the index-th theme; black is kept for text, so seven colours cycle."""
    return OKABE_ITO[index % 7]


def theme_marker(index: int) -> str:
    """Marker shape for the index-th theme: shape and colour together tell 56 themes apart."""
    return MARKERS[(index // 7) % len(MARKERS)]


@contextmanager
def chart_style(font_size: float = 12) -> Iterator[None]:
    """The house style for anything drawn inside the block."""
    with matplotlib.rc_context({**_STYLE, "font.size": font_size}):
        yield


def new_figure(width: float, height: float) -> Figure:
    """A figure of `width` x `height` inches, printed at that size (1 pt = 1 pt on paper)."""
    fig = Figure(figsize=(width, height), dpi=72)
    FigureCanvasAgg(fig)
    return fig


def to_svg(fig: Figure, *, salt: str = "chart", title: str | None = None) -> str:
    """The figure as an inline `<svg>` element: no prolog, no date, ids salted by `salt`.

    Two charts on one page need different salts, or their clip-path ids could clash.
    """
    buf = io.StringIO()
    metadata = {"Date": None, "Creator": "sensemaking"} | ({"Title": title} if title else {})
    with matplotlib.rc_context({"svg.hashsalt": salt, "svg.fonttype": "none"}):
        fig.savefig(buf, format="svg", metadata=metadata)
    text = buf.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.DOTALL)
    return _drop_unused_ids(text)


def _drop_unused_ids(svg: str) -> str:
    """Remove ids nothing refers to (figure_1, text_3, ...): they repeat in every chart, and
    ids must be unique in a page holding several. Referenced ids are salted hashes."""
    used = set(re.findall(r"#([\w.:-]+)", svg))
    return re.sub(r' id="([^"]+)"', lambda m: m.group(0) if m.group(1) in used else "", svg)


def who_raised_svg(
    counts: Mapping[str, float],
    *,
    k: int,
    title: str | None = None,
    width: float = 4.8,
    font_size: float = 14,
    salt: str = "who",
    elsewhere: Sequence[float] = (),
    last: str | None = None,
) -> str:
    """Horizontal bars of how many people (not excerpts) in each group raised something.

    Counts between 1 and k - 1 are suppressed: no bar, "<k" in grey, and where the others
    would tell one, the smallest other too, "*" (`shown_counts`; `elsewhere`: counts in
    the same total hidden beside the chart). Say so beside the chart, in type the size of
    the page's own. `last`: a group drawn last whatever its count ("other areas").
    """
    shown = shown_counts(counts, k, elsewhere)
    names = sorted(shown_order(counts, shown), key=lambda name: name == last)
    height = 0.5 + 0.36 * max(len(names), 1) * font_size / 14
    with chart_style(font_size):
        fig = new_figure(width, height)
        ax = fig.add_subplot()
        top = max([v for n, v in counts.items() if shown[n].isdigit()] + [k])
        for i, name in enumerate(names):
            value = counts[name]
            hidden = not shown[name].isdigit()
            if not hidden:
                ax.barh(i, value, height=0.62, color=OKABE_ITO[0])
            label = shown[name]
            ax.text(
                (0 if hidden else value) + top * 0.02,
                i,
                label,
                va="center",
                color=MUTED if hidden else INK,
                fontsize=font_size,
            )
        ax.set_yticks(range(len(names)), [_short(n, 18) for n in names])
        ax.invert_yaxis()
        ax.set_xlim(0, top * 1.22)
        ax.xaxis.set_visible(False)
        ax.spines["bottom"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        if title:
            ax.set_title(title, fontsize=font_size, pad=8)
        fig.tight_layout(pad=0.4)
    return to_svg(fig, salt=salt, title=title)


def theme_map_svg(
    points,
    labels: Mapping[int | str, str],
    *,
    width: float = 14,
    height: float = 8.5,
    font_size: float = 13,
    salt: str = "map",
) -> str:
    """Scatter of excerpts on the 2-D map coloured by theme, one label per theme, no overlaps.

    `points`: DataFrame with columns x, y, theme_id (-1 or missing = no theme, grey).
    `labels`: theme_id -> text printed at the theme's centre, in this order of priority.
    """
    with chart_style(font_size):
        fig = new_figure(width, height)
        ax = fig.add_axes((0.01, 0.01, 0.98, 0.98))
        ax.set_axis_off()
        order = {tid: i for i, tid in enumerate(labels)}
        tids = points["theme_id"].astype(str)
        loose = ~tids.isin([str(t) for t in labels])
        ax.scatter(points.loc[loose, "x"], points.loc[loose, "y"], s=10, color=FAINT, linewidths=0)
        anchors = []
        for tid, i in order.items():
            sel = points[tids == str(tid)]
            if sel.empty:
                continue
            ax.scatter(
                sel["x"],
                sel["y"],
                s=22,
                color=theme_colour(i),
                marker=theme_marker(i),
                alpha=0.75,
                linewidths=0,
            )
            # The label sits on top of its theme's cloud of points, not over it.
            anchors.append((float(sel["x"].median()), float(sel["y"].quantile(0.9)), labels[tid], i))
        _pad_limits(ax, points)
        _draw_labels(fig, ax, anchors, font_size)
    return to_svg(fig, salt=salt, title="Theme map")


def _pad_limits(ax, points) -> None:
    """Leave a margin round the points so labels at the edge stay on the page."""
    for axis, setter in (("x", ax.set_xlim), ("y", ax.set_ylim)):
        lo, hi = float(points[axis].min()), float(points[axis].max())
        span = (hi - lo) or 1.0
        setter(lo - span * 0.08, hi + span * 0.08)


def _draw_labels(fig: Figure, ax, anchors: Sequence[tuple], font_size: float) -> None:
    renderer = fig.canvas.get_renderer()
    texts, sizes, points = [], [], []
    for x, y, label, i in anchors:
        t = ax.text(
            x,
            y,
            _short(label, 30),
            fontsize=font_size,
            color=INK,
            ha="left",
            va="bottom",
            fontweight="bold",
            zorder=4,
            bbox={
                "boxstyle": "round,pad=0.25",
                "fc": "white",
                "ec": theme_colour(i),
                "lw": 1.2,
                "alpha": 0.92,
            },
        )
        box = t.get_window_extent(renderer)
        texts.append(t)
        sizes.append((box.width + font_size * 0.6, box.height + font_size * 0.6))
        px, py = ax.transData.transform((x, y))
        points.append((px, py + sizes[-1][1] / 2))  # a box centred here rests on the anchor
    area = ax.get_window_extent(renderer)
    boxes = place_labels(points, sizes, (area.x0, area.y0, area.x1, area.y1))
    inverse = ax.transData.inverted()
    pad = font_size * 0.3
    for t, box, (px, py) in zip(texts, boxes, points, strict=True):
        x, y = inverse.transform((box[0] + pad, box[1] + pad))
        t.set_position((x, y))
        cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        if abs(cx - px) > (box[2] - box[0]) or abs(cy - py) > (box[3] - box[1]):
            ax.annotate(
                "",
                xy=inverse.transform((px, py)),
                xytext=inverse.transform((cx, cy)),
                arrowprops={"arrowstyle": "-", "color": MUTED, "lw": 0.8},
                zorder=3,
            )


def place_labels(
    anchors: Sequence[tuple[float, float]],
    sizes: Sequence[tuple[float, float]],
    bounds: tuple[float, float, float, float],
) -> list[tuple[float, float, float, float]]:
    """Boxes (x0, y0, x1, y1) for labels near their anchors, none overlapping, all inside bounds.

    Greedy in the given order (put the most important first): each label takes the first
    free spot on a spiral of candidate offsets around its anchor. A label with no free spot
    within reach goes to the free spot nearest its anchor on a coarse grid of the area.
    """
    placed: list[Bbox] = []
    out = []
    for (ax_, ay), (w, h) in zip(anchors, sizes, strict=True):
        box = _first_free(ax_, ay, w, h, placed, bounds) or _grid_free(
            ax_, ay, w, h, placed, bounds
        )
        placed.append(box)
        out.append((box.x0, box.y0, box.x1, box.y1))
    return out


def _candidates(x: float, y: float, w: float, h: float) -> Iterator[tuple[float, float]]:
    """Lower-left corners: centred on the anchor, then rings of growing distance."""
    yield x - w / 2, y - h / 2
    for ring in range(1, 25):
        dx, dy = ring * w / 4, ring * h / 2
        for fx, fy in (
            (0, 1),
            (0, -1),
            (1, 0),
            (-1, 0),
            (1, 1),
            (-1, 1),
            (1, -1),
            (-1, -1),
            (0.5, 1),
            (-0.5, 1),
            (0.5, -1),
            (-0.5, -1),
        ):
            yield x - w / 2 + fx * dx, y - h / 2 + fy * dy


def _fits(box: Bbox, placed: Sequence[Bbox], bounds) -> bool:
    x0, y0, x1, y1 = bounds
    if box.x0 < x0 or box.y0 < y0 or box.x1 > x1 or box.y1 > y1:
        return False
    return not any(box.overlaps(other) for other in placed)


def _first_free(x, y, w, h, placed, bounds) -> Bbox | None:
    for cx, cy in _candidates(x, y, w, h):
        box = Bbox.from_bounds(cx, cy, w, h)
        if _fits(box, placed, bounds):
            return box
    return None


def _grid_free(x, y, w, h, placed, bounds) -> Bbox:
    x0, y0, x1, y1 = bounds
    spots = [
        Bbox.from_bounds(x0 + i * w / 2, y0 + j * h, w, h)
        for i in range(int((x1 - x0 - w) // (w / 2)) + 1)
        for j in range(int((y1 - y0 - h) // h) + 1)
    ]
    free = [b for b in spots if _fits(b, placed, bounds)]
    if not free:
        return Bbox.from_bounds(x - w / 2, y - h / 2, w, h)
    return min(free, key=lambda b: (b.x0 + w / 2 - x) ** 2 + (b.y0 + h / 2 - y) ** 2)


def _short(text: str, limit: int) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def coverage_svg(
    rows: Sequence[Mapping],
    *,
    k: int,
    width: float = 7.0,
    font_size: float = 14,
    salt: str = "coverage",
) -> str:
    """Share of people heard (filled) against share of the population (outlined), per group.

    `rows`: dicts with `value`, `share` (None when the count is suppressed), `people` (the
    count as printed) and `expected` (population share, or None when unknown).
    """
    height = 0.6 + 0.5 * max(len(rows), 1) * font_size / 14
    with chart_style(font_size):
        fig = new_figure(width, height)
        ax = fig.add_subplot()
        top = max([r["share"] or 0 for r in rows] + [r["expected"] or 0 for r in rows] + [0.1])
        for i, r in enumerate(rows):
            if r["share"] is not None:
                ax.barh(i - 0.17, r["share"], height=0.32, color=OKABE_ITO[0])
            if r["expected"] is not None:
                ax.barh(
                    i + 0.17,
                    r["expected"],
                    height=0.32,
                    facecolor="white",
                    edgecolor=OKABE_ITO[1],
                    hatch="///",
                    linewidth=1.2,
                )
            heard = (
                f"{r['share']:.0%} heard ({r['people']})"
                if r["share"] is not None
                else (f"{r['people']} heard")
            )
            ax.text(
                max(r["share"] or 0, r["expected"] or 0) + top * 0.03,
                i,
                heard,
                va="center",
                fontsize=font_size,
                color=INK,
            )
        ax.set_yticks(range(len(rows)), [_short(r["value"], 16) for r in rows])
        ax.invert_yaxis()
        ax.set_xlim(0, top * 1.75)
        ax.xaxis.set_visible(False)
        ax.spines["bottom"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        fig.tight_layout(pad=0.4)
    return to_svg(fig, salt=salt, title="Who we heard, against who lives here")

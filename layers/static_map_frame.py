"""Framing of the static thematic map: the extent around the features the map is about, an
inset of the district when the frame is a detail, and the scale bar, north arrow and inset
placed in the corners that cover the least (coordinates: EPSG:4548 metres)."""

from __future__ import annotations

import numpy as np
import shapely
from matplotlib.patches import PathPatch, Rectangle

from layers.static_map_draw import _ring_path, nice_length

MIN_SPAN_M = 4000.0  # a lone feature is shown with its surroundings (≈ 4 km across at least)
PAD = 0.10  # margin on each side, as a fraction of the features' span
DETAIL = 0.35  # a frame smaller than this share of the district's box gets an inset
CORNERS = ("ll", "lr", "ul", "ur")


def extent(focus: tuple[float, float, float, float], ratio: float) -> tuple:
    """(x0, x1, y0, y1) around ``focus`` (x0, y0, x1, y1) with margins, at height/width ``ratio``."""
    fx0, fy0, fx1, fy1 = focus
    w = max(fx1 - fx0, 1.0) * (1 + 2 * PAD)
    h = max(fy1 - fy0, 1.0) * (1 + 2 * PAD)
    w, h = max(w, MIN_SPAN_M), max(h, MIN_SPAN_M * ratio)
    w, h = max(w, h / ratio), max(h, w * ratio)
    cx, cy = (fx0 + fx1) / 2, (fy0 + fy1) / 2
    return cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2


def corner_box(ax, corner: str, w_frac: float, h_frac: float, margin: float = 0.025) -> tuple:
    """Data box (x0, y0, x1, y1) of a ``w_frac`` × ``h_frac`` (axes fraction) block in a corner."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    w, h, mx, my = (x1 - x0) * w_frac, (y1 - y0) * h_frac, (x1 - x0) * margin, (y1 - y0) * margin
    left = x0 + mx if corner[1] == "l" else x1 - mx - w
    bottom = y0 + my if corner[0] == "l" else y1 - my - h
    return left, bottom, left + w, bottom + h


def clutter(box: tuple, geoms: list, weights: list[float]) -> float:
    """How much a box would cover: weighted count of the geometries it touches (polygons by
    their outline: a block over a large zone's inside hides nothing of its shape)."""
    b = shapely.box(*box)
    return float(sum(w for g, w in zip(geoms, weights, strict=True) if g.intersects(b)))


def outline(g):
    """A polygon's boundary (what covers a corner of the frame); other geometries as they are."""
    return g.boundary if g.geom_type.endswith("Polygon") else g


def pick_corners(ax, sizes: dict[str, tuple[float, float]], geoms: list, weights: list[float]
                 ) -> dict[str, str]:
    """A different corner for each block (name → (w_frac, h_frac)), the least covering first."""
    shapes = [outline(g) for g in geoms]
    taken: dict[str, str] = {}
    for name, (wf, hf) in sizes.items():
        free = [c for c in CORNERS if c not in taken.values()]
        taken[name] = min(free, key=lambda c: (clutter(corner_box(ax, c, wf, hf), shapes, weights),
                                               CORNERS.index(c)))
    return taken


def is_detail(frame: tuple, district: tuple | None) -> bool:
    """True when the frame shows a part of the district (then an inset locates it)."""
    if district is None:
        return False
    x0, x1, y0, y1 = frame
    dx0, dy0, dx1, dy1 = district
    return (x1 - x0) * (y1 - y0) < DETAIL * (dx1 - dx0) * (dy1 - dy0)


def inset(fig, ax, district_geoms: list, frame: tuple, box: tuple) -> None:
    """The whole district, small, with the map's frame drawn on it, in data box ``box`` of ``ax``."""
    trans = ax.transData + fig.transFigure.inverted()
    (fx0, fy0), (fx1, fy1) = trans.transform([(box[0], box[1]), (box[2], box[3])])
    iax = fig.add_axes((fx0, fy0, fx1 - fx0, fy1 - fy0), zorder=5)
    iax.set_xticks([])
    iax.set_yticks([])
    iax.set_facecolor("white")
    for spine in iax.spines.values():
        spine.set_edgecolor("#333")
        spine.set_linewidth(0.6)
    for g in district_geoms:
        if g.geom_type.endswith("Polygon"):
            iax.add_patch(PathPatch(_ring_path(g), facecolor="#e6e9ee", edgecolor="#555", lw=0.6))
    x0, x1, y0, y1 = frame
    iax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, edgecolor="#c0392b", lw=1.2))
    bx0, by0, bx1, by1 = shapely.total_bounds(np.array(district_geoms, dtype=object))
    bx0, bx1, by0, by1 = min(bx0, x0), max(bx1, x1), min(by0, y0), max(by1, y1)
    ratio = (box[3] - box[1]) / (box[2] - box[0])  # the inset's own height/width: equal scales
    w, h = (bx1 - bx0) * 1.12, (by1 - by0) * 1.12
    w, h = max(w, h / ratio), max(h, w * ratio)
    cx, cy = (bx0 + bx1) / 2, (by0 + by1) / 2
    iax.set_xlim(cx - w / 2, cx + w / 2)
    iax.set_ylim(cy - h / 2, cy + h / 2)


def scale_bar(ax, font, scale: float, box: tuple) -> float:
    """A km scale bar in data box ``box`` (lengths in EPSG:4548 metres); returns its length (m)."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    length = min(nice_length(x1 - x0), nice_length((box[2] - box[0]) * 4.2))
    h = (y1 - y0) * 0.012
    bx, by = box[0] + (box[2] - box[0] - length) / 2, box[1] + h * 1.3
    ax.add_patch(Rectangle((bx - 2 * h, box[1]), length + 4 * h, box[3] - box[1], facecolor="white",
                           alpha=0.85, edgecolor="none", zorder=50))
    for i in range(4):
        ax.add_patch(Rectangle((bx + i * length / 4, by), length / 4, h, zorder=51,
                               facecolor="black" if i % 2 == 0 else "white", edgecolor="black",
                               linewidth=0.6 * scale))
    km = length / 1000
    for frac in (0, 0.5, 1):
        label = f"{km * frac:g}" + (" km" if frac == 1 else "")
        ax.text(bx + length * frac, by + h * 1.6, label, fontproperties=font, fontsize=6.5 * scale,
                ha="center", va="bottom", zorder=52)
    return length


def north_arrow(ax, font, scale: float, label: str, box: tuple) -> None:
    """A north arrow (grid north) filling data box ``box``."""
    cx = (box[0] + box[2]) / 2
    h = box[3] - box[1]
    ax.add_patch(Rectangle((box[0], box[1]), box[2] - box[0], h, facecolor="white", alpha=0.8,
                           edgecolor="none", zorder=59))
    ax.annotate("", xy=(cx, box[1] + h * 0.72), xytext=(cx, box[1] + h * 0.08),
                arrowprops={"facecolor": "black", "edgecolor": "black", "width": 3 * scale,
                            "headwidth": 11 * scale, "headlength": 12 * scale}, zorder=60)
    ax.text(cx, box[1] + h * 0.76, label, fontproperties=font, fontsize=11 * scale,
            weight="bold", ha="center", va="bottom", zorder=60)

"""Drawing helpers of the static thematic map (layers/static_map.py): features, highlights, scale
bar, north arrow, legend.  Coordinates are EPSG:4548 metres; sizes scale with the paper."""

from __future__ import annotations

import math
import textwrap

import numpy as np
import shapely
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Patch, PathPatch, Rectangle
from matplotlib.path import Path

from layers import vocab

HATCH = "///"


def wrap(text: str, width: int) -> str:
    """Wrap for the notes: Chinese by characters (an ASCII letter counts half), English by words."""
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return "\n".join(textwrap.wrap(text, width)) or text
    lines, cur, n = [], "", 0.0
    for ch in text:
        cur += ch
        n += 1.0 if ord(ch) > 0x2e7f else 0.55
        if n >= width:
            lines.append(cur)
            cur, n = "", 0.0
    if cur:
        lines.append(cur)
    return "\n".join(lines)


def _color(spec, row) -> str:
    st = spec.style
    if st.by and st.palette:
        key = str(row.get(st.by) or "").split(";")[0]
        for value, color in st.palette:
            if value == key:
                return color
    return st.color


def _ring_path(geom) -> Path:
    verts, codes = [], []
    polys = geom.geoms if geom.geom_type == "MultiPolygon" else [geom]
    for poly in polys:
        for ring in [poly.exterior, *poly.interiors]:
            xy = np.asarray(ring.coords)[:, :2]
            verts.extend(xy.tolist())
            codes.extend([Path.MOVETO] + [Path.LINETO] * (len(xy) - 2) + [Path.CLOSEPOLY])
    return Path(verts, codes)


def _linestyle(acc: str) -> object:
    return (0, (6, 4)) if acc == "approximate" else (0, (1.5, 3)) if acc == "schematic" else "-"


def layer(ax, spec, gdf, font, scale: float, lang: str) -> None:
    """Draw one layer's (already filtered, projected) features."""
    st = spec.style
    lw = max(st.weight, 1.0) * 0.7 * scale
    for _, row in gdf.iterrows():
        g = row.geometry
        if g is None or g.is_empty:
            continue
        acc = str(row.get("accuracy") or "")
        color = _color(spec, row)
        kind = g.geom_type
        if kind in ("Polygon", "MultiPolygon"):
            fill = (st.fill_color or color) if not st.by else color
            ax.add_patch(PathPatch(_ring_path(g), facecolor=_rgba(fill, max(st.fill_opacity, 0.08)),
                                   edgecolor="none", zorder=spec.z + 1))
            ax.add_patch(PathPatch(_ring_path(g), fill=False, edgecolor=color, linewidth=lw,
                                   linestyle=_linestyle(acc), zorder=spec.z + 1.1,
                                   hatch=HATCH if acc == "schematic" else None))
            if acc == "schematic":
                p = g.representative_point()
                _label(ax, p.x, p.y, "示意" if lang == "zh" else "schematic", font, 7 * scale,
                       box="#fff3cd", edge="#b38f00", z=spec.z + 5)
        elif kind in ("LineString", "MultiLineString"):
            for part in getattr(g, "geoms", [g]):
                xy = np.asarray(part.coords)
                ax.plot(xy[:, 0], xy[:, 1], color=color, linewidth=lw * 1.3,
                        linestyle=_linestyle(acc), solid_capstyle="round", zorder=spec.z + 2)
        else:
            _point(ax, spec, row, g, color, acc, font, scale, lang)


def _rgba(color: str, alpha: float) -> tuple:
    from matplotlib.colors import to_rgba

    return to_rgba(color, alpha)


def _point(ax, spec, row, g, color, acc, font, scale, lang) -> None:
    st = spec.style
    for p in getattr(g, "geoms", [g]):
        r = row.get("accuracy_m")
        if acc == "approximate" and isinstance(r, int | float) and not math.isnan(r) and r > 0:
            ax.add_patch(Circle((p.x, p.y), float(r), fill=False, edgecolor=color, linewidth=0.6 * scale,
                                linestyle=(0, (4, 3)), alpha=0.7, zorder=spec.z + 2))
        face = (st.fill_color or color) if not st.by else color
        ms = max(st.radius, 3) * 1.0 * scale
        ax.plot([p.x], [p.y], marker="o", markersize=ms, markerfacecolor="white" if acc == "schematic"
                else face, markeredgecolor=color, markeredgewidth=1.2 * scale,
                linestyle="none", zorder=spec.z + 3)
        if acc == "schematic":
            _label(ax, p.x, p.y, "示意" if lang == "zh" else "schem.", font, 5.5 * scale,
                   box="#fff3cd", edge="#b38f00", z=spec.z + 5, dy=-ms * 2.2)
        if spec.label_names:
            name = row.get("name_zh" if lang == "zh" else "name_en") or row.get("name_zh") or ""
            ax.annotate(str(name), (p.x, p.y), xytext=(4 * scale, 0), textcoords="offset points",
                        fontproperties=font, fontsize=6 * scale, va="center", color="#333",
                        zorder=spec.z + 4)


def _label(ax, x, y, text, font, size, box, edge, z, dy=0.0) -> None:
    ax.annotate(text, (x, y), xytext=(0, dy), textcoords="offset points", ha="center",
                va="center", fontproperties=font, fontsize=size, color="#5a4300", zorder=z,
                bbox={"boxstyle": "round,pad=0.2", "fc": box, "ec": edge, "lw": 0.5,
                      "linestyle": "--"})


def highlight(ax, gdf, font, scale: float, lang: str) -> None:
    """Outline and name the highlighted features (the slideshow's yellow rings)."""
    for _, row in gdf.iterrows():
        g = row.geometry
        if g is None or g.is_empty:
            continue
        if g.geom_type in ("Point", "MultiPoint"):
            p = g.representative_point()
            ax.plot([p.x], [p.y], marker="o", markersize=16 * scale, markerfacecolor="none",
                    markeredgecolor="#ffd400", markeredgewidth=2.5 * scale, zorder=40)
        else:
            geoms = shapely.get_parts(shapely.boundary(g)) if g.geom_type.endswith("Polygon") else [g]
            for part in np.atleast_1d(geoms):
                for line in getattr(part, "geoms", [part]):
                    xy = np.asarray(line.coords)
                    ax.plot(xy[:, 0], xy[:, 1], color="#ffd400", linewidth=3.2 * scale, zorder=39,
                            alpha=0.9)
        p = g.representative_point()
        name = row.get("name_zh" if lang == "zh" else "name_en") or row.get("name_zh") or ""
        ax.annotate(str(name), (p.x, p.y), xytext=(0, 11 * scale), textcoords="offset points",
                    ha="center", fontproperties=font, fontsize=7.5 * scale, weight="bold",
                    zorder=41, bbox={"boxstyle": "round,pad=0.25", "fc": "#ffd400", "ec": "#111",
                                     "lw": 0.6})


def nice_length(span_m: float) -> float:
    """A round scale-bar length (1, 2 or 5 × 10^k metres) near a fifth of ``span_m``."""
    target = max(span_m / 5, 1.0)
    k = 10 ** math.floor(math.log10(target))
    return max((m * k for m in (1, 2, 5, 10) if m * k <= target), default=k)


def scale_bar(ax, font, scale: float) -> float:
    """A km scale bar in the lower left (lengths in EPSG:4548 metres); returns its length (m)."""
    ax.apply_aspect()
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    length = nice_length(x1 - x0)
    h = (y1 - y0) * 0.012
    bx, by = x0 + (x1 - x0) * 0.04, y0 + (y1 - y0) * 0.05
    ax.add_patch(Rectangle((bx - h, by - h * 1.2), length + 2 * h, h * 5.2, facecolor="white",
                           alpha=0.85, edgecolor="none", zorder=50))
    for i in range(4):
        ax.add_patch(Rectangle((bx + i * length / 4, by), length / 4, h, zorder=51,
                               facecolor="black" if i % 2 == 0 else "white", edgecolor="black",
                               linewidth=0.6 * scale))
    km = length / 1000
    for frac in (0, 0.5, 1):
        v = km * frac
        label = f"{v:g}" + (" km" if frac == 1 else "")
        ax.text(bx + length * frac, by + h * 1.6, label, fontproperties=font, fontsize=6.5 * scale,
                ha="center", va="bottom", zorder=52)
    return length


def north_arrow(ax, font, scale: float, label: str) -> None:
    ax.annotate("", xy=(0.95, 0.95), xytext=(0.95, 0.85), xycoords="axes fraction",
                arrowprops={"facecolor": "black", "edgecolor": "black", "width": 3 * scale,
                            "headwidth": 11 * scale, "headlength": 12 * scale}, zorder=60)
    ax.text(0.95, 0.965, label, transform=ax.transAxes, fontproperties=font,
            fontsize=11 * scale, weight="bold", ha="center", va="bottom", zorder=60)


def _handle(spec, color: str, label: str):
    kinds = set(spec.geometry_types)
    st = spec.style
    if kinds == {"Point"}:
        return Line2D([], [], marker="o", linestyle="none", markerfacecolor=st.fill_color or color,
                      markeredgecolor=color, markersize=7, label=label)
    if "LineString" in kinds:
        return Line2D([], [], color=color, linewidth=3, label=label)
    return Patch(facecolor=_rgba(st.fill_color or color, max(st.fill_opacity, 0.15)), edgecolor=color,
                 linewidth=1.5, label=label)


def legend(fig, specs, frames, font, scale: float, lang: str, t: dict) -> None:
    """Legend panel on the right: each shown layer, palette values present, accuracy styles."""
    handles = []
    for spec in specs:
        handles.append(_handle(spec, spec.style.color, spec.legend(lang)))
        if spec.style.by and spec.style.palette and spec.style.by in frames[spec.id]:
            present = {str(v).split(";")[0] for v in frames[spec.id][spec.style.by].dropna()}
            for value, color in spec.style.palette:
                if value in present:
                    handles.append(Line2D([], [], color=color, linewidth=3 if "LineString" in
                                          spec.geometry_types else 0, marker=None if "LineString"
                                          in spec.geometry_types else "o", markersize=6,
                                          label="  " + vocab.label(value, lang)))
    handles.append(Line2D([], [], color="#555", linewidth=1.5, linestyle=(0, (6, 4)), label=t["approx"]))
    handles.append(Patch(facecolor="white", edgecolor="#555", hatch=HATCH, linestyle=(0, (1.5, 3)),
                         label=t["schematic"]))
    lax = fig.add_axes((0.70, 0.32, 0.28, 0.58))
    lax.axis("off")
    prop = font.copy()
    prop.set_size(7 * scale)
    title = font.copy()
    title.set_size(9 * scale)
    title.set_weight("bold")
    lax.legend(handles=handles, loc="upper left", prop=prop, title=t["legend"], title_fontproperties=title,
               frameon=True, edgecolor="#333", alignment="left", borderpad=0.8, labelspacing=0.6)

"""Drawing helpers of the static thematic map (layers/static_map.py): features, highlights, the
legend, note wrapping (the labels: static_map_labels.py; frame and corners: static_map_frame.py).  Coordinates are EPSG:4548 metres; sizes scale with the paper."""

from __future__ import annotations

import math
import textwrap

import numpy as np
import shapely
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Patch, PathPatch
from matplotlib.path import Path

from layers import vocab
from layers.static_map_labels import Label
from layers.text import localized, t

HATCH = "///"


NO_LINE_START = set("，。、；：？！）》」』】〕…·,.;:?!)]}%”’")
NO_LINE_END = set("（《「『【〔“‘([{")


def _latin(ch: str) -> bool:
    return ord(ch) < 0x2e80 and ch not in NO_LINE_START | NO_LINE_END and not ch.isspace()


def _tokens(text: str) -> list[str]:
    """Units a line may break between: a Latin word (with its trailing space), one CJK char."""
    out: list[str] = []
    for ch in text:
        glue = _latin(ch) and out and _latin(out[-1][-1])
        if glue or (ch.isspace() and out):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _width(token: str) -> float:
    return sum(1.0 if ord(ch) > 0x2e7f else 0.55 for ch in token)


def wrap(text: str, width: int) -> str:
    """Wrap the notes at word or character boundaries (an ASCII letter counts half a CJK
    character): Latin words are never split, no line starts with closing punctuation (，；）…)
    and none ends with an opening bracket."""
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return "\n".join(textwrap.wrap(text, width, break_long_words=False,
                                        break_on_hyphens=False)) or text
    lines: list[str] = []
    cur = ""
    for tok in _tokens(text):
        if cur and _width(cur + tok.rstrip()) > width and tok[0] not in NO_LINE_START:
            carry = ""
            while cur and cur[-1] in NO_LINE_END:
                carry, cur = cur[-1] + carry, cur[:-1]
            lines.append(cur.rstrip())
            cur = carry
        cur += tok
    if cur.strip():
        lines.append(cur.rstrip())
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


def _name(row, lang: str) -> str:
    return localized(row, "name", lang)


def _schem(lang: str) -> str:
    return t("sm.schematic_word", lang)


TAG_BOX = {"boxstyle": "round,pad=0.2", "fc": "#fff3cd", "ec": "#b38f00", "lw": 0.5, "linestyle": "--"}
HL_BOX = {"boxstyle": "round,pad=0.25", "fc": "#ffd400", "ec": "#111", "lw": 0.6}
NAME_BOX = {"boxstyle": "round,pad=0.12", "fc": (1, 1, 1, 0.7), "ec": "none"}


def layer(ax, spec, gdf, scale: float, lang: str, labels: list, name_all: bool = False,
          skip: set | None = None) -> None:
    """Draw one layer's (already filtered, projected) features; their labels go to ``labels``
    (``name_all``: name every feature, not only the layers that label their names; rows in
    ``skip`` are labelled by their highlight instead)."""
    st = spec.style
    lw = max(st.weight, 1.0) * 0.7 * scale
    for key, row in gdf.iterrows():
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
        elif kind in ("LineString", "MultiLineString"):
            for part in getattr(g, "geoms", [g]):
                xy = np.asarray(part.coords)
                ax.plot(xy[:, 0], xy[:, 1], color=color, linewidth=lw * 1.3,
                        linestyle=_linestyle(acc), solid_capstyle="round", zorder=spec.z + 2)
        else:
            _point(ax, spec, row, g, color, acc, scale)
        if key not in (skip or ()):
            _feature_label(spec, row, g, acc, scale, lang, labels, name_all)


def _feature_label(spec, row, g, acc, scale, lang, labels, name_all) -> None:
    point = g.geom_type in ("Point", "MultiPoint")
    p = g.representative_point() if not point else next(iter(getattr(g, "geoms", [g])))
    name = _name(row, lang) if (spec.label_names or name_all) else ""
    if name and acc == "schematic":
        name += t("sm.schematic_mark", lang)
    if name:
        labels.append(Label(p.x, p.y, name, 2 if name_all else 1, 6 * scale, box=NAME_BOX,
                            dy_px=(5 if point else 0) * scale, z=spec.z + 4))
    elif acc == "schematic":
        labels.append(Label(p.x, p.y, _schem(lang), 2, (5.5 if point else 7) * scale,
                            color="#5a4300", box=TAG_BOX, dy_px=(6 if point else 0) * scale,
                            z=spec.z + 5))


def _rgba(color: str, alpha: float) -> tuple:
    from matplotlib.colors import to_rgba

    return to_rgba(color, alpha)


def _point(ax, spec, row, g, color, acc, scale) -> None:
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


def highlight(ax, gdf, scale: float, lang: str, labels: list) -> None:
    """Outline the highlighted features (the slideshow's yellow rings); names go to ``labels``."""
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
        labels.append(Label(p.x, p.y, _name(row, lang), 3, 7.5 * scale, weight="bold", color="#111",
                            box=HL_BOX, dy_px=11 * scale, z=41))


def nice_length(span_m: float) -> float:
    """A round scale-bar length (1, 2 or 5 × 10^k metres) near a fifth of ``span_m``."""
    target = max(span_m / 5, 1.0)
    k = 10 ** math.floor(math.log10(target))
    return max((m * k for m in (1, 2, 5, 10) if m * k <= target), default=k)


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


def legend(fig, specs, frames, font, scale: float, lang: str, words: dict) -> None:
    """Legend panel on the right: each layer in ``specs`` and the palette values present in
    ``frames`` (pass only what the map shows), then the accuracy styles."""
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
    handles.append(Line2D([], [], color="#555", linewidth=1.5, linestyle=(0, (6, 4)), label=words["approx"]))
    handles.append(Patch(facecolor="white", edgecolor="#555", hatch=HATCH, linestyle=(0, (1.5, 3)),
                         label=words["schematic"]))
    lax = fig.add_axes((0.70, 0.32, 0.28, 0.58))
    lax.axis("off")
    prop = font.copy()
    prop.set_size(7 * scale)
    title = font.copy()
    title.set_size(9 * scale)
    title.set_weight("bold")
    lax.legend(handles=handles, loc="upper left", prop=prop, title=words["legend"], title_fontproperties=title,
               frameon=True, edgecolor="#333", alignment="left", borderpad=0.8, labelspacing=0.6)

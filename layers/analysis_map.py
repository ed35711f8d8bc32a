"""Map-side add-ons of the analysis tools (renderer elements, no Streamlit): straight-line
distances in the tooltips of the plan's sites, and a drawing tool (leaflet-draw) whose shapes are measured in
CGCS2000 GK by the page.  Both depend only on the data and the language, so the map HTML stays
the same between reruns (a drawing or a filter never rebuilds the map).
"""

from __future__ import annotations

from layers import analysis as an
from layers.map.elements import area_outline as _outline
from layers.map.elements import draw_control, js_init
from layers.spec import Catalog

ANALYSIS_JS = "/app/static/app/zq-analysis.js"

DRAW_LOCAL = {
    "zh": {"polyline": "画线：量算长度（CGCS2000高斯-克吕格）", "polygon": "画多边形：量算面积、空间筛选、红线筛查",
           "rectangle": "画矩形：量算面积、空间筛选、红线筛查", "edit": "编辑绘制的图形", "remove": "删除绘制的图形",
           "start": "点击地图开始绘制", "cont": "继续点击添加折点", "end": "点击最后一点结束（或点击首点闭合）",
           "finish": "完成", "undo": "撤销最后一点", "cancel": "取消", "save": "保存", "clearAll": "全部删除",
           "rectStart": "按住并拖动绘制矩形"},
    "en": {},
}


def tooltip_rows(data: dict, lang: str, cat: Catalog | None = None) -> dict:
    """Per plan-item layer: the tooltip heading, row labels and per-feature distance texts."""
    out = {}
    names = an.ref_labels(cat)
    for lid in an.item_layers(cat):
        if lid not in data:
            continue
        table = an.proximity(data, lid, cat)
        keys = [k for k in names if f"{k}_m" in table]
        labels = [("距" + names[k][0]) if lang == "zh" else "To " + names[k][1] for k in keys]
        rows = [[an.phrase(r, k, lang) for k in keys] for _, r in table.iterrows()]
        out[lid] = {"labels": labels, "rows": rows}
    return out


def extras(data: dict, lang: str, cat: Catalog | None = None) -> list:
    """The folium elements to add to the map (``ctx.extras``): the drawing tool and the
    distance tooltips."""
    head = ("直线距离（CGCS2000高斯-克吕格；非路网距离）" if lang == "zh"
            else "Straight-line distances (CGCS2000 GK; not by road or rail)")
    draw = draw_control("#c51b7d")
    cfg = {"tips": tooltip_rows(data, lang, cat), "head": head, "drawLocal": DRAW_LOCAL[lang]}
    tools = js_init("ZQAnalysis", "ZQA.init", cfg, js=(("zq_analysis_js", ANALYSIS_JS),))
    return [tools, draw]  # strings translated before the draw toolbar is built


def area_outline(rings: tuple):
    """The dashed outline of an area restored from a link (``rings``: outer rings of lon/lat),
    drawn in the drawing tool's colour."""
    return _outline(tuple(rings), "#c51b7d")

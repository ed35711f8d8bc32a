"""Map-side add-ons of the analysis tools (renderer elements, no Streamlit): straight-line
distances in the tooltips of the plan's sites, and a drawing tool (leaflet-draw) whose shapes are measured in
CGCS2000 GK by the page.  Both depend only on the data and the language, so the map HTML stays
the same between reruns (a drawing or a filter never rebuilds the map).
"""

from __future__ import annotations

from layers import analysis as an
from layers.frame_memo import per_frame
from layers.map.elements import area_outline as _outline
from layers.map.elements import draw_control, js_init
from layers.spec import Catalog
from layers.text import pick, t

ANALYSIS_JS = "/app/static/app/zq-analysis.js"

#: the drawing tool's words (catalog "draw.*"), set on leaflet-draw by zq-analysis.js
DRAW_WORDS = ("polyline", "polygon", "rectangle", "edit", "remove", "start", "cont", "end", "finish",
              "undo", "cancel", "save", "clearAll", "rectStart")


def tooltip_rows(data: dict, lang: str, cat: Catalog | None = None) -> dict:
    """Per plan-item layer: the tooltip heading, row labels and per-feature distance texts."""
    out = {}
    names = an.ref_labels(cat)
    for lid in an.item_layers(cat):
        if lid not in data:
            continue
        table = an.proximity(data, lid, cat)
        keys = [k for k in names if f"{k}_m" in table]
        labels = [t("an.to_ref", lang, ref=pick(*names[k], lang)) for k in keys]
        out[lid] = {"labels": labels, "rows": per_frame(table, _phrases, tuple(keys), lang)}
    return out


def _phrases(table, keys: tuple[str, ...], lang: str) -> list[list[str]]:
    """Per feature, its distance phrases (once per proximity table, which is itself cached)."""
    return [[an.phrase(r, k, lang) for k in keys] for _, r in table.iterrows()]


def extras(data: dict, lang: str, cat: Catalog | None = None) -> list:
    """The folium elements to add to the map (``ctx.extras``): the drawing tool and the
    distance tooltips."""
    draw = draw_control("#c51b7d")
    cfg = {"tips": tooltip_rows(data, lang, cat), "head": t("an.tip_head", lang),
           "drawLocal": {k: t(f"draw.{k}", lang) for k in DRAW_WORDS}}
    tools = js_init("ZQAnalysis", "ZQA.init", cfg, js=(("zq_analysis_js", ANALYSIS_JS),))
    return [tools, draw]  # strings translated before the draw toolbar is built


def area_outline(rings: tuple):
    """The dashed outline of an area restored from a link (``rings``: outer rings of lon/lat),
    drawn in the drawing tool's colour."""
    return _outline(tuple(rings), "#c51b7d")

"""Scenes on the map: each scene compiled for the browser (visible feature indices per layer,
view, highlights, caption) and the folium element that runs the slideshow (static/app/zq-slides.js).

The slideshow steps scenes client-side (``ZQ.apply`` + ``flyToBounds``): no Python rerun per
step, and the same element works in the exported self-contained HTML (``export_html``).
"""

from __future__ import annotations

from dataclasses import replace
from html import escape

import numpy as np
import shapely

from geo.chinacrs import transform_geometry_array
from layers import basemap_export
from layers import explorer as ex
from layers.assets_inline import inline_assets
from layers.basemap_packages import PREFIX as PKG
from layers.basemaps import get_basemap
from layers.map.elements import ScriptCall, js_init
from layers.registry import CATALOG
from layers.render import ZHANGQIU_VIEW, build_map, visible_indices
from layers.scenes import Scene
from layers.scenes_state import scene_state
from layers.spec import Catalog
from layers.text import t

SLIDES_JS = "/app/static/app/zq-slides.js"
SLIDES_CSS = "/app/static/app/zq-slides.css"
PAD_DEG = 0.01  # a lone point is shown with ~1 km around it

SLIDE_WORDS = ("prev", "next", "exit", "layers", "keys", "none")  # catalog "sl.*"


def _shift(lat: float, lng: float, shift: str) -> list[float]:
    if shift == "wgs84":
        return [round(lat, 6), round(lng, 6)]
    p = transform_geometry_array(np.array([shapely.Point(lng, lat)]), "wgs84", shift)[0]
    return [round(p.y, 6), round(p.x, 6)]


def _bounds(geoms: list) -> list[list[float]] | None:
    geoms = [g for g in geoms if g is not None and not g.is_empty]
    if not geoms:
        return None
    w, s, e, n = shapely.total_bounds(np.array(geoms, dtype=object))
    if not np.isfinite([w, s, e, n]).all():
        return None
    if e - w < PAD_DEG and n - s < PAD_DEG:
        w, s, e, n = w - PAD_DEG, s - PAD_DEG, e + PAD_DEG, n + PAD_DEG
    return [[float(s), float(w)], [float(n), float(e)]]


def highlight_rows(scene: Scene, frames: dict) -> dict[str, list[int]]:
    """Row positions of the scene's highlighted features, per layer (unknown ids skipped)."""
    out: dict[str, list[int]] = {}
    for layer_id, fid in scene.highlight:
        gdf = frames.get(layer_id)
        if gdf is None:
            continue
        if "id" in gdf.columns:
            rows = np.flatnonzero(gdf["id"].astype(str).to_numpy() == fid).tolist()
        else:
            rows = [int(fid)] if fid.isdigit() and int(fid) < len(gdf) else []
        out.setdefault(layer_id, []).extend(r for r in rows if r not in out[layer_id])
    return {k: v for k, v in out.items() if v}


def _widen(box: list[list[float]], span_km: float) -> list[list[float]]:
    """``box`` ([[s, w], [n, e]], degrees) grown about its centre to at least ``span_km`` each way."""
    (s, w), (n, e) = box
    lat = (s + n) / 2
    half_lat = max((n - s) / 2, span_km / 2 / 111.32)
    half_lng = max((e - w) / 2, span_km / 2 / (111.32 * float(np.cos(np.radians(lat)))))
    cx = (w + e) / 2
    return [[lat - half_lat, cx - half_lng], [lat + half_lat, cx + half_lng]]


def scene_view(scene: Scene, frames: dict, shown: dict[str, np.ndarray],
               hl: dict[str, list[int]], shift: str) -> dict:
    """``{"center": [lat, lng], "zoom": z}`` or ``{"bounds": [[s, w], [n, e]]}`` in map coordinates."""
    view = scene.view
    if "center" in view:
        return {"center": _shift(*view["center"], shift), "zoom": int(view["zoom"])}
    box = view.get("bounds")
    if box is None:
        fit = [i for i in view.get("fit", []) if i in shown]
        box = _bounds([g for i in fit for g in frames[i].geometry.values[shown[i]]])
        if box is None:
            box = _bounds([frames[i].geometry.values[r] for i, rows in hl.items() for r in rows])
        extent = [i for i in CATALOG.ids_with("extent") if i in frames]
        if box is None and extent:
            box = _bounds(list(frames[extent[0]].geometry.values))
        if box is not None and view.get("min_span_km"):
            box = _widen(box, float(view["min_span_km"]))
    if box is None:
        lat, lng, zoom = ZHANGQIU_VIEW
        return {"center": _shift(lat, lng, shift), "zoom": zoom}
    return {"bounds": [_shift(*box[0], shift), _shift(*box[1], shift)]}


def compile_scene(scene: Scene, frames: dict, cat: Catalog, lang: str, shift: str = "wgs84") -> dict:
    """What zq-slides.js needs for one scene (all plain JSON; captions are shown as text)."""
    state = scene_state(scene, cat, lang)
    bound, _ = ex.bind_filters(state.filters, frames, cat)  # a spatial filter names its reference
    state = replace(state, filters=bound)
    specs = [cat.get(i) for i in state.layers if i in frames]
    masks = ex.layer_masks(frames, specs, state.filters)
    hl = {k: v for k, v in highlight_rows(scene, frames).items() if k in masks}
    caption, detail = scene.caption(lang), ex.describe(state, masks, specs, cat, frames=frames)
    if detail.strip() and detail.strip() in caption:  # the current view's caption is the sentence
        detail = ""
    return {
        "id": scene.id, "title": scene.title(lang), "caption": caption, "detail": detail,
        "visible": {i: visible_indices(m) for i, m in masks.items()},
        "highlight": hl, "n": int(sum(int(m.sum()) for m in masks.values())),
        "view": scene_view(scene, frames, masks, hl, shift),
        "bm": scene.params.get("bm", "offline"),
    }


def slides_config(scenes: list[Scene], frames: dict, cat: Catalog, lang: str, start: int = 0,
                  mode: str = "present", shift: str = "wgs84",
                  back: tuple[float, float, int] | None = None) -> dict:
    """``mode``: "present" (Streamlit page: projector theme, exit button, ?scene= in the URL)
    or "export" (a standalone file: #scene= in the address).  ``back``: the explorer's view
    (WGS84 lat, lng, zoom) that leaving the slideshow returns to, when the page has none."""
    compiled = [compile_scene(s, frames, cat, lang, shift) for s in scenes]
    return {"scenes": compiled, "start": min(max(start, 0), max(len(compiled) - 1, 0)),
            "lang": lang, "mode": mode, "i18n": {k: t(f"sl.{k}", lang) for k in SLIDE_WORDS}, "projector": True,
            "back": [back[0], back[1], int(back[2])] if back else None,
            "layerNames": {s.id: s.name(lang) for s in cat.layers if s.id in frames}}


def slides_element(cfg: dict) -> ScriptCall:
    """Loads zq-slides.js/css and runs ``ZQSlides.init(map, cfg)`` (after the layers)."""
    return js_init("ZQSlides", "ZQSlides.init", cfg, js=(("zq_slides_js", SLIDES_JS),),
                  css=(("zq_slides_css", SLIDES_CSS),))


def slides_map(frames: dict, cat: Catalog, scenes: list[Scene], lang: str, start: int = 0,
               mode: str = "present", basemap_id: str = "offline", tiles: tuple = (),
               back: tuple[float, float, int] | None = None, extras: tuple = ()):
    """The whole map (every layer's data) with the slideshow on it (``extras``: e.g. the
    exported file's own basemap element)."""
    basemap = get_basemap(basemap_id)
    if basemap.shift != "wgs84" and not tiles:
        basemap = get_basemap("offline")
    cfg = slides_config(scenes, frames, cat, lang, start, mode, basemap.shift, back)
    return build_map(frames, list(cat.layers), basemap, tiles, lang, None,
                     (*extras, slides_element(cfg)))


def export_html(frames: dict, cat: Catalog, scenes: list[Scene], lang: str, start: int = 0,
                basemap_id: str = "offline", tiles_url: str | None = None) -> str:
    """A self-contained HTML slideshow (all JS, CSS and data inlined) that opens from
    ``file://`` with no network.  ``basemap_id``: a presenter's package (``pkg-…``) to show
    under it, its tiles over the scenes inlined — or, with ``tiles_url`` (a relative
    template such as ``tiles/{z}/{x}/{y}.png``), read from files beside the HTML
    (``layers.basemap_export``)."""
    extras = ()
    tile = next(iter(get_basemap(basemap_id).tiles), None) if basemap_id.startswith(PKG) else None
    if tile is not None and tile.package:
        extras = (basemap_export.element(tile, frames, cat, scenes, lang, tiles_url),)
    m = slides_map(frames, cat, scenes, lang, start, mode="export", extras=extras)
    html = m.get_root().render()
    title = scenes[start].title(lang) if scenes else "章丘规划一张图"
    html = html.replace("</head>", f"<title>{escape(title)}</title>\n</head>", 1)
    return inline_assets(html)


def explorer_view(view: dict, size: tuple[int, int] = (1100, 700)) -> tuple[float, float, int]:
    """(lat, lng, zoom) of a compiled WGS84 view for the explorer's link (``?v=``): a bounds
    view as the whole-zoom fit of a ``size`` px map (Web Mercator), with a 5 % margin."""
    if "center" in view:
        return float(view["center"][0]), float(view["center"][1]), int(view["zoom"])
    (s, w), (n, e) = view["bounds"]

    def merc(lat: float) -> float:
        return float(np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)))

    zooms = []
    for px, frac in ((size[0], (e - w) / 360), (size[1], (merc(n) - merc(s)) / (2 * np.pi))):
        zooms.append(np.log2(px * 0.9 / 256 / max(frac, 1e-9)))
    zoom = int(min(max(np.floor(min(zooms)), 1), 18))
    lat_c = float(np.degrees(2 * np.arctan(np.exp((merc(s) + merc(n)) / 2)) - np.pi / 2))
    return round(lat_c, 5), round((w + e) / 2, 5), zoom


def view_bounds(view: dict, size: tuple[int, int] = (1100, 700)) -> list[list[float]]:
    """WGS84 bounds of a compiled view; a center/zoom view as seen in a ``size`` px window."""
    if "bounds" in view:
        return view["bounds"]
    lat, lng = view["center"]
    deg = 360 / (256 * 2 ** int(view["zoom"]))  # degrees of longitude per pixel (Web Mercator)
    half_w = size[0] * deg / 2
    half_h = float(size[1] * deg * np.cos(np.radians(lat)) / 2)
    return [[lat - half_h, lng - half_w], [lat + half_h, lng + half_w]]

"""Analysis for planners and investors (Streamlit side): the spatial filter in the sidebar, its
effect on the map (masks + the sentence), the map add-ons, and the analysis section below the map.

Hooks in app.py: ``sidebar(data, cat, lang)`` (sidebar), ``before_map(ctx)`` (before the map),
``panel(ctx)`` (below the map).  Widget keys start with ``flt.sp.`` so "reset filters" clears the
spatial filter too.  Drawn shapes come from the map component's value (``all_drawings``).
"""

from __future__ import annotations

import streamlit as st

from geo.drawn import drawings_frame
from geo.measure import format_area
from layers import analysis as an
from layers import analysis_map
from layers.i18n import md_escape
from layers.spec import Catalog
from ui import state as session
from ui.analysis_text import tr
from ui.context import PageContext

K_KIND, K_KM, K_FEATURE = session.SP_KIND, session.SP_KM, session.SP_FEATURE
KINDS = ("none", "metro", "g309", "feature", "drawn")
MAP_KEY = session.MAP  # the st_folium key in app.py
MAX_PICK = 2000  # features offered as a reference (per layer)


def drawings() -> list:
    """The shapes drawn on the map (GeoJSON features), from the map component's last value."""
    value = session.get(MAP_KEY) or {}
    return list(value.get("all_drawings") or []) if isinstance(value, dict) else []


def drawn_frame():
    """The drawn lines and polygons as a GeoDataFrame (EPSG:4326), column ``n`` numbering them."""
    return drawings_frame(drawings())


def _feature_options(data: dict, cat: Catalog) -> list[str]:
    return [f"{s.id}|{i}" for s in cat.layers if s.id in data and s.id not in an.NOT_FILTERED
            and len(data[s.id]) <= MAX_PICK
            for i in range(len(data[s.id]))]


def _feature_label(data: dict, cat: Catalog, opt: str, lang: str) -> str:
    lid, idx = opt.split("|")
    row = data[lid].iloc[int(idx)]
    name = row.get("name_zh") if lang == "zh" else (row.get("name_en") or row.get("name_zh"))
    return f"{cat.get(lid).name(lang)} · {name if isinstance(name, str) and name else '#' + idx}"


def sidebar(data: dict, cat: Catalog, lang: str) -> None:
    """The spatial-filter widgets (values read again by :func:`before_map`)."""
    st.sidebar.subheader(tr("sp_title", lang))
    kind = st.sidebar.selectbox(tr("sp_kind", lang), KINDS, key=K_KIND, help=tr("sp_help", lang),
                                format_func=lambda k: tr(f"sp_{k}", lang))
    if kind in ("metro", "g309", "feature"):
        st.sidebar.slider(tr("sp_km", lang), 0.5, 20.0, 2.0, 0.5, key=K_KM)
    if kind == "feature":
        opts = _feature_options(data, cat)
        if session.get(K_FEATURE) not in opts:
            session.pop(K_FEATURE)
        st.sidebar.selectbox(tr("sp_pick", lang), opts, key=K_FEATURE,
                             format_func=lambda o: _feature_label(data, cat, o, lang))
    if kind == "drawn":
        polys = _polygons()
        if polys.empty:
            st.sidebar.caption(tr("sp_no_drawing", lang))
        else:
            last = polys.iloc[-1]
            area = float(an.gk(polys)[len(polys) - 1].area)
            st.sidebar.caption(md_escape(tr("sp_using", lang, n=int(last["n"]), area=format_area(area, lang))))


def _polygons():
    frame = drawn_frame()
    return frame[frame.geom_type.isin(["Polygon", "MultiPolygon"])].reset_index(drop=True)


def current_filter(ctx: PageContext) -> an.SpatialFilter | None:
    """The spatial filter the widgets describe, or None (none chosen, or nothing to use)."""
    kind = session.get(K_KIND, "none")
    km = float(session.get(K_KM, 2.0))
    if kind in ("metro", "g309"):
        needed = "metro8_stations" if kind == "metro" else "g309"
        return an.SpatialFilter(kind, km) if needed in ctx.data else None
    if kind == "feature":
        opt = session.get(K_FEATURE)
        if not opt or opt.split("|")[0] not in ctx.data:
            return None
        lid, idx = opt.split("|")
        label = (_feature_label(ctx.data, ctx.cat, opt, "zh"), _feature_label(ctx.data, ctx.cat, opt, "en"))
        return an.SpatialFilter("feature", km, lid, int(idx), label=label)
    if kind == "drawn":
        polys = _polygons()
        if not polys.empty:
            return an.SpatialFilter("drawn", area=an.gk(polys)[len(polys) - 1])
    return None


def before_map(ctx: PageContext) -> None:
    """AND the spatial filter into the masks, say it in the sentence, add the map add-ons."""
    flt = current_filter(ctx)
    if flt is not None:
        for lid, mask in an.spatial_masks(flt, ctx.data, list(ctx.state.layers)).items():
            ctx.restrict(lid, mask)
        ctx.conditions.append(an.describe_spatial(flt))
    ctx.extras.extend(analysis_map.extras(ctx.data, ctx.lang))


def panel(ctx: PageContext) -> None:
    """The analysis section below the map (tabs)."""
    from ui import analysis_parks, analysis_tools

    lang = ctx.lang
    with st.expander(tr("an_title", lang), expanded=True):
        tabs = st.tabs([tr(k, lang) for k in ("tab_prox", "tab_card", "tab_cmp", "tab_fit",
                                               "tab_stats", "tab_measure", "tab_overlay")])
        with tabs[0]:
            analysis_tools.proximity_tab(ctx)
        with tabs[1]:
            analysis_parks.card_tab(ctx)
        with tabs[2]:
            analysis_parks.compare_tab(ctx)
        with tabs[3]:
            analysis_parks.fit_tab(ctx)
        with tabs[4]:
            analysis_tools.stats_tab(ctx)
        with tabs[5]:
            analysis_tools.measure_tab(ctx, drawn_frame())
        with tabs[6]:
            analysis_tools.overlay_tab(ctx, drawn_frame())

"""Analysis for planners and investors (Streamlit side): the spatial filter's widgets in the
sidebar, the map add-ons, and the analysis section below the map.

Hooks: ``sidebar(data, cat, lang)`` (the sidebar; returns the spatial filter, which joins the
attribute filters in one FilterSet), ``before_map(ctx)`` (before the map), ``panel(ctx)`` (below
the map).  Keys start with ``flt.sp.`` so "reset filters" clears the spatial filter too (and an
area restored from a link).  Drawn shapes come from the map component's value (``all_drawings``);
every usable drawn polygon counts, together with an area restored from a link.
"""

from __future__ import annotations

import streamlit as st

from geo.drawn import drawings_frame, drawn_rings
from geo.errors import InvalidFilterError
from geo.measure import format_area
from layers import analysis_map
from layers import explorer as ex
from layers.spec import Catalog
from layers.text import localized, md_plain, t
from ui import state as session
from ui.context import PageContext

K_KIND, K_KM, K_FEATURE, K_AREA = session.SP_KIND, session.SP_KM, session.SP_FEATURE, session.SP_AREA
KM_MIN, KM_MAX = 0.5, 20.0
MAP_KEY = session.MAP  # the st_folium key in app.py
MAX_PICK = 2000  # features offered as a reference (per layer)


def drawings() -> list:
    """The shapes drawn on the map (GeoJSON features), from the map component's last value."""
    value = session.get(MAP_KEY) or {}
    return list(value.get("all_drawings") or []) if isinstance(value, dict) else []


def drawn_frame():
    """The drawn lines and polygons as a GeoDataFrame (EPSG:4326), column ``n`` numbering them."""
    return drawings_frame(drawings())


def kinds(cat: Catalog) -> list[str]:
    """The spatial condition's options: none, near each whole-layer reference (declared in
    the registry), near a chosen feature, inside the drawn areas."""
    return ["none", *(f"near:{s.id}" for s in cat.near_targets()), "feature", "inside"]


def _kind_label(cat: Catalog, kind: str, lang: str) -> str:
    if kind.startswith("near:"):
        ref = cat.get(kind[5:]).whole_ref
        return t("an.sp_near", lang, name=ref.label(lang))
    return t({"none": "an.sp_none", "feature": "an.sp_feature", "inside": "an.sp_drawn"}[kind], lang)


def _feature_options(data: dict, cat: Catalog) -> list[str]:
    return [f"{s.id}|{i}" for s in cat.layers if s.id in data and not s.has("extent")
            and len(data[s.id]) <= MAX_PICK
            for i in range(len(data[s.id]))]


def _feature_label(data: dict, cat: Catalog, opt: str, lang: str) -> str:
    lid, idx = opt.split("|")
    row = data[lid].iloc[int(idx)]
    name = localized(row, "name", lang)
    return f"{cat.get(lid).name(lang)} · {name or '#' + idx}"


def _km_widget(lang: str) -> float:
    cur = session.get(K_KM)
    if cur is not None:  # a link may carry any distance: keep it inside the slider's range
        session.put(K_KM, min(max(float(cur), KM_MIN), KM_MAX))
    return float(st.sidebar.slider(t("an.sp_km", lang), KM_MIN, KM_MAX, 2.0, 0.5, key=K_KM))


def _area(lang: str):
    """The inside-filter of the linked area (if any) and every usable drawn polygon, or None;
    says which shapes are used and why a drawn shape is not."""
    linked = tuple(session.get(K_AREA) or ())
    drawn, problems = drawn_rings(drawings())
    for n, exc in problems:
        st.sidebar.warning(md_plain(t("an.sp_bad_shape", lang, n=n, why=exc.message(lang))))
    if not linked and not drawn:
        st.sidebar.caption(t("an.sp_no_drawing", lang))
        return None
    try:
        flt = ex.InsideFilter(linked + drawn)
    except InvalidFilterError as exc:  # too many polygons or vertices
        st.sidebar.warning(md_plain(exc.message(lang)))
        return None
    area = format_area(float(flt.area.area), lang)
    if linked:
        st.sidebar.caption(md_plain(t("an.sp_linked", lang, n=len(linked))))
    st.sidebar.caption(md_plain(t("an.sp_using", lang, n=len(flt.rings), area=area)))
    return flt


def sidebar(data: dict, cat: Catalog, lang: str):
    """The spatial-filter widgets; returns the filter they describe (a NearFilter or an
    InsideFilter of the filter model) or None."""
    st.sidebar.subheader(t("an.sp_title", lang))
    options = kinds(cat)
    if session.get(K_KIND) not in options:
        session.pop(K_KIND)
    kind = st.sidebar.selectbox(t("an.sp_kind", lang), options, key=K_KIND, help=t("an.sp_help", lang),
                                format_func=lambda k: _kind_label(cat, k, lang))
    if kind.startswith("near:"):
        return ex.NearFilter(kind[5:], None, _km_widget(lang) * 1000)
    if kind == "feature":
        km = _km_widget(lang)
        opts = _feature_options(data, cat)
        if session.get(K_FEATURE) not in opts:
            session.pop(K_FEATURE)
        opt = st.sidebar.selectbox(t("an.sp_pick", lang), opts, key=K_FEATURE,
                                   format_func=lambda o: _feature_label(data, cat, o, lang))
        if not opt:
            return None
        lid, idx = opt.split("|")
        return ex.NearFilter(lid, int(idx), km * 1000)
    if kind == "inside":
        return _area(lang)
    return None


def before_map(ctx: PageContext) -> None:
    """The map add-ons: distance tips, the drawing tool, and the outline of an area restored
    from a link (the spatial filter itself is in ``ctx.state.filters``)."""
    ctx.extras.extend(analysis_map.extras(ctx.data, ctx.lang, ctx.cat))
    linked = session.get(K_AREA)
    if linked and session.get(K_KIND) == "inside":
        ctx.extras.append(analysis_map.area_outline(linked))


def panel(ctx: PageContext) -> None:
    """The analysis section below the map (tabs)."""
    from ui import analysis_parks, analysis_tools

    lang = ctx.lang
    with st.expander(t("an.an_title", lang), expanded=True):
        tabs = st.tabs([t(f"an.{k}", lang) for k in ("tab_prox", "tab_card", "tab_cmp", "tab_fit",
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

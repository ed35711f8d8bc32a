"""The sidebar: language, basemap, layers and the attribute filters; the first run from the URL."""

from __future__ import annotations

import streamlit as st

from layers import explorer as ex
from layers import vocab
from layers.basemaps import BASEMAPS, get_basemap
from layers.i18n import md_escape, t
from layers.spec import Catalog
from ui import analysis as ui_analysis
from ui.state import K_IGNORED, K_INIT, K_LANG, TOOLS


def init_from_url(cat: Catalog) -> None:
    """First run of a session: widgets start from the URL (a shared link restores its state)."""
    if st.session_state.get(K_INIT):
        return
    state, ignored = ex.state_from_params(dict(st.query_params), cat)
    st.session_state["lang"] = state.lang
    st.session_state["basemap"] = state.basemap
    for spec in cat.layers:
        st.session_state[f"layer.{spec.id}"] = spec.id in state.layers
    for f in state.filters.filters:
        st.session_state.update(filter_widget_values(f))
    st.session_state[K_IGNORED] = ignored
    if st.query_params.get("tool") in TOOLS:
        st.session_state["tool"] = st.query_params["tool"]
    st.session_state[K_INIT] = True


def filter_widget_values(f) -> dict:
    if isinstance(f, ex.CategoryFilter):
        return {f"flt.{f.field}": list(f.values)}
    if isinstance(f, ex.TextFilter):
        return {"flt.search": f.text}
    if isinstance(f, ex.RangeFilter | ex.YearRangeFilter):
        return {f"flt.{f.field}": (f.lo, f.hi)}
    return {}


def reset_filters() -> None:
    for key in [k for k in st.session_state if str(k).startswith("flt.")]:
        del st.session_state[key]


def relabel_widgets(lang: str) -> None:
    """After a language switch, re-send the values of widgets whose labels depend on it.

    Streamlit's selectbox/multiselect keep the *formatted* option in the browser: without this
    the chips still read 近似/高德地图 in English, and the next rerun cannot map those labels
    back, silently dropping the filter and falling back to the offline basemap.
    """
    if st.session_state.get(K_LANG, lang) != lang:
        for key in [k for k in st.session_state
                    if str(k).startswith("flt.") or k in ("basemap", "table_layer")]:
            value = st.session_state[key]
            if isinstance(value, list | str):
                st.session_state[key] = list(value) if isinstance(value, list) else value
    st.session_state[K_LANG] = lang


def sidebar(data: dict, cat: Catalog) -> ex.ExplorerState:
    lang = st.sidebar.radio(t("lang", "zh"), ex.LANGS, key="lang", horizontal=True,
                            format_func=lambda x: "中文" if x == "zh" else "English")
    relabel_widgets(lang)
    bm_ids = [b.id for b in BASEMAPS]
    bm = st.sidebar.selectbox(t("basemap", lang), bm_ids, key="basemap",
                              format_func=lambda i: get_basemap(i).label(lang))
    if get_basemap(bm).online:
        st.sidebar.caption(t("basemap_online", lang))
    st.sidebar.subheader(t("layers", lang))
    shown = []
    for theme in cat.themes:
        with st.sidebar.expander(theme.label(lang), expanded=True):
            for spec in cat.by_theme(theme.id):
                if st.checkbox(md_escape(spec.name(lang)), key=f"layer.{spec.id}"):
                    shown.append(spec.id)
                acc = data[spec.id]["accuracy"].value_counts()
                accs = "、".join(f"{vocab.label(a, lang)} {n}" for a, n in acc.items())
                st.caption(md_escape(t("layer_accuracy", lang, acc=accs, src=spec.source_summary(lang))))
    st.sidebar.subheader(t("filters", lang))
    filters = filter_widgets(data, lang, cat)
    st.sidebar.button(t("reset", lang), on_click=reset_filters)
    # ui-hooks: sidebar (feature widgets below the filters)
    ui_analysis.sidebar(data, cat, lang)  # spatial filter: near Line 8 / G309 / a feature, drawn area
    view = ex.parse_view(st.query_params.get("v"))
    return ex.ExplorerState(lang=lang, basemap=bm, layers=tuple(shown), view=view, filters=filters)


def filter_widgets(data: dict, lang: str, cat: Catalog) -> ex.FilterSet:
    declared = ex.declared_filters(cat)
    labels = ex.field_labels(cat)
    built = []
    text = st.sidebar.text_input(t("search", lang), key="flt.search", help=t("search_help", lang))
    if text.strip():
        built.append(ex.TextFilter(ex.TEXT_FIELDS, text.strip()))
    for name, kind in declared.items():
        if kind == "text":
            continue
        label = labels[name][0 if lang == "zh" else 1]
        if kind == "category":
            options = ex.category_options(data, cat, name)
            chosen = st.sidebar.multiselect(md_escape(label), options, key=f"flt.{name}",
                                            format_func=lambda v: vocab.label(v, lang),
                                            placeholder=t("any", lang))
            if chosen:
                built.append(ex.build_filter(declared, name, "in", chosen))
        else:
            bounds = ex.number_bounds(data, cat, name)
            if not bounds or bounds[0] == bounds[1]:
                continue
            lo, hi = float(bounds[0]), float(bounds[1])
            key = f"flt.{name}"
            cur = st.session_state.get(key) or (lo, hi)
            st.session_state[key] = (lo if cur[0] is None else min(max(lo, float(cur[0])), hi),
                                     hi if cur[1] is None else max(min(hi, float(cur[1])), lo))
            val = st.sidebar.slider(md_escape(label), lo, hi, key=key)
            if val != (lo, hi):
                built.append(ex.build_filter(declared, name, "range", val))
    return ex.FilterSet(tuple(built))

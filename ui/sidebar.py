"""The sidebar: language, basemap, layers and the attribute filters; the first run from the URL."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from geo.filters import EXCLUDE_SUFFIX
from layers import explorer as ex
from layers import vocab
from layers.basemaps import all_basemaps, get_basemap
from layers.spec import Catalog
from layers.text import md_plain, pick, t
from ui import analysis as ui_analysis
from ui import state as session


def init_from_url(cat: Catalog, data: dict) -> None:
    """First run of a session: widgets start from the URL (a shared link restores its state;
    a spatial filter whose reference is not in ``data`` is reported, not applied)."""
    if session.get(session.INIT):
        return
    state, ignored = ex.state_from_params(dict(st.query_params), cat)
    bound, problems = ex.bind_filters(state.filters, data, cat)
    ignored = [*ignored, *problems]
    state = replace(state, filters=bound)
    session.put(session.LANG, state.lang)
    session.put(session.BASEMAP, state.basemap)
    for spec in cat.layers:
        session.put(session.LAYER + spec.id, spec.id in state.layers)
    for f in state.filters.filters:  # each filter knows its widgets' values
        session.put_many({session.FILTER + name: v for name, v in f.widget_values().items()})
    session.put(session.IGNORED, ignored)
    if st.query_params.get("tool") in session.TOOLS:
        session.put(session.TOOL, st.query_params["tool"])
    session.put(session.INIT, True)


def reset_filters() -> None:
    """The "reset filters" button: every filter widget (attribute and spatial) back to "any"."""
    session.drop_under(session.FILTER)


def sidebar(data: dict, cat: Catalog) -> ex.ExplorerState:
    lang = st.sidebar.radio(t("lang", "zh"), ex.LANGS, key=session.LANG, horizontal=True,
                            format_func=lambda x: t("lang_name", x))
    session.keep_choices(lang)  # before any other widget: a language switch keeps every choice
    bm_ids = [b.id for b in all_basemaps()]
    bm = st.sidebar.selectbox(t("basemap", lang), bm_ids, key=session.BASEMAP,
                              format_func=lambda i: get_basemap(i).label(lang))
    if get_basemap(bm).online:
        st.sidebar.caption(t("basemap_online", lang))
    st.sidebar.subheader(t("layers", lang))
    shown = []
    for theme in cat.themes:
        with st.sidebar.expander(theme.label(lang), expanded=True):
            for spec in cat.by_theme(theme.id):
                if st.checkbox(md_plain(spec.name(lang)), key=session.LAYER + spec.id):
                    shown.append(spec.id)
                accs = t("list_sep", lang).join(f"{vocab.label(a, lang)} {n}"
                                                for a, n in ex.accuracy_counts(data[spec.id]))
                st.caption(md_plain(t("layer_accuracy", lang, acc=accs, src=spec.source_summary(lang))))
    st.sidebar.subheader(t("filters", lang))
    filters = filter_widgets(data, lang, cat)
    st.sidebar.button(t("reset", lang), on_click=reset_filters)
    # ui-hooks: sidebar (feature widgets below the filters)
    spatial = ui_analysis.sidebar(data, cat, lang)  # near a reference / a feature, drawn areas
    if spatial is not None:
        filters = ex.FilterSet((*filters.filters, spatial))
    filters, problems = ex.bind_filters(filters, data, cat)  # spatial references resolved
    for p in problems:
        st.sidebar.warning(md_plain(pick(p.reason_zh, p.reason_en, lang)))
    view = ex.parse_view(st.query_params.get("v"))
    return ex.ExplorerState(lang=lang, basemap=bm, layers=tuple(shown), view=view, filters=filters)


def filter_widgets(data: dict, lang: str, cat: Catalog) -> ex.FilterSet:
    declared = ex.declared_filters(cat)
    labels = ex.field_labels(cat)
    built = []
    text = st.sidebar.text_input(t("search", lang), key=session.SEARCH, help=t("search_help", lang))
    if text.strip():
        built.append(ex.TextFilter(ex.TEXT_FIELDS, text.strip()))
    for name, kind in declared.items():
        if kind == "text":
            continue
        label = pick(*labels[name], lang)
        if kind == "category":
            options = ex.category_options(data, cat, name)
            chosen = st.sidebar.multiselect(md_plain(label), options, key=session.FILTER + name,
                                            format_func=lambda v: vocab.label(v, lang),
                                            placeholder=t("any", lang))
            if chosen:  # "exclude the chosen" (a not_in: link restores it switched on)
                exclude = st.sidebar.toggle(t("exclude", lang), key=session.FILTER + name + EXCLUDE_SUFFIX)
                built.append(ex.build_filter(declared, name, "not_in" if exclude else "in", chosen))
        else:
            bounds = ex.number_bounds(data, cat, name)
            if not bounds or bounds[0] == bounds[1]:
                continue
            lo, hi = float(bounds[0]), float(bounds[1])
            key = session.FILTER + name
            cur = session.get(key) or (lo, hi)
            session.put(key, (lo if cur[0] is None else min(max(lo, float(cur[0])), hi),
                        hi if cur[1] is None else max(min(hi, float(cur[1])), lo)))
            val = st.sidebar.slider(md_plain(label), lo, hi, key=key)
            if val != (lo, hi):
                built.append(ex.build_filter(declared, name, "range", val))
    return ex.FilterSet(tuple(built))

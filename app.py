"""章丘规划一张图 · Zhangqiu Planning Explorer — the Streamlit page (thin: widgets + render).

Run: ``streamlit run app.py``.  Everything below the UI lives in ``layers/`` and ``geo/``.
"""

from __future__ import annotations

import os
from dataclasses import replace

import streamlit as st
from streamlit_folium import st_folium

from layers import explorer as ex
from layers import export, vocab
from layers.basemaps import BASEMAPS, get_basemap, resolve_tiles
from layers.i18n import md_escape, t
from layers.load import load_layer, load_plan_totals, load_unlocated
from layers.registry import CATALOG, with_extra_layers
from layers.render import build_map, display_value, state_group, visible_indices
from layers.spec import Catalog, LayerSpec
from layers.view_sync import ViewSync, view_from_click
from layers.workspace import Workspace
from ui import analysis as ui_analysis
from ui import exporter, importer, presenter
from ui.context import PageContext

st.set_page_config(page_title="章丘规划一张图 · Zhangqiu Planning Explorer", page_icon="🗺️",
                   layout="wide", initial_sidebar_state="expanded")

K_INIT = "_zq_initialised"  # session_state keys the page owns (widget keys hold the rest)
K_IGNORED = "_zq_ignored"
K_RECORD = "_zq_record"
K_LANG = "_zq_widget_lang"  # the language the widgets were last drawn in
K_VIEW = "_zq_view"  # the latest view the map reported (a click or the "use this view" button)
TOOLS = ("none", "analysis", "data", "present")  # ?tool= opens one from a link
K_MAP_VIEW = "_zq_map_view"  # the view a map is built at (the link's; zq-view.js restores later)


@st.cache_resource(show_spinner=False, max_entries=256)
def _frame(key: tuple, _spec: LayerSpec):  # noqa: ARG001  (key: what the cache hashes)
    """One layer, read once per (id, file, GPKG layer, mtime); shared read-only between sessions."""
    return load_layer(_spec)


def current_catalog() -> Catalog:
    """The bundled layers plus the layers imported into the workspace."""
    return with_extra_layers(CATALOG, Workspace().layer_specs())


def frames(cat: Catalog) -> dict:
    return {s.id: _frame((s.id, str(s.path), s.gpkg_layer, s.path.stat().st_mtime), s)
            for s in cat.layers}


@st.cache_data(show_spinner=False)
def tables():
    return load_unlocated(), load_plan_totals()


def tianditu_key() -> str | None:
    key = os.environ.get("ZQ_TIANDITU_KEY")
    if key:
        return key
    try:
        return st.secrets.get("tianditu_key")
    except (FileNotFoundError, KeyError, AttributeError, st.errors.StreamlitSecretNotFoundError):
        return None


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


def record_panel(lang: str, data: dict, clicked: dict | None, cat: Catalog) -> None:
    st.subheader(t("record", lang))
    props = (clicked or {}).get("properties") or {}
    if "__l" in props:
        st.session_state[K_RECORD] = {"__l": props["__l"], "__i": props.get("__i")}
    props = st.session_state.get(K_RECORD) or {}  # a view report is not a feature: keep the last
    layer_id, idx = props.get("__l"), props.get("__i")
    if layer_id not in data or not isinstance(idx, int) or idx >= len(data[layer_id]):
        st.caption(t("record_hint", lang))
        return
    spec = cat.get(layer_id)
    row = data[layer_id].iloc[idx]
    st.markdown(f"**{md_escape(spec.name(lang))}**")
    rows = [(f.label(lang), display_value(spec, f.name, row[f.name], lang)) for f in spec.fields]
    st.dataframe({"": [r[0] for r in rows], " ": [r[1] for r in rows]}, hide_index=True,
                 width="stretch", height=36 * (len(rows) + 1) + 4, key="record_table",
                 column_config={"": st.column_config.TextColumn(width="small"),
                                " ": st.column_config.TextColumn(width="large")})


def table_panel(lang: str, specs: list, shown: dict, cat: Catalog) -> None:
    st.subheader(t("table", lang))
    if not specs:
        st.caption(t("no_visible", lang))
        return
    layer_id = st.selectbox(t("table_layer", lang), [s.id for s in specs], key="table_layer",
                            format_func=lambda i: cat.get(i).name(lang))
    spec = cat.get(layer_id)
    gdf = shown[layer_id]
    st.dataframe(export.table(spec, gdf, lang), hide_index=True, width="stretch", height=300)
    c1, c2 = st.columns(2)
    # Files are built only when a button is pressed (lambda), not on every rerun.
    c1.download_button(t("download_csv", lang), lambda: export.to_csv_bytes(spec, gdf, lang),
                       f"zhangqiu_{layer_id}.csv", "text/csv", key="dl_csv", on_click="ignore")
    c2.download_button(t("download_geojson", lang), lambda: export.to_geojson_bytes(gdf),
                       f"zhangqiu_{layer_id}.geojson", "application/geo+json", key="dl_geojson", on_click="ignore")
    st.download_button(t("download_all", lang), lambda: export.combined_geojson(shown),
                       "zhangqiu_shown.geojson", "application/geo+json", key="dl_all", on_click="ignore")


def plan_panel(lang: str, data: dict) -> None:
    unlocated, totals = tables()
    st.subheader(t("totals", lang))
    st.caption(t("totals_help", lang))
    col = "label_zh" if lang == "zh" else "label_en"
    unit = "unit_zh" if lang == "zh" else "unit_en"
    st.dataframe({t("totals", lang): totals[col],
                  "#": [f"{v:,g} {u}" for v, u in zip(totals["value"], totals[unit], strict=True)]},
                 hide_index=True, width="stretch")
    mapped = sum(int((data[i]["action"].fillna("") != "").sum())
                 for i in ("parks", "firms", "projects", "rural"))
    st.caption(t("coverage", lang, mapped=mapped, total=78))
    st.subheader(t("unlocated", lang))
    st.caption(t("unlocated_help", lang))
    cols = ["name_zh", "why_zh"] if lang == "zh" else ["name_en", "why_en"]
    st.dataframe(unlocated[cols], hide_index=True, width="stretch")


def main() -> None:
    cat = current_catalog()
    if st.query_params.get("mode") == "present":  # presenter mode: the page is the slideshow
        presenter.present_page(cat, frames(cat), tianditu_key())
        return
    init_from_url(cat)
    data = frames(cat)
    state = sidebar(data, cat)
    map_view = st.session_state.setdefault(K_MAP_VIEW, state.view)
    state = replace(state, view=st.session_state.get(K_VIEW) or state.view)
    lang = state.lang
    st.title(t("title", lang))
    st.caption(t("subtitle", lang))
    for ign in st.session_state.get(K_IGNORED, []):
        st.warning(md_escape(t("ignored_param", lang) + f"{ign.key}: "
                             + (ign.reason_zh if lang == "zh" else ign.reason_en)))
    basemap = get_basemap(state.basemap)
    tiles = resolve_tiles(basemap, tianditu_key())
    if basemap.needs_key and not tiles:
        st.info(t("tianditu_nokey", lang))
    if basemap.shift == "gcj02":
        st.caption(t("gaode_shift", lang))
    specs = [cat.get(i) for i in state.layers]
    ctx = PageContext(cat=cat, data=data, state=state,
                      masks=ex.layer_masks(data, specs, state.filters))
    # ui-hooks: before the map (add map extras, restrict masks, add conditions)
    ui_analysis.before_map(ctx)  # spatial filter into masks + sentence; distance tips, drawing tool
    ctx.extras.append(ViewSync(shift=basemap.shift, lang=lang))
    m = build_map(data, list(cat.layers), basemap, tiles, lang, map_view, tuple(ctx.extras))
    visible = {i: visible_indices(ctx.masks[i]) for i in state.layers}
    col_map, col_side = st.columns([5, 2], gap="small")
    with col_map:
        out = st_folium(m, key="map", height=680, use_container_width=True,
                        feature_group_to_add=state_group(visible),
                        returned_objects=["last_active_drawing", "all_drawings"])
        ctx.map_out = out or {}
        ctx.clicked = ctx.map_out.get("last_active_drawing")
        reported = view_from_click(ctx.clicked)
        if reported:
            st.session_state[K_VIEW] = reported
            state = ctx.state = replace(state, view=reported)
        st.markdown(f"**{t('shown', lang)}** · "
                    + md_escape(ex.describe(state, ctx.masks, specs, cat, ctx.conditions)))
        st.caption(t("share", lang) + " " + t("osm_credit", lang) + " " + t("measure_note", lang))
    shown = {s.id: data[s.id][ctx.masks[s.id]] for s in specs}
    with col_side:
        tab_rec, tab_tbl, tab_plan = st.tabs([t("record", lang), t("table", lang), t("totals", lang)])
        with tab_rec:
            record_panel(lang, data, ctx.clicked, cat)
        with tab_tbl:
            table_panel(lang, specs, shown, cat)
        with tab_plan:
            plan_panel(lang, data)
    # ui-hooks: below the map (feature sections). One tool at a time, on request: the page
    # stays light (the map is visible sooner) and uncluttered in meetings.
    tool = st.radio(t("tools", lang), TOOLS, key="tool", horizontal=True,
                    format_func=lambda k: t(f"tool_{k}", lang))
    if tool == "analysis":
        ui_analysis.panel(ctx)  # proximity, park cards, comparison, ranking, statistics, overlay
    elif tool == "data":
        importer.import_panel(ctx)  # bring your own data: import files, export any shown layer
        exporter.export_panel(ctx)
    elif tool == "present":
        presenter.presenter_panel(ctx)  # scenes, slideshow, offline HTML and static map exports
    params = ex.state_to_params(state)
    for key in [k for k in st.query_params if k.startswith("f.") and k not in params]:
        del st.query_params[key]
    # Only what changed: every write re-sends the whole query string, which replaces the
    # address bar and drops the ?v= the map wrote there on pan/zoom (Python never sees it).
    changed = {k: v for k, v in params.items() if st.query_params.get(k) != v}
    if changed:
        st.query_params.update(changed)


main()

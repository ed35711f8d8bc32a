"""章丘规划一张图 · Zhangqiu Planning Explorer — the Streamlit page (thin: widgets + render).

Run: ``streamlit run app.py``.  Everything below the UI lives in ``layers/`` and ``geo/``.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st
from streamlit_folium import st_folium

from layers import explorer as ex
from layers import tile_routes, tiled, tiled_page
from layers.basemaps import get_basemap, resolve_tiles
from layers.render import build_map, state_group
from layers.render_tiled import tiled_layer
from layers.store import open_store
from layers.text import md_plain, pick, t
from layers.view_sync import view_from_click, view_sync
from ui import analysis as ui_analysis
from ui import exporter, importer, presenter, register, register_map, trail
from ui import state as session
from ui.context import PageContext
from ui.layout import MAP_FALLBACK_PX, header, map_box, page_style
from ui.link import write_link
from ui.page_data import current_catalog, frames, tianditu_key
from ui.panels import plan_panel, record_panel, table_panel
from ui.sidebar import init_from_url, sidebar

st.set_page_config(page_title="章丘规划一张图 · Zhangqiu Planning Explorer", page_icon="🗺️",
                   layout="wide", initial_sidebar_state="expanded")


def main() -> None:
    cat = current_catalog()
    if st.query_params.get("mode") == "present":  # presenter mode: the page is the slideshow
        presenter.present_page(cat, frames(cat), tianditu_key())
        return
    data = frames(cat)
    init_from_url(cat, data)
    state = sidebar(data, cat)
    # The view Python knows: the link's (the map is built at it), then the last one the map
    # reported (a click, "use this view").  The map's own view belongs to zq-view.js.
    map_view = session.setdefault(session.MAP_VIEW, state.view)
    state = replace(state, view=session.reported_view() or map_view)
    lang = state.lang
    page_style(lang)
    header(t("title", lang), t("subtitle", lang))
    for ign in session.get(session.IGNORED, []):
        st.warning(md_plain(t("ignored_param", lang) + f"{ign.key}: "
                             + pick(ign.reason_zh, ign.reason_en, lang)))
    basemap = get_basemap(state.basemap)
    tiles = resolve_tiles(basemap, tianditu_key())
    if basemap.needs_key and not tiles:
        st.info(t("tianditu_nokey", lang))
    if basemap.shift == "gcj02":
        st.caption(t("gaode_shift", lang))
    specs = [cat.get(i) for i in state.layers]
    plan = tiled_page.prepare_tiled(cat, data, open_store().root, mounted=tile_routes.mounted(),
                                    shift=basemap.shift)
    for key, layer_id, n in plan.notes:  # big layers drawn inline: say why, and what to do
        if layer_id in state.layers:
            st.info(md_plain(t(key, lang, name=cat.get(layer_id).name(lang), n=f"{n:,}")))
    ctx = PageContext(cat=cat, data=data, state=state,
                      masks=ex.layer_masks(data, specs, state.filters, plan.pushdown))
    # ui-hooks: before the map (add map extras, restrict masks, add conditions)
    ui_analysis.before_map(ctx)  # distance tips, drawing tool, an area restored from a link
    register_map.before_map(ctx)  # the register's toolbar: points, lines, polygons; vertices to move
    ctx.extras.append(view_sync(basemap.shift, lang))
    params = write_link(ctx.state)  # before the map: its state update follows the address write
    from_tiles = {i: tiled_layer(cat.get(i), info, lang) for i, info in plan.infos.items()}
    m = build_map(data, list(cat.layers), basemap, tiles, lang, map_view, tuple(ctx.extras),
                  tiled=from_tiles)
    visible = tiled_page.visible_states(state.layers, ctx.masks, plan)
    # The sentence above the map: visible with it at any screen height.
    sentence = st.empty()
    with map_box():
        out = st_folium(m, key=session.MAP, height=MAP_FALLBACK_PX, use_container_width=True,
                        feature_group_to_add=state_group(visible, params),
                        returned_objects=["last_active_drawing", "all_drawings",
                                          *register_map.map_returns()])
    ctx.map_out = out or {}
    ctx.clicked = ctx.map_out.get("last_active_drawing")
    reported = view_from_click(ctx.clicked)
    if reported:
        session.report_view(reported)
        state = ctx.state = replace(state, view=reported)
    sentence.markdown(f"**{t('shown', lang)}** · "
                      + md_plain(ex.describe(state, ctx.masks, specs, cat, ctx.conditions, data)))
    st.caption(t("share", lang) + " " + t("osm_credit", lang) + " " + t("measure_note", lang))
    shown = ex.ShownFrames(data, ctx.masks, [s.id for s in specs])  # built when asked for
    # Below the map, across the main area: the record, the table (with room for its buttons), the plan.
    tab_rec, tab_tbl, tab_plan = st.tabs([t("record", lang), t("table", lang), t("totals", lang)])
    with tab_rec:
        record_panel(lang, data, ctx.clicked, cat)
    with tab_tbl:
        table_panel(lang, specs, shown, cat, big={s.id: (data[s.id], ctx.masks[s.id]) for s in specs
                                                  if tiled.is_tiled(s, len(data[s.id]))})
    with tab_plan:
        plan_panel(lang, data, cat)
    # ui-hooks: below the map (feature sections). One tool at a time, on request: the page
    # stays light (the map is visible sooner) and uncluttered in meetings.
    tool = st.radio(t("tools", lang), session.TOOLS, key=session.TOOL, horizontal=True,
                    format_func=lambda k: t(f"tool_{k}", lang))
    if tool == "analysis":
        ui_analysis.panel(ctx)  # proximity, park cards, comparison, ranking, statistics, overlay
    elif tool == "data":
        importer.import_panel(ctx)  # bring your own data: import files, export any shown layer
        exporter.export_panel(ctx)
    elif tool == "present":
        presenter.presenter_panel(ctx)  # scenes, slideshow, offline HTML and static map exports
    elif tool == "trail":
        trail.trail_panel(ctx)  # the audit trail: filter, page, restore, export (never edit)
    elif tool == "register":
        register.register_panel(ctx)  # the project register: add, edit, delete, spreadsheet


main()

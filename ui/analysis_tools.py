"""Proximity table, plan statistics, measuring and overlay (Streamlit side)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from geo.drawn import measure
from geo.measure import format_area, format_length, m2_to_ha, m2_to_mu
from layers import analysis as an
from layers import analysis_overlay as ao
from layers import analysis_stats as ast_
from layers.i18n import md_escape
from layers.load import load_plan_totals
from ui import state as session
from ui.analysis_text import tr
from ui.context import PageContext


def proximity_tab(ctx: PageContext) -> None:
    """Straight-line distances of the shown sites (and of the clicked one)."""
    lang = ctx.lang
    st.caption(tr("prox_help", lang))
    props = (ctx.clicked or {}).get("properties") or {}
    lid, idx = props.get("__l"), props.get("__i")
    items = an.item_layers(ctx.cat)
    if lid in items and lid in ctx.data and isinstance(idx, int) and idx < len(ctx.data[lid]):
        st.markdown("**" + md_escape(tr("prox_clicked", lang)) + "**")
        row = an.proximity_display(ctx.data, lid, lang, ctx.cat).iloc[[idx]]
        st.dataframe(row, hide_index=True, width="stretch", key="an_prox_clicked")
    layers = [i for i in items if i in ctx.data]
    lid = st.selectbox(tr("prox_layer", lang), layers, key="an.prox.layer",
                       format_func=lambda i: ctx.cat.get(i).name(lang))
    table = an.proximity_display(ctx.data, lid, lang, ctx.cat)
    mask = ctx.masks.get(lid, np.ones(len(table), dtype=bool))
    shown = table[np.asarray(mask, dtype=bool)]
    if shown.empty:
        st.caption(tr("prox_none", lang))
        return
    st.dataframe(shown, hide_index=True, width="stretch", key="an_prox_table")
    numeric = an.proximity_export(ctx.data, lid, lang, ctx.cat)[np.asarray(mask, dtype=bool)]
    st.download_button("CSV", numeric.to_csv(index=False).encode("utf-8-sig"),
                       f"zhangqiu_{lid}_distances.csv", "text/csv", key="an.prox.dl")


def stats_tab(ctx: PageContext) -> None:
    """Counts and stated figures by dimension, following the current layers and filters."""
    lang = ctx.lang
    totals = load_plan_totals()
    st.caption(md_escape(ast_.coverage(ctx.data, totals, lang, ctx.cat)))
    st.caption(tr("stats_help", lang))
    dim = st.radio(tr("stats_dim", lang), ast_.DIMENSIONS, horizontal=True, key="an.stats.dim",
                   format_func=lambda d: ast_.DIM_LABELS[d][0 if lang == "zh" else 1])
    items = ast_.plan_items(ctx.data, ctx.masks, ctx.cat)
    if items.empty:
        st.caption(tr("stats_none", lang))
    else:
        table = ast_.by(items, dim, lang)
        group_col, count_col = table.columns[0], table.columns[1]
        st.bar_chart(table.set_index(group_col)[count_col], horizontal=True, height=260)
        st.dataframe(table, hide_index=True, width="stretch", key="an_stats_table")
    st.markdown("**" + md_escape(tr("stats_published", lang)) + "**")
    col = "label_zh" if lang == "zh" else "label_en"
    unit = "unit_zh" if lang == "zh" else "unit_en"
    st.dataframe(pd.DataFrame({tr("stats_published", lang): totals[col],
                               "#": [f"{v:,g} {u}" for v, u in zip(totals["value"], totals[unit], strict=True)]}),
                 hide_index=True, width="stretch", key="an_stats_totals")


def _measure_rows(frame, lang: str) -> pd.DataFrame:
    zh = lang == "zh"
    rows = []
    for _, r in frame.iterrows():
        m = measure(r.geometry)
        rows.append({
            "#": int(r["n"]),
            ("类型" if zh else "Kind"): ("多边形" if zh else "polygon") if m.kind == "polygon" else ("线" if zh else "line"),
            ("长度/周长（高斯-克吕格）" if zh else "Length/perimeter (GK)"): format_length(m.length_gk_m, lang),
            ("面积（公顷）" if zh else "Area (ha)"): f"{m2_to_ha(m.area_gk_m2):,.2f}" if m.area_gk_m2 else "—",
            ("面积（亩）" if zh else "Area (mu)"): f"{m2_to_mu(m.area_gk_m2):,.1f}" if m.area_gk_m2 else "—",
            ("面积（平方米）" if zh else "Area (m²)"): f"{m.area_gk_m2:,.0f}" if m.area_gk_m2 else "—",
            ("椭球面核对（GRS80）" if zh else "Geodesic check (GRS80)"):
                format_length(m.length_geodesic_m, lang) + (f" · {format_area(m.area_geodesic_m2, lang)}" if m.area_gk_m2 else ""),
            ("地图测量尺（球面）" if zh else "Map ruler (spherical)"):
                format_length(m.length_ruler_m, lang) + (f" · {format_area(m.area_ruler_m2, lang)}" if m.area_gk_m2 else ""),
        })
    return pd.DataFrame(rows)


def measure_tab(ctx: PageContext, frame) -> None:
    """Drawn lines and polygons measured in CGCS2000 GK (m/km, 公顷, 亩)."""
    lang = ctx.lang
    st.caption(tr("measure_help", lang))
    if frame.empty:
        st.caption(tr("measure_none", lang))
        return
    st.dataframe(_measure_rows(frame, lang), hide_index=True, width="stretch", key="an_measure_table")


def _areas(ctx: PageContext, frame) -> list[tuple[str, str]]:
    """(option id, label) of every polygon usable as an overlay area."""
    lang = ctx.lang
    out = [(f"draw|{i}", tr("ov_drawn", lang, n=int(r["n"]))) for i, r in frame.iterrows()
           if "Polygon" in r.geometry.geom_type and not r["problem_en"]]
    out += [(f"{lid}|{i}", ao.feature_label(ctx.data, ctx.cat, lid, i, lang))
            for lid, i in ao.polygon_features(ctx.data, ctx.cat)]
    return out


def _pick_new_drawing(options: dict) -> None:
    """A newly drawn usable polygon becomes the current analysis area."""
    drawn = [k for k in options if k.startswith("draw|")]
    seen = session.get(session.OV_SEEN, 0)
    session.put(session.OV_SEEN, len(drawn))
    if len(drawn) > seen:
        session.put(session.AN_OV_AREA, drawn[-1])


def overlay_tab(ctx: PageContext, frame) -> None:
    """Which features of the chosen layers lie in a polygon; a red-line screening."""
    lang = ctx.lang
    st.caption(ao.SCREEN_NOTE[0 if lang == "zh" else 1])
    for _, r in frame[frame["problem_en"] != ""].iterrows():  # degenerate or self-crossing
        st.warning(md_escape(tr("sp_bad_shape", lang, n=int(r["n"]),
                                why=r["problem_zh"] if lang == "zh" else r["problem_en"])))
    options = dict(_areas(ctx, frame))
    if not options:
        st.caption(tr("ov_none", lang))
        return
    _pick_new_drawing(options)
    choice = st.selectbox(tr("ov_area", lang), list(options), key=session.AN_OV_AREA, format_func=options.get)
    src, idx = choice.split("|")
    idx = int(idx)
    if src == "draw":
        area, skip = an.gk(frame)[idx], None
    else:
        area, skip = an.gk(ctx.data[src])[idx], (src, idx)
        if ctx.data[src].iloc[idx].get("accuracy") == "schematic":
            st.caption(tr("ov_schematic", lang))
    st.caption(md_escape(format_area(float(area.area), lang)))
    ids = [s.id for s in ctx.cat.layers if not s.has("extent")]
    default = [i for i in ids if i in ctx.state.layers and i != src]
    chosen = st.multiselect(tr("ov_layers", lang), ids, default=default, key="an.ov.layers",
                            format_func=lambda i: ctx.cat.get(i).name(lang))
    summary, details = ao.report(ctx.data, ctx.cat, area, chosen, lang, skip=skip)
    if not summary.empty:
        st.dataframe(summary, hide_index=True, width="stretch", key="an_ov_summary")
    if not details.empty:
        st.markdown("**" + md_escape(tr("ov_details", lang)) + "**")
        st.dataframe(details, hide_index=True, width="stretch", key="an_ov_details")

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
from layers.load import load_plan_totals, totals_columns
from layers.text import md_plain, pick, t
from ui import state as session
from ui.context import PageContext


def proximity_tab(ctx: PageContext) -> None:
    """Straight-line distances of the shown sites (and of the clicked one)."""
    lang = ctx.lang
    st.caption(t("an.prox_help", lang))
    props = (ctx.clicked or {}).get("properties") or {}
    lid, idx = props.get("__l"), props.get("__i")
    items = an.item_layers(ctx.cat)
    if lid in items and lid in ctx.data and isinstance(idx, int) and idx < len(ctx.data[lid]):
        st.markdown("**" + md_plain(t("an.prox_clicked", lang)) + "**")
        row = an.proximity_display(ctx.data, lid, lang, ctx.cat).iloc[[idx]]
        st.dataframe(row, hide_index=True, width="stretch", key="an_prox_clicked")
    layers = [i for i in items if i in ctx.data]
    lid = st.selectbox(t("an.prox_layer", lang), layers, key="an.prox.layer",
                       format_func=lambda i: ctx.cat.get(i).name(lang))
    table = an.proximity_display(ctx.data, lid, lang, ctx.cat)
    mask = ctx.masks.get(lid, np.ones(len(table), dtype=bool))
    shown = table[np.asarray(mask, dtype=bool)]
    if shown.empty:
        st.caption(t("an.prox_none", lang))
        return
    st.dataframe(shown, hide_index=True, width="stretch", key="an_prox_table")
    numeric = an.proximity_export(ctx.data, lid, lang, ctx.cat)[np.asarray(mask, dtype=bool)]
    st.download_button("CSV", numeric.to_csv(index=False).encode("utf-8-sig"),
                       f"zhangqiu_{lid}_distances.csv", "text/csv", key="an.prox.dl")


def stats_tab(ctx: PageContext) -> None:
    """Counts and stated figures by dimension, following the current layers and filters."""
    lang = ctx.lang
    totals = load_plan_totals()
    st.caption(md_plain(ast_.coverage(ctx.data, totals, lang, ctx.cat)))
    st.caption(t("an.stats_help", lang))
    dim = st.radio(t("an.stats_dim", lang), ast_.DIMENSIONS, horizontal=True, key="an.stats.dim",
                   format_func=lambda d: ast_.dim_label(d, lang))
    items = ast_.plan_items(ctx.data, ctx.masks, ctx.cat)
    if items.empty:
        st.caption(t("an.stats_none", lang))
    else:
        table = ast_.by(items, dim, lang)
        group_col, count_col = table.columns[0], table.columns[1]
        st.bar_chart(table.set_index(group_col)[count_col], horizontal=True, height=260)
        st.dataframe(table, hide_index=True, width="stretch", key="an_stats_table")
    st.markdown("**" + md_plain(t("an.stats_published", lang)) + "**")
    labels, units = totals_columns(totals, lang)
    st.dataframe(pd.DataFrame({t("an.stats_published", lang): labels,
                               "#": [f"{v:,g} {u}" for v, u in zip(totals["value"], units, strict=True)]}),
                 hide_index=True, width="stretch", key="an_stats_totals")


def _measure_rows(frame, lang: str) -> pd.DataFrame:
    h = {k: t(f"an.ms.{k}", lang) for k in ("kind", "length", "ha", "mu", "m2", "geodesic", "ruler")}
    rows = []
    for _, r in frame.iterrows():
        m = measure(r.geometry)
        rows.append({
            "#": int(r["n"]),
            h["kind"]: t("an.ms.polygon" if m.kind == "polygon" else "an.ms.line", lang),
            h["length"]: format_length(m.length_gk_m, lang),
            h["ha"]: f"{m2_to_ha(m.area_gk_m2):,.2f}" if m.area_gk_m2 else "—",
            h["mu"]: f"{m2_to_mu(m.area_gk_m2):,.1f}" if m.area_gk_m2 else "—",
            h["m2"]: f"{m.area_gk_m2:,.0f}" if m.area_gk_m2 else "—",
            h["geodesic"]: format_length(m.length_geodesic_m, lang)
            + (f" · {format_area(m.area_geodesic_m2, lang)}" if m.area_gk_m2 else ""),
            h["ruler"]: format_length(m.length_ruler_m, lang)
            + (f" · {format_area(m.area_ruler_m2, lang)}" if m.area_gk_m2 else ""),
        })
    return pd.DataFrame(rows)


def measure_tab(ctx: PageContext, frame) -> None:
    """Drawn lines and polygons measured in CGCS2000 GK (m/km, 公顷, 亩)."""
    lang = ctx.lang
    st.caption(t("an.measure_help", lang))
    if frame.empty:
        st.caption(t("an.measure_none", lang))
        return
    st.dataframe(_measure_rows(frame, lang), hide_index=True, width="stretch", key="an_measure_table")


def _areas(ctx: PageContext, frame) -> list[tuple[str, str]]:
    """(option id, label) of every polygon usable as an overlay area."""
    lang = ctx.lang
    out = [(f"draw|{i}", t("an.ov_drawn", lang, n=int(r["n"]))) for i, r in frame.iterrows()
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
    st.caption(t("an.ov_screen_note", lang))
    for _, r in frame[frame["problem_en"] != ""].iterrows():  # degenerate or self-crossing
        st.warning(md_plain(t("an.sp_bad_shape", lang, n=int(r["n"]),
                                why=pick(r["problem_zh"], r["problem_en"], lang))))
    options = dict(_areas(ctx, frame))
    if not options:
        st.caption(t("an.ov_none", lang))
        return
    _pick_new_drawing(options)
    choice = st.selectbox(t("an.ov_area", lang), list(options), key=session.AN_OV_AREA, format_func=options.get)
    src, idx = choice.split("|")
    idx = int(idx)
    if src == "draw":
        area, skip = an.gk(frame)[idx], None
    else:
        area, skip = an.gk(ctx.data[src])[idx], (src, idx)
        if ctx.data[src].iloc[idx].get("accuracy") == "schematic":
            st.caption(t("an.ov_schematic", lang))
    st.caption(md_plain(format_area(float(area.area), lang)))
    ids = [s.id for s in ctx.cat.layers if not s.has("extent")]
    default = [i for i in ids if i in ctx.state.layers and i != src]
    chosen = st.multiselect(t("an.ov_layers", lang), ids, default=default, key="an.ov.layers",
                            placeholder=t("choose", lang),
                            format_func=lambda i: ctx.cat.get(i).name(lang))
    summary, details = ao.report(ctx.data, ctx.cat, area, chosen, lang, skip=skip)
    if not summary.empty:
        st.dataframe(summary, hide_index=True, width="stretch", key="an_ov_summary")
    if not details.empty:
        st.markdown("**" + md_plain(t("an.ov_details", lang)) + "**")
        st.dataframe(details, hide_index=True, width="stretch", key="an_ov_details")

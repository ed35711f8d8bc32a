"""The tabs beside the map: the clicked feature's record, the table of a shown layer, the plan."""

from __future__ import annotations

import streamlit as st

from layers import export
from layers.display import record_rows
from layers.load import published_total, totals_columns
from layers.register.stats import summary
from layers.spec import Catalog
from layers.text import md_plain, t
from ui import state as session
from ui.page_data import register_rows_or_none, tables
from ui.table_paged import paged_table
from ui.trail_history import record_history


def record_panel(lang: str, data: dict, clicked: dict | None, cat: Catalog) -> None:
    """The whole record of the feature last clicked (kept while the map only reports a view)."""
    st.subheader(t("record", lang))
    props = (clicked or {}).get("properties") or {}
    if "__l" in props:
        session.put(session.RECORD, {"__l": props["__l"], "__i": props.get("__i")})
    props = session.get(session.RECORD) or {}  # a view report is not a feature: keep the last
    layer_id, idx = props.get("__l"), props.get("__i")
    if layer_id not in data or not isinstance(idx, int) or idx >= len(data[layer_id]):
        st.caption(t("record_hint", lang))
        return
    spec = cat.get(layer_id)
    row = data[layer_id].iloc[idx]
    st.markdown(f"**{md_plain(spec.name(lang))}**")
    rows = record_rows(spec, row, lang)  # a note / plan quote once, in the page's language
    st.dataframe({"": [r[0] for r in rows], " ": [r[1] for r in rows]}, hide_index=True,
                 width="stretch", height=36 * (len(rows) + 1) + 4, key=session.RECORD_TABLE,
                 column_config={"": st.column_config.TextColumn(width="small"),
                                " ": st.column_config.TextColumn(width="large")})
    record_history(lang, spec, row)  # its trail: a register feature's, an imported layer's


def table_panel(lang: str, specs: list, shown: dict, cat: Catalog, big: dict | None = None) -> None:
    """The shown features of one visible layer as a table, with CSV/GeoJSON downloads.

    ``big``: layer id -> (frame, mask) of layers too big for one table: paged on the server.
    """
    st.subheader(t("table", lang))
    if not specs:
        st.caption(t("no_visible", lang))
        return
    layer_id = st.selectbox(t("table_layer", lang), [s.id for s in specs], key=session.TABLE_LAYER,
                            format_func=lambda i: cat.get(i).name(lang))
    spec = cat.get(layer_id)
    gdf = shown[layer_id]
    if big and layer_id in big:
        paged_table(lang, spec, *big[layer_id])
    elif gdf.empty:  # an empty grid reads as broken: say why there is nothing
        st.info(t("table_empty", lang))
    else:
        st.dataframe(export.table(spec, gdf, lang), hide_index=True, width="stretch", height=300)
    c1, c2 = st.columns(2)
    # Files are built only when a button is pressed (lambda), not on every rerun.
    c1.download_button(t("download_csv", lang), lambda: export.to_csv_bytes(spec, gdf, lang),
                       f"zhangqiu_{layer_id}.csv", "text/csv", key=session.DL_CSV, on_click="ignore")
    c2.download_button(t("download_geojson", lang), lambda: export.to_geojson_bytes(gdf),
                       f"zhangqiu_{layer_id}.geojson", "application/geo+json", key=session.DL_GEOJSON, on_click="ignore")
    st.download_button(t("download_all", lang), lambda: export.combined_geojson(shown),
                       "zhangqiu_shown.geojson", "application/geo+json", key=session.DL_ALL, on_click="ignore")


def plan_panel(lang: str, data: dict, cat: Catalog) -> None:
    """The plan's published totals, the map's coverage of its items, and what has no location."""
    unlocated, totals = tables()
    st.subheader(t("totals", lang))
    st.caption(t("totals_help", lang))
    labels, units = totals_columns(totals, lang)
    st.dataframe({t("totals", lang): labels,
                  "#": [f"{v:,g} {u}" for v, u in zip(totals["value"], units, strict=True)]},
                 hide_index=True, width="stretch")
    mapped = sum(int((data[i]["action"].fillna("") != "").sum())
                 for i in cat.ids_with("plan_item") if i in data and "action" in data[i])
    st.caption(t("coverage", lang, mapped=mapped, total=int(published_total(totals, "projects_count"))))
    rows = register_rows_or_none()  # the register's count of the plan's projects (ui/register.py)
    if rows is not None:
        st.caption(md_plain(summary(rows, totals).text(lang)))
    st.subheader(t("unlocated", lang))
    st.caption(t("unlocated_help", lang))
    cols = ["name_zh", "why_zh"] if lang == "zh" else ["name_en", "why_en"]
    st.dataframe(unlocated[cols], hide_index=True, width="stretch")

"""Export panel: the filtered view of any shown layer, in a chosen format × CRS, as a download.

The file is only written when the user clicks (a deferred ``st.download_button``); what the
format will change (shortened names, split files, GCJ-02, no CRS in CSV) is said beforehand.
"""

from __future__ import annotations

import streamlit as st

from geo.errors import GeoError
from geo.export import (
    CRS_LABELS,
    GEOGRAPHIC_TARGETS,
    MIME_TYPES,
    TARGET_CRS,
    export_warnings,
    points_only,
)
from layers.export import download_name, vector_bytes
from layers.text import md_plain, pick, t
from ui.context import PageContext

FORMAT_CHOICES = ("geojson", "gpkg", "shp", "csv", "csv_lonlat", "kml")


def split_choice(choice: str) -> tuple[str, str]:
    """UI format choice → (write_vector format, csv_geometry)."""
    return ("csv", "lonlat") if choice == "csv_lonlat" else (choice, "wkt")


def format_choices(all_points: bool) -> tuple[str, ...]:
    return tuple(c for c in FORMAT_CHOICES if c != "csv_lonlat" or all_points)


def crs_choices(fmt: str) -> tuple[str, ...]:
    """KML is longitude/latitude only; every other format takes every target CRS."""
    return GEOGRAPHIC_TARGETS if fmt == "kml" else TARGET_CRS


def export_panel(ctx: PageContext) -> None:
    lang = ctx.lang
    with st.expander(t("io.exp_title", lang)):
        st.caption(t("io.exp_help", lang))
        if not ctx.state.layers:
            st.caption(t("io.exp_no_layer", lang))
            return
        layer_id = st.selectbox(t("io.exp_layer", lang), list(ctx.state.layers), key="exp.layer",
                                format_func=lambda i: ctx.cat.get(i).name(lang))
        full = ctx.data[layer_id]
        gdf = full[ctx.masks[layer_id]]
        c1, c2 = st.columns(2)
        choice = c1.selectbox(t("io.exp_format", lang), format_choices(points_only(full)),
                              key=f"exp.format.{'pt' if points_only(full) else 'any'}",
                              format_func=lambda c: t(f"io.fmt.{c}", lang))
        fmt, csv_geometry = split_choice(choice)
        to_crs = c2.selectbox(t("io.exp_crs", lang), crs_choices(fmt),
                              key=f"exp.crs.{'geo' if fmt == 'kml' else 'all'}",
                              format_func=lambda c: pick(*CRS_LABELS[c], lang))
        if not len(gdf):
            st.caption(t("io.exp_none", lang))
            return
        st.caption(t("io.exp_count", lang, n=len(gdf), total=len(full)))
        try:
            notes = export_warnings(gdf, fmt, to_crs, csv_geometry=csv_geometry, layer_name=layer_id)
        except GeoError as exc:
            st.error(md_plain(exc.message(lang)))
            return
        for pair in notes:
            st.caption("⚠️ " + md_plain(pick(*pair, lang)))
        name = download_name(layer_id, fmt, to_crs, csv_geometry)
        st.download_button(
            t("io.exp_download", lang, file=name),
            data=lambda: vector_bytes(gdf, fmt, to_crs, csv_geometry=csv_geometry, layer_name=layer_id),
            file_name=name, mime=MIME_TYPES[fmt], key="exp.download", on_click="ignore")

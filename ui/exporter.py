"""Export panel: the filtered view of any shown layer, in a chosen format × CRS, as a download.

The file is only written when the user clicks (a deferred ``st.download_button``); what the
format will change (shortened names, split files, GCJ-02, no CRS in CSV) is said beforehand.
Above ``layers.export_files.PREPARE_ABOVE_ROWS`` features the file is prepared on the server
(streamed, with a progress bar) and downloaded from the app's own route, not held in the page.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
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
from geo.export_stream import stream_warnings
from layers import export_files
from layers.export import download_name, vector_bytes
from layers.text import md_plain, pick, t
from ui import state as session
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
        mask = ctx.masks[layer_id]
        if export_files.should_prepare(int(mask.sum())):  # big: stream to a file, never a copy in the page
            _prepared_export(layer_id, full, mask, lang)
            return
        gdf = full[mask]
        fmt, csv_geometry, to_crs = _choices(full, lang)
        if not len(gdf):
            st.caption(t("io.exp_none", lang))
            return
        st.caption(t("io.exp_count", lang, n=len(gdf), total=len(full)))
        if not _said(lambda: export_warnings(gdf, fmt, to_crs, csv_geometry=csv_geometry, layer_name=layer_id),
                     lang):
            return
        name = download_name(layer_id, fmt, to_crs, csv_geometry)
        st.download_button(
            t("io.exp_download", lang, file=name),
            data=lambda: vector_bytes(gdf, fmt, to_crs, csv_geometry=csv_geometry, layer_name=layer_id),
            file_name=name, mime=MIME_TYPES[fmt], key="exp.download", on_click="ignore")


def _said(warnings, lang: str) -> bool:
    """Show what the format will change (``warnings()``: (zh, en) pairs), or its refusal; False
    when refused."""
    try:
        notes = warnings()
    except GeoError as exc:
        st.error(md_plain(exc.message(lang)))
        return False
    for pair in notes:
        st.caption("⚠️ " + md_plain(pick(*pair, lang)))
    return True


def _choices(full, lang: str) -> tuple[str, str, str]:
    c1, c2 = st.columns(2)
    choice = c1.selectbox(t("io.exp_format", lang), format_choices(points_only(full)),
                          key=f"exp.format.{'pt' if points_only(full) else 'any'}",
                          format_func=lambda c: t(f"io.fmt.{c}", lang))
    fmt, csv_geometry = split_choice(choice)
    to_crs = c2.selectbox(t("io.exp_crs", lang), crs_choices(fmt),
                          key=f"exp.crs.{'geo' if fmt == 'kml' else 'all'}",
                          format_func=lambda c: pick(*CRS_LABELS[c], lang))
    return fmt, csv_geometry, to_crs


def _prepared_export(layer_id: str, full, mask, lang: str) -> None:
    """A big filtered layer: written to a file on the server with a progress bar (streamed by
    ``layers.export_files``), then downloaded from the app's own route, not held in the page."""
    rows = np.flatnonzero(mask)
    fmt, csv_geometry, to_crs = _choices(full, lang)
    st.caption(t("io.exp_count", lang, n=f"{len(rows):,}", total=f"{len(full):,}"))
    if not _said(lambda: stream_warnings(full, rows, fmt, to_crs, csv_geometry=csv_geometry, layer_name=layer_id),
                 lang):
        return
    name = download_name(layer_id, fmt, to_crs, csv_geometry)
    want = (layer_id, name, hashlib.sha1(rows.tobytes()).hexdigest())  # this file of these rows
    done = session.get(session.EXP_PREPARED)
    if done and done["want"] != want:
        done = None
    if done is None and st.button(t("io.exp_prepare", lang, n=f"{len(rows):,}"), key="exp.prepare"):
        bar = st.progress(0.0, text=t("io.exp_preparing", lang, file=name))
        try:
            made = export_files.prepare(full, rows, name, fmt, to_crs, csv_geometry=csv_geometry,
                                        layer_name=layer_id,
                                        progress=lambda f: bar.progress(f, text=t("io.exp_preparing", lang, file=name)))
        except (GeoError, OSError, RuntimeError) as exc:
            st.error(md_plain(t("io.exp_prepare_failed", lang, why=exc.message(lang) if isinstance(exc, GeoError)
                                else str(exc))))
            return
        done = {"want": want, "url": made.url, "path": str(made.path), "mb": made.bytes / 2**20}
        session.put(session.EXP_PREPARED, done)
    if done is None:
        st.caption(t("io.exp_prepare_help", lang))
        return
    if export_files.mounted():
        st.link_button(t("io.exp_download_ready", lang, file=name, mb=f"{done['mb']:.1f}"), done["url"])
    else:  # plain ``streamlit run app.py`` has no route: the file goes through the page after all
        st.caption(t("io.exp_no_route", lang))
        st.download_button(t("io.exp_download_ready", lang, file=name, mb=f"{done['mb']:.1f}"),
                           data=lambda: Path(done["path"]).read_bytes(), file_name=name, mime=MIME_TYPES[fmt],
                           key="exp.download", on_click="ignore")

"""The naive folium path, for comparison: what a Streamlit + folium page usually looks like.

On every rerun: filter the GeoDataFrames with pandas, build a new ``folium.Map``, add one
``folium.GeoJson(filtered_gdf, style_function=<colour per category>,
tooltip=folium.GeoJsonTooltip(...))`` per layer, and show it with ``st_folium`` (default
``returned_objects``, so pan/zoom also rerun the script). Same layers and data as the app
(``layers.registry.CATALOG``, including ``ZQ_EXTRA_LAYERS``) and the same kind of filter widget:
one multiselect on the category field ``ZQ_BENCH_FIELD`` (default ``kind``), labelled as in
the app, empty = no filter.

Assets: left as folium writes them (Leaflet, jQuery, Bootstrap, Font Awesome from public
CDNs). The benchmark answers those requests from the vendored copies in ``static/vendor``
(Playwright routes, URL → file via ``layers.assets.CDN_TO_VENDORED``), so it runs offline and
both apps load their libraries from local files.

Run: ``ZQ_BENCH_FIELD=dlbm ZQ_EXTRA_LAYERS=... streamlit run bench/naive_app.py``
(from the repository root, with it on PYTHONPATH).
"""

from __future__ import annotations

import os

import folium
import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium

from layers.registry import CATALOG

FIELD = os.environ.get("ZQ_BENCH_FIELD", "kind")
COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
          "#7f7f7f", "#bcbd22", "#17becf")


@st.cache_data(show_spinner=False)
def load(layer_id: str) -> gpd.GeoDataFrame:
    spec = CATALOG.get(layer_id)
    return gpd.read_file(spec.path).to_crs(4326)


def field_label(name: str) -> str:
    for spec in CATALOG.layers:
        for f in spec.fields:
            if f.name == name:
                return f.zh
    return name


def build_naive_map(frames: dict[str, gpd.GeoDataFrame], chosen: list[str]) -> folium.Map:
    options = sorted({str(v) for spec in CATALOG.layers if FIELD in spec.declared_kinds()
                      for v in frames[spec.id][FIELD].dropna()})
    color_of = {v: COLORS[i % len(COLORS)] for i, v in enumerate(options)}
    m = folium.Map(location=[36.72, 117.50], zoom_start=10, tiles=None)
    for spec in sorted(CATALOG.layers, key=lambda s: s.z):
        gdf = frames[spec.id]
        has_field = FIELD in spec.declared_kinds()
        if chosen and has_field:
            gdf = gdf[gdf[FIELD].astype(str).isin(chosen)]
        if gdf.empty:
            continue
        palette = dict(spec.style.palette) if spec.style.by == FIELD else color_of
        base = spec.style.color

        def style(feature, palette=palette, base=base, has_field=has_field):
            color = palette.get(str(feature["properties"].get(FIELD)), base) if has_field else base
            return {"color": color, "fillColor": color, "weight": 1, "fillOpacity": 0.5}

        folium.GeoJson(
            gdf,
            name=spec.name_zh,
            style_function=style,
            tooltip=folium.GeoJsonTooltip(
                fields=list(spec.tooltip), aliases=[spec.field(n).zh for n in spec.tooltip]),
        ).add_to(m)
    return m


def main() -> None:
    st.set_page_config(page_title="naive folium", layout="wide")
    frames = {spec.id: load(spec.id) for spec in CATALOG.layers}
    options = sorted({str(v) for spec in CATALOG.layers if FIELD in spec.declared_kinds()
                      for v in frames[spec.id][FIELD].dropna()})
    chosen = st.sidebar.multiselect(field_label(FIELD), options, placeholder="（不限）")
    st.title("naive folium")
    m = build_naive_map(frames, chosen)
    st_folium(m, height=680, use_container_width=True)


if __name__ == "__main__":
    main()

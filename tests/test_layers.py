"""One test per layer declaration: the bundled file matches what the registry declares."""

from __future__ import annotations

import math
import re

import geopandas as gpd
import pytest

from data import catalog as cat
from geo.gk import ANALYSIS_CRS
from layers import vocab
from layers.load import load_layer
from layers.registry import CATALOG, THEMES
from layers.spec import ACCURACY_VALUES, FIELD_KINDS

SPECS = CATALOG.layers
IDS = [s.id for s in SPECS]


@pytest.fixture(scope="module")
def district_gk():
    b = gpd.read_file(CATALOG.get("boundary").path)
    return b.to_crs(ANALYSIS_CRS).geometry.iloc[0]


@pytest.fixture(scope="module", params=SPECS, ids=IDS)
def layer(request):
    spec = request.param
    return spec, load_layer(spec)


def test_file_loads_with_crs_and_features(layer):
    spec, gdf = layer
    assert gdf.crs is not None and gdf.crs.to_epsg() == 4326
    assert len(gdf) > 0
    assert gdf.geometry.notna().all() and (~gdf.geometry.is_empty).all()
    assert gdf.geometry.is_valid.all()


def test_only_allowed_geometry_types(layer):
    spec, gdf = layer
    assert set(gdf.geom_type) <= set(spec.geometry_types)


def test_every_referenced_field_exists(layer):
    spec, gdf = layer
    declared = {f.name for f in spec.fields}
    assert set(spec.tooltip) <= declared, "tooltip fields must be declared"
    if spec.style.by:
        assert spec.style.by in declared
    for f in spec.fields:
        assert f.name in gdf.columns, f.name
        assert f.kind in FIELD_KINDS
        assert f.zh and f.en


def test_inside_district(layer, district_gk):
    spec, gdf = layer
    margin = spec.extent_margin_m + 100  # 100 m: the outline's own accuracy
    zone = district_gk.buffer(margin)
    outside = [r.name_zh for r, g in zip(gdf.itertuples(), gdf.to_crs(ANALYSIS_CRS).geometry,
                                         strict=True) if not zone.contains(g)]
    assert not outside, f"{spec.id}: outside the district (+{margin:.0f} m): {outside}"


def test_source_and_accuracy_present_and_valid(layer):
    spec, gdf = layer
    assert gdf["source"].fillna("").str.len().gt(10).all(), "every feature cites a source"
    assert gdf["accuracy"].isin(ACCURACY_VALUES).all()
    unknown = re.compile(r"error unknown|unknown error|no stated error|no error is stated")
    for acc, m, note in zip(gdf["accuracy"], gdf["accuracy_m"], gdf["note_en"], strict=True):
        if acc == "schematic":
            assert m is None or math.isnan(m), "schematic features have no error radius"
        else:  # an error radius, or none where no source states one (and the note says so)
            assert m > 0 or (math.isnan(m) and unknown.search(note)), \
                "exact/approximate features carry an error radius or say it is unknown"


def test_plan_vocabulary(layer):
    spec, gdf = layer
    for field, allowed in (("action", cat.ACTIONS), ("status", cat.STATUSES)):
        if field in gdf.columns:
            values = set(gdf[field].dropna()) - {""}
            assert values <= set(allowed), (field, values - set(allowed))
    if "cluster" in gdf.columns:
        for v in gdf["cluster"].dropna():
            assert all(c in cat.CLUSTERS for c in v.split(";") if c), v


def test_values_have_english_labels(layer):
    spec, gdf = layer
    for f in spec.fields:
        if f.kind != "category" or f.name not in gdf.columns or f.name == "in_district":
            continue
        for v in gdf[f.name].dropna().astype(str):
            for part in v.split(";"):
                if part:
                    assert vocab.label(part, "en") != part or part.isascii(), (f.name, part)


def test_themes_cover_layers():
    theme_ids = {t.id for t in THEMES}
    assert {s.id for s in SPECS} == set(IDS) and len(IDS) == len(set(IDS))
    assert all(s.theme in theme_ids for s in SPECS)
    assert all(CATALOG.by_theme(t.id) for t in THEMES), "no empty theme"

"""Streaming the filtered rows of a big layer to a file (geo.export_stream): the same file as
``write_vector`` on the selected frame, written chunk by chunk with progress, for every format
and target CRS; refusals as before."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from bench.parcels import make_parcels
from geo.errors import UnsupportedInputError
from geo.export import EXTENSIONS, FORMATS, TARGET_CRS, write_vector
from geo.export_stream import STREAMED, write_rows

from .helpers import nasty_frame


@pytest.fixture(scope="module")
def parcels() -> gpd.GeoDataFrame:
    return make_parcels(2_500, seed=3)


def _read(path, fmt: str) -> pd.DataFrame:
    if fmt == "csv":
        return pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    gdf = gpd.read_file(path)
    gdf["__wkt"] = gdf.geometry.to_wkt()
    return pd.DataFrame(gdf.drop(columns="geometry"))


@pytest.mark.parametrize("to_crs", TARGET_CRS)
@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "kml"])
def test_streamed_file_equals_the_whole_write(parcels, tmp_path, fmt, to_crs):
    rows = np.flatnonzero(parcels["dlbm"].astype(str).str.startswith("0"))[::-1]  # a filter, any order
    seen: list[float] = []
    a, b = tmp_path / f"a{EXTENSIONS[fmt]}", tmp_path / f"b{EXTENSIONS[fmt]}"
    write_rows(parcels, rows, a, fmt, to_crs, chunk_rows=400, progress=seen.append)
    write_vector(parcels.iloc[rows], b, fmt, to_crs)
    if fmt == "shp":
        assert a.read_bytes()[:4] == b.read_bytes()[:4] and seen == [1.0]
        return
    pd.testing.assert_frame_equal(_read(a, fmt), _read(b, fmt))
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) == -(-len(rows) // 400)


@pytest.mark.parametrize("fmt", STREAMED)
def test_nasty_and_empty_selections(tmp_path, fmt):
    gdf = nasty_frame()
    for rows in (np.arange(len(gdf)), np.array([], dtype=int)):
        a, b = tmp_path / f"a{EXTENSIONS[fmt]}", tmp_path / f"b{EXTENSIONS[fmt]}"
        write_rows(gdf, rows, a, fmt, chunk_rows=2)
        write_vector(gdf.iloc[rows], b, fmt)
        left, right = _read(a, fmt), _read(b, fmt)
        assert list(left.columns) == list(right.columns) and len(left) == len(right) == len(rows)
        a.unlink()
        b.unlink()


def test_lonlat_csv_of_polygons_is_refused(parcels, tmp_path):
    with pytest.raises(UnsupportedInputError):
        write_rows(parcels, np.arange(10), tmp_path / "x.csv", "csv", csv_geometry="lonlat")
    assert not (tmp_path / "x.csv").exists()


@pytest.mark.parametrize("fmt", ["gpkg", "geojson"])
def test_layer_type_is_that_of_the_whole_selection(tmp_path, fmt):
    """Chunks of Polygons alone then MultiPolygons: the layer type is the whole selection's."""
    import pyogrio
    from shapely.geometry import MultiPolygon, box

    polys = [box(117.5 + i * 0.001, 36.7, 117.5005 + i * 0.001, 36.7005) for i in range(6)]
    gdf = gpd.GeoDataFrame({"k": range(7)}, geometry=[*polys, MultiPolygon(polys[:2])], crs=4326)
    a, b = tmp_path / f"a{EXTENSIONS[fmt]}", tmp_path / f"b{EXTENSIONS[fmt]}"
    write_rows(gdf, np.arange(7), a, fmt, chunk_rows=3)
    write_vector(gdf, b, fmt)
    assert pyogrio.read_info(a)["geometry_type"] == pyogrio.read_info(b)["geometry_type"]
    pd.testing.assert_frame_equal(_read(a, fmt), _read(b, fmt))

"""B8-B12: nothing lost silently - drops listed by row, repairs measured, renames announced."""

from __future__ import annotations

import shapely

from tests.ingest import corpus
from tests.ingest.conftest import inline


def _rows(res, reason_en):
    return [d["row"] for d in res.dropped_rows if d["reason_en"] == reason_en]


def test_b8_truncated_shp_drops_and_lists_the_lost_features(tmp):
    shp = corpus.write_shp(tmp, "t", [shapely.box(117.5 + i / 100, 36.7, 117.505 + i / 100, 36.705)
                                      for i in range(5)], {"n": list(range(5))})
    offsets = corpus.shp_record_offsets(shp.with_suffix(".shx"))
    corpus.truncate(shp, offsets[3] + 4)  # records 4 and 5 are cut off
    res, gdf = inline(shp)
    assert res.usable and res.features == 3 and res.dropped == 2
    assert _rows(res, "no geometry") == [4, 5]
    assert any("truncated" in en for _, en in res.warnings)
    assert [s["count"] for s in res.steps] == [5, 3, 3]
    assert list(gdf["n"]) == [0, 1, 2]


def test_b9_nan_and_infinity_coordinates_are_dropped_and_listed(tmp):
    path = tmp / "nan.geojson"
    path.write_text(
        '{"type":"FeatureCollection","features":['
        '{"type":"Feature","properties":{"k":1},"geometry":{"type":"Point","coordinates":[117.5,36.7]}},'
        '{"type":"Feature","properties":{"k":2},"geometry":{"type":"Point","coordinates":[NaN,36.7]}},'
        '{"type":"Feature","properties":{"k":3},"geometry":{"type":"Point","coordinates":[Infinity,36.7]}},'
        '{"type":"Feature","properties":{"k":4},"geometry":{"type":"Point","coordinates":[117.6,36.8]}}]}')
    res, gdf = inline(path)
    assert res.usable and list(gdf["k"]) == [1, 4]
    assert sorted(d["row"] for d in res.dropped_rows) == [2, 3]
    assert res.bounds_wgs84 == [117.5, 36.7, 117.6, 36.8]  # bounds from valid features only


def test_b10_empty_layer_is_a_clear_error(tmp):
    res, gdf = inline(corpus.geojson(tmp, []))
    assert gdf is None and res.error_kind == "empty" and "empty" in res.error[1]
    assert res.bounds_wgs84 is None


def test_b10_all_null_geometries(tmp):
    res, gdf = inline(corpus.geojson(tmp, [corpus.feature(None, a=1), corpus.feature(None, a=2)]))
    assert gdf is None and res.error_kind == "empty"
    assert _rows(res, "no geometry") == [1, 2]
    assert "none of its 2 feature(s)" in res.error[1]


def test_b11_bowtie_is_repaired_with_area_before_and_after(tmp):
    res, gdf = inline(corpus.geojson(tmp, [corpus.feature(corpus.bowtie(), name="bow")]))
    assert res.usable and len(res.repaired) == 1
    rep = res.repaired[0]
    assert rep["row"] == 1 and rep["unit"] == "m²"
    assert rep["area_before"] < 1 and rep["area_after"] > 400_000  # both lobes kept (~0.5 km²)
    assert gdf.geometry.iloc[0].is_valid and gdf.geom_type.iloc[0] == "MultiPolygon"


def test_b11_area_in_coordinate_units_while_crs_unknown(tmp):
    shp = corpus.write_shp(tmp, "b", [shapely.geometry.shape(corpus.bowtie())], prj_epsg=None)
    res, _ = inline(shp)
    assert res.error_kind == "crs_missing" and res.repaired[0]["unit"] == "coordinate units²"


def test_b12_duplicate_and_case_variant_columns_are_renamed(tmp):
    path = corpus.geojson(tmp, [corpus.feature(corpus.point(117.5, 36.7), Name="A", name="b",
                                               NAME="c", geometry="kept")])
    res, gdf = inline(path)
    assert res.usable
    assert list(gdf.columns) == ["Name", "name_2", "NAME_3", "geometry_2", "geometry"]
    assert res.renamed_columns == {"name_2": "name", "NAME_3": "NAME", "geometry_2": "geometry"}
    assert gdf["geometry_2"].iloc[0] == "kept"  # a property called geometry is not overwritten
    assert any("renamed" in en for _, en in res.warnings)


def test_mixed_geometry_types_are_kept_and_counted(tmp):
    feats = [corpus.feature(corpus.point(117.5, 36.7)), corpus.feature(corpus.bowtie()),
             corpus.feature({"type": "LineString", "coordinates": [[117.5, 36.7], [117.6, 36.8]]})]
    res, gdf = inline(corpus.geojson(tmp, feats))
    assert res.usable and len(gdf) == 3
    assert res.geometry_types == {"Point": 1, "MultiPolygon": 1, "LineString": 1}
    assert any("Mixed geometry types" in en for _, en in res.warnings)


def test_original_file_is_never_modified(tmp):
    path = corpus.geojson(tmp, [corpus.feature(corpus.bowtie(), Name="A", name="b")])
    before = path.read_bytes()
    inline(path)
    assert path.read_bytes() == before

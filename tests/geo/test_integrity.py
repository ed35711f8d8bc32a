"""check_geometries: drop null/empty/non-finite with row labels, repair with make_valid."""

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import LineString, Point, Polygon

from geo.integrity import IntegrityReport, check_geometries

BOWTIE = Polygon([(0, 0), (2, 2), (2, 0), (0, 2), (0, 0)])  # two unit triangles, area 2


@pytest.fixture
def messy():
    return gpd.GeoDataFrame(
        {"name": ["ok", "bowtie", "nan", "none", "empty", "line"]},
        geometry=[Point(117.5, 36.7), BOWTIE, Point(np.nan, 39.9), None, Polygon(),
                  LineString([(0, 0), (1, 1)])],
        index=["r1", "r2", "r3", "r4", "r5", "r6"],
        crs="EPSG:4548",
    )


def test_drops_and_lists(messy):
    out, report = check_geometries(messy)
    assert list(out.index) == ["r1", "r2", "r6"]
    assert report.dropped_nonfinite == ["r3"]
    assert report.dropped_null == ["r4"]
    assert report.dropped_empty == ["r5"]
    assert (report.n_in, report.n_out) == (6, 3)
    assert out.crs == messy.crs and out["name"].tolist() == ["ok", "bowtie", "line"]
    assert out.geometry.is_valid.all()


def test_bowtie_keeps_both_triangles_unlike_buffer0(messy):
    out, report = check_geometries(messy)
    ((label, before, after),) = report.repaired
    assert label == "r2"
    assert before == pytest.approx(0.0)  # shapely's signed-ring area of the bow-tie cancels out
    assert after == pytest.approx(2.0)
    assert out.geometry.loc["r2"].area == pytest.approx(2.0)
    assert out.geometry.loc["r2"].area - BOWTIE.buffer(0).area == pytest.approx(1.0)


def test_input_not_mutated(messy):
    before = messy.copy()
    check_geometries(messy)
    assert len(messy) == 6 and not messy.geometry.loc["r2"].is_valid
    assert messy.geometry.to_wkt().tolist() == before.geometry.to_wkt().tolist()


def test_messages(messy):
    _, report = check_geometries(messy)
    zh, en = report.messages("zh"), report.messages("en")
    assert zh[0] == "共 6 个要素，保留 3 个。" and en[0] == "6 features in, 3 kept."
    assert any("r3" in m and "NaN" in m for m in zh) and any("r4" in m for m in en)
    assert any("make_valid" in m and "r2" in m for m in en)
    assert all(m.endswith("。") for m in zh) and all(m.endswith(".") for m in en)
    assert len(zh) == len(en) == 5


def test_clean_frame():
    gdf = gpd.GeoDataFrame(geometry=[Point(0, 0), Point(1, 1)], crs="EPSG:4326")
    out, report = check_geometries(gdf)
    assert report.clean and len(out) == 2 and out is not gdf
    assert report.messages("en") == ["2 features in, 2 kept."]


def test_long_label_lists_are_truncated():
    gdf = gpd.GeoDataFrame(geometry=[None] * 12)
    _, report = check_geometries(gdf)
    assert report.dropped_null == list(range(12))
    assert report.messages("en")[1].endswith("(rows: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 …).")


def test_report_defaults():
    assert IntegrityReport().clean and IntegrityReport().messages("zh") == ["共 0 个要素，保留 0 个。"]


def test_custom_geometry_column_and_duplicate_labels():
    gdf = gpd.GeoDataFrame({"v": [1, 2, 3]}, geometry=[BOWTIE, None, Point(0, 0)],
                           index=[7, 7, 8]).rename_geometry("shape")
    out, report = check_geometries(gdf)
    assert out.geometry.name == "shape" and list(out.index) == [7, 8]
    assert report.dropped_null == [7] and report.repaired[0][0] == 7

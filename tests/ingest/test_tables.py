"""B14: CSV/XLSX with coordinate columns - encodings, decimal commas, DMS, swaps, bad rows."""

from __future__ import annotations

import numpy as np
import pytest

from geo._ingest_coords import parse_value
from tests.ingest.conftest import inline

GOOD = "名称,经度,纬度\n章丘区,117.53,36.68\n明水街道,117.54,36.69\n"


def _csv(tmp, text: str, encoding: str = "utf-8", name: str = "t.csv"):
    path = tmp / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(("encoding", "expected"), [
    ("gbk", "gb18030"), ("utf-8", "utf-8"), ("utf-8-sig", "utf-8"), ("utf-16", "utf-16"),
])
def test_b14_csv_encodings(tmp, encoding, expected):
    res, gdf = inline(_csv(tmp, GOOD, encoding), crs="EPSG:4326")
    assert res.usable, res.error
    assert res.encoding == expected
    assert list(gdf["名称"]) == ["章丘区", "明水街道"]
    if encoding in ("utf-8-sig", "utf-16"):
        assert "byte-order mark" in res.encoding_reason[1]


def test_csv_without_crs_asks_like_any_file(tmp):
    res, _ = inline(_csv(tmp, GOOD))
    assert res.error_kind == "crs_missing"
    assert [c["crs"] for c in res.crs_candidates] == ["EPSG:4326", "EPSG:4490", "gcj02", "bd09"]
    assert res.columns == {"名称": "string", "经度": "float", "纬度": "float"}
    assert res.sample[0] == {"名称": "章丘区", "经度": 117.53, "纬度": 36.68}


def test_b14_decimal_commas_with_semicolons(tmp):
    res, gdf = inline(_csv(tmp, "name;lon;lat\nA;117,53;36,68\nB;117,54;36,69\n"), crs="4326")
    assert res.usable and np.allclose(gdf.geometry.x, [117.53, 117.54])
    assert any("decimal comma" in en for _, en in res.warnings)


def test_b14_dms_strings(tmp):
    text = 'name,lng,lat\nA,"117°31\'48""E","36°40\'48""N"\nB,117度32分,36度41分\n'
    res, gdf = inline(_csv(tmp, text), crs="4326")
    assert res.usable and np.allclose(gdf.geometry.x, [117.53, 117 + 32 / 60])
    assert np.allclose(gdf.geometry.y, [36.68, 36 + 41 / 60])
    assert any("degrees-minutes-seconds" in en for _, en in res.warnings)


def test_b14_bad_rows_are_coerced_and_listed_by_line(tmp):
    text = "name,lon,lat\nA,117.53,36.68\nB,abc,36.7\nC,,36.7\nD,NaN,36.7\nE,117.55,inf\nF,117.56,36.7\n"
    res, gdf = inline(_csv(tmp, text), crs="4326")
    assert res.usable and list(gdf["name"]) == ["A", "F"]
    lines = {d["line"]: d["reason_en"] for d in res.dropped_rows}
    assert set(lines) == {3, 4, 5, 6}
    assert "'abc' is not a number" in lines[3] and "is empty" in lines[4]
    assert "not a finite number" in lines[5] and "not a finite number" in lines[6]
    assert [s["step"] for s in res.steps] == ["read", "coordinates", "geometry", "wgs84"]
    assert [s["count"] for s in res.steps] == [6, 2, 2, 2]
    assert res.dropped == 4


def test_b14_swapped_lon_lat_offered(tmp):
    path = _csv(tmp, "name,经度,纬度\nA,36.68,117.53\nB,36.69,117.54\n")
    res, _ = inline(path)
    assert res.error_kind == "crs_missing" and all(c["swap_xy"] for c in res.crs_candidates)
    res, gdf = inline(path, crs="gcj02", swap_xy=True)
    assert res.usable and 117.5 < gdf.geometry.x.min() < 117.6


def test_xy_columns_as_gauss_kruger(tmp):
    res, gdf = inline(_csv(tmp, "id,X,Y\n1,39544680.5,4060000\n2,39545680.5,4061000\n"))
    assert res.crs_candidates[0]["crs"] == "EPSG:4527"
    res, gdf = inline(_csv(tmp, "id,X,Y\n1,39544680.5,4060000\n"), crs="4527")
    assert res.usable and 117.4 < gdf.geometry.x[0] < 117.6


def test_ragged_rows_are_listed_not_guessed(tmp):
    res, gdf = inline(_csv(tmp, "name,lon,lat\nA,117.5,36.7\nB,117.5,36.7,extra\nC,117.6\n"), crs="4326")
    assert list(gdf["name"]) == ["A"]
    reasons = {d["line"]: d["reason_en"] for d in res.dropped_rows}
    assert "has 4 cells" in reasons[3] and "is empty" in reasons[4]


def test_wkt_column_with_srid(tmp):
    text = 'name,WKT\nA,"SRID=4326;POLYGON((117.5 36.7,117.6 36.7,117.6 36.8,117.5 36.7))"\nB,not wkt\n'
    res, gdf = inline(_csv(tmp, text))
    assert res.usable and res.crs == "EPSG:4326" and gdf.geom_type.iloc[0] == "Polygon"
    assert res.dropped_rows[0]["line"] == 3 and "not valid WKT" in res.dropped_rows[0]["reason_en"]


def test_duplicate_csv_headers(tmp):
    res, gdf = inline(_csv(tmp, "name,Name,lon,lat,\nA,B,117.5,36.7,x\n"), crs="4326")
    assert list(gdf.columns) == ["name", "Name_2", "lon", "lat", "column_5", "geometry"]
    assert res.renamed_columns == {"Name_2": "Name"}


def test_no_coordinate_columns(tmp):
    res, _ = inline(_csv(tmp, "a,b\n1,2\n"))
    assert res.error_kind == "format" and "No coordinate columns" in res.error[1]


def test_codes_with_leading_zeros_stay_text(tmp):
    res, gdf = inline(_csv(tmp, "code,n,lon,lat\n0531,7,117.5,36.7\n"), crs="4326")
    assert gdf["code"].iloc[0] == "0531" and gdf["n"].iloc[0] == 7


def test_xlsx(tmp):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["名称", "经度", "纬度", "备注"])
    sheet.append(["章丘区", 117.53, 36.68, "=1+1"])
    sheet.append(["坏行", "东经", 36.7, None])
    book.create_sheet("第二页")
    path = tmp / "t.xlsx"
    book.save(path)
    res, gdf = inline(path, crs="gcj02")
    assert res.usable and res.format == "XLSX" and list(gdf["名称"]) == ["章丘区"]
    assert res.dropped_rows[0]["line"] == 3
    assert any("第二页" in zh for zh, _ in res.warnings)


@pytest.mark.parametrize(("text", "value"), [
    ("117.5", 117.5), ("117,5", 117.5), ("１１７．５", 117.5), ("117°30'E", 117.5),
    ("36°30′S", -36.5), ("W117.5", -117.5), ("39,544,680.5", 39544680.5),
])
def test_parse_value(text, value):
    assert parse_value(text)[0] == pytest.approx(value)


def test_thousands_of_bad_rows_stay_a_short_report(tmp):
    rows = "".join(f"r{i},x{i},36.7\n" for i in range(1500))
    res, _ = inline(_csv(tmp, "name,lon,lat\nA,117.5,36.7\n" + rows), crs="4326")
    assert res.usable and res.dropped == 1500 and len(res.dropped_rows) == 1000
    assert len(res.warnings) <= 4
    assert any("Only the first 1000" in en for _, en in res.warnings)


def test_surveyors_xy_order_is_offered_as_a_swap(tmp):
    path = _csv(tmp, "点号,X,Y\n1,4060000,39544680.5\n2,4061000,39545680.5\n")  # X = northing
    res, _ = inline(path)
    assert res.error_kind == "crs_missing"
    assert res.crs_candidates[0]["crs"] == "EPSG:4527" and res.crs_candidates[0]["swap_xy"]
    res, gdf = inline(path, crs="EPSG:4527", swap_xy=True)
    assert res.usable and 117.4 < gdf.geometry.x[0] < 117.6 and 36 < gdf.geometry.y[0] < 37
    refused, _ = inline(path, crs="EPSG:4527")  # the same CRS without the swap does not fit
    assert refused.error_kind == "crs_missing" and "swapped" in refused.error[1]

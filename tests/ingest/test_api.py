"""Small contracts: error classes, CLI helpers, the result's JSON form."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo import errors
from geo.__main__ import _out_format, _to_crs, main
from geo.ingest import Limits
from geo.ingest_result import ERROR_KINDS, IngestResult


@pytest.mark.parametrize("cls", [errors.IngestError, errors.UnsafeInputError, errors.ReaderFailedError])
def test_new_errors_are_bilingual_geo_errors(cls):
    exc = cls.with_kind("memory", "内存不足", "Out of memory")
    assert isinstance(exc, errors.GeoError) and exc.kind == "memory" and exc.kind in ERROR_KINDS
    assert exc.message("zh") == "内存不足" and str(exc) == "Out of memory"
    assert cls.__doc__ and "\n" not in cls.__doc__.strip()
    assert cls("a", "b").kind in ERROR_KINDS


def test_result_round_trips_through_its_state():
    res = IngestResult(features=2, warnings=[("中", "en")], encoding_reason=("z", "e"))
    res.fail("crs_missing", "选坐标系", "Choose a CRS")
    back = IngestResult.from_state(res.to_state())
    assert back == res and back.error == ("选坐标系", "Choose a CRS")
    assert back.to_json_dict("zh")["error"] == "选坐标系"
    with pytest.raises(ValueError):
        res.fail("nonsense", "", "")


def test_limits_defaults_match_the_upload_limit():
    limits = Limits()
    assert limits.max_bytes == 50 * 2**20 and limits.timeout_s == 60 and limits.memory_mb == 1024
    assert (limits.zip_max_members, limits.zip_max_total_mb, limits.zip_max_ratio) == (200, 500, 100)


@pytest.mark.parametrize(("name", "fmt"), [
    ("a.geojson", "geojson"), ("a.json", "geojson"), ("a.gpkg", "gpkg"), ("a.shp.zip", "shp"),
    ("a.zip", "shp"), ("a.csv", "csv"), ("a.kml", "kml"), ("a.shp", None), ("a.txt", None),
])
def test_cli_output_formats(name, fmt):
    assert _out_format(Path(name)) == fmt


@pytest.mark.parametrize(("text", "crs"), [("4548", "EPSG:4548"), ("epsg:4527", "EPSG:4527"),
                                           ("GCJ-02", "gcj02"), ("wgs84", "EPSG:4326")])
def test_cli_to_crs_forms(text, crs):
    assert _to_crs(text) == crs


def test_cli_main_returns_codes_without_raising(tmp_path, capsys):
    assert main(["inspect", str(tmp_path / "nope.csv")]) == 2
    assert "File not found" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["inspect"])
    assert info.value.code == 2

"""``python -m geo`` end to end (subprocess): exit codes, stderr without tracebacks, JSON keys,
and the real messy AMap sample (UTF-8 .dbf without .cpg, GCJ-02 without .prj)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from tests.external import require
from tests.ingest import corpus

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO.parent / "shared" / "samples" / "shandong_district_amap" / "shandong_district.shp"
KEYS = {"features", "dropped", "encoding", "crs", "crs_candidates", "bounds_wgs84", "columns",
        "sample", "warnings", "steps", "usable", "error"}
KNOWN = {"长岛县", "芝罘区", "莱州市", "海阳市", "龙口市", "章丘区", "历下区"}


def geo(*args: str) -> subprocess.CompletedProcess:
    """Run ``python -m geo ARGS`` from the repository root."""
    proc = subprocess.run([sys.executable, "-m", "geo", *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, timeout=120, check=False)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture
def _sample_present():
    """The shared AMap sample: skipped locally when absent, a failure under CI."""
    require(SAMPLE, "shared/samples AMap shapefile")


needs_sample = pytest.mark.usefixtures("_sample_present")


@needs_sample
def test_sample_inspect_says_utf8_no_crs_and_asks():
    proc = geo("inspect", SAMPLE, "--json")
    assert proc.returncode == 2
    out = json.loads(proc.stdout)
    assert set(out) >= KEYS
    assert out["encoding"] == "utf-8" and out["crs"] is None and out["bounds_wgs84"] is None
    assert out["features"] == 137 and out["dropped"] == 0
    assert "gcj02" in [c["crs"] for c in out["crs_candidates"]]
    names = {row["name"] for row in out["sample"]}
    assert names <= KNOWN and names  # real district names, not mojibake like é¿å²å¿
    assert "--crs" in proc.stderr and "gcj02" in proc.stderr


@needs_sample
def test_sample_with_gcj02_matches_the_bundled_boundary(tmp_path):
    proc = geo("inspect", SAMPLE, "--crs", "gcj02", "--json")
    assert proc.returncode == 0 and proc.stderr == ""
    data = json.loads(proc.stdout)
    assert data["usable"] and data["crs"] == "gcj02" and data["features"] == 137
    assert 114 < data["bounds_wgs84"][0] < data["bounds_wgs84"][2] < 123
    out = tmp_path / "districts.geojson"
    proc = geo("convert", SAMPLE, out, "--crs", "gcj02")
    assert proc.returncode == 0, proc.stderr
    gdf = gpd.read_file(out)
    assert "章丘区" in set(gdf["name"]) and "历下区" in set(gdf["name"])
    zq = gdf[gdf["name"] == "章丘区"].to_crs(4548).geometry.iloc[0]
    ref = gpd.read_file(REPO / "data" / "boundary.geojson").to_crs(4548).geometry.iloc[0]
    pts = shapely.line_interpolate_point(zq.boundary, np.linspace(0, 1, 500), normalized=True)
    dist = shapely.distance(pts, ref.boundary)
    assert np.median(dist) < 50 and np.percentile(dist, 95) < 300
    raw = gpd.read_file(SAMPLE, encoding="utf-8").set_crs(4326)  # B7: GCJ-02 taken as WGS84
    zq_wrong = raw[raw["name"] == "章丘区"].to_crs(4548).geometry.iloc[0]
    pts = shapely.line_interpolate_point(zq_wrong.boundary, np.linspace(0, 1, 500), normalized=True)
    assert np.median(shapely.distance(pts, ref.boundary)) > 300


def test_human_report_in_chinese(tmp_path):
    path = corpus.geojson(tmp_path, [corpus.feature(corpus.point(117.5, 36.7), 名称="章丘")])
    proc = geo("inspect", path, "--lang", "zh")
    assert proc.returncode == 0 and "要素" in proc.stdout and "EPSG:4326" in proc.stdout


def test_cli_errors_are_one_clear_line(tmp_path):
    proc = geo("inspect", tmp_path / "missing.geojson")
    assert proc.returncode == 2 and "File not found" in proc.stderr
    path = corpus.geojson(tmp_path, [corpus.feature(corpus.point(117.5, 36.7))])
    proc = geo("inspect", path, "--crs", "+proj=merc", "--json")
    assert proc.returncode == 2 and json.loads(proc.stdout)["error_kind"] == "crs_invalid"
    proc = geo("inspect", path, "--encoding", "no-such-codec")
    assert proc.returncode == 2 and "Unknown text encoding" in proc.stderr
    assert geo("frobnicate").returncode == 2
    proc = geo("convert", path, path)
    assert proc.returncode == 2 and "overwrite" in proc.stderr
    proc = geo("convert", path, tmp_path / "out.txt")
    assert proc.returncode == 2 and "OUT must end" in proc.stderr


def test_convert_round_trip_gbk_shapefile_to_cgcs2000_gk(tmp_path):
    src = corpus.write_shp(tmp_path, "gbk", corpus._points(), prj_epsg=None, encoding="GBK", cpg=False)
    out = tmp_path / "out.shp.zip"
    proc = geo("convert", src, out, "--crs", "4490", "--to-crs", "4548")
    assert proc.returncode == 0, proc.stderr
    assert "Wrote 3 feature(s)" in proc.stdout
    back = geo("inspect", out, "--json")
    data = json.loads(back.stdout)
    assert back.returncode == 0 and data["crs"] == "EPSG:4548"
    assert [r["name"] for r in data["sample"]] == corpus.NAMES
    assert abs(data["bounds_wgs84"][0] - corpus.ZQ_LON) < 1e-6

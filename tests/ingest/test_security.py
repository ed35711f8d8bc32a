"""S6/S7/S9/S10/S12: hostile files are refused, the parser is sandboxed, limits hold.

These go through the real child process (``geo.ingest``), with short timeouts.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from geo import _ingest_spawn as spawn
from geo import _ingest_zip as zipmod
from geo.errors import IngestError, UnsafeInputError
from geo.ingest import Limits, inspect_file, read_file_safely, stage_upload
from tests.ingest import corpus
from tests.ingest.conftest import inline

SHORT = Limits(timeout_s=30, memory_mb=256)  # generous: a loaded CI machine imports slowly
HANG = Limits(timeout_s=4, memory_mb=256)
VRT = ('<OGRVRTDataSource><OGRVRTLayer name="x"><SrcDataSource>{src}</SrcDataSource>'
       "</OGRVRTLayer></OGRVRTDataSource>")


def _secret(tmp: Path) -> Path:
    path = tmp / "secret.csv"
    path.write_text("WKT,secret\n\"POINT (117.5 36.7)\",TOPSECRET\n")
    return path


def test_s6_vrt_disguised_as_geojson_is_refused(tmp):
    path = tmp / "x.geojson"
    path.write_text(VRT.format(src=_secret(tmp)))
    gdf, res = read_file_safely(path, limits=SHORT)
    assert gdf is None and res.error_kind == "unsafe" and "OGRVRTDataSource".lower() in res.error[1].lower()
    assert "TOPSECRET" not in str(res.to_json_dict("en"))


def test_s6_vrt_inside_json_braces_is_refused(tmp):
    path = tmp / "x.geojson"
    path.write_text('{"a": "' + VRT.format(src=_secret(tmp)).replace('"', "'") + '"}')
    assert inline(path)[0].error_kind == "unsafe"  # same code as the child, in-process


def test_s6_gdalg_pipeline_is_refused(tmp):
    path = tmp / "x.geojson"
    cmd = f"gdal vector read {_secret(tmp)}"
    path.write_text('{"type": "gdal_streamed_alg", "command_line": "' + cmd + '"}')
    assert inline(path)[0].error_kind == "unsafe"


def test_s6_driver_allow_list_is_in_force_in_the_child(tmp):
    """Even if the content check were bypassed, GDAL in the child cannot open a VRT."""
    vrt = tmp / "x.vrt"
    vrt.write_text(VRT.format(src=_secret(tmp)))
    code = ("import json, pyogrio, sys\n"
            "out = {'drivers': sorted(pyogrio.list_drivers())}\n"
            "try:\n    pyogrio.read_dataframe(sys.argv[1]); out['read'] = True\n"
            "except Exception as e:\n    out['read'] = False\n"
            "print(json.dumps(out))\n")
    proc = subprocess.run([sys.executable, "-c", code, str(vrt)], env=spawn.child_env(),
                          capture_output=True, text=True, timeout=60, check=True)
    out = __import__("json").loads(proc.stdout)
    assert set(out["drivers"]) <= spawn.ALLOWED_DRIVERS and out["read"] is False
    assert "OGR_VRT" in spawn.skip_list() and "GDALG" in spawn.skip_list()


def test_s7_urls_and_vsi_paths_are_never_opened():
    for text in ("http://127.0.0.1:9/x.geojson", "/vsicurl/http://127.0.0.1:9/x.geojson",
                 "file:///etc/passwd.geojson"):
        res = inspect_file(text, limits=SHORT)
        assert res.error_kind == "unsupported" and not res.usable


def test_s7_upload_names_never_become_paths():
    path = stage_upload([("../../etc/passwd.geojson", b'{"type":"FeatureCollection","features":[]}')])
    try:
        assert path.name == "upload.geojson" and path.parent.name.startswith("zq-upload-")
        assert not Path("/etc/passwd.geojson").exists()
    finally:
        for p in path.parent.iterdir():
            p.unlink()
        path.parent.rmdir()


def test_s7_unsupported_extension(tmp):
    path = tmp / "x.vrt"
    path.write_text(VRT.format(src="/etc/passwd"))
    assert inspect_file(path).error_kind == "unsupported"


@pytest.mark.parametrize("name", ["../evil.geojson", "/abs/evil.geojson", "a/../../evil.geojson",
                                  "C:\\evil.geojson"])
def test_s9_zip_slip_is_refused(tmp, name):
    path = corpus.zip_files(tmp / "z.zip", {name: b"{}"})
    with pytest.raises(UnsafeInputError, match="outside the archive"):
        zipmod.guard(path, Limits())


def test_s9_symlink_member_is_refused(tmp):
    with pytest.raises(UnsafeInputError, match="symbolic link"):
        zipmod.guard(corpus.symlink_zip(tmp / "z.zip"), Limits())


def test_s9_zip_bomb_is_refused_before_decompressing(tmp):
    path = corpus.bomb_zip(tmp / "bomb.zip", 12)
    assert corpus.size_of(path) < 100_000
    with pytest.raises(UnsafeInputError, match="zip bomb"):
        zipmod.guard(path, Limits(zip_max_total_mb=10))
    with pytest.raises(UnsafeInputError, match="compression ratio"):
        zipmod.guard(path, Limits())
    res = inspect_file(path, limits=SHORT)  # end to end: refused, not unpacked
    assert res.error_kind == "unsafe" and "zip bomb" in res.error[1]


def test_s9_too_many_members(tmp):
    path = corpus.zip_files(tmp / "z.zip", {f"f{i}.txt": b"x" for i in range(12)})
    with pytest.raises(UnsafeInputError, match="too many members"):
        zipmod.guard(path, Limits(zip_max_members=10))


def test_s9_member_larger_than_declared_is_stopped(tmp):
    path = corpus.zip_files(tmp / "z.zip", {"a.geojson": b"{" + b" " * 5000 + b"}"})
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("a.geojson")
    for offset in (22, data.rfind(b"PK\x01\x02") + 24):  # local + central uncompressed size
        data[offset:offset + 4] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    assert info.file_size > 10
    with pytest.raises(UnsafeInputError, match="damaged|larger than it declares"):
        zipmod.extract(path, tmp, Limits())


def test_s9_not_a_zip(tmp):
    path = tmp / "x.zip"
    path.write_bytes(b"PK\x03\x04garbage")
    res, _ = inline(path)
    assert res.error_kind == "unsafe" and "not a valid zip" in res.error[1]


@pytest.mark.parametrize(("hook", "kind", "words"), [
    ("hang", "timeout", "longer than 4 s"),
    ("alloc", "memory", "more memory than the limit"),
    ("crash", "crash", "SIGSEGV"),
])
def test_s10_child_that_hangs_allocates_or_crashes(tmp, monkeypatch, hook, kind, words):
    path = corpus.geojson(tmp, [corpus.feature(corpus.point(117.5, 36.7))])
    monkeypatch.setenv(spawn.TEST_HOOK_ENV, hook)
    start = time.monotonic()
    gdf, res = read_file_safely(path, crs="4326", limits=HANG if hook == "hang" else SHORT)
    assert time.monotonic() - start < (15 if hook == "hang" else 60)
    assert gdf is None and res.error_kind == kind and words in res.error[1]
    assert res.error[0]  # a Chinese sentence too
    assert os.getpid() > 0  # we are still here


def test_s10_truncated_shp_in_the_child(tmp):
    shp = corpus.write_shp(tmp, "t", [corpus.shapely.Point(117.5, 36.7)] * 3, {"n": [1, 2, 3]})
    corpus.truncate(shp, 90)  # not even a full header
    gdf, res = read_file_safely(shp, limits=SHORT)
    assert gdf is None and res.error_kind == "format" and res.error[1]


def test_s12_size_limit(tmp):
    path = corpus.geojson(tmp, [corpus.feature(corpus.point(117.5, 36.7), pad="x" * 5000)])
    res = inspect_file(path, limits=Limits(max_bytes=1000))
    assert res.error_kind == "too_large" and "File too large" in res.error[1] and "文件太大" in res.error[0]
    with pytest.raises(IngestError, match="too large"):
        stage_upload([("a.geojson", b"x" * 2000)], Limits(max_bytes=1000))


def test_learned_drivers_fail_closed(monkeypatch, tmp):
    """A GDAL with drivers we do not know: the child refuses, the parent learns and retries."""
    monkeypatch.setattr(spawn, "KNOWN_DRIVERS", frozenset({"OGR_VRT"}))
    monkeypatch.setattr(spawn, "_learned", set())
    res = inspect_file(corpus.geojson(tmp, [corpus.feature(corpus.point(117.5, 36.7))]), limits=SHORT)
    assert res.usable and "GDALG" in spawn._learned

"""A presenter's own offline basemap: MBTiles / PMTiles / z-x-y folders (raster and vector) found
in ZQ_BASEMAPS or uploaded, served by the app's own route, offered in the basemap list with
their attribution, and carried into the exported slideshow (inlined or beside it)."""

from __future__ import annotations

import asyncio
import gzip
import io
import re
import threading
import zipfile

import pytest
from starlette.routing import Router

from layers import basemap_packages as bp
from layers.basemap_map import tile_range
from layers.basemap_routes import ROUTES
from layers.basemaps import BASEMAPS, all_basemaps, get_basemap
from layers.scenes_builtin import shipped_scenes

from . import tilepkg


def asgi_get(path: str) -> tuple[int, dict, bytes]:
    scope = {"type": "http", "method": "GET", "path": path, "raw_path": path.encode(),
             "query_string": b"", "headers": [], "scheme": "http", "server": ("test", 80),
             "root_path": "", "http_version": "1.1"}
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    worker = threading.Thread(target=asyncio.run, args=(Router(routes=ROUTES)(scope, receive, send),))
    worker.start()
    worker.join(30)
    start = next(m for m in sent if m["type"] == "http.response.start")
    headers = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    return start["status"], headers, b"".join(m.get("body", b"") for m in sent
                                              if m["type"] == "http.response.body")


@pytest.fixture
def packages(tmp_path, monkeypatch):
    monkeypatch.setenv("ZQ_BASEMAPS", str(tmp_path))
    tilepkg.mbtiles(tmp_path / "Raster Map.mbtiles")
    tilepkg.mbtiles(tmp_path / "vector.mbtiles", range(8, 11), vector=True, attribution=None)
    (tmp_path / "vector.attribution.txt").write_text("矢量底图 © 某局", encoding="utf-8")
    tilepkg.pmtiles(tmp_path / "pm.pmtiles")
    tilepkg.folder(tmp_path / "xyz")
    (tmp_path / "broken.mbtiles").write_bytes(b"not sqlite")
    return tmp_path


def _a_tile(z: int) -> tuple[int, int]:
    cols, rows = tile_range(tilepkg.ZHANGQIU, z)
    return cols[0], rows[0]


def test_every_kind_of_package_is_found_with_its_attribution(packages):
    found = {p.id: p for p in bp.discover()}
    assert set(found) == {"pkg-raster-map", "pkg-vector", "pkg-pm", "pkg-xyz"}
    assert [(found[i].kind, found[i].ext) for i in sorted(found)] == [
        ("pmtiles", "png"), ("mbtiles", "png"), ("mbtiles", "pbf"), ("folder", "png")]
    assert found["pkg-raster-map"].attribution == "测试底图 © 示例测绘院 bold?"  # no markup
    assert found["pkg-vector"].attribution == "矢量底图 © 某局"
    assert found["pkg-xyz"].attribution == "文件夹底图"
    assert bp.problems() == ["broken.mbtiles"]


@pytest.mark.parametrize(("pid", "z", "ext"), [("pkg-raster-map", 12, "png"), ("pkg-pm", 9, "png"),
                                               ("pkg-xyz", 10, "png"), ("pkg-vector", 9, "pbf")])
def test_the_route_serves_each_packages_tiles(packages, pid, z, ext):
    x, y = _a_tile(z)
    status, headers, body = asgi_get(f"/tiles/basemaps/{pid}/{z}/{x}/{y}.{ext}")
    assert status == 200
    if ext == "png":
        assert headers["content-type"] == "image/png" and body == tilepkg.png(z)
    else:
        import mapbox_vector_tile

        assert headers["content-type"] == "application/x-protobuf"
        assert body == gzip.decompress(tilepkg.mvt(z, x, y))  # served un-gzipped
        assert mapbox_vector_tile.decode(body)["landuse"]["features"][0]["properties"]["z"] == z


@pytest.mark.parametrize("path", ["/tiles/basemaps/pkg-nope/9/0/0.png",
                                  "/tiles/basemaps/pkg-raster-map/9/0/0.jpg",
                                  "/tiles/basemaps/..%2Fetc/9/0/0.png",
                                  "/tiles/basemaps/raster-map/9/0/0.png"])
def test_unknown_packages_and_formats_are_404(packages, path):
    assert asgi_get(path)[0] == 404


def test_outside_the_package_is_204(packages):
    assert asgi_get("/tiles/basemaps/pkg-raster-map/3/0/0.png")[0] == 204  # below its min zoom
    assert asgi_get("/tiles/basemaps/pkg-raster-map/10/0/0.png")[0] == 204  # not covered


def test_packages_are_offered_as_offline_basemaps_after_the_declared_ones(packages):
    listed = all_basemaps()
    assert listed[:len(BASEMAPS)] == BASEMAPS
    extra = listed[len(BASEMAPS):]
    assert [b.id for b in extra] == ["pkg-pm", "pkg-raster-map", "pkg-vector", "pkg-xyz"]
    assert all(not b.online and b.shift == "wgs84" for b in extra)
    vec = get_basemap("pkg-vector")
    assert vec.tiles[0].vector and vec.tiles[0].url == "/tiles/basemaps/pkg-vector/{z}/{x}/{y}.pbf"
    assert "矢量" in vec.label("zh") and "vector" in vec.label("en")
    assert get_basemap("pkg-gone").id == "offline"


def test_no_folder_means_no_packages(tmp_path, monkeypatch):
    monkeypatch.setenv("ZQ_BASEMAPS", str(tmp_path / "missing"))
    assert bp.discover() == [] and all_basemaps() == BASEMAPS


def test_an_upload_is_checked_and_stored(packages):
    pkg = bp.add_package("Bureau 底图.MBTiles", (packages / "Raster Map.mbtiles").read_bytes())
    assert pkg.id == "pkg-bureau" and pkg.kind == "mbtiles"
    with pytest.raises(ValueError, match="mbtiles"):
        bp.add_package("x.zip", b"PK")
    with pytest.raises(ValueError, match="readable"):
        bp.add_package("bad.mbtiles", b"garbage")
    assert not list(packages.glob(".*part"))


def test_the_map_uses_the_package_with_an_escaped_attribution(packages, cat, frames):
    from layers.render import build_map

    basemap = get_basemap("pkg-raster-map")
    html = build_map(frames, list(cat.layers), basemap, basemap.tiles, "zh").get_root().render()
    assert "ZQ.addBasemap" in html and "/tiles/basemaps/pkg-raster-map/{z}/{x}/{y}.png" in html
    assert "<b>" not in html.split("ZQ.addBasemap")[1].split("</script>")[0]
    vec = get_basemap("pkg-vector")
    html = build_map(frames, list(cat.layers), vec, vec.tiles, "zh").get_root().render()
    assert "leaflet.vectorgrid" in html.lower() and '"vector":true' in html


def test_export_inlines_the_tiles_over_the_scenes(packages, cat, frames):
    from layers.scenes_map import export_html

    html = export_html(frames, cat, shipped_scenes()[:2], "zh", basemap_id="pkg-raster-map")
    uris = re.findall(r'"(\d+/\d+/\d+)":\s*"data:image/png;base64,', html)
    assert len(uris) > 10 and {int(k.split("/")[0]) for k in uris} == set(range(8, 13))
    call = html.split("ZQ.addBasemap(")[-1].split("</script>")[0]
    assert '"tiles":null' not in call and "http://" not in call and "https://" not in call


def test_export_beside_writes_a_zip_of_html_and_tiles(packages, cat, frames):
    from layers.basemap_export import export_bundle

    data = export_bundle(frames, cat, shipped_scenes()[:2], "zh", "pkg-pm")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        html = z.read("slideshow.html").decode()
        tile = next(n for n in names if n.startswith("tiles/9/"))
        assert z.read(tile) == tilepkg.png(9)
    assert '"tiles/{z}/{x}/{y}.png"' in html and "data:image/png;base64,iVBOR" in html
    with pytest.raises(ValueError, match="raster"):
        export_bundle(frames, cat, shipped_scenes()[:1], "zh", "pkg-vector")

"""A big layer drawn from vector tiles (``streamlit run serve.py``): painted, filtered, identified.

20,001 synthetic parcels (just over layers.tiled.THRESHOLD, so tiled by count, not by
declaration); the page makes the tiles on its first run. Checks: the layer is a VectorGrid
layer fed by /tiles/layers/…, a filter from the URL gives the exact count (data-zq-shown and the
sentence), a click on a parcel shows its whole record fetched by id, nothing leaves the machine.
"""

from __future__ import annotations

import re

import numpy as np
import pyogrio
import pytest
import shapely
from playwright.sync_api import expect

from bench.parcels import write
from geo.filters import CategoryFilter, FilterSet
from layers import tiled

from .conftest import COMPONENT_IFRAME, REPO_ROOT
from .zqpage import click_until, map_frame, map_state, open_app, sentence

N = tiled.THRESHOLD + 1
VIEW = (36.700, 117.535, 16)
PAINTED_JS = """() => { const pane = ZQ.map.getPane('zq-' + ZQ.layers.parcels.spec.z);
  const tiles = [...pane.querySelectorAll('canvas')];
  let pixels = 0;
  for (const c of tiles) { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) pixels++; }
  return {tiles: tiles.length, pixels}; }"""


@pytest.fixture(scope="module")
def tiled_app(start_app, tmp_path_factory):
    out = tmp_path_factory.mktemp("parcels")
    data, decl = write(N, out)
    url = start_app(REPO_ROOT / "serve.py", env={
        "ZQ_WORKSPACE": str(tmp_path_factory.mktemp("zq-workspace")), "ZQ_EXTRA_LAYERS": str(decl)})
    return url, pyogrio.read_dataframe(data)


def _wait_tiles(frame) -> None:
    frame.wait_for_function("() => { const e = ZQ.layers.parcels; return e && e.tiled && "
                            "ZQ.map.hasLayer(e.layer) && !e.layer.isLoading() && "
                            "Object.keys(e.layer._tiles).length > 0; }", timeout=60_000)


def test_filter_over_tiles_counts_exactly(page, tiled_app):
    url, parcels = tiled_app
    flt = FilterSet((CategoryFilter("dlbm", ("0103",)),))
    expected = int(flt.mask(parcels).sum())
    query = "&".join(f"{k}={v}" for k, v in flt.to_params().items())
    frame = open_app(page, f"{url}/?layers=parcels&v={VIEW[0]},{VIEW[1]},{VIEW[2]}&{query}")
    _wait_tiles(frame)
    frame.wait_for_function("n => Number(document.querySelector('.leaflet-container')"
                            ".dataset.zqShown) === n", arg=expected, timeout=30_000)
    assert f"{expected}/{N}" in sentence(page).inner_text().replace(",", "")
    painted = frame.evaluate(PAINTED_JS)
    assert painted["tiles"] >= 4 and painted["pixels"] > 1000, painted  # parcels on the canvases
    assert map_state(frame)["onMap"] == ["parcels"]
    page.get_by_role("tab", name="要素表").click()  # the table: one page, paged on the server
    caption = page.get_by_text("服务器分页")
    caption.wait_for(timeout=15_000)
    assert f"第 1–50 行，筛选后 {expected:,} / 共 {N:,} 个要素" in caption.inner_text()
    assert not page.external_requests
    assert page.js_errors == []


def test_click_a_parcel_shows_its_record(page, tiled_app):
    url, parcels = tiled_app
    frame = open_app(page, f"{url}/?layers=parcels&v={VIEW[0]},{VIEW[1]},{VIEW[2]}")
    _wait_tiles(frame)
    centre = shapely.Point(VIEW[1], VIEW[0])
    row = int(np.argmin(shapely.distance(parcels.geometry.values, centre)))
    inner = shapely.point_on_surface(parcels.geometry.values[row])
    pt = frame.evaluate("([lat, lng]) => ZQ.map.latLngToContainerPoint([lat, lng])",
                        [inner.y, inner.x])
    box = page.locator(COMPONENT_IFRAME).first.bounding_box()
    page.mouse.click(box["x"] + pt["x"], box["y"] + pt["y"])
    frame.wait_for_function("n => document.querySelector('.leaflet-container').dataset.zqRecord"
                            " === String(n)", arg=row, timeout=15_000)
    popup = frame.locator(".leaflet-popup-content").inner_text()
    assert parcels.bsm[row] in popup and parcels.dlmc[row] in popup
    record = page.get_by_test_id("stDataFrame").first  # the record pane below the map shows it too
    expect(record.locator("[role=gridcell]").filter(has_text=parcels.bsm[row]).first).to_be_attached(
        timeout=15_000)
    frame = map_frame(page)
    frame.evaluate("() => ZQ.map.closePopup()")
    # Hover: the declared tooltip fields of the parcel under the resting pointer, from the server
    page.mouse.move(box["x"] + pt["x"] + 2, box["y"] + pt["y"] + 1)
    frame.wait_for_function("n => document.querySelector('.leaflet-container').dataset.zqHover"
                            " === String(n)", arg=row, timeout=15_000)
    tip = frame.locator(".leaflet-tooltip.zq-tooltip").first.inner_text()
    assert f"#{row}" in tip and parcels.dlmc[row] in tip
    assert not page.external_requests
    assert page.js_errors == []


def test_export_of_a_big_layer_is_prepared_on_the_server(page, tiled_app, tmp_path):
    """Above 20,000 features the export is streamed to a file with a progress bar and downloaded
    from the app's own route (/exports/…), never held in the page."""
    url, parcels = tiled_app
    open_app(page, f"{url}/?tool=data&layers=parcels")
    page.get_by_text("导出数据").click()
    link = page.get_by_role("link", name=re.compile(r"下载 zhangqiu_parcels_.*\.geojson"))
    click_until(page, page.get_by_role("button", name=re.compile("准备文件")), link)
    expect(link).to_be_visible(timeout=120_000)
    href = link.get_attribute("href")
    assert href.startswith("/exports/") or "/exports/" in href
    got = page.request.get(href if href.startswith("http") else url + href)
    assert got.status == 200 and "attachment" in got.headers["content-disposition"]
    path = tmp_path / "out.geojson"
    path.write_bytes(got.body())
    assert pyogrio.read_info(path)["features"] == len(parcels)
    assert not page.external_requests
    assert page.js_errors == []

"""Filtering a tiled layer: same model and counts as inline; routes answer masks, records, pages."""

from __future__ import annotations

import gzip

import numpy as np
import pytest

from geo.filters import CategoryFilter, FilterSet, RangeFilter, TextFilter
from geo.tiles import bitmap
from layers import explorer as ex
from layers.tiled import URL_PREFIX

FILTERS = {
    "none": FilterSet(),
    "one code": FilterSet((CategoryFilter("dlbm", ("0103",)),)),
    "codes and accuracy": FilterSet((CategoryFilter("dlbm", ("0601", "0701")),
                                     CategoryFilter("accuracy", ("exact",)))),
    "not in": FilterSet((CategoryFilter("dlbm", ("0103", "0702"), exclude=True),)),
    "name": FilterSet((TextFilter(("name_zh",), "00012"),)),
    "no match": FilterSet((CategoryFilter("dlbm", ("9999",)),)),
}


@pytest.mark.parametrize("name", FILTERS)
def test_mask_over_tiles_equals_inline_mask(prepared, store, get, name):
    spec, frame, _, _ = prepared
    inline = ex.layer_masks({spec.id: frame}, [spec], FILTERS[name])[spec.id]
    token = store.publish(spec.id, inline)
    status, headers, body = get(f"{URL_PREFIX}/{spec.id}/mask/{token}.bin")
    assert status == 200 and "immutable" in headers["cache-control"]
    assert len(body) == (len(frame) + 7) // 8  # N/8 bytes whatever the filter: no geometry
    shown = bitmap.unpack(body, len(frame))
    assert shown.sum() == inline.sum() and (shown == inline).all()
    status, page = get.json(f"{URL_PREFIX}/{spec.id}/rows.json", f"mask={token}&limit=5")
    assert status == 200 and page["shown"] == int(inline.sum()) and page["total"] == len(frame)
    assert all(inline[row[0]] for row in page["rows"])


def test_bitmap_round_trip_and_token():
    mask = np.random.default_rng(3).random(1001) < 0.3
    data = bitmap.pack(mask)
    assert len(data) == 126 and (bitmap.unpack(data, 1001) == mask).all()
    assert bitmap.token("a", data) == bitmap.token("a", data) != bitmap.token("b", data)


def test_range_filter_counts_match_pandas(prepared):
    spec, frame, _, _ = prepared
    f = FilterSet((RangeFilter("tbmj_m2", 5000, 7000),))
    assert f.mask(frame).sum() == ((frame.tbmj_m2 >= 5000) & (frame.tbmj_m2 <= 7000)).sum()


def test_tile_route_serves_gzip_mvt_and_204_outside(prepared, get):
    spec, frame, info, root = prepared
    from tests.tiles.test_tiles_decode import _tile_at_centre

    x, y = _tile_at_centre(frame, info.maxzoom)
    status, headers, body = get(f"{URL_PREFIX}/{spec.id}/{info.maxzoom}/{x}/{y}.pbf")
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert headers["content-type"] == "application/vnd.mapbox-vector-tile"
    assert gzip.decompress(body)
    assert get(f"{URL_PREFIX}/{spec.id}/{info.maxzoom}/0/0.pbf")[0] == 204  # empty sea tile
    assert get(f"{URL_PREFIX}/{spec.id}/{info.minzoom - 1}/{x}/{y}.pbf")[0] == 204  # below rule
    assert get(f"{URL_PREFIX}/nope/{info.maxzoom}/{x}/{y}.pbf")[0] == 404
    assert get(f"{URL_PREFIX}/BAD..id/{info.maxzoom}/{x}/{y}.pbf")[0] == 404


def test_feature_record_by_id(prepared, get):
    spec, frame, _, _ = prepared
    status, rec = get.json(f"{URL_PREFIX}/{spec.id}/feature/42.json", "lang=en")
    assert status == 200 and rec["id"] == 42
    values = {f["name"]: f["value"] for f in rec["fields"]}
    assert values["bsm"] == frame.bsm[42] and values["tbmj_m2"] == pytest.approx(frame.tbmj_m2[42])
    labels = {f["name"]: f["label"] for f in rec["fields"]}
    assert labels["dlbm"] == "Land-use code"
    assert get(f"{URL_PREFIX}/{spec.id}/feature/{len(frame)}.json")[0] == 404
    assert get(f"{URL_PREFIX}/{spec.id}/mask/{'0' * 20}.bin")[0] == 404
    assert get(f"{URL_PREFIX}/{spec.id}/mask/<script>.bin")[0] == 404


def test_rows_page_sorts_and_pages_on_the_server(prepared, get):
    spec, frame, _, _ = prepared
    status, page = get.json(f"{URL_PREFIX}/{spec.id}/rows.json",
                            "sort=tbmj_m2&desc=1&offset=10&limit=20")
    assert status == 200 and len(page["rows"]) == 20 and page["shown"] == len(frame)
    col = [c["name"] for c in page["columns"]].index("tbmj_m2")
    expected = np.sort(frame.tbmj_m2.to_numpy())[::-1][10:30]
    assert [r[col] for r in page["rows"]] == pytest.approx(expected.tolist())
    _, big = get.json(f"{URL_PREFIX}/{spec.id}/rows.json", "limit=100000&sort=;DROP")
    assert len(big["rows"]) == 500 and big["sort"] is None


def test_identify_at_a_point_respects_the_mask(prepared, store, get):
    import shapely

    spec, frame, _, _ = prepared
    inner = shapely.point_on_surface(frame.geometry.values[123])
    q = f"lng={inner.x}&lat={inner.y}&z=16&lang=en"
    status, rec = get.json(f"{URL_PREFIX}/{spec.id}/at.json", q)
    assert status == 200 and rec["id"] == 123
    hidden = np.ones(len(frame), dtype=bool)
    hidden[123] = False
    token = store.publish(spec.id, hidden)
    assert get(f"{URL_PREFIX}/{spec.id}/at.json", q + f"&mask={token}")[0] == 404  # filtered out
    assert get(f"{URL_PREFIX}/{spec.id}/at.json", "lng=0&lat=0&z=16")[0] == 404  # nothing there
    assert get(f"{URL_PREFIX}/{spec.id}/at.json", "lng=x&lat=1&z=2")[0] == 400
    assert get(f"{URL_PREFIX}/{spec.id}/at.json", "lng=nan&lat=1&z=2")[0] == 404

"""Spatial filters through the page (AppTest): a link with f.@near / f.@inside restores the
filter, its widgets and the sentence, keeps it in the address, and draws a linked area; a name
search leaves the context layers drawn."""

from __future__ import annotations

from tests.test_app import caption, map_args, run

NEAR = "near:metro8_stations:*:2000"
AREA = "inside:117.38,36.66;117.42,36.66;117.42,36.69;117.38,36.69"


def _qp(at, key):
    v = at.query_params.get(key)
    return v[0] if isinstance(v, list) else v


def _select(at, key):
    return next(w for w in at.selectbox if w.key == key)


def test_link_with_near_restores_filter_widgets_sentence_and_link():
    at = run(**{"f.@near": NEAR})
    assert not at.exception
    assert _select(at, "flt.sp.kind").value == "near:metro8_stations"
    text = caption(at)
    assert "距8号线站点直线 ≤ 2 公里" in text
    assert "产业园区与平台 2/6" in text and "8号线站点 14/14" in text
    assert _qp(at, "f.@near") == NEAR  # a shared link keeps it
    at.radio(key="lang").set_value("en").run()  # a language switch keeps the chosen option
    assert _select(at, "flt.sp.kind").value == "near:metro8_stations"
    assert "within 2 km (straight line) of Line 8 station" in caption(at)


def test_link_with_a_feature_reference_names_it():
    at = run(**{"f.@near": "near:parks:0:1500"})
    assert not at.exception
    assert _select(at, "flt.sp.kind").value == "feature"
    assert "直线 ≤ 1.5 公里" in caption(at) and "产业园区与平台 · " in caption(at)
    assert _qp(at, "f.@near") == "near:parks:0:1500"


def test_link_with_an_area_restores_it_and_draws_it():
    at = run(**{"f.@inside": AREA})
    assert not at.exception
    assert _select(at, "flt.sp.kind").value == "inside"
    assert "位于地图上绘制的范围内" in caption(at)
    assert _qp(at, "f.@inside") == AREA
    args = map_args(at)
    assert "6 4" in args["script"] and "117.38" in args["script"], "the linked area is outlined"


def test_bad_spatial_link_is_reported_not_applied():
    at = run(**{"f.@near": "near:nowhere:*:2000", "f.@inside": "inside:117.5,36.7;117.51,36.7"})
    assert not at.exception
    assert len(at.warning) >= 2  # each parameter says why it was not applied
    assert "显示（全部要素）" in caption(at)


def test_name_search_keeps_the_context_drawn():
    at = run()
    at.text_input(key="flt.search").input("圣泉").run()
    text = caption(at)
    assert "企业 1/4" in text
    assert "8号线站点 14/14" in text and "轨道交通8号线 1/1" in text and "章丘区界 1/1" in text
    assert "不适用于" in text and "章丘区界" in text.split("不适用于")[1]

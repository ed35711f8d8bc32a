"""Scene framing declared in Python: every built-in highlight names a bundled feature, a lone
small feature keeps its surroundings (``min_span_km``), the explorer link of a fitted scene
carries its view, and labels rank plan layers above context (zq-labels.js reads ``labelRank``)."""

from __future__ import annotations

import math

import pytest

from layers.render import layer_js_spec
from layers.scenes import SceneFileError, check_view
from layers.scenes_builtin import shipped_scenes
from layers.scenes_map import compile_scene, explorer_view, highlight_rows


@pytest.mark.parametrize("k", range(11))
def test_every_highlight_of_a_built_in_scene_is_a_shown_feature(cat, frames, k):
    scene = shipped_scenes()[k]
    rows = highlight_rows(scene, frames)
    assert sum(len(v) for v in rows.values()) == len(scene.highlight), scene.id
    compiled = compile_scene(scene, frames, cat, "zh")
    for layer_id, found in compiled["highlight"].items():
        vis = compiled["visible"][layer_id]
        assert vis == "all" or set(found) <= set(vis), (scene.id, layer_id)


def test_the_scenes_whose_caption_names_features_highlight_them():
    named = {s.id for s in shipped_scenes() if s.highlight}
    # the overview lists kinds of features, 民生 has none drawn: every other scene highlights
    assert named == {s.id for s in shipped_scenes()} - {"overview", "action-livelihood"}


def test_a_lone_small_feature_keeps_its_surroundings(cat, frames):
    scene = next(s for s in shipped_scenes() if s.id == "action-projects")
    (s, w), (n, e) = compile_scene(scene, frames, cat, "zh")["view"]["bounds"]
    assert (n - s) * 111.32 >= 14 - 1e-6
    assert (e - w) * 111.32 * math.cos(math.radians((s + n) / 2)) >= 14 - 1e-6


def test_min_span_is_checked(cat):
    assert check_view({"fit": ["parks"], "min_span_km": 5}, cat) == {"fit": ["parks"], "min_span_km": 5.0}
    with pytest.raises(SceneFileError):
        check_view({"fit": ["parks"], "min_span_km": -1}, cat)


def test_the_explorer_link_of_a_fitted_scene_is_framed_on_it(cat, frames):
    scene = next(s for s in shipped_scenes() if s.id == "rural-zones")
    view = compile_scene(scene, frames, cat, "zh")["view"]
    lat, lng, zoom = explorer_view(view)
    (s, w), (n, e) = view["bounds"]
    assert s < lat < n and w < lng < e and isinstance(zoom, int)
    # a whole zoom more would not fit the 1100 x 700 px map
    span_px = (n - s) / 360 * 256 * 2 ** (zoom + 1) / math.cos(math.radians(lat))
    assert span_px > 700 * 0.9
    assert explorer_view({"center": [36.7, 117.5], "zoom": 13}) == (36.7, 117.5, 13)


def test_labels_of_plan_layers_rank_above_context(cat):
    rank = {s.id: layer_js_spec(s, "zh")["labelRank"] for s in cat.layers}
    assert rank["towns"] < min(rank[i] for i in ("parks", "firms", "projects", "rural"))
    assert rank["projects"] > rank["parks"]  # by z among the plan's layers

"""Spatial filters in saved scenes: a scene keeps f.@near / f.@inside through its file and the
workspace form, and its slide shows what the explorer shows."""

from __future__ import annotations

from layers import explorer as ex
from layers.scenes import dumps_scenes, loads_scenes
from layers.scenes_map import compile_scene
from layers.scenes_state import scene_from_state, scene_state

AREA = ((117.38, 36.66), (117.42, 36.66), (117.42, 36.69), (117.38, 36.69))


def _state(cat, *filters):
    return ex.ExplorerState(lang="zh", layers=("parks", "firms", "metro8_stations"),
                            filters=ex.FilterSet(filters))


def test_scene_round_trip_keeps_spatial_filters(cat, frames):
    for flt in (ex.NearFilter("metro8_stations", None, 2000.0), ex.NearFilter("parks", 0, 1500.0),
                ex.InsideFilter((AREA, tuple((x + 0.1, y) for x, y in AREA)))):
        scene = scene_from_state(_state(cat, flt), [], "t", "t")
        assert any(k.startswith("f.@") for k in scene.params)
        back, notes = loads_scenes(dumps_scenes([scene]), cat)
        assert notes == [] and back[0].params == scene.params
        assert scene_state(back[0], cat, "zh").filters == ex.FilterSet((flt,))


def test_scene_slide_applies_the_near_filter_like_the_explorer(cat, frames):
    flt = ex.NearFilter("metro8_stations", None, 2000.0)
    scene = scene_from_state(_state(cat, flt), [], "t", "t")
    slide = compile_scene(scene, frames, cat, "zh")
    specs = [cat.get(i) for i in ("parks", "firms", "metro8_stations")]
    masks = ex.layer_masks(frames, specs, ex.FilterSet((flt,)))
    assert slide["n"] == sum(int(m.sum()) for m in masks.values())
    assert len(slide["visible"]["parks"]) == 2 and slide["visible"]["metro8_stations"] == "all"
    assert "距8号线站点直线 ≤ 2 公里" in slide["detail"]

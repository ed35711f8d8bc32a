"""Scenes: the shipped set, checking of files and stored documents, persistence, links."""

from __future__ import annotations

import json

import numpy as np
import pytest

from data.catalog import ACTIONS
from layers import explorer as ex
from layers.scenes import (
    MAX_CAPTION,
    SceneFileError,
    dumps_scenes,
    load_scenes,
    loads_scenes,
    move,
    save_scenes,
    scene_from_dict,
    unique_ids,
)
from layers.scenes_builtin import shipped_scenes
from layers.scenes_map import compile_scene, highlight_rows
from layers.scenes_state import parse_scene_param, present_params, scene_from_state, scene_state
from layers.store import open_store
from layers.store.base import LOCAL

ZHANGQIU_BOX = (117.1, 36.4, 117.8, 37.1)  # w, s, e, n


def test_shipped_scenes_cover_the_issue():
    ids = [s.id for s in shipped_scenes()]
    assert ids[0] == "overview"
    assert len([i for i in ids if i.startswith("action-")]) == len(ACTIONS) == 6
    assert {"line8", "g309", "rural-zones", "parks-investors"} <= set(ids)
    assert len(ids) == len(set(ids)) == 11


@pytest.mark.parametrize("scene", shipped_scenes(), ids=lambda s: s.id)
def test_each_shipped_scene_is_valid_and_draws_inside_zhangqiu(scene, cat, frames):
    again, notes = scene_from_dict(scene.to_dict(), cat)
    assert notes == [] and again == scene, "a shipped scene must survive its own checks unchanged"
    assert scene.title_zh and scene.title_en and scene.caption_zh and scene.caption_en
    c = compile_scene(scene, frames, cat, "zh")
    assert c["n"] > 0
    (s, w), (n, e) = c["view"]["bounds"]
    assert ZHANGQIU_BOX[0] <= w < e <= ZHANGQIU_BOX[2] and ZHANGQIU_BOX[1] <= s < n <= ZHANGQIU_BOX[3]
    declared = {}
    for layer_id, _ in scene.highlight:
        declared[layer_id] = declared.get(layer_id, 0) + 1
    assert {k: len(v) for k, v in c["highlight"].items()} == declared, "every highlight id resolves"


@pytest.mark.parametrize("action", ACTIONS)
def test_action_scene_shows_only_that_action(action, cat, frames):
    scene = next(s for s in shipped_scenes() if s.title_zh.endswith(action))
    c = compile_scene(scene, frames, cat, "zh")
    for layer_id in ("parks", "firms", "projects", "rural"):
        vis = c["visible"][layer_id]
        rows = range(len(frames[layer_id])) if vis == "all" else vis
        assert all(frames[layer_id]["action"].iloc[r] == action for r in rows)
    assert c["visible"]["boundary"] == "all", "context layers are not filtered by action"


def test_livelihood_scene_has_no_plan_feature_and_still_has_a_view(cat, frames):
    scene = next(s for s in shipped_scenes() if s.id == "action-livelihood")
    c = compile_scene(scene, frames, cat, "en")
    assert all(c["visible"][i] == [] for i in ("parks", "firms", "projects", "rural"))
    assert "bounds" in c["view"] and "unlocated" in c["caption"]


def test_file_round_trip(cat):
    scenes = shipped_scenes()
    back, notes = loads_scenes(dumps_scenes(scenes), cat)
    assert back == scenes and notes == []


@pytest.mark.parametrize("data", [
    b"not json", b"\xff\xfe\x00garbage", b"[]", b'{"format": "other", "scenes": []}',
    b'{"format": "zq-scenes", "version": 99, "scenes": [{"id": "a"}]}',
    b'{"scenes": [{"id": "../../etc"}]}', b'{"scenes": [{"id": "a", "view": {"center": [1e999, 0]}}]}',
    b'{"scenes": [{"id": "a", "view": {"bounds": [[37, 118], [36, 117]]}}]}',
    b'{"scenes": [{"id": "a", "params": "layers=x"}]}', b"{" + b" " * 1_100_000 + b"}",
], ids=["text", "binary", "empty", "format", "version", "id", "nan", "bounds", "params", "large"])
def test_bad_files_are_refused_with_a_message(data, cat):
    with pytest.raises(SceneFileError) as err:
        loads_scenes(data, cat)
    assert err.value.zh and err.value.en


def test_unusable_parts_are_dropped_and_reported(cat):
    doc = {"scenes": [{"id": "x", "title_zh": "标题\x00\x07", "caption_en": "c" * 5000,
                       "params": {"layers": "parks,nope", "f.nope": "in:a", "evil": "1",
                                  "f.action": "in:%E5%B7%A5%E4%B8%9A%E5%BC%BA%E5%8C%BA%E5%8D%87%E7%BA%A7"},
                       "view": {"fit": ["parks", "nope"]}, "highlight": [["parks", "x"], ["nope", "y"], 5]}]}
    scenes, notes = loads_scenes(json.dumps(doc).encode(), cat)
    s = scenes[0]
    assert s.title_zh == "标题" and len(s.caption_en) == MAX_CAPTION
    assert s.params["layers"] == "parks" and "f.action" in s.params and "f.nope" not in s.params
    assert s.view == {"fit": ["parks"]} and s.highlight == (("parks", "x"),)
    assert any("evil" in n for n in notes) and any("f.nope" in n for n in notes)
    assert any("highlight" in n for n in notes)


def test_workspace_keeps_scenes_and_survives_a_bad_document(tmp_path, cat):
    ws = open_store(root=tmp_path)
    assert load_scenes(ws, cat) == shipped_scenes()
    edited = move(shipped_scenes()[:3], 2, -2)
    save_scenes(ws, edited, actor=LOCAL)
    assert [s.id for s in load_scenes(open_store(root=tmp_path), cat)] == ["action-projects", "overview",
                                                                     "action-industry"]
    ws.put("scenes", {"format": "zq-scenes", "scenes": "broken"}, actor=LOCAL)
    assert load_scenes(ws, cat) == shipped_scenes()


def test_save_current_view_reopens_the_same_state(cat, frames):
    params = {"lang": "en", "bm": "offline", "layers": "boundary,parks,firms",
              "f.action": "in:%E5%B7%A5%E4%B8%9A%E5%BC%BA%E5%8C%BA%E5%8D%87%E7%BA%A7",
              "v": "36.70000,117.50000,12"}
    state, _ = ex.state_from_params(params, cat)
    scene = scene_from_state(state, shipped_scenes(), "我的", "Mine", "说明", "caption",
                             (("parks", "china-crystal-valley"),))
    assert scene.id not in {s.id for s in shipped_scenes()}
    assert scene_state(scene, cat, "en") == state
    c = compile_scene(scene, frames, cat, "en")
    assert c["view"] == {"center": [36.7, 117.5], "zoom": 12}
    assert c["highlight"] == {"parks": highlight_rows(scene, frames)["parks"]}


def test_links_and_order_helpers():
    assert present_params(2, "zh") == {"mode": "present", "scene": "3", "lang": "zh"}
    assert [parse_scene_param(x, 11) for x in ("3", None, "0", "99", "x", "-4")] == [2, 0, 0, 10, 0, 0]
    s = shipped_scenes()
    assert [x.id for x in move(s, 0, 1)][:2] == ["action-industry", "overview"]
    assert move(s, 0, -5) == s and move(s, 50, 1) == s
    ids = [x.id for x in unique_ids([s[0], s[0], s[0]])]
    assert ids == ["overview", "overview-2", "overview-3"]


def test_compiled_view_is_shifted_for_a_gcj02_basemap(cat, frames):
    scene = shipped_scenes()[0]
    wgs = np.array(compile_scene(scene, frames, cat, "zh")["view"]["bounds"])
    gcj = np.array(compile_scene(scene, frames, cat, "zh", shift="gcj02")["view"]["bounds"])
    moved = np.hypot(*(gcj - wgs)[0])  # ~540 m near Zhangqiu (mostly east-west)
    assert 0.002 < moved < 0.01

"""app.py in presenter mode and the presenter panel, through Streamlit's AppTest (no browser)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from layers.registry import CATALOG
from layers.scenes import load_scenes
from layers.store import open_store

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("ZQ_WORKSPACE", str(tmp_path))
    return open_store(root=tmp_path)


def run(**params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    params.setdefault("tool", "present")  # the presenter panel is opened from the tools row
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def test_present_mode_is_only_the_map_with_the_slideshow(workspace):
    at = run(mode="present", scene="3", lang="en")
    assert not at.exception
    comps = at.get("component_instance")
    assert len(comps) == 1
    args = json.loads(comps[0].proto.json_args)
    assert any(u.endswith("/app/static/app/zq-slides.js") for u in args["js_links"])
    assert all(u.startswith("/app/static/") for u in args["js_links"] + args["css_links"])
    cfg = json.loads(re.search(r"ZQSlides\.init\([^,]+, (\{.*\})\);", args["script"]).group(1))
    assert cfg["start"] == 2 and cfg["mode"] == "present" and cfg["lang"] == "en"
    assert len(cfg["scenes"]) == 11 and cfg["scenes"][2]["title"] == "Action: Project push"
    assert not at.title and not at.sidebar.children, "no explorer page in presenter mode"
    css = "".join(m.value for m in at.markdown)
    assert 'header[data-testid="stHeader"]' in css and "100vh" in css


def test_panel_saves_the_current_view_as_a_scene(workspace):
    at = run(lang="zh", layers="boundary,parks", v="36.70000,117.50000,12")
    assert not at.exception
    at.text_input(key="pres.new.title_zh").input("我的场景")
    at.text_area(key="pres.new.caption_zh").input("说明文字")
    at.radio(key="pres.new.view").set_value("link")
    at.button(key="pres.new.save").click().run()
    assert not at.exception
    scenes = load_scenes(workspace, CATALOG)
    assert len(scenes) == 12 and scenes[-1].title_zh == "我的场景"
    assert scenes[-1].params["layers"] == "boundary,parks"
    assert scenes[-1].view == {"center": [36.7, 117.5], "zoom": 12}
    at.text_input(key="pres.new.title_zh").input("第二个")
    at.radio(key="pres.new.view").set_value("fit")
    at.button(key="pres.new.save").click().run()
    assert load_scenes(workspace, CATALOG)[-1].view == {"fit": ["parks"]}
    at.button(key="pres.go").click().run()
    assert at.query_params["mode"] in ("present", ["present"])

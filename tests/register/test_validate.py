"""The register's one validation: tiny cases with known answers (field, value, why, zh and en)."""

from __future__ import annotations

import pytest
from shapely.geometry import LineString, Point, Polygon

from layers.register.fields import COLUMNS, KINDS, STATUSES
from layers.register.validate import check, outside_m
from layers.vocab import VALUES_EN

# Inside the district: near the government seat of Mingshui; outside: Jinan's centre (~40 km west).
INSIDE = Point(117.533, 36.72)
OUTSIDE = Point(117.0, 36.66)
GOOD = {"name_zh": "测试项目", "action": "工业强区升级", "kind": "产业项目", "status": "在建",
        "source": "测试来源", "accuracy": "exact"}


def _why(raw, geom=INSIDE):
    return [(p.field, p.why) for p in check(raw, geom).problems]


def test_a_good_project_passes_and_is_normalised():
    res = check({**GOOD, "plan_year": "2024", "investment_yi": "1,234.5", "cluster": "新材料，生物医药",
                 "name_en": "  Test  "}, INSIDE)
    assert res.ok
    assert res.props["plan_year"] == 2024
    assert res.props["investment_yi"] == 1234.5
    assert res.props["cluster"] == "新材料;生物医药"
    assert res.props["name_en"] == "Test"
    assert res.props["town"] is None


@pytest.mark.parametrize("name", [c.name for c in COLUMNS if c.required])
def test_every_required_column_is_required(name):
    assert (name, "rg.err.required") in _why({**GOOD, name: "  "})


@pytest.mark.parametrize("raw, expected", [
    ({"plan_year": "1999"}, ("plan_year", "rg.err.year_range")),
    ({"plan_year": "2036"}, ("plan_year", "rg.err.year_range")),
    ({"plan_year": "2024.5"}, ("plan_year", "rg.err.year_format")),
    ({"plan_year": "next year"}, ("plan_year", "rg.err.number")),
    ({"investment_yi": "-0.1"}, ("investment_yi", "rg.err.negative")),
    ({"annual_investment_yi": "-3"}, ("annual_investment_yi", "rg.err.negative")),
    ({"investment_yi": "nan"}, ("investment_yi", "rg.err.number")),
    ({"investment_yi": "2", "annual_investment_yi": "3"}, ("annual_investment_yi", "rg.err.annual_gt_total")),
    ({"action": "招商引资"}, ("action", "rg.err.choice")),
    ({"cluster": "新材料;航天"}, ("cluster", "rg.err.choice")),
    ({"accuracy": "rough"}, ("accuracy", "rg.err.choice")),
    ({"town": "历下区"}, ("town", "rg.err.choice")),
])
def test_refused_values(raw, expected):
    assert _why({**GOOD, **raw}) == [expected]


@pytest.mark.parametrize("raw, field, value", [
    ({"action": "Industrial upgrading"}, "action", "工业强区升级"),
    ({"accuracy": "近似"}, "accuracy", "approximate"),
    ({"status": "under construction"}, "status", "在建"),
    ({"town": "Mingshui Subdistrict"}, "town", "明水街道"),
    ({"town": "垛庄镇"}, "town", "垛庄镇"),
    ({"plan_year": 2030.0}, "plan_year", 2030),
    ({"investment_yi": 0}, "investment_yi", 0.0),
])
def test_labels_in_either_language_become_canonical_values(raw, field, value):
    res = check({**GOOD, **raw}, INSIDE)
    assert res.ok and res.props[field] == value


def test_every_choice_has_an_english_label():
    for col in COLUMNS:
        for value in col.choices:
            assert value in VALUES_EN, (col.name, value)
    assert set(KINDS) <= set(VALUES_EN) and set(STATUSES) <= set(VALUES_EN)


def test_every_problem_listed_at_once_with_messages_in_both_languages():
    res = check({"name_zh": "", "action": "x", "kind": "产业项目", "status": "在建", "accuracy": "exact",
                 "source": "s", "investment_yi": "-1"}, OUTSIDE)
    assert [p.field for p in res.problems] == ["name_zh", "action", "investment_yi", "geometry"]
    msg_zh, msg_en = res.problems[2].message("zh"), res.problems[2].message("en")
    assert msg_zh == "总投资：-1——不能小于 0"
    assert msg_en == "Total investment: -1 - may not be below 0"
    assert "区界以外" in res.problems[3].message("zh")
    assert "outside the Zhangqiu district" in res.problems[3].message("en")


def test_outside_the_district_only_with_a_reason():
    assert _why(GOOD, OUTSIDE) == [("geometry", "rg.err.outside")]
    assert check({**GOOD, "override_reason": "济南市区的合作项目"}, OUTSIDE).ok


def test_distance_outside_is_measured_in_metres_in_gk():
    assert outside_m(INSIDE) == 0.0
    # a line from inside to 40 km west: its far end decides
    assert outside_m(LineString([INSIDE, OUTSIDE])) == pytest.approx(outside_m(OUTSIDE))
    assert 20_000 < outside_m(OUTSIDE) < 60_000


@pytest.mark.parametrize("geom, why", [
    (Point(500000, 4060000), "rg.err.geom_degrees"),  # projected metres given as degrees
    (Polygon([(117.5, 36.7), (117.52, 36.72), (117.52, 36.7), (117.5, 36.72)]), "rg.err.geom_invalid"),
    (Polygon(), "rg.err.geom_empty"),
])
def test_bad_geometries(geom, why):
    assert _why(GOOD, geom) == [("geometry", why)]


def test_lines_polygons_and_unlocated_projects_are_accepted():
    square = Polygon([(117.52, 36.70), (117.54, 36.70), (117.54, 36.72), (117.52, 36.72)])
    assert check(GOOD, square).ok
    assert check(GOOD, LineString([(117.52, 36.70), (117.54, 36.71)])).ok
    assert check(GOOD, None).ok


def test_other_keys_are_kept():
    assert check({**GOOD, "note_zh": "说明"}, INSIDE).props["note_zh"] == "说明"

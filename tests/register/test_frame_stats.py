"""The register as the map's projects layer, and its counts beside the published totals."""

from __future__ import annotations

from shapely.geometry import Point, Polygon

from layers.load import load_plan_totals
from layers.register import frame as rf
from layers.register import service, stats
from layers.registry import CATALOG
from layers.store.base import FeatureRow

SPEC = rf.register_spec(CATALOG.get("projects"))


def _rows():
    seeded = service.seed_rows()
    rows = [FeatureRow("projects", i + 1, 1, p, g) for i, (p, g) in enumerate(seeded)]
    extra = {**seeded[0][0], "name_zh": "区外合作项目", "investment_yi": None}
    square = Polygon([(117.52, 36.70), (117.54, 36.70), (117.54, 36.72), (117.52, 36.72)])
    return rows + [FeatureRow("projects", 5, 2, extra, square), FeatureRow("projects", 7, 1, extra, None)]


def test_the_seed_is_the_bundled_projects_with_source_and_accuracy():
    rows = service.seed_rows()
    assert [p["name_zh"] for p, _ in rows] == ["华润雪花啤酒项目", "明水古城"]
    assert all(p["source"] and p["accuracy"] for p, _ in rows)
    assert [g.coords[0] for _, g in rows] == [(117.545, 36.68), (117.533, 36.72)]


def test_the_register_spec_is_the_bundled_one_widened():
    assert SPEC.id == "projects" and SPEC.has("register")
    assert {"Point", "LineString", "Polygon"} <= set(SPEC.geometry_types)
    assert [f.name for f in SPEC.fields][-3:] == ["annual_investment_yi", "town", "override_reason"]
    cat = rf.with_register(CATALOG)
    assert cat.get("projects") == SPEC and cat.get("firms") == CATALOG.get("firms")
    assert rf.register_layer_id(cat) == "projects"


def test_the_frame_holds_the_located_projects_by_fid():
    gdf = rf.frame(SPEC, _rows())
    assert list(gdf["fid"]) == [1, 2, 5]
    assert gdf.crs == "EPSG:4326"
    assert {f.name for f in SPEC.fields} <= set(gdf.columns)
    assert gdf["investment_yi"].dtype.kind == "f" and gdf["plan_year"].dtype.kind in "fi"
    assert list(gdf.geom_type) == ["Point", "Point", "Polygon"]


def test_an_empty_register_is_an_empty_layer():
    gdf = rf.frame(SPEC, [])
    assert len(gdf) == 0 and {f.name for f in SPEC.fields} <= set(gdf.columns)


def test_signature_changes_with_a_save():
    rows = _rows()
    saved = [*rows[:-1], FeatureRow("projects", 7, 2, rows[-1].props, Point(117.5, 36.7))]
    assert rf.signature(rows) != rf.signature(saved)


def test_summary_counts_the_register_beside_the_published_totals():
    s = stats.summary(_rows(), load_plan_totals())
    assert (s.n, s.located, s.invest_known, s.invest_sum) == (4, 3, 1, 16.7)
    assert (s.published_n, s.published_invest) == (78, 548.5)
    assert s.text("zh").startswith("重点项目库：共 4 个项目，已定位 3 个（规划全年 78 个）")
    assert "1 state a total investment, together 16.7" in s.text("en")

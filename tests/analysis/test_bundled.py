"""Analysis on the bundled data: sourced park links, honest areas and distances, statistics
that follow the filters, spatial filters with their wording, the map add-ons."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from layers import analysis as an
from layers import analysis_map as am
from layers import analysis_parks as ap
from layers import analysis_stats as ast_
from layers.load import load_plan_totals


def park_idx(data, pid: str) -> int:
    return int(np.flatnonzero(data["parks"]["id"] == pid)[0])


def card_dict(data, pid, lang="zh") -> dict:
    return dict(ap.card(data, park_idx(data, pid), lang))


def test_park_links_come_from_sources(data):
    hosted = {(lid, r["id"]) for lid, r in ap.hosted(data, "明水经济技术开发区")}
    assert hosted == {("firms", "sinotruk"), ("firms", "shengquan"), ("firms", "iraeta"),
                      ("projects", "cr-snow-brewery"), ("parks", "china-crystal-valley")}
    for lid, row in ap.hosted(data, "明水经济技术开发区"):
        assert row["park_source"].startswith("http"), (lid, row["id"])
    assert {r["id"] for _, r in ap.hosted(data, "伊莱特核电深海工程高端装备科创产业园")} == {"iraeta"}
    assert ap.hosted(data, "山东大学龙山校区(创新港)") == []  # nothing is inferred from position


def test_card_areas_are_computed_stated_or_labelled(data):
    sdu = card_dict(data, "sdu-longshan")["面积"]
    assert "按近似范围计算" in sdu and "来源数据：547 公顷（8,205 亩）" in sdu
    corridor = card_dict(data, "qilu-corridor")["面积"]
    assert "示意" in corridor and "不是园区实际面积" in corridor
    assert card_dict(data, "aerospace-univ")["面积"].startswith("来源数据：51.27 公顷（769 亩）")
    assert card_dict(data, "mingshui-etdz")["面积"].startswith("未公布")
    en = card_dict(data, "mingshui-etdz", "en")
    assert "Sinotruk" in en["Firms (sourced)"] or "中国重汽" in en["Firms (sourced)"]
    assert en["Spatial relation (not tenancy)"].startswith("The park is a representative point")


def test_card_distances_name_the_station_and_say_straight_line(data):
    c = card_dict(data, "aerospace-univ")
    # the university's point has no stated error radius: the distance says the error is unknown
    assert re.match(r"^\S+站 ≈ [\d,]+ m（[\d.]+ km，直线，位置误差未知）$", c["距8号线站点（直线）"])
    assert "至示意代表点" in card_dict(data, "mingshui-etdz")["距区政府（直线）"]
    assert card_dict(data, "sdu-longshan")["距山东大学龙山校区（直线）"].startswith("0 m")


def test_printable_card_is_escaped_and_offline(data):
    rows = ap.card(data, 0, "zh") + [("<script>", "<img src=x onerror=alert(1)>")]
    page = ap.card_html(rows, "名片 <b>", "zh")
    assert "<script>" not in page and "&lt;script&gt;" in page and "<img" not in page
    assert "@media print" in page
    assert not re.search(r"(src|href)=\"?(https?:)?//", page)


def test_comparison_puts_parks_side_by_side(data):
    table = ap.compare(data, [park_idx(data, "mingshui-etdz"), park_idx(data, "sdu-longshan")], "en")
    assert list(table.columns)[0] == "Item" and len(table.columns) == 3
    assert "Area" in table["Item"].tolist()


def test_ranking_for_new_materials_on_the_bundled_data(data):
    table = ap.ranking(data, "新材料", "zh")
    assert table.iloc[0]["园区"] == "明水经济技术开发区"
    assert table.iloc[0]["有来源的相关企业/项目"] == 2  # 圣泉 (skdv) and 中国晶谷 (reportify)
    assert table["理由"].str.contains("直线").all()


def test_statistics_follow_the_filters_and_never_total_unknowns(data):
    items = ast_.plan_items(data)
    assert len(items) == 13  # 三涧溪村 is context: the plan does not name it
    by_town = ast_.by(items, "town", "zh")
    assert by_town.columns[0] == "街道/镇（按驻地，无行政边界）"
    invest = ast_.by(items, "action", "zh").set_index("六大行动")["投资（来源数据）"]
    assert re.match(r"^1/\d+ 项有来源数据：16\.7", invest["工业强区升级"])  # only 华润雪花 is known
    food = ast_.by(items, "cluster", "zh").set_index("产业集群")["投资（来源数据）"]
    assert food["食品饮料"] == "16.7 亿元"  # 华润雪花 alone (明水经开区 has no cluster in the article)
    masks = {lid: np.zeros(len(data[lid]), dtype=bool) for lid in an.item_layers()}
    masks["projects"][:] = True
    shown = ast_.plan_items(data, masks)
    assert set(shown["layer"]) == {"projects"} and len(shown) == 2
    assert ast_.stated_sum(pd.Series([370.0, np.nan])) == (1, 2, None)
    assert ast_.stated_sum(pd.Series([1.0, 2.0])) == (2, 2, 3.0)
    text = ast_.coverage(data, load_plan_totals(), "zh")
    assert "78" in text and "不能一一对应" in text


def test_a_feature_spanning_several_towns_is_counted_as_spanning_them(data):
    """No nearest-seat tie: an outline holding several seats counts once under 跨街道/镇, with
    the seats it holds; a schematic point is not assigned; every row says how it counts."""
    items = ast_.plan_items(data).set_index("name_zh")
    assert items.loc["齐鲁科创大走廊(章丘段)", "town"] == "跨街道/镇"
    assert items.loc["“齐鲁古道·山水新章”泉韵乡居示范区", "town"] == "跨街道/镇"
    assert "双山、圣井、官庄" in items.loc["齐鲁科创大走廊(章丘段)", "town_how_zh"]
    assert "双山、文祖" in items.loc["“齐鲁古道·山水新章”泉韵乡居示范区", "town_how_zh"]
    assert items.loc["明水经济技术开发区", "town"] == "位置示意，未归属"
    assert items.loc["山东大学龙山校区(创新港)", "town"] == "圣井街道"  # its box holds that seat
    table = ast_.by(ast_.plan_items(data), "town", "en").set_index("Subdistrict/town (by seat; no boundaries)")
    row = table.loc["Several subdistricts/towns"]
    assert row["Count"] == 2 and "holds the seats of Shuangshan" in row["How counted"]
    assert table["How counted"].str.len().gt(0).all()
    assert "Shengjing Subdistrict" in table.index  # town names in English
    assert table["Count"].sum() == len(ast_.plan_items(data))  # each item counted once


def test_spatial_filter_masks_and_wording(data):
    from geo.filters import FilterSet, InsideFilter, NearFilter
    from layers import explorer as ex
    from layers.registry import CATALOG

    flt, _ = ex.bind_filters(FilterSet((NearFilter("metro8_stations", None, 2000.0),)), data, CATALOG)
    specs = list(CATALOG.layers)
    applied = {s.id for s in specs if flt.for_layer(s).filters}
    assert "boundary" not in applied and "metro8_stations" not in applied
    masks = ex.layer_masks(data, specs, flt)
    kept = set(data["parks"]["id"][masks["parks"]])
    assert kept == {"sdu-longshan", "qilu-corridor"}
    zh, en = flt.describe("zh"), flt.describe("en")
    assert "直线 ≤ 2 公里" in zh and "within 2 km (straight line)" in en
    sdu = data["parks"].iloc[park_idx(data, "sdu-longshan")].geometry
    inside = FilterSet((InsideFilter((tuple(sdu.exterior.coords),)),))
    masks = ex.layer_masks(data, [CATALOG.get("metro8_stations")], inside)
    assert set(data["metro8_stations"]["name_zh"][masks["metro8_stations"]]) == {"山东大学站"}


def test_proximity_is_cached_per_frame(data):
    assert an.proximity(data, "firms") is an.proximity(data, "firms")


def test_map_extras_render_offline_with_distance_tips(data):
    import folium

    from layers.map.offline import offline_map

    m = offline_map(location=[36.7, 117.5], zoom_start=10)
    for e in am.extras(data, "zh"):
        e.add_to(m)
    html = m.get_root().render()
    assert "/app/static/app/zq-analysis.js" in html and "ZQA.init(" in html
    assert "leaflet-draw@1.0.2" in html and "cdnjs" not in html
    assert "直线" in html and isinstance(m, folium.Map)
    tips = am.tooltip_rows(data, "en")
    assert set(tips) == {"parks", "firms", "projects", "rural"}
    assert all(len(r) == len(tips["firms"]["labels"]) for r in tips["firms"]["rows"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_proximity_display_columns(data, lang):
    table = an.proximity_display(data, "projects", lang)
    assert len(table) == 2 and len(table.columns) == 6

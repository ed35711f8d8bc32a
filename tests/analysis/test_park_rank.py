"""'Which park fits my industry?' on a hand-made fixture with a known order."""

from __future__ import annotations

import math

from geo.park_rank import Hosted, ParkFacts, mean_distance_km, rank_parks

LABELS = {"metro": ("8号线站点", "Line 8 station"), "g309": ("国道309", "G309")}
NM = "新材料"


def fixture() -> list[ParkFacts]:
    return [
        ParkFacts("A（两家新材料企业，远）", frozenset({NM}),
                  (Hosted("甲", "firm", frozenset({NM})), Hosted("乙", "project", frozenset({NM, "食品饮料"}))),
                  {"metro": 9000.0, "g309": 5000.0}),
        ParkFacts("B（一家，近）", frozenset(), (Hosted("丙", "firm", frozenset({NM})),),
                  {"metro": 1000.0, "g309": 1000.0}),
        ParkFacts("C（规划方向含新材料，无企业）", frozenset({NM}), (Hosted("丁", "firm", frozenset({"交通装备"})),),
                  {"metro": 20000.0, "g309": 20000.0}),
        ParkFacts("D（无关，近）", frozenset(), (), {"metro": 500.0, "g309": math.nan}),
        ParkFacts("E（无关，同样近）", frozenset(), (), {"metro": 500.0}),
        ParkFacts("F（无距离）", frozenset(), (), {}),
    ]


def test_ranking_order_and_ties():
    ranked = rank_parks(fixture(), NM, LABELS, "New materials")
    assert [r.name[0] for r in ranked] == ["A", "B", "C", "D", "E", "F"]
    assert [r.rank for r in ranked] == [1, 2, 3, 4, 4, 6]  # D and E tie (same hosts, same 0.5 km)
    assert [len(r.hosted) for r in ranked] == [2, 1, 0, 0, 0, 0]
    assert ranked[0].mean_km == 7.0 and ranked[1].mean_km == 1.0
    assert math.isinf(ranked[-1].mean_km)


def test_each_rank_says_why():
    ranked = rank_parks(fixture(), NM, LABELS, "New materials")
    a_zh = [zh for zh, _ in ranked[0].reasons]
    assert a_zh[0] == "有来源表明园区内有2个新材料企业/项目：甲、乙"
    assert "园区产业方向含新材料（规划/来源）" in a_zh
    assert "距8号线站点 ≈ 9,000 m（9.0 km，直线）" in a_zh  # issue 9.6: metres
    c_en = [en for _, en in ranked[2].reasons]
    assert c_en[0] == "No source places a New materials firm or project in the park"
    assert "The park's stated industries include New materials" in c_en


def test_mean_distance_ignores_unknown():
    assert mean_distance_km({"a": 1000.0, "b": math.nan}, ("a", "b", "c")) == 1.0
    assert math.isinf(mean_distance_km({}, ("a",)))

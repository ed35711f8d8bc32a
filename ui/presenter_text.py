"""UI strings of presenter mode (zh, en).  ``tr(key, lang, **fmt)``."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "title": ("演示模式与会议导出", "Presenter mode & meeting exports"),
    "help": ("场景 = 视图 + 底图 + 图层 + 筛选 + 高亮要素 + 说明文字。演示时地图全屏，用方向键、PageUp/PageDown"
             "（翻页笔）或屏幕按钮翻页；B 键黑屏。",
             "A scene = view + basemap + layers + filters + highlighted features + caption. The show is "
             "full screen; step with the arrow keys, PageUp/PageDown (clickers) or the on-screen buttons; B blanks the screen."),
    "start_at": ("从此场景开始", "Start at scene"),
    "start": ("▶ 开始演示", "▶ Start the slideshow"),
    "permalink": ("演示链接（可分享）：", "Slideshow link (shareable):"),
    "explore_link": ("在浏览模式打开此场景：", "Open this scene in the explorer:"),
    "tab_scenes": ("场景列表", "Scenes"),
    "tab_new": ("保存当前视图", "Save current view"),
    "tab_file": ("导入/导出场景", "Import / export scenes"),
    "tab_export": ("会议导出", "Meeting exports"),
    "col_title": ("标题", "Title"),
    "col_caption": ("说明", "Caption"),
    "edit": ("编辑场景", "Edit scene"),
    "title_zh": ("标题（中文）", "Title (Chinese)"),
    "title_en": ("标题（英文）", "Title (English)"),
    "caption_zh": ("说明（中文）", "Caption (Chinese)"),
    "caption_en": ("说明（英文）", "Caption (English)"),
    "save_edit": ("保存修改", "Save changes"),
    "up": ("↑ 上移", "↑ Up"),
    "down": ("↓ 下移", "↓ Down"),
    "delete": ("删除场景", "Delete scene"),
    "reset": ("恢复为内置场景", "Restore the shipped scenes"),
    "saved": ("已保存。", "Saved."),
    "highlight": ("高亮要素", "Highlighted features"),
    "new_save": ("保存为新场景", "Save as a new scene"),
    "new_help": ("记录当前的图层、筛选、底图、高亮要素，以及视图：适配显示的要素，或页面链接中的 v=（打开链接时的视图）。",
                 "Records the current layers, filters, basemap, highlights and a view: fit the shown "
                 "features, or the link's v= (the view the page was opened with)."),
    "view_how": ("场景视图", "Scene view"),
    "view_fit": ("适配显示的要素（推荐：适应任何屏幕）", "Fit the shown features (recommended: any screen)"),
    "view_link": ("地图当前视图（先点地图左上角 ◎ 记录，或点击任一要素）",
                  "The current map view (press ◎ at the map's top left, or click a feature, first)"),
    "need_title": ("请填写标题。", "Please give a title."),
    "download_scenes": ("下载场景文件（JSON）", "Download the scenes (JSON)"),
    "upload": ("导入场景文件", "Import a scenes file"),
    "import_mode": ("导入方式", "How to import"),
    "replace": ("替换现有场景", "Replace the scenes"),
    "append": ("追加到末尾", "Append"),
    "do_import": ("导入", "Import"),
    "imported": ("已导入 {n} 个场景。", "{n} scenes imported."),
    "import_notes": ("以下内容无法使用，已忽略：", "Not usable, ignored: "),
    "html_what": ("交互式HTML（单文件，离线可用）", "Interactive HTML (one file, works offline)"),
    "html_current": ("当前视图", "Current view"),
    "html_show": ("整套演示（全部场景）", "The whole slideshow"),
    "html_download": ("下载 HTML：{file}", "Download HTML: {file}"),
    "html_note": ("文件内含全部脚本、样式与数据，双击即可在无网络的电脑上打开；使用离线底图。",
                  "All scripts, styles and data are inside: double-click it on a laptop with no network. "
                  "Uses the offline basemap."),
    "static_what": ("专题图（PNG 300 dpi / PDF）", "Thematic map (PNG 300 dpi / PDF)"),
    "static_of": ("内容", "Content"),
    "paper": ("纸张（横向）", "Paper (landscape)"),
    "format": ("格式", "Format"),
    "map_title": ("图名", "Map title"),
    "static_download": ("下载专题图：{file}", "Download the map: {file}"),
    "current_title": ("章丘区规划要素图", "Zhangqiu plan map"),
    "present_failed": ("演示无法打开，请返回浏览模式。", "The slideshow could not open; go back to the explorer."),
    "back": ("返回浏览模式", "Back to the explorer"),
    "scene_n": ("场景 {n}", "Scene {n}"),
    "bm_what": ("离线底图包（自带底图）", "Offline basemap packages (bring your own)"),
    "bm_help": ("把 MBTiles / PMTiles 文件或 z/x/y 瓦片文件夹（栅格或矢量，如 QGIS 导出）放入 {folder}"
                "（环境变量 ZQ_BASEMAPS），或在此上传文件；底图由本应用自身的服务器提供"
                "（以 `streamlit run serve.py` 启动），并出现在底图列表中。",
                "Put MBTiles / PMTiles files or z/x/y tile folders (raster or vector, e.g. exported "
                "from QGIS) into {folder} (environment variable ZQ_BASEMAPS), or upload a file here; "
                "the app's own server serves them (start it with `streamlit run serve.py`) and they "
                "appear in the basemap list."),
    "bm_none": ("尚无底图包。", "No basemap package yet."),
    "bm_row": ("{name}：{kind}，{ext}，缩放 {z0}–{z1}；来源：{attr}",
               "{name}: {kind}, {ext}, zoom {z0}–{z1}; source: {attr}"),
    "bm_bad": ("无法读取：{names}", "Not readable: {names}"),
    "bm_upload": ("上传底图包（.mbtiles / .pmtiles）", "Upload a package (.mbtiles / .pmtiles)"),
    "bm_added": ("已添加底图包：{name}", "Package added: {name}"),
    "bm_failed": ("无法添加：{why}", "Could not add it: {why}"),
    "html_basemap": ("导出文件的底图", "Basemap of the exported file"),
    "html_bm_offline": ("离线底图（区界与驻地）", "Offline (district & seats)"),
    "html_place": ("底图瓦片", "Basemap tiles"),
    "html_inline": ("内嵌在 HTML 中（单文件）", "Inlined in the HTML (one file)"),
    "html_beside": ("放在 HTML 旁边（zip：HTML + tiles 文件夹）", "Beside the HTML (zip: HTML + tiles folder)"),
    "html_zip": ("下载 zip：{file}", "Download the zip: {file}"),
}


def tr(key: str, lang: str, **fmt: object) -> str:
    zh, en = STRINGS[key]
    text = zh if lang == "zh" else en
    return text.format(**fmt) if fmt else text

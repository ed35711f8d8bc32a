"""Words of the import and export panels, in Chinese and English: ``tr(key, lang, **fmt)``."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    # import
    "imp_title": ("导入数据", "Import data"),
    "imp_help": ("支持 GeoJSON、Shapefile（zip）、GeoPackage、KML/KMZ、FlatGeobuf、CSV、Excel。"
                 "文件在隔离进程中读取；原文件原样保存在工作区。",
                 "GeoJSON, Shapefile (zip), GeoPackage, KML/KMZ, FlatGeobuf, CSV and Excel. Files "
                 "are parsed in an isolated process; the original is kept unchanged in the workspace."),
    "imp_file": ("选择文件", "Choose a file"),
    "imp_bad_ext": ("不支持的文件类型。可用：{types}", "Unsupported file type. Supported: {types}"),
    "imp_reading": ("正在读取文件…", "Reading the file…"),
    "imp_failed": ("无法读取该文件：{why}", "This file cannot be read: {why}"),
    "imp_encoding": ("文字编码", "Text encoding"),
    "imp_encoding_pick": ("文件没有说明文字编码：请选择（看下方样例中的中文是否正常）",
                          "The file does not say its text encoding: choose one (check that the "
                          "Chinese in the sample below reads correctly)"),
    "imp_detected": ("{enc}（自动检测结果）", "{enc} (detected)"),
    "imp_encoding_is": ("文字编码：{enc}", "Text encoding: {enc}"),
    "imp_crs": ("坐标系", "Coordinate reference system"),
    "imp_crs_pick": ("文件没有说明坐标系（或与坐标矛盾）：请选择，不会自动假定",
                     "The file does not say its CRS (or contradicts its coordinates): choose one; "
                     "nothing is assumed"),
    "imp_crs_is": ("坐标系：{crs}", "CRS: {crs}"),
    "imp_crs_override": ("坐标系不对？手动指定", "Wrong CRS? Choose it yourself"),
    "imp_crs_other": ("其他 EPSG 代码…", "Other EPSG code…"),
    "imp_epsg": ("EPSG 代码（数字）", "EPSG code (digits)"),
    "imp_epsg_bad": ("EPSG 代码应为 4–6 位数字", "An EPSG code is 4–6 digits"),
    "imp_choose_first": ("请先选择上面的文字编码和坐标系，才能预览和添加。",
                         "Choose the text encoding and CRS above first; then the preview and "
                         "“add” appear."),
    "imp_placeholder": ("请选择…", "Choose…"),
    "imp_preview": ("预览", "Preview"),
    "imp_counts": ("要素：{n} 个可用，{dropped} 个被删除；几何类型：{types}",
                   "Features: {n} usable, {dropped} dropped; geometry types: {types}"),
    "imp_preview_cut": ("地图预览只画前 {n} 个要素。", "The preview map draws the first {n} features only."),
    "imp_sample": ("样例（前 20 行）", "Sample (first 20 rows)"),
    "imp_report": ("检查报告", "Check report"),
    "imp_steps": ("各步骤后的要素数", "Features after each step"),
    "imp_dropped": ("被删除的行", "Dropped rows"),
    "imp_renamed": ("改名的列", "Renamed columns"),
    "imp_repaired": ("已修复的几何", "Repaired geometries"),
    "imp_add_title": ("添加为图层", "Add as a layer"),
    "imp_name_zh": ("图层名称（中文）", "Layer name (Chinese)"),
    "imp_name_en": ("图层名称（英文）", "Layer name (English)"),
    "imp_color": ("颜色", "Colour"),
    "imp_name_col": ("名称字段（用作标题与搜索）", "Name column (title and search)"),
    "imp_none": ("（无）", "(none)"),
    "imp_tooltip": ("提示框显示的字段", "Fields in the tooltip"),
    "imp_filters": ("可筛选的字段", "Filterable fields"),
    "imp_fields": ("字段标签与类型（可修改）", "Field labels and kinds (editable)"),
    "imp_col": ("字段", "Column"),
    "imp_label_zh": ("中文标签", "Chinese label"),
    "imp_label_en": ("英文标签", "English label"),
    "imp_kind": ("类型", "Kind"),
    "imp_accuracy": ("位置精度（文件无此列时）", "Positional accuracy (if the file has no such column)"),
    "imp_accuracy_m": ("误差半径（米，可不填）", "Error radius (m, optional)"),
    "imp_add": ("添加为图层", "Add as layer"),
    "imp_added": ("已添加图层“{name}”（{n} 个要素），已在图层目录的“导入图层”中打开。",
                  "Added layer “{name}” ({n} features); it is switched on under “Imported layers”."),
    "imp_add_failed": ("添加失败：{why}", "Adding failed: {why}"),
    "imp_layers": ("已导入的图层", "Imported layers"),
    "imp_remove": ("删除", "Remove"),
    "imp_remove_confirm": ("确定删除图层“{name}”？该图层与其原始文件将从工作区删除，无法恢复。",
                           "Remove layer “{name}”? It and its original file are deleted from the "
                           "workspace; this cannot be undone."),
    "imp_remove_yes": ("确认删除", "Yes, remove"),
    "imp_remove_no": ("取消", "Cancel"),
    "imp_removed": ("已删除图层“{name}”。", "Removed layer “{name}”."),
    # export
    "exp_title": ("导出数据", "Export data"),
    "exp_help": ("导出当前筛选后的要素（所有属性），可选格式与坐标系。",
                 "Exports the features as filtered (every attribute), in the format and CRS you choose."),
    "exp_layer": ("图层", "Layer"),
    "exp_format": ("格式", "Format"),
    "exp_crs": ("坐标系", "CRS"),
    "exp_count": ("将导出 {n} / {total} 个要素。", "{n} of {total} features will be exported."),
    "exp_none": ("当前筛选下没有要素可导出。", "No feature to export under the current filters."),
    "exp_no_layer": ("没有打开任何图层。", "No layer is switched on."),
    "exp_download": ("下载 {file}", "Download {file}"),
}

FORMAT_LABELS: dict[str, tuple[str, str]] = {
    "geojson": ("GeoJSON", "GeoJSON"),
    "gpkg": ("GeoPackage（.gpkg）", "GeoPackage (.gpkg)"),
    "shp": ("Shapefile（zip）", "Shapefile (zip)"),
    "csv": ("CSV（WKT 几何列）", "CSV (WKT geometry)"),
    "csv_lonlat": ("CSV（经度、纬度两列，仅点）", "CSV (lon/lat columns, points only)"),
    "kml": ("KML", "KML"),
}

KIND_LABELS: dict[str, tuple[str, str]] = {
    "category": ("分类", "category"), "number": ("数值", "number"),
    "year": ("年份", "year"), "text": ("文本", "text"),
}


def tr(key: str, lang: str, **fmt: object) -> str:
    zh, en = TEXT[key]
    text = zh if lang == "zh" else en
    return text.format(**fmt) if fmt else text


def pick_pair(pair: tuple[str, str] | list[str], lang: str) -> str:
    return pair[0] if lang == "zh" else pair[1]

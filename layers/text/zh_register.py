"""重点项目库的文字（layers/register、ui/register）。"""

TEXT: dict[str, str] = {
    # validation (layers/register/validate.py)
    "rg.problem": "{field}：{value}——{why}",
    "rg.empty": "（空）",
    "rg.geometry": "位置",
    "rg.err.required": "必填",
    "rg.err.choice": "不是可选值之一（共 {n} 个可选值）",
    "rg.err.number": "不是数字",
    "rg.err.negative": "不能小于 0",
    "rg.err.year_format": "年份应为整数",
    "rg.err.year_range": "年份应在 {lo}–{hi} 之间",
    "rg.err.annual_gt_total": "年度计划投资大于总投资（{total} 亿元）",
    "rg.err.geom_type": "只接受点、线或面",
    "rg.err.geom_empty": "几何为空",
    "rg.err.geom_degrees": "坐标不是经纬度（EPSG:4326）：像是投影坐标或不在中国范围内",
    "rg.err.geom_invalid": "几何无效（{why}）",
    "rg.err.outside": "位于章丘区界以外（最远约 {m} 米）；如确属区外，请填写“区外位置的理由”",
    # spreadsheet (layers/register/sheet.py)
    "rg.row": "第 {row} 行：{msg}",
    "rg.unit": "（{unit}）",
    "rg.err.wkt": "无法解析的 WKT",
    "rg.err.lonlat": "经度、纬度应为数字（两者都填）",
    "rg.err.duplicate": "项目名称重复（库中或表中已有同名项目；请直接编辑该项目）",
    "rg.err.no_rows": "表中没有项目行",
    # statistics (layers/register/stats.py)
    "rg.summary": "重点项目库：共 {n} 个项目，已定位 {located} 个（规划全年 {total} 个）；"
                  "{known} 个项目填报了总投资，合计 {invest} 亿元（规划总投资 {published} 亿元）。",
}

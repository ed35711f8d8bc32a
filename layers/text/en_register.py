"""The project register's words (layers/register, ui/register)."""

TEXT: dict[str, str] = {
    # validation (layers/register/validate.py)
    "rg.problem": "{field}: {value} - {why}",
    "rg.empty": "(empty)",
    "rg.geometry": "Location",
    "rg.err.required": "required",
    "rg.err.choice": "not one of the allowed values ({n} allowed)",
    "rg.err.number": "not a number",
    "rg.err.negative": "may not be below 0",
    "rg.err.year_format": "a year is a whole number",
    "rg.err.year_range": "the year must be between {lo} and {hi}",
    "rg.err.annual_gt_total": "the annual investment exceeds the total investment ({total} x 100 M CNY)",
    "rg.err.geom_type": "only a point, a line or a polygon",
    "rg.err.geom_empty": "the geometry is empty",
    "rg.err.geom_degrees": "not longitude/latitude (EPSG:4326): looks projected or lies outside China",
    "rg.err.geom_invalid": "invalid geometry ({why})",
    "rg.err.outside": "outside the Zhangqiu district boundary (up to about {m} m); if it truly lies "
                      "outside, give a reason for a position outside the district",
    # spreadsheet (layers/register/sheet.py)
    "rg.row": "Row {row}: {msg}",
    "rg.unit": " ({unit})",
    "rg.err.wkt": "WKT that cannot be read",
    "rg.err.lonlat": "longitude and latitude must be numbers (give both)",
    "rg.err.duplicate": "the name is already taken (in the register or the sheet); edit that project instead",
    "rg.err.no_rows": "the sheet holds no project rows",
    # statistics (layers/register/stats.py)
    "rg.summary": "Project register: {n} projects, {located} of them located (the plan names {total} for "
                  "the year); {known} state a total investment, together {invest} x 100 M CNY (the plan's "
                  "total: {published} x 100 M CNY).",
}

"""The register as a spreadsheet: round trips (xlsx, CSV), zh/en headers, GBK CSV, row errors."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from shapely.geometry import LineString, Point, Polygon

from layers.register import sheet
from layers.store.base import FeatureRow

SQUARE = Polygon([(117.52, 36.70), (117.54, 36.70), (117.54, 36.72), (117.52, 36.72)])
ROWS = [
    FeatureRow("projects", 1, 1, {"name_zh": "甲项目", "name_en": "Project A", "action": "工业强区升级",
                                  "cluster": "新材料;生物医药", "kind": "产业项目", "status": "在建",
                                  "plan_year": 2024, "investment_yi": 12.5, "annual_investment_yi": 3.0,
                                  "town": "明水街道", "source": "区发改局2024年项目清单", "accuracy": "exact",
                                  "accuracy_m": None, "override_reason": None},
               Point(117.533, 36.72), "a", dt.datetime(2026, 12, 4, tzinfo=dt.UTC)),
    FeatureRow("projects", 2, 3, {"name_zh": "乙项目", "action": "文旅名城突破", "kind": "文旅项目",
                                  "status": "谋划", "source": "规划原文", "accuracy": "schematic"},
               SQUARE),
    FeatureRow("projects", 3, 1, {"name_zh": "丙项目", "action": "民生保障改善", "kind": "民生项目",
                                  "status": "前期", "source": "规划原文", "accuracy": "approximate",
                                  "accuracy_m": 500.0},
               LineString([(117.52, 36.70), (117.54, 36.71)])),
    FeatureRow("projects", 4, 1, {"name_zh": "丁项目", "action": "全域乡村振兴", "kind": "农业项目",
                                  "status": "储备", "source": "规划原文", "accuracy": "schematic"}, None),
]
COLS = [c.name for c in sheet.COLUMNS]


def _same(result, rows=ROWS):
    assert result.ok, [p.message("en") for p in result.problems]
    assert len(result.rows) == len(rows)
    for (props, geom), row in zip(result.rows, rows, strict=True):
        assert {k: props.get(k) for k in COLS} == {k: row.props.get(k) for k in COLS}
        assert (geom is None and row.geom is None) or geom.equals_exact(row.geom, 1e-9)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_round_trip(lang, fmt):
    df = sheet.export_frame(ROWS, lang)
    data = sheet.to_xlsx(df) if fmt == "xlsx" else sheet.to_csv(df)
    _same(sheet.parse(sheet.read_table(data, f"register.{fmt}")))


def test_headers_in_english_hold_no_chinese_and_categories_are_labelled():
    df = sheet.export_frame(ROWS, "en")
    assert "Total investment (100 M CNY)" in df.columns and "Geometry (WKT)" in df.columns
    assert df["Plan action"].iloc[0] == "Industrial upgrading"
    assert df["Industry cluster"].iloc[0] == "New materials;Biomedicine"
    assert df["Longitude"].iloc[0] == 117.533 and pd.isna(df["Longitude"].iloc[1])


def test_gbk_csv_with_lon_lat_and_column_names():
    text = ("name_zh,action,kind,status,source,accuracy,经度,纬度,序号\n"
            "章丘测试项目,项目深化攻坚,产业项目,在建,区发改局清单,精确,117.53,36.71,1\n")
    result = sheet.parse(sheet.read_table(text.encode("gbk"), "清单.csv"))
    assert result.ok and result.ignored == ["序号"]
    props, geom = result.rows[0]
    assert props["name_zh"] == "章丘测试项目" and props["accuracy"] == "exact"
    assert (geom.x, geom.y) == (117.53, 36.71)


def test_row_errors_name_the_row_the_field_and_why():
    df = sheet.export_frame(ROWS, "zh").astype(object)
    df.loc[1, "总投资（亿元）"] = "-5"
    df.loc[2, "来源"] = ""
    df.loc[3, "几何（WKT）"] = "POINT (117.53"
    df.loc[3, "项目名称"] = "甲项目"  # repeats row 2's name
    result = sheet.parse(sheet.read_table(sheet.to_xlsx(df), "x.xlsx"))
    assert not result.ok
    got = [(p.row, p.problem.field, p.problem.why) for p in result.problems]
    assert got == [(3, "investment_yi", "rg.err.negative"), (4, "source", "rg.err.required"),
                   (5, "geometry", "rg.err.wkt"), (5, "name_zh", "rg.err.duplicate")]
    assert result.problems[0].message("zh") == "第 3 行：总投资：-5——不能小于 0"
    assert result.problems[1].message("en") == "Row 4: Source: (empty) - required"


def test_names_already_in_the_register_are_refused():
    df = sheet.export_frame(ROWS[:1], "en")
    result = sheet.parse(sheet.read_table(sheet.to_csv(df), "x.csv"), existing={"甲项目"})
    assert [(p.row, p.problem.why) for p in result.problems] == [(2, "rg.err.duplicate")]


def test_an_empty_sheet_is_not_ok():
    df = sheet.export_frame([], "zh")
    result = sheet.parse(sheet.read_table(sheet.to_csv(df), "x.csv"))
    assert not result.ok and [p.problem.why for p in result.problems] == ["rg.err.no_rows"]
    assert result.problems[0].message("en").endswith("the sheet holds no project rows")


def test_bad_lon_lat():
    df = pd.DataFrame({"name_zh": ["x"], "action": ["项目深化攻坚"], "kind": ["产业项目"], "status": ["在建"],
                       "source": ["s"], "accuracy": ["exact"], "lon": ["117.5"], "lat": ["north"]})
    result = sheet.parse(df)
    assert [(p.row, p.problem.why) for p in result.problems] == [(2, "rg.err.lonlat")]

"""Filters: table-driven masks on a tiny frame, descriptions, build_filter, URL round trip."""

import pandas as pd
import pytest

from geo.errors import InvalidFilterError
from geo.filter_params import IgnoredParam, from_params, to_params
from geo.filters import (
    CategoryFilter,
    FilterSet,
    RangeFilter,
    TextFilter,
    YearRangeFilter,
    build_filter,
)

DROP = "'; DROP TABLE projects; --"
PY = "__import__('os').system('rm -rf /')"
XSS = "<img src=x onerror=alert(1)>"

DF = pd.DataFrame(
    {
        "name": ["中国重汽章丘工厂", "明水经济开发区", "绣源河公园", DROP, PY, XSS, None],
        "en_name": ["Sinotruk Zhangqiu", "Mingshui EDZ", "Xiuyuan River Park", None, "x", "y", "Z.C"],
        "cluster": ["新材料;生物医药", "新材料", "文旅", "生物医药", None, XSS, " 新材料 "],
        "invest": [50.0, 10.0, None, 80.0, 5.0, "n/a", 30.0],
        "year": [2020, 2023, 2025, None, 2019, 2021, 2024],
        "period": ["2021年", "2020-2025", "规划中", "2019", None, "2023年底", "2030"],
        "code": [2023.0, 2024.0, 2023.0, None, 1.5, 7.0, 2023.0],
    },
    index=list("abcdefg"),
)

DECLARED = {"name": "text", "en_name": "text", "cluster": "category", "invest": "number",
            "year": "year", "period": "year", "code": "category"}

LABELS = {"cluster": ("产业集群", "Industry cluster"), "invest": ("投资额（亿元）", "Investment (100M yuan)"),
          "name": ("名称", "Name"), "en_name": ("英文名", "English name"), "year": ("规划年份", "Plan year")}
VALUE_LABELS = {"cluster": {"新材料": ("新材料", "New materials"), "生物医药": ("生物医药", "Biomedicine")}}

MASK_CASES = [
    (CategoryFilter("cluster", ("新材料",)), "abg"),
    (CategoryFilter("cluster", ("生物医药",)), "ad"),
    (CategoryFilter("cluster", ("新材料", "生物医药")), "abdg"),
    (CategoryFilter("cluster", ("新材料",), exclude=True), "cdef"),
    (CategoryFilter("cluster", (XSS,)), "f"),
    (CategoryFilter("cluster", ("新材料;生物医药",)), "a"),
    (CategoryFilter("name", (DROP,)), "d"),
    (CategoryFilter("code", ("2023",)), "acg"),
    (CategoryFilter("cluster", ("不存在",)), ""),
    (RangeFilter("invest", 10, 50), "abg"),
    (RangeFilter("invest", 50, None), "ad"),
    (RangeFilter("invest", None, 10), "be"),
    (RangeFilter("invest", None, None), "abcdefg"),
    (YearRangeFilter("year", 2020, 2023), "abf"),
    (YearRangeFilter("year", 2024, None), "cg"),
    (YearRangeFilter("period", 2020, 2023), "abf"),
    (YearRangeFilter("period", None, 2019), "d"),
    (TextFilter(("name",), "重汽"), "a"),
    (TextFilter(("en_name",), "SINOTRUK"), "a"),
    (TextFilter(("name",), "drop table"), "d"),
    (TextFilter(("name",), PY), "e"),
    (TextFilter(("name",), "('os')"), "e"),
    (TextFilter(("name",), "<img"), "f"),
    (TextFilter(("en_name",), "."), "g"),  # literal dot, not "any character"
    (TextFilter(("en_name",), "z.c"), "g"),
    (TextFilter(("name", "en_name"), "z"), "abg"),  # "Zhangqiu", "EDZ", "Z.C"
    (TextFilter(("name",), ".*"), ""),
]


@pytest.mark.parametrize(("flt", "expected"), MASK_CASES, ids=lambda v: repr(v)[:60])
def test_mask(flt, expected):
    mask = flt.mask(DF)
    assert mask.dtype == bool and list(mask.index) == list(DF.index)
    assert "".join(DF.index[mask]) == expected


def test_filterset_and_across_fields():
    fs = FilterSet((CategoryFilter("cluster", ("新材料", "生物医药")), RangeFilter("invest", 20, None)))
    assert "".join(fs.apply(DF).index) == "adg"
    assert "".join(FilterSet().apply(DF).index) == "abcdefg"


def test_apply_does_not_mutate():
    before = DF.copy()
    out = FilterSet((TextFilter(("name",), "重汽"),)).apply(DF)
    out.loc["a", "name"] = "changed"
    pd.testing.assert_frame_equal(DF, before)


def test_one_filter_per_field():
    with pytest.raises(InvalidFilterError):
        FilterSet((CategoryFilter("cluster", ("a",)), CategoryFilter("cluster", ("b",))))


def test_missing_column_is_a_filter_error():
    with pytest.raises(InvalidFilterError) as info:
        CategoryFilter("nope", ("a",)).mask(DF)
    assert "nope" in info.value.zh


DESCRIBE_CASES = [
    (CategoryFilter("cluster", ("新材料", "生物医药")), "产业集群 = 新材料 或 生物医药",
     "Industry cluster is New materials or Biomedicine"),
    (CategoryFilter("cluster", ("新材料", "生物医药", "文旅")), "产业集群 = 新材料 或 生物医药 或 文旅",
     "Industry cluster is New materials, Biomedicine or 文旅"),
    (CategoryFilter("cluster", ("新材料",), exclude=True), "产业集群 ≠ 新材料", "Industry cluster is not New materials"),
    (CategoryFilter("cluster", ("新材料", "文旅"), exclude=True), "产业集群 不属于 新材料、文旅",
     "Industry cluster is none of New materials, 文旅"),
    (RangeFilter("invest", 10, 50), "投资额（亿元） 10–50（不含未知值）",
     "Investment (100M yuan) 10–50 (unknown values excluded)"),
    (RangeFilter("invest", 2.5, None), "投资额（亿元） ≥ 2.5（不含未知值）",
     "Investment (100M yuan) ≥ 2.5 (unknown values excluded)"),
    (RangeFilter("invest", None, 1500), "投资额（亿元） ≤ 1,500（不含未知值）",
     "Investment (100M yuan) ≤ 1,500 (unknown values excluded)"),
    (RangeFilter("invest"), "投资额（亿元） 不限", "Investment (100M yuan): any value"),
    (YearRangeFilter("year", 2020, 2025), "规划年份 2020–2025（不含未知值）",
     "Plan year 2020–2025 (unknown values excluded)"),
    (YearRangeFilter("year", 2020, None), "规划年份 2020 年及以后（不含未知值）",
     "Plan year 2020 or later (unknown values excluded)"),
    (TextFilter(("name",), "重汽"), "名称含“重汽”", 'Name contains "重汽"'),
    (TextFilter(("name", "en_name"), "重汽"), "名称或英文名含“重汽”", 'Name or English name contains "重汽"'),
    (TextFilter(("unlabelled",), XSS), f"unlabelled含“{XSS}”", f'unlabelled contains "{XSS}"'),
]


@pytest.mark.parametrize(("flt", "zh", "en"), DESCRIBE_CASES, ids=lambda v: repr(v)[:50])
def test_describe(flt, zh, en):
    assert flt.describe("zh", LABELS, VALUE_LABELS) == zh
    assert flt.describe("en", LABELS, VALUE_LABELS) == en


def test_describe_text_with_joined_label():
    labels = {"name": ("中文名", "Chinese name"), "name,en_name": ("名称", "Name")}
    assert TextFilter(("name", "en_name"), "重汽").describe("zh", labels) == "名称含“重汽”"
    assert TextFilter(("name",), "重汽").describe("en", labels) == 'Chinese name contains "重汽"'


def test_describe_filterset():
    fs = FilterSet((CategoryFilter("cluster", ("新材料",)), TextFilter(("name",), "重汽")))
    assert fs.describe("zh", LABELS) == "产业集群 = 新材料，且 名称含“重汽”"
    assert fs.describe("en", LABELS) == 'Industry cluster is 新材料, and Name contains "重汽"'
    assert FilterSet().describe("zh") == "全部要素"
    assert FilterSet().describe("en") == "all features"


BUILD_OK = [
    ("cluster", "in", "新材料", CategoryFilter("cluster", ("新材料",))),
    ("cluster", "in", ["新材料", "新材料", "", "文旅"], CategoryFilter("cluster", ("新材料", "文旅"))),
    ("cluster", "not_in", ("文旅",), CategoryFilter("cluster", ("文旅",), exclude=True)),
    ("code", "in", [2023.0, 7], CategoryFilter("code", ("2023", "7"))),
    ("invest", "range", ("10", " 50.5 "), RangeFilter("invest", 10.0, 50.5)),
    ("invest", "range", ["", 50], RangeFilter("invest", None, 50.0)),
    ("invest", "range", (None, None), RangeFilter("invest", None, None)),
    ("year", "range", ("2020", 2025.0), YearRangeFilter("year", 2020, 2025)),
    ("name", "contains", "  重汽 ", TextFilter(("name",), "重汽")),
    ("name", "contains", DROP, TextFilter(("name",), DROP)),
]


@pytest.mark.parametrize(("field", "op", "value", "expected"), BUILD_OK)
def test_build_filter_ok(field, op, value, expected):
    assert build_filter(DECLARED, field, op, value) == expected


BUILD_BAD = [
    ("secret", "in", ["x"]),  # undeclared field
    ("__class__", "in", ["x"]),
    ("cluster", "eq", ["x"]),  # operator not allowed
    ("cluster", "range", (1, 2)),
    ("invest", "in", ["1"]),
    ("name", "__import__('os')", "x"),
    ("cluster", "in", []),
    ("cluster", "in", [""]),
    ("cluster", "in", [str(i) for i in range(201)]),
    ("cluster", "in", None),
    ("invest", "range", ("abc", 5)),
    ("invest", "range", (PY, 5)),
    ("invest", "range", ("1e999", None)),
    ("invest", "range", ("nan", None)),
    ("invest", "range", (True, None)),
    ("invest", "range", (50, 10)),
    ("invest", "range", "10..50"),
    ("invest", "range", (1, 2, 3)),
    ("invest", "range", 5),
    ("year", "range", (2020.5, None)),
    ("year", "range", (99999, None)),
    ("name", "contains", ""),
    ("name", "contains", "   "),
    ("name", "contains", "x" * 201),
    ("name", "contains", 5),
]


@pytest.mark.parametrize(("field", "op", "value"), BUILD_BAD)
def test_build_filter_rejects(field, op, value):
    with pytest.raises(InvalidFilterError) as info:
        build_filter(DECLARED, field, op, value)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in info.value.zh)
    assert info.value.en.isascii() or field in info.value.en


def test_unknown_kind_in_declaration():
    with pytest.raises(InvalidFilterError):
        build_filter({"x": "geometry"}, "x", "in", ["a"])


def test_hostile_filters_are_plain_text():
    fs = FilterSet((TextFilter(("name",), PY), CategoryFilter("cluster", (XSS, DROP))))
    assert "".join(fs.apply(DF).index) == ""
    assert PY in fs.describe("en") and XSS in fs.describe("zh")


ROUND_TRIP = FilterSet((
    CategoryFilter("cluster", ("新材料", "a|b", "x:y", "100%", "c,d", "e..f", XSS, DROP), exclude=True),
    RangeFilter("invest", 10.0, None),
    YearRangeFilter("year", None, 2025),
    TextFilter(("name", "en_name"), f"{DROP} & {PY} | has:x"),
    CategoryFilter("code", ("2023",)),
))


def test_url_round_trip():
    params = ROUND_TRIP.to_params()
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in params.items())
    assert params["f.invest"] == "range:10.."
    assert params["f.year"] == "range:..2025"
    assert params["f.name,en_name"].startswith("has:")
    back, ignored = FilterSet.from_params(params, DECLARED)
    assert ignored == []
    assert back == ROUND_TRIP
    pd.testing.assert_series_equal(back.mask(DF), ROUND_TRIP.mask(DF))


def test_url_round_trip_fractional_range():
    fs = FilterSet((RangeFilter("invest", -1.25, 3e-05),))
    back, ignored = from_params(to_params(fs), DECLARED)
    assert back == fs and not ignored


def test_url_encoding_is_documented_format():
    fs = FilterSet((CategoryFilter("cluster", ("新材料", "a|b")),))
    assert fs.to_params() == {"f.cluster": "in:%E6%96%B0%E6%9D%90%E6%96%99|a%7Cb"}


def test_from_params_ignores_and_reports():
    params = {
        "page": "map",  # not a filter: skipped silently
        "f.secret": "in:x",
        "f.__class__": "in:x",
        "f.cluster": "eval:__import__('os')",
        "f.invest": "range:abc..5",
        "f.year": "range:1..2..3",
        "f.period": "in:2020",
        "f.name,cluster": "has:x",
        "f.code": "no-colon",
        "f.name": f"has:{PY}",
    }
    fs, ignored = from_params(params, DECLARED)
    assert fs == FilterSet((TextFilter(("name",), PY),))
    assert [i.key for i in ignored] == [k for k in params if k not in ("page", "f.name")]
    assert all(isinstance(i, IgnoredParam) and i.reason_zh and i.reason_en for i in ignored)


def test_from_params_duplicate_field_after_unquoting():
    params = {"f.cluster": "in:a", "f.%63luster": "in:b"}
    fs, ignored = from_params(params, DECLARED)
    assert fs == FilterSet((CategoryFilter("cluster", ("a",)),))
    assert [i.key for i in ignored] == ["f.%63luster"]

"""The bundled data's labels, honest to the letter: every figure and plan attribute traceable
(from a table of allowed provenance), names in proper English, notes in both languages, the
plan's own words, Line 8's opening names searchable, the boundary accuracy as measured."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from data import measure_boundary
from layers import explorer as ex
from layers.load import load_layer
from layers.registry import CATALOG
from tests.external import PLACES_NOTES, PLAN_ARTICLE, require

DATA = Path(__file__).resolve().parent.parent / "data"
BUNDLED = [s.id for s in CATALOG.layers if s.file]
PLAN_FIELDS = ("kind", "action", "cluster", "status", "plan_year")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")

# How each attribute may be supported.  article: the plan's words (in the article; for an
# action inside that action's section, for a cluster inside that cluster's clause); source:
# words recorded in the reference (places.csv) for a row whose source the feature cites, or in
# the feature's own citation; name: the kind is in the feature's name; reference: the
# researcher's stated ± (places.csv / places.md); measured: data/measure_boundary.py;
# computed: from a geometry that is not schematic.  A field not in this table has no allowed
# provenance: a value in it fails.
ALLOWED = {
    "action": {"article"}, "cluster": {"article"}, "plan_year": {"article"},
    "status": {"article", "source"}, "kind": {"article", "source", "name"},
    "accuracy_m": {"reference", "measured"}, "alias_zh": {"reference"},
    "area_mu": {"source"}, "investment_yi": {"source"}, "area_ha_stated": {"source"},
    "stated_length_km": {"source"}, "stations": {"source"}, "area_km2_stated": {"source"},
    "seq": {"source"},
    "length_km": {"computed"}, "area_km2": {"computed"}, "area_ha": {"computed"},
}
# The words that support a kind (in the article's quote, the source's words or the name).
KIND_WORDS = {
    "经开区": ("开发区", "经开区"), "产业园区": ("产业园",), "高校平台": ("大学", "校区"),
    "科创走廊": ("走廊",), "龙头企业": ("龙头企业", "为龙头"), "重点企业": ("重点企业",),
    "企业": ("企业", "company"), "产业项目": ("项目",), "文旅项目": ("文旅",), "村": ("村",),
    "乡村振兴示范区": ("示范区",), "高铁站": ("高铁",), "火车站": ("火车站",),
    "区政府": ("人民政府",), "街道": ("街道",), "镇": ("镇",), "区界": ("行政区划",),
    "轨道交通": ("轨道交通",), "地铁站": ("站",), "国道": ("G309", "国道"),
    "生产基地": ("生产基地",), "医院": ("医院",), "水利项目": ("分洪", "供水"),
    "城市更新": ("改造",), "农业项目": ("农",), "示范村": ("示范村",), "数字平台": ("产业大脑",),
}
# A kind that names the action's domain (unlocated table): supported when the action is.
ACTION_KIND = {"民生项目": "民生保障改善", "农业项目": "全域乡村振兴"}
# The plan's words for each status (data/README.md), and a source's.
STATUS_WORDS = {"谋划": ("谋划",), "规划": ("规划", "打造", "实施"), "在建": ("加快", "推进", "完成"),
                "提升": ("扩区", "提升"), "建成": ("依托", "发挥")}
SOURCE_STATUS_WORDS = {"在建": ("new-build", "under construction", "建设中"),
                       "建成": ("opened", "production", "投产")}
CLUSTER_CLAUSE = {"交通装备": "交通装备", "新材料": "新材料", "生物医药": "生物医药",
                  "新一代信息技术": "信息技术", "机械装备": "机械装备", "建工建材": "建工建材",
                  "食品饮料": "食品饮料"}
RESEARCH_LOG = re.compile(r"\bNEW\b|moved [\d.]+ km|point = |\| |PLACEHOLDER|old estimate")


def norm(text: str) -> str:
    """Whitespace dropped (the article breaks lines mid-word), full-width punctuation folded."""
    table = str.maketrans({"，": ",", "（": "(", "）": ")", "：": ":", "；": ";"})
    return re.sub(r"\s+", "", str(text)).translate(table)


@pytest.fixture(scope="module")
def article() -> str:
    return norm(require(PLAN_ARTICLE, "the plan article (shared/seed)").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def places() -> list[dict]:
    with open(DATA / "raw" / "places.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def notes() -> str:
    text = require(PLACES_NOTES, "the reference notes (shared/reference)").read_text(encoding="utf-8")
    return norm(text.replace("**", ""))


@pytest.fixture(scope="module")
def layers() -> dict[str, pd.DataFrame]:
    return {lid: load_layer(CATALOG.get(lid)) for lid in BUNDLED}


def _empty(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) or str(v) == ""


def _numbers(text: str) -> set[float]:
    return {float(n) for n in re.findall(r"\d+(?:\.\d+)?", str(text).replace(",", ""))}


def _span(article: str, heads: list[str], at: int) -> str | None:
    """The head (of ``heads``, found in the article) whose section contains position ``at``."""
    found = sorted((article.find(norm(h)), h) for h in heads if norm(h) in article)
    inside = [h for pos, h in found if pos <= at]
    return inside[-1] if inside else None


def _check_article(field, value, evidence, article):
    at = article.find(norm(evidence))
    assert at >= 0, f"not the article's words: {evidence!r}"
    if field == "action":
        from data.catalog import ACTIONS
        assert _span(article, [f"实施{a}行动" for a in ACTIONS], at) == f"实施{value}行动"
    elif field == "cluster":
        acts = [f"实施{a}行动" for a in ("工业强区升级", "项目深化攻坚")]
        heads = [f"在{c}产业方面" for c in CLUSTER_CLAUSE.values()] + acts[1:]
        for c in str(value).split(";"):
            assert _span(article, heads, at) == f"在{CLUSTER_CLAUSE[c]}产业方面", (c, evidence)
    elif field == "status":
        assert any(w in evidence for w in STATUS_WORDS[value]), (value, evidence)
    elif field == "kind":
        assert any(w in evidence for w in KIND_WORDS[value]), (value, evidence)
    elif field == "plan_year":
        assert int(value) == 2024  # the article is the 2024 plan


def _check_source(field, value, evidence, feature, places):
    cited = [r for r in places if norm(evidence) in norm(r["extra"] + " " + r["source"])
             and any(u.strip() in feature["source"] for u in r["source"].split(" ; ")
                     if u.strip() and u.strip() != "seed article")]
    assert cited or norm(evidence) in norm(feature["source"]), (
        f"{evidence!r} is not recorded for a source that {feature['id']} cites")
    if field == "status":
        assert any(w in evidence for w in SOURCE_STATUS_WORDS[value]), (value, evidence)
    elif field == "kind":
        assert any(w in evidence for w in KIND_WORDS[value]), (value, evidence)
    else:
        assert float(value) in _numbers(evidence), (field, value, evidence)


def _check_reference(field, value, evidence, row, places, notes):
    ref = next((r for r in places if r["name_zh"] == row["ref"]), None)
    assert (ref and norm(evidence) in norm(ref["extra"])) or norm(evidence) in notes, evidence
    if field == "accuracy_m":
        assert any(float(value) in (n, n * 1000) for n in _numbers(evidence)), (value, evidence)
    else:  # an opening name: as certain as the reference says, and said so
        assert str(value).removesuffix("站") in evidence and "probably" in evidence


def test_every_figure_and_plan_attribute_has_an_allowed_provenance(layers, article, places, notes):
    prov = pd.read_csv(DATA / "provenance.csv", dtype=str, keep_default_na=False)
    basis = {(r["layer"], r["id"], r["field"]): r for r in prov.to_dict("records")}
    checked = 0
    for lid, gdf in layers.items():
        numeric = [c for c in gdf.columns if c != "geometry" and pd.api.types.is_numeric_dtype(gdf[c])
                   and not pd.api.types.is_bool_dtype(gdf[c])]
        for feature in gdf.drop(columns="geometry").to_dict("records"):
            for field in [*PLAN_FIELDS, *numeric, "alias_zh"]:
                value = feature.get(field)
                if field not in gdf or _empty(value):
                    continue
                where = f"{lid}/{feature['id']}.{field}={value!r}"
                assert field in ALLOWED, f"{where}: no provenance is allowed for {field}"
                row = basis.get((lid, feature["id"], field))
                assert row and row["basis"] in ALLOWED[field], f"{where}: basis {row and row['basis']!r}"
                assert row["value"] == str(value) or float(row["value"]) == float(value), where
                kind, evidence = row["basis"], row["evidence"]
                if kind == "article":
                    _check_article(field, value, evidence, article)
                elif kind == "source":
                    _check_source(field, value, evidence, feature, places)
                elif kind == "name":
                    assert any(w in feature["name_zh"] for w in KIND_WORDS[value]), where
                elif kind == "reference":
                    _check_reference(field, value, evidence, row, places, notes)
                elif kind == "measured":
                    assert float(value) == measure_boundary.accuracy_m(), where
                elif kind == "computed":
                    assert feature["accuracy"] != "schematic", f"{where}: computed from a schematic shape"
                checked += 1
    assert checked > 150


def test_plan_quotes_are_the_articles_words_with_english_beside(layers, article):
    quotes = 0
    for gdf in layers.values():
        for _, row in gdf[gdf["plan_quote"].fillna("") != ""].iterrows():
            assert norm(row["plan_quote"]) in article, row["plan_quote"]
            assert row["plan_quote_en"] and not CJK.search(row["plan_quote_en"]), row["id"]
            quotes += 1
        assert (gdf["action"].fillna("") == "").all() or (gdf.loc[gdf["action"] != "", "plan_quote"] != "").all()
    assert quotes >= 25


def test_names_are_proper_english(layers):
    for lid, gdf in layers.items():
        for _, row in gdf.iterrows():
            en = str(row["name_en"])
            assert en and not CJK.search(en) and len(en) <= 60, (lid, en)
            assert not re.search(r"\b(PDL|HSR|ETDZ)\b", en), (lid, en)  # jargon
            if "name_long_en" in gdf and row["name_long_en"]:
                assert not CJK.search(row["name_long_en"]), row["name_long_en"]
    parks = layers["parks"].set_index("id")
    assert parks.loc["china-crystal-valley", "name_en"] == "China Crystal Valley"
    rural = layers["rural"].set_index("id")
    assert "Xinzhang" not in rural.loc["quanyun-zone", "name_en"]
    assert "plant" not in layers["projects"].set_index("id").loc["cr-snow-brewery", "name_en"]


def test_notes_in_both_languages_without_research_log(layers):
    for lid, gdf in layers.items():
        assert "note" not in gdf, lid
        for _, row in gdf.iterrows():
            zh, en = str(row["note_zh"]), str(row["note_en"])
            assert zh and en and zh != en, (lid, row["id"])
            assert len(CJK.findall(zh)) > len(re.findall(r"[A-Za-z]", zh)), (lid, row["id"], zh)
            assert len(re.findall(r"[A-Za-z]", en)) > 3 * len(CJK.findall(en)), (lid, row["id"], en)
            for text in (zh, en):
                assert not RESEARCH_LOG.search(text), (lid, row["id"], text)


def test_firm_kinds_are_the_articles_words(layers):
    kinds = layers["firms"].set_index("id")["kind"].to_dict()
    assert kinds == {"sinotruk": "龙头企业", "shengquan": "重点企业", "mingquan": "重点企业",
                     "iraeta": "企业"}


def test_line8_opening_names_are_searchable_and_doubts_marked(layers):
    stations = layers["metro8_stations"].set_index("name_zh")
    assert stations.loc["绣源河站", "alias_zh"] == "黄旗山北站"
    assert "很可能" in stations.loc["绣源河站", "note_zh"] and "probably" in stations.loc["绣源河站", "note_en"]
    assert bool(stations.loc["山东财经大学站", "in_district_uncertain"])
    assert not bool(stations.loc["山东财经大学站", "in_district"])
    for name, row in stations[stations["in_district_uncertain"].astype(bool)].iterrows():
        assert "不确定" in row["note_zh"] and "uncertain" in row["note_en"], name
    frames = {lid: layers[lid] for lid in ("metro8_stations", "firms")}  # firms have no alias
    specs = [CATALOG.get(lid) for lid in frames]
    for text in ("黄旗山北", "Huangqishan"):
        masks = ex.layer_masks(frames, specs, ex.FilterSet((ex.TextFilter(ex.TEXT_FIELDS, text),)))
        assert list(layers["metro8_stations"]["name_zh"][masks["metro8_stations"]]) == ["绣源河站"]
        assert not masks["firms"].any()
    params = ex.state_to_params(ex.ExplorerState(filters=ex.FilterSet(
        (ex.TextFilter(ex.TEXT_FIELDS, "黄旗山北"),))))
    state, ignored = ex.state_from_params(params, CATALOG)
    assert not ignored and state.filters.filters[0].fields == ex.TEXT_FIELDS


def test_boundary_accuracy_is_the_measured_median_and_readme_says_so(layers):
    rows = measure_boundary.measure()
    head = next(r for r in rows if r["direction"] == "AMap converted → OSM" and r["cut_m"] == 2000)
    assert 150 < head["median_m"] < 250 and head["p95_m"] > 2 * head["median_m"]
    assert layers["boundary"]["accuracy_m"].iloc[0] == measure_boundary.accuracy_m(rows)
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert "measure_boundary" in readme
    assert f"{head['median_m']:,.0f} m" in readme and f"{head['p95_m']:,.0f} m" in readme


def test_unlocated_entities_carry_the_plans_words_for_their_attributes(article):
    """The table of unlocated entities follows the same rules: its quote is the article's, its
    action lies in that action's section, its cluster in that cluster's clause, its kind in its
    name or quote (or names the action's domain)."""
    table = pd.read_csv(DATA / "unlocated.csv", dtype=str, keep_default_na=False)
    for row in table.to_dict("records"):
        assert row["plan_quote"] and row["plan_quote_en"] and not CJK.search(row["plan_quote_en"])
        _check_article("plan_year", 2024, row["plan_quote"], article)  # the words are the article's
        if row["action"]:
            _check_article("action", row["action"], row["plan_quote"], article)
        if row["cluster"]:
            _check_article("cluster", row["cluster"], row["plan_quote"], article)
        words = KIND_WORDS.get(row["kind"], ())
        assert any(w in row["name_zh"] + row["plan_quote"] for w in words) or (
            row["action"] and ACTION_KIND.get(row["kind"]) == row["action"]), row["name_zh"]

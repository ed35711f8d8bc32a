"""Does a CRS fit the coordinates? Resolve the CRS of a user's file, then convert to WGS84.

Order: the user's choice, else the file's declaration, else ASK (``crs_missing`` with the
candidates; never assumed). A declaration that contradicts the coordinates is corrected with a
warning only when the fix is certain - zone-prefixed 8-digit eastings under the CM-only EPSG of
the same central meridian (e.g. EPSG:4548 -> 4527), or the reverse - and otherwise refused.
A user's choice that contradicts the coordinates is refused with the fix as the candidate.
Any non-finite coordinate after conversion is an error (``crs_invalid``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Transformer
from pyproj.database import query_crs_info
from pyproj.enums import PJType

from geo import chinacrs
from geo._ingest_crs import Choice, from_epsg, kind_of, label
from geo.errors import IngestError
from geo.gk import GKCandidate
from geo.io import to_wgs84

Pair = tuple[str, str]
_CHECKED = 20_000  # coordinates round-tripped per file (enough to catch a wrong domain)


@dataclass
class Problem:
    """Why a CRS does not fit the coordinates (zh, en), and the certain fix if there is one."""

    zh: str
    en: str
    fix: Choice | None = None


@lru_cache(maxsize=1)
def _projected_by_name() -> dict[str, int]:
    return {i.name: int(i.code) for i in query_crs_info(auth_name="EPSG",
                                                         pj_types=PJType.PROJECTED_CRS)}


def _param(choice: Choice, name: str) -> float | None:
    op = choice.crs.coordinate_operation if choice.crs is not None else None
    if op is None or "Transverse Mercator" not in op.method_name:
        return None
    return next((float(p.value) for p in op.params if p.name == name), None)


def _renamed(choice: Choice, pattern: str, repl: str) -> Choice | None:
    name = re.sub(pattern, repl, choice.crs.name)
    code = _projected_by_name().get(name)
    return from_epsg(code) if code and name != choice.crs.name else None


def _gk_problem(choice: Choice, kind: str, gk: GKCandidate) -> Problem | None:
    """Zone-prefix contradictions under a Transverse Mercator CRS (None if it fits)."""
    fe, cm = _param(choice, "False easting"), _param(choice, "Longitude of natural origin")
    if fe is None or cm is None or kind not in ("prefixed", "plain"):
        return None
    three = "3-degree" in choice.crs.name
    if kind == "prefixed" and fe < 1e6:
        zone = int(gk.zone)
        if (3 * zone if three else 6 * zone - 3) != cm:
            return Problem(f"东坐标带号前缀为 {zone}，与 {choice.key} 的中央经线 {cm:g}°E 不符",
                           f"the eastings carry zone prefix {zone}, which does not match the "
                           f"central meridian {cm:g}°E of {choice.key}")
        fix = _renamed(choice, r"CM \d+E$", f"zone {zone}")
        return Problem(f"东坐标为带带号的8位数（{zone} 带），而 {choice.key} 不带带号",
                       f"the eastings are 8-digit with zone prefix {zone} while {choice.key} "
                       "is a CM-only system without the zone prefix", fix)
    if kind == "plain" and fe >= 1e6:
        fix = _renamed(choice, r"zone \d+$", f"CM {cm:g}E")
        return Problem(f"东坐标为不带带号的6位数，而 {choice.key} 的东坐标带有带号",
                       f"the eastings are 6-digit without a zone prefix while {choice.key} "
                       "expects zone-prefixed eastings", fix)
    return None


def problem_with(choice: Choice, xy: np.ndarray) -> Problem | None:
    """Why ``choice`` cannot be the CRS of coordinates ``xy``, or None when it fits."""
    kind, gk = kind_of(xy)
    swapped = gk is not None and gk.axes_swapped
    if choice.crs is None or choice.crs.is_geographic:
        if kind == "degrees":
            return None
        if kind == "degrees_swapped":
            return Problem("坐标像是纬度、经度顺序（x/y 对调）", "the coordinates look like latitude, "
                           "longitude order (x/y swapped)")
        return Problem(f"坐标不是经纬度（{label(choice)[0]} 需要经纬度）",
                       f"the coordinates are not degrees ({label(choice)[1]} needs degrees)")
    if kind.startswith("degrees"):
        return Problem(f"坐标是经纬度，而 {choice.key} 是投影坐标系（米）",
                       f"the coordinates are degrees, but {choice.key} is projected (metres)")
    if swapped:
        return Problem("x、y 似乎对调（x 像北坐标）", "x and y look swapped (x looks like a northing)")
    return _gk_problem(choice, kind, gk) if gk is not None else None


def _round_trip_check(src: gpd.GeoDataFrame, out: gpd.GeoDataFrame, choice: Choice) -> None:
    """Refuse coordinates outside the projection's domain: PROJ wraps them to finite but
    wrong places (e.g. a northing of 1e12 in EPSG:4548 lands at 31°N) - there and back must
    give the input again."""
    before = shapely.get_coordinates(np.asarray(src.geometry.values, dtype=object))[:_CHECKED]
    after = shapely.get_coordinates(np.asarray(out.geometry.values, dtype=object))[:_CHECKED]
    back = np.column_stack(Transformer.from_crs(4326, choice.crs, always_xy=True)
                           .transform(after[:, 0], after[:, 1]))
    atol = 1e-7 if choice.crs.is_geographic else 0.01
    if not np.allclose(back, before, rtol=1e-9, atol=atol):
        raise IngestError.with_kind(
            "crs_invalid",
            f"坐标超出 {choice.key} 的有效范围（换算到经纬度再换回来对不上），坐标系可能选错了",
            f"The coordinates are outside the valid range of {choice.key} (converting to "
            "longitude/latitude and back does not give them again): the CRS is probably wrong")


def convert(gdf: gpd.GeoDataFrame, choice: Choice) -> gpd.GeoDataFrame:
    """``gdf`` (raw coordinates, no CRS) read in ``choice`` -> a new frame in EPSG:4326.

    Raises GeoError subclasses (NonFiniteError, NotDegreesError, IngestError) for
    impossible results, including coordinates outside the projection's domain.
    """
    if choice.crs is None:
        return chinacrs.convert_frame(gdf.set_crs(4326, allow_override=True), choice.key, "wgs84")
    out = to_wgs84(gdf.set_crs(choice.crs, allow_override=True))
    _round_trip_check(gdf, out, choice)
    return out


def area_note(choice: Choice, bounds: list[float]) -> Pair | None:
    """A warning when WGS84 ``bounds`` lie wholly outside ``choice``'s area of use (±3°)."""
    area = choice.crs.area_of_use if choice.crs is not None else None
    if area is None:
        return None
    w, s, e, n = area.bounds
    x0, y0, x1, y1 = bounds
    if x1 < w - 3 or x0 > e + 3 or y1 < s - 3 or y0 > n + 3:
        return (f"数据位于 {choice.key} 的适用范围（{area.name}）之外，坐标系可能选错了",
                f"The data lies outside the area where {choice.key} is used ({area.name}): the "
                "CRS may be wrong")
    return None


def ask_error(cands: list[dict], why: Pair | None = None) -> IngestError:
    """The crs_missing error: why (or "no CRS declared") plus the candidates to choose from."""
    zh_list = "；".join(f"{c['crs']}{'（x/y 对调）' if c['swap_xy'] else ''}：{c['label_zh']}" for c in cands)
    en_list = "; ".join(f"{c['crs']}{' (x/y swapped)' if c['swap_xy'] else ''}: {c['label_en']}" for c in cands)
    zh, en = why or ("文件没有声明坐标系，不会自动假定", "The file declares no CRS, and none is assumed")
    if cands:
        return IngestError.with_kind("crs_missing", f"{zh}。请选择坐标系。根据坐标数值，可能是：{zh_list}",
                                     f"{en}. Please choose a CRS. From the coordinate values it may be: {en_list}")
    return IngestError.with_kind("crs_missing", f"{zh}。坐标数值不符合任何已知坐标系，请检查数据并选择坐标系",
                                 f"{en}. The coordinate values fit no known CRS; check the data and choose a CRS")

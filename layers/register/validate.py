"""The register's one validation: raw values (a form, a spreadsheet row, a caller) → clean
attributes and geometry, and every problem found, each with its field, its value and why, in
zh and en (:meth:`Problem.message`).

Geometry is EPSG:4326 (shapely); the district test is done in CGCS2000 GK CM 117°E
(EPSG:4548) against ``data/boundary.geojson``. A geometry outside the district is accepted only
with an ``override_reason``; ``None`` is an unlocated project.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

from geo.gk import ANALYSIS_CRS, WGS84
from layers import vocab
from layers.register.fields import BY_NAME, COLUMNS, YEAR_MAX, YEAR_MIN, Column
from layers.spec import DATA_DIR
from layers.text import t

GEOMETRY_TYPES = ("Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon")
#: lon/lat that can be Zhangqiu's at all (wider than China); anything else is not EPSG:4326
LON_RANGE, LAT_RANGE = (73.0, 136.0), (3.0, 54.0)
_SPLIT = (";", "；", "、", ",", "，")


@dataclass(frozen=True)
class Problem:
    """One reason a value is refused: ``field`` (a column name or "geometry"), the ``value`` as
    given, and the catalog key of ``why`` with its placeholders."""

    field: str
    value: object
    why: str
    params: dict = field(default_factory=dict)

    def label(self, lang: str) -> str:
        """The field's label in ``lang``."""
        col = BY_NAME.get(self.field)
        return col.label(lang) if col else t("rg.geometry", lang)

    def message(self, lang: str) -> str:
        """"<field>: <value> — <why>" in ``lang``."""
        value = "" if self.value is None else str(self.value)
        if len(value) > 60:
            value = value[:57] + "…"
        why = t(self.why, lang, **self.params)
        return t("rg.problem", lang, field=self.label(lang), value=value or t("rg.empty", lang), why=why)


@dataclass(frozen=True)
class Checked:
    """The result of :func:`check`: clean ``props`` (declared columns normalised, other keys
    kept), the geometry, and the problems (none: ``ok``)."""

    props: dict
    geom: BaseGeometry | None
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


@lru_cache(maxsize=1)
def towns() -> dict[str, str]:
    """Town seat names (data/towns.geojson): English name → Chinese name (and zh → zh)."""
    gdf = gpd.read_file(DATA_DIR / "towns.geojson")
    out = {str(z): str(z) for z in gdf["name_zh"]}
    out.update({str(e): str(z) for z, e in zip(gdf["name_zh"], gdf["name_en"], strict=True)})
    return out


def _canonical(col: Column, text: str) -> str | None:
    """The canonical value of a category: itself, or the one whose label (zh or en) it is."""
    choices = col.choices or tuple(dict.fromkeys(towns().values()))
    if text in choices:
        return text
    if col.name == "town" and text in towns():
        return towns()[text]
    folded = text.casefold()
    for c in choices:
        if folded in (vocab.label(c, "en").casefold(), vocab.label(c, "zh").casefold()):
            return c
    return None


def _category(col: Column, value: object, problems: list) -> str | None:
    text = str(value).strip()
    parts = [text]
    if col.kind == "multi":
        for sep in _SPLIT[1:]:
            text = text.replace(sep, ";")
        parts = [p.strip() for p in text.split(";") if p.strip()]
    out = []
    for part in parts:
        canon = _canonical(col, part)
        if canon is None:
            shown = col.choices or tuple(dict.fromkeys(towns().values()))
            problems.append(Problem(col.name, part, "rg.err.choice", {"n": len(shown)}))
            return None
        out.append(canon)
    return ";".join(dict.fromkeys(out))


def _number(col: Column, value: object, problems: list) -> float | int | None:
    try:
        num = float(str(value).replace(",", "").replace("，", "").strip())
    except ValueError:
        problems.append(Problem(col.name, value, "rg.err.number"))
        return None
    if not math.isfinite(num):
        problems.append(Problem(col.name, value, "rg.err.number"))
        return None
    if col.kind == "year":
        if num != int(num):
            problems.append(Problem(col.name, value, "rg.err.year_format"))
            return None
        if not YEAR_MIN <= num <= YEAR_MAX:
            problems.append(Problem(col.name, value, "rg.err.year_range", {"lo": YEAR_MIN, "hi": YEAR_MAX}))
            return None
        return int(num)
    if num < 0:
        problems.append(Problem(col.name, value, "rg.err.negative"))
        return None
    return num


def _value(col: Column, value: object, problems: list) -> object:
    if _blank(value):
        if col.required:
            problems.append(Problem(col.name, None, "rg.err.required"))
        return None
    if col.kind in ("category", "multi"):
        return _category(col, value, problems)
    if col.kind in ("year", "number"):
        return _number(col, value, problems)
    return str(value).strip()


def clean_props(raw: dict) -> tuple[dict, list[Problem]]:
    """The declared columns of ``raw`` normalised (text stripped, categories canonical, numbers
    as numbers, blanks as None), other keys kept as they are; and the problems found."""
    problems: list[Problem] = []
    props = dict(raw)
    for col in COLUMNS:
        props[col.name] = _value(col, raw.get(col.name), problems)
    total, annual = props.get("investment_yi"), props.get("annual_investment_yi")
    if total is not None and annual is not None and annual > total:
        problems.append(Problem("annual_investment_yi", annual, "rg.err.annual_gt_total", {"total": f"{total:g}"}))
    return props, problems


@lru_cache(maxsize=1)
def district_gk() -> BaseGeometry:
    """The district outline (data/boundary.geojson) in EPSG:4548, one (multi)polygon."""
    gdf = gpd.read_file(DATA_DIR / "boundary.geojson").to_crs(ANALYSIS_CRS)
    return shapely.union_all(gdf.geometry.to_numpy())


def to_gk(geom: BaseGeometry) -> BaseGeometry:
    """``geom`` (EPSG:4326) in EPSG:4548."""
    return gpd.GeoSeries([geom], crs=WGS84).to_crs(ANALYSIS_CRS).iloc[0]


def outside_m(geom: BaseGeometry) -> float:
    """How far (m, GK) the farthest vertex of ``geom`` (EPSG:4326) lies outside the district;
    0 when the district covers it."""
    gk = to_gk(geom)
    district = district_gk()
    if district.covers(gk):
        return 0.0
    points = shapely.points(shapely.get_coordinates(gk))
    return float(max(shapely.distance(district, points).max(), district.distance(gk)))


def check_geometry(geom: BaseGeometry | None, override_reason: str | None) -> list[Problem]:
    """Problems of a project's geometry (EPSG:4326): type, emptiness, validity, degrees, district."""
    if geom is None:
        return []
    kind = geom.geom_type
    if kind not in GEOMETRY_TYPES:
        return [Problem("geometry", kind, "rg.err.geom_type")]
    if geom.is_empty:
        return [Problem("geometry", kind, "rg.err.geom_empty")]
    xy = shapely.get_coordinates(geom)
    lon_ok = ((xy[:, 0] >= LON_RANGE[0]) & (xy[:, 0] <= LON_RANGE[1])).all()
    lat_ok = ((xy[:, 1] >= LAT_RANGE[0]) & (xy[:, 1] <= LAT_RANGE[1])).all()
    if not (lon_ok and lat_ok):
        return [Problem("geometry", f"{xy[0, 0]:g}, {xy[0, 1]:g}", "rg.err.geom_degrees")]
    if not geom.is_valid:
        return [Problem("geometry", kind, "rg.err.geom_invalid", {"why": shapely.is_valid_reason(geom)})]
    far = outside_m(geom)
    if far > 0 and _blank(override_reason):
        return [Problem("geometry", kind, "rg.err.outside", {"m": f"{far:,.0f}"})]
    return []


def check(raw: dict, geom: BaseGeometry | None) -> Checked:
    """Validate one project: every problem of its attributes and of its geometry (EPSG:4326 or
    None for an unlocated project). The one check of the form, the spreadsheet and the callers."""
    props, problems = clean_props(raw)
    problems += check_geometry(geom, props.get("override_reason"))
    return Checked(props=props, geom=geom, problems=tuple(problems))

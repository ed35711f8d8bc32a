"""Spatial filters, part of the filter model (:mod:`geo.filters`): near a reference, inside areas.

* :class:`NearFilter` — features within ``metres`` (straight line) of a reference layer's
  features: all of them (``index`` None: "within 2 km of the Line 8 stations") or one chosen
  feature (``index``: its row position).
* :class:`InsideFilter` — features intersecting one or more drawn polygons (their union).

Distances and intersections are computed in CGCS2000 GK CM 117°E (EPSG:4548, see
:mod:`geo.proximity`), never in Web Mercator.  A spatial filter needs the reference geometries:
:meth:`bind` resolves them from the frames of a :class:`SpatialContext` (and takes the
projection function, so a caller can cache the projected geometries per frame).  Like every
filter, each knows its mask, its zh/en wording, its URL form, its widget value and which
layers it applies to (never the district outline, role ``extent``; a whole reference layer is
not filtered by its own distance).  URL forms (see :mod:`geo.filter_params`):
``f.@near=near:<layer>:<idx|*>:<metres>``, ``f.@inside=inside:lon,lat;lon,lat;…|…``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any
from urllib.parse import unquote

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import filters_sql as sql
from geo import proximity as px
from geo._filter_coerce import PREFIX, bad, bound, q
from geo.drawn import check_ring
from geo.errors import pick

Project = Callable[[gpd.GeoDataFrame], np.ndarray]
MAX_METRES = 100_000.0
MAX_RINGS, MAX_VERTICES = 20, 500
EXTENT = "extent"  # the role of a layer no spatial filter applies to (the district outline)


@dataclass(frozen=True)
class SpatialContext:
    """What binding a spatial filter needs: the frames by layer id (any CRS with lon/lat or
    projected; reprojected by ``project``), the projection to EPSG:4548 (default
    :func:`geo.proximity.to_analysis`) and the (zh, en) names of whole layers as references."""

    frames: Mapping[str, gpd.GeoDataFrame]
    project: Project = px.to_analysis
    names: Mapping[str, tuple[str, str]] = field(default_factory=dict)


def _roles(layer: Any) -> tuple[str, ...]:
    return tuple(getattr(layer, "roles", ()))


def _targets(df: pd.DataFrame, project: Project | None) -> np.ndarray:
    if not isinstance(df, gpd.GeoDataFrame):
        raise bad("空间筛选需要带几何的数据", "A spatial filter needs data with geometries")
    return (project or px.to_analysis)(df)


def _km(metres: float) -> str:
    return f"{metres / 1000:g}"


def _feature_name(row: pd.Series, lang: str, idx: int) -> str:
    names = [row.get("name_zh"), row.get("name_en")] if lang == "zh" else [row.get("name_en"), row.get("name_zh")]
    return next((n for n in names if isinstance(n, str) and n.strip()), f"#{idx}")


@dataclass(frozen=True)
class NearFilter:
    """Features within ``metres`` (straight line, GK) of layer ``layer``'s features (``index``
    None) or of its feature at row ``index``.  Bind before :meth:`mask`."""

    layer: str
    index: int | None = None
    metres: float = 1000.0
    refs: np.ndarray | None = field(default=None, compare=False, repr=False)
    project: Project | None = field(default=None, compare=False, repr=False)
    ref_name: tuple[str, str] = field(default=("", ""), compare=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.layer, str) or not self.layer:
            raise bad("空间筛选须指定参照图层", "A distance filter needs a reference layer")
        if self.index is not None and (isinstance(self.index, bool) or not isinstance(self.index, int)
                                       or self.index < 0):
            raise bad(f"参照要素编号无效：{self.index!r}", f"Invalid reference feature: {self.index!r}")
        m = self.metres
        if isinstance(m, bool) or not isinstance(m, int | float) or not math.isfinite(m) \
                or not 0 < m <= MAX_METRES:
            raise bad(f"距离须在 0–{MAX_METRES:,.0f} 米之间：{m!r}",
                      f"The distance must be between 0 and {MAX_METRES:,.0f} m: {m!r}")
        object.__setattr__(self, "metres", float(m))

    @property
    def key(self) -> str:
        """The FilterSet key (one distance filter at a time)."""
        return "@near"

    def bind(self, ctx: SpatialContext) -> NearFilter:
        """A copy holding the reference geometries (EPSG:4548) and the reference's name."""
        frame = ctx.frames.get(self.layer)
        if frame is None:
            raise bad(f"参照图层“{self.layer}”不存在", f"The reference layer {self.layer!r} does not exist")
        geoms = ctx.project(frame)
        if self.index is None:
            zh, en = ctx.names.get(self.layer, (self.layer, self.layer))
            return replace(self, refs=geoms, project=ctx.project, ref_name=(zh, en))
        if self.index >= len(frame):
            raise bad(f"参照要素 #{self.index} 不在图层“{self.layer}”中",
                      f"Feature #{self.index} is not in layer {self.layer!r}")
        row = frame.iloc[self.index]
        zh, en = ctx.names.get(self.layer, (self.layer, self.layer))
        name = (f"{zh} · {_feature_name(row, 'zh', self.index)}", f"{en} · {_feature_name(row, 'en', self.index)}")
        return replace(self, refs=geoms[[self.index]], project=ctx.project, ref_name=name)

    def mask(self, df: pd.DataFrame) -> pd.Series:
        """Boolean mask: the rows whose geometry lies within ``metres`` of a reference."""
        if self.refs is None:
            raise bad("距离筛选尚未关联参照要素", "The distance filter is not bound to its reference")
        hit = px.within(_targets(df, self.project), self.refs, self.metres)
        return pd.Series(hit, index=df.index, dtype=bool)

    def condition(self) -> sql.Near:
        """The mask as a condition a database evaluates: the bound references as WKB (4548)."""
        if self.refs is None:
            raise bad("距离筛选尚未关联参照要素", "The distance filter is not bound to its reference")
        return sql.Near(tuple(shapely.to_wkb(g) for g in self.refs if g is not None), self.metres)

    def describe(self, lang: str, labels: object = None, value_labels: object = None) -> str:  # noqa: ARG002
        """E.g. zh "距8号线站点直线 ≤ 2 公里（按图上位置，不含区界与8号线站点本身）"."""
        zh, en = self.ref_name if self.ref_name[0] else (self.layer, self.layer)
        km = _km(self.metres)
        if self.index is not None:
            return pick(lang, f"距“{zh}”直线 ≤ {km} 公里（按图上位置，不含区界）",
                        f"within {km} km (straight line) of “{en}” (positions as drawn; not the outline)")
        return pick(lang, f"距{zh}直线 ≤ {km} 公里（按图上位置，不含区界与{zh}本身）",
                    f"within {km} km (straight line) of {en} (positions as drawn; not the outline "
                    "or the reference layer itself)")

    def param(self) -> tuple[str, str]:
        """URL form: ``f.@near=near:<layer>:<idx|*>:<metres>``."""
        idx = "*" if self.index is None else str(self.index)
        return PREFIX + "@near", f"near:{q(self.layer)}:{idx}:{bound(self.metres)}"

    def widget_values(self) -> dict[str, object]:
        """The spatial widgets' values (names below the filter prefix)."""
        out: dict[str, object] = {"sp.km": self.metres / 1000}
        if self.index is None:
            out["sp.kind"] = f"near:{self.layer}"
        else:
            out.update({"sp.kind": "feature", "sp.feature": f"{self.layer}|{self.index}"})
        return out

    def applies(self, layer: Any) -> bool:
        """Every layer but the district outline and (for a whole layer) the reference itself."""
        return EXTENT not in _roles(layer) and not (self.index is None and layer.id == self.layer)

    def applies_to(self, layer: Any, df: pd.DataFrame) -> bool:  # noqa: ARG002
        """Whether it filters ``layer`` whose features are ``df``: as :meth:`applies`."""
        return self.applies(layer)


@dataclass(frozen=True)
class InsideFilter:
    """Features intersecting any of ``rings`` (polygons drawn on the map: outer rings of
    (lon, lat) in EPSG:4326, each checked by :func:`geo.drawn.check_ring`)."""

    rings: tuple[tuple[tuple[float, float], ...], ...]
    project: Project | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        rings = tuple(self.rings or ())
        if not rings or len(rings) > MAX_RINGS:
            raise bad(f"范围须为 1–{MAX_RINGS} 个多边形", f"An area needs 1 to {MAX_RINGS} polygons")
        if any(len(r) > MAX_VERTICES for r in rings):
            raise bad(f"每个多边形最多 {MAX_VERTICES} 个顶点", f"At most {MAX_VERTICES} vertices per polygon")
        object.__setattr__(self, "rings", tuple(check_ring(r) for r in rings))

    @property
    def key(self) -> str:
        """The FilterSet key (one area filter at a time; it may hold several polygons)."""
        return "@inside"

    @cached_property
    def area(self) -> shapely.Geometry:
        """The union of the polygons, in EPSG:4548."""
        polys = gpd.GeoSeries([shapely.Polygon(r) for r in self.rings], crs="EPSG:4326")
        return shapely.union_all(px.to_analysis(polys))

    def bind(self, ctx: SpatialContext) -> InsideFilter:
        """A copy that projects the frames with the context's (cached) projection."""
        return replace(self, project=ctx.project)

    def mask(self, df: pd.DataFrame) -> pd.Series:
        """Boolean mask: the rows whose geometry intersects the area."""
        return pd.Series(px.inside(_targets(df, self.project), self.area), index=df.index, dtype=bool)

    def condition(self) -> sql.Inside:
        """The mask as a condition a database evaluates: the area as WKB (EPSG:4548)."""
        return sql.Inside(shapely.to_wkb(self.area))

    def describe(self, lang: str, labels: object = None, value_labels: object = None) -> str:  # noqa: ARG002
        """zh "位于地图上绘制的范围内（与之相交）"; several polygons are counted."""
        n = len(self.rings)
        if n == 1:
            return pick(lang, "位于地图上绘制的范围内（与之相交）",
                        "inside the area drawn on the map (intersecting it)")
        return pick(lang, f"位于地图上绘制的 {n} 个范围内（与其一相交）",
                    f"inside the {n} areas drawn on the map (intersecting any)")

    def param(self) -> tuple[str, str]:
        """URL form: ``f.@inside=inside:lon,lat;lon,lat;…|…`` (polygons separated by ``|``)."""
        text = "|".join(";".join(f"{bound(x)},{bound(y)}" for x, y in ring) for ring in self.rings)
        return PREFIX + "@inside", "inside:" + text

    def widget_values(self) -> dict[str, object]:
        """The spatial widgets' values: kind "inside" and the polygons kept from a link."""
        return {"sp.kind": "inside", "sp.area": self.rings}

    def applies(self, layer: Any) -> bool:
        """Every layer but the district outline."""
        return EXTENT not in _roles(layer)

    def applies_to(self, layer: Any, df: pd.DataFrame) -> bool:  # noqa: ARG002
        """Whether it filters ``layer`` whose features are ``df``: as :meth:`applies`."""
        return self.applies(layer)


def decode(tag: str, body: str) -> NearFilter | InsideFilter:
    """A spatial filter from its URL value ``<tag>:<body>``; InvalidFilterError if malformed."""
    if tag == "near":
        parts = body.split(":")
        if len(parts) != 3:
            raise bad(f"距离筛选“{body}”格式应为 图层:编号或*:米", f"Distance filter {body!r} must be layer:idx|*:metres")
        layer, idx, metres = parts
        try:
            index = None if idx == "*" else int(idx)
            m = float(metres)
        except ValueError:
            raise bad(f"距离筛选“{body}”的编号或距离无效", f"Distance filter {body!r}: bad index or metres") from None
        return NearFilter(unquote(layer), index, m)
    rings = []
    for ring in body.split("|"):
        try:
            rings.append(tuple((float(a), float(b)) for a, b in (p.split(",") for p in ring.split(";"))))
        except ValueError:
            raise bad("范围的顶点须为 经度,纬度;经度,纬度…", "Area vertices must be lon,lat;lon,lat;…") from None
    return InsideFilter(tuple(rings))

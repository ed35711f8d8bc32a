"""GDAL-read formats (Shapefile, GeoJSON, GeoPackage, KML, FlatGeobuf) -> raw frame + declared CRS.

Runs in the sandboxed child only. Frames come back with a 1-based row index and NO CRS set: the
declared CRS is returned separately (``Declared``) for ``_ingest_crs`` to check against the
coordinates. Shapefiles are read as ISO-8859-1 (byte-exact) and re-decoded here (.cpg, DBF
language byte, or detection); the .prj is parsed with pyproj. GeoJSON that is not UTF-8 is
transcoded into a new server-made file first; its legacy ``crs`` member is honoured, and its
absence means WGS84 by RFC 7946 (an *implicit* declaration). A property named ``geometry``,
which pyogrio would overwrite with the geometry, is read separately and kept.
"""

from __future__ import annotations

import re
import struct
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError

from geo import _ingest_encoding as enc
from geo._ingest_columns import unique_names
from geo.errors import IngestError
from geo.io import read_vector

Pair = tuple[str, str]
_MAX_GDAL_WARNINGS = 5
_CRS_MEMBER = re.compile(rb'"crs"\s*:\s*\{[^{}]*"properties"\s*:\s*\{[^{}]*"name"\s*:\s*"([^"]{1,120})"')
_EPSG_IN_NAME = re.compile(r"EPSG:{1,2}(?:[\d.]*:)?(\d{4,6})$", re.IGNORECASE)


@dataclass
class Declared:
    """A CRS the file states (``implicit``: only by its format's default, e.g. RFC 7946)."""

    crs: CRS
    source: Pair
    implicit: bool = False


@dataclass
class Raw:
    """What a reader returns: the frame (no CRS), the declared CRS, notes for the report."""

    frame: gpd.GeoDataFrame
    declared: Declared | None
    warnings: list[Pair]
    decision: enc.Decision | None = None
    layer: str | None = None
    layers: list[str] = field(default_factory=list)  # every layer of the file (GeoPackage)


_GDAL_ERRORS = (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError,
                pyogrio.errors.FieldError, pyogrio.errors.GeometryError,
                pyogrio.errors.FeatureError, pyogrio.errors.CRSError,
                shapely.errors.ShapelyError)  # e.g. a damaged ring: "not a closed linestring"


def _gdal(func, *args, **kwargs):
    """Call a pyogrio function; its errors become an IngestError with GDAL's words."""
    try:
        return func(*args, **kwargs)
    except _GDAL_ERRORS as exc:
        text = str(exc).replace(str(Path(args[0]).parent) + "/", "") if args else str(exc)
        text = text.split("; It might help")[0][:300]  # GDAL's hint is about driver prefixes
        if "not recognized as being in a supported file format" in text:
            raise IngestError("文件内容不是可识别的地理数据格式（可能已损坏或扩展名有误）",
                              "The file's content is not a recognised geodata format (damaged "
                              "or misnamed?)") from exc
        raise IngestError(f"GDAL 无法读取该文件：{text}", f"GDAL could not read the file: {text}") from exc


def _gdal_read(path: Path, **kwargs) -> tuple[gpd.GeoDataFrame, list[Pair]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gdf = _gdal(read_vector, path, **kwargs)
    notes = [(f"GDAL 提示：{str(w.message)[:200]}", f"GDAL says: {str(w.message)[:200]}")
             for w in caught[:_MAX_GDAL_WARNINGS] if "crs" not in str(w.message).lower()]
    return gdf, notes


def _read_layer(path: Path, layer: str | None = None, encoding: str | None = None):
    """Read one layer; keep a field named like the geometry column (pyogrio overwrites it)."""
    kwargs = {"layer": layer} if layer is not None else {}
    if encoding:
        kwargs["encoding"] = encoding
    fields = [str(f) for f in _gdal(pyogrio.read_info, path, **kwargs)["fields"]]
    gdf, notes = _gdal_read(path, **kwargs)
    if any(f.casefold() == "geometry" for f in fields):
        attrs, _ = _gdal_read(path, read_geometry=False, **kwargs)
        attrs.columns, renamed = unique_names(list(attrs.columns))
        gdf = gpd.GeoDataFrame(attrs, geometry=gdf.geometry.values)
        gdf.attrs["renamed"] = renamed
    gdf.index = pd.RangeIndex(1, len(gdf) + 1)
    return gdf.set_crs(None, allow_override=True), notes


def _frame_crs(path: Path, layer: str | None = None) -> CRS | None:
    info = _gdal(pyogrio.read_info, path, layer=layer) if layer else _gdal(pyogrio.read_info, path)
    return CRS.from_user_input(info["crs"]) if info.get("crs") else None


# -- Shapefile ----------------------------------------------------------------------------


def _latin1_bytes(value: object) -> bytes | None:
    return value.encode("latin-1") if isinstance(value, str) else None


def _text_columns(gdf: gpd.GeoDataFrame) -> list:
    geom = gdf.geometry.name
    return [c for c in gdf.columns if c != geom and pd.api.types.is_string_dtype(gdf[c].dtype)]


def _redecode(gdf: gpd.GeoDataFrame, decision: enc.Decision) -> tuple[gpd.GeoDataFrame, list[Pair]]:
    """Re-decode ISO-8859-1 strings and field names with the chosen encoding."""
    out, notes = gdf.copy(), []
    for col in _text_columns(gdf):
        out[col] = [enc.decode(b, decision.encoding) if (b := _latin1_bytes(v)) is not None
                    else None for v in gdf[col]]
    names = []
    for col in gdf.columns:
        if col == gdf.geometry.name:
            names.append(col)
            continue
        name, trimmed = enc.decode_name(col.encode("latin-1"), decision.encoding)
        if trimmed:
            notes.append((f"字段名“{name}”的最后一个字被 DBF 的 10 字节上限截断，已去掉残缺的字节",
                          f"Field name {name!r} was cut mid-character by the DBF 10-byte limit; "
                          "the broken trailing byte was dropped"))
        names.append(name)
    out.columns = names
    return out.set_geometry(gdf.geometry.name), notes


def _field_names(gdf: gpd.GeoDataFrame) -> list[bytes]:
    return [str(c).encode("latin-1") for c in gdf.columns if c != gdf.geometry.name]


def _dbf_blob(gdf: gpd.GeoDataFrame) -> bytes:
    parts = []
    for col in _text_columns(gdf):
        parts.extend(b for v in gdf[col] if (b := _latin1_bytes(v)) is not None)
    return b"\n".join(parts)


def _truncation_note(shp: Path) -> list[Pair]:
    with open(shp, "rb") as fh:
        head = fh.read(28)
    if len(head) < 28:
        return []
    declared = struct.unpack(">i", head[24:28])[0] * 2
    actual = shp.stat().st_size
    if actual >= declared:
        return []
    return [(f".shp 文件不完整：文件头声明 {declared} 字节，实际只有 {actual} 字节（可能传输中断），部分要素缺少几何",
             f"The .shp is truncated: its header declares {declared} bytes but it has {actual} "
             "(an interrupted copy?); some features have no geometry")]


def _prj(shp: Path) -> tuple[Declared | None, list[Pair]]:
    prj = shp.with_suffix(".prj")
    if not prj.is_file():
        return None, []
    text = prj.read_bytes()[:20000].decode("utf-8", errors="replace").strip()
    try:
        return Declared(CRS.from_wkt(text), (".prj 文件", "the .prj file")), []
    except CRSError:
        return None, [("无法识别 .prj 文件中的坐标系，需要选择坐标系",
                       "The CRS in the .prj file could not be understood; a CRS must be chosen")]


def _sidecar_notes(shp: Path) -> list[Pair]:
    """Missing .dbf (no attributes) or .shx (rebuilt by GDAL in our temp copy) are said."""
    notes = []
    if not shp.with_suffix(".dbf").is_file():
        notes.append(("缺少 .dbf 文件：没有属性，只读取了几何", "The .dbf file is missing: no attributes, geometry only"))
    if not shp.with_suffix(".shx").is_file():
        pyogrio.set_gdal_config_options({"SHAPE_RESTORE_SHX": "YES"})
        notes.append(("缺少 .shx 索引文件，已在临时副本中重建", "The .shx index was missing and was rebuilt (in a temporary copy)"))
    return notes


def read_shapefile(shp: Path, override: str | None) -> Raw:
    """Read a shapefile (with sidecars beside it) as raw frame + .prj CRS + encoding decision."""
    notes = _sidecar_notes(shp)
    gdf, read_notes = _read_layer(shp, encoding="ISO-8859-1")
    notes += read_notes
    cpg, ldid = enc.read_cpg(shp.with_suffix(".cpg")), enc.dbf_ldid(shp.with_suffix(".dbf"))
    by = (".cpg 文件", "the .cpg file") if cpg else ("DBF 语言驱动字节", "the DBF language-driver byte")
    decision = enc.choose(_dbf_blob(gdf), what="DBF", override=override, declared=cpg or ldid,
                          declared_by=by, names=_field_names(gdf))
    gdf, name_notes = _redecode(gdf, decision)
    declared, prj_notes = _prj(shp)
    return Raw(gdf, declared, notes + name_notes + prj_notes + _truncation_note(shp), decision)


# -- GeoJSON -----------------------------------------------------------------------------


def _geojson_crs(body: bytes, gdal_crs: CRS | None) -> tuple[Declared | None, list[Pair]]:
    m = _CRS_MEMBER.search(body[:1_000_000])
    if not m:
        return Declared(CRS.from_epsg(4326), ("GeoJSON 标准（RFC 7946）", "the GeoJSON standard (RFC 7946)"),
                        implicit=True), []
    name = m.group(1).decode("ascii", errors="replace")
    src = ("GeoJSON 的 crs 成员", "the GeoJSON crs member")
    if name.upper().endswith("CRS84"):
        return Declared(CRS.from_epsg(4326), src), []
    code = _EPSG_IN_NAME.search(name)
    if code:
        try:
            return Declared(CRS.from_epsg(int(code.group(1))), src), []
        except CRSError:
            pass
    if gdal_crs is not None:
        return Declared(gdal_crs, src), []
    return None, [(f"无法识别 GeoJSON crs 成员“{name[:60]}”", f"The GeoJSON crs member {name[:60]!r} is not understood")]


def read_geojson(path: Path, override: str | None, workdir: Path) -> Raw:
    """Read GeoJSON; non-UTF-8 text (GBK) is detected and transcoded to a new file first."""
    body = path.read_bytes()
    body = body[3:] if body.startswith(b"\xef\xbb\xbf") else body
    decision = enc.choose(body, what="GeoJSON", override=override,
                          declared="utf-8", declared_by=("GeoJSON 标准（RFC 8259）", "the JSON standard (RFC 8259)"))
    if decision.encoding != "utf-8":
        path = workdir / "transcoded.geojson"
        path.write_bytes(enc.decode(body, decision.encoding).encode("utf-8"))
    gdf, notes = _read_layer(path)
    declared, crs_notes = _geojson_crs(body, _frame_crs(path))
    return Raw(gdf, declared, notes + crs_notes, decision)


# -- GeoPackage, FlatGeobuf, KML ---------------------------------------------------------


def _layers(path: Path) -> list[tuple[str, str | None]]:
    return [(str(name), gtype) for name, gtype in _gdal(pyogrio.list_layers, path)]


def layer_names(path: Path) -> list[str]:
    """The names of the file's layers, in the file's order."""
    return [name for name, _ in _layers(path)]


def no_such_layer(layer: str, names: list[str]) -> IngestError:
    """The asked layer is not in the file: say which ones are."""
    shown = ", ".join(names)[:300]
    return IngestError.with_kind("layer", f"文件中没有名为“{layer}”的图层；文件中的图层：{shown}",
                                 f"The file has no layer named {layer!r}; its layers: {shown}")


def read_gpkg_or_fgb(path: Path, fmt: str, layer: str | None = None) -> Raw:
    """Read ``layer`` (default: the first layer with geometry); other layers are named in a warning."""
    layers = _layers(path)
    names = [name for name, _ in layers]
    spatial = [name for name, gtype in layers if gtype] or names
    if not spatial:
        raise IngestError.with_kind("empty", "文件中没有图层", "The file has no layers")
    if layer is not None and layer not in names:
        raise no_such_layer(layer, names)
    chosen = layer if layer is not None else spatial[0]
    gdf, notes = _read_layer(path, layer=chosen)
    if len(layers) > 1 and layer is None:
        others = ", ".join(name for name in names if name != chosen)[:300]
        notes.append((f"文件有 {len(layers)} 个图层，只读取了“{chosen}”；其他：{others}（可用 --layer 或导入界面选择）",
                      f"The file has {len(layers)} layers; only {chosen!r} was read; others: {others} "
                      "(choose another with --layer or in the import form)"))
    crs = _frame_crs(path, chosen)
    declared = Declared(crs, (f"{fmt} 文件", f"the {fmt} file")) if crs is not None else None
    return Raw(gdf, declared, notes, enc.Decision("utf-8", (f"{fmt} 规定使用 UTF-8", f"{fmt} is UTF-8 by definition")),
               chosen, names)


def read_kml(path: Path) -> Raw:
    """Read every KML folder (layer) into one frame; a ``folder`` column tells them apart."""
    frames, notes = [], []
    layers = _layers(path)
    for name, _ in layers:
        gdf, layer_notes = _read_layer(path, layer=name)
        notes.extend(layer_notes)
        if len(layers) > 1:
            gdf.insert(0, "folder", name)
        frames.append(gdf)
    if not frames:
        raise IngestError.with_kind("empty", "KML 文件中没有要素", "The KML file has no features")
    gdf = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry")
    gdf.index = pd.RangeIndex(1, len(gdf) + 1)
    declared = Declared(CRS.from_epsg(4326), ("KML 标准（总是 WGS84）", "the KML standard (always WGS84)"), implicit=True)
    return Raw(gdf, declared, notes, enc.Decision("utf-8", ("KML 为 XML，编码由其声明", "KML is XML and declares its own encoding")))
